package graph

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const userJSON = `{"id":"4595d2f2-7b31-446c-84fd-9b795e63114b","userPrincipalName":"jacob@contoso.com","displayName":"Jacob"}`
const chatJSON = `{"id":"19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2","chatType":"group","topic":"t","createdDateTime":"2020-12-04T23:11:16.175Z"}`

func throttleBody(w http.ResponseWriter, status int, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, `{"error":{"code":"TooManyRequests","message":"Please retry again later.","innerError":{"request-id":"r1"}}}`)
}

// script answers the first len(steps) attempts with the given statuses, then ok.
func script(t *testing.T, attempts *int32, ok string, steps ...func(w http.ResponseWriter)) http.HandlerFunc {
	t.Helper()
	return func(w http.ResponseWriter, r *http.Request) {
		n := int(atomic.AddInt32(attempts, 1))
		if n <= len(steps) {
			steps[n-1](w)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusCreated)
		}
		_, _ = io.WriteString(w, ok)
	}
}

func testClient(t *testing.T, h http.Handler) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{AccessToken: "test-token", GraphEndpoint: srv.URL + "/v1.0"},
		Options{Version: "1.2.3", CompressRequests: true, Retry: &RetryPolicy{MinWait: 20 * time.Millisecond, MaxWait: 200 * time.Millisecond, Now: time.Now}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func status(code int, retryAfter string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) { throttleBody(w, code, retryAfter) }
}

func TestRetryFollowsFractionalRetryAfter(t *testing.T) {
	var n int32
	c := testClient(t, script(t, &n, userJSON, status(429, "0.3"), status(429, "0.3")))
	start := time.Now()
	u, err := c.GetUser(context.Background(), "jacob@contoso.com")
	if err != nil || u.ID == "" {
		t.Fatalf("GetUser: %v", err)
	}
	if d := time.Since(start); d < 600*time.Millisecond || d > 3*time.Second {
		t.Fatalf("waited %s, want about 0.6s", d)
	}
	if n != 3 {
		t.Fatalf("attempts %d", n)
	}
}

func TestRetryFollowsHTTPDateRetryAfter(t *testing.T) {
	var n int32
	when := time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
	c := testClient(t, script(t, &n, userJSON, status(503, when)))
	start := time.Now()
	if _, err := c.GetUser(context.Background(), "x@y.z"); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Fatalf("waited only %s for an HTTP-date Retry-After 2s ahead", d)
	}
}

func TestRetryAfterBeyondDeadlineFailsAtOnce(t *testing.T) {
	var n int32
	c := testClient(t, script(t, &n, userJSON, status(429, "300")))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.GetUser(ctx, "x@y.z")
	var te *ThrottledError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "throttling") || !strings.Contains(err.Error(), "Retry-After 300s") {
		t.Fatalf("want a throttling error, got %v", err)
	}
	if time.Since(start) > time.Second || n != 1 {
		t.Fatalf("should fail at once without waiting (took %s, %d attempts)", time.Since(start), n)
	}
}

func TestDeadlineReachedWhileWaiting(t *testing.T) {
	var n int32
	always := make([]func(http.ResponseWriter), 100)
	for i := range always {
		always[i] = status(429, "0.4")
	}
	c := testClient(t, script(t, &n, userJSON, always...))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.GetUser(ctx, "x@y.z")
	var te *ThrottledError
	if !errors.As(err, &te) || te.Attempts < 2 {
		t.Fatalf("want a throttling error after several attempts, got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("did not stop at the deadline: %s", d)
	}
}

func TestCancellationStopsWaiting(t *testing.T) {
	var n int32
	c := testClient(t, script(t, &n, userJSON, status(503, "30")))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(150*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.GetUser(ctx, "x@y.z")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("cancellation took %s", d)
	}
}

func TestServiceUnavailableOnGETRetried(t *testing.T) {
	var n int32
	c := testClient(t, script(t, &n, chatJSON, status(503, ""), status(504, "")))
	if _, err := c.GetChat(context.Background(), "19:x@thread.v2"); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Fatalf("attempts %d, want 3", n)
	}
}

func groupSpec() ChatSpec {
	return ChatSpec{ChatType: ChatTypeGroup, Topic: "t", Members: []MemberSpec{{User: "a@b.c", Role: RoleOwner}, {User: "d@e.f", Role: RoleOwner}}}
}

