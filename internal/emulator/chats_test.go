package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

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
	// The member list comes in pages of memberPageSize, linked by @odata.nextLink.
	r = c.do("GET", "/chats/"+esc(id)+"/members", nil)
	next, _ := r.body["@odata.nextLink"].(string)
	if n := len(r.body["value"].([]any)); n != memberPageSize || !strings.HasPrefix(next, ts.URL+"/v1.0/chats/") {
		t.Fatalf("first page: %d members, next %q", n, next)
	}
	r = c.do("GET", strings.TrimPrefix(next, ts.URL+"/v1.0"), nil)
	if n := len(r.body["value"].([]any)); n != 30-memberPageSize || r.body["@odata.nextLink"] != nil {
		t.Fatalf("second page: %s", r.raw)
	}
	for _, opt := range []string{"$top=50", "$skiptoken=bad!", "$filter=roles/any(r:r eq 'owner')"} {
		if r := c.do("GET", "/chats/"+esc(id)+"/members?"+opt, nil); r.status != 400 {
			t.Fatalf("%s: %d", opt, r.status)
		}
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
		{"display name", "$filter=members/any(o: o/displayname eq 'John Doe')", 1, 200},
		{"and", "$filter=chatType eq 'group' and members/any(o: o/displayName eq 'Lynne Robbins')", 1, 200},
		{"member id: not documented", "$filter=members/any(o: o/userId eq '" + uLynne + "')", 0, 400},
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
