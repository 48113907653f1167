package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// TestAccChatAppInstallation_lifecycle: install, import, drift (uninstalled in Teams: installed
// again), adoption of an app installed by hand, destroy.
func TestAccChatAppInstallation_lifecycle(t *testing.T) {
	env := acctest.NewEnv(t)
	u, apps := env.Users, env.CatalogApps(t)
	chat := chatHCL("c", "group", "Apps", "", owner(u.Owners[0]), owner(u.Owners[1]))
	board := env.ProviderConfig + chat + fmt.Sprintf(`
data "teams_app" "board" {
  external_id = %q
}
`, apps.BoardExternalID) + `
resource "teams_chat_app_installation" "board" {
  chat_id      = teams_chat.c.id
  teams_app_id = data.teams_app.board.id
}
`
	var chatID string
	sameInstallation := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: board,
				Check: resource.ComposeAggregateTestCheckFunc(captureID("teams_chat.c", &chatID), checkInstalled(env, &chatID, apps.Board, true),
					testAccCheckChatAppInstallationExists(env, "teams_chat_app_installation.board")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("teams_chat_app_installation.board", tfjsonpath.New("teams_app_id"), knownvalue.StringExact(apps.Board)),
					statecheck.ExpectKnownValue("teams_chat_app_installation.board", tfjsonpath.New("app_display_name"), knownvalue.StringExact(apps.BoardName)),
					statecheck.ExpectKnownValue("teams_chat_app_installation.board", tfjsonpath.New("app_version"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("teams_chat_app_installation.board", tfjsonpath.New("installation_id"), knownvalue.NotNull()),
					sameInstallation.AddStateValue("teams_chat_app_installation.board", tfjsonpath.New("installation_id")),
				},
			},
			{
				ResourceName:      "teams_chat_app_installation.board",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Uninstalled in Teams: the refresh drops it, the plan installs it again.
				PreConfig: graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
					in, err := c.FindInstallation(ctx, chatID, apps.Board)
					if err != nil {
						return err
					}
					return c.UninstallApp(ctx, chatID, in.ID)
				}),
				Config: board,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_app_installation.board", plancheck.ResourceActionCreate),
				}},
				Check: checkInstalled(env, &chatID, apps.Board, true),
			},
			{
				// Installed by hand: adopted, no error, the same installation.
				PreConfig: graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
					_, _, err := c.InstallApp(ctx, chatID, apps.Store)
					return err
				}),
				Config: board + installationHCL("store", apps.Store, ""),
				Check: func(s *terraform.State) error {
					client, err := env.GraphClient()
					if err != nil {
						return err
					}
					in, err := client.FindInstallation(context.Background(), chatID, apps.Store)
					if err != nil {
						return err
					}
					if got := s.RootModule().Resources["teams_chat_app_installation.store"].Primary.Attributes["installation_id"]; got != in.ID {
						return fmt.Errorf("installation %q, want the existing %q", got, in.ID)
					}
					return nil
				},
			},
			{
				// Removing the resources uninstalls the apps; the chat stays.
				Config: env.ProviderConfig + chat,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkInstalled(env, &chatID, apps.Board, false),
					checkInstalled(env, &chatID, apps.Store, false),
				),
			},
		},
	})
}

