// Command bench is `make bench`: it measures the provider against the local emulator and against
// two floors, Terraform's built-in terraform_data (no provider process at all) and HashiCorp's
// time_static (a plugin-framework provider that makes no network call), and writes BENCHMARKS.md.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

const timeProviderVersion = "v0.14.2"

type options struct {
	terraform   string
	n, runs     int
	parallelism int
	out         string
	goBench     bool
}

func main() {
	var o options
	flag.StringVar(&o.terraform, "terraform", "terraform", "the terraform binary")
	flag.IntVar(&o.n, "n", 100, "number of resources of each kind")
	flag.IntVar(&o.runs, "runs", 5, "runs of each phase (the median is reported)")
	flag.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "the report to write")
	flag.BoolVar(&o.goBench, "go-bench", true, "also run the Go benchmarks of the hot paths")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// phase is one measured terraform command.
type phase struct {
	name string
	args []string
}

type measurement struct {
	wall     []time.Duration
	requests map[string]float64 // per resource, by "METHOD route", from the last run
	rssKB    int64              // the provider process's peak, over all runs
	// stateBytes is the size of the state file per resource after the create phase.
	stateBytes int64
}

func (m *measurement) median() time.Duration {
	d := append([]time.Duration(nil), m.wall...)
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2]
}

