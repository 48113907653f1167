package acctest

import (
	"os"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// GraphClient is a Microsoft Graph client for the world the test runs in: the test's emulator, or
// the real tenant of live mode (configured from the same ARM_* and TEAMS_* variables as the
// provider). Checks that read Graph through it hold in both.
func (e *Env) GraphClient() (*graph.Client, error) {
	if e.Emulator != nil {
		return graph.NewClient(graph.Config{GraphEndpoint: e.Emulator.URL, AccessToken: emulator.AppToken(graph.ApplicationPermissions...)}, graph.Options{Version: "acctest"})
	}
	env := os.Getenv
	return graph.NewClient(graph.Config{
		TenantID: env("ARM_TENANT_ID"), ClientID: env("ARM_CLIENT_ID"), ClientSecret: env("ARM_CLIENT_SECRET"),
		ClientCertificate: env("ARM_CLIENT_CERTIFICATE"), ClientCertificatePath: env("ARM_CLIENT_CERTIFICATE_PATH"),
		ClientCertificatePassword: env("ARM_CLIENT_CERTIFICATE_PASSWORD"),
		UseOIDC:                   env("ARM_USE_OIDC") == "true", OIDCToken: env("ARM_OIDC_TOKEN"), OIDCTokenFilePath: env("ARM_OIDC_TOKEN_FILE_PATH"),
		OIDCRequestURL: env("ACTIONS_ID_TOKEN_REQUEST_URL"), OIDCRequestToken: env("ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
		UseMSI: env("ARM_USE_MSI") == "true", UseCLI: env("ARM_USE_CLI") != "false",
		Environment: env("ARM_ENVIRONMENT"), GraphEndpoint: env("TEAMS_GRAPH_ENDPOINT"), AccessToken: env("TEAMS_ACCESS_TOKEN"),
	}, graph.Options{Version: "acctest"})
}
