package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// controlPrefix is where the control API answers: outside /v1.0, so it never collides with Graph.
const controlPrefix = "/_emulator/"

// ControlRoute is one route of the control API, for help texts: the dispatcher and the help are
// made from the same list.
type ControlRoute struct {
	// Method and Path (from the server's root, ids in braces) name the route.
	Method, Path string
	// Body is the JSON body it takes ("" for none).
	Body string
	// Help says what it does and what it answers.
	Help   string
	handle func(*Server, *http.Request, controlVars) (int, any)
}

// controlAPI is the control API over HTTP, for users of the standalone command who script faults
// and out-of-band changes in their own CI (the Go API in control.go does the same in-process). It
// takes no token: the emulator is for loopback use. Errors answer {"error": "…"}: 404 for an
// unknown chat, member, user, app or tab, 400 for a bad body, 409 for a change the chat's state
// refuses.
var controlAPI = []ControlRoute{
	{"GET", "/_emulator/", "", "this list of routes, as JSON", nil},
	{"GET", "/_emulator/health", "", `200 {"status": "ok", "graph": "<the base URL to point the provider at>"} once serving: what scripts wait for`, func(_ *Server, r *http.Request, _ controlVars) (int, any) {
		return http.StatusOK, map[string]string{"status": "ok", "graph": "http://" + r.Host + "/v1.0"}
	}},
	{"GET", "/_emulator/users", "", "the directory of users, shaped as a -directory file (every user with its tenantId)", func(s *Server, _ *http.Request, _ controlVars) (int, any) {
		return http.StatusOK, s.Directory()
	}},
	{"GET", "/_emulator/catalog", "", "the Teams app catalog, shaped as a -catalog file: every app with every definition (version, publishingState, resourceSpecificPermissions) and chatTab", func(s *Server, _ *http.Request, _ controlVars) (int, any) {
		return http.StatusOK, s.Catalog()
	}},
	{"POST", "/_emulator/faults", `{"fault": "status=429,retry-after=1,route=/chats,count=2"}`, "inject a fault (the -fault syntax)", (*Server).controlAddFault},
	{"DELETE", "/_emulator/faults", "", "clear every fault, the create lag and the list lag", func(s *Server, _ *http.Request, _ controlVars) (int, any) {
		s.ClearFaults()
		return http.StatusNoContent, nil
	}},
	{"PUT", "/_emulator/lag", `{"create": "2s", "list": "10s"}`, "set either lag or both (Go durations; \"0s\" ends one)", (*Server).controlLag},
	{"GET", "/_emulator/counts", "", `requests served, keyed "METHOD /route"`, func(s *Server, _ *http.Request, _ controlVars) (int, any) {
		return http.StatusOK, s.Counts()
	}},
	{"DELETE", "/_emulator/counts", "", "reset the counts and the request history", func(s *Server, _ *http.Request, _ controlVars) (int, any) {
		s.ResetCounts()
		return http.StatusNoContent, nil
	}},
	{"GET", "/_emulator/chats", "", "every chat that is not deleted, with members, installedApps (id, teamsAppId, version) and tabs (id, teamsAppId, displayName, configuration)", func(s *Server, _ *http.Request, _ controlVars) (int, any) {
		return http.StatusOK, s.Chats()
	}},
	{"PATCH", "/_emulator/chats/{chatId}", `{"topic": "…"}`, "rename a chat as someone in Teams would", (*Server).controlRename},
	{"DELETE", "/_emulator/chats/{chatId}", "", "delete a chat as an administrator would", func(s *Server, _ *http.Request, v controlVars) (int, any) {
		return controlResult(s.DeleteChatOutOfBand(v["chatId"]))
	}},
	{"POST", "/_emulator/deletedChats/{chatId}/purge", "", "end a deleted chat's seven-day restore window now: it is gone for good (404 everywhere, undoDelete included); 409 if the chat is not deleted", func(s *Server, _ *http.Request, v controlVars) (int, any) {
		return controlResult(s.PurgeDeletedChat(v["chatId"]))
	}},
	{"POST", "/_emulator/chats/{chatId}/members", `{"user": "<object id or UPN>", "role": "owner", "tenantId": "<only for another organisation's user>"}`, "add a member as someone in Teams would (role owner or guest; left out: guest for guests, owner for others); 409 if already a member or a one-on-one chat", (*Server).controlAddMember},
	{"DELETE", "/_emulator/chats/{chatId}/members/{userId}", "", "remove a member (by user object id) as someone in Teams would", func(s *Server, _ *http.Request, v controlVars) (int, any) {
		return controlResult(s.RemoveMemberOutOfBand(v["chatId"], v["userId"]))
	}},
	{"DELETE", "/_emulator/chats/{chatId}/installedApps/{appIdOrInstallationId}", "", "uninstall an app as someone in Teams would; its tabs go with it", func(s *Server, _ *http.Request, v controlVars) (int, any) {
		return controlResult(s.UninstallAppOutOfBand(v["chatId"], v["appIdOrInstallationId"]))
	}},
	{"PATCH", "/_emulator/chats/{chatId}/tabs/{tabId}", `{"displayName": "…", "configuration": {"entityId": "…", "contentUrl": "https://…", "websiteUrl": "…", "removeUrl": "…"}}`, "rename or reconfigure a tab as someone in Teams would (either or both; configuration replaces the whole configuration and needs contentUrl); 409 for a static tab", (*Server).controlUpdateTab},
	{"DELETE", "/_emulator/chats/{chatId}/tabs/{tabId}", "", "remove a tab as someone in Teams would; the app stays installed", func(s *Server, _ *http.Request, v controlVars) (int, any) {
		return controlResult(s.RemoveTabOutOfBand(v["chatId"], v["tabId"]))
	}},
	{"POST", "/_emulator/apps/{appId}/publish", `{"version": "1.1.0"}`, "publish a submitted version of a catalog app, or a new one, as an administrator would; 409 if that version is published or rejected", (*Server).controlPublish},
}

