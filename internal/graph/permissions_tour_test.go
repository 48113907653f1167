package graph

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// Users of the emulator's default directory.
const (
	tourAdele = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
	tourAlex  = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d"
	tourLynne = "3626a173-f2bc-4883-bcf7-01514c3bfb82"
	tourJacob = "jacob@contoso.com"
)

// recorder records the endpoint of every request a client sends.
type recorder struct {
	mu    sync.Mutex
	seen  []string
	inner http.RoundTripper
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.seen = append(r.seen, emulator.EndpointOf(req.Method, strings.TrimPrefix(req.URL.EscapedPath(), "/v1.0")))
	r.mu.Unlock()
	return r.inner.RoundTrip(req)
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.seen
	r.seen = nil
	return out
}

// tourFixture is a group chat made for one step of the tour: Adele (the delegated caller), Alex
// and Lynne, with the Project Board app installed and a Website tab.
type tourFixture struct {
	chatID, lynneMembership, installationID, tabID string
	lynne                                          Member
}

// tourOp is one operation of graph.Client that reaches Graph: the endpoint of its first request
// and how to perform it on a fresh fixture.
type tourOp struct {
	method   string // the Client method
	endpoint string
	run      func(ctx context.Context, c *Client, f tourFixture) error
	// delegatedOnly: the provider calls it only for a signed-in user (Graph refuses applications).
	delegatedOnly bool
	// adminOnly: a signed-in user also needs a Teams or tenant administrator role.
	adminOnly bool
	// answersForbidden: a 403 is an answer, not an error (IsChatGone).
	answersForbidden bool
	// deleted: the fixture's chat is deleted before the operation runs.
	deleted bool
}

