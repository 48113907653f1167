package emulator

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits switches on the documented Teams throttling limits. Scale divides every window
// (Scale 10 turns "4 member changes per minute" into "4 per 6 seconds") so tests run fast.
//
// The numbers are the Microsoft Teams service limits of concepts/throttling-limits.md (read
// 2026-12-03), whose table gives a limit per app per tenant and, for some rows, per chat; the
// row each number comes from is named beside it. Where several rows could apply, the emulator
// counts a request against the smallest.
type Limits struct {
	// TenantWrites: 30 writes per second per app per tenant (rows "POST tab for chat", "POST
	// installedApps for chat", "PATCH tab", "POST chat member", "Delete chat member", "Other API
	// calls for Microsoft Teams": 30 rps), counted together (the stricter reading); of them, the
	// deletes of tabs and installed apps at most 15 per second ("DELETE tab for chat", "DELETE
	// installedApps for chat": 15 rps).
	TenantWrites bool
	// TenantReads: 30 reads per second per app per tenant ("GET tab for chat", "GET installedApps
	// for chat", "GET appCatalogs", "Other GET API calls for Microsoft Teams": 30 rps).
	TenantReads bool
	// PerChat: 1 request per second per app on one chat ("A maximum of one request per second per
	// app per tenant can be issued on a given channel or chat"; the per-resource column: 1rps).
	PerChat bool
	// MemberChanges: 4 member additions or removals per minute per chat (rows "POST chat member"
	// and "Delete chat member", per-resource column: 4rpm).
	MemberChanges bool
	// Deletes: 1 chat deletion per second per tenant (api/chat-delete.md).
	Deletes bool
	// ChatReads: 5 get or list chat requests per second per user ("A maximum of five requests per
	// second per user can be issued when doing List chats or Get chat"); per app for applications.
	ChatReads bool
	Scale     float64
}

// AllLimits turns every documented limit on at the given scale.
func AllLimits(scale float64) Limits {
	return Limits{TenantWrites: true, TenantReads: true, PerChat: true, MemberChanges: true, Deletes: true, ChatReads: true, Scale: scale}
}

// teamsRoute reports whether a route is one of Teams' (the limits above), not the directory's.
func teamsRoute(route string) bool {
	return strings.HasPrefix(route, "/chats") || strings.HasPrefix(route, "/appCatalogs") ||
		route == "/me/chats" || route == "/users/{id}/chats"
}

// chatListRoute reports whether a route gets or lists chats (the per-user read limit).
func chatListRoute(route string) bool {
	return route == "/chats/{id}" || route == "/chats" || route == "/me/chats" || route == "/users/{id}/chats"
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
	if cfg.TenantWrites && write && teamsRoute(route) {
		checks = append(checks, check{"tenant-writes", window{30, scaled(time.Second)}})
		if method == "DELETE" && (route == "/chats/{id}/tabs/{id}" || route == "/chats/{id}/installedApps/{id}") {
			checks = append(checks, check{"tenant-deletes", window{15, scaled(time.Second)}})
		}
	}
	if cfg.TenantReads && !write && teamsRoute(route) {
		checks = append(checks, check{"tenant-reads", window{30, scaled(time.Second)}})
	}
	if cfg.PerChat && chatID != "" {
		checks = append(checks, check{"chat:" + chatID, window{1, scaled(time.Second)}})
	}
	if cfg.MemberChanges && chatID != "" && write && strings.HasPrefix(route, "/chats/{id}/members") {
		checks = append(checks, check{"members:" + chatID, window{4, scaled(time.Minute)}})
	}
	if cfg.ChatReads && method == "GET" && chatListRoute(route) {
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
