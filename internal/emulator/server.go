// Package emulator is a local, in-memory emulator of the Microsoft Graph v1.0 chat endpoints.
// It does what Microsoft's v1.0 reference pages say, and where they are silent it picks the
// stricter answer, so that the provider cannot rely on kindness; FIDELITY.md beside this file
// records each behaviour with its source.
package emulator

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

const (
	graphRoot       = "https://graph.microsoft.com/v1.0"
	memberODataType = "#microsoft.graph.aadUserConversationMember"
	maxExpanded     = 25
	defaultPageSize = 20
	maxPageSize     = 50
	maxHistory      = 100000
	// maxChatMembers is Teams' limit on the people in a chat (limits-specifications-teams).
	maxChatMembers = 250
)

// Server is the emulator: an http.Handler serving Graph's chat endpoints under /v1.0.
type Server struct {
	store    *store
	faults   faultSet
	limiter  limiter
	variants variantSet
	// Logger, when set, gets one line per request.
	Logger *log.Logger

	countsMu sync.Mutex
	counts   map[string]int
	history  []Request
}

// New returns an emulator over the given directory.
func New(dir Directory) *Server {
	return &Server{
		store:   newStore(dir),
		limiter: limiter{events: map[string][]time.Time{}},
		counts:  map[string]int{},
	}
}

func (s *Server) record(r *http.Request, route string, status int, retryAfter string) {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	if len(s.history) >= maxHistory {
		// A long-running emulator keeps the most recent requests only.
		s.history = append(s.history[:0], s.history[maxHistory/2:]...)
	}
	s.history = append(s.history, Request{At: time.Now(), Method: r.Method, Route: route, Status: status, RetryAfter: retryAfter})
}

type request struct {
	w     http.ResponseWriter
	r     *http.Request
	route string
	seg   []string
	// vars are the route's named path variables (request.param).
	vars    map[string]string
	caller  caller
	reqID   string
	baseURL string
	now     func() time.Time
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (sr *statusRecorder) WriteHeader(code int) {
	sr.status = code
	sr.ResponseWriter.WriteHeader(code)
}

// bufferedWriter holds a response so that a drop fault can discard it after processing.
type bufferedWriter struct {
	header http.Header
	status int
	body   []byte
}

func (b *bufferedWriter) Header() http.Header { return b.header }
func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}
func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	b.body = append(b.body, p...)
	return len(p), nil
}

// ServeHTTP implements http.Handler: the control API under /_emulator/, Graph under /v1.0.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		s.controlHTTP(w, r)
		return
	}
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	route := "?"
	defer func() {
		s.record(r, route, rec.status, rec.Header().Get("Retry-After"))
		if s.Logger != nil {
			s.Logger.Printf("%s %s %s -> %d (%s)", r.Method, r.URL.RequestURI(), route, rec.status, time.Since(start).Round(time.Microsecond))
		}
	}()
	req := &request{w: rec, r: r, reqID: uuid.NewString(), now: s.store.now}
	// Every answer carries Graph's Date header, from the emulator's clock (one-second precision).
	rec.Header().Set("Date", s.store.now().Format(http.TimeFormat))
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	req.baseURL = scheme + "://" + r.Host + "/v1.0"

	seg, err := splitPath(r.URL.EscapedPath())
	if err != nil || len(seg) == 0 || seg[0] != "v1.0" {
		route = "?"
		s.count(r.Method, route)
		req.fail(http.StatusBadRequest, "BadRequest", "Invalid version: the path must start with /v1.0.")
		return
	}
	req.seg = seg[1:]
	route = routeOf(req.seg)
	req.route = route
	s.count(r.Method, route)
	if msg := lengthProblem(r); msg != "" {
		req.fail(http.StatusLengthRequired, "LengthRequired", msg)
		return
	}

	latency, statusFault, drop := s.faults.pick(r.Method, route)
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	c, ok := s.authenticate(r)
	if !ok {
		req.fail(http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token is empty.")
		return
	}
	req.caller = c
	if msg := missingPermission(r.Method, req.seg, c); msg != "" {
		req.fail(http.StatusForbidden, "Forbidden", msg)
		return
	}
	if statusFault != nil {
		if statusFault.RetryAfter != "" {
			rec.Header().Set("Retry-After", statusFault.RetryAfter)
		}
		code, msg := "TooManyRequests", "Please retry again later."
		switch statusFault.Status {
		case http.StatusInternalServerError:
			code, msg = "InternalServerError", "Failed to process the request."
		case http.StatusServiceUnavailable:
			code, msg = "ServiceNotAvailable", "The service is temporarily unavailable. Please retry later."
		case http.StatusGatewayTimeout:
			code, msg = "GatewayTimeout", "The request timed out before the service could answer."
		}
		req.fail(statusFault.Status, code, msg)
		return
	}
	var chatID string
	if len(req.seg) >= 2 && req.seg[0] == "chats" {
		chatID = req.seg[1]
	}
	reader := "app"
	switch {
	case route == "/users/{id}/chats":
		reader = req.seg[1]
	case c.delegated:
		reader = c.userID
	}
	if wait := s.limiter.admit(time.Now(), r.Method, route, chatID, reader); wait > 0 {
		rec.Header().Set("Retry-After", formatRetryAfter(wait))
		req.fail(http.StatusTooManyRequests, "TooManyRequests", "Please retry again later.")
		return
	}

	if !drop {
		s.route(req)
		return
	}
	// Process fully, then drop the connection: the change is made, the client sees an error.
	buf := &bufferedWriter{header: http.Header{}}
	req.w = buf
	s.route(req)
	rec.status = 0
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// lengthProblem is the front end's check of a request's length: a body sent chunked, or a write
// without a Content-Length, is refused with 411. Public reports say Graph refuses or misreads
// chunked request bodies and that bodiless POSTs need `Content-Length: 0`; Microsoft's pages do not
// say, so the emulator takes the strict side (FIDELITY.md).
func lengthProblem(r *http.Request) string {
	for _, te := range r.TransferEncoding {
		if strings.EqualFold(te, "chunked") {
			return "A request body sent with Transfer-Encoding: chunked is not accepted: send a Content-Length header."
		}
	}
	switch r.Method {
	case http.MethodPost, http.MethodPatch, http.MethodPut:
		if r.ContentLength <= 0 && len(r.Header.Values("Content-Length")) == 0 {
			return fmt.Sprintf("A %s request needs a Content-Length header (Content-Length: 0 when it has no body).", r.Method)
		}
	}
	return ""
}

func (s *Server) count(method, route string) {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	s.counts[method+" "+route]++
}

// Running is an emulator listening on a loopback port.
type Running struct {
	*Server
	URL      string // base URL including /v1.0
	listener net.Listener
	http     *http.Server
}

// Start serves an emulator on addr ("127.0.0.1:0" picks a free port).
func Start(addr string, dir Directory) (*Running, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := New(dir)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return &Running{Server: srv, URL: "http://" + ln.Addr().String() + "/v1.0", listener: ln, http: hs}, nil
}

// Close stops the emulator at once, closing every connection.
func (r *Running) Close() error { return r.http.Close() }

// Shutdown stops the emulator gracefully: requests in flight finish, until ctx ends.
func (r *Running) Shutdown(ctx context.Context) error {
	if err := r.http.Shutdown(ctx); err != nil {
		return r.http.Close()
	}
	return nil
}
