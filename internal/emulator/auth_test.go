package emulator

import (
	"testing"
)

func TestAuthentication(t *testing.T) {
	s, c := newTestServer(t)
	c.token = ""
	r := c.do("GET", "/chats/x", nil)
	if r.status != 401 || r.errCode() != "InvalidAuthenticationToken" {
		t.Fatalf("no token: %d %s", r.status, r.raw)
	}
	// Delegated callers must be members of what they create, read, and list.
	c.token = DelegatedToken(uAdele)
	if r := c.do("POST", "/chats", groupBody("x", mem(uAlex, "owner"), mem(uLynne, "owner"))); r.status != 403 || r.errCode() != "Forbidden" {
		t.Fatalf("delegated non-member create: %d %s", r.status, r.raw)
	}
	id := c.createGroup("Mine", uAdele, uAlex)
	if r := c.do("GET", "/chats", nil); r.status != 200 || len(r.body["value"].([]any)) != 1 {
		t.Fatalf("delegated list: %d %s", r.status, r.raw)
	}
	if r := c.do("DELETE", "/chats/"+esc(id), nil); r.status != 403 {
		t.Fatalf("delegated delete: %d %s", r.status, r.raw)
	}
	c.token = DelegatedToken(uLynne)
	if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 403 {
		t.Fatalf("delegated non-member read: %d %s", r.status, r.raw)
	}
	// Application tokens cannot use /chats, only /users/{id}/chats.
	c.token = "app"
	if r := c.do("GET", "/chats", nil); r.status != 403 {
		t.Fatalf("app list /chats: %d %s", r.status, r.raw)
	}
	if len(s.Chats()) != 1 {
		t.Fatalf("chats: %d", len(s.Chats()))
	}
}
