package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// lagging reports whether a chat created at created still answers 404: the create lag has not
// passed.
func (s *Server) lagging(created time.Time) bool {
	s.faults.mu.Lock()
	lag := s.faults.lag
	s.faults.mu.Unlock()
	return lag > 0 && s.store.now().Sub(created) < lag
}

// unlisted reports whether something created at created is still missing from list results: the
// list lag (or, for chats, the create lag) has not passed.
func (s *Server) unlisted(created time.Time) bool {
	s.faults.mu.Lock()
	lag := s.faults.listLag
	s.faults.mu.Unlock()
	return lag > 0 && s.store.now().Sub(created) < lag
}

// viewer is the request's caller, seen through the create lag and the DeletedChat variant.
func (s *Server) viewer(q *request) viewer {
	return viewer{delegated: q.caller.delegated, userID: q.caller.userID, deletedAnswer: s.variant().DeletedChat, lagging: s.lagging}
}

func (s *Server) getChat(q *request) response {
	view, e := parseChatView(q)
	if e != nil {
		return e.answer()
	}
	c, e := s.store.chat(q.param("chatId"), s.viewer(q))
	if e != nil {
		return e.answer()
	}
	obj := renderChat(&c, view)
	if view.members {
		obj["@odata.context"] = graphRoot + "/$metadata#chats(members())/$entity"
	} else {
		obj["@odata.context"] = graphRoot + "/$metadata#chats/$entity"
	}
	return reply(http.StatusOK, obj)
}

// listMyChats is GET /chats: the signed-in user's chats. Applications must name the user.
func (s *Server) listMyChats(q *request) response {
	if !q.caller.delegated {
		return fail(http.StatusForbidden, "Forbidden", "Requested API is not supported in application-only context. Use /users/{id}/chats.")
	}
	return s.listChats(q, q.caller.userID)
}

// listUserChats is GET /users/{id}/chats.
func (s *Server) listUserChats(q *request) response { return s.listChats(q, q.param("userId")) }

func (s *Server) listChats(q *request, userKey string) response {
	view, e := parseChatView(q)
	if e != nil {
		return e.answer()
	}
	view.viewpoint = true
	query := q.r.URL.Query()
	// chat-list: $orderby supports lastMessagePreview/createdDateTime in descending order only. The
	// emulator keeps no messages, so the order stays that of creation.
	if ob := strings.Join(strings.Fields(query.Get("$orderby")), " "); ob != "" && ob != "lastMessagePreview/createdDateTime desc" {
		return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The $orderby clause '%s' is not supported: only 'lastMessagePreview/createdDateTime desc' is.", query.Get("$orderby")))
	}
	var filter *chatFilter
	if f := query.Get("$filter"); f != "" {
		var err error
		if filter, err = parseChatFilter(f); err != nil {
			return fail(http.StatusBadRequest, "BadRequest", "Invalid filter clause: "+err.Error())
		}
	}
	top := defaultPageSize
	if t := query.Get("$top"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > maxPageSize {
			return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid page size specified: '%s'. Must be between 1 and %d inclusive.", t, maxPageSize))
		}
		top = n
	}
	offset := 0
	if tok := query.Get("$skiptoken"); tok != "" {
		n, ok := decodeSkipToken(tok)
		if !ok {
			return fail(http.StatusBadRequest, "BadRequest", "The skip token is not valid.")
		}
		offset = n
	}
	u, ok := s.store.user(userKey, "")
	if !ok {
		return fail(http.StatusNotFound, "NotFound", fmt.Sprintf("User '%s' was not found.", userKey))
	}
	if q.caller.delegated && !strings.EqualFold(q.caller.userID, u.ID) {
		return fail(http.StatusForbidden, "Forbidden", "A delegated caller can only list its own chats.")
	}
	matched := s.store.chatsWhere(func(c *Chat) bool {
		_, member := c.memberByUser(u.ID)
		return member && !s.lagging(c.CreatedDateTime) && !s.unlisted(c.CreatedDateTime) && filter.match(c)
	})
	page := []any{}
	end := offset + top
	if end > len(matched) {
		end = len(matched)
	}
	for i := offset; i < end; i++ {
		page = append(page, renderChat(&matched[i], view))
	}
	out := map[string]any{
		"@odata.context": graphRoot + "/$metadata#chats",
		"value":          page,
	}
	if end < len(matched) {
		out["@odata.nextLink"] = nextLink(q, end, map[string]string{"$top": strconv.Itoa(top)})
	}
	return reply(http.StatusOK, out)
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

func (s *Server) createChat(q *request) response {
	var in chatInput
	if e := q.decode(&in); e != nil {
		return e.answer()
	}
	if in.ChatType == nil {
		return fail(http.StatusBadRequest, "BadRequest", "Chat type must be specified.")
	}
	chatType := *in.ChatType
	if chatType != "oneOnOne" && chatType != "group" {
		return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Chat type '%s' is not supported for chat creation. Supported values are 'oneOnOne' and 'group'.", chatType))
	}
	if in.Members == nil || len(*in.Members) == 0 {
		return fail(http.StatusBadRequest, "BadRequest", "Chat members cannot be null. (Parameter 'Members')")
	}
	topic := ""
	if in.Topic != nil {
		topic = *in.Topic
	}
	if chatType == "oneOnOne" && in.Topic != nil {
		return fail(http.StatusBadRequest, "BadRequest", "Setting topic is not allowed for 1-on-1 chats.")
	}
	if msg := validateTopic(topic); msg != "" {
		return fail(http.StatusBadRequest, "BadRequest", msg)
	}
	members := *in.Members
	if chatType == "oneOnOne" && len(members) != 2 {
		return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("A 1-on-1 chat must have exactly 2 members; %d were given.", len(members)))
	}
	if len(members) > maxChatMembers {
		return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("A chat can have at most %d members; %d were given.", maxChatMembers, len(members)))
	}
	if chatType == "group" && len(members) < 2 {
		return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("A group chat must have at least 2 members; %d were given.", len(members)))
	}

	type resolved struct {
		u    User
		role string
	}
	var rs []resolved
	seen := map[string]bool{}
	for _, m := range members {
		u, role, e := s.resolveMember(m)
		if e != nil {
			return e.answer()
		}
		if seen[strings.ToLower(u.ID)] {
			return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("User '%s' is listed more than once.", u.ID))
		}
		seen[strings.ToLower(u.ID)] = true
		rs = append(rs, resolved{u, role})
	}
	if q.caller.delegated && !seen[strings.ToLower(q.caller.userID)] {
		return fail(http.StatusForbidden, "Forbidden", "The signed-in user must be one of the members of the chat being created.")
	}
	now := s.store.tick()
	c := &Chat{ID: newGroupChatID(), Topic: topic}
	if chatType == "oneOnOne" {
		c = &Chat{ID: oneOnOneChatID(rs[0].u.ID, rs[1].u.ID)}
	}
	c.ChatType = chatType
	c.TenantID = s.store.dir.HomeTenantID
	c.CreatedDateTime = now
	c.LastUpdatedDateTime = now
	for _, r := range rs {
		c.Members = append(c.Members, newMember(c.ID, r.u, r.role, time.Time{}))
	}
	// One-on-one chats are idempotent: an existing one comes back, nothing is created.
	created, _ := s.store.create(c)
	return chatEntity(http.StatusCreated, created)
}

