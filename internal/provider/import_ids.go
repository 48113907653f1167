package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// childImport describes the import id `<chat_id>/<child id>` of a resource inside a chat: what the
// child id is, where to find it, and how to list the chat's children when Graph can be asked.
type childImport struct {
	resource string // the resource type, e.g. teams_chat_tab
	child    string // what the second part is, e.g. "tab id"
	howTo    string // a full sentence: where the child id comes from
	// list names the chat's children for the message (name -> id lines); nil when nothing can be listed.
	list func(ctx context.Context, client *graph.Client, chatID string) ([]string, error)
}

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

var installationImport = childImport{
	resource: "teams_chat_app_installation",
	child:    "installation id",
	howTo: "An installation id is the id of the app's installation in that chat, not the app's catalog id: " +
		"GET /chats/{chat_id}/installedApps?$expand=teamsApp lists them (each entry's id, with its teamsApp's name).",
	list: func(ctx context.Context, client *graph.Client, chatID string) ([]string, error) {
		all, err := client.ListInstallations(ctx, chatID)
		var out []string
		for _, in := range all {
			out = append(out, fmt.Sprintf("%s (app %s): %s/%s", in.AppDisplayName, in.AppID, chatID, in.ID))
		}
		return out, err
	},
}

var tabImport = childImport{
	resource: "teams_chat_tab",
	child:    "tab id",
	howTo:    "GET /chats/{chat_id}/tabs lists a chat's tabs (each entry's id, with its displayName).",
	list: func(ctx context.Context, client *graph.Client, chatID string) ([]string, error) {
		all, err := client.ListTabs(ctx, chatID, "")
		var out []string
		for _, t := range all {
			out = append(out, fmt.Sprintf("%q (app %s): %s/%s", t.DisplayName, t.AppID, chatID, t.ID))
		}
		return out, err
	},
}

var memberImport = childImport{
	resource: "teams_chat_member",
	child:    "user",
	howTo: "The user is the member's object id (a GUID) or user principal name (name@domain); " +
		"GET /chats/{chat_id}/members lists a chat's members (each entry's userId).",
	list: func(ctx context.Context, client *graph.Client, chatID string) ([]string, error) {
		all, err := client.ListMembers(ctx, chatID)
		var out []string
		for _, m := range all {
			out = append(out, fmt.Sprintf("%s: %s/%s", m.DisplayName, chatID, m.UserID))
		}
		return out, err
	},
}

// looksLikeAppID reports an id that is an app's rather than an installation's: a catalog id
// (a GUID) or a built-in tab app. Installation ids are opaque base64 strings.
func looksLikeAppID(id string) bool {
	return rules.IsGUID(id) || strings.HasPrefix(strings.ToLower(id), rules.BuiltInTabAppPrefix)
}
