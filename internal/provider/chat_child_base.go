package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// This file holds what the resources share: resourceBase (Configure, the Graph client, the
// timeouts and the prologue of every CRUD method), which every resource embeds, and chatChild,
// which the resources inside a chat (teams_chat_member, teams_chat_app_installation,
// teams_chat_tab) embed for their `<chat_id>/<child>` ids and import.

// Default operation timeouts. Member changes are limited to 4 per minute per chat, and Graph
// may ask for waits of minutes when it throttles, so updates get the most room.
const (
	defaultCreateTimeout = 10 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultUpdateTimeout = 20 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
)

// operation is a CRUD method: it picks the timeout of the `timeouts` block and its default.
type operation int

const (
	opCreate operation = iota
	opRead
	opUpdate
	opDelete
)

// timeout is the operation's timeout in t, or its default when t does not set it.
func (op operation) timeout(ctx context.Context, t timeouts.Value) (time.Duration, diag.Diagnostics) {
	switch op {
	case opCreate:
		return t.Create(ctx, defaultCreateTimeout)
	case opRead:
		return t.Read(ctx, defaultReadTimeout)
	case opUpdate:
		return t.Update(ctx, defaultUpdateTimeout)
	default:
		return t.Delete(ctx, defaultDeleteTimeout)
	}
}

// timed is a resource model with a `timeouts` block.
type timed interface{ timeoutsValue() timeouts.Value }

// source is where a CRUD method reads a model from: the plan or the state.
type source interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// resourceBase is what every resource embeds: the provider's data, set by Configure.
type resourceBase struct {
	data *providerData
}

// Configure receives the Graph client.
func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// model is a resource's Terraform model: its timeouts, and expand, which reads it into the
// resource's plain-Go data D (chatData for teams_chat).
type model[D any] interface {
	timed
	expand(context.Context) (D, diag.Diagnostics)
}

// crud is the prologue of every CRUD method: it reads the model from its source (the plan or the
// state), expands it, gets the Graph client, and runs body with ctx under the operation's timeout
// from the model's `timeouts`. body does not run when diags hold an error (reading or expanding
// the model, or no client yet).
func crud[M any, D any, PM interface {
	*M
	model[D]
}](ctx context.Context, b *resourceBase, op operation, diags *diag.Diagnostics, from source, body func(context.Context, *graph.Client, PM, D)) {
	var m M
	diags.Append(from.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	data, d := PM(&m).expand(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	b.withClient(ctx, op, PM(&m).timeoutsValue(), diags, func(ctx context.Context, client *graph.Client) { body(ctx, client, &m, data) })
}

// withClient is crud for a method that has read its model already (teams_chat's Delete, which
// needs no client to forget a chat): body runs with the client, under the operation's timeout t.
func (b *resourceBase) withClient(ctx context.Context, op operation, t timeouts.Value, diags *diag.Diagnostics, body func(context.Context, *graph.Client)) {
	client := b.data.graphClient(diags)
	if client == nil {
		return
	}
	timeout, d := op.timeout(ctx, t)
	diags.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	body(ctx, client)
}

// listPrologue is the prologue of a list resource's List: it reads the list block's
// configuration into target and returns the Graph client, or nil after setting the stream to
// report what went wrong.
func (b *resourceBase) listPrologue(ctx context.Context, req list.ListRequest, target any, stream *list.ListResultsStream) *graph.Client {
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, target)...)
	client := b.data.graphClient(&diags)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return nil
	}
	return client
}

// goneFromGraph is Read's answer when reading a child failed with err: if the child or its chat
// is gone (graph.IsChatGone; memberUserID as it takes it), the resource leaves state with the
// warning summary and detail, and goneFromGraph reports true. A chat deleted but still restorable
// keeps the child in state as it is (chatKeptDeleted).
func goneFromGraph(ctx context.Context, client *graph.Client, chatID, memberUserID string, err error, resp *resource.ReadResponse, summary, detail string) bool {
	if !client.IsChatGone(ctx, chatID, memberUserID, err) {
		return false
	}
	if chatKeptDeleted(ctx, client, chatID, &resp.Diagnostics) {
		return true // state stays: restoring the chat brings the child back (chat_restore.go)
	}
	resp.Diagnostics.AddWarning(summary, detail)
	resp.State.RemoveResource(ctx)
	return true
}

// chatChild is what a resource inside a chat embeds: resourceBase, and its `<chat_id>/<child>` id
// (the resource's `id`, its import id, and the pair its identity is made of).
type chatChild struct {
	resourceBase
	ids childImport
}

