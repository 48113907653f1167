package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
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

// handler answers one route: the HTTP translation of a store call, returning the response the
// pipeline writes.
type handler func(*Server, *request) response

// routes is the emulator's route table: one line per method and Graph path (after /v1.0), with
// named path variables that handlers read with request.param. Paths are matched on decoded
// segments (a variable is any one segment, an encoded '/' inside it included).
var routes = map[string]handler{
	"GET /users/{userId}":                           (*Server).getUser,
	"GET /users/{userId}/chats":                     (*Server).listUserChats,
	"GET /chats":                                    (*Server).listMyChats,
	"GET /me/chats":                                 (*Server).listMyChats,
	"POST /chats":                                   (*Server).createChat,
	"GET /chats/{chatId}":                           (*Server).getChat,
	"PATCH /chats/{chatId}":                         (*Server).patchChat,
	"DELETE /chats/{chatId}":                        (*Server).deleteChat,
	"GET /chats/{chatId}/members":                   (*Server).listMembers,
	"POST /chats/{chatId}/members":                  (*Server).addMember,
	"GET /chats/{chatId}/members/{membershipId}":    (*Server).getMember,
	"DELETE /chats/{chatId}/members/{membershipId}": (*Server).removeMember,

	"GET /teamwork/deletedChats/{chatId}":             (*Server).getDeletedChat,
	"POST /teamwork/deletedChats/{chatId}/undoDelete": (*Server).undoDeleteChat,

	"GET /appCatalogs/teamsApps":                                  (*Server).listCatalog,
	"GET /appCatalogs/teamsApps/{appId}":                          (*Server).getCatalogApp,
	"GET /chats/{chatId}/installedApps":                           (*Server).listInstalledApps,
	"POST /chats/{chatId}/installedApps":                          (*Server).installApp,
	"GET /chats/{chatId}/installedApps/{installationId}":          (*Server).getInstalledApp,
	"DELETE /chats/{chatId}/installedApps/{installationId}":       (*Server).uninstallApp,
	"POST /chats/{chatId}/installedApps/{installationId}/upgrade": (*Server).upgradeApp,
	"GET /chats/{chatId}/tabs":                                    (*Server).listTabs,
	"POST /chats/{chatId}/tabs":                                   (*Server).createTab,
	"GET /chats/{chatId}/tabs/{tabId}":                            (*Server).getTab,
	"PATCH /chats/{chatId}/tabs/{tabId}":                          (*Server).patchTab,
	"DELETE /chats/{chatId}/tabs/{tabId}":                         (*Server).deleteTab,
}

// route is one line of the table, keyed the way requests are counted ("GET /chats/{id}").
type route struct {
	handle handler
	// vars names the path's variables by segment position ("" for a literal).
	vars []string
}

var reVariable = regexp.MustCompile(`^\{([^}]*)\}$`)

// table is the route table keyed by method and counted route (variables as {id}).
var table = func() map[string]route {
	t := map[string]route{}
	for key, h := range routes {
		method, path, _ := strings.Cut(key, " ")
		parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
		vars := make([]string, len(parts))
		for i, p := range parts {
			if m := reVariable.FindStringSubmatch(p); m != nil {
				vars[i], parts[i] = m[1], "{id}"
			}
		}
		t[method+" /"+strings.Join(parts, "/")] = route{handle: h, vars: vars}
	}
	return t
}()

// routeKey is the counted route of a table pattern: its variables as {id}.
func routeKey(pattern string) string {
	method, path, _ := strings.Cut(pattern, " ")
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, p := range parts {
		if reVariable.MatchString(p) {
			parts[i] = "{id}"
		}
	}
	return strings.TrimSpace(method + " /" + strings.Join(parts, "/"))
}

// param is the value of a named path variable of the request's route.
func (q *request) param(name string) string { return q.vars[name] }

// route dispatches a request through the table and writes what the handler answers. A path the
// table does not know is answered as Graph answers an unknown segment (400); a known path with
// another method, 405.
func (s *Server) route(q *request) {
	if rt, ok := table[q.r.Method+" "+q.route]; ok {
		q.vars = map[string]string{}
		for i, name := range rt.vars {
			if name != "" {
				q.vars[name] = q.seg[i]
			}
		}
		q.write(rt.handle(s, q))
		return
	}
	for key := range table {
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
