package provider_test

// The acceptance tests' shared helpers, in one place: HCL builders for every resource, captureID
// and stateID, changes made outside Terraform (graphDo), and checks that read Microsoft Graph back
// through graph.Client (env.GraphClient, so they hold on a real tenant too), among them each
// resource's exists and destroy checks (testAccCheck<Resource>Exists, testAccCheck<Resource>Destroy).

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

type member struct {
	user, role, tenant, history string
}

// chatConfig is the configuration of one teams_chat resource; chatHCL fills it in. Optional lines
// are left out when their value is empty.
var chatConfig = template.Must(template.New("chat").Parse(`
resource "teams_chat" "{{ .Name }}" {
  chat_type = "{{ .ChatType }}"
{{- if .Topic }}
  topic     = {{ printf "%q" .Topic }}
{{- end }}
{{ .Extra }}  members = [
{{- range .Members }}
    { user = {{ printf "%q" .User }}, roles = [{{ printf "%q" .Role }}]
      {{- if .Tenant }}, tenant_id = {{ printf "%q" .Tenant }}{{ end }}
      {{- if .History }}, visible_history_start_date_time = {{ printf "%q" .History }}{{ end }} },
{{- end }}
  ]
}
`))

// chatHCL renders chatConfig; extra holds further attribute lines (each ending in a newline).
func chatHCL(name, chatType, topic, extra string, members ...member) string {
	type memberData struct{ User, Role, Tenant, History string }
	data := struct {
		Name, ChatType, Topic, Extra string
		Members                      []memberData
	}{Name: name, ChatType: chatType, Topic: topic, Extra: extra}
	for _, m := range members {
		data.Members = append(data.Members, memberData{m.user, m.role, m.tenant, m.history})
	}
	var b strings.Builder
	if err := chatConfig.Execute(&b, data); err != nil {
		panic(err)
	}
	return b.String()
}

func owner(u string) member { return member{user: u, role: "owner"} }

// crowd is n distinct owners (object ids that need not exist: for plan-time checks).
func crowd(n int) []member {
	out := make([]member, n)
	for i := range out {
		out[i] = owner(fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
	}
	return out
}

func guest(u string) member { return member{user: u, role: "guest"} }

// emulatorChat reads a chat from the emulator's store by the id in state (emulator-only tests).
func emulatorChat(env *acctest.Env, s *terraform.State, addr string) (emulator.Chat, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return emulator.Chat{}, fmt.Errorf("%s not in state", addr)
	}
	c, ok := env.Emulator.Chat(rs.Primary.ID)
	if !ok {
		return emulator.Chat{}, fmt.Errorf("chat %s not in the emulator", rs.Primary.ID)
	}
	return c, nil
}

func stateID(s *terraform.State, addr string) string {
	if rs, ok := s.RootModule().Resources[addr]; ok {
		return rs.Primary.ID
	}
	return ""
}

func captureID(addr string, into *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		*into = stateID(s, addr)
		if *into == "" {
			return fmt.Errorf("%s has no id", addr)
		}
		return nil
	}
}

// memberRequests is a check that Graph received no member write since the counts were reset
// (emulator only: against a real tenant the membership-id comparison does the same job).
func memberRequests(env *acctest.Env) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if env.Emulator == nil {
			return nil
		}
		counts := env.Emulator.Counts()
		if n := counts["POST /chats/{id}/members"] + counts["DELETE /chats/{id}/members/{id}"]; n != 0 {
			return fmt.Errorf("apply sent %d member requests to Graph, want none: %v", n, counts)
		}
		return nil
	}
}

func resetCounts(env *acctest.Env) func() {
	return func() {
		if env.Emulator != nil {
			env.Emulator.ResetCounts()
		}
	}
}

// memberHCL is a teams_chat_member of the chat teams_chat.c; extra holds further lines.
func memberHCL(name, user, extra string) string {
	return fmt.Sprintf(`
resource "teams_chat_member" %q {
  chat_id = teams_chat.c.id
  user    = %q
%s}
`, name, user, extra)
}

const notExclusive = "  members_exclusive = false\n"

