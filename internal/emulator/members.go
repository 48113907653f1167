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

// resolveMember checks one member of a body and finds its user. It answers the error itself.
func (s *Server) resolveMember(q *request, in memberInput) (User, string, bool) {
	if in.ODataType != memberODataType {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The member type '%s' is not supported; use '%s'.", in.ODataType, memberODataType))
		return User{}, "", false
	}
	var roles []string
	if len(in.Roles) == 0 || string(in.Roles) == "null" {
		q.fail(http.StatusBadRequest, "BadRequest", "Must specify a role for the new member.")
		return User{}, "", false
	}
	if err := json.Unmarshal(in.Roles, &roles); err != nil {
		q.fail(http.StatusBadRequest, "BadRequest", "Invalid request body: roles must be an array of strings.")
		return User{}, "", false
	}
	if len(roles) == 0 {
		q.fail(http.StatusBadRequest, "BadRequest", "Must specify a role for the new member.")
		return User{}, "", false
	}
	if len(roles) > 1 {
		q.fail(http.StatusBadRequest, "BadRequest", "Only one role can be specified for a member.")
		return User{}, "", false
	}
	role := roles[0]
	if role != "owner" && role != "guest" {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The passed-in role '%s' is not supported.", role))
		return User{}, "", false
	}
	if in.Bind == "" {
		q.fail(http.StatusBadRequest, "BadRequest", "Bind property 'user@odata.bind' is required for a member.")
		return User{}, "", false
	}
	key, err := ParseUserBind(in.Bind)
	if err != nil {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid bind property value '%s': %s.", in.Bind, err))
		return User{}, "", false
	}
	if in.TenantID != "" {
		if _, err := uuid.Parse(in.TenantID); err != nil {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid tenantId '%s'.", in.TenantID))
			return User{}, "", false
		}
	}
	u, ok := s.store.dir.lookup(key, in.TenantID)
	if !ok {
		where := ""
		if in.TenantID != "" {
			where = " in tenant " + in.TenantID
		}
		// UNCONFIRMED whether Graph answers 400 or 404 here; 404 is the stricter answer for a client
		// that might mistake it for a missing chat.
		q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("User '%s'%s was not found.", key, where))
		return User{}, "", false
	}
	if in.TenantID != "" && !strings.EqualFold(in.TenantID, s.store.dir.HomeTenantID) && role != "owner" {
		// chat-post: out-of-tenant guests must be assigned the owner role.
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' of tenant %s is from outside this tenant and must be added with the role 'owner'.", key, in.TenantID))
		return User{}, "", false
	}
	if u.UserType == "Guest" && role != "guest" {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' is a guest of this tenant and must be added with the role 'guest'.", key))
		return User{}, "", false
	}
	return u, role, true
}

// memberPageSize is how many members one page of GET /chats/{id}/members holds. Graph's pages do
// not say whether it pages members; the emulator pages them (below the 25 of $expand), so that a
// client that does not follow @odata.nextLink misses members here first.
const memberPageSize = 20

func (s *Server) listMembers(q *request) {
	// chat-list-members: "This operation doesn't support the OData query parameters to customize
	// the response." Graph's answer to one is not documented; the emulator refuses it. The
	// $skiptoken of its own @odata.nextLink is the exception.
	offset := 0
	for k, v := range q.r.URL.Query() {
		if k == "$skiptoken" {
			n, ok := decodeSkipToken(v[0])
			if !ok {
				q.fail(http.StatusBadRequest, "BadRequest", "The skip token is not valid.")
				return
			}
			offset = n
			continue
		}
		if strings.HasPrefix(k, "$") {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The query option '%s' is not supported when listing chat members.", k))
			return
		}
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
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
	q.json(http.StatusOK, out)
}

// getMember is GET /chats/{id}/members/{id}. Both pages that document it (chat-get-members,
// conversationmember-get) say it supports no OData query parameters; the emulator refuses them.
func (s *Server) getMember(q *request) {
	for k := range q.r.URL.Query() {
		if strings.HasPrefix(k, "$") {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The query option '%s' is not supported when reading a chat member.", k))
			return
		}
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
	}
	for _, m := range c.Members {
		if m.ID == q.seg[3] {
			obj := renderMember(m)
			obj["@odata.context"] = fmt.Sprintf("%s/$metadata#chats('%s')/members/$entity", graphRoot, c.ID)
			q.json(http.StatusOK, obj)
			return
		}
	}
	q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("Member '%s' was not found in chat '%s'.", q.seg[3], c.ID))
}

