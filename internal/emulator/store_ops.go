package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The store's operations: each takes the store's lock itself, finds what it is asked for, and
// hands out copies, so that no handler or control function holds the lock. A handler is the HTTP
// translation of one of these calls: it reads the request, calls, and turns the result (or the
// *graphError the call returns) into a response. A change runs its check-and-change function under
// the lock, after the chat (and the member, app or tab) is found.

// viewer is who reads or changes a chat, and what the emulator hides from them: a chat still in
// its create lag, a chat a signed-in user is not a member of, and a deleted chat (answered with
// deletedAnswer, the DeletedChat variant).
type viewer struct {
	delegated     bool
	userID        string
	lagging       func(created time.Time) bool
	deletedAnswer int
}

// visible finds a chat the viewer may see. Runs under the lock.
func (st *store) visible(id string, v viewer) (*Chat, *graphError) {
	c, ok := st.live(id)
	if !ok || (v.lagging != nil && v.lagging(c.CreatedDateTime)) {
		if _, deleted := st.deleted(id); deleted && v.deletedAnswer == http.StatusForbidden {
			return nil, failure(http.StatusForbidden, "Forbidden", "Forbidden: the chat is not available.")
		}
		return nil, failure(http.StatusNotFound, "NotFound", fmt.Sprintf("Chat '%s' was not found.", id))
	}
	if v.delegated {
		if _, member := c.memberByUser(v.userID); !member {
			return nil, failure(http.StatusForbidden, "Forbidden", "The caller is not a member of this chat.")
		}
	}
	return c, nil
}

// chat reads a chat the viewer may see.
func (st *store) chat(id string, v viewer) (Chat, *graphError) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	c, e := st.visible(id, v)
	if e != nil {
		return Chat{}, e
	}
	return c.clone(), nil
}

// changeChat runs change on a chat the viewer may see; the chat as change left it is returned.
func (st *store) changeChat(id string, v viewer, change func(c *Chat) *graphError) (Chat, *graphError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, e := st.visible(id, v)
	if e == nil {
		e = change(c)
	}
	if e != nil {
		return Chat{}, e
	}
	return c.clone(), nil
}

// changeChatForApp is changeChat for a change that names a catalog app: after the chat, the app
// is found (404 when the catalog lacks it; not documented, the stricter answer: a client might
// take it for a missing chat).
func (st *store) changeChatForApp(id, appID string, v viewer, change func(c *Chat, app App) *graphError) (Chat, *graphError) {
	return st.changeChat(id, v, func(c *Chat) *graphError {
		app, ok := st.catalog.app(appID)
		if !ok {
			return failure(http.StatusNotFound, "NotFound", fmt.Sprintf("App '%s' was not found in the app catalog.", appID))
		}
		return change(c, app)
	})
}

// memberIndex finds a membership by its id.
func memberIndex(c *Chat, membershipID string) (int, *graphError) {
	for i, m := range c.Members {
		if m.ID == membershipID {
			return i, nil
		}
	}
	return -1, failure(http.StatusNotFound, "NotFound", fmt.Sprintf("Member '%s' was not found in chat '%s'.", membershipID, c.ID))
}

// installationIndex finds an app installation by its id.
func installationIndex(c *Chat, installationID string) (int, *graphError) {
	for i, in := range c.Apps {
		if in.ID == installationID {
			return i, nil
		}
	}
	return -1, failure(http.StatusNotFound, "NotFound", fmt.Sprintf("App installation '%s' was not found in chat '%s'.", installationID, c.ID))
}

// tabIndex finds a tab by its id.
func tabIndex(c *Chat, tabID string) (int, *graphError) {
	for i, t := range c.Tabs {
		if t.ID == tabID {
			return i, nil
		}
	}
	return -1, failure(http.StatusNotFound, "NotFound", fmt.Sprintf("Tab '%s' was not found in chat '%s'.", tabID, c.ID))
}

// child reads one member, installation or tab (index finds it) of a chat the viewer may see: the
// chat and the child's index in the copy.
func (st *store) child(id string, v viewer, index func(c *Chat) (int, *graphError)) (Chat, int, *graphError) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	c, e := st.visible(id, v)
	if e != nil {
		return Chat{}, 0, e
	}
	i, e := index(c)
	if e != nil {
		return Chat{}, 0, e
	}
	return c.clone(), i, nil
}

