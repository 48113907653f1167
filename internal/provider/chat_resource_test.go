package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// TestAccChat_pageExamples applies the five create-chat page examples.
func TestAccChat_pageExamples(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	var ex1, ex2, ex3, ex4, ex5 string
	config := env.ProviderConfig +
		chatHCL("ex1", "oneOnOne", "", "", owner(u.Owners[3]), owner(u.Colleague)) +
		chatHCL("ex2", "group", "Group chat title", "", owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2])) +
		chatHCL("ex3", "oneOnOne", "", "", owner(u.OwnerUPN), owner(u.SecondUPN)) +
		chatHCL("ex4", "group", "Group chat title", "", owner(u.Owners[0]), owner(u.Owners[1]), guest(u.Guest)) +
		chatHCL("ex5", "oneOnOne", "", "", owner(u.Owners[3]), member{user: u.Federated, role: "owner", tenant: u.FederatedTenant})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		// ex1, ex3 and ex5 are oneOnOne chats (deletion_behavior "forget"): they stay in Teams.
		CheckDestroy: testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("teams_chat.ex1", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^19:.+_.+@unq\.gbl\.spaces$`))),
				statecheck.ExpectKnownValue("teams_chat.ex2", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^19:[0-9a-f]{32}@thread\.v2$`))),
				statecheck.ExpectKnownValue("teams_chat.ex2", tfjsonpath.New("topic"), knownvalue.StringExact("Group chat title")),
				statecheck.ExpectKnownValue("teams_chat.ex2", tfjsonpath.New("created_date_time"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`))),
				statecheck.ExpectKnownValue("teams_chat.ex2", tfjsonpath.New("deletion_behavior"), knownvalue.StringExact("delete")),
				statecheck.ExpectKnownValue("teams_chat.ex1", tfjsonpath.New("deletion_behavior"), knownvalue.StringExact("forget")),
				statecheck.ExpectKnownValue("teams_chat.ex3", tfjsonpath.New("member_details").AtMapKey(u.OwnerUPN).AtMapKey("user_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
				statecheck.ExpectKnownValue("teams_chat.ex4", tfjsonpath.New("members"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"user": knownvalue.StringExact(u.Owners[0]), "roles": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("owner")})}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"user": knownvalue.StringExact(u.Owners[1]), "roles": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("owner")})}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"user": knownvalue.StringExact(u.Guest), "roles": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("guest")})}),
				})),
				statecheck.ExpectKnownValue("teams_chat.ex5", tfjsonpath.New("members"), knownvalue.SetPartial([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"user": knownvalue.StringExact(u.Federated), "tenant_id": knownvalue.StringExact(u.FederatedTenant)}),
				})),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				captureID("teams_chat.ex1", &ex1), captureID("teams_chat.ex2", &ex2), captureID("teams_chat.ex3", &ex3),
				captureID("teams_chat.ex4", &ex4), captureID("teams_chat.ex5", &ex5),
			),
		}, {
			// A second plan is empty: no perpetual diff for UPN members, roles or computed values.
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// TestAccChat_inPlaceChanges renames, adds, removes and re-roles members of a group chat, keeping its id.
func TestAccChat_inPlaceChanges(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig + chatHCL("c", "group", "Project Phoenix", "", owner(u.Owners[0]), owner(u.OwnerUPN), guest(u.Guest)),
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue("teams_chat.c", tfjsonpath.New("id")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(captureID("teams_chat.c", &id), testAccCheckChatExists(env, "teams_chat.c")),
		}, {
			Config: env.ProviderConfig + chatHCL("c", "group", "Project Phoenix (renamed)", "", owner(u.Owners[0]), owner(u.OwnerUPN), guest(u.Guest)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("member_details"), knownvalue.MapSizeExact(3)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue("teams_chat.c", tfjsonpath.New("id")),
				statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("topic"), knownvalue.StringExact("Project Phoenix (renamed)")),
			},
			Check: checkChat(env, "teams_chat.c", func(c graph.Chat) error {
				if c.Topic != "Project Phoenix (renamed)" {
					return fmt.Errorf("Graph has the topic %q", c.Topic)
				}
				return nil
			}),
		}, {
			// Add one member (with all history), remove the guest, make the UPN member a guest.
			Config: env.ProviderConfig + chatHCL("c", "group", "Project Phoenix (renamed)", "",
				owner(u.Owners[0]), guest(u.OwnerUPN), member{user: u.Owners[1], role: "owner", history: "0001-01-01T00:00:00Z"}),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue("teams_chat.c", tfjsonpath.New("id")),
				statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("members"), knownvalue.SetSizeExact(3)),
				statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("member_details").AtMapKey(u.OwnerUPN).AtMapKey("user_id"), knownvalue.NotNull()),
			},
			Check: checkChat(env, "teams_chat.c", func(c graph.Chat) error {
				roles := map[string]string{}
				for _, m := range c.Members {
					roles[strings.ToLower(m.UserID)] = m.Role()
				}
				want := map[string]string{strings.ToLower(u.Owners[0]): "owner", strings.ToLower(u.OwnerUPNID): "guest", strings.ToLower(u.Owners[1]): "owner"}
				if fmt.Sprint(roles) != fmt.Sprint(want) {
					return fmt.Errorf("Graph's roster %v, want %v", roles, want)
				}
				return nil
			}),
		}, {
			Config: env.ProviderConfig + chatHCL("c", "group", "Project Phoenix (renamed)", "",
				owner(u.Owners[0]), guest(u.OwnerUPN), member{user: u.Owners[1], role: "owner", history: "0001-01-01T00:00:00Z"}),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// TestAccChat_replacements: a new chat type, or new members of a oneOnOne chat, replace the chat.
func TestAccChat_replacements(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	differ := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{{
			Config:            env.ProviderConfig + chatHCL("c", "oneOnOne", "", "", owner(u.Owners[0]), owner(u.Owners[1])),
			ConfigStateChecks: []statecheck.StateCheck{differ.AddStateValue("teams_chat.c", tfjsonpath.New("id"))},
		}, {
			Config: env.ProviderConfig + chatHCL("c", "oneOnOne", "", "", owner(u.Owners[0]), owner(u.Owners[2])),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{differ.AddStateValue("teams_chat.c", tfjsonpath.New("id"))},
		}, {
			Config: env.ProviderConfig + chatHCL("c", "group", "Now a group", "", owner(u.Owners[0]), owner(u.Owners[2])),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				differ.AddStateValue("teams_chat.c", tfjsonpath.New("id")),
				statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("chat_type"), knownvalue.StringExact("group")),
			},
		}},
	})
}

// TestAccChat_drift: changes made in Teams show in the next plan and the apply puts them right.
func TestAccChat_drift(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	u := env.Users
	config := env.ProviderConfig + chatHCL("c", "group", "Drift", "", owner(u.Owners[0]), owner(u.Owners[1]), owner(u.OwnerUPN))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{{
			Config: config,
			Check:  captureID("teams_chat.c", &id),
		}, {
			PreConfig: func() {
				if err := env.Emulator.UpdateChat(id, func(c *emulator.Chat) { c.Topic = "Renamed in Teams" }); err != nil {
					t.Fatal(err)
				}
				if err := env.Emulator.RemoveMemberOutOfBand(id, u.OwnerUPNID); err != nil {
					t.Fatal(err)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				c, _ := env.Emulator.Chat(id)
				if c.Topic != "Drift" || len(c.Members) != 3 {
					return fmt.Errorf("drift not corrected: topic %q, %d members", c.Topic, len(c.Members))
				}
				return nil
			},
		}, {
			// A role changed in Teams shows as drift and is put back.
			PreConfig: func() {
				if err := env.Emulator.UpdateChat(id, func(c *emulator.Chat) {
					for i := range c.Members {
						if c.Members[i].UserID == u.Owners[1] {
							c.Members[i].Roles = []string{"guest"}
						}
					}
				}); err != nil {
					t.Fatal(err)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				c, _ := env.Emulator.Chat(id)
				for _, m := range c.Members {
					if m.UserID == u.Owners[1] && strings.Join(m.Roles, ",") != "owner" {
						return fmt.Errorf("role drift not corrected: %v", m.Roles)
					}
				}
				return nil
			},
		}, {
			PreConfig: func() { // deleted in Teams, and no longer restorable
				if err := env.Emulator.DeleteChatOutOfBand(id); err != nil {
					t.Fatal(err)
				}
				if err := env.Emulator.PurgeDeletedChat(id); err != nil {
					t.Fatal(err)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionCreate),
			}},
			Check: func(s *terraform.State) error {
				if nid := stateID(s, "teams_chat.c"); nid == id || nid == "" {
					return fmt.Errorf("expected a new chat, got %q", nid)
				}
				return nil
			},
		}},
	})
}

// TestAccChat_import imports a group and a oneOnOne chat, with terraform import and an import block.
func TestAccChat_import(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	config := env.ProviderConfig +
		chatHCL("g", "group", "Imported", "", owner(u.Owners[0]), owner(u.Owners[1]), guest(u.Guest)) +
		chatHCL("o", "oneOnOne", "", "", owner(u.Owners[2]), member{user: u.Federated, role: "owner", tenant: u.FederatedTenant})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{
			{Config: config},
			{Config: config, ResourceName: "teams_chat.g", ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
			{Config: config, ResourceName: "teams_chat.o", ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
			{Config: config, ResourceName: "teams_chat.g", ImportState: true, ImportStateKind: resource.ImportBlockWithID},
			{Config: config, ResourceName: "teams_chat.g", ImportState: true, ImportStateId: "not-a-chat-id", ExpectError: regexp.MustCompile(`is not a Teams chat id`)},
		},
	})
}

// TestAccChat_oneOnOneAdoptedTwice: two resources for the same pair share one chat.
func TestAccChat_oneOnOneAdoptedTwice(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	u := env.Users
	config := env.ProviderConfig +
		chatHCL("a", "oneOnOne", "", "", owner(u.Owners[0]), owner(u.Owners[1])) +
		chatHCL("b", "oneOnOne", "", "  depends_on = [teams_chat.a]\n", owner(u.Owners[1]), owner(u.Owners[0]))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(s *terraform.State) error {
				if a, b := stateID(s, "teams_chat.a"), stateID(s, "teams_chat.b"); a != b {
					return fmt.Errorf("ids differ: %s %s", a, b)
				}
				if n := len(env.Emulator.Chats()); n != 1 {
					return fmt.Errorf("emulator holds %d chats, want 1", n)
				}
				if n := env.Emulator.Counts()["POST /chats"]; n != 2 {
					return fmt.Errorf("want 2 POSTs (one created, one adopted), got %d", n)
				}
				return nil
			},
		}},
	})
}

// TestAccChat_validation: every plan-time rule fails at plan with the attribute named, and no
// Graph call is made.
func TestAccChat_validation(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	o1, o2, o3 := owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2])
	cases := []struct {
		name, config string
		err          string
	}{
		{"chat type", chatHCL("c", "meeting", "", "", o1, o2), `Attribute chat_type value must be one of`},
		{"topic on oneOnOne", chatHCL("c", "oneOnOne", "Hello", "", o1, o2), `(?s)Topic Not Allowed.*topic can only be set on group chats`},
		{"topic too long", chatHCL("c", "group", strings.Repeat("x", 251), "", o1, o2), `(?s)Invalid Topic.*251 characters long; Graph accepts at most 250`},
		{"topic colon", chatHCL("c", "group", "Phoenix: launch", "", o1, o2), `(?s)Invalid Topic.*contains ':'`},
		{"oneOnOne three members", chatHCL("c", "oneOnOne", "", "", o1, o2, o3), `(?s)Wrong Number Of Members.*exactly 2 members; members lists 3`},
		{"group one member", chatHCL("c", "group", "Solo", "", o1), `(?s)Wrong Number Of Members.*A group chat needs at least 2 members; members lists\s+1`},
		{"two roles", strings.Replace(chatHCL("c", "group", "Roles", "", o1, o2), `roles = ["owner"]`, `roles = ["owner", "guest"]`, 1), `(?s)roles.*set must contain at least 1 elements and at most 1`},
		{"bad role", chatHCL("c", "group", "Roles", "", o1, member{user: u.Owners[1], role: "member"}), `(?s)roles.*value must be one of: \["owner" "guest"\]`},
		{"page example 4 guest id", chatHCL("c", "group", "Guests", "", o1, o2, guest("8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g")), `(?s)Invalid User.*"8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g" is not a valid object id: 'g' is not a\s+hexadecimal\s+digit`},
		{"user neither", chatHCL("c", "group", "Users", "", o1, owner("jacob")), `(?s)Invalid User.*neither an object id \(GUID\) nor a user principal name`},
		{"tenant id", chatHCL("c", "group", "Fed", "", o1, member{user: u.Federated, role: "owner", tenant: "fabrikam"}), `(?s)Invalid GUID.*"fabrikam" is not a GUID`},
		{"duplicate user", chatHCL("c", "group", "Dup", "", o1, o2, owner(strings.ToUpper(u.Owners[0]))), `(?s)Duplicate Member.*listed more than once`},
		{"deletion behavior", chatHCL("c", "group", "Del", "  deletion_behavior = \"archive\"\n", o1, o2), `deletion_behavior value must be one of`},
		{"federated guest", chatHCL("c", "group", "Fed", "", o1, o2, member{user: u.Federated, role: "guest", tenant: u.FederatedTenant}), `(?s)Guest Role Across Organisations.*requires\s+users\s+from\s+outside\s+the\s+tenant\s+to\s+have\s+the\s+role\s+"owner"`},
		{"too many members", chatHCL("c", "group", "Crowd", "", crowd(251)...), `(?s)Wrong Number Of Members.*at most 250 people in a group chat; members lists\s+251`},
		{"history timestamp", chatHCL("c", "group", "Hist", "", o1, member{user: u.Owners[1], role: "owner", history: "yesterday"}), `(?s)Invalid Time.*visible_history_start_date_time = "yesterday" is not an RFC 3339 time`},
	}
	var steps []resource.TestStep
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.ProviderConfig + tc.config,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(tc.err),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps:                    steps,
	})
	if env.Emulator != nil {
		if n := len(env.Emulator.Counts()); n != 0 {
			t.Fatalf("validation made Graph calls: %v", env.Emulator.Counts())
		}
	}
}

// TestAccChat_delegatedCaller: the rules that need Graph are reported at apply as clearly as the
// plan-time ones: a signed-in user must be a member of the chat, and cannot delete it.
func TestAccChat_delegatedCaller(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	u := env.Users
	provider := env.DelegatedProviderConfig(u.Owners[0])
	withCaller := chatHCL("c", "group", "Delegated", "", owner(u.Owners[0]), owner(u.Owners[1]))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{{
			Config:      provider + chatHCL("c", "group", "Without me", "", owner(u.Owners[1]), owner(u.Owners[2])),
			ExpectError: regexp.MustCompile(`(?s)Unable To Create Chat.*HTTP 403.*signs in as a user \(delegated\s+permissions\), that user must be one of the members`),
		}, {
			Config: provider + withCaller,
		}, {
			Config:      provider + withCaller,
			Destroy:     true,
			ExpectError: regexp.MustCompile(`(?s)Not Allowed To Delete Chat.*Chat.ManageDeletion.All.*deletion_behavior\s+=\s+"forget"`),
		}, {
			Config: provider + strings.Replace(withCaller, "  members = [", "  deletion_behavior = \"forget\"\n  members = [", 1),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
			}},
		}},
	})
	if n := len(env.Emulator.Chats()); n != 1 {
		t.Fatalf("%d chats; the forgotten chat must stay in Teams", n)
	}
}

// TestChat_oneOnOneAdoptionWarning drives the provider over the plugin protocol (to read the
// warnings Terraform prints) against the emulator with its clock two minutes ahead of and behind
// the machine's: a oneOnOne chat made out of band a minute before is adopted with the warning; a
// chat the apply makes gets none; a second resource for that pair in the same run is warned.
func TestChat_oneOnOneAdoptionWarning(t *testing.T) {
	const adele, alex, lynne, john = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", "3626a173-f2bc-4883-bcf7-01514c3bfb82", "8b081ef6-4792-4def-b2c9-c363a1bf41d5"
	oneOnOne := func(a, b string) map[string]any {
		return map[string]any{"chat_type": "oneOnOne", "members": []any{
			map[string]any{"user": a, "roles": []any{"owner"}},
			map[string]any{"user": b, "roles": []any{"owner"}},
		}}
	}
	const adopted = "Existing OneOnOne Chat Adopted"
	for _, offset := range []time.Duration{2 * time.Minute, -2 * time.Minute} {
		t.Run(offset.String(), func(t *testing.T) {
			em, err := emulator.Start("127.0.0.1:0", emulator.DefaultDirectory())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = em.Close() })
			providerConfig := map[string]any{"graph_endpoint": em.URL, "access_token": "protocol-test-token"}

			// Someone made Adele and Alex's chat a minute ago (another provider instance, another run).
			em.SetClockOffset(offset - time.Minute)
			if _, diags := acctest.NewProtocol(t, providerConfig).Create("teams_chat", oneOnOne(adele, alex)); len(diags) != 0 {
				t.Fatalf("out-of-band chat: %v", acctest.Summaries(diags, tfprotov6.DiagnosticSeverityError))
			}
			em.SetClockOffset(offset)

			p := acctest.NewProtocol(t, providerConfig)
			_, diags := p.Create("teams_chat", oneOnOne(alex, adele))
			if got := acctest.Summaries(diags, tfprotov6.DiagnosticSeverityWarning); len(got) != 1 || got[0] != adopted || len(diags) != 1 {
				t.Errorf("the chat made a minute before: diagnostics %v, want exactly the %q warning", got, adopted)
			}
			_, diags = p.Create("teams_chat", oneOnOne(lynne, john))
			if len(diags) != 0 {
				t.Errorf("a chat this apply made: diagnostics %v, want none", acctest.Summaries(diags, tfprotov6.DiagnosticSeverityWarning))
			}
			_, diags = p.Create("teams_chat", oneOnOne(john, lynne))
			if got := acctest.Summaries(diags, tfprotov6.DiagnosticSeverityWarning); len(got) != 1 || got[0] != adopted {
				t.Errorf("a second resource for the same pair in the same run: warnings %v, want %q", got, adopted)
			}
			if n := len(em.Chats()); n != 2 {
				t.Errorf("the emulator holds %d chats, want 2", n)
			}
		})
	}
}

// formOnlyPlan checks a plan that only rewrites how members are written: an in-place update whose
// member_details (keyed by the new form) and last_updated_date_time are known.
func formOnlyPlan(addr, key, userID string) []plancheck.PlanCheck {
	return []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
		plancheck.ExpectKnownValue(addr, tfjsonpath.New("member_details").AtMapKey(key).AtMapKey("user_id"), knownvalue.StringExact(userID)),
		plancheck.ExpectKnownValue(addr, tfjsonpath.New("last_updated_date_time"), knownvalue.NotNull()),
	}
}

// TestAccChat_memberFormSwitch: writing a member by user principal name instead of object id (and
// back) is the same person: the plan is an update with everything known, a oneOnOne chat is not
// replaced, apply sends no member request, and the membership stays the one Graph made.
func TestAccChat_memberFormSwitch(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	byID := env.ProviderConfig +
		chatHCL("g", "group", "Forms", "", owner(u.Owners[0]), owner(u.Owners[2]), owner(u.OwnerUPNID)) +
		chatHCL("o", "oneOnOne", "", "", owner(u.Owners[3]), owner(u.OwnerUPNID))
	byUPN := env.ProviderConfig +
		chatHCL("g", "group", "Forms", "", owner(u.Owners[0]), owner(u.Owners[2]), owner(u.OwnerUPN)) +
		chatHCL("o", "oneOnOne", "", "", owner(u.Owners[3]), owner(u.OwnerUPN))
	membership := statecheck.CompareValue(compare.ValuesSame())
	chatID := statecheck.CompareValue(compare.ValuesSame())
	switchTo := func(config, key string) resource.TestStep {
		return resource.TestStep{
			Config:    config,
			PreConfig: resetCounts(env),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append(
				formOnlyPlan("teams_chat.g", key, u.OwnerUPNID),
				formOnlyPlan("teams_chat.o", key, u.OwnerUPNID)...)},
			Check: memberRequests(env),
			ConfigStateChecks: []statecheck.StateCheck{
				membership.AddStateValue("teams_chat.g", tfjsonpath.New("member_details").AtMapKey(key).AtMapKey("membership_id")),
				chatID.AddStateValue("teams_chat.o", tfjsonpath.New("id")),
				statecheck.ExpectKnownValue("teams_chat.g", tfjsonpath.New("member_details").AtMapKey(key).AtMapKey("user_id"), knownvalue.StringExact(u.OwnerUPNID)),
			},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{
			{
				Config: byID,
				ConfigStateChecks: []statecheck.StateCheck{
					membership.AddStateValue("teams_chat.g", tfjsonpath.New("member_details").AtMapKey(u.OwnerUPNID).AtMapKey("membership_id")),
					chatID.AddStateValue("teams_chat.o", tfjsonpath.New("id")),
				},
			},
			// Each switch: an update with everything known, no member request, the same membership.
			switchTo(byUPN, u.OwnerUPN),
			switchTo(byID, u.OwnerUPNID),
			{
				Config:           byID,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestAccChat_importWrittenByUPN imports a chat whose configuration names members by user principal
// name. Import reads Graph, which knows members by object id, so the first plan rewrites the forms:
// an update with member_details known, that apply carries out without a member request; the plan
// after it is empty. Covers terraform import and the import block.
func TestAccChat_importWrittenByUPN(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	config := env.ProviderConfig + chatHCL("g", "group", "Imported by name", "", owner(u.Owners[0]), owner(u.OwnerUPN), owner(u.SecondUPN))
	forget := env.ProviderConfig + "removed {\n  from = teams_chat.g\n  lifecycle {\n    destroy = false\n  }\n}\n"
	var id string
	membership := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{{
			Config: config,
			Check:  captureID("teams_chat.g", &id),
			ConfigStateChecks: []statecheck.StateCheck{
				membership.AddStateValue("teams_chat.g", tfjsonpath.New("member_details").AtMapKey(u.OwnerUPN).AtMapKey("membership_id")),
			},
		}, {
			// terraform import: everything but the written forms matches what apply recorded.
			Config: config, ResourceName: "teams_chat.g", ImportState: true, ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"timeouts", "members", "member_details"},
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				if len(states) != 1 || states[0].Attributes["members.#"] != "3" {
					return fmt.Errorf("imported %d instances, want one chat with 3 members", len(states))
				}
				for _, want := range []string{u.Owners[0], u.OwnerUPNID} {
					if states[0].Attributes["member_details."+want+".user_id"] != want {
						return fmt.Errorf("the imported chat has no member %s: %v", want, states[0].Attributes)
					}
				}
				return nil
			},
		}, {
			// An import block: the plan is an update that only rewrites the forms, with everything known.
			Config: config, ResourceName: "teams_chat.g", ImportState: true, ImportStateKind: resource.ImportBlockWithID,
			ExpectNonEmptyPlan: true,
			ImportPlanChecks:   resource.ImportPlanChecks{PreApply: formOnlyPlan("teams_chat.g", u.OwnerUPN, u.OwnerUPNID)},
		}, {
			// Forget the chat (it stays in Teams), then import it into this configuration for real.
			Config: forget,
		}, {
			Config: config, ResourceName: "teams_chat.g", ImportState: true, ImportStatePersist: true,
			ImportStateIdFunc: func(*terraform.State) (string, error) { return id, nil },
		}, {
			Config:           config,
			PreConfig:        resetCounts(env),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: formOnlyPlan("teams_chat.g", u.OwnerUPN, u.OwnerUPNID)},
			Check:            memberRequests(env),
			ConfigStateChecks: []statecheck.StateCheck{
				membership.AddStateValue("teams_chat.g", tfjsonpath.New("member_details").AtMapKey(u.OwnerUPN).AtMapKey("membership_id")),
				statecheck.ExpectKnownValue("teams_chat.g", tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
					if v != id {
						return fmt.Errorf("id %s, want the imported chat %s", v, id)
					}
					return nil
				})),
			},
		}, {
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// TestAccChat_missingPermission: with a token that holds every application permission the
// documentation lists but Chat.ManageDeletion.All, the chat is created and changed, and destroying
// it fails with Graph's 403 and a hint naming the missing permission and the way out. A token
// without read permissions fails the refresh the same way.
func TestAccChat_missingPermission(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	u := env.Users
	var roles []string
	for _, p := range graph.ApplicationPermissions {
		if p != "Chat.ManageDeletion.All" {
			roles = append(roles, p)
		}
	}
	provider := acctest.EmulatorProviderConfig(env.Emulator.URL, emulator.AppToken(roles...))
	config := provider + chatHCL("c", "group", "Short of a permission", "", owner(u.Owners[0]), owner(u.OwnerUPN))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{{
			Config: config,
		}, {
			Config: provider + chatHCL("c", "group", "Short of a permission", "", owner(u.Owners[0]), owner(u.OwnerUPN), owner(u.Owners[2])),
		}, {
			// Without any read permission a 403 on refresh stays an error (the chat is not taken for
			// deleted: the caller cannot read other chats either).
			Config:      acctest.EmulatorProviderConfig(env.Emulator.URL, emulator.AppToken("Chat.Create", "User.Read.All")) + chatHCL("c", "group", "Short of a permission", "", owner(u.Owners[0]), owner(u.OwnerUPN), owner(u.Owners[2])),
			ExpectError: regexp.MustCompile(`(?s)Unable To Read Chat.*HTTP\s+403.*Chat.ReadBasic.All`),
		}, {
			Config:      config,
			Destroy:     true,
			ExpectError: regexp.MustCompile(`(?s)Not Allowed To Delete Chat.*HTTP\s+403.*Chat.ManageDeletion.All.*deletion_behavior\s+=\s+"forget"`),
		}, {
			Config: provider + strings.Replace(chatHCL("c", "group", "Short of a permission", "", owner(u.Owners[0]), owner(u.OwnerUPN)), "  members = [", "  deletion_behavior = \"forget\"\n  members = [", 1),
		}},
	})
}

// TestAccChat_membersNotExclusive: with members_exclusive = false a member added by hand is left
// alone and is not drift; a listed member removed in Teams is added again; taking someone out of
// members removes them. Switching to true removes nobody by itself; the plan after it shows the
// hand-added member, whom the next apply removes.
func TestAccChat_membersNotExclusive(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	three := []member{owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2])}
	shared := env.ProviderConfig + chatHCL("c", "group", "Shared roster", notExclusive, three...)
	fewer := env.ProviderConfig + chatHCL("c", "group", "Shared roster", notExclusive, three[:2]...)
	exclusive := env.ProviderConfig + chatHCL("c", "group", "Shared roster", "", three[:2]...)
	var chatID string
	addByHand := graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
		return c.AddMember(ctx, chatID, graph.MemberSpec{User: u.Owners[3], Role: "owner", VisibleHistoryStartDateTime: &time.Time{}})
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{
			{
				Config: shared,
				Check:  captureID("teams_chat.c", &chatID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("members_exclusive"), knownvalue.Bool(false)),
				},
			},
			{
				// A member added by hand: no drift.
				PreConfig:        addByHand,
				Config:           shared,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            checkChat(env, "teams_chat.c", hasMember(u.Owners[3], "owner")),
			},
			{
				// A listed member removed in Teams: added again.
				PreConfig: removeOutOfBand(t, env, &chatID, u.Owners[2]),
				Config:    shared,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkChat(env, "teams_chat.c", hasMember(u.Owners[2], "owner")),
					checkChat(env, "teams_chat.c", hasMember(u.Owners[3], "owner")),
				),
			},
			{
				// Taken out of members: removed; the hand-added member stays.
				Config: fewer,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkChat(env, "teams_chat.c", hasMember(u.Owners[2], "")),
					checkChat(env, "teams_chat.c", hasMember(u.Owners[3], "owner")),
				),
			},
			{
				// Switching to exclusive removes nobody by itself; the next plan shows the extra member.
				Config: exclusive,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("members_exclusive"), knownvalue.Bool(true)),
				}},
				Check:              checkChat(env, "teams_chat.c", hasMember(u.Owners[3], "owner")),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: exclusive,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
				}},
				Check: checkChat(env, "teams_chat.c", hasMember(u.Owners[3], "")),
			},
			{
				// Back to not exclusive: nobody removed, and a new hand-added member is left alone.
				Config: fewer,
				Check:  checkChat(env, "teams_chat.c", hasMember(u.Owners[1], "owner")),
			},
			{
				PreConfig:        addByHand,
				Config:           fewer,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