func tourOps() []tourOp {
	group := func(topic string) ChatSpec {
		return ChatSpec{ChatType: ChatTypeGroup, Topic: topic, Members: []MemberSpec{
			{User: tourAdele, Role: RoleOwner}, {User: tourAlex, Role: RoleOwner}, {User: tourLynne, Role: RoleOwner}}}
	}
	site := TabSpec{AppID: emulator.WebsiteAppID, DisplayName: "Plan", Configuration: TabConfiguration{ContentURL: "https://example.com/plan", WebsiteURL: "https://example.com/plan"}}
	return []tourOp{
		{method: "CreateChat", endpoint: "POST /chats", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.CreateChat(ctx, group("Tour create"))
			return err
		}},
		{method: "CreateChatWithoutDuplicate", endpoint: "POST /chats", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.CreateChatWithoutDuplicate(ctx, group("Tour create once"))
			return err
		}},
		{method: "GetChat", endpoint: "GET /chats/{id}", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.GetChat(ctx, f.chatID)
			return err
		}},
		{method: "WaitForChat", endpoint: "GET /chats/{id}", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.WaitForChat(ctx, f.chatID)
			return err
		}},
		{method: "ListMembers", endpoint: "GET /chats/{id}/members", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.ListMembers(ctx, f.chatID)
			return err
		}},
		{method: "FindMember", endpoint: "GET /chats/{id}/members", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.FindMember(ctx, f.chatID, tourLynne)
			return err
		}},
		{method: "RenameChat", endpoint: "PATCH /chats/{id}", run: func(ctx context.Context, c *Client, f tourFixture) error {
			return c.RenameChat(ctx, f.chatID, "Renamed")
		}},
		{method: "AddMember", endpoint: "POST /chats/{id}/members", run: func(ctx context.Context, c *Client, f tourFixture) error {
			return c.AddMember(ctx, f.chatID, MemberSpec{User: tourJacob, Role: RoleOwner})
		}},
		{method: "RemoveMember", endpoint: "DELETE /chats/{id}/members/{id}", run: func(ctx context.Context, c *Client, f tourFixture) error {
			return c.RemoveMember(ctx, f.chatID, f.lynneMembership)
		}},
		{method: "ChangeMemberRole", endpoint: "DELETE /chats/{id}/members/{id}", run: func(ctx context.Context, c *Client, f tourFixture) error {
			return c.ChangeMemberRole(ctx, f.chatID, f.lynne, MemberSpec{Role: RoleGuest})
		}},
		{method: "DeleteChat", endpoint: "DELETE /chats/{id}", adminOnly: true, run: func(ctx context.Context, c *Client, f tourFixture) error { return c.DeleteChat(ctx, f.chatID) }},
		{method: "DeleteChatIfPresent", endpoint: "DELETE /chats/{id}", adminOnly: true, run: func(ctx context.Context, c *Client, f tourFixture) error {
			return c.DeleteChatIfPresent(ctx, f.chatID, tourAdele)
		}},
		{method: "IsChatGone", endpoint: "GET /chats/{id}", answersForbidden: true, run: func(ctx context.Context, c *Client, f tourFixture) error {
			forbidden := &ForbiddenError{APIError: &APIError{Status: http.StatusForbidden, Code: "Forbidden"}}
			if c.IsChatGone(ctx, f.chatID, tourAdele, forbidden) {
				return errors.New("a chat that is there was judged gone")
			}
			return nil
		}},
		{method: "GetDeletedChat", endpoint: "GET /teamwork/deletedChats/{id}", deleted: true, run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.GetDeletedChat(ctx, f.chatID)
			return err
		}},
		{method: "RestoreDeletedChat", endpoint: "POST /teamwork/deletedChats/{id}/undoDelete", deleted: true, adminOnly: true, run: func(ctx context.Context, c *Client, f tourFixture) error {
			return c.RestoreDeletedChat(ctx, f.chatID)
		}},
		{method: "WaitChatRestored", endpoint: "GET /chats/{id}", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.WaitChatRestored(ctx, f.chatID)
			return err
		}},
		{method: "ListUserChats", endpoint: "GET /users/{id}/chats", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.ListUserChats(ctx, tourAdele, ChatFilter{})
			return err
		}},
		{method: "ListMyChats", endpoint: "GET /chats", delegatedOnly: true, run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.ListMyChats(ctx, ChatFilter{})
			return err
		}},
		{method: "FindUserChats", endpoint: "GET /users/{id}/chats", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.FindUserChats(ctx, tourAdele, ChatQuery{ChatType: ChatTypeGroup})
			return err
		}},
		{method: "GetUser", endpoint: "GET /users/{id}", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.GetUser(ctx, tourJacob)
			return err
		}},
		{method: "FindCatalogApps", endpoint: "GET /appCatalogs/teamsApps", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.FindCatalogApps(ctx, "id", emulator.FormsAppID)
			return err
		}},
		{method: "CurrentDefinition", endpoint: "GET /appCatalogs/teamsApps", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, _, err := c.CurrentDefinition(ctx, emulator.StandupAppID)
			return err
		}},
		{method: "InstallApp", endpoint: "GET /appCatalogs/teamsApps", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, _, err := c.InstallApp(ctx, f.chatID, emulator.FormsAppID)
			return err
		}},
		{method: "FindInstallation", endpoint: "GET /chats/{id}/installedApps", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.FindInstallation(ctx, f.chatID, emulator.ProjectBoardAppID)
			return err
		}},
		{method: "ListInstallations", endpoint: "GET /chats/{id}/installedApps", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.ListInstallations(ctx, f.chatID)
			return err
		}},
		{method: "GetInstallation", endpoint: "GET /chats/{id}/installedApps", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.GetInstallation(ctx, f.chatID, f.installationID)
			return err
		}},
		{method: "UpgradeInstallation", endpoint: "GET /appCatalogs/teamsApps", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.UpgradeInstallation(ctx, f.chatID, f.installationID, emulator.ProjectBoardAppID)
			return err
		}},
		{method: "UninstallApp", endpoint: "DELETE /chats/{id}/installedApps/{id}", run: func(ctx context.Context, c *Client, f tourFixture) error {
			return c.UninstallApp(ctx, f.chatID, f.installationID)
		}},
		{method: "CreateTab", endpoint: "POST /chats/{id}/tabs", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, _, err := c.CreateTab(ctx, f.chatID, site)
			return err
		}},
		{method: "ListTabs", endpoint: "GET /chats/{id}/tabs", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.ListTabs(ctx, f.chatID, emulator.WebsiteAppID)
			return err
		}},
		{method: "GetTab", endpoint: "GET /chats/{id}/tabs/{id}", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.GetTab(ctx, f.chatID, f.tabID)
			return err
		}},
		{method: "UpdateTab", endpoint: "PATCH /chats/{id}/tabs/{id}", run: func(ctx context.Context, c *Client, f tourFixture) error {
			_, err := c.UpdateTab(ctx, f.chatID, f.tabID, TabSpec{DisplayName: "Renamed", Configuration: TabConfiguration{ContentURL: "https://example.com/b", WebsiteURL: "https://example.com/b"}})
			return err
		}},
		{method: "DeleteTab", endpoint: "DELETE /chats/{id}/tabs/{id}", run: func(ctx context.Context, c *Client, f tourFixture) error { return c.DeleteTab(ctx, f.chatID, f.tabID) }},
	}
}

