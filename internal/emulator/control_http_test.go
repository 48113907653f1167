package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestControlOverHTTP: the control API scripts faults, reads counts and changes chats out of band,
// as a CI job using the standalone command would.
func TestControlOverHTTP(t *testing.T) {
	s, c := newTestServer(t)
	root := strings.TrimSuffix(c.base, "/v1.0")
	control := func(method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, root+"/_emulator/"+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}
	if code, body := control("POST", "faults", `{"fault":"status=503,retry-after=2,method=GET,route=/users/{id},count=1"}`); code != 204 {
		t.Fatalf("add fault: %d %s", code, body)
	}
	if r := c.do("GET", "/users/"+uAdele, nil); r.status != 503 || r.header.Get("Retry-After") != "2" {
		t.Fatalf("the scripted fault did not fire: %d", r.status)
	}
	if code, body := control("PUT", "lag", `{"list":"1h"}`); code != 204 {
		t.Fatalf("set the list lag: %d %s", code, body)
	}
	listed := c.createGroup("Lagging list", uAdele, uAlex)
	if r := c.do("GET", "/users/"+uAdele+"/chats", nil); len(r.body["value"].([]any)) != 0 || c.do("GET", "/chats/"+esc(listed), nil).status != 200 {
		t.Fatalf("the list lag over HTTP: %s", r.raw)
	}
	if code, _ := control("PUT", "lag", `{"list":"soon"}`); code != 400 {
		t.Fatalf("a bad lag: %d", code)
	}
	if code, _ := control("PUT", "lag", `{"create":"0s","list":"0s"}`); code != 204 {
		t.Fatalf("clear the lags: %d", code)
	}
	if code, _ := control("POST", "faults", `{"fault":"status=418"}`); code != 400 {
		t.Fatalf("a bad fault spec: %d", code)
	}
	code, body := control("GET", "counts", "")
	var counts map[string]int
	if code != 200 || json.Unmarshal([]byte(body), &counts) != nil || counts["GET /users/{id}"] != 1 {
		t.Fatalf("counts: %d %s", code, body)
	}
	if code, _ := control("DELETE", "counts", ""); code != 204 || len(s.Counts()) != 0 {
		t.Fatalf("reset counts: %d %v", code, s.Counts())
	}

	id := c.createGroup("Scripted", uAdele, uAlex, uLynne)
	if code, body := control("PATCH", "chats/"+esc(id), `{"topic":"Renamed in Teams"}`); code != 204 {
		t.Fatalf("rename out of band: %d %s", code, body)
	}
	if code, body := control("DELETE", "chats/"+esc(id)+"/members/"+uLynne, ""); code != 204 {
		t.Fatalf("remove a member out of band: %d %s", code, body)
	}
	r := c.do("GET", "/chats/"+esc(id)+"?$expand=members", nil)
	if r.body["topic"] != "Renamed in Teams" || len(r.body["members"].([]any)) != 2 {
		t.Fatalf("out-of-band changes not visible through Graph: %s", r.raw)
	}
	code, body = control("GET", "chats", "")
	if code != 200 || !strings.Contains(body, id) {
		t.Fatalf("list chats: %d %s", code, body)
	}
	if code, _ := control("DELETE", "chats/"+esc(id), ""); code != 204 {
		t.Fatalf("delete out of band: %d", code)
	}
	if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 404 {
		t.Fatalf("the deleted chat answers %d", r.status)
	}
	if code, _ := control("DELETE", "chats/"+esc(id), ""); code != 404 {
		t.Fatalf("deleting a deleted chat out of band: %d", code)
	}
	// Publishing a submitted app version (or a new one) as an administrator would.
	if code, body := control("POST", "apps/"+ProjectBoardAppID+"/publish", `{"version":"1.1.0"}`); code != 204 {
		t.Fatalf("publish: %d %s", code, body)
	}
	r = c.do("GET", sp("/appCatalogs/teamsApps?$filter=id eq '"+ProjectBoardAppID+"'&$expand=appDefinitions"), nil)
	if defs := r.body["value"].([]any)[0].(map[string]any)["appDefinitions"].([]any); defs[len(defs)-1].(map[string]any)["publishingState"] != "published" {
		t.Fatalf("after publishing: %s", r.raw)
	}
	for _, bad := range []struct {
		path, body string
		code       int
	}{
		{"apps/" + ProjectBoardAppID + "/publish", `{"version":"1.1.0"}`, 409},
		{"apps/no-such-app/publish", `{"version":"1.0"}`, 404},
		{"apps/" + ProjectBoardAppID + "/publish", `{}`, 400},
	} {
		if code, body := control("POST", bad.path, bad.body); code != bad.code {
			t.Fatalf("%s %s: %d %s", bad.path, bad.body, code, body)
		}
	}
	if code, _ := control("GET", "nothing", ""); code != 404 {
		t.Fatalf("unknown control path: %d", code)
	}
	if code, _ := control("DELETE", "faults", ""); code != 204 {
		t.Fatalf("clear faults: %d", code)
	}
	total := 0
	for _, n := range s.Counts() {
		total += n
	}
	if total != 4 { // the create, two chat reads and a catalog read since the reset
		t.Fatalf("control requests were counted as Graph requests, or Graph requests were not: %v", s.Counts())
	}
}
