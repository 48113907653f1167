package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

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

// checkWaitsFollowRetryAfter: after every 429, the next request to the same route came no sooner
// than the Retry-After asked.
func checkWaitsFollowRetryAfter(em *emulator.Running) error {
	h := em.History()
	for i, r := range h {
		if r.Status != 429 || r.RetryAfter == "" {
			continue
		}
		secs, _ := strconv.ParseFloat(r.RetryAfter, 64)
		want := time.Duration(secs * float64(time.Second))
		for _, next := range h[i+1:] {
			if next.Method == r.Method && next.Route == r.Route {
				// A few milliseconds of slack: the two timestamps are taken at different points.
				if gap := next.At.Sub(r.At); gap < want-20*time.Millisecond {
					return fmt.Errorf("%s %s retried %s after a 429 asking for %s", r.Method, r.Route, gap, want)
				}
				break
			}
		}
	}
	return nil
}

func count429(em *emulator.Running) (n int) {
	for _, r := range em.History() {
		if r.Status == 429 {
			n++
		}
	}
	return n
}

// TestAccReliability_throttledEverywhere: 429 with a fractional Retry-After on every operation;
// apply, update and destroy succeed, and every wait follows Retry-After.
func TestAccReliability_throttledEverywhere(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	u := env.Users
	for _, f := range []emulator.Fault{
		{Method: "POST", Route: "/chats", Status: 429, RetryAfter: "0.35", Count: 1},
		{Method: "GET", Route: "/chats/{id}", Status: 429, RetryAfter: "0.25", Count: 2},
		{Method: "PATCH", Route: "/chats/{id}", Status: 429, RetryAfter: "0.3", Count: 1},
		{Method: "POST", Route: "/chats/{id}/members", Status: 429, RetryAfter: "0.2", Count: 1},
		{Method: "DELETE", Route: "/chats/{id}/members/{id}", Status: 429, RetryAfter: "0.2", Count: 1},
		{Method: "DELETE", Route: "/chats/{id}", Status: 429, RetryAfter: "0.3", Count: 1},
	} {
		env.Emulator.AddFault(f)
	}
	var id string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if c, _ := env.Emulator.Chat(id); !c.Deleted {
				return fmt.Errorf("chat %s not deleted", id)
			}
			if n := count429(env.Emulator); n != 7 {
				return fmt.Errorf("%d requests throttled, want the 7 injected", n)
			}
			return checkWaitsFollowRetryAfter(env.Emulator)
		},
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig + chatHCL("c", "group", "Throttled", "", owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2])),
			Check:  captureID("teams_chat.c", &id),
		}, {
			Config: env.ProviderConfig + chatHCL("c", "group", "Throttled again", "", owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[3])),
			Check: func(s *terraform.State) error {
				c, _ := env.Emulator.Chat(id)
				if c.Topic != "Throttled again" || len(c.Members) != 3 {
					return fmt.Errorf("update not applied: %+v", c)
				}
				return nil
			},
		}},
	})
}

// TestAccReliability_retryAfterBeyondTimeout: a Retry-After longer than the operation's timeout
// fails at once with an error naming the throttling, instead of hanging.
func TestAccReliability_retryAfterBeyondTimeout(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	env.Emulator.AddFault(emulator.Fault{Method: "POST", Route: "/chats", Status: 429, RetryAfter: "300"})
	start := time.Now()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      env.ProviderConfig + chatHCL("c", "group", "Never", "  timeouts {\n    create = \"20s\"\n  }\n", owner(env.Users.Owners[0]), owner(env.Users.Owners[1])),
			ExpectError: regexp.MustCompile(`(?s)Unable To Create Chat.*Microsoft Graph is throttling requests \(HTTP 429,\s+Retry-After 300s\)`),
		}},
	})
	if d := time.Since(start); d > 15*time.Second {
		t.Fatalf("took %s: the provider waited instead of failing", d)
	}
	if n := len(env.Emulator.Chats()); n != 0 {
		t.Fatalf("%d chats created", n)
	}
}