func (s *Server) patchChat(q *request) response {
	var in map[string]json.RawMessage
	if e := q.decode(&in); e != nil {
		return e.answer()
	}
	c, e := s.store.changeChat(q.param("chatId"), s.viewer(q), func(c *Chat) *graphError {
		for k := range in {
			if k != "topic" {
				return failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Property '%s' is read-only or cannot be updated.", k))
			}
		}
		raw, ok := in["topic"]
		if !ok {
			return nil
		}
		if c.ChatType != "group" {
			return failure(http.StatusBadRequest, "BadRequest", "Setting topic is not allowed for 1-on-1 chats.")
		}
		var topic *string
		if err := json.Unmarshal(raw, &topic); err != nil {
			return failure(http.StatusBadRequest, "BadRequest", "Invalid request body: topic must be a string.")
		}
		newTopic := ""
		if topic != nil {
			newTopic = *topic
		}
		if msg := validateTopic(newTopic); msg != "" {
			return failure(http.StatusBadRequest, "BadRequest", msg)
		}
		s.store.rename(c, newTopic)
		return nil
	})
	if e != nil {
		return e.answer()
	}
	return chatEntity(http.StatusOK, c)
}

// deleteChat is DELETE /chats/{id} (chat-delete): 204, and the chat is deleted, restorable for the
// restore window (deleted_chats.go).
func (s *Server) deleteChat(q *request) response {
	id := q.param("chatId")
	deleted, wasDeleted, e := s.store.softDelete(id, func(*Chat) *graphError {
		if q.caller.delegated {
			return failure(http.StatusForbidden, "Forbidden", "Missing role permissions on the request. Deleting a chat with delegated permissions needs a Teams or tenant administrator; applications need Chat.ManageDeletion.All.")
		}
		return nil
	})
	switch {
	case e != nil:
		return e.answer()
	case deleted:
		return noContent()
	case wasDeleted:
		// Deleting it again: Microsoft does not document the answer.
		switch s.variant().Redelete {
		case http.StatusForbidden:
			return fail(http.StatusForbidden, "Forbidden", "Forbidden: the chat is not available.")
		case http.StatusNoContent:
			return noContent()
		}
	}
	return fail(http.StatusNotFound, "NotFound", fmt.Sprintf("Chat '%s' was not found.", id))
}
