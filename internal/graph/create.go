package graph

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// CreateResult is the chat CreateChatWithoutDuplicate made or found.
type CreateResult struct {
	Chat
	// Recovered: the POST failed without a clear answer, and the chat it had made was found.
	Recovered bool
	// Resent: a POST failed without a clear answer and no chat it could have made was found within
	// ListConsistencyWindow, so the POST was sent again (a chat that shows up in the lists only
	// later would be a second one).
	Resent bool
	// Existed: Graph returned a oneOnOne chat that existed before this request (one-on-one chats
	// are idempotent in Graph: the pair's existing chat comes back).
	Existed bool
}

// CreateChatWithoutDuplicate creates a chat without ever making two. A group chat POST that fails
// without a clear answer is not resent blindly: the chats of a member are searched for one with the
// same topic and the same members, created after the attempt began, and that chat is adopted.
// Graph's chat lists are eventually consistent, so the search is repeated for ListConsistencyWindow
// (bounded by ctx) before the POST is sent again; a resend is logged and reported (Resent). When
// ctx ends inside the window, nothing is resent and the create's error is returned. Members written
// as user principal names are resolved to compare them with Graph's members: through the
// UserResolver of ctx (WithUserResolver), else through one of the call's own, each name once.
//
// For a oneOnOne chat it also tells whether the chat existed before. Graph answers the same way
// whether it created the pair's chat or returned the existing one, so the evidence is: another
// resource of this provider instance already received the chat from POST /chats (two resources for
// one pair in one run), or its createdDateTime lies clearly before the request began, compared on
// Graph's own clock (learned from the Date header of its answers) with SameClockTolerance. The local
// clock is never compared with Graph's timestamps directly: the two may be minutes apart. A chat
// made by someone else less than the tolerance before the request is taken as new (no warning),
// the cheaper mistake; a look-up of the pair's chat before each create would cost a request per
// chat and cannot be exact either (Graph's one-on-one ids are opaque).
func (c *Client) CreateChatWithoutDuplicate(ctx context.Context, spec ChatSpec) (CreateResult, error) {
	ctx = c.withOwnResolver(ctx)
	var starts []time.Time
	for {
		start := time.Now()
		starts = append(starts, start)
		chat, err := c.CreateChat(ctx, spec)
		if err == nil {
			res := CreateResult{Chat: chat, Resent: len(starts) > 1}
			if spec.ChatType == ChatTypeOneOnOne {
				first := c.claims.claim(chat.ID)
				res.Existed = !first || c.createdBefore(chat.CreatedDateTime, start)
			}
			return res, nil
		}
		if !IsUncertain(err) || spec.ChatType != ChatTypeGroup {
			return CreateResult{}, err
		}
		var found Chat
		ok, ferr := c.lookUntilSeen(ctx, "group chat "+strconv.Quote(spec.Topic), func(ctx context.Context) (bool, error) {
			// Any of the unanswered POSTs may have made it: look for chats made since the first.
			ch, ok, err := c.findCreatedGroupChat(ctx, spec, starts[0])
			found = ch
			return ok, err
		})
		if errors.Is(ferr, errWindowCut) {
			return CreateResult{}, err
		}
		if ferr != nil {
			var lf *LookupFailedError
			if !errors.As(ferr, &lf) {
				lf = &LookupFailedError{Lookup: ferr, Topic: spec.Topic, Where: "/users/{member}/chats", Permission: permRead}
			}
			lf.Create = err
			return CreateResult{}, lf
		}
		if ok {
			return CreateResult{Chat: found, Recovered: true, Resent: len(starts) > 1}, nil
		}
		warnResend(ctx, "group chat "+strconv.Quote(spec.Topic), c.window())
	}
}

// listCandidates lists the group chats with the spec's topic that the chat being looked for would
// be among. An application looks through the chats of a member of its own tenant (another
// organisation's users cannot be addressed under /users); a signed-in user may list only their own
// chats, and is a member of every chat they create. A failure is a LookupFailedError.
func (c *Client) listCandidates(ctx context.Context, spec ChatSpec) ([]Chat, error) {
	filter := ChatFilter{ChatType: ChatTypeGroup, Topic: spec.Topic}
	lookupFailed := func(err error, where, permission string) error {
		return &LookupFailedError{Lookup: err, Topic: spec.Topic, Where: where, Permission: permission}
	}
	caller, err := c.Caller(ctx)
	if err != nil {
		return nil, lookupFailed(fmt.Errorf("reading the caller's token: %w", err), "/me/chats", permListMine+" or "+permRead)
	}
	if caller.Delegated {
		chats, err := c.ListMyChats(ctx, filter)
		if err != nil {
			return nil, lookupFailed(err, "/me/chats", permListMine)
		}
		return chats, nil
	}
	owner := spec.Members[0].User
	for _, m := range spec.Members {
		if m.TenantID == "" {
			owner = m.User
			break
		}
	}
	chats, err := c.ListUserChats(ctx, owner, filter)
	if err != nil {
		return nil, lookupFailed(err, "/users/"+owner+"/chats", permRead+" (application)")
	}
	return chats, nil
}

// findCreatedGroupChat looks for the newest group chat with the spec's topic and exactly its
// members that was created after start.
func (c *Client) findCreatedGroupChat(ctx context.Context, spec ChatSpec, start time.Time) (Chat, bool, error) {
	want := make([]string, 0, len(spec.Members))
	for _, m := range spec.Members {
		id, err := c.resolveUser(ctx, m.User)
		if err != nil {
			return Chat{}, false, &LookupFailedError{Lookup: fmt.Errorf("looking up member %q: %w", m.User, err), Topic: spec.Topic, Where: "/users/{member}/chats", Permission: permUsers}
		}
		want = append(want, id)
	}
	chats, err := c.listCandidates(ctx, spec)
	if err != nil {
		return Chat{}, false, err
	}
	var best Chat
	found := false
	for _, ch := range chats {
		if ch.Topic != spec.Topic || c.createdBefore(ch.CreatedDateTime, start) {
			continue
		}
		members := ch.Members
		if len(members) >= MaxExpandedMembers && len(want) >= MaxExpandedMembers {
			// $expand=members stops at 25 (chat-list's known issue): a chat that may have more is
			// compared on its full member list, unless one of the 25 already rules it out.
			if !hasUsers(want, userIDs(members)) {
				continue
			}
			full, err := c.ListMembers(ctx, ch.ID)
			if err != nil {
				return Chat{}, false, err
			}
			members = full
		}
		if !sameUsers(members, want) {
			continue
		}
		if !found || ch.CreatedDateTime.After(best.CreatedDateTime) {
			best, found = ch, true
		}
	}
	return best, found, nil
}