// changeChild runs change on one member, installation or tab (index finds it) of a chat the viewer
// may see, with the catalog app of the child's appID (the zero App for a member); the chat as
// change left it is returned.
func (st *store) changeChild(id string, v viewer, index func(c *Chat) (int, *graphError), appID func(c *Chat, i int) string, change func(c *Chat, i int, app App) *graphError) (Chat, *graphError) {
	return st.changeChat(id, v, func(c *Chat) *graphError {
		i, e := index(c)
		if e != nil {
			return e
		}
		var app App
		if appID != nil {
			app, _ = st.catalog.app(appID(c, i))
		}
		return change(c, i, app)
	})
}

func installedAppID(c *Chat, i int) string { return c.Apps[i].AppID }
func tabAppID(c *Chat, i int) string       { return c.Tabs[i].AppID }

// chatsWhere returns copies of the live chats keep accepts, oldest first.
func (st *store) chatsWhere(keep func(c *Chat) bool) []Chat {
	st.mu.RLock()
	defer st.mu.RUnlock()
	var out []Chat
	for _, c := range st.sortedChats() {
		if keep == nil || keep(c) {
			out = append(out, c.clone())
		}
	}
	return out
}

// create adds a new chat. A one-on-one chat that is live already is returned instead, and
// existing is true: one-on-one chats are idempotent.
func (st *store) create(c *Chat) (out Chat, existing bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if c.ChatType == "oneOnOne" {
		if old, ok := st.live(c.ID); ok {
			return old.clone(), true
		}
	}
	st.insert(c)
	return c.clone(), false
}

// softDelete deletes a live chat once check allows it. For a chat that is not live, wasDeleted
// tells a deleted chat that can still be restored from one that does not exist or is purged.
func (st *store) softDelete(id string, check func(c *Chat) *graphError) (deleted, wasDeleted bool, e *graphError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.live(id)
	if !ok {
		_, wasDeleted = st.deleted(id)
		return false, wasDeleted, nil
	}
	if e := check(c); e != nil {
		return false, false, e
	}
	st.markDeleted(c)
	return true, false, nil
}

// deletedChat reads a deleted chat that can still be restored.
func (st *store) deletedChat(id string) (Chat, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	c, ok := st.deleted(id)
	if !ok {
		return Chat{}, false
	}
	return c.clone(), true
}

// undelete restores a deleted chat that can still be restored.
func (st *store) undelete(id string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.deleted(id)
	if ok {
		st.restore(c)
	}
	return ok
}

// app reads one app of the catalog.
func (st *store) app(id string) (App, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.catalog.app(id)
}

// apps returns the catalog's apps keep accepts.
func (st *store) apps(keep func(a App) bool) []App {
	st.mu.RLock()
	defer st.mu.RUnlock()
	var out []App
	for _, a := range st.catalog.Apps {
		if keep(a) {
			out = append(out, a)
		}
	}
	return out
}

// user finds a user of the directory. The directory is fixed when the emulator starts, so this
// takes no lock.
func (st *store) user(idOrUPN, tenantID string) (User, bool) { return st.dir.lookup(idOrUPN, tenantID) }

// The control API's operations: out-of-band changes as someone using Teams would make them.
// Unknown things are errUnknown errors; refusals are ControlErrors.

// updateLive runs change on a live chat (no viewer: an out-of-band change sees every chat).
func (st *store) updateLive(id string, change func(c *Chat) error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.live(id)
	if !ok {
		return fmt.Errorf("chat %s %w", id, errUnknown)
	}
	return change(c)
}

// updateTab runs change on a tab of a live chat, with the tab's catalog app.
func (st *store) updateTab(chatID, tabID string, change func(c *Chat, i int, app App) error) error {
	return st.updateLive(chatID, func(c *Chat) error {
		for i, t := range c.Tabs {
			if t.ID == tabID {
				app, _ := st.catalog.app(t.AppID)
				return change(c, i, app)
			}
		}
		return fmt.Errorf("tab %s %w in chat %s", tabID, errUnknown, chatID)
	})
}

// purgeDeleted ends a deleted chat's restore window: it is gone for good. live tells a chat that
// is not deleted; purged false and live false, one that is not there (or purged already).
func (st *store) purgeDeleted(id string) (live, purged bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, live = st.live(id); live {
		return true, false
	}
	c, ok := st.deleted(id)
	if ok {
		st.purge(c)
	}
	return false, ok
}

// updateCatalog runs change on the catalog.
func (st *store) updateCatalog(change func(c *Catalog) error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return change(&st.catalog)
}

// read runs look with the store read-locked, for control functions that copy state out.
func (st *store) read(look func()) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	look()
}

// foreign reports whether a user is of another organisation than the home tenant.
func (st *store) foreign(u User) bool { return !strings.EqualFold(u.TenantID, st.dir.HomeTenantID) }
