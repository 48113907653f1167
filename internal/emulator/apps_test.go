package emulator

import (
	"strings"
	"testing"
)

func appBind(id string) map[string]any {
	return map[string]any{"teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + id}
}

func TestInstalledApps(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Apps", uAdele, uAlex)
	base := "/chats/" + esc(id) + "/installedApps"

	// Install: 201 Created, no body (chat-post-installedapps).
	if r := c.do("POST", base, appBind(ProjectBoardAppID)); r.status != 201 || r.raw != "" {
		t.Fatalf("install: %d %q", r.status, r.raw)
	}
	if r := c.do("POST", base, appBind(ProjectBoardAppID)); r.status != 409 {
		t.Fatalf("install twice: %d", r.status)
	}
	for _, bad := range []struct {
		body   map[string]any
		status int
	}{
		{appBind("no-such-app"), 404},
		{appBind(WebsiteAppID), 400},
		{map[string]any{}, 400},
		{map[string]any{"teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/users/x"}, 400},
	} {
		if r := c.do("POST", base, bad.body); r.status != bad.status {
			t.Fatalf("%v: %d %s", bad.body, r.status, r.raw)
		}
	}

	// Find it by the app's id, with the app and its definition.
	r := c.do("GET", sp(base+"?$expand=teamsApp,teamsAppDefinition&$filter=teamsApp/id eq '"+ProjectBoardAppID+"'"), nil)
	list, _ := r.body["value"].([]any)
	if r.status != 200 || len(list) != 1 {
		t.Fatalf("list: %d %s", r.status, r.raw)
	}
	inst := list[0].(map[string]any)
	instID := inst["id"].(string)
	if inst["teamsApp"].(map[string]any)["externalId"] != ProjectBoardExtID || inst["teamsAppDefinition"].(map[string]any)["version"] != "1.0.0" {
		t.Fatalf("expanded installation: %s", r.raw)
	}
	if r := c.do("GET", sp(base+"?$filter=teamsApp/externalId eq 'contoso-project-board'"), nil); len(r.body["value"].([]any)) != 1 {
		t.Fatalf("filter by external id: %s", r.raw)
	}
	if r := c.do("GET", sp(base+"?$filter=teamsApp/displayName eq 'x'"), nil); r.status != 400 {
		t.Fatalf("unsupported filter: %d", r.status)
	}

	// Upgrade after a new catalog version: 204, the definition moves.
	if err := s.PublishAppVersion(ProjectBoardAppID, "1.1.0"); err != nil {
		t.Fatal(err)
	}
	// chat-get-installedapps documents no $expand: the version is read from the list.
	installed := func() result {
		return c.do("GET", sp(base+"?$expand=teamsAppDefinition&$filter=teamsApp/id eq '"+ProjectBoardAppID+"'"), nil)
	}
	version := func(r result) any {
		return r.body["value"].([]any)[0].(map[string]any)["teamsAppDefinition"].(map[string]any)["version"]
	}
	if r := installed(); version(r) != "1.0.0" {
		t.Fatalf("an installed app keeps its version until upgraded: %s", r.raw)
	}
	if r := c.do("POST", base+"/"+esc(instID)+"/upgrade", nil); r.status != 204 {
		t.Fatalf("upgrade: %d %s", r.status, r.raw)
	}
	if r := installed(); version(r) != "1.1.0" {
		t.Fatalf("after upgrade: %s", r.raw)
	}

	// Uninstall takes the app's tabs with it; a second uninstall is 404.
	if r := c.do("POST", "/chats/"+esc(id)+"/tabs", boardTab("Board")); r.status != 201 {
		t.Fatalf("tab: %d %s", r.status, r.raw)
	}
	if r := c.do("DELETE", base+"/"+esc(instID), nil); r.status != 204 {
		t.Fatalf("uninstall: %d", r.status)
	}
	if r := c.do("DELETE", base+"/"+esc(instID), nil); r.status != 404 {
		t.Fatalf("uninstall twice: %d", r.status)
	}
	if ch, _ := s.Chat(id); len(ch.Tabs) != 0 || len(ch.Apps) != 0 {
		t.Fatalf("after uninstall: %+v %+v", ch.Apps, ch.Tabs)
	}

	// A deleted chat takes its apps with it.
	_ = c.do("POST", base, appBind(FormsAppID))
	if r := c.do("DELETE", "/chats/"+esc(id), nil); r.status != 204 {
		t.Fatal(r.raw)
	}
	if r := c.do("GET", base, nil); r.status != 404 || !strings.Contains(r.errMessage(), id) {
		t.Fatalf("apps of a deleted chat: %d %s", r.status, r.raw)
	}
}