// hasMember checks the chat, read back from Graph, for a member with the role ("" = absent).
func hasMember(userID, role string) func(graph.Chat) error {
	return func(c graph.Chat) error {
		for _, m := range c.Members {
			if strings.EqualFold(m.UserID, userID) {
				if role == "" {
					return fmt.Errorf("%s should not be a member of chat %s", userID, c.ID)
				}
				if m.Role() != role {
					return fmt.Errorf("%s is a member of chat %s with role %s, want %s", userID, c.ID, m.Role(), role)
				}
				return nil
			}
		}
		if role != "" {
			return fmt.Errorf("%s is not a member of chat %s", userID, c.ID)
		}
		return nil
	}
}

// graphDo runs f with a Graph client of the test's world (emulator or tenant), for changes made
// outside Terraform, as a person in Teams would.
func graphDo(t *testing.T, env *acctest.Env, f func(ctx context.Context, c *graph.Client) error) func() {
	return func() {
		t.Helper()
		client, err := env.GraphClient()
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if err := f(ctx, client); err != nil {
			t.Fatalf("change outside Terraform: %v", err)
		}
	}
}

// removeOutOfBand removes a user from the chat whose id is *chatID, as someone in Teams would.
func removeOutOfBand(t *testing.T, env *acctest.Env, chatID *string, userID string) func() {
	return graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
		m, err := c.FindMember(ctx, *chatID, userID)
		if err != nil {
			return err
		}
		return c.RemoveMember(ctx, *chatID, m.MembershipID)
	})
}

// installationHCL is a teams_chat_app_installation of teams_chat.c; extra holds further lines.
func installationHCL(name, appID, extra string) string {
	return fmt.Sprintf(`
resource "teams_chat_app_installation" %q {
  chat_id      = teams_chat.c.id
  teams_app_id = %q
%s}
`, name, appID, extra)
}

// checkInstalled reads the chat's installation of appID back from Graph (installed = false: the
// app must not be installed).
func checkInstalled(env *acctest.Env, chatID *string, appID string, installed bool) resource.TestCheckFunc {
	return withGraph(env, func(ctx context.Context, c *graph.Client, _ *terraform.State) error {
		_, err := c.FindInstallation(ctx, *chatID, appID)
		switch {
		case installed && err != nil:
			return fmt.Errorf("app %s should be installed in chat %s: %w", appID, *chatID, err)
		case !installed && err == nil:
			return fmt.Errorf("app %s should not be installed in chat %s", appID, *chatID)
		case !installed && !graph.IsNotInstalled(err) && !graph.IsNotFound(err):
			return err
		}
		return nil
	})
}

// checkVersion reads the chat's installation of appID back from Graph and compares its version
// with want (want() is called at check time).
func checkVersion(env *acctest.Env, chatID *string, appID string, want func(ctx context.Context, c *graph.Client) (string, error)) resource.TestCheckFunc {
	return withGraph(env, func(ctx context.Context, c *graph.Client, _ *terraform.State) error {
		in, err := c.FindInstallation(ctx, *chatID, appID)
		if err != nil {
			return err
		}
		v, err := want(ctx, c)
		if err != nil {
			return err
		}
		if in.Version != v {
			return fmt.Errorf("app %s is installed in chat %s at version %s, want %s", appID, *chatID, in.Version, v)
		}
		return nil
	})
}

func version(v string) func(context.Context, *graph.Client) (string, error) {
	return func(context.Context, *graph.Client) (string, error) { return v, nil }
}

// boardTabHCL pins a tab of the board app (installed by teams_chat_app_installation.board) to
// teams_chat.c.
func boardTabHCL(name, display, contentURL string) string {
	return fmt.Sprintf(`
resource "teams_chat_tab" %q {
  chat_id      = teams_chat.c.id
  teams_app_id = teams_chat_app_installation.board.teams_app_id
  display_name = %q
  configuration = {
    entity_id   = "board-1"
    content_url = %q
    website_url = "https://board.contoso.com/b/1"
  }
}
`, name, display, contentURL)
}

// websiteTabHCL pins a Website tab, teams_chat_tab.site, to teams_chat.c.
func websiteTabHCL(site string) string {
	return fmt.Sprintf(`
resource "teams_chat_tab" "site" {
  chat_id      = teams_chat.c.id
  teams_app_id = "com.microsoft.teamspace.tab.web"
  display_name = "Site"
  configuration = {
    content_url = %q
    website_url = %q
  }
}
`, site, site)
}

