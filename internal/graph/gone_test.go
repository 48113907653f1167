package graph

import (
	"context"
	"net/http"
	"testing"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestIsChatGone: under every answer the emulator gives for a deleted chat, an error from the chat
// itself or from its member, app installation or tab reads as gone, for an application that knows
// a member, one that does not, and a signed-in user; a 403 that is about a missing permission (the
// chat still reads, or the caller cannot read chats at all) does not.
func TestIsChatGone(t *testing.T) {
	const owner, other = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "82fe7758-5bb3-4f0d-a43f-e555fd399c6f"
	ctx := context.Background()
	for _, code := range emulator.DeletedChatAnswers {
		em := startEmulator(t)
		if err := em.SetVariants(emulator.Variants{DeletedChat: code}); err != nil {
			t.Fatal(err)
		}
		app := emulatorClient(t, em, emulator.AppToken(ApplicationPermissions...))
		chat, err := app.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Gone", Members: []MemberSpec{{User: owner, Role: RoleOwner}, {User: other, Role: RoleOwner}}})
		if err != nil {
			t.Fatal(err)
		}
		inst, _, err := app.InstallApp(ctx, chat.ID, emulator.ProjectBoardAppID)
		if err != nil {
			t.Fatal(err)
		}
		tab, _, err := app.CreateTab(ctx, chat.ID, TabSpec{AppID: emulator.ProjectBoardAppID, DisplayName: "Board", Configuration: TabConfiguration{ContentURL: "https://board.contoso.com/t"}})
		if err != nil {
			t.Fatal(err)
		}
		// Before the delete: a caller without the tab permission is refused, and that is not gone.
		noTabs := emulatorClient(t, em, emulator.AppToken("Chat.ReadWrite.All"))
		_, err = noTabs.GetTab(ctx, chat.ID, tab.ID)
		if !IsForbidden(err) || noTabs.IsChatGone(ctx, chat.ID, "", err) {
			t.Fatalf("%d: a tab read refused for a missing permission (%v) must not read as gone", code, err)
		}
		if err := em.DeleteChatOutOfBand(chat.ID); err != nil {
			t.Fatal(err)
		}
		user := emulatorClient(t, em, emulator.DelegatedToken(owner, "Chat.ReadWrite", "TeamsTab.ReadWriteForChat", "TeamsAppInstallation.ReadWriteForChat"))
		for name, try := range map[string]func(*Client) error{
			"chat":         func(c *Client) error { _, err := c.GetChat(ctx, chat.ID); return err },
			"member":       func(c *Client) error { _, err := c.FindMember(ctx, chat.ID, other); return err },
			"installation": func(c *Client) error { _, err := c.GetInstallation(ctx, chat.ID, inst.ID); return err },
			"uninstall":    func(c *Client) error { return c.UninstallApp(ctx, chat.ID, inst.ID) },
			"tab":          func(c *Client) error { _, err := c.GetTab(ctx, chat.ID, tab.ID); return err },
			"tab delete":   func(c *Client) error { return c.DeleteTab(ctx, chat.ID, tab.ID) },
		} {
			for who, c := range map[string]struct {
				client *Client
				member string
			}{"application knowing a member": {app, owner}, "application": {app, ""}, "signed-in user": {user, ""}} {
				err := try(c.client)
				if err == nil || !c.client.IsChatGone(ctx, chat.ID, c.member, err) {
					t.Errorf("deleted chat %d, %s, %s: %v should read as gone", code, name, who, err)
				}
			}
		}
		// A caller that cannot read chats at all cannot tell a deleted chat from its own limits.
		blind := emulatorClient(t, em, emulator.AppToken("TeamsTab.ReadWriteForChat.All"))
		_, err = blind.GetTab(ctx, chat.ID, tab.ID)
		if code == http.StatusForbidden && blind.IsChatGone(ctx, chat.ID, "", err) {
			t.Errorf("deleted chat 403 without a chat permission: %v must not read as gone", err)
		}
		if err := app.DeleteChatIfPresent(ctx, chat.ID, owner); err != nil {
			t.Errorf("deleted chat %d: deleting it again: %v", code, err)
		}
	}
}
