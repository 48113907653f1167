package graph

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/microsoftgraph/msgraph-sdk-go/chats"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// Permissions named in errors for tabs.
const (
	permTabRead   = "TeamsTab.Read.All (or TeamsTab.ReadWrite.All; signed in: TeamsTab.ReadWriteForChat)"
	permTabCreate = "TeamsTab.Create (or TeamsTab.ReadWrite.All; signed in: TeamsTab.ReadWriteForChat)"
	permTabWrite  = "TeamsTab.ReadWrite.All (signed in: TeamsTab.ReadWriteForChat)"
)

// errNoID: Graph answered a tab's create without the new tab's id.
var errNoID = errors.New("microsoft Graph answered without the new object's id")

// TabConfiguration is a tab's teamsTabConfiguration; "" is null.
type TabConfiguration struct {
	EntityID, ContentURL, WebsiteURL, RemoveURL string
}

// Tab is a tab pinned to a chat.
type Tab struct {
	ID, AppID, DisplayName, WebURL string
	Configuration                  TabConfiguration
}

// TabSpec is a tab to pin or the changes to make to one.
type TabSpec struct {
	AppID, DisplayName string
	Configuration      TabConfiguration
}

func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func newTabConfiguration(tc TabConfiguration) models.TeamsTabConfigurationable {
	m := models.NewTeamsTabConfiguration()
	m.SetEntityId(optStr(tc.EntityID))
	m.SetContentUrl(optStr(tc.ContentURL))
	m.SetWebsiteUrl(optStr(tc.WebsiteURL))
	m.SetRemoveUrl(optStr(tc.RemoveURL))
	return m
}

func newTab(t models.TeamsTabable) Tab {
	out := Tab{ID: str(t.GetId()), DisplayName: str(t.GetDisplayName()), WebURL: str(t.GetWebUrl())}
	if a := t.GetTeamsApp(); a != nil {
		out.AppID = str(a.GetId())
	}
	if tc := t.GetConfiguration(); tc != nil {
		out.Configuration = TabConfiguration{EntityID: str(tc.GetEntityId()), ContentURL: str(tc.GetContentUrl()),
			WebsiteURL: str(tc.GetWebsiteUrl()), RemoveURL: str(tc.GetRemoveUrl())}
	}
	return out
}

// Recovery tells how a create that failed without a clear answer (UncertainError) was recovered.
type Recovery struct {
	// Adopted: what the unanswered request made was found, and is what is returned.
	Adopted bool
	// Resent: nothing it could have made was found within ListConsistencyWindow, so the request
	// was sent again (something that shows up in the lists only later would be a second one).
	Resent bool
}

// CreateTab pins a tab to a chat. A POST that fails without a clear answer (a 5xx such as 503 or
// 504, a timeout, a dropped connection: the tab may or may not be pinned) is never resent blindly,
// since Graph would pin a second tab: a tab of the same app, name and content URL is looked for
// instead, again and again for ListConsistencyWindow (the chat's tab list is eventually
// consistent), and adopted when found. When it is confirmed absent, the POST is sent once more
// (logged, and reported in Recovery.Resent); a second unclear failure is looked up the same way and
// otherwise returned as the UncertainError. When ctx ends inside the window nothing is resent.
func (c *Client) CreateTab(ctx context.Context, chatID string, spec TabSpec) (Tab, Recovery, error) {
	body := models.NewTeamsTab()
	body.SetDisplayName(&spec.DisplayName)
	body.SetConfiguration(newTabConfiguration(spec.Configuration))
	body.SetAdditionalData(map[string]any{"teamsApp@odata.bind": c.graphBase() + "/appCatalogs/teamsApps/" + spec.AppID})
	var rec Recovery
	for {
		created, err := call(WithNoResend(ctx), permTabCreate, func(ctx context.Context) (models.TeamsTabable, error) {
			return c.sdk.Chats().ByChatId(chatID).Tabs().Post(ctx, body, nil)
		})
		if IsUncertain(err) {
			var found Tab
			ok, lerr := c.lookUntilSeen(ctx, "tab "+strconv.Quote(spec.DisplayName), func(ctx context.Context) (bool, error) {
				tabs, err := c.ListTabs(ctx, chatID, spec.AppID)
				for _, t := range tabs {
					if t.DisplayName == spec.DisplayName && t.Configuration.ContentURL == spec.Configuration.ContentURL {
						found = t
						return true, nil
					}
				}
				return false, err
			})
			switch {
			case ok:
				rec.Adopted = true
				return found, rec, nil
			case lerr != nil || rec.Resent:
				return Tab{}, rec, err
			}
			warnResend(ctx, "tab "+strconv.Quote(spec.DisplayName), c.window())
			rec.Resent = true
			continue
		}
		if err != nil {
			return Tab{}, rec, err
		}
		if created == nil || created.GetId() == nil {
			return Tab{}, rec, errNoID
		}
		t := newTab(created)
		if t.AppID == "" {
			t.AppID = spec.AppID
		}
		return t, rec, nil
	}
}

