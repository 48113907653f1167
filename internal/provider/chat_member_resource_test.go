package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
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

// TestAccChatMember_lifecycle: a member added to a chat another resource manages (not
// exclusively): create by UPN, role change in place, the same person written by object id
// (no request), import by object id and by UPN, destroy.
func TestAccChatMember_lifecycle(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	chat := chatHCL("c", "group", "Member lifecycle", notExclusive, owner(u.Owners[0]), owner(u.Owners[1]))
	config := func(user, extra string) string {
		return env.ProviderConfig + chat + memberHCL("m", user, extra)
	}
	var chatID string
	sameMembership := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: config(u.OwnerUPN, ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("teams_chat.c", &chatID),
					testAccCheckChatMemberExists(env, "teams_chat_member.m"),
					checkChat(env, "teams_chat.c", hasMember(u.OwnerUPNID, "owner")),
					func(s *terraform.State) error {
						if got, want := stateID(s, "teams_chat_member.m"), chatID+"/"+u.OwnerUPNID; got != want {
							return fmt.Errorf("id %q, want %q", got, want)
						}
						return nil
					},
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("teams_chat_member.m", tfjsonpath.New("user_id"), knownvalue.StringExact(u.OwnerUPNID)),
					statecheck.ExpectKnownValue("teams_chat_member.m", tfjsonpath.New("role"), knownvalue.StringExact("owner")),
					statecheck.ExpectKnownValue("teams_chat_member.m", tfjsonpath.New("display_name"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("teams_chat_member.m", tfjsonpath.New("visible_history_start_date_time"), knownvalue.Null()),
					// The chat resource does not count the member as its own.
					statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("members"), knownvalue.SetSizeExact(2)),
				},
			},
			{
				Config: config(u.OwnerUPN, "  role = \"guest\"\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_member.m", plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue("teams_chat_member.m", tfjsonpath.New("membership_id")),
					plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionNoop),
				}},
				Check: checkChat(env, "teams_chat.c", hasMember(u.OwnerUPNID, "guest")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("teams_chat_member.m", tfjsonpath.New("role"), knownvalue.StringExact("guest")),
					sameMembership.AddStateValue("teams_chat_member.m", tfjsonpath.New("membership_id")),
				},
			},
			{
				// The same person by object id: an update that sends Graph nothing.
				PreConfig: resetCounts(env),
				Config:    config(u.OwnerUPNID, "  role = \"guest\"\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_member.m", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("teams_chat_member.m", tfjsonpath.New("membership_id"), knownvalue.NotNull()),
				}},
				Check: memberRequests(env),
				ConfigStateChecks: []statecheck.StateCheck{
					sameMembership.AddStateValue("teams_chat_member.m", tfjsonpath.New("membership_id")),
				},
			},
			{
				ResourceName:      "teams_chat_member.m",
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return chatID + "/" + u.OwnerUPNID, nil },
			},
			{
				ResourceName:            "teams_chat_member.m",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"user"},
				ImportStateIdFunc:       func(*terraform.State) (string, error) { return chatID + "/" + u.OwnerUPN, nil },
			},
		},
	})
}