// ControlAPI returns every route of the control API, in the order help texts list them.
func ControlAPI() []ControlRoute { return append([]ControlRoute(nil), controlAPI...) }

var reRouteKey = regexp.MustCompile(`\{[^}]*\}`)

// controlKey is what a route's path is matched by: its segments after /_emulator/, ids as {id}.
func controlKey(path string) string {
	return strings.TrimPrefix(reRouteKey.ReplaceAllString(path, "{id}"), controlPrefix)
}

func (s *Server) controlHTTP(w http.ResponseWriter, r *http.Request) {
	seg, err := splitPath(strings.TrimPrefix(r.URL.EscapedPath(), controlPrefix))
	status, body := http.StatusNotFound, any(map[string]string{"error": "unknown control path; GET /_emulator/ lists the control API"})
	if err == nil {
		key := strings.TrimPrefix(routeOf(seg), "/")
		var allowed []string
		for _, rt := range controlAPI {
			if controlKey(rt.Path) != key {
				continue
			}
			allowed = append(allowed, rt.Method)
			if rt.Method != r.Method {
				continue
			}
			allowed = nil
			if rt.handle == nil {
				status, body = http.StatusOK, controlIndex()
			} else {
				status, body = rt.handle(s, r, controlVarsOf(rt.Path, seg))
			}
			break
		}
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			status, body = http.StatusMethodNotAllowed, map[string]string{"error": fmt.Sprintf("%s is not allowed here; use %s", r.Method, strings.Join(allowed, " or "))}
		}
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// controlVars are a control route's path variables by name, e.g. "chatId".
type controlVars map[string]string

// controlVarsOf names the segments of a request by the braces of its route's path.
func controlVarsOf(path string, seg []string) controlVars {
	v := controlVars{}
	for i, part := range strings.Split(strings.Trim(strings.TrimPrefix(path, controlPrefix), "/"), "/") {
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") && i < len(seg) {
			v[strings.Trim(part, "{}")] = seg[i]
		}
	}
	return v
}

// controlIndex is the answer of GET /_emulator/.
func controlIndex() []map[string]string {
	out := make([]map[string]string, len(controlAPI))
	for i, rt := range controlAPI {
		out[i] = map[string]string{"method": rt.Method, "path": rt.Path, "body": rt.Body, "help": rt.Help}
	}
	return out
}

