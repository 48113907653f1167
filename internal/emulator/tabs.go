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
func parseTabView(q *request) (expandApp bool, e *graphError) {
	exp := q.r.URL.Query().Get("$expand")
	if exp == "" {
		return false, nil
	}
	if strings.TrimSpace(exp) != "teamsApp" {
		return false, failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Parsing OData Select and Expand failed: Could not find a property named '%s' on type 'microsoft.graph.teamsTab'.", exp))
	}
	return true, nil
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
		app, _ := s.store.app(t.AppID)
		obj["teamsApp"] = renderApp(app, false)
	}
	return obj
}

// listTabs is GET /chats/{id}/tabs (chat-list-tabs).
func (s *Server) listTabs(q *request) response {
	expandApp, e := parseTabView(q)
	if e != nil {
		return e.answer()
	}
	var appFilter string
	if f := q.r.URL.Query().Get("$filter"); f != "" {
		m := reInstalledFilter.FindStringSubmatch(strings.TrimSpace(f))
		if m == nil || strings.ToLower(m[1]) != "id" {
			return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid filter clause: unsupported filter %q.", f))
		}
		appFilter = strings.ReplaceAll(m[2], "''", "'")
	}
	c, e := s.store.chat(q.param("chatId"), s.viewer(q))
	if e != nil {
		return e.answer()
	}
	value := []any{}
	for _, t := range c.Tabs {
		if (appFilter == "" || strings.EqualFold(t.AppID, appFilter)) && !s.unlisted(t.Created) {
			value = append(value, s.renderTab(&c, t, expandApp))
		}
	}
	return reply(http.StatusOK, map[string]any{"@odata.context": fmt.Sprintf("%s/$metadata#chats('%s')/tabs", graphRoot, c.ID), "value": value})
}

// tab finds the tab the path names.
func (s *Server) tab(q *request) func(c *Chat) (int, *graphError) {
	return func(c *Chat) (int, *graphError) { return tabIndex(c, q.param("tabId")) }
}

// tabEntity answers one tab of a chat.
func (s *Server) tabEntity(status int, c *Chat, t Tab, expandApp bool, sel string) response {
	obj := selectKeys(s.renderTab(c, t, expandApp), sel)
	obj["@odata.context"] = fmt.Sprintf("%s/$metadata#chats('%s')/tabs/$entity", graphRoot, c.ID)
	return reply(status, obj)
}

// getTab is GET /chats/{id}/tabs/{id} (chat-get-tabs).
func (s *Server) getTab(q *request) response {
	expandApp, e := parseTabView(q)
	if e != nil {
		return e.answer()
	}
	c, i, e := s.store.child(q.param("chatId"), s.viewer(q), s.tab(q))
	if e != nil {
		return e.answer()
	}
	return s.tabEntity(http.StatusOK, &c, c.Tabs[i], expandApp, q.r.URL.Query().Get("$select"))
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
func (s *Server) createTab(q *request) response {
	var in tabInput
	var t Tab
	c, e := s.changeBoundApp(q, &in, func(c *Chat, app App) *graphError {
		installed := app.BuiltIn
		for _, a := range c.Apps {
			installed = installed || a.AppID == app.ID
		}
		if !installed {
			// Not documented which status Graph sends; 404 is the stricter answer.
			return failure(http.StatusNotFound, "NotFound", fmt.Sprintf("App '%s' is not installed in chat '%s'; install it before adding its tab.", app.ID, c.ID))
		}
		t = Tab{ID: uuid.NewString(), AppID: app.ID, SortOrderIndex: strconv.Itoa(10 * (len(c.Tabs) + 1)), Created: s.store.now()}
		switch app.ChatTab {
		case "static":
			if in.DisplayName != nil || in.Configuration != nil {
				return failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("App '%s' has a static tab: its name and configuration come from the app manifest and cannot be set.", app.ID))
			}
			t.DisplayName = app.DisplayName
		case "configurable":
			if in.DisplayName == nil || strings.TrimSpace(*in.DisplayName) == "" {
				return failure(http.StatusBadRequest, "BadRequest", "The tab's displayName is required.")
			}
			if in.Configuration == nil {
				return failure(http.StatusBadRequest, "BadRequest", "The tab's configuration is required.")
			}
			tc, err := decodeConfiguration(*in.Configuration)
			if err != nil {
				return failure(http.StatusBadRequest, "BadRequest", "Invalid request body: "+err.Error())
			}
			if tc.ContentURL == nil || *tc.ContentURL == "" {
				return failure(http.StatusBadRequest, "BadRequest", "The tab configuration's contentUrl is required.")
			}
			t.DisplayName, t.Configuration = *in.DisplayName, tc
		default:
			return failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("App '%s' has no tab for chats.", app.ID))
		}
		s.store.addTab(c, t)
		return nil
	})
	if e != nil {
		return e.answer()
	}
	return s.tabEntity(http.StatusCreated, &c, t, false, "")
}

// patchTab is PATCH /chats/{id}/tabs/{id} (chat-patch-tabs): 200 with the tab; a static tab: 400.
func (s *Server) patchTab(q *request) response {
	var in map[string]json.RawMessage
	if e := q.decode(&in); e != nil {
		return e.answer()
	}
	var next Tab
	c, e := s.store.changeChild(q.param("chatId"), s.viewer(q), s.tab(q), tabAppID, func(c *Chat, i int, app App) *graphError {
		if app.ChatTab == "static" {
			return failure(http.StatusBadRequest, "BadRequest", "A static tab cannot be updated.")
		}
		next = c.Tabs[i]
		for k, raw := range in {
			switch k {
			case "@odata.type":
				// Clients may name the type; it changes nothing.
			case "displayName":
				var name string
				if err := json.Unmarshal(raw, &name); err != nil || strings.TrimSpace(name) == "" {
					return failure(http.StatusBadRequest, "BadRequest", "displayName must be a non-empty string.")
				}
				next.DisplayName = name
			case "configuration":
				tc, err := decodeConfiguration(raw)
				if err != nil || tc.ContentURL == nil || *tc.ContentURL == "" {
					return failure(http.StatusBadRequest, "BadRequest", "The tab configuration's contentUrl is required.")
				}
				next.Configuration = tc
			default:
				return failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Property '%s' is read-only or cannot be updated.", k))
			}
		}
		c.Tabs[i] = next
		return nil
	})
	if e != nil {
		return e.answer()
	}
	return reply(http.StatusOK, s.renderTab(&c, next, false))
}

// deleteTab is DELETE /chats/{id}/tabs/{id} (chat-delete-tabs): 204.
func (s *Server) deleteTab(q *request) response {
	_, e := s.store.changeChild(q.param("chatId"), s.viewer(q), s.tab(q), nil, func(c *Chat, i int, _ App) *graphError {
		s.store.removeTab(c, i)
		return nil
	})
	if e != nil {
		return e.answer()
	}
	return noContent()
}
