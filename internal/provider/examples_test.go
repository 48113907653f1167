package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
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

func readExample(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", path))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestAccExamples applies every example meant to apply against the emulator: the resource examples,
// alone and as `make demo` uses them (with examples/demo, which configures the provider from the
// environment and adds outputs). A second plan must be empty. examples/provider holds placeholder
// credentials, and the import examples name a chat that exists only in their reader's tenant.
func TestAccExamples(t *testing.T) {
	resources := "examples/resources/teams_chat/resource.tf"
	for name, files := range map[string][]string{
		"resources": {resources},
		"demo":      {"examples/demo/main.tf", resources},
	} {
		t.Run(name, func(t *testing.T) {
			env := acctest.NewEnv(t)
			env.RequireEmulator(t)
			var config string
			for _, f := range files {
				config += readExample(t, f) + "\n"
			}
			if name == "demo" {
				// The demo configures the provider from the environment, as `make demo` does, and its
				// required_providers block names the provider's real address.
				t.Setenv("TEAMS_GRAPH_ENDPOINT", env.Emulator.URL)
				t.Setenv("TEAMS_ACCESS_TOKEN", "examples-token")
				t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "teams-terraform")
			} else {
				config = env.ProviderConfig + config
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             testAccCheckAllDestroyed(env),
				Steps: []resource.TestStep{
					{Config: config, Check: func(*terraform.State) error {
						// Six chats, of which examples 1 and 5 name the same two people: five in Graph.
						if n := len(env.Emulator.Chats()); n != 5 {
							return fmt.Errorf("the emulator holds %d chats, want 5", n)
						}
						return nil
					}},
					{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
				},
			})
		})
	}
}

// TestAccExamples_membersAndLookups applies the teams_chat_member example alone, then the
// resource examples of teams_chat with the teams_chats example, whose look-up finds the project
// chat they create.
func TestAccExamples_membersAndLookups(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	members := env.ProviderConfig + readExample(t, "examples/resources/teams_chat_member/resource.tf")
	lookup := env.ProviderConfig + readExample(t, "examples/resources/teams_chat/resource.tf")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: members,
				Check: checkChat(env, "teams_chat.launch", func(c graph.Chat) error {
					if len(c.Members) != 4 {
						return fmt.Errorf("the launch chat has %d members, want 4 (two listed, two added by teams_chat_member)", len(c.Members))
					}
					return nil
				}),
			},
			{Config: members, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{Config: lookup},
			{
				Config: lookup + readExample(t, "examples/data-sources/teams_chats/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("data.teams_chats.phoenix", tfjsonpath.New("chats").AtSliceIndex(0).AtMapKey("id"),
						"teams_chat.phoenix", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("data.teams_chats.phoenix", tfjsonpath.New("chats"), knownvalue.ListSizeExact(1)),
				},
			},
			// A second chat of the same topic and people: the example's look-up still plans (it does
			// not use one()), and its output names the newest chat.
			{Config: lookup + phoenixAgain},
			{
				Config: lookup + phoenixAgain + readExample(t, "examples/data-sources/teams_chats/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.teams_chats.phoenix", tfjsonpath.New("chats"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownOutputValue("phoenix_chats_created", knownvalue.MapSizeExact(2)),
				},
				Check: func(s *terraform.State) error {
					newest, out := s.RootModule().Resources["teams_chat.phoenix_again"].Primary.ID, s.RootModule().Outputs["phoenix_chat_id"]
					if out == nil || out.Value != newest {
						return fmt.Errorf("phoenix_chat_id is %v, want the newest Project Phoenix chat %s", out, newest)
					}
					return nil
				},
			},
		},
	})
}

// phoenixAgain is a second chat named Project Phoenix with Adele and Jacob in it.
const phoenixAgain = `
resource "teams_chat" "phoenix_again" {
  chat_type = "group"
  topic     = "Project Phoenix"
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "jacob@contoso.com", roles = ["owner"] },
    { user = "alex@contoso.com", roles = ["owner"] },
  ]
}
`

// TestAccExamples_appsAndTabs applies the examples of teams_chat_app_installation, teams_chat_tab
// and the teams_app data source, each on its own, against the emulator's default catalog; a
// second plan must be empty.
func TestAccExamples_appsAndTabs(t *testing.T) {
	for _, file := range []string{
		"examples/resources/teams_chat_app_installation/resource.tf",
		"examples/resources/teams_chat_tab/resource.tf",
		"examples/data-sources/teams_app/data-source.tf",
	} {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			env := acctest.NewEnv(t)
			env.RequireEmulator(t)
			config := env.ProviderConfig + readExample(t, file)
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             testAccCheckAllDestroyed(env),
				Steps: []resource.TestStep{
					{Config: config},
					{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
				},
			})
		})
	}
}
