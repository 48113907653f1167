package provider

// Restoring a deleted group chat instead of recreating it. Graph keeps a deleted chat for seven
// days, and an administrator (an application with Chat.ManageDeletion.All) can bring it back with
// its id, history, members, apps and tabs (POST /teamwork/deletedChats/{id}/undoDelete). When a
// refresh finds a group chat gone, teams_chat asks GET /teamwork/deletedChats/{id}: a chat that is
// still restorable stays in state with `deleted = true`, the plan shows an in-place update to
// `deleted = false` with a warning, and apply restores it and waits until it reads. Nothing that
// refers to the chat id is replaced, and the chat's member, app and tab resources keep their state
// while the chat is restorable (chatKeptDeleted). `restore_deleted = false` recreates as before.

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// restoreAttributes are teams_chat's attributes of restoring a deleted chat.
func restoreAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"deleted": schema.BoolAttribute{
			Computed: true,
			MarkdownDescription: "`true` when the last refresh found the group chat deleted in Teams and still restorable (Graph keeps a " +
				"deleted chat for seven days). The plan then shows `deleted` going to `false`, an in-place update with a warning, and " +
				"apply restores the chat (`POST /teamwork/deletedChats/{id}/undoDelete`) under its id, with its history, members, apps " +
				"and tabs as Teams restores them.",
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		"restore_deleted": schema.BoolAttribute{
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(true),
			MarkdownDescription: "Whether a group chat found deleted in Teams, and still restorable, is restored in place (`true`, the " +
				"default) or created anew, empty and with a new id (`false`). Restoring reads and restores deleted chats, which needs the " +
				"application permission `Chat.ManageDeletion.All`; without it, or when the provider signs in as a user (Microsoft allows " +
				"restores to administrators only), the chat is created anew and the warning says why. One-on-one chats are created " +
				"again, not restored.",
		},
	}
}

// errCannotRestore is restorable's answer when this provider's token may not restore chats at all.
type errCannotRestore struct{ reason string }

func (e errCannotRestore) Error() string { return e.reason }

// restorable is the one answer to "can this provider restore the deleted chat?", for teams_chat
// and the resources inside a chat alike: nil when its token allows restores (a plan must not
// promise what apply cannot do) and Graph still keeps the chat; otherwise why not (errCannotRestore,
// or GetDeletedChat's error: 403, 404 past the seven days).
func restorable(ctx context.Context, client *graph.Client, chatID string) error {
	if rules.CheckGroupChatID(chatID) != "" {
		return errCannotRestore{"one-on-one chats are created again, not restored"}
	}
	if ok, reason := client.MayRestoreChats(ctx); !ok {
		return errCannotRestore{reason}
	}
	_, err := client.GetDeletedChat(ctx, chatID)
	return err
}

// keepDeleted is Read's answer to a chat found gone: when it is a group chat that this provider
// can restore and restore_deleted is on, state keeps it with deleted = true and kept is true.
// Otherwise note completes the "Chat Not Found" warning ("" when there is nothing to add).
func keepDeleted(ctx context.Context, client *graph.Client, prior chatData) (kept bool, note string) {
	if prior.ChatType != graph.ChatTypeGroup || !prior.Restore {
		return false, ""
	}
	err := restorable(ctx, client, prior.ID)
	var cannot errCannotRestore
	switch {
	case err == nil:
		return true, ""
	case errors.As(err, &cannot):
		return false, " It may still be restorable, but not by this provider: " + cannot.reason
	case graph.IsForbidden(err):
		return false, " Microsoft Graph refused to say whether the chat can still be restored: reading and restoring deleted chats " +
			"needs the application permission Chat.ManageDeletion.All, with which the provider would have restored it in place " +
			"under its id."
	case graph.IsNotFound(err):
		return false, " It can no longer be restored (Microsoft Graph keeps deleted chats for seven days)."
	default:
		return false, fmt.Sprintf(" Whether it can still be restored could not be read: %s", sentence(err.Error()))
	}
}

// planRestore plans the restore of a chat state holds as deleted: deleted goes to false in place,
// with a warning, and what Graph may change on the way back (the last update time, the membership
// ids) is known after apply. With restore_deleted = false the chat is replaced instead.
func (r *ChatResource) planRestore(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var deleted, restore types.Bool
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("deleted"), &deleted)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("restore_deleted"), &restore)...)
	if resp.Diagnostics.HasError() || !deleted.ValueBool() {
		return
	}
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("deleted"), false)...)
	if restore.IsUnknown() || !restore.ValueBool() {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("deleted"))
		resp.Diagnostics.AddWarning("Deleted Chat Will Be Recreated",
			fmt.Sprintf("Chat %s was deleted in Microsoft Teams and could still be restored, but restore_deleted is false: apply creates a new, empty chat with a new id, and replaces what refers to the old one.", id.ValueString()))
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("last_updated_date_time"), timetypes.NewRFC3339Unknown())...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("member_details"), types.MapUnknown(types.ObjectType{AttrTypes: memberDetailAttrTypes}))...)
	resp.Diagnostics.AddWarning("Deleted Chat Will Be Restored",
		fmt.Sprintf("Chat %s was deleted in Microsoft Teams. Apply restores it in place (POST /teamwork/deletedChats/{id}/undoDelete) under its id, reads back what Teams restored, then makes any other change the plan shows. Set restore_deleted = false to create a new chat instead.", id.ValueString()))
}

// restore brings a chat state holds as deleted back, and waits until it reads.
func restore(ctx context.Context, client *graph.Client, id string, diags *diag.Diagnostics) bool {
	err := client.RestoreDeletedChat(ctx, id)
	if err == nil {
		_, err = client.WaitChatRestored(ctx, id)
	}
	if err == nil {
		return true
	}
	detail := fmt.Sprintf("Restoring chat %s failed: %s", id, sentence(err.Error()))
	switch {
	case graph.IsForbidden(err):
		detail += " Restoring deleted chats needs the application permission Chat.ManageDeletion.All (with delegated permissions, a Teams or tenant administrator). Set restore_deleted = false to create a new chat instead."
	case graph.IsNotFound(err):
		detail += " The chat can no longer be restored (Microsoft Graph keeps deleted chats for seven days): refresh, and the next plan creates it anew."
	}
	diags.AddError("Unable To Restore Chat", detail)
	return false
}

// chatKeptDeleted is the answer of a resource inside a chat that is gone: true when the chat is
// deleted but still restorable, so that the member, app or tab keeps its state (restoring the chat
// brings it back) with a warning, rather than leaving state and being created again in a chat
// that teams_chat is about to restore.
func chatKeptDeleted(ctx context.Context, client *graph.Client, chatID string, diags *diag.Diagnostics) bool {
	if restorable(ctx, client, chatID) != nil {
		return false
	}
	diags.AddWarning("Chat Deleted In Teams",
		fmt.Sprintf("Chat %s was deleted in Microsoft Teams and can still be restored, so this resource stays in state as it was: restoring the chat (teams_chat does it in place, by default) brings it back. If nothing restores the chat, the resource leaves state once Microsoft Graph stops keeping the chat (seven days).", chatID))
	return true
}
