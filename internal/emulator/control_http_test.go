package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestControlOverHTTP: the control API scripts faults, reads counts and changes chats out of band,
// as a CI job using the standalone command would.
func TestControlOverHTTP(t *testing.T) {
	s, c := newTestServer(t)
	control := controlClient(t, c)
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

// controlClient calls the control API of the test server c talks to.
func controlClient(t *testing.T, c *client) func(method, path, body string) (int, string) {
	root := strings.TrimSuffix(c.base, "/v1.0")
	return func(method, path, body string) (int, string) {
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
}

// TestControlDiscovery: the control API lists the directory's users and the catalog, each shaped
// as the file that replaces it, and lists its own routes.
func TestControlDiscovery(t *testing.T) {
	_, c := newTestServer(t)
	control := controlClient(t, c)

	code, body := control("GET", "users", "")
	var dir Directory
	if code != 200 || json.Unmarshal([]byte(body), &dir) != nil || dir.HomeTenantID != HomeTenantID || len(dir.Users) != len(DefaultDirectory().Users) {
		t.Fatalf("users: %d %s", code, body)
	}
	kinds := map[string]string{}
	for _, u := range dir.Users {
		if u.TenantID == "" {
			t.Errorf("user %s has no tenantId", u.UserPrincipalName)
		}
		kinds[u.UserPrincipalName] = u.UserType + " " + u.TenantID
	}
	if kinds["pradeep_fabrikam.com#EXT#@contoso.com"] != "Guest "+HomeTenantID || kinds["nestor@fabrikam.com"] != "Member "+FederatedTenantID || kinds["adele@contoso.com"] != "Member "+HomeTenantID {
		t.Fatalf("guests and federated users are not told apart: %v", kinds)
	}

	code, body = control("GET", "catalog", "")
	var catalog struct {
		Apps []struct {
			ID, ChatTab string
			Definitions []struct {
				Version, PublishingState string
				Permissions              *[]RSCPermission `json:"resourceSpecificPermissions"`
			}
		}
	}
	if code != 200 || json.Unmarshal([]byte(body), &catalog) != nil || len(catalog.Apps) != len(DefaultCatalog().Apps) {
		t.Fatalf("catalog: %d %s", code, body)
	}
	seen := map[string]string{}
	for _, a := range catalog.Apps {
		for _, d := range a.Definitions {
			if d.Permissions == nil {
				t.Errorf("app %s %s: resourceSpecificPermissions left out, want [] when it declares none", a.ID, d.Version)
				continue
			}
			seen[a.ID+" "+d.Version] = fmt.Sprintf("%s %d %s", d.PublishingState, len(*d.Permissions), a.ChatTab)
		}
	}
	for key, want := range map[string]string{
		ProjectBoardAppID + " 1.0.0": "published 0 configurable", ProjectBoardAppID + " 1.1.0": "submitted 0 configurable",
		HandbookAppID + " 3.2.0": "rejected 0 static", StandupAppID + " 1.1.0": "submitted 3 ", WebsiteAppID + " 1.0": "published 0 configurable",
	} {
		if seen[key] != want {
			t.Errorf("catalog %s: %q, want %q", key, seen[key], want)
		}
	}

	code, body = control("GET", "", "")
	var index []map[string]string
	if code != 200 || json.Unmarshal([]byte(body), &index) != nil || len(index) != len(ControlAPI()) {
		t.Fatalf("index: %d %s", code, body)
	}
	if code, body := control("PUT", "users", "{}"); code != 405 || !strings.Contains(body, "GET") {
		t.Fatalf("a known path with another method: %d %s", code, body)
	}
}

// TestControlAddMemberOverHTTP: POST /_emulator/chats/{id}/members adds a member as someone in
// Teams would, visible through Graph, with the roles Graph requires; every refusal names its cause.
func TestControlAddMemberOverHTTP(t *testing.T) {
	_, c := newTestServer(t)
	control := controlClient(t, c)
	id := c.createGroup("Drifting", uAdele, uAlex)
	members := "chats/" + esc(id) + "/members"
	for _, add := range []string{`{"user": "lynne@contoso.com"}`, `{"user": "` + uGuest + `"}`, `{"user": "` + uNestor + `", "tenantId": "` + FederatedTenantID + `"}`, `{"user": "` + uJacob + `", "role": "guest"}`} {
		if code, body := control("POST", members, add); code != 204 {
			t.Fatalf("add %s: %d %s", add, code, body)
		}
	}
	r := c.do("GET", "/chats/"+esc(id)+"/members", nil)
	roles := map[string]string{}
	for _, m := range r.body["value"].([]any) {
		m := m.(map[string]any)
		roles[m["userId"].(string)] = fmt.Sprint(m["roles"], " ", m["tenantId"])
	}
	for user, want := range map[string]string{uLynne: "[owner] " + HomeTenantID, uGuest: "[guest] " + HomeTenantID, uNestor: "[owner] " + FederatedTenantID, uJacob: "[guest] " + HomeTenantID} {
		if roles[user] != want {
			t.Errorf("member %s: %q, want %q (%s)", user, roles[user], want, r.raw)
		}
	}
	oneOnOne := c.do("POST", "/chats", map[string]any{"chatType": "oneOnOne", "members": []any{mem(uAdele, "owner"), mem(uAlex, "owner")}})
	if oneOnOne.status != 201 {
		t.Fatalf("one-on-one: %d %s", oneOnOne.status, oneOnOne.raw)
	}
	for _, bad := range []struct {
		path, body string
		code       int
		says       string
	}{
		{members, `{"user": "lynne@contoso.com"}`, 409, "already a member"},
		{"chats/" + esc(oneOnOne.body["id"].(string)) + "/members", `{"user": "` + uLynne + `"}`, 409, "members are fixed"},
		{"chats/19:nothing@thread.v2/members", `{"user": "` + uLynne + `"}`, 404, "chat 19:nothing@thread.v2 not found"},
		{members, `{"user": "nobody@contoso.com"}`, 404, "nobody@contoso.com not found"},
		{members, `{"user": "` + uNestor + `"}`, 404, "not found"}, // Nestor is of another organisation
		{members, `{"user": "diego@contoso.com", "role": "admin"}`, 400, "not owner or guest"},
		{members, `{"user": "` + uGuest + `", "role": "owner"}`, 400, "takes the role guest"},
		{members, `{"user": "megan@fabrikam.com", "tenantId": "` + FederatedTenantID + `", "role": "guest"}`, 400, "takes the role owner"},
		{members, `{"user": "diego@contoso.com", "roles": ["owner"]}`, 400, "unknown field"},
		{members, `{}`, 400, "want {"},
		{members, `not json`, 400, "want {"},
	} {
		if code, body := control("POST", bad.path, bad.body); code != bad.code || !strings.Contains(body, bad.says) {
			t.Errorf("POST %s %s: %d %s, want %d saying %q", bad.path, bad.body, code, body, bad.code, bad.says)
		}
	}
}

// TestControlAppsAndTabsOverHTTP: uninstalling an app, renaming, reconfiguring and removing a tab
// over the control API, as someone in Teams would, and every refusal.
func TestControlAppsAndTabsOverHTTP(t *testing.T) {
	_, c := newTestServer(t)
	control := controlClient(t, c)
	id := c.createGroup("Apps in Teams", uAdele, uAlex)
	chat := "/chats/" + esc(id)
	newTab := func(body map[string]any) string {
		t.Helper()
		r := c.do("POST", chat+"/tabs", body)
		if r.status != 201 {
			t.Fatalf("tab: %d %s", r.status, r.raw)
		}
		return r.body["id"].(string)
	}
	_ = c.do("POST", chat+"/installedApps", appBind(ProjectBoardAppID))
	_ = c.do("POST", chat+"/installedApps", appBind(HandbookAppID))
	board := newTab(boardTab("Board"))
	handbook := newTab(map[string]any{"teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + HandbookAppID})
	site := newTab(map[string]any{
		"displayName": "Site", "teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + WebsiteAppID,
		"configuration": map[string]any{"contentUrl": "https://contoso.com", "websiteUrl": "https://contoso.com"},
	})
	tabs := "chats/" + esc(id) + "/tabs/"

	// Rename, then reconfigure: the configuration is replaced whole.
	if code, body := control("PATCH", tabs+board, `{"displayName": "Renamed in Teams"}`); code != 204 {
		t.Fatalf("rename: %d %s", code, body)
	}
	r := c.do("GET", chat+"/tabs/"+board, nil)
	if r.body["displayName"] != "Renamed in Teams" || r.body["configuration"].(map[string]any)["entityId"] != "board-1" {
		t.Fatalf("after the rename: %s", r.raw)
	}
	if code, body := control("PATCH", tabs+board, `{"configuration": {"entityId": "board-2", "contentUrl": "https://board.contoso.com/b/2/tab"}}`); code != 204 {
		t.Fatalf("reconfigure: %d %s", code, body)
	}
	r = c.do("GET", chat+"/tabs/"+board, nil)
	if cfg := r.body["configuration"].(map[string]any); r.body["displayName"] != "Renamed in Teams" || cfg["entityId"] != "board-2" || cfg["contentUrl"] != "https://board.contoso.com/b/2/tab" || cfg["websiteUrl"] != nil {
		t.Fatalf("after the reconfiguration: %s", r.raw)
	}
	for _, bad := range []struct {
		method, path, body string
		code               int
		says               string
	}{
		{"PATCH", tabs + board, `{}`, 400, "nothing to change"},
		{"PATCH", tabs + board, `{"displayName": "  "}`, 400, "blank"},
		{"PATCH", tabs + board, `{"configuration": {"entityId": "x"}}`, 400, "contentUrl"},
		{"PATCH", tabs + board, `{"name": "x"}`, 400, "unknown field"},
		{"PATCH", tabs + handbook, `{"displayName": "Mine"}`, 409, "static tab"},
		{"PATCH", tabs + "no-such-tab", `{"displayName": "x"}`, 404, "tab no-such-tab not found"},
		{"PATCH", "chats/19:nothing@thread.v2/tabs/" + board, `{"displayName": "x"}`, 404, "chat 19:nothing@thread.v2 not found"},
		{"DELETE", tabs + "no-such-tab", ``, 404, "not found"},
		{"DELETE", "chats/" + esc(id) + "/installedApps/" + FormsAppID, ``, 404, "not installed"},
		{"DELETE", "chats/19:nothing@thread.v2/installedApps/" + ProjectBoardAppID, ``, 404, "chat 19:nothing@thread.v2 not found"},
	} {
		if code, body := control(bad.method, bad.path, bad.body); code != bad.code || !strings.Contains(body, bad.says) {
			t.Errorf("%s %s %s: %d %s, want %d saying %q", bad.method, bad.path, bad.body, code, body, bad.code, bad.says)
		}
	}

	// Removing a tab leaves its app installed.
	if code, body := control("DELETE", tabs+site, ""); code != 204 {
		t.Fatalf("remove a tab: %d %s", code, body)
	}
	if r := c.do("GET", chat+"/tabs/"+site, nil); r.status != 404 {
		t.Fatalf("the removed tab answers %d", r.status)
	}
	// Uninstalling by app id takes the app's tabs with it; by installation id (an encoded '/' and
	// all) likewise.
	if code, body := control("DELETE", "chats/"+esc(id)+"/installedApps/"+ProjectBoardAppID, ""); code != 204 {
		t.Fatalf("uninstall by app id: %d %s", code, body)
	}
	if code, body := control("DELETE", "chats/"+esc(id)+"/installedApps/"+esc(installationOf(c, id, HandbookAppID)), ""); code != 204 {
		t.Fatalf("uninstall by installation id: %d %s", code, body)
	}
	if r := c.do("GET", chat+"/installedApps", nil); len(r.body["value"].([]any)) != 0 {
		t.Fatalf("installations left: %s", r.raw)
	}
	if r := c.do("GET", chat+"/tabs", nil); len(r.body["value"].([]any)) != 0 {
		t.Fatalf("tabs of uninstalled apps left: %s", r.raw)
	}
	if code, _ := control("DELETE", "chats/"+esc(id)+"/installedApps/"+ProjectBoardAppID, ""); code != 404 {
		t.Fatalf("uninstalling twice: %d", code)
	}
}
