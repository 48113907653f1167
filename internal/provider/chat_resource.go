package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

var (
	_ resource.Resource                   = &ChatResource{}
	_ resource.ResourceWithConfigure      = &ChatResource{}
	_ resource.ResourceWithImportState    = &ChatResource{}
	_ resource.ResourceWithValidateConfig = &ChatResource{}
	_ resource.ResourceWithModifyPlan     = &ChatResource{}
)

// NewChatResource returns the teams_chat resource.
func NewChatResource() resource.Resource {
	return &ChatResource{}
}

// ChatResource is teams_chat. Its model is in chat_model.go, ValidateConfig in chat_validators.go,
// ModifyPlan in chat_plan_modifiers.go; Configure and the CRUD prologue in chat_child_base.go.
type ChatResource struct {
	resourceBase
}

// Metadata sets the type name.
func (r *ChatResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_chat"
}

// Schema describes teams_chat.
func (r *ChatResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	watchMembers := stateUnlessChanged{watched: []string{"members"}}
	watchAll := stateUnlessChanged{watched: []string{"members", "topic"}}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Microsoft Teams chat, created with Microsoft Graph `POST /chats`: a `oneOnOne` chat between two people " +
			"or a `group` chat with a topic. Renames and member changes of group chats happen in place; a new chat type, or new " +
			"members of a oneOnOne chat, replace it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The chat id Graph assigned, such as `19:…@thread.v2` (group) or `19:…_…@unq.gbl.spaces` (oneOnOne).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"chat_type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The chat type: " + rules.Quote(rules.ChatTypes) + ". Changing it replaces the chat.",
				Validators:          []validator.String{stringvalidator.OneOf(rules.ChatTypes...)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"topic": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("The chat's title. Group chats only; at most %d characters and no `:`. Changing it renames the chat in place.",
					rules.MaxTopicLength),
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), newTopicValidator()},
			},
			"members": schema.SetNestedAttribute{
				Required: true,
				MarkdownDescription: fmt.Sprintf("The people in the chat: exactly %d for `oneOnOne`, at least %d for `group`. Include the signed-in user "+
					"when the provider authenticates as a user (delegated). Members of a group chat are added and removed in place. The plan "+
					"refuses the same person listed twice (as object id and user principal name), a user principal name the directory does not "+
					"know, and a change that would remove a member of another organisation (Graph does not remove them).",
					rules.OneOnOneMembers, rules.MinGroupMembers),
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"user": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "The user's object id (a GUID) or user principal name (`name@domain`).",
							Validators:          []validator.String{newUserValidator()},
						},
						"roles": schema.SetAttribute{
							Required:            true,
							ElementType:         types.StringType,
							MarkdownDescription: "Exactly one role: " + rules.Quote(rules.Roles) + ". Guests of your tenant must have `guest`. Changing a role removes and re-adds the member, keeping the history they could see.",
							Validators: []validator.Set{
								setvalidator.SizeBetween(1, 1),
								setvalidator.ValueStringsAre(stringvalidator.OneOf(rules.Roles...)),
							},
						},
						"tenant_id": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: "The tenant (GUID) of a user from another organisation (federated chat).",
							Validators:          []validator.String{newGUIDValidator()},
						},
						"visible_history_start_date_time": schema.StringAttribute{
							Optional: true,
							MarkdownDescription: "Used when the member is added to an existing group chat: the RFC 3339 time from which they see history " +
								"(`0001-01-01T00:00:00Z` = all of it). Ignored when the chat is created.",
							CustomType: rfc3339Type{},
							Validators: []validator.String{rfc3339Validator{}},
						},
					},
				},
			},
			"members_exclusive": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Whether `members` is the chat's whole member list. `true` (the default): anyone else in the chat is removed " +
					"on apply. `false`: the listed members are ensured, with their roles, and members added any other way (by hand in Teams, " +
					"or with `teams_chat_member`) are left alone and are not drift; taking someone out of `members` still removes them, and " +
					"a listed member removed in Teams is added again. In both, the plan shows every removal apply makes. Switching from `false` " +
					"to `true` removes nobody in that apply; the next plan shows the members added elsewhere, which its apply removes. Switching " +
					"from `true` to `false` removes the members state holds that `members` no longer lists, as the plan shows (under `true`, " +
					"state holds everyone in the chat). Import sets `true`.",
			},
			"member_details": schema.MapNestedAttribute{
				Computed: true,
				MarkdownDescription: "What Graph resolved for each member, keyed by `user` as written in `members`: the object id and the " +
					"membership id (used to remove the member). A plan that changes members keeps the details of members who stay; only new " +
					"members' details, and the membership id of a member whose role changes, are known after apply.",
				PlanModifiers: []planmodifier.Map{watchMembers},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"user_id":       schema.StringAttribute{Computed: true, MarkdownDescription: "The member's object id."},
						"membership_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The membership id (not the user id)."},
						"display_name":  schema.StringAttribute{Computed: true, MarkdownDescription: "The member's display name."},
					},
				},
			},
			"deletion_behavior": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "What destroying the resource does: `delete` soft-deletes the chat (an administrator can restore it for " +
					"7 days; needs `Chat.ManageDeletion.All`), `forget` leaves it in Teams and only drops it from " +
					"state. Defaults to `delete` for group chats and `forget` for oneOnOne chats, which are two people's own conversation.",
				Validators:    []validator.String{stringvalidator.OneOf(rules.DeletionBehaviors...)},
				PlanModifiers: []planmodifier.String{deletionBehaviorDefault{}},
			},
			"tenant_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The tenant the chat was created in.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"web_url": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "A link that opens the chat in Teams.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_date_time": schema.StringAttribute{
				Computed:            true,
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "When the chat was created (RFC 3339, UTC).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_updated_date_time": schema.StringAttribute{
				Computed:            true,
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "When the chat was last renamed or its members changed (RFC 3339, UTC).",
				PlanModifiers:       []planmodifier.String{watchAll},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
	for name, a := range restoreAttributes() {
		resp.Schema.Attributes[name] = a
	}
}

