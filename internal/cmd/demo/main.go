// Command demo is `make demo`: it builds the provider, starts the local Graph emulator on a free
// loopback port, and runs Terraform (or OpenTofu) against it with examples/demo: create the create-chat page's
// five chats and a project chat, show the outputs, rename the project chat (plan, then apply),
// destroy; then compose modules (a chat module, a members module, a look-up), destroy, and stop the
// emulator. Nothing is left running and nothing is written to the repo.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

func main() {
	terraform := flag.String("terraform", "terraform", "the terraform or tofu binary")
	keep := flag.Bool("keep", false, "keep the working directory (state, CLI config) for inspection")
	flag.Parse()
	if err := run(*terraform, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "\ndemo failed:", err)
		os.Exit(1)
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

var bold = isTerminal(os.Stdout)

func step(n int, title string) {
	if bold {
		fmt.Printf("\n\033[1m==> %d. %s\033[0m\n", n, title)
		return
	}
	fmt.Printf("\n==> %d. %s\n", n, title)
}

func run(terraform string, keep bool) error {
	repo, err := os.Getwd()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "teams-demo-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("working directory:", work)
	} else {
		defer os.RemoveAll(work)
	}

	step(1, "Building the provider")
	pluginDir := filepath.Join(work, "plugins")
	build := exec.Command("go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-teams"), ".")
	build.Dir, build.Stdout, build.Stderr = repo, os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}

	step(2, "Starting the local Microsoft Graph emulator")
	em, err := emulator.Start("127.0.0.1:0", emulator.DefaultDirectory())
	if err != nil {
		return err
	}
	defer func() {
		_ = em.Close()
		fmt.Println("emulator stopped")
	}()
	fmt.Println("emulator listening on", em.URL)

	step(3, "Writing a CLI configuration that uses the freshly built provider (dev_overrides)")
	rc := filepath.Join(work, "terraformrc")
	cli := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "teams-terraform/teams" = %q
  }
  direct {}
}
disable_checkpoint = true
`, pluginDir)
	if err := os.WriteFile(rc, []byte(cli), 0o600); err != nil {
		return err
	}
	fmt.Print(cli)
	tfDir := filepath.Join(work, "config")
	for _, src := range []string{filepath.Join("examples", "demo"), filepath.Join("examples", "resources", "teams_chat")} {
		if err := copyTF(filepath.Join(repo, src), tfDir); err != nil {
			return err
		}
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc,
		"TEAMS_GRAPH_ENDPOINT="+em.URL,
		"TEAMS_ACCESS_TOKEN=demo-token",
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
	)
	var printed bytes.Buffer // what Terraform printed, to check the warnings the demo promises
	tf := runner(terraform, tfDir, env, &printed)

	step(4, "Creating the five chats of the create-chat page and a project chat with an app and a tab (one at a time, so\n"+
		"    that the second of the two one-on-one chats between the same people meets the first)")
	if err := tf("apply", "-auto-approve", "-parallelism=1"); err != nil {
		return err
	}
	// Example 5 meets example 1's chat; every other chat is new.
	if n := strings.Count(printed.String(), "Existing OneOnOne Chat Adopted"); n != 1 {
		return fmt.Errorf("the apply showed %d \"Existing OneOnOne Chat Adopted\" warnings, want exactly 1 (example 5 meeting example 1's chat)", n)
	}
	step(5, "The chats Graph created (ids and created_date_time)")
	if err := tf("output", "-json", "chats"); err != nil {
		return err
	}
	fmt.Printf("the emulator now holds %d chats for 6 resources: examples 1 and 5 name the same two people, and Graph\n"+
		"hands back their existing one-on-one chat instead of creating another (see the warning above)\n", len(em.Chats()))
	if err := showTools(em); err != nil {
		return err
	}

	step(6, "Renaming the project chat to \"Project Phoenix (launch)\": the plan shows an in-place update")
	if err := rename(filepath.Join(tfDir, "resource.tf"), `topic             = "Project Phoenix"`, `topic             = "Project Phoenix (launch)"`); err != nil {
		return err
	}
	if err := tf("plan", "-compact-warnings"); err != nil {
		return err
	}
	if err := tf("apply", "-auto-approve", "-compact-warnings"); err != nil {
		return err
	}
	for _, c := range em.Chats() {
		if strings.HasPrefix(c.Topic, "Project Phoenix") {
			fmt.Printf("in the emulator, chat %s is now called %q\n", c.ID, c.Topic)
		}
	}

	step(7, "Destroying: group chats are deleted, oneOnOne chats are left to their two people (deletion_behavior = forget)")
	if err := tf("destroy", "-auto-approve", "-compact-warnings"); err != nil {
		return err
	}
	left := em.Chats()
	fmt.Printf("chats still in the emulator: %d (the oneOnOne chats, kept on purpose)\n", len(left))
	for _, c := range left {
		if c.ChatType != "oneOnOne" {
			return fmt.Errorf("group chat %s survived destroy", c.ID)
		}
	}
	if err := compose(repo, work, env, terraform, em); err != nil {
		return err
	}
	counts := em.Counts()
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println("\nGraph requests the provider made:")
	for _, k := range keys {
		fmt.Printf("  %-34s %d\n", k, counts[k])
	}
	step(10, "Done: stopping the emulator")
	return nil
}

// compose applies examples/compose: one module creates a project chat, another adds a team's people
// with teams_chat_member, and a teams_chats look-up finds the chat again; then destroys it.
func compose(repo, work string, env []string, terraform string, em *emulator.Running) error {
	dir := filepath.Join(work, "compose")
	for _, sub := range []string{"", filepath.Join("modules", "project-chat"), filepath.Join("modules", "chat-people")} {
		if err := copyTF(filepath.Join(repo, "examples", "compose", sub), filepath.Join(dir, sub)); err != nil {
			return err
		}
	}
	var printed bytes.Buffer
	tf := runner(terraform, dir, env, &printed)
	step(8, "Composing modules: one creates the project chat, another adds its people with teams_chat_member,\n"+
		"    and a teams_chats look-up finds the chat again (examples/compose)")
	if err := tf("get"); err != nil {
		return err
	}
	if err := tf("apply", "-auto-approve", "-compact-warnings"); err != nil {
		return err
	}
	printed.Reset()
	if err := tf("output", "-json"); err != nil {
		return err
	}
	var out map[string]struct{ Value any }
	text := printed.String() // stdout's JSON object, and whatever the CLI wrote to stderr around it
	if i, j := strings.Index(text, "{"), strings.LastIndex(text, "}"); i >= 0 && j > i {
		text = text[i : j+1]
	}
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		return fmt.Errorf("reading the outputs: %w", err)
	}
	if out["found_chat_id"].Value != out["project_chat_id"].Value || out["project_chat_id"].Value == nil {
		return fmt.Errorf("the look-up found %v, want the project chat %v", out["found_chat_id"].Value, out["project_chat_id"].Value)
	}
	people, _ := out["people_in_chat"].Value.([]any)
	if len(people) != 5 {
		return fmt.Errorf("the project chat has %d people, want 5 (two leads, three added by teams_chat_member)", len(people))
	}
	fmt.Printf("the look-up found the project chat %v, with %d people: two leads from the chat module and three from\n"+
		"the team module's teams_chat_member resources\n", out["found_chat_id"].Value, len(people))
	step(9, "Destroying the composed configuration: the members are removed, then the chat is deleted")
	if err := tf("destroy", "-auto-approve", "-compact-warnings"); err != nil {
		return err
	}
	for _, c := range em.Chats() {
		if c.Topic == "Project Atlas" {
			return fmt.Errorf("the project chat %s survived destroy", c.ID)
		}
	}
	return nil
}

// showTools prints the app installed in the project chat and the tab pinned to it, as the emulator
// holds them, and fails when they are not there.
func showTools(em *emulator.Running) error {
	for _, c := range em.Chats() {
		if c.Topic != "Project Phoenix" {
			continue
		}
		if len(c.Apps) != 1 || len(c.Tabs) != 1 {
			return fmt.Errorf("the project chat has %d apps and %d tabs, want 1 and 1", len(c.Apps), len(c.Tabs))
		}
		fmt.Printf("the project chat has app %s (version %s) installed and a %q tab showing %s\n",
			c.Apps[0].AppID, c.Apps[0].Version, c.Tabs[0].DisplayName, deref(c.Tabs[0].Configuration.ContentURL))
		return nil
	}
	return fmt.Errorf("the project chat was not found in the emulator")
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// runner runs terraform (or tofu) in dir, echoing each command; what it prints also goes to printed.
func runner(terraform, dir string, env []string, printed *bytes.Buffer) func(args ...string) error {
	return func(args ...string) error {
		fmt.Printf("$ %s %s\n", filepath.Base(terraform), strings.Join(args, " "))
		if !bold && args[0] != "output" {
			args = append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)
		}
		cmd := exec.Command(terraform, args...)
		cmd.Dir, cmd.Env = dir, env
		cmd.Stdout, cmd.Stderr = io.MultiWriter(os.Stdout, printed), io.MultiWriter(os.Stderr, printed)
		return cmd.Run()
	}
}

// rename edits the project chat's topic in the copied configuration, as a user would.
func rename(file, from, to string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if !strings.Contains(string(data), from) {
		return fmt.Errorf("%s no longer contains %s", file, from)
	}
	return os.WriteFile(file, []byte(strings.Replace(string(data), from, to, 1)), 0o644)
}

// copyTF copies the .tf files of src into dst, except import examples (they name a chat of their
// reader's tenant).
func copyTF(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") || strings.HasPrefix(e.Name(), "import") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
