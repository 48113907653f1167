package emulator

import (
	"strings"
	"testing"
)

// TestRouting: an unknown segment, a method a path lacks, and a version other than v1.0 are
// answered as Graph answers them.
func TestRouting(t *testing.T) {
	_, c := newTestServer(t)
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
