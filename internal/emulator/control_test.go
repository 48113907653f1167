package emulator

import (
	"net/http"
	"testing"
	"time"
)

// TestClockOffset: with the clock moved, createdDateTime, lastUpdatedDateTime and the Date header
// all follow the emulator's clock, ahead of or behind the machine's.
func TestClockOffset(t *testing.T) {
	for _, offset := range []time.Duration{2 * time.Minute, -2 * time.Minute} {
		s, c := newTestServer(t)
		s.SetClockOffset(offset)
		r := c.do("POST", "/chats", groupBody("Clock", mem(uAdele, "owner"), mem(uAlex, "owner")))
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.raw)
		}
		created, err := time.Parse(time.RFC3339Nano, r.body["createdDateTime"].(string))
		if err != nil {
			t.Fatal(err)
		}
		date, err := http.ParseTime(r.header.Get("Date"))
		if err != nil {
			t.Fatalf("Date header %q: %v", r.header.Get("Date"), err)
		}
		near := func(name string, got time.Time, slack time.Duration) {
			if d := got.Sub(time.Now().Add(offset)); d < -slack || d > slack {
				t.Errorf("offset %s: %s %s is %s off the emulator's clock", offset, name, got, d)
			}
		}
		near("createdDateTime", created, 5*time.Second)
		near("Date", date, 5*time.Second)
		if created.Sub(date) < 0 || created.Sub(date) >= 2*time.Second {
			t.Errorf("offset %s: createdDateTime %s is not within the second the Date header %s names", offset, created, date)
		}
	}
}

func TestCountsAndOutOfBand(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Counted", uAdele, uAlex, uLynne)
	c.do("GET", "/chats/"+esc(id), nil)
	c.do("GET", "/chats/"+esc(id), nil)
	counts := s.Counts()
	if counts["POST /chats"] != 1 || counts["GET /chats/{id}"] != 2 {
		t.Fatalf("counts %v", counts)
	}
	s.ResetCounts()
	if len(s.Counts()) != 0 {
		t.Fatal("reset")
	}
	if err := s.RemoveMemberOutOfBand(id, uLynne); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveMemberOutOfBand(id, uLynne); err == nil {
		t.Fatal("removing a non-member must fail")
	}
	if err := s.DeleteChatOutOfBand(id); err != nil {
		t.Fatal(err)
	}
	if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 404 {
		t.Fatalf("out-of-band delete: %d", r.status)
	}
}