// TestAccReliability_transientFailures: 503/504 and dropped connections on reads, renames, member
// calls and deletes are retried and the apply succeeds.
func TestAccReliability_transientFailures(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	u := env.Users
	var id string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if c, _ := env.Emulator.Chat(id); !c.Deleted {
				return fmt.Errorf("chat %s not deleted", id)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			PreConfig: func() {
				env.Emulator.AddFault(emulator.Fault{Method: "GET", Route: "/chats/{id}", Status: 503, Count: 1})
				env.Emulator.AddFault(emulator.Fault{Method: "GET", Route: "/chats/{id}", Status: 504, Count: 1})
				env.Emulator.AddFault(emulator.Fault{Method: "GET", Route: "/chats/{id}", Drop: true, Count: 1})
			},
			Config: env.ProviderConfig + chatHCL("c", "group", "Flaky", "", owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2])),
			Check:  captureID("teams_chat.c", &id),
		}, {
			PreConfig: func() {
				env.Emulator.AddFault(emulator.Fault{Method: "PATCH", Route: "/chats/{id}", Status: 504, Count: 1})
				env.Emulator.AddFault(emulator.Fault{Method: "PATCH", Route: "/chats/{id}", Drop: true, Count: 1})
				env.Emulator.AddFault(emulator.Fault{Method: "POST", Route: "/chats/{id}/members", Drop: true, Count: 1})
				env.Emulator.AddFault(emulator.Fault{Method: "DELETE", Route: "/chats/{id}/members/{id}", Status: 503, Count: 1})
				env.Emulator.AddFault(emulator.Fault{Method: "DELETE", Route: "/chats/{id}/members/{id}", Drop: true, Count: 1})
				env.Emulator.AddFault(emulator.Fault{Method: "DELETE", Route: "/chats/{id}", Drop: true, Count: 1})
			},
			Config: env.ProviderConfig + chatHCL("c", "group", "Flaky but renamed", "", owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[3])),
			Check: func(*terraform.State) error {
				c, _ := env.Emulator.Chat(id)
				if c.Topic != "Flaky but renamed" || len(c.Members) != 3 {
					return fmt.Errorf("update not applied: %+v", c)
				}
				return nil
			},
		}},
	})
}

// TestAccReliability_noDuplicateGroupChat: the group-chat POST is answered ambiguously; the provider
// finds the chat it created (or creates it once) instead of resending blindly.
func TestAccReliability_noDuplicateGroupChat(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fault   emulator.Fault
		listLag time.Duration
		posts   int
	}{
		// The chat is created, then the connection drops: found, adopted, no second POST.
		{"dropped after creation", emulator.Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1}, 0, 1},
		// The same while the chat list shows the new chat only 5 seconds later (Graph's lists are
		// eventually consistent): the look-up keeps looking and finds it.
		{"dropped after creation, list lagging", emulator.Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1}, 5 * time.Second, 1},
		// Graph failed before creating: nothing found within the consistency window, so one more POST.
		{"503 before creation", emulator.Fault{Method: "POST", Route: "/chats", Status: 503, Count: 1}, 0, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := acctest.NewEnv(t)
			env.RequireEmulator(t)
			env.Emulator.AddFault(tc.fault)
			env.Emulator.SetListLag(tc.listLag)
			u := env.Users
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config: env.ProviderConfig + chatHCL("c", "group", "Exactly once", "", owner(u.Owners[0]), owner(u.OwnerUPN), guest(u.Guest)),
					Check: func(s *terraform.State) error {
						chats := env.Emulator.Chats()
						if len(chats) != 1 || chats[0].Topic != "Exactly once" {
							return fmt.Errorf("the emulator holds %d chats, want exactly one", len(chats))
						}
						if got := stateID(s, "teams_chat.c"); got != chats[0].ID {
							return fmt.Errorf("state has %q, the emulator %q", got, chats[0].ID)
						}
						if n := env.Emulator.Counts()["POST /chats"]; n != tc.posts {
							return fmt.Errorf("%d POSTs, want %d", n, tc.posts)
						}
						if tc.posts > 1 {
							// The POST is resent only after the consistency window.
							var posts []time.Time
							for _, r := range env.Emulator.History() {
								if r.Method == "POST" && r.Route == "/chats" {
									posts = append(posts, r.At)
								}
							}
							if gap := posts[1].Sub(posts[0]); gap < graph.ListConsistencyWindow {
								return fmt.Errorf("resent after %s, inside the %s window", gap, graph.ListConsistencyWindow)
							}
						}
						return nil
					},
				}},
			})
		})
	}
}

