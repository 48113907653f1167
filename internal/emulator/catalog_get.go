package emulator

import (
	"fmt"
	"net/http"
	"strings"
)

// getCatalogApp is GET /appCatalogs/teamsApps/{id}: one app of the catalog. Microsoft's v1.0
// reference documents only the list (appcatalogs-list-teamsapps), so the emulator accepts for one
// app what that page documents for the list except $filter: `$expand=appDefinitions`; any other
// query option is refused (the stricter reading), and an unknown app is 404.
func (s *Server) getCatalogApp(q *request) response {
	definitions := false
	for k, v := range q.r.URL.Query() {
		switch {
		case k == "$expand" && strings.EqualFold(strings.TrimSpace(v[0]), "appDefinitions"):
			definitions = true
		case k == "$expand":
			return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Parsing OData Select and Expand failed: Could not find a property named '%s' on type 'microsoft.graph.teamsApp'.", v[0]))
		case strings.HasPrefix(k, "$"):
			return fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The query option '%s' is not supported when reading one app of the catalog.", k))
		}
	}
	appID := q.param("appId")
	a, ok := s.store.app(appID)
	if !ok {
		return fail(http.StatusNotFound, "NotFound", fmt.Sprintf("App '%s' was not found in the app catalog.", appID))
	}
	obj := renderApp(a, definitions)
	obj["@odata.context"] = graphRoot + "/$metadata#appCatalogs/teamsApps/$entity"
	return reply(http.StatusOK, obj)
}
