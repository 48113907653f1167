package emulator

import (
	"fmt"
	"testing"
	"time"
)

func TestTeamsLimits(t *testing.T) {
	t.Run("member changes per chat", func(t *testing.T) {
		s, c := newTestServer(t)
		id := c.createGroup("Limits", uAdele, uAlex)
		s.SetLimits(Limits{MemberChanges: true, Scale: 60}) // 4 per second
		users := []string{uLynne, uJacob, uJohn, "diego@contoso.com", "grady@contoso.com"}
		for i, u := range users {
			r := c.do("POST", "/chats/"+esc(id)+"/members", mem(u, "owner"))
			if i < 4 && r.status != 201 {
				t.Fatalf("change %d: %d %s", i, r.status, r.raw)
			}
			if i == 4 {
				if r.status != 429 {
					t.Fatalf("fifth change: %d", r.status)
				}
				ra, err := time.ParseDuration(r.header.Get("Retry-After") + "s")
				if err != nil || ra <= 0 || ra > time.Second {
					t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
				}
				time.Sleep(ra)
				if r := c.do("POST", "/chats/"+esc(id)+"/members", mem(u, "owner")); r.status != 201 {
					t.Fatalf("after Retry-After: %d", r.status)
				}
			}
		}
	})
	t.Run("per chat and deletes", func(t *testing.T) {
		s, c := newTestServer(t)
		a := c.createGroup("A", uAdele, uAlex)
		b := c.createGroup("B", uAdele, uAlex)
		s.SetLimits(Limits{PerChat: true, Deletes: true, Scale: 1})
		if r := c.do("GET", "/chats/"+esc(a), nil); r.status != 200 {
			t.Fatal(r.raw)
		}
		if r := c.do("GET", "/chats/"+esc(a), nil); r.status != 429 {
			t.Fatalf("second request on one chat within a second: %d", r.status)
		}
		if r := c.do("DELETE", "/chats/"+esc(b), nil); r.status != 204 {
			t.Fatalf("delete b: %d", r.status)
		}
		r := c.do("DELETE", "/chats/"+esc(a), nil)
		if r.status != 429 {
			t.Fatalf("second delete within a second: %d", r.status)
		}
		ra, err := time.ParseDuration(r.header.Get("Retry-After") + "s")
		if err != nil || ra <= 0 || ra > time.Second {
			t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
		}
		time.Sleep(ra + 10*time.Millisecond)
		if r := c.do("DELETE", "/chats/"+esc(a), nil); r.status != 204 {
			t.Fatalf("delete a after Retry-After: %d %s", r.status, r.raw)
		}
	})
	t.Run("chat reads", func(t *testing.T) {
		s, c := newTestServer(t)
		var ids []string
		for i := 0; i < 6; i++ {
			ids = append(ids, c.createGroup(fmt.Sprint("R", i), uAdele, uAlex))
		}
		s.SetLimits(Limits{ChatReads: true, Scale: 0.1}) // 5 reads per 10 s: robust on a slow machine
		for _, id := range ids[:5] {
			if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 200 {
				t.Fatalf("read within the limit: %d %s", r.status, r.raw)
			}
		}
		if r := c.do("GET", "/users/"+uAdele+"/chats", nil); r.status != 200 {
			t.Fatalf("another user's list counts against that user: %d %s", r.status, r.raw)
		}
		if r := c.do("GET", "/chats/"+esc(ids[5]), nil); r.status != 429 || r.header.Get("Retry-After") == "" {
			t.Fatalf("a sixth read within the window: %d %s", r.status, r.raw)
		}
		if r := c.do("PATCH", "/chats/"+esc(ids[5]), map[string]any{"topic": "Writes are not reads"}); r.status != 200 {
			t.Fatalf("a write is not a read: %d %s", r.status, r.raw)
		}
	})
	t.Run("tenant writes", func(t *testing.T) {
		s, c := newTestServer(t)
		s.SetLimits(Limits{TenantWrites: true, Scale: 0.1}) // 30 writes per 10 s: robust on a slow machine
		throttled := 0
		for i := 0; i < 35; i++ {
			if c.do("POST", "/chats", groupBody(fmt.Sprint("W", i), mem(uAdele, "owner"), mem(uAlex, "owner"))).status == 429 {
				throttled++
			}
		}
		if throttled != 5 || len(s.Chats()) != 30 {
			t.Fatalf("throttled %d, created %d; want 5 and 30", throttled, len(s.Chats()))
		}
	})
}