// notGraph are the Client methods that send no request to Graph.
var notGraph = map[string]bool{"Caller": true, "Endpoint": true, "CredentialKind": true, "MayRestoreChats": true}

// TestDocumentedPermissionsAllowEveryOperation performs every operation of graph.Client that
// reaches Graph against the emulator, whose permission table is generated from Microsoft's
// permission files: with a token holding exactly ApplicationPermissions, and with a signed-in
// user's token holding exactly DelegatedPermissions, none is refused. Short of permissions, every
// refusal on its way carries a hint that names only permissions the table says allow the refused
// request, at least one of them documented. Every request the
// tour sends is to an endpoint the tour names, and every Client method is in the tour.
func TestDocumentedPermissionsAllowEveryOperation(t *testing.T) {
	em := startEmulator(t)
	rec := &recorder{inner: http.DefaultTransport}
	client := func(token string) *Client {
		c, err := NewClient(Config{AccessToken: token, GraphEndpoint: em.URL, Explicit: map[string]bool{"access_token": true}},
			Options{Version: "test", Retry: fastRetry(), Transport: rec})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	admin := client("unchecked-token")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	fixture := func(t *testing.T, op tourOp) tourFixture {
		t.Helper()
		chat, err := admin.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Tour", Members: []MemberSpec{
			{User: tourAdele, Role: RoleOwner}, {User: tourAlex, Role: RoleOwner}, {User: tourLynne, Role: RoleOwner}}})
		if err != nil {
			t.Fatal(err)
		}
		lynne, err := admin.FindMember(ctx, chat.ID, tourLynne)
		if err != nil {
			t.Fatal(err)
		}
		inst, _, err := admin.InstallApp(ctx, chat.ID, emulator.ProjectBoardAppID)
		if err != nil {
			t.Fatal(err)
		}
		tab, _, err := admin.CreateTab(ctx, chat.ID, TabSpec{AppID: emulator.WebsiteAppID, DisplayName: "Site",
			Configuration: TabConfiguration{ContentURL: "https://example.com", WebsiteURL: "https://example.com"}})
		if err != nil {
			t.Fatal(err)
		}
		if op.deleted {
			if err := admin.DeleteChat(ctx, chat.ID); err != nil {
				t.Fatal(err)
			}
		}
		rec.take()
		return tourFixture{chatID: chat.ID, lynneMembership: lynne.MembershipID, lynne: lynne, installationID: inst.ID, tabID: tab.ID}
	}
	asApp := client(emulator.AppToken(ApplicationPermissions...))
	asUser := client(emulator.DelegatedToken(tourAdele, DelegatedPermissions...))

	named := map[string]bool{}
	for _, op := range tourOps() {
		named[op.method] = true
		t.Run(op.method, func(t *testing.T) {
			for kind, c := range map[string]*Client{"application": asApp, "delegated": asUser} {
				err := op.run(ctx, c, fixture(t, op))
				switch {
				case kind == "application" && op.delegatedOnly:
					if !IsForbidden(err) {
						t.Errorf("%s as an application: %v; Graph supports it for signed-in users only", op.method, err)
					}
				case kind == "delegated" && op.adminOnly:
					if !IsForbidden(err) || !strings.Contains(err.Error(), "administrator") {
						t.Errorf("%s as a signed-in user who is no administrator: %v", op.method, err)
					}
				case err != nil:
					t.Errorf("%s with the documented %s permissions: %v", op.method, kind, err)
				}
				for _, e := range rec.take() {
					if !tourEndpoint(e) {
						t.Errorf("%s sent a request to %s, which no operation of the tour names", op.method, e)
					}
				}
			}
			// Short of permissions: start with none of ours, and after each refusal grant the
			// documented permissions that allow the refused request, until the operation goes
			// through. Every refusal on the way must carry a hint that names the way out.
			for _, kind := range []string{"application", "delegated"} {
				if (kind == "application" && op.delegatedOnly) || (kind == "delegated" && op.adminOnly) {
					continue
				}
				documented := ApplicationPermissions
				if kind == "delegated" {
					documented = DelegatedPermissions
				}
				granted := []string{"Sites.Selected"}
				for step := 0; ; step++ {
					token := emulator.AppToken(granted...)
					if kind == "delegated" {
						token = emulator.DelegatedToken(tourAdele, granted...)
					}
					err := op.run(ctx, client(token), fixture(t, op))
					sent := rec.take()
					if err == nil || step > 8 {
						if err != nil {
							t.Errorf("%s as a %s caller granted %v: %v", op.method, kind, granted, err)
						}
						break
					}
					if op.answersForbidden { // no permission error to follow: it must not misjudge
						if err != nil || len(sent) == 0 || !emulatorRefuses(sent[0], kind == "delegated") {
							t.Errorf("%s as a %s caller without permissions: %v (sent %v)", op.method, kind, err, sent)
						}
						break
					}
					var fe *ForbiddenError
					if !errors.As(err, &fe) || len(sent) == 0 {
						t.Errorf("%s as a %s caller granted %v: %v", op.method, kind, granted, err)
						break
					}
					refused := sent[len(sent)-1]
					for _, e := range sent {
						if !emulator.Allows(e, kind == "delegated", "Sites.Selected") && !grantsAny(e, kind == "delegated", granted) {
							refused = e // the first request the token could not make
							break
						}
					}
					if step == 0 && kind == "application" && refused != op.endpoint {
						t.Errorf("%s: first refused request %s, the tour names %s", op.method, refused, op.endpoint)
					}
					checkHint(t, op.method, refused, fe.Permission)
					added := false
					for _, p := range documented {
						if emulator.Allows(refused, kind == "delegated", p) {
							granted, added = append(granted, p), true
						}
					}
					if !added {
						t.Errorf("%s: no documented %s permission allows %s", op.method, kind, refused)
						break
					}
				}
			}
		})
	}
	typ := reflect.TypeOf(&Client{})
	for i := 0; i < typ.NumMethod(); i++ {
		if m := typ.Method(i).Name; !named[m] && !notGraph[m] {
			t.Errorf("Client.%s is not in the permission tour: add it to tourOps (or to notGraph if it sends nothing to Graph)", m)
		}
	}
}

