// Package acctest holds what acceptance tests share: provider factories, an emulator per test,
// and the switch to a real tenant (TEAMS_ACC_LIVE=1).
package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/provider"
)

// ProviderFactories serves the provider in-process to terraform-plugin-testing.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"teams": providerserver.NewProtocol6WithError(provider.New("acctest")()),
}

// Users are the people tests put into chats.
type Users struct {
	// Owners are four members of the home tenant, by object id.
	Owners [4]string
	// OwnerUPN is the user principal name of one more home member, OwnerUPNID its object id.
	OwnerUPN, OwnerUPNID string
	// SecondUPN is a user principal name of another member (not among Owners).
	SecondUPN string
	// Guest is an in-tenant guest user's object id.
	Guest string
	// Federated is a user of FederatedTenant.
	Federated, FederatedTenant string
	// Colleague is the second person of the page's example 1 (a member of the home tenant).
	Colleague string
}

// Apps are catalog apps tests install and pin: a live tenant names its own (TEAMS_ACC_*_APP_*).
type Apps struct {
	// Board is an organisation app with a configurable chat tab; BoardExternalID its manifest id
	// and BoardName its name.
	Board, BoardExternalID, BoardName string
	// Static is an app whose manifest declares a static chat tab.
	Static string
	// Store is a store app without a chat tab.
	Store string
}

// Env is one acceptance test's world: an emulator (nil against a real tenant) and the users.
type Env struct {
	Emulator       *emulator.Running
	ProviderConfig string
	Users          Users
	Live           bool
}

// CatalogApps returns the catalog apps for tests of apps and tabs: the emulator's default catalog,
// or in live mode TEAMS_ACC_BOARD_APP_ID, TEAMS_ACC_BOARD_APP_EXTERNAL_ID, TEAMS_ACC_BOARD_APP_NAME,
// TEAMS_ACC_STATIC_TAB_APP_ID and TEAMS_ACC_STORE_APP_ID. A live run without them fails, saying so.
func (e *Env) CatalogApps(t *testing.T) Apps {
	t.Helper()
	if !e.Live {
		return Apps{Board: emulator.ProjectBoardAppID, BoardExternalID: emulator.ProjectBoardExtID, BoardName: "Project Board",
			Static: emulator.HandbookAppID, Store: emulator.FormsAppID}
	}
	a := Apps{Board: os.Getenv("TEAMS_ACC_BOARD_APP_ID"), BoardExternalID: os.Getenv("TEAMS_ACC_BOARD_APP_EXTERNAL_ID"),
		BoardName: os.Getenv("TEAMS_ACC_BOARD_APP_NAME"), Static: os.Getenv("TEAMS_ACC_STATIC_TAB_APP_ID"), Store: os.Getenv("TEAMS_ACC_STORE_APP_ID")}
	if a.Board == "" || a.BoardExternalID == "" || a.BoardName == "" || a.Static == "" || a.Store == "" {
		t.Fatal("this test needs catalog apps of the tenant: set TEAMS_ACC_BOARD_APP_ID, TEAMS_ACC_BOARD_APP_EXTERNAL_ID, TEAMS_ACC_BOARD_APP_NAME (an organisation app with a configurable chat tab), TEAMS_ACC_STATIC_TAB_APP_ID (an app with a static chat tab) and TEAMS_ACC_STORE_APP_ID (a store app without a chat tab)")
	}
	return a
}

// ConsentApp returns a catalog app whose published version declares resource-specific
// permissions, so installing it needs consent: the emulator's Standup app, or in live mode
// TEAMS_ACC_CONSENT_APP_ID. A live run without it fails, saying so.
func (e *Env) ConsentApp(t *testing.T) string {
	t.Helper()
	if !e.Live {
		return emulator.StandupAppID
	}
	id := os.Getenv("TEAMS_ACC_CONSENT_APP_ID")
	if id == "" {
		t.Fatal("this test needs an app of the tenant's catalog whose published version declares resource-specific permissions (for example ChatMessage.Read.Chat): set TEAMS_ACC_CONSENT_APP_ID to its catalog id")
	}
	return id
}

// Live reports whether acceptance tests run against a real tenant.
func Live() bool { return os.Getenv("TEAMS_ACC_LIVE") == "1" }

// PreCheck fails early, with the way out, when acceptance tests cannot run.
func PreCheck(t *testing.T) {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p == "" {
		if _, err := exec.LookPath("terraform"); err != nil {
			t.Fatal("acceptance tests need a terraform binary: run `make test` (it provides one), or set TF_ACC_TERRAFORM_PATH")
		}
	}
	if Live() {
		for _, v := range []string{"TEAMS_ACC_USER_IDS", "TEAMS_ACC_USER_UPN", "TEAMS_ACC_SECOND_UPN", "TEAMS_ACC_GUEST_ID", "TEAMS_ACC_FEDERATED_USER_ID", "TEAMS_ACC_FEDERATED_TENANT_ID"} {
			if os.Getenv(v) == "" {
				t.Fatalf("TEAMS_ACC_LIVE=1 needs %s (see README, Testing against a real tenant)", v)
			}
		}
	}
}

