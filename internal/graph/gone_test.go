package graph

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestAddMemberAlreadyThere: a 409 or 400 to adding a member is success when the chat's members
// show the user (Graph's answer to adding someone already there is not documented), and stays an
// error when they do not.
func TestAddMemberAlreadyThere(t *testing.T) {
	for _, code := range []int{409, 400} {
		for _, present := range []bool{true, false} {
			members := `{"value":[]}`
			if present {
				members = `{"value":[{"@odata.type":"#microsoft.graph.aadUserConversationMember","id":"m1","userId":"4595d2f2-7b31-446c-84fd-9b795e63114b","roles":["owner"]}]}`
			}
			c := testClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				switch {
				case r.Method == http.MethodPost:
					w.WriteHeader(code)
					_, _ = io.WriteString(w, `{"error":{"code":"Conflict","message":"User is already a member of the chat."}}`)
				case strings.Contains(r.URL.Path, "/users/"):
					_, _ = io.WriteString(w, userJSON)
				default:
					_, _ = io.WriteString(w, members)
				}
			}))
			err := c.AddMember(context.Background(), "c", MemberSpec{User: "jacob@contoso.com", Role: RoleOwner})
			if present && err != nil {
				t.Errorf("%d with the member present: %v", code, err)
			}
			if !present && err == nil {
				t.Errorf("%d with the member absent: want the error", code)
			}
		}
	}
}
