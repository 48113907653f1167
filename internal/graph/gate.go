package graph

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"
)

// throttleGate is the provider's shared view of throttling. When Graph answers 429 with a
// Retry-After of r, every request of the same scope waits until then, and the scope starts to
// release its requests one at a time, with a spacing that adapts like a congestion window: it
// doubles when a request sent at the current pace is throttled again, and shrinks by a tenth with
// each success until the scope runs free again. Parallel resources so back off together and
// settle near the limit's rate, instead of each collecting a 429 every time the limit frees up.
// Scopes follow Teams' limits: chat deletions share a tenant-wide limit; requests addressed to one
// chat share that chat's limit; other writes share the tenant's write limit; reads the rest.
type throttleGate struct {
	mu     sync.Mutex
	scopes map[string]*gateScopeState
	now    func() time.Time
}

type gateScopeState struct {
	notBefore time.Time
	spacing   time.Duration // 0: requests are not paced
	raised    time.Time     // when spacing last grew
}

// Bounds of the release spacing.
const (
	minSpacing = 5 * time.Millisecond
	maxSpacing = 30 * time.Second
)

func newThrottleGate() *throttleGate {
	return &throttleGate{scopes: map[string]*gateScopeState{}, now: time.Now}
}

func gateScope(method, path string) string {
	i := strings.Index(path, "/chats/")
	if i < 0 {
		if method == http.MethodGet {
			return "reads"
		}
		return "writes"
	}
	rest := path[i+len("/chats/"):]
	chat, tail, _ := strings.Cut(rest, "/")
	if method == http.MethodDelete && tail == "" {
		return "deletes"
	}
	return "chat:" + chat
}

// wait blocks until the scope lets a request through, or ctx ends.
func (g *throttleGate) wait(ctx context.Context, scope string) error {
	for {
		g.mu.Lock()
		st := g.scopes[scope]
		if st == nil {
			g.mu.Unlock()
			return nil
		}
		now := g.now()
		d := st.notBefore.Sub(now)
		if d <= 0 {
			if st.spacing > 0 {
				st.notBefore = now.Add(st.spacing)
			}
			g.mu.Unlock()
			return nil
		}
		g.mu.Unlock()
		if err := sleepCtx(ctx, d); err != nil {
			return err
		}
	}
}

func (g *throttleGate) observe(scope string, resp *http.Response) {
	if resp == nil {
		return
	}
	now := g.now()
	g.mu.Lock()
	defer g.mu.Unlock()
	st := g.scopes[scope]
	if resp.StatusCode != http.StatusTooManyRequests {
		if st != nil && st.spacing > 0 {
			if st.spacing = st.spacing * 9 / 10; st.spacing < minSpacing {
				st.spacing = 0
			}
		}
		return
	}
	wait, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	if !ok {
		wait = time.Second
	}
	if st == nil {
		st = &gateScopeState{}
		g.scopes[scope] = st
	}
	if until := now.Add(wait); until.After(st.notBefore) {
		st.notBefore = until
	}
	switch {
	case st.spacing == 0:
		// First 429 of a free-running scope: release ten requests per Retry-After to begin with.
		st.spacing, st.raised = max(wait/10, minSpacing), now
	case now.Sub(st.raised) >= st.spacing:
		// Throttled again at the current pace (not the answer to a request already in flight when
		// the pace last changed): slow down by a third.
		st.spacing, st.raised = min(st.spacing*3/2, maxSpacing), now
	}
}

// gateTransport makes each attempt pass the throttle gate first.
type gateTransport struct {
	gate *throttleGate
	next http.RoundTripper
}

func (t *gateTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	scope := gateScope(req.Method, req.URL.EscapedPath())
	if err := t.gate.wait(req.Context(), scope); err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	t.gate.observe(scope, resp)
	return resp, err
}
