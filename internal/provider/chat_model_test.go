package provider

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

const (
	idA   = "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"
	idB   = "82fe7758-5bb3-4f0d-a43f-e555fd399c6f"
	idJ   = "4595d2f2-7b31-446c-84fd-9b795e63114b"
	idFed = "82af01c5-f7cc-4a2e-a728-3a5df21afd9d"
	home  = "dcd219dd-bc68-4b9b-bf0b-4a33a796be35"
	fed   = "4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1"
)

func gm(userID, mid, email, tenant string, roles ...string) graph.Member {
	return graph.Member{UserID: userID, MembershipID: mid, Email: email, TenantID: tenant, Roles: roles, DisplayName: "n-" + userID[:4]}
}

func TestChatDataFromGraph(t *testing.T) {
	created := time.Date(2020, 12, 4, 23, 11, 16, 175e6, time.UTC)
	chat := graph.Chat{ID: "19:x@thread.v2", ChatType: "group", Topic: "T", TenantID: home, WebURL: "https://teams/x",
		CreatedDateTime: created, LastUpdatedDateTime: created,
		Members: []graph.Member{gm(idA, "m1", "adele@contoso.com", home, "owner"), gm(idJ, "m2", "jacob@contoso.com", home), gm(idFed, "m3", "megan@fabrikam.com", fed, "owner")}}
	cases := []struct {
		name     string
		chat     graph.Chat
		prior    chatData
		resolved map[string]string
		members  []memberConfig
		details  map[string]string // user as written -> membership id
		behavior string
	}{
		{
			name: "create: UPN matched by email, federated kept, empty roles read as owner",
			chat: chat,
			prior: chatData{Members: []memberConfig{{User: idA, Role: "owner"}, {User: "jacob@contoso.com", Role: "owner"}, {User: idFed, Role: "owner", TenantID: fed}},
				DeletionBehavior: "delete", Exclusive: true},
			members:  []memberConfig{{User: "82af01c5-f7cc-4a2e-a728-3a5df21afd9d", Role: "owner", TenantID: fed}, {User: idA, Role: "owner"}, {User: "jacob@contoso.com", Role: "owner"}},
			details:  map[string]string{idA: "m1", "jacob@contoso.com": "m2", idFed: "m3"},
			behavior: "delete",
		},
		{
			name:     "import: every member by object id, tenant only for other tenants, default behaviour",
			chat:     chat,
			prior:    chatData{Exclusive: true},
			members:  []memberConfig{{User: idJ, Role: "owner"}, {User: idFed, Role: "owner", TenantID: fed}, {User: idA, Role: "owner"}},
			details:  map[string]string{idA: "m1", idJ: "m2", idFed: "m3"},
			behavior: "delete",
		},
		{
			name: "drift: a member removed in Teams leaves state, a new one arrives by id, a role change shows",
			chat: graph.Chat{ID: "19:x@thread.v2", ChatType: "group", TenantID: home, Members: []graph.Member{gm(idA, "m1", "", home, "guest"), gm(idB, "m9", "", home, "owner")}},
			prior: chatData{Members: []memberConfig{{User: idA, Role: "owner"}, {User: "JACOB@contoso.com", Role: "owner"}},
				Details: map[string]memberDetail{idA: {UserID: idA, MembershipID: "m1"}, "JACOB@contoso.com": {UserID: idJ, MembershipID: "m2"}}, DeletionBehavior: "forget", Exclusive: true},
			members:  []memberConfig{{User: idB, Role: "owner"}, {User: idA, Role: "guest"}},
			details:  map[string]string{idA: "m1", idB: "m9"},
			behavior: "forget",
		},
		{
			name: "not exclusive: a member added elsewhere is left out, a listed one removed in Teams leaves state",
			chat: graph.Chat{ID: "19:x@thread.v2", ChatType: "group", TenantID: home, Members: []graph.Member{gm(idA, "m1", "", home, "guest"), gm(idB, "m9", "", home, "owner")}},
			prior: chatData{Members: []memberConfig{{User: idA, Role: "owner"}, {User: "JACOB@contoso.com", Role: "owner"}},
				Details: map[string]memberDetail{idA: {UserID: idA, MembershipID: "m1"}, "JACOB@contoso.com": {UserID: idJ, MembershipID: "m2"}}, DeletionBehavior: "delete"},
			members:  []memberConfig{{User: idA, Role: "guest"}},
			details:  map[string]string{idA: "m1"},
			behavior: "delete",
		},
		{
			name:     "UPN resolved through the directory when the email differs",
			chat:     graph.Chat{ID: "19:y@unq.gbl.spaces", ChatType: "oneOnOne", TenantID: home, Members: []graph.Member{gm(idA, "m1", "", home, "owner"), gm(idJ, "m2", "jacob.hancock@contoso.com", home, "owner")}},
			prior:    chatData{Members: []memberConfig{{User: idA, Role: "owner"}, {User: "jacob@contoso.com", Role: "owner"}}, Exclusive: true},
			resolved: map[string]string{"jacob@contoso.com": idJ},
			members:  []memberConfig{{User: idA, Role: "owner"}, {User: "jacob@contoso.com", Role: "owner"}},
			details:  map[string]string{idA: "m1", "jacob@contoso.com": "m2"},
			behavior: "forget",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := chatDataFromGraph(tc.chat, tc.prior, tc.resolved)
			want := tc.members
			sortMembers(want)
			if !reflect.DeepEqual(got.Members, want) {
				t.Fatalf("members\n got %+v\nwant %+v", got.Members, want)
			}
			gotDetails := map[string]string{}
			for k, v := range got.Details {
				gotDetails[k] = v.MembershipID
			}
			if !reflect.DeepEqual(gotDetails, tc.details) {
				t.Fatalf("details %v, want %v", gotDetails, tc.details)
			}
			if got.DeletionBehavior != tc.behavior || got.ID != tc.chat.ID || got.Exclusive != tc.prior.Exclusive {
				t.Fatalf("behaviour %q id %q", got.DeletionBehavior, got.ID)
			}
		})
	}
	s := chatDataFromGraph(chat, chatData{}, nil)
	if s.Created != "2020-12-04T23:11:16.175Z" || s.Topic != "T" || s.WebURL != "https://teams/x" || s.TenantID != home {
		t.Fatalf("scalar fields: %+v", s)
	}
}

