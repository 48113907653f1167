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
