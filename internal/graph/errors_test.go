package graph

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestErrorsAreTyped(t *testing.T) {
	mk := func(code int, body string) *Client {
		return testClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			_, _ = io.WriteString(w, body)
		}))
	}
	ctx := context.Background()
	if _, err := mk(404, `{"error":{"code":"NotFound","message":"Chat not found"}}`).GetChat(ctx, "x"); !IsNotFound(err) || !strings.Contains(err.Error(), "Chat not found") {
		t.Errorf("404: %v", err)
	}
	err := mk(403, `{"error":{"code":"Forbidden","message":"Missing role permissions"}}`).DeleteChat(ctx, "x")
	if !IsForbidden(err) || !strings.Contains(err.Error(), "Chat.ManageDeletion.All") {
		t.Errorf("403 must name the permission: %v", err)
	}
	var ue *UnauthorizedError
	if _, err := mk(401, `{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired."}}`).GetChat(ctx, "x"); !errors.As(err, &ue) || IsForbidden(err) || !strings.Contains(err.Error(), "Check the provider's credentials") {
		t.Errorf("401: %v", err)
	}
	var br *BadRequestError
	if _, err := mk(400, `{"error":{"code":"BadRequest","message":"The passed-in role 'member' is not supported."}}`).CreateChat(ctx, groupSpec()); !errors.As(err, &br) || br.Message != "The passed-in role 'member' is not supported." {
		t.Errorf("400: %v", err)
	}
	// An error body without a message must not crash the SDK's error type.
	if _, err := mk(500, `{"error":{"code":"x"}}`).GetChat(ctx, "x"); err == nil {
		t.Error("500 without message: no error")
	}
}

// TestErrorMessagesSayTheWayOut: a throttled operation names the Retry-After and the attempts; a
// look-up that failed after an unclear create names the list to read, with the topic quoted as an
// OData literal, and the permission; an uncertain write says it may have happened.
func TestErrorMessagesSayTheWayOut(t *testing.T) {
	th := (&ThrottledError{APIError: &APIError{Status: 429}, Attempts: 3, RetryAfter: "7"}).Error()
	if !strings.Contains(th, "Retry-After 7s") || !strings.Contains(th, "after 3 attempt(s)") {
		t.Errorf("throttled: %s", th)
	}
	lf := &LookupFailedError{Create: errors.New("EOF"), Lookup: errors.New("boom"), Topic: "O'Brien's", Where: "/me/chats", Permission: permListMine}
	msg := lf.Error()
	if !strings.Contains(msg, "GET /me/chats?$filter=chatType eq 'group' and topic eq 'O''Brien''s'&$expand=members") || !strings.Contains(msg, permListMine) {
		t.Errorf("look-up failed: %s", msg)
	}
	if !IsLookupFailed(lf) || !errors.Is(lf, lf.Create) {
		t.Error("a LookupFailedError unwraps to the create's error")
	}
	if msg := (&LookupFailedError{Create: errors.New("EOF"), Lookup: errors.New("boom"), Where: "/me/chats"}).Error(); !strings.Contains(msg, "?$filter=chatType eq 'group'&") {
		t.Errorf("no topic, no topic condition: %s", msg)
	}
	ue := &UncertainError{Err: errors.New("EOF")}
	if !IsUncertain(ue) || !strings.Contains(ue.Error(), "may or may not have been made") || !errors.Is(ue, ue.Err) {
		t.Errorf("uncertain: %v", ue)
	}
	api := (&APIError{Status: 404, Code: "NotFound", Message: "gone", RequestID: "r-1"}).Error()
	if api != "Microsoft Graph answered HTTP 404 NotFound: gone (request-id r-1)" {
		t.Errorf("api error: %s", api)
	}
}
