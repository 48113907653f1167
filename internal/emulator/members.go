package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
)

// memberInput is one member of a create or add-member body.
type memberInput struct {
	ODataType                   string          `json:"@odata.type"`
	Bind                        string          `json:"user@odata.bind"`
	Roles                       json.RawMessage `json:"roles"`
	TenantID                    string          `json:"tenantId"`
	VisibleHistoryStartDateTime string          `json:"visibleHistoryStartDateTime"`
}

// resolveMember checks one member of a body and finds its user.
func (s *Server) resolveMember(in memberInput) (User, string, *graphError) {
	if in.ODataType != memberODataType {
		return User{}, "", failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The member type '%s' is not supported; use '%s'.", in.ODataType, memberODataType))
	}
	var roles []string
	if len(in.Roles) == 0 || string(in.Roles) == "null" {
		return User{}, "", failure(http.StatusBadRequest, "BadRequest", "Must specify a role for the new member.")
	}
	if err := json.Unmarshal(in.Roles, &roles); err != nil {
		return User{}, "", failure(http.StatusBadRequest, "BadRequest", "Invalid request body: roles must be an array of strings.")
	}
	if len(roles) == 0 {
		return User{}, "", failure(http.StatusBadRequest, "BadRequest", "Must specify a role for the new member.")
	}
	if len(roles) > 1 {
		return User{}, "", failure(http.StatusBadRequest, "BadRequest", "Only one role can be specified for a member.")
	}
	role := roles[0]
	if role != "owner" && role != "guest" {
		return User{}, "", failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The passed-in role '%s' is not supported.", role))
	}
	if in.Bind == "" {
		return User{}, "", failure(http.StatusBadRequest, "BadRequest", "Bind property 'user@odata.bind' is required for a member.")
	}
	key, err := ParseUserBind(in.Bind)
	if err != nil {
		return User{}, "", failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid bind property value '%s': %s.", in.Bind, err))
	}
	if in.TenantID != "" {
		if _, err := uuid.Parse(in.TenantID); err != nil {
			return User{}, "", failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid tenantId '%s'.", in.TenantID))
		}
	}
	u, ok := s.store.user(key, in.TenantID)
	if !ok {
		where := ""
		if in.TenantID != "" {
			where = " in tenant " + in.TenantID
		}
		// UNCONFIRMED whether Graph answers 400 or 404 here; 404 is the stricter answer for a client
		// that might mistake it for a missing chat.
		return User{}, "", failure(http.StatusNotFound, "NotFound", fmt.Sprintf("User '%s'%s was not found.", key, where))
	}
	if in.TenantID != "" && !strings.EqualFold(in.TenantID, s.store.dir.HomeTenantID) && role != "owner" {
		// chat-post: out-of-tenant guests must be assigned the owner role.
		return User{}, "", failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' of tenant %s is from outside this tenant and must be added with the role 'owner'.", key, in.TenantID))
	}
	if u.UserType == "Guest" && role != "guest" {
		return User{}, "", failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' is a guest of this tenant and must be added with the role 'guest'.", key))
	}
	return u, role, nil
}

// memberPageSize is how many members one page of GET /chats/{id}/members holds. Graph's pages do
// not say whether it pages members; the emulator pages them (below the 25 of $expand), so that a
// client that does not follow @odata.nextLink misses members here first.
const memberPageSize = 20

func (s *Server) listMembers(q *request) response {
	// chat-list-members: "This operation doesn't support the OData query parameters to customize
	// the response." Graph's answer to one is not documented; the emulator refuses it. The
	// $skiptoken of its own @odata.nextLink is the exception.
	offset := 0
	for k, v := range q.r.URL.Query() {
		if k == "$skiptoken" {
			n, ok := decodeSkipToken(v[0])
			if !ok {
				return fail(http.StatusBadRequest, "BadRequest", "The skip token is not valid.")
			}
			offset = n
			continue
		}
		if strings.HasPrefix(k, "$") {
			return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The query option '%s' is not supported when listing chat members.", k))
		}
	}
	c, e := s.store.chat(q.param("chatId"), s.viewer(q))
	if e != nil {
		return e.answer()
	}
	end := min(offset+memberPageSize, len(c.Members))
	value := make([]any, 0, memberPageSize)
	for i := offset; i < end; i++ {
		value = append(value, renderMember(c.Members[i]))
	}
	out := map[string]any{
		"@odata.context": fmt.Sprintf("%s/$metadata#chats('%s')/members", graphRoot, c.ID),
		"@odata.count":   len(c.Members),
		"value":          value,
	}
	if end < len(c.Members) {
		out["@odata.nextLink"] = nextLink(q, end, nil)
	}
	return reply(http.StatusOK, out)
}

