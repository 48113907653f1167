package graph

import (
	"context"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestChangeMemberRole: the member comes back with the new role and the history they had.
func TestChangeMemberRole(t *testing.T) {
	em, err := emulator.Start("127.0.0.1:0", emulator.DefaultDirectory().WithStaff(3))
	if err != nil {
		t.Fatal(err)
	}
	defer em.Close()
	c := emulatorClient(t, em, "x")
	ctx := context.Background()
	ch, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Roles", Members: []MemberSpec{
		{User: emulator.StaffID(0), Role: RoleOwner}, {User: emulator.StaffID(1), Role: RoleOwner}}})
	if err != nil {
		t.Fatal(err)
	}
	since := time.Date(2024, 3, 1, 8, 0, 0, 123e6, time.UTC)
	if err := c.AddMember(ctx, ch.ID, MemberSpec{User: emulator.StaffID(2), Role: RoleOwner, VisibleHistoryStartDateTime: &since}); err != nil {
		t.Fatal(err)
	}
	m, err := c.FindMember(ctx, ch.ID, emulator.StaffID(2))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ChangeMemberRole(ctx, ch.ID, m, MemberSpec{Role: RoleGuest}); err != nil {
		t.Fatal(err)
	}
	after, err := c.FindMember(ctx, ch.ID, emulator.StaffID(2))
	if err != nil || after.Role() != RoleGuest || after.VisibleHistoryStartDateTime == nil || !after.VisibleHistoryStartDateTime.Equal(since) {
		t.Fatalf("after the change: %v %+v", err, after)
	}
	if _, err := c.FindMember(ctx, ch.ID, emulator.StaffID(0)+"0"); !IsNotFound(err) {
		t.Fatalf("someone not in the chat: want a NotFoundError, got %v", err)
	}
}
