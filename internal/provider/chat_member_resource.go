package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// teams_chat_member: the model is in chat_member_model.go, ValidateConfig in
// chat_member_validators.go, ModifyPlan in chat_member_plan_modifiers.go; what the chat's children
// share in chat_child_base.go.

var (
	_ resource.Resource                   = &ChatMemberResource{}
	_ resource.ResourceWithConfigure      = &ChatMemberResource{}
	_ resource.ResourceWithImportState    = &ChatMemberResource{}
	_ resource.ResourceWithValidateConfig = &ChatMemberResource{}
	_ resource.ResourceWithModifyPlan     = &ChatMemberResource{}
)

// NewChatMemberResource returns the teams_chat_member resource.
func NewChatMemberResource() resource.Resource {
	return &ChatMemberResource{chatChild{ids: memberImport}}
}

// ChatMemberResource is teams_chat_member: one member of a chat managed elsewhere.
type ChatMemberResource struct {
	chatChild
}

// Metadata sets the type name.
func (r *ChatMemberResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_chat_member"
}

// Schema describes teams_chat_member.
func (r *ChatMemberResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One member of a group chat that is managed elsewhere: by another module, by people in Teams, or by a " +
			"`teams_chat` with `members_exclusive = false`. Adding someone who is already in the chat adopts them, with a warning, and " +
			"gives them the role and history the configuration sets; destroying the resource then removes them from the chat, " +
			"although this configuration did not add them (to stop managing them and leave them in the chat, use a `removed` block " +
			"with `destroy = false`, or `terraform state rm`). A member of another organisation (`tenant_id`) is one Microsoft Graph " +
			"is reported not to remove: the plan to destroy them warns, and when Graph refuses, destroy only removes them from state, " +
			"with a warning, and they stay in the chat. Do not also list the same person in a `teams_chat` that manages the chat's " +
			"members exclusively: each would undo the other.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<chat_id>/<user object id>`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"chat_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The group chat's id (`19:…@thread.v2`). A one-on-one chat (`19:…@unq.gbl.spaces`) is refused at plan: its members are fixed. Changing it replaces the member.",
				Validators:          []validator.String{newChatIDValidator(), newGroupChatIDValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"user": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The user's object id (a GUID) or user principal name (`name@domain`). Another person replaces the member; " +
					"the same person written in the other form changes nothing in Teams.",
				Validators: []validator.String{newUserValidator()},
			},
			"role": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(graph.RoleOwner),
				MarkdownDescription: "The member's role: " + rules.Quote(rules.Roles) + " (default `owner`). Guests of your tenant must have " +
					"`guest`; users of another organisation `owner`. Changing it removes and re-adds the member, keeping the history they could see.",
				Validators: []validator.String{stringvalidator.OneOf(rules.Roles...)},
			},
			"tenant_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The tenant (GUID) of a user from another organisation. Changing it replaces the member.",
				Validators:          []validator.String{newGUIDValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"visible_history_start_date_time": schema.StringAttribute{
				Optional:   true,
				CustomType: rfc3339Type{},
				Validators: []validator.String{rfc3339Validator{}},
				MarkdownDescription: "The RFC 3339 time from which the member sees the chat's history (such as `2024-05-01T09:00:00Z`). Not set: all of it. Changing it " +
					"replaces the member (removed and added again with the new history).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"user_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The member's object id.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"membership_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The membership id (not the user id). Treat it as opaque: a role change may give a new one.",
				PlanModifiers:       []planmodifier.String{stateUnlessChanged{watched: []string{"role"}}},
			},
			"display_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The member's display name.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// Create adds the member (adopting them when they are already there), then reads the membership.
func (r *ChatMemberResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer memberImport.identity().sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	crud(ctx, &r.resourceBase, opCreate, &resp.Diagnostics, req.Plan, func(ctx context.Context, client *graph.Client, plan *chatMemberResourceModel, planned chatMemberData) {
		chatID := planned.ChatID
		want := planned.spec()
		userID, err := graph.NewUserResolver(client, nil).Resolve(ctx, want.User)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("user"), "Unable To Find User", fmt.Sprintf("Looking up %q failed: %s", want.User, sentence(err.Error())))
			return
		}
		// Bound by object id: an answer that the member is already there is then checked without
		// looking the user principal name up a second time.
		want.User = userID
		// Someone already in the chat is adopted, never silently: Graph's answer to adding them is not
		// documented (and may be a plain 201), so the chat is looked at first.
		gm, err := client.FindMember(ctx, chatID, userID)
		adopted := err == nil
		if !adopted {
			if err = client.AddMember(ctx, chatID, want); err != nil {
				resp.Diagnostics.AddError("Unable To Add Chat Member", fmt.Sprintf("Adding %q to chat %s failed: %s", plan.User.ValueString(), chatID, memberErrorDetail(err)))
				return
			}
			gm, err = client.FindMember(ctx, chatID, userID)
		}
		if adopted {
			who := userID
			if gm.DisplayName != "" {
				who = fmt.Sprintf("%s (%s)", gm.DisplayName, userID)
			}
			detail := fmt.Sprintf("%s was already a member of chat %s, with the role %q, added outside this resource: the membership is now managed by this resource", who, chatID, gm.Role())
			if !memberMatches(gm, want) {
				detail += fmt.Sprintf(" and is given the role %q and history this configuration sets (removed and added again)", want.Role)
			}
			resp.Diagnostics.AddWarning("Existing Chat Member Adopted", detail+
				". Destroying the resource removes them from the chat, although this configuration did not add them; to stop managing them and leave them in the chat, use a removed block with destroy = false (or terraform state rm).")
		}
		if err == nil && !memberMatches(gm, want) {
			// Someone already there with another role or history (adopted): make them what the plan says.
			if err = client.ChangeMemberRole(ctx, chatID, gm, want); err == nil {
				gm, err = client.FindMember(ctx, chatID, userID)
			}
		}
		if err != nil {
			// The member is in the chat: state records it (Terraform marks it tainted), so that it is
			// never lost.
			plan.ID, plan.UserID = types.StringValue(memberImport.id(chatID, userID)), types.StringValue(userID)
			plan.MembershipID, plan.DisplayName = types.StringNull(), types.StringNull()
			resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
			resp.Diagnostics.AddError("Unable To Read Chat Member",
				fmt.Sprintf("%q was added to chat %s and is recorded in state, but reading the membership back failed: %s", plan.User.ValueString(), chatID, sentence(err.Error())))
			return
		}
		plan.flatten(chatMemberDataFromGraph(planned, gm))
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	})
}

