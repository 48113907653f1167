package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// stateUnlessChanged keeps a computed value from state while none of the watched attributes
// changes. It exists because UseStateForUnknown would also keep last_updated_date_time and
// member_details across a rename or a member change, when Graph will in fact change them;
// and leaving them always unknown would make every plan noisy.
type stateUnlessChanged struct {
	watched []path.Path
}

func (m stateUnlessChanged) Description(context.Context) string {
	return "Keeps the value in state unless one of the attributes it depends on changes."
}

func (m stateUnlessChanged) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

// watchedUnchanged compares the watched attributes (strings or sets) between state and plan.
func watchedUnchanged(ctx context.Context, watched []path.Path, state tfsdk.State, plan tfsdk.Plan) bool {
	for _, p := range watched {
		var sv, pv attr.Value
		if p.Equal(path.Root("members")) {
			var s, pl types.Set
			if state.GetAttribute(ctx, p, &s).HasError() || plan.GetAttribute(ctx, p, &pl).HasError() {
				return false
			}
			sv, pv = s, pl
		} else {
			var s, pl types.String
			if state.GetAttribute(ctx, p, &s).HasError() || plan.GetAttribute(ctx, p, &pl).HasError() {
				return false
			}
			sv, pv = s, pl
		}
		if !sv.Equal(pv) {
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
	if watchedUnchanged(ctx, m.watched, req.State, req.Plan) {
		resp.PlanValue = req.StateValue
	}
}

// PlanModifyMap implements planmodifier.Map.
func (m stateUnlessChanged) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	if req.StateValue.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	if watchedUnchanged(ctx, m.watched, req.State, req.Plan) {
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
