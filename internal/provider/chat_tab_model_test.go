package provider

import (
	"context"
	"testing"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// TestChatTabDataFromGraph: the app id keeps the case it is written in; the tab's id, name, link
// and configuration are Graph's.
func TestChatTabDataFromGraph(t *testing.T) {
	prior := chatTabData{ChatID: "19:c@thread.v2", AppID: "Com.Microsoft.Teamspace.Tab.Web", DisplayName: "Old"}
	tab := graph.Tab{ID: "t1", AppID: "com.microsoft.teamspace.tab.web", DisplayName: "Site", WebURL: "https://teams/t1",
		Configuration: graph.TabConfiguration{ContentURL: "https://contoso.com", WebsiteURL: "https://contoso.com"}}
	want := chatTabData{ChatID: "19:c@thread.v2", TabID: "t1", AppID: "Com.Microsoft.Teamspace.Tab.Web", DisplayName: "Site", WebURL: "https://teams/t1", Configuration: tab.Configuration}
	if got := chatTabDataFromGraph(prior, tab); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if spec := want.spec(); spec.AppID != want.AppID || spec.DisplayName != "Site" || spec.Configuration != tab.Configuration {
		t.Errorf("spec: %+v", spec)
	}
}

// TestChatTabModelRoundTrip: data written to the model and read back is unchanged, with
// `<chat_id>/<tab_id>` as id and null for the optional URLs Graph leaves empty.
func TestChatTabModelRoundTrip(t *testing.T) {
	d := chatTabData{ChatID: "19:c@thread.v2", TabID: "t1", AppID: "a", DisplayName: "Board",
		Configuration: graph.TabConfiguration{EntityID: "e", ContentURL: "https://board/1"}}
	var m chatTabModel
	m.flatten(d)
	if m.ID.ValueString() != "19:c@thread.v2/t1" || !m.WebURL.IsNull() || !m.Configuration.WebsiteURL.IsNull() || !m.Configuration.RemoveURL.IsNull() {
		t.Errorf("flatten: %+v %+v", m, m.Configuration)
	}
	back, diags := m.expand(context.Background())
	if diags.HasError() || back != d {
		t.Errorf("round trip: %+v %v", back, diags)
	}
}
