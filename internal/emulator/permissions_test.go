package emulator

import (
	"net/http"
	"strings"
	"testing"
)

// TestPermissionClaims: a token whose `roles` or `scp` claim lacks every permission an endpoint's
// page lists is refused with 403; one holding any of them passes; a token without claims is not
// checked.
func TestPermissionClaims(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Claims", uAdele, uAlex)
	as := func(token string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
	}
	reader := AppToken("Chat.ReadBasic.All")
	if r := c.do("GET", "/chats/"+esc(id), nil, as(reader)); r.status != 200 {
		t.Fatalf("Chat.ReadBasic.All reads a chat: %d %s", r.status, r.raw)
	}
	r := c.do("POST", "/chats/"+esc(id)+"/members", mem(uLynne, "owner"), as(reader))
	if r.status != 403 || r.errCode() != "Forbidden" || !strings.Contains(r.errMessage(), "ChatMember.ReadWrite.All") || !strings.Contains(r.errMessage(), "Chat.ReadBasic.All") {
		t.Fatalf("adding a member with only Chat.ReadBasic.All: %d %s", r.status, r.raw)
	}
	if got, _ := s.Chat(id); len(got.Members) != 2 {
		t.Fatal("a refused request changed the chat")
	}
	if r := c.do("POST", "/chats/"+esc(id)+"/members", mem(uLynne, "owner"), as(AppToken("Chat.ReadWrite.All"))); r.status != 201 {
		t.Fatalf("Chat.ReadWrite.All adds members: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/users/jacob@contoso.com", nil, as(AppToken("User.ReadBasic.All"))); r.status != 403 {
		t.Fatalf("User.ReadBasic.All is not among user-get's application permissions: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/users/jacob@contoso.com", nil, as(AppToken("User.Read.All"))); r.status != 200 {
		t.Fatalf("User.Read.All reads a user: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/users/jacob@contoso.com", nil, as(DelegatedToken(uAdele, "User.ReadBasic.All"))); r.status != 200 {
		t.Fatalf("delegated User.ReadBasic.All reads a user: %d %s", r.status, r.raw)
	}
	if r := c.do("PATCH", "/chats/"+esc(id), map[string]any{"topic": "x"}, as(DelegatedToken(uAdele, "Chat.Read"))); r.status != 403 || !strings.Contains(r.errMessage(), "Scopes on the request 'Chat.Read'") {
		t.Fatalf("delegated Chat.Read renames: %d %s", r.status, r.raw)
	}
	if r := c.do("PATCH", "/chats/"+esc(id), map[string]any{"topic": "x"}, as("opaque-token")); r.status != 200 {
		t.Fatalf("a token without claims is not checked: %d %s", r.status, r.raw)
	}
}

// TestPermissionsFromMicrosoftData: the table generated from Microsoft's permission files decides,
// where the pages and the earlier hand-written table disagreed with them. Removing a member needs
// ChatMember.ReadWrite.All (or the resource-specific Chat.Manage.Chat): Chat.ReadWrite.All, which
// adds members, does not remove them. Changing or unpinning a tab needs TeamsTab.ReadWrite.All:
// TeamsTab.ReadWriteForChat.All pins and reads tabs only. A Self permission never writes.
func TestPermissionsFromMicrosoftData(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Data", uAdele, uAlex, uLynne)
	as := func(token string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
	}
	chat, _ := s.Chat(id)
	lynne := chat.Members[2].ID
	r := c.do("DELETE", "/chats/"+esc(id)+"/members/"+esc(lynne), nil, as(AppToken("Chat.ReadWrite.All")))
	if r.status != 403 || !strings.Contains(r.errMessage(), "ChatMember.ReadWrite.All") {
		t.Fatalf("removing a member with Chat.ReadWrite.All: %d %s", r.status, r.raw)
	}
	if got, _ := s.Chat(id); len(got.Members) != 3 {
		t.Fatal("a refused removal changed the chat")
	}
	if r := c.do("DELETE", "/chats/"+esc(id)+"/members/"+esc(lynne), nil, as(DelegatedToken(uAdele, "Chat.ReadWrite"))); r.status != 403 {
		t.Fatalf("removing a member with delegated Chat.ReadWrite: %d %s", r.status, r.raw)
	}
	if r := c.do("DELETE", "/chats/"+esc(id)+"/members/"+esc(lynne), nil, as(AppToken("ChatMember.ReadWrite.All"))); r.status != 204 {
		t.Fatalf("removing a member with ChatMember.ReadWrite.All: %d %s", r.status, r.raw)
	}

	tab := c.do("POST", "/chats/"+esc(id)+"/tabs", map[string]any{
		"displayName": "Site", "teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + WebsiteAppID,
		"configuration": map[string]any{"contentUrl": "https://example.com", "websiteUrl": "https://example.com"},
	}, as(AppToken("TeamsTab.ReadWriteForChat.All")))
	if tab.status != 201 {
		t.Fatalf("pinning a tab with TeamsTab.ReadWriteForChat.All: %d %s", tab.status, tab.raw)
	}
	tabID, _ := tab.body["id"].(string)
	for _, perm := range []string{"TeamsTab.ReadWriteForChat.All", "TeamsTab.ReadWriteSelfForChat.All"} {
		if r := c.do("PATCH", "/chats/"+esc(id)+"/tabs/"+esc(tabID), map[string]any{"displayName": "Renamed"}, as(AppToken(perm))); r.status != 403 {
			t.Fatalf("renaming a tab with %s: %d %s", perm, r.status, r.raw)
		}
	}
	if r := c.do("GET", "/chats/"+esc(id)+"/tabs/"+esc(tabID), nil, as(AppToken("TeamsTab.ReadWriteSelfForChat.All"))); r.status != 200 {
		t.Fatalf("reading a tab with a Self permission: %d %s", r.status, r.raw)
	}
	if r := c.do("DELETE", "/chats/"+esc(id)+"/tabs/"+esc(tabID), nil, as(AppToken("TeamsTab.ReadWrite.All"))); r.status != 204 {
		t.Fatalf("unpinning a tab with TeamsTab.ReadWrite.All: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/chats", nil, as(AppToken("Chat.ReadWrite.All"))); r.status != 403 || !strings.Contains(r.errMessage(), "does not support") {
		t.Fatalf("an application listing /chats: %d %s", r.status, r.raw)
	}
}

// TestEveryRouteHasPermissions: each line of the route table is an endpoint of the generated
// permission table, so no emulated endpoint goes unchecked.
func TestEveryRouteHasPermissions(t *testing.T) {
	samples := map[string]string{ // a request path for each route of the table
		"/users/{id}": "/users/u", "/users/{id}/chats": "/users/u/chats", "/chats": "/chats", "/me/chats": "/me/chats",
		"/chats/{id}": "/chats/c", "/chats/{id}/members": "/chats/c/members", "/chats/{id}/members/{id}": "/chats/c/members/m",
		"/appCatalogs/teamsApps": "/appCatalogs/teamsApps", "/appCatalogs/teamsApps/{id}": "/appCatalogs/teamsApps/a",
		"/chats/{id}/installedApps": "/chats/c/installedApps", "/chats/{id}/installedApps/{id}": "/chats/c/installedApps/i",
		"/chats/{id}/installedApps/{id}/upgrade": "/chats/c/installedApps/i/upgrade",
		"/chats/{id}/tabs":                       "/chats/c/tabs", "/chats/{id}/tabs/{id}": "/chats/c/tabs/t",
		"/teamwork/deletedChats/{id}": "/teamwork/deletedChats/c", "/teamwork/deletedChats/{id}/undoDelete": "/teamwork/deletedChats/c/undoDelete",
	}
	for key := range routes {
		method, pattern, _ := strings.Cut(routeKey(key), " ")
		sample, ok := samples[pattern]
		if !ok {
			t.Errorf("route %s: add a sample path to this test", key)
			continue
		}
		seg, _ := splitPath(sample)
		if _, _, ok := Permissions(endpointOf(method, seg)); !ok {
			t.Errorf("route %s (endpoint %s) is not in permissions_data.json: add it to internal/cmd/permgen/endpoints.json and run make generate", key, endpointOf(method, seg))
		}
	}
}
