package acctest

import (
	"os"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// GraphClient is a Microsoft Graph client for the world the test runs in: the test's emulator, or
// the real tenant of live mode (configured from the same ARM_* and TEAMS_* variables as the
// provider, graph.Settings). Checks that read Graph through it hold in both.
func (e *Env) GraphClient() (*graph.Client, error) {
	if e.Emulator != nil {
		return graph.NewClient(graph.Config{GraphEndpoint: e.Emulator.URL, AccessToken: emulator.AppToken(graph.ApplicationPermissions...)}, graph.Options{Version: "acctest"})
	}
	cfg, err := graph.ConfigFromEnv(os.Getenv)
	if err != nil {
		return nil, err
	}
	return graph.NewClient(cfg, graph.Options{Version: "acctest"})
}
