package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// TestCreateChatWithoutDuplicateFindsTheChatItCreated: the connection drops after Graph created the group chat;
// the chat is found through a member of the home tenant (the first member is federated) and adopted,
// also when Graph's clock runs two minutes ahead of or behind the machine's.
func TestCreateChatWithoutDuplicateFindsTheChatItCreated(t *testing.T) {
	for _, offset := range []time.Duration{0, 2 * time.Minute, -2 * time.Minute} {
		t.Run(offset.String(), func(t *testing.T) {
			em := startEmulator(t)
			em.SetClockOffset(offset)
			c := emulatorClient(t, em, "x")
			em.AddFault(emulator.Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1})
			spec := ChatSpec{ChatType: ChatTypeGroup, Topic: "Once", Members: []MemberSpec{
				// Nestor exists only in the other organisation: /users/{his id} is not found at home.
				{User: "9a4dbf6e-9f76-4db1-8ea1-5c8f3b3e4d44", Role: RoleOwner, TenantID: emulator.FederatedTenantID},
				{User: "jacob@contoso.com", Role: RoleOwner},
				{User: "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", Role: RoleOwner},
			}}
			res, err := c.CreateChatWithoutDuplicate(context.Background(), spec)
			if err != nil || !res.Recovered {
				t.Fatalf("recovered=%v err=%v", res.Recovered, err)
			}
			chats := em.Chats()
			if len(chats) != 1 || chats[0].ID != res.ID || em.Counts()["POST /chats"] != 1 {
				t.Fatalf("%d chats, %d POSTs", len(chats), em.Counts()["POST /chats"])
			}
		})
	}
}

// TestCreateChatWithoutDuplicateTellsAnExistingOneOnOne: a oneOnOne chat made out of band a minute before is
// reported as existing; one the call itself made is not, whether Graph's clock runs two minutes
// ahead of or behind the machine's; and a second create of the same pair through the same client
// (two resources for one pair in one run) is reported as existing, however close in time.
func TestCreateChatWithoutDuplicateTellsAnExistingOneOnOne(t *testing.T) {
	const adele, alex, lynne, jacob = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", "3626a173-f2bc-4883-bcf7-01514c3bfb82", "4595d2f2-7b31-446c-84fd-9b795e63114b"
	pair := func(a, b string) ChatSpec {
		return ChatSpec{ChatType: ChatTypeOneOnOne, Members: []MemberSpec{{User: a, Role: RoleOwner}, {User: b, Role: RoleOwner}}}
	}
	for _, offset := range []time.Duration{2 * time.Minute, -2 * time.Minute} {
		t.Run(offset.String(), func(t *testing.T) {
			em := startEmulator(t)
			ctx := context.Background()
			// Someone made Adele and Alex's chat a minute ago.
			em.SetClockOffset(offset - time.Minute)
			if _, err := emulatorClient(t, em, "x").CreateChat(ctx, pair(adele, alex)); err != nil {
				t.Fatal(err)
			}
			em.SetClockOffset(offset)

			c := emulatorClient(t, em, "x")
			old, err := c.CreateChatWithoutDuplicate(ctx, pair(alex, adele))
			if err != nil || !old.Existed {
				t.Fatalf("the chat made a minute before: existed=%v err=%v", old.Existed, err)
			}
			fresh, err := c.CreateChatWithoutDuplicate(ctx, pair(lynne, jacob))
			if err != nil || fresh.Existed {
				t.Fatalf("a chat made by this call: existed=%v err=%v (created %s, emulator clock %s)", fresh.Existed, err, fresh.CreatedDateTime, em.Now())
			}
			again, err := c.CreateChatWithoutDuplicate(ctx, pair(jacob, lynne))
			if err != nil || !again.Existed || again.ID != fresh.ID {
				t.Fatalf("the same pair again: existed=%v id %s (first %s) err=%v", again.Existed, again.ID, fresh.ID, err)
			}
		})
	}
}

