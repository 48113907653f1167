package emulator

import (
	"net/http"
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

// installedVersion reads the version an installation of appID is at in chat id.
func installedVersion(c *client, id, appID string) string {
	c.t.Helper()
	r := c.do("GET", sp("/chats/"+esc(id)+"/installedApps?$expand=teamsAppDefinition&$filter=teamsApp/id eq '"+appID+"'"), nil)
	list, _ := r.body["value"].([]any)
	if r.status != 200 || len(list) != 1 {
		c.t.Fatalf("installation of %s: %d %s", appID, r.status, r.raw)
	}
	d := list[0].(map[string]any)["teamsAppDefinition"].(map[string]any)
	if d["publishingState"] != "published" {
		c.t.Fatalf("an installed definition that is not published: %v", d)
	}
	return d["version"].(string)
}

func installationOf(c *client, id, appID string) string {
	c.t.Helper()
	r := c.do("GET", sp("/chats/"+esc(id)+"/installedApps?$filter=teamsApp/id eq '"+appID+"'"), nil)
	return r.body["value"].([]any)[0].(map[string]any)["id"].(string)
}

// TestOnlyPublishedDefinitions: install and upgrade take the last published definition, never a
// submitted or rejected one; publishing a submitted version makes it current.
func TestOnlyPublishedDefinitions(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Published", uAdele, uAlex)
	base := "/chats/" + esc(id) + "/installedApps"
	for _, app := range []string{ProjectBoardAppID, HandbookAppID} {
		if r := c.do("POST", base, appBind(app)); r.status != 201 {
			t.Fatalf("install %s: %d %s", app, r.status, r.raw)
		}
	}
	if v := installedVersion(c, id, ProjectBoardAppID); v != "1.0.0" {
		t.Fatalf("Project Board installed at %s, not its published 1.0.0 (1.1.0 is only submitted)", v)
	}
	if v := installedVersion(c, id, HandbookAppID); v != "3.1.0" {
		t.Fatalf("Team Handbook installed at %s, not its published 3.1.0 (3.2.0 was rejected)", v)
	}
	board := base + "/" + esc(installationOf(c, id, ProjectBoardAppID))
	if r := c.do("POST", board+"/upgrade", nil); r.status != 204 || installedVersion(c, id, ProjectBoardAppID) != "1.0.0" {
		t.Fatalf("upgrade with only a submitted newer version: %d, now %s", r.status, installedVersion(c, id, ProjectBoardAppID))
	}

	// Publishing: only a submitted version, or a new one; unknown apps are an error.
	for _, bad := range []struct{ app, version string }{{ProjectBoardAppID, "1.0.0"}, {HandbookAppID, "3.2.0"}, {"no-such-app", "1.0"}} {
		if err := s.PublishAppVersion(bad.app, bad.version); err == nil {
			t.Fatalf("publishing %s %s: accepted", bad.app, bad.version)
		}
	}
	if err := s.PublishAppVersion(ProjectBoardAppID, "1.1.0"); err != nil {
		t.Fatal(err)
	}
	r := c.do("GET", sp("/appCatalogs/teamsApps?$filter=id eq '"+ProjectBoardAppID+"'&$expand=appDefinitions"), nil)
	defs := r.body["value"].([]any)[0].(map[string]any)["appDefinitions"].([]any)
	if len(defs) != 2 || defs[1].(map[string]any)["version"] != "1.1.0" || defs[1].(map[string]any)["publishingState"] != "published" {
		t.Fatalf("after publishing 1.1.0: %s", r.raw)
	}
	if r := c.do("POST", board+"/upgrade", nil); r.status != 204 || installedVersion(c, id, ProjectBoardAppID) != "1.1.0" {
		t.Fatalf("upgrade after publishing: %d", r.status)
	}

	// An app whose only version waits for review cannot be installed.
	catalog := DefaultCatalog()
	catalog.Apps = append(catalog.Apps, App{ID: "pending-app", DisplayName: "Pending", Definitions: []Definition{{Version: "0.1.0", PublishingState: Submitted}}})
	if err := s.SetCatalog(catalog); err != nil {
		t.Fatal(err)
	}
	if r := c.do("POST", base, appBind("pending-app")); r.status != 400 {
		t.Fatalf("installing an app with no published version: %d %s", r.status, r.raw)
	}
}

func consentSet(perms ...RSCPermission) map[string]any {
	var rsc []any
	for _, p := range perms {
		rsc = append(rsc, map[string]any{"permissionValue": p.Value, "permissionType": p.Type})
	}
	return map[string]any{"resourceSpecificPermissions": rsc}
}

// TestConsentToResourceSpecificPermissions: installing or upgrading an app whose definition
// declares resource-specific permissions needs a matching consentedPermissionSet (400
// ResourceSpecificPermissionsMismatch otherwise) and a …AndConsent… permission (403 otherwise).
func TestConsentToResourceSpecificPermissions(t *testing.T) {
	s, c := newTestServer(t)
	id := c.createGroup("Consent", uAdele, uAlex)
	base := "/chats/" + esc(id) + "/installedApps"
	as := func(token string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
	}
	msg := RSCPermission{Value: "ChatMessage.Read.Chat", Type: "application"}
	member := RSCPermission{Value: "ChatMember.Read.Chat", Type: "Application"} // the pages' requests capitalise the type
	meeting := RSCPermission{Value: "OnlineMeeting.ReadBasic.Chat", Type: "delegated"}
	consentApp := AppToken("TeamsAppInstallation.ReadWriteAndConsentForChat.All")
	install := func(set map[string]any) map[string]any {
		body := appBind(StandupAppID)
		if set != nil {
			body["consentedPermissionSet"] = set
		}
		return body
	}
	for name, set := range map[string]map[string]any{
		"no set":          nil,
		"one missing":     consentSet(msg),
		"one too many":    consentSet(msg, member, meeting),
		"another name":    consentSet(msg, RSCPermission{Value: "ChatMember.ReadWrite.Chat", Type: "application"}),
		"another type":    consentSet(msg, RSCPermission{Value: "ChatMember.Read.Chat", Type: "delegated"}),
		"empty":           consentSet(),
		"names of a case": consentSet(msg, RSCPermission{Value: "chatmember.read.chat", Type: "application"}),
	} {
		if r := c.do("POST", base, install(set), as(consentApp)); r.status != 400 || r.errCode() != "ResourceSpecificPermissionsMismatch" {
			t.Fatalf("%s: %d %s", name, r.status, r.raw)
		}
	}
	if r := c.do("POST", base, install(consentSet(member, msg)), as(AppToken("TeamsAppInstallation.ReadWriteForChat.All"))); r.status != 403 ||
		!strings.Contains(r.errMessage(), "TeamsAppInstallation.ReadWriteAndConsentForChat.All") {
		t.Fatalf("consent without a …AndConsent… permission: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", base, install(consentSet(member, msg)), as(AppToken("TeamsAppInstallation.ReadWriteAndConsentSelfForChat.All"))); r.status != 403 {
		t.Fatalf("consent with the Self permission (it installs only the calling app): %d %s", r.status, r.raw)
	}
	if ch, _ := s.Chat(id); len(ch.Apps) != 0 {
		t.Fatalf("a refused install installed: %+v", ch.Apps)
	}
	// Another app needs neither consent nor the permission; consent to nothing it asks is refused.
	if r := c.do("POST", base, map[string]any{"teamsApp@odata.bind": appBind(FormsAppID)["teamsApp@odata.bind"], "consentedPermissionSet": consentSet(msg)}, as(consentApp)); r.status != 400 {
		t.Fatalf("consent to permissions the app does not declare: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", base, appBind(FormsAppID), as(AppToken("TeamsAppInstallation.ReadWriteForChat.All"))); r.status != 201 {
		t.Fatalf("an app without resource-specific permissions: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", base, install(consentSet(member, msg)), as(consentApp)); r.status != 201 || installedVersion(c, id, StandupAppID) != "1.0.0" {
		t.Fatalf("install with the matching set: %d %s", r.status, r.raw)
	}

	// Upgrade: the set of the definition upgraded to (1.1.0 adds a delegated permission).
	if err := s.PublishAppVersion(StandupAppID, "1.1.0"); err != nil {
		t.Fatal(err)
	}
	upgrade := base + "/" + esc(installationOf(c, id, StandupAppID)) + "/upgrade"
	for name, body := range map[string]any{
		"no body":     nil,
		"old set":     map[string]any{"consentedPermissionSet": consentSet(msg, member)},
		"without set": map[string]any{},
	} {
		if r := c.do("POST", upgrade, body, as(consentApp)); r.status != 400 || r.errCode() != "ResourceSpecificPermissionsMismatch" {
			t.Fatalf("upgrade, %s: %d %s", name, r.status, r.raw)
		}
	}
	newSet := map[string]any{"consentedPermissionSet": consentSet(msg, member, meeting)}
	if r := c.do("POST", upgrade, newSet, as(AppToken("TeamsAppInstallation.ReadWriteForChat.All"))); r.status != 403 {
		t.Fatalf("upgrade without a …AndConsent… permission: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", upgrade, newSet, as(consentApp)); r.status != 204 || installedVersion(c, id, StandupAppID) != "1.1.0" {
		t.Fatalf("upgrade with the new set: %d %s", r.status, r.raw)
	}

	// A new version published out of band keeps the app's permissions.
	if err := s.PublishAppVersion(StandupAppID, "1.2.0"); err != nil {
		t.Fatal(err)
	}
	if r := c.do("POST", upgrade, newSet, as(consentApp)); r.status != 204 || installedVersion(c, id, StandupAppID) != "1.2.0" {
		t.Fatalf("upgrade to a version published out of band: %d %s", r.status, r.raw)
	}

	// Signed-in users: the delegated …AndConsentForChat; an app declaring only delegated
	// permissions may be installed without a set, but still needs the consent permission.
	catalog := DefaultCatalog()
	catalog.Apps = append(catalog.Apps, App{ID: "delegated-only", DisplayName: "Delegated", Definitions: []Definition{{Version: "1.0", Permissions: []RSCPermission{meeting}}}})
	if err := s.SetCatalog(catalog); err != nil {
		t.Fatal(err)
	}
	if r := c.do("POST", base, appBind("delegated-only"), as(DelegatedToken(uAdele, "TeamsAppInstallation.ReadWriteForChat"))); r.status != 403 {
		t.Fatalf("delegated, without consent permission: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", base, appBind("delegated-only"), as(DelegatedToken(uAdele, "TeamsAppInstallation.ReadWriteAndConsentForChat"))); r.status != 201 {
		t.Fatalf("delegated-only permissions may be omitted: %d %s", r.status, r.raw)
	}
}
