package provider

// Resource identity (Terraform 1.12 and later, OpenTofu 1.12 and later): each resource names the
// Graph object it manages by a small set of ids, which `import { identity = { … } }` blocks and
// `terraform query` results use instead of a string import id. The string ids keep working.
//
// Each resource's identity attributes have the names of state attributes that hold the same ids,
// so identity is derived from state in one place: Create, Read and Update defer a sync that
// copies them from the state they answer with. A Read that finds the object gone answers with the
// identity of the state it was given, so that state written before identity existed (no identity
// yet) reads without "Missing Resource Identity After Read", whatever the CLI.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// chatIdentityModel is teams_chat's identity.
type chatIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

// childIdentity is the identity of a resource inside a chat: the chat's id and the child's.
type childIdentity struct {
	attr string // the child's identity attribute, e.g. "tab_id"
	what string // what that id is, for descriptions and messages
}

var (
	memberIdentity       = childIdentity{attr: "user_id", what: "the member's Microsoft Entra user object id"}
	installationIdentity = childIdentity{attr: "installation_id", what: "the id of the app's installation in the chat"}
	tabIdentity          = childIdentity{attr: "tab_id", what: "the tab's id"}
)

// chatIdentitySchema is teams_chat's identity schema.
func chatIdentitySchema(resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The chat's id, e.g. `19:…@thread.v2`.",
			},
		},
	}
}

// schema is the identity schema of a resource inside a chat.
func (c childIdentity) schema(resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"chat_id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The id of the chat, e.g. `19:…@thread.v2`.",
			},
			c.attr: identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       fmt.Sprintf("The child's id within the chat: %s.", c.what),
			},
		},
	}
}

// set writes the identity of the child childID of chat chatID; a nil identity (a request that
// carries none) is left alone.
func (c childIdentity) set(ctx context.Context, id *tfsdk.ResourceIdentity, chatID, childID string, diags *diag.Diagnostics) {
	if id == nil || chatID == "" || childID == "" {
		return
	}
	obj, d := types.ObjectValue(c.attrTypes(), map[string]attr.Value{
		"chat_id": types.StringValue(chatID),
		c.attr:    types.StringValue(childID),
	})
	diags.Append(d...)
	if d.HasError() {
		return
	}
	diags.Append(id.Set(ctx, obj)...)
}

func (c childIdentity) attrTypes() map[string]attr.Type {
	return map[string]attr.Type{"chat_id": types.StringType, c.attr: types.StringType}
}

// importID is the `<chat_id>/<child>` import id of an import: the string id when one was given,
// else the one the identity names.
func (c childIdentity) importID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (string, bool) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, true
	}
	var chatID, childID types.String
	diags.Append(req.Identity.GetAttribute(ctx, path.Root("chat_id"), &chatID)...)
	diags.Append(req.Identity.GetAttribute(ctx, path.Root(c.attr), &childID)...)
	if diags.HasError() {
		return "", false
	}
	return chatID.ValueString() + "/" + childID.ValueString(), true
}

// identitySync copies identity attributes from state attributes of the same names.
type identitySync []string

var (
	chatIdentitySync         identitySync = []string{"id"}
	memberIdentitySync       identitySync = []string{"chat_id", memberIdentity.attr}
	installationIdentitySync identitySync = []string{"chat_id", installationIdentity.attr}
	tabIdentitySync          identitySync = []string{"chat_id", tabIdentity.attr}
)

// sync sets id from the first of states that holds every attribute (a state removed by Read is
// null, and the state Read was given is next). A nil identity, a request without one, is left
// alone, and so is one when no state holds the ids (a create that failed before Graph answered).
func (s identitySync) sync(ctx context.Context, id *tfsdk.ResourceIdentity, diags *diag.Diagnostics, states ...*tfsdk.State) {
	if id == nil {
		return
	}
	for _, st := range states {
		if st == nil || st.Raw.IsNull() {
			continue
		}
		values := map[string]attr.Value{}
		attrTypes := map[string]attr.Type{}
		for _, name := range s {
			var v basetypes.StringValue
			if d := st.GetAttribute(ctx, path.Root(name), &v); d.HasError() || v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
				break
			}
			values[name], attrTypes[name] = v, basetypes.StringType{}
		}
		if len(values) != len(s) {
			continue
		}
		obj, d := basetypes.NewObjectValue(attrTypes, values)
		diags.Append(d...)
		if !d.HasError() {
			diags.Append(id.Set(ctx, obj)...)
		}
		return
	}
}

// setChatIdentity writes teams_chat's identity; a nil identity is left alone.
func setChatIdentity(ctx context.Context, id *tfsdk.ResourceIdentity, chatID string, diags *diag.Diagnostics) {
	if id == nil || chatID == "" {
		return
	}
	diags.Append(id.Set(ctx, chatIdentityModel{ID: types.StringValue(chatID)})...)
}

// IdentitySchema describes teams_chat's identity: the chat id.
func (r *ChatResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	chatIdentitySchema(resp)
}

// IdentitySchema describes teams_chat_member's identity: the chat id and the user's object id.
func (r *ChatMemberResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	memberIdentity.schema(resp)
}

// IdentitySchema describes teams_chat_app_installation's identity: the chat id and the installation id.
func (r *ChatAppInstallationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	installationIdentity.schema(resp)
}

// IdentitySchema describes teams_chat_tab's identity: the chat id and the tab id.
func (r *ChatTabResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	tabIdentity.schema(resp)
}

var (
	_ resource.ResourceWithIdentity = &ChatResource{}
	_ resource.ResourceWithIdentity = &ChatMemberResource{}
	_ resource.ResourceWithIdentity = &ChatAppInstallationResource{}
	_ resource.ResourceWithIdentity = &ChatTabResource{}
)