// Read finds the member in the chat by object id; a member (or chat) that is gone leaves state.
func (r *ChatMemberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer memberImport.identity().sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	crud(ctx, &r.resourceBase, opRead, &resp.Diagnostics, req.State, func(ctx context.Context, client *graph.Client, state *chatMemberResourceModel, prior chatMemberData) {
		chatID := prior.ChatID
		userID := prior.UserID
		if userID == "" { // imported: only the user as written is known
			id, err := graph.NewUserResolver(client, nil).Resolve(ctx, state.User.ValueString())
			if err != nil {
				resp.Diagnostics.AddError("Unable To Find User", fmt.Sprintf("Looking up %q failed: %s", state.User.ValueString(), sentence(err.Error())))
				return
			}
			userID = id
		}
		gm, err := client.FindMember(ctx, chatID, userID)
		if goneFromGraph(ctx, client, chatID, userID, err, resp, "Chat Member Not Found",
			fmt.Sprintf("%s is no longer a member of chat %s (removed, or the chat deleted, outside Terraform), so the member is removed from state; the next apply adds them again.", state.User.ValueString(), chatID)) {
			return
		}
		if err != nil {
			resp.Diagnostics.AddError("Unable To Read Chat Member", fmt.Sprintf("Reading the members of chat %s failed: %s", chatID, sentence(err.Error())))
			return
		}
		state.flatten(chatMemberDataFromGraph(prior, gm))
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	})
}

// Update changes the member's role (remove and add again, keeping their history) or only records
// the user written in another form.
func (r *ChatMemberResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer memberImport.identity().sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var state chatMemberResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	crud(ctx, &r.resourceBase, opUpdate, &resp.Diagnostics, req.Plan, func(ctx context.Context, client *graph.Client, plan *chatMemberResourceModel, planned chatMemberData) {
		chatID, userID := state.ChatID.ValueString(), state.UserID.ValueString()
		if plan.Role.Equal(state.Role) {
			plan.ID, plan.UserID, plan.MembershipID, plan.DisplayName = state.ID, state.UserID, state.MembershipID, state.DisplayName
			resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
			return
		}
		gm, err := client.FindMember(ctx, chatID, userID)
		if err == nil {
			spec := graph.MemberSpec{Role: plan.Role.ValueString(), TenantID: plan.TenantID.ValueString()}
			if err = client.ChangeMemberRole(ctx, chatID, gm, spec); err == nil {
				gm, err = client.FindMember(ctx, chatID, userID)
			}
		}
		if err != nil {
			resp.Diagnostics.AddError("Unable To Change Chat Member Role",
				fmt.Sprintf("Giving %s the role %q in chat %s failed: %s The next plan shows what Microsoft Graph holds.", state.User.ValueString(), plan.Role.ValueString(), chatID, memberErrorDetail(err)))
			return
		}
		plan.flatten(chatMemberDataFromGraph(planned, gm))
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	})
}

