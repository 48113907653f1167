package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Member is one membership of a chat as the emulator stores it.
type Member struct {
	ID                          string    `json:"id"`
	UserID                      string    `json:"userId"`
	DisplayName                 string    `json:"displayName"`
	Email                       string    `json:"email"`
	TenantID                    string    `json:"tenantId"`
	Roles                       []string  `json:"roles"`
	VisibleHistoryStartDateTime time.Time `json:"visibleHistoryStartDateTime"`
}

// Chat is a chat as the emulator stores it.
type Chat struct {
	ID                  string    `json:"id"`
	ChatType            string    `json:"chatType"`
	Topic               string    `json:"topic"`
	TenantID            string    `json:"tenantId"`
	CreatedDateTime     time.Time `json:"createdDateTime"`
	LastUpdatedDateTime time.Time `json:"lastUpdatedDateTime"`
	Members             []Member  `json:"members"`
	// Apps are the apps installed in the chat; Tabs the tabs pinned to it.
	Apps    []Installation `json:"installedApps"`
	Tabs    []Tab          `json:"tabs"`
	Deleted bool           `json:"deleted"`
	// DeletedDateTime is when the chat was deleted (zero while it is not): it can be restored
	// until restoreWindow has passed, and is purged after.
	DeletedDateTime time.Time `json:"deletedDateTime,omitempty"`
	seq             int
}

// restoreWindow is how long a deleted chat can be restored (chat-delete: "After chats are
// deleted, tenant admins have seven days to restore them. Chats deleted for more than seven days
// can't be restored."). Past it the chat is purged: 404 everywhere.
const restoreWindow = 7 * 24 * time.Hour

// Installation is an app installed in a chat (teamsAppInstallation).
type Installation struct {
	ID      string `json:"id"`
	AppID   string `json:"teamsAppId"`
	Version string `json:"version"`
}

// Tab is a tab pinned to a chat (teamsTab).
type Tab struct {
	ID             string           `json:"id"`
	AppID          string           `json:"teamsAppId"`
	DisplayName    string           `json:"displayName"`
	Configuration  TabConfiguration `json:"configuration"`
	SortOrderIndex string           `json:"sortOrderIndex"`
	// Created is when the tab was pinned (for the list lag; Graph does not return it).
	Created time.Time `json:"-"`
}

// TabConfiguration is a tab's teamsTabConfiguration; nil fields are null.
type TabConfiguration struct {
	EntityID   *string `json:"entityId"`
	ContentURL *string `json:"contentUrl"`
	WebsiteURL *string `json:"websiteUrl"`
	RemoveURL  *string `json:"removeUrl"`
}

func (c *Chat) clone() Chat {
	out := *c
	out.Members = make([]Member, len(c.Members))
	for i, m := range c.Members {
		m.Roles = append([]string(nil), m.Roles...)
		out.Members[i] = m
	}
	out.Apps = append([]Installation(nil), c.Apps...)
	out.Tabs = append([]Tab(nil), c.Tabs...)
	return out
}

func (c *Chat) webURL() string {
	return "https://teams.microsoft.com/l/chat/" + url.QueryEscape(c.ID) + "/0?tenantId=" + c.TenantID
}

func (c *Chat) memberByUser(userID string) (int, bool) {
	for i, m := range c.Members {
		if strings.EqualFold(m.UserID, userID) {
			return i, true
		}
	}
	return -1, false
}

// store is the in-memory state of the emulator. It owns its lock: the operations in store_ops.go
// take it themselves and hand out copies; the helpers in this file run under it, called from those
// operations (and from the change functions they run) only.
type store struct {
	mu    sync.RWMutex
	dir   Directory
	chats map[string]*Chat
	seq   int
	// catalog is the tenant's Teams app catalog.
	catalog Catalog
	// offset is how far the emulator's clock runs ahead of the machine's (negative: behind), as
	// Graph's clock may differ from the clock of the machine running Terraform.
	offset atomic.Int64
	// clock replaces the machine's clock in tests that need exact timestamps; nil: time.Now.
	clock func() time.Time
}

func newStore(dir Directory) *store {
	return &store{dir: dir, chats: map[string]*Chat{}, catalog: DefaultCatalog()}
}

// now is the emulator's clock: the machine's, moved by the clock offset.
func (s *store) now() time.Time {
	base := time.Now
	if s.clock != nil {
		base = s.clock
	}
	return base().Add(time.Duration(s.offset.Load())).UTC()
}

// graphTime is Graph's timestamp precision: milliseconds, UTC.
func (s *store) tick() time.Time { return s.now().Truncate(time.Millisecond) }

func newGroupChatID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "19:" + hex.EncodeToString(b[:]) + "@thread.v2"
}