func sortMembers(ms []memberConfig) {
	for i := range ms {
		for j := i + 1; j < len(ms); j++ {
			if ms[j].User < ms[i].User {
				ms[i], ms[j] = ms[j], ms[i]
			}
		}
	}
}

func TestUnresolvedUsers(t *testing.T) {
	chat := graph.Chat{Members: []graph.Member{gm(idA, "m1", "adele@contoso.com", home), gm(idJ, "m2", "jacob.h@contoso.com", home)}}
	prior := chatData{Members: []memberConfig{{User: "adele@contoso.com"}, {User: "jacob@contoso.com"}, {User: idB}, {User: "known@contoso.com"}},
		Details: map[string]memberDetail{"known@contoso.com": {UserID: idB}}}
	if got := unresolvedUsers(chat, prior); !reflect.DeepEqual(got, []string{"jacob@contoso.com"}) {
		t.Fatalf("got %v", got)
	}
}

func TestPlanMemberChanges(t *testing.T) {
	state := chatData{
		Members: []memberConfig{{User: idA, Role: "owner"}, {User: "jacob@contoso.com", Role: "owner"}, {User: idB, Role: "guest"}},
		Details: map[string]memberDetail{idA: {UserID: idA, MembershipID: "m1"}, "jacob@contoso.com": {UserID: idJ, MembershipID: "m2"}, idB: {UserID: idB, MembershipID: "m3"}},
	}
	cases := []struct {
		name     string
		planned  []memberConfig
		resolved map[string]string
		add      []string
		remove   []string
		reroles  []string
	}{
		{"nothing", state.Members, nil, nil, nil, nil},
		{"UPN written as id is the same person", []memberConfig{{User: idA, Role: "owner"}, {User: idJ, Role: "owner"}, {User: idB, Role: "guest"}}, nil, nil, nil, nil},
		{"id written as UPN is the same person", []memberConfig{{User: "adele@contoso.com", Role: "owner"}, {User: "jacob@contoso.com", Role: "owner"}, {User: idB, Role: "guest"}},
			map[string]string{"adele@contoso.com": idA}, nil, nil, nil},
		{"add, remove, re-role", []memberConfig{{User: idA, Role: "guest"}, {User: "jacob@contoso.com", Role: "owner"}, {User: idFed, Role: "owner", TenantID: fed}},
			nil, []string{idFed}, []string{"m3"}, []string{idA}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ch := planMemberChanges(state, tc.planned, tc.resolved)
			var add, remove, reroles []string
			for _, m := range ch.Add {
				add = append(add, m.User)
			}
			for _, d := range ch.Remove {
				remove = append(remove, d.MembershipID)
			}
			for _, m := range ch.Reroles {
				reroles = append(reroles, m.User)
			}
			if !reflect.DeepEqual(add, tc.add) || !reflect.DeepEqual(remove, tc.remove) || !reflect.DeepEqual(reroles, tc.reroles) {
				t.Fatalf("add %v remove %v reroles %v; want %v %v %v", add, remove, reroles, tc.add, tc.remove, tc.reroles)
			}
		})
	}
}