// Delete removes the membership; a member or chat already gone is success. When the membership id
// in state is stale (the member was removed and added again elsewhere), the current one is used.
func (r *ChatMemberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	crud(ctx, &r.resourceBase, opDelete, &resp.Diagnostics, req.State, func(ctx context.Context, client *graph.Client, state *chatMemberResourceModel, prior chatMemberData) {
		chatID, userID := state.ChatID.ValueString(), state.UserID.ValueString()
		err := client.RemoveMember(ctx, chatID, state.MembershipID.ValueString())
		if graph.IsNotFound(err) || graph.IsForbidden(err) || state.MembershipID.ValueString() == "" {
			// Gone, a stale membership id, or a deleted chat: look the member up by user.
			var gm graph.Member
			gm, err = client.FindMember(ctx, chatID, userID)
			switch {
			case client.IsChatGone(ctx, chatID, userID, err):
				return
			case err == nil:
				err = client.RemoveMember(ctx, chatID, gm.MembershipID)
			}
		}
		if graph.IsMemberNotRemovable(err) {
			// Graph refuses to remove members of another organisation, and would on every destroy:
			// the member is forgotten instead, as the plan warned.
			resp.Diagnostics.AddWarning("Chat Member Left In Chat",
				fmt.Sprintf("%s Destroying teams_chat_member only removes them from Terraform state; they stay in chat %s. Remove them in Teams if they must leave.", sentence(err.Error()), chatID))
			return
		}
		if err != nil && !graph.IsNotFound(err) {
			resp.Diagnostics.AddError("Unable To Remove Chat Member", fmt.Sprintf("Removing %s from chat %s failed: %s", state.User.ValueString(), chatID, memberErrorDetail(err)))
		}
	})
}

// memberImport is teams_chat_member's id: `<chat_id>/<user>`, the user an object id or a user
// principal name on import, the object id (user_id) in state.
var memberImport = childImport{
	resource:   "teams_chat_member",
	child:      "user",
	importAttr: "user",
	childAttr:  "user_id",
	howTo: "The user is the member's object id (a GUID) or user principal name (name@domain); " +
		"GET /chats/{chat_id}/members lists a chat's members (each entry's userId).",
	list: func(ctx context.Context, client *graph.Client, chatID string) ([]string, error) {
		all, err := client.ListMembers(ctx, chatID)
		var out []string
		for _, m := range all {
			out = append(out, fmt.Sprintf("%s: %s/%s", m.DisplayName, chatID, m.UserID))
		}
		return out, err
	},
}

// ImportState imports `<chat_id>/<user object id or user principal name>`; Read fills in the rest.
// A malformed id, or a user who is not a member of the chat, is an error that lists the chat's
// members (reads only).
func (r *ChatMemberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importChild(ctx, req, resp, func(ctx context.Context, client *graph.Client, id, chatID, user string) string {
		if p := rules.CheckUser(user); p != "" {
			return fmt.Sprintf("%q: %s", id, p)
		}
		if client == nil {
			return ""
		}
		uid, err := graph.NewUserResolver(client, nil).Resolve(ctx, user)
		if err == nil {
			_, err = client.FindMember(ctx, chatID, uid)
		}
		if graph.IsNotFound(err) {
			return fmt.Sprintf("%q: %s", id, sentence(err.Error()))
		}
		return ""
	})
}

// memberErrorDetail explains a failed member write.
func memberErrorDetail(err error) string {
	msg := sentence(err.Error())
	switch {
	case graph.IsForbidden(err):
		msg += " Removing chat members (and so changing a role) needs the application permission ChatMember.ReadWrite.All (delegated: ChatMember.ReadWrite); Chat.ReadWrite.All adds members but does not remove them."
	case graph.IsNotFound(err):
		msg += " Check that the chat exists and that the user exists in the directory (for another organisation's user, that tenant_id is right)."
	}
	return msg
}
