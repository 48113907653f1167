package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

func (s *Server) lagging(c *Chat) bool {
	s.faults.mu.Lock()
	lag := s.faults.lag
	s.faults.mu.Unlock()
	return lag > 0 && s.store.now().Sub(c.CreatedDateTime) < lag
}

// unlisted reports whether something created at created is still missing from list results: the
// list lag (or, for chats, the create lag) has not passed.
func (s *Server) unlisted(created time.Time) bool {
	s.faults.mu.Lock()
	lag := s.faults.listLag
	s.faults.mu.Unlock()
	return lag > 0 && s.store.now().Sub(created) < lag
}

// visibleChat finds a chat the caller may read, answering the error itself when it cannot.
func (s *Server) visibleChat(q *request) (*Chat, bool) {
	c, ok := s.store.live(q.seg[1])
	if !ok || s.lagging(c) {
		s.failGone(q)
		return nil, false
	}
	if q.caller.delegated {
		if _, member := c.memberByUser(q.caller.userID); !member {
			q.fail(http.StatusForbidden, "Forbidden", "The caller is not a member of this chat.")
			return nil, false
		}
	}
	return c, true
}

func (s *Server) getChat(q *request) {
	view, ok := parseChatView(q)
	if !ok {
		return
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
	}
	obj := renderChat(c, view)
	if view.members {
		obj["@odata.context"] = graphRoot + "/$metadata#chats(members())/$entity"
	} else {
		obj["@odata.context"] = graphRoot + "/$metadata#chats/$entity"
	}
	q.json(http.StatusOK, obj)
}

// listMyChats is GET /chats: the signed-in user's chats. Applications must name the user.
func (s *Server) listMyChats(q *request) {
	if !q.caller.delegated {
		q.fail(http.StatusForbidden, "Forbidden", "Requested API is not supported in application-only context. Use /users/{id}/chats.")
		return
	}
	s.listChats(q, q.caller.userID)
}

func (s *Server) listChats(q *request, userKey string) {
	view, ok := parseChatView(q)
	if !ok {
		return
	}
	view.viewpoint = true
	query := q.r.URL.Query()
	// chat-list: $orderby supports lastMessagePreview/createdDateTime in descending order only. The
	// emulator keeps no messages, so the order stays that of creation.
	if ob := strings.Join(strings.Fields(query.Get("$orderby")), " "); ob != "" && ob != "lastMessagePreview/createdDateTime desc" {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The $orderby clause '%s' is not supported: only 'lastMessagePreview/createdDateTime desc' is.", query.Get("$orderby")))
		return
	}
	var filter *chatFilter
	if f := query.Get("$filter"); f != "" {
		var err error
		if filter, err = parseChatFilter(f); err != nil {
			q.fail(http.StatusBadRequest, "BadRequest", "Invalid filter clause: "+err.Error())
			return
		}
	}
	top := defaultPageSize
	if t := query.Get("$top"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > maxPageSize {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid page size specified: '%s'. Must be between 1 and %d inclusive.", t, maxPageSize))
			return
		}
		top = n
	}
	offset := 0
	if tok := query.Get("$skiptoken"); tok != "" {
		n, ok := decodeSkipToken(tok)
		if !ok {
			q.fail(http.StatusBadRequest, "BadRequest", "The skip token is not valid.")
			return
		}
		offset = n
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	u, ok := s.store.dir.lookup(userKey, "")
	if !ok {
		q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("User '%s' was not found.", userKey))
		return
	}
	if q.caller.delegated && !strings.EqualFold(q.caller.userID, u.ID) {
		q.fail(http.StatusForbidden, "Forbidden", "A delegated caller can only list its own chats.")
		return
	}
	var matched []*Chat
	for _, c := range s.store.sortedChats() {
		if _, member := c.memberByUser(u.ID); member && !s.lagging(c) && !s.unlisted(c.CreatedDateTime) && filter.match(c) {
			matched = append(matched, c)
		}
	}
	page := []any{}
	end := offset + top
	if end > len(matched) {
		end = len(matched)
	}
	for i := offset; i < end; i++ {
		page = append(page, renderChat(matched[i], view))
	}
	out := map[string]any{
		"@odata.context": graphRoot + "/$metadata#chats",
		"value":          page,
	}
	if end < len(matched) {
		out["@odata.nextLink"] = nextLink(q, end, map[string]string{"$top": strconv.Itoa(top)})
	}
	q.json(http.StatusOK, out)
}

type chatInput struct {
	ChatType *string        `json:"chatType"`
	Topic    *string        `json:"topic"`
	Members  *[]memberInput `json:"members"`
}

func validateTopic(topic string) string {
	if len([]rune(topic)) > 250 {
		return "The topic can be at most 250 characters long."
	}
	if strings.Contains(topic, ":") {
		return "The topic cannot contain the character ':'."
	}
	return ""
}

