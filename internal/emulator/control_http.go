package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// controlPrefix is where the control API answers: outside /v1.0, so it never collides with Graph.
const controlPrefix = "/_emulator/"

// controlRoutes is the control API over HTTP, for users of the standalone command who script
// faults and out-of-band changes in their own CI (the Go API in control.go does the same in-process):
//
//	POST   /_emulator/faults                      {"fault": "status=429,retry-after=1,route=/chats,count=2"}
//	DELETE /_emulator/faults                      clear every fault, the create lag and the list lag
//	PUT    /_emulator/lag                         {"create": "2s", "list": "10s"}: set either lag (Go durations)
//	GET    /_emulator/counts                      requests served, keyed "METHOD /route"
//	DELETE /_emulator/counts                      reset the counts and the request history
//	GET    /_emulator/chats                       every chat that is not deleted
//	PATCH  /_emulator/chats/{id}                  {"topic": "…"}: rename as someone in Teams would
//	DELETE /_emulator/chats/{id}                  delete as an administrator would
//	DELETE /_emulator/chats/{id}/members/{user}   remove a member (by user id) as someone in Teams would
//	POST   /_emulator/apps/{id}/publish           {"version": "1.1.0"}: publish a submitted version, or a new one
//
// It takes no token: the emulator is for loopback use.
var controlRoutes = map[string]func(*Server, http.ResponseWriter, *http.Request, []string) (int, any){
	"POST faults": (*Server).controlAddFault,
	"DELETE faults": func(s *Server, _ http.ResponseWriter, _ *http.Request, _ []string) (int, any) {
		s.ClearFaults()
		return http.StatusNoContent, nil
	},
	"PUT lag": (*Server).controlLag,
	"GET counts": func(s *Server, _ http.ResponseWriter, _ *http.Request, _ []string) (int, any) {
		return http.StatusOK, s.Counts()
	},
	"DELETE counts": func(s *Server, _ http.ResponseWriter, _ *http.Request, _ []string) (int, any) {
		s.ResetCounts()
		return http.StatusNoContent, nil
	},
	"GET chats": func(s *Server, _ http.ResponseWriter, _ *http.Request, _ []string) (int, any) {
		return http.StatusOK, s.Chats()
	},
	"PATCH chats/{id}": (*Server).controlRename,
	"DELETE chats/{id}": func(s *Server, _ http.ResponseWriter, _ *http.Request, seg []string) (int, any) {
		return controlResult(s.DeleteChatOutOfBand(seg[1]))
	},
	"POST apps/{id}/publish": (*Server).controlPublish,
	"DELETE chats/{id}/members/{id}": func(s *Server, _ http.ResponseWriter, _ *http.Request, seg []string) (int, any) {
		return controlResult(s.RemoveMemberOutOfBand(seg[1], seg[3]))
	},
}

func (s *Server) controlHTTP(w http.ResponseWriter, r *http.Request) {
	seg, err := splitPath(strings.TrimPrefix(r.URL.EscapedPath(), controlPrefix))
	status, body := http.StatusNotFound, any(map[string]string{"error": "unknown control path"})
	if err == nil {
		if h, ok := controlRoutes[r.Method+" "+strings.TrimPrefix(routeOf(seg), "/")]; ok {
			status, body = h(s, w, r, seg)
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

func (s *Server) controlAddFault(_ http.ResponseWriter, r *http.Request, _ []string) (int, any) {
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

func (s *Server) controlLag(_ http.ResponseWriter, r *http.Request, _ []string) (int, any) {
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

func (s *Server) controlRename(_ http.ResponseWriter, r *http.Request, seg []string) (int, any) {
	var in struct {
		Topic *string `json:"topic"`
	}
	if err := DecodeBody(r, &in); err != nil || in.Topic == nil {
		return http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("want {\"topic\": \"…\"} (%v)", err)}
	}
	return controlResult(s.UpdateChat(seg[1], func(c *Chat) { c.Topic = *in.Topic }))
}

func (s *Server) controlPublish(_ http.ResponseWriter, r *http.Request, seg []string) (int, any) {
	var in struct {
		Version string `json:"version"`
	}
	if err := DecodeBody(r, &in); err != nil || in.Version == "" {
		return http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("want {\"version\": \"…\"} (%v)", err)}
	}
	err := s.PublishAppVersion(seg[1], in.Version)
	if errors.Is(err, errNotSubmitted) {
		return http.StatusConflict, map[string]string{"error": err.Error()}
	}
	return controlResult(err)
}

func controlResult(err error) (int, any) {
	if err != nil {
		return http.StatusNotFound, map[string]string{"error": err.Error()}
	}
	return http.StatusNoContent, nil
}
