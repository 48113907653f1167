package graph

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

func TestTuneWrites(t *testing.T) {
	em := startEmulator(t)
	em.SetLimits(emulator.Limits{TenantWrites: true, Scale: 1})
	c := emulatorClient(t, em, "x")
	ctx := context.Background()
	start := time.Now()
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 10; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				ch, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: fmt.Sprint(i), Members: []MemberSpec{{User: "adele@contoso.com", Role: RoleOwner}, {User: "alex@contoso.com", Role: RoleOwner}}})
				if err != nil {
					t.Error(err)
					continue
				}
				_, _ = c.GetChat(ctx, ch.ID)
			}
		}()
	}
	for i := 0; i < 100; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	n := 0
	for _, r := range em.History() {
		if r.Status == 429 {
			n++
		}
	}
	t.Logf("100 creates in %s (floor 3.33s), %d 429s", time.Since(start), n)
}
