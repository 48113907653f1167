package graph

import (
	"context"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
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
