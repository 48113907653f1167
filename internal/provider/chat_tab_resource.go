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

// teams_chat_tab: the model is in chat_tab_model.go, ValidateConfig in chat_tab_validators.go;
// what the chat's children share in chat_child_base.go.

var (
	_ resource.Resource                   = &ChatTabResource{}
	_ resource.ResourceWithConfigure      = &ChatTabResource{}
	_ resource.ResourceWithImportState    = &ChatTabResource{}
	_ resource.ResourceWithValidateConfig = &ChatTabResource{}
)

// NewChatTabResource returns the teams_chat_tab resource.
func NewChatTabResource() resource.Resource {
	return &ChatTabResource{chatChild{ids: tabImport}}
}

// ChatTabResource is teams_chat_tab: a tab pinned to a chat.
type ChatTabResource struct {
	chatChild
}

// Metadata sets the type name.
func (r *ChatTabResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_chat_tab"
}

// Schema describes teams_chat_tab.
func (r *ChatTabResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	url := []validator.String{newHTTPSURLValidator()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A tab pinned to a chat (`POST /chats/{id}/tabs`): a configurable tab of an app installed in the chat " +
			"(`teams_chat_app_installation`), or a built-in tab such as the Website tab (`" + rules.WebsiteTabAppID + "`, " +
			"with `content_url` and `website_url` the site's address), which needs no installation. Apps whose manifest declares a " +
			"static tab for chats cannot be pinned this way: Teams takes that tab's name and configuration from the manifest. " +
			"Needs the application permission `TeamsTab.ReadWrite.All` (`TeamsTab.ReadWriteForChat.All` pins and reads tabs but cannot change or unpin them; pinning alone: `TeamsTab.Create`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<chat_id>/<tab_id>`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"chat_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The chat's id. Changing it (also when the chat is replaced) replaces the tab.",
				Validators:          []validator.String{newChatIDValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"teams_app_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The app's id in the tenant's app catalog, or a built-in tab app's id. Changing it replaces the tab.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"display_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The tab's name (not blank). Changed in place.",
				Validators:          []validator.String{newDisplayNameValidator()},
			},
			"configuration": schema.SingleNestedAttribute{
				Required:            true,
				MarkdownDescription: "What the tab shows (a `teamsTabConfiguration`). Changed in place.",
				Attributes: map[string]schema.Attribute{
					"entity_id":   schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}, MarkdownDescription: "The app's id for what the tab shows. Not set for the Website tab."},
					"content_url": schema.StringAttribute{Required: true, Validators: url, MarkdownDescription: "The absolute `https` URL Teams renders in the tab."},
					"website_url": schema.StringAttribute{Optional: true, Validators: url, MarkdownDescription: "The absolute `https` URL that opens the content outside Teams."},
					"remove_url":  schema.StringAttribute{Optional: true, Validators: url, MarkdownDescription: "The absolute `https` URL Teams calls when the tab is removed in Teams. Not set for the Website tab."},
				},
			},
			"tab_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The tab's id.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"web_url": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "A link that opens the tab in Teams.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// Create pins the tab with one POST (never resent blindly: Graph would pin a second tab). When
// Graph refuses it, the app's installation is checked so that the error says what to do.
func (r *ChatTabResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer tabImport.identity().sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	crud(ctx, &r.resourceBase, opCreate, &resp.Diagnostics, req.Plan, func(ctx context.Context, client *graph.Client, plan *chatTabModel, planned chatTabData) {
		chatID, appID := planned.ChatID, planned.AppID
		tab, rec, err := client.CreateTab(ctx, chatID, planned.spec())
		if err != nil {
			resp.Diagnostics.AddError("Unable To Add Tab To Chat", r.createErrorDetail(ctx, client, chatID, appID, err))
			return
		}
		if rec.Resent {
			resp.Diagnostics.AddWarning("Tab Added After Resending",
				fmt.Sprintf("Adding the tab failed without a clear answer from Microsoft Graph, and no such tab appeared in chat %s within %s (Graph's lists are eventually consistent), so the request was sent again. If the first request pinned the tab after all, chat %s shows a second tab named %q that Terraform does not manage: remove it in Teams.",
					chatID, graph.ListConsistencyWindow, chatID, plan.DisplayName.ValueString()))
		}
		if rec.Adopted {
			resp.Diagnostics.AddWarning("Tab Found After An Unclear Failure",
				fmt.Sprintf("Adding the tab failed without a clear answer from Microsoft Graph, and tab %s of app %s with the same name and content URL was found in chat %s. It is now managed by this resource; no second tab was added.", tab.ID, appID, chatID))
		}
		plan.flatten(chatTabDataFromGraph(planned, tab))
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	})
}

