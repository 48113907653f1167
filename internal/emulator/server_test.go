package emulator

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	uJohn   = "8b081ef6-4792-4def-b2c9-c363a1bf41d5"
	uMegan  = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d"
	uAdele  = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
	uAlex   = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f"
	uLynne  = "3626a173-f2bc-4883-bcf7-01514c3bfb82"
	uJacob  = "4595d2f2-7b31-446c-84fd-9b795e63114b"
	uGuest  = "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a"
	uNestor = "9a4dbf6e-9f76-4db1-8ea1-5c8f3b3e4d44"
)

func bind(user string) string { return "https://graph.microsoft.com/v1.0/users('" + user + "')" }

func mem(user, role string) map[string]any {
	return map[string]any{"@odata.type": memberODataType, "roles": []string{role}, "user@odata.bind": bind(user)}
}

func groupBody(topic string, members ...map[string]any) map[string]any {
	return map[string]any{"chatType": "group", "topic": topic, "members": members}
}

type client struct {
	t     *testing.T
	base  string
	token string
	hc    *http.Client
}

func newTestServer(t *testing.T) (*Server, *client) {
	t.Helper()
	s := New(DefaultDirectory())
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, &client{t: t, base: ts.URL + "/v1.0", token: "app-token", hc: ts.Client()}
}

