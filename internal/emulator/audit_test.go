package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func as(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

// TestMeChats: GET /me/chats (chat-list) lists the signed-in user's chats; the page grants it
// delegated permissions only, so an application is refused.
func TestMeChats(t *testing.T) {
	_, c := newTestServer(t)
	mine := c.createGroup("Mine", uAdele, uAlex)
	c.createGroup("Not mine", uAlex, uLynne)
	r := c.do("GET", "/me/chats", nil, as(DelegatedToken(uAdele, "Chat.ReadBasic")))
	if r.status != 200 {
		t.Fatalf("delegated /me/chats: %d %s", r.status, r.raw)
	}
	v := r.body["value"].([]any)
	if len(v) != 1 || v[0].(map[string]any)["id"] != mine {
		t.Fatalf("/me/chats lists %s", r.raw)
	}
	if r := c.do("GET", sp("/me/chats?$filter=topic eq 'Mine'"), nil, as(DelegatedToken(uAdele, "Chat.Read"))); r.status != 200 || len(r.body["value"].([]any)) != 1 {
		t.Fatalf("filtered /me/chats: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/me/chats", nil, as(AppToken("Chat.ReadBasic.All"))); r.status != 403 {
		t.Fatalf("an application on /me/chats: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/me/chats", nil, as(DelegatedToken(uAdele, "User.Read"))); r.status != 403 {
		t.Fatalf("delegated without a chat permission: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", "/me/chats", map[string]any{}); r.status != 405 {
		t.Fatalf("POST /me/chats: %d", r.status)
	}
}

// TestCatalogAppByID: GET /appCatalogs/teamsApps/{id} reads one app, with its definitions when
// expanded; an unknown app is 404; query options the list page does not document are refused;
// the catalog permissions apply.
func TestCatalogAppByID(t *testing.T) {
	_, c := newTestServer(t)
	r := c.do("GET", "/appCatalogs/teamsApps/"+ProjectBoardAppID, nil)
	if r.status != 200 || r.body["id"] != ProjectBoardAppID || r.body["externalId"] != ProjectBoardExtID || r.body["appDefinitions"] != nil {
		t.Fatalf("one app: %d %s", r.status, r.raw)
	}
	r = c.do("GET", "/appCatalogs/teamsApps/"+ProjectBoardAppID+"?$expand=appDefinitions", nil)
	if defs, _ := r.body["appDefinitions"].([]any); r.status != 200 || len(defs) != 2 || defs[0].(map[string]any)["teamsAppId"] != ProjectBoardAppID {
		t.Fatalf("one app with definitions: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/appCatalogs/teamsApps/no-such-app", nil); r.status != 404 {
		t.Fatalf("unknown app: %d %s", r.status, r.raw)
	}
	for _, bad := range []string{"?$expand=bots", sp("?$filter=id eq 'x'"), "?$top=1"} {
		if r := c.do("GET", "/appCatalogs/teamsApps/"+FormsAppID+bad, nil); r.status != 400 {
			t.Fatalf("%s: %d", bad, r.status)
		}
	}
	if r := c.do("GET", "/appCatalogs/teamsApps/"+FormsAppID, nil, as(AppToken("AppCatalog.Read.All"))); r.status != 200 {
		t.Fatalf("AppCatalog.Read.All: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/appCatalogs/teamsApps/"+FormsAppID, nil, as(AppToken("Chat.Read.All"))); r.status != 403 {
		t.Fatalf("Chat.Read.All reads the catalog: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/appCatalogs/teamsApps", nil); r.status != 200 || len(r.body["value"].([]any)) != len(DefaultCatalog().Apps) {
		t.Fatalf("the list still answers: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/appCatalogs/bots", nil); r.status != 400 {
		t.Fatalf("another collection of the catalog: %d", r.status)
	}
}

// TestChatsByInstalledApp: chat-list's example 5 filters chats by an installed app,
// `installedApps/any(a:a/teamsApp/id eq '…')`; other properties of the app are refused.
func TestChatsByInstalledApp(t *testing.T) {
	_, c := newTestServer(t)
	with := c.createGroup("With the board", uAdele, uAlex)
	c.createGroup("Without", uAdele, uAlex)
	if r := c.do("POST", "/chats/"+esc(with)+"/installedApps", appBind(ProjectBoardAppID)); r.status != 201 {
		t.Fatalf("install: %d %s", r.status, r.raw)
	}
	list := func(filter string) result {
		return c.do("GET", sp("/users/"+uAdele+"/chats?$filter="+filter), nil)
	}
	r := list("installedApps/any(a:a/teamsApp/id eq '" + ProjectBoardAppID + "')")
	if v, _ := r.body["value"].([]any); r.status != 200 || len(v) != 1 || v[0].(map[string]any)["id"] != with {
		t.Fatalf("the page's example: %d %s", r.status, r.raw)
	}
	r = list("installedApps/any(a: a/teamsApp/id eq '" + FormsAppID + "') and chatType eq 'group'")
	if v, _ := r.body["value"].([]any); r.status != 200 || len(v) != 0 {
		t.Fatalf("an app installed nowhere: %d %s", r.status, r.raw)
	}
	for _, bad := range []string{
		"installedApps/any(a:a/teamsApp/externalId eq '" + ProjectBoardExtID + "')",
		"installedApps/any(a:a/teamsApp/displayName eq 'Project Board')",
		"installedApps/any(a:b/teamsApp/id eq 'x')",
		"installedApps/all(a:a/teamsApp/id eq 'x')",
	} {
		if r := list(bad); r.status != 400 {
			t.Fatalf("%s: %d", bad, r.status)
		}
	}
}

// TestOneObjectQueryOptions: get installation (chat-get-installedapps) documents no query
// options but `$select` in an example; get member (chat-get-members, conversationmember-get)
// supports none.
func TestOneObjectQueryOptions(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Options", uAdele, uAlex)
	if r := c.do("POST", "/chats/"+esc(id)+"/installedApps", appBind(ProjectBoardAppID)); r.status != 201 {
		t.Fatal(r.raw)
	}
	inst := "/chats/" + esc(id) + "/installedApps/" + esc(installationID(id, ProjectBoardAppID))
	if r := c.do("GET", inst+"?$expand=teamsAppDefinition", nil); r.status != 400 {
		t.Fatalf("$expand on get installation: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", inst+"?$select=id", nil); r.status != 200 || r.body["id"] == nil {
		t.Fatalf("$select on get installation: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/chats/"+esc(id)+"/installedApps?$expand=teamsApp,teamsAppDefinition", nil); r.status != 200 {
		t.Fatalf("the list still expands: %d %s", r.status, r.raw)
	}
	chat, _ := s.Chat(id)
	m := "/chats/" + esc(id) + "/members/" + esc(chat.Members[0].ID)
	if r := c.do("GET", m, nil); r.status != 200 {
		t.Fatalf("get member: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", m+"?$select=roles", nil); r.status != 400 {
		t.Fatalf("$select on get member: %d %s", r.status, r.raw)
	}
}

// TestFieldReportVariants: a group chat of two refusing new members (RosterAddMemberBlocked) and
// a member of another organisation answering 404 to removal, each behind its variant.
func TestFieldReportVariants(t *testing.T) {
	s, c := newTestServer(t)
	two := c.createGroup("Two", uAdele, uAlex)
	three := c.createGroup("Three", uAdele, uAlex, uJacob)
	if err := s.SetVariants(Variants{SmallGroupAdd: 403}); err != nil {
		t.Fatal(err)
	}
	r := c.do("POST", "/chats/"+esc(two)+"/members", mem(uLynne, "owner"))
	if r.status != 403 || !strings.HasPrefix(r.errMessage(), "RosterAddMemberBlocked") {
		t.Fatalf("adding to a group of two: %d %s", r.status, r.raw)
	}
	if got, _ := s.Chat(two); len(got.Members) != 2 {
		t.Fatal("a refused add changed the roster")
	}
	if r := c.do("POST", "/chats/"+esc(three)+"/members", mem(uLynne, "owner")); r.status != 201 {
		t.Fatalf("adding to a group of three: %d %s", r.status, r.raw)
	}
	// Default: a group of two takes new members.
	_ = s.SetVariants(Variants{})
	if r := c.do("POST", "/chats/"+esc(two)+"/members", mem(uLynne, "owner")); r.status != 201 {
		t.Fatalf("default, group of two: %d %s", r.status, r.raw)
	}

	fed := map[string]any{"@odata.type": memberODataType, "roles": []string{"owner"}, "user@odata.bind": bind(uNestor), "tenantId": FederatedTenantID}
	if r := c.do("POST", "/chats/"+esc(three)+"/members", fed); r.status != 201 {
		t.Fatalf("adding a federated member: %d %s", r.status, r.raw)
	}
	chat, _ := s.Chat(three)
	var fedID string
	for _, m := range chat.Members {
		if m.TenantID == FederatedTenantID {
			fedID = m.ID
		}
	}
	for _, code := range ForeignRemovalAnswers {
		if err := s.SetVariants(Variants{ForeignRemoval: code}); err != nil {
			t.Fatal(err)
		}
		if r := c.do("DELETE", "/chats/"+esc(three)+"/members/"+esc(fedID), nil); r.status != code {
			t.Fatalf("variant %d: removing a federated member answered %d %s", code, r.status, r.raw)
		}
		if got, _ := s.Chat(three); len(got.Members) != 5 {
			t.Fatalf("variant %d: the federated member left: %d members", code, len(got.Members))
		}
	}
	if err := s.SetVariants(Variants{SmallGroupAdd: 400}); err == nil {
		t.Fatal("an answer outside the plausible ones was accepted")
	}
}

// TestTeamsLimitsAudit: the reads of the Teams limits table (30 per second per app per tenant)
// and the deletes of tabs and installed apps (15 per second).
func TestTeamsLimitsAudit(t *testing.T) {
	t.Run("tenant reads", func(t *testing.T) {
		s, c := newTestServer(t)
		id := c.createGroup("Reads", uAdele, uAlex)
		s.SetLimits(Limits{TenantReads: true, Scale: 0.1}) // 30 per 10 s: robust on a slow machine
		paths := []string{"/chats/" + esc(id) + "/tabs", "/chats/" + esc(id) + "/installedApps", "/appCatalogs/teamsApps", "/chats/" + esc(id) + "/members"}
		for i := 0; i < 30; i++ {
			if r := c.do("GET", paths[i%len(paths)], nil); r.status != 200 {
				t.Fatalf("read %d: %d %s", i, r.status, r.raw)
			}
		}
		if r := c.do("GET", "/users/"+uAdele, nil); r.status != 200 {
			t.Fatalf("a directory read is not a Teams read: %d", r.status)
		}
		if r := c.do("GET", "/appCatalogs/teamsApps/"+FormsAppID, nil); r.status != 429 || r.header.Get("Retry-After") == "" {
			t.Fatalf("a 31st read: %d %s", r.status, r.raw)
		}
		if r := c.do("PATCH", "/chats/"+esc(id), map[string]any{"topic": "Writes are not reads"}); r.status != 200 {
			t.Fatalf("a write: %d %s", r.status, r.raw)
		}
	})
	t.Run("tab deletes", func(t *testing.T) {
		s, c := newTestServer(t)
		id := c.createGroup("Deletes", uAdele, uAlex)
		var tabs []string
		for i := 0; i < 16; i++ {
			web := map[string]any{
				"displayName":         fmt.Sprint("Site ", i),
				"teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + WebsiteAppID,
				"configuration":       map[string]any{"entityId": nil, "contentUrl": "https://contoso.com", "websiteUrl": "https://contoso.com", "removeUrl": nil},
			}
			r := c.do("POST", "/chats/"+esc(id)+"/tabs", web)
			if r.status != 201 {
				t.Fatal(r.raw)
			}
			tabs = append(tabs, r.body["id"].(string))
		}
		s.SetLimits(Limits{TenantWrites: true, Scale: 0.1}) // 15 deletes per 10 s
		for i, tab := range tabs {
			r := c.do("DELETE", "/chats/"+esc(id)+"/tabs/"+esc(tab), nil)
			if i < 15 && r.status != 204 {
				t.Fatalf("delete %d: %d %s", i, r.status, r.raw)
			}
			if i == 15 && r.status != 429 {
				t.Fatalf("a 16th tab delete: %d %s", r.status, r.raw)
			}
		}
		if r := c.do("PATCH", "/chats/"+esc(id), map[string]any{"topic": "Other writes go on"}); r.status != 200 {
			t.Fatalf("a write after the deletes: %d %s", r.status, r.raw)
		}
	})
	t.Run("me chats count as chat reads", func(t *testing.T) {
		s, c := newTestServer(t)
		s.SetLimits(Limits{ChatReads: true, Scale: 0.1})
		tok := as(DelegatedToken(uAdele, "Chat.Read"))
		for i := 0; i < 5; i++ {
			if r := c.do("GET", "/me/chats", nil, tok); r.status != 200 {
				t.Fatalf("read %d: %d", i, r.status)
			}
		}
		if r := c.do("GET", "/chats", nil, tok); r.status != 429 {
			t.Fatalf("a sixth chat read of the user: %d", r.status)
		}
	})
}
