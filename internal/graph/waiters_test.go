package graph

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestWaitForChat: a chat that answers 404 for a moment after a write is read again until it
// shows; another error ends the wait at once; a chat still missing when ctx ends says so.
func TestWaitForChat(t *testing.T) {
	var gets int
	missing, failing := 2, false
	c := testClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets++
		w.Header().Set("Content-Type", "application/json")
		switch {
		case failing:
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"error":{"code":"Forbidden","message":"no"}}`)
		case gets <= missing:
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":{"code":"NotFound","message":"not yet"}}`)
		default:
			_, _ = io.WriteString(w, chatJSON)
		}
	}))
	chat, err := c.WaitForChat(context.Background(), "c")
	if err != nil || gets != 3 || chat.Topic != "t" {
		t.Fatalf("%v after %d reads: %+v", err, gets, chat)
	}
	gets, failing = 0, true
	if _, err := c.WaitForChat(context.Background(), "c"); !IsForbidden(err) || gets != 1 {
		t.Fatalf("a 403 ends the wait: %v after %d reads", err, gets)
	}
	gets, failing, missing = 0, false, 1000
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	defer cancel()
	if _, err := c.WaitForChat(ctx, "c"); err == nil || !strings.Contains(err.Error(), "still answers 404") {
		t.Fatalf("ctx ends: %v", err)
	}
}
