package emulator

import (
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Deleted chats (resources/deletedchat.md): DELETE /chats/{id} soft-deletes a chat, which keeps its
// id, members, apps and tabs for the restore window (seven days, chat-delete.md). While deleted it
// answers as gone to every /chats request and leaves every chat list; GET
// /teamwork/deletedChats/{id} finds it and POST …/undoDelete brings it back as it was. Past the
// window it is purged. The list GET /teamwork/deletedChats is not served: the v1.0 pages document
// only Get and undoDelete (the stricter reading: an unknown segment, 400).

// getDeletedChat is GET /teamwork/deletedChats/{id} (deletedchat-get): 200 with the deletedChat,
// shaped as the page's example shows it (wrapped in "value"; the page's prose says "a deletedChat
// object", the example is the stricter answer for a client that reads the body). A chat that is
// not deleted, or is purged, is not in the deleted chats: 404 (not documented). The page says the
// method "supports some of the OData query parameters" without naming them; the emulator accepts
// $select, the one every entity takes, and refuses the others (the stricter reading).
func (s *Server) getDeletedChat(q *request) response {
	for k := range q.r.URL.Query() {
		if strings.HasPrefix(k, "$") && k != "$select" {
			return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The query option '%s' is not supported when reading a deleted chat.", k))
		}
	}
	c, ok := s.store.deletedChat(q.param("chatId"))
	if !ok {
		return notDeleted(q.param("chatId"))
	}
	return reply(http.StatusOK, map[string]any{"value": map[string]any{
		"@odata.type": "#microsoft.graph.deletedChat",
		"id":          c.ID,
	}})
}

// undoDeleteChat is POST /teamwork/deletedChats/{id}/undoDelete (deletedchat-undodelete): 204, and
// the chat is back with the same id, members, apps and tabs. "Don't supply a request body": a body
// is refused with 400 (not documented; stricter). "This operation is not supported for non-admin
// users": delegated callers are refused, as for DELETE /chats/{id} (administrator tokens are not
// modelled). A chat that is not deleted, or is purged, is 404 (not documented).
func (s *Server) undoDeleteChat(q *request) response {
	if n, _ := io.Copy(io.Discard, io.LimitReader(q.r.Body, 1)); n > 0 {
		return fail(http.StatusBadRequest, "BadRequest", "undoDelete takes no request body.")
	}
	if q.caller.delegated {
		return fail(http.StatusForbidden, "Forbidden", "Missing role permissions on the request. Restoring a deleted chat with delegated permissions needs a Teams or tenant administrator; applications need Chat.ManageDeletion.All.")
	}
	if !s.store.undelete(q.param("chatId")) {
		return notDeleted(q.param("chatId"))
	}
	return noContent()
}

// notDeleted answers for a chat that is not among the deleted chats.
func notDeleted(id string) response {
	return fail(http.StatusNotFound, "NotFound", fmt.Sprintf("Deleted chat '%s' was not found.", id))
}