// TestAccChatMember_driftAndAdoption: a member removed in Teams is added again; someone already
// in the chat is adopted (same membership), and their role made what the configuration says.
func TestAccChatMember_driftAndAdoption(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	chat := chatHCL("c", "group", "Member drift", notExclusive, owner(u.Owners[0]), owner(u.Owners[1]))
	config := env.ProviderConfig + chat + memberHCL("m", u.Owners[2], "")
	adopt := config + memberHCL("a", u.Owners[3], "")
	var chatID, handMembership string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  captureID("teams_chat.c", &chatID),
			},
			{
				// Removed in Teams: the refresh drops it and the plan adds it again.
				PreConfig: removeOutOfBand(t, env, &chatID, u.Owners[2]),
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_member.m", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionNoop),
				}},
				Check: checkChat(env, "teams_chat.c", hasMember(u.Owners[2], "owner")),
			},
			{
				// Someone added by hand as a guest is adopted: no error, made an owner.
				PreConfig: graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
					if err := c.AddMember(ctx, chatID, graph.MemberSpec{User: u.Owners[3], Role: "guest"}); err != nil {
						return err
					}
					m, err := c.FindMember(ctx, chatID, u.Owners[3])
					handMembership = m.MembershipID
					return err
				}),
				Config: adopt,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_member.a", plancheck.ResourceActionCreate),
				}},
				Check: checkChat(env, "teams_chat.c", hasMember(u.Owners[3], "owner")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("teams_chat_member.a", tfjsonpath.New("role"), knownvalue.StringExact("owner")),
				},
			},
			{
				// Someone added by hand with the configured role keeps their membership.
				PreConfig: graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
					if err := c.AddMember(ctx, chatID, graph.MemberSpec{User: u.OwnerUPNID, Role: "owner", VisibleHistoryStartDateTime: &time.Time{}}); err != nil {
						return err
					}
					m, err := c.FindMember(ctx, chatID, u.OwnerUPNID)
					handMembership = m.MembershipID
					resetCounts(env)()
					return err
				}),
				Config: adopt + memberHCL("b", u.OwnerUPNID, ""),
				Check: func(s *terraform.State) error {
					got := s.RootModule().Resources["teams_chat_member.b"].Primary.Attributes["membership_id"]
					if got != handMembership {
						return fmt.Errorf("membership %q, want the existing %q (adopted, not re-added)", got, handMembership)
					}
					if env.Emulator != nil {
						if n := env.Emulator.Counts()["DELETE /chats/{id}/members/{id}"]; n != 0 {
							return fmt.Errorf("adopting a member with the configured role removed %d member(s); want none", n)
						}
					}
					return nil
				},
			},
			{
				// The role changed in Teams (re-added as a guest): drift, put back in place.
				PreConfig: graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
					m, err := c.FindMember(ctx, chatID, u.Owners[2])
					if err != nil {
						return err
					}
					return c.ChangeMemberRole(ctx, chatID, m, graph.MemberSpec{Role: "guest"})
				}),
				Config: adopt + memberHCL("b", u.OwnerUPNID, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat_member.m", plancheck.ResourceActionUpdate),
				}},
				Check: checkChat(env, "teams_chat.c", hasMember(u.Owners[2], "owner")),
			},
			{
				// Destroying the members removes them; the chat stays.
				Config: env.ProviderConfig + chat,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkChat(env, "teams_chat.c", hasMember(u.Owners[2], "")),
					checkChat(env, "teams_chat.c", hasMember(u.Owners[3], "")),
					checkChat(env, "teams_chat.c", hasMember(u.OwnerUPNID, "")),
					checkChat(env, "teams_chat.c", hasMember(u.Owners[0], "owner")),
				),
			},
		},
	})
}

