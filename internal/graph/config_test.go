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
