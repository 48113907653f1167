package graph

import (
	"context"
	"sort"
	"strings"
)

// ChatQuery selects chats of one user for FindUserChats; empty fields select everything.
type ChatQuery struct {
	ChatType string
	// Topic is matched exactly (case and all).
	Topic string
	// MemberIDs are object ids of users who must all be in the chat.
	MemberIDs []string
}

// FindUserChats lists the chats of a user (object id or user principal name) that match q, each
// with every member, newest first (then by id). Graph filters by chat type and topic
// (`$filter`, documented as supported for chat lists); the same conditions are checked again
// here, exactly, together with the members, which are filtered here because Graph documents only
// `members/any(o: o/displayName eq …)`. A chat showing 25 members (the most `$expand` gives) has
// its members listed in full before it is judged.
func (c *Client) FindUserChats(ctx context.Context, user string, q ChatQuery) ([]Chat, error) {
	listed, err := c.ListUserChats(ctx, user, ChatFilter{ChatType: q.ChatType, Topic: q.Topic})
	if err != nil {
		return nil, err
	}
	var out []Chat
	for _, ch := range listed {
		if (q.ChatType != "" && !strings.EqualFold(ch.ChatType, q.ChatType)) || (q.Topic != "" && ch.Topic != q.Topic) {
			continue
		}
		if len(ch.Members) >= MaxExpandedMembers {
			if ch.Members, err = c.ListMembers(ctx, ch.ID); err != nil {
				return nil, err
			}
		}
		if hasUsers(userIDs(ch.Members), q.MemberIDs) {
			out = append(out, ch)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedDateTime.Equal(out[j].CreatedDateTime) {
			return out[i].CreatedDateTime.After(out[j].CreatedDateTime)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}