func TestUnsafeRequestNotResent(t *testing.T) {
	var n int32
	c := testClient(t, script(t, &n, chatJSON, status(503, "")))
	_, err := c.CreateChat(context.Background(), groupSpec())
	if !IsUncertain(err) {
		t.Fatalf("want an uncertain error, got %v", err)
	}
	if n != 1 {
		t.Fatalf("a group-chat POST was sent %d times", n)
	}

	// A dropped connection is not resent either.
	var drops int32
	c = testClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(&drops, 1)
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	}))
	if _, err := c.CreateChat(context.Background(), groupSpec()); !IsUncertain(err) || drops != 1 {
		t.Fatalf("dropped connection: %v after %d attempts", err, drops)
	}
}

func TestUnsafeRequestResentAfter429WithSameGzipBody(t *testing.T) {
	var n int32
	var bodies [][]byte
	c := testClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		if r.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("attempt %d: Content-Encoding %q", n+1, r.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Errorf("attempt %d: labelled gzip but not gzip: %v", n+1, err)
		} else {
			plain, _ := io.ReadAll(zr)
			bodies = append(bodies, plain)
		}
		if atomic.AddInt32(&n, 1) == 1 {
			throttleBody(w, 429, "0.05")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(201)
		_, _ = io.WriteString(w, chatJSON)
	}))
	if _, err := c.CreateChat(context.Background(), groupSpec()); err != nil {
		t.Fatal(err)
	}
	if n != 2 || len(bodies) != 2 || !bytes.Equal(bodies[0], bodies[1]) || !bytes.Contains(bodies[0], []byte(`"user@odata.bind":"https://graph.microsoft.com/v1.0/users('a@b.c')"`)) {
		t.Fatalf("attempts %d, bodies %q", n, bodies)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"2", 2 * time.Second, true},
		{"2.128", 2128 * time.Millisecond, true},
		{"0", 0, true},
		{"Wed, 01 May 2024 12:00:05 GMT", 5 * time.Second, true},
		{"Wed, 01 May 2024 11:00:00 GMT", 0, true},
		{"-1", 0, false},
		{"NaN", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tc := range cases {
		got, ok := ParseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRetryAfter(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	p := RetryPolicy{MinWait: 100 * time.Millisecond, MaxWait: time.Second, Now: time.Now}
	resp := &http.Response{Header: http.Header{"Retry-After": []string{"1.5"}}}
	if got := p.Backoff(0, 0, 7, resp); got != 1500*time.Millisecond {
		t.Errorf("Retry-After wins: %s", got)
	}
	for attempt, ceiling := range map[int]time.Duration{0: 100 * time.Millisecond, 1: 200 * time.Millisecond, 3: 800 * time.Millisecond, 10: time.Second, 2000: time.Second} {
		for i := 0; i < 50; i++ {
			got := p.Backoff(0, 0, attempt, &http.Response{Header: http.Header{}})
			if got < ceiling/2 || got > ceiling {
				t.Fatalf("attempt %d: %s outside [%s, %s]", attempt, got, ceiling/2, ceiling)
			}
		}
	}
}

func TestCheckRetry(t *testing.T) {
	p := DefaultRetryPolicy()
	mk := func(code int, ra string) *http.Response {
		h := http.Header{}
		if ra != "" {
			h.Set("Retry-After", ra)
		}
		return &http.Response{StatusCode: code, Header: h}
	}
	bg := context.Background()
	soon, cancel := context.WithTimeout(bg, 10*time.Second)
	defer cancel()
	cancelled, cancel2 := context.WithCancel(bg)
	cancel2()
	unsafe := WithNoResend(bg)
	cases := []struct {
		name  string
		ctx   context.Context
		resp  *http.Response
		err   error
		retry bool
	}{
		{"429", bg, mk(429, "1"), nil, true},
		{"503", bg, mk(503, ""), nil, true},
		{"504", bg, mk(504, ""), nil, true},
		{"500 not retried", bg, mk(500, ""), nil, false},
		{"404 not retried", bg, mk(404, ""), nil, false},
		{"200", bg, mk(200, ""), nil, false},
		{"Retry-After past deadline", soon, mk(429, "60"), nil, false},
		{"Retry-After within deadline", soon, mk(429, "1"), nil, true},
		{"cancelled", cancelled, mk(429, "1"), nil, false},
		{"transport error", bg, nil, errors.New("connection reset"), true},
		{"unsafe 429", unsafe, mk(429, "1"), nil, true},
		{"unsafe 503", unsafe, mk(503, ""), nil, false},
		{"unsafe transport error", unsafe, nil, errors.New("EOF"), false},
	}
	for _, tc := range cases {
		if got, _ := p.CheckRetry(tc.ctx, tc.resp, tc.err); got != tc.retry {
			t.Errorf("%s: retry=%v, want %v", tc.name, got, tc.retry)
		}
	}
}
