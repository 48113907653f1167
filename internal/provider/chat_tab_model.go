package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// chatTabModel is teams_chat_tab's Terraform data.
type chatTabModel struct {
	ID            types.String    `tfsdk:"id"`
	ChatID        types.String    `tfsdk:"chat_id"`
	TeamsAppID    types.String    `tfsdk:"teams_app_id"`
	DisplayName   types.String    `tfsdk:"display_name"`
	Configuration *tabConfigModel `tfsdk:"configuration"`
	TabID         types.String    `tfsdk:"tab_id"`
	WebURL        types.String    `tfsdk:"web_url"`
	Timeouts      timeouts.Value  `tfsdk:"timeouts"`
}

// tabConfigModel is the tab's `configuration`.
type tabConfigModel struct {
	EntityID   types.String `tfsdk:"entity_id"`
	ContentURL types.String `tfsdk:"content_url"`
	WebsiteURL types.String `tfsdk:"website_url"`
	RemoveURL  types.String `tfsdk:"remove_url"`
}

func (m *chatTabModel) timeoutsValue() timeouts.Value { return m.Timeouts }

// chatTabData is a tab as the resource sees it, in plain Go: what the configuration asks for or
// what Graph holds. expand reads a model into it and flatten writes it back.
type chatTabData struct {
	ChatID, TabID, AppID, DisplayName, WebURL string
	Configuration                             graph.TabConfiguration
}

// expand reads the Terraform values of m into chatTabData.
//
//nolint:unparam // crud's model interface: teams_chat's and teams_chat_member's expand report diagnostics.
func (m *chatTabModel) expand(context.Context) (chatTabData, diag.Diagnostics) {
	d := chatTabData{
		ChatID: m.ChatID.ValueString(), TabID: m.TabID.ValueString(), AppID: m.TeamsAppID.ValueString(),
		DisplayName: m.DisplayName.ValueString(), WebURL: m.WebURL.ValueString(),
	}
	if c := m.Configuration; c != nil {
		d.Configuration = graph.TabConfiguration{EntityID: c.EntityID.ValueString(), ContentURL: c.ContentURL.ValueString(),
			WebsiteURL: c.WebsiteURL.ValueString(), RemoveURL: c.RemoveURL.ValueString()}
	}
	return d, nil
}

// flatten writes d into m, keeping m's timeouts. Optional values Graph leaves empty are null.
func (m *chatTabModel) flatten(d chatTabData) {
	m.ID = types.StringValue(tabImport.id(d.ChatID, d.TabID))
	m.ChatID = types.StringValue(d.ChatID)
	m.TabID = types.StringValue(d.TabID)
	m.TeamsAppID = types.StringValue(d.AppID)
	m.DisplayName = types.StringValue(d.DisplayName)
	m.WebURL = optString(d.WebURL)
	c := d.Configuration
	m.Configuration = &tabConfigModel{EntityID: optString(c.EntityID), ContentURL: types.StringValue(c.ContentURL),
		WebsiteURL: optString(c.WebsiteURL), RemoveURL: optString(c.RemoveURL)}
}

// chatTabDataFromGraph is prior with what Graph holds of the tab. The app id keeps the case it is
// written in; another app id is Graph's.
func chatTabDataFromGraph(prior chatTabData, t graph.Tab) chatTabData {
	out := prior
	out.TabID, out.DisplayName, out.WebURL, out.Configuration = t.ID, t.DisplayName, t.WebURL, t.Configuration
	if t.AppID != "" && !strings.EqualFold(t.AppID, prior.AppID) {
		out.AppID = t.AppID
	}
	return out
}

// spec is the tab to pin, or the changes to make to one.
func (d chatTabData) spec() graph.TabSpec {
	return graph.TabSpec{AppID: d.AppID, DisplayName: d.DisplayName, Configuration: d.Configuration}
}
