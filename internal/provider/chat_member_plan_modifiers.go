package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// ModifyPlan decides whether a new `user` is another person (replace) or the same person written
// in the other form (object id or user principal name: no change in Teams). It exists because
// an attribute plan modifier sees only text: RequiresReplace on `user` would remove and re-add
// someone whose configuration only switched forms. A user principal name is resolved with one
// GET /users/{upn}; when that cannot be done now (no client yet, or Graph failed), the plan
// replaces the member, which is what an unknown person needs.
func (r *ChatMemberResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state chatMemberResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || plan.User.Equal(state.User) {
		return
	}
	if plan.User.IsUnknown() || state.UserID.ValueString() == "" {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("user"))
		return
	}
	user := plan.User.ValueString()
	uid := ""
	switch {
	case rules.IsGUID(user):
		uid = user
	case r.data != nil && r.data.client != nil:
		id, err := newUserResolver(r.data.client).resolve(ctx, user)
		if graph.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("user"), "User Not Found", sentence(err.Error()))
			return
		}
		if err != nil {
			tflog.Warn(ctx, "Could not resolve the member at plan time; the plan replaces it", map[string]any{"user": user, "error": err.Error()})
		}
		uid = id
	}
	if uid == "" || !strings.EqualFold(uid, state.UserID.ValueString()) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("user"))
		return
	}
	resp.Diagnostics.AddWarning("Member Written In Another Form",
		fmt.Sprintf("The plan shows the user of chat member %s changing only in how it is written: %q is %q. Apply sends Microsoft Graph no request for it and records the form the configuration uses.",
			state.ID.ValueString(), user, state.User.ValueString()))
}
