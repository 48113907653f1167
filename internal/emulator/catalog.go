package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
)

// App is an app of the tenant's Teams app catalog (teamsApp, with its definitions).
type App struct {
	ID                 string `json:"id"`
	ExternalID         string `json:"externalId,omitempty"`
	DisplayName        string `json:"displayName"`
	DistributionMethod string `json:"distributionMethod"`
	// Versions are the published versions, oldest first; the last is the catalog's current one.
	Versions []string `json:"versions"`
	// ChatTab is what the app offers as a tab in chats: "" (none), "configurable" (the tab's name and
	// configuration are set when it is added) or "static" (the manifest fixes both).
	ChatTab string `json:"chatTab,omitempty"`
	// BuiltIn apps (the Website tab and the like) are available in every chat without installation.
	BuiltIn bool `json:"builtIn,omitempty"`
}

// Current is the catalog's current (newest) version.
func (a App) Current() string { return a.Versions[len(a.Versions)-1] }

// Catalog is the tenant's Teams app catalog.
type Catalog struct {
	Apps []App `json:"apps"`
}

// Ids of the default catalog's apps, for tests.
const (
	WebsiteAppID      = "com.microsoft.teamspace.tab.web"
	FormsAppID        = "1542629c-01b3-4a6d-8f76-1938b779e48d"
	ProjectBoardAppID = "7a3f1c2e-5b8d-4e6f-9a0b-1c2d3e4f5a6b"
	HandbookAppID     = "c5d8e1f4-2a3b-4c5d-8e9f-0a1b2c3d4e5f"
	ProjectBoardExtID = "contoso-project-board"
)

// DefaultCatalog holds a few store apps (the built-in Website tab among them), one organisation
// app with a configurable chat tab (Project Board, external id contoso-project-board) and one
// with a static chat tab (Team Handbook).
func DefaultCatalog() Catalog {
	return Catalog{Apps: []App{
		{ID: WebsiteAppID, DisplayName: "Website", DistributionMethod: "store", Versions: []string{"1.0"}, ChatTab: "configurable", BuiltIn: true},
		{ID: FormsAppID, DisplayName: "Forms", DistributionMethod: "store", Versions: []string{"2.4.0"}},
		{ID: "0d820ecd-def2-4297-adad-78056cde7c78", DisplayName: "OneNote", DistributionMethod: "store", Versions: []string{"1.0.0"}, ChatTab: "configurable"},
		{ID: ProjectBoardAppID, ExternalID: ProjectBoardExtID, DisplayName: "Project Board", DistributionMethod: "organization", Versions: []string{"1.0.0"}, ChatTab: "configurable"},
		{ID: HandbookAppID, ExternalID: "contoso-team-handbook", DisplayName: "Team Handbook", DistributionMethod: "organization", Versions: []string{"3.1.0"}, ChatTab: "static"},
	}}
}

// LoadCatalog reads a catalog from a JSON file shaped like Catalog.
func LoadCatalog(path string) (Catalog, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Catalog{}, err
	}
	var c Catalog
	if err := json.Unmarshal(data, &c); err != nil {
		return Catalog{}, fmt.Errorf("decoding catalog %s: %w", path, err)
	}
	for i, a := range c.Apps {
		if a.ID == "" || a.DisplayName == "" || len(a.Versions) == 0 {
			return Catalog{}, fmt.Errorf("catalog %s: app %d needs id, displayName and at least one version", path, i)
		}
		if a.DistributionMethod == "" {
			c.Apps[i].DistributionMethod = "organization"
		}
	}
	return c, nil
}

func (c Catalog) app(id string) (App, bool) {
	for _, a := range c.Apps {
		if a.ID == id {
			return a, true
		}
	}
	return App{}, false
}

// definitionID is a teamsAppDefinition id: opaque, derived from the app and version.
func definitionID(appID, version string) string {
	return encodeID(appID + "##" + version + "##Published")
}

