package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
)

// Issue 20, point 3: bad input to teams_chat_member, teams_chat_app_installation and
// teams_chat_tab is refused at plan, naming the attribute, before Graph is written to. The steps
// apply (they are not plan-only), so the code before the fix, which found these only at apply,
// wrote to Graph; each test ends by checking that Graph received no write.

// refusalTest runs steps that must each fail, then checks that Graph received nothing but reads
// since the counts were reset (emulator only: a live tenant has no counts; there the errors'
// wording, which only the plan-time checks produce, shows the same).
func refusalTest(t *testing.T, env *acctest.Env, steps ...resource.TestStep) {
	t.Helper()
	steps[0].PreConfig = resetCounts(env)
	steps = append(steps, resource.TestStep{PreConfig: assertNoWrites(t, env), Config: env.ProviderConfig})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps:                    steps,
	})
}

const oneOnOneID = "19:82fe7758-5bb3-4f0d-a43f-e555fd399c6f_8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca@unq.gbl.spaces"

// TestAccRefusal_chatID: a chat_id that is not a chat id (19:abc has no @domain) is refused for
// each resource inside a chat, by one shared rule.
func TestAccRefusal_chatID(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	want := `Invalid Chat Id.*chat_id = "19:abc".*"19:abc" is not a Teams chat id: it has no '@'.*19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2`
	refusalTest(t, env,
		refused(env.ProviderConfig+fmt.Sprintf(`
resource "teams_chat_member" "m" {
  chat_id = "19:abc"
  user    = %q
}
`, u.Owners[0]), want),
		refused(env.ProviderConfig+`
resource "teams_chat_app_installation" "a" {
  chat_id      = "19:abc"
  teams_app_id = "`+env.CatalogApps(t).Board+`"
}
`, want),
		refused(env.ProviderConfig+`
resource "teams_chat_tab" "t" {
  chat_id      = "19:abc"
  teams_app_id = "com.microsoft.teamspace.tab.web"
  display_name = "Site"
  configuration = {
    content_url = "https://contoso.com"
    website_url = "https://contoso.com"
  }
}
`, want),
	)
}

// TestAccRefusal_oneOnOneChat: teams_chat_member refuses a one-on-one chat whose id is known at
// plan: written out, or a oneOnOne teams_chat already in state.
func TestAccRefusal_oneOnOneChat(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	chat := chatHCL("o", "oneOnOne", "", "", owner(u.Owners[0]), owner(u.Owners[1]))
	want := `One-On-One Chat.*chat_id = .*is a one-on-one chat.*Give the id of a group chat`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.ProviderConfig + chat},
			func() resource.TestStep {
				s := refused(env.ProviderConfig+chat+`
resource "teams_chat_member" "m" {
  chat_id = teams_chat.o.id
  user    = "`+u.Owners[2]+`"
}
`, want)
				s.PreConfig = resetCounts(env)
				return s
			}(),
			refused(env.ProviderConfig+chat+`
resource "teams_chat_member" "m" {
  chat_id = "`+oneOnOneID+`"
  user    = "`+u.Owners[2]+`"
}
`, want),
			{PreConfig: assertNoWrites(t, env), Config: env.ProviderConfig + chat, PlanOnly: true},
		},
	})
}

// TestAccRefusal_unknownUser: a user principal name the directory does not know is refused at
// plan for a member of a chat that does not exist yet, so the chat is not created either.
func TestAccRefusal_unknownUser(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	chat := chatHCL("c", "group", "Unknown user", notExclusive, owner(u.Owners[0]), owner(u.Owners[1]))
	_, domain, _ := strings.Cut(u.OwnerUPN, "@")
	nobody := "no-such-user-issue-20@" + domain
	refusalTest(t, env,
		refused(env.ProviderConfig+chat+memberHCL("m", nobody, ""),
			`User Not Found.*user = "`+regexp.QuoteMeta(nobody)+`": no user of the directory has this user principal name.*object id`),
	)
}

// TestAccRefusal_tabURLsAndNames: tab URLs that are not absolute https URLs, and blank names, are
// refused for a tab of a chat that does not exist yet.
func TestAccRefusal_tabURLsAndNames(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	chat := env.ProviderConfig + chatHCL("c", "group", "Tabs", "", owner(u.Owners[0]), owner(u.Owners[1]))
	tab := func(name, content, website, remove string) string {
		extra := ""
		if remove != "" {
			extra = fmt.Sprintf("    remove_url  = %q\n", remove)
		}
		return chat + installationHCL("board", env.CatalogApps(t).Board, "") + fmt.Sprintf(`
resource "teams_chat_tab" "t" {
  chat_id      = teams_chat.c.id
  teams_app_id = teams_chat_app_installation.board.teams_app_id
  display_name = %q
  configuration = {
    entity_id   = "board-1"
    content_url = %q
    website_url = %q
%s  }
}
`, name, content, website, extra)
	}
	ok := "https://board.contoso.com/b/1"
	refusalTest(t, env,
		refused(tab("Board", "http://board.contoso.com/b/1", ok, ""), `Invalid URL.*configuration.content_url: "http://board.contoso.com/b/1" is not an absolute https URL.*https://contoso.com/board`),
		refused(tab("Board", ok, "board.contoso.com/b/1", ""), `Invalid URL.*configuration.website_url: "board.contoso.com/b/1" is not an absolute https URL`),
		refused(tab("Board", ok, ok, "/remove"), `Invalid URL.*configuration.remove_url: "/remove" is not an absolute https URL`),
		refused(tab("   ", ok, ok, ""), `Blank Display Name.*display_name: The name "   " is empty or only white space.*write the name`),
	)
}

