package main

// The apps-and-tabs phase of the benchmark: installations and Website tabs in 100 group chats.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// toolPhase is one measured phase of the apps-and-tabs run: wall time and the Graph requests per
// installation and per tab.
type toolPhase struct {
	name                    string
	wall                    time.Duration
	perInstallation, perTab map[string]float64
	catalog                 int // app catalog reads in the phase: one app is installed in every chat
}

// measureTools creates n group chats (not measured), then installs an app in each and pins a
// Website tab to each (create), refreshes them, and removes them (destroy), counting requests.
func measureTools(o options, work, rc, par string) ([]toolPhase, error) {
	fmt.Println("==> apps and tabs")
	dir := filepath.Join(work, "tools")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(toolsConfig(o.n)), 0o644); err != nil {
		return nil, err
	}
	em, err := emulator.Start("127.0.0.1:0", benchDirectory())
	if err != nil {
		return nil, err
	}
	defer em.Close()
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TEAMS_GRAPH_ENDPOINT="+em.URL, "TEAMS_ACCESS_TOKEN=bench", "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_LOG=")
	apply := func(tools string) []string {
		return []string{"apply", "-auto-approve", "-input=false", "-refresh=false", par, "-var=tools=" + tools}
	}
	if _, _, err := timed(o.terraform, dir, env, apply("false"), teamsBinary); err != nil {
		return nil, fmt.Errorf("apps and tabs, creating the chats: %w", err)
	}
	var out []toolPhase
	for _, p := range []struct {
		name string
		args []string
	}{
		{"create", apply("true")},
		{"refresh", []string{"plan", "-input=false", par, "-var=tools=true"}},
		{"destroy", apply("false")},
	} {
		em.ResetCounts()
		d, _, err := timed(o.terraform, dir, env, p.args, teamsBinary)
		if err != nil {
			return nil, fmt.Errorf("apps and tabs %s: %w", p.name, err)
		}
		tp := toolPhase{name: p.name, wall: d, perInstallation: map[string]float64{}, perTab: map[string]float64{}}
		for route, c := range em.Counts() {
			switch {
			case strings.Contains(route, "/installedApps"):
				tp.perInstallation[route] = float64(c) / float64(o.n)
			case strings.Contains(route, "/tabs"):
				tp.perTab[route] = float64(c) / float64(o.n)
			case strings.Contains(route, "/appCatalogs"):
				tp.catalog += c
			}
		}
		fmt.Printf("apps and tabs   %-11s %6.2fs\n", p.name, d.Seconds())
		out = append(out, tp)
	}
	_, _, err = timed(o.terraform, dir, env, []string{"destroy", "-auto-approve", "-input=false", "-refresh=false", par, "-var=tools=false"}, teamsBinary)
	return out, err
}

func toolsConfig(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    teams = { source = "teams-terraform/teams" }
  }
}

variable "tools" {
  type = bool
}

resource "teams_chat" "r" {
  count     = %[1]d
  chat_type = "group"
  topic     = "Tools ${count.index}"
  members = [
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", roles = ["owner"] },
  ]
}

resource "teams_chat_app_installation" "r" {
  count        = var.tools ? %[1]d : 0
  chat_id      = teams_chat.r[count.index].id
  teams_app_id = %[2]q
}

resource "teams_chat_tab" "r" {
  count        = var.tools ? %[1]d : 0
  chat_id      = teams_chat.r[count.index].id
  teams_app_id = "com.microsoft.teamspace.tab.web"
  display_name = "Site"
  configuration = {
    content_url = "https://contoso.com/${count.index}"
    website_url = "https://contoso.com/${count.index}"
  }
}
`, n, emulator.ProjectBoardAppID)
}
