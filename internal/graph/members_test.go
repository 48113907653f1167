package graph

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// staffChat starts an emulator with three staff users and makes a group chat of the first two.
func staffChat(t *testing.T, topic string) (*emulator.Running, *Client, Chat) {
	t.Helper()
	em, err := emulator.Start("127.0.0.1:0", emulator.DefaultDirectory().WithStaff(3))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = em.Close() })
	c := emulatorClient(t, em, "x")
	ch, err := c.CreateChat(context.Background(), ChatSpec{ChatType: ChatTypeGroup, Topic: topic, Members: []MemberSpec{
		{User: emulator.StaffID(0), Role: RoleOwner}, {User: emulator.StaffID(1), Role: RoleOwner}}})
	if err != nil {
		t.Fatal(err)
	}
	return em, c, ch
}

// TestChangeMemberRole: the member comes back with the new role and the history they had.
func TestChangeMemberRole(t *testing.T) {
	_, c, ch := staffChat(t, "Roles")
	ctx := context.Background()
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

// TestMemberFieldReports: Graph's RosterAddMemberBlocked answer is a RosterBlockedError that does
// not blame a permission, and a removal Graph refuses while the member stays (a member of another
// organisation, answered 400 or, as field reports show, 404) is a MemberNotRemovableError, never a
// NotFoundError that callers would take for "already removed". Emulator variants; the answers are
// field reports, not documented.
func TestMemberFieldReports(t *testing.T) {
	em, c, ch := staffChat(t, "Two")
	ctx := context.Background()
	if err := em.SetVariants(emulator.Variants{SmallGroupAdd: 403}); err != nil {
		t.Fatal(err)
	}
	err := c.AddMember(ctx, ch.ID, MemberSpec{User: emulator.StaffID(2), Role: RoleOwner})
	if !IsRosterBlocked(err) || IsForbidden(err) || strings.Contains(err.Error(), "permission ChatMember") {
		t.Fatalf("adding to a group of two: want a RosterBlockedError, got %v", err)
	}
	_ = em.SetVariants(emulator.Variants{})
	fedTenant := emulator.FederatedTenantID
	if err := c.AddMember(ctx, ch.ID, MemberSpec{User: "9a4dbf6e-9f76-4db1-8ea1-5c8f3b3e4d44", Role: RoleOwner, TenantID: fedTenant}); err != nil {
		t.Fatal(err)
	}
	fed, err := c.FindMember(ctx, ch.ID, "9a4dbf6e-9f76-4db1-8ea1-5c8f3b3e4d44")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range emulator.ForeignRemovalAnswers {
		if err := em.SetVariants(emulator.Variants{ForeignRemoval: code}); err != nil {
			t.Fatal(err)
		}
		err := c.RemoveMember(ctx, ch.ID, fed.MembershipID)
		if !IsMemberNotRemovable(err) || IsNotFound(err) || !strings.Contains(err.Error(), fedTenant) {
			t.Fatalf("variant %d: removing a member of another organisation: %v", code, err)
		}
	}
	// A membership that is truly gone is still a NotFoundError.
	if err := c.RemoveMember(ctx, ch.ID, "bm8tc3VjaC1tZW1iZXI="); !IsNotFound(err) {
		t.Fatalf("a membership that does not exist: %v", err)
	}
}

// TestAddMemberAlreadyThere: a 409 or 400 to adding a member is success when the chat's members
// show the user (Graph's answer to adding someone already there is not documented), and stays an
// error when they do not.
func TestAddMemberAlreadyThere(t *testing.T) {
	for _, code := range []int{409, 400} {
		for _, present := range []bool{true, false} {
			members := `{"value":[]}`
			if present {
				members = `{"value":[{"@odata.type":"#microsoft.graph.aadUserConversationMember","id":"m1","userId":"4595d2f2-7b31-446c-84fd-9b795e63114b","roles":["owner"]}]}`
			}
			c := testClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				switch {
				case r.Method == http.MethodPost:
					w.WriteHeader(code)
					_, _ = io.WriteString(w, `{"error":{"code":"Conflict","message":"User is already a member of the chat."}}`)
				case strings.Contains(r.URL.Path, "/users/"):
					_, _ = io.WriteString(w, userJSON)
				default:
					_, _ = io.WriteString(w, members)
				}
			}))
			err := c.AddMember(context.Background(), "c", MemberSpec{User: "jacob@contoso.com", Role: RoleOwner})
			if present && err != nil {
				t.Errorf("%d with the member present: %v", code, err)
			}
			if !present && err == nil {
				t.Errorf("%d with the member absent: want the error", code)
			}
		}
	}
}

// TestIsThisPersonThere: user ids compare without case; sameUsers needs exactly the users.
func TestIsThisPersonThere(t *testing.T) {
	members := []Member{{UserID: "AA"}, {UserID: "bb"}}
	if !hasUsers(userIDs(members), []string{"aa"}) || !hasUsers(userIDs(members), nil) || hasUsers(userIDs(members), []string{"aa", "cc"}) {
		t.Error("hasUsers")
	}
	if !sameUsers(members, []string{"BB", "aa"}) || sameUsers(members, []string{"aa"}) || sameUsers(members, []string{"aa", "bb", "cc"}) || sameUsers(members, []string{"aa", "aa"}) {
		t.Error("sameUsers")
	}
	if m, ok := memberWith(members, func(m Member) bool { return m.UserID == "bb" }); !ok || m.UserID != "bb" {
		t.Error("memberWith")
	}
}
