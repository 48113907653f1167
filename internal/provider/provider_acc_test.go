package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
)

// TestAccProvider_configuration: configuration mistakes are reported on the attribute, with both
// conflicting attributes named; values unknown at plan time are waited for.
func TestAccProvider_configuration(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	chat := chatHCL("c", "group", "Config", "", owner(env.Users.Owners[0]), owner(env.Users.Owners[1]))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "teams" {
  graph_endpoint = %q
  access_token   = "t"
  client_secret  = "s"
}
`, env.Emulator.URL) + chat,
			ExpectError: regexp.MustCompile(`(?s)Conflicting Credentials.*Both "access_token" and "client_secret" are set`),
		}, {
			Config:      acctest.EmulatorProviderConfig("http://graph.example.com/v1.0", "t") + chat,
			ExpectError: regexp.MustCompile(`(?s)Invalid Graph Endpoint.*uses plain http: only loopback hosts`),
		}, {
			Config: fmt.Sprintf(`
provider "teams" {
  graph_endpoint = %q
  environment    = "mars"
  access_token   = "t"
}
`, env.Emulator.URL) + chat,
			ExpectError: regexp.MustCompile(`environment value must be one of`),
		}, {
			Config: fmt.Sprintf(`
provider "teams" {
  graph_endpoint = %q
  tenant_id      = "contoso"
  access_token   = "t"
}
`, env.Emulator.URL) + chat,
			ExpectError: regexp.MustCompile(`(?s)Invalid GUID.*"contoso" is not a GUID`),
		}, {
			// The token comes from another resource: unknown while planning, known when applying.
			Config: fmt.Sprintf(`
resource "terraform_data" "token" {
  input = "token-from-a-resource"
}

provider "teams" {
  graph_endpoint = %q
  access_token   = terraform_data.token.output
}
`, env.Emulator.URL) + chat,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("topic"), knownvalue.StringExact("Config")),
			},
		}},
	})
}