// getMember is GET /chats/{id}/members/{id}. Both pages that document it (chat-get-members,
// conversationmember-get) say it supports no OData query parameters; the emulator refuses them.
func (s *Server) getMember(q *request) response {
	for k := range q.r.URL.Query() {
		if strings.HasPrefix(k, "$") {
			return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The query option '%s' is not supported when reading a chat member.", k))
		}
	}
	c, i, e := s.store.child(q.param("chatId"), s.viewer(q), s.membership(q))
	if e != nil {
		return e.answer()
	}
	obj := renderMember(c.Members[i])
	obj["@odata.context"] = fmt.Sprintf("%s/$metadata#chats('%s')/members/$entity", graphRoot, c.ID)
	return reply(http.StatusOK, obj)
}

// membership finds the membership the path names.
func (s *Server) membership(q *request) func(c *Chat) (int, *graphError) {
	return func(c *Chat) (int, *graphError) { return memberIndex(c, q.param("membershipId")) }
}

// memberLocation is the Location of a membership, as POST …/members answers it.
func memberLocation(chatID, membershipID string) string {
	return "/chats/" + url.PathEscape(chatID) + "/members/" + url.PathEscape(membershipID)
}

func (s *Server) addMember(q *request) response {
	var in memberInput
	if e := q.decode(&in); e != nil {
		return e.answer()
	}
	var location string
	_, e := s.store.changeChat(q.param("chatId"), s.viewer(q), func(c *Chat) *graphError {
		if e := groupOnly(c, "Adding members to"); e != nil {
			return e
		}
		u, role, e := s.resolveMember(in)
		if e != nil {
			return e
		}
		if _, exists := c.memberByUser(u.ID); !exists && len(c.Members) >= maxChatMembers {
			return failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The chat already has %d members, the most Teams allows.", maxChatMembers))
		}
		if _, exists := c.memberByUser(u.ID); !exists && len(c.Members) == 2 && s.variant().SmallGroupAdd == http.StatusForbidden {
			// Field report (microsoft-graph-docs-contrib#1622): a group chat of two refuses new members.
			return failure(http.StatusForbidden, "Forbidden", "RosterAddMemberBlocked-Roster is blocked from add member.")
		}
		if i, exists := c.memberByUser(u.ID); exists {
			// Adding someone already there: Microsoft does not document the answer.
			switch s.variant().ExistingMember {
			case http.StatusBadRequest:
				return failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' is already a member of the chat.", u.ID))
			case http.StatusCreated:
				location = memberLocation(c.ID, c.Members[i].ID)
				return nil
			default:
				return failure(http.StatusConflict, "Conflict", fmt.Sprintf("User '%s' is already a member of the chat.", u.ID))
			}
		}
		var history time.Time
		if in.VisibleHistoryStartDateTime != "" {
			t, err := time.Parse(time.RFC3339Nano, in.VisibleHistoryStartDateTime)
			if err != nil {
				return failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid visibleHistoryStartDateTime '%s'.", in.VisibleHistoryStartDateTime))
			}
			if t.Year() > 1 {
				history = t.UTC()
			}
		} else {
			history = s.store.tick()
		}
		m := newMember(c.ID, u, role, history)
		s.store.addMember(c, m)
		location = memberLocation(c.ID, m.ID)
		return nil
	})
	if e != nil {
		return e.answer()
	}
	return response{status: http.StatusCreated, location: location}
}

func (s *Server) removeMember(q *request) response {
	_, e := s.store.changeChild(q.param("chatId"), s.viewer(q), func(c *Chat) (int, *graphError) {
		if e := groupOnly(c, "Removing members from"); e != nil {
			return -1, e
		}
		return memberIndex(c, q.param("membershipId"))
	}, nil, func(c *Chat, i int, _ App) *graphError {
		if m := c.Members[i]; !strings.EqualFold(m.TenantID, c.TenantID) {
			// Field reports (microsoft-graph-docs-contrib#2180, msgraph-sdk-dotnet#1111): removing a
			// member of another organisation fails, and the member stays.
			if s.variant().ForeignRemoval == http.StatusNotFound {
				return failure(http.StatusNotFound, "NotFound", fmt.Sprintf("The requested instance was not found. Id:'%s'.", m.ID))
			}
			return failure(http.StatusBadRequest, "BadRequest", "Removing a member from another tenant is not supported.")
		}
		s.store.removeMember(c, i)
		return nil
	})
	if e != nil {
		return e.answer()
	}
	return noContent()
}

// groupOnly refuses a member change to a chat that is not a group chat: a oneOnOne chat's members
// are fixed ("<what> a 1-on-1 chat is not supported.").
func groupOnly(c *Chat, what string) *graphError {
	if c.ChatType != "group" {
		return failure(http.StatusBadRequest, "BadRequest", what+" a 1-on-1 chat is not supported.")
	}
	return nil
}
