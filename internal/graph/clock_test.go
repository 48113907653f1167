package graph

import (
	"net/http"
	"testing"
	"time"
)

// TestServerClock: without a Date header the local clock is used with the wide tolerance; after
// one, local times are moved onto Graph's clock (the middle of the Date's second) with the narrow
// tolerance, and createdBefore judges on that clock.
func TestServerClock(t *testing.T) {
	c := &Client{clock: &serverClock{}}
	local := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	if at, tol := c.clock.at(local); !at.Equal(local) || tol != UnknownClockTolerance {
		t.Fatalf("unknown clock: %v %v", at, tol)
	}
	c.clock.observe(&http.Response{Header: http.Header{"Date": {"not a date"}}}, local)
	c.clock.observe(nil, local)
	if _, tol := c.clock.at(local); tol != UnknownClockTolerance {
		t.Fatal("an answer without a readable Date must not set the clock")
	}
	// Graph's clock runs three minutes ahead.
	graphNow := local.Add(3 * time.Minute)
	c.clock.observe(&http.Response{Header: http.Header{"Date": {graphNow.Format(http.TimeFormat)}}}, local)
	at, tol := c.clock.at(local)
	if want := graphNow.Add(500 * time.Millisecond); !at.Equal(want) || tol != SameClockTolerance {
		t.Fatalf("known clock: %v %v, want %v", at, tol, want)
	}
	for _, tc := range []struct {
		created time.Time
		before  bool
	}{
		{time.Time{}, false},
		{graphNow.Add(-time.Minute), true},
		{graphNow.Add(-5 * time.Second), false}, // within the tolerance: taken as new
		{local.Add(-time.Minute), true},         // a minute before on the local clock is four on Graph's
		{graphNow.Add(time.Second), false},
	} {
		if got := c.createdBefore(tc.created, local); got != tc.before {
			t.Errorf("created %v: before=%v, want %v", tc.created, got, tc.before)
		}
	}
}

// TestChatClaims: the first claim of a chat is new, every later one is not.
func TestChatClaims(t *testing.T) {
	var c chatClaims
	if !c.claim("a") || c.claim("a") || !c.claim("b") {
		t.Fatal("claims")
	}
}
