package provider_test

import (
	"fmt"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	tacc "github.com/teams-terraform/terraform-provider-teams/internal/acctest"
)

const pagingChats = 62

// TestAccChatsDataSource_acrossPages: one user's 62 chats are found across Graph's pages (at most
// 50 a page), newest first; the filters narrow them by topic, chat type and members.
func TestAccChatsDataSource_acrossPages(t *testing.T) {
	env := tacc.NewEnv(t)
	u := env.Users
	tag := acctest.RandString(8)
	config := env.ProviderConfig + fmt.Sprintf(`
resource "teams_chat" "many" {
  count     = %d
  chat_type = "group"
  topic     = "Paging %s ${count.index}"
  members = [
    { user = %q, roles = ["owner"] },
    { user = %q, roles = ["owner"] },
  ]
}

resource "teams_chat" "third" {
  chat_type = "group"
  topic     = "Paging %s 7"
  members = [
    { user = %q, roles = ["owner"] },
    { user = %q, roles = ["owner"] },
    { user = %q, roles = ["owner"] },
  ]
}

data "teams_chats" "all" {
  user       = %q
  chat_type  = "group"
  members    = [%q]
  depends_on = [teams_chat.many, teams_chat.third]
}

data "teams_chats" "seventh" {
  user       = %q
  topic      = "Paging %s 7"
  depends_on = [teams_chat.many, teams_chat.third]
}

data "teams_chats" "with_upn" {
  user       = %q
  topic      = "Paging %s 7"
  members    = [%q]
  depends_on = [teams_chat.many, teams_chat.third]
}
`, pagingChats, tag, u.Owners[0], u.Owners[1],
		tag, u.Owners[0], u.Owners[1], u.OwnerUPNID,
		u.Owners[0], u.Owners[1],
		u.Owners[1], tag,
		u.OwnerUPN, tag, u.OwnerUPN)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { tacc.PreCheck(t) },
		ProtoV6ProviderFactories: tacc.ProviderFactories,
		CheckDestroy:             testAccCheckChatDestroy(env),
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				allFound("data.teams_chats.all", "teams_chat.many", pagingChats, "teams_chat.third"),
				newestFirst("data.teams_chats.all"),
				listPages(env),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.teams_chats.seventh", tfjsonpath.New("chats"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.teams_chats.with_upn", tfjsonpath.New("chats"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"topic":     knownvalue.StringExact("Paging " + tag + " 7"),
						"chat_type": knownvalue.StringExact("group"),
						"member_user_ids": knownvalue.SetExact([]knownvalue.Check{
							knownvalue.StringExact(u.Owners[0]), knownvalue.StringExact(u.Owners[1]), knownvalue.StringExact(u.OwnerUPNID),
						}),
						"web_url":           knownvalue.NotNull(),
						"created_date_time": knownvalue.NotNull(),
					}),
				})),
			},
		}},
	})
}

// allFound checks that the data source at ds lists every chat of the counted resource and the
// extra ones (live tenants may hold more chats of the same people, so others are allowed there).
func allFound(ds, counted string, n int, extra ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		attrs := s.RootModule().Resources[ds].Primary.Attributes
		found := map[string]bool{}
		total, _ := strconv.Atoi(attrs["chats.#"])
		for i := 0; i < total; i++ {
			found[attrs[fmt.Sprintf("chats.%d.id", i)]] = true
		}
		want := extra
		for i := 0; i < n; i++ {
			want = append(want, fmt.Sprintf("%s.%d", counted, i))
		}
		for _, addr := range want {
			id := stateID(s, addr)
			if id == "" || !found[id] {
				return fmt.Errorf("%s: chat %q of %s is not among the %d found", ds, id, addr, total)
			}
		}
		return nil
	}
}

// newestFirst checks the order of a teams_chats result: created_date_time descending, then id.
func newestFirst(ds string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		attrs := s.RootModule().Resources[ds].Primary.Attributes
		total, _ := strconv.Atoi(attrs["chats.#"])
		type row struct {
			created time.Time
			id      string
		}
		rows := make([]row, total)
		for i := range rows {
			created, err := time.Parse(time.RFC3339Nano, attrs[fmt.Sprintf("chats.%d.created_date_time", i)])
			if err != nil {
				return fmt.Errorf("%s: chat %d: %w", ds, i, err)
			}
			rows[i] = row{created, attrs[fmt.Sprintf("chats.%d.id", i)]}
		}
		if !sort.SliceIsSorted(rows, func(i, j int) bool {
			if !rows[i].created.Equal(rows[j].created) {
				return rows[i].created.After(rows[j].created)
			}
			return rows[i].id < rows[j].id
		}) {
			return fmt.Errorf("%s is not newest first: %v", ds, rows)
		}
		return nil
	}
}

// listPages checks, on the emulator, that the user's chats were read in more than one page.
func listPages(env *tacc.Env) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if env.Emulator == nil {
			return nil
		}
		if n := env.Emulator.Counts()["GET /users/{id}/chats"]; n < 2 {
			return fmt.Errorf("the chats were listed in %d request(s); %d chats need at least 2 pages of 50", n, pagingChats+1)
		}
		return nil
	}
}
