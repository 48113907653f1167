package main

// Where destroy's time goes: two controls beside teams_chat's destroy phase. teams_chat with
// deletion_behavior = "forget" destroys without a single Graph request (Delete only removes the
// chat from state), and time_static with triggers that make its state as large per resource as
// teams_chat's destroys without a network. Comparing the four says how much of destroy is Graph
// traffic, how much the provider, and how much the size of the state Terraform and the framework
// carry through plan and apply.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

const (
	forgetKind    = "teams_chat, forget"
	largeTimeKind = "time_static, large state"
)

// timeConfig is n time_static resources; large gives each eight 200-character triggers, which
// makes its state about as large per resource as a teams_chat's with two members.
func timeConfig(n int, large bool) string {
	triggers := "{ i = count.index }"
	if large {
		triggers = `{ for k in ["a", "b", "c", "d", "e", "f", "g", "h"] : k => "${k}${count.index}${local.pad}" }`
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    time = { source = "hashicorp/time" }
  }
}

locals {
  pad = join("", [for i in range(20) : "0123456789"])
}

resource "time_static" "r" {
  count    = %d
  triggers = %s
}
`, n, triggers)
}

// stateBytesPerInstance is the size of dir's state file divided by n.
func stateBytesPerInstance(dir string, n int) int64 {
	fi, err := os.Stat(filepath.Join(dir, "terraform.tfstate"))
	if err != nil || n == 0 {
		return 0
	}
	return fi.Size() / int64(n)
}

// renderDestroy is the section on destroy's controls.
func renderDestroy(o options, res map[string]map[string]*measurement) string {
	var b strings.Builder
	b.WriteString("## Where destroy's time goes\n\n")
	fmt.Fprintf(&b, "Destroy of %d resources with `-refresh=false`, beside two controls: teams_chat with `deletion_behavior = \"forget\"` "+
		"(no Graph request at all: Delete only drops the chat from state) and time_static with eight 200-character triggers, "+
		"whose state is about as large per resource as teams_chat's.\n\n", o.n)
	b.WriteString("| destroy of | wall time | ratio to time_static | Graph requests per resource | state per resource | provider peak RSS |\n|---|---|---|---|---|---|\n")
	base := res["time_static"]["destroy"].median()
	for _, k := range []string{"teams_chat", forgetKind, "time_static", largeTimeKind} {
		m := res[k]["destroy"]
		fmt.Fprintf(&b, "| %s | %.2fs | %.2f× | %s | %.1f KB | %s |\n", k, m.median().Seconds(), m.median().Seconds()/base.Seconds(),
			requestsText(m.requests), float64(res[k]["create"].stateBytes)/1024, rssText(m.rssKB))
	}
	return b.String()
}

// destroyGoals are the goal lines on destroy.
func destroyGoals(res map[string]map[string]*measurement, goal func(string, bool, string)) {
	ours, ts := res["teams_chat"]["destroy"].median(), res["time_static"]["destroy"].median()
	goal("destroy within 1.3× of time_static", ours.Seconds() <= 1.3*ts.Seconds(), fmt.Sprintf("%.2f×: %.2fs vs %.2fs", ours.Seconds()/ts.Seconds(), ours.Seconds(), ts.Seconds()))
	large := res[largeTimeKind]["destroy"].median()
	goal("destroy within 1.3× of time_static with a state as large", ours.Seconds() <= 1.3*large.Seconds(), fmt.Sprintf("%.2f×: %.2fs vs %.2fs", ours.Seconds()/large.Seconds(), ours.Seconds(), large.Seconds()))
}
