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
	// Definitions are the app's versions (teamsAppDefinition), in the order they were submitted or
	// published; the last published one is the catalog's current version.
	Definitions []Definition `json:"definitions,omitempty"`
	// Versions is a shorthand for published definitions that declare no resource-specific
	// permissions (a catalog file may use it); SetCatalog and LoadCatalog turn it into Definitions.
	Versions []string `json:"versions,omitempty"`
	// ChatTab is what the app offers as a tab in chats: "" (none), "configurable" (the tab's name and
	// configuration are set when it is added) or "static" (the manifest fixes both).
	ChatTab string `json:"chatTab,omitempty"`
	// BuiltIn apps (the Website tab and the like) are available in every chat without installation.
	BuiltIn bool `json:"builtIn,omitempty"`
}

// Publishing states of a teamsAppDefinition (resources/teamsappdefinition.md).
const (
	Published = "published"
	Submitted = "submitted"
	Rejected  = "rejected"
)

// Definition is one version of a catalog app (teamsAppDefinition).
type Definition struct {
	Version string `json:"version"`
	// PublishingState is published (the default), submitted (under review) or rejected.
	PublishingState string `json:"publishingState,omitempty"`
	// Permissions are the resource-specific permissions the version's manifest declares
	// (authorization.requiredPermissionSet.resourceSpecificPermissions).
	Permissions []RSCPermission `json:"resourceSpecificPermissions"`
}

// RSCPermission is a resource-specific permission (teamsAppResourceSpecificPermission).
type RSCPermission struct {
	Value string `json:"permissionValue"`
	// Type is "application" or "delegated".
	Type string `json:"permissionType"`
}

// Current is the catalog's current definition: the last one published (false when none is).
func (a App) Current() (Definition, bool) {
	for i := len(a.Definitions) - 1; i >= 0; i-- {
		if a.Definitions[i].PublishingState == Published {
			return a.Definitions[i], true
		}
	}
	return Definition{}, false
}

// definition finds the definition of a version.
func (a App) definition(version string) (Definition, bool) {
	for _, d := range a.Definitions {
		if d.Version == version {
			return d, true
		}
	}
	return Definition{}, false
}

// published is a shorthand for definitions that are published and declare no permissions.
func published(versions ...string) []Definition {
	var out []Definition
	for _, v := range versions {
		out = append(out, Definition{Version: v, PublishingState: Published})
	}
	return out
}

// Catalog is the tenant's Teams app catalog.
type Catalog struct {
	Apps []App `json:"apps"`
}

// normalize turns Versions into Definitions and gives definitions without a state the state
// published; it checks what a catalog needs.
func (c Catalog) normalize() (Catalog, error) {
	out := Catalog{Apps: make([]App, len(c.Apps))}
	for i, a := range c.Apps {
		a.Definitions = append(published(a.Versions...), a.Definitions...)
		a.Versions = nil
		if a.DistributionMethod == "" {
			a.DistributionMethod = "organization"
		}
		if a.ID == "" || a.DisplayName == "" || len(a.Definitions) == 0 {
			return Catalog{}, fmt.Errorf("app %d needs id, displayName and at least one version", i)
		}
		for j, d := range a.Definitions {
			switch d.PublishingState {
			case "":
				a.Definitions[j].PublishingState = Published
			case Published, Submitted, Rejected:
			default:
				return Catalog{}, fmt.Errorf("app %s, version %s: publishingState %q is not published, submitted or rejected", a.ID, d.Version, d.PublishingState)
			}
			for _, p := range d.Permissions {
				if p.Value == "" || (p.Type != "application" && p.Type != "delegated") {
					return Catalog{}, fmt.Errorf("app %s, version %s: a resource-specific permission needs a permissionValue and the permissionType application or delegated", a.ID, d.Version)
				}
			}
		}
		out.Apps[i] = a
	}
	return out, nil
}

// Ids of the default catalog's apps, for tests.
const (
	WebsiteAppID      = "com.microsoft.teamspace.tab.web"
	FormsAppID        = "1542629c-01b3-4a6d-8f76-1938b779e48d"
	ProjectBoardAppID = "7a3f1c2e-5b8d-4e6f-9a0b-1c2d3e4f5a6b"
	HandbookAppID     = "c5d8e1f4-2a3b-4c5d-8e9f-0a1b2c3d4e5f"
	StandupAppID      = "e4b2d7a1-9c3f-4e8d-b6a5-2f1e0d9c8b7a"
	ProjectBoardExtID = "contoso-project-board"
	StandupExtID      = "contoso-standup"
)

