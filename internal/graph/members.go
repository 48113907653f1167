package graph

import (
	"context"
	"errors"
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

// RosterBlockedError: Teams refused to add a member to the chat (RosterAddMemberBlocked). Field
// reports (microsoftgraph/microsoft-graph-docs-contrib#1622) show Graph answering it when adding a
// member to a group chat created with two people. It is not a missing permission.
type RosterBlockedError struct {
	ChatID string
	Err    *APIError
}

func (e *RosterBlockedError) Error() string {
	return fmt.Sprintf("Teams refused to add a member to chat %s (RosterAddMemberBlocked: %s). This is not a missing permission: "+
		"Microsoft Graph is reported to refuse new members in a group chat that was created with two people. "+
		"Add the member in Teams, or create the chat with all its members", e.ChatID, e.Err.Error())
}

// IsRosterBlocked reports whether err is Teams refusing to add a member to a chat's roster.
func IsRosterBlocked(err error) bool {
	var rb *RosterBlockedError
	return errors.As(err, &rb)
}

// rosterBlocked turns Graph's RosterAddMemberBlocked answer to an add into a RosterBlockedError.
func rosterBlocked(chatID string, err error) error {
	var fe *ForbiddenError
	if errors.As(err, &fe) && strings.Contains(fe.Message, "RosterAddMemberBlocked") {
		return &RosterBlockedError{ChatID: chatID, Err: fe.APIError}
	}
	var br *BadRequestError
	if errors.As(err, &br) && strings.Contains(br.Message, "RosterAddMemberBlocked") {
		return &RosterBlockedError{ChatID: chatID, Err: br.APIError}
	}
	return err
}

// MemberNotRemovableError: Graph answered a removal with an error (a 404 or 400) and the member
// is still in the chat. Field reports (microsoftgraph/microsoft-graph-docs-contrib#2180,
// microsoftgraph/msgraph-sdk-dotnet#1111) show this for members of another organisation, with a
// 404 that reads as if the member were gone. It deliberately does not unwrap to a NotFoundError:
// callers that take a 404 for "already removed" must not take this for success.
type MemberNotRemovableError struct {
	ChatID string
	Member Member
	Err    error
}

func (e *MemberNotRemovableError) Error() string {
	who := e.Member.UserID
	if e.Member.DisplayName != "" {
		who = fmt.Sprintf("%s (%s)", e.Member.DisplayName, e.Member.UserID)
	}
	msg := fmt.Sprintf("Microsoft Graph did not remove %s from chat %s: it answered %q and the member is still in the chat", who, e.ChatID, e.Err.Error())
	if e.Member.TenantID != "" {
		msg += fmt.Sprintf(". The member belongs to tenant %s; Graph is reported not to remove members of another organisation from a chat "+
			"(field reports: microsoft-graph-docs-contrib#2180, msgraph-sdk-dotnet#1111)", e.Member.TenantID)
	}
	return msg + ". Remove them in Teams, or, to keep them, remove them from the configuration and from Terraform's state (terraform state rm)"
}

// IsMemberNotRemovable reports whether err is a removal Graph refused while the member stays.
func IsMemberNotRemovable(err error) bool {
	var mn *MemberNotRemovableError
	return errors.As(err, &mn)
}

// stillMember checks, after a removal answered 404 or 400, whether the membership is still in the
// chat; if it is, the answer becomes a MemberNotRemovableError. Otherwise err is returned as it was.
func (c *Client) stillMember(ctx context.Context, chatID, membershipID string, err error) error {
	var nf *NotFoundError
	var br *BadRequestError
	if !errors.As(err, &nf) && !errors.As(err, &br) {
		return err
	}
	members, lerr := c.ListMembers(ctx, chatID)
	if lerr != nil {
		return err
	}
	for _, m := range members {
		if m.MembershipID == membershipID {
			return &MemberNotRemovableError{ChatID: chatID, Member: m, Err: err}
		}
	}
	return err
}
