package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// teams_chat_app_installation: the model is in chat_app_installation_model.go, ModifyPlan in
// chat_app_installation_plan_modifiers.go; what the chat's children share in chat_child_base.go.

var (
	_ resource.Resource                = &ChatAppInstallationResource{}
	_ resource.ResourceWithConfigure   = &ChatAppInstallationResource{}
	_ resource.ResourceWithImportState = &ChatAppInstallationResource{}
	_ resource.ResourceWithModifyPlan  = &ChatAppInstallationResource{}
)

// NewChatAppInstallationResource returns the teams_chat_app_installation resource.
func NewChatAppInstallationResource() resource.Resource {
	return &ChatAppInstallationResource{chatChild{ids: installationImport}}
}

// ChatAppInstallationResource is teams_chat_app_installation: an app installed in a chat.
type ChatAppInstallationResource struct {
	chatChild
}

// Metadata sets the type name.
func (r *ChatAppInstallationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_chat_app_installation"
}

// Schema describes teams_chat_app_installation.
func (r *ChatAppInstallationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An app of the tenant's Teams app catalog installed in a chat (`POST /chats/{id}/installedApps`). " +
			"Installing an app that is already installed adopts that installation. Built-in tab apps, such as the Website tab " +
			"(`" + rules.WebsiteTabAppID + "`), need no installation.\n\n" +
			"Installing and upgrading take the catalog's newest published version (versions submitted for review or rejected do not " +
			"count). When that version declares resource-specific permissions (such as `ChatMessage.Read.Chat`), the provider consents " +
			"to exactly those, read from the catalog, as Graph requires: Graph refuses any other set, so there is nothing to choose " +
			"or narrow in configuration; an upgrade to a version that asks for more consents to the new set. Look the permissions up " +
			"before you install an app you do not know (`GET /appCatalogs/teamsApps?$filter=id eq '<id>'&$expand=appDefinitions`).\n\n" +
			"Needs the application permissions `AppCatalog.Read.All` (to read the version to install) and " +
			"`TeamsAppInstallation.ReadWriteForChat.All`; for apps that ask for resource-specific consent " +
			"`TeamsAppInstallation.ReadWriteAndConsentForChat.All` (signed in: `TeamsAppInstallation.ReadWriteAndConsentForChat`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<chat_id>/<installation_id>`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"chat_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The chat's id. Changing it replaces the installation.",
				Validators:          []validator.String{newChatIDValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"teams_app_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The app's id in the tenant's app catalog (the `id` of the `teams_app` data source; for store apps the " +
					"manifest id, for the organisation's own apps an id Graph generated). Built-in tab apps (`" + rules.BuiltInTabAppPrefix + "…`) are refused at plan: " +
					"they need no installation. Changing it replaces the installation.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1), newInstallableAppValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"upgrade": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Keep the app at the catalog's newest published version: when one is newer than the version " +
					"installed, the plan shows `app_version` changing in place and apply upgrades the installation " +
					"(`POST …/upgrade`), consenting to that version's resource-specific permissions. A version submitted for review or " +
					"rejected plans no upgrade until it is published. Each plan then reads the catalog once for this app.",
			},
			"installation_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The installation's id (not the app's).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"app_display_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The app's name.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"app_version": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The installed version of the app.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// consentMismatchHint explains Graph's 400 ResourceSpecificPermissionsMismatch (a code field
// reports show; Graph's pages do not document it).
const consentMismatchHint = " The app asks for resource-specific consent: the provider consented to exactly the permissions its newest " +
	"published version declares in the catalog. Graph may answer this when the credentials lack the permission consent needs, " +
	"TeamsAppInstallation.ReadWriteAndConsentForChat.All (signed in: TeamsAppInstallation.ReadWriteAndConsentForChat); if they hold it, " +
	"the catalog changed meanwhile: apply again."

// Create installs the app (adopting an installation already there), upgrading it when asked.
func (r *ChatAppInstallationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer installationImport.identity().sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	crud(ctx, &r.resourceBase, opCreate, &resp.Diagnostics, req.Plan, func(ctx context.Context, client *graph.Client, plan *chatAppInstallationModel, planned chatAppInstallationData) {
		chatID, appID := plan.ChatID.ValueString(), plan.TeamsAppID.ValueString()
		inst, adopted, err := client.InstallApp(ctx, chatID, appID)
		if err != nil {
			detail := fmt.Sprintf("Installing app %s in chat %s failed: %s", appID, chatID, sentence(err.Error()))
			if strings.HasPrefix(appID, rules.BuiltInTabAppPrefix) {
				detail += " Built-in tab apps such as " + rules.WebsiteTabAppID + " need no installation: add their teams_chat_tab directly."
			} else if graph.IsConsentMismatch(err) {
				detail += consentMismatchHint
			} else if graph.IsNotFound(err) {
				detail += " Check that the chat exists and that teams_app_id is the app's id in the tenant's app catalog (the teams_app data source finds it by external id or name)."
			}
			resp.Diagnostics.AddError("Unable To Install App In Chat", detail)
			return
		}
		if adopted {
			resp.Diagnostics.AddWarning("App Already Installed",
				fmt.Sprintf("App %s (%s) was already installed in chat %s; that installation is now managed by this resource, and destroying it removes the app from the chat.", inst.AppDisplayName, appID, chatID))
		}
		have := chatAppInstallationDataFromGraph(planned, inst)
		plan.flatten(have)
		if plan.Upgrade.ValueBool() {
			if latest, err := r.latestVersion(ctx, appID); err == nil && latest != "" && graph.CompareVersions(latest, inst.Version) > 0 {
				if _, err := client.UpgradeInstallation(ctx, chatID, inst.ID, appID); err == nil {
					if got, err := client.GetInstallation(ctx, chatID, inst.ID); err == nil {
						plan.flatten(chatAppInstallationDataFromGraph(have, got))
					}
				} else {
					resp.Diagnostics.AddWarning("App Not Upgraded", fmt.Sprintf("App %s is installed at version %s; upgrading it to %s failed: %s The next plan shows the upgrade again.", appID, inst.Version, latest, sentence(err.Error())))
				}
			}
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	})
}

// Read refreshes the installation; an app removed from the chat (or a deleted chat) leaves state.
func (r *ChatAppInstallationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer installationImport.identity().sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	crud(ctx, &r.resourceBase, opRead, &resp.Diagnostics, req.State, func(ctx context.Context, client *graph.Client, state *chatAppInstallationModel, prior chatAppInstallationData) {
		chatID := state.ChatID.ValueString()
		inst, err := client.GetInstallation(ctx, chatID, state.InstallationID.ValueString())
		if goneFromGraph(ctx, client, chatID, "", err, resp, "App Installation Not Found",
			fmt.Sprintf("App %s is no longer installed in chat %s (removed, or the chat deleted, outside Terraform), so it is removed from state; the next apply installs it again.", state.TeamsAppID.ValueString(), chatID)) {
			return
		}
		if err != nil {
			resp.Diagnostics.AddError("Unable To Read App Installation", fmt.Sprintf("Reading the installation of app %s in chat %s failed: %s", state.TeamsAppID.ValueString(), chatID, sentence(err.Error())))
			return
		}
		state.flatten(chatAppInstallationDataFromGraph(prior, inst))
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	})
}

// Update upgrades the installation when the plan asks for a newer version; `upgrade` itself is
// only recorded.
func (r *ChatAppInstallationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer installationImport.identity().sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var state chatAppInstallationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	crud(ctx, &r.resourceBase, opUpdate, &resp.Diagnostics, req.Plan, func(ctx context.Context, client *graph.Client, plan *chatAppInstallationModel, planned chatAppInstallationData) {
		chatID, instID := state.ChatID.ValueString(), state.InstallationID.ValueString()
		if !plan.AppVersion.Equal(state.AppVersion) {
			if _, err := client.UpgradeInstallation(ctx, chatID, instID, state.TeamsAppID.ValueString()); err != nil {
				detail := fmt.Sprintf("Upgrading app %s in chat %s failed: %s", state.TeamsAppID.ValueString(), chatID, sentence(err.Error()))
				if graph.IsConsentMismatch(err) {
					detail += consentMismatchHint
				}
				resp.Diagnostics.AddError("Unable To Upgrade App", detail)
				return
			}
		}
		inst, err := client.GetInstallation(ctx, chatID, instID)
		if err != nil {
			resp.Diagnostics.AddError("Unable To Read App Installation", fmt.Sprintf("Reading the installation of app %s in chat %s failed: %s", state.TeamsAppID.ValueString(), chatID, sentence(err.Error())))
			return
		}
		plan.flatten(chatAppInstallationDataFromGraph(planned, inst))
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	})
}

// Delete removes the app from the chat (its tabs go with it); already gone is success.
func (r *ChatAppInstallationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	crud(ctx, &r.resourceBase, opDelete, &resp.Diagnostics, req.State, func(ctx context.Context, client *graph.Client, state *chatAppInstallationModel, prior chatAppInstallationData) {
		chatID := state.ChatID.ValueString()
		err := client.UninstallApp(ctx, chatID, state.InstallationID.ValueString())
		if err != nil && !client.IsChatGone(ctx, chatID, "", err) {
			resp.Diagnostics.AddError("Unable To Remove App From Chat", fmt.Sprintf("Removing app %s from chat %s failed: %s", state.TeamsAppID.ValueString(), chatID, sentence(err.Error())))
		}
	})
}

// installationImport is teams_chat_app_installation's id: `<chat_id>/<installation_id>`.
var installationImport = childImport{
	resource:   "teams_chat_app_installation",
	child:      "installation id",
	importAttr: "installation_id",
	childAttr:  "installation_id",
	howTo: "An installation id is the id of the app's installation in that chat, not the app's catalog id: " +
		"GET /chats/{chat_id}/installedApps?$expand=teamsApp lists them (each entry's id, with its teamsApp's name).",
	list: func(ctx context.Context, client *graph.Client, chatID string) ([]string, error) {
		all, err := client.ListInstallations(ctx, chatID)
		var out []string
		for _, in := range all {
			out = append(out, fmt.Sprintf("%s (app %s): %s/%s", in.AppDisplayName, in.AppID, chatID, in.ID))
		}
		return out, err
	},
}

// ImportState imports `<chat_id>/<installation_id>`; Read fills in the rest. An app id given
// instead, or an installation the chat does not have, is an error that lists the chat's
// installations (one read, no write).
func (r *ChatAppInstallationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importChild(ctx, req, resp, func(ctx context.Context, client *graph.Client, id, chatID, instID string) string {
		if looksLikeAppID(instID) {
			return fmt.Sprintf("%q ends in %q, which is an app's id, not an installation id.", id, instID)
		}
		if client != nil {
			if _, err := client.GetInstallation(ctx, chatID, instID); graph.IsNotFound(err) {
				return fmt.Sprintf("Chat %s has no installation %q.", chatID, instID)
			}
		}
		return ""
	})
}
