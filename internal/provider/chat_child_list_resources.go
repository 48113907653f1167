package provider

// The list resources of what lives inside one chat, for `terraform query`: teams_chat_member,
// teams_chat_app_installation and teams_chat_tab. Each lists one chat's members, apps or tabs
// with their identities and, when asked, the resource object an import of each reads.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

var (
	_ list.ListResource              = &chatChildListResource{}
	_ list.ListResourceWithConfigure = &chatChildListResource{}
)

// chatChildListResource lists the children of one kind of one chat.
type chatChildListResource struct {
	suffix      string // the type name after the provider's, e.g. "_chat_tab"
	description string
	// results lists the chat's children as list results.
	results func(ctx context.Context, client *graph.Client, req list.ListRequest, chatID string) ([]list.ListResult, error)
	resourceBase
}

// chatChildListModel is the list block's configuration.
type chatChildListModel struct {
	ChatID types.String `tfsdk:"chat_id"`
}

// NewChatMemberListResource returns the teams_chat_member list resource.
func NewChatMemberListResource() list.ListResource {
	return &chatChildListResource{
		suffix: "_chat_member",
		description: "Lists the members of one chat for `terraform query` (`GET /chats/{chat_id}?$expand=members`, and " +
			"`GET /chats/{chat_id}/members` when the chat shows 25 members, the most Graph expands): each with its identity (chat id and user " +
			"object id) and, with `include_resource = true`, the member as an import reads them, written by object id.",
		results: memberListResults,
	}
}

// NewChatAppInstallationListResource returns the teams_chat_app_installation list resource.
func NewChatAppInstallationListResource() list.ListResource {
	return &chatChildListResource{
		suffix: "_chat_app_installation",
		description: "Lists the apps installed in one chat for `terraform query` (`GET /chats/{chat_id}/installedApps`, with each " +
			"app and its installed definition): each with its identity (chat id and installation id) and, with `include_resource = true`, " +
			"the installation as an import reads it.",
		results: installationListResults,
	}
}

// NewChatTabListResource returns the teams_chat_tab list resource.
func NewChatTabListResource() list.ListResource {
	return &chatChildListResource{
		suffix: "_chat_tab",
		description: "Lists the tabs pinned to one chat for `terraform query` (`GET /chats/{chat_id}/tabs`, with each tab's app): " +
			"each with its identity (chat id and tab id) and, with `include_resource = true`, the tab as an import reads it.",
		results: tabListResults,
	}
}

// Metadata sets the type name: the managed resource's.
func (r *chatChildListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.suffix
}

// ListResourceConfigSchema describes the list block's one argument, the chat.
func (r *chatChildListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: r.description,
		Attributes: map[string]schema.Attribute{
			"chat_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the chat, e.g. `19:…@thread.v2`.",
				Validators:          []validator.String{newChatIDValidator()},
			},
		},
	}
}

// List reads the chat's children and streams them.
func (r *chatChildListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m chatChildListModel
	client := r.listPrologue(ctx, req, &m, stream)
	if client == nil {
		return
	}
	var diags diag.Diagnostics
	chatID := m.ChatID.ValueString()
	results, err := r.results(ctx, client, req, chatID)
	if err != nil {
		detail := fmt.Sprintf("Listing what chat %s holds failed: %s", chatID, sentence(err.Error()))
		if client.IsChatGone(ctx, chatID, "", err) {
			detail = fmt.Sprintf("Chat %s was not found: it does not exist, was deleted, or the caller cannot see it.", chatID)
		}
		diags.AddError("Unable To List Chat", detail)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if req.Limit > 0 && int64(len(results)) > req.Limit {
		results = results[:req.Limit]
	}
	stream.Results = slices.Values(results)
}

// memberListResults lists a chat's members.
func memberListResults(ctx context.Context, client *graph.Client, req list.ListRequest, chatID string) ([]list.ListResult, error) {
	chat, err := client.GetChat(ctx, chatID)
	if err != nil {
		return nil, err
	}
	members := chat.Members
	if len(members) >= graph.MaxExpandedMembers {
		if members, err = client.ListMembers(ctx, chatID); err != nil {
			return nil, err
		}
	}
	out := make([]list.ListResult, 0, len(members))
	for _, gm := range members {
		res := req.NewListResult(ctx)
		res.DisplayName = gm.DisplayName
		memberImport.identity().set(ctx, res.Identity, &res.Diagnostics, chatID, gm.UserID)
		if req.IncludeResource {
			prior := chatMemberData{ChatID: chatID, User: gm.UserID}
			if gm.TenantID != "" && !strings.EqualFold(gm.TenantID, chat.TenantID) {
				prior.TenantID = gm.TenantID
			}
			m := chatMemberResourceModel{Timeouts: nullTimeouts()}
			m.flatten(chatMemberDataFromGraph(prior, gm))
			res.Diagnostics.Append(res.Resource.Set(ctx, &m)...)
		}
		out = append(out, res)
	}
	return out, nil
}

// installationListResults lists a chat's installed apps.
func installationListResults(ctx context.Context, client *graph.Client, req list.ListRequest, chatID string) ([]list.ListResult, error) {
	all, err := client.ListInstallations(ctx, chatID)
	if err != nil {
		return nil, err
	}
	out := make([]list.ListResult, 0, len(all))
	for _, in := range all {
		res := req.NewListResult(ctx)
		res.DisplayName = in.AppDisplayName
		installationImport.identity().set(ctx, res.Identity, &res.Diagnostics, chatID, in.ID)
		if req.IncludeResource {
			m := chatAppInstallationModel{Upgrade: types.BoolNull(), Timeouts: nullTimeouts()}
			m.flatten(chatAppInstallationDataFromGraph(chatAppInstallationData{ChatID: chatID, AppID: in.AppID}, in))
			res.Diagnostics.Append(res.Resource.Set(ctx, &m)...)
		}
		out = append(out, res)
	}
	return out, nil
}

// tabListResults lists a chat's tabs.
func tabListResults(ctx context.Context, client *graph.Client, req list.ListRequest, chatID string) ([]list.ListResult, error) {
	all, err := client.ListTabs(ctx, chatID, "")
	if err != nil {
		return nil, err
	}
	out := make([]list.ListResult, 0, len(all))
	for _, t := range all {
		res := req.NewListResult(ctx)
		res.DisplayName = t.DisplayName
		tabImport.identity().set(ctx, res.Identity, &res.Diagnostics, chatID, t.ID)
		if req.IncludeResource {
			m := chatTabModel{Timeouts: nullTimeouts()}
			m.flatten(chatTabDataFromGraph(chatTabData{ChatID: chatID, AppID: t.AppID}, t))
			res.Diagnostics.Append(res.Resource.Set(ctx, &m)...)
		}
		out = append(out, res)
	}
	return out, nil
}
