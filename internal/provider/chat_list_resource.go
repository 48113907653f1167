package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

var (
	_ list.ListResource              = &ChatListResource{}
	_ list.ListResourceWithConfigure = &ChatListResource{}
)

// NewChatListResource returns the teams_chat list resource, for `terraform query`.
func NewChatListResource() list.ListResource {
	return &ChatListResource{}
}

// ChatListResource lists the chats of one user that teams_chat can manage, as `terraform query`
// results: each with its identity and, when asked, the resource object that an import of the chat
// reads (members by object id, every member, deletion_behavior at its default), so that
// `terraform query -generate-config-out` writes configuration that plans clean.
type ChatListResource struct {
	resourceBase
}

// chatListModel is the list block's configuration.
type chatListModel struct {
	User     types.String `tfsdk:"user"`
	ChatType types.String `tfsdk:"chat_type"`
	Topic    types.String `tfsdk:"topic"`
	Members  types.List   `tfsdk:"members"`
}

// Metadata sets the type name: the managed resource's.
func (r *ChatListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_chat"
}

// ListResourceConfigSchema describes the list block's arguments, those of the teams_chats data
// source.
func (r *ChatListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the chats of one user that `teams_chat` can manage (" + rules.Quote(rules.ChatTypes) + "; meeting chats " +
			"are left out) for `terraform query`: `GET /users/{user}/chats`, one request per page of 50 chats, narrowed by chat type, exact topic " +
			"and members as the `teams_chats` data source does. Each result has the chat's identity and, with `include_resource = true`, " +
			"the chat as an import would read it: every member by object id with their role, the topic, and `deletion_behavior` at its " +
			"default for the chat type. The members of a chat showing 25 members (the most Graph expands) are listed in full.",
		Attributes: map[string]schema.Attribute{
			"user": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: chatsUserDescription,
				Validators:          []validator.String{newUserValidator()},
			},
			"chat_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only chats of this type: " + rules.Quote(rules.ChatTypes) + ".",
				Validators:          []validator.String{stringvalidator.OneOf(rules.ChatTypes...)},
			},
			"topic": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: chatsTopicDescription,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"members": schema.ListAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: chatsMembersDescription,
				Validators:          []validator.List{listvalidator.ValueStringsAre(newUserValidator())},
			},
		},
	}
}

// List finds the chats and streams one result per chat, newest first.
func (r *ChatListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m chatListModel
	client := r.listPrologue(ctx, req, &m, stream)
	if client == nil {
		return
	}
	var diags diag.Diagnostics
	var members []string
	if !m.Members.IsNull() {
		diags.Append(m.Members.ElementsAs(ctx, &members, false)...)
	}
	found, ok := findChats(ctx, client, m.User.ValueString(), m.ChatType.ValueString(), m.Topic.ValueString(), members, &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		var n int64
		for _, ch := range found {
			if ch.ChatType != graph.ChatTypeOneOnOne && ch.ChatType != graph.ChatTypeGroup {
				continue // a meeting chat: teams_chat cannot manage it
			}
			if req.Limit > 0 && n >= req.Limit {
				return
			}
			n++
			if !push(chatListResult(ctx, req, ch)) {
				return
			}
		}
	}
}

// chatListResult is one chat as a list result.
func chatListResult(ctx context.Context, req list.ListRequest, ch graph.Chat) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = ch.Topic
	if res.DisplayName == "" {
		res.DisplayName = ch.ChatType + " chat " + ch.ID
	}
	chatIdentity.set(ctx, res.Identity, &res.Diagnostics, ch.ID)
	if !req.IncludeResource {
		return res
	}
	var model chatResourceModel
	model.Timeouts = nullTimeouts()
	res.Diagnostics.Append(model.flatten(chatDataFromGraph(ch, chatData{Exclusive: true, Restore: true}, nil))...)
	res.Diagnostics.Append(res.Resource.Set(ctx, &model)...)
	return res
}

// nullTimeouts is an unset timeouts block, for objects built without a configuration.
func nullTimeouts() timeouts.Value {
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "read": types.StringType, "update": types.StringType, "delete": types.StringType,
	})}
}