func (s *Server) createChat(q *request) {
	var in chatInput
	if !q.decode(&in) {
		return
	}
	if in.ChatType == nil {
		q.fail(http.StatusBadRequest, "BadRequest", "Chat type must be specified.")
		return
	}
	chatType := *in.ChatType
	if chatType != "oneOnOne" && chatType != "group" {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Chat type '%s' is not supported for chat creation. Supported values are 'oneOnOne' and 'group'.", chatType))
		return
	}
	if in.Members == nil || len(*in.Members) == 0 {
		q.fail(http.StatusBadRequest, "BadRequest", "Chat members cannot be null. (Parameter 'Members')")
		return
	}
	topic := ""
	if in.Topic != nil {
		topic = *in.Topic
	}
	if chatType == "oneOnOne" && in.Topic != nil {
		q.fail(http.StatusBadRequest, "BadRequest", "Setting topic is not allowed for 1-on-1 chats.")
		return
	}
	if msg := validateTopic(topic); msg != "" {
		q.fail(http.StatusBadRequest, "BadRequest", msg)
		return
	}
	members := *in.Members
	if chatType == "oneOnOne" && len(members) != 2 {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("A 1-on-1 chat must have exactly 2 members; %d were given.", len(members)))
		return
	}
	if len(members) > maxChatMembers {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("A chat can have at most %d members; %d were given.", maxChatMembers, len(members)))
		return
	}
	if chatType == "group" && len(members) < 2 {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("A group chat must have at least 2 members; %d were given.", len(members)))
		return
	}

	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	type resolved struct {
		u    User
		role string
	}
	var rs []resolved
	seen := map[string]bool{}
	for _, m := range members {
		u, role, ok := s.resolveMember(q, m)
		if !ok {
			return
		}
		if seen[strings.ToLower(u.ID)] {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' is listed more than once.", u.ID))
			return
		}
		seen[strings.ToLower(u.ID)] = true
		rs = append(rs, resolved{u, role})
	}
	if q.caller.delegated && !seen[strings.ToLower(q.caller.userID)] {
		q.fail(http.StatusForbidden, "Forbidden", "The signed-in user must be one of the members of the chat being created.")
		return
	}
	now := s.store.tick()
	var c *Chat
	if chatType == "oneOnOne" {
		id := oneOnOneChatID(rs[0].u.ID, rs[1].u.ID)
		if existing, ok := s.store.live(id); ok {
			// One-on-one chats are idempotent: the existing chat comes back, nothing is created.
			s.writeChat(q, http.StatusCreated, existing)
			return
		}
		c = &Chat{ID: id}
	} else {
		c = &Chat{ID: newGroupChatID(), Topic: topic}
	}
	c.ChatType = chatType
	c.TenantID = s.store.dir.HomeTenantID
	c.CreatedDateTime = now
	c.LastUpdatedDateTime = now
	for _, r := range rs {
		c.Members = append(c.Members, newMember(c.ID, r.u, r.role, time.Time{}))
	}
	s.store.insert(c)
	s.writeChat(q, http.StatusCreated, c)
}

func (s *Server) patchChat(q *request) {
	var in map[string]json.RawMessage
	if !q.decode(&in) {
		return
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
	}
	for k := range in {
		if k != "topic" {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Property '%s' is read-only or cannot be updated.", k))
			return
		}
	}
	raw, ok := in["topic"]
	if !ok {
		s.writeChat(q, http.StatusOK, c)
		return
	}
	if c.ChatType != "group" {
		q.fail(http.StatusBadRequest, "BadRequest", "Setting topic is not allowed for 1-on-1 chats.")
		return
	}
	var topic *string
	if err := json.Unmarshal(raw, &topic); err != nil {
		q.fail(http.StatusBadRequest, "BadRequest", "Invalid request body: topic must be a string.")
		return
	}
	newTopic := ""
	if topic != nil {
		newTopic = *topic
	}
	if msg := validateTopic(newTopic); msg != "" {
		q.fail(http.StatusBadRequest, "BadRequest", msg)
		return
	}
	s.store.rename(c, newTopic)
	s.writeChat(q, http.StatusOK, c)
}

// failGone answers for a chat that does not exist or is soft-deleted: 404, or for a deleted chat
// that can still be restored the DeletedChat variant (Microsoft does not document that answer); a
// purged chat is 404. Callers hold the lock.
func (s *Server) failGone(q *request) {
	if _, ok := s.store.deleted(q.seg[1]); ok && s.variant().DeletedChat == http.StatusForbidden {
		q.fail(http.StatusForbidden, "Forbidden", "Forbidden: the chat is not available.")
		return
	}
	q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("Chat '%s' was not found.", q.seg[1]))
}

func (s *Server) deleteChat(q *request) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.store.live(q.seg[1])
	if !ok {
		if _, deleted := s.store.deleted(q.seg[1]); deleted {
			// Deleting it again: Microsoft does not document the answer.
			switch s.variant().Redelete {
			case http.StatusForbidden:
				q.fail(http.StatusForbidden, "Forbidden", "Forbidden: the chat is not available.")
				return
			case http.StatusNoContent:
				q.noContent()
				return
			}
		}
		q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("Chat '%s' was not found.", q.seg[1]))
		return
	}
	if q.caller.delegated {
		q.fail(http.StatusForbidden, "Forbidden", "Missing role permissions on the request. Deleting a chat with delegated permissions needs a Teams or tenant administrator; applications need Chat.ManageDeletion.All.")
		return
	}
	s.store.markDeleted(c)
	q.noContent()
}
