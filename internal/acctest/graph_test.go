package acctest

import (
	"testing"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// TestLiveGraphClientReadsTheProvidersSettings: in live mode the tests' Graph client is configured
// from the environment exactly as the provider block `provider "teams" {}` is (graph.Settings):
// every variable of a setting counts (AZURE_FEDERATED_TOKEN_FILE, ARM_OIDC_REQUEST_URL) and
// booleans parse the same way ("1" is true, a malformed one is an error).
func TestLiveGraphClientReadsTheProvidersSettings(t *testing.T) {
	setOnly := func(t *testing.T, set map[string]string) {
		for _, s := range graph.Settings {
			for _, v := range s.Env {
				t.Setenv(v, set[v])
			}
		}
	}
	live := &Env{Live: true}
	t.Run("federated token file", func(t *testing.T) {
		setOnly(t, map[string]string{"ARM_TENANT_ID": "00000000-0000-0000-0000-000000000001", "ARM_CLIENT_ID": "00000000-0000-0000-0000-000000000002",
			"ARM_USE_OIDC": "true", "AZURE_FEDERATED_TOKEN_FILE": t.TempDir() + "/token"})
		c, err := live.GraphClient()
		if err != nil || c.CredentialKind() != graph.CredentialOIDC {
			t.Fatalf("want an OIDC client: %v", err)
		}
	})
	t.Run("boolean 1", func(t *testing.T) {
		setOnly(t, map[string]string{"ARM_USE_MSI": "1", "TEAMS_GRAPH_ENDPOINT": "http://127.0.0.1:1/v1.0"})
		c, err := live.GraphClient()
		if err != nil || c.CredentialKind() != graph.CredentialMSI || c.Endpoint() != "http://127.0.0.1:1/v1.0" {
			t.Fatalf("want a managed identity client of the endpoint: %v", err)
		}
	})
	t.Run("malformed boolean", func(t *testing.T) {
		setOnly(t, map[string]string{"ARM_USE_MSI": "yes please"})
		if _, err := live.GraphClient(); err == nil {
			t.Fatal("want an error")
		}
	})
}