// Create makes the chat with one POST /chats, then reads it back with its members.
func (r *ChatResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer chatIdentity.sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	crud(ctx, &r.resourceBase, opCreate, &resp.Diagnostics, req.Plan, func(ctx context.Context, client *graph.Client, plan *chatResourceModel, want chatData) {
		r.create(ctx, client, *plan, want, resp)
	})
}

// create is Create once the plan is read and the client is at hand.
func (r *ChatResource) create(ctx context.Context, client *graph.Client, plan chatResourceModel, want chatData, resp *resource.CreateResponse) {
	resolver := graph.NewUserResolver(client, nil)
	created, err := client.CreateChatWithoutDuplicate(graph.WithUserResolver(ctx, resolver), newChatSpec(want))
	if err != nil {
		resp.Diagnostics.AddError("Unable To Create Chat", createErrorDetail(err))
		return
	}
	tflog.Info(ctx, "Created chat", map[string]any{"id": created.ID, "recovered": created.Recovered, "resent": created.Resent, "existed": created.Existed})
	if created.Resent && !created.Recovered {
		resp.Diagnostics.AddWarning("Chat Created After Resending",
			fmt.Sprintf("Creating the chat failed without a clear answer from Microsoft Graph, and no chat with this topic and these members appeared in the chat list within %s (Graph's lists are eventually consistent), so the request was sent again and made chat %s. If the first request made a chat after all, it appears in Teams later as a second chat with the topic %q that Terraform does not manage: delete it there, or import it and remove this one.",
				graph.ListConsistencyWindow, created.ID, want.Topic))
	}
	if created.Recovered {
		resp.Diagnostics.AddWarning("Chat Found After An Unclear Failure",
			fmt.Sprintf("Creating the chat failed without a clear answer from Microsoft Graph, and chat %s, with the same topic and members and created just now, was found. It is now managed by this resource; no second chat was created.", created.ID))
	}
	if created.Existed {
		resp.Diagnostics.AddWarning("Existing OneOnOne Chat Adopted",
			fmt.Sprintf("A oneOnOne chat between these two people already existed (created %s), and Microsoft Graph returned it: chat %s is now managed by this resource. With deletion_behavior = %q, destroying the resource %s.",
				formatTime(created.CreatedDateTime), created.ID, want.DeletionBehavior, destroyEffect(want.DeletionBehavior)))
	}

	chat, err := client.WaitForChat(ctx, created.ID)
	if err != nil {
		// The chat exists: it goes into state with what POST /chats returned (Terraform marks it
		// tainted), so that it is never lost.
		early := want
		early.ID, early.TenantID, early.WebURL = created.ID, created.TenantID, created.WebURL
		early.Created, early.LastUpdated = formatTime(created.CreatedDateTime), formatTime(created.LastUpdatedDateTime)
		early.Details = map[string]memberDetail{}
		resp.Diagnostics.Append(plan.flatten(early)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.AddError("Unable To Read Created Chat", fmt.Sprintf("Chat %s was created and is recorded in state, but reading it back failed: %s", created.ID, sentence(err.Error())))
		return
	}
	r.writeState(ctx, chat, want, want.Exclusive, resolver, &plan, &resp.State, &resp.Diagnostics)
}

// writeState converts the chat read from Graph into state, resolving written UPNs that Graph's
// member emails do not match. prior.Exclusive decides which members are read; exclusive is the
// members_exclusive that state records.
func (r *ChatResource) writeState(ctx context.Context, chat graph.Chat, prior chatData, exclusive bool, resolver *graph.UserResolver, model *chatResourceModel, state *tfsdk.State, diags *diag.Diagnostics) {
	for _, u := range unresolvedUsers(chat, prior) {
		if _, err := resolver.Resolve(ctx, u); err != nil {
			tflog.Warn(ctx, "Could not resolve a member's user principal name", map[string]any{"user": u, "error": err.Error()})
		}
	}
	next := chatDataFromGraph(chat, prior, resolver.Known())
	next.Exclusive = exclusive
	diags.Append(model.flatten(next)...)
	diags.Append(state.Set(ctx, model)...)
}

// Read refreshes the chat from Graph; a chat that is gone is removed from state.
func (r *ChatResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer chatIdentity.sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	crud(ctx, &r.resourceBase, opRead, &resp.Diagnostics, req.State, func(ctx context.Context, client *graph.Client, state *chatResourceModel, prior chatData) {
		r.read(ctx, client, *state, prior, resp)
	})
}

// read is Read once the state is read and the client is at hand.
func (r *ChatResource) read(ctx context.Context, client *graph.Client, state chatResourceModel, prior chatData, resp *resource.ReadResponse) {
	chat, err := client.GetChat(ctx, prior.ID)
	if client.IsChatGone(ctx, prior.ID, homeMemberID(prior), err) {
		kept, note := keepDeleted(ctx, client, prior)
		if kept { // restorable: the plan restores it in place (chat_restore.go)
			state.Deleted = types.BoolValue(true)
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			return
		}
		resp.Diagnostics.AddWarning("Chat Not Found",
			fmt.Sprintf("Chat %s no longer exists in Microsoft Teams (it was deleted outside Terraform), so it is removed from state; the next apply creates it again.%s", prior.ID, note))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable To Read Chat", fmt.Sprintf("Reading chat %s failed: %s", prior.ID, sentence(err.Error())))
		return
	}
	r.writeState(ctx, chat, prior, prior.Exclusive, graph.NewUserResolver(client, nil), &state, &resp.State, &resp.Diagnostics)
}

// Update renames the chat and changes its members in place, then reads it back. If a step fails,
// state records what Graph really holds, so the next plan shows only what is left to do.
func (r *ChatResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer chatIdentity.sync(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var state chatResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	crud(ctx, &r.resourceBase, opUpdate, &resp.Diagnostics, req.Plan, func(ctx context.Context, client *graph.Client, plan *chatResourceModel, want chatData) {
		r.update(ctx, client, *plan, state, want, resp)
	})
}

// update is Update once the plan is read and the client is at hand.
func (r *ChatResource) update(ctx context.Context, client *graph.Client, plan, state chatResourceModel, want chatData, resp *resource.UpdateResponse) {
	cur, d := state.expand(ctx)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	want.ID = cur.ID
	if cur.Deleted && !restore(ctx, client, cur.ID, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...) // still deleted: state stays as it was
		return
	}
	resolver := graph.NewUserResolver(client, nil)
	// Object ids state knows, and those the plan resolved (member_details, when known).
	for _, known := range []map[string]memberDetail{cur.Details, want.Details} {
		for k, v := range known {
			if v.UserID != "" {
				resolver.Remember(k, v.UserID)
			}
		}
	}
	stepErr := r.applyChanges(ctx, client, cur, want, resolver)

	// Whatever happened, state now follows Graph. Switching to members_exclusive = true takes
	// effect from the next read: this apply removes nobody, and the next plan shows the members
	// added elsewhere.
	prior := want
	prior.Details = cur.Details
	prior.Exclusive = want.Exclusive && cur.Exclusive
	chat, err := client.GetChat(ctx, cur.ID)
	if err != nil {
		if stepErr == nil {
			stepErr = err
		}
		resp.Diagnostics.AddError("Unable To Update Chat", fmt.Sprintf("Updating chat %s failed: %s", cur.ID, sentence(stepErr.Error())))
		return
	}
	r.writeState(ctx, chat, prior, want.Exclusive, resolver, &plan, &resp.State, &resp.Diagnostics)
	if stepErr != nil {
		resp.Diagnostics.AddError("Unable To Update Chat",
			fmt.Sprintf("Updating chat %s stopped part way: %s State records what Microsoft Graph holds now; the next plan shows what is left.", cur.ID, sentence(stepErr.Error())))
	}
}

func (r *ChatResource) applyChanges(ctx context.Context, client *graph.Client, cur, want chatData, resolver *graph.UserResolver) error {
	if want.Topic != cur.Topic {
		if err := client.RenameChat(ctx, cur.ID, want.Topic); err != nil {
			return fmt.Errorf("renaming to %q: %w", want.Topic, err)
		}
	}
	// Resolve the object ids of planned members written in a form state has not seen.
	for _, m := range want.Members {
		if memberUserID(m, cur.Details, resolver.Known()) == "" {
			if _, err := resolver.Resolve(ctx, m.User); err != nil {
				return fmt.Errorf("looking up member %q: %w", m.User, err)
			}
		}
	}
	changes := planMemberChanges(cur, want.Members, resolver.Known())
	if len(changes.Add)+len(changes.Remove)+len(changes.Reroles) == 0 {
		return nil
	}
	// Additions first, so that a group never drops below two members.
	for _, m := range changes.Add {
		if err := client.AddMember(ctx, cur.ID, newMemberSpec(m)); err != nil {
			return fmt.Errorf("adding member %q: %w", m.User, err)
		}
	}
	for _, d := range changes.Remove {
		if err := client.RemoveMember(ctx, cur.ID, d.MembershipID); err != nil && !graph.IsNotFound(err) {
			return fmt.Errorf("removing member %s: %w", d.UserID, err)
		}
	}
	if len(changes.Reroles) > 0 {
		// Removed and added again (ChangeMemberRole), keeping the history the member could see.
		chat, err := client.GetChat(ctx, cur.ID)
		if err != nil {
			return err
		}
		for _, m := range changes.Reroles {
			uid := memberUserID(m, cur.Details, resolver.Known())
			var gm *graph.Member
			for i := range chat.Members {
				if strings.EqualFold(chat.Members[i].UserID, uid) {
					gm = &chat.Members[i]
				}
			}
			if gm == nil {
				continue
			}
			if err := client.ChangeMemberRole(ctx, cur.ID, *gm, newMemberSpec(m)); err != nil {
				return fmt.Errorf("changing the role of %q: %w", m.User, err)
			}
		}
	}
	return nil
}

// Delete soft-deletes the chat, or forgets it, per deletion_behavior.
func (r *ChatResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state chatResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	behavior := state.DeletionBehavior.ValueString()
	if behavior == "" {
		behavior = defaultDeletionBehavior(state.ChatType.ValueString())
	}
	if behavior == "forget" {
		resp.Diagnostics.AddWarning("Chat Left In Teams",
			fmt.Sprintf("deletion_behavior is \"forget\": chat %s stays in Microsoft Teams and is only removed from Terraform state.", id))
		return
	}
	r.withClient(ctx, opDelete, state.Timeouts, &resp.Diagnostics, func(ctx context.Context, client *graph.Client) {
		cur, d := state.expand(ctx)
		resp.Diagnostics.Append(d...)
		err := client.DeleteChatIfPresent(ctx, id, homeMemberID(cur))
		switch {
		case err == nil:
			return
		case graph.IsForbidden(err):
			resp.Diagnostics.AddError("Not Allowed To Delete Chat",
				fmt.Sprintf("Microsoft Graph refused to delete chat %s: %s Deleting chats needs the application permission Chat.ManageDeletion.All; with delegated permissions only Teams or tenant administrators may. To leave the chat in Teams and only remove it from state, set deletion_behavior = \"forget\" and apply before destroying.",
					id, sentence(err.Error())))
		default:
			resp.Diagnostics.AddError("Unable To Delete Chat", fmt.Sprintf("Deleting chat %s failed: %s", id, sentence(err.Error())))
		}
	})
}

// ImportState imports a chat by its id; Read fills in the rest.
func (r *ChatResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := chatIdentity.importID(ctx, req, &resp.Diagnostics) // or import { identity = { id = … } } (1.12+)
	if !ok {
		return
	}
	if p := rules.CheckChatID(id); p != "" {
		resp.Diagnostics.AddError("Invalid Chat Id", p)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}
