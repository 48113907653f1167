package graph

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// wireRequest is what a test server saw of one request.
type wireRequest struct {
	method, path     string
	contentLength    int64
	lengthHeader     string
	transferEncoding []string
	bodyLen          int
}

// TestRequestsCarryContentLength: with compression off (the provider's default), every request
// with a body reaches the server with a Content-Length equal to its body and never chunked, on the
// first attempt and on a retry after 429.
func TestRequestsCarryContentLength(t *testing.T) {
	var mu sync.Mutex
	var seen []wireRequest
	throttled := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, wireRequest{r.Method, r.URL.Path, r.ContentLength, r.Header.Get("Content-Length"), r.TransferEncoding, len(body)})
		key := r.Method + " " + r.URL.Path
		first := !throttled[key]
		throttled[key] = true
		mu.Unlock()
		if first && r.Method != http.MethodGet {
			throttleBody(w, http.StatusTooManyRequests, "0.05")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch r.Method {
		case http.MethodPost:
			w.WriteHeader(http.StatusCreated)
			if strings.HasSuffix(r.URL.Path, "/chats") {
				_, _ = io.WriteString(w, chatJSON)
			}
		case http.MethodPatch:
			_, _ = io.WriteString(w, chatJSON)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{AccessToken: "test-token", GraphEndpoint: srv.URL + "/v1.0"}, Options{Retry: fastRetry()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.CreateChat(ctx, groupSpec()); err != nil {
		t.Fatalf("create: %v", err)
	}
	if err := c.RenameChat(ctx, "19:abc@thread.v2", "New topic"); err != nil {
		t.Fatalf("rename: %v", err)
	}
	zero := time.Time{}
	if err := c.AddMember(ctx, "19:abc@thread.v2", MemberSpec{User: "jacob@contoso.com", Role: RoleOwner, VisibleHistoryStartDateTime: &zero}); err != nil {
		t.Fatalf("add member: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 6 {
		t.Fatalf("want 6 attempts (each write throttled once, then sent again), got %d: %+v", len(seen), seen)
	}
	for _, r := range seen {
		if r.bodyLen == 0 || r.contentLength != int64(r.bodyLen) || r.lengthHeader == "" || len(r.transferEncoding) != 0 {
			t.Errorf("%s %s: body %d bytes, ContentLength %d, Content-Length header %q, Transfer-Encoding %v; want the body's length and no chunking",
				r.method, r.path, r.bodyLen, r.contentLength, r.lengthHeader, r.transferEncoding)
		}
	}
}

// TestBodilessPostSendsZeroLength: a POST without a body goes out with `Content-Length: 0`. The
// HTTP stack as a whole keeps this so (go-retryablehttp buffers bodies and net/http then sees an
// empty one; lengthTransport sets the length too), so the test guards the stack rather than
// lengthTransport alone: TestRequestsCarryContentLength is the one that fails without it.
func TestBodilessPostSendsZeroLength(t *testing.T) {
	got := make(chan wireRequest, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- wireRequest{method: r.Method, contentLength: r.ContentLength, lengthHeader: r.Header.Get("Content-Length"), transferEncoding: r.TransferEncoding}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{AccessToken: "test-token", GraphEndpoint: srv.URL + "/v1.0"}, Options{Retry: fastRetry()})
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range []io.Reader{nil, strings.NewReader("")} {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1.0/chats/x/hideForUser", body)
		if err != nil {
			t.Fatal(err)
		}
		if body != nil {
			req.ContentLength = 0 // as kiota leaves it: a body of unknown length
			req.Body = io.NopCloser(body)
		}
		resp, err := c.httpClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		r := <-got
		if r.lengthHeader != "0" || len(r.transferEncoding) != 0 {
			t.Errorf("bodiless POST: Content-Length header %q, Transfer-Encoding %v; want \"0\" and none", r.lengthHeader, r.transferEncoding)
		}
	}
}
