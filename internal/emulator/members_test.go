package emulator

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestRenameAndMembers(t *testing.T) {
	s, c := newTestServer(t)
	var clock = time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)
	s.store.clock = func() time.Time { clock = clock.Add(1500 * time.Millisecond); return clock }
	id := c.createGroup("Before", uAdele, uAlex)
	before, _ := s.Chat(id)

	if r := c.do("PATCH", "/chats/"+esc(id), map[string]any{"topic": "After"}); r.status != 200 || r.body["topic"] != "After" || r.body["id"] != id {
		t.Fatalf("rename: want 200 with the updated chat (chat-patch), got %d %s", r.status, r.raw)
	}
	renamed, _ := s.Chat(id)
	if renamed.Topic != "After" || !renamed.LastUpdatedDateTime.After(before.LastUpdatedDateTime) {
		t.Fatalf("rename not applied: %+v", renamed)
	}
	for _, bad := range []struct {
		body map[string]any
		msg  string
	}{
		{map[string]any{"topic": "a:b"}, "The topic cannot contain the character ':'."},
		{map[string]any{"topic": strings.Repeat("x", 251)}, "The topic can be at most 250 characters long."},
		{map[string]any{"chatType": "oneOnOne"}, "Property 'chatType' is read-only or cannot be updated."},
	} {
		if r := c.do("PATCH", "/chats/"+esc(id), bad.body); r.status != 400 || r.errMessage() != bad.msg {
			t.Fatalf("bad rename %v: %d %s", bad.body, r.status, r.raw)
		}
	}

	// Add a member: 201, empty body, Location with the membership id.
	r := c.do("POST", "/chats/"+esc(id)+"/members", map[string]any{"@odata.type": memberODataType, "roles": []string{"owner"},
		"user@odata.bind": "https://graph.microsoft.com/v1.0/users/jacob@contoso.com", "visibleHistoryStartDateTime": "0001-01-01T00:00:00Z"})
	if r.status != 201 || r.raw != "" || !strings.HasPrefix(r.header.Get("Location"), "/chats/"+esc(id)+"/members/") {
		t.Fatalf("add member: %d %q %q", r.status, r.raw, r.header.Get("Location"))
	}
	added, _ := s.Chat(id)
	if len(added.Members) != 3 || !added.LastUpdatedDateTime.After(renamed.LastUpdatedDateTime) || !added.Members[2].VisibleHistoryStartDateTime.IsZero() {
		t.Fatalf("after add: %+v", added)
	}
	if r := c.do("POST", "/chats/"+esc(id)+"/members", mem(uJacob, "owner")); r.status != 409 {
		t.Fatalf("add twice: %d", r.status)
	}
	// Without a history option, the member sees history from now.
	if r := c.do("POST", "/chats/"+esc(id)+"/members", mem(uLynne, "owner")); r.status != 201 {
		t.Fatal(r.raw)
	}
	lynne, _ := s.Chat(id)
	if lynne.Members[3].VisibleHistoryStartDateTime.IsZero() {
		t.Fatal("default history should start at the time of adding")
	}

	// Members list, get one, remove one by its (escaped) membership id.
	list := c.do("GET", "/chats/"+esc(id)+"/members", nil)
	if list.status != 200 || len(list.body["value"].([]any)) != 4 {
		t.Fatalf("list members: %s", list.raw)
	}
	mid := added.Members[2].ID
	if r := c.do("GET", "/chats/"+esc(id)+"/members/"+esc(mid), nil); r.status != 200 || r.body["userId"] != uJacob {
		t.Fatalf("get member %q: %d %s", mid, r.status, r.raw)
	}
	if r := c.do("DELETE", "/chats/"+esc(id)+"/members/"+esc(mid), nil); r.status != 204 {
		t.Fatalf("remove: %d %s", r.status, r.raw)
	}
	if r := c.do("DELETE", "/chats/"+esc(id)+"/members/"+esc(mid), nil); r.status != 404 {
		t.Fatalf("remove twice: %d", r.status)
	}

	// One-on-one chats have a fixed roster and no topic.
	one := c.do("POST", "/chats", map[string]any{"chatType": "oneOnOne", "members": []any{mem(uAdele, "owner"), mem(uJohn, "owner")}})
	oid := one.body["id"].(string)
	if r := c.do("POST", "/chats/"+esc(oid)+"/members", mem(uLynne, "owner")); r.status != 400 {
		t.Fatalf("add to one-on-one: %d", r.status)
	}
	oc, _ := s.Chat(oid)
	if r := c.do("DELETE", "/chats/"+esc(oid)+"/members/"+esc(oc.Members[0].ID), nil); r.status != 400 {
		t.Fatalf("remove from one-on-one: %d", r.status)
	}
	if r := c.do("PATCH", "/chats/"+esc(oid), map[string]any{"topic": "x"}); r.status != 400 || r.errMessage() != "Setting topic is not allowed for 1-on-1 chats." {
		t.Fatalf("rename one-on-one: %d %s", r.status, r.raw)
	}
}

func TestMembershipIDWithSlashIsDecodedPerSegment(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Slashes", uAdele, uAlex, uLynne)
	// Force a membership id with '/', '+' and '=' in it.
	weird := "MCMj/a+b=="
	_ = s.UpdateChat(id, func(ch *Chat) { ch.Members[2].ID = weird })
	if r := c.do("DELETE", "/chats/"+esc(id)+"/members/"+url.PathEscape(weird), nil); r.status != 204 {
		t.Fatalf("remove %q: %d %s", weird, r.status, r.raw)
	}
	if r := c.do("GET", "/chats/"+esc(id)+"/members/MCMj/a", nil); r.status != 400 {
		t.Fatalf("an unescaped '/' is another segment: %d", r.status)
	}
}
