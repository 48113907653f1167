package emulator

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// response is a handler's answer, which the pipeline writes (request.write): a JSON body, an
// error, or neither (204; 201 with a Location).
type response struct {
	status   int
	body     any
	err      *graphError
	location string
}

// graphError is an error answer as Graph writes it: the status, Graph's code and its message.
// The store's operations return it for what the request cannot do.
type graphError struct {
	status        int
	code, message string
}

func failure(status int, code, message string) *graphError {
	return &graphError{status: status, code: code, message: message}
}

// answer is the response that carries the error.
func (e *graphError) answer() response { return response{status: e.status, err: e} }

// fail answers an error.
func fail(status int, code, message string) response { return failure(status, code, message).answer() }

// reply answers a JSON body.
func reply(status int, body any) response { return response{status: status, body: body} }

// noContent answers 204.
func noContent() response { return response{status: http.StatusNoContent} }

// write renders a response: the one place the emulator's Graph answers are written.
func (q *request) write(r response) {
	switch {
	case r.err != nil:
		q.json(r.status, map[string]any{"error": map[string]any{
			"code":    r.err.code,
			"message": r.err.message,
			"innerError": map[string]any{
				"date":              q.now().Format("2006-01-02T15:04:05"),
				"request-id":        q.reqID,
				"client-request-id": firstNonEmpty(q.r.Header.Get("client-request-id"), q.reqID),
			},
		}})
	case r.body != nil:
		q.json(r.status, r.body)
	default:
		if r.location != "" {
			q.w.Header().Set("Location", r.location)
		}
		q.w.Header().Set("request-id", q.reqID)
		q.w.WriteHeader(r.status)
	}
}

func (q *request) json(status int, v any) {
	q.w.Header().Set("Content-Type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8")
	q.w.Header().Set("request-id", q.reqID)
	q.w.WriteHeader(status)
	_ = json.NewEncoder(q.w).Encode(v)
}

// fail writes an error answer at once, for the pipeline's own checks before a route runs.
func (q *request) fail(status int, code, message string) { q.write(fail(status, code, message)) }

func graphTime(t time.Time) string {
	if t.IsZero() {
		return "0001-01-01T00:00:00Z"
	}
	return t.UTC().Format("2006-01-02T15:04:05.999Z07:00")
}

func renderMember(m Member) map[string]any {
	return map[string]any{
		"@odata.type":                 memberODataType,
		"id":                          m.ID,
		"roles":                       append([]string{}, m.Roles...),
		"displayName":                 m.DisplayName,
		"visibleHistoryStartDateTime": graphTime(m.VisibleHistoryStartDateTime),
		"userId":                      m.UserID,
		"email":                       m.Email,
		"tenantId":                    m.TenantID,
	}
}

// chatView is what a request asks to see of a chat.
type chatView struct {
	members, lastMessagePreview bool
	// viewpoint: chatViewpoint comes only with List chats (resources/chatviewpoint.md).
	viewpoint bool
	sel       string
}

func renderChat(c *Chat, v chatView) map[string]any {
	var topic any
	if c.ChatType == "group" && c.Topic != "" {
		topic = c.Topic
	}
	obj := map[string]any{
		"id":                    c.ID,
		"topic":                 topic,
		"createdDateTime":       graphTime(c.CreatedDateTime),
		"lastUpdatedDateTime":   graphTime(c.LastUpdatedDateTime),
		"chatType":              c.ChatType,
		"webUrl":                c.webURL(),
		"tenantId":              c.TenantID,
		"isHiddenForAllMembers": false,
		"onlineMeetingInfo":     nil,
	}
	if v.viewpoint {
		obj["viewpoint"] = map[string]any{"isHidden": false, "lastMessageReadDateTime": graphTime(c.CreatedDateTime)}
	}
	obj = selectKeys(obj, v.sel)
	if v.lastMessagePreview {
		// The emulator keeps no messages: a chat without any has no preview.
		obj["lastMessagePreview"] = nil
	}
	if v.members {
		ms := make([]any, 0, len(c.Members))
		for i, m := range c.Members {
			if i == maxExpanded {
				break // Graph leaves members beyond 25 out of $expand.
			}
			ms = append(ms, renderMember(m))
		}
		obj["members@odata.context"] = fmt.Sprintf("%s/$metadata#chats('%s')/members", graphRoot, c.ID)
		obj["members"] = ms
	}
	return obj
}

// parseChatView reads $expand (members and lastMessagePreview, as chat-get and chat-list
// document) and $select; anything else in $expand is refused as Graph does.
func parseChatView(q *request) (chatView, *graphError) {
	v := chatView{sel: q.r.URL.Query().Get("$select")}
	exp := q.r.URL.Query().Get("$expand")
	if exp == "" {
		return v, nil
	}
	for _, e := range strings.Split(exp, ",") {
		switch strings.TrimSpace(e) {
		case "members":
			v.members = true
		case "lastMessagePreview":
			v.lastMessagePreview = true
		default:
			return v, failure(http.StatusBadRequest, "BadRequest", fmt.Sprintf("Parsing OData Select and Expand failed: Could not find a property named '%s' on type 'microsoft.graph.chat'.", strings.TrimSpace(e)))
		}
	}
	return v, nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// DecodeBody reads a request body the way Graph does: plain or gzip-compressed JSON.
func DecodeBody(r *http.Request, v any) error {
	var body io.Reader
	body = io.LimitReader(r.Body, 4<<20)
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(body)
		if err != nil {
			return fmt.Errorf("the body is labelled gzip but is not gzip: %w", err)
		}
		defer zr.Close()
		body = zr
	}
	dec := json.NewDecoder(body)
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON body")
	}
	return nil
}

// decode reads the request's JSON body into v.
func (q *request) decode(v any) *graphError {
	if err := DecodeBody(q.r, v); err != nil {
		return failure(http.StatusBadRequest, "BadRequest", "Invalid request body: "+err.Error())
	}
	return nil
}

// chatEntity is a chat as POST /chats (201) and PATCH /chats/{id} (200, chat-patch) answer it.
func chatEntity(status int, c Chat) response {
	obj := renderChat(&c, chatView{})
	obj["@odata.context"] = graphRoot + "/$metadata#chats/$entity"
	return reply(status, obj)
}
