package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

func startEmulatorB(tb testing.TB) *emulator.Running { return startEmulator(tb) }

func startEmulator(t testing.TB) *emulator.Running {
	t.Helper()
	em, err := emulator.Start("127.0.0.1:0", emulator.DefaultDirectory())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = em.Close() })
	return em
}

func fastRetry() *RetryPolicy {
	return &RetryPolicy{MinWait: 10 * time.Millisecond, MaxWait: 50 * time.Millisecond, Now: time.Now}
}

func emulatorClient(t *testing.T, em *emulator.Running, token string) *Client {
	t.Helper()
	c, err := NewClient(Config{AccessToken: token, GraphEndpoint: em.URL, Explicit: map[string]bool{"access_token": true}}, Options{Version: "test", Retry: fastRetry(), CompressRequests: true})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSDKAgainstEmulator drives every chat operation through msgraph-sdk-go (gzip request bodies
// on, as the SDK sends them by default) against the emulator.
func TestSDKAgainstEmulator(t *testing.T) {
	em := startEmulator(t)
	c := emulatorClient(t, em, "app-token")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// Create a group chat with members bound by id and by UPN, one guest.
	chat, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Project Phoenix", Members: []MemberSpec{
		{User: "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", Role: RoleOwner},
		{User: "jacob@contoso.com", Role: RoleOwner},
		{User: "8ba98af6-7fc2-4eb2-a7f2-aef9f21fd98a", Role: RoleGuest},
	}})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if !strings.HasSuffix(chat.ID, "@thread.v2") || chat.CreatedDateTime.IsZero() || chat.ChatType != ChatTypeGroup {
		t.Fatalf("unexpected created chat %+v", chat)
	}
	if em.Counts()["POST /chats"] != 1 {
		t.Fatalf("want one POST, got %v", em.Counts())
	}

	got, err := c.GetChat(ctx, chat.ID)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if got.Topic != "Project Phoenix" || len(got.Members) != 3 {
		t.Fatalf("get returned %+v", got)
	}
	var roles []string
	for _, m := range got.Members {
		if m.UserID == "" || m.MembershipID == "" {
			t.Fatalf("member without user id or membership id: %+v", m)
		}
		roles = append(roles, m.Role())
	}
	sort.Strings(roles)
	if strings.Join(roles, ",") != "guest,owner,owner" {
		t.Fatalf("roles %v", roles)
	}

	if err := c.RenameChat(ctx, chat.ID, "Project Phoenix 2"); err != nil {
		t.Fatalf("rename: %v", err)
	}
	hist := time.Time{}
	if err := c.AddMember(ctx, chat.ID, MemberSpec{User: "alex@contoso.com", Role: RoleOwner, VisibleHistoryStartDateTime: &hist}); err != nil {
		t.Fatalf("add member: %v", err)
	}
	members, err := c.ListMembers(ctx, chat.ID)
	if err != nil || len(members) != 4 {
		t.Fatalf("list members: %v %d", err, len(members))
	}
	var alex Member
	for _, m := range members {
		if m.UserID == "82fe7758-5bb3-4f0d-a43f-e555fd399c6f" {
			alex = m
		}
	}
	if alex.MembershipID == "" || alex.VisibleHistoryStartDateTime == nil || !alex.VisibleHistoryStartDateTime.IsZero() {
		t.Fatalf("added member %+v", alex)
	}
	if err := c.RemoveMember(ctx, chat.ID, alex.MembershipID); err != nil {
		t.Fatalf("remove member (id %q): %v", alex.MembershipID, err)
	}
	// A history start with milliseconds reaches Graph with its milliseconds (re-adding a member
	// with the history they had must not move it).
	precise := time.Date(2024, 3, 5, 10, 11, 12, 345_000_000, time.UTC)
	if err := c.AddMember(ctx, chat.ID, MemberSpec{User: "alex@contoso.com", Role: RoleOwner, VisibleHistoryStartDateTime: &precise}); err != nil {
		t.Fatalf("add member with history: %v", err)
	}
	members, _ = c.ListMembers(ctx, chat.ID)
	for _, m := range members {
		if m.UserID == "82fe7758-5bb3-4f0d-a43f-e555fd399c6f" {
			if m.VisibleHistoryStartDateTime == nil || !m.VisibleHistoryStartDateTime.Equal(precise) {
				t.Fatalf("history start %v, want %v", m.VisibleHistoryStartDateTime, precise)
			}
			if err := c.RemoveMember(ctx, chat.ID, m.MembershipID); err != nil {
				t.Fatal(err)
			}
		}
	}
	after, err := c.GetChat(ctx, chat.ID)
	if err != nil || len(after.Members) != 3 || after.Topic != "Project Phoenix 2" || !after.LastUpdatedDateTime.After(got.LastUpdatedDateTime) {
		t.Fatalf("after changes: %v %+v", err, after)
	}

	list, err := c.ListUserChats(ctx, "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", ChatFilter{ChatType: ChatTypeGroup, Topic: "Project Phoenix 2"})
	if err != nil || len(list) != 1 || list[0].ID != chat.ID || len(list[0].Members) != 3 {
		t.Fatalf("list user chats: %v %+v", err, list)
	}
	u, err := c.GetUser(ctx, "jacob@contoso.com")
	if err != nil || u.ID != "4595d2f2-7b31-446c-84fd-9b795e63114b" {
		t.Fatalf("get user: %v %+v", err, u)
	}

	// One-on-one is idempotent, federated member with tenantId.
	one, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeOneOnOne, Members: []MemberSpec{
		{User: "8b081ef6-4792-4def-b2c9-c363a1bf41d5", Role: RoleOwner},
		{User: "82af01c5-f7cc-4a2e-a728-3a5df21afd9d", Role: RoleOwner, TenantID: emulator.FederatedTenantID},
	}})
	if err != nil {
		t.Fatalf("create one-on-one: %v", err)
	}
	again, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeOneOnOne, Members: []MemberSpec{
		{User: "82af01c5-f7cc-4a2e-a728-3a5df21afd9d", Role: RoleOwner, TenantID: emulator.FederatedTenantID},
		{User: "john@contoso.com", Role: RoleOwner},
	}})
	if err != nil || again.ID != one.ID || !strings.HasSuffix(one.ID, "@unq.gbl.spaces") {
		t.Fatalf("one-on-one not idempotent: %v %q %q", err, one.ID, again.ID)
	}

	if err := c.DeleteChat(ctx, chat.ID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := c.GetChat(ctx, chat.ID); !IsNotFound(err) {
		t.Fatalf("get after delete: want not found, got %v", err)
	}

	// Errors come back typed, with Graph's message.
	_, err = c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeOneOnOne, Topic: "x", Members: []MemberSpec{
		{User: "8b081ef6-4792-4def-b2c9-c363a1bf41d5", Role: RoleOwner}, {User: "alex@contoso.com", Role: RoleOwner},
	}})
	// NewCreateChatRequest drops a one-on-one topic, so this is accepted: Graph never sees it.
	if err != nil {
		t.Fatalf("one-on-one with topic dropped client-side: %v", err)
	}
	_, err = c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Members: []MemberSpec{
		{User: "8b081ef6-4792-4def-b2c9-c363a1bf41d5", Role: "member"}, {User: "alex@contoso.com", Role: RoleOwner},
	}})
	var br *BadRequestError
	if !errors.As(err, &br) || !strings.Contains(br.Message, "The passed-in role 'member' is not supported.") {
		t.Fatalf("bad role: %v", err)
	}
}

