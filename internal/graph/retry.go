package graph

import (
	"context"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

type noResendKey struct{}

// WithNoResend marks requests made with ctx as not safe to resend: they are retried only when
// Graph answered 429 (the request was refused, not processed). A 5xx, a timeout or a dropped
// connection is returned to the caller, who must find out whether the write happened.
func WithNoResend(ctx context.Context) context.Context {
	return context.WithValue(ctx, noResendKey{}, true)
}

func noResend(ctx context.Context) bool {
	v, _ := ctx.Value(noResendKey{}).(bool)
	return v
}

// RetryPolicy is the provider's one retry policy, used through go-retryablehttp.
type RetryPolicy struct {
	// MinWait and MaxWait bound the exponential backoff used when Graph sends no Retry-After.
	MinWait, MaxWait time.Duration
	// Now is the clock (tests replace it).
	Now func() time.Time
}

// DefaultRetryPolicy waits 0.5 s, 1 s, 2 s, … up to 30 s between attempts without Retry-After.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MinWait: 500 * time.Millisecond, MaxWait: 30 * time.Second, Now: time.Now}
}

func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout
}

// ParseRetryAfter reads a Retry-After value: whole or fractional seconds, or an HTTP date.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || math.IsNaN(secs) || math.IsInf(secs, 0) || secs > 86400 {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}

// CheckRetry decides whether to send a request again. It never retries after the caller's
// context is done; it does not wait for a Retry-After that would outlast the caller's deadline
// (the response goes back to the caller, who reports the throttling); and it resends a request
// marked with WithNoResend only after a 429.
func (p RetryPolicy) CheckRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if noResend(ctx) {
			return false, err
		}
		ok, _ := retryablehttp.ErrorPropagatedRetryPolicy(ctx, resp, err)
		return ok, err
	}
	if !retryableStatus(resp.StatusCode) {
		return false, nil
	}
	if noResend(ctx) && resp.StatusCode != http.StatusTooManyRequests {
		return false, nil
	}
	if deadline, ok := ctx.Deadline(); ok {
		if wait, has := ParseRetryAfter(resp.Header.Get("Retry-After"), p.Now()); has && p.Now().Add(wait).After(deadline) {
			return false, nil
		}
	}
	return true, nil
}

// Backoff is Retry-After when Graph sent it, else exponential backoff with full jitter.
func (p RetryPolicy) Backoff(_, _ time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if wait, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), p.Now()); ok {
			return wait
		}
	}
	ceiling := float64(p.MinWait) * math.Pow(2, float64(attempt))
	if ceiling > float64(p.MaxWait) || math.IsInf(ceiling, 0) {
		ceiling = float64(p.MaxWait)
	}
	// Full jitter, but never less than half the step, so that waits still grow.
	return time.Duration(ceiling/2 + rand.Float64()*ceiling/2)
}

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
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
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

// newRetryClient assembles go-retryablehttp with the policy. The attempt count is not the bound:
// the caller's context deadline (the operation's timeout) is.
func newRetryClient(p RetryPolicy, inner *http.Client) *retryablehttp.Client {
	rc := retryablehttp.NewClient()
	rc.HTTPClient = inner
	rc.Logger = nil
	rc.RetryMax = math.MaxInt32
	rc.RetryWaitMin = p.MinWait
	rc.RetryWaitMax = p.MaxWait
	rc.CheckRetry = p.CheckRetry
	rc.Backoff = p.Backoff
	// Hand the last response (or error) back as it is, so that Graph's error body reaches the
	// SDK's error mapping instead of a generic "giving up after N attempts".
	rc.ErrorHandler = func(resp *http.Response, err error, _ int) (*http.Response, error) {
		if resp != nil && err == nil {
			return resp, nil
		}
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		return nil, err
	}
	return rc
}
