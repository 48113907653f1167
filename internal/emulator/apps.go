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

func parseInstallationView(q *request) (installationView, *graphError) {
	var v installationView
	exp := q.r.URL.Query().Get("$expand")
	if exp == "" {
		return v, nil
	}
	for _, e := range strings.Split(exp, ",") {
		switch strings.TrimSpace(e) {
		case "teamsApp":
			v.app = true
		case "teamsAppDefinition":
			v.definition = true
		default:
			return v, failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Parsing OData Select and Expand failed: Could not find a property named '%s' on type 'microsoft.graph.teamsAppInstallation'.", strings.TrimSpace(e)))
		}
	}
	return v, nil
}

func (s *Server) renderInstallation(in Installation, v installationView) map[string]any {
	obj := map[string]any{"id": in.ID}
	app, _ := s.store.app(in.AppID)
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
func (s *Server) listInstalledApps(q *request) response {
	view, e := parseInstallationView(q)
	if e != nil {
		return e.answer()
	}
	var field, value string
	if f := q.r.URL.Query().Get("$filter"); f != "" {
		m := reInstalledFilter.FindStringSubmatch(strings.TrimSpace(f))
		if m == nil {
			return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid filter clause: unsupported filter %q.", f))
		}
		field, value = strings.ToLower(m[1]), strings.ReplaceAll(m[2], "''", "'")
	}
	c, e := s.store.chat(q.param("chatId"), s.viewer(q))
	if e != nil {
		return e.answer()
	}
	installed := []any{}
	for _, in := range c.Apps {
		app, _ := s.store.app(in.AppID)
		if (field == "id" && !strings.EqualFold(app.ID, value)) || (field == "externalid" && !strings.EqualFold(app.ExternalID, value)) {
			continue
		}
		installed = append(installed, s.renderInstallation(in, view))
	}
	return reply(http.StatusOK, map[string]any{
		"@odata.context": fmt.Sprintf("%s/$metadata#chats('%s')/installedApps", graphRoot, c.ID),
		"@odata.count":   len(installed),
		"value":          installed,
	})
}

// installation finds the installation the path names.
func (s *Server) installation(q *request) func(c *Chat) (int, *graphError) {
	return func(c *Chat) (int, *graphError) { return installationIndex(c, q.param("installationId")) }
}

// getInstalledApp is GET /chats/{id}/installedApps/{id} (chat-get-installedapps). The page lists
// no optional query parameters; its second example uses `$select`, so `$select` is accepted and
// every other query option ($expand included) is refused (the stricter reading).
func (s *Server) getInstalledApp(q *request) response {
	for k := range q.r.URL.Query() {
		if strings.HasPrefix(k, "$") && k != "$select" {
			return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The query option '%s' is not supported when reading one installed app; list the chat's installed apps to expand them.", k))
		}
	}
	c, i, e := s.store.child(q.param("chatId"), s.viewer(q), s.installation(q))
	if e != nil {
		return e.answer()
	}
	obj := selectKeys(s.renderInstallation(c.Apps[i], installationView{}), q.r.URL.Query().Get("$select"))
	obj["@odata.context"] = fmt.Sprintf("%s/$metadata#chats('%s')/installedApps/$entity", graphRoot, c.ID)
	return reply(http.StatusOK, obj)
}

type installInput struct {
	Bind    *string        `json:"teamsApp@odata.bind"`
	Consent *permissionSet `json:"consentedPermissionSet"`
}

// permissionSet is a teamsAppPermissionSet.
type permissionSet struct {
	Permissions []RSCPermission `json:"resourceSpecificPermissions"`
}

// binding is a request body that names a catalog app with `teamsApp@odata.bind`.
type binding interface{ appBind() *string }

func (in *installInput) appBind() *string { return in.Bind }
func (in *tabInput) appBind() *string     { return in.Bind }

// changeBoundApp reads a body that names a catalog app, then runs change on the chat of the path
// with that app (store.changeChatForApp).
func (s *Server) changeBoundApp(q *request, in binding, change func(c *Chat, app App) *graphError) (Chat, *graphError) {
	if e := q.decode(in); e != nil {
		return Chat{}, e
	}
	appID, e := boundApp(in.appBind())
	if e != nil {
		return Chat{}, e
	}
	return s.store.changeChatForApp(q.param("chatId"), appID, s.viewer(q), change)
}

// boundApp reads the catalog app id a `teamsApp@odata.bind` names.
func boundApp(bind *string) (string, *graphError) {
	if bind == nil || *bind == "" {
		return "", failure(http.StatusBadRequest, "BadRequest", "Bind property 'teamsApp@odata.bind' is required.")
	}
	appID, err := parseAppBind(*bind)
	if err != nil {
		return "", failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Invalid bind property value '%s': %s.", *bind, err))
	}
	return appID, nil
}

// installApp is POST /chats/{id}/installedApps (chat-post-installedapps): 201 Created. The page
// shows no body; the emulator sends none (the stricter reading: the client must look the
// installation up). It installs the catalog's current (last published) definition, with the
// consent that definition needs (consented).
func (s *Server) installApp(q *request) response {
	var in installInput
	_, e := s.changeBoundApp(q, &in, func(c *Chat, app App) *graphError {
		if app.BuiltIn {
			return failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("App '%s' is built into Teams and cannot be installed.", app.ID))
		}
		d, e := currentDefinition(app)
		if e == nil {
			e = consented(q.caller, d, in.Consent)
		}
		if e != nil {
			return e
		}
		for _, existing := range c.Apps {
			if existing.AppID == app.ID {
				// Installing an app already there: not documented.
				return failure(http.StatusConflict, "Conflict", fmt.Sprintf("App '%s' is already installed in this chat.", app.ID))
			}
		}
		s.store.install(c, Installation{ID: installationID(c.ID, app.ID), AppID: app.ID, Version: d.Version})
		return nil
	})
	if e != nil {
		return e.answer()
	}
	return response{status: http.StatusCreated}
}

