package emulator

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits switches on the documented Teams throttling limits. Scale divides every window
// (Scale 10 turns "4 member changes per minute" into "4 per 6 seconds") so tests run fast.
type Limits struct {
	TenantWrites  bool // about 30 write requests per second per app per tenant
	PerChat       bool // at most 1 request per second per app on one chat
	MemberChanges bool // at most 4 member additions or removals per minute per chat
	Deletes       bool // at most 1 chat deletion per second per tenant
	ChatReads     bool // at most 5 get or list chat requests per second per user (per app for applications)
	Scale         float64
}

// AllLimits turns every documented limit on at the given scale.
func AllLimits(scale float64) Limits {
	return Limits{TenantWrites: true, PerChat: true, MemberChanges: true, Deletes: true, ChatReads: true, Scale: scale}
}

type window struct {
	limit int
	span  time.Duration
}

type limiter struct {
	mu     sync.Mutex
	cfg    Limits
	events map[string][]time.Time
}

// admit records the request against every limit that applies and answers how long the caller
// must wait when one of them is exhausted (0 = admitted).
// reader is whose read limit a get or list chat request counts against.
func (l *limiter) admit(now time.Time, method, route, chatID, reader string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	cfg := l.cfg
	if cfg.Scale <= 0 {
		cfg.Scale = 1
	}
	scaled := func(d time.Duration) time.Duration { return time.Duration(float64(d) / cfg.Scale) }
	write := method != "GET"
	type check struct {
		key string
		w   window
	}
	var checks []check
	if cfg.TenantWrites && write {
		checks = append(checks, check{"tenant-writes", window{30, scaled(time.Second)}})
	}
	if cfg.PerChat && chatID != "" {
		checks = append(checks, check{"chat:" + chatID, window{1, scaled(time.Second)}})
	}
	if cfg.MemberChanges && chatID != "" && write && strings.HasPrefix(route, "/chats/{id}/members") {
		checks = append(checks, check{"members:" + chatID, window{4, scaled(time.Minute)}})
	}
	if cfg.ChatReads && method == "GET" && (route == "/chats/{id}" || route == "/chats" || route == "/users/{id}/chats") {
		checks = append(checks, check{"reads:" + strings.ToLower(reader), window{5, scaled(time.Second)}})
	}
	if cfg.Deletes && method == "DELETE" && route == "/chats/{id}" {
		checks = append(checks, check{"deletes", window{1, scaled(time.Second)}})
	}
	var wait time.Duration
	for _, c := range checks {
		evs := l.prune(c.key, now, c.w.span)
		if len(evs) >= c.w.limit {
			if w := evs[len(evs)-c.w.limit].Add(c.w.span).Sub(now); w > wait {
				wait = w
			}
		}
	}
	if wait > 0 {
		return wait
	}
	for _, c := range checks {
		l.events[c.key] = append(l.events[c.key], now)
	}
	return 0
}

func (l *limiter) prune(key string, now time.Time, span time.Duration) []time.Time {
	evs := l.events[key]
	i := 0
	for i < len(evs) && !evs[i].After(now.Add(-span)) {
		i++
	}
	evs = evs[i:]
	l.events[key] = evs
	return evs
}

// formatRetryAfter renders a wait as Graph does: seconds, possibly fractional.
func formatRetryAfter(d time.Duration) string {
	s := strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "0" {
		s = "0.001"
	}
	return s
}
