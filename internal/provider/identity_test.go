package provider_test

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestIdentity_schemas: every resource names its Graph object by the ids the issue fixes, which
// `import { identity = … }` blocks and `terraform query` results use.
func TestIdentity_schemas(t *testing.T) {
	f := newProtocolFixture(t)
	got := f.p.IdentitySchemas()
	for _, attrs := range got {
		sort.Strings(attrs)
	}
	want := map[string][]string{
		"teams_chat":                  {"id"},
		"teams_chat_member":           {"chat_id", "user_id"},
		"teams_chat_app_installation": {"chat_id", "installation_id"},
		"teams_chat_tab":              {"chat_id", "tab_id"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("identity schemas %v, want %v", got, want)
	}
}

// TestIdentity_lifecycle drives each resource as Terraform 1.12 does: create answers with the
// identity of what Graph made; a read or an update of state that has no identity yet (written
// by an older CLI or provider) answers with it, with no error; an import by identity reads the
// same object as the string import id does.
func TestIdentity_lifecycle(t *testing.T) {
	f := newProtocolFixture(t)
	ctx := context.Background()

	chat, chatIdentity, diags := f.p.CreateWithIdentity("teams_chat", groupChatConfig("Identity", idAdele, idAlex, idLynne))
	noErrors(t, "create chat", diags)
	chatID := acctest.StringAttr(chat, "id")
	if want := map[string]string{"id": chatID}; !reflect.DeepEqual(chatIdentity, want) {
		t.Fatalf("chat identity after create %v, want %v", chatIdentity, want)
	}
	member, memberIdentity, diags := f.p.CreateWithIdentity("teams_chat_member", map[string]any{"chat_id": chatID, "user": idJohn})
	noErrors(t, "create member", diags)
	inst, instIdentity, diags := f.p.CreateWithIdentity("teams_chat_app_installation", map[string]any{"chat_id": chatID, "teams_app_id": emulator.ProjectBoardAppID})
	noErrors(t, "install app", diags)
	tab, tabIdentity, diags := f.p.CreateWithIdentity("teams_chat_tab", map[string]any{
		"chat_id": chatID, "teams_app_id": "com.microsoft.teamspace.tab.web", "display_name": "Site",
		"configuration": map[string]any{"content_url": "https://contoso.com/", "website_url": "https://contoso.com/"},
	})
	noErrors(t, "pin tab", diags)

	cases := []struct {
		typ      string
		state    tftypes.Value
		identity map[string]string
		want     map[string]string
		importID string
	}{
		{"teams_chat", chat, chatIdentity, map[string]string{"id": chatID}, chatID},
		{"teams_chat_member", member, memberIdentity, map[string]string{"chat_id": chatID, "user_id": idJohn}, chatID + "/" + idJohn},
		{"teams_chat_app_installation", inst, instIdentity, map[string]string{"chat_id": chatID, "installation_id": acctest.StringAttr(inst, "installation_id")}, acctest.StringAttr(inst, "id")},
		{"teams_chat_tab", tab, tabIdentity, map[string]string{"chat_id": chatID, "tab_id": acctest.StringAttr(tab, "tab_id")}, acctest.StringAttr(tab, "id")},
	}
	for _, c := range cases {
		t.Run(c.typ, func(t *testing.T) {
			for k, v := range c.want {
				if v == "" {
					t.Fatalf("state has no %s", k)
				}
			}
			if !reflect.DeepEqual(c.identity, c.want) {
				t.Errorf("identity after create %v, want %v", c.identity, c.want)
			}
			// State without identity, as Terraform before 1.12 keeps it: read answers with the identity.
			next, id, diags := f.p.ReadWithIdentity(c.typ, c.state, nil)
			noErrors(t, "read without identity", diags)
			if next.IsNull() || !reflect.DeepEqual(id, c.want) {
				t.Errorf("read of state without identity: identity %v, want %v (state null: %v)", id, c.want, next.IsNull())
			}
			// Read with the identity keeps it.
			if _, id, diags = f.p.ReadWithIdentity(c.typ, c.state, c.want); !reflect.DeepEqual(id, c.want) {
				t.Errorf("read with identity: identity %v, want %v (%v)", id, c.want, acctest.Details(diags, tfprotov6.DiagnosticSeverityError))
			}
			// Import by identity and by the string id read the same object.
			byIdentity, id, diags := f.p.Import(c.typ, "", c.want)
			noErrors(t, "import by identity", diags)
			byID, _, diags := f.p.Import(c.typ, c.importID, nil)
			noErrors(t, "import by id", diags)
			if !reflect.DeepEqual(id, c.want) {
				t.Errorf("identity after import by identity %v, want %v", id, c.want)
			}
			if !byIdentity.Equal(byID) {
				t.Errorf("import by identity read %v, import by id %v", byIdentity, byID)
			}
			for name := range c.want {
				if got := acctest.StringAttr(byIdentity, name); got != c.want[name] {
					t.Errorf("imported %s = %q, want %q", name, got, c.want[name])
				}
			}
		})
	}

	// An update of state without identity (a rename) answers with the identity, not with
	// "Missing Resource Identity After Update".
	renamed, id, diags := f.p.UpdateWithIdentity("teams_chat", chat, nil, groupChatConfig("Identity renamed", idAdele, idAlex, idLynne))
	noErrors(t, "rename", diags)
	if acctest.StringAttr(renamed, "topic") != "Identity renamed" || !reflect.DeepEqual(id, map[string]string{"id": chatID}) {
		t.Errorf("rename of state without identity: topic %q, identity %v", acctest.StringAttr(renamed, "topic"), id)
	}

	// Import by an identity naming nothing in Graph fails naming the ids, as the string id does.
	_, _, diags = f.p.Import("teams_chat_tab", "", map[string]string{"chat_id": chatID, "tab_id": "no-such-tab"})
	if errs := acctest.Details(diags, tfprotov6.DiagnosticSeverityError); len(errs) != 1 || !strings.Contains(errs[0], "no-such-tab") {
		t.Errorf("import of a tab that does not exist by identity: errors %v, want one naming the tab id", errs)
	}

	// The chat deleted in Teams and still restorable: each resource keeps its state and answers
	// with its identity, from state that had none.
	if err := f.client.DeleteChat(ctx, chatID); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		next, id, diags := f.p.ReadWithIdentity(c.typ, c.state, nil)
		if errs := acctest.Details(diags, tfprotov6.DiagnosticSeverityError); len(errs) != 0 || next.IsNull() || !reflect.DeepEqual(id, c.want) {
			t.Errorf("%s of a deleted, restorable chat, state without identity: errors %v, state null %v, identity %v; want it kept with identity %v",
				c.typ, errs, next.IsNull(), id, c.want)
		}
	}
	// Past the restore window: state that predates identity reads as gone, with a warning and no
	// error (not "Missing Resource Identity After Read"); so do its member, installation and tab.
	if err := f.em.PurgeDeletedChat(chatID); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		next, _, diags := f.p.ReadWithIdentity(c.typ, c.state, nil)
		if errs := acctest.Details(diags, tfprotov6.DiagnosticSeverityError); len(errs) != 0 || !next.IsNull() {
			t.Errorf("%s of a chat deleted in Teams, state without identity: errors %v, state null %v; want it to leave state with a warning",
				c.typ, errs, next.IsNull())
		}
	}
}