// importChild imports `<chat_id>/<child>`, or the identity that names them (`import { identity =
// … }`, Terraform and OpenTofu 1.12+); Read fills in the rest. check returns the problem with the
// child ("" for none), quoting id; its client is nil when the provider is not configured yet. A
// malformed id, or a child check refuses, is an "Invalid Import Id" error that lists the chat's
// children when Graph can be asked (reads only).
func (c *chatChild) importChild(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse,
	check func(ctx context.Context, client *graph.Client, id, chatID, child string) string) {
	id, ok := c.ids.identity().importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	chatID, child, ok := c.ids.split(ctx, c.data, id, &resp.Diagnostics)
	if !ok {
		return
	}
	var client *graph.Client
	if c.data != nil {
		client = c.data.client
	}
	if problem := check(ctx, client, id, chatID, child); problem != "" {
		c.ids.fail(ctx, c.data, chatID, problem, &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("chat_id"), chatID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(c.ids.importAttr), child)...)
}

// childImport describes the id `<chat_id>/<child id>` of a resource inside a chat: what the
// child id is, where to find it, and how to list the chat's children when Graph can be asked.
type childImport struct {
	resource string // the resource type, e.g. teams_chat_tab
	child    string // what the second part is, e.g. "tab id"
	howTo    string // a full sentence: where the child id comes from
	// importAttr is the attribute import sets from the second part; childAttr holds the child's
	// own id in state, which `id` ends in (the pair chat_id, childAttr is the child's identity).
	importAttr, childAttr string
	// list names the chat's children for the message (name -> id lines); nil when nothing can be listed.
	list func(ctx context.Context, client *graph.Client, chatID string) ([]string, error)
}

// identity is the resource's identity: the chat id and the child's own (identity.go).
func (c childImport) identity() identityAttrs { return identityAttrs{"chat_id", c.childAttr} }

// id is the resource's `id`: `<chat_id>/<child id>`.
func (c childImport) id(chatID, childID string) string { return chatID + "/" + childID }

// wants is the opening of every message: the form of the id and where its parts come from.
func (c childImport) wants() string {
	return fmt.Sprintf("%s imports <chat_id>/<%s>: the chat's id, a '/', and the %s. %s", c.resource, c.child, c.child, c.howTo)
}

// split splits and checks an import id. A bad id is an "Invalid Import Id" error that says what
// the resource wants and, when the chat part is a chat id and the provider is configured, lists
// the chat's children.
func (c childImport) split(ctx context.Context, data *providerData, id string, diags *diag.Diagnostics) (string, string, bool) {
	chatID, rest, found := strings.Cut(id, "/")
	if p := rules.CheckChatID(chatID); p != "" {
		diags.AddError("Invalid Import Id", fmt.Sprintf("%q: the part before the first '/' must be a chat id. %s %s", id, p, c.wants()))
		return "", "", false
	}
	if !found || rest == "" {
		c.fail(ctx, data, chatID, fmt.Sprintf("%q has no %s after the chat id.", id, c.child), diags)
		return "", "", false
	}
	return chatID, rest, true
}

// fail adds the "Invalid Import Id" error: problem, what the resource wants, and the chat's
// children when they can be listed.
func (c childImport) fail(ctx context.Context, data *providerData, chatID, problem string, diags *diag.Diagnostics) {
	diags.AddError("Invalid Import Id", problem+" "+c.wants()+c.listing(ctx, data, chatID))
}

// listing lists the chat's children ("" when the provider is not configured or there is no list).
func (c childImport) listing(ctx context.Context, data *providerData, chatID string) string {
	if c.list == nil || data == nil || data.client == nil {
		return ""
	}
	lines, err := c.list(ctx, data.client, chatID)
	switch {
	case err != nil:
		return fmt.Sprintf(" Listing the chat's %ss failed: %s", c.child, sentence(err.Error()))
	case len(lines) == 0:
		return fmt.Sprintf(" Chat %s has none.", chatID)
	}
	sort.Strings(lines)
	return fmt.Sprintf("\n\nChat %s has (name: import id):\n  %s", chatID, strings.Join(lines, "\n  "))
}

// looksLikeAppID reports an id that is an app's rather than an installation's or a tab's: a
// catalog id (a GUID) or a built-in tab app. Installation ids are opaque base64 strings.
func looksLikeAppID(id string) bool {
	return rules.IsGUID(id) || strings.HasPrefix(strings.ToLower(id), rules.BuiltInTabAppPrefix)
}
