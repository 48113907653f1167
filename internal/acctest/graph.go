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
