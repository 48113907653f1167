package emulator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sp escapes the spaces of a request path's query, as a client would.
func sp(path string) string { return strings.ReplaceAll(path, " ", "%20") }

func TestCatalogList(t *testing.T) {
	_, c := newTestServer(t)
	for _, tc := range []struct {
		query string
		ids   []string
	}{
		{"", []string{WebsiteAppID, FormsAppID, "0d820ecd-def2-4297-adad-78056cde7c78", ProjectBoardAppID, HandbookAppID}},
		{"?$filter=externalId eq 'contoso-project-board'", []string{ProjectBoardAppID}},
		{"?$filter=displayName eq 'project board'&$expand=appDefinitions", []string{ProjectBoardAppID}},
		{"?$filter=distributionMethod eq 'organization' and displayName eq 'Team Handbook'", []string{HandbookAppID}},
		{"?$filter=id eq 'nope'", nil},
	} {
		r := c.do("GET", sp("/appCatalogs/teamsApps"+tc.query), nil)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", tc.query, r.status, r.raw)
		}
		var got []string
		for _, v := range r.body["value"].([]any) {
			got = append(got, v.(map[string]any)["id"].(string))
		}
		if len(got) != len(tc.ids) {
			t.Fatalf("%s: got %v, want %v", tc.query, got, tc.ids)
		}
		for i := range got {
			if got[i] != tc.ids[i] {
				t.Fatalf("%s: got %v, want %v", tc.query, got, tc.ids)
			}
		}
	}
	r := c.do("GET", sp("/appCatalogs/teamsApps?$filter=externalId eq 'contoso-project-board'&$expand=appDefinitions"), nil)
	defs := r.body["value"].([]any)[0].(map[string]any)["appDefinitions"].([]any)
	if len(defs) != 1 || defs[0].(map[string]any)["version"] != "1.0.0" || defs[0].(map[string]any)["teamsAppId"] != ProjectBoardAppID {
		t.Fatalf("definitions: %s", r.raw)
	}
	for _, bad := range []string{"?$filter=startswith(displayName,'P')", "?$expand=bots", "?$filter=id eq 'a' or id eq 'b'"} {
		if r := c.do("GET", sp("/appCatalogs/teamsApps"+bad), nil); r.status != 400 {
			t.Fatalf("%s: %d", bad, r.status)
		}
	}
	if r := c.do("GET", "/appCatalogs/other", nil); r.status != 400 {
		t.Fatalf("unknown segment: %d", r.status)
	}
}

func TestLoadCatalog(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	_ = os.WriteFile(good, []byte(`{"apps":[{"id":"a1","displayName":"One","versions":["1.0","1.1"],"chatTab":"configurable"}]}`), 0o600)
	c, err := LoadCatalog(good)
	if err != nil || len(c.Apps) != 1 || c.Apps[0].DistributionMethod != "organization" || c.Apps[0].Current() != "1.1" {
		t.Fatalf("%v %+v", err, c)
	}
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte(`{"apps":[{"id":"a1","displayName":"One"}]}`), 0o600)
	if _, err := LoadCatalog(bad); err == nil {
		t.Fatal("an app without versions should be refused")
	}
}

func TestParseAppBind(t *testing.T) {
	for in, want := range map[string]string{
		"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/12345678-9abc": "12345678-9abc",
		"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps('com.x')":      "com.x",
	} {
		if got, err := parseAppBind(in); err != nil || got != want {
			t.Fatalf("%s: %q %v", in, got, err)
		}
	}
	for _, bad := range []string{"https://graph.microsoft.com/v1.0/users/x", "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/", "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/a/b"} {
		if _, err := parseAppBind(bad); err == nil {
			t.Fatalf("%s accepted", bad)
		}
	}
}
