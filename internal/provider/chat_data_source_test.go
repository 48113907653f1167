package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
)

// TestAccChatDataSource_beyondTheExpandLimit reads a chat of 32 people: every member comes back,
// although Graph's $expand gives 25 and the member list comes in pages.
func TestAccChatDataSource_beyondTheExpandLimit(t *testing.T) {
	env := acctest.NewEnv(t)
	staff := env.Staff(t, 31)
	members := []member{owner(env.Users.Owners[0])}
	for _, id := range staff {
		members = append(members, owner(id))
	}
	config := env.ProviderConfig + chatHCL("big", "group", "Thirty-two people", "", members...) + `
data "teams_chat" "big" {
  id = teams_chat.big.id
}
`
	memberChecks := make([]knownvalue.Check, 0, len(members))
	for _, m := range members {
		memberChecks = append(memberChecks, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"user_id":       knownvalue.StringExact(m.user),
			"roles":         knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("owner")}),
			"membership_id": knownvalue.NotNull(),
			"tenant_id":     knownvalue.NotNull(),
		}))
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.teams_chat.big", tfjsonpath.New("members"), knownvalue.SetExact(memberChecks)),
				statecheck.ExpectKnownValue("data.teams_chat.big", tfjsonpath.New("chat_type"), knownvalue.StringExact("group")),
				statecheck.ExpectKnownValue("data.teams_chat.big", tfjsonpath.New("topic"), knownvalue.StringExact("Thirty-two people")),
				statecheck.CompareValuePairs("data.teams_chat.big", tfjsonpath.New("web_url"), "teams_chat.big", tfjsonpath.New("web_url"), compare.ValuesSame()),
				statecheck.CompareValuePairs("data.teams_chat.big", tfjsonpath.New("created_date_time"), "teams_chat.big", tfjsonpath.New("created_date_time"), compare.ValuesSame()),
				statecheck.CompareValuePairs("data.teams_chat.big", tfjsonpath.New("tenant_id"), "teams_chat.big", tfjsonpath.New("tenant_id"), compare.ValuesSame()),
				statecheck.ExpectKnownValue("teams_chat.big", tfjsonpath.New("members"), knownvalue.SetSizeExact(32)),
			},
		}},
	})
}

// TestAccChatDataSource_missing: a chat that does not exist is an error naming it.
func TestAccChatDataSource_missing(t *testing.T) {
	env := acctest.NewEnv(t)
	const id = "19:00000000000000000000000000000000@thread.v2"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{
			{
				Config:      env.ProviderConfig + fmt.Sprintf("data \"teams_chat\" \"x\" {\n  id = %q\n}\n", id),
				ExpectError: regexp.MustCompile(`Chat Not Found[\s\S]*` + regexp.QuoteMeta(id)),
			},
			{
				Config:      env.ProviderConfig + "data \"teams_chat\" \"x\" {\n  id = \"general\"\n}\n",
				ExpectError: regexp.MustCompile(`Invalid Chat Id`),
			},
		},
	})
}
