package graph

import (
	"context"
	"testing"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestFindUserChats: every page is read, type and topic are matched exactly, members are matched
// on the full member list (past the 25 of $expand), and the result is newest first, then by id.
func TestFindUserChats(t *testing.T) {
	em, err := emulator.Start("127.0.0.1:0", emulator.DefaultDirectory().WithStaff(30))
	if err != nil {
		t.Fatal(err)
	}
	defer em.Close()
	c := emulatorClient(t, em, "x")
	ctx := context.Background()
	lead, other := emulator.StaffID(0), emulator.StaffID(1)
	pair := []MemberSpec{{User: lead, Role: RoleOwner}, {User: other, Role: RoleOwner}}
	for i := 0; i < 55; i++ {
		if _, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Same", Members: pair}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "same", Members: pair}); err != nil {
		t.Fatal(err)
	}
	// A chat of 30 whose 30th member is not among the 25 that $expand shows.
	var big []MemberSpec
	for i := 0; i < 30; i++ {
		big = append(big, MemberSpec{User: emulator.StaffID(i), Role: RoleOwner})
	}
	bigChat, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Big", Members: big})
	if err != nil {
		t.Fatal(err)
	}

	em.ResetCounts()
	got, err := c.FindUserChats(ctx, lead, ChatQuery{ChatType: ChatTypeGroup, Topic: "Same"})
	if err != nil || len(got) != 55 {
		t.Fatalf("found %d, err %v; want the 55 chats named exactly \"Same\"", len(got), err)
	}
	if n := em.Counts()["GET /users/{id}/chats"]; n != 2 {
		t.Fatalf("pages read: %d, want 2", n)
	}
	for i := 1; i < len(got); i++ {
		a, b := got[i-1], got[i]
		if a.CreatedDateTime.Before(b.CreatedDateTime) || (a.CreatedDateTime.Equal(b.CreatedDateTime) && a.ID > b.ID) {
			t.Fatalf("not newest first at %d: %v %s, %v %s", i, a.CreatedDateTime, a.ID, b.CreatedDateTime, b.ID)
		}
	}

	found, err := c.FindUserChats(ctx, lead, ChatQuery{MemberIDs: []string{emulator.StaffID(29)}})
	if err != nil || len(found) != 1 || found[0].ID != bigChat.ID || len(found[0].Members) != 30 {
		t.Fatalf("member past the expand limit: %v %+v", err, found)
	}
	none, err := c.FindUserChats(ctx, lead, ChatQuery{Topic: "Same", MemberIDs: []string{emulator.StaffID(29)}})
	if err != nil || len(none) != 0 {
		t.Fatalf("want none: %v %d", err, len(none))
	}
}
