package emulator

import (
	"fmt"
	"testing"
	"time"
)

func TestFaults(t *testing.T) {
	t.Run("429 next N with fractional Retry-After, scoped", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Method: "POST", Route: "/chats", Status: 429, RetryAfter: "0.25", Count: 2})
		for i := 0; i < 2; i++ {
			r := c.do("POST", "/chats", groupBody("x", mem(uAdele, "owner"), mem(uAlex, "owner")))
			if r.status != 429 || r.header.Get("Retry-After") != "0.25" || r.errCode() != "TooManyRequests" || r.errMessage() != "Please retry again later." {
				t.Fatalf("attempt %d: %d %s", i, r.status, r.raw)
			}
		}
		if r := c.do("GET", "/users/"+uAdele, nil); r.status != 200 {
			t.Fatal("fault leaked to another route")
		}
		if r := c.do("POST", "/chats", groupBody("x", mem(uAdele, "owner"), mem(uAlex, "owner"))); r.status != 201 {
			t.Fatalf("after count: %d", r.status)
		}
		if len(s.Chats()) != 1 {
			t.Fatal("throttled requests must not create chats")
		}
	})
	t.Run("503 and 504", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Method: "GET", Status: 503, Count: 1})
		s.AddFault(Fault{Method: "GET", Status: 504, Count: 1})
		if r := c.do("GET", "/users/"+uAdele, nil); r.status != 503 || r.errCode() != "ServiceNotAvailable" {
			t.Fatalf("503: %d", r.status)
		}
		if r := c.do("GET", "/users/"+uAdele, nil); r.status != 504 {
			t.Fatalf("504: %d", r.status)
		}
		if r := c.do("GET", "/users/"+uAdele, nil); r.status != 200 {
			t.Fatalf("after: %d", r.status)
		}
	})
	t.Run("skip then fail for good with 500", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Method: "GET", Route: "/users/{id}", Status: 500, Skip: 1, Count: 1})
		got := []int{}
		for i := 0; i < 3; i++ {
			got = append(got, c.do("GET", "/users/"+uAdele, nil).status)
		}
		if fmt.Sprint(got) != "[200 500 200]" {
			t.Fatalf("statuses %v", got)
		}
		h := s.History()
		if len(h) != 3 || h[1].Status != 500 || h[1].Route != "/users/{id}" || h[1].Method != "GET" || h[2].At.Before(h[1].At) {
			t.Fatalf("history %+v", h)
		}
	})
	t.Run("fraction", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Route: "/users/{id}", Status: 429, Fraction: 0.5})
		hits := 0
		for i := 0; i < 200; i++ {
			if c.do("GET", "/users/"+uAdele, nil).status == 429 {
				hits++
			}
		}
		if hits < 60 || hits > 140 {
			t.Fatalf("fraction 0.5 hit %d of 200", hits)
		}
	})
	t.Run("drop after processing", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1})
		r := c.do("POST", "/chats", groupBody("Dropped", mem(uAdele, "owner"), mem(uAlex, "owner")))
		if r.status != -1 {
			t.Fatalf("want a transport error, got %d", r.status)
		}
		if chats := s.Chats(); len(chats) != 1 || chats[0].Topic != "Dropped" {
			t.Fatalf("the chat must exist after a dropped answer: %+v", chats)
		}
	})
	t.Run("read after create lag", func(t *testing.T) {
		s, c := newTestServer(t)
		s.SetCreateLag(300 * time.Millisecond)
		id := c.createGroup("Lag", uAdele, uAlex)
		if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 404 {
			t.Fatalf("during lag: %d", r.status)
		}
		time.Sleep(350 * time.Millisecond)
		if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 200 {
			t.Fatalf("after lag: %d", r.status)
		}
	})
	t.Run("list lag", func(t *testing.T) {
		s, c := newTestServer(t)
		s.SetListLag(300 * time.Millisecond)
		id := c.createGroup("Listed late", uAdele, uAlex)
		tab := c.do("POST", "/chats/"+esc(id)+"/tabs", map[string]any{
			"displayName":         "Site",
			"teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + WebsiteAppID,
			"configuration":       map[string]any{"contentUrl": "https://contoso.com"},
		})
		if tab.status != 201 {
			t.Fatalf("tab: %d %s", tab.status, tab.raw)
		}
		tabID := tab.body["id"].(string)
		listed := func() (chats, tabs int) {
			l := c.do("GET", "/users/"+uAdele+"/chats", nil)
			tl := c.do("GET", "/chats/"+esc(id)+"/tabs", nil)
			a, _ := l.body["value"].([]any)
			b, _ := tl.body["value"].([]any)
			return len(a), len(b)
		}
		if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 200 {
			t.Fatalf("a read by id during the list lag: %d", r.status)
		}
		if r := c.do("GET", "/chats/"+esc(id)+"/tabs/"+esc(tabID), nil); r.status != 200 {
			t.Fatalf("a tab read by id during the list lag: %d", r.status)
		}
		if n, m := listed(); n != 0 || m != 0 {
			t.Fatalf("during the list lag: %d chats, %d tabs listed", n, m)
		}
		time.Sleep(350 * time.Millisecond)
		if n, m := listed(); n != 1 || m != 1 {
			t.Fatalf("after the list lag: %d chats, %d tabs listed", n, m)
		}
		s.ClearFaults()
		s.SetCreateLag(300 * time.Millisecond)
		late := c.createGroup("Created late", uAdele, uAlex)
		if r := c.do("GET", "/chats/"+esc(late), nil); r.status != 404 {
			t.Fatalf("the create lag still hides reads: %d", r.status)
		}
		if n, _ := listed(); n != 1 {
			t.Fatalf("the create lag still hides the chat from lists: %d listed", n)
		}
	})
	t.Run("latency", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Latency: 150 * time.Millisecond, Count: 1})
		start := time.Now()
		c.do("GET", "/users/"+uAdele, nil)
		if d := time.Since(start); d < 150*time.Millisecond {
			t.Fatalf("latency not added: %s", d)
		}
	})
	t.Run("clear", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Status: 503})
		s.ClearFaults()
		if r := c.do("GET", "/users/"+uAdele, nil); r.status != 200 {
			t.Fatalf("after clear: %d", r.status)
		}
	})
}