// checkTab reads the tab in state at addr back from Graph.
func checkTab(env *acctest.Env, addr string, check func(graph.Tab) error) resource.TestCheckFunc {
	return withGraph(env, func(ctx context.Context, c *graph.Client, s *terraform.State) error {
		rs, err := inState(s, addr)
		if err != nil {
			return err
		}
		tab, err := c.GetTab(ctx, rs.Primary.Attributes["chat_id"], rs.Primary.Attributes["tab_id"])
		if err != nil {
			return fmt.Errorf("reading %s from Graph: %w", addr, err)
		}
		return check(tab)
	})
}

func tabNamed(name string) func(graph.Tab) error {
	return func(t graph.Tab) error {
		if t.DisplayName != name {
			return fmt.Errorf("tab %s is called %q, want %q", t.ID, t.DisplayName, name)
		}
		return nil
	}
}

// refused is a step whose configuration must fail with an error matching re (whitespace in re
// matches Terraform's line wrapping).
func refused(config, re string) resource.TestStep {
	return resource.TestStep{Config: config, ExpectError: regexp.MustCompile("(?s)" + strings.ReplaceAll(re, " ", `\s+`))}
}

// assertNoWrites fails the test when Graph received anything but reads since the counts were
// reset (emulator only: a live tenant has no counts).
func assertNoWrites(t *testing.T, env *acctest.Env) func() {
	return func() {
		if env.Emulator == nil {
			return
		}
		var writes []string
		for k, n := range env.Emulator.Counts() {
			if !strings.HasPrefix(k, "GET ") {
				writes = append(writes, fmt.Sprintf("%s: %d", k, n))
			}
		}
		sort.Strings(writes)
		if len(writes) > 0 {
			t.Errorf("Graph received writes, want none: %v", writes)
		}
	}
}

// noGraphWrites fails the test when Graph received a write (POST, PATCH, PUT or DELETE) since the
// counts were last reset: a plan-time refusal must not touch Graph. Emulator only (a real tenant
// does not count requests); the plan's error is asserted in both.
func noGraphWrites(t *testing.T, env *acctest.Env) func() {
	return func() {
		t.Helper()
		if env.Emulator == nil {
			return
		}
		var writes []string
		for k, n := range env.Emulator.Counts() {
			if method, _, _ := strings.Cut(k, " "); method != "GET" && n > 0 {
				writes = append(writes, fmt.Sprintf("%s ×%d", k, n))
			}
		}
		if len(writes) > 0 {
			sort.Strings(writes)
			t.Fatalf("a plan-time refusal wrote to Graph: %v", writes)
		}
	}
}

// checkChat reads the chat whose id is in state at addr back from Graph, with all its members,
// and hands it to check.
func checkChat(env *acctest.Env, addr string, check func(graph.Chat) error) resource.TestCheckFunc {
	return withGraph(env, func(ctx context.Context, c *graph.Client, s *terraform.State) error {
		rs, err := inState(s, addr)
		if err != nil {
			return err
		}
		chat, err := c.GetChat(ctx, rs.Primary.ID)
		if err != nil {
			return fmt.Errorf("reading %s (chat %s) from Graph: %w", addr, rs.Primary.ID, err)
		}
		return check(chat)
	})
}

// withGraph runs check with a Graph client of the test's world (emulator or tenant) under a
// timeout.
func withGraph(env *acctest.Env, check func(ctx context.Context, c *graph.Client, s *terraform.State) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		client, err := env.GraphClient()
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		return check(ctx, client, s)
	}
}

// inState is the resource at addr in s.
func inState(s *terraform.State, addr string) (*terraform.ResourceState, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s is not in state", addr)
	}
	return rs, nil
}

// eachOfType runs check for every resource of type typ in s (by address).
func eachOfType(s *terraform.State, typ string, check func(addr string, attrs map[string]string) error) error {
	for addr, rs := range s.RootModule().Resources {
		if rs.Type != typ {
			continue
		}
		if err := check(addr, rs.Primary.Attributes); err != nil {
			return err
		}
	}
	return nil
}

// testAccCheckChatExists reads the chat at addr back from Graph.
func testAccCheckChatExists(env *acctest.Env, addr string) resource.TestCheckFunc {
	return checkChat(env, addr, func(graph.Chat) error { return nil })
}

