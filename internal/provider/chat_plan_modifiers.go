package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// stateUnlessChanged keeps a computed value from state while none of the watched attributes
// changes. It exists because UseStateForUnknown would also keep last_updated_date_time and
// member_details across a rename or a member change, when Graph will in fact change them;
// and leaving them always unknown would make every plan noisy.
type stateUnlessChanged struct {
	watched []string // root attribute names
}

func (m stateUnlessChanged) Description(context.Context) string {
	return "Keeps the value in state unless one of the attributes it depends on changes."
}

func (m stateUnlessChanged) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

// watchedUnchanged compares the watched attributes between state and plan on the raw Terraform
// values: cheaper than converting them (members is a set of objects) on every plan.
func watchedUnchanged(watched []string, state tfsdk.State, plan tfsdk.Plan) bool {
	for _, name := range watched {
		p := tftypes.NewAttributePath().WithAttributeName(name)
		sv, _, err1 := tftypes.WalkAttributePath(state.Raw, p)
		pv, _, err2 := tftypes.WalkAttributePath(plan.Raw, p)
		if err1 != nil || err2 != nil {
			return false
		}
		s, ok1 := sv.(tftypes.Value)
		pl, ok2 := pv.(tftypes.Value)
		if !ok1 || !ok2 || !s.Equal(pl) {
			return false
		}
	}
	return true
}

// PlanModifyString implements planmodifier.String.
func (m stateUnlessChanged) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	if watchedUnchanged(m.watched, req.State, req.Plan) {
		resp.PlanValue = req.StateValue
	}
}

// PlanModifyMap implements planmodifier.Map.
func (m stateUnlessChanged) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	if req.StateValue.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	if watchedUnchanged(m.watched, req.State, req.Plan) {
		resp.PlanValue = req.StateValue
	}
}

// deletionBehaviorDefault fills deletion_behavior from chat_type when the configuration leaves it
// out. A static default cannot do this: the right default depends on another attribute.
type deletionBehaviorDefault struct{}

func (deletionBehaviorDefault) Description(context.Context) string {
	return "Defaults to delete for group chats and forget for oneOnOne chats."
}

func (d deletionBehaviorDefault) MarkdownDescription(ctx context.Context) string {
	return d.Description(ctx)
}

func (deletionBehaviorDefault) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	var chatType types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("chat_type"), &chatType)...)
	if chatType.IsUnknown() || chatType.IsNull() {
		return
	}
	resp.PlanValue = types.StringValue(defaultDeletionBehavior(chatType.ValueString()))
}

// membersReplaceOnOneOnOne: Graph keeps a oneOnOne chat's two members fixed, so changing them
// means a different chat.
func membersReplaceOnOneOnOne() planmodifier.Set {
	return setplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.SetRequest, resp *setplanmodifier.RequiresReplaceIfFuncResponse) {
		var chatType types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("chat_type"), &chatType)...)
		resp.RequiresReplace = chatType.ValueString() == "oneOnOne"
	}, "Changing the members of a oneOnOne chat replaces it: Graph keeps its two members fixed.",
		"Changing the members of a `oneOnOne` chat replaces it: Graph keeps its two members fixed.")
}