// TestCreateChatWithoutDuplicateBeyondTheExpandLimit: a group chat of more than 25 people whose create answer
// is lost is found (its members are read in full, past $expand's 25) and not created twice.
func TestCreateChatWithoutDuplicateBeyondTheExpandLimit(t *testing.T) {
	for _, n := range []int{26, 30, 250} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			em, err := emulator.Start("127.0.0.1:0", emulator.DefaultDirectory().WithStaff(n+1))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = em.Close() })
			c := emulatorClient(t, em, "x")
			spec := func(first int) ChatSpec {
				s := ChatSpec{ChatType: ChatTypeGroup, Topic: "Crowd"}
				for i := first; i < first+n; i++ {
					s.Members = append(s.Members, MemberSpec{User: emulator.StaffID(i), Role: RoleOwner})
				}
				return s
			}
			// A decoy: the same topic, created just before, with the same first 25 members as
			// $expand shows them but one other person past them.
			if _, err := c.CreateChat(context.Background(), spec(1)); err != nil {
				t.Fatal(err)
			}
			em.AddFault(emulator.Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1})
			res, err := c.CreateChatWithoutDuplicate(context.Background(), spec(0))
			if err != nil || !res.Recovered {
				t.Fatalf("recovered=%v err=%v", res.Recovered, err)
			}
			if got := len(em.Chats()); got != 2 {
				t.Fatalf("%d chats, want 2 (the decoy and the one created once)", got)
			}
			full, err := c.GetChat(context.Background(), res.ID)
			if err != nil || len(full.Members) != n {
				t.Fatalf("the adopted chat has %d members (err %v), want %d", len(full.Members), err, n)
			}
			for _, m := range full.Members {
				if m.UserID == emulator.StaffID(n) {
					t.Fatal("the decoy was adopted")
				}
			}
		})
	}
}

// TestCreateChatWithoutDuplicateAsSignedInUser: a delegated caller may list only its own chats; after a lost
// create answer the look-up goes through the caller's chats (GET /chats) and finds the chat, even
// when the first member is someone else. When the look-up fails too, the error says a chat may
// exist, where to look, how to import it, and the delegated permission the look-up needs.
func TestCreateChatWithoutDuplicateAsSignedInUser(t *testing.T) {
	const adele, alex, lynne = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "82fe7758-5bb3-4f0d-a43f-e555fd399c6f", "3626a173-f2bc-4883-bcf7-01514c3bfb82"
	em := startEmulator(t)
	c := emulatorClient(t, em, emulator.DelegatedToken(lynne))
	ctx := context.Background()
	caller, err := c.Caller(ctx)
	if err != nil || !caller.Delegated || caller.UserID != lynne {
		t.Fatalf("caller %+v err %v, want delegated as %s", caller, err, lynne)
	}
	spec := ChatSpec{ChatType: ChatTypeGroup, Topic: "Signed in", Members: []MemberSpec{
		{User: adele, Role: RoleOwner}, {User: alex, Role: RoleOwner}, {User: lynne, Role: RoleOwner},
	}}
	em.AddFault(emulator.Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1})
	res, err := c.CreateChatWithoutDuplicate(ctx, spec)
	if err != nil || !res.Recovered || len(em.Chats()) != 1 {
		t.Fatalf("recovered=%v err=%v chats=%d", res.Recovered, err, len(em.Chats()))
	}
	if n := em.Counts()["GET /users/{id}/chats"]; n != 0 {
		t.Fatalf("the look-up listed another user's chats %d times", n)
	}

	spec.Topic = "Signed in, look-up down"
	em.AddFault(emulator.Fault{Method: "POST", Route: "/chats", Drop: true, Count: 1})
	em.AddFault(emulator.Fault{Method: "GET", Route: "/chats", Status: 500, Count: 1})
	_, err = c.CreateChatWithoutDuplicate(ctx, spec)
	if !IsLookupFailed(err) {
		t.Fatalf("want a LookupFailedError, got %v", err)
	}
	for _, want := range []string{"may have been created", "GET /me/chats?", "topic eq 'Signed in, look-up down'", "terraform import", "Chat.ReadBasic (or Chat.ReadWrite; delegated)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q: %v", want, err)
		}
	}
	if n := len(em.Chats()); n != 2 {
		t.Fatalf("%d chats: the create whose answer was lost made one, and nothing was sent again", n)
	}
}