// testAccCheckChatDestroy checks, after destroy, every teams_chat of the state before it: with
// deletion_behavior "delete" the chat is gone from Graph; with "forget" (the default of oneOnOne
// chats) it is still there, as destroy left it.
func testAccCheckChatDestroy(env *acctest.Env) resource.TestCheckFunc {
	return withGraph(env, func(ctx context.Context, c *graph.Client, s *terraform.State) error {
		return eachOfType(s, "teams_chat", func(addr string, attrs map[string]string) error {
			id := attrs["id"]
			_, err := c.GetChat(ctx, id)
			switch {
			case attrs["deletion_behavior"] == "forget" && err != nil:
				return fmt.Errorf("%s: chat %s has deletion_behavior \"forget\" and should still be in Teams: %w", addr, id, err)
			case attrs["deletion_behavior"] == "forget":
				return nil
			case err == nil:
				return fmt.Errorf("%s: chat %s should be deleted, but Graph still returns it", addr, id)
			case !c.IsChatGone(ctx, id, "", err):
				return fmt.Errorf("%s: chat %s should be deleted; reading it failed: %w", addr, id, err)
			}
			return nil
		})
	})
}

// testAccCheckChatMemberExists reads the member at addr back from Graph.
func testAccCheckChatMemberExists(env *acctest.Env, addr string) resource.TestCheckFunc {
	return withGraph(env, func(ctx context.Context, c *graph.Client, s *terraform.State) error {
		rs, err := inState(s, addr)
		if err != nil {
			return err
		}
		a := rs.Primary.Attributes
		if _, err := c.FindMember(ctx, a["chat_id"], a["user_id"]); err != nil {
			return fmt.Errorf("%s: %s should be a member of chat %s: %w", addr, a["user_id"], a["chat_id"], err)
		}
		return nil
	})
}

// testAccCheckChatMemberDestroy checks, after destroy, that no teams_chat_member of the state before
// it is still in its chat (a chat that is gone took them with it). A member of another organisation
// (tenant_id) is not checked: Graph is reported to refuse removing them, and destroy then leaves
// them in the chat, with a warning.
func testAccCheckChatMemberDestroy(env *acctest.Env) resource.TestCheckFunc {
	return withGraph(env, func(ctx context.Context, c *graph.Client, s *terraform.State) error {
		return eachOfType(s, "teams_chat_member", func(addr string, a map[string]string) error {
			if a["tenant_id"] != "" {
				return nil
			}
			_, err := c.FindMember(ctx, a["chat_id"], a["user_id"])
			switch {
			case err == nil:
				return fmt.Errorf("%s: %s should no longer be a member of chat %s", addr, a["user_id"], a["chat_id"])
			case !c.IsChatGone(ctx, a["chat_id"], "", err):
				return fmt.Errorf("%s: reading the members of chat %s failed: %w", addr, a["chat_id"], err)
			}
			return nil
		})
	})
}

// testAccCheckChatAppInstallationExists reads the installation at addr back from Graph.
func testAccCheckChatAppInstallationExists(env *acctest.Env, addr string) resource.TestCheckFunc {
	return withGraph(env, func(ctx context.Context, c *graph.Client, s *terraform.State) error {
		rs, err := inState(s, addr)
		if err != nil {
			return err
		}
		a := rs.Primary.Attributes
		if _, err := c.GetInstallation(ctx, a["chat_id"], a["installation_id"]); err != nil {
			return fmt.Errorf("%s: installation %s should be in chat %s: %w", addr, a["installation_id"], a["chat_id"], err)
		}
		return nil
	})
}

// testAccCheckChatAppInstallationDestroy checks, after destroy, that no teams_chat_app_installation
// of the state before it is still installed (a chat that is gone took it with it).
func testAccCheckChatAppInstallationDestroy(env *acctest.Env) resource.TestCheckFunc {
	return withGraph(env, func(ctx context.Context, c *graph.Client, s *terraform.State) error {
		return eachOfType(s, "teams_chat_app_installation", func(addr string, a map[string]string) error {
			_, err := c.GetInstallation(ctx, a["chat_id"], a["installation_id"])
			switch {
			case err == nil:
				return fmt.Errorf("%s: app %s should no longer be installed in chat %s", addr, a["teams_app_id"], a["chat_id"])
			case !c.IsChatGone(ctx, a["chat_id"], "", err):
				return fmt.Errorf("%s: reading installation %s of chat %s failed: %w", addr, a["installation_id"], a["chat_id"], err)
			}
			return nil
		})
	})
}

