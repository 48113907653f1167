package provider

import (
	"context"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// TestChatMemberDataFromGraph: the user keeps the form it is written in and the tenant the value
// configured; role, ids, name and history are Graph's, and the zero history is "all of it".
func TestChatMemberDataFromGraph(t *testing.T) {
	h := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	prior := chatMemberData{ChatID: "19:c@thread.v2", User: "Adele@Contoso.com", Role: "owner", TenantID: "t1"}
	got := chatMemberDataFromGraph(prior, graph.Member{UserID: "u1", MembershipID: "m1", DisplayName: "Adele", Roles: []string{"guest"}, VisibleHistoryStartDateTime: &h})
	want := chatMemberData{ChatID: "19:c@thread.v2", User: "Adele@Contoso.com", Role: "guest", TenantID: "t1", History: h, UserID: "u1", MembershipID: "m1", DisplayName: "Adele"}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	zero := time.Time{}
	if got := chatMemberDataFromGraph(prior, graph.Member{UserID: "u1", VisibleHistoryStartDateTime: &zero}); !got.History.IsZero() || got.Role != graph.RoleOwner {
		t.Errorf("all history and a plain owner: %+v", got)
	}
}

// TestChatMemberModelRoundTrip: data written to the model and read back is unchanged, with
// `<chat_id>/<user object id>` as id and null for an unset tenant and all history.
func TestChatMemberModelRoundTrip(t *testing.T) {
	for _, d := range []chatMemberData{
		{ChatID: "19:c@thread.v2", User: "u1", Role: "owner", UserID: "u1", MembershipID: "m1", DisplayName: "A"},
		{ChatID: "19:c@thread.v2", User: "a@contoso.com", Role: "guest", TenantID: "t1", History: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC), UserID: "u2", MembershipID: "m2"},
	} {
		var m chatMemberResourceModel
		m.flatten(d)
		if m.ID.ValueString() != d.ChatID+"/"+d.UserID || m.TenantID.IsNull() != (d.TenantID == "") || m.VisibleHistoryStartDateTime.IsNull() != d.History.IsZero() {
			t.Errorf("flatten(%+v) = %+v", d, m)
		}
		back, diags := m.expand(context.Background())
		if diags.HasError() || back != d {
			t.Errorf("round trip of %+v: %+v %v", d, back, diags)
		}
		if spec := back.spec(); spec.VisibleHistoryStartDateTime == nil || !spec.VisibleHistoryStartDateTime.Equal(d.History) {
			t.Errorf("spec of %+v sends history %v", d, spec.VisibleHistoryStartDateTime)
		}
	}
}
