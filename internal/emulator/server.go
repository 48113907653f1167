// Package emulator is a local, in-memory emulator of the Microsoft Graph v1.0 chat endpoints.
// It does what Microsoft's v1.0 reference pages say, and where they are silent it picks the
// stricter answer, so that the provider cannot rely on kindness; FIDELITY.md beside this file
// records each behaviour with its source.
package emulator

import (
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strconv"
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

// Request is one request the emulator answered, for tests that check timing and order.
type Request struct {
	At     time.Time
	Method string
	Route  string
	Status int
	// RetryAfter is the Retry-After header sent, if any.
	RetryAfter string
}

// New returns an emulator over the given directory.
func New(dir Directory) *Server {
	return &Server{
		store:   newStore(dir),
		limiter: limiter{events: map[string][]time.Time{}},
		counts:  map[string]int{},
	}
}

// AddFault injects a failure until its count runs out or ClearFaults is called.
func (s *Server) AddFault(f Fault) { s.faults.add(f) }

// ClearFaults removes every injected failure and the read-after-create lag.
func (s *Server) ClearFaults() { s.faults.clear() }

// SetCreateLag makes a chat answer 404 to reads for d after its creation.
func (s *Server) SetCreateLag(d time.Duration) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.lag = d
}

// SetClockOffset runs the emulator's clock ahead of the machine's by d (behind when d is
// negative): createdDateTime, lastUpdatedDateTime and the Date header all follow it.
func (s *Server) SetClockOffset(d time.Duration) { s.store.offset.Store(int64(d)) }

// Now is the emulator's clock.
func (s *Server) Now() time.Time { return s.store.now() }

// SetLimits switches the documented Teams throttling limits on or off.
func (s *Server) SetLimits(l Limits) {
	s.limiter.mu.Lock()
	defer s.limiter.mu.Unlock()
	s.limiter.cfg = l
	s.limiter.events = map[string][]time.Time{}
}

// Counts returns the number of requests served so far, keyed "METHOD /route".
func (s *Server) Counts() map[string]int {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ResetCounts sets every request counter back to zero and forgets the request history.
func (s *Server) ResetCounts() {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	s.counts = map[string]int{}
	s.history = nil
}

// History returns the requests answered so far (the latest 100,000 at most), in order of
// completion; dropped connections are recorded with status 0.
func (s *Server) History() []Request {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	return append([]Request(nil), s.history...)
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

// Chats returns a copy of every chat that is not deleted, oldest first.
func (s *Server) Chats() []Chat {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	var out []Chat
	for _, c := range s.store.sortedChats() {
		out = append(out, c.clone())
	}
	return out
}

// Chat returns a copy of one chat, deleted ones included (see Chat.Deleted).
func (s *Server) Chat(id string) (Chat, bool) {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, ok := s.store.chats[id]
	if !ok {
		return Chat{}, false
	}
	return c.clone(), true
}

// UpdateChat changes a chat out of band, as someone using Teams would; lastUpdatedDateTime moves.
func (s *Server) UpdateChat(id string, change func(c *Chat)) error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.store.live(id)
	if !ok {
		return fmt.Errorf("chat %s not found", id)
	}
	change(c)
	s.store.touch(c)
	return nil
}

// RemoveMemberOutOfBand removes a user from a chat as someone using Teams would.
func (s *Server) RemoveMemberOutOfBand(chatID, userID string) error {
	var found bool
	err := s.UpdateChat(chatID, func(c *Chat) {
		if i, ok := c.memberByUser(userID); ok {
			c.Members = append(c.Members[:i], c.Members[i+1:]...)
			found = true
		}
	})
	if err == nil && !found {
		err = fmt.Errorf("user %s is not a member of chat %s", userID, chatID)
	}
	return err
}

// DeleteChatOutOfBand soft-deletes a chat as an administrator would.
func (s *Server) DeleteChatOutOfBand(id string) error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.store.live(id)
	if !ok {
		return fmt.Errorf("chat %s not found", id)
	}
	c.Deleted = true
	return nil
}

