package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// WaitForChat reads a chat until it is visible: Graph may answer 404 for a moment after a write.
// It polls with a growing interval until the context ends.
func (c *Client) WaitForChat(ctx context.Context, id string) (Chat, error) {
	interval := 250 * time.Millisecond
	for {
		chat, err := c.GetChat(ctx, id)
		if err == nil || !IsNotFound(err) {
			return chat, err
		}
		timer := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			timer.Stop()
			return Chat{}, fmt.Errorf("the new chat still answers 404 (not found): %w", ctx.Err())
		case <-timer.C:
		}
		if interval < 4*time.Second {
			interval *= 2
		}
	}
}

// CreationSkew is how much earlier than the local start of an attempt a chat's createdDateTime
// may be and still count as made by that attempt (clocks differ).
const CreationSkew = 30 * time.Second

// CreateChatOnce creates a chat without ever making two. A group chat POST that fails without a
// clear answer is not resent blindly: the chats of the first member are searched for one with the
// same topic and the same members, created after the attempt began, and that chat is adopted.
// Only when none exists is the POST sent again. resolve maps a member's user (object id or UPN)
// to its object id.
func (c *Client) CreateChatOnce(ctx context.Context, spec ChatSpec, resolve func(context.Context, string) (string, error)) (chat Chat, recovered bool, err error) {
	pause := time.Second
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			// Graph failed without an answer and created nothing: give it a moment before the next POST.
			timer := time.NewTimer(pause)
			select {
			case <-ctx.Done():
				timer.Stop()
				return Chat{}, false, err
			case <-timer.C:
			}
			pause = min(pause*2, 30*time.Second)
		}
		start := time.Now()
		chat, err = c.CreateChat(ctx, spec)
		if err == nil || !IsUncertain(err) || spec.ChatType != ChatTypeGroup {
			return chat, false, err
		}
		found, ok, ferr := c.findCreatedGroupChat(ctx, spec, start, resolve)
		if ferr != nil {
			return Chat{}, false, fmt.Errorf("%w; looking for the chat it may have created failed too: %v", err, ferr)
		}
		if ok {
			return found, true, nil
		}
	}
}

func (c *Client) findCreatedGroupChat(ctx context.Context, spec ChatSpec, start time.Time, resolve func(context.Context, string) (string, error)) (Chat, bool, error) {
	want := make([]string, 0, len(spec.Members))
	for _, m := range spec.Members {
		id, err := resolve(ctx, m.User)
		if err != nil {
			return Chat{}, false, err
		}
		want = append(want, strings.ToLower(id))
	}
	sort.Strings(want)
	// Look through the chats of a member of the caller's own tenant (another organisation's users
	// cannot be addressed under /users).
	owner := spec.Members[0].User
	for _, m := range spec.Members {
		if m.TenantID == "" {
			owner = m.User
			break
		}
	}
	chats, err := c.ListUserChats(ctx, owner, ChatFilter{ChatType: ChatTypeGroup, Topic: spec.Topic})
	if err != nil {
		return Chat{}, false, err
	}
	var best Chat
	found := false
	for _, ch := range chats {
		if ch.Topic != spec.Topic || ch.CreatedDateTime.Before(start.Add(-CreationSkew)) {
			continue
		}
		got := make([]string, 0, len(ch.Members))
		for _, m := range ch.Members {
			got = append(got, strings.ToLower(m.UserID))
		}
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			continue
		}
		if !found || ch.CreatedDateTime.After(best.CreatedDateTime) {
			best, found = ch, true
		}
	}
	return best, found, nil
}
