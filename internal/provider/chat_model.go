package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// chatResourceModel is teams_chat's Terraform data.
type chatResourceModel struct {
	ID                  types.String      `tfsdk:"id"`
	ChatType            types.String      `tfsdk:"chat_type"`
	Topic               types.String      `tfsdk:"topic"`
	Members             types.Set         `tfsdk:"members"`
	MembersExclusive    types.Bool        `tfsdk:"members_exclusive"`
	MemberDetails       types.Map         `tfsdk:"member_details"`
	DeletionBehavior    types.String      `tfsdk:"deletion_behavior"`
	TenantID            types.String      `tfsdk:"tenant_id"`
	WebURL              types.String      `tfsdk:"web_url"`
	CreatedDateTime     timetypes.RFC3339 `tfsdk:"created_date_time"`
	LastUpdatedDateTime timetypes.RFC3339 `tfsdk:"last_updated_date_time"`
	Deleted             types.Bool        `tfsdk:"deleted"`
	RestoreDeleted      types.Bool        `tfsdk:"restore_deleted"`
	Timeouts            timeouts.Value    `tfsdk:"timeouts"`
}

func (m *chatResourceModel) timeoutsValue() timeouts.Value { return m.Timeouts }

// memberModel is one element of `members`.
type memberModel struct {
	User                        types.String `tfsdk:"user"`
	Roles                       types.Set    `tfsdk:"roles"`
	TenantID                    types.String `tfsdk:"tenant_id"`
	VisibleHistoryStartDateTime rfc3339      `tfsdk:"visible_history_start_date_time"`
}

// memberDetailModel is one value of `member_details`.
type memberDetailModel struct {
	UserID       types.String `tfsdk:"user_id"`
	MembershipID types.String `tfsdk:"membership_id"`
	DisplayName  types.String `tfsdk:"display_name"`
}

var memberAttrTypes = map[string]attr.Type{
	"user":                            types.StringType,
	"roles":                           types.SetType{ElemType: types.StringType},
	"tenant_id":                       types.StringType,
	"visible_history_start_date_time": rfc3339Type{},
}

var memberDetailAttrTypes = map[string]attr.Type{
	"user_id":       types.StringType,
	"membership_id": types.StringType,
	"display_name":  types.StringType,
}

// memberConfig is a member in plain Go: the user as written in the configuration.
type memberConfig struct {
	User     string
	Role     string
	TenantID string
	History  string // RFC 3339, "" = not set
}

// memberDetail is what Graph resolved for a member.
type memberDetail struct {
	UserID, MembershipID, DisplayName string
}

// chatData is a chat as the resource sees it, in plain Go: what the configuration asks for or
// what Graph holds, with each member in the form it is written in. It is not Terraform state (that
// is chatResourceModel): expand reads a model into it and flatten writes it back, so that the
// rules in between are pure and table-tested.
type chatData struct {
	ID, ChatType, Topic, TenantID, WebURL, Created, LastUpdated, DeletionBehavior string
	Members                                                                       []memberConfig
	// Exclusive is members_exclusive: Members are all the chat's members (true), or only those
	// the configuration lists, others being left alone (false).
	Exclusive bool
	// Details is keyed by memberConfig.User as written.
	Details map[string]memberDetail
	// Deleted: the last read found the chat deleted in Teams and still restorable (chat_restore.go).
	Deleted bool
	// Restore is restore_deleted: a deleted group chat is restored in place rather than recreated.
	Restore bool
}

