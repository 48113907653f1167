package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
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
func (s *Server) Chats() []Chat { return s.store.chatsWhere(nil) }

// Chat returns a copy of one chat, deleted ones that can still be restored included (see
// Chat.Deleted); a purged chat is not found.
func (s *Server) Chat(id string) (out Chat, ok bool) {
	s.store.read(func() {
		var c *Chat
		if c, ok = s.store.find(id); ok {
			out = c.clone()
		}
	})
	return out, ok
}

// UpdateChat changes a chat out of band, as someone using Teams would; lastUpdatedDateTime moves.
func (s *Server) UpdateChat(id string, change func(c *Chat)) error {
	return s.store.updateLive(id, func(c *Chat) error {
		change(c)
		s.store.touch(c)
		return nil
	})
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
		err = fmt.Errorf("user %s is not a member of chat %s: %w", userID, chatID, errUnknown)
	}
	return err
}

// DeleteChatOutOfBand soft-deletes a chat as an administrator would.
func (s *Server) DeleteChatOutOfBand(id string) error {
	return s.store.updateLive(id, func(c *Chat) error {
		s.store.markDeleted(c)
		return nil
	})
}

// PurgeDeletedChat ends a deleted chat's restore window at once, as seven days would: the chat is
// gone for good (404 to every request, undoDelete included). A chat that is not deleted is
// refused.
func (s *Server) PurgeDeletedChat(id string) error {
	switch live, purged := s.store.purgeDeleted(id); {
	case live:
		return refuse(http.StatusConflict, "chat %s is not deleted: delete it first", id)
	case !purged:
		return fmt.Errorf("deleted chat %s %w", id, errUnknown)
	}
	return nil
}

// Directory returns the users the emulator knows, each with its tenant (the home tenant's
// included); it can be saved as a -directory file.
func (s *Server) Directory() Directory {
	// The directory is fixed when the emulator starts: reading it takes no lock.
	d := Directory{HomeTenantID: s.store.dir.HomeTenantID, Users: append([]User{}, s.store.dir.Users...)}
	for i := range d.Users {
		if d.Users[i].TenantID == "" {
			d.Users[i].TenantID = d.HomeTenantID
		}
	}
	return d
}

// Catalog returns a copy of the tenant's Teams app catalog: every app with every definition, its
// publishing state and the resource-specific permissions it declares; it can be saved as a
// -catalog file.
func (s *Server) Catalog() Catalog {
	apps := s.store.apps(func(App) bool { return true })
	out := Catalog{Apps: make([]App, len(apps))}
	for i, a := range apps {
		defs := make([]Definition, len(a.Definitions))
		for j, d := range a.Definitions {
			d.Permissions = append([]RSCPermission{}, d.Permissions...)
			defs[j] = d
		}
		a.Definitions = defs
		out.Apps[i] = a
	}
	return out
}

// SetCatalog replaces the tenant's Teams app catalog; an app without id, name or version, or a
// definition with an unknown publishing state, is an error.
func (s *Server) SetCatalog(c Catalog) error {
	c, err := c.normalize()
	if err != nil {
		return err
	}
	return s.store.updateCatalog(func(cat *Catalog) error {
		*cat = c
		return nil
	})
}

// errUnknown: a control function's chat, member, user, app or tab does not exist (404 over HTTP).
var errUnknown = errors.New("not found")

// ControlError is an out-of-band change the emulator refuses, with the control API's answer:
// 400 for a request that is wrong in itself, 409 for a change the chat's state refuses.
type ControlError struct {
	Status  int
	Message string
}

func (e *ControlError) Error() string { return e.Message }

func refuse(status int, format string, a ...any) error {
	return &ControlError{Status: status, Message: fmt.Sprintf(format, a...)}
}

// PublishAppVersion publishes a version of a catalog app, as an administrator would: a definition
// of that version submitted for review becomes published; otherwise a new published definition is
// added, declaring the same resource-specific permissions as the app's newest definition. Either
// way it becomes the catalog's current version; apps installed in chats keep their version until
// upgraded. A version already published or rejected is an error.
func (s *Server) PublishAppVersion(appID, version string) error {
	return s.store.updateCatalog(func(cat *Catalog) error { return publish(cat, appID, version) })
}

