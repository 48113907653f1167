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
func (s *Server) getCatalogApp(q *request) {
	definitions := false
	for k, v := range q.r.URL.Query() {
		switch {
		case k == "$expand" && strings.EqualFold(strings.TrimSpace(v[0]), "appDefinitions"):
			definitions = true
		case k == "$expand":
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Parsing OData Select and Expand failed: Could not find a property named '%s' on type 'microsoft.graph.teamsApp'.", v[0]))
			return
		case strings.HasPrefix(k, "$"):
			q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("The query option '%s' is not supported when reading one app of the catalog.", k))
			return
		}
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	a, ok := s.store.catalog.app(q.seg[2])
	if !ok {
		q.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("App '%s' was not found in the app catalog.", q.seg[2]))
		return
	}
	obj := renderApp(a, definitions)
	obj["@odata.context"] = graphRoot + "/$metadata#appCatalogs/teamsApps/$entity"
	q.json(http.StatusOK, obj)
}
