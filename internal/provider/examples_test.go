package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
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
