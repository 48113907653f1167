package graph

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestTabsOfOneApp: ListTabs filters by app (the app id goes into $filter as an OData literal) and
// returns every tab for "", with its app; a deleted tab reads as not found; a caller without a
// tab permission is refused with an error that names the tab permission for the operation.
func TestTabsOfOneApp(t *testing.T) {
	em, c, chat := staffChat(t, "Tabs")
	ctx := context.Background()
	if _, _, err := c.InstallApp(ctx, chat.ID, emulator.ProjectBoardAppID); err != nil {
		t.Fatal(err)
	}
	site, _, err := c.CreateTab(ctx, chat.ID, TabSpec{AppID: emulator.WebsiteAppID, DisplayName: "Site", Configuration: TabConfiguration{ContentURL: "https://contoso.com"}})
	if err != nil {
		t.Fatal(err)
	}
	board, _, err := c.CreateTab(ctx, chat.ID, TabSpec{AppID: emulator.ProjectBoardAppID, DisplayName: "Board", Configuration: TabConfiguration{ContentURL: "https://board.contoso.com/t"}})
	if err != nil {
		t.Fatal(err)
	}
	only, err := c.ListTabs(ctx, chat.ID, emulator.WebsiteAppID)
	if err != nil || len(only) != 1 || only[0].ID != site.ID || only[0].AppID != emulator.WebsiteAppID || only[0].Configuration.ContentURL != "https://contoso.com" {
		t.Fatalf("the website's tabs: %v %+v", err, only)
	}
	all, err := c.ListTabs(ctx, chat.ID, "")
	if err != nil || len(all) != 2 {
		t.Fatalf("all tabs: %v %+v", err, all)
	}
	if none, err := c.ListTabs(ctx, chat.ID, "it's-not-there"); err != nil || len(none) != 0 {
		t.Fatalf("an app id with a quote: %v %+v", err, none)
	}

	noTabs := emulatorClient(t, em, emulator.AppToken("Chat.ReadWrite.All"))
	_, err = noTabs.GetTab(ctx, chat.ID, board.ID)
	if !IsForbidden(err) || !strings.Contains(err.Error(), permTabRead) {
		t.Fatalf("reading without a tab permission: %v", err)
	}
	if err := noTabs.DeleteTab(ctx, chat.ID, board.ID); !IsForbidden(err) || !strings.Contains(err.Error(), permTabWrite) {
		t.Fatalf("unpinning without a tab permission: %v", err)
	}

	if err := c.DeleteTab(ctx, chat.ID, board.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetTab(ctx, chat.ID, board.ID); !IsNotFound(err) {
		t.Fatalf("an unpinned tab: %v", err)
	}
}

// TestTabAnswers: a create answered without an id is errNoID; an update answered without a body
// reads the tab again; an update's answer without the app keeps the app asked for.
func TestTabAnswers(t *testing.T) {
	tabJSON := `{"id":"t1","displayName":"Renamed","configuration":{"contentUrl":"https://c"},"teamsApp":{"id":"app"}}`
	var gets int
	c := testClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost:
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"displayName":"No id"}`)
		case r.Method == http.MethodPatch && strings.HasSuffix(r.URL.Path, "/t1"):
			w.WriteHeader(http.StatusNoContent)
		case r.Method == http.MethodPatch:
			_, _ = io.WriteString(w, `{"id":"t2","displayName":"Kept"}`)
		default:
			gets++
			_, _ = io.WriteString(w, tabJSON)
		}
	}))
	ctx := context.Background()
	if _, _, err := c.CreateTab(ctx, "c", TabSpec{AppID: "app", DisplayName: "No id"}); !errors.Is(err, errNoID) {
		t.Fatalf("create without an id: %v", err)
	}
	got, err := c.UpdateTab(ctx, "c", "t1", TabSpec{AppID: "app", DisplayName: "Renamed"})
	if err != nil || gets != 1 || got.ID != "t1" || got.AppID != "app" || got.Configuration.ContentURL != "https://c" {
		t.Fatalf("update without a body: %v %d %+v", err, gets, got)
	}
	kept, err := c.UpdateTab(ctx, "c", "t2", TabSpec{AppID: "app", DisplayName: "Kept"})
	if err != nil || kept.AppID != "app" || gets != 1 {
		t.Fatalf("update without the app: %v %+v", err, kept)
	}
}
