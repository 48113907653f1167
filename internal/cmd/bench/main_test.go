package main

import (
	"strings"
	"testing"
)

// TestTeamsConfigExtraGoesToTheResource: the forget control's argument lands in the teams_chat
// block, once, and in no data source (where Terraform refuses it).
func TestTeamsConfigExtraGoesToTheResource(t *testing.T) {
	extra := `  deletion_behavior = "forget"` + "\n"
	cfg := teamsConfig(3, extra)
	if strings.Count(cfg, extra) != 1 || !strings.Contains(cfg, "resource \"teams_chat\" \"r\" {\n"+extra) {
		t.Errorf("the extra argument is not in the teams_chat block exactly once:\n%s", cfg)
	}
	if plain := teamsConfig(3, ""); strings.Contains(plain, "deletion_behavior") {
		t.Errorf("a config without extra sets deletion_behavior:\n%s", plain)
	}
}
