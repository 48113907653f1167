package graph

import (
	"errors"
	"strings"
	"testing"
)

func explicit(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

func TestSelectCredential(t *testing.T) {
	cases := []struct {
		name     string
		cfg      Config
		want     CredentialKind
		conflict [2]string
		err      string
	}{
		{"cli is the last resort", Config{UseCLI: true}, CredentialCLI, [2]string{}, ""},
		{"nothing at all", Config{}, "", [2]string{}, "no credentials are configured"},
		{"secret from env beats msi from env", Config{ClientSecret: "s", UseMSI: true, UseCLI: true}, CredentialClientSecret, [2]string{}, ""},
		{"access token first in order", Config{AccessToken: "t", ClientSecret: "s", UseCLI: true}, CredentialAccessToken, [2]string{}, ""},
		{"certificate before secret", Config{ClientCertificatePath: "/x.pfx", ClientSecret: "s"}, CredentialClientCertificate, [2]string{}, ""},
		{"oidc before msi", Config{UseOIDC: true, UseMSI: true}, CredentialOIDC, [2]string{}, ""},
		{"explicit msi wins over env secret", Config{ClientSecret: "s", UseMSI: true, Explicit: explicit("use_msi")}, CredentialMSI, [2]string{}, ""},
		{"explicit secret wins over env token", Config{AccessToken: "t", ClientSecret: "s", Explicit: explicit("client_secret")}, CredentialClientSecret, [2]string{}, ""},
		{"two explicit conflict", Config{ClientSecret: "s", ClientCertificatePath: "/x", Explicit: explicit("client_secret", "client_certificate_path")}, "", [2]string{"client_certificate_path", "client_secret"}, ""},
		{"explicit token and msi conflict", Config{AccessToken: "t", UseMSI: true, Explicit: explicit("access_token", "use_msi")}, "", [2]string{"access_token", "use_msi"}, ""},
		{"explicit cli and secret conflict", Config{ClientSecret: "s", UseCLI: true, Explicit: explicit("client_secret", "use_cli")}, "", [2]string{"client_secret", "use_cli"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.cfg.SelectCredential()
			var ce *ConflictError
			switch {
			case tc.conflict != [2]string{}:
				if !errors.As(err, &ce) || ce.First != tc.conflict[0] || ce.Second != tc.conflict[1] {
					t.Fatalf("want conflict %v, got %v", tc.conflict, err)
				}
				if !strings.Contains(err.Error(), tc.conflict[0]) || !strings.Contains(err.Error(), tc.conflict[1]) {
					t.Fatalf("conflict message must name both: %v", err)
				}
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("want error %q, got %v", tc.err, err)
				}
			default:
				if err != nil || got != tc.want {
					t.Fatalf("got %q, %v; want %q", got, err, tc.want)
				}
			}
		})
	}
}

// TestSettings: every Config field the provider block sets has one setting with a variable; the
// environment alone gives what a block without attributes gives: the first variable set wins,
// booleans parse as strconv does, use_cli is on unless turned off, and a malformed boolean is an
// error that names the setting.
func TestSettings(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Settings {
		if seen[s.Name] || len(s.Env) == 0 || (s.Bool == (s.flag == nil)) || (!s.Bool == (s.text == nil)) {
			t.Errorf("setting %q is malformed or repeated", s.Name)
		}
		seen[s.Name] = true
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cfg, err := ConfigFromEnv(env(map[string]string{
		"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_USE_OIDC": "1", "AZURE_FEDERATED_TOKEN_FILE": "/f",
		"ARM_OIDC_REQUEST_URL": "u2", "ACTIONS_ID_TOKEN_REQUEST_URL": "u1", "ARM_USE_MSI": "false", "TEAMS_GRAPH_ENDPOINT": "http://127.0.0.1/v1.0",
	}))
	if err != nil || cfg.TenantID != "t" || cfg.ClientID != "c" || !cfg.UseOIDC || cfg.OIDCTokenFilePath != "/f" || cfg.OIDCRequestURL != "u1" ||
		cfg.UseMSI || !cfg.UseCLI || cfg.GraphEndpoint != "http://127.0.0.1/v1.0" || len(cfg.Explicit) != 0 {
		t.Fatalf("%v %+v", err, cfg)
	}
	if k, err := cfg.SelectCredential(); err != nil || k != CredentialOIDC {
		t.Fatalf("credential %v %v", k, err)
	}
	cfg, err = ConfigFromEnv(env(map[string]string{"ARM_USE_CLI": "false", "ARM_USE_MSI": "yes please"}))
	if err == nil || !strings.Contains(err.Error(), `"use_msi" holds "yes please"`) || cfg.UseCLI || cfg.UseMSI {
		t.Fatalf("malformed boolean: %v %+v", err, cfg)
	}
	if (&MissingError{Attribute: "client_id", EnvVar: envVar("client_id"), Kind: CredentialClientSecret}).EnvVar != "ARM_CLIENT_ID" {
		t.Fatal("the variable named for a missing client_id")
	}
	if err := (Config{ClientSecret: "s", TenantID: "t"}).need(CredentialClientSecret); err == nil || !strings.Contains(err.Error(), "ARM_CLIENT_ID") {
		t.Fatalf("missing client id: %v", err)
	}
}