type result struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (r result) errCode() string {
	e, _ := r.body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func (r result) errMessage() string {
	e, _ := r.body["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

func (c *client) do(method, path string, body any, opts ...func(*http.Request)) result {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, o := range opts {
		o(req)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return result{status: -1, raw: err.Error()}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := result{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

func (c *client) createGroup(topic string, users ...string) string {
	c.t.Helper()
	var ms []map[string]any
	for _, u := range users {
		ms = append(ms, mem(u, "owner"))
	}
	r := c.do("POST", "/chats", groupBody(topic, ms...))
	if r.status != 201 {
		c.t.Fatalf("create: %d %s", r.status, r.raw)
	}
	return r.body["id"].(string)
}

func esc(id string) string { return url.PathEscape(id) }

func TestCreateChatValidation(t *testing.T) {
	cases := []struct {
		name    string
		body    any
		status  int
		code    string
		message string
	}{
		{"no members", map[string]any{"chatType": "group", "topic": "x"}, 400, "BadRequest", "Chat members cannot be null. (Parameter 'Members')"},
		{"empty members", map[string]any{"chatType": "group", "members": []any{}}, 400, "BadRequest", "Chat members cannot be null. (Parameter 'Members')"},
		{"bad role", groupBody("x", mem(uAdele, "owner"), mem(uAlex, "member")), 400, "BadRequest", "The passed-in role 'member' is not supported."},
		{"no roles", groupBody("x", mem(uAdele, "owner"), map[string]any{"@odata.type": memberODataType, "user@odata.bind": bind(uAlex)}), 400, "BadRequest", "Must specify a role for the new member."},
		{"empty roles", groupBody("x", mem(uAdele, "owner"), map[string]any{"@odata.type": memberODataType, "roles": []string{}, "user@odata.bind": bind(uAlex)}), 400, "BadRequest", "Must specify a role for the new member."},
		{"two roles", groupBody("x", mem(uAdele, "owner"), map[string]any{"@odata.type": memberODataType, "roles": []string{"owner", "guest"}, "user@odata.bind": bind(uAlex)}), 400, "BadRequest", "Only one role can be specified for a member."},
		{"topic on oneOnOne", map[string]any{"chatType": "oneOnOne", "topic": "x", "members": []any{mem(uJohn, "owner"), mem(uMegan, "owner")}}, 400, "BadRequest", "Setting topic is not allowed for 1-on-1 chats."},
		{"oneOnOne with three", map[string]any{"chatType": "oneOnOne", "members": []any{mem(uJohn, "owner"), mem(uMegan, "owner"), mem(uAlex, "owner")}}, 400, "BadRequest", "A 1-on-1 chat must have exactly 2 members; 3 were given."},
		{"group with one", groupBody("x", mem(uAdele, "owner")), 400, "BadRequest", "A group chat must have at least 2 members; 1 were given."},
		{"no chat type", map[string]any{"members": []any{mem(uJohn, "owner"), mem(uMegan, "owner")}}, 400, "BadRequest", "Chat type must be specified."},
		{"meeting", map[string]any{"chatType": "meeting", "members": []any{mem(uJohn, "owner"), mem(uMegan, "owner")}}, 400, "BadRequest", "Chat type 'meeting' is not supported for chat creation. Supported values are 'oneOnOne' and 'group'."},
		{"topic colon", groupBody("a:b", mem(uAdele, "owner"), mem(uAlex, "owner")), 400, "BadRequest", "The topic cannot contain the character ':'."},
		{"topic long", groupBody(strings.Repeat("é", 251), mem(uAdele, "owner"), mem(uAlex, "owner")), 400, "BadRequest", "The topic can be at most 250 characters long."},
		{"unknown user", groupBody("x", mem(uAdele, "owner"), mem("00000000-0000-0000-0000-000000000000", "owner")), 404, "NotFound", "User '00000000-0000-0000-0000-000000000000' was not found."},
		{"unknown UPN", groupBody("x", mem(uAdele, "owner"), mem("nobody@contoso.com", "owner")), 404, "NotFound", "User 'nobody@contoso.com' was not found."},
		{"page example 4 guest id", groupBody("x", mem(uAdele, "owner"), mem("8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g", "guest")), 404, "NotFound", "User '8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g' was not found."},
		{"guest as owner", groupBody("x", mem(uAdele, "owner"), mem(uGuest, "owner")), 400, "BadRequest", "User '" + uGuest + "' is a guest of this tenant and must be added with the role 'guest'."},
		{"duplicate", groupBody("x", mem(uAdele, "owner"), mem("adele@contoso.com", "owner")), 400, "BadRequest", "User '" + uAdele + "' is listed more than once."},
		{"bad bind", groupBody("x", mem(uAdele, "owner"), map[string]any{"@odata.type": memberODataType, "roles": []string{"owner"}, "user@odata.bind": "https://graph.microsoft.com/v1.0/groups('x')"}), 400, "BadRequest", "Invalid bind property value 'https://graph.microsoft.com/v1.0/groups('x')': the bind does not name a user."},
		{"wrong member type", groupBody("x", mem(uAdele, "owner"), map[string]any{"@odata.type": "#microsoft.graph.conversationMember", "roles": []string{"owner"}, "user@odata.bind": bind(uAlex)}), 400, "BadRequest", "The member type '#microsoft.graph.conversationMember' is not supported; use '#microsoft.graph.aadUserConversationMember'."},
		{"federated unknown in tenant", map[string]any{"chatType": "oneOnOne", "members": []any{mem(uJohn, "owner"), map[string]any{"@odata.type": memberODataType, "roles": []string{"owner"}, "user@odata.bind": bind(uAdele), "tenantId": FederatedTenantID}}}, 404, "NotFound", "User '" + uAdele + "' in tenant " + FederatedTenantID + " was not found."},
		{"malformed json", "not json", 400, "BadRequest", "Invalid request body: json: cannot unmarshal string into Go value of type emulator.chatInput"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, c := newTestServer(t)
			r := c.do("POST", "/chats", tc.body)
			if r.status != tc.status || r.errCode() != tc.code || r.errMessage() != tc.message {
				t.Fatalf("got %d %q %q, want %d %q %q", r.status, r.errCode(), r.errMessage(), tc.status, tc.code, tc.message)
			}
			inner, _ := r.body["error"].(map[string]any)["innerError"].(map[string]any)
			if inner["request-id"] == "" || inner["date"] == "" || inner["client-request-id"] == "" {
				t.Fatalf("innerError incomplete: %v", r.body)
			}
			if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Fatalf("content type %q", r.header.Get("Content-Type"))
			}
			if len(s.Chats()) != 0 {
				t.Fatal("a refused request created a chat")
			}
		})
	}
}

func TestCreateChatForms(t *testing.T) {
	s, c := newTestServer(t)
	// Example 1 and 5 use the same pair (the page reuses the id): the second is the first again.
	r1 := c.do("POST", "/chats", map[string]any{"chatType": "oneOnOne", "members": []any{mem(uJohn, "owner"), mem(uMegan, "owner")}})
	if r1.status != 201 || r1.body["chatType"] != "oneOnOne" || r1.body["topic"] != nil || r1.body["members"] != nil {
		t.Fatalf("one-on-one: %d %s", r1.status, r1.raw)
	}
	if r1.body["@odata.context"] != "https://graph.microsoft.com/v1.0/$metadata#chats/$entity" {
		t.Fatalf("context %v", r1.body["@odata.context"])
	}
	id := r1.body["id"].(string)
	if id != "19:"+uJohn+"_"+uMegan+"@unq.gbl.spaces" && id != "19:"+uMegan+"_"+uJohn+"@unq.gbl.spaces" {
		t.Fatalf("one-on-one id %q", id)
	}
	// The same two people by UPN, other order: the same chat, nothing new.
	r2 := c.do("POST", "/chats", map[string]any{"chatType": "oneOnOne", "members": []any{mem("megan@contoso.com", "owner"), mem("john@contoso.com", "owner")}})
	if r2.status != 201 || r2.body["id"] != id || len(s.Chats()) != 1 {
		t.Fatalf("idempotency: %d %v, %d chats", r2.status, r2.body["id"], len(s.Chats()))
	}
	// Federated member with tenantId (example 5 form): a different user object, so a different chat.
	r3 := c.do("POST", "/chats", map[string]any{"chatType": "oneOnOne", "members": []any{mem(uJohn, "owner"),
		map[string]any{"@odata.type": memberODataType, "roles": []string{"owner"}, "user@odata.bind": bind(uNestor), "tenantId": FederatedTenantID}}})
	if r3.status != 201 {
		t.Fatalf("federated: %d %s", r3.status, r3.raw)
	}
	fed, _ := s.Chat(r3.body["id"].(string))
	if fed.Members[1].TenantID != FederatedTenantID {
		t.Fatalf("federated member tenant %q", fed.Members[1].TenantID)
	}
	// Group chats are never deduplicated; the unquoted bind form works too.
	g1 := c.createGroup("Same", uAdele, uAlex, uLynne)
	r4 := c.do("POST", "/chats", groupBody("Same", mem(uAdele, "owner"), mem(uAlex, "owner"),
		map[string]any{"@odata.type": memberODataType, "roles": []string{"owner"}, "user@odata.bind": "https://graph.microsoft.com/v1.0/users/" + uLynne}))
	if r4.status != 201 || r4.body["id"] == g1 {
		t.Fatalf("second group chat: %d %v", r4.status, r4.body["id"])
	}
	if !strings.HasPrefix(g1, "19:") || !strings.HasSuffix(g1, "@thread.v2") || len(g1) != len("19:")+32+len("@thread.v2") {
		t.Fatalf("group id %q", g1)
	}
	// Graph's time format, and webUrl / tenantId present.
	created := r4.body["createdDateTime"].(string)
	if _, err := time.Parse(time.RFC3339Nano, created); err != nil || !strings.HasSuffix(created, "Z") {
		t.Fatalf("createdDateTime %q", created)
	}
	if r4.body["tenantId"] != HomeTenantID || !strings.HasPrefix(r4.body["webUrl"].(string), "https://teams.microsoft.com/l/chat/19%3A") {
		t.Fatalf("tenant/webUrl %v %v", r4.body["tenantId"], r4.body["webUrl"])
	}
	// A guest with role guest is accepted.
	if r := c.do("POST", "/chats", groupBody("g", mem(uAdele, "owner"), mem(uGuest, "guest"))); r.status != 201 {
		t.Fatalf("guest: %d %s", r.status, r.raw)
	}
}

func TestGzipBodyAccepted(t *testing.T) {
	_, c := newTestServer(t)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_ = json.NewEncoder(zw).Encode(groupBody("Zipped", mem(uAdele, "owner"), mem(uAlex, "owner")))
	_ = zw.Close()
	req, _ := http.NewRequest("POST", c.base+"/chats", &buf)
	req.Header.Set("Authorization", "Bearer x")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := c.hc.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("gzip create: %v %v", err, resp)
	}
	// A body labelled gzip that is not gzip is refused with a clear error.
	r := c.do("POST", "/chats", groupBody("Plain", mem(uAdele, "owner"), mem(uAlex, "owner")), func(r *http.Request) { r.Header.Set("Content-Encoding", "gzip") })
	if r.status != 400 || !strings.Contains(r.errMessage(), "labelled gzip") {
		t.Fatalf("mislabelled body: %d %s", r.status, r.raw)
	}
}

// TestChunkedBodyRefused: a body sent chunked (no Content-Length) is answered 411 LengthRequired and
// creates nothing; a write with no Content-Length at all likewise; `Content-Length: 0` is accepted
// as a length (the route then answers for the body it lacks).
func TestChunkedBodyRefused(t *testing.T) {
	s, c := newTestServer(t)
	chunked := func(r *http.Request) {
		r.ContentLength = -1
		r.TransferEncoding = []string{"chunked"}
	}
	r := c.do("POST", "/chats", groupBody("Chunked", mem(uAdele, "owner"), mem(uAlex, "owner")), chunked)
	if r.status != http.StatusLengthRequired || r.errCode() != "LengthRequired" || !strings.Contains(r.errMessage(), "Content-Length") {
		t.Fatalf("chunked create: %d %s", r.status, r.raw)
	}
	if n := len(s.Chats()); n != 0 {
		t.Fatalf("a chunked create made %d chats", n)
	}
	id := c.createGroup("Sized", uAdele, uAlex)
	if r := c.do("PATCH", "/chats/"+esc(id), map[string]any{"topic": "Renamed"}, chunked); r.status != http.StatusLengthRequired {
		t.Fatalf("chunked rename: %d %s", r.status, r.raw)
	}
	if got, _ := s.Chat(id); got.Topic != "Sized" {
		t.Fatalf("a chunked rename changed the topic to %q", got.Topic)
	}
	if r := c.do("POST", "/chats/"+esc(id)+"/members", mem(uLynne, "owner"), chunked); r.status != http.StatusLengthRequired {
		t.Fatalf("chunked add member: %d %s", r.status, r.raw)
	}
	// A write without any length header (net/http adds one on its own, so the header is removed
	// on the wire with a raw request).
	conn, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimSuffix(c.base, "/v1.0"), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = fmt.Fprintf(conn, "POST /v1.0/chats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\nConnection: close\r\n\r\n")
	raw, _ := io.ReadAll(conn)
	if !strings.HasPrefix(string(raw), "HTTP/1.1 411") {
		t.Fatalf("POST without Content-Length: %.80q", raw)
	}
	if r := c.do("POST", "/chats", nil, func(r *http.Request) { r.Body, r.ContentLength = http.NoBody, 0 }); r.status != http.StatusBadRequest {
		t.Fatalf("POST with Content-Length: 0 is a length, not a 411: %d %s", r.status, r.raw)
	}
}

// TestClockOffset: with the clock moved, createdDateTime, lastUpdatedDateTime and the Date header
// all follow the emulator's clock, ahead of or behind the machine's.
func TestClockOffset(t *testing.T) {
	for _, offset := range []time.Duration{2 * time.Minute, -2 * time.Minute} {
		s, c := newTestServer(t)
		s.SetClockOffset(offset)
		r := c.do("POST", "/chats", groupBody("Clock", mem(uAdele, "owner"), mem(uAlex, "owner")))
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.raw)
		}
		created, err := time.Parse(time.RFC3339Nano, r.body["createdDateTime"].(string))
		if err != nil {
			t.Fatal(err)
		}
		date, err := http.ParseTime(r.header.Get("Date"))
		if err != nil {
			t.Fatalf("Date header %q: %v", r.header.Get("Date"), err)
		}
		near := func(name string, got time.Time, slack time.Duration) {
			if d := got.Sub(time.Now().Add(offset)); d < -slack || d > slack {
				t.Errorf("offset %s: %s %s is %s off the emulator's clock", offset, name, got, d)
			}
		}
		near("createdDateTime", created, 5*time.Second)
		near("Date", date, 5*time.Second)
		if created.Sub(date) < 0 || created.Sub(date) >= 2*time.Second {
			t.Errorf("offset %s: createdDateTime %s is not within the second the Date header %s names", offset, created, date)
		}
	}
}

// TestDocumentedAnswers: behaviours FIDELITY.md records from Microsoft's pages.
func TestDocumentedAnswers(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Documented", uAdele, uAlex)

	// chatViewpoint comes with List chats only.
	if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 200 || r.body["viewpoint"] != nil {
		t.Fatalf("get chat carries a viewpoint: %d %s", r.status, r.raw)
	}
	r := c.do("GET", "/users/"+uAdele+"/chats?$expand=members,lastMessagePreview&$orderby=lastMessagePreview/createdDateTime%20desc", nil)
	if r.status != 200 {
		t.Fatalf("list with $expand=lastMessagePreview and the documented $orderby: %d %s", r.status, r.raw)
	}
	first := r.body["value"].([]any)[0].(map[string]any)
	if _, ok := first["viewpoint"]; !ok {
		t.Fatalf("a listed chat has no viewpoint: %s", r.raw)
	}
	if _, ok := first["lastMessagePreview"]; !ok {
		t.Fatalf("$expand=lastMessagePreview left lastMessagePreview out: %s", r.raw)
	}
	if r := c.do("GET", "/users/"+uAdele+"/chats?$orderby=createdDateTime", nil); r.status != 400 {
		t.Fatalf("an undocumented $orderby: want 400, got %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/chats/"+esc(id)+"?$expand=lastMessagePreview", nil); r.status != 200 {
		t.Fatalf("get chat with $expand=lastMessagePreview: %d %s", r.status, r.raw)
	}
	// List members takes no OData query options.
	if r := c.do("GET", "/chats/"+esc(id)+"/members?$top=1", nil); r.status != 400 {
		t.Fatalf("list members with $top: want 400, got %d %s", r.status, r.raw)
	}
	// A user of another organisation must be an owner.
	fed := mem(uNestor, "guest")
	fed["tenantId"] = FederatedTenantID
	if r := c.do("POST", "/chats", groupBody("Guests abroad", mem(uAdele, "owner"), fed)); r.status != 400 || !strings.Contains(r.errMessage(), "role 'owner'") {
		t.Fatalf("federated guest at create: want 400, got %d %s", r.status, r.raw)
	}
	if r := c.do("POST", "/chats/"+esc(id)+"/members", fed); r.status != 400 {
		t.Fatalf("federated guest added: want 400, got %d %s", r.status, r.raw)
	}
	// At most 250 people in a chat.
	var ms []map[string]any
	for i := 0; i < 251; i++ {
		ms = append(ms, mem(StaffID(i), "owner"))
	}
	s.store.mu.Lock()
	s.store.dir = s.store.dir.WithStaff(251)
	s.store.mu.Unlock()
	if r := c.do("POST", "/chats", groupBody("Crowd", ms...)); r.status != 400 || !strings.Contains(r.errMessage(), "at most 250") {
		t.Fatalf("251 members: want 400, got %d %s", r.status, r.raw)
	}
	full := c.do("POST", "/chats", groupBody("Full", ms[:250]...))
	if full.status != 201 {
		t.Fatalf("250 members: %d %s", full.status, full.raw)
	}
	if r := c.do("POST", "/chats/"+esc(full.body["id"].(string))+"/members", ms[250]); r.status != 400 {
		t.Fatalf("a 251st member: want 400, got %d %s", r.status, r.raw)
	}
}

// TestPermissionClaims: a token whose `roles` or `scp` claim lacks every permission an endpoint's
// page lists is refused with 403; one holding any of them passes; a token without claims is not
// checked.
func TestPermissionClaims(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Claims", uAdele, uAlex)
	as := func(token string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
	}
	reader := AppToken("Chat.ReadBasic.All")
	if r := c.do("GET", "/chats/"+esc(id), nil, as(reader)); r.status != 200 {
		t.Fatalf("Chat.ReadBasic.All reads a chat: %d %s", r.status, r.raw)
	}
	r := c.do("POST", "/chats/"+esc(id)+"/members", mem(uLynne, "owner"), as(reader))
	if r.status != 403 || r.errCode() != "Forbidden" || !strings.Contains(r.errMessage(), "ChatMember.ReadWrite.All") || !strings.Contains(r.errMessage(), "Chat.ReadBasic.All") {
		t.Fatalf("adding a member with only Chat.ReadBasic.All: %d %s", r.status, r.raw)
	}
	if got, _ := s.Chat(id); len(got.Members) != 2 {
		t.Fatal("a refused request changed the chat")
	}
	if r := c.do("POST", "/chats/"+esc(id)+"/members", mem(uLynne, "owner"), as(AppToken("Chat.ReadWrite.All"))); r.status != 201 {
		t.Fatalf("Chat.ReadWrite.All adds members: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/users/jacob@contoso.com", nil, as(AppToken("User.ReadBasic.All"))); r.status != 403 {
		t.Fatalf("User.ReadBasic.All is not among user-get's application permissions: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/users/jacob@contoso.com", nil, as(AppToken("User.Read.All"))); r.status != 200 {
		t.Fatalf("User.Read.All reads a user: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/users/jacob@contoso.com", nil, as(DelegatedToken(uAdele, "User.ReadBasic.All"))); r.status != 200 {
		t.Fatalf("delegated User.ReadBasic.All reads a user: %d %s", r.status, r.raw)
	}
	if r := c.do("PATCH", "/chats/"+esc(id), map[string]any{"topic": "x"}, as(DelegatedToken(uAdele, "Chat.Read"))); r.status != 403 || !strings.Contains(r.errMessage(), "Scopes on the request 'Chat.Read'") {
		t.Fatalf("delegated Chat.Read renames: %d %s", r.status, r.raw)
	}
	if r := c.do("PATCH", "/chats/"+esc(id), map[string]any{"topic": "x"}, as("opaque-token")); r.status != 200 {
		t.Fatalf("a token without claims is not checked: %d %s", r.status, r.raw)
	}
}

// TestUndocumentedVariants: each switch changes the one answer Microsoft does not document, and
// nothing else.
func TestUndocumentedVariants(t *testing.T) {
	for _, code := range ExistingMemberAnswers {
		s, c := newTestServer(t)
		if err := s.SetVariants(Variants{ExistingMember: code}); err != nil {
			t.Fatal(err)
		}
		id := c.createGroup("Again", uAdele, uAlex)
		if r := c.do("POST", "/chats/"+esc(id)+"/members", mem(uAlex, "owner")); r.status != code {
			t.Fatalf("existing member, variant %d: got %d %s", code, r.status, r.raw)
		}
		if got, _ := s.Chat(id); len(got.Members) != 2 {
			t.Fatalf("variant %d: adding an existing member changed the roster: %d members", code, len(got.Members))
		}
	}
	for _, code := range DeletedChatAnswers {
		for _, again := range RedeleteAnswers {
			s, c := newTestServer(t)
			if err := s.SetVariants(Variants{DeletedChat: code, Redelete: again}); err != nil {
				t.Fatal(err)
			}
			id := c.createGroup("Gone", uAdele, uAlex)
			if r := c.do("DELETE", "/chats/"+esc(id), nil); r.status != 204 {
				t.Fatalf("delete: %d", r.status)
			}
			for _, path := range []string{"/chats/" + esc(id), "/chats/" + esc(id) + "/members"} {
				if r := c.do("GET", path, nil); r.status != code {
					t.Fatalf("GET %s of a deleted chat, variant %d: got %d", path, code, r.status)
				}
			}
			if r := c.do("DELETE", "/chats/"+esc(id), nil); r.status != again {
				t.Fatalf("second delete, variant %d: got %d", again, r.status)
			}
			if r := c.do("GET", "/chats/19:nothing@thread.v2", nil); r.status != 404 {
				t.Fatalf("a chat that never existed: %d", r.status)
			}
		}
	}
	s, _ := newTestServer(t)
	if err := s.SetVariants(Variants{ExistingMember: 200}); err == nil {
		t.Fatal("an answer outside the plausible ones was accepted")
	}
}

func TestAuthentication(t *testing.T) {
	s, c := newTestServer(t)
	c.token = ""
	r := c.do("GET", "/chats/x", nil)
	if r.status != 401 || r.errCode() != "InvalidAuthenticationToken" {
		t.Fatalf("no token: %d %s", r.status, r.raw)
	}
	// Delegated callers must be members of what they create, read, and list.
	c.token = DelegatedToken(uAdele)
	if r := c.do("POST", "/chats", groupBody("x", mem(uAlex, "owner"), mem(uLynne, "owner"))); r.status != 403 || r.errCode() != "Forbidden" {
		t.Fatalf("delegated non-member create: %d %s", r.status, r.raw)
	}
	id := c.createGroup("Mine", uAdele, uAlex)
	if r := c.do("GET", "/chats", nil); r.status != 200 || len(r.body["value"].([]any)) != 1 {
		t.Fatalf("delegated list: %d %s", r.status, r.raw)
	}
	if r := c.do("DELETE", "/chats/"+esc(id), nil); r.status != 403 {
		t.Fatalf("delegated delete: %d %s", r.status, r.raw)
	}
	c.token = DelegatedToken(uLynne)
	if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 403 {
		t.Fatalf("delegated non-member read: %d %s", r.status, r.raw)
	}
	// Application tokens cannot use /chats, only /users/{id}/chats.
	c.token = "app"
	if r := c.do("GET", "/chats", nil); r.status != 403 {
		t.Fatalf("app list /chats: %d %s", r.status, r.raw)
	}
	if len(s.Chats()) != 1 {
		t.Fatalf("chats: %d", len(s.Chats()))
	}
}

func TestGetChat(t *testing.T) {
	_, c := newTestServer(t)
	id := c.createGroup("Read me", uAdele, uAlex, "jacob@contoso.com")
	r := c.do("GET", "/chats/"+esc(id)+"?$expand=members", nil)
	if r.status != 200 || r.body["topic"] != "Read me" {
		t.Fatalf("get: %d %s", r.status, r.raw)
	}
	if r.body["@odata.context"] != "https://graph.microsoft.com/v1.0/$metadata#chats(members())/$entity" || r.body["members@odata.context"] == nil {
		t.Fatalf("contexts: %v", r.body)
	}
	members := r.body["members"].([]any)
	if len(members) != 3 {
		t.Fatalf("members %d", len(members))
	}
	m := members[2].(map[string]any)
	if m["@odata.type"] != memberODataType || m["userId"] != uJacob || m["email"] != "jacob@contoso.com" || m["tenantId"] != HomeTenantID ||
		m["visibleHistoryStartDateTime"] != "0001-01-01T00:00:00Z" || m["id"] == "" || m["displayName"] != "Jacob Hancock" {
		t.Fatalf("member %v", m)
	}
	// $select keeps only what was asked (and annotations).
	r = c.do("GET", "/chats/"+esc(id)+"?$select=topic,chatType", nil)
	if len(r.body) != 3 || r.body["topic"] != "Read me" || r.body["chatType"] != "group" {
		t.Fatalf("select: %v", r.body)
	}
	// Kiota sends %24expand; it decodes to $expand.
	if r := c.do("GET", "/chats/"+esc(id)+"?%24expand=members", nil); r.body["members"] == nil {
		t.Fatal("encoded $expand ignored")
	}
	if r := c.do("GET", "/chats/"+esc(id)+"?$expand=messages", nil); r.status != 400 {
		t.Fatalf("bad expand: %d", r.status)
	}
	if r := c.do("GET", "/chats/19%3Anope%40thread.v2", nil); r.status != 404 || r.errCode() != "NotFound" {
		t.Fatalf("missing: %d %s", r.status, r.raw)
	}
}

func TestExpandCapsAt25(t *testing.T) {
	dir := DefaultDirectory()
	var ids []string
	for i := 0; i < 30; i++ {
		u := User{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), UserPrincipalName: fmt.Sprintf("user%d@contoso.com", i), DisplayName: fmt.Sprint("User ", i), UserType: "Member"}
		dir.Users = append(dir.Users, u)
		ids = append(ids, u.ID)
	}
	s := New(dir)
	ts := httptest.NewServer(s)
	defer ts.Close()
	c := &client{t: t, base: ts.URL + "/v1.0", token: "x", hc: ts.Client()}
	id := c.createGroup("Big", ids...)
	r := c.do("GET", "/chats/"+esc(id)+"?$expand=members", nil)
	if n := len(r.body["members"].([]any)); n != 25 {
		t.Fatalf("expanded %d members, want 25", n)
	}
	r = c.do("GET", "/chats/"+esc(id)+"/members", nil)
	if n := len(r.body["value"].([]any)); n != 30 {
		t.Fatalf("listed %d members, want 30", n)
	}
}

func TestListChatsFilterAndPaging(t *testing.T) {
	_, c := newTestServer(t)
	for i := 0; i < 7; i++ {
		c.createGroup(fmt.Sprintf("Team %d", i), uAdele, uAlex)
	}
	c.createGroup("O'Brien's", uAdele, uLynne)
	one := c.do("POST", "/chats", map[string]any{"chatType": "oneOnOne", "members": []any{mem(uAdele, "owner"), mem(uJohn, "owner")}})
	if one.status != 201 {
		t.Fatal(one.raw)
	}
	cases := []struct {
		name, query string
		want        int
		status      int
	}{
		{"all", "", 9, 200},
		{"group only", "$filter=chatType eq 'group'", 8, 200},
		{"topic", "$filter=topic eq 'Team 3'", 1, 200},
		{"quoted topic", "$filter=topic eq 'O''Brien''s'", 1, 200},
		{"member", "$filter=members/any(o: o/userId eq '" + uLynne + "')", 1, 200},
		{"and", "$filter=chatType eq 'group' and members/any(o: o/userId eq '" + uAlex + "')", 7, 200},
		{"display name", "$filter=members/any(o: o/displayname eq 'John Doe')", 1, 200},
		{"bad filter", "$filter=startswith(topic,'T')", 0, 400},
		{"bad top", "$top=51", 0, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := url.Values{}
			if tc.query != "" {
				k, v, _ := strings.Cut(tc.query, "=")
				q.Set(k, v)
			}
			path := "/users/" + uAdele + "/chats"
			if len(q) > 0 {
				path += "?" + q.Encode()
			}
			total := 0
			pages := 0
			for path != "" {
				r := c.do("GET", path, nil)
				if r.status != tc.status {
					t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.raw)
				}
				if r.status != 200 {
					return
				}
				total += len(r.body["value"].([]any))
				pages++
				next, _ := r.body["@odata.nextLink"].(string)
				path = strings.TrimPrefix(next, c.base)
			}
			if total != tc.want {
				t.Fatalf("got %d chats, want %d", total, tc.want)
			}
		})
	}
	// Paging: $top=3 over 9 chats is three pages, each with a nextLink but the last.
	path := "/users/adele@contoso.com/chats?$top=3&$expand=members"
	var pages, total int
	for path != "" {
		r := c.do("GET", path, nil)
		v := r.body["value"].([]any)
		total += len(v)
		pages++
		if v[0].(map[string]any)["members"] == nil {
			t.Fatal("$expand=members ignored in a list")
		}
		next, _ := r.body["@odata.nextLink"].(string)
		path = strings.TrimPrefix(next, c.base)
	}
	if pages != 3 || total != 9 {
		t.Fatalf("%d pages, %d chats", pages, total)
	}
}

func TestRenameAndMembers(t *testing.T) {
	s, c := newTestServer(t)
	var clock = time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)
	s.store.clock = func() time.Time { clock = clock.Add(1500 * time.Millisecond); return clock }
	id := c.createGroup("Before", uAdele, uAlex)
	before, _ := s.Chat(id)

	if r := c.do("PATCH", "/chats/"+esc(id), map[string]any{"topic": "After"}); r.status != 200 || r.body["topic"] != "After" || r.body["id"] != id {
		t.Fatalf("rename: want 200 with the updated chat (chat-patch), got %d %s", r.status, r.raw)
	}
	renamed, _ := s.Chat(id)
	if renamed.Topic != "After" || !renamed.LastUpdatedDateTime.After(before.LastUpdatedDateTime) {
		t.Fatalf("rename not applied: %+v", renamed)
	}
	for _, bad := range []struct {
		body map[string]any
		msg  string
	}{
		{map[string]any{"topic": "a:b"}, "The topic cannot contain the character ':'."},
		{map[string]any{"topic": strings.Repeat("x", 251)}, "The topic can be at most 250 characters long."},
		{map[string]any{"chatType": "oneOnOne"}, "Property 'chatType' is read-only or cannot be updated."},
	} {
		if r := c.do("PATCH", "/chats/"+esc(id), bad.body); r.status != 400 || r.errMessage() != bad.msg {
			t.Fatalf("bad rename %v: %d %s", bad.body, r.status, r.raw)
		}
	}

	// Add a member: 201, empty body, Location with the membership id.
	r := c.do("POST", "/chats/"+esc(id)+"/members", map[string]any{"@odata.type": memberODataType, "roles": []string{"owner"},
		"user@odata.bind": "https://graph.microsoft.com/v1.0/users/jacob@contoso.com", "visibleHistoryStartDateTime": "0001-01-01T00:00:00Z"})
	if r.status != 201 || r.raw != "" || !strings.HasPrefix(r.header.Get("Location"), "/chats/"+esc(id)+"/members/") {
		t.Fatalf("add member: %d %q %q", r.status, r.raw, r.header.Get("Location"))
	}
	added, _ := s.Chat(id)
	if len(added.Members) != 3 || !added.LastUpdatedDateTime.After(renamed.LastUpdatedDateTime) || !added.Members[2].VisibleHistoryStartDateTime.IsZero() {
		t.Fatalf("after add: %+v", added)
	}
	if r := c.do("POST", "/chats/"+esc(id)+"/members", mem(uJacob, "owner")); r.status != 409 {
		t.Fatalf("add twice: %d", r.status)
	}
	// Without a history option, the member sees history from now.
	if r := c.do("POST", "/chats/"+esc(id)+"/members", mem(uLynne, "owner")); r.status != 201 {
		t.Fatal(r.raw)
	}
	lynne, _ := s.Chat(id)
	if lynne.Members[3].VisibleHistoryStartDateTime.IsZero() {
		t.Fatal("default history should start at the time of adding")
	}

	// Members list, get one, remove one by its (escaped) membership id.
	list := c.do("GET", "/chats/"+esc(id)+"/members", nil)
	if list.status != 200 || len(list.body["value"].([]any)) != 4 {
		t.Fatalf("list members: %s", list.raw)
	}
	mid := added.Members[2].ID
	if r := c.do("GET", "/chats/"+esc(id)+"/members/"+esc(mid), nil); r.status != 200 || r.body["userId"] != uJacob {
		t.Fatalf("get member %q: %d %s", mid, r.status, r.raw)
	}
	if r := c.do("DELETE", "/chats/"+esc(id)+"/members/"+esc(mid), nil); r.status != 204 {
		t.Fatalf("remove: %d %s", r.status, r.raw)
	}
	if r := c.do("DELETE", "/chats/"+esc(id)+"/members/"+esc(mid), nil); r.status != 404 {
		t.Fatalf("remove twice: %d", r.status)
	}

	// One-on-one chats have a fixed roster and no topic.
	one := c.do("POST", "/chats", map[string]any{"chatType": "oneOnOne", "members": []any{mem(uAdele, "owner"), mem(uJohn, "owner")}})
	oid := one.body["id"].(string)
	if r := c.do("POST", "/chats/"+esc(oid)+"/members", mem(uLynne, "owner")); r.status != 400 {
		t.Fatalf("add to one-on-one: %d", r.status)
	}
	oc, _ := s.Chat(oid)
	if r := c.do("DELETE", "/chats/"+esc(oid)+"/members/"+esc(oc.Members[0].ID), nil); r.status != 400 {
		t.Fatalf("remove from one-on-one: %d", r.status)
	}
	if r := c.do("PATCH", "/chats/"+esc(oid), map[string]any{"topic": "x"}); r.status != 400 || r.errMessage() != "Setting topic is not allowed for 1-on-1 chats." {
		t.Fatalf("rename one-on-one: %d %s", r.status, r.raw)
	}
}

func TestMembershipIDWithSlashIsDecodedPerSegment(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Slashes", uAdele, uAlex, uLynne)
	// Force a membership id with '/', '+' and '=' in it.
	weird := "MCMj/a+b=="
	_ = s.UpdateChat(id, func(ch *Chat) { ch.Members[2].ID = weird })
	if r := c.do("DELETE", "/chats/"+esc(id)+"/members/"+url.PathEscape(weird), nil); r.status != 204 {
		t.Fatalf("remove %q: %d %s", weird, r.status, r.raw)
	}
	if r := c.do("GET", "/chats/"+esc(id)+"/members/MCMj/a", nil); r.status != 400 {
		t.Fatalf("an unescaped '/' is another segment: %d", r.status)
	}
}

func TestDeleteChat(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Bye", uAdele, uAlex)
	if r := c.do("DELETE", "/chats/"+esc(id), nil); r.status != 204 {
		t.Fatalf("delete: %d", r.status)
	}
	if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 404 {
		t.Fatalf("get deleted: %d", r.status)
	}
	if r := c.do("DELETE", "/chats/"+esc(id), nil); r.status != 404 {
		t.Fatalf("delete twice: %d", r.status)
	}
	if c, ok := s.Chat(id); !ok || !c.Deleted {
		t.Fatal("soft delete keeps the chat, marked deleted")
	}
}

func TestUsersAndRouting(t *testing.T) {
	_, c := newTestServer(t)
	r := c.do("GET", "/users/jacob@contoso.com?$select=id,displayName", nil)
	if r.status != 200 || r.body["id"] != uJacob || r.body["displayName"] != "Jacob Hancock" || r.body["userPrincipalName"] != nil {
		t.Fatalf("user select: %d %v", r.status, r.body)
	}
	if r := c.do("GET", "/users/"+uJacob, nil); r.body["userPrincipalName"] != "jacob@contoso.com" || r.body["@odata.context"] == nil {
		t.Fatalf("user by id: %v", r.body)
	}
	if r := c.do("GET", "/users/nobody@contoso.com", nil); r.status != 404 || r.errCode() != "Request_ResourceNotFound" {
		t.Fatalf("unknown user: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/teams", nil); r.status != 400 || r.errMessage() != "Resource not found for the segment 'teams'." {
		t.Fatalf("unknown segment: %d %s", r.status, r.raw)
	}
	if r := c.do("PUT", "/chats", nil); r.status != 405 {
		t.Fatalf("method: %d", r.status)
	}
	c.base = strings.TrimSuffix(c.base, "/v1.0") + "/beta"
	if r := c.do("GET", "/chats", nil); r.status != 400 {
		t.Fatalf("beta: %d", r.status)
	}
}

func TestFaults(t *testing.T) {
	t.Run("429 next N with fractional Retry-After, scoped", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Method: "POST", Route: "/chats", Status: 429, RetryAfter: "0.25", Count: 2})
		for i := 0; i < 2; i++ {
			r := c.do("POST", "/chats", groupBody("x", mem(uAdele, "owner"), mem(uAlex, "owner")))
			if r.status != 429 || r.header.Get("Retry-After") != "0.25" || r.errCode() != "TooManyRequests" || r.errMessage() != "Please retry again later." {
				t.Fatalf("attempt %d: %d %s", i, r.status, r.raw)
			}
		}
		if r := c.do("GET", "/users/"+uAdele, nil); r.status != 200 {
			t.Fatal("fault leaked to another route")
		}
		if r := c.do("POST", "/chats", groupBody("x", mem(uAdele, "owner"), mem(uAlex, "owner"))); r.status != 201 {
			t.Fatalf("after count: %d", r.status)
		}
		if len(s.Chats()) != 1 {
			t.Fatal("throttled requests must not create chats")
		}
	})
	t.Run("503 and 504", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Method: "GET", Status: 503, Count: 1})
		s.AddFault(Fault{Method: "GET", Status: 504, Count: 1})
		if r := c.do("GET", "/users/"+uAdele, nil); r.status != 503 || r.errCode() != "ServiceNotAvailable" {
			t.Fatalf("503: %d", r.status)
		}
		if r := c.do("GET", "/users/"+uAdele, nil); r.status != 504 {
			t.Fatalf("504: %d", r.status)
		}
		if r := c.do("GET", "/users/"+uAdele, nil); r.status != 200 {
			t.Fatalf("after: %d", r.status)
		}
	})
	t.Run("skip then fail for good with 500", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Method: "GET", Route: "/users/{id}", Status: 500, Skip: 1, Count: 1})
		got := []int{}
		for i := 0; i < 3; i++ {
			got = append(got, c.do("GET", "/users/"+uAdele, nil).status)
		}
		if fmt.Sprint(got) != "[200 500 200]" {
			t.Fatalf("statuses %v", got)
		}
		h := s.History()
		if len(h) != 3 || h[1].Status != 500 || h[1].Route != "/users/{id}" || h[1].Method != "GET" || h[2].At.Before(h[1].At) {
			t.Fatalf("history %+v", h)
		}
	})
	t.Run("fraction", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Route: "/users/{id}", Status: 429, Fraction: 0.5})
		hits := 0
		for i := 0; i < 200; i++ {
			if c.do("GET", "/users/"+uAdele, nil).status == 429 {
				hits++
			}
		}
		if hits < 60 || hits > 140 {
			t.Fatalf("fraction 0.5 hit %d of 200", hits)
		}
	})
	t.Run("drop after processing", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1})
		r := c.do("POST", "/chats", groupBody("Dropped", mem(uAdele, "owner"), mem(uAlex, "owner")))
		if r.status != -1 {
			t.Fatalf("want a transport error, got %d", r.status)
		}
		if chats := s.Chats(); len(chats) != 1 || chats[0].Topic != "Dropped" {
			t.Fatalf("the chat must exist after a dropped answer: %+v", chats)
		}
	})
	t.Run("read after create lag", func(t *testing.T) {
		s, c := newTestServer(t)
		s.SetCreateLag(300 * time.Millisecond)
		id := c.createGroup("Lag", uAdele, uAlex)
		if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 404 {
			t.Fatalf("during lag: %d", r.status)
		}
		time.Sleep(350 * time.Millisecond)
		if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 200 {
			t.Fatalf("after lag: %d", r.status)
		}
	})
	t.Run("latency", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Latency: 150 * time.Millisecond, Count: 1})
		start := time.Now()
		c.do("GET", "/users/"+uAdele, nil)
		if d := time.Since(start); d < 150*time.Millisecond {
			t.Fatalf("latency not added: %s", d)
		}
	})
	t.Run("clear", func(t *testing.T) {
		s, c := newTestServer(t)
		s.AddFault(Fault{Status: 503})
		s.ClearFaults()
		if r := c.do("GET", "/users/"+uAdele, nil); r.status != 200 {
			t.Fatalf("after clear: %d", r.status)
		}
	})
}