// NewEnv starts an emulator for the test (or reads the live tenant's settings). Without TF_ACC
// the acceptance test is skipped, as terraform-plugin-testing would, saying how to run it.
func NewEnv(t *testing.T) *Env {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test (real terraform against the emulator): run `make test`, which provides terraform and sets TF_ACC=1")
	}
	if Live() {
		ids := strings.Split(os.Getenv("TEAMS_ACC_USER_IDS"), ",")
		if len(ids) < 4 {
			t.Fatal("TEAMS_ACC_USER_IDS needs four comma-separated object ids")
		}
		e := &Env{Live: true, ProviderConfig: `provider "teams" {}`}
		copy(e.Users.Owners[:], ids)
		e.Users.OwnerUPN = os.Getenv("TEAMS_ACC_USER_UPN")
		e.Users.SecondUPN = os.Getenv("TEAMS_ACC_SECOND_UPN")
		e.Users.Guest = os.Getenv("TEAMS_ACC_GUEST_ID")
		e.Users.Federated = os.Getenv("TEAMS_ACC_FEDERATED_USER_ID")
		e.Users.FederatedTenant = os.Getenv("TEAMS_ACC_FEDERATED_TENANT_ID")
		e.Users.Colleague = e.Users.Owners[2]
		return e
	}
	em, err := emulator.Start("127.0.0.1:0", emulator.DefaultDirectory().WithStaff(staffSize))
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() { _ = em.Close() })
	return &Env{
		Emulator: em,
		// The token grants exactly the application permissions the documentation lists, and the
		// emulator checks each request against Microsoft's list for its endpoint.
		ProviderConfig: EmulatorProviderConfig(em.URL, emulator.AppToken(graph.ApplicationPermissions...)),
		Users: Users{
			Owners:          [4]string{"8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", "3626a173-f2bc-4883-bcf7-01514c3bfb82", "8b081ef6-4792-4def-b2c9-c363a1bf41d5"},
			OwnerUPN:        "jacob@contoso.com",
			OwnerUPNID:      "4595d2f2-7b31-446c-84fd-9b795e63114b",
			SecondUPN:       "alex@contoso.com",
			Guest:           "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a",
			Federated:       "82af01c5-f7cc-4a2e-a728-3a5df21afd9d",
			FederatedTenant: emulator.FederatedTenantID,
			// The page's example 1 names 82af01c5-…, which example 5 uses as a federated user.
			Colleague: "82af01c5-f7cc-4a2e-a728-3a5df21afd9d",
		},
	}
}

// staffSize is how many more home users the emulator's directory holds for tests that need many
// people (Staff); a live run lists as many in TEAMS_ACC_STAFF_IDS.
const staffSize = 40

// Staff returns the object ids of n more users of the home tenant, for tests that need many
// people in one chat: the emulator's staff, or in live mode the first n of TEAMS_ACC_STAFF_IDS
// (comma-separated). A live run without enough of them fails, saying so.
func (e *Env) Staff(t *testing.T, n int) []string {
	t.Helper()
	if n > staffSize {
		t.Fatalf("Staff(%d): the emulator's directory holds %d staff users", n, staffSize)
	}
	if !e.Live {
		out := make([]string, n)
		for i := range out {
			out[i] = emulator.StaffID(i)
		}
		return out
	}
	var ids []string
	for _, id := range strings.Split(os.Getenv("TEAMS_ACC_STAFF_IDS"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	if len(ids) < n {
		t.Fatalf("this test needs %d users of the home tenant besides TEAMS_ACC_USER_IDS: list their object ids in TEAMS_ACC_STAFF_IDS (it has %d)", n, len(ids))
	}
	return ids[:n]
}

// DelegatedProviderConfig is a provider block for the emulator whose token speaks for a user.
func (e *Env) DelegatedProviderConfig(userID string) string {
	return EmulatorProviderConfig(e.Emulator.URL, emulator.DelegatedToken(userID, graph.DelegatedPermissions...))
}

// EmulatorProviderConfig is a provider block pointing at an emulator.
func EmulatorProviderConfig(url, token string) string {
	return fmt.Sprintf(`
provider "teams" {
  graph_endpoint = %q
  access_token   = %q
}
`, url, token)
}

// RequireEmulator skips a test that needs the emulator's out-of-band controls or faults when
// the suite runs against a real tenant, where they do not exist.
func (e *Env) RequireEmulator(t *testing.T) {
	t.Helper()
	if e.Emulator == nil {
		t.Skip("this test changes the emulator out of band or injects faults; it runs against the emulator only")
	}
}
