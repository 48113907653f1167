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
	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestAccAppDataSource finds one app by id, external id or name; none, several, or not exactly one
// look-up attribute is an error that says which.
func TestAccAppDataSource(t *testing.T) {
	env := acctest.NewEnv(t)
	apps := env.CatalogApps(t)
	lookup := func(name, attr, value string) string {
		return fmt.Sprintf("data \"teams_app\" %q {\n  %s = %q\n}\n", name, attr, value)
	}
	config := env.ProviderConfig + lookup("by_external_id", "external_id", apps.BoardExternalID) +
		lookup("by_id", "id", apps.Board) + lookup("by_name", "display_name", apps.BoardName)
	same := func(addr string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(apps.Board)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("external_id"), knownvalue.StringExact(apps.BoardExternalID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("display_name"), knownvalue.StringExact(apps.BoardName)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("distribution_method"), knownvalue.StringExact("organization")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("version"), knownvalue.NotNull()),
		}
	}
	var checks []statecheck.StateCheck
	for _, addr := range []string{"data.teams_app.by_external_id", "data.teams_app.by_id", "data.teams_app.by_name"} {
		checks = append(checks, same(addr)...)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		// The valid configuration comes last: the destroy after the test uses the last one.
		Steps: []resource.TestStep{
			{
				Config:      env.ProviderConfig + lookup("none", "external_id", "no-such-app-"+t.Name()),
				ExpectError: regexp.MustCompile(`(?s)App Not Found.*external_id = "no-such-app-`),
			},
			{
				Config:      env.ProviderConfig + "data \"teams_app\" \"x\" {\n  id = \"a\"\n  display_name = \"b\"\n}\n",
				ExpectError: regexp.MustCompile(`Invalid Attribute Combination`),
			},
			{
				Config:      env.ProviderConfig + "data \"teams_app\" \"x\" {\n}\n",
				ExpectError: regexp.MustCompile(`Missing Attribute Configuration`),
			},
			{Config: config, ConfigStateChecks: checks},
		},
	})
}

// TestAccAppDataSource_several: two catalog apps with one name are an error listing both.
func TestAccAppDataSource_several(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t) // sets its own catalog
	catalog := emulator.DefaultCatalog()
	catalog.Apps = append(catalog.Apps, emulator.App{ID: "11111111-2222-4333-8444-555555555555", DisplayName: "Forms",
		DistributionMethod: "organization", Versions: []string{"0.1.0"}})
	if err := env.Emulator.SetCatalog(catalog); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{{
			Config:      env.ProviderConfig + "data \"teams_app\" \"forms\" {\n  display_name = \"Forms\"\n}\n",
			ExpectError: regexp.MustCompile(`(?s)Several Apps Found.*11111111-2222-4333-8444-555555555555.*` + emulator.FormsAppID + `|(?s)Several Apps Found.*` + emulator.FormsAppID + `.*11111111`),
		}},
	})
}
