package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// installationView is what $expand asks of an installation.
type installationView struct{ app, definition bool }

func parseInstallationView(q *request) (installationView, bool) {
	var v installationView
	exp := q.r.URL.Query().Get("$expand")
	if exp == "" {
		return v, true
	}
	for _, e := range strings.Split(exp, ",") {
		switch strings.TrimSpace(e) {
		case "teamsApp":
			v.app = true
		case "teamsAppDefinition":
			v.definition = true
		default:
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Parsing OData Select and Expand failed: Could not find a property named '%s' on type 'microsoft.graph.teamsAppInstallation'.", strings.TrimSpace(e)))
			return v, false
		}
	}
	return v, true
}

func (s *Server) renderInstallation(in Installation, v installationView) map[string]any {
	obj := map[string]any{"id": in.ID}
	app, _ := s.store.catalog.app(in.AppID)
	if v.app {
		obj["teamsApp"] = renderApp(app, false)
	}
	if v.definition {
		obj["teamsAppDefinition"] = renderDefinition(app, in.Version)
	}
	return obj
}

// installationID is opaque, derived from the chat and the app, as Graph's samples look.
func installationID(chatID, appID string) string { return encodeID(chatID + "##" + appID) }

var reInstalledFilter = regexp.MustCompile(`(?i)^teamsApp/(id|externalId)\s+eq\s+'((?:[^']|'')*)'$`)

// listInstalledApps is GET /chats/{id}/installedApps (chat-list-installedapps): `$expand` of
// teamsApp and teamsAppDefinition, `$filter` on teamsApp/id or teamsApp/externalId.
func (s *Server) listInstalledApps(q *request) {
	view, ok := parseInstallationView(q)
	if !ok {
		return
	}
	var field, value string
	if f := q.r.URL.Query().Get("$filter"); f != "" {
		m := reInstalledFilter.FindStringSubmatch(strings.TrimSpace(f))
		if m == nil {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid filter clause: unsupported filter %q.", f))
			return
		}
		field, value = strings.ToLower(m[1]), strings.ReplaceAll(m[2], "''", "'")
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, ok := s.visibleChat(q)
	if !ok {
		return
	}
	installed := []any{}
	for _, in := range c.Apps {
		app, _ := s.store.catalog.app(in.AppID)
		if (field == "id" && !strings.EqualFold(app.ID, value)) || (field == "externalid" && !strings.EqualFold(app.ExternalID, value)) {
			continue
		}
		installed = append(installed, s.renderInstallation(in, view))
	}
	q.json(http.StatusOK, map[string]any{
		"@odata.context": fmt.Sprintf("%s/$metadata#chats('%s')/installedApps", graphRoot, c.ID),
		"@odata.count":   len(installed),
		"value":          installed,
	})
}

// installation finds the installation the path names; it answers the error itself. Callers hold
// the lock.
func (s *Server) installation(q *request) (*Chat, int, bool) {
	c, ok := s.visibleChat(q)
	if !ok {
		return nil, 0, false
	}
	for i, in := range c.Apps {
		if in.ID == q.seg[3] {
			return c, i, true
		}
	}
	q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("App installation '%s' was not found in chat '%s'.", q.seg[3], c.ID))
	return nil, 0, false
}

// getInstalledApp is GET /chats/{id}/installedApps/{id} (chat-get-installedapps). The page lists
// no optional query parameters; its second example uses `$select`, so `$select` is accepted and
// every other query option ($expand included) is refused (the stricter reading).
func (s *Server) getInstalledApp(q *request) {
	for k := range q.r.URL.Query() {
		if strings.HasPrefix(k, "$") && k != "$select" {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The query option '%s' is not supported when reading one installed app; list the chat's installed apps to expand them.", k))
			return
		}
	}
	view := installationView{}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	c, i, ok := s.installation(q)
	if !ok {
		return
	}
	obj := selectKeys(s.renderInstallation(c.Apps[i], view), q.r.URL.Query().Get("$select"))
	obj["@odata.context"] = fmt.Sprintf("%s/$metadata#chats('%s')/installedApps/$entity", graphRoot, c.ID)
	q.json(http.StatusOK, obj)
}

type installInput struct {
	Bind *string `json:"teamsApp@odata.bind"`
}

// chatAndBoundApp finds the chat of the path and the catalog app a `teamsApp@odata.bind` names;
// it answers the error itself. Callers hold the lock.
func (s *Server) chatAndBoundApp(q *request, bind *string) (*Chat, App, bool) {
	if bind == nil || *bind == "" {
		q.fail(http.StatusBadRequest, "BadRequest", "Bind property 'teamsApp@odata.bind' is required.")
		return nil, App{}, false
	}
	appID, err := parseAppBind(*bind)
	if err != nil {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid bind property value '%s': %s.", *bind, err))
		return nil, App{}, false
	}
	c, ok := s.visibleChat(q)
	if !ok {
		return nil, App{}, false
	}
	app, ok := s.store.catalog.app(appID)
	if !ok {
		// Not documented; 404 is the stricter answer (a client might take it for a missing chat).
		q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("App '%s' was not found in the app catalog.", appID))
		return nil, App{}, false
	}
	return c, app, true
}

// installApp is POST /chats/{id}/installedApps (chat-post-installedapps): 201 Created. The page
// shows no body; the emulator sends none (the stricter reading: the client must look the
// installation up).
func (s *Server) installApp(q *request) {
	var in installInput
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
	if app.BuiltIn {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("App '%s' is built into Teams and cannot be installed.", appID))
		return
	}
	for _, existing := range c.Apps {
		if existing.AppID == appID {
			// Installing an app already there: not documented.
			q.fail(http.StatusConflict, "Conflict", fmt.Sprintf("App '%s' is already installed in this chat.", appID))
			return
		}
	}
	s.store.install(c, Installation{ID: installationID(c.ID, appID), AppID: appID, Version: app.Current()})
	q.w.Header().Set("request-id", q.reqID)
	q.w.WriteHeader(http.StatusCreated)
}

// upgradeApp is POST …/installedApps/{id}/upgrade (chat-teamsappinstallation-upgrade): 204.
func (s *Server) upgradeApp(q *request) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, i, ok := s.installation(q)
	if !ok {
		return
	}
	app, _ := s.store.catalog.app(c.Apps[i].AppID)
	c.Apps[i].Version = app.Current()
	q.noContent()
}

// uninstallApp is DELETE …/installedApps/{id} (chat-delete-installedapps): 204; the app's tabs go
// with it.
func (s *Server) uninstallApp(q *request) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, i, ok := s.installation(q)
	if !ok {
		return
	}
	s.store.uninstall(c, i)
	q.noContent()
}