func TestTeamsLimits(t *testing.T) {
	t.Run("member changes per chat", func(t *testing.T) {
		s, c := newTestServer(t)
		id := c.createGroup("Limits", uAdele, uAlex)
		s.SetLimits(Limits{MemberChanges: true, Scale: 60}) // 4 per second
		users := []string{uLynne, uJacob, uJohn, "diego@contoso.com", "grady@contoso.com"}
		for i, u := range users {
			r := c.do("POST", "/chats/"+esc(id)+"/members", mem(u, "owner"))
			if i < 4 && r.status != 201 {
				t.Fatalf("change %d: %d %s", i, r.status, r.raw)
			}
			if i == 4 {
				if r.status != 429 {
					t.Fatalf("fifth change: %d", r.status)
				}
				ra, err := time.ParseDuration(r.header.Get("Retry-After") + "s")
				if err != nil || ra <= 0 || ra > time.Second {
					t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
				}
				time.Sleep(ra)
				if r := c.do("POST", "/chats/"+esc(id)+"/members", mem(u, "owner")); r.status != 201 {
					t.Fatalf("after Retry-After: %d", r.status)
				}
			}
		}
	})
	t.Run("per chat and deletes", func(t *testing.T) {
		s, c := newTestServer(t)
		a := c.createGroup("A", uAdele, uAlex)
		b := c.createGroup("B", uAdele, uAlex)
		s.SetLimits(Limits{PerChat: true, Deletes: true, Scale: 1})
		if r := c.do("GET", "/chats/"+esc(a), nil); r.status != 200 {
			t.Fatal(r.raw)
		}
		if r := c.do("GET", "/chats/"+esc(a), nil); r.status != 429 {
			t.Fatalf("second request on one chat within a second: %d", r.status)
		}
		if r := c.do("DELETE", "/chats/"+esc(b), nil); r.status != 204 {
			t.Fatalf("delete b: %d", r.status)
		}
		r := c.do("DELETE", "/chats/"+esc(a), nil)
		if r.status != 429 {
			t.Fatalf("second delete within a second: %d", r.status)
		}
		ra, err := time.ParseDuration(r.header.Get("Retry-After") + "s")
		if err != nil || ra <= 0 || ra > time.Second {
			t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
		}
		time.Sleep(ra + 10*time.Millisecond)
		if r := c.do("DELETE", "/chats/"+esc(a), nil); r.status != 204 {
			t.Fatalf("delete a after Retry-After: %d %s", r.status, r.raw)
		}
	})
	t.Run("chat reads", func(t *testing.T) {
		s, c := newTestServer(t)
		var ids []string
		for i := 0; i < 6; i++ {
			ids = append(ids, c.createGroup(fmt.Sprint("R", i), uAdele, uAlex))
		}
		s.SetLimits(Limits{ChatReads: true, Scale: 0.1}) // 5 reads per 10 s: robust on a slow machine
		for _, id := range ids[:5] {
			if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 200 {
				t.Fatalf("read within the limit: %d %s", r.status, r.raw)
			}
		}
		if r := c.do("GET", "/users/"+uAdele+"/chats", nil); r.status != 200 {
			t.Fatalf("another user's list counts against that user: %d %s", r.status, r.raw)
		}
		if r := c.do("GET", "/chats/"+esc(ids[5]), nil); r.status != 429 || r.header.Get("Retry-After") == "" {
			t.Fatalf("a sixth read within the window: %d %s", r.status, r.raw)
		}
		if r := c.do("PATCH", "/chats/"+esc(ids[5]), map[string]any{"topic": "Writes are not reads"}); r.status != 200 {
			t.Fatalf("a write is not a read: %d %s", r.status, r.raw)
		}
	})
	t.Run("tenant writes", func(t *testing.T) {
		s, c := newTestServer(t)
		s.SetLimits(Limits{TenantWrites: true, Scale: 0.1}) // 30 writes per 10 s: robust on a slow machine
		throttled := 0
		for i := 0; i < 35; i++ {
			if c.do("POST", "/chats", groupBody(fmt.Sprint("W", i), mem(uAdele, "owner"), mem(uAlex, "owner"))).status == 429 {
				throttled++
			}
		}
		if throttled != 5 || len(s.Chats()) != 30 {
			t.Fatalf("throttled %d, created %d; want 5 and 30", throttled, len(s.Chats()))
		}
	})
}

