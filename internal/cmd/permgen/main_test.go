package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func fixtureInput(t *testing.T, text string) input {
	t.Helper()
	var in input
	if err := json.Unmarshal([]byte(text), &in); err != nil {
		t.Fatal(err)
	}
	return in
}

// TestGenerate: permissions are collected per endpoint and caller kind from every path set that
// names the endpoint (paths compared without case, as the files write them in lower case);
// DelegatedPersonal and the files' N/A marker count for nothing; page entries add permissions,
// take a caller kind away, and are named in the endpoint's sources.
func TestGenerate(t *testing.T) {
	in := fixtureInput(t, `{
	  "endpoints": ["GET /things/{id}", "GET /things/{id}/Parts", "DELETE /things/{id}/Parts/{id}", "POST /things"],
	  "pages": [
	    {"endpoint": "POST /things", "page": "api/thing-post.md", "read": "2026-12-03", "why": "newer than the files", "application": ["Thing.Create"]},
	    {"endpoint": "GET /things/{id}/Parts", "page": "api/thing-list-parts.md", "read": "2026-12-03", "why": "delegated only", "unsupported": ["application"]}
	  ]}`)
	got, err := generate(in, dirFiles{dir: "testdata"}, Source{Commit: "abc"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2][]string{
		"GET /things/{id}":               {{"Thing.Read.All"}, {"Thing.Read.All"}},
		"GET /things/{id}/Parts":         {{}, {"Thing.Read.All"}},
		"DELETE /things/{id}/Parts/{id}": {{}, {"Thing.ReadWrite"}},
		"POST /things":                   {{"Thing.Create"}, {}},
	}
	for e, w := range want {
		ep, ok := got.Endpoints[e]
		if !ok {
			t.Fatalf("no entry for %s", e)
		}
		if !reflect.DeepEqual(ep.Application, w[0]) || !reflect.DeepEqual(ep.Delegated, w[1]) {
			t.Errorf("%s: application %v delegated %v, want %v %v", e, ep.Application, ep.Delegated, w[0], w[1])
		}
	}
	if s := got.Endpoints["POST /things"].Sources; len(s) != 1 || !strings.Contains(s[0], "api/thing-post.md") {
		t.Errorf("page source not named: %v", s)
	}
	if s := got.Endpoints["GET /things/{id}"].Sources; len(s) != 1 || s[0] != "permissions/beta/Thing.json" {
		t.Errorf("file source not named: %v", s)
	}
	if !reflect.DeepEqual(got.Source.Files, []string{"permissions/beta/Thing.json"}) || got.Source.Commit != "abc" {
		t.Errorf("source: %+v", got.Source)
	}
}

// TestGenerateRefuses: an endpoint neither the files nor a page name, a page entry without its
// citation, and a page entry for an endpoint not listed are errors, not silent gaps.
func TestGenerateRefuses(t *testing.T) {
	for name, text := range map[string]string{
		"unnamed endpoint":  `{"endpoints": ["GET /nothing"]}`,
		"uncited page":      `{"endpoints": ["POST /things"], "pages": [{"endpoint": "POST /things", "application": ["Thing.Create"]}]}`,
		"unlisted endpoint": `{"endpoints": ["GET /things/{id}"], "pages": [{"endpoint": "POST /things", "page": "p", "read": "r", "why": "w"}]}`,
		"listed twice":      `{"endpoints": ["GET /things/{id}", "get /THINGS/{id}"]}`,
	} {
		if _, err := generate(fixtureInput(t, text), dirFiles{dir: "testdata"}, Source{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestRunWritesTable: the command writes the table as JSON that names its source.
func TestRunWritesTable(t *testing.T) {
	dir := t.TempDir()
	endpoints := filepath.Join(dir, "endpoints.json")
	if err := os.WriteFile(endpoints, []byte(`{"endpoints": ["GET /things/{id}"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.json")
	if err := run("", "", "testdata", endpoints, out); err != nil {
		t.Fatal(err)
	}
	var table Table
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatal(err)
	}
	if table.Source.Repository != "microsoftgraph/msgraph-metadata" || len(table.Endpoints["GET /things/{id}"].Application) != 1 {
		t.Errorf("table: %s", data)
	}
}

// TestCheckedInTableIsCurrent: the emulator's table holds exactly the endpoints endpoints.json
// lists, every page entry's citation among its sources, and names a commit: a change to
// endpoints.json without make generate fails here.
func TestCheckedInTableIsCurrent(t *testing.T) {
	data, err := os.ReadFile("endpoints.json")
	if err != nil {
		t.Fatal(err)
	}
	in := fixtureInput(t, string(data))
	data, err = os.ReadFile("../../emulator/permissions_data.json")
	if err != nil {
		t.Fatal(err)
	}
	var table Table
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatal(err)
	}
	if len(table.Source.Commit) != 40 || len(table.Source.Files) == 0 {
		t.Errorf("the table does not name the commit and files it was generated from: %+v", table.Source)
	}
	if len(table.Endpoints) != len(in.Endpoints) {
		t.Errorf("the table has %d endpoints, endpoints.json %d: run make generate", len(table.Endpoints), len(in.Endpoints))
	}
	for _, e := range in.Endpoints {
		if _, ok := table.Endpoints[e]; !ok {
			t.Errorf("%s is not in the table: run make generate", e)
		}
	}
	for _, pg := range in.Pages {
		found := false
		for _, s := range table.Endpoints[pg.Endpoint].Sources {
			found = found || strings.Contains(s, pg.Page) && strings.Contains(s, pg.Why)
		}
		if !found {
			t.Errorf("the page entry for %s is not in the table: run make generate", pg.Endpoint)
		}
	}
}
