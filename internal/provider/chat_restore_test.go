package provider_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

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

// TestAccChat_restoreDeleted: a group chat with members, an app and a tab, deleted in Teams, comes
// back with one apply: the plan is an in-place update of teams_chat (deleted → false) and no-ops
// for the app and the tab, apply restores the chat with the same id (no POST /chats), and the next
// plan is empty. Then, with restore_deleted = false, a second deletion is planned as a
// replacement: a new chat.
func TestAccChat_restoreDeleted(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	apps := env.CatalogApps(t)
	config := func(extra string) string {
		return env.ProviderConfig + chatHCL("c", "group", "Restore me", extra, owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2])) +
			installationHCL("board", apps.Board, "") + websiteTabHCL("https://contoso.com/restore")
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var chatID string
	deleteChat := graphDo(t, env, func(ctx context.Context, c *graph.Client) error { return c.DeleteChat(ctx, chatID) })
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: config(""),
				Check:  captureID("teams_chat.c", &chatID),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("teams_chat.c", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("deleted"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("restore_deleted"), knownvalue.Bool(true)),
				},
			},
			{
				PreConfig: func() {
					deleteChat()
					resetCounts(env)()
				},
				Config: config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("deleted"), knownvalue.Bool(false)),
					plancheck.ExpectResourceAction("teams_chat_app_installation.board", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("teams_chat_tab.site", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("teams_chat.c", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("deleted"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					noChatCreated(env),
					checkChat(env, "teams_chat.c", func(c graph.Chat) error {
						if len(c.Members) != 3 || c.Topic != "Restore me" {
							return fmt.Errorf("the restored chat has %d members and topic %q, want 3 and %q", len(c.Members), c.Topic, "Restore me")
						}
						return nil
					}),
					checkInstalled(env, &chatID, apps.Board, true),
					checkTab(env, "teams_chat_tab.site", tabNamed("Site")),
				),
			},
			{Config: config(""), PlanOnly: true}, // everything reads clean after the restore
			{
				// Restoring switched off: the deleted chat is replaced by a new one.
				PreConfig: deleteChat,
				Config:    config("  restore_deleted = false\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionReplace),
				}},
				Check: func(s *terraform.State) error {
					if id := stateID(s, "teams_chat.c"); id == chatID || id == "" {
						return fmt.Errorf("restore_deleted = false: the chat is %q, want a new one (not %s)", id, chatID)
					}
					return nil
				},
			},
		},
	})
}

// noChatCreated checks that no chat was created since the counts were reset (emulator only: a
// tenant keeps no request counts, and the same id is the check that holds there).
func noChatCreated(env *acctest.Env) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if env.Emulator == nil {
			return nil
		}
		if n := env.Emulator.Counts()["POST /chats"]; n != 0 {
			return fmt.Errorf("%d chats were created; the restore should create none", n)
		}
		return nil
	}
}

// TestChatRestore_warnings drives the plan over the plugin protocol to read its warnings: a
// deleted chat's restore is announced; without Chat.ManageDeletion.All the chat leaves state and
// the warning names the permission that would have restored it; past the restore window it leaves
// state saying it can no longer be restored.
func TestChatRestore_warnings(t *testing.T) {
	f := newProtocolFixture(t)
	ctx := context.Background()
	chat, diags := f.p.Create("teams_chat", groupChatConfig("Warn", idAdele, idAlex, idLynne))
	noErrors(t, "create", diags)
	chatID := acctest.StringAttr(chat, "id")
	if err := f.client.DeleteChat(ctx, chatID); err != nil {
		t.Fatal(err)
	}

	// Read keeps it as deleted; the plan restores it in place, with a warning.
	kept, _, diags := f.p.ReadWithIdentity("teams_chat", chat, nil)
	noErrors(t, "read", diags)
	if kept.IsNull() {
		t.Fatal("a deleted, restorable chat left state")
	}
	restored, _, diags := f.p.UpdateWithIdentity("teams_chat", kept, nil, groupChatConfig("Warn", idAdele, idAlex, idLynne))
	if got := acctest.Summaries(diags, tfprotov6.DiagnosticSeverityWarning); len(got) != 1 || got[0] != "Deleted Chat Will Be Restored" {
		t.Errorf("restore: warnings %v (errors %v), want the restore warning", got, acctest.Details(diags, tfprotov6.DiagnosticSeverityError))
	}
	if acctest.StringAttr(restored, "id") != chatID {
		t.Errorf("restored chat id %q, want %s", acctest.StringAttr(restored, "id"), chatID)
	}
	if _, err := f.client.GetChat(ctx, chatID); err != nil {
		t.Errorf("the chat does not read after the restore: %v", err)
	}

	// Without Chat.ManageDeletion.All: the chat leaves state, and the warning names the permission.
	if err := f.client.DeleteChat(ctx, chatID); err != nil {
		t.Fatal(err)
	}
	var without []string
	for _, p := range graph.ApplicationPermissions {
		if p != "Chat.ManageDeletion.All" {
			without = append(without, p)
		}
	}
	limited := acctest.NewProtocol(t, map[string]any{"graph_endpoint": f.em.URL, "access_token": emulator.AppToken(without...)})
	gone, _, diags := limited.ReadWithIdentity("teams_chat", restored, nil)
	if w := acctest.Details(diags, tfprotov6.DiagnosticSeverityWarning); !gone.IsNull() || len(w) != 1 ||
		!strings.HasPrefix(w[0], "Chat Not Found: ") || !strings.Contains(w[0], "Chat.ManageDeletion.All") {
		t.Errorf("without the permission: state null %v, warnings %v; want it gone with a warning naming Chat.ManageDeletion.All", gone.IsNull(), w)
	}

	// Signed in as a user: Microsoft allows restores to administrators only, which a token cannot
	// show, so the chat leaves state (no plan promises a restore apply cannot make).
	delegated := acctest.NewProtocol(t, map[string]any{"graph_endpoint": f.em.URL, "access_token": emulator.DelegatedToken(idAdele, graph.DelegatedPermissions...)})
	gone, _, diags = delegated.ReadWithIdentity("teams_chat", restored, nil)
	if w := acctest.Details(diags, tfprotov6.DiagnosticSeverityWarning); !gone.IsNull() || len(w) != 1 || !strings.Contains(w[0], "administrators") {
		t.Errorf("signed in as a user: state null %v, warnings %v; want it gone, saying restores are for administrators", gone.IsNull(), w)
	}

	// Past the restore window: gone, saying it can no longer be restored.
	if err := f.em.PurgeDeletedChat(chatID); err != nil {
		t.Fatal(err)
	}
	gone, _, diags = f.p.ReadWithIdentity("teams_chat", restored, nil)
	if w := acctest.Details(diags, tfprotov6.DiagnosticSeverityWarning); !gone.IsNull() || len(w) != 1 || !strings.Contains(w[0], "can no longer be restored") {
		t.Errorf("past the window: state null %v, warnings %v; want it gone, saying it can no longer be restored", gone.IsNull(), w)
	}
}
