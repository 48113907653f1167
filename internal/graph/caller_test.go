package graph

import (
	"context"
	"encoding/base64"
	"testing"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestCaller: a user's token (scp, idtyp "user") is a signed-in user with its object id; an
// application's (roles, idtyp "app") is not; idtyp wins over scp; a token that is no JWT counts
// as an application's.
func TestCaller(t *testing.T) {
	jwt := func(payload string) string {
		return "e30." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".sig"
	}
	cases := []struct {
		name, token string
		delegated   bool
		user        string
	}{
		{"emulator user", emulator.DelegatedToken("8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "Chat.ReadWrite"), true, "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"},
		{"emulator app", emulator.AppToken("Chat.ReadWrite.All"), false, ""},
		{"scp only", jwt(`{"scp":"Chat.Read","oid":"u1"}`), true, "u1"},
		{"idtyp app wins", jwt(`{"scp":"Chat.Read","idtyp":"app"}`), false, ""},
		{"roles only", jwt(`{"roles":["Chat.Read.All"]}`), false, ""},
		{"not a JWT", "opaque-token", false, ""},
		{"bad payload", "a.!!!.c", false, ""},
	}
	for _, tc := range cases {
		c, err := NewClient(Config{AccessToken: tc.token, GraphEndpoint: "http://127.0.0.1:1/v1.0"}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Caller(context.Background())
		if err != nil || got.Delegated != tc.delegated || got.UserID != tc.user {
			t.Errorf("%s: %+v %v, want delegated=%v user %q", tc.name, got, err, tc.delegated, tc.user)
		}
	}
}
