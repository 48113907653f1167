package graph

import (
	"errors"
	"strings"
	"testing"
)

func TestLookupEnvironment(t *testing.T) {
	cases := map[string]string{
		"":                "graph.microsoft.com",
		"global":          "graph.microsoft.com",
		"public":          "graph.microsoft.com",
		"usgovernment":    "graph.microsoft.us",
		"USGovernment":    "graph.microsoft.us",
		"usgovernmentdod": "dod-graph.microsoft.us",
		"dod":             "dod-graph.microsoft.us",
		"china":           "microsoftgraph.chinacloudapi.cn",
	}
	for name, host := range cases {
		env, err := LookupEnvironment(name)
		if err != nil || env.GraphHost != host {
			t.Errorf("LookupEnvironment(%q) = %q, %v; want %q", name, env.GraphHost, err, host)
		}
	}
	authorities := map[string]string{
		"global": "https://login.microsoftonline.com/", "usgovernment": "https://login.microsoftonline.us/",
		"usgovernmentdod": "https://login.microsoftonline.us/", "china": "https://login.chinacloudapi.cn/",
	}
	for name, authority := range authorities {
		env, _ := LookupEnvironment(name)
		if env.Cloud.ActiveDirectoryAuthorityHost != authority {
			t.Errorf("%s authority %q, want %q", name, env.Cloud.ActiveDirectoryAuthorityHost, authority)
		}
		if env.Scope() != "https://"+env.GraphHost+"/.default" || env.BaseURL() != "https://"+env.GraphHost+"/v1.0" {
			t.Errorf("%s scope/base %q %q", name, env.Scope(), env.BaseURL())
		}
	}
	if _, err := LookupEnvironment("germany"); err == nil || !strings.Contains(err.Error(), "china, global, usgovernment, usgovernmentdod") {
		t.Errorf("unknown environment error: %v", err)
	}
}

func TestResolveEndpoint(t *testing.T) {
	global := Environments["global"]
	cases := []struct {
		override, want, err string
	}{
		{"", "https://graph.microsoft.com/v1.0", ""},
		{"http://127.0.0.1:8080/v1.0/", "http://127.0.0.1:8080/v1.0", ""},
		{"http://localhost:9000/v1.0", "http://localhost:9000/v1.0", ""},
		{"http://[::1]:9000/v1.0", "http://[::1]:9000/v1.0", ""},
		{"https://proxy.example.com/graph/v1.0", "https://proxy.example.com/graph/v1.0", ""},
		{"http://graph.example.com/v1.0", "", "only loopback hosts"},
		{"http://10.0.0.5:8080/v1.0", "", "only loopback hosts"},
		{"http://127.0.0.2:8080/v1.0", "", "only loopback hosts"},
		{"ftp://127.0.0.1/v1.0", "", "absolute http(s) URL"},
		{"127.0.0.1:8080/v1.0", "", "not a valid URL"},
		{"/v1.0", "", "absolute http(s) URL"},
		{"https://graph.microsoft.com/v1.0?x=1", "", "must not carry a query"},
		{"https://user:pw@graph.microsoft.com/v1.0", "", "must not carry"},
		{"http://%zz", "", "not a valid URL"},
	}
	for _, tc := range cases {
		u, err := ResolveEndpoint(global, tc.override)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ResolveEndpoint(%q) error %v, want %q", tc.override, err, tc.err)
		case tc.err == "" && (err != nil || u.String() != tc.want):
			t.Errorf("ResolveEndpoint(%q) = %v, %v; want %q", tc.override, u, err, tc.want)
		}
	}
	china, _ := ResolveEndpoint(Environments["china"], "")
	if china.String() != "https://microsoftgraph.chinacloudapi.cn/v1.0" {
		t.Errorf("china endpoint %s", china)
	}
}

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
