package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

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

// TestChatList_query drives `terraform query`'s list of teams_chat over the plugin protocol: a
// user's 57 chats come back with identities across two pages of 50, the members of the one chat
// that shows 25 members are listed in full and no other chat's are, a meeting chat is left out,
// the filters narrow, the limit holds, and each listed object, imported by its identity, plans
// clean against the configuration written from it.
func TestChatList_query(t *testing.T) {
	f := newProtocolFixture(t)
	ctx := context.Background()
	var plain []string
	for i := range 54 {
		ch, err := f.client.CreateChat(ctx, graph.ChatSpec{ChatType: "group", Topic: fmt.Sprintf("Query %d", i), Members: ownersSpec(idAdele, idAlex)})
		if err != nil {
			t.Fatal(err)
		}
		plain = append(plain, ch.ID)
	}
	big, err := f.client.CreateChat(ctx, graph.ChatSpec{ChatType: "group", Topic: "Query big", Members: ownersSpec(homeMembers(30)...)})
	if err != nil {
		t.Fatal(err)
	}
	pair, err := f.client.CreateChat(ctx, graph.ChatSpec{ChatType: "oneOnOne", Members: ownersSpec(idAdele, idLynne)})
	if err != nil {
		t.Fatal(err)
	}
	meeting, err := f.client.CreateChat(ctx, graph.ChatSpec{ChatType: "group", Topic: "Query meeting", Members: ownersSpec(idAdele, idAlex)})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.em.UpdateChat(meeting.ID, func(c *emulator.Chat) { c.ChatType = "meeting" }); err != nil {
		t.Fatal(err)
	}

	f.em.ResetCounts()
	items, diags := f.p.List("teams_chat", map[string]any{"user": idAdele}, true, 0)
	noErrors(t, "list", diags)
	if len(items) != 56 {
		t.Fatalf("listed %d chats, want 56 (54 + the big chat + the oneOnOne chat; not the meeting chat)", len(items))
	}
	counts := f.em.Counts()
	if n := counts["GET /users/{id}/chats"]; n != 2 {
		t.Errorf("%d page requests for 57 chats, want 2 (50 a page)", n)
	}
	if n := counts["GET /chats/{id}/members"]; n != 2 {
		t.Errorf("%d member list requests, want 2: the big chat's 30 members in the emulator's pages of 20, and no other chat's", n)
	}
	if _, ok := listed(items, "id", meeting.ID); ok {
		t.Errorf("the meeting chat was listed: teams_chat cannot manage it")
	}
	for _, id := range append(plain, big.ID, pair.ID) {
		if _, ok := listed(items, "id", id); !ok {
			t.Errorf("chat %s was not listed", id)
		}
	}

	bigItem, _ := listed(items, "id", big.ID)
	var members []tftypes.Value
	if err := resourceAttr(t, bigItem.Resource, "members").As(&members); err != nil || len(members) != 30 {
		t.Errorf("the big chat's listed object has %d members (%v), want all 30", len(members), err)
	}
	if bigItem.DisplayName != "Query big" {
		t.Errorf("display name %q, want the topic", bigItem.DisplayName)
	}
	pairItem, _ := listed(items, "id", pair.ID)
	for attr, want := range map[string]string{"chat_type": "oneOnOne", "deletion_behavior": "forget", "topic": ""} {
		if got := acctest.StringAttr(pairItem.Resource, attr); got != want {
			t.Errorf("the oneOnOne chat's %s = %q, want %q", attr, got, want)
		}
	}
	if got := acctest.StringAttr(bigItem.Resource, "deletion_behavior"); got != "delete" {
		t.Errorf("the group chat's deletion_behavior = %q, want the default \"delete\"", got)
	}

	// Each kind of listed chat, imported by its identity, plans clean against its listed object.
	for _, it := range []acctest.ListItem{bigItem, pairItem, mustListed(t, items, "id", plain[0])} {
		state, _, diags := f.p.Import("teams_chat", "", it.Identity)
		noErrors(t, "import", diags)
		clean, diags := f.p.PlanFromObject("teams_chat", state, it.Resource)
		if !clean {
			t.Errorf("chat %s: the configuration written from its listed object does not plan clean (%v)", it.Identity["id"], acctest.Details(diags, tfprotov6.DiagnosticSeverityError))
		}
	}

	// Without include_resource: identities only.
	items, diags = f.p.List("teams_chat", map[string]any{"user": idAdele}, false, 0)
	noErrors(t, "list identities", diags)
	if len(items) != 56 || !items[0].Resource.IsNull() || items[0].Identity["id"] == "" {
		t.Errorf("identity-only list: %d items, first resource null %v, identity %v", len(items), len(items) > 0 && items[0].Resource.IsNull(), items[0].Identity)
	}
	for _, c := range []struct {
		name   string
		config map[string]any
		limit  int64
		want   []string
	}{
		{"topic", map[string]any{"user": idAdele, "topic": "Query big"}, 0, []string{big.ID}},
		{"chat type", map[string]any{"user": idAdele, "chat_type": "oneOnOne"}, 0, []string{pair.ID}},
		{"members", map[string]any{"user": idAdele, "members": []any{idLynne}}, 0, []string{pair.ID}},
		{"limit", map[string]any{"user": idAdele}, 5, nil},
	} {
		items, diags := f.p.List("teams_chat", c.config, false, c.limit)
		noErrors(t, c.name, diags)
		if c.limit > 0 {
			if int64(len(items)) != c.limit {
				t.Errorf("%s: %d results, want %d", c.name, len(items), c.limit)
			}
			continue
		}
		var got []string
		for _, it := range items {
			got = append(got, it.Identity["id"])
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: listed %v, want %v", c.name, got, c.want)
		}
	}

	// A chat type teams_chat cannot manage is refused, naming the argument.
	_, diags = f.p.List("teams_chat", map[string]any{"user": idAdele, "chat_type": "meeting"}, false, 0)
	if errs := acctest.Details(diags, tfprotov6.DiagnosticSeverityError); len(errs) != 1 || !strings.Contains(errs[0], "chat_type") {
		t.Errorf("chat_type = \"meeting\": errors %v, want one naming chat_type", errs)
	}
}