// ListTabs lists a chat's tabs of one app (all tabs for appID ""), with their app.
func (c *Client) ListTabs(ctx context.Context, chatID, appID string) ([]Tab, error) {
	q := &chats.ItemTabsRequestBuilderGetQueryParameters{Expand: []string{"teamsApp"}}
	if appID != "" {
		f := odataEq("teamsApp/id", appID)
		q.Filter = &f
	}
	page, err := call(ctx, permTabRead, func(ctx context.Context) (models.TeamsTabCollectionResponseable, error) {
		return c.sdk.Chats().ByChatId(chatID).Tabs().Get(ctx, &chats.ItemTabsRequestBuilderGetRequestConfiguration{QueryParameters: q})
	})
	if err != nil {
		return nil, err
	}
	var out []Tab
	for _, t := range page.GetValue() {
		if tab := newTab(t); appID == "" || strings.EqualFold(tab.AppID, appID) {
			out = append(out, tab)
		}
	}
	return out, nil
}

// GetTab reads one tab with its app.
func (c *Client) GetTab(ctx context.Context, chatID, tabID string) (Tab, error) {
	got, err := call(ctx, permTabRead, func(ctx context.Context) (models.TeamsTabable, error) {
		return c.sdk.Chats().ByChatId(chatID).Tabs().ByTeamsTabId(tabID).Get(ctx, &chats.ItemTabsTeamsTabItemRequestBuilderGetRequestConfiguration{
			QueryParameters: &chats.ItemTabsTeamsTabItemRequestBuilderGetQueryParameters{Expand: []string{"teamsApp"}},
		})
	})
	if err != nil {
		return Tab{}, err
	}
	return newTab(got), nil
}

// UpdateTab renames and reconfigures a tab. Graph answers 200 with the updated tab
// (chat-patch-tabs), which is returned; after a bodiless answer the tab is read again.
func (c *Client) UpdateTab(ctx context.Context, chatID, tabID string, spec TabSpec) (Tab, error) {
	body := models.NewTeamsTab()
	body.SetDisplayName(&spec.DisplayName)
	body.SetConfiguration(newTabConfiguration(spec.Configuration))
	got, err := call(ctx, permTabWrite, func(ctx context.Context) (models.TeamsTabable, error) {
		return c.sdk.Chats().ByChatId(chatID).Tabs().ByTeamsTabId(tabID).Patch(ctx, body, nil)
	})
	if err != nil {
		return Tab{}, err
	}
	if got == nil || got.GetId() == nil {
		return c.GetTab(ctx, chatID, tabID)
	}
	t := newTab(got)
	if t.AppID == "" {
		t.AppID = spec.AppID // the answer does not expand teamsApp, which a tab cannot change
	}
	return t, nil
}

// DeleteTab unpins a tab.
func (c *Client) DeleteTab(ctx context.Context, chatID, tabID string) error {
	_, err := call(ctx, permTabWrite, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.sdk.Chats().ByChatId(chatID).Tabs().ByTeamsTabId(tabID).Delete(ctx, nil)
	})
	return err
}
