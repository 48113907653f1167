package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// ValidateConfig checks the rules that span attributes, at plan time.
func (r *ChatMemberResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m chatMemberResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.TenantID.IsNull() && !m.TenantID.IsUnknown() && m.Role.ValueString() == graph.RoleGuest {
		resp.Diagnostics.AddAttributeError(path.Root("role"), "Guest Role Across Organisations",
			"tenant_id is set (a user of another organisation) and role is \"guest\"; Graph requires users from outside the tenant to have the role \"owner\" (the guest role is for guest users of your own tenant).")
	}
}
