package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

var (
	_ datasource.DataSource              = &ChatsDataSource{}
	_ datasource.DataSourceWithConfigure = &ChatsDataSource{}
)

// NewChatsDataSource returns the teams_chats data source.
func NewChatsDataSource() datasource.DataSource {
	return &ChatsDataSource{}
}

// ChatsDataSource is the teams_chats data source: the chats of one user, filtered.
type ChatsDataSource struct {
	data *providerData
}

// chatsDataSourceModel is the teams_chats data source's Terraform data.
type chatsDataSourceModel struct {
	User     types.String `tfsdk:"user"`
	ChatType types.String `tfsdk:"chat_type"`
	Topic    types.String `tfsdk:"topic"`
	Members  types.Set    `tfsdk:"members"`
	Chats    types.List   `tfsdk:"chats"`
}

// foundChatModel is one element of `chats`.
type foundChatModel struct {
	ID                  types.String      `tfsdk:"id"`
	ChatType            types.String      `tfsdk:"chat_type"`
	Topic               types.String      `tfsdk:"topic"`
	CreatedDateTime     timetypes.RFC3339 `tfsdk:"created_date_time"`
	LastUpdatedDateTime timetypes.RFC3339 `tfsdk:"last_updated_date_time"`
	WebURL              types.String      `tfsdk:"web_url"`
	MemberUserIDs       types.Set         `tfsdk:"member_user_ids"`
}

var foundChatAttrTypes = map[string]attr.Type{
	"id":                     types.StringType,
	"chat_type":              types.StringType,
	"topic":                  types.StringType,
	"created_date_time":      timetypes.RFC3339Type{},
	"last_updated_date_time": timetypes.RFC3339Type{},
	"web_url":                types.StringType,
	"member_user_ids":        types.SetType{ElemType: types.StringType},
}

// The descriptions of the look-up arguments that teams_chats and the teams_chat list resource share
// (findChats serves both).
const (
	chatsUserDescription    = "Whose chats to list: an object id (GUID) or user principal name."
	chatsTopicDescription   = "Only chats with exactly this topic (case-sensitive)."
	chatsMembersDescription = "Only chats that all of these users (object ids or user principal names) are members of."
)

// listableChatTypes are the chat types a chat list holds (meeting chats too, though POST /chats
// cannot create them).
var listableChatTypes = []string{graph.ChatTypeOneOnOne, graph.ChatTypeGroup, "meeting"}

// Metadata sets the type name.
func (d *ChatsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_chats"
}

// Schema describes the teams_chats data source.
func (d *ChatsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the chats of one user (`GET /users/{user}/chats`, every page), narrowed by chat type, exact topic and " +
			"members. Chat type and topic go to Graph as `$filter`; the members filter is applied by the provider, since Graph " +
			"documents no filter by member id. Needs the application permission `Chat.ReadBasic.All` (or `Chat.Read.All`); with " +
			"delegated permissions (`Chat.ReadBasic`) only the signed-in user's own chats can be listed. Chats with 25 or more " +
			"members have their members listed in full, which also needs `ChatMember.Read.All` or one of the read permissions above.",
		Attributes: map[string]schema.Attribute{
			"user": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: chatsUserDescription,
				Validators:          []validator.String{newUserValidator()},
			},
			"chat_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only chats of this type: " + rules.Quote(listableChatTypes) + ".",
				Validators:          []validator.String{stringvalidator.OneOf(listableChatTypes...)},
			},
			"topic": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: chatsTopicDescription,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"members": schema.SetAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: chatsMembersDescription,
				Validators:          []validator.Set{setvalidator.ValueStringsAre(newUserValidator())},
			},
			"chats": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The chats found, newest first (by `created_date_time`, then by `id`).",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":                     schema.StringAttribute{Computed: true, MarkdownDescription: "The chat id."},
						"chat_type":              schema.StringAttribute{Computed: true, MarkdownDescription: "`oneOnOne`, `group` or `meeting`."},
						"topic":                  schema.StringAttribute{Computed: true, MarkdownDescription: "The chat's title; null when it has none."},
						"created_date_time":      schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: "When the chat was created (RFC 3339, UTC)."},
						"last_updated_date_time": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: "When the chat was last renamed or its members changed (RFC 3339, UTC)."},
						"web_url":                schema.StringAttribute{Computed: true, MarkdownDescription: "A link that opens the chat in Teams."},
						"member_user_ids":        schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The object ids of every member."},
					},
				},
			},
		},
	}
}

// Configure receives the Graph client.
func (d *ChatsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read lists the user's chats and keeps those that match.
func (d *ChatsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m chatsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := d.data.graphClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var members []string
	if !m.Members.IsNull() {
		resp.Diagnostics.Append(m.Members.ElementsAs(ctx, &members, false)...)
	}
	found, ok := findChats(ctx, client, m.User.ValueString(), m.ChatType.ValueString(), m.Topic.ValueString(), members, &resp.Diagnostics)
	if !ok {
		return
	}
	chats := make([]foundChatModel, 0, len(found))
	for _, ch := range found {
		ids := make([]string, 0, len(ch.Members))
		for _, gm := range ch.Members {
			ids = append(ids, gm.UserID)
		}
		set, diags := types.SetValueFrom(ctx, types.StringType, ids)
		resp.Diagnostics.Append(diags...)
		chats = append(chats, foundChatModel{
			ID: types.StringValue(ch.ID), ChatType: types.StringValue(ch.ChatType), Topic: optString(ch.Topic),
			CreatedDateTime:     optTime(formatTime(ch.CreatedDateTime), &resp.Diagnostics),
			LastUpdatedDateTime: optTime(formatTime(ch.LastUpdatedDateTime), &resp.Diagnostics),
			WebURL:              optString(ch.WebURL), MemberUserIDs: set,
		})
	}
	list, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: foundChatAttrTypes}, chats)
	resp.Diagnostics.Append(diags...)
	m.Chats = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// findChats finds the chats of user that match chat type, exact topic and members (object ids or
// user principal names, each looked up once), for the teams_chats data source and the teams_chat
// list resource. ok is false when it added an error.
func findChats(ctx context.Context, client *graph.Client, user, chatType, topic string, members []string, diags *diag.Diagnostics) (found []graph.Chat, ok bool) {
	q := graph.ChatQuery{ChatType: chatType, Topic: topic}
	resolver := graph.NewUserResolver(client, nil)
	for _, u := range members {
		id, err := resolver.Resolve(ctx, u)
		if err != nil {
			diags.AddAttributeError(path.Root("members"), "Unable To Find User", fmt.Sprintf("Looking up member %q failed: %s", u, sentence(err.Error())))
			return nil, false
		}
		q.MemberIDs = append(q.MemberIDs, id)
	}
	found, err := client.FindUserChats(ctx, user, q)
	if err != nil {
		detail := fmt.Sprintf("Listing the chats of %s failed: %s", user, sentence(err.Error()))
		if graph.IsForbidden(err) {
			detail += " With delegated permissions only the signed-in user's own chats can be listed."
		}
		if graph.IsNotFound(err) {
			detail += " Check that the user exists in the directory."
		}
		diags.AddError("Unable To List Chats", detail)
		return nil, false
	}
	return found, true
}