// TestAccChatAppInstallation_upgrade: with upgrade = true a newer catalog version plans an
// in-place change of app_version and apply upgrades; without it the installation stays.
func TestAccChatAppInstallation_upgrade(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t) // publishes a new version to the catalog
	u, apps := env.Users, env.CatalogApps(t)
	config := env.ProviderConfig + chatHCL("c", "group", "Upgrades", "", owner(u.Owners[0]), owner(u.Owners[1])) +
		installationHCL("kept", apps.Board, "  upgrade = true\n") +
		chatHCL("d", "group", "Pinned", "", owner(u.Owners[0]), owner(u.Owners[1])) + `
resource "teams_chat_app_installation" "pinned" {
  chat_id      = teams_chat.d.id
  teams_app_id = teams_chat_app_installation.kept.teams_app_id
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("teams_chat_app_installation.kept", tfjsonpath.New("app_version"), knownvalue.StringExact("1.0.0")),
				},
			},
			{
				PreConfig: func() {
					if err := env.Emulator.PublishAppVersion(apps.Board, "1.1.0"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_app_installation.kept", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("teams_chat_app_installation.kept", tfjsonpath.New("app_version"), knownvalue.StringExact("1.1.0")),
					plancheck.ExpectResourceAction("teams_chat_app_installation.pinned", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("teams_chat_app_installation.kept", tfjsonpath.New("app_version"), knownvalue.StringExact("1.1.0")),
					statecheck.ExpectKnownValue("teams_chat_app_installation.pinned", tfjsonpath.New("app_version"), knownvalue.StringExact("1.0.0")),
				},
			},
		},
	})
}

// TestAccChatAppInstallation_publishedVersionsOnly: versions submitted for review are in the
// catalog but Graph neither installs nor upgrades to them, so teams_app reports the published
// version and upgrade = true plans nothing (before, it planned the submitted version and apply
// ended in "Provider produced inconsistent result"). Once an administrator publishes them, the next
// plan shows the upgrades and apply performs them, consenting to the new version's permissions for
// the app that asks for resource-specific consent.
func TestAccChatAppInstallation_publishedVersionsOnly(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t) // the default catalog's submitted versions, published out of band
	u, apps := env.Users, env.CatalogApps(t)
	consent := env.ConsentApp(t)
	config := env.ProviderConfig + chatHCL("c", "group", "Pending versions", "", owner(u.Owners[0]), owner(u.Owners[1])) +
		fmt.Sprintf("data \"teams_app\" \"board\" {\n  id = %q\n}\n", apps.Board) +
		installationHCL("board", apps.Board, "  upgrade = true\n") + installationHCL("standup", consent, "  upgrade = true\n")
	at := func(v string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.teams_app.board", tfjsonpath.New("version"), knownvalue.StringExact(v)),
			statecheck.ExpectKnownValue("teams_chat_app_installation.board", tfjsonpath.New("app_version"), knownvalue.StringExact(v)),
			statecheck.ExpectKnownValue("teams_chat_app_installation.standup", tfjsonpath.New("app_version"), knownvalue.StringExact(v)),
		}
	}
	var chatID string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(captureID("teams_chat.c", &chatID),
					checkVersion(env, &chatID, apps.Board, version("1.0.0")), checkVersion(env, &chatID, consent, version("1.0.0"))),
				ConfigStateChecks: at("1.0.0"),
			},
			{
				// Planned again: nothing to upgrade while 1.1.0 waits for review.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				PreConfig: func() {
					for _, app := range []string{apps.Board, consent} {
						if err := env.Emulator.PublishAppVersion(app, "1.1.0"); err != nil {
							t.Fatal(err)
						}
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_app_installation.board", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("teams_chat_app_installation.board", tfjsonpath.New("app_version"), knownvalue.StringExact("1.1.0")),
					plancheck.ExpectResourceAction("teams_chat_app_installation.standup", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("teams_chat_app_installation.standup", tfjsonpath.New("app_version"), knownvalue.StringExact("1.1.0")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkVersion(env, &chatID, apps.Board, version("1.1.0")), checkVersion(env, &chatID, consent, version("1.1.0"))),
				ConfigStateChecks: at("1.1.0"),
			},
		},
	})
}

// TestAccChatAppInstallation_consent: an app whose published version declares resource-specific
// permissions installs (the provider consents to exactly those, with the documented permissions),
// at the catalog's current version, and is removed on destroy.
func TestAccChatAppInstallation_consent(t *testing.T) {
	env := acctest.NewEnv(t)
	u, consent := env.Users, env.ConsentApp(t)
	chat := chatHCL("c", "group", "Consent", "", owner(u.Owners[0]), owner(u.Owners[1]))
	current := func(ctx context.Context, c *graph.Client) (string, error) {
		d, found, err := c.CurrentDefinition(ctx, consent)
		if err == nil && (!found || len(d.Permissions) == 0) {
			err = fmt.Errorf("app %s should have a published version that declares resource-specific permissions", consent)
		}
		return d.Version, err
	}
	var chatID string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: env.ProviderConfig + chat + installationHCL("standup", consent, ""),
				Check: resource.ComposeAggregateTestCheckFunc(captureID("teams_chat.c", &chatID),
					checkInstalled(env, &chatID, consent, true), checkVersion(env, &chatID, consent, current)),
			},
			{
				Config: env.ProviderConfig + chat,
				Check:  checkInstalled(env, &chatID, consent, false),
			},
		},
	})
}

// TestAccChatAppInstallation_validation: plan-time and import errors.
func TestAccChatAppInstallation_validation(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config:      env.ProviderConfig + "resource \"teams_chat_app_installation\" \"a\" {\n  chat_id = \"general\"\n  teams_app_id = \"x\"\n}\n",
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Invalid Chat Id`),
			},
			{
				Config:        env.ProviderConfig + "resource \"teams_chat_app_installation\" \"a\" {\n  chat_id = \"19:abc@thread.v2\"\n  teams_app_id = \"x\"\n}\n",
				ResourceName:  "teams_chat_app_installation.a",
				ImportState:   true,
				ImportStateId: "19:abc@thread.v2",
				ExpectError:   regexp.MustCompile(`Invalid Import Id`),
			},
		},
	})
}
