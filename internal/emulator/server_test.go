package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
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