// TestAccReliability_readAfterCreateLag: Graph answers 404 for a while after the create.
func TestAccReliability_readAfterCreateLag(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	env.Emulator.SetCreateLag(1500 * time.Millisecond)
	u := env.Users
	config := env.ProviderConfig + chatHCL("c", "group", "Lagging", "", owner(u.Owners[0]), owner(u.Owners[1]))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(*terraform.State) error {
				if n := len(env.Emulator.Chats()); n != 1 {
					return fmt.Errorf("%d chats, want 1", n)
				}
				for _, r := range env.Emulator.History() {
					if r.Method == "GET" && r.Route == "/chats/{id}" && r.Status == 404 {
						return nil
					}
				}
				return fmt.Errorf("the lag was never seen: the test proves nothing")
			},
		}, {
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// TestAccReliability_documentedLimits: with Teams' limits enforced (time scaled by 5), 50 group
// chats are created, 10 of them get a member, and all are destroyed without an error. Throttling is
// shared: the provider collects few 429s rather than hammering.
func TestAccReliability_documentedLimits(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	env.Emulator.SetLimits(emulator.AllLimits(5))
	u := env.Users
	chats := func(extra int) string {
		return env.ProviderConfig + fmt.Sprintf(`
resource "teams_chat" "many" {
  count     = 50
  chat_type = "group"
  topic     = "Load ${count.index}"
  members = concat([
    { user = %q, roles = ["owner"] },
    { user = %q, roles = ["owner"] },
  ], count.index < %d ? [{ user = %q, roles = ["owner"] }] : [])
}
`, u.Owners[0], u.Owners[1], extra, u.Owners[2])
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := len(env.Emulator.Chats()); n != 0 {
				return fmt.Errorf("%d chats left", n)
			}
			deletes := env.Emulator.Counts()["DELETE /chats/{id}"]
			throttled := count429(env.Emulator)
			t.Logf("requests: %v; 429s: %d", env.Emulator.Counts(), throttled)
			if throttled == 0 {
				return fmt.Errorf("no request was throttled: the limits were not exercised")
			}
			// Each delete is throttled at most a few times: backing off together, not hammering.
			if deletes >= 50+60 {
				return fmt.Errorf("%d DELETE attempts for 50 chats: the provider hammered", deletes)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: chats(0),
			Check: func(*terraform.State) error {
				if n := len(env.Emulator.Chats()); n != 50 {
					return fmt.Errorf("%d chats, want 50", n)
				}
				return nil
			},
		}, {
			Config: chats(10),
			Check: func(*terraform.State) error {
				with3 := 0
				for _, c := range env.Emulator.Chats() {
					if len(c.Members) == 3 {
						with3++
					}
				}
				if with3 != 10 {
					return fmt.Errorf("%d chats with a third member, want 10", with3)
				}
				return nil
			},
		}},
	})
}

// membersBeforeAfter checks the sizes of members in the prior state and in the plan.
type membersBeforeAfter struct {
	addr          string
	before, after int
}

func (c membersBeforeAfter) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)["members"].([]any)
		after, _ := rc.Change.After.(map[string]any)["members"].([]any)
		if len(before) != c.before || len(after) != c.after {
			resp.Error = fmt.Errorf("%s: %d members in state and %d planned, want %d and %d", c.addr, len(before), len(after), c.before, c.after)
		}
		return
	}
	resp.Error = fmt.Errorf("%s not in the plan", c.addr)
}

// TestAccReliability_partialUpdate: adding the second of three members fails for good; the apply
// says so, state holds the member that was added, and the next plan adds only the other two.
func TestAccReliability_partialUpdate(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	u := env.Users
	five := env.ProviderConfig + chatHCL("c", "group", "Partial", "", owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2]), owner(u.Owners[3]), owner(u.OwnerUPN))
	var id string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig + chatHCL("c", "group", "Partial", "", owner(u.Owners[0]), owner(u.Owners[1])),
			Check:  captureID("teams_chat.c", &id),
		}, {
			PreConfig: func() {
				env.Emulator.AddFault(emulator.Fault{Method: "POST", Route: "/chats/{id}/members", Status: 500, Skip: 1, Count: 1})
			},
			Config:      five,
			ExpectError: regexp.MustCompile(`(?s)Unable To Update Chat.*stopped part way.*HTTP 500`),
		}, {
			Config: five,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
				membersBeforeAfter{addr: "teams_chat.c", before: 3, after: 5},
			}},
			Check: func(*terraform.State) error {
				c, _ := env.Emulator.Chat(id)
				if len(c.Members) != 5 {
					return fmt.Errorf("%d members, want 5", len(c.Members))
				}
				if n := env.Emulator.Counts()["POST /chats/{id}/members"]; n != 4 {
					return fmt.Errorf("%d member POSTs, want 4 (1 added, 1 failed, then the 2 left)", n)
				}
				return nil
			},
		}},
	})
}

