package provider

import (
	"context"
	"testing"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// TestChatAppInstallationDataFromGraph: the app id keeps the case it is written in; another app id,
// and the installation's id, name and version, are Graph's.
func TestChatAppInstallationDataFromGraph(t *testing.T) {
	prior := chatAppInstallationData{ChatID: "19:c@thread.v2", AppID: "ABC-app"}
	in := graph.Installation{ID: "i1", AppID: "abc-app", AppDisplayName: "Board", Version: "1.2.0"}
	want := chatAppInstallationData{ChatID: "19:c@thread.v2", AppID: "ABC-app", InstallationID: "i1", AppDisplayName: "Board", AppVersion: "1.2.0"}
	if got := chatAppInstallationDataFromGraph(prior, in); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	in.AppID = "other-app"
	if got := chatAppInstallationDataFromGraph(prior, in); got.AppID != "other-app" {
		t.Errorf("another app id is not Graph's: %+v", got)
	}
}

// TestChatAppInstallationModelRoundTrip: data written to the model and read back is unchanged,
// with `<chat_id>/<installation_id>` as id; upgrade stays as configured.
func TestChatAppInstallationModelRoundTrip(t *testing.T) {
	d := chatAppInstallationData{ChatID: "19:c@thread.v2", AppID: "a", InstallationID: "i1", AppDisplayName: "Board", AppVersion: "1.0.0"}
	var m chatAppInstallationModel
	m.flatten(d)
	back, diags := m.expand(context.Background())
	if diags.HasError() || back != d || m.ID.ValueString() != "19:c@thread.v2/i1" || !m.Upgrade.IsNull() {
		t.Errorf("round trip: %+v, %+v %v", m, back, diags)
	}
}
