package emulator

import (
	"fmt"
	"net/http"
)

func (s *Server) getUser(q *request) {
	s.store.mu.RLock()
	u, ok := s.store.dir.lookup(q.seg[1], "")
	s.store.mu.RUnlock()
	if !ok {
		q.fail(http.StatusNotFound, "Request_ResourceNotFound", fmt.Sprintf("Resource '%s' does not exist or one of its queried reference-property objects are not present.", q.seg[1]))
		return
	}
	obj := map[string]any{
		"id":                u.ID,
		"userPrincipalName": u.UserPrincipalName,
		"displayName":       u.DisplayName,
		"mail":              nilIfEmpty(u.Mail),
		"userType":          u.UserType,
	}
	sel := q.r.URL.Query().Get("$select")
	obj = selectKeys(obj, sel)
	ctx := graphRoot + "/$metadata#users/$entity"
	if sel != "" {
		ctx = fmt.Sprintf("%s/$metadata#users(%s)/$entity", graphRoot, sel)
	}
	obj["@odata.context"] = ctx
	q.json(http.StatusOK, obj)
}
