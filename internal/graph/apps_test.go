package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

func TestCompareVersions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"1.10.0", "1.9", 1}, {"1.0", "1.0.0", 0}, {"2.0.0", "10.0.0", -1}, {"1.0.0-beta", "1.0.0-alpha", 1}} {
		if got := CompareVersions(tc.a, tc.b); got != tc.want {
			t.Fatalf("%s vs %s: %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if v := (CatalogApp{Versions: []string{"1.9.0", "1.10.0", "1.2"}}).LatestVersion(); v != "1.10.0" {
		t.Fatalf("latest %s", v)
	}
	app := CatalogApp{Definitions: []AppDefinition{{Version: "1.0", PublishingState: "published"}, {Version: "2.0", PublishingState: "submitted"},
		{Version: "1.5", PublishingState: "published"}, {Version: "1.9", PublishingState: "rejected"}}}
	if d, ok := app.Current(); !ok || d.Version != "1.5" {
		t.Fatalf("current of %+v: %+v %v", app, d, ok)
	}
	if _, ok := (CatalogApp{Definitions: []AppDefinition{{Version: "0.1", PublishingState: "submitted"}}}).Current(); ok {
		t.Fatal("an app with no published version has a current one")
	}
}

// TestPublishedVersionsAndConsent: the catalog's submitted and rejected versions do not count, and
// installing and upgrading an app that declares resource-specific permissions consents to exactly
// those of the version installed, with the permissions the documentation lists.
func TestPublishedVersionsAndConsent(t *testing.T) {
	em := startEmulator(t)
	c := emulatorClient(t, em, emulator.AppToken(ApplicationPermissions...))
	ctx := context.Background()
	apps, err := c.FindCatalogApps(ctx, "id", emulator.ProjectBoardAppID)
	if err != nil || len(apps) != 1 || len(apps[0].Definitions) != 2 || apps[0].Definitions[1].PublishingState != "submitted" {
		t.Fatalf("catalog: %v %+v", err, apps)
	}
	if v := apps[0].LatestVersion(); v != "1.0.0" || len(apps[0].Versions) != 1 {
		t.Fatalf("Project Board's latest version %q (versions %v): 1.1.0 is only submitted", v, apps[0].Versions)
	}
	d, found, err := c.CurrentDefinition(ctx, emulator.StandupAppID)
	if err != nil || !found || d.Version != "1.0.0" || len(d.Permissions) != 2 || d.Permissions[0] != (ResourceSpecificPermission{Value: "ChatMessage.Read.Chat", Type: "application"}) {
		t.Fatalf("the standup app's definition: %v %v %+v", err, found, d)
	}
	chat, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Consent", Members: []MemberSpec{
		{User: "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", Role: RoleOwner}, {User: "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", Role: RoleOwner}}})
	if err != nil {
		t.Fatal(err)
	}
	// Without the consent permission: Graph's 403, naming it.
	var roles []string
	for _, p := range ApplicationPermissions {
		if p != "TeamsAppInstallation.ReadWriteAndConsentForChat.All" {
			roles = append(roles, p)
		}
	}
	short := emulatorClient(t, em, emulator.AppToken(roles...))
	if _, _, err := short.InstallApp(ctx, chat.ID, emulator.StandupAppID); !IsForbidden(err) || !strings.Contains(err.Error(), "TeamsAppInstallation.ReadWriteAndConsentForChat.All") {
		t.Fatalf("install without the consent permission: %v", err)
	}
	inst, _, err := c.InstallApp(ctx, chat.ID, emulator.StandupAppID)
	if err != nil || inst.Version != "1.0.0" {
		t.Fatalf("install with consent: %v %+v", err, inst)
	}
	if err := em.PublishAppVersion(emulator.StandupAppID, "1.1.0"); err != nil {
		t.Fatal(err)
	}
	up, err := c.UpgradeInstallation(ctx, chat.ID, inst.ID, emulator.StandupAppID)
	if err != nil || up.Version != "1.1.0" || len(up.Permissions) != 3 {
		t.Fatalf("upgrade with the new version's consent: %v %+v", err, up)
	}
	if got, err := c.GetInstallation(ctx, chat.ID, inst.ID); err != nil || got.Version != "1.1.0" {
		t.Fatalf("after upgrade: %v %+v", err, got)
	}
}

