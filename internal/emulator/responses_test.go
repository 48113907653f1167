package emulator

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

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
