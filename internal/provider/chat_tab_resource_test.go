package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// TestAccChatTab_lifecycle: a tab of an installed app and a Website tab (no installation); rename
// and reconfigure in place; import; drift (renamed or removed in Teams, the app uninstalled).
func TestAccChatTab_lifecycle(t *testing.T) {
	env := acctest.NewEnv(t)
	u, apps := env.Users, env.CatalogApps(t)
	base := env.ProviderConfig + chatHCL("c", "group", "Tabs", "", owner(u.Owners[0]), owner(u.Owners[1])) +
		installationHCL("board", apps.Board, "") + websiteTabHCL("https://contoso.com/phoenix")
	config := base + boardTabHCL("board", "Board", "https://board.contoso.com/b/1/tab")
	renamed := base + boardTabHCL("board", "Roadmap", "https://board.contoso.com/b/1/roadmap")
	var chatID string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("teams_chat.c", &chatID),
					testAccCheckChatTabExists(env, "teams_chat_tab.site"),
					checkTab(env, "teams_chat_tab.board", tabNamed("Board")),
					checkTab(env, "teams_chat_tab.site", func(t graph.Tab) error {
						if t.Configuration.ContentURL != "https://contoso.com/phoenix" || t.Configuration.EntityID != "" {
							return fmt.Errorf("website tab: %+v", t.Configuration)
						}
						return nil
					}),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("teams_chat_tab.board", tfjsonpath.New("tab_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("teams_chat_tab.board", tfjsonpath.New("web_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://teams\.microsoft\.com/l/entity/`))),
					statecheck.ExpectKnownValue("teams_chat_tab.board", tfjsonpath.New("configuration").AtMapKey("remove_url"), knownvalue.Null()),
				},
			},
			{
				Config: renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_tab.board", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("teams_chat_tab.board", tfjsonpath.New("web_url"), knownvalue.NotNull()),
				}},
				Check: checkTab(env, "teams_chat_tab.board", func(t graph.Tab) error {
					if t.DisplayName != "Roadmap" || t.Configuration.ContentURL != "https://board.contoso.com/b/1/roadmap" {
						return fmt.Errorf("after update: %+v", t)
					}
					return nil
				}),
			},
			{
				ResourceName:      "teams_chat_tab.board",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Renamed in Teams: drift, put back in place.
				PreConfig: graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
					tabs, err := c.ListTabs(ctx, chatID, apps.Board)
					if err != nil || len(tabs) != 1 {
						return fmt.Errorf("board tabs %v: %w", tabs, err)
					}
					_, err = c.UpdateTab(ctx, chatID, tabs[0].ID, graph.TabSpec{DisplayName: "Renamed in Teams", Configuration: tabs[0].Configuration})
					return err
				}),
				Config: renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_tab.board", plancheck.ResourceActionUpdate),
				}},
				Check: checkTab(env, "teams_chat_tab.board", tabNamed("Roadmap")),
			},
			{
				// Removed in Teams: pinned again.
				PreConfig: graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
					tabs, err := c.ListTabs(ctx, chatID, "com.microsoft.teamspace.tab.web")
					if err != nil || len(tabs) != 1 {
						return fmt.Errorf("website tabs %v: %w", tabs, err)
					}
					return c.DeleteTab(ctx, chatID, tabs[0].ID)
				}),
				Config: renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_tab.site", plancheck.ResourceActionCreate),
				}},
				Check: checkTab(env, "teams_chat_tab.site", tabNamed("Site")),
			},
			{
				// The app uninstalled in Teams takes its tab along: both come back.
				PreConfig: graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
					in, err := c.FindInstallation(ctx, chatID, apps.Board)
					if err != nil {
						return err
					}
					return c.UninstallApp(ctx, chatID, in.ID)
				}),
				Config: renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_app_installation.board", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("teams_chat_tab.board", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("teams_chat_tab.site", plancheck.ResourceActionNoop),
				}},
				Check: checkTab(env, "teams_chat_tab.board", tabNamed("Roadmap")),
			},
		},
	})
}

// TestAccChatTab_refusals: a tab whose app is not installed says so and names
// teams_chat_app_installation; a static tab is refused with an explanation; the Website tab's
// configuration is checked at plan time.
func TestAccChatTab_refusals(t *testing.T) {
	env := acctest.NewEnv(t)
	u, apps := env.Users, env.CatalogApps(t)
	chat := chatHCL("c", "group", "Refusals", "", owner(u.Owners[0]), owner(u.Owners[1]))
	notInstalled := env.ProviderConfig + chat + fmt.Sprintf(`
resource "teams_chat_tab" "board" {
  chat_id      = teams_chat.c.id
  teams_app_id = %q
  display_name = "Board"
  configuration = {
    content_url = "https://board.contoso.com/b/1/tab"
  }
}
`, apps.Board)
	static := env.ProviderConfig + chat + installationHCL("handbook", apps.Static, "") + `
resource "teams_chat_tab" "handbook" {
  chat_id      = teams_chat.c.id
  teams_app_id = teams_chat_app_installation.handbook.teams_app_id
  display_name = "Handbook"
  configuration = {
    content_url = "https://handbook.contoso.com"
  }
}
`
	badWebsite := env.ProviderConfig + chat + strings.Replace(websiteTabHCL("https://contoso.com"), `website_url = "https://contoso.com"`, `website_url = "https://elsewhere.com"`, 1)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{Config: badWebsite, PlanOnly: true, ExpectError: regexp.MustCompile(`Website Tab Configuration`)},
			{Config: notInstalled, ExpectError: regexp.MustCompile(`(?s)is not installed in chat.*teams_chat_app_installation`)},
			{Config: static, ExpectError: regexp.MustCompile(`(?s)static tab.*manifest`)},
		},
	})
}

// TestAccChatTab_chatReplaced: when the chat is replaced, its tab is replaced with it and pinned
// to the new chat.
func TestAccChatTab_chatReplaced(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	config := func(generation int) string {
		return env.ProviderConfig + fmt.Sprintf(`
resource "terraform_data" "generation" {
  input = %d
}
`, generation) + strings.Replace(chatHCL("c", "group", "Replaced", "", owner(u.Owners[0]), owner(u.Owners[1])),
			"  members = [", "  lifecycle {\n    replace_triggered_by = [terraform_data.generation]\n  }\n  members = [", 1) +
			websiteTabHCL("https://contoso.com/gen")
	}
	var first, second string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{Config: config(1), Check: captureID("teams_chat.c", &first)},
			{
				Config: config(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("teams_chat_tab.site", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("teams_chat.c", &second),
					func(s *terraform.State) error {
						if first == second {
							return fmt.Errorf("the chat was not replaced")
						}
						if got := s.RootModule().Resources["teams_chat_tab.site"].Primary.Attributes["chat_id"]; got != second {
							return fmt.Errorf("the tab is in chat %s, want the new chat %s", got, second)
						}
						return nil
					},
					checkTab(env, "teams_chat_tab.site", tabNamed("Site")),
				),
			},
		},
	})
}
