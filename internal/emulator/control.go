package emulator

import (
	"errors"
	"fmt"
	"time"
)

// Request is one request the emulator answered, for tests that check timing and order.
type Request struct {
	At     time.Time
	Method string
	Route  string
	Status int
	// RetryAfter is the Retry-After header sent, if any.
	RetryAfter string
}

// AddFault injects a failure until its count runs out or ClearFaults is called.
func (s *Server) AddFault(f Fault) { s.faults.add(f) }

// ClearFaults removes every injected failure, the read-after-create lag and the list lag.
func (s *Server) ClearFaults() { s.faults.clear() }

// SetCreateLag makes a chat answer 404 to reads for d after its creation.
func (s *Server) SetCreateLag(d time.Duration) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.lag = d
}

// SetListLag makes lists eventually consistent: a chat (in GET /chats and /users/{id}/chats) or a
// tab (in GET /chats/{id}/tabs) is left out of list results for d after its creation, while a read
// by its id already finds it. A create lag longer than d hides a chat from lists for that longer
// time.
func (s *Server) SetListLag(d time.Duration) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.listLag = d
}

// SetClockOffset runs the emulator's clock ahead of the machine's by d (behind when d is
// negative): createdDateTime, lastUpdatedDateTime and the Date header all follow it.
func (s *Server) SetClockOffset(d time.Duration) { s.store.offset.Store(int64(d)) }

// Now is the emulator's clock.
func (s *Server) Now() time.Time { return s.store.now() }

// SetLimits switches the documented Teams throttling limits on or off.
func (s *Server) SetLimits(l Limits) {
	s.limiter.mu.Lock()
	defer s.limiter.mu.Unlock()
	s.limiter.cfg = l
	s.limiter.events = map[string][]time.Time{}
}

// Counts returns the number of requests served so far, keyed "METHOD /route".
func (s *Server) Counts() map[string]int {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ResetCounts sets every request counter back to zero and forgets the request history.
func (s *Server) ResetCounts() {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	s.counts = map[string]int{}
	s.history = nil
}

// History returns the requests answered so far (the latest 100,000 at most), in order of
// completion; dropped connections are recorded with status 0.
func (s *Server) History() []Request {
	s.countsMu.Lock()
	defer s.countsMu.Unlock()
	return append([]Request(nil), s.history...)
}

// Chats returns a copy of every chat that is not deleted, oldest first.
func (s *Server) Chats() []Chat {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	var out []Chat
	for _, c := range s.store.sortedChats() {
		out = append(out, c.clone())
	}
	return out
}

// Chat returns a copy of one chat, deleted ones included (see Chat.Deleted).
func (s *Server) Chat(id string) (Chat, bool) {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, ok := s.store.chats[id]
	if !ok {
		return Chat{}, false
	}
	return c.clone(), true
}

// UpdateChat changes a chat out of band, as someone using Teams would; lastUpdatedDateTime moves.
func (s *Server) UpdateChat(id string, change func(c *Chat)) error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.store.live(id)
	if !ok {
		return fmt.Errorf("chat %s not found", id)
	}
	change(c)
	s.store.touch(c)
	return nil
}

// RemoveMemberOutOfBand removes a user from a chat as someone using Teams would.
func (s *Server) RemoveMemberOutOfBand(chatID, userID string) error {
	var found bool
	err := s.UpdateChat(chatID, func(c *Chat) {
		if i, ok := c.memberByUser(userID); ok {
			c.Members = append(c.Members[:i], c.Members[i+1:]...) // UpdateChat moves lastUpdatedDateTime
			found = true
		}
	})
	if err == nil && !found {
		err = fmt.Errorf("user %s is not a member of chat %s", userID, chatID)
	}
	return err
}

// DeleteChatOutOfBand soft-deletes a chat as an administrator would.
func (s *Server) DeleteChatOutOfBand(id string) error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, ok := s.store.live(id)
	if !ok {
		return fmt.Errorf("chat %s not found", id)
	}
	s.store.markDeleted(c)
	return nil
}

// SetCatalog replaces the tenant's Teams app catalog; an app without id, name or version, or a
// definition with an unknown publishing state, is an error.
func (s *Server) SetCatalog(c Catalog) error {
	c, err := c.normalize()
	if err != nil {
		return err
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	s.store.catalog = c
	return nil
}

// errNotSubmitted: a version to publish exists but is not waiting for review.
var errNotSubmitted = errors.New("only a submitted version can be published")

// PublishAppVersion publishes a version of a catalog app, as an administrator would: a definition
// of that version submitted for review becomes published; otherwise a new published definition is
// added, declaring the same resource-specific permissions as the app's newest definition. Either
// way it becomes the catalog's current version; apps installed in chats keep their version until
// upgraded. A version already published or rejected is an error.
func (s *Server) PublishAppVersion(appID, version string) error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	for i, a := range s.store.catalog.Apps {
		if a.ID != appID {
			continue
		}
		d, found := a.definition(version)
		switch {
		case found && d.PublishingState != Submitted:
			return fmt.Errorf("version %s of app %s is %s: %w", version, appID, d.PublishingState, errNotSubmitted)
		case !found:
			d = Definition{Version: version}
			if n := len(a.Definitions); n > 0 {
				d.Permissions = append([]RSCPermission(nil), a.Definitions[n-1].Permissions...)
			}
		}
		d.PublishingState = Published
		// The published definition moves to the end: the last published one is the current version.
		defs := []Definition{}
		for _, other := range a.Definitions {
			if other.Version != version {
				defs = append(defs, other)
			}
		}
		s.store.catalog.Apps[i].Definitions = append(defs, d)
		return nil
	}
	return fmt.Errorf("app %s is not in the catalog", appID)
}