// touch moves lastUpdatedDateTime forward, strictly.
func (st *store) touch(c *Chat) {
	now := st.tick()
	if !now.After(c.LastUpdatedDateTime) {
		now = c.LastUpdatedDateTime.Add(time.Millisecond)
	}
	c.LastUpdatedDateTime = now
}

// caller is who the bearer token speaks for.
type caller struct {
	delegated bool
	userID    string
	// granted are the permissions the token's `roles` (application) or `scp` (delegated) claim
	// grants; nil when the token has no such claim, and then every permission check passes.
	granted []string
}

type request struct {
	w       http.ResponseWriter
	r       *http.Request
	route   string
	seg     []string
	caller  caller
	reqID   string
	baseURL string
	now     func() time.Time
}

// routeOf maps decoded path segments (after /v1.0) to a route pattern.
func routeOf(seg []string) string {
	if len(seg) == 0 {
		return "/"
	}
	parts := make([]string, len(seg))
	for i, s := range seg {
		if i%2 == 1 {
			parts[i] = "{id}"
		} else {
			parts[i] = s
		}
	}
	return "/" + strings.Join(parts, "/")
}

// splitPath decodes each segment of the escaped path on its own, so that an encoded '/'
// inside a membership id stays part of its segment.
func splitPath(escaped string) ([]string, error) {
	escaped = strings.Trim(escaped, "/")
	if escaped == "" {
		return nil, nil
	}
	raw := strings.Split(escaped, "/")
	out := make([]string, len(raw))
	for i, r := range raw {
		s, err := url.PathUnescape(r)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
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

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
	if msg := missingPermission(r.Method, route, c); msg != "" {
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
		if len(r.Header.Values("Content-Length")) == 0 {
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

// authenticate tells application tokens from delegated ones. A token that is a JWT whose payload
// names a user (`oid` or `upn`, and `idtyp` not "app") is delegated; any other token is an
// application token. The `roles` (application) and `scp` (delegated) claims, when present, are the
// permissions granted (see permissions.go). Signatures are not checked: this is a local emulator.
func (s *Server) authenticate(r *http.Request) (caller, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return caller{}, false
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return caller{}, true
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return caller{}, true
	}
	var claims struct {
		OID   string   `json:"oid"`
		UPN   string   `json:"upn"`
		IDTyp string   `json:"idtyp"`
		Roles []string `json:"roles"`
		Scp   *string  `json:"scp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return caller{}, true
	}
	c := caller{}
	if claims.Roles != nil {
		c.granted = claims.Roles
	}
	if claims.IDTyp == "app" || (claims.OID == "" && claims.UPN == "") {
		return c, true
	}
	c.delegated = true
	c.granted = nil
	if claims.Scp != nil {
		c.granted = strings.Fields(*claims.Scp)
		if c.granted == nil {
			c.granted = []string{}
		}
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	key := firstNonEmpty(claims.OID, claims.UPN)
	c.userID = key
	if u, ok := s.store.dir.lookup(key, ""); ok {
		c.userID = u.ID
	}
	return c, true
}

// DelegatedToken returns an unsigned JWT that the emulator reads as a delegated token for the user;
// with scopes, its `scp` claim grants exactly those.
func DelegatedToken(userID string, scopes ...string) string {
	enc := base64.RawURLEncoding.EncodeToString
	head := enc([]byte(`{"alg":"none","typ":"JWT"}`))
	claims := map[string]string{"oid": userID, "idtyp": "user", "tid": HomeTenantID}
	if len(scopes) > 0 {
		claims["scp"] = strings.Join(scopes, " ")
	}
	body, _ := json.Marshal(claims)
	return head + "." + enc(body) + ".sig"
}

func (s *Server) route(q *request) {
	m := q.r.Method
	switch q.route {
	case "/users/{id}":
		if m == http.MethodGet {
			s.getUser(q)
			return
		}
	case "/users/{id}/chats":
		if m == http.MethodGet {
			s.listChats(q, q.seg[1])
			return
		}
	case "/chats":
		switch m {
		case http.MethodGet:
			if !q.caller.delegated {
				q.fail(http.StatusForbidden, "Forbidden", "Requested API is not supported in application-only context. Use /users/{id}/chats.")
				return
			}
			s.listChats(q, q.caller.userID)
			return
		case http.MethodPost:
			s.createChat(q)
			return
		}
	case "/chats/{id}":
		switch m {
		case http.MethodGet:
			s.getChat(q)
			return
		case http.MethodPatch:
			s.patchChat(q)
			return
		case http.MethodDelete:
			s.deleteChat(q)
			return
		}
	case "/chats/{id}/members":
		switch m {
		case http.MethodGet:
			s.listMembers(q)
			return
		case http.MethodPost:
			s.addMember(q)
			return
		}
	case "/chats/{id}/members/{id}":
		switch m {
		case http.MethodGet:
			s.getMember(q)
			return
		case http.MethodDelete:
			s.removeMember(q)
			return
		}
	default:
		last := ""
		if len(q.seg) > 0 {
			last = q.seg[len(q.seg)-1]
		}
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Resource not found for the segment '%s'.", last))
		return
	}
	q.fail(http.StatusMethodNotAllowed, "Request_BadRequest", fmt.Sprintf("The HTTP method '%s' is not allowed for %s.", m, q.route))
}

// --- responses -------------------------------------------------------------------------------

func (q *request) json(status int, v any) {
	q.w.Header().Set("Content-Type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8")
	q.w.Header().Set("request-id", q.reqID)
	q.w.WriteHeader(status)
	_ = json.NewEncoder(q.w).Encode(v)
}

func (q *request) fail(status int, code, message string) {
	q.json(status, map[string]any{"error": map[string]any{
		"code":    code,
		"message": message,
		"innerError": map[string]any{
			"date":              q.now().Format("2006-01-02T15:04:05"),
			"request-id":        q.reqID,
			"client-request-id": firstNonEmpty(q.r.Header.Get("client-request-id"), q.reqID),
		},
	}})
}

func (q *request) noContent() {
	q.w.Header().Set("request-id", q.reqID)
	q.w.WriteHeader(http.StatusNoContent)
}

func graphTime(t time.Time) string {
	if t.IsZero() {
		return "0001-01-01T00:00:00Z"
	}
	return t.UTC().Format("2006-01-02T15:04:05.999Z07:00")
}

func renderMember(m Member) map[string]any {
	return map[string]any{
		"@odata.type":                 memberODataType,
		"id":                          m.ID,
		"roles":                       append([]string{}, m.Roles...),
		"displayName":                 m.DisplayName,
		"visibleHistoryStartDateTime": graphTime(m.VisibleHistoryStartDateTime),
		"userId":                      m.UserID,
		"email":                       m.Email,
		"tenantId":                    m.TenantID,
	}
}

// chatView is what a request asks to see of a chat.
type chatView struct {
	members, lastMessagePreview bool
	// viewpoint: chatViewpoint comes only with List chats (resources/chatviewpoint.md).
	viewpoint bool
	sel       string
}

func renderChat(c *Chat, v chatView) map[string]any {
	var topic any
	if c.ChatType == "group" && c.Topic != "" {
		topic = c.Topic
	}
	obj := map[string]any{
		"id":                    c.ID,
		"topic":                 topic,
		"createdDateTime":       graphTime(c.CreatedDateTime),
		"lastUpdatedDateTime":   graphTime(c.LastUpdatedDateTime),
		"chatType":              c.ChatType,
		"webUrl":                c.webURL(),
		"tenantId":              c.TenantID,
		"isHiddenForAllMembers": false,
		"onlineMeetingInfo":     nil,
	}
	if v.viewpoint {
		obj["viewpoint"] = map[string]any{"isHidden": false, "lastMessageReadDateTime": graphTime(c.CreatedDateTime)}
	}
	obj = selectKeys(obj, v.sel)
	if v.lastMessagePreview {
		// The emulator keeps no messages: a chat without any has no preview.
		obj["lastMessagePreview"] = nil
	}
	if v.members {
		ms := make([]any, 0, len(c.Members))
		for i, m := range c.Members {
			if i == maxExpanded {
				break // Graph leaves members beyond 25 out of $expand.
			}
			ms = append(ms, renderMember(m))
		}
		obj["members@odata.context"] = fmt.Sprintf("%s/$metadata#chats('%s')/members", graphRoot, c.ID)
		obj["members"] = ms
	}
	return obj
}

// parseChatView reads $expand (members and lastMessagePreview, as chat-get and chat-list
// document) and $select; anything else in $expand is refused as Graph does.
func parseChatView(q *request) (chatView, bool) {
	v := chatView{sel: q.r.URL.Query().Get("$select")}
	exp := q.r.URL.Query().Get("$expand")
	if exp == "" {
		return v, true
	}
	for _, e := range strings.Split(exp, ",") {
		switch strings.TrimSpace(e) {
		case "members":
			v.members = true
		case "lastMessagePreview":
			v.lastMessagePreview = true
		default:
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Parsing OData Select and Expand failed: Could not find a property named '%s' on type 'microsoft.graph.chat'.", strings.TrimSpace(e)))
			return v, false
		}
	}
	return v, true
}

// --- users ---------------------------------------------------------------------------------

func (s *Server) getUser(q *request) {
	s.store.mu.RLock()
	u, ok := s.store.dir.lookup(q.seg[1], "")
	s.store.mu.RUnlock()
	if !ok {
		q.fail(http.StatusNotFound, "Request_ResourceNotFound", fmt.Sprintf("Resource '%s' does not exist or one of its queried reference-property objects are not present.", q.seg[1]))
		return
	}
	obj := map[string]any{
		"id":                u.ID,
		"userPrincipalName": u.UserPrincipalName,
		"displayName":       u.DisplayName,
		"mail":              nilIfEmpty(u.Mail),
		"userType":          u.UserType,
	}
	sel := q.r.URL.Query().Get("$select")
	obj = selectKeys(obj, sel)
	ctx := graphRoot + "/$metadata#users/$entity"
	if sel != "" {
		ctx = fmt.Sprintf("%s/$metadata#users(%s)/$entity", graphRoot, sel)
	}
	obj["@odata.context"] = ctx
	q.json(http.StatusOK, obj)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// --- chats ---------------------------------------------------------------------------------

func (s *Server) lagging(c *Chat) bool {
	s.faults.mu.Lock()
	lag := s.faults.lag
	s.faults.mu.Unlock()
	return lag > 0 && s.store.now().Sub(c.CreatedDateTime) < lag
}

// visibleChat finds a chat the caller may read, answering the error itself when it cannot.
func (s *Server) visibleChat(q *request) (*Chat, bool) {
	c, ok := s.store.live(q.seg[1])
	if !ok || s.lagging(c) {
		s.failGone(q)
		return nil, false
	}
	if q.caller.delegated {
		if _, member := c.memberByUser(q.caller.userID); !member {
			q.fail(http.StatusForbidden, "Forbidden", "The caller is not a member of this chat.")
			return nil, false
		}
	}
	return c, true
}

func (s *Server) getChat(q *request) {
	view, ok := parseChatView(q)
	if !ok {
		return
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
	}
	obj := renderChat(c, view)
	if view.members {
		obj["@odata.context"] = graphRoot + "/$metadata#chats(members())/$entity"
	} else {
		obj["@odata.context"] = graphRoot + "/$metadata#chats/$entity"
	}
	q.json(http.StatusOK, obj)
}

func (s *Server) listChats(q *request, userKey string) {
	view, ok := parseChatView(q)
	if !ok {
		return
	}
	view.viewpoint = true
	query := q.r.URL.Query()
	// chat-list: $orderby supports lastMessagePreview/createdDateTime in descending order only. The
	// emulator keeps no messages, so the order stays that of creation.
	if ob := strings.Join(strings.Fields(query.Get("$orderby")), " "); ob != "" && ob != "lastMessagePreview/createdDateTime desc" {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The $orderby clause '%s' is not supported: only 'lastMessagePreview/createdDateTime desc' is.", query.Get("$orderby")))
		return
	}
	var filter *chatFilter
	if f := query.Get("$filter"); f != "" {
		var err error
		if filter, err = parseChatFilter(f); err != nil {
			q.fail(http.StatusBadRequest, "BadRequest", "Invalid filter clause: "+err.Error())
			return
		}
	}
	top := defaultPageSize
	if t := query.Get("$top"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > maxPageSize {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid page size specified: '%s'. Must be between 1 and %d inclusive.", t, maxPageSize))
			return
		}
		top = n
	}
	offset := 0
	if tok := query.Get("$skiptoken"); tok != "" {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		n, err2 := strconv.Atoi(string(raw))
		if err != nil || err2 != nil || n < 0 {
			q.fail(http.StatusBadRequest, "BadRequest", "The skip token is not valid.")
			return
		}
		offset = n
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	u, ok := s.store.dir.lookup(userKey, "")
	if !ok {
		q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("User '%s' was not found.", userKey))
		return
	}
	if q.caller.delegated && !strings.EqualFold(q.caller.userID, u.ID) {
		q.fail(http.StatusForbidden, "Forbidden", "A delegated caller can only list its own chats.")
		return
	}
	var matched []*Chat
	for _, c := range s.store.sortedChats() {
		if _, member := c.memberByUser(u.ID); member && !s.lagging(c) && filter.match(c) {
			matched = append(matched, c)
		}
	}
	page := []any{}
	end := offset + top
	if end > len(matched) {
		end = len(matched)
	}
	for i := offset; i < end; i++ {
		page = append(page, renderChat(matched[i], view))
	}
	out := map[string]any{
		"@odata.context": graphRoot + "/$metadata#chats",
		"value":          page,
	}
	if end < len(matched) {
		next := *q.r.URL
		nq := next.Query()
		nq.Set("$skiptoken", base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end))))
		nq.Set("$top", strconv.Itoa(top))
		out["@odata.nextLink"] = q.baseURL + strings.TrimPrefix(next.Path, "/v1.0") + "?" + nq.Encode()
	}
	q.json(http.StatusOK, out)
}

// memberInput is one member of a create or add-member body.
type memberInput struct {
	ODataType                   string          `json:"@odata.type"`
	Bind                        string          `json:"user@odata.bind"`
	Roles                       json.RawMessage `json:"roles"`
	TenantID                    string          `json:"tenantId"`
	VisibleHistoryStartDateTime string          `json:"visibleHistoryStartDateTime"`
}

type chatInput struct {
	ChatType *string        `json:"chatType"`
	Topic    *string        `json:"topic"`
	Members  *[]memberInput `json:"members"`
}

// DecodeBody reads a request body the way Graph does: plain or gzip-compressed JSON.
func DecodeBody(r *http.Request, v any) error {
	var body io.Reader
	body = io.LimitReader(r.Body, 4<<20)
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(body)
		if err != nil {
			return fmt.Errorf("the body is labelled gzip but is not gzip: %w", err)
		}
		defer zr.Close()
		body = zr
	}
	dec := json.NewDecoder(body)
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON body")
	}
	return nil
}

func (q *request) decode(v any) bool {
	if err := DecodeBody(q.r, v); err != nil {
		q.fail(http.StatusBadRequest, "BadRequest", "Invalid request body: "+err.Error())
		return false
	}
	return true
}

func validateTopic(topic string) string {
	if len([]rune(topic)) > 250 {
		return "The topic can be at most 250 characters long."
	}
	if strings.Contains(topic, ":") {
		return "The topic cannot contain the character ':'."
	}
	return ""
}

// resolveMember checks one member of a body and finds its user. It answers the error itself.
func (s *Server) resolveMember(q *request, in memberInput) (User, string, bool) {
	if in.ODataType != memberODataType {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The member type '%s' is not supported; use '%s'.", in.ODataType, memberODataType))
		return User{}, "", false
	}
	var roles []string
	if len(in.Roles) == 0 || string(in.Roles) == "null" {
		q.fail(http.StatusBadRequest, "BadRequest", "Must specify a role for the new member.")
		return User{}, "", false
	}
	if err := json.Unmarshal(in.Roles, &roles); err != nil {
		q.fail(http.StatusBadRequest, "BadRequest", "Invalid request body: roles must be an array of strings.")
		return User{}, "", false
	}
	if len(roles) == 0 {
		q.fail(http.StatusBadRequest, "BadRequest", "Must specify a role for the new member.")
		return User{}, "", false
	}
	if len(roles) > 1 {
		q.fail(http.StatusBadRequest, "BadRequest", "Only one role can be specified for a member.")
		return User{}, "", false
	}
	role := roles[0]
	if role != "owner" && role != "guest" {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The passed-in role '%s' is not supported.", role))
		return User{}, "", false
	}
	if in.Bind == "" {
		q.fail(http.StatusBadRequest, "BadRequest", "Bind property 'user@odata.bind' is required for a member.")
		return User{}, "", false
	}
	key, err := ParseUserBind(in.Bind)
	if err != nil {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid bind property value '%s': %s.", in.Bind, err))
		return User{}, "", false
	}
	if in.TenantID != "" {
		if _, err := uuid.Parse(in.TenantID); err != nil {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid tenantId '%s'.", in.TenantID))
			return User{}, "", false
		}
	}
	u, ok := s.store.dir.lookup(key, in.TenantID)
	if !ok {
		where := ""
		if in.TenantID != "" {
			where = " in tenant " + in.TenantID
		}
		// UNCONFIRMED whether Graph answers 400 or 404 here; 404 is the stricter answer for a client
		// that might mistake it for a missing chat.
		q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("User '%s'%s was not found.", key, where))
		return User{}, "", false
	}
	if in.TenantID != "" && !strings.EqualFold(in.TenantID, s.store.dir.HomeTenantID) && role != "owner" {
		// chat-post: out-of-tenant guests must be assigned the owner role.
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' of tenant %s is from outside this tenant and must be added with the role 'owner'.", key, in.TenantID))
		return User{}, "", false
	}
	if u.UserType == "Guest" && role != "guest" {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' is a guest of this tenant and must be added with the role 'guest'.", key))
		return User{}, "", false
	}
	return u, role, true
}

func (s *Server) createChat(q *request) {
	var in chatInput
	if !q.decode(&in) {
		return
	}
	if in.ChatType == nil {
		q.fail(http.StatusBadRequest, "BadRequest", "Chat type must be specified.")
		return
	}
	chatType := *in.ChatType
	if chatType != "oneOnOne" && chatType != "group" {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Chat type '%s' is not supported for chat creation. Supported values are 'oneOnOne' and 'group'.", chatType))
		return
	}
	if in.Members == nil || len(*in.Members) == 0 {
		q.fail(http.StatusBadRequest, "BadRequest", "Chat members cannot be null. (Parameter 'Members')")
		return
	}
	topic := ""
	if in.Topic != nil {
		topic = *in.Topic
	}
	if chatType == "oneOnOne" && in.Topic != nil {
		q.fail(http.StatusBadRequest, "BadRequest", "Setting topic is not allowed for 1-on-1 chats.")
		return
	}
	if msg := validateTopic(topic); msg != "" {
		q.fail(http.StatusBadRequest, "BadRequest", msg)
		return
	}
	members := *in.Members
	if chatType == "oneOnOne" && len(members) != 2 {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("A 1-on-1 chat must have exactly 2 members; %d were given.", len(members)))
		return
	}
	if len(members) > maxChatMembers {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("A chat can have at most %d members; %d were given.", maxChatMembers, len(members)))
		return
	}
	if chatType == "group" && len(members) < 2 {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("A group chat must have at least 2 members; %d were given.", len(members)))
		return
	}

	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	type resolved struct {
		u    User
		role string
	}
	var rs []resolved
	seen := map[string]bool{}
	for _, m := range members {
		u, role, ok := s.resolveMember(q, m)
		if !ok {
			return
		}
		if seen[strings.ToLower(u.ID)] {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' is listed more than once.", u.ID))
			return
		}
		seen[strings.ToLower(u.ID)] = true
		rs = append(rs, resolved{u, role})
	}
	if q.caller.delegated && !seen[strings.ToLower(q.caller.userID)] {
		q.fail(http.StatusForbidden, "Forbidden", "The signed-in user must be one of the members of the chat being created.")
		return
	}
	now := s.store.tick()
	var c *Chat
	if chatType == "oneOnOne" {
		id := oneOnOneChatID(rs[0].u.ID, rs[1].u.ID)
		if existing, ok := s.store.live(id); ok {
			// One-on-one chats are idempotent: the existing chat comes back, nothing is created.
			s.writeChat(q, http.StatusCreated, existing)
			return
		}
		c = &Chat{ID: id}
	} else {
		c = &Chat{ID: newGroupChatID(), Topic: topic}
	}
	c.ChatType = chatType
	c.TenantID = s.store.dir.HomeTenantID
	c.CreatedDateTime = now
	c.LastUpdatedDateTime = now
	for _, r := range rs {
		c.Members = append(c.Members, newMember(c.ID, r.u, r.role, time.Time{}))
	}
	s.store.seq++
	c.seq = s.store.seq
	s.store.chats[c.ID] = c
	s.writeChat(q, http.StatusCreated, c)
}

// writeChat answers with a chat: 201 for POST /chats, and 200 for a PATCH (chat-patch documents
// 200 OK with the updated chat).
func (s *Server) writeChat(q *request, status int, c *Chat) {
	obj := renderChat(c, chatView{})
	obj["@odata.context"] = graphRoot + "/$metadata#chats/$entity"
	q.json(status, obj)
}

func (s *Server) patchChat(q *request) {
	var in map[string]json.RawMessage
	if !q.decode(&in) {
		return
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
	}
	for k := range in {
		if k != "topic" {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Property '%s' is read-only or cannot be updated.", k))
			return
		}
	}
	raw, ok := in["topic"]
	if !ok {
		s.writeChat(q, http.StatusOK, c)
		return
	}
	if c.ChatType != "group" {
		q.fail(http.StatusBadRequest, "BadRequest", "Setting topic is not allowed for 1-on-1 chats.")
		return
	}
	var topic *string
	if err := json.Unmarshal(raw, &topic); err != nil {
		q.fail(http.StatusBadRequest, "BadRequest", "Invalid request body: topic must be a string.")
		return
	}
	newTopic := ""
	if topic != nil {
		newTopic = *topic
	}
	if msg := validateTopic(newTopic); msg != "" {
		q.fail(http.StatusBadRequest, "BadRequest", msg)
		return
	}
	c.Topic = newTopic
	s.store.touch(c)
	s.writeChat(q, http.StatusOK, c)
}

// failGone answers for a chat that does not exist or is soft-deleted: 404, or for a deleted chat
// the DeletedChat variant (Microsoft does not document that answer). Callers hold the lock.
func (s *Server) failGone(q *request) {
	if c, ok := s.store.chats[q.seg[1]]; ok && c.Deleted && s.variant().DeletedChat == http.StatusForbidden {
		q.fail(http.StatusForbidden, "Forbidden", "Forbidden: the chat is not available.")
		return
	}
	q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("Chat '%s' was not found.", q.seg[1]))
}

func (s *Server) deleteChat(q *request) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.store.live(q.seg[1])
	if !ok {
		if old, exists := s.store.chats[q.seg[1]]; exists && old.Deleted {
			// Deleting it again: Microsoft does not document the answer.
			switch s.variant().Redelete {
			case http.StatusForbidden:
				q.fail(http.StatusForbidden, "Forbidden", "Forbidden: the chat is not available.")
				return
			case http.StatusNoContent:
				q.noContent()
				return
			}
		}
		q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("Chat '%s' was not found.", q.seg[1]))
		return
	}
	if q.caller.delegated {
		q.fail(http.StatusForbidden, "Forbidden", "Missing role permissions on the request. Deleting a chat with delegated permissions needs a Teams or tenant administrator; applications need Chat.ManageDeletion.Chat or Chat.ManageDeletion.All.")
		return
	}
	c.Deleted = true
	q.noContent()
}

// --- members -------------------------------------------------------------------------------

func (s *Server) listMembers(q *request) {
	// chat-list-members: "This operation doesn't support the OData query parameters to customize
	// the response." Graph's answer to one is not documented; the emulator refuses it.
	for k := range q.r.URL.Query() {
		if strings.HasPrefix(k, "$") {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The query option '%s' is not supported when listing chat members.", k))
			return
		}
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
	}
	value := make([]any, 0, len(c.Members))
	for _, m := range c.Members {
		value = append(value, renderMember(m))
	}
	q.json(http.StatusOK, map[string]any{
		"@odata.context": fmt.Sprintf("%s/$metadata#chats('%s')/members", graphRoot, c.ID),
		"@odata.count":   len(value),
		"value":          value,
	})
}

func (s *Server) getMember(q *request) {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
	}
	for _, m := range c.Members {
		if m.ID == q.seg[3] {
			obj := renderMember(m)
			obj["@odata.context"] = fmt.Sprintf("%s/$metadata#chats('%s')/members/$entity", graphRoot, c.ID)
			q.json(http.StatusOK, obj)
			return
		}
	}
	q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("Member '%s' was not found in chat '%s'.", q.seg[3], c.ID))
}

func (s *Server) addMember(q *request) {
	var in memberInput
	if !q.decode(&in) {
		return
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
	}
	if c.ChatType != "group" {
		q.fail(http.StatusBadRequest, "BadRequest", "Adding members to a 1-on-1 chat is not supported.")
		return
	}
	u, role, ok := s.resolveMember(q, in)
	if !ok {
		return
	}
	if _, exists := c.memberByUser(u.ID); !exists && len(c.Members) >= maxChatMembers {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The chat already has %d members, the most Teams allows.", maxChatMembers))
		return
	}
	if i, exists := c.memberByUser(u.ID); exists {
		// Adding someone already there: Microsoft does not document the answer.
		switch s.variant().ExistingMember {
		case http.StatusBadRequest:
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' is already a member of the chat.", u.ID))
		case http.StatusCreated:
			q.w.Header().Set("Location", "/chats/"+url.PathEscape(c.ID)+"/members/"+url.PathEscape(c.Members[i].ID))
			q.w.Header().Set("request-id", q.reqID)
			q.w.WriteHeader(http.StatusCreated)
		default:
			q.fail(http.StatusConflict, "Conflict", fmt.Sprintf("User '%s' is already a member of the chat.", u.ID))
		}
		return
	}
	var history time.Time
	if in.VisibleHistoryStartDateTime != "" {
		t, err := time.Parse(time.RFC3339Nano, in.VisibleHistoryStartDateTime)
		if err != nil {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid visibleHistoryStartDateTime '%s'.", in.VisibleHistoryStartDateTime))
			return
		}
		if t.Year() > 1 {
			history = t.UTC()
		}
	} else {
		history = s.store.tick()
	}
	m := newMember(c.ID, u, role, history)
	c.Members = append(c.Members, m)
	s.store.touch(c)
	q.w.Header().Set("Location", "/chats/"+url.PathEscape(c.ID)+"/members/"+url.PathEscape(m.ID))
	q.w.Header().Set("request-id", q.reqID)
	q.w.WriteHeader(http.StatusCreated)
}

func (s *Server) removeMember(q *request) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
	}
	if c.ChatType != "group" {
		q.fail(http.StatusBadRequest, "BadRequest", "Removing members from a 1-on-1 chat is not supported.")
		return
	}
	for i, m := range c.Members {
		if m.ID != q.seg[3] {
			continue
		}
		if !strings.EqualFold(m.TenantID, c.TenantID) {
			// Field reports: removing a member of another organisation fails.
			q.fail(http.StatusBadRequest, "BadRequest", "Removing a member from another tenant is not supported.")
			return
		}
		c.Members = append(c.Members[:i], c.Members[i+1:]...)
		s.store.touch(c)
		q.noContent()
		return
	}
	q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("Member '%s' was not found in chat '%s'.", q.seg[3], c.ID))
}

// --- running -------------------------------------------------------------------------------

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
