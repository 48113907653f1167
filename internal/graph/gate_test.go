package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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

func TestThrottleGateIsShared(t *testing.T) {
	g := newThrottleGate()
	g.observe("deletes", &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": []string{"1.2"}}})
	start := time.Now()
	if err := g.wait(context.Background(), "deletes"); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 1150*time.Millisecond {
		t.Fatalf("a 429 must hold every request of its scope: waited %s", d)
	}
	// After the wait, the scope releases its requests one by one (a tenth of Retry-After apart to
	// begin with), not all together.
	start = time.Now()
	_ = g.wait(context.Background(), "deletes")
	_ = g.wait(context.Background(), "deletes")
	if d := time.Since(start); d < 200*time.Millisecond || d > time.Second {
		t.Fatalf("two more requests passed in %s; want them released 0.12s apart", d)
	}
	// Successes loosen the pace until the scope runs free again.
	for i := 0; i < 100; i++ {
		g.observe("deletes", &http.Response{StatusCode: 204})
	}
	if st := g.scopes["deletes"]; st.spacing != 0 {
		t.Fatalf("spacing %s after 100 successes, want free running", st.spacing)
	}
	start = time.Now()
	_ = g.wait(context.Background(), "chat:other")
	if time.Since(start) > 50*time.Millisecond {
		t.Fatal("a 429 in one scope must not hold another scope")
	}
	g.observe("chat:one", &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": []string{"5"}}})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start = time.Now()
	if err := g.wait(ctx, "chat:one"); !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Fatalf("cancelled wait: %v after %s", err, time.Since(start))
	}
	for _, tc := range []struct{ method, path, want string }{
		{"DELETE", "/v1.0/chats/19%3Aa%40thread.v2", "deletes"},
		{"DELETE", "/v1.0/chats/19%3Aa%40thread.v2/members/x", "chat:19%3Aa%40thread.v2"},
		{"GET", "/v1.0/chats/19%3Aa%40thread.v2", "chat:19%3Aa%40thread.v2"},
		{"POST", "/v1.0/chats", "writes"},
		{"GET", "/v1.0/users/x/chats", "reads"},
	} {
		if got := gateScope(tc.method, tc.path); got != tc.want {
			t.Errorf("gateScope(%s %s) = %q, want %q", tc.method, tc.path, got, tc.want)
		}
	}
}
