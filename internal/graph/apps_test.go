package graph

import (
	"context"
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
	if err := c.UpgradeInstallation(ctx, chat.ID, inst.ID); err != nil {
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
