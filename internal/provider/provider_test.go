package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigFromModel(t *testing.T) {
	null := providerModel{}
	for _, f := range []*types.String{&null.TenantID, &null.ClientID, &null.ClientSecret, &null.ClientCertificate, &null.ClientCertificatePath,
		&null.ClientCertificatePassword, &null.OIDCToken, &null.OIDCTokenFilePath, &null.OIDCRequestURL, &null.OIDCRequestToken,
		&null.Environment, &null.GraphEndpoint, &null.AccessToken} {
		*f = types.StringNull()
	}
	null.UseOIDC, null.UseMSI, null.UseCLI = types.BoolNull(), types.BoolNull(), types.BoolNull()

	t.Run("environment fallbacks", func(t *testing.T) {
		cfg, err := configFromModel(null, envOf(map[string]string{
			"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": "s", "ARM_ENVIRONMENT": "china",
			"TEAMS_GRAPH_ENDPOINT": "http://127.0.0.1:1/v1.0", "TEAMS_ACCESS_TOKEN": "tok", "ARM_USE_MSI": "true",
			"ARM_CLIENT_CERTIFICATE_PATH": "/c.pfx", "ARM_CLIENT_CERTIFICATE_PASSWORD": "pw", "ARM_OIDC_TOKEN_FILE_PATH": "/tok",
			"ACTIONS_ID_TOKEN_REQUEST_URL": "https://gh/x", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "ght",
		}))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.TenantID != "t" || cfg.ClientID != "c" || cfg.ClientSecret != "s" || cfg.Environment != "china" ||
			cfg.GraphEndpoint != "http://127.0.0.1:1/v1.0" || cfg.AccessToken != "tok" || !cfg.UseMSI || !cfg.UseCLI ||
			cfg.ClientCertificatePath != "/c.pfx" || cfg.ClientCertificatePassword != "pw" || cfg.OIDCTokenFilePath != "/tok" ||
			cfg.OIDCRequestURL != "https://gh/x" || cfg.OIDCRequestToken != "ght" {
			t.Fatalf("fallbacks not applied: %+v", cfg)
		}
		if len(cfg.Explicit) != 0 {
			t.Fatalf("environment values are not explicit: %v", cfg.Explicit)
		}
	})
	t.Run("block wins over environment", func(t *testing.T) {
		m := null
		m.ClientSecret = types.StringValue("from-block")
		m.UseCLI = types.BoolValue(false)
		cfg, _ := configFromModel(m, envOf(map[string]string{"ARM_CLIENT_SECRET": "from-env", "ARM_USE_CLI": "true"}))
		if cfg.ClientSecret != "from-block" || cfg.UseCLI || !cfg.Explicit["client_secret"] {
			t.Fatalf("%+v", cfg)
		}
	})
	t.Run("second variable name", func(t *testing.T) {
		cfg, _ := configFromModel(null, envOf(map[string]string{"ARM_OIDC_REQUEST_URL": "u", "AZURE_FEDERATED_TOKEN_FILE": "/f"}))
		if cfg.OIDCRequestURL != "u" || cfg.OIDCTokenFilePath != "/f" {
			t.Fatalf("%+v", cfg)
		}
	})
	t.Run("use_cli defaults to true", func(t *testing.T) {
		cfg, _ := configFromModel(null, envOf(nil))
		if !cfg.UseCLI || cfg.UseMSI || cfg.UseOIDC {
			t.Fatalf("%+v", cfg)
		}
	})
	t.Run("oidc token in block implies use_oidc", func(t *testing.T) {
		m := null
		m.OIDCToken = types.StringValue("jwt")
		cfg, _ := configFromModel(m, envOf(nil))
		if !cfg.UseOIDC {
			t.Fatal("use_oidc not implied")
		}
	})
	t.Run("bad boolean in environment", func(t *testing.T) {
		if _, err := configFromModel(null, envOf(map[string]string{"ARM_USE_MSI": "yes please"})); err == nil {
			t.Fatal("want an error for a non-boolean ARM_USE_MSI")
		}
	})
}

func TestUnknownAttributes(t *testing.T) {
	m := providerModel{AccessToken: types.StringUnknown(), UseMSI: types.BoolUnknown()}
	got := unknownAttributes(m)
	if len(got) != 2 || got[0] != "use_msi" || got[1] != "access_token" {
		t.Fatalf("got %v", got)
	}
}

func TestSettingsDescribeEveryAttribute(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range graph.Settings {
		if settingDescriptions[s.Name] == "" || len(s.Env) == 0 || seen[s.Name] {
			t.Errorf("setting %q: description, environment variable and uniqueness required", s.Name)
		}
		seen[s.Name] = true
	}
	if len(seen) != 16 || len(settingDescriptions) != 16 {
		t.Errorf("%d settings, want 16", len(seen))
	}
}

// TestDocsMatchSettings: the provider documentation names every environment variable the provider
// reads, and the README names none that it does not (the README links to the documentation
// instead of keeping a second copy of its tables).
func TestDocsMatchSettings(t *testing.T) {
	read := func(path string) string {
		data, err := os.ReadFile(filepath.Join("..", "..", path))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	docs, readme := read("docs/index.md"), read("README.md")
	known := map[string]bool{}
	for _, s := range graph.Settings {
		for _, env := range s.Env {
			known[env] = true
			if !strings.Contains(docs, "`"+env+"`") {
				t.Errorf("docs/index.md does not name %s (the %s attribute)", env, s.Name)
			}
		}
	}
	for _, env := range regexp.MustCompile(`\b(?:ARM|AZURE|ACTIONS)_[A-Z_]+\b|\bTEAMS_(?:GRAPH_ENDPOINT|ACCESS_TOKEN)\b`).FindAllString(readme, -1) {
		if !known[env] {
			t.Errorf("the README names %s, which the provider does not read", env)
		}
	}
	if !strings.Contains(readme, "(docs/index.md)") {
		t.Error("the README does not link to docs/index.md")
	}
}
