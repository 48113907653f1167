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
		{"", []string{WebsiteAppID, FormsAppID, "0d820ecd-def2-4297-adad-78056cde7c78", ProjectBoardAppID, HandbookAppID, StandupAppID}},
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
	// Every definition with its real publishingState (teamsappdefinition): Project Board's 1.1.0
	// waits for review; ids tell the states apart, as Graph's do.
	r := c.do("GET", sp("/appCatalogs/teamsApps?$filter=externalId eq 'contoso-project-board'&$expand=appDefinitions"), nil)
	defs := r.body["value"].([]any)[0].(map[string]any)["appDefinitions"].([]any)
	if len(defs) != 2 {
		t.Fatalf("definitions: %s", r.raw)
	}
	for i, want := range []struct{ version, state string }{{"1.0.0", "published"}, {"1.1.0", "submitted"}} {
		d := defs[i].(map[string]any)
		if d["version"] != want.version || d["publishingState"] != want.state || d["teamsAppId"] != ProjectBoardAppID {
			t.Fatalf("definition %d: %s", i, r.raw)
		}
	}
	if defs[0].(map[string]any)["id"] == defs[1].(map[string]any)["id"] {
		t.Fatalf("two definitions with one id: %s", r.raw)
	}
	r = c.do("GET", sp("/appCatalogs/teamsApps?$filter=id eq '"+HandbookAppID+"'&$expand=appDefinitions"), nil)
	if defs := r.body["value"].([]any)[0].(map[string]any)["appDefinitions"].([]any); len(defs) != 2 || defs[1].(map[string]any)["publishingState"] != "rejected" {
		t.Fatalf("the handbook's rejected version: %s", r.raw)
	}
	// The resource-specific permissions a definition declares (appcatalogs-list-teamsapps example 7).
	r = c.do("GET", sp("/appCatalogs/teamsApps?$filter=externalId eq 'contoso-standup'&$expand=appDefinitions"), nil)
	d := r.body["value"].([]any)[0].(map[string]any)["appDefinitions"].([]any)[0].(map[string]any)
	rsc, _ := d["authorization"].(map[string]any)["requiredPermissionSet"].(map[string]any)["resourceSpecificPermissions"].([]any)
	if len(rsc) != 2 || rsc[0].(map[string]any)["permissionValue"] != "ChatMessage.Read.Chat" || rsc[0].(map[string]any)["permissionType"] != "application" {
		t.Fatalf("the standup app's permissions: %s", r.raw)
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
	if cur, ok := c.Apps[0].Current(); err != nil || len(c.Apps) != 1 || c.Apps[0].DistributionMethod != "organization" || !ok || cur.Version != "1.1" {
		t.Fatalf("%v %+v", err, c)
	}
	withStates := filepath.Join(dir, "states.json")
	_ = os.WriteFile(withStates, []byte(`{"apps":[{"id":"a2","displayName":"Two","definitions":[{"version":"1.0"},
	  {"version":"2.0","publishingState":"submitted","resourceSpecificPermissions":[{"permissionValue":"ChatMessage.Read.Chat","permissionType":"application"}]}]}]}`), 0o600)
	c, err = LoadCatalog(withStates)
	if cur, ok := c.Apps[0].Current(); err != nil || !ok || cur.Version != "1.0" || c.Apps[0].Definitions[1].PublishingState != Submitted || len(c.Apps[0].Definitions[1].Permissions) != 1 {
		t.Fatalf("definitions with states: %v %+v", err, c)
	}
	for name, body := range map[string]string{
		"no versions":    `{"apps":[{"id":"a1","displayName":"One"}]}`,
		"unknown state":  `{"apps":[{"id":"a1","displayName":"One","definitions":[{"version":"1.0","publishingState":"approved"}]}]}`,
		"bad permission": `{"apps":[{"id":"a1","displayName":"One","definitions":[{"version":"1.0","resourceSpecificPermissions":[{"permissionValue":"X","permissionType":"both"}]}]}]}`,
	} {
		bad := filepath.Join(dir, "bad.json")
		_ = os.WriteFile(bad, []byte(body), 0o600)
		if _, err := LoadCatalog(bad); err == nil {
			t.Fatalf("%s: accepted", name)
		}
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
