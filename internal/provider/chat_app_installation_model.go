package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// chatAppInstallationModel is teams_chat_app_installation's Terraform data.
type chatAppInstallationModel struct {
	ID             types.String   `tfsdk:"id"`
	ChatID         types.String   `tfsdk:"chat_id"`
	TeamsAppID     types.String   `tfsdk:"teams_app_id"`
	Upgrade        types.Bool     `tfsdk:"upgrade"`
	InstallationID types.String   `tfsdk:"installation_id"`
	AppDisplayName types.String   `tfsdk:"app_display_name"`
	AppVersion     types.String   `tfsdk:"app_version"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

func (m *chatAppInstallationModel) timeoutsValue() timeouts.Value { return m.Timeouts }

// chatAppInstallationData is an app installation as the resource sees it, in plain Go: what the
// configuration asks for or what Graph holds. expand reads a model into it and flatten writes it
// back (upgrade, a switch of the provider's, and the timeouts stay in the model).
type chatAppInstallationData struct {
	ChatID, AppID                              string
	InstallationID, AppDisplayName, AppVersion string
}

// expand reads the Terraform values of m into chatAppInstallationData.
//
//nolint:unparam // crud's model interface: teams_chat's and teams_chat_member's expand report diagnostics.
func (m *chatAppInstallationModel) expand(context.Context) (chatAppInstallationData, diag.Diagnostics) {
	return chatAppInstallationData{
		ChatID: m.ChatID.ValueString(), AppID: m.TeamsAppID.ValueString(),
		InstallationID: m.InstallationID.ValueString(), AppDisplayName: m.AppDisplayName.ValueString(), AppVersion: m.AppVersion.ValueString(),
	}, nil
}

// flatten writes d into m, keeping m's upgrade and timeouts.
func (m *chatAppInstallationModel) flatten(d chatAppInstallationData) {
	m.ID = types.StringValue(installationImport.id(d.ChatID, d.InstallationID))
	m.ChatID = types.StringValue(d.ChatID)
	m.TeamsAppID = types.StringValue(d.AppID)
	m.InstallationID = types.StringValue(d.InstallationID)
	m.AppDisplayName = types.StringValue(d.AppDisplayName)
	m.AppVersion = types.StringValue(d.AppVersion)
}

// chatAppInstallationDataFromGraph is prior with what Graph holds of the installation. The app id
// keeps the case it is written in; another app id is Graph's.
func chatAppInstallationDataFromGraph(prior chatAppInstallationData, in graph.Installation) chatAppInstallationData {
	out := prior
	out.InstallationID, out.AppDisplayName, out.AppVersion = in.ID, in.AppDisplayName, in.Version
	if in.AppID != "" && !strings.EqualFold(in.AppID, prior.AppID) {
		out.AppID = in.AppID
	}
	return out
}
