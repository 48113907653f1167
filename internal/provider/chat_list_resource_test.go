package provider_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

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