// createErrorDetail explains a refused tab: the app not installed (naming the resource that
// installs it), a static tab, or Graph's own words.
func (r *ChatTabResource) createErrorDetail(ctx context.Context, client *graph.Client, chatID, appID string, err error) string {
	msg := fmt.Sprintf("Adding a tab of app %s to chat %s failed: %s", appID, chatID, sentence(err.Error()))
	if graph.IsUncertain(err) || graph.IsForbidden(err) || strings.HasPrefix(appID, rules.BuiltInTabAppPrefix) {
		return msg
	}
	_, ierr := client.FindInstallation(ctx, chatID, appID)
	switch {
	case graph.IsNotInstalled(ierr):
		return fmt.Sprintf("App %s is not installed in chat %s, and a chat's tabs need their app installed in the chat first. "+
			"Add a teams_chat_app_installation for it (chat_id = the chat, teams_app_id = %q) and make this tab depend on it, "+
			"for example with teams_app_id = teams_chat_app_installation.<name>.teams_app_id. Graph answered: %s", appID, chatID, appID, sentence(err.Error()))
	case ierr == nil:
		return msg + " The app is installed in the chat. If its manifest declares a static tab for chats, Teams takes that tab's " +
			"name and configuration from the manifest and refuses a tab that sets them: such a tab comes with the app's installation " +
			"(teams_chat_app_installation) and is not managed with teams_chat_tab."
	}
	return msg
}

// Read refreshes the tab; a tab removed in Teams (or its app, or its chat) leaves state.
func (r *ChatTabResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer tabImport.identity().sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	crud(ctx, &r.resourceBase, opRead, &resp.Diagnostics, req.State, func(ctx context.Context, client *graph.Client, state *chatTabModel, prior chatTabData) {
		chatID := state.ChatID.ValueString()
		tab, err := client.GetTab(ctx, chatID, state.TabID.ValueString())
		if goneFromGraph(ctx, client, chatID, "", err, resp, "Tab Not Found",
			fmt.Sprintf("Tab %s is no longer in chat %s (removed in Teams, its app removed, or the chat deleted), so it is removed from state; the next apply adds it again.", state.TabID.ValueString(), chatID)) {
			return
		}
		if err != nil {
			resp.Diagnostics.AddError("Unable To Read Tab", fmt.Sprintf("Reading tab %s of chat %s failed: %s", state.TabID.ValueString(), chatID, sentence(err.Error())))
			return
		}
		state.flatten(chatTabDataFromGraph(prior, tab))
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	})
}

// Update renames and reconfigures the tab in place: one PATCH, whose answer is the tab.
func (r *ChatTabResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer tabImport.identity().sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var state chatTabModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	crud(ctx, &r.resourceBase, opUpdate, &resp.Diagnostics, req.Plan, func(ctx context.Context, client *graph.Client, plan *chatTabModel, planned chatTabData) {
		chatID, tabID := state.ChatID.ValueString(), state.TabID.ValueString()
		tab, err := client.UpdateTab(ctx, chatID, tabID, planned.spec())
		if err != nil {
			resp.Diagnostics.AddError("Unable To Update Tab", fmt.Sprintf("Updating tab %s of chat %s failed: %s", tabID, chatID, sentence(err.Error())))
			return
		}
		plan.flatten(chatTabDataFromGraph(planned, tab))
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	})
}

// Delete unpins the tab; a tab, app or chat already gone is success.
func (r *ChatTabResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	crud(ctx, &r.resourceBase, opDelete, &resp.Diagnostics, req.State, func(ctx context.Context, client *graph.Client, state *chatTabModel, prior chatTabData) {
		chatID := state.ChatID.ValueString()
		if err := client.DeleteTab(ctx, chatID, state.TabID.ValueString()); err != nil && !client.IsChatGone(ctx, chatID, "", err) {
			resp.Diagnostics.AddError("Unable To Remove Tab", fmt.Sprintf("Removing tab %s from chat %s failed: %s", state.TabID.ValueString(), chatID, sentence(err.Error())))
		}
	})
}

// tabImport is teams_chat_tab's id: `<chat_id>/<tab_id>`.
var tabImport = childImport{
	resource:   "teams_chat_tab",
	child:      "tab id",
	importAttr: "tab_id",
	childAttr:  "tab_id",
	howTo:      "GET /chats/{chat_id}/tabs lists a chat's tabs (each entry's id, with its displayName).",
	list: func(ctx context.Context, client *graph.Client, chatID string) ([]string, error) {
		all, err := client.ListTabs(ctx, chatID, "")
		var out []string
		for _, t := range all {
			out = append(out, fmt.Sprintf("%q (app %s): %s/%s", t.DisplayName, t.AppID, chatID, t.ID))
		}
		return out, err
	},
}

// ImportState imports `<chat_id>/<tab_id>`; Read fills in the rest. A tab the chat does not have
// (an app id given instead, say) is an error that lists the chat's tabs (one read, no write).
func (r *ChatTabResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importChild(ctx, req, resp, func(ctx context.Context, client *graph.Client, _, chatID, tabID string) string {
		if client == nil {
			return ""
		}
		if _, err := client.GetTab(ctx, chatID, tabID); graph.IsNotFound(err) {
			problem := fmt.Sprintf("Chat %s has no tab %q.", chatID, tabID)
			if looksLikeAppID(tabID) {
				problem += " If it is an app's id: a tab is imported by its own id."
			}
			return problem
		}
		return ""
	})
}