// testAccCheckChatTabExists reads the tab at addr back from Graph.
func testAccCheckChatTabExists(env *acctest.Env, addr string) resource.TestCheckFunc {
	return checkTab(env, addr, func(graph.Tab) error { return nil })
}

// testAccCheckChatTabDestroy checks, after destroy, that no teams_chat_tab of the state before it is
// still pinned (a chat that is gone took it with it).
func testAccCheckChatTabDestroy(env *acctest.Env) resource.TestCheckFunc {
	return withGraph(env, func(ctx context.Context, c *graph.Client, s *terraform.State) error {
		return eachOfType(s, "teams_chat_tab", func(addr string, a map[string]string) error {
			_, err := c.GetTab(ctx, a["chat_id"], a["tab_id"])
			switch {
			case err == nil:
				return fmt.Errorf("%s: tab %s should no longer be in chat %s", addr, a["tab_id"], a["chat_id"])
			case !c.IsChatGone(ctx, a["chat_id"], "", err):
				return fmt.Errorf("%s: reading tab %s of chat %s failed: %w", addr, a["tab_id"], a["chat_id"], err)
			}
			return nil
		})
	})
}

// testAccCheckAllDestroyed is the CheckDestroy of a test with chats and their members, apps and
// tabs: each resource type's destroy check.
func testAccCheckAllDestroyed(env *acctest.Env) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(testAccCheckChatTabDestroy(env), testAccCheckChatAppInstallationDestroy(env),
		testAccCheckChatMemberDestroy(env), testAccCheckChatDestroy(env))
}

// The plugin-protocol tests' helpers: an emulator, a provider instance driven over the plugin
// protocol, and a Graph client for changes "in Teams".

const (
	idAdele = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
	idAlex  = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f"
	idLynne = "3626a173-f2bc-4883-bcf7-01514c3bfb82"
	idJohn  = "8b081ef6-4792-4def-b2c9-c363a1bf41d5"
)

// protocolFixture is an emulator, a provider instance driven over the plugin protocol, and a
// Graph client for changes "in Teams".
type protocolFixture struct {
	em     *emulator.Running
	p      *acctest.Protocol
	client *graph.Client
}

func newProtocolFixture(t *testing.T) protocolFixture {
	t.Helper()
	em, err := emulator.Start("127.0.0.1:0", emulator.DefaultDirectory().WithStaff(30))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = em.Close() })
	token := emulator.AppToken(graph.ApplicationPermissions...)
	client, err := graph.NewClient(graph.Config{GraphEndpoint: em.URL, AccessToken: token}, graph.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return protocolFixture{em: em, p: acctest.NewProtocol(t, map[string]any{"graph_endpoint": em.URL, "access_token": token}), client: client}
}

func noErrors(t *testing.T, what string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	if errs := acctest.Details(diags, tfprotov6.DiagnosticSeverityError); len(errs) != 0 {
		t.Fatalf("%s: %v", what, errs)
	}
}

// groupChatConfig is a teams_chat configuration of a group chat with the given owners.
func groupChatConfig(topic string, owners ...string) map[string]any {
	var members []any
	for _, u := range owners {
		members = append(members, map[string]any{"user": u, "roles": []any{"owner"}})
	}
	return map[string]any{"chat_type": "group", "topic": topic, "members": members}
}

// homeMembers are Adele and n-1 staff users of the emulator's directory.
func homeMembers(n int) []string {
	out := []string{idAdele}
	for i := 0; len(out) < n; i++ {
		out = append(out, emulator.StaffID(i))
	}
	return out
}

func ownersSpec(users ...string) []graph.MemberSpec {
	var out []graph.MemberSpec
	for _, u := range users {
		out = append(out, graph.MemberSpec{User: u, Role: "owner"})
	}
	return out
}

// listed finds the list item whose identity names the chat (or child) id.
func listed(items []acctest.ListItem, attr, id string) (acctest.ListItem, bool) {
	for _, it := range items {
		if it.Identity[attr] == id {
			return it, true
		}
	}
	return acctest.ListItem{}, false
}

func mustListed(t *testing.T, items []acctest.ListItem, attr, id string) acctest.ListItem {
	t.Helper()
	it, ok := listed(items, attr, id)
	if !ok {
		t.Fatalf("%s %s not listed", attr, id)
	}
	return it
}

