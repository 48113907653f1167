package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// ModifyPlan warns, on a plan that destroys a member of another organisation, that Graph is
// reported not to remove them and that destroy then forgets them (Delete); and it decides whether a new `user` is another person (replace) or the same person written
// in the other form (object id or user principal name: no change in Teams). It exists because
// an attribute plan modifier sees only text: RequiresReplace on `user` would remove and re-add
// someone whose configuration only switched forms. A user principal name is resolved with one
// GET /users/{upn}; when that cannot be done now (no client yet, or Graph failed), the plan
// replaces the member, which is what an unknown person needs.
func (r *ChatMemberResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		r.refuseUnknownUser(ctx, req, resp)
		return
	}
	if req.Plan.Raw.IsNull() {
		warnForeignDestroy(ctx, req, resp)
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
		id, err := graph.NewUserResolver(r.data.client, nil).Resolve(ctx, user)
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

// warnForeignDestroy says at plan time what destroying a member of another organisation does.
// Terraform 1.3 and later plan destroys through the provider, so the warning shows in the plan.
func warnForeignDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state chatMemberResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.TenantID.ValueString() == "" {
		return
	}
	resp.Diagnostics.AddWarning("Member Of Another Organisation May Stay In Chat",
		fmt.Sprintf("%s belongs to another organisation (tenant %s), and Microsoft Graph is reported not to remove such members from a chat (field reports: microsoft-graph-docs-contrib#2180, msgraph-sdk-dotnet#1111). If Graph refuses, destroying this resource only removes the member from Terraform state, with a warning, and they stay in chat %s: remove them in Teams if they must leave.",
			state.User.ValueString(), state.TenantID.ValueString(), state.ChatID.ValueString()))
}

// refuseUnknownUser looks up, for a member to be added, a user principal name the directory may
// not know (one GET /users/{upn}), so that a misspelt name is an error at plan rather than at
// apply. When Graph cannot answer now (no client yet, or another failure), apply finds out.
func (r *ChatMemberResource) refuseUnknownUser(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var user types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("user"), &user)...)
	if resp.Diagnostics.HasError() || user.IsUnknown() || user.IsNull() || rules.IsGUID(user.ValueString()) || r.data == nil || r.data.client == nil {
		return
	}
	var tenant types.String
	if resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("tenant_id"), &tenant)...); tenant.ValueString() != "" || tenant.IsUnknown() {
		return // a user of another organisation: the home directory does not hold them
	}
	_, err := graph.NewUserResolver(r.data.client, nil).Resolve(ctx, user.ValueString())
	switch {
	case graph.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("user"), "User Not Found",
			fmt.Sprintf("user = %q: no user of the directory has this user principal name, so the member cannot be added. Check the spelling "+
				"(a guest's user principal name looks like name_example.com#EXT#@contoso.onmicrosoft.com), or write the user's object id "+
				"(a GUID, shown on the user's page in the Microsoft Entra admin center).", user.ValueString()))
	case err != nil:
		tflog.Warn(ctx, "Could not look the member up at plan time; apply does", map[string]any{"user": user.ValueString(), "error": err.Error()})
	}
}
