package emulator

import (
	"strings"
	"testing"
)

func boardTab(name string) map[string]any {
	return map[string]any{
		"displayName":         name,
		"teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + ProjectBoardAppID,
		"configuration": map[string]any{
			"entityId": "board-1", "contentUrl": "https://board.contoso.com/b/1/tab",
			"websiteUrl": "https://board.contoso.com/b/1", "removeUrl": nil,
		},
	}
}

func TestTabs(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Tabs", uAdele, uAlex)
	tabs := "/chats/" + esc(id) + "/tabs"

	// The app must be installed first; built-in apps need no installation.
	if r := c.do("POST", tabs, boardTab("Board")); r.status != 404 || !strings.Contains(r.errMessage(), "not installed") {
		t.Fatalf("tab of an app not installed: %d %s", r.status, r.raw)
	}
	web := map[string]any{
		"displayName":         "Site",
		"teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + WebsiteAppID,
		"configuration":       map[string]any{"entityId": nil, "contentUrl": "https://contoso.com", "websiteUrl": "https://contoso.com", "removeUrl": nil},
	}
	r := c.do("POST", tabs, web)
	if r.status != 201 || r.body["displayName"] != "Site" || r.body["id"] == nil || !strings.HasPrefix(r.body["webUrl"].(string), "https://teams.microsoft.com/l/entity/") {
		t.Fatalf("website tab: %d %s", r.status, r.raw)
	}
	webID := r.body["id"].(string)

	_ = c.do("POST", "/chats/"+esc(id)+"/installedApps", appBind(ProjectBoardAppID))
	r = c.do("POST", tabs, boardTab("Board"))
	if r.status != 201 || r.body["configuration"].(map[string]any)["entityId"] != "board-1" {
		t.Fatalf("board tab: %d %s", r.status, r.raw)
	}
	boardID := r.body["id"].(string)

	// Static tabs: the manifest sets name and configuration; a body that sets them is refused.
	_ = c.do("POST", "/chats/"+esc(id)+"/installedApps", appBind(HandbookAppID))
	static := map[string]any{"displayName": "Handbook", "teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + HandbookAppID}
	if r := c.do("POST", tabs, static); r.status != 400 || !strings.Contains(r.errMessage(), "static tab") {
		t.Fatalf("static tab with a name: %d %s", r.status, r.raw)
	}
	for _, bad := range []map[string]any{
		{"teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + ProjectBoardAppID, "configuration": map[string]any{"contentUrl": "https://x"}},
		{"displayName": "No config", "teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + ProjectBoardAppID},
		{"displayName": "Polls", "teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + FormsAppID, "configuration": map[string]any{"contentUrl": "https://x"}},
	} {
		if bad["displayName"] == "Polls" {
			_ = c.do("POST", "/chats/"+esc(id)+"/installedApps", appBind(FormsAppID))
		}
		if r := c.do("POST", tabs, bad); r.status != 400 {
			t.Fatalf("%v: %d %s", bad, r.status, r.raw)
		}
	}

	// Read with the app, rename, reconfigure; teamsApp cannot change.
	r = c.do("GET", sp(tabs+"/"+esc(boardID)+"?$expand=teamsApp"), nil)
	if r.status != 200 || r.body["teamsApp"].(map[string]any)["id"] != ProjectBoardAppID {
		t.Fatalf("get: %d %s", r.status, r.raw)
	}
	if r := c.do("PATCH", tabs+"/"+esc(boardID), map[string]any{"displayName": "Roadmap"}); r.status != 200 || r.body["displayName"] != "Roadmap" {
		t.Fatalf("rename: %d %s", r.status, r.raw)
	}
	if r := c.do("PATCH", tabs+"/"+esc(boardID), map[string]any{"teamsApp@odata.bind": "x"}); r.status != 400 {
		t.Fatalf("change app: %d", r.status)
	}
	if r := c.do("GET", sp(tabs+"?$filter=teamsApp/id eq '"+WebsiteAppID+"'"), nil); len(r.body["value"].([]any)) != 1 {
		t.Fatalf("list by app: %s", r.raw)
	}
	if r := c.do("DELETE", tabs+"/"+esc(webID), nil); r.status != 204 {
		t.Fatalf("delete: %d", r.status)
	}
	if r := c.do("GET", tabs+"/"+esc(webID), nil); r.status != 404 {
		t.Fatalf("deleted tab: %d", r.status)
	}
	if ch, _ := s.Chat(id); len(ch.Tabs) != 1 || ch.Tabs[0].DisplayName != "Roadmap" {
		t.Fatalf("tabs: %+v", ch.Tabs)
	}
}

// TestFaultsAndLimitsReachTabsAndApps: the pipeline's faults and Teams limits apply to the app
// and tab routes as to the others.
func TestFaultsAndLimitsReachTabsAndApps(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Faults", uAdele, uAlex)
	s.AddFault(Fault{Method: "POST", Route: "/chats/{id}/installedApps", Status: 503, RetryAfter: "1", Count: 1})
	if r := c.do("POST", "/chats/"+esc(id)+"/installedApps", appBind(ProjectBoardAppID)); r.status != 503 || r.header.Get("Retry-After") != "1" {
		t.Fatalf("fault on install: %d %v", r.status, r.header)
	}
	if r := c.do("POST", "/chats/"+esc(id)+"/installedApps", appBind(ProjectBoardAppID)); r.status != 201 {
		t.Fatalf("after the fault: %d %s", r.status, r.raw)
	}
	s.SetLimits(Limits{PerChat: true, Scale: 1})
	first := c.do("POST", "/chats/"+esc(id)+"/tabs", boardTab("One"))
	second := c.do("POST", "/chats/"+esc(id)+"/tabs", boardTab("Two"))
	if first.status != 201 || second.status != 429 || second.header.Get("Retry-After") == "" {
		t.Fatalf("per-chat limit on tabs: %d then %d", first.status, second.status)
	}
}
