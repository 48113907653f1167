package provider_test

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// TestAccChat_membersNotExclusive: with members_exclusive = false a member added by hand is left
// alone and is not drift; a listed member removed in Teams is added again; taking someone out of
// members removes them. Switching to true removes nobody by itself; the plan after it shows the
// hand-added member, whom the next apply removes.
func TestAccChat_membersNotExclusive(t *testing.T) {
	env := acctest.NewEnv(t)
	u := env.Users
	three := []member{owner(u.Owners[0]), owner(u.Owners[1]), owner(u.Owners[2])}
	shared := env.ProviderConfig + chatHCL("c", "group", "Shared roster", notExclusive, three...)
	fewer := env.ProviderConfig + chatHCL("c", "group", "Shared roster", notExclusive, three[:2]...)
	exclusive := env.ProviderConfig + chatHCL("c", "group", "Shared roster", "", three[:2]...)
	var chatID string
	addByHand := graphDo(t, env, func(ctx context.Context, c *graph.Client) error {
		return c.AddMember(ctx, chatID, graph.MemberSpec{User: u.Owners[3], Role: "owner", VisibleHistoryStartDateTime: &time.Time{}})
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             env.CheckChatsGone(map[string]*string{"c": &chatID}, map[string]bool{"c": true}),
		Steps: []resource.TestStep{
			{
				Config: shared,
				Check:  captureID("teams_chat.c", &chatID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("members_exclusive"), knownvalue.Bool(false)),
				},
			},
			{
				// A member added by hand: no drift.
				PreConfig:        addByHand,
				Config:           shared,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            env.CheckChat("teams_chat.c", hasMember(u.Owners[3], "owner")),
			},
			{
				// A listed member removed in Teams: added again.
				PreConfig: removeOutOfBand(t, env, &chatID, u.Owners[2]),
				Config:    shared,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.CheckChat("teams_chat.c", hasMember(u.Owners[2], "owner")),
					env.CheckChat("teams_chat.c", hasMember(u.Owners[3], "owner")),
				),
			},
			{
				// Taken out of members: removed; the hand-added member stays.
				Config: fewer,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.CheckChat("teams_chat.c", hasMember(u.Owners[2], "")),
					env.CheckChat("teams_chat.c", hasMember(u.Owners[3], "owner")),
				),
			},
			{
				// Switching to exclusive removes nobody by itself; the next plan shows the extra member.
				Config: exclusive,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("teams_chat.c", tfjsonpath.New("members_exclusive"), knownvalue.Bool(true)),
				}},
				Check:              env.CheckChat("teams_chat.c", hasMember(u.Owners[3], "owner")),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: exclusive,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("teams_chat.c", plancheck.ResourceActionUpdate),
				}},
				Check: env.CheckChat("teams_chat.c", hasMember(u.Owners[3], "")),
			},
			{
				// Back to not exclusive: nobody removed, and a new hand-added member is left alone.
				Config: fewer,
				Check:  env.CheckChat("teams_chat.c", hasMember(u.Owners[1], "owner")),
			},
			{
				PreConfig:        addByHand,
				Config:           fewer,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