// TestChatChildLists_query lists one chat's members, apps and tabs: each comes back with its
// identity, and its listed object, imported by identity, plans clean.
func TestChatChildLists_query(t *testing.T) {
	f := newProtocolFixture(t)
	ctx := context.Background()
	people := homeMembers(27)
	chat, err := f.client.CreateChat(ctx, graph.ChatSpec{ChatType: "group", Topic: "Children", Members: ownersSpec(people...)})
	if err != nil {
		t.Fatal(err)
	}
	inst, _, err := f.client.InstallApp(ctx, chat.ID, emulator.ProjectBoardAppID)
	if err != nil {
		t.Fatal(err)
	}
	tab, _, err := f.client.CreateTab(ctx, chat.ID, graph.TabSpec{AppID: "com.microsoft.teamspace.tab.web", DisplayName: "Site",
		Configuration: graph.TabConfiguration{ContentURL: "https://contoso.com/", WebsiteURL: "https://contoso.com/"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		typ, attr string
		want      []string
	}{
		{"teams_chat_member", "user_id", people},
		{"teams_chat_app_installation", "installation_id", []string{inst.ID}},
		{"teams_chat_tab", "tab_id", []string{tab.ID}},
	} {
		t.Run(c.typ, func(t *testing.T) {
			items, diags := f.p.List(c.typ, map[string]any{"chat_id": chat.ID}, true, 0)
			noErrors(t, "list", diags)
			if len(items) != len(c.want) {
				t.Fatalf("listed %d, want %d", len(items), len(c.want))
			}
			for _, id := range c.want {
				it, ok := listed(items, c.attr, id)
				if !ok || it.Identity["chat_id"] != chat.ID {
					t.Errorf("%s %s not listed with the chat's id (%v)", c.attr, id, it.Identity)
					continue
				}
				if id != c.want[0] {
					continue // one import per kind is enough
				}
				state, _, diags := f.p.Import(c.typ, "", it.Identity)
				noErrors(t, "import", diags)
				if clean, diags := f.p.PlanFromObject(c.typ, state, it.Resource); !clean {
					t.Errorf("the configuration written from the listed object does not plan clean (%v)", acctest.Details(diags, tfprotov6.DiagnosticSeverityError))
				}
			}
		})
	}
	// A chat that does not exist: one error naming it.
	_, diags := f.p.List("teams_chat_tab", map[string]any{"chat_id": "19:nosuchchat@thread.v2"}, false, 0)
	if errs := acctest.Details(diags, tfprotov6.DiagnosticSeverityError); len(errs) != 1 || !strings.Contains(errs[0], "19:nosuchchat@thread.v2") {
		t.Errorf("listing a chat that does not exist: errors %v, want one naming it", errs)
	}
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
