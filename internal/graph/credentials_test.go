package graph

import (
	"errors"
	"strings"
	"testing"
)

func TestNewCredentialNeeds(t *testing.T) {
	env := Environments["global"]
	cases := []struct {
		cfg  Config
		attr string
	}{
		{Config{ClientSecret: "s", ClientID: "c"}, "tenant_id"},
		{Config{ClientSecret: "s", TenantID: "t"}, "client_id"},
		{Config{ClientCertificatePath: "/nope", TenantID: "t"}, "client_id"},
		{Config{UseOIDC: true, ClientID: "c"}, "tenant_id"},
	}
	for _, tc := range cases {
		_, _, err := NewCredential(tc.cfg, env, nil)
		var me *MissingError
		if !errors.As(err, &me) || me.Attribute != tc.attr {
			t.Errorf("%+v: want missing %s, got %v", tc.cfg, tc.attr, err)
		}
	}
	if _, _, err := NewCredential(Config{UseOIDC: true, TenantID: "t", ClientID: "c"}, env, nil); err == nil || !strings.Contains(err.Error(), "oidc_token") {
		t.Errorf("oidc without a token source: %v", err)
	}
	if _, _, err := NewCredential(Config{ClientCertificate: "not base64!", TenantID: "t", ClientID: "c"}, env, nil); err == nil || !strings.Contains(err.Error(), "base64") {
		t.Errorf("bad certificate: %v", err)
	}
	for _, cfg := range []Config{
		{ClientSecret: "s", TenantID: "00000000-0000-0000-0000-000000000001", ClientID: "00000000-0000-0000-0000-000000000002"},
		{UseMSI: true, ClientID: "00000000-0000-0000-0000-000000000002"},
		{UseCLI: true},
		{UseOIDC: true, OIDCToken: "x", TenantID: "00000000-0000-0000-0000-000000000001", ClientID: "00000000-0000-0000-0000-000000000002"},
		{AccessToken: "tok"},
	} {
		if cred, kind, err := NewCredential(cfg, env, nil); err != nil || cred == nil || kind == "" {
			t.Errorf("%+v: %v", cfg, err)
		}
	}
}
