package acctest

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

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

// CheckChat reads the chat whose id is in state at addr back from Graph, with all its members,
// and hands it to check.
func (e *Env) CheckChat(addr string, check func(graph.Chat) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s is not in state", addr)
		}
		client, err := e.GraphClient()
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		chat, err := client.GetChat(ctx, rs.Primary.ID)
		if err != nil {
			return fmt.Errorf("reading %s (chat %s) from Graph: %w", addr, rs.Primary.ID, err)
		}
		return check(chat)
	}
}

// CheckChatsGone checks, after destroy, that each chat (by id) is gone from Graph (404) when
// gone[id] is true and still readable otherwise.
func (e *Env) CheckChatsGone(ids map[string]*string, gone map[string]bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		client, err := e.GraphClient()
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		for name, id := range ids {
			_, err := client.GetChat(ctx, *id)
			switch {
			case gone[name] && err == nil:
				return fmt.Errorf("%s: chat %s should be deleted, but Graph still returns it", name, *id)
			case gone[name] && !graph.IsNotFound(err):
				return fmt.Errorf("%s: chat %s should be deleted; reading it failed: %w", name, *id, err)
			case !gone[name] && err != nil:
				return fmt.Errorf("%s: chat %s should still be in Teams: %w", name, *id, err)
			}
		}
		return nil
	}
}
