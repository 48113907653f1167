package graph

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestRestoreDeletedChat: a deleted chat is found among the deleted chats, restored with the same
// id, members, app and tab, and read again; then it is no longer among the deleted chats.
func TestRestoreDeletedChat(t *testing.T) {
	em := startEmulator(t)
	c := emulatorClient(t, em, emulator.AppToken(ApplicationPermissions...))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	chat, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Restore me", Members: []MemberSpec{
		{User: tourAdele, Role: RoleOwner}, {User: tourAlex, Role: RoleOwner}, {User: tourLynne, Role: RoleOwner}}})
	if err != nil {
		t.Fatal(err)
	}
	inst, _, err := c.InstallApp(ctx, chat.ID, emulator.ProjectBoardAppID)
	if err != nil {
		t.Fatal(err)
	}
	tab, _, err := c.CreateTab(ctx, chat.ID, TabSpec{AppID: emulator.WebsiteAppID, DisplayName: "Site",
		Configuration: TabConfiguration{ContentURL: "https://example.com", WebsiteURL: "https://example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetDeletedChat(ctx, chat.ID); !IsNotFound(err) {
		t.Fatalf("a live chat among the deleted chats: %v", err)
	}
	if err := c.DeleteChat(ctx, chat.ID); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetDeletedChat(ctx, chat.ID)
	if err != nil || got.ID != chat.ID {
		t.Fatalf("GetDeletedChat: %+v %v", got, err)
	}
	if err := c.RestoreDeletedChat(ctx, chat.ID); err != nil {
		t.Fatal(err)
	}
	back, err := c.WaitChatRestored(ctx, chat.ID)
	if err != nil || back.ID != chat.ID || back.Topic != "Restore me" || len(back.Members) != 3 {
		t.Fatalf("WaitChatRestored: %+v %v", back, err)
	}
	if _, err := c.GetInstallation(ctx, chat.ID, inst.ID); err != nil {
		t.Fatalf("the restored chat's app: %v", err)
	}
	if _, err := c.GetTab(ctx, chat.ID, tab.ID); err != nil {
		t.Fatalf("the restored chat's tab: %v", err)
	}
	if _, err := c.GetDeletedChat(ctx, chat.ID); !IsNotFound(err) {
		t.Fatalf("a restored chat is still among the deleted chats: %v", err)
	}
	// Restoring again (as a resent request would) finds the chat back: success.
	if err := c.RestoreDeletedChat(ctx, chat.ID); err != nil {
		t.Fatalf("restoring a chat that is back: %v", err)
	}
}

// TestRestoreExpiredChat: past the restore window the chat is purged: GetDeletedChat and
// RestoreDeletedChat answer a NotFoundError, and WaitChatRestored gives up with the last answer
// when its context ends.
func TestRestoreExpiredChat(t *testing.T) {
	em := startEmulator(t)
	c := emulatorClient(t, em, emulator.AppToken(ApplicationPermissions...))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	chat, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Too late", Members: []MemberSpec{
		{User: tourAdele, Role: RoleOwner}, {User: tourAlex, Role: RoleOwner}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteChat(ctx, chat.ID); err != nil {
		t.Fatal(err)
	}
	if err := em.PurgeDeletedChat(chat.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetDeletedChat(ctx, chat.ID); !IsNotFound(err) {
		t.Fatalf("GetDeletedChat of a purged chat: %v", err)
	}
	if err := c.RestoreDeletedChat(ctx, chat.ID); !IsNotFound(err) {
		t.Fatalf("RestoreDeletedChat of a purged chat: %v", err)
	}
	short, cancelShort := context.WithTimeout(ctx, 600*time.Millisecond)
	defer cancelShort()
	if _, err := c.WaitChatRestored(short, chat.ID); !IsNotFound(err) || !strings.Contains(err.Error(), "does not read yet") {
		t.Fatalf("WaitChatRestored of a purged chat: %v", err)
	}
}

// TestRestoreNeedsManageDeletion: without Chat.ManageDeletion.All the 403s name it.
func TestRestoreNeedsManageDeletion(t *testing.T) {
	em := startEmulator(t)
	admin := emulatorClient(t, em, "unchecked-token")
	c := emulatorClient(t, em, emulator.AppToken("Chat.ReadWrite.All"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	chat, err := admin.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Locked", Members: []MemberSpec{
		{User: tourAdele, Role: RoleOwner}, {User: tourAlex, Role: RoleOwner}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.DeleteChat(ctx, chat.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetDeletedChat(ctx, chat.ID); !IsForbidden(err) || !strings.Contains(err.Error(), "permission Chat.ManageDeletion.All") {
		t.Fatalf("GetDeletedChat without the permission: %v", err)
	}
	if err := c.RestoreDeletedChat(ctx, chat.ID); !IsForbidden(err) || !strings.Contains(err.Error(), "permission Chat.ManageDeletion.All") {
		t.Fatalf("RestoreDeletedChat without the permission: %v", err)
	}
	if got, _ := em.Chat(chat.ID); !got.Deleted {
		t.Fatal("a refused restore restored the chat")
	}
}

// TestWaitChatRestoredThroughA403: where Graph answers 403 for a deleted chat, a restored chat
// that still reads 403 for a moment is waited for (the caller can read chats: IsChatGone takes it
// for gone), not reported as a missing permission.
func TestWaitChatRestoredThroughA403(t *testing.T) {
	var gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1.0/chats/") && gets.Add(1) <= 2 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"error":{"code":"Forbidden","message":"Forbidden"}}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"19:restored@thread.v2","chatType":"group","topic":"Back","members":[]}`)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{AccessToken: emulator.AppToken("Chat.ReadWrite.All", "Chat.ManageDeletion.All"), GraphEndpoint: srv.URL + "/v1.0"}, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	chat, err := c.WaitChatRestored(context.Background(), "19:restored@thread.v2")
	if err != nil || chat.Topic != "Back" || gets.Load() < 3 {
		t.Fatalf("WaitChatRestored: %+v, %v after %d reads; want the chat once it reads", chat, err, gets.Load())
	}
}

// TestMayRestoreChats: an application token restores only with Chat.ManageDeletion.All; a signed-in
// user's never (Microsoft: not for non-admin users, and a token does not show an administrator); a
// token whose roles cannot be read is left to Graph.
func TestMayRestoreChats(t *testing.T) {
	for _, c := range []struct {
		name, token string
		want        bool
	}{
		{"application with the permission", emulator.AppToken("Chat.ManageDeletion.All"), true},
		{"application without it", emulator.AppToken("Chat.ReadWrite.All"), false},
		{"signed-in user", emulator.DelegatedToken("8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "Chat.ManageDeletion.All"), false},
		{"opaque token", "not-a-jwt", true},
	} {
		client, err := NewClient(Config{AccessToken: c.token, GraphEndpoint: "http://127.0.0.1:1/v1.0"}, Options{Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if ok, reason := client.MayRestoreChats(context.Background()); ok != c.want || (!ok && reason == "") {
			t.Errorf("%s: %v %q, want %v with a reason when false", c.name, ok, reason, c.want)
		}
	}
}