func oneOnOneChatID(a, b string) string {
	ids := []string{strings.ToLower(a), strings.ToLower(b)}
	sort.Strings(ids)
	return "19:" + ids[0] + "_" + ids[1] + "@unq.gbl.spaces"
}

// membershipID mimics Graph's opaque membership ids: standard base64 (it may contain '/', '+', '=').
func membershipID(tenantID, chatID, userID string) string {
	return encodeID(fmt.Sprintf("1727285960706##%s##%s##%s", tenantID, chatID, userID))
}

// encodeID makes an opaque id the way Graph's look: base64 of parts joined with "##".
func encodeID(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func newMember(chatID string, u User, role string, history time.Time) Member {
	return Member{
		ID:                          membershipID(u.TenantID, chatID, u.ID),
		UserID:                      u.ID,
		DisplayName:                 u.DisplayName,
		Email:                       firstNonEmpty(u.Mail, u.UserPrincipalName),
		TenantID:                    u.TenantID,
		Roles:                       []string{role},
		VisibleHistoryStartDateTime: history,
	}
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// find returns a chat that exists, deleted or not, unless it is purged: deleted longer ago than
// the restore window. Runs under the lock (store_ops.go).
func (s *store) find(id string) (*Chat, bool) {
	c, ok := s.chats[id]
	if !ok || (c.Deleted && s.now().Sub(c.DeletedDateTime) > restoreWindow) {
		return nil, false
	}
	return c, true
}

// deleted returns a chat that is deleted and can still be restored. Runs under the lock (store_ops.go).
func (s *store) deleted(id string) (*Chat, bool) {
	c, ok := s.find(id)
	if !ok || !c.Deleted {
		return nil, false
	}
	return c, true
}

// live returns a chat that exists and is not deleted. Runs under the lock (store_ops.go).
func (s *store) live(id string) (*Chat, bool) {
	c, ok := s.chats[id]
	if !ok || c.Deleted {
		return nil, false
	}
	return c, true
}

// sortedChats returns live chats oldest first. Runs under the lock (store_ops.go).
func (s *store) sortedChats() []*Chat {
	out := make([]*Chat, 0, len(s.chats))
	for _, c := range s.chats {
		if !c.Deleted {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// touch moves lastUpdatedDateTime forward, strictly.
func (st *store) touch(c *Chat) {
	now := st.tick()
	if !now.After(c.LastUpdatedDateTime) {
		now = c.LastUpdatedDateTime.Add(time.Millisecond)
	}
	c.LastUpdatedDateTime = now
}

// The state changes Graph's writes make; handlers check (in the change functions they give the
// store's operations) and these change. They run under the lock (store_ops.go).

// insert adds a new chat.
func (st *store) insert(c *Chat) {
	st.seq++
	c.seq = st.seq
	st.chats[c.ID] = c
}

// rename sets a chat's topic.
func (st *store) rename(c *Chat, topic string) {
	c.Topic = topic
	st.touch(c)
}

// addMember adds a membership.
func (st *store) addMember(c *Chat, m Member) {
	c.Members = append(c.Members, m)
	st.touch(c)
}

// removeMember removes the i-th membership.
func (st *store) removeMember(c *Chat, i int) {
	c.Members = append(c.Members[:i], c.Members[i+1:]...)
	st.touch(c)
}

// install adds an app installation.
func (st *store) install(c *Chat, in Installation) { c.Apps = append(c.Apps, in) }

// uninstall removes the i-th installation and the tabs of its app (Teams removes an app's tabs
// with it).
func (st *store) uninstall(c *Chat, i int) {
	appID := c.Apps[i].AppID
	c.Apps = append(c.Apps[:i], c.Apps[i+1:]...)
	kept := c.Tabs[:0]
	for _, t := range c.Tabs {
		if t.AppID != appID {
			kept = append(kept, t)
		}
	}
	c.Tabs = kept
}

// addTab pins a tab.
func (st *store) addTab(c *Chat, t Tab) { c.Tabs = append(c.Tabs, t) }

// removeTab removes the i-th tab.
func (st *store) removeTab(c *Chat, i int) { c.Tabs = append(c.Tabs[:i], c.Tabs[i+1:]...) }

// markDeleted soft-deletes a chat: it answers as gone, and an administrator can restore it, with
// its members, apps and tabs, within the restore window.
func (st *store) markDeleted(c *Chat) { c.Deleted, c.DeletedDateTime = true, st.tick() }

// restore brings a deleted chat back as it was, with the same id.
func (st *store) restore(c *Chat) { c.Deleted, c.DeletedDateTime = false, time.Time{} }

// purge ends a deleted chat's restore window: it is gone for good.
func (st *store) purge(c *Chat) { delete(st.chats, c.ID) }