// TestPlanMemberChangesNotExclusive: a member in state that the plan leaves out is removed whether
// members_exclusive is or was true or false, so that apply does what the plan shows (before, the
// switch from true to false removed nobody while the plan showed the removal).
func TestPlanMemberChangesNotExclusive(t *testing.T) {
	state := chatData{
		Members: []memberConfig{{User: idA, Role: "owner"}, {User: idB, Role: "owner"}},
		Details: map[string]memberDetail{idA: {UserID: idA, MembershipID: "m1"}, idB: {UserID: idB, MembershipID: "m3"}},
	}
	planned := []memberConfig{{User: idA, Role: "owner"}, {User: idJ, Role: "owner"}}
	for _, tc := range []struct {
		name      string
		stateExcl bool
	}{
		{"exclusive in state", true},
		{"not exclusive in state", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := state
			st.Exclusive = tc.stateExcl
			ch := planMemberChanges(st, planned, nil)
			if len(ch.Remove) != 1 || ch.Remove[0].MembershipID != "m3" || len(ch.Add) != 1 || ch.Add[0].User != idJ {
				t.Fatalf("remove %v add %v", ch.Remove, ch.Add)
			}
		})
	}
}

// TestUnremovableMembers: a member of another organisation taken out of members, or given another
// role, is named; members of the chat's own tenant are not.
func TestUnremovableMembers(t *testing.T) {
	state := chatData{
		TenantID: home,
		Members:  []memberConfig{{User: idA, Role: "owner"}, {User: idFed, Role: "owner", TenantID: fed}, {User: idB, Role: "owner", TenantID: home}},
		Details:  map[string]memberDetail{idA: {UserID: idA, MembershipID: "m1"}, idFed: {UserID: idFed, MembershipID: "m2"}, idB: {UserID: idB, MembershipID: "m3"}},
	}
	removed := planMemberChanges(state, []memberConfig{{User: idA, Role: "owner"}}, nil)
	if got := unremovableMembers(state, removed, nil); len(got) != 1 || !strings.Contains(got[0], idFed) || !strings.Contains(got[0], "taken out") {
		t.Errorf("removal: %v", got)
	}
	rerole := planMemberChanges(state, []memberConfig{{User: idA, Role: "guest"}, {User: idFed, Role: "guest", TenantID: fed}, {User: idB, Role: "owner", TenantID: home}}, nil)
	if got := unremovableMembers(state, rerole, nil); len(got) != 1 || !strings.Contains(got[0], "changes role") {
		t.Errorf("role change: %v", got)
	}
	kept := planMemberChanges(state, []memberConfig{{User: idFed, Role: "owner", TenantID: fed}, {User: idJ, Role: "owner"}}, nil)
	if got := unremovableMembers(state, kept, nil); len(got) != 0 {
		t.Errorf("home members removed: %v", got)
	}
}

