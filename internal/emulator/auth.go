package emulator

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
)

// caller is who the bearer token speaks for.
type caller struct {
	delegated bool
	userID    string
	// granted are the permissions the token's `roles` (application) or `scp` (delegated) claim
	// grants; nil when the token has no such claim, and then every permission check passes.
	granted []string
}

// authenticate tells application tokens from delegated ones. A token that is a JWT whose payload
// names a user (`oid` or `upn`, and `idtyp` not "app") is delegated; any other token is an
// application token. The `roles` (application) and `scp` (delegated) claims, when present, are the
// permissions granted (see permissions.go). Signatures are not checked: this is a local emulator.
func (s *Server) authenticate(r *http.Request) (caller, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return caller{}, false
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return caller{}, true
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return caller{}, true
	}
	var claims struct {
		OID   string   `json:"oid"`
		UPN   string   `json:"upn"`
		IDTyp string   `json:"idtyp"`
		Roles []string `json:"roles"`
		Scp   *string  `json:"scp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return caller{}, true
	}
	c := caller{}
	if claims.Roles != nil {
		c.granted = claims.Roles
	}
	if claims.IDTyp == "app" || (claims.OID == "" && claims.UPN == "") {
		return c, true
	}
	c.delegated = true
	c.granted = nil
	if claims.Scp != nil {
		c.granted = strings.Fields(*claims.Scp)
		if c.granted == nil {
			c.granted = []string{}
		}
	}
	key := firstNonEmpty(claims.OID, claims.UPN)
	c.userID = key
	if u, ok := s.store.user(key, ""); ok {
		c.userID = u.ID
	}
	return c, true
}

// DelegatedToken returns an unsigned JWT that the emulator reads as a delegated token for the user;
// with scopes, its `scp` claim grants exactly those.
func DelegatedToken(userID string, scopes ...string) string {
	enc := base64.RawURLEncoding.EncodeToString
	head := enc([]byte(`{"alg":"none","typ":"JWT"}`))
	claims := map[string]string{"oid": userID, "idtyp": "user", "tid": HomeTenantID}
	if len(scopes) > 0 {
		claims["scp"] = strings.Join(scopes, " ")
	}
	body, _ := json.Marshal(claims)
	return head + "." + enc(body) + ".sig"
}

// AppToken returns an unsigned JWT that the emulator reads as an application token granting
// exactly roles (the `roles` claim).
func AppToken(roles ...string) string {
	enc := base64.RawURLEncoding.EncodeToString
	head := enc([]byte(`{"alg":"none","typ":"JWT"}`))
	if roles == nil {
		roles = []string{}
	}
	body, _ := json.Marshal(map[string]any{"idtyp": "app", "tid": HomeTenantID, "roles": roles})
	return head + "." + enc(body) + ".sig"
}