// decodeControl reads a control body strictly: a key the route does not know is an error.
func decodeControl(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON body")
	}
	return nil
}

func badBody(want string, err error) (int, any) {
	msg := "want " + want
	if err != nil {
		msg += ": " + err.Error()
	}
	return http.StatusBadRequest, map[string]string{"error": msg}
}

func (s *Server) controlAddMember(r *http.Request, v controlVars) (int, any) {
	var in struct {
		User     string `json:"user"`
		Role     string `json:"role"`
		TenantID string `json:"tenantId"`
	}
	if err := decodeControl(r, &in); err != nil || in.User == "" {
		return badBody(`{"user": "<object id or UPN>", "role": "owner" or "guest", "tenantId": "…" (for another organisation's user)}`, err)
	}
	return controlResult(s.AddMemberOutOfBand(v["chatId"], in.User, in.Role, in.TenantID))
}

func (s *Server) controlUpdateTab(r *http.Request, v controlVars) (int, any) {
	var in TabChange
	if err := decodeControl(r, &in); err != nil {
		return badBody(`{"displayName": "…", "configuration": {"contentUrl": "https://…", …}} (either or both)`, err)
	}
	return controlResult(s.UpdateTabOutOfBand(v["chatId"], v["tabId"], in))
}

func (s *Server) controlAddFault(r *http.Request, _ controlVars) (int, any) {
	var in struct {
		Fault string `json:"fault"`
	}
	if err := DecodeBody(r, &in); err != nil {
		return http.StatusBadRequest, map[string]string{"error": "want {\"fault\": \"<spec>\"}: " + err.Error()}
	}
	f, err := ParseFault(in.Fault)
	if err != nil {
		return http.StatusBadRequest, map[string]string{"error": err.Error()}
	}
	s.AddFault(f)
	return http.StatusNoContent, nil
}

func (s *Server) controlLag(r *http.Request, _ controlVars) (int, any) {
	var in struct {
		Create, List *string
	}
	if err := DecodeBody(r, &in); err != nil || (in.Create == nil && in.List == nil) {
		return http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("want {\"create\": \"2s\", \"list\": \"10s\"} (either or both) (%v)", err)}
	}
	var create, list time.Duration
	for _, v := range []struct {
		in  *string
		out *time.Duration
	}{{in.Create, &create}, {in.List, &list}} {
		if v.in == nil {
			continue
		}
		d, err := time.ParseDuration(*v.in)
		if err != nil || d < 0 {
			return http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("%q is not a duration such as 2s", *v.in)}
		}
		*v.out = d
	}
	if in.Create != nil {
		s.SetCreateLag(create)
	}
	if in.List != nil {
		s.SetListLag(list)
	}
	return http.StatusNoContent, nil
}

func (s *Server) controlRename(r *http.Request, v controlVars) (int, any) {
	var in struct {
		Topic *string `json:"topic"`
	}
	if err := DecodeBody(r, &in); err != nil || in.Topic == nil {
		return http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("want {\"topic\": \"…\"} (%v)", err)}
	}
	return controlResult(s.UpdateChat(v["chatId"], func(c *Chat) { c.Topic = *in.Topic }))
}

func (s *Server) controlPublish(r *http.Request, v controlVars) (int, any) {
	var in struct {
		Version string `json:"version"`
	}
	if err := DecodeBody(r, &in); err != nil || in.Version == "" {
		return http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("want {\"version\": \"…\"} (%v)", err)}
	}
	return controlResult(s.PublishAppVersion(v["appId"], in.Version))
}

// controlResult answers a control function's error: a ControlError with its status, any other
// (something unknown) with 404.
func controlResult(err error) (int, any) {
	var refused *ControlError
	switch {
	case err == nil:
		return http.StatusNoContent, nil
	case errors.As(err, &refused):
		return refused.Status, map[string]string{"error": err.Error()}
	}
	return http.StatusNotFound, map[string]string{"error": err.Error()}
}
