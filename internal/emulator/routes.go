package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// singletons are segments that name one object and take no key: the segment after them names a
// collection again (/me/chats, /appCatalogs/teamsApps/{id}).
var singletons = map[string]bool{"me": true, "appCatalogs": true, "teamwork": true}

// routeOf maps decoded path segments (after /v1.0) to a route pattern: a collection's segment is
// followed by a key ({id}), a singleton's is not.
func routeOf(seg []string) string {
	if len(seg) == 0 {
		return "/"
	}
	parts := make([]string, len(seg))
	key := false
	for i, s := range seg {
		switch {
		case key:
			parts[i], key = "{id}", false
		default:
			parts[i], key = s, !singletons[s]
		}
	}
	return "/" + strings.Join(parts, "/")
}

// splitPath decodes each segment of the escaped path on its own, so that an encoded '/'
// inside a membership id stays part of its segment.
func splitPath(escaped string) ([]string, error) {
	escaped = strings.Trim(escaped, "/")
	if escaped == "" {
		return nil, nil
	}
	raw := strings.Split(escaped, "/")
	out := make([]string, len(raw))
	for i, r := range raw {
		s, err := url.PathUnescape(r)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// routes is the emulator's route table: one line per method and Graph path (after /v1.0). Paths
// are matched on decoded segments ({id} is any one segment, an encoded '/' inside it included).
var routes = map[string]func(*Server, *request){
	"GET /users/{id}":                 (*Server).getUser,
	"GET /users/{id}/chats":           func(s *Server, q *request) { s.listChats(q, q.seg[1]) },
	"GET /chats":                      (*Server).listMyChats,
	"GET /me/chats":                   (*Server).listMyChats,
	"POST /chats":                     (*Server).createChat,
	"GET /chats/{id}":                 (*Server).getChat,
	"PATCH /chats/{id}":               (*Server).patchChat,
	"DELETE /chats/{id}":              (*Server).deleteChat,
	"GET /chats/{id}/members":         (*Server).listMembers,
	"POST /chats/{id}/members":        (*Server).addMember,
	"GET /chats/{id}/members/{id}":    (*Server).getMember,
	"DELETE /chats/{id}/members/{id}": (*Server).removeMember,

	"GET /teamwork/deletedChats/{id}":             (*Server).getDeletedChat,
	"POST /teamwork/deletedChats/{id}/undoDelete": (*Server).undoDeleteChat,

	"GET /appCatalogs/teamsApps":                  (*Server).listCatalog,
	"GET /appCatalogs/teamsApps/{id}":             (*Server).getCatalogApp,
	"GET /chats/{id}/installedApps":               (*Server).listInstalledApps,
	"POST /chats/{id}/installedApps":              (*Server).installApp,
	"GET /chats/{id}/installedApps/{id}":          (*Server).getInstalledApp,
	"DELETE /chats/{id}/installedApps/{id}":       (*Server).uninstallApp,
	"POST /chats/{id}/installedApps/{id}/upgrade": (*Server).upgradeApp,
	"GET /chats/{id}/tabs":                        (*Server).listTabs,
	"POST /chats/{id}/tabs":                       (*Server).createTab,
	"GET /chats/{id}/tabs/{id}":                   (*Server).getTab,
	"PATCH /chats/{id}/tabs/{id}":                 (*Server).patchTab,
	"DELETE /chats/{id}/tabs/{id}":                (*Server).deleteTab,
}

// route dispatches a request through the table. A path the table does not know is answered as
// Graph answers an unknown segment (400); a known path with another method, 405.
func (s *Server) route(q *request) {
	if h, ok := routes[q.r.Method+" "+q.route]; ok {
		h(s, q)
		return
	}
	for key := range routes {
		if _, path, _ := strings.Cut(key, " "); path == q.route {
			q.fail(http.StatusMethodNotAllowed, "Request_BadRequest", fmt.Sprintf("The HTTP method '%s' is not allowed for %s.", q.r.Method, q.route))
			return
		}
	}
	last := ""
	if len(q.seg) > 0 {
		last = q.seg[len(q.seg)-1]
	}
	q.fail(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Resource not found for the segment '%s'.", last))
}