func grantsAny(endpoint string, delegated bool, granted []string) bool {
	for _, g := range granted {
		if emulator.Allows(endpoint, delegated, g) {
			return true
		}
	}
	return false
}

// emulatorRefuses: the permission table gives the caller kind no permission our refused tokens hold.
func emulatorRefuses(endpoint string, delegated bool) bool {
	return !emulator.Allows(endpoint, delegated, "Sites.Selected")
}

func tourEndpoint(e string) bool {
	for _, op := range tourOps() {
		if op.endpoint == e {
			return true
		}
	}
	_, _, ok := emulator.Permissions(e)
	return ok
}

var hintPermission = regexp.MustCompile(`[A-Z][A-Za-z]+(?:\.[A-Z][A-Za-z]+)+`)

// checkHint: every permission the hint names allows the refused endpoint for some kind of caller,
// and at least one of them is among the documented permissions.
func checkHint(t *testing.T, op, endpoint, hint string) {
	t.Helper()
	names := hintPermission.FindAllString(hint, -1)
	documented := false
	for _, p := range names {
		if !emulator.Allows(endpoint, false, p) && !emulator.Allows(endpoint, true, p) {
			t.Errorf("%s: the 403 hint %q names %s, which does not allow %s", op, hint, p, endpoint)
		}
		for _, d := range append(append([]string(nil), ApplicationPermissions...), DelegatedPermissions...) {
			documented = documented || d == p
		}
	}
	if len(names) == 0 || !documented {
		t.Errorf("%s: the 403 hint %q for %s names no documented permission", op, hint, endpoint)
	}
}