// TestAccIdentity_importBlocks imports each resource with an `import { identity = … }` block
// (Terraform and OpenTofu 1.12 and later): every import is a no-op plan whose identity is the one
// create recorded. Older CLIs skip it; the rest of the suite runs them on these resources with
// identity, which is how "no change on older CLIs" is checked.
func TestAccIdentity_importBlocks(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	apps := env.CatalogApps(t)
	// The member lives in a chat that leaves others' members alone; c holds every member itself, as
	// an import reads it (an import block of a chat with members_exclusive = false plans that change).
	config := env.ProviderConfig + chatHCL("c", "group", "Identity import blocks", "", owner(u.Owners[0]), owner(u.Owners[1])) +
		installationHCL("board", apps.Board, "") + websiteTabHCL("https://contoso.com/identity") +
		chatHCL("h", "group", "Identity member host", "  members_exclusive = false\n", owner(u.Owners[0]), owner(u.Owners[1])) +
		strings.Replace(memberHCL("m", u.Owners[2], ""), "teams_chat.c.id", "teams_chat.h.id", 1)
	identityOf := map[string]map[string]knownvalue.Check{
		"teams_chat.c":                      {"id": knownvalue.NotNull()},
		"teams_chat_member.m":               {"chat_id": knownvalue.NotNull(), "user_id": knownvalue.StringExact(u.Owners[2])},
		"teams_chat_app_installation.board": {"chat_id": knownvalue.NotNull(), "installation_id": knownvalue.NotNull()},
		"teams_chat_tab.site":               {"chat_id": knownvalue.NotNull(), "tab_id": knownvalue.NotNull()},
	}
	var checks []statecheck.StateCheck
	for addr, id := range identityOf {
		checks = append(checks, statecheck.ExpectIdentity(addr, id))
		for attr := range id {
			checks = append(checks, statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New(attr)))
		}
	}
	steps := []resource.TestStep{{Config: config, ConfigStateChecks: checks}}
	for _, addr := range []string{"teams_chat.c", "teams_chat_member.m", "teams_chat_app_installation.board", "teams_chat_tab.site"} {
		steps = append(steps, resource.TestStep{
			Config: config, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps:                    steps,
	})
}
