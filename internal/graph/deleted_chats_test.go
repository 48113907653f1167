package graph

import (
	"context"
	"strings"
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
