package emulator

import "testing"

func TestGetUser(t *testing.T) {
	_, c := newTestServer(t)
	r := c.do("GET", "/users/jacob@contoso.com?$select=id,displayName", nil)
	if r.status != 200 || r.body["id"] != uJacob || r.body["displayName"] != "Jacob Hancock" || r.body["userPrincipalName"] != nil {
		t.Fatalf("user select: %d %v", r.status, r.body)
	}
	if r := c.do("GET", "/users/"+uJacob, nil); r.body["userPrincipalName"] != "jacob@contoso.com" || r.body["@odata.context"] == nil {
		t.Fatalf("user by id: %v", r.body)
	}
	if r := c.do("GET", "/users/nobody@contoso.com", nil); r.status != 404 || r.errCode() != "Request_ResourceNotFound" {
		t.Fatalf("unknown user: %d %s", r.status, r.raw)
	}
}
