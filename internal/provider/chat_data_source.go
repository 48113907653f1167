package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

var (
	_ datasource.DataSource              = &ChatDataSource{}
	_ datasource.DataSourceWithConfigure = &ChatDataSource{}
)

// NewChatDataSource returns the teams_chat data source.
func NewChatDataSource() datasource.DataSource {
	return &ChatDataSource{}
}

// ChatDataSource is the teams_chat data source: one chat by id, with every member.
type ChatDataSource struct {
	data *providerData
}

// chatDataSourceModel is the teams_chat data source's Terraform data.
type chatDataSourceModel struct {
	ID                  types.String      `tfsdk:"id"`
	ChatType            types.String      `tfsdk:"chat_type"`
	Topic               types.String      `tfsdk:"topic"`
	TenantID            types.String      `tfsdk:"tenant_id"`
	WebURL              types.String      `tfsdk:"web_url"`
	CreatedDateTime     timetypes.RFC3339 `tfsdk:"created_date_time"`
	LastUpdatedDateTime timetypes.RFC3339 `tfsdk:"last_updated_date_time"`
	Members             types.Set         `tfsdk:"members"`
}

// chatMemberModel is one element of the data source's `members`.
type chatMemberModel struct {
	UserID                      types.String      `tfsdk:"user_id"`
	DisplayName                 types.String      `tfsdk:"display_name"`
	Email                       types.String      `tfsdk:"email"`
	Roles                       types.Set         `tfsdk:"roles"`
	TenantID                    types.String      `tfsdk:"tenant_id"`
	MembershipID                types.String      `tfsdk:"membership_id"`
	VisibleHistoryStartDateTime timetypes.RFC3339 `tfsdk:"visible_history_start_date_time"`
}

var chatMemberAttrTypes = map[string]attr.Type{
	"user_id":                         types.StringType,
	"display_name":                    types.StringType,
	"email":                           types.StringType,
	"roles":                           types.SetType{ElemType: types.StringType},
	"tenant_id":                       types.StringType,
	"membership_id":                   types.StringType,
	"visible_history_start_date_time": timetypes.RFC3339Type{},
}

// Metadata sets the type name.
func (d *ChatDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_chat"
}

// Schema describes the teams_chat data source.
func (d *ChatDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one chat by id, with every member (also past the 25 that Graph's `$expand=members` returns: the " +
			"members are then listed page by page). Needs the application permission `Chat.ReadBasic.All` (or `Chat.Read.All`), " +
			"delegated `Chat.ReadBasic` for a chat the signed-in user is in. A chat that does not exist is an error.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The chat id, such as `19:…@thread.v2`.",
				Validators:          []validator.String{newChatIDValidator()},
			},
			"chat_type":              schema.StringAttribute{Computed: true, MarkdownDescription: "`oneOnOne`, `group` or `meeting`."},
			"topic":                  schema.StringAttribute{Computed: true, MarkdownDescription: "The chat's title; null for chats without one."},
			"tenant_id":              schema.StringAttribute{Computed: true, MarkdownDescription: "The tenant the chat was created in."},
			"web_url":                schema.StringAttribute{Computed: true, MarkdownDescription: "A link that opens the chat in Teams."},
			"created_date_time":      schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: "When the chat was created (RFC 3339, UTC)."},
			"last_updated_date_time": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: "When the chat was last renamed or its members changed (RFC 3339, UTC)."},
			"members": schema.SetNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Every member of the chat.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"user_id":       schema.StringAttribute{Computed: true, MarkdownDescription: "The member's object id."},
						"display_name":  schema.StringAttribute{Computed: true, MarkdownDescription: "The member's display name."},
						"email":         schema.StringAttribute{Computed: true, MarkdownDescription: "The member's email address, when Graph gives one."},
						"roles":         schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The member's roles as Graph gives them (`owner`, `guest`; an owner may show none)."},
						"tenant_id":     schema.StringAttribute{Computed: true, MarkdownDescription: "The member's tenant."},
						"membership_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The membership id (not the user id)."},
						"visible_history_start_date_time": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
							MarkdownDescription: "From when the member sees the chat's history; null for all of it."},
					},
				},
			},
		},
	}
}

// Configure receives the Graph client.
func (d *ChatDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read reads the chat and all its members.
func (d *ChatDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m chatDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := d.data.graphClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.ID.ValueString()
	chat, err := client.GetChat(ctx, id)
	switch {
	case graph.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Chat Not Found", fmt.Sprintf("Chat %s does not exist, or the caller cannot see it: %s", id, sentence(err.Error())))
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable To Read Chat", fmt.Sprintf("Reading chat %s failed: %s", id, sentence(err.Error())))
		return
	}
	m.ChatType = types.StringValue(chat.ChatType)
	m.Topic = optString(chat.Topic)
	m.TenantID = types.StringValue(chat.TenantID)
	m.WebURL = types.StringValue(chat.WebURL)
	m.CreatedDateTime = optTime(formatTime(chat.CreatedDateTime), &resp.Diagnostics)
	m.LastUpdatedDateTime = optTime(formatTime(chat.LastUpdatedDateTime), &resp.Diagnostics)
	members, diags := chatMembersValue(chat.Members)
	resp.Diagnostics.Append(diags...)
	m.Members = members
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// chatMembersValue converts Graph's members into the data source's `members`.
func chatMembersValue(members []graph.Member) (types.Set, diag.Diagnostics) {
	var diags diag.Diagnostics
	ctx := context.Background()
	out := make([]chatMemberModel, 0, len(members))
	for _, gm := range members {
		roles, d := types.SetValueFrom(ctx, types.StringType, nonNil(gm.Roles))
		diags.Append(d...)
		history := timetypes.NewRFC3339Null()
		if h := gm.VisibleHistoryStartDateTime; h != nil && !h.IsZero() {
			history = timetypes.NewRFC3339TimeValue(h.UTC())
		}
		out = append(out, chatMemberModel{
			UserID: types.StringValue(gm.UserID), DisplayName: optString(gm.DisplayName), Email: optString(gm.Email),
			Roles: roles, TenantID: optString(gm.TenantID), MembershipID: types.StringValue(gm.MembershipID),
			VisibleHistoryStartDateTime: history,
		})
	}
	set, d := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: chatMemberAttrTypes}, out)
	diags.Append(d...)
	return set, diags
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
