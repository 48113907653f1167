package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// parseTabView reads `$expand` of a tab request: teamsApp only.
func parseTabView(q *request) (expandApp, ok bool) {
	exp := q.r.URL.Query().Get("$expand")
	if exp == "" {
		return false, true
	}
	if strings.TrimSpace(exp) != "teamsApp" {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Parsing OData Select and Expand failed: Could not find a property named '%s' on type 'microsoft.graph.teamsTab'.", exp))
		return false, false
	}
	return true, true
}

func (s *Server) renderTab(c *Chat, t Tab, expandApp bool) map[string]any {
	context := fmt.Sprintf(`{"context":"chat","chatId":"%s","subEntityId":null}`, c.ID)
	obj := map[string]any{
		"id":          t.ID,
		"displayName": t.DisplayName,
		"configuration": map[string]any{
			"entityId": t.Configuration.EntityID, "contentUrl": t.Configuration.ContentURL,
			"websiteUrl": t.Configuration.WebsiteURL, "removeUrl": t.Configuration.RemoveURL,
		},
		"sortOrderIndex": t.SortOrderIndex,
		"webUrl": "https://teams.microsoft.com/l/entity/" + url.PathEscape(t.AppID) + "/_djb2_msteams_prefix_" + t.ID +
			"?context=" + url.QueryEscape(context) + "&tenantId=" + c.TenantID,
	}
	if expandApp {
		app, _ := s.store.catalog.app(t.AppID)
		obj["teamsApp"] = renderApp(app, false)
	}
	return obj
}

// listTabs is GET /chats/{id}/tabs (chat-list-tabs).
func (s *Server) listTabs(q *request) {
	expandApp, ok := parseTabView(q)
	if !ok {
		return
	}
	var appFilter string
	if f := q.r.URL.Query().Get("$filter"); f != "" {
		m := reInstalledFilter.FindStringSubmatch(strings.TrimSpace(f))
		if m == nil || strings.ToLower(m[1]) != "id" {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid filter clause: unsupported filter %q.", f))
			return
		}
		appFilter = strings.ReplaceAll(m[2], "''", "'")
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
	}
	value := []any{}
	for _, t := range c.Tabs {
		if (appFilter == "" || strings.EqualFold(t.AppID, appFilter)) && !s.unlisted(t.Created) {
			value = append(value, s.renderTab(c, t, expandApp))
		}
	}
	q.json(http.StatusOK, map[string]any{"@odata.context": fmt.Sprintf("%s/$metadata#chats('%s')/tabs", graphRoot, c.ID), "value": value})
}

// tab finds the tab the path names; it answers the error itself. Callers hold the lock.
func (s *Server) tab(q *request) (*Chat, int, bool) {
	c, ok := s.visibleChat(q)
	if !ok {
		return nil, 0, false
	}
	for i, t := range c.Tabs {
		if t.ID == q.seg[3] {
			return c, i, true
		}
	}
	q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("Tab '%s' was not found in chat '%s'.", q.seg[3], c.ID))
	return nil, 0, false
}