// TestAccChatMember_goneWithTheChat: a deleted chat's member, app installation and tab are gone,
// not errors, both when Terraform reads them (the chat deleted outside Terraform) and when it
// deletes them (the chat deleted first by this very destroy: teams_chat depends on them there).
// Microsoft does not document what a deleted chat answers, so against the emulator it runs under
// every answer the emulator has (DeletedChatAnswers); against a real tenant, under the tenant's.
func TestAccChatMember_goneWithTheChat(t *testing.T) {
	answers := emulator.DeletedChatAnswers
	if acctest.Live() {
		answers = []int{0}
	}
	for _, code := range answers {
		t.Run(fmt.Sprintf("deleted chat %d", code), func(t *testing.T) {
			env := acctest.NewEnv(t)
			if env.Emulator != nil {
				if err := env.Emulator.SetVariants(emulator.Variants{DeletedChat: code}); err != nil {
					t.Fatal(err)
				}
			}
			u := env.Users
			apps := env.CatalogApps(t)
			children := memberHCL("m", u.Owners[2], "") + installationHCL("board", apps.Board, "") + websiteTabHCL("https://contoso.com")
			addrs := []string{"teams_chat_member.m", "teams_chat_app_installation.board", "teams_chat_tab.site"}
			topic := fmt.Sprintf("Gone with the chat %d", code)
			chat := chatHCL("c", "group", topic, notExclusive, owner(u.Owners[0]), owner(u.Owners[1]))

			// For the destroy: a chat made outside Terraform and imported, which depends on its
			// member, app and tab (they name it by id), so that destroy deletes it before them.
			var made string
			graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
				got, err := c.CreateChat(ctx, graph.ChatSpec{ChatType: graph.ChatTypeGroup, Topic: topic + " (destroy)", Members: []graph.MemberSpec{
					{User: u.Owners[0], Role: graph.RoleOwner}, {User: u.Owners[1], Role: graph.RoleOwner},
				}})
				made = got.ID
				return err
			})()
			imported := func(extra string) string {
				return fmt.Sprintf("import {\n  to = teams_chat.c\n  id = %q\n}\n", made) +
					chatHCL("c", "group", topic+" (destroy)", notExclusive+"  deletion_behavior = \"delete\"\n"+extra, owner(u.Owners[0]), owner(u.Owners[1]))
			}
			deleteFirst := imported("  depends_on = ["+strings.Join(addrs, ", ")+"]\n") +
				strings.ReplaceAll(children, "teams_chat.c.id", strconv.Quote(made))

			var chatID string
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             testAccCheckAllDestroyed(env),
				Steps: []resource.TestStep{
					{
						Config: env.ProviderConfig + chat + children,
						Check:  captureID("teams_chat.c", &chatID),
					},
					{
						// Read: the chat deleted outside Terraform, and past its restore window (the
						// emulator ends it at once; a tenant keeps it seven days), takes everything in
						// it out of state. While it is restorable, everything stays (TestAccChat_restoreDeleted).
						PreConfig: func() {
							graphDo(t, env, func(ctx context.Context, c *graph.Client) error { return c.DeleteChat(ctx, chatID) })()
							if env.Emulator != nil {
								if err := env.Emulator.PurgeDeletedChat(chatID); err != nil {
									t.Fatal(err)
								}
							}
						},
						RefreshState:       true,
						ExpectNonEmptyPlan: true,
						Check: func(s *terraform.State) error {
							for _, addr := range append([]string{"teams_chat.c"}, addrs...) {
								_, inState := s.RootModule().Resources[addr]
								if env.Emulator != nil && inState {
									return fmt.Errorf("%s should have left state with its chat", addr)
								}
								if env.Emulator == nil && !inState {
									return fmt.Errorf("%s should stay in state while its chat can be restored", addr)
								}
							}
							return nil
						},
					},
					{Config: env.ProviderConfig + imported("")},
					{Config: env.ProviderConfig + deleteFirst},
					{
						// Delete: the chat goes first; removing its member, app and tab is success.
						Config:  env.ProviderConfig + deleteFirst,
						Destroy: true,
						Check: func(*terraform.State) error {
							client, err := env.GraphClient()
							if err != nil {
								return err
							}
							if _, err := client.GetChat(context.Background(), made); err == nil {
								return fmt.Errorf("chat %s was not deleted", made)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// TestAccChatMember_validation: plan-time errors name the attribute, before any request.
func TestAccChatMember_validation(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	raw := func(body string) string {
		return env.ProviderConfig + "resource \"teams_chat_member\" \"m\" {\n" + body + "}\n"
	}
	cases := []struct {
		body string
		err  string
	}{
		{"  chat_id = \"not-a-chat\"\n  user = \"" + u.Owners[0] + "\"\n", `Invalid Chat Id`},
		{"  chat_id = \"19:abc@thread.v2\"\n  user = \"nobody\"\n", `Invalid User`},
		{"  chat_id = \"19:abc@thread.v2\"\n  user = \"" + u.Owners[0] + "\"\n  role = \"admin\"\n", `value must be one of`},
		{"  chat_id = \"19:abc@thread.v2\"\n  user = \"" + u.Federated + "\"\n  tenant_id = \"" + u.FederatedTenant + "\"\n  role = \"guest\"\n", `Guest Role Across Organisations`},
		{"  chat_id = \"19:abc@thread.v2\"\n  user = \"" + u.Owners[0] + "\"\n  visible_history_start_date_time = \"yesterday\"\n", `(?s)Invalid Time.*is not an RFC 3339 time`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: raw(c.body), PlanOnly: true, ExpectError: regexp.MustCompile(c.err)})
	}
	steps = append(steps, resource.TestStep{
		Config:        raw("  chat_id = \"19:abc@thread.v2\"\n  user = \"" + u.Owners[0] + "\"\n"),
		ResourceName:  "teams_chat_member.m",
		ImportState:   true,
		ImportStateId: "19:abc@thread.v2",
		ExpectError:   regexp.MustCompile(`Invalid Import Id`),
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps:                    steps,
	})
}

// TestChatMember_adoptionAndForeignDestroy drives the provider over the plugin protocol (to read the
// warnings Terraform prints) against the emulator: adding someone already in the chat adopts them
// with a warning that says what destroy does; adding someone new says nothing; destroying a member
// of another organisation, whom Graph does not remove, is warned at plan, forgotten at apply with a
// warning (no error), and the member stays in the chat; destroying a home member removes them.
func TestChatMember_adoptionAndForeignDestroy(t *testing.T) {
	const adele, alex, lynne, john = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", "3626a173-f2bc-4883-bcf7-01514c3bfb82", "8b081ef6-4792-4def-b2c9-c363a1bf41d5"
	const megan = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d" // of emulator.FederatedTenantID
	em, err := emulator.Start("127.0.0.1:0", emulator.DefaultDirectory())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = em.Close() })
	p := acctest.NewProtocol(t, map[string]any{"graph_endpoint": em.URL, "access_token": emulator.AppToken(graph.ApplicationPermissions...)})
	chat, diags := p.Create("teams_chat", map[string]any{"chat_type": "group", "topic": "Adoption", "members_exclusive": false, "members": []any{
		map[string]any{"user": adele, "roles": []any{"owner"}},
		map[string]any{"user": alex, "roles": []any{"owner"}},
		map[string]any{"user": lynne, "roles": []any{"guest"}},
	}})
	if len(diags) != 0 {
		t.Fatalf("chat: %v", acctest.Details(diags, tfprotov6.DiagnosticSeverityError))
	}
	chatID := acctest.StringAttr(chat, "id")
	member := func(user, tenant string) map[string]any {
		m := map[string]any{"chat_id": chatID, "user": user}
		if tenant != "" {
			m["tenant_id"] = tenant
		}
		return m
	}
	client, err := graph.NewClient(graph.Config{GraphEndpoint: em.URL, AccessToken: emulator.AppToken(graph.ApplicationPermissions...)}, graph.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	inChat := func(userID string) bool {
		_, err := client.FindMember(context.Background(), chatID, userID)
		if err != nil && !graph.IsNotFound(err) {
			t.Fatal(err)
		}
		return err == nil
	}

	// Lynne is already in the chat (as a guest): adopted, made an owner, and the warning says so.
	_, diags = p.Create("teams_chat_member", member(lynne, ""))
	warnings := acctest.Details(diags, tfprotov6.DiagnosticSeverityWarning)
	if len(diags) != 1 || len(warnings) != 1 || !strings.HasPrefix(warnings[0], "Existing Chat Member Adopted: ") ||
		!strings.Contains(warnings[0], lynne) || !strings.Contains(warnings[0], `role "guest"`) || !strings.Contains(warnings[0], "Destroying the resource removes them from the chat") {
		t.Errorf("adopting a member: errors %v, warnings %v; want exactly the adoption warning", acctest.Details(diags, tfprotov6.DiagnosticSeverityError), warnings)
	}
	// John is not: added, with no word.
	johnState, diags := p.Create("teams_chat_member", member(john, ""))
	if len(diags) != 0 || !inChat(john) {
		t.Errorf("adding a new member: diagnostics %v, want none (in chat: %v)", acctest.Details(diags, tfprotov6.DiagnosticSeverityWarning), inChat(john))
	}
	// Megan, of another organisation: added, then destroyed.
	megState, diags := p.Create("teams_chat_member", member(megan, emulator.FederatedTenantID))
	if len(diags) != 0 || !inChat(megan) {
		t.Fatalf("adding a member of another organisation: %v", acctest.Details(diags, tfprotov6.DiagnosticSeverityError))
	}
	em.ResetCounts()
	next, diags := p.Destroy("teams_chat_member", megState)
	if got := acctest.Summaries(diags, tfprotov6.DiagnosticSeverityWarning); len(diags) != 2 || len(got) != 2 ||
		got[0] != "Member Of Another Organisation May Stay In Chat" || got[1] != "Chat Member Left In Chat" {
		t.Errorf("destroying a member of another organisation: errors %v, warnings %v; want the plan's warning, then the apply's",
			acctest.Details(diags, tfprotov6.DiagnosticSeverityError), acctest.Details(diags, tfprotov6.DiagnosticSeverityWarning))
	}
	if !next.IsNull() {
		t.Errorf("the member of another organisation should have left state: %v", next)
	}
	if !inChat(megan) {
		t.Errorf("Graph refused the removal, yet %s is no longer in the chat", megan)
	}
	if n := em.Counts()["DELETE /chats/{id}/members/{id}"]; n != 1 {
		t.Errorf("destroy sent %d removals, want one attempt", n)
	}
	// A home member's destroy: no warning, removed.
	next, diags = p.Destroy("teams_chat_member", johnState)
	if len(diags) != 0 || !next.IsNull() || inChat(john) {
		t.Errorf("destroying a home member: diagnostics %v, state %v, in chat %v", acctest.Details(diags, tfprotov6.DiagnosticSeverityWarning), next, inChat(john))
	}
}