// TestAccReliability_secretsNotLogged: at TF_LOG=TRACE, the access token, a client secret in the
// environment and the Authorization header never reach the provider's log.
func TestAccReliability_secretsNotLogged(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", logFile)
	t.Setenv("ARM_CLIENT_SECRET", "client-secret-3c1d9e")
	token := "access-token-7f2b8a"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.EmulatorProviderConfig(env.Emulator.URL, token) +
				chatHCL("c", "group", "Secrets", "", owner(env.Users.Owners[0]), owner(env.Users.Owners[1])),
		}},
	})
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	// The file interleaves the test harness (which logs the configuration it writes, secrets
	// included), Terraform, and the provider. Keep the provider's own entries: its logger ("teams")
	// and the plugin SDK layers serving it.
	entryStart := regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\dT[^ ]+ \[[A-Z]+\] +`)
	bounds := entryStart.FindAllStringIndex(string(data), -1)
	var provider []string
	for i, b := range bounds {
		end := len(data)
		if i+1 < len(bounds) {
			end = bounds[i+1][0]
		}
		entry := string(data[b[0]:end])
		rest := entry[b[1]-b[0]:]
		if strings.HasPrefix(rest, "teams:") || strings.HasPrefix(rest, "sdk.framework:") || strings.HasPrefix(rest, "sdk.proto:") {
			provider = append(provider, entry)
		}
	}
	logs := strings.Join(provider, "")
	if !strings.Contains(logs, "Microsoft Graph request") || !strings.Contains(logs, "Microsoft Graph response detail") || !strings.Contains(logs, `Authorization`) {
		t.Fatalf("the provider's trace log holds no Graph request lines (%d entries): the test proves nothing", len(provider))
	}
	for _, secret := range []string{token, "client-secret-3c1d9e", "Bearer " + token} {
		if i := strings.Index(logs, secret); i >= 0 {
			lo, hi := max(0, i-600), min(len(logs), i+100)
			t.Fatalf("the provider's log contains %q:\n%s", secret, logs[lo:hi])
		}
	}
}

// TestAccReliability_createdChatNeverLost: the chat is created but cannot be read back before the
// timeout; it is in state all the same (tainted), so the next apply replaces it instead of leaving
// an orphan in Teams.
func TestAccReliability_createdChatNeverLost(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	u := env.Users
	config := env.ProviderConfig + chatHCL("c", "group", "Kept", "  timeouts {\n    create = \"2s\"\n  }\n", owner(u.Owners[0]), owner(u.Owners[1]))
	var first string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig:   func() { env.Emulator.SetCreateLag(time.Hour) },
			Config:      config,
			ExpectError: regexp.MustCompile(`(?s)Unable To Read Created Chat.*was\s+created\s+and\s+is\s+recorded\s+in\s+state`),
		}, {
			PreConfig: func() {
				chats := env.Emulator.Chats()
				if len(chats) != 1 {
					t.Fatalf("%d chats after the failed create", len(chats))
				}
				first = chats[0].ID
				env.Emulator.SetCreateLag(0)
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionDestroyBeforeCreate),
			}},
			Check: func(s *terraform.State) error {
				if c, _ := env.Emulator.Chat(first); !c.Deleted {
					return fmt.Errorf("the first chat %s was not in state: it was never deleted", first)
				}
				if id := stateID(s, "teams_chat.c"); id == first || len(env.Emulator.Chats()) != 1 {
					return fmt.Errorf("state %q, %d live chats", id, len(env.Emulator.Chats()))
				}
				return nil
			},
		}},
	})
}

// TestAccReliability_delegatedRecovery: signed in as a user (delegated permissions), a group chat
// whose create answer is lost is found through the user's own chats, never created twice; when the
// look-up fails too, the error says the chat may exist, how to find and import it, and the
// delegated permission the look-up needs.
func TestAccReliability_delegatedRecovery(t *testing.T) {
	env := acctest.NewEnv(t)
	env.RequireEmulator(t)
	u := env.Users
	provider := env.DelegatedProviderConfig(u.Owners[2])
	// The signed-in user is not the first member: an application would look through that member's chats.
	config := func(topic string) string {
		// A signed-in user who is no administrator cannot delete chats: destroy forgets it.
		return provider + chatHCL("c", "group", topic, "  deletion_behavior = \"forget\"\n", owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2]))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				env.Emulator.AddFault(emulator.Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1})
				env.Emulator.AddFault(emulator.Fault{Method: "GET", Route: "/chats", Status: 500, Count: 1})
			},
			Config:      config("Look-up down"),
			ExpectError: regexp.MustCompile(`(?s)Unable To Create Chat.*may have been created.*GET\s+/me/chats.*terraform\s+import.*Chat.ReadBasic\s+\(or\s+Chat.ReadWrite;\s+delegated\)`),
		}, {
			PreConfig: func() {
				env.Emulator.ClearFaults()
				for _, c := range env.Emulator.Chats() {
					_ = env.Emulator.DeleteChatOutOfBand(c.ID) // the chat the failed step made, found by hand
				}
				env.Emulator.ResetCounts()
				env.Emulator.AddFault(emulator.Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1})
			},
			Config: config("Found through my chats"),
			Check: func(s *terraform.State) error {
				chats := env.Emulator.Chats()
				if len(chats) != 1 || stateID(s, "teams_chat.c") != chats[0].ID {
					return fmt.Errorf("%d chats; want exactly the one in state", len(chats))
				}
				counts := env.Emulator.Counts()
				if counts["POST /chats"] != 1 || counts["GET /chats"] == 0 || counts["GET /users/{id}/chats"] != 0 {
					return fmt.Errorf("want one POST and a look-up through GET /chats: %v", counts)
				}
				return nil
			},
		}},
	})
}

// TestAccReliability_undocumentedAnswers runs the affected lifecycles under every plausible answer
// to what Microsoft does not document: adding someone already in the chat (after a resent request),
// reading a chat deleted outside Terraform, and deleting a chat that is already deleted (after a
// resent request). Each ends as it would with the answer the emulator gives by default.
func TestAccReliability_undocumentedAnswers(t *testing.T) {
	run := func(t *testing.T, v emulator.Variants, steps func(env *acctest.Env) []resource.TestStep) {
		env := acctest.NewEnv(t)
		env.RequireEmulator(t)
		if err := env.Emulator.SetVariants(v); err != nil {
			t.Fatal(err)
		}
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProviderFactories,
			Steps:                    steps(env),
		})
	}
	for _, code := range emulator.ExistingMemberAnswers {
		t.Run(fmt.Sprintf("existing member %d", code), func(t *testing.T) {
			run(t, emulator.Variants{ExistingMember: code}, func(env *acctest.Env) []resource.TestStep {
				u := env.Users
				two := env.ProviderConfig + chatHCL("c", "group", "Resent add", "", owner(u.Owners[0]), owner(u.Owners[1]))
				three := env.ProviderConfig + chatHCL("c", "group", "Resent add", "", owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2]))
				return []resource.TestStep{{Config: two}, {
					PreConfig: func() {
						env.Emulator.ResetCounts()
						// The add is made, its answer lost: the request is sent again and meets the member.
						env.Emulator.AddFault(emulator.Fault{Method: "POST", Route: "/chats/{id}/members", Drop: true, Count: 1})
					},
					Config: three,
					Check: func(s *terraform.State) error {
						if n := env.Emulator.Counts()["POST /chats/{id}/members"]; n != 2 {
							return fmt.Errorf("%d member POSTs, want 2 (the lost one and the resent one)", n)
						}
						c, err := emulatorChat(env, s, "teams_chat.c")
						if err != nil || len(c.Members) != 3 {
							return fmt.Errorf("the chat has %d members, want 3: %w", len(c.Members), err)
						}
						return nil
					},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("members"), knownvalue.SetSizeExact(3)),
					},
				}}
			})
		})
	}
	for _, code := range emulator.DeletedChatAnswers {
		t.Run(fmt.Sprintf("deleted chat %d", code), func(t *testing.T) {
			run(t, emulator.Variants{DeletedChat: code}, func(env *acctest.Env) []resource.TestStep {
				u := env.Users
				config := env.ProviderConfig + chatHCL("c", "group", "Deleted in Teams", "", owner(u.Owners[0]), owner(u.Owners[1]))
				same := statecheck.CompareValue(compare.ValuesSame())
				differ := statecheck.CompareValue(compare.ValuesDiffer())
				deleteAll := func(purge bool) func() {
					return func() {
						for _, c := range env.Emulator.Chats() {
							_ = env.Emulator.DeleteChatOutOfBand(c.ID)
							if purge {
								_ = env.Emulator.PurgeDeletedChat(c.ID)
							}
						}
					}
				}
				return []resource.TestStep{{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						same.AddStateValue("teams_chat.c", tfjsonpath.New("id")),
						differ.AddStateValue("teams_chat.c", tfjsonpath.New("id")),
					},
				}, {
					// Deleted and restorable: restored in place, the same chat.
					PreConfig: deleteAll(false),
					Config:    config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{same.AddStateValue("teams_chat.c", tfjsonpath.New("id"))},
				}, {
					// Deleted past the restore window: created anew.
					PreConfig: deleteAll(true),
					Config:    config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{differ.AddStateValue("teams_chat.c", tfjsonpath.New("id"))},
				}}
			})
		})
	}
	for _, deleted := range emulator.DeletedChatAnswers {
		for _, again := range emulator.RedeleteAnswers {
			t.Run(fmt.Sprintf("redelete %d, deleted chat %d", again, deleted), func(t *testing.T) {
				run(t, emulator.Variants{DeletedChat: deleted, Redelete: again}, func(env *acctest.Env) []resource.TestStep {
					u := env.Users
					config := env.ProviderConfig + chatHCL("c", "group", "Deleted twice", "", owner(u.Owners[0]), owner(u.Owners[1]))
					return []resource.TestStep{{Config: config}, {
						PreConfig: func() {
							env.Emulator.ResetCounts()
							// The delete is made, its answer lost: the request is sent again.
							env.Emulator.AddFault(emulator.Fault{Method: "DELETE", Route: "/chats/{id}", Drop: true, Count: 1})
						},
						Config:  config,
						Destroy: true,
						Check: func(*terraform.State) error {
							if n := env.Emulator.Counts()["DELETE /chats/{id}"]; n != 2 {
								return fmt.Errorf("%d DELETEs, want 2 (the lost one and the resent one)", n)
							}
							if n := len(env.Emulator.Chats()); n != 0 {
								return fmt.Errorf("%d chats left", n)
							}
							return nil
						},
					}}
				})
			})
		}
	}
}

// TestAccReliability_tabCreateRecovers: a tab POST that fails without a clear answer is never
// resent blindly. Answered 503 (nothing pinned), it is sent again once no such tab has appeared
// within the consistency window: one tab, two POSTs. Its answer lost while the chat's tab list
// lags, the tab is found and adopted: one tab, one POST.
func TestAccReliability_tabCreateRecovers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fault   emulator.Fault
		listLag time.Duration
		posts   int
	}{
		{"503", emulator.Fault{Method: "POST", Route: "/chats/{id}/tabs", Status: 503, Count: 1}, 0, 2},
		{"dropped, list lagging", emulator.Fault{Method: "POST", Route: "/chats/{id}/tabs", Drop: true, Count: 1}, 5 * time.Second, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := acctest.NewEnv(t)
			env.RequireEmulator(t)
			u := env.Users
			chat := env.ProviderConfig + chatHCL("c", "group", "Tab once", "", owner(u.Owners[0]), owner(u.Owners[1]))
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{Config: chat}, {
					PreConfig: func() {
						env.Emulator.ResetCounts()
						env.Emulator.AddFault(tc.fault)
						env.Emulator.SetListLag(tc.listLag)
					},
					Config: chat + websiteTabHCL("https://contoso.com"),
					Check: func(s *terraform.State) error {
						c, err := emulatorChat(env, s, "teams_chat.c")
						if err != nil {
							return err
						}
						if len(c.Tabs) != 1 || stateID(s, "teams_chat_tab.site") != c.ID+"/"+c.Tabs[0].ID {
							return fmt.Errorf("the chat has %d tabs, want exactly the one in state", len(c.Tabs))
						}
						if n := env.Emulator.Counts()["POST /chats/{id}/tabs"]; n != tc.posts {
							return fmt.Errorf("%d tab POSTs, want %d", n, tc.posts)
						}
						return nil
					},
				}},
			})
		})
	}
}
