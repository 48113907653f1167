package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// stateUnlessChanged keeps a computed value from state while none of the watched attributes
// changes. It exists because UseStateForUnknown would also keep last_updated_date_time and
// member_details across a rename or a member change, when Graph will in fact change them;
// and leaving them always unknown would make every plan noisy.
type stateUnlessChanged struct {
	watched []string // root attribute names
}

func (m stateUnlessChanged) Description(context.Context) string {
	return "Keeps the value in state unless one of the attributes it depends on changes."
}

func (m stateUnlessChanged) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

// watchedUnchanged compares the watched attributes between state and plan on the raw Terraform
// values: cheaper than converting them (members is a set of objects) on every plan.
func watchedUnchanged(watched []string, state tfsdk.State, plan tfsdk.Plan) bool {
	for _, name := range watched {
		p := tftypes.NewAttributePath().WithAttributeName(name)
		sv, _, err1 := tftypes.WalkAttributePath(state.Raw, p)
		pv, _, err2 := tftypes.WalkAttributePath(plan.Raw, p)
		if err1 != nil || err2 != nil {
			return false
		}
		s, ok1 := sv.(tftypes.Value)
		pl, ok2 := pv.(tftypes.Value)
		if !ok1 || !ok2 || !s.Equal(pl) {
			return false
		}
	}
	return true
}

// PlanModifyString implements planmodifier.String.
func (m stateUnlessChanged) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	if watchedUnchanged(m.watched, req.State, req.Plan) {
		resp.PlanValue = req.StateValue
	}
}

// PlanModifyMap implements planmodifier.Map.
func (m stateUnlessChanged) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	if req.StateValue.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	if watchedUnchanged(m.watched, req.State, req.Plan) {
		resp.PlanValue = req.StateValue
	}
}

// deletionBehaviorDefault fills deletion_behavior from chat_type when the configuration leaves it
// out. A static default cannot do this: the right default depends on another attribute.
type deletionBehaviorDefault struct{}

func (deletionBehaviorDefault) Description(context.Context) string {
	return "Defaults to delete for group chats and forget for oneOnOne chats."
}

func (d deletionBehaviorDefault) MarkdownDescription(ctx context.Context) string {
	return d.Description(ctx)
}

func (deletionBehaviorDefault) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	var chatType types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("chat_type"), &chatType)...)
	if chatType.IsUnknown() || chatType.IsNull() {
		return
	}
	resp.PlanValue = types.StringValue(defaultDeletionBehavior(chatType.ValueString()))
}

