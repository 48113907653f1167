package graph

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestUserResolverAsksOnceForEachName: a user principal name costs one GET /users/{upn} per
// resolver, whatever its case; an object id, or a user the resolver was told about, costs nothing;
// a name the directory does not hold is a NotFoundError that names it. A new resolver asks again.
func TestUserResolverAsksOnceForEachName(t *testing.T) {
	em := startEmulator(t)
	c := emulatorClient(t, em, "x")
	ctx := context.Background()
	const jacob = "4595d2f2-7b31-446c-84fd-9b795e63114b"
	r := NewUserResolver(c, nil)
	for _, u := range []string{"jacob@contoso.com", "Jacob@Contoso.com"} {
		if id, err := r.Resolve(ctx, u); err != nil || id != jacob {
			t.Fatalf("%s: %q %v", u, id, err)
		}
	}
	if id, err := r.Resolve(ctx, "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"); err != nil || id != "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca" {
		t.Fatalf("object id: %q %v", id, err)
	}
	r.Remember("Alex@contoso.com", "82fe7758-5bb3-4f0d-a43f-e555fd399c6f")
	if id, err := r.Resolve(ctx, "alex@contoso.com"); err != nil || id != "82fe7758-5bb3-4f0d-a43f-e555fd399c6f" {
		t.Fatalf("remembered: %q %v", id, err)
	}
	if n := em.Counts()["GET /users/{id}"]; n != 1 {
		t.Fatalf("GET /users/{id} %d times, want 1", n)
	}
	if got := r.Known(); len(got) != 2 || got["jacob@contoso.com"] != jacob {
		t.Fatalf("known: %v", got)
	}
	_, err := r.Resolve(ctx, "nobody@contoso.com")
	if !IsNotFound(err) || !strings.Contains(err.Error(), `user "nobody@contoso.com" was not found in the directory`) {
		t.Fatalf("unknown user: %v", err)
	}
	if _, err := NewUserResolver(c, nil).Resolve(ctx, "jacob@contoso.com"); err != nil || em.Counts()["GET /users/{id}"] != 3 {
		t.Fatalf("a new resolver asks again: %v %v", err, em.Counts())
	}
}

// TestCreateChatWithoutDuplicateResolvesOnce: after a lost answer, the look-up compares the
// members, written as user principal names, with Graph's: each name is resolved once however often
// the look-up runs (the list lags), through the caller's resolver when the context carries one,
// which then knows the names for the caller's read-back.
func TestCreateChatWithoutDuplicateResolvesOnce(t *testing.T) {
	spec := ChatSpec{ChatType: ChatTypeGroup, Topic: "By name", Members: []MemberSpec{
		{User: "jacob@contoso.com", Role: RoleOwner}, {User: "alex@contoso.com", Role: RoleOwner},
		{User: "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", Role: RoleOwner}}}
	for _, own := range []bool{false, true} {
		em := startEmulator(t)
		c := emulatorClient(t, em, "x")
		c.consistencyWindow = 10 * time.Second
		em.SetListLag(1500 * time.Millisecond)
		em.AddFault(emulator.Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1})
		r := NewUserResolver(c, nil)
		ctx := context.Background()
		if own {
			ctx = WithUserResolver(ctx, r)
		}
		res, err := c.CreateChatWithoutDuplicate(ctx, spec)
		if err != nil || !res.Recovered {
			t.Fatalf("own resolver %v: recovered=%v err=%v", own, res.Recovered, err)
		}
		if looks, gets := em.Counts()["GET /users/{id}/chats"], em.Counts()["GET /users/{id}"]; looks < 2 || gets != 2 {
			t.Fatalf("own resolver %v: %d look-ups, %d user reads; want two or more look-ups and one read per name", own, looks, gets)
		}
		if known := len(r.Known()); (own && known != 2) || (!own && known != 0) {
			t.Fatalf("own resolver %v: the caller's resolver knows %v", own, r.Known())
		}
	}
}

// TestUserBind: the user goes into users('…') as an OData string literal.
func TestUserBind(t *testing.T) {
	if got := UserBind("https://graph.microsoft.com/v1.0/", "o'brien@contoso.com"); got != "https://graph.microsoft.com/v1.0/users('o''brien@contoso.com')" {
		t.Fatal(got)
	}
}
