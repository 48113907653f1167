package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// TestChatTabValidateConfig: a Website tab shows one site (website_url = content_url) and has no
// entity_id or remove_url; other apps' tabs are not checked.
func TestChatTabValidateConfig(t *testing.T) {
	r := NewChatTabResource().(*ChatTabResource)
	cfgType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"entity_id": tftypes.String, "content_url": tftypes.String, "website_url": tftypes.String, "remove_url": tftypes.String}}
	tab := func(app, entity, content, website string) map[string]tftypes.Value {
		opt := func(s string) tftypes.Value {
			if s == "" {
				return tftypes.NewValue(tftypes.String, nil)
			}
			return str(s)
		}
		return map[string]tftypes.Value{"chat_id": str("19:c@thread.v2"), "teams_app_id": str(app), "display_name": str("Site"),
			"configuration": tftypes.NewValue(cfgType, map[string]tftypes.Value{"entity_id": opt(entity), "content_url": opt(content), "website_url": opt(website), "remove_url": opt("")})}
	}
	const site, other = "https://contoso.com", "https://fabrikam.com"
	for name, tc := range map[string]struct {
		vals map[string]tftypes.Value
		want []path.Path
	}{
		"website tab":              {tab(rules.WebsiteTabAppID, "", site, site), nil},
		"website tab, entity id":   {tab(rules.WebsiteTabAppID, "e", site, site), []path.Path{path.Root("configuration")}},
		"website tab, two sites":   {tab(rules.WebsiteTabAppID, "", site, other), []path.Path{path.Root("configuration").AtName("website_url")}},
		"another app, two sites":   {tab("a-board-app", "e", site, other), nil},
		"website tab, no sub-site": {tab(rules.WebsiteTabAppID, "", site, ""), []path.Path{path.Root("configuration").AtName("website_url")}},
	} {
		got := validate(r, tc.vals)
		if len(got) != len(tc.want) || (len(got) == 1 && !got[0].Equal(tc.want[0])) {
			t.Errorf("%s: errors at %v, want %v", name, got, tc.want)
		}
	}
}