func TestNewChatSpec(t *testing.T) {
	spec := newChatSpec(chatData{ChatType: "group", Topic: "T", Members: []memberConfig{
		{User: "jacob@contoso.com", Role: "owner"}, {User: idFed, Role: "owner", TenantID: fed, History: "0001-01-01T00:00:00Z"},
	}})
	if spec.ChatType != "group" || spec.Topic != "T" || len(spec.Members) != 2 || spec.Members[1].TenantID != fed ||
		spec.Members[1].VisibleHistoryStartDateTime == nil || !spec.Members[1].VisibleHistoryStartDateTime.IsZero() ||
		spec.Members[0].VisibleHistoryStartDateTime != nil {
		t.Fatalf("%+v", spec)
	}
	body := graph.NewCreateChatRequest("https://graph.microsoft.com/v1.0", spec)
	if body.GetChatType().String() != "group" || *body.GetTopic() != "T" || len(body.GetMembers()) != 2 {
		t.Fatal("create request")
	}
	bind := body.GetMembers()[0].GetAdditionalData()["user@odata.bind"]
	if bind != "https://graph.microsoft.com/v1.0/users('jacob@contoso.com')" {
		t.Fatalf("bind %v", bind)
	}
	if body.GetMembers()[1].GetVisibleHistoryStartDateTime() != nil {
		t.Fatal("history is for adding to an existing chat, not for creation")
	}
	one := graph.NewCreateChatRequest("https://graph.microsoft.com/v1.0", graph.ChatSpec{ChatType: "oneOnOne", Topic: "ignored"})
	if one.GetTopic() != nil || one.GetChatType().String() != "oneOnOne" {
		t.Fatal("one-on-one carries no topic")
	}
	if b := graph.UserBind("https://graph.microsoft.com/v1.0", "o'brien@contoso.com"); b != "https://graph.microsoft.com/v1.0/users('o''brien@contoso.com')" {
		t.Fatalf("quote escaping: %s", b)
	}
}

// TestModelRoundTrip: state written to Terraform types and read back is unchanged.
func TestModelRoundTrip(t *testing.T) {
	ctx := context.Background()
	in := chatData{ID: "19:x@thread.v2", ChatType: "group", Topic: "T", TenantID: home, WebURL: "w", Created: "2024-01-01T09:00:00.123Z", LastUpdated: "2024-01-02T10:00:00Z", DeletionBehavior: "delete",
		Members: []memberConfig{{User: idA, Role: "owner"}, {User: idFed, Role: "guest", TenantID: fed, History: "2024-01-01T00:00:00Z"}},
		Details: map[string]memberDetail{idA: {UserID: idA, MembershipID: "m1", DisplayName: "A"}}}
	m := chatResourceModel{Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{})}}
	if d := m.flatten(in); d.HasError() {
		t.Fatal(d)
	}
	out, d := m.expand(ctx)
	if d.HasError() {
		t.Fatal(d)
	}
	sortMembers(out.Members)
	sortMembers(in.Members)
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip\n in %+v\nout %+v", in, out)
	}
	if defaultDeletionBehavior("oneOnOne") != "forget" || defaultDeletionBehavior("group") != "delete" {
		t.Fatal("default deletion behaviour")
	}
}

// BenchmarkChatDataFromGraph is the conversion of every Read (chatDataFromGraph): a 25-member chat, half written as UPNs.
func BenchmarkChatDataFromGraph(b *testing.B) {
	chat := graph.Chat{ID: "19:x@thread.v2", ChatType: "group", Topic: "T", TenantID: home}
	var prior chatData
	for i := 0; i < 25; i++ {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		email := fmt.Sprintf("user%d@contoso.com", i)
		chat.Members = append(chat.Members, gm(id, "m"+id, email, home, "owner"))
		user := id
		if i%2 == 0 {
			user = email
		}
		prior.Members = append(prior.Members, memberConfig{User: user, Role: "owner"})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := chatDataFromGraph(chat, prior, nil)
		if len(s.Members) != 25 {
			b.Fatal(len(s.Members))
		}
	}
}

// BenchmarkPlanMemberChanges is Update's diff of a 25-member roster.
func BenchmarkPlanMemberChanges(b *testing.B) {
	state := chatData{Details: map[string]memberDetail{}}
	var planned []memberConfig
	for i := 0; i < 25; i++ {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		state.Members = append(state.Members, memberConfig{User: id, Role: "owner"})
		state.Details[id] = memberDetail{UserID: id, MembershipID: "m" + id}
		planned = append(planned, memberConfig{User: fmt.Sprintf("00000000-0000-4000-8000-%012d", i+3), Role: "owner"})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ch := planMemberChanges(state, planned, nil)
		if len(ch.Add) != 3 || len(ch.Remove) != 3 {
			b.Fatal(ch)
		}
	}
}