// getTab is GET /chats/{id}/tabs/{id} (chat-get-tabs).
func (s *Server) getTab(q *request) {
	expandApp, ok := parseTabView(q)
	if !ok {
		return
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, i, ok := s.tab(q)
	if !ok {
		return
	}
	obj := selectKeys(s.renderTab(c, c.Tabs[i], expandApp), q.r.URL.Query().Get("$select"))
	obj["@odata.context"] = fmt.Sprintf("%s/$metadata#chats('%s')/tabs/$entity", graphRoot, c.ID)
	q.json(http.StatusOK, obj)
}

type tabInput struct {
	DisplayName   *string          `json:"displayName"`
	Bind          *string          `json:"teamsApp@odata.bind"`
	Configuration *json.RawMessage `json:"configuration"`
}

func decodeConfiguration(raw json.RawMessage) (TabConfiguration, error) {
	var tc TabConfiguration
	if err := json.Unmarshal(raw, &tc); err != nil {
		return tc, fmt.Errorf("configuration is not a teamsTabConfiguration: %w", err)
	}
	return tc, nil
}

// createTab is POST /chats/{id}/tabs (chat-post-tabs): 201 with the tab. The app must be installed
// in the chat ("The corresponding app must already be installed"); built-in tab apps need no
// installation. A static tab's name and configuration come from the manifest: a body setting them
// is refused with 400.
func (s *Server) createTab(q *request) {
	var in tabInput
	if !q.decode(&in) {
		return
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, app, ok := s.chatAndBoundApp(q, in.Bind)
	if !ok {
		return
	}
	appID := app.ID
	installed := app.BuiltIn
	for _, a := range c.Apps {
		installed = installed || a.AppID == appID
	}
	if !installed {
		// Not documented which status Graph sends; 404 is the stricter answer.
		q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("App '%s' is not installed in chat '%s'; install it before adding its tab.", appID, c.ID))
		return
	}
	t := Tab{ID: uuid.NewString(), AppID: appID, SortOrderIndex: strconv.Itoa(10 * (len(c.Tabs) + 1)), Created: s.store.now()}
	switch app.ChatTab {
	case "static":
		if in.DisplayName != nil || in.Configuration != nil {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("App '%s' has a static tab: its name and configuration come from the app manifest and cannot be set.", appID))
			return
		}
		t.DisplayName = app.DisplayName
	case "configurable":
		if in.DisplayName == nil || strings.TrimSpace(*in.DisplayName) == "" {
			q.fail(http.StatusBadRequest, "BadRequest", "The tab's displayName is required.")
			return
		}
		if in.Configuration == nil {
			q.fail(http.StatusBadRequest, "BadRequest", "The tab's configuration is required.")
			return
		}
		tc, err := decodeConfiguration(*in.Configuration)
		if err != nil {
			q.fail(http.StatusBadRequest, "BadRequest", "Invalid request body: "+err.Error())
			return
		}
		if tc.ContentURL == nil || *tc.ContentURL == "" {
			q.fail(http.StatusBadRequest, "BadRequest", "The tab configuration's contentUrl is required.")
			return
		}
		t.DisplayName, t.Configuration = *in.DisplayName, tc
	default:
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("App '%s' has no tab for chats.", appID))
		return
	}
	s.store.addTab(c, t)
	obj := s.renderTab(c, t, false)
	obj["@odata.context"] = fmt.Sprintf("%s/$metadata#chats('%s')/tabs/$entity", graphRoot, c.ID)
	q.json(http.StatusCreated, obj)
}

// patchTab is PATCH /chats/{id}/tabs/{id} (chat-patch-tabs): 200 with the tab; a static tab: 400.
func (s *Server) patchTab(q *request) {
	var in map[string]json.RawMessage
	if !q.decode(&in) {
		return
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, i, ok := s.tab(q)
	if !ok {
		return
	}
	if app, _ := s.store.catalog.app(c.Tabs[i].AppID); app.ChatTab == "static" {
		q.fail(http.StatusBadRequest, "BadRequest", "A static tab cannot be updated.")
		return
	}
	next := c.Tabs[i]
	for k, raw := range in {
		switch k {
		case "@odata.type":
			// Clients may name the type; it changes nothing.
		case "displayName":
			var name string
			if err := json.Unmarshal(raw, &name); err != nil || strings.TrimSpace(name) == "" {
				q.fail(http.StatusBadRequest, "BadRequest", "displayName must be a non-empty string.")
				return
			}
			next.DisplayName = name
		case "configuration":
			tc, err := decodeConfiguration(raw)
			if err != nil || tc.ContentURL == nil || *tc.ContentURL == "" {
				q.fail(http.StatusBadRequest, "BadRequest", "The tab configuration's contentUrl is required.")
				return
			}
			next.Configuration = tc
		default:
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Property '%s' is read-only or cannot be updated.", k))
			return
		}
	}
	c.Tabs[i] = next
	q.json(http.StatusOK, s.renderTab(c, next, false))
}

// deleteTab is DELETE /chats/{id}/tabs/{id} (chat-delete-tabs): 204.
func (s *Server) deleteTab(q *request) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, i, ok := s.tab(q)
	if !ok {
		return
	}
	s.store.removeTab(c, i)
	q.noContent()
}
