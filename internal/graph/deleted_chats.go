package graph

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// Deleted chats (resources/deletedchat.md): DELETE /chats/{id} soft-deletes a chat, which an
// administrator can restore with its id, history, members, apps and tabs for seven days
// (chat-delete.md); after that it is gone for good. Reading and restoring one need
// Chat.ManageDeletion.All (the permission deleting needs); a signed-in user must also be a Teams or
// tenant administrator to restore.

// permRestore is the permission GET /teamwork/deletedChats/{id} and its undoDelete need.
const permRestore = permDelete

// DeletedChat is a chat that was deleted and can still be restored.
type DeletedChat struct {
	ID string
}

// GetDeletedChat reads a deleted chat (GET /teamwork/deletedChats/{id}). A chat that is not deleted,
// or was deleted longer ago than Graph keeps it, is a NotFoundError. Microsoft's example wraps the
// deletedChat in "value", so the id asked for is the id returned when the body names none.
func (c *Client) GetDeletedChat(ctx context.Context, id string) (DeletedChat, error) {
	got, err := call(ctx, permRestore, func(ctx context.Context) (models.DeletedChatable, error) {
		return c.sdk.Teamwork().DeletedChats().ByDeletedChatId(id).Get(ctx, nil)
	})
	if err != nil {
		return DeletedChat{}, err
	}
	out := DeletedChat{ID: id}
	if got != nil && str(got.GetId()) != "" {
		out.ID = str(got.GetId())
	}
	return out, nil
}

// RestoreDeletedChat restores a deleted chat (POST /teamwork/deletedChats/{id}/undoDelete, 204):
// it comes back with the same id, members, apps and tabs. A 404 after which the chat reads (an
// earlier attempt, resent after an unclear failure, restored it) is success; otherwise a 404 is a
// NotFoundError: the chat is not deleted, or no longer restorable. Graph may take a moment before
// the restored chat reads: WaitChatRestored waits for it.
func (c *Client) RestoreDeletedChat(ctx context.Context, id string) error {
	_, err := call(ctx, permRestore, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.sdk.Teamwork().DeletedChats().ByDeletedChatId(id).UndoDelete().Post(ctx, nil)
	})
	if IsNotFound(err) {
		if _, gerr := c.GetChat(ctx, id); gerr == nil {
			return nil
		}
	}
	return err
}

// WaitChatRestored reads a chat until it is back after RestoreDeletedChat: a restored chat may
// answer 404 for a moment, as a new one does, or 403 where Graph answers that for a deleted chat.
// It polls with a growing interval until the context ends, then returns the last answer. A 403
// that IsChatGone does not take for a gone chat (a missing permission, which waiting would not
// cure) is returned at once.
func (c *Client) WaitChatRestored(ctx context.Context, id string) (Chat, error) {
	interval := 250 * time.Millisecond
	for {
		chat, err := c.GetChat(ctx, id)
		if err == nil || !c.IsChatGone(ctx, id, "", err) {
			return chat, err
		}
		if werr := sleepCtx(ctx, interval); werr != nil {
			return Chat{}, fmt.Errorf("the restored chat %s does not read yet: %w (%w)", id, err, werr)
		}
		if interval < 4*time.Second {
			interval *= 2
		}
	}
}

// MayRestoreChats tells from the token whether the caller may restore deleted chats: an
// application whose token grants Chat.ManageDeletion.All. A token whose roles cannot be read is
// given the benefit of the doubt (Graph decides). A signed-in user may not: Microsoft documents the
// restore as "not supported for non-admin users", and a token does not say who is an
// administrator. reason says why not, as a sentence.
func (c *Client) MayRestoreChats(ctx context.Context) (ok bool, reason string) {
	caller, err := c.Caller(ctx)
	if err != nil {
		return true, ""
	}
	if caller.Delegated {
		return false, "Restoring deleted chats is for administrators (Microsoft: not supported for non-admin users), which a signed-in user's token cannot show; an application with Chat.ManageDeletion.All restores them."
	}
	claims, err := c.tokenClaims(ctx)
	if err != nil || len(claims.Roles) == 0 {
		return true, ""
	}
	for _, r := range claims.Roles {
		if strings.EqualFold(r, permRestore) {
			return true, ""
		}
	}
	return false, "Restoring deleted chats needs the application permission " + permRestore + ", which the provider's token does not carry."
}
