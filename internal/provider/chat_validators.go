package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// stringRule adapts a pure rule (problem text, or "" when valid) into a string validator.
type stringRule struct {
	summary, description string
	check                func(string) string
}

func (v stringRule) Description(context.Context) string         { return v.description }
func (v stringRule) MarkdownDescription(context.Context) string { return v.description }

func (v stringRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := v.check(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, problem)
	}
}

func newGUIDValidator() validator.String {
	return stringRule{summary: "Invalid GUID", description: "value must be a GUID", check: rules.CheckGUID}
}

func newUserValidator() validator.String {
	return stringRule{summary: "Invalid User", description: "value must be an object id (GUID) or a user principal name", check: rules.CheckUser}
}

func newChatIDValidator() validator.String {
	return stringRule{summary: "Invalid Chat Id", description: "value must be a Teams chat id (19:…)", check: rules.CheckChatID}
}

func newTopicValidator() validator.String {
	return stringRule{summary: "Invalid Topic", description: fmt.Sprintf("at most %d characters, without ':'", rules.MaxTopicLength), check: rules.CheckTopic}
}

// ValidateConfig checks the rules that span attributes, at plan time.
func (r *ChatResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m chatResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.ChatType.IsUnknown() {
		return
	}
	chatType := m.ChatType.ValueString()
	if chatType == "oneOnOne" && !m.Topic.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("topic"), "Topic Not Allowed",
			"A topic can only be set on group chats: Graph refuses a topic on a oneOnOne chat. Remove topic or set chat_type = \"group\".")
	}
	if m.Members.IsNull() || m.Members.IsUnknown() {
		return
	}
	for _, e := range m.Members.Elements() {
		if e.IsUnknown() {
			return // checked again at apply, once the values are known
		}
	}
	var members []memberModel
	resp.Diagnostics.Append(m.Members.ElementsAs(ctx, &members, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if problem := rules.CheckMemberCount(chatType, len(members)); problem != "" {
		resp.Diagnostics.AddAttributeError(path.Root("members"), "Wrong Number Of Members", problem)
	}
	seen := map[string]bool{}
	for _, mm := range members {
		if mm.User.IsUnknown() || mm.User.IsNull() {
			continue
		}
		if !mm.TenantID.IsNull() && !mm.TenantID.IsUnknown() && setHas(ctx, mm.Roles, graph.RoleGuest) {
			resp.Diagnostics.AddAttributeError(path.Root("members"), "Guest Role Across Organisations",
				fmt.Sprintf("Member %q has tenant_id set (a user of another organisation) and the role \"guest\"; Graph requires users from outside the tenant to have the role \"owner\" (the guest role is for guest users of your own tenant).", mm.User.ValueString()))
		}
		key := rules.NormalizeUser(mm.User.ValueString())
		if seen[key] {
			resp.Diagnostics.AddAttributeError(path.Root("members"), "Duplicate Member",
				fmt.Sprintf("The user %q is listed more than once in members; each person can be a member only once.", mm.User.ValueString()))
		}
		seen[key] = true
	}
}

// setHas reports whether a known set of strings holds v.
func setHas(ctx context.Context, set types.Set, v string) bool {
	if set.IsNull() || set.IsUnknown() {
		return false
	}
	var values []string
	if set.ElementsAs(ctx, &values, false).HasError() {
		return false
	}
	for _, s := range values {
		if s == v {
			return true
		}
	}
	return false
}
