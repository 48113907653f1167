package graph

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestDefinitionCacheReadsOnce: concurrent asks for one app share one read; another app, an
// entry past definitionTTL, a forgotten entry and a failed read are read again.
func TestDefinitionCacheReadsOnce(t *testing.T) {
	var dc definitionCache
	var reads atomic.Int32
	release := make(chan struct{})
	var readErr error // the reads succeed; fail below reads that do not
	read := func(context.Context) (AppDefinition, bool, error) {
		reads.Add(1)
		<-release
		return AppDefinition{Version: "1.0.0"}, true, readErr
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if d, found, err := dc.get(ctx, "App-1", read); err != nil || !found || d.Version != "1.0.0" {
				t.Errorf("get: %+v %v %v", d, found, err)
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := reads.Load(); n != 1 {
		t.Fatalf("20 concurrent gets read %d times, want 1", n)
	}
	_, _, _ = dc.get(ctx, "app-1", read) // the same app, in another case
	if n := reads.Load(); n != 1 {
		t.Fatalf("a get within the TTL read again (%d reads)", n)
	}
	_, _, _ = dc.get(ctx, "app-2", read)
	if n := reads.Load(); n != 2 {
		t.Fatalf("another app: %d reads, want 2", n)
	}
	dc.mu.Lock()
	dc.entries["app-1"].at = time.Now().Add(-2 * definitionTTL)
	dc.mu.Unlock()
	_, _, _ = dc.get(ctx, "app-1", read)
	if n := reads.Load(); n != 3 {
		t.Fatalf("an entry past the TTL: %d reads, want 3", n)
	}
	dc.forget("APP-1")
	_, _, _ = dc.get(ctx, "app-1", read)
	if n := reads.Load(); n != 4 {
		t.Fatalf("a forgotten entry: %d reads, want 4", n)
	}
	fail := func(context.Context) (AppDefinition, bool, error) {
		reads.Add(1)
		return AppDefinition{}, false, errors.New("throttled")
	}
	for range 2 {
		if _, _, err := dc.get(ctx, "app-3", fail); err == nil {
			t.Fatal("a failed read returned no error")
		}
	}
	if n := reads.Load(); n != 6 {
		t.Fatalf("a failed read is kept: %d reads, want 6", n)
	}
}

// TestInstallReadsTheCatalogOncePerApp: installing one app in several chats reads its catalog
// definition once; when the catalog changes the app's permissions in between, Graph refuses the
// stale consent, and the install reads the catalog again and succeeds with the new consent.
func TestInstallReadsTheCatalogOncePerApp(t *testing.T) {
	em := startEmulator(t)
	c := emulatorClient(t, em, emulator.AppToken(ApplicationPermissions...))
	ctx := context.Background()
	newChat := func() string {
		chat, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Catalog once", Members: []MemberSpec{
			{User: "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", Role: RoleOwner}, {User: "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", Role: RoleOwner}}})
		if err != nil {
			t.Fatal(err)
		}
		return chat.ID
	}
	catalogReads := func() int {
		n := 0
		for route, c := range em.Counts() {
			if strings.HasPrefix(route, "GET ") && strings.Contains(route, "/appCatalogs") {
				n += c
			}
		}
		return n
	}
	em.ResetCounts()
	for range 3 {
		if _, _, err := c.InstallApp(ctx, newChat(), emulator.StandupAppID); err != nil {
			t.Fatal(err)
		}
	}
	if n := catalogReads(); n != 1 {
		t.Fatalf("three installs of one app read the catalog %d times, want 1", n)
	}

	// The app now asks for one more permission: the cached consent is stale.
	cat := em.Catalog()
	for i, a := range cat.Apps {
		if a.ID == emulator.StandupAppID {
			for j := range a.Definitions {
				cat.Apps[i].Definitions[j].Permissions = append(cat.Apps[i].Definitions[j].Permissions, emulator.RSCPermission{Value: "ChatSettings.Read.Chat", Type: "application"})
			}
		}
	}
	if err := em.SetCatalog(cat); err != nil {
		t.Fatal(err)
	}
	em.ResetCounts()
	inst, _, err := c.InstallApp(ctx, newChat(), emulator.StandupAppID)
	if err != nil {
		t.Fatalf("install after the catalog changed: %v", err)
	}
	if inst.AppID == "" || catalogReads() != 1 || em.Counts()["POST /chats/{id}/installedApps"] != 2 {
		t.Errorf("after the catalog changed: %+v, %d catalog reads (want 1), %d POSTs (want 2: refused, then sent again)",
			inst, catalogReads(), em.Counts()["POST /chats/{id}/installedApps"])
	}
}