func run(o options) error {
	repo, _ := os.Getwd()
	work, err := os.MkdirTemp("", "teams-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	plugins := filepath.Join(work, "plugins")
	fmt.Println("==> building the provider")
	if err := sh(repo, nil, "go", "build", "-o", filepath.Join(plugins, "terraform-provider-teams"), "."); err != nil {
		return err
	}
	timeBin, err := ensureTimeProvider()
	if err != nil {
		return err
	}
	if err := copyFile(timeBin, filepath.Join(plugins, "terraform-provider-time")); err != nil {
		return err
	}
	rc := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "teams-terraform/teams" = %q
    "hashicorp/time"        = %q
  }
  direct {}
}
disable_checkpoint = true
`, plugins, plugins)), 0o600); err != nil {
		return err
	}
	tfVersion := "Terraform (unknown version)"
	if out, err := exec.Command(o.terraform, "version").Output(); err == nil {
		tfVersion = firstLine(string(out))
	}
	par := fmt.Sprintf("-parallelism=%d", o.parallelism)
	apply := []string{"apply", "-auto-approve", "-input=false", "-refresh=false", par}

	destroy := []string{"destroy", "-auto-approve", "-input=false", "-refresh=false", par}
	kinds := []struct {
		name, config, provider string
		phases                 []phase
	}{
		{"teams_chat", teamsConfig(o.n, ""), teamsBinary, []phase{
			{"create", apply},
			{"refresh", []string{"plan", "-input=false", "-detailed-exitcode", par}},
			// The data sources are read during the plan; -refresh=false leaves the resources alone.
			{"read data sources", []string{"plan", "-input=false", "-refresh=false", par, "-var=read_back=true"}},
			{"look-up", []string{"plan", "-input=false", "-refresh=false", par, "-var=look_up=true"}},
			{"rename", append(append([]string{}, apply...), "-var=suffix= (renamed)")},
			{"add member", append(append([]string{}, apply...), "-var=suffix= (renamed)", "-var=extra=true")},
			{"destroy", []string{"destroy", "-auto-approve", "-input=false", "-refresh=false", par, "-var=suffix= (renamed)", "-var=extra=true"}},
		}},
		{"terraform_data", fmt.Sprintf("resource \"terraform_data\" \"r\" {\n  count = %d\n  input = count.index\n}\n", o.n), "", []phase{
			{"create", apply}, {"refresh", []string{"plan", "-input=false", "-detailed-exitcode", par}}, {"destroy", destroy},
		}},
		{"time_static", timeConfig(o.n, false), timeBinary, []phase{
			{"create", apply}, {"refresh", []string{"plan", "-input=false", "-detailed-exitcode", par}}, {"destroy", destroy},
		}},
		// The two controls of "where destroy's time goes" (destroy.go).
		{forgetKind, teamsConfig(o.n, `  deletion_behavior = "forget"`+"\n"), teamsBinary, []phase{
			{"create", apply}, {"destroy", destroy},
		}},
		{largeTimeKind, timeConfig(o.n, true), timeBinary, []phase{
			{"create", apply}, {"destroy", destroy},
		}},
	}
	results := map[string]map[string]*measurement{}
	for _, k := range kinds {
		results[k.name] = map[string]*measurement{}
		for _, p := range k.phases {
			results[k.name][p.name] = &measurement{}
		}
		for r := 0; r < o.runs; r++ {
			dir := filepath.Join(work, fmt.Sprintf("%s-%d", strings.ReplaceAll(k.name, "_", "-"), r))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(k.config), 0o644); err != nil {
				return err
			}
			em, err := emulator.Start("127.0.0.1:0", benchDirectory())
			if err != nil {
				return err
			}
			env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TEAMS_GRAPH_ENDPOINT="+em.URL, "TEAMS_ACCESS_TOKEN=bench",
				"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_LOG=")
			for _, p := range k.phases {
				em.ResetCounts()
				d, rss, err := timed(o.terraform, dir, env, p.args, k.provider)
				if err != nil {
					_ = em.Close()
					return fmt.Errorf("%s %s (run %d): %w", k.name, p.name, r+1, err)
				}
				m := results[k.name][p.name]
				m.wall = append(m.wall, d)
				if rss > m.rssKB {
					m.rssKB = rss
				}
				if p.name == "create" {
					m.stateBytes = stateBytesPerInstance(dir, o.n)
				}
				m.requests = map[string]float64{}
				per := float64(o.n)
				if p.name == "look-up" {
					per = 1 // one teams_chats look-up of the n chats: requests per look-up
				}
				for route, c := range em.Counts() {
					m.requests[route] = float64(c) / per
				}
				fmt.Printf("%-15s %-11s run %d: %6.2fs  provider peak RSS %s\n", k.name, p.name, r+1, d.Seconds(), rssText(rss))
			}
			_ = em.Close()
		}
	}

	// Throttled run: the emulator enforces the documented write limit (30 writes/s per tenant).
	fmt.Println("==> throttled create (30 writes per second per tenant)")
	dir := filepath.Join(work, "throttled")
	_ = os.MkdirAll(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, "main.tf"), []byte(teamsConfig(o.n, "")), 0o644)
	em, err := emulator.Start("127.0.0.1:0", benchDirectory())
	if err != nil {
		return err
	}
	em.SetLimits(emulator.Limits{TenantWrites: true, Scale: 1})
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TEAMS_GRAPH_ENDPOINT="+em.URL, "TEAMS_ACCESS_TOKEN=bench", "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_LOG=")
	throttledWall, throttledRSS, err := timed(o.terraform, dir, env, apply, teamsBinary)
	throttled429 := 0
	var firstPost, lastCreated time.Time
	for _, r := range em.History() {
		if r.Status == 429 {
			throttled429++
		}
		if r.Method == "POST" && r.Route == "/chats" {
			if firstPost.IsZero() {
				firstPost = r.At
			}
			if r.Status == 201 {
				lastCreated = r.At
			}
		}
	}
	postSpan := lastCreated.Sub(firstPost)
	throttledPosts := em.Counts()["POST /chats"]
	_ = em.Close()
	if err != nil {
		return fmt.Errorf("throttled create: %w", err)
	}
	floor := time.Duration(float64(o.n) / 30 * float64(time.Second))
	fmt.Printf("throttled create: %.2fs (floor %.2fs), %d answers were 429\n", throttledWall.Seconds(), floor.Seconds(), throttled429)

	tools, err := measureTools(o, work, rc, par)
	if err != nil {
		return err
	}

	var goBench string
	if o.goBench {
		fmt.Println("==> Go benchmarks")
		goBench = output("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "-count=1", "./internal/...")
	}
	report := render(o, tfVersion, results, throttledWall, postSpan, floor, throttled429, throttledPosts, throttledRSS, goBench)
	report = strings.Replace(report, "\n## Goals\n", "\n"+renderTools(o, tools)+"\n## Goals\n", 1)
	report = strings.Replace(report, "\n## Notes on the goals\n", "\n"+toolGoals(tools)+"\n## Notes on the goals\n", 1)
	if !filepath.IsAbs(o.out) {
		o.out = filepath.Join(repo, o.out)
	}
	if err := os.WriteFile(o.out, []byte(report), 0o644); err != nil {
		return err
	}
	fmt.Println("==> wrote", o.out)
	return nil
}

// teamsConfig is n group chats; extra holds more argument lines of the teams_chat block.
func teamsConfig(n int, extra string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    teams = { source = "teams-terraform/teams" }
  }
}

variable "suffix" {
  type    = string
  default = ""
}

variable "extra" {
  type    = bool
  default = false
}

variable "read_back" {
  type    = bool
  default = false
}

variable "look_up" {
  type    = bool
  default = false
}

data "teams_chat" "r" {
  count = var.read_back ? %[1]d : 0
  id    = teams_chat.r[count.index].id
}

data "teams_chats" "all" {
  count     = var.look_up ? 1 : 0
  user      = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
  chat_type = "group"
  members   = ["82fe7758-5bb3-4f0d-a43f-e555fd399c6f"]
}

resource "teams_chat" "r" {
%[2]s  count     = %[1]d
  chat_type = "group"
  topic     = "Bench ${count.index}${var.suffix}"
  members = concat([
    { user = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", roles = ["owner"] },
    { user = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", roles = ["owner"] },
  ], var.extra ? [{ user = "3626a173-f2bc-4883-bcf7-01514c3bfb82", roles = ["owner"] }] : [])
}
`, n, extra)
}

func benchDirectory() emulator.Directory { return emulator.DefaultDirectory() }

func ensureTimeProvider() (string, error) {
	gobin := strings.TrimSpace(output("go", "env", "GOPATH")) + "/bin"
	bin := filepath.Join(gobin, "terraform-provider-time")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	fmt.Println("==> installing terraform-provider-time " + timeProviderVersion + " from the Go module proxy into " + gobin)
	cmd := exec.Command("go", "install", "github.com/hashicorp/terraform-provider-time@"+timeProviderVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return bin, cmd.Run()
}

func sh(dir string, env []string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = env
	}
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

func output(name string, args ...string) string {
	out, _ := exec.Command(name, args...).CombinedOutput()
	return string(out)
}

func firstLine(s string) string { return strings.TrimSpace(strings.SplitN(s, "\n", 2)[0]) }

func firstMatch(path, prefix string) string {
	data, _ := os.ReadFile(path)
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, prefix) {
			if _, v, ok := strings.Cut(line, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return "unknown CPU"
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o755)
}
