package emulator

import (
	"fmt"
	"net/http"
)

func (s *Server) getUser(q *request) response {
	key := q.param("userId")
	u, ok := s.store.user(key, "")
	if !ok {
		return fail(http.StatusNotFound, "Request_ResourceNotFound", fmt.Sprintf("Resource '%s' does not exist or one of its queried reference-property objects are not present.", key))
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
	return reply(http.StatusOK, obj)
}
