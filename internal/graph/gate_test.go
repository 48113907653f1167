package graph

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestParallelDeletesBackOffTogether: ten workers delete 30 chats under Teams' limit of one
// deletion per second (scaled by 10). Without the shared gate each release of the limit costs a
// 429 per waiting worker (about eight per deletion); with it, well under two per deletion.
func TestParallelDeletesBackOffTogether(t *testing.T) {
	em := startEmulator(t)
	c := emulatorClient(t, em, "x")
	ctx := context.Background()
	var ids []string
	for i := 0; i < 30; i++ {
		ch, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: fmt.Sprint(i), Members: []MemberSpec{{User: "adele@contoso.com", Role: RoleOwner}, {User: "alex@contoso.com", Role: RoleOwner}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ch.ID)
	}
	em.SetLimits(emulator.AllLimits(10))
	em.ResetCounts()
	start := time.Now()
	work := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < 10; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				if err := c.DeleteChat(ctx, id); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	n := 0
	for _, r := range em.History() {
		if r.Status == 429 {
			n++
		}
	}
	t.Logf("30 deletes in %s, %d answers were 429", time.Since(start), n)
	if n >= 45 {
		t.Fatalf("%d 429s for 30 deletions (about 245 without the gate): the workers hammered instead of backing off together", n)
	}
}
