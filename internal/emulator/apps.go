package emulator

import (
	"errors"
	"fmt"
	"io"
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
		d, ok := app.definition(in.Version)
		if !ok { // the catalog was replaced since
			d = Definition{Version: in.Version, PublishingState: Published}
		}
		obj["teamsAppDefinition"] = renderDefinition(app, d)
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
	Bind    *string        `json:"teamsApp@odata.bind"`
	Consent *permissionSet `json:"consentedPermissionSet"`
}

// permissionSet is a teamsAppPermissionSet.
type permissionSet struct {
	Permissions []RSCPermission `json:"resourceSpecificPermissions"`
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
// installation up). It installs the catalog's current (last published) definition, with the
// consent that definition needs (consented).
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
	d, ok := currentDefinition(q, app)
	if !ok || !consented(q, d, in.Consent) {
		return
	}
	for _, existing := range c.Apps {
		if existing.AppID == appID {
			// Installing an app already there: not documented.
			q.fail(http.StatusConflict, "Conflict", fmt.Sprintf("App '%s' is already installed in this chat.", appID))
			return
		}
	}
	s.store.install(c, Installation{ID: installationID(c.ID, appID), AppID: appID, Version: d.Version})
	q.w.Header().Set("request-id", q.reqID)
	q.w.WriteHeader(http.StatusCreated)
}

// currentDefinition is the definition install and upgrade move to: the catalog's last published
// one, never a submitted or rejected one (chat-teamsappinstallation-upgrade: "bring it in sync
// with the current version available in the tenant app catalog"). An app with no published version
// is refused with 400 (not documented; the stricter answer). It answers the error itself.
func currentDefinition(q *request, app App) (Definition, bool) {
	d, ok := app.Current()
	if !ok {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("App '%s' has no published version in the app catalog.", app.ID))
	}
	return d, ok
}

// upgradeApp is POST …/installedApps/{id}/upgrade (chat-teamsappinstallation-upgrade): 204; the
// installation moves to the catalog's current definition, with the consent it needs.
func (s *Server) upgradeApp(q *request) {
	var in struct {
		Consent *permissionSet `json:"consentedPermissionSet"`
	}
	if err := DecodeBody(q.r, &in); err != nil && !errors.Is(err, io.EOF) { // the body is optional
		q.fail(http.StatusBadRequest, "BadRequest", "Invalid request body: "+err.Error())
		return
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	c, i, ok := s.installation(q)
	if !ok {
		return
	}
	app, _ := s.store.catalog.app(c.Apps[i].AppID)
	d, ok := currentDefinition(q, app)
	if !ok || !consented(q, d, in.Consent) {
		return
	}
	c.Apps[i].Version = d.Version
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

// consentPermissions may consent to an app's resource-specific permissions while installing or
// upgrading it in a chat. Source: the permission tables of chat-post-installedapps and
// chat-teamsappinstallation-upgrade (read 2026-12-03) mark TeamsAppInstallation.ReadWriteSelfForChat(.All)
// and TeamsAppInstallation.ReadWriteForChat(.All): "These permissions cannot be used to install apps
// that require consent to resource-specific permissions". That leaves the …AndConsent… ones; the
// …AndConsentSelf… ones let an app install only itself, and the emulator does not know which app
// calls, so it does not accept them (the stricter reading, as permissions.go does for "Self"). The
// pages do not say whether an app declaring only delegated permissions "requires consent"; the
// emulator takes the stricter answer: any declared permission does. This rule is the emulator's
// own, kept apart from the permission table, which lists what each route allows at all.
var consentPermissions = struct{ application, delegated []string }{
	application: []string{"TeamsAppInstallation.ReadWriteAndConsentForChat.All"},
	delegated:   []string{"TeamsAppInstallation.ReadWriteAndConsentForChat"},
}

// consented checks an install or upgrade to definition d: the caller must hold a consent
// permission when d declares resource-specific permissions (403 otherwise), and the request's
// consentedPermissionSet must match d's (400 ResourceSpecificPermissionsMismatch otherwise, the
// code field reports show). The pages: "The permissions consented to during the installation must
// match the resource-specific permissions defined in the teamsAppDefinition … If only delegated
// resource-specific permissions are specified in the teamsAppDefinition, permissions can be
// omitted in the request body." A set sent for an app that declares none must be empty (not
// documented; the stricter reading of "must match"). Permission types compare without regard to
// case (the pages' requests write "Application", their responses "application"); permission names
// compare exactly (not documented; stricter). It answers the error itself.
func consented(q *request, d Definition, sent *permissionSet) bool {
	if len(d.Permissions) > 0 && q.caller.granted != nil {
		need, kind := consentPermissions.application, "role"
		if q.caller.delegated {
			need, kind = consentPermissions.delegated, "scope"
		}
		if !grantsAny(q.caller.granted, need) {
			q.fail(http.StatusForbidden, "Forbidden", fmt.Sprintf(
				"Missing %s permissions on the request. Installing an app that requires consent to resource-specific permissions requires one of '%s'. %ss on the request '%s'.",
				kind, strings.Join(need, ", "), strings.ToUpper(kind[:1])+kind[1:], strings.Join(q.caller.granted, ", ")))
			return false
		}
	}
	if sent == nil {
		for _, p := range d.Permissions {
			if strings.EqualFold(p.Type, "application") {
				q.fail(http.StatusBadRequest, "ResourceSpecificPermissionsMismatch", fmt.Sprintf(
					"The app's version %s requires consent to resource-specific permissions (%s), but the request has no consentedPermissionSet.", d.Version, describePermissions(d.Permissions)))
				return false
			}
		}
		return true
	}
	if !samePermissions(sent.Permissions, d.Permissions) {
		q.fail(http.StatusBadRequest, "ResourceSpecificPermissionsMismatch", fmt.Sprintf(
			"The consented permissions (%s) do not match the resource-specific permissions of the app's version %s (%s).",
			describePermissions(sent.Permissions), d.Version, describePermissions(d.Permissions)))
		return false
	}
	return true
}

func grantsAny(granted, need []string) bool {
	for _, g := range granted {
		for _, n := range need {
			if strings.EqualFold(g, n) {
				return true
			}
		}
	}
	return false
}

// samePermissions compares two sets of resource-specific permissions, without regard to order.
func samePermissions(a, b []RSCPermission) bool {
	key := func(ps []RSCPermission) map[string]bool {
		m := map[string]bool{}
		for _, p := range ps {
			m[strings.ToLower(p.Type)+" "+p.Value] = true
		}
		return m
	}
	ka, kb := key(a), key(b)
	if len(ka) != len(kb) {
		return false
	}
	for k := range ka {
		if !kb[k] {
			return false
		}
	}
	return true
}

func describePermissions(ps []RSCPermission) string {
	if len(ps) == 0 {
		return "none"
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.Value+" ("+strings.ToLower(p.Type)+")")
	}
	return strings.Join(out, ", ")
}