// defaultDeletionBehavior: a one-on-one chat is two people's own conversation, which Graph hands
// back when it already exists, so destroying the resource leaves it alone by default.
func defaultDeletionBehavior(chatType string) string {
	if chatType == graph.ChatTypeOneOnOne {
		return "forget"
	}
	return "delete"
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// newChatSpec converts the planned chat into the Graph room's create request.
func newChatSpec(s chatData) graph.ChatSpec {
	spec := graph.ChatSpec{ChatType: s.ChatType, Topic: s.Topic}
	for _, m := range s.Members {
		spec.Members = append(spec.Members, newMemberSpec(m))
	}
	return spec
}

func newMemberSpec(m memberConfig) graph.MemberSpec {
	ms := graph.MemberSpec{User: m.User, Role: m.Role, TenantID: m.TenantID}
	if m.History != "" {
		if t, err := time.Parse(time.RFC3339, m.History); err == nil {
			ms.VisibleHistoryStartDateTime = &t
		}
	}
	return ms
}

// memberUserID is the object id a configured member stands for, when known without Graph:
// from the details Graph gave before, from resolved, or the value itself when it is a GUID.
func memberUserID(m memberConfig, details map[string]memberDetail, resolved map[string]string) string {
	if d, ok := details[m.User]; ok && d.UserID != "" {
		return d.UserID
	}
	if id, ok := resolved[rules.NormalizeUser(m.User)]; ok {
		return id
	}
	if rules.IsGUID(m.User) {
		return m.User
	}
	return ""
}

// chatDataFromGraph converts a chat read from Graph into state. Members keep the form they were
// written in (UPN or object id): a member of prior is matched to Graph's member by object id
// (from prior.Details, resolved, or the GUID itself) or, for a UPN, by the member's email.
// Members Graph no longer has are dropped; members only Graph has are added by object id when
// prior.Exclusive, and left out otherwise (someone else manages them).
func chatDataFromGraph(chat graph.Chat, prior chatData, resolved map[string]string) chatData {
	out := chatData{
		ID:               chat.ID,
		ChatType:         chat.ChatType,
		TenantID:         chat.TenantID,
		WebURL:           chat.WebURL,
		Created:          formatTime(chat.CreatedDateTime),
		LastUpdated:      formatTime(chat.LastUpdatedDateTime),
		DeletionBehavior: prior.DeletionBehavior,
		Exclusive:        prior.Exclusive,
		Restore:          prior.Restore,
		Details:          map[string]memberDetail{},
	}
	if chat.ChatType == graph.ChatTypeGroup {
		out.Topic = chat.Topic
	}
	if out.DeletionBehavior == "" {
		out.DeletionBehavior = defaultDeletionBehavior(chat.ChatType)
	}
	byID := map[string]int{}
	byEmail := map[string]int{}
	for i, m := range chat.Members {
		byID[strings.ToLower(m.UserID)] = i
		if m.Email != "" {
			byEmail[strings.ToLower(m.Email)] = i
		}
	}
	used := map[int]bool{}
	for _, pm := range prior.Members {
		var idx int
		var ok bool
		if uid := memberUserID(pm, prior.Details, resolved); uid != "" {
			idx, ok = byID[strings.ToLower(uid)]
		} else {
			idx, ok = byEmail[rules.NormalizeUser(pm.User)]
		}
		if !ok || used[idx] {
			continue
		}
		used[idx] = true
		gm := chat.Members[idx]
		out.Members = append(out.Members, memberConfig{User: pm.User, Role: gm.Role(), TenantID: pm.TenantID, History: pm.History})
		out.Details[pm.User] = memberDetail{UserID: gm.UserID, MembershipID: gm.MembershipID, DisplayName: gm.DisplayName}
	}
	for i, gm := range chat.Members {
		if used[i] || !out.Exclusive {
			continue
		}
		mc := memberConfig{User: gm.UserID, Role: gm.Role()}
		if gm.TenantID != "" && !strings.EqualFold(gm.TenantID, chat.TenantID) {
			mc.TenantID = gm.TenantID
		}
		out.Members = append(out.Members, mc)
		out.Details[gm.UserID] = memberDetail{UserID: gm.UserID, MembershipID: gm.MembershipID, DisplayName: gm.DisplayName}
	}
	sort.Slice(out.Members, func(i, j int) bool { return out.Members[i].User < out.Members[j].User })
	return out
}

// unresolvedUsers lists the UPNs of prior that neither details nor Graph's member emails match:
// these need a directory lookup.
func unresolvedUsers(chat graph.Chat, prior chatData) []string {
	emails := map[string]bool{}
	for _, m := range chat.Members {
		emails[strings.ToLower(m.Email)] = true
	}
	var out []string
	for _, pm := range prior.Members {
		if memberUserID(pm, prior.Details, nil) == "" && !emails[rules.NormalizeUser(pm.User)] {
			out = append(out, pm.User)
		}
	}
	return out
}

// memberChanges is what Update must do to the roster.
type memberChanges struct {
	Add    []memberConfig
	Remove []memberDetail // by membership id
	// Reroles are members whose role changes: removed, then added again with their history.
	Reroles []memberConfig
}

// planMemberChanges compares the members in state (with their details) with the planned members,
// whose object ids resolved gives (keyed by normalized user). The same person written as a UPN in
// one and as an object id in the other is the same member: no change. Every member in state that
// the plan leaves out is removed, whatever members_exclusive says: the plan shows them removed, and
// apply does what the plan shows. With members_exclusive = false state holds only the members the
// configuration listed, so people added any other way are never in state and never removed.
func planMemberChanges(state chatData, planned []memberConfig, resolved map[string]string) memberChanges {
	var ch memberChanges
	current := map[string]memberConfig{}
	currentDetail := map[string]memberDetail{}
	for _, m := range state.Members {
		id := strings.ToLower(memberUserID(m, state.Details, resolved))
		current[id] = m
		currentDetail[id] = state.Details[m.User]
	}
	wanted := map[string]bool{}
	for _, m := range planned {
		id := strings.ToLower(memberUserID(m, state.Details, resolved))
		wanted[id] = true
		cur, ok := current[id]
		switch {
		case !ok:
			ch.Add = append(ch.Add, m)
		case cur.Role != m.Role:
			ch.Reroles = append(ch.Reroles, m)
		}
	}
	for id, d := range currentDetail {
		if !wanted[id] {
			ch.Remove = append(ch.Remove, d)
		}
	}
	sort.Slice(ch.Remove, func(i, j int) bool { return ch.Remove[i].UserID < ch.Remove[j].UserID })
	return ch
}

// isFederated reports whether a member in state belongs to another organisation than the chat.
func isFederated(m memberConfig, chatTenant string) bool {
	return m.TenantID != "" && !strings.EqualFold(m.TenantID, chatTenant)
}

// unremovableMembers lists, for the plan-time error, the members of another organisation whom
// changes would remove: taken out of members, or given another role (which removes and adds them
// again). Graph does not remove such members (graph.MemberNotRemovableError).
func unremovableMembers(state chatData, ch memberChanges, resolved map[string]string) []string {
	byID := map[string]memberConfig{}
	for _, m := range state.Members {
		byID[strings.ToLower(memberUserID(m, state.Details, resolved))] = m
	}
	var out []string
	for _, d := range ch.Remove {
		if m, ok := byID[strings.ToLower(d.UserID)]; ok && isFederated(m, state.TenantID) {
			out = append(out, fmt.Sprintf("%q (tenant %s) is taken out of members", m.User, m.TenantID))
		}
	}
	for _, p := range ch.Reroles {
		if m, ok := byID[strings.ToLower(memberUserID(p, state.Details, resolved))]; ok && isFederated(m, state.TenantID) {
			out = append(out, fmt.Sprintf("%q (tenant %s) changes role from %q to %q, which removes and adds them again", m.User, m.TenantID, m.Role, p.Role))
		}
	}
	return out
}

// expand reads the Terraform values of m into chatData.
func (m *chatResourceModel) expand(ctx context.Context) (chatData, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := chatData{
		ID:               m.ID.ValueString(),
		ChatType:         m.ChatType.ValueString(),
		Topic:            m.Topic.ValueString(),
		TenantID:         m.TenantID.ValueString(),
		WebURL:           m.WebURL.ValueString(),
		Created:          m.CreatedDateTime.ValueString(),
		LastUpdated:      m.LastUpdatedDateTime.ValueString(),
		DeletionBehavior: m.DeletionBehavior.ValueString(),
		// Null in state written before members_exclusive existed: those chats were exclusive.
		Exclusive: m.MembersExclusive.IsNull() || m.MembersExclusive.IsUnknown() || m.MembersExclusive.ValueBool(),
		Details:   map[string]memberDetail{},
		Deleted:   m.Deleted.ValueBool(),
		// Null in state written before restore_deleted existed: its default.
		Restore: m.RestoreDeleted.IsNull() || m.RestoreDeleted.IsUnknown() || m.RestoreDeleted.ValueBool(),
	}
	if !m.Members.IsNull() && !m.Members.IsUnknown() {
		var members []memberModel
		diags.Append(m.Members.ElementsAs(ctx, &members, false)...)
		for _, mm := range members {
			var roles []string
			diags.Append(mm.Roles.ElementsAs(ctx, &roles, false)...)
			role := ""
			if len(roles) > 0 {
				role = roles[0]
			}
			s.Members = append(s.Members, memberConfig{
				User: mm.User.ValueString(), Role: role,
				TenantID: mm.TenantID.ValueString(), History: mm.VisibleHistoryStartDateTime.ValueString(),
			})
		}
	}
	if !m.MemberDetails.IsNull() && !m.MemberDetails.IsUnknown() {
		// A plan knows the details of members who stay; a new member's are unknown, and left out.
		for k, v := range m.MemberDetails.Elements() {
			obj, ok := v.(types.Object)
			if !ok || obj.IsNull() || obj.IsUnknown() {
				continue
			}
			var d memberDetailModel
			diags.Append(obj.As(ctx, &d, basetypes.ObjectAsOptions{})...)
			s.Details[k] = memberDetail{UserID: d.UserID.ValueString(), MembershipID: d.MembershipID.ValueString(), DisplayName: d.DisplayName.ValueString()}
		}
	}
	return s, diags
}

func optString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// flatten writes s into m, keeping m's timeouts.
func (m *chatResourceModel) flatten(s chatData) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(s.ID)
	m.ChatType = types.StringValue(s.ChatType)
	m.Topic = optString(s.Topic)
	m.TenantID = types.StringValue(s.TenantID)
	m.WebURL = types.StringValue(s.WebURL)
	m.CreatedDateTime = optTime(s.Created, &diags)
	m.LastUpdatedDateTime = optTime(s.LastUpdated, &diags)
	m.DeletionBehavior = types.StringValue(s.DeletionBehavior)
	m.MembersExclusive = types.BoolValue(s.Exclusive)
	m.Deleted = types.BoolValue(s.Deleted)
	m.RestoreDeleted = types.BoolValue(s.Restore)

	ctx := context.Background()
	members := make([]memberModel, 0, len(s.Members))
	for _, mc := range s.Members {
		roles, d := types.SetValueFrom(ctx, types.StringType, []string{mc.Role})
		diags.Append(d...)
		members = append(members, memberModel{
			User: types.StringValue(mc.User), Roles: roles,
			TenantID: optString(mc.TenantID), VisibleHistoryStartDateTime: rfc3339{optTime(mc.History, &diags)},
		})
	}
	set, d := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: memberAttrTypes}, members)
	diags.Append(d...)
	m.Members = set

	mv, d := memberDetailsValue(s.Details)
	diags.Append(d...)
	m.MemberDetails = mv
	return diags
}

// memberDetailsValue converts details into the member_details map.
func memberDetailsValue(details map[string]memberDetail) (types.Map, diag.Diagnostics) {
	models := make(map[string]memberDetailModel, len(details))
	for k, v := range details {
		models[k] = memberDetailModel{
			UserID: types.StringValue(v.UserID), MembershipID: types.StringValue(v.MembershipID), DisplayName: types.StringValue(v.DisplayName),
		}
	}
	return types.MapValueFrom(context.Background(), types.ObjectType{AttrTypes: memberDetailAttrTypes}, models)
}

// optTime is an RFC 3339 value, null for "".
func optTime(s string, diags *diag.Diagnostics) timetypes.RFC3339 {
	if s == "" {
		return timetypes.NewRFC3339Null()
	}
	v, d := timetypes.NewRFC3339Value(s)
	diags.Append(d...)
	return v
}
