package graph

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// Caller is who the provider acts as: an application (application permissions) or a signed-in
// user (delegated permissions), which changes what Graph lets it list and delete.
type Caller struct {
	Delegated bool
	// UserID is the signed-in user's object id (delegated callers; "" when the token does not say).
	UserID string
}

// Caller tells from the token in use whether the provider signs in as a user: a Microsoft Graph
// token for a user carries the `scp` claim (and `idtyp` "user"), an application token carries
// `roles` and `idtyp` "app". The Azure CLI credential always signs in as a user. A token that is
// not a readable JWT counts as an application's.
func (c *Client) Caller(ctx context.Context) (Caller, error) {
	if c.kind == CredentialCLI {
		caller := Caller{Delegated: true}
		if claims, err := c.tokenClaims(ctx); err == nil {
			caller.UserID = claims.OID
		}
		return caller, nil
	}
	claims, err := c.tokenClaims(ctx)
	if err != nil {
		return Caller{}, err
	}
	return Caller{Delegated: claims.delegated(), UserID: claims.OID}, nil
}

// tokenClaims are the claims of a Graph access token that the provider reads.
type tokenClaims struct {
	OID   string   `json:"oid"`
	UPN   string   `json:"upn"`
	IDTyp string   `json:"idtyp"`
	Scp   string   `json:"scp"`
	Roles []string `json:"roles"`
}

func (t tokenClaims) delegated() bool {
	switch t.IDTyp {
	case "user":
		return true
	case "app":
		return false
	}
	return t.Scp != ""
}

func (c *Client) tokenClaims(ctx context.Context) (tokenClaims, error) {
	tok, err := c.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{c.env.Scope()}})
	if err != nil {
		return tokenClaims{}, err
	}
	return parseTokenClaims(tok.Token), nil
}

// parseTokenClaims reads a JWT's payload without checking its signature (Graph checks it); a
// token that is not a JWT has no claims.
func parseTokenClaims(token string) tokenClaims {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return tokenClaims{}
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return tokenClaims{}
	}
	var claims tokenClaims
	if json.Unmarshal(payload, &claims) != nil {
		return tokenClaims{}
	}
	return claims
}