// TestAppsAndTabsThroughTheSDK drives installations and tabs through msgraph-sdk-go against the
// emulator: install (201 without a body, then looked up), adopt, upgrade, tabs, uninstall.
func TestAppsAndTabsThroughTheSDK(t *testing.T) {
	em := startEmulator(t)
	c := emulatorClient(t, em, "x")
	ctx := context.Background()
	chat, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Tools", Members: []MemberSpec{
		{User: "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", Role: RoleOwner}, {User: "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", Role: RoleOwner}}})
	if err != nil {
		t.Fatal(err)
	}
	apps, err := c.FindCatalogApps(ctx, "externalId", emulator.ProjectBoardExtID)
	if err != nil || len(apps) != 1 || apps[0].ID != emulator.ProjectBoardAppID || apps[0].LatestVersion() != "1.0.0" || apps[0].DistributionMethod != "organization" {
		t.Fatalf("catalog: %v %+v", err, apps)
	}
	inst, adopted, err := c.InstallApp(ctx, chat.ID, emulator.ProjectBoardAppID)
	if err != nil || adopted || inst.ID == "" || inst.Version != "1.0.0" || inst.AppDisplayName != "Project Board" {
		t.Fatalf("install: %v %v %+v", err, adopted, inst)
	}
	again, adopted, err := c.InstallApp(ctx, chat.ID, emulator.ProjectBoardAppID)
	if err != nil || !adopted || again.ID != inst.ID {
		t.Fatalf("install again: %v %v %+v", err, adopted, again)
	}
	if err := em.PublishAppVersion(emulator.ProjectBoardAppID, "1.1.0"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpgradeInstallation(ctx, chat.ID, inst.ID, emulator.ProjectBoardAppID); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetInstallation(ctx, chat.ID, inst.ID); err != nil || got.Version != "1.1.0" || got.AppID != emulator.ProjectBoardAppID {
		t.Fatalf("after upgrade: %v %+v", err, got)
	}

	tab, rec, err := c.CreateTab(ctx, chat.ID, TabSpec{AppID: emulator.ProjectBoardAppID, DisplayName: "Board",
		Configuration: TabConfiguration{EntityID: "b1", ContentURL: "https://board.contoso.com/b/1/tab", WebsiteURL: "https://board.contoso.com/b/1"}})
	if err != nil || rec != (Recovery{}) || tab.ID == "" || tab.WebURL == "" || tab.Configuration.EntityID != "b1" {
		t.Fatalf("tab: %v %+v", err, tab)
	}
	em.ResetCounts()
	updated, err := c.UpdateTab(ctx, chat.ID, tab.ID, TabSpec{AppID: emulator.ProjectBoardAppID, DisplayName: "Roadmap", Configuration: TabConfiguration{ContentURL: "https://board.contoso.com/r"}})
	if err != nil || updated.DisplayName != "Roadmap" || updated.AppID != emulator.ProjectBoardAppID || updated.WebURL == "" {
		t.Fatalf("update: %v %+v", err, updated)
	}
	if n := len(em.Counts()); n != 1 {
		t.Fatalf("an update is one request (the PATCH answers with the tab): %v", em.Counts())
	}
	got, err := c.GetTab(ctx, chat.ID, tab.ID)
	if err != nil || got.DisplayName != "Roadmap" || got.AppID != emulator.ProjectBoardAppID || got.Configuration.EntityID != "" || got.Configuration.ContentURL != "https://board.contoso.com/r" {
		t.Fatalf("after update: %v %+v", err, got)
	}
	if err := c.UninstallApp(ctx, chat.ID, inst.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetTab(ctx, chat.ID, tab.ID); !IsNotFound(err) {
		t.Fatalf("the app's tab should go with it: %v", err)
	}
	if _, err := c.FindInstallation(ctx, chat.ID, emulator.ProjectBoardAppID); !IsNotInstalled(err) {
		t.Fatalf("uninstalled: %v", err)
	}
}