// publish makes version of appID the catalog's current version (PublishAppVersion).
func publish(cat *Catalog, appID, version string) error {
	for i, a := range cat.Apps {
		if a.ID != appID {
			continue
		}
		d, found := a.definition(version)
		switch {
		case found && d.PublishingState != Submitted:
			return refuse(http.StatusConflict, "version %s of app %s is %s: only a submitted version can be published", version, appID, d.PublishingState)
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
		cat.Apps[i].Definitions = append(defs, d)
		return nil
	}
	return fmt.Errorf("app %s is not in the catalog: %w", appID, errUnknown)
}

// AddMemberOutOfBand adds a user to a group chat as someone using Teams would. user is an object id
// or a user principal name, looked up in tenantID ("" for the home tenant; a user of another
// organisation needs its tenant). role is owner or guest; "" gives guests of the home tenant the
// role guest and everyone else owner. A guest of the home tenant must be a guest and a user of
// another organisation an owner, as Graph requires. The member sees the history from now on.
func (s *Server) AddMemberOutOfBand(chatID, user, role, tenantID string) error {
	return s.store.updateLive(chatID, func(c *Chat) error {
		u, ok := s.store.user(user, tenantID)
		if !ok {
			where := ""
			if tenantID != "" {
				where = " in tenant " + tenantID
			}
			return fmt.Errorf("user %s%s %w in the emulator's directory", user, where, errUnknown)
		}
		switch {
		case role == "" && u.UserType == "Guest":
			role = "guest"
		case role == "":
			role = "owner"
		case role != "owner" && role != "guest":
			return refuse(http.StatusBadRequest, "role %q is not owner or guest", role)
		case u.UserType == "Guest" && role != "guest":
			return refuse(http.StatusBadRequest, "user %s is a guest of this tenant and takes the role guest", user)
		case s.store.foreign(u) && role != "owner":
			return refuse(http.StatusBadRequest, "user %s is of another organisation and takes the role owner", user)
		}
		switch _, exists := c.memberByUser(u.ID); {
		case c.ChatType != "group":
			return refuse(http.StatusConflict, "chat %s is a %s chat, whose members are fixed", chatID, c.ChatType)
		case exists:
			return refuse(http.StatusConflict, "user %s is already a member of chat %s", user, chatID)
		case len(c.Members) >= maxChatMembers:
			return refuse(http.StatusConflict, "chat %s already has %d members, the most Teams allows", chatID, maxChatMembers)
		}
		s.store.addMember(c, newMember(c.ID, u, role, s.store.tick()))
		return nil
	})
}

// UninstallAppOutOfBand removes an app from a chat as someone using Teams would, with its tabs.
// app is the app's catalog id or the installation's id.
func (s *Server) UninstallAppOutOfBand(chatID, app string) error {
	return s.store.updateLive(chatID, func(c *Chat) error {
		for i, in := range c.Apps {
			if in.ID == app || strings.EqualFold(in.AppID, app) {
				s.store.uninstall(c, i)
				return nil
			}
		}
		return fmt.Errorf("app %s is not installed in chat %s: %w", app, chatID, errUnknown)
	})
}

// TabChange is an out-of-band change to a tab; nil fields stay as they are.
type TabChange struct {
	DisplayName *string `json:"displayName"`
	// Configuration replaces the whole configuration, as Graph's PATCH does; contentUrl is needed.
	Configuration *TabConfiguration `json:"configuration"`
}

// UpdateTabOutOfBand renames or reconfigures a tab as someone using Teams would. A static tab's
// name and configuration come from its app's manifest and cannot change.
func (s *Server) UpdateTabOutOfBand(chatID, tabID string, change TabChange) error {
	switch {
	case change.DisplayName == nil && change.Configuration == nil:
		return refuse(http.StatusBadRequest, "nothing to change: give displayName, configuration or both")
	case change.DisplayName != nil && strings.TrimSpace(*change.DisplayName) == "":
		return refuse(http.StatusBadRequest, "displayName must not be blank")
	case change.Configuration != nil && (change.Configuration.ContentURL == nil || *change.Configuration.ContentURL == ""):
		return refuse(http.StatusBadRequest, "configuration needs a contentUrl")
	}
	return s.store.updateTab(chatID, tabID, func(c *Chat, i int, app App) error {
		if app.ChatTab == "static" {
			return refuse(http.StatusConflict, "tab %s is a static tab of app %s, whose manifest fixes its name and configuration", tabID, app.ID)
		}
		if change.DisplayName != nil {
			c.Tabs[i].DisplayName = *change.DisplayName
		}
		if change.Configuration != nil {
			c.Tabs[i].Configuration = *change.Configuration
		}
		return nil
	})
}

// RemoveTabOutOfBand unpins a tab as someone using Teams would; the app stays installed.
func (s *Server) RemoveTabOutOfBand(chatID, tabID string) error {
	return s.store.updateTab(chatID, tabID, func(c *Chat, i int, _ App) error {
		s.store.removeTab(c, i)
		return nil
	})
}