// TestGetChatBeyondExpandLimit: $expand=members stops at 25; GetChat then lists every member.
func TestGetChatBeyondExpandLimit(t *testing.T) {
	dir := emulator.DefaultDirectory()
	var members []MemberSpec
	for i := 0; i < 30; i++ {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		dir.Users = append(dir.Users, emulator.User{ID: id, UserPrincipalName: fmt.Sprintf("u%d@contoso.com", i), DisplayName: fmt.Sprint("U", i), UserType: "Member"})
		members = append(members, MemberSpec{User: id, Role: RoleOwner})
	}
	em, err := emulator.Start("127.0.0.1:0", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer em.Close()
	c := emulatorClient(t, em, "x")
	ctx := context.Background()
	chat, err := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Thirty", Members: members})
	if err != nil {
		t.Fatal(err)
	}
	em.ResetCounts()
	got, err := c.GetChat(ctx, chat.ID)
	if err != nil || len(got.Members) != 30 {
		t.Fatalf("%v, %d members", err, len(got.Members))
	}
	// The emulator pages members by 20: the list takes two requests, following @odata.nextLink.
	if n := em.Counts()["GET /chats/{id}/members"]; n != 2 {
		t.Fatalf("member list requests: %d, want 2 (two pages)", n)
	}
	small, _ := c.CreateChat(ctx, ChatSpec{ChatType: ChatTypeGroup, Topic: "Two", Members: members[:2]})
	em.ResetCounts()
	if _, err := c.GetChat(ctx, small.ID); err != nil || len(em.Counts()) != 1 {
		t.Fatalf("a small chat needs one request: %v %v", err, em.Counts())
	}
}