// currentDefinition is the definition install and upgrade move to: the catalog's last published
// one, never a submitted or rejected one (chat-teamsappinstallation-upgrade: "bring it in sync
// with the current version available in the tenant app catalog"). An app with no published version
// is refused with 400 (not documented; the stricter answer).
func currentDefinition(app App) (Definition, *graphError) {
	d, ok := app.Current()
	if !ok {
		return d, failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("App '%s' has no published version in the app catalog.", app.ID))
	}
	return d, nil
}

// upgradeApp is POST …/installedApps/{id}/upgrade (chat-teamsappinstallation-upgrade): 204; the
// installation moves to the catalog's current definition, with the consent it needs.
func (s *Server) upgradeApp(q *request) response {
	var in struct {
		Consent *permissionSet `json:"consentedPermissionSet"`
	}
	if err := DecodeBody(q.r, &in); err != nil && !errors.Is(err, io.EOF) { // the body is optional
		return fail(http.StatusBadRequest, "BadRequest", "Invalid request body: "+err.Error())
	}
	_, e := s.store.changeChild(q.param("chatId"), s.viewer(q), s.installation(q), installedAppID, func(c *Chat, i int, app App) *graphError {
		d, e := currentDefinition(app)
		if e == nil {
			e = consented(q.caller, d, in.Consent)
		}
		if e != nil {
			return e
		}
		c.Apps[i].Version = d.Version
		return nil
	})
	if e != nil {
		return e.answer()
	}
	return noContent()
}

// uninstallApp is DELETE …/installedApps/{id} (chat-delete-installedapps): 204; the app's tabs go
// with it.
func (s *Server) uninstallApp(q *request) response {
	_, e := s.store.changeChild(q.param("chatId"), s.viewer(q), s.installation(q), nil, func(c *Chat, i int, _ App) *graphError {
		s.store.uninstall(c, i)
		return nil
	})
	if e != nil {
		return e.answer()
	}
	return noContent()
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
// compare exactly (not documented; stricter).
func consented(caller caller, d Definition, sent *permissionSet) *graphError {
	if len(d.Permissions) > 0 && caller.granted != nil {
		need, kind := consentPermissions.application, "role"
		if caller.delegated {
			need, kind = consentPermissions.delegated, "scope"
		}
		if !grantsAny(caller.granted, need) {
			return failure(http.StatusForbidden, "Forbidden", fmt.Sprintf(
				"Missing %s permissions on the request. Installing an app that requires consent to resource-specific permissions requires one of '%s'. %ss on the request '%s'.",
				kind, strings.Join(need, ", "), strings.ToUpper(kind[:1])+kind[1:], strings.Join(caller.granted, ", ")))
		}
	}
	if sent == nil {
		for _, p := range d.Permissions {
			if strings.EqualFold(p.Type, "application") {
				return failure(http.StatusBadRequest, "ResourceSpecificPermissionsMismatch", fmt.Sprintf(
					"The app's version %s requires consent to resource-specific permissions (%s), but the request has no consentedPermissionSet.", d.Version, describePermissions(d.Permissions)))
			}
		}
		return nil
	}
	if !samePermissions(sent.Permissions, d.Permissions) {
		return failure(http.StatusBadRequest, "ResourceSpecificPermissionsMismatch", fmt.Sprintf(
			"The consented permissions (%s) do not match the resource-specific permissions of the app's version %s (%s).",
			describePermissions(sent.Permissions), d.Version, describePermissions(d.Permissions)))
	}
	return nil
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