// resourceAttr is one attribute of an object value.
func resourceAttr(t *testing.T, v tftypes.Value, name string) tftypes.Value {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs[name]
}

// TestAccChatList_generateConfig walks the adoption path with the real CLI (Terraform 1.14 and
// later): chats made outside Terraform, one with an app and a tab, are found with `terraform
// query -generate-config-out`, whose resource and import blocks then plan as imports with no
// change, apply, and plan clean.
func TestAccChatList_generateConfig(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	acctest.PreCheck(t)
	env := acctest.NewEnv(t)
	cli := acctest.NewCLI(t)
	cli.SkipBelow("1.14.0", "terraform query")
	u := env.Users
	apps := env.CatalogApps(t)
	topic := fmt.Sprintf("Adopt me %d", time.Now().UnixNano()%1_000_000)
	var chatIDs []string
	graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
		for _, members := range [][]string{{u.Owners[0], u.Owners[1]}, {u.Owners[0], u.Owners[1], u.Owners[2]}} {
			ch, err := c.CreateChat(ctx, graph.ChatSpec{ChatType: graph.ChatTypeGroup, Topic: topic, Members: ownersSpec(members...)})
			if err != nil {
				return err
			}
			chatIDs = append(chatIDs, ch.ID)
		}
		if _, _, err := c.InstallApp(ctx, chatIDs[1], apps.Board); err != nil {
			return err
		}
		_, _, err := c.CreateTab(ctx, chatIDs[1], graph.TabSpec{AppID: "com.microsoft.teamspace.tab.web", DisplayName: "Site",
			Configuration: graph.TabConfiguration{ContentURL: "https://contoso.com/adopt", WebsiteURL: "https://contoso.com/adopt"}})
		return err
	})()
	t.Cleanup(graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
		for _, id := range chatIDs {
			_ = c.DeleteChatIfPresent(ctx, id, u.Owners[0])
		}
		return nil
	}))

	cli.Write("main.tf", "terraform {\n  required_providers {\n    teams = { source = \"teams-terraform/teams\" }\n  }\n}\n"+env.ProviderConfig)
	cli.Write("adopt.tfquery.hcl", fmt.Sprintf(`
list "teams_chat" "project" {
  provider         = teams
  include_resource = true
  config {
    user  = %q
    topic = %q
  }
}

list "teams_chat_app_installation" "project" {
  provider         = teams
  include_resource = true
  config {
    chat_id = %q
  }
}

list "teams_chat_tab" "project" {
  provider         = teams
  include_resource = true
  config {
    chat_id = %q
  }
}
`, u.Owners[0], topic, chatIDs[1], chatIDs[1]))
	cli.MustRun("init", "-input=false")
	cli.MustRun("query", "-generate-config-out=adopted.tf")
	generated := cli.Read("adopted.tf")
	t.Logf("terraform query -generate-config-out wrote:\n%s", generated)
	for _, want := range []string{`resource "teams_chat"`, `resource "teams_chat_app_installation"`, `resource "teams_chat_tab"`, "identity"} {
		if !strings.Contains(generated, want) {
			t.Fatalf("the generated configuration has no %s:\n%s", want, generated)
		}
	}
	for _, id := range chatIDs {
		if !strings.Contains(generated, id) {
			t.Errorf("the generated configuration does not name chat %s:\n%s", id, generated)
		}
	}

	// The generated blocks plan as four imports (two chats, the app, the tab) and no change.
	cli.MustRun("plan", "-input=false", "-out=adopt.plan")
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(cli.MustRun("show", "-json", "adopt.plan")), &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.ResourceChanges) != 4 {
		t.Errorf("the plan has %d resource changes, want 4 imports:\n%s", len(plan.ResourceChanges), generated)
	}
	for _, rc := range plan.ResourceChanges {
		if len(rc.Change.Importing) == 0 || strings.Join(rc.Change.Actions, ",") != "no-op" {
			t.Errorf("%s: actions %v, importing %s; want a no-op import", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}
	cli.MustRun("apply", "-input=false", "adopt.plan")
	if code, out := cli.Run("plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Errorf("after the import, plan exits %d, want 0 (no changes):\n%s", code, out)
	}
}
