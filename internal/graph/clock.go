package graph

import (
	"net/http"
	"sync"
	"time"
)

// Graph's timestamps (createdDateTime, lastUpdatedDateTime) come from Graph's clock, which may be
// seconds or minutes away from the clock of the machine running Terraform. Every Graph answer
// carries a Date header from the server's clock (one-second precision), so the client keeps an
// estimate of the difference and compares Graph's timestamps with Graph's own time.
const (
	// SameClockTolerance is the margin when Graph's time is known from its Date header: the
	// header's one-second precision, the time an answer travels, and the difference between the
	// clocks of Graph's front end (Date) and the service that stamps the chat.
	SameClockTolerance = 10 * time.Second
	// UnknownClockTolerance is the margin when no Date header was seen (a proxy that drops it):
	// the local clock is then all there is, and machines' clocks are often minutes off.
	UnknownClockTolerance = 5 * time.Minute
)

// serverClock estimates how far Graph's clock is from the local one.
type serverClock struct {
	mu     sync.Mutex
	offset time.Duration // Graph's time minus local time
	known  bool
}

// observe learns the offset from an answer's Date header, received at local time at. The header
// names the whole second the answer was sent in, so the middle of that second is the estimate.
func (c *serverClock) observe(resp *http.Response, at time.Time) {
	if resp == nil {
		return
	}
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset, c.known = date.Add(500*time.Millisecond).Sub(at), true
}

// at converts a local time to Graph's clock, with the tolerance that goes with the estimate.
func (c *serverClock) at(local time.Time) (time.Time, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.known {
		return local, UnknownClockTolerance
	}
	return local.Add(c.offset), SameClockTolerance
}

// clockTransport feeds every answer's Date header to the clock.
type clockTransport struct {
	clock *serverClock
	next  http.RoundTripper
}

func (t *clockTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	t.clock.observe(resp, time.Now())
	return resp, err
}

// createdBefore reports whether a Graph timestamp is clearly earlier than the local time start,
// judged on Graph's clock with the estimate's tolerance.
func (c *Client) createdBefore(created, start time.Time) bool {
	if created.IsZero() {
		return false
	}
	serverStart, tolerance := c.clock.at(start)
	return created.Before(serverStart.Add(-tolerance))
}

// chatClaims remembers the oneOnOne chats POST /chats has handed to this provider instance, so
// that a second resource for the same pair in the same run learns the chat was not its own.
type chatClaims struct {
	mu  sync.Mutex
	ids map[string]bool
}

// claim records id and reports whether it was new.
func (c *chatClaims) claim(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil {
		c.ids = map[string]bool{}
	}
	if c.ids[id] {
		return false
	}
	c.ids[id] = true
	return true
}