func renderApp(a App, definitions bool) map[string]any {
	obj := map[string]any{"id": a.ID, "externalId": nullable(a.ExternalID), "displayName": a.DisplayName, "distributionMethod": a.DistributionMethod}
	if definitions {
		defs := []any{}
		for _, v := range a.Versions {
			defs = append(defs, renderDefinition(a, v))
		}
		obj["appDefinitions"] = defs
	}
	return obj
}

func renderDefinition(a App, version string) map[string]any {
	return map[string]any{
		"id": definitionID(a.ID, version), "teamsAppId": a.ID, "displayName": a.DisplayName, "version": version,
		"publishingState": "published", "azureADAppId": nil, "lastModifiedDateTime": nil,
	}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// appFilter is a parsed `$filter` of the app catalog: equality on teamsApp properties, joined
// with `and`.
type appFilter map[string]string

var reAppEq = regexp.MustCompile(`(?i)^(id|externalId|displayName|distributionMethod)\s+eq\s+'((?:[^']|'')*)'`)

func parseAppFilter(s string) (appFilter, error) {
	f := appFilter{}
	rest := strings.TrimSpace(s)
	for {
		m := reAppEq.FindStringSubmatch(rest)
		if m == nil {
			return nil, fmt.Errorf("unsupported filter clause near %q", rest)
		}
		f[strings.ToLower(m[1])] = strings.ReplaceAll(m[2], "''", "'")
		rest = rest[len(m[0]):]
		if rest == "" {
			return f, nil
		}
		and := reAnd.FindString(rest)
		if and == "" {
			return nil, fmt.Errorf("unsupported filter clause near %q", rest)
		}
		rest = rest[len(and):]
	}
}

func (f appFilter) match(a App) bool {
	for k, v := range f {
		var have string
		switch k {
		case "id":
			have = a.ID
		case "externalid":
			have = a.ExternalID
		case "displayname":
			have = a.DisplayName
		case "distributionmethod":
			have = a.DistributionMethod
		}
		// OData string equality in Graph's directory-backed filters is case-insensitive.
		if !strings.EqualFold(have, v) {
			return false
		}
	}
	return true
}

// listCatalog is GET /appCatalogs/teamsApps (appcatalogs-list-teamsapps).
func (s *Server) listCatalog(q *request) {
	if q.seg[1] != "teamsApps" {
		q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Resource not found for the segment '%s'.", q.seg[1]))
		return
	}
	query := q.r.URL.Query()
	definitions := false
	if e := query.Get("$expand"); e != "" {
		if !strings.EqualFold(strings.TrimSpace(e), "appDefinitions") {
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Parsing OData Select and Expand failed: Could not find a property named '%s' on type 'microsoft.graph.teamsApp'.", e))
			return
		}
		definitions = true
	}
	var filter appFilter
	if f := query.Get("$filter"); f != "" {
		var err error
		if filter, err = parseAppFilter(f); err != nil {
			q.fail(http.StatusBadRequest, "BadRequest", "Invalid filter clause: "+err.Error())
			return
		}
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	value := []any{}
	for _, a := range s.store.catalog.Apps {
		if filter.match(a) {
			value = append(value, renderApp(a, definitions))
		}
	}
	q.json(http.StatusOK, map[string]any{"@odata.context": graphRoot + "/$metadata#appCatalogs/teamsApps", "value": value})
}

// parseAppBind reads the app id of a `teamsApp@odata.bind` value
// (`…/appCatalogs/teamsApps/{id}`, or `…/appCatalogs/teamsApps('{id}')`).
func parseAppBind(bind string) (string, error) {
	i := strings.LastIndex(bind, "appCatalogs/teamsApps")
	if i < 0 {
		return "", errors.New("the bind does not name an app of the app catalog")
	}
	tail := bind[i+len("appCatalogs/teamsApps"):]
	switch {
	case strings.HasPrefix(tail, "/") && len(tail) > 1 && !strings.ContainsAny(tail[1:], "/?#"):
		return tail[1:], nil
	case strings.HasPrefix(tail, "('") && strings.HasSuffix(tail, "')") && len(tail) > 4:
		return tail[2 : len(tail)-2], nil
	}
	return "", errors.New("the bind does not name an app of the app catalog")
}
