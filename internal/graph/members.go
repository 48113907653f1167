package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// Member roles accepted by Graph for chat members.
const (
	RoleOwner = "owner"
	RoleGuest = "guest"
)

// Permissions named in errors for member changes (listing members needs permRead).
const (
	permAddMember    = "Chat.ReadWrite.All (or ChatMember.ReadWrite.All; signed in: ChatMember.ReadWrite)"
	permRemoveMember = "ChatMember.ReadWrite.All (signed in: ChatMember.ReadWrite)"
)

// MemberSpec is a member to put into a chat.
type MemberSpec struct {
	// User is an object id or a user principal name.
	User string
	Role string
	// TenantID is set for a user of another organisation.
	TenantID string
	// VisibleHistoryStartDateTime is used when the member is added to an existing chat
	// (nil = Graph's default; the zero time = all history).
	VisibleHistoryStartDateTime *time.Time
}

// Member is a chat membership as Graph returns it.
type Member struct {
	MembershipID                string
	UserID                      string
	DisplayName                 string
	Email                       string
	TenantID                    string
	Roles                       []string
	VisibleHistoryStartDateTime *time.Time
}

// Role is the member's single role; Graph may send [] for a plain owner.
func (m Member) Role() string {
	for _, r := range m.Roles {
		if strings.EqualFold(r, RoleGuest) {
			return RoleGuest
		}
	}
	return RoleOwner
}

// newMemberBody converts a MemberSpec into the SDK's member model.
func newMemberBody(graphBase string, m MemberSpec) models.ConversationMemberable {
	body := models.NewAadUserConversationMember()
	odataType := "#microsoft.graph.aadUserConversationMember"
	body.SetOdataType(&odataType)
	body.SetRoles([]string{m.Role})
	extra := map[string]any{"user@odata.bind": UserBind(graphBase, m.User)}
	if m.TenantID != "" {
		tid := m.TenantID
		body.SetTenantId(&tid)
	}
	if m.VisibleHistoryStartDateTime != nil {
		// Written as a string of our own: the SDK's JSON writer formats times as RFC 3339 without
		// fractions, which would move a member's history start by up to a second when they are
		// re-added with the history they had (Graph keeps milliseconds).
		extra["visibleHistoryStartDateTime"] = FormatGraphTime(*m.VisibleHistoryStartDateTime)
	}
	body.SetAdditionalData(extra)
	return body
}

// NewMember converts the SDK's member model.
func NewMember(m models.ConversationMemberable) Member {
	out := Member{
		MembershipID: str(m.GetId()),
		DisplayName:  str(m.GetDisplayName()),
		Roles:        append([]string(nil), m.GetRoles()...),
	}
	if t := m.GetVisibleHistoryStartDateTime(); t != nil {
		v := t.UTC()
		out.VisibleHistoryStartDateTime = &v
	}
	if a, ok := m.(models.AadUserConversationMemberable); ok {
		out.UserID = str(a.GetUserId())
		out.Email = str(a.GetEmail())
		out.TenantID = str(a.GetTenantId())
	}
	return out
}

// ListMembers lists every member of a chat, following @odata.nextLink.
func (c *Client) ListMembers(ctx context.Context, chatID string) ([]Member, error) {
	var out []Member
	builder := c.sdk.Chats().ByChatId(chatID).Members()
	for {
		page, err := call(ctx, permRead, func(ctx context.Context) (models.ConversationMemberCollectionResponseable, error) {
			return builder.Get(ctx, nil)
		})
		if err != nil {
			return nil, err
		}
		for _, m := range page.GetValue() {
			out = append(out, NewMember(m))
		}
		next := str(page.GetOdataNextLink())
		if next == "" {
			return out, nil
		}
		builder = builder.WithUrl(next)
	}
}

// FindMember reads the membership of one user (object id) in a chat from the chat's member list
// (every page). A user who is not a member is a NotFoundError, as is a chat that is gone.
func (c *Client) FindMember(ctx context.Context, chatID, userID string) (Member, error) {
	members, err := c.ListMembers(ctx, chatID)
	if err != nil {
		return Member{}, err
	}
	if m, ok := memberWith(members, func(m Member) bool { return strings.EqualFold(m.UserID, userID) }); ok {
		return m, nil
	}
	return Member{}, &NotFoundError{&APIError{Status: http.StatusNotFound, Code: "NotFound",
		Message: fmt.Sprintf("user %s is not a member of chat %s", userID, chatID)}}
}

// AddMember adds one member to a group chat. Graph answers 201 with no body: read the chat
// again to learn the membership id. Adding someone who is already there (for example after a
// resent request) is success: Graph's answer to it is not documented (409, 400 or a 2xx), so a
// 409 or 400 is checked against the chat's members.
func (c *Client) AddMember(ctx context.Context, chatID string, m MemberSpec) error {
	_, err := call(ctx, permAddMember, func(ctx context.Context) (models.ConversationMemberable, error) {
		return c.sdk.Chats().ByChatId(chatID).Members().Post(ctx, newMemberBody(c.graphBase(), m), nil)
	})
	if maybeAlreadyThere(err) {
		if present, perr := c.memberPresent(ctx, chatID, m.User); perr == nil && present {
			return nil
		}
	}
	return rosterBlocked(chatID, err)
}

// RemoveMember removes a membership (by membership id, not user id) from a group chat. A 404 or
// 400 after which the membership is still in the chat (Graph refusing to remove a member of another
// organisation) is a MemberNotRemovableError, not a NotFoundError.
func (c *Client) RemoveMember(ctx context.Context, chatID, membershipID string) error {
	_, err := call(ctx, permRemoveMember, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.sdk.Chats().ByChatId(chatID).Members().ByConversationMemberId(membershipID).Delete(ctx, nil)
	})
	if err != nil {
		return c.stillMember(ctx, chatID, membershipID, err)
	}
	return nil
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

// Is this person there? The answers below read a member list; they are the only places that do.

// memberWith returns the first member for which match holds.
func memberWith(members []Member, match func(Member) bool) (Member, bool) {
	for _, m := range members {
		if match(m) {
			return m, true
		}
	}
	return Member{}, false
}

// memberPresent reports whether the user (object id or user principal name) is a member of the
// chat, for an add whose answer said the member was already there.
func (c *Client) memberPresent(ctx context.Context, chatID, user string) (bool, error) {
	id, err := c.resolveUser(ctx, user)
	if err != nil {
		return false, err
	}
	_, err = c.FindMember(ctx, chatID, id)
	if IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

// userIDs are the members' user ids.
func userIDs(members []Member) []string {
	ids := make([]string, 0, len(members))
	for _, m := range members {
		ids = append(ids, m.UserID)
	}
	return ids
}

// hasUsers reports whether every object id in want is one of have (object ids, any case).
func hasUsers(have, want []string) bool {
	set := make(map[string]bool, len(have))
	for _, id := range have {
		set[strings.ToLower(id)] = true
	}
	for _, id := range want {
		if !set[strings.ToLower(id)] {
			return false
		}
	}
	return true
}

// sameUsers reports whether the members are exactly the users of want (object ids, any case).
func sameUsers(members []Member, want []string) bool {
	have := userIDs(members)
	return len(have) == len(want) && hasUsers(have, want) && hasUsers(want, have)
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
	if m, ok := memberWith(members, func(m Member) bool { return m.MembershipID == membershipID }); ok {
		return &MemberNotRemovableError{ChatID: chatID, Member: m, Err: err}
	}
	return err
}
