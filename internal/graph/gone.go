package graph

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/microsoftgraph/msgraph-sdk-go/chats"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// Microsoft does not document what Graph answers for a soft-deleted chat (reading it, or deleting
// it again), nor for adding someone who is already a member. The functions here make the provider
// correct for every plausible answer: 404 or 403 for a deleted chat, 404, 403 or 2xx for a second
// delete, 409, 400 or 2xx for an existing member.

// IsChatGone is the provider's one answer to "is this chat gone?" (or the thing inside it that a
// request named) after a request for chatID, or for a member, app installation or tab of it,
// failed with err. Every resource asks it in Read and Delete.
//
//   - 404: gone (the chat, or the thing inside it).
//   - 403: Microsoft does not document a deleted chat's answer, and 403 is plausible, but a 403
//     also means a missing permission. The chat is read: if it reads, the 403 was about the
//     permission for the thing inside it (not gone); 404, gone; 403 again, the caller's right to
//     read chats is confirmed (callerReadsChats) and, if confirmed, the 403 was about this chat,
//     which the caller could read before, so it is gone.
//
// memberUserID is a home-tenant member of the chat when known ("" otherwise); it lets an
// application's confirmation be one request. A failed confirmation counts as not gone: the caller
// reports err.
func (c *Client) IsChatGone(ctx context.Context, chatID, memberUserID string, err error) bool {
	switch {
	case err == nil:
		return false
	case IsNotFound(err):
		return true
	case !IsForbidden(err):
		return false
	}
	_, gerr := c.GetChat(ctx, chatID)
	switch {
	case gerr == nil:
		return false // the chat is there: the 403 is about the permission
	case IsNotFound(gerr):
		return true
	case IsForbidden(gerr):
		ok, perr := c.callerReadsChats(ctx, memberUserID)
		return perr == nil && ok
	}
	return false
}

// chatReadRoles are the application permissions that let an application read any chat
// (chat-get's Application row, less the resource-specific and WhereInstalled ones).
var chatReadRoles = []string{"Chat.ReadBasic.All", "Chat.Read.All", "Chat.ReadWrite.All"}

// callerReadsChats tells whether the caller holds the permission to read chats, so that a 403 for
// one chat is about that chat. It is probed with one page of one chat list that needs the same
// permission (the signed-in user's chats, or those of memberUserID for an application). An
// application that knows no member (Graph has no application-wide chat list) is judged by its
// token: its `roles` claim lists the application permissions granted.
func (c *Client) callerReadsChats(ctx context.Context, memberUserID string) (bool, error) {
	caller, err := c.Caller(ctx)
	if err != nil {
		return false, err
	}
	if !caller.Delegated && memberUserID == "" {
		claims, err := c.tokenClaims(ctx)
		if err != nil {
			return false, err
		}
		for _, r := range claims.Roles {
			for _, want := range chatReadRoles {
				if strings.EqualFold(r, want) {
					return true, nil
				}
			}
		}
		return false, nil
	}
	top := int32(1)
	_, err = call(ctx, permRead, func(ctx context.Context) (models.ChatCollectionResponseable, error) {
		if caller.Delegated {
			return c.sdk.Chats().Get(ctx, &chats.ChatsRequestBuilderGetRequestConfiguration{
				QueryParameters: &chats.ChatsRequestBuilderGetQueryParameters{Top: &top},
			})
		}
		return c.sdk.Users().ByUserId(memberUserID).Chats().Get(ctx, &users.ItemChatsRequestBuilderGetRequestConfiguration{
			QueryParameters: &users.ItemChatsRequestBuilderGetQueryParameters{Top: &top},
		})
	})
	switch {
	case err == nil:
		return true, nil
	case IsForbidden(err):
		return false, nil
	default:
		return false, err
	}
}

// DeleteChatIfPresent soft-deletes a chat; a chat already gone (IsChatGone) is success. A 403 for
// a chat that still reads is the caller lacking the permission to delete: the error is returned.
func (c *Client) DeleteChatIfPresent(ctx context.Context, id, memberUserID string) error {
	err := c.DeleteChat(ctx, id)
	if c.IsChatGone(ctx, id, memberUserID, err) {
		return nil
	}
	return err
}

// maybeAlreadyThere reports whether err is an answer that may mean the thing added is already
// there (a member, an installed app): 409, or 400.
func maybeAlreadyThere(err error) bool {
	var br *BadRequestError
	return errors.As(err, &br) && (br.Status == http.StatusConflict || br.Status == http.StatusBadRequest)
}