// ModifyPlan matches the configured members to the members in state by who they are, not by how
// they are written. It exists because `user` keeps the form the configuration uses (object id or
// user principal name) while state may hold the other form (after an import, or when the
// configuration switches one person's form): attribute plan modifiers see only text, and would
// plan member_details as unknown and a oneOnOne chat as replaced although Graph needs no change.
// Each user principal name that state does not already match is resolved once per plan with
// GET /users/{upn}; none is looked up when state matches them all. The plan then keeps the
// member_details of members who stay (only new members' are unknown, and a re-roled member's
// membership id), and, when the people and their roles stay the same, last_updated_date_time, with
// a warning that apply only records the new forms. What apply could not do is refused here, before
// any write: a user principal name the directory does not know, the same person listed twice under
// two names, and the removal of a member of another organisation, which Graph refuses.
func (r *ChatResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: deleting or forgetting a chat removes no member
	}
	if req.State.Raw.IsNull() {
		r.checkNewChatMembers(ctx, req, resp)
		return
	}
	defer r.planRestore(ctx, req, resp) // a chat state holds as deleted (chat_restore.go)
	if watchedUnchanged([]string{"members"}, req.State, req.Plan) {
		return
	}
	var plan, state chatResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || plan.Members.IsUnknown() || plan.ChatType.IsUnknown() {
		if state.ChatType.ValueString() == graph.ChatTypeOneOnOne {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("members"))
		}
		return
	}
	cur, d := state.expand(ctx)
	resp.Diagnostics.Append(d...)
	want, d := plan.expand(ctx)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resolved, ok := r.resolveForPlan(ctx, cur, want, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if addDuplicatePeople(want.Members, cur.Details, resolved, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	changes := planMemberChanges(cur, want.Members, resolved)
	same := ok && len(changes.Add)+len(changes.Remove)+len(changes.Reroles) == 0
	if cur.ChatType == graph.ChatTypeOneOnOne && !same {
		// Graph keeps a oneOnOne chat's two members fixed: other people mean another chat.
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("members"))
		return
	}
	if stuck := unremovableMembers(cur, changes, resolved); len(stuck) > 0 {
		resp.Diagnostics.AddAttributeError(path.Root("members"), "Member Of Another Organisation Cannot Be Removed",
			fmt.Sprintf("The plan for chat %s needs Microsoft Graph to remove a member of another organisation: %s. Graph does not remove members of another organisation from a chat (field reports: microsoft-graph-docs-contrib#2180, msgraph-sdk-dotnet#1111), so the apply would fail every time. Keep them in members with the role they have, or remove them from the chat in Teams; the next plan then shows no removal.",
				cur.ID, strings.Join(stuck, "; ")))
		return
	}
	if rewritten := rewrittenMembers(cur, want.Members, resolved); len(rewritten) > 0 {
		resp.Diagnostics.AddWarning("Members Written In Another Form",
			fmt.Sprintf("The plan shows members of chat %s changing only in how they are written (object id or user principal name): %s. They are already in the chat with these roles; apply sends Microsoft Graph no member request for them and records the form the configuration uses.",
				cur.ID, strings.Join(rewritten, "; ")))
	}
	if !ok {
		return
	}
	mv, d := plannedMemberDetails(cur, want.Members, changes, resolved)
	resp.Diagnostics.Append(d...)
	plan.MemberDetails = mv
	if same && want.Topic == cur.Topic {
		plan.LastUpdatedDateTime = state.LastUpdatedDateTime
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// checkNewChatMembers refuses at plan, for a chat still to be created, what POST /chats would
// refuse after the plan was accepted: a user principal name the directory does not know, and the
// same person listed twice under two names. It sends Graph only GET /users/{upn}.
func (r *ChatResource) checkNewChatMembers(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var plan chatResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Members.IsUnknown() {
		return
	}
	want, d := plan.expand(ctx)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resolved, _ := r.resolveForPlan(ctx, chatData{}, want, &resp.Diagnostics)
	if !resp.Diagnostics.HasError() {
		addDuplicatePeople(want.Members, nil, resolved, &resp.Diagnostics)
	}
}

// addDuplicatePeople reports members listed twice under two names (object id and user principal
// name, in any case). Members whose object id is not known yet are left for apply.
func addDuplicatePeople(members []memberConfig, details map[string]memberDetail, resolved map[string]string, diags *diag.Diagnostics) {
	byID := map[string][]string{}
	var order []string
	for _, m := range members {
		uid := strings.ToLower(memberUserID(m, details, resolved))
		if m.User == "" || uid == "" {
			continue
		}
		if len(byID[uid]) == 0 {
			order = append(order, uid)
		}
		byID[uid] = append(byID[uid], m.User)
	}
	for _, uid := range order {
		if names := byID[uid]; len(names) > 1 {
			diags.AddAttributeError(path.Root("members"), "Duplicate Member",
				fmt.Sprintf("members lists the same person more than once: %s are one user, %s. Each person can be a member only once: keep one entry for them, written as the object id or as the user principal name.",
					quoteJoin(names), uid))
		}
	}
}

func quoteJoin(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, " and ")
}

// plannedMemberDetails is member_details as the plan can know it: the details of members who stay
// are kept (keyed by the form the configuration uses), a member whose role changes keeps all but
// the membership id (Graph removes and adds them again), and a new member's details are unknown.
func plannedMemberDetails(cur chatData, planned []memberConfig, changes memberChanges, resolved map[string]string) (types.Map, diag.Diagnostics) {
	objType := types.ObjectType{AttrTypes: memberDetailAttrTypes}
	byID := map[string]memberDetail{}
	for _, d := range cur.Details {
		byID[strings.ToLower(d.UserID)] = d
	}
	rerole := map[string]bool{}
	for _, m := range changes.Reroles {
		rerole[strings.ToLower(memberUserID(m, cur.Details, resolved))] = true
	}
	var diags diag.Diagnostics
	values := map[string]attr.Value{}
	for _, m := range planned {
		uid := strings.ToLower(memberUserID(m, cur.Details, resolved))
		d, ok := byID[uid]
		if uid == "" || !ok {
			values[m.User] = types.ObjectUnknown(memberDetailAttrTypes)
			continue
		}
		membership := types.StringValue(d.MembershipID)
		if rerole[uid] {
			membership = types.StringUnknown()
		}
		v, dd := types.ObjectValue(memberDetailAttrTypes, map[string]attr.Value{
			"user_id": types.StringValue(d.UserID), "membership_id": membership, "display_name": types.StringValue(d.DisplayName),
		})
		diags.Append(dd...)
		values[m.User] = v
	}
	mv, dd := types.MapValue(objType, values)
	diags.Append(dd...)
	return mv, diags
}

// resolveForPlan finds the object ids of the planned members that state does not match. ok is
// false when that cannot be done for all of them now (a user not known until apply, no client yet,
// or Graph failed): the plan then leaves what depends on them unknown. A user principal name the
// directory does not know is an error, except for a member of another organisation (tenant_id),
// whom the home directory need not hold.
func (r *ChatResource) resolveForPlan(ctx context.Context, cur, want chatData, diags *diag.Diagnostics) (map[string]string, bool) {
	resolved := map[string]string{}
	for k, v := range cur.Details {
		if v.UserID != "" {
			resolved[rules.NormalizeUser(k)] = v.UserID
		}
	}
	ok := true
	var missing []memberConfig
	for _, m := range want.Members {
		if m.User == "" {
			ok = false // not known until apply
			continue
		}
		if memberUserID(m, cur.Details, resolved) == "" {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return resolved, ok
	}
	if r.data == nil || r.data.client == nil {
		return resolved, false
	}
	resolver := graph.NewUserResolver(r.data.client, resolved)
	for _, m := range missing {
		_, err := resolver.Resolve(ctx, m.User)
		switch {
		case err == nil:
		case graph.IsNotFound(err) && m.TenantID == "":
			diags.AddAttributeError(path.Root("members"), "User Not Found",
				fmt.Sprintf("Member %q in members is not a user of the directory: %s Check the spelling of the user principal name, or write the user's object id (a GUID) instead; a user of another organisation also needs tenant_id.", m.User, sentence(err.Error())))
			return resolved, false
		case graph.IsNotFound(err):
			ok = false // another organisation's user: POST /chats binds them with tenant_id
		default:
			tflog.Warn(ctx, "Could not resolve a member at plan time; the plan leaves member details unknown", map[string]any{"user": m.User, "error": err.Error()})
			return resolved, false
		}
	}
	return resolved, ok
}

// rewrittenMembers describes the planned members that state holds under another written form,
// with the same role.
func rewrittenMembers(cur chatData, planned []memberConfig, resolved map[string]string) []string {
	byID := map[string]memberConfig{}
	for _, m := range cur.Members {
		byID[strings.ToLower(memberUserID(m, cur.Details, resolved))] = m
	}
	var out []string
	for _, m := range planned {
		uid := memberUserID(m, cur.Details, resolved)
		if c, ok := byID[strings.ToLower(uid)]; ok && uid != "" && c.User != m.User && c.Role == m.Role {
			out = append(out, fmt.Sprintf("%q is %q", m.User, c.User))
		}
	}
	sort.Strings(out)
	return out
}
