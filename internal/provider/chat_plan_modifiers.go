package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

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
// GET /users/{upn}; none is looked up when state matches them all. When the people and their
// roles stay the same, the plan keeps member_details (keyed by the new forms) and
// last_updated_date_time, and a warning says that apply only records the new forms.
func (r *ChatResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || watchedUnchanged([]string{"members"}, req.State, req.Plan) {
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
	changes := planMemberChanges(cur, want.Members, resolved, want.Exclusive)
	same := ok && len(changes.Add)+len(changes.Remove)+len(changes.Reroles) == 0
	if cur.ChatType == graph.ChatTypeOneOnOne && !same {
		// Graph keeps a oneOnOne chat's two members fixed: other people mean another chat.
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("members"))
		return
	}
	if rewritten := rewrittenMembers(cur, want.Members, resolved); len(rewritten) > 0 {
		resp.Diagnostics.AddWarning("Members Written In Another Form",
			fmt.Sprintf("The plan shows members of chat %s changing only in how they are written (object id or user principal name): %s. They are already in the chat with these roles; apply sends Microsoft Graph no member request for them and records the form the configuration uses.",
				cur.ID, strings.Join(rewritten, "; ")))
	}
	if !same {
		return
	}
	details := map[string]memberDetail{}
	for _, m := range want.Members {
		uid := strings.ToLower(memberUserID(m, cur.Details, resolved))
		for _, d := range cur.Details {
			if strings.ToLower(d.UserID) == uid {
				details[m.User] = d
			}
		}
	}
	mv, d := memberDetailsValue(details)
	resp.Diagnostics.Append(d...)
	plan.MemberDetails = mv
	if want.Topic == cur.Topic {
		plan.LastUpdatedDateTime = state.LastUpdatedDateTime
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// resolveForPlan finds the object ids of the planned members that state does not match. ok is
// false when that cannot be done now (no client yet, or Graph failed): the plan then stays as the
// attribute plan modifiers made it. A user principal name Graph does not know is an error.
func (r *ChatResource) resolveForPlan(ctx context.Context, cur, want chatData, diags *diag.Diagnostics) (map[string]string, bool) {
	resolved := map[string]string{}
	for k, v := range cur.Details {
		if v.UserID != "" {
			resolved[rules.NormalizeUser(k)] = v.UserID
		}
	}
	var missing []string
	for _, m := range want.Members {
		if m.User == "" {
			return resolved, false // not known until apply
		}
		if memberUserID(m, cur.Details, resolved) == "" {
			missing = append(missing, m.User)
		}
	}
	if len(missing) == 0 {
		return resolved, true
	}
	if r.data == nil || r.data.client == nil {
		return resolved, false
	}
	resolver := newUserResolver(r.data.client)
	resolver.resolved = resolved
	for _, u := range missing {
		if _, err := resolver.resolve(ctx, u); err != nil {
			if graph.IsNotFound(err) {
				diags.AddAttributeError(path.Root("members"), "User Not Found",
					fmt.Sprintf("Member %q is not a user of the directory: %s", u, sentence(err.Error())))
				return resolved, false
			}
			tflog.Warn(ctx, "Could not resolve a member at plan time; the plan leaves member details unknown", map[string]any{"user": u, "error": err.Error()})
			return resolved, false
		}
	}
	return resolved, true
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