func (s *Server) addMember(q *request) {
	var in memberInput
	if !q.decode(&in) {
		return
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.groupChat(q, "Adding members to")
	if !ok {
		return
	}
	u, role, ok := s.resolveMember(q, in)
	if !ok {
		return
	}
	if _, exists := c.memberByUser(u.ID); !exists && len(c.Members) >= maxChatMembers {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The chat already has %d members, the most Teams allows.", maxChatMembers))
		return
	}
	if _, exists := c.memberByUser(u.ID); !exists && len(c.Members) == 2 && s.variant().SmallGroupAdd == http.StatusForbidden {
		// Field report (microsoft-graph-docs-contrib#1622): a group chat of two refuses new members.
		q.fail(http.StatusForbidden, "Forbidden", "RosterAddMemberBlocked-Roster is blocked from add member.")
		return
	}
	if i, exists := c.memberByUser(u.ID); exists {
		// Adding someone already there: Microsoft does not document the answer.
		switch s.variant().ExistingMember {
		case http.StatusBadRequest:
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' is already a member of the chat.", u.ID))
		case http.StatusCreated:
			q.w.Header().Set("Location", "/chats/"+url.PathEscape(c.ID)+"/members/"+url.PathEscape(c.Members[i].ID))
			q.w.Header().Set("request-id", q.reqID)
			q.w.WriteHeader(http.StatusCreated)
		default:
			q.fail(http.StatusConflict, "Conflict", fmt.Sprintf("User '%s' is already a member of the chat.", u.ID))
		}
		return
	}
	var history time.Time
	if in.VisibleHistoryStartDateTime != "" {
		t, err := time.Parse(time.RFC3339Nano, in.VisibleHistoryStartDateTime)
		if err != nil {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid visibleHistoryStartDateTime '%s'.", in.VisibleHistoryStartDateTime))
			return
		}
		if t.Year() > 1 {
			history = t.UTC()
		}
	} else {
		history = s.store.tick()
	}
	m := newMember(c.ID, u, role, history)
	s.store.addMember(c, m)
	q.w.Header().Set("Location", "/chats/"+url.PathEscape(c.ID)+"/members/"+url.PathEscape(m.ID))
	q.w.Header().Set("request-id", q.reqID)
	q.w.WriteHeader(http.StatusCreated)
}

func (s *Server) removeMember(q *request) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.groupChat(q, "Removing members from")
	if !ok {
		return
	}
	for i, m := range c.Members {
		if m.ID != q.seg[3] {
			continue
		}
		if !strings.EqualFold(m.TenantID, c.TenantID) {
			// Field reports (microsoft-graph-docs-contrib#2180, msgraph-sdk-dotnet#1111): removing a
			// member of another organisation fails, and the member stays.
			if s.variant().ForeignRemoval == http.StatusNotFound {
				q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("The requested instance was not found. Id:'%s'.", m.ID))
				return
			}
			q.fail(http.StatusBadRequest, "BadRequest", "Removing a member from another tenant is not supported.")
			return
		}
		s.store.removeMember(c, i)
		q.noContent()
		return
	}
	q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("Member '%s' was not found in chat '%s'.", q.seg[3], c.ID))
}

// groupChat finds the group chat a member change is addressed to; a oneOnOne chat's members are
// fixed ("<what> a 1-on-1 chat is not supported."). Callers hold the lock.
func (s *Server) groupChat(q *request, what string) (*Chat, bool) {
	c, ok := s.visibleChat(q)
	if !ok {
		return nil, false
	}
	if c.ChatType != "group" {
		q.fail(http.StatusBadRequest, "BadRequest", what+" a 1-on-1 chat is not supported.")
		return nil, false
	}
	return c, true
}
