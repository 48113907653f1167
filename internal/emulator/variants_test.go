package emulator

import "testing"

// TestUndocumentedVariants: each switch changes the one answer Microsoft does not document, and
// nothing else.
func TestUndocumentedVariants(t *testing.T) {
	for _, code := range ExistingMemberAnswers {
		s, c := newTestServer(t)
		if err := s.SetVariants(Variants{ExistingMember: code}); err != nil {
			t.Fatal(err)
		}
		id := c.createGroup("Again", uAdele, uAlex)
		if r := c.do("POST", "/chats/"+esc(id)+"/members", mem(uAlex, "owner")); r.status != code {
			t.Fatalf("existing member, variant %d: got %d %s", code, r.status, r.raw)
		}
		if got, _ := s.Chat(id); len(got.Members) != 2 {
			t.Fatalf("variant %d: adding an existing member changed the roster: %d members", code, len(got.Members))
		}
	}
	for _, code := range DeletedChatAnswers {
		for _, again := range RedeleteAnswers {
			s, c := newTestServer(t)
			if err := s.SetVariants(Variants{DeletedChat: code, Redelete: again}); err != nil {
				t.Fatal(err)
			}
			id := c.createGroup("Gone", uAdele, uAlex)
			if r := c.do("DELETE", "/chats/"+esc(id), nil); r.status != 204 {
				t.Fatalf("delete: %d", r.status)
			}
			for _, path := range []string{"/chats/" + esc(id), "/chats/" + esc(id) + "/members"} {
				if r := c.do("GET", path, nil); r.status != code {
					t.Fatalf("GET %s of a deleted chat, variant %d: got %d", path, code, r.status)
				}
			}
			if r := c.do("DELETE", "/chats/"+esc(id), nil); r.status != again {
				t.Fatalf("second delete, variant %d: got %d", again, r.status)
			}
			if r := c.do("GET", "/chats/19:nothing@thread.v2", nil); r.status != 404 {
				t.Fatalf("a chat that never existed: %d", r.status)
			}
		}
	}
	s, _ := newTestServer(t)
	if err := s.SetVariants(Variants{ExistingMember: 200}); err == nil {
		t.Fatal("an answer outside the plausible ones was accepted")
	}
}