// DefaultCatalog holds a few store apps (the built-in Website tab among them) and three apps of
// the organisation: Project Board (external id contoso-project-board) with a configurable chat tab,
// published at 1.0.0 with 1.1.0 submitted for review; Team Handbook with a static chat tab, whose
// 3.2.0 was rejected; and Standup (contoso-standup), whose versions declare resource-specific
// permissions, so installing or upgrading it needs consent (1.1.0, asking for one more, is
// submitted).
func DefaultCatalog() Catalog {
	standup := []RSCPermission{{Value: "ChatMessage.Read.Chat", Type: "application"}, {Value: "ChatMember.Read.Chat", Type: "application"},
		{Value: "OnlineMeeting.ReadBasic.Chat", Type: "delegated"}}
	return Catalog{Apps: []App{
		{ID: WebsiteAppID, DisplayName: "Website", DistributionMethod: "store", Definitions: published("1.0"), ChatTab: "configurable", BuiltIn: true},
		{ID: FormsAppID, DisplayName: "Forms", DistributionMethod: "store", Definitions: published("2.4.0")},
		{ID: "0d820ecd-def2-4297-adad-78056cde7c78", DisplayName: "OneNote", DistributionMethod: "store", Definitions: published("1.0.0"), ChatTab: "configurable"},
		{ID: ProjectBoardAppID, ExternalID: ProjectBoardExtID, DisplayName: "Project Board", DistributionMethod: "organization", ChatTab: "configurable",
			Definitions: []Definition{{Version: "1.0.0", PublishingState: Published}, {Version: "1.1.0", PublishingState: Submitted}}},
		{ID: HandbookAppID, ExternalID: "contoso-team-handbook", DisplayName: "Team Handbook", DistributionMethod: "organization", ChatTab: "static",
			Definitions: []Definition{{Version: "3.1.0", PublishingState: Published}, {Version: "3.2.0", PublishingState: Rejected}}},
		{ID: StandupAppID, ExternalID: StandupExtID, DisplayName: "Standup", DistributionMethod: "organization",
			Definitions: []Definition{{Version: "1.0.0", PublishingState: Published, Permissions: standup[:2]},
				{Version: "1.1.0", PublishingState: Submitted, Permissions: standup}}},
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
	c, err = c.normalize()
	if err != nil {
		return Catalog{}, fmt.Errorf("catalog %s: %w", path, err)
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

// definitionID is a teamsAppDefinition id: opaque, derived from the app, the version and its
// publishing state, as the ids in Graph's samples are (appcatalogs-list-teamsapps).
func definitionID(appID string, d Definition) string {
	return encodeID(appID + "##" + d.Version + "##" + strings.ToUpper(d.PublishingState[:1]) + d.PublishingState[1:])
}

func renderApp(a App, definitions bool) map[string]any {
	obj := map[string]any{"id": a.ID, "externalId": nullable(a.ExternalID), "displayName": a.DisplayName, "distributionMethod": a.DistributionMethod}
	if definitions {
		defs := []any{}
		for _, d := range a.Definitions {
			defs = append(defs, renderDefinition(a, d))
		}
		obj["appDefinitions"] = defs
	}
	return obj
}

// renderDefinition renders a teamsAppDefinition with its real publishingState and the
// resource-specific permissions it declares (authorization, as appcatalogs-list-teamsapps'
// examples 6 and 7 show it).
func renderDefinition(a App, d Definition) map[string]any {
	rsc := []any{}
	for _, p := range d.Permissions {
		rsc = append(rsc, map[string]any{"permissionValue": p.Value, "permissionType": p.Type})
	}
	return map[string]any{
		"id": definitionID(a.ID, d), "teamsAppId": a.ID, "displayName": a.DisplayName, "version": d.Version,
		"publishingState": d.PublishingState, "azureADAppId": nil, "lastModifiedDateTime": nil,
		"authorization": map[string]any{"requiredPermissionSet": map[string]any{"resourceSpecificPermissions": rsc}},
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
func (s *Server) listCatalog(q *request) response {
	query := q.r.URL.Query()
	definitions := false
	if e := query.Get("$expand"); e != "" {
		if !strings.EqualFold(strings.TrimSpace(e), "appDefinitions") {
			return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Parsing OData Select and Expand failed: Could not find a property named '%s' on type 'microsoft.graph.teamsApp'.", e))
		}
		definitions = true
	}
	var filter appFilter
	if f := query.Get("$filter"); f != "" {
		var err error
		if filter, err = parseAppFilter(f); err != nil {
			return fail(http.StatusBadRequest, "BadRequest", "Invalid filter clause: "+err.Error())
		}
	}
	value := []any{}
	for _, a := range s.store.apps(filter.match) {
		value = append(value, renderApp(a, definitions))
	}
	return reply(http.StatusOK, map[string]any{"@odata.context": graphRoot + "/$metadata#appCatalogs/teamsApps", "value": value})
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
