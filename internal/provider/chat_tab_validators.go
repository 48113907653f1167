package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// ValidateConfig checks the Website tab's documented configuration at plan time: its content and
// website URLs are the site's address, and it has no entity or remove URL.
func (r *ChatTabResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m chatTabModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.TeamsAppID.ValueString() != rules.WebsiteTabAppID || m.Configuration == nil {
		return
	}
	cfg := m.Configuration
	if !cfg.EntityID.IsNull() || !cfg.RemoveURL.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("configuration"), "Website Tab Configuration",
			"A Website tab ("+rules.WebsiteTabAppID+") has no entity_id and no remove_url: set content_url and website_url to the site's address.")
	}
	if !cfg.WebsiteURL.IsUnknown() && !cfg.ContentURL.IsUnknown() && !cfg.WebsiteURL.Equal(cfg.ContentURL) {
		resp.Diagnostics.AddAttributeError(path.Root("configuration").AtName("website_url"), "Website Tab Configuration",
			"A Website tab shows one site: set website_url to the same address as content_url.")
	}
}
