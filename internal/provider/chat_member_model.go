package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// chatMemberResourceModel is teams_chat_member's Terraform data.
type chatMemberResourceModel struct {
	ID                          types.String   `tfsdk:"id"`
	ChatID                      types.String   `tfsdk:"chat_id"`
	User                        types.String   `tfsdk:"user"`
	Role                        types.String   `tfsdk:"role"`
	TenantID                    types.String   `tfsdk:"tenant_id"`
	VisibleHistoryStartDateTime rfc3339        `tfsdk:"visible_history_start_date_time"`
	UserID                      types.String   `tfsdk:"user_id"`
	MembershipID                types.String   `tfsdk:"membership_id"`
	DisplayName                 types.String   `tfsdk:"display_name"`
	Timeouts                    timeouts.Value `tfsdk:"timeouts"`
}

func (m *chatMemberResourceModel) timeoutsValue() timeouts.Value { return m.Timeouts }

// chatMemberData is a chat member as the resource sees it, in plain Go: what the configuration asks
// for or what Graph holds, with the user in the form it is written in. expand reads a model into
// it and flatten writes it back, so that the conversions between are pure and table-tested.
type chatMemberData struct {
	ChatID, User, Role, TenantID string
	// History is the time from which the member sees the chat's history; the zero time is all of it.
	History                           time.Time
	UserID, MembershipID, DisplayName string
}

// expand reads the Terraform values of m into chatMemberData.
func (m *chatMemberResourceModel) expand(context.Context) (chatMemberData, diag.Diagnostics) {
	var diags diag.Diagnostics
	d := chatMemberData{
		ChatID: m.ChatID.ValueString(), User: m.User.ValueString(), Role: m.Role.ValueString(), TenantID: m.TenantID.ValueString(),
		UserID: m.UserID.ValueString(), MembershipID: m.MembershipID.ValueString(), DisplayName: m.DisplayName.ValueString(),
	}
	if !m.VisibleHistoryStartDateTime.IsNull() && !m.VisibleHistoryStartDateTime.IsUnknown() {
		t, dd := m.VisibleHistoryStartDateTime.ValueRFC3339Time()
		diags.Append(dd...)
		d.History = t
	}
	return d, diags
}

// flatten writes d into m, keeping m's timeouts. The history is null for "all of it".
func (m *chatMemberResourceModel) flatten(d chatMemberData) {
	m.ID = types.StringValue(memberImport.id(d.ChatID, d.UserID))
	m.ChatID = types.StringValue(d.ChatID)
	m.User = types.StringValue(d.User)
	m.Role = types.StringValue(d.Role)
	m.TenantID = optString(d.TenantID)
	m.UserID = types.StringValue(d.UserID)
	m.MembershipID = types.StringValue(d.MembershipID)
	m.DisplayName = types.StringValue(d.DisplayName)
	if d.History.IsZero() {
		m.VisibleHistoryStartDateTime = newRFC3339Null()
	} else {
		m.VisibleHistoryStartDateTime = newRFC3339Time(d.History.UTC())
	}
}

// chatMemberDataFromGraph is prior with what Graph holds of the member: the user keeps the form
// it is written in, and the tenant the value configured.
func chatMemberDataFromGraph(prior chatMemberData, gm graph.Member) chatMemberData {
	out := prior
	out.UserID, out.MembershipID, out.DisplayName, out.Role = gm.UserID, gm.MembershipID, gm.DisplayName, gm.Role()
	out.History = time.Time{}
	if h := gm.VisibleHistoryStartDateTime; h != nil {
		out.History = *h
	}
	return out
}

// spec is the member to add; history is always sent (zero = all of it), so that Graph's
// undocumented default (the emulator's: from now on) never decides.
func (d chatMemberData) spec() graph.MemberSpec {
	history := d.History
	return graph.MemberSpec{User: d.User, Role: d.Role, TenantID: d.TenantID, VisibleHistoryStartDateTime: &history}
}

// memberMatches reports whether Graph's member has what the plan asks for.
func memberMatches(gm graph.Member, want graph.MemberSpec) bool {
	var have time.Time
	if gm.VisibleHistoryStartDateTime != nil {
		have = *gm.VisibleHistoryStartDateTime
	}
	return gm.Role() == want.Role && have.Equal(*want.VisibleHistoryStartDateTime)
}