func TestCountsAndOutOfBand(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Counted", uAdele, uAlex, uLynne)
	c.do("GET", "/chats/"+esc(id), nil)
	c.do("GET", "/chats/"+esc(id), nil)
	counts := s.Counts()
	if counts["POST /chats"] != 1 || counts["GET /chats/{id}"] != 2 {
		t.Fatalf("counts %v", counts)
	}
	s.ResetCounts()
	if len(s.Counts()) != 0 {
		t.Fatal("reset")
	}
	if err := s.RemoveMemberOutOfBand(id, uLynne); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveMemberOutOfBand(id, uLynne); err == nil {
		t.Fatal("removing a non-member must fail")
	}
	if err := s.DeleteChatOutOfBand(id); err != nil {
		t.Fatal(err)
	}
	if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 404 {
		t.Fatalf("out-of-band delete: %d", r.status)
	}
}

// TestConcurrentCreates runs with -race in `make test`: parallel creates never duplicate a
// one-on-one chat and never lose a group chat.
func TestConcurrentCreates(t *testing.T) {
	s, c := newTestServer(t)
	var wg sync.WaitGroup
	ids := make(chan string, 100)
	for i := 0; i < 50; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			r := c.do("POST", "/chats", map[string]any{"chatType": "oneOnOne", "members": []any{mem(uAdele, "owner"), mem(uAlex, "owner")}})
			if r.status == 201 {
				ids <- r.body["id"].(string)
			}
		}()
		go func(i int) {
			defer wg.Done()
			c.do("POST", "/chats", groupBody(fmt.Sprint("G", i), mem(uAdele, "owner"), mem(uAlex, "owner")))
			c.do("GET", "/users/"+uAdele+"/chats?$expand=members", nil)
		}(i)
	}
	wg.Wait()
	close(ids)
	distinct := map[string]bool{}
	for id := range ids {
		distinct[id] = true
	}
	if len(distinct) != 1 {
		t.Fatalf("one-on-one created %d times", len(distinct))
	}
	if n := len(s.Chats()); n != 51 {
		t.Fatalf("%d chats, want 51", n)
	}
}

func BenchmarkEmulatorGetChat(b *testing.B) {
	s := New(DefaultDirectory())
	ts := httptest.NewServer(s)
	defer ts.Close()
	c := &client{t: &testing.T{}, base: ts.URL + "/v1.0", token: "x", hc: ts.Client()}
	id := c.createGroup("Bench", uAdele, uAlex, uLynne)
	path := ts.URL + "/v1.0/chats/" + esc(id) + "?$expand=members"
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, _ := http.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer x")
		resp, err := ts.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

func BenchmarkEmulatorHandlerCreate(b *testing.B) {
	s := New(DefaultDirectory())
	body, _ := json.Marshal(groupBody("Bench", mem(uAdele, "owner"), mem(uAlex, "owner"), mem(uLynne, "owner")))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("POST", "/v1.0/chats", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer x")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != 201 {
			b.Fatal(w.Body.String())
		}
	}
}