// TestAccRefusal_websiteAppInstallation: the Website tab app needs no installation; installing
// it is refused at plan with the way out (a teams_chat_tab).
func TestAccRefusal_websiteAppInstallation(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	chat := env.ProviderConfig + chatHCL("c", "group", "Website", "", owner(u.Owners[0]), owner(u.Owners[1]))
	refusalTest(t, env,
		refused(chat+installationHCL("site", "com.microsoft.teamspace.tab.web", ""),
			`Built-In Tab App.*teams_app_id = "com.microsoft.teamspace.tab.web".*need no installation.*teams_chat_tab`),
	)
}

// TestAccRefusal_historyTime: a malformed visible_history_start_date_time is one error that names
// the attribute and shows the RFC 3339 form, without Go's parse message.
func TestAccRefusal_historyTime(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	chat := chatHCL("c", "group", "History", notExclusive, owner(u.Owners[0]), owner(u.Owners[1]))
	config := env.ProviderConfig + chat + memberHCL("m", u.Owners[2], "  visible_history_start_date_time = \"2024-05-01\"\n")
	// Text without "Error:" (RE2 has no negative look-ahead).
	noError := `(?:[^E]|E[^r]|Er[^r]|Err[^o]|Erro[^r]|Error[^:])*`
	// teams_chat's members take the same attribute, with the same single error.
	late := owner(u.Owners[2])
	late.history = "yesterday"
	chatConfig := env.ProviderConfig + chatHCL("h", "group", "History in a chat", "", owner(u.Owners[0]), owner(u.Owners[1]), late)
	refusalTest(t, env,
		refused(config, `Invalid Time.*visible_history_start_date_time = "2024-05-01" is not an RFC 3339 time.*"2024-05-01T09:00:00Z"`),
		// Exactly one error.
		resource.TestStep{Config: config, ExpectError: regexp.MustCompile(`(?s)\A` + noError + `Error: Invalid Time` + noError + `\z`)},
		refused(chatConfig, `Invalid Time.*visible_history_start_date_time = "yesterday" is not an RFC 3339 time`),
		resource.TestStep{Config: chatConfig, ExpectError: regexp.MustCompile(`(?s)\A` + noError + `Error: Invalid Time` + noError + `\z`)},
	)
}

// TestAccRefusal_importIDs: import ids of the wrong shape, an app id where an installation id is
// expected, and children the chat does not have are refused with what the resource wants and, the
// chat being readable, the list of its installations, tabs or members with their import ids.
func TestAccRefusal_importIDs(t *testing.T) {
	env := acctest.NewEnv(t)
	u, apps := env.Users, env.CatalogApps(t)
	config := env.ProviderConfig + chatHCL("c", "group", "Import ids", notExclusive, owner(u.Owners[0]), owner(u.Owners[1])) +
		installationHCL("board", apps.Board, "") + boardTabHCL("t", "Board", "https://board.contoso.com/b/1/tab") + memberHCL("m", u.Owners[2], "")
	var chatID string
	importStep := func(addr string, id func() string, re string) resource.TestStep {
		s := refused(config, re)
		s.ResourceName, s.ImportState = addr, true
		s.ImportStateIdFunc = func(*terraform.State) (string, error) { return id(), nil }
		return s
	}
	board := regexp.QuoteMeta(apps.BoardName) + ` \(app ` + regexp.QuoteMeta(apps.Board) + `\): 19:\S+/\S+`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             testAccCheckAllDestroyed(env),
		Steps: []resource.TestStep{
			{Config: config, Check: captureID("teams_chat.c", &chatID)},
			func() resource.TestStep {
				s := importStep("teams_chat_app_installation.board", func() string { return chatID + "/" + apps.Board },
					`Invalid Import Id.*which is an app's id, not an installation id.*imports <chat_id>/<installation id>.*installedApps.*`+board)
				s.PreConfig = resetCounts(env)
				return s
			}(),
			importStep("teams_chat_app_installation.board", func() string { return chatID },
				`Invalid Import Id.*has no installation id after the chat id.*`+board),
			importStep("teams_chat_app_installation.board", func() string { return "board/" + apps.Board },
				`Invalid Import Id.*must be a chat id.*is not a Teams chat id.*imports <chat_id>/<installation id>`),
			importStep("teams_chat_tab.t", func() string { return chatID + "/" + apps.Board },
				`Invalid Import Id.*has no tab.*imports <chat_id>/<tab id>.*"Board" \(app `+regexp.QuoteMeta(apps.Board)+`\): 19:\S+/\S+`),
			importStep("teams_chat_member.m", func() string { return chatID + "/jacob" },
				`Invalid Import Id.*neither an object id.*imports <chat_id>/<user>.*`+regexp.QuoteMeta(u.Owners[1])),
			importStep("teams_chat_member.m", func() string { return chatID + "/" + u.Owners[3] },
				`Invalid Import Id.*is not a member of chat.*`+regexp.QuoteMeta(u.Owners[0])),
			// The imports only read.
			{PreConfig: assertNoWrites(t, env), Config: config, PlanOnly: true},
		},
	})
}
