package graph

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// FindMember reads the membership of one user (object id) in a chat from the chat's member list
// (every page). A user who is not a member is a NotFoundError, as is a chat that is gone.
func (c *Client) FindMember(ctx context.Context, chatID, userID string) (Member, error) {
	members, err := c.ListMembers(ctx, chatID)
	if err != nil {
		return Member{}, err
	}
	for _, m := range members {
		if strings.EqualFold(m.UserID, userID) {
			return m, nil
		}
	}
	return Member{}, &NotFoundError{&APIError{Status: http.StatusNotFound, Code: "NotFound",
		Message: fmt.Sprintf("user %s is not a member of chat %s", userID, chatID)}}
}

// ChangeMemberRole gives a member another role. Graph v1.0 has no role update for chat members
// (update conversationMember is documented for teams and channels only), so the member is
// removed and added again with the history they could already see (all of it when Graph gives
// none, and want does not set another). want gives the role and, for a user of another
// organisation, the tenant. The membership id changes.
func (c *Client) ChangeMemberRole(ctx context.Context, chatID string, cur Member, want MemberSpec) error {
	spec := want
	spec.User = cur.UserID
	if spec.VisibleHistoryStartDateTime == nil {
		spec.VisibleHistoryStartDateTime = cur.VisibleHistoryStartDateTime
	}
	if spec.VisibleHistoryStartDateTime == nil {
		spec.VisibleHistoryStartDateTime = &time.Time{}
	}
	if err := c.RemoveMember(ctx, chatID, cur.MembershipID); err != nil && !IsNotFound(err) {
		return fmt.Errorf("removing the member to change their role: %w", err)
	}
	if err := c.AddMember(ctx, chatID, spec); err != nil {
		return fmt.Errorf("adding the member back with role %s: %w", want.Role, err)
	}
	return nil
}
