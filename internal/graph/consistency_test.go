package graph

import (
	"context"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

var lagSpec = ChatSpec{ChatType: ChatTypeGroup, Topic: "Listed late", Members: []MemberSpec{
	{User: "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", Role: RoleOwner}, {User: "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", Role: RoleOwner}}}

// TestCreateChatWithoutDuplicateWaitsForTheList: the answer to the group-chat POST is lost and
// the chat list shows the new chat only 2 seconds later. The look-up keeps looking within the
// consistency window and adopts it: one POST, one chat. A POST Graph refused before creating
// anything is sent again once the window has passed, and says so; a create whose context ends
// inside the window is not resent at all.
func TestCreateChatWithoutDuplicateWaitsForTheList(t *testing.T) {
	ctx := context.Background()
	t.Run("lagging list", func(t *testing.T) {
		em := startEmulator(t)
		c := emulatorClient(t, em, "x")
		c.consistencyWindow = 10 * time.Second
		em.SetListLag(2 * time.Second)
		em.AddFault(emulator.Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1})
		res, err := c.CreateChatWithoutDuplicate(ctx, lagSpec)
		if err != nil || !res.Recovered || res.Resent {
			t.Fatalf("recovered=%v resent=%v err=%v", res.Recovered, res.Resent, err)
		}
		if n, posts := len(em.Chats()), em.Counts()["POST /chats"]; n != 1 || posts != 1 {
			t.Fatalf("%d chats, %d POSTs; want one of each", n, posts)
		}
	})
	t.Run("nothing made", func(t *testing.T) {
		em := startEmulator(t)
		c := emulatorClient(t, em, "x")
		c.consistencyWindow = 1500 * time.Millisecond
		em.AddFault(emulator.Fault{Method: "POST", Route: "/chats", Status: 503, Count: 1})
		start := time.Now()
		res, err := c.CreateChatWithoutDuplicate(ctx, lagSpec)
		if err != nil || res.Recovered || !res.Resent {
			t.Fatalf("recovered=%v resent=%v err=%v", res.Recovered, res.Resent, err)
		}
		if d := time.Since(start); d < c.consistencyWindow {
			t.Fatalf("resent after %s, inside the %s window", d, c.consistencyWindow)
		}
		if n, posts := len(em.Chats()), em.Counts()["POST /chats"]; n != 1 || posts != 2 {
			t.Fatalf("%d chats, %d POSTs; want one chat from two POSTs", n, posts)
		}
	})
	t.Run("timeout inside the window", func(t *testing.T) {
		em := startEmulator(t)
		c := emulatorClient(t, em, "x")
		em.SetListLag(time.Hour)
		em.AddFault(emulator.Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1})
		short, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
		defer cancel()
		_, err := c.CreateChatWithoutDuplicate(short, lagSpec)
		if !IsUncertain(err) || em.Counts()["POST /chats"] != 1 {
			t.Fatalf("want the uncertain error and no resend: %v, %d POSTs", err, em.Counts()["POST /chats"])
		}
	})
}

// TestCreateTabWaitsForTheListThenResendsOnce: a tab POST whose answer is lost while the tab list
// lags is adopted without a second POST; a POST answered 503 (nothing pinned) is sent again once
// the window has passed with no such tab, and a second unclear answer is not resent again.
func TestCreateTabWaitsForTheListThenResendsOnce(t *testing.T) {
	ctx := context.Background()
	spec := TabSpec{AppID: emulator.WebsiteAppID, DisplayName: "Site", Configuration: TabConfiguration{ContentURL: "https://contoso.com"}}
	setup := func(t *testing.T) (*emulator.Running, *Client, string) {
		em := startEmulator(t)
		c := emulatorClient(t, em, "x")
		c.consistencyWindow = 1500 * time.Millisecond
		chat, err := c.CreateChat(ctx, lagSpec)
		if err != nil {
			t.Fatal(err)
		}
		return em, c, chat.ID
	}
	tabs := func(em *emulator.Running, id string) int {
		ch, _ := em.Chat(id)
		return len(ch.Tabs)
	}
	t.Run("lagging list", func(t *testing.T) {
		em, c, id := setup(t)
		em.SetListLag(time.Second)
		em.AddFault(emulator.Fault{Method: "POST", Route: "/chats/{id}/tabs", Drop: true, Count: 1})
		tab, rec, err := c.CreateTab(ctx, id, spec)
		if err != nil || !rec.Adopted || rec.Resent || tab.ID == "" {
			t.Fatalf("%+v %+v %v", rec, tab, err)
		}
		if n, posts := tabs(em, id), em.Counts()["POST /chats/{id}/tabs"]; n != 1 || posts != 1 {
			t.Fatalf("%d tabs, %d POSTs; want one of each", n, posts)
		}
	})
	t.Run("503", func(t *testing.T) {
		em, c, id := setup(t)
		em.AddFault(emulator.Fault{Method: "POST", Route: "/chats/{id}/tabs", Status: 503, Count: 1})
		tab, rec, err := c.CreateTab(ctx, id, spec)
		if err != nil || rec.Adopted || !rec.Resent || tab.ID == "" {
			t.Fatalf("%+v %+v %v", rec, tab, err)
		}
		if n, posts := tabs(em, id), em.Counts()["POST /chats/{id}/tabs"]; n != 1 || posts != 2 {
			t.Fatalf("%d tabs, %d POSTs; want one tab from two POSTs", n, posts)
		}
	})
	t.Run("503 twice", func(t *testing.T) {
		em, c, id := setup(t)
		em.AddFault(emulator.Fault{Method: "POST", Route: "/chats/{id}/tabs", Status: 503, Count: 2})
		_, rec, err := c.CreateTab(ctx, id, spec)
		if !IsUncertain(err) || !rec.Resent || em.Counts()["POST /chats/{id}/tabs"] != 2 || tabs(em, id) != 0 {
			t.Fatalf("want one resend, then the uncertain error: %+v %v %v", rec, err, em.Counts())
		}
	})
}
