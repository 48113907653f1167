package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
)

// TestAccChat_planIsKept: what the plan shows is what apply does. A member taken out of members in
// the same change that sets members_exclusive = false is shown removed and is removed. A member
// change keeps the member_details of those who stay known in the plan (a re-roled member's
// membership id and new members' details are unknown), and apply makes them so.
func TestAccChat_planIsKept(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	four := []member{owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2]), owner(u.OwnerUPN)}
	var chatID string
	const addr = "teams_chat.c"
	details := func(key string) tfjsonpath.Path { return tfjsonpath.New("member_details").AtMapKey(key) }
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{
			{
				Config: env.ProviderConfig + chatHCL("c", "group", "Promises", "", four...),
				Check:  captureID(addr, &chatID),
			},
			{
				// Not exclusive any more, and Lynne taken out in the same change: shown, and done.
				Config: env.ProviderConfig + chatHCL("c", "group", "Promises", notExclusive, four[0], four[1], four[3]),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("members"), knownvalue.SetSizeExact(3)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkChat(env, addr, hasMember(u.Owners[2], "")),
					checkChat(env, addr, hasMember(u.Owners[0], "owner")),
				),
			},
			{
				// A member added, one re-roled, one removed: the others' details stay known.
				Config: env.ProviderConfig + chatHCL("c", "group", "Promises", notExclusive, four[0], guest(u.Owners[1]), owner(u.Owners[3])),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, details(u.Owners[0]), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"user_id": knownvalue.StringExact(u.Owners[0]), "membership_id": knownvalue.NotNull(), "display_name": knownvalue.NotNull(),
					})),
					plancheck.ExpectKnownValue(addr, details(u.Owners[1]).AtMapKey("user_id"), knownvalue.StringExact(u.Owners[1])),
					plancheck.ExpectUnknownValue(addr, details(u.Owners[1]).AtMapKey("membership_id")),
					plancheck.ExpectUnknownValue(addr, details(u.Owners[3])),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkChat(env, addr, hasMember(u.Owners[1], "guest")),
					checkChat(env, addr, hasMember(u.Owners[3], "owner")),
					checkChat(env, addr, hasMember(u.OwnerUPNID, "")),
					func(s *terraform.State) error {
						if got := s.RootModule().Resources[addr].Primary.Attributes["member_details."+u.Owners[3]+".user_id"]; got != u.Owners[3] {
							return fmt.Errorf("member_details of the new member: user_id %q", got)
						}
						return nil
					},
				),
			},
			{
				Config:           env.ProviderConfig + chatHCL("c", "group", "Promises", notExclusive, four[0], guest(u.Owners[1]), owner(u.Owners[3])),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestAccChat_foreignMemberNotRemovable: a change that would need Graph to remove a member of
// another organisation (taken out of members, or taken out while members_exclusive switches to
// false) is refused at plan, naming the member and the ways out, with no write to Graph; keeping
// them listed plans and applies the rest.
func TestAccChat_foreignMemberNotRemovable(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	fed := member{user: u.Federated, role: "owner", tenant: u.FederatedTenant}
	o1, o2, o3 := owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2])
	refused := regexp.MustCompile(`(?s)Member Of Another Organisation Cannot Be Removed.*` + u.Federated + `.*` + u.FederatedTenant + `.*Keep them in members.*remove them from the chat in Teams`)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{
			{Config: env.ProviderConfig + chatHCL("c", "group", "Across organisations", "", o1, o2, fed)},
			{
				PreConfig:   resetCounts(env),
				Config:      env.ProviderConfig + chatHCL("c", "group", "Across organisations", "", o1, o2, o3),
				PlanOnly:    true,
				ExpectError: refused,
			},
			{
				Config:      env.ProviderConfig + chatHCL("c", "group", "Across organisations", notExclusive, o1, o2),
				PlanOnly:    true,
				ExpectError: refused,
			},
			{
				PreConfig: noGraphWrites(t, env),
				Config:    env.ProviderConfig + chatHCL("c", "group", "Across organisations", "", o1, o2, o3, fed),
				Check:     checkChat(env, "teams_chat.c", hasMember(u.Owners[2], "owner")),
			},
		},
	})
}

// TestAccChat_membersRefusedAtPlan: the same person listed under two names (object id and user
// principal name, in any case), and a user principal name the directory does not know, are errors
// at plan for a new chat and for an existing one, naming members and the entries, with no write
// to Graph.
func TestAccChat_membersRefusedAtPlan(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	o1, o2 := owner(u.Owners[0]), owner(u.Owners[1])
	upper := strings.ToUpper(u.OwnerUPN)
	// Either entry may come first: members is a set.
	twice := regexp.MustCompile(`(?s)Duplicate Member.*members lists the same person more than once:\s+"(` + regexp.QuoteMeta(upper) + `"\s+and\s+"` + strings.ToUpper(u.OwnerUPNID) + `|` +
		strings.ToUpper(u.OwnerUPNID) + `"\s+and\s+"` + regexp.QuoteMeta(upper) + `)"\s+are\s+one\s+user,\s+` + u.OwnerUPNID)
	unknown := regexp.MustCompile(`(?s)User Not Found.*"nobody@contoso.com" in members is not a user of the directory.*object id`)
	plan := func(config string, want *regexp.Regexp) resource.TestStep {
		return resource.TestStep{Config: env.ProviderConfig + config, PlanOnly: true, ExpectError: want}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{
			// A new chat.
			plan(chatHCL("n", "group", "Twice", "", o1, owner(upper), owner(strings.ToUpper(u.OwnerUPNID))), twice),
			plan(chatHCL("n", "group", "Nobody", "", o1, owner("nobody@contoso.com")), unknown),
			plan(chatHCL("n", "oneOnOne", "", "", owner(u.OwnerUPN), owner(u.OwnerUPNID)), regexp.MustCompile(`Duplicate Member`)),
			{
				PreConfig: noGraphWrites(t, env),
				Config:    env.ProviderConfig + chatHCL("c", "group", "Existing", "", o1, o2, owner(upper)),
			},
			// An existing chat.
			{
				PreConfig:   resetCounts(env),
				Config:      env.ProviderConfig + chatHCL("c", "group", "Existing", "", o1, o2, owner(upper), owner(strings.ToUpper(u.OwnerUPNID))),
				PlanOnly:    true,
				ExpectError: twice,
			},
			plan(chatHCL("c", "group", "Existing", "", o1, o2, owner(upper), owner("nobody@contoso.com")), unknown),
			{
				PreConfig: noGraphWrites(t, env),
				Config:    env.ProviderConfig + chatHCL("c", "group", "Existing", "", o1, o2, owner(upper)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}
