package provider

// Resource identity (Terraform 1.12 and later, OpenTofu 1.12 and later): each resource names the
// Graph object it manages by a small set of ids, which `import { identity = { … } }` blocks and
// `terraform query` results use instead of a string import id. The string ids keep working.
//
// A resource's identity is a list of attribute names (identityAttrs), each also a state attribute
// of the same name: `id` for teams_chat, and `chat_id` with the child's own id for the resources
// inside a chat (childImport.identity, the pair its `<chat_id>/<child>` id is made of). So identity
// is derived from state in one place: Create, Read and Update defer sync, which copies the ids
// from the state they answer with. A Read that finds the object gone answers with the identity of
// the state it was given, so that state written before identity existed (no identity yet) reads
// without "Missing Resource Identity After Read", whatever the CLI.

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// identityAttrs is a resource's identity: the names of its attributes, in import-id order.
type identityAttrs []string

// chatIdentity is teams_chat's identity; the resources inside a chat have childImport.identity.
var chatIdentity = identityAttrs{"id"}

// identityDescriptions describe the identity attributes, by name.
var identityDescriptions = map[string]string{
	"id":              "The chat's id, e.g. `19:…@thread.v2`.",
	"chat_id":         "The id of the chat, e.g. `19:…@thread.v2`.",
	"user_id":         "The member's Microsoft Entra user object id.",
	"installation_id": "The id of the app's installation in the chat (not the app's catalog id).",
	"tab_id":          "The tab's id.",
}

// schema is the identity schema: every attribute a string, required for import.
func (a identityAttrs) schema(resp *resource.IdentitySchemaResponse) {
	attrs := make(map[string]identityschema.Attribute, len(a))
	for _, name := range a {
		attrs[name] = identityschema.StringAttribute{RequiredForImport: true, Description: identityDescriptions[name]}
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: attrs}
}

// set writes the identity from its values, in a's order. A nil identity (a request that carries
// none) is left alone, and so is one with an empty value.
func (a identityAttrs) set(ctx context.Context, id *tfsdk.ResourceIdentity, diags *diag.Diagnostics, values ...string) {
	if id == nil || len(values) != len(a) {
		return
	}
	attrs := make(map[string]attr.Value, len(a))
	attrTypes := make(map[string]attr.Type, len(a))
	for i, name := range a {
		if values[i] == "" {
			return
		}
		attrs[name], attrTypes[name] = types.StringValue(values[i]), types.StringType
	}
	obj, d := types.ObjectValue(attrTypes, attrs)
	diags.Append(d...)
	if !d.HasError() {
		diags.Append(id.Set(ctx, obj)...)
	}
}

// sync sets id from the first of states that holds every identity attribute (a state removed by
// Read is null, and the state Read was given is next).
func (a identityAttrs) sync(ctx context.Context, id *tfsdk.ResourceIdentity, diags *diag.Diagnostics, states ...*tfsdk.State) {
	if id == nil {
		return
	}
	for _, st := range states {
		if st == nil || st.Raw.IsNull() {
			continue
		}
		values := make([]string, 0, len(a))
		for _, name := range a {
			var v basetypes.StringValue
			if d := st.GetAttribute(ctx, path.Root(name), &v); d.HasError() || v.ValueString() == "" {
				break
			}
			values = append(values, v.ValueString())
		}
		if len(values) == len(a) {
			a.set(ctx, id, diags, values...)
			return
		}
	}
}

// importID is the string import id of an import: the one given, or the identity's values joined
// by '/' (`<chat_id>` for a chat, `<chat_id>/<child>` for the rest).
func (a identityAttrs) importID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (string, bool) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, true
	}
	values := make([]string, 0, len(a))
	for _, name := range a {
		var v types.String
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(name), &v)...)
		values = append(values, v.ValueString())
	}
	return strings.Join(values, "/"), !diags.HasError()
}

// IdentitySchema describes teams_chat's identity: the chat id.
func (r *ChatResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	chatIdentity.schema(resp)
}

// IdentitySchema describes the identity of a resource inside a chat: the chat id and the child's.
func (c *chatChild) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	c.ids.identity().schema(resp)
}

var (
	_ resource.ResourceWithIdentity = &ChatResource{}
	_ resource.ResourceWithIdentity = &ChatMemberResource{}
	_ resource.ResourceWithIdentity = &ChatAppInstallationResource{}
	_ resource.ResourceWithIdentity = &ChatTabResource{}
)
