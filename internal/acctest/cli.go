package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// CLI runs the terraform binary of the acceptance tests (TF_ACC_TERRAFORM_PATH, else terraform on
// PATH) in a directory, against the provider served in the test's process, for what
// terraform-plugin-testing does not drive: `terraform query -generate-config-out` and the plan of
// the configuration it writes.
type CLI struct {
	t        *testing.T
	Path     string
	Version  *version.Version
	OpenTofu bool
	Dir      string
	env      []string
}

// NewCLI finds the CLI and reads its version; its first command serves the provider for it.
func NewCLI(t *testing.T) *CLI {
	t.Helper()
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		var err error
		if path, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no terraform binary: set TF_ACC_TERRAFORM_PATH")
		}
	}
	out, err := exec.Command(path, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", path, err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", path, err)
	}
	ver, err := version.NewVersion(v.TerraformVersion)
	if err != nil {
		t.Fatal(err)
	}
	tofu := strings.Contains(filepath.Base(path), "tofu") || os.Getenv("TF_ACC_PROVIDER_HOST") == "registry.opentofu.org"
	return &CLI{t: t, Path: path, Version: ver, OpenTofu: tofu, Dir: t.TempDir()}
}

// environ is the environment of the CLI's commands; the first call serves the provider, so that
// a test that skips for the CLI's version starts no provider.
func (c *CLI) environ() []string {
	if c.env == nil {
		host := "registry.terraform.io"
		if c.OpenTofu {
			host = "registry.opentofu.org"
		}
		c.env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+serveProvider(c.t, host), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	}
	return c.env
}

// serveProvider serves the provider in this process, as terraform-plugin-testing does, and
// returns the TF_REATTACH_PROVIDERS value that points Terraform at it.
func serveProvider(t *testing.T, host string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go func() {
		_ = tf6server.Serve(host+"/teams-terraform/teams", func() tfprotov6.ProviderServer {
			s, _ := ProviderFactories["teams"]()
			return s
		}, tf6server.WithDebug(ctx, reattach, closed), tf6server.WithGoPluginLogger(hclog.NewNullLogger()), tf6server.WithoutLogStderrOverride(), tf6server.WithLoggingSink(t))
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("the provider did not start serving within 30 s")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-closed:
		case <-time.After(10 * time.Second):
		}
	})
	b, err := json.Marshal(map[string]any{host + "/teams-terraform/teams": map[string]any{
		"Protocol": string(cfg.Protocol), "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": true,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Write writes a file into the CLI's directory.
func (c *CLI) Write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.Dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Read reads a file of the CLI's directory.
func (c *CLI) Read(name string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.Dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// Run runs the CLI with args and returns its exit code and output; it fails the test when the
// command cannot start.
func (c *CLI) Run(args ...string) (int, string) {
	c.t.Helper()
	cmd := exec.Command(c.Path, args...)
	cmd.Dir, cmd.Env = c.Dir, c.environ()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String()
	}
	if err != nil {
		c.t.Fatalf("%s %s: %v", c.Path, strings.Join(args, " "), err)
	}
	return 0, out.String()
}

// MustRun runs the CLI and fails the test unless it exits 0.
func (c *CLI) MustRun(args ...string) string {
	c.t.Helper()
	code, out := c.Run(args...)
	if code != 0 {
		c.t.Fatalf("%s %s exited %d:\n%s", filepath.Base(c.Path), strings.Join(args, " "), code, out)
	}
	return out
}

// SkipBelow skips the test, saying why, when the CLI is OpenTofu or a Terraform older than min.
func (c *CLI) SkipBelow(minVersion, feature string) {
	c.t.Helper()
	want := version.Must(version.NewVersion(minVersion))
	if c.OpenTofu {
		c.t.Skipf("%s needs Terraform %s or later; %s is OpenTofu %s, which has no such command yet", feature, minVersion, c.Path, c.Version)
	}
	if c.Version.LessThan(want) {
		c.t.Skipf("%s needs Terraform %s or later; %s is %s (make testacc-latest TERRAFORM=<path> runs it with a newer binary)", feature, minVersion, c.Path, c.Version)
	}
}

// String names the CLI.
func (c *CLI) String() string { return fmt.Sprintf("%s (%s)", c.Path, c.Version) }

// Stdout runs the CLI and returns what it wrote to standard output alone (for -json commands);
// it fails the test, with standard error, unless the CLI exits 0.
func (c *CLI) Stdout(args ...string) []byte {
	c.t.Helper()
	cmd := exec.Command(c.Path, args...)
	cmd.Dir, cmd.Env = c.Dir, c.environ()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("%s %s: %v\n%s", filepath.Base(c.Path), strings.Join(args, " "), err, stderr.String())
	}
	return out
}
