package graph

import (
	"context"
	"errors"
	"net/http"

	"github.com/microsoftgraph/msgraph-sdk-go/chats"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/users"

	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// Microsoft does not document what Graph answers for a soft-deleted chat (reading it, or deleting
// it again), nor for adding someone who is already a member. The functions here make the provider
// correct for every plausible answer: 404 or 403 for a deleted chat, 404, 403 or 2xx for a second
// delete, 409, 400 or 2xx for an existing member.

// ChatGone tells, after Graph answered 403 for a chat, whether the chat is gone rather than the
// caller short of a permission: a 403 for a deleted chat is plausible. The caller's read
// permission is probed with one page of one chat list that needs the same permission (the
// signed-in user's chats, or those of memberUserID for an application): if that works, the 403 was
// about this chat, which the caller could read before, so it is gone.
func (c *Client) ChatGone(ctx context.Context, memberUserID string) (bool, error) {
	caller, err := c.Caller(ctx)
	if err != nil {
		return false, err
	}
	top := int32(1)
	_, err = call(ctx, permRead, func(ctx context.Context) (models.ChatCollectionResponseable, error) {
		if caller.Delegated || memberUserID == "" {
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

// DeleteChatIfPresent soft-deletes a chat; a chat already gone is success. A 403 is checked: if
// the chat can still be read, the caller lacks the permission to delete (the error is returned);
// if reading it answers 404, or 403 while the caller can read other chats, it was already deleted.
func (c *Client) DeleteChatIfPresent(ctx context.Context, id, memberUserID string) error {
	err := c.DeleteChat(ctx, id)
	if IsNotFound(err) {
		return nil
	}
	if !IsForbidden(err) {
		return err
	}
	_, gerr := c.GetChat(ctx, id)
	switch {
	case gerr == nil:
		return err // the chat is there: the 403 is about deleting it
	case IsNotFound(gerr):
		return nil
	case IsForbidden(gerr):
		if gone, perr := c.ChatGone(ctx, memberUserID); perr == nil && gone {
			return nil
		}
	}
	return err
}

// memberPresent reports whether the user (object id or user principal name) is a member of the
// chat, for an add whose answer said the member was already there.
func (c *Client) memberPresent(ctx context.Context, chatID, user string) (bool, error) {
	id := user
	if !rules.IsGUID(user) {
		u, err := c.GetUser(ctx, user)
		if err != nil {
			return false, err
		}
		id = u.ID
	}
	_, err := c.FindMember(ctx, chatID, id)
	if IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

// maybeAlreadyThere reports whether err is an answer that may mean the thing added is already
// there (a member, an installed app): 409, or 400.
func maybeAlreadyThere(err error) bool {
	var br *BadRequestError
	return errors.As(err, &br) && (br.Status == http.StatusConflict || br.Status == http.StatusBadRequest)
}
