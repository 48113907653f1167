package emulator

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// deletedFixture is a group chat of Adele, Alex and Lynne with the Project Board app and a tab,
// deleted.
func deletedFixture(t *testing.T, c *client) (id, tabID string) {
	t.Helper()
	id = c.createGroup("Restorable", uAdele, uAlex, uLynne)
	if r := c.do("POST", "/chats/"+esc(id)+"/installedApps", appBind(ProjectBoardAppID)); r.status != 201 {
		t.Fatalf("install: %d %s", r.status, r.raw)
	}
	r := c.do("POST", "/chats/"+esc(id)+"/tabs", boardTab("Board"))
	if r.status != 201 {
		t.Fatalf("tab: %d %s", r.status, r.raw)
	}
	tabID = r.body["id"].(string)
	if r := c.do("DELETE", "/chats/"+esc(id), nil); r.status != 204 {
		t.Fatalf("delete: %d %s", r.status, r.raw)
	}
	return id, tabID
}

// TestDeletedChatRestore: a deleted chat answers 404 to the chat and everything in it and leaves
// the chat lists; GET /teamwork/deletedChats/{id} finds it; undoDelete answers 204 and brings it
// back with the same id, members, app and tab; then it is no longer among the deleted chats.
func TestDeletedChatRestore(t *testing.T) {
	s, c := newTestServer(t)
	id, tabID := deletedFixture(t, c)
	before, _ := s.Chat(id)
	if !before.Deleted || before.DeletedDateTime.IsZero() {
		t.Fatalf("deleted chat: %+v", before)
	}
	for _, p := range []string{"", "/members", "/installedApps", "/tabs", "/tabs/" + tabID} {
		if r := c.do("GET", "/chats/"+esc(id)+p, nil); r.status != 404 {
			t.Errorf("GET a deleted chat's %q: %d %s", p, r.status, r.raw)
		}
	}
	if r := c.do("GET", "/users/"+uAdele+"/chats", nil); r.status != 200 || strings.Contains(r.raw, id) {
		t.Fatalf("a deleted chat in Adele's chats: %d %s", r.status, r.raw)
	}

	deleted := "/teamwork/deletedChats/" + esc(id)
	r := c.do("GET", deleted, nil)
	value, _ := r.body["value"].(map[string]any)
	if r.status != 200 || value["id"] != id || value["@odata.type"] != "#microsoft.graph.deletedChat" {
		t.Fatalf("get deleted chat: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", deleted+"?$expand=members", nil); r.status != 400 {
		t.Fatalf("$expand on a deleted chat: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", deleted+"/undoDelete", map[string]any{"x": 1}); r.status != 400 {
		t.Fatalf("undoDelete with a body: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", deleted+"/undoDelete", nil); r.status != 204 || r.raw != "" {
		t.Fatalf("undoDelete: %d %s", r.status, r.raw)
	}

	after, ok := s.Chat(id)
	if !ok || after.Deleted || !after.DeletedDateTime.IsZero() || len(after.Members) != 3 || len(after.Apps) != 1 || len(after.Tabs) != 1 || after.Topic != "Restorable" {
		t.Fatalf("restored chat: %+v", after)
	}
	if r := c.do("GET", "/chats/"+esc(id)+"/tabs/"+esc(tabID), nil); r.status != 200 || r.body["displayName"] != "Board" {
		t.Fatalf("the restored chat's tab: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/users/"+uAdele+"/chats", nil); !strings.Contains(r.raw, id) {
		t.Fatalf("the restored chat is not in Adele's chats: %s", r.raw)
	}
	if r := c.do("GET", deleted, nil); r.status != 404 {
		t.Fatalf("a restored chat is still among the deleted chats: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", deleted+"/undoDelete", nil); r.status != 404 {
		t.Fatalf("undoDelete of a chat that is not deleted: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/teamwork/deletedChats/19:nothing@thread.v2", nil); r.status != 404 {
		t.Fatalf("an unknown deleted chat: %d %s", r.status, r.raw)
	}
	if r := c.do("GET", "/teamwork/deletedChats", nil); r.status != 400 {
		t.Fatalf("the deleted-chat list is not documented in v1.0: %d %s", r.status, r.raw)
	}
}

// TestDeletedChatRestoreWindow: seven days after the delete the chat is purged (the emulator's
// clock moved past the window), and PurgeDeletedChat does it at once: 404 everywhere, the
// DeletedChat 403 variant and undoDelete included.
func TestDeletedChatRestoreWindow(t *testing.T) {
	s, c := newTestServer(t)
	id, _ := deletedFixture(t, c)
	if err := s.SetVariants(Variants{DeletedChat: http.StatusForbidden}); err != nil {
		t.Fatal(err)
	}
	if r := c.do("GET", "/chats/"+esc(id), nil); r.status != 403 {
		t.Fatalf("a restorable chat under the 403 variant: %d", r.status)
	}
	s.SetClockOffset(restoreWindow - time.Minute)
	if r := c.do("GET", "/teamwork/deletedChats/"+esc(id), nil); r.status != 200 {
		t.Fatalf("restorable a minute before the window ends: %d %s", r.status, r.raw)
	}
	s.SetClockOffset(restoreWindow + time.Minute)
	for _, req := range [][2]string{{"GET", "/teamwork/deletedChats/"}, {"POST", "/teamwork/deletedChats/%s/undoDelete"}, {"GET", "/chats/"}, {"DELETE", "/chats/"}} {
		path := req[1] + esc(id)
		if strings.Contains(req[1], "%s") {
			path = strings.Replace(req[1], "%s", esc(id), 1)
		}
		if r := c.do(req[0], path, nil); r.status != 404 {
			t.Errorf("%s %s past the window: %d %s", req[0], path, r.status, r.raw)
		}
	}
	if _, ok := s.Chat(id); ok {
		t.Fatal("a purged chat is still found")
	}

	s.SetClockOffset(0)
	other, _ := deletedFixture(t, c)
	live := c.createGroup("Live", uAdele, uAlex)
	var refused *ControlError
	if err := s.PurgeDeletedChat(live); err == nil || !errors.As(err, &refused) || refused.Status != http.StatusConflict {
		t.Fatalf("purging a chat that is not deleted: %v", err)
	}
	if err := s.PurgeDeletedChat(other); err != nil {
		t.Fatal(err)
	}
	if r := c.do("POST", "/teamwork/deletedChats/"+esc(other)+"/undoDelete", nil); r.status != 404 {
		t.Fatalf("undoDelete of a purged chat: %d %s", r.status, r.raw)
	}
	if err := s.PurgeDeletedChat(other); err == nil || errors.As(err, &refused) {
		t.Fatalf("purging a purged chat: %v, want not found", err)
	}

	// Over HTTP, for scripts: 204, then 404 for the purged chat; 409 for a live one.
	control := controlClient(t, c)
	third, _ := deletedFixture(t, c)
	if code, body := control("POST", "deletedChats/"+esc(third)+"/purge", ""); code != 204 {
		t.Fatalf("purge over HTTP: %d %s", code, body)
	}
	if r := c.do("GET", "/teamwork/deletedChats/"+esc(third), nil); r.status != 404 {
		t.Fatalf("a chat purged over HTTP: %d %s", r.status, r.raw)
	}
	if code, _ := control("POST", "deletedChats/"+esc(third)+"/purge", ""); code != 404 {
		t.Fatalf("purging it again over HTTP: %d", code)
	}
	if code, _ := control("POST", "deletedChats/"+esc(live)+"/purge", ""); code != 409 {
		t.Fatalf("purging a live chat over HTTP: %d", code)
	}
}

// TestDeletedChatPermissions: reading and restoring a deleted chat need Chat.ManageDeletion.All
// (reading: also the resource-specific Chat.ManageDeletion.Chat for applications); a signed-in
// user may read it but not restore it (not supported for non-admin users).
func TestDeletedChatPermissions(t *testing.T) {
	s, c := newTestServer(t)
	id, _ := deletedFixture(t, c)
	deleted := "/teamwork/deletedChats/" + esc(id)
	reader := AppToken("Chat.ReadWrite.All", "ChatMember.ReadWrite.All")
	if r := c.do("GET", deleted, nil, as(reader)); r.status != 403 || !strings.Contains(r.errMessage(), "Chat.ManageDeletion.All") {
		t.Fatalf("reading a deleted chat without Chat.ManageDeletion.All: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", deleted+"/undoDelete", nil, as(reader)); r.status != 403 || !strings.Contains(r.errMessage(), "Chat.ManageDeletion.All") {
		t.Fatalf("restoring without Chat.ManageDeletion.All: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", deleted+"/undoDelete", nil, as(AppToken("Chat.ManageDeletion.Chat"))); r.status != 403 {
		t.Fatalf("restoring with the resource-specific Chat.ManageDeletion.Chat: %d %s", r.status, r.raw)
	}
	if got, _ := s.Chat(id); !got.Deleted {
		t.Fatal("a refused undoDelete restored the chat")
	}
	if r := c.do("GET", deleted, nil, as(AppToken("Chat.ManageDeletion.Chat"))); r.status != 200 {
		t.Fatalf("reading with Chat.ManageDeletion.Chat: %d %s", r.status, r.raw)
	}
	user := DelegatedToken(uAdele, "Chat.ManageDeletion.All")
	if r := c.do("GET", deleted, nil, as(user)); r.status != 200 {
		t.Fatalf("a signed-in user reads a deleted chat: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", deleted+"/undoDelete", nil, as(user)); r.status != 403 || !strings.Contains(r.errMessage(), "administrator") {
		t.Fatalf("a signed-in user who is no administrator restores: %d %s", r.status, r.raw)
	}
	if r := c.do("POST", deleted+"/undoDelete", nil, as(AppToken("Chat.ManageDeletion.All"))); r.status != 204 {
		t.Fatalf("restoring with Chat.ManageDeletion.All: %d %s", r.status, r.raw)
	}
}
