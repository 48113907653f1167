package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

var (
	_ resource.Resource                   = &ChatTabResource{}
	_ resource.ResourceWithConfigure      = &ChatTabResource{}
	_ resource.ResourceWithImportState    = &ChatTabResource{}
	_ resource.ResourceWithValidateConfig = &ChatTabResource{}
)

// NewChatTabResource returns the teams_chat_tab resource.
func NewChatTabResource() resource.Resource {
	return &ChatTabResource{}
}

// ChatTabResource is teams_chat_tab: a tab pinned to a chat.
type ChatTabResource struct {
	data *providerData
}

// chatTabModel is teams_chat_tab's Terraform data.
type chatTabModel struct {
	ID            types.String    `tfsdk:"id"`
	ChatID        types.String    `tfsdk:"chat_id"`
	TeamsAppID    types.String    `tfsdk:"teams_app_id"`
	DisplayName   types.String    `tfsdk:"display_name"`
	Configuration *tabConfigModel `tfsdk:"configuration"`
	TabID         types.String    `tfsdk:"tab_id"`
	WebURL        types.String    `tfsdk:"web_url"`
	Timeouts      timeouts.Value  `tfsdk:"timeouts"`
}

// tabConfigModel is the tab's `configuration`.
type tabConfigModel struct {
	EntityID   types.String `tfsdk:"entity_id"`
	ContentURL types.String `tfsdk:"content_url"`
	WebsiteURL types.String `tfsdk:"website_url"`
	RemoveURL  types.String `tfsdk:"remove_url"`
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

// Configure receives the Graph client.
func (r *ChatTabResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks the Website tab's documented configuration at plan time: its content and
// website URLs are the site's address, and it has no entity or remove URL.
func (r *ChatTabResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m chatTabModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.TeamsAppID.ValueString() != rules.WebsiteTabAppID || m.Configuration == nil {
		return
	}
	cfg := m.Configuration
	if !cfg.EntityID.IsNull() || !cfg.RemoveURL.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("configuration"), "Website Tab Configuration",
			"A Website tab ("+rules.WebsiteTabAppID+") has no entity_id and no remove_url: set content_url and website_url to the site's address.")
	}
	if !cfg.WebsiteURL.IsUnknown() && !cfg.ContentURL.IsUnknown() && !cfg.WebsiteURL.Equal(cfg.ContentURL) {
		resp.Diagnostics.AddAttributeError(path.Root("configuration").AtName("website_url"), "Website Tab Configuration",
			"A Website tab shows one site: set website_url to the same address as content_url.")
	}
}

func (c *tabConfigModel) spec() graph.TabConfiguration {
	return graph.TabConfiguration{EntityID: c.EntityID.ValueString(), ContentURL: c.ContentURL.ValueString(),
		WebsiteURL: c.WebsiteURL.ValueString(), RemoveURL: c.RemoveURL.ValueString()}
}

func (m *chatTabModel) spec() graph.TabSpec {
	return graph.TabSpec{AppID: m.TeamsAppID.ValueString(), DisplayName: m.DisplayName.ValueString(), Configuration: m.Configuration.spec()}
}

func (m *chatTabModel) flatten(chatID string, t graph.Tab) {
	m.ID = types.StringValue(chatID + "/" + t.ID)
	m.ChatID = types.StringValue(chatID)
	m.TabID = types.StringValue(t.ID)
	m.DisplayName = types.StringValue(t.DisplayName)
	m.WebURL = optString(t.WebURL)
	if t.AppID != "" && !strings.EqualFold(t.AppID, m.TeamsAppID.ValueString()) {
		m.TeamsAppID = types.StringValue(t.AppID)
	}
	c := t.Configuration
	m.Configuration = &tabConfigModel{EntityID: optString(c.EntityID), ContentURL: types.StringValue(c.ContentURL),
		WebsiteURL: optString(c.WebsiteURL), RemoveURL: optString(c.RemoveURL)}
}

// Create pins the tab with one POST (never resent blindly: Graph would pin a second tab). When
// Graph refuses it, the app's installation is checked so that the error says what to do.
func (r *ChatTabResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer tabIdentitySync.sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan chatTabModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.data.graphClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	chatID, appID := plan.ChatID.ValueString(), plan.TeamsAppID.ValueString()
	tab, rec, err := client.CreateTab(ctx, chatID, plan.spec())
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
	plan.flatten(chatID, tab)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
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
	defer tabIdentitySync.sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state chatTabModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.data.graphClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	chatID := state.ChatID.ValueString()
	tab, err := client.GetTab(ctx, chatID, state.TabID.ValueString())
	if client.IsChatGone(ctx, chatID, "", err) {
		if chatKeptDeleted(ctx, client, chatID, fmt.Sprintf("tab %s", state.TabID.ValueString()), &resp.Diagnostics) {
			return // restoring the chat brings it back (chat_restore.go)
		}
		resp.Diagnostics.AddWarning("Tab Not Found",
			fmt.Sprintf("Tab %s is no longer in chat %s (removed in Teams, its app removed, or the chat deleted), so it is removed from state; the next apply adds it again.", state.TabID.ValueString(), chatID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable To Read Tab", fmt.Sprintf("Reading tab %s of chat %s failed: %s", state.TabID.ValueString(), chatID, sentence(err.Error())))
		return
	}
	state.flatten(chatID, tab)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update renames and reconfigures the tab in place: one PATCH, whose answer is the tab.
func (r *ChatTabResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer tabIdentitySync.sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state chatTabModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.data.graphClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	chatID, tabID := state.ChatID.ValueString(), state.TabID.ValueString()
	tab, err := client.UpdateTab(ctx, chatID, tabID, plan.spec())
	if err != nil {
		resp.Diagnostics.AddError("Unable To Update Tab", fmt.Sprintf("Updating tab %s of chat %s failed: %s", tabID, chatID, sentence(err.Error())))
		return
	}
	plan.flatten(chatID, tab)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete unpins the tab; a tab, app or chat already gone is success.
func (r *ChatTabResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state chatTabModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.data.graphClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	chatID := state.ChatID.ValueString()
	if err := client.DeleteTab(ctx, chatID, state.TabID.ValueString()); err != nil && !client.IsChatGone(ctx, chatID, "", err) {
		resp.Diagnostics.AddError("Unable To Remove Tab", fmt.Sprintf("Removing tab %s from chat %s failed: %s", state.TabID.ValueString(), chatID, sentence(err.Error())))
	}
}

// ImportState imports `<chat_id>/<tab_id>`; Read fills in the rest. A tab the chat does not have
// (an app id given instead, say) is an error that lists the chat's tabs (one read, no write).
func (r *ChatTabResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := tabIdentity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	chatID, tabID, ok := tabImport.split(ctx, r.data, importID, &resp.Diagnostics)
	if !ok {
		return
	}
	if r.data != nil && r.data.client != nil {
		if _, err := r.data.client.GetTab(ctx, chatID, tabID); graph.IsNotFound(err) {
			problem := fmt.Sprintf("Chat %s has no tab %q.", chatID, tabID)
			if looksLikeAppID(tabID) {
				problem += " If it is an app's id: a tab is imported by its own id."
			}
			tabImport.fail(ctx, r.data, chatID, problem, &resp.Diagnostics)
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), importID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("chat_id"), chatID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("tab_id"), tabID)...)
}
