package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// TestOperationTimeoutDefaults: without a timeouts block every operation gets its default.
func TestOperationTimeoutDefaults(t *testing.T) {
	ctx := context.Background()
	for op, want := range map[operation]time.Duration{opCreate: 10 * time.Minute, opRead: 5 * time.Minute, opUpdate: 20 * time.Minute, opDelete: 5 * time.Minute} {
		got, d := op.timeout(ctx, nullTimeouts())
		if d.HasError() || got != want {
			t.Errorf("operation %d: %s %v, want %s", op, got, d, want)
		}
	}
}

// fakeSource is a plan or state whose Get fills in nothing (the zero model), or fails.
type fakeSource struct{ fail bool }

func (f fakeSource) Get(context.Context, any) diag.Diagnostics {
	var d diag.Diagnostics
	if f.fail {
		d.AddError("Value Conversion Error", "the model does not match the schema")
	}
	return d
}

// TestCrudStopsWithoutClient: the prologue runs no body, and says why, when the provider has no
// client yet (unknown configuration) or the model cannot be read.
func TestCrudStopsWithoutClient(t *testing.T) {
	ctx := context.Background()
	for name, tc := range map[string]struct {
		base    resourceBase
		src     fakeSource
		summary string
	}{
		"unconfigured":   {resourceBase{data: &providerData{unconfigured: "tenant_id is not known yet."}}, fakeSource{}, "Microsoft Graph Client Unavailable"},
		"no provider":    {resourceBase{}, fakeSource{}, "Microsoft Graph Client Unavailable"},
		"model not read": {resourceBase{data: &providerData{}}, fakeSource{fail: true}, "Value Conversion Error"},
	} {
		var diags diag.Diagnostics
		ran := false
		crud(ctx, &tc.base, opRead, &diags, tc.src, func(context.Context, *graph.Client, *chatTabModel, chatTabData) { ran = true })
		if ran || diags.ErrorsCount() != 1 || diags.Errors()[0].Summary() != tc.summary {
			t.Errorf("%s: body ran %v, diagnostics %v, want one %q", name, ran, diags, tc.summary)
		}
	}
	var diags diag.Diagnostics
	crud(ctx, &resourceBase{data: &providerData{unconfigured: "tenant_id is not known yet."}}, opRead, &diags, fakeSource{}, func(context.Context, *graph.Client, *chatTabModel, chatTabData) {})
	if !strings.Contains(diags.Errors()[0].Detail(), "tenant_id is not known yet.") {
		t.Errorf("the reason is not given: %v", diags)
	}
}

// TestChildImportSplit: `<chat_id>/<child>` ids and the errors for malformed ones, which say what
// the resource wants.
func TestChildImportSplit(t *testing.T) {
	ctx := context.Background()
	const chat = "19:abc@thread.v2"
	for _, c := range []childImport{memberImport, installationImport, tabImport} {
		var diags diag.Diagnostics
		chatID, child, ok := c.split(ctx, nil, chat+"/x/y", &diags)
		if !ok || chatID != chat || child != "x/y" || diags.HasError() {
			t.Errorf("%s: split = %q, %q, %v, %v", c.resource, chatID, child, ok, diags)
		}
		if got := c.id(chatID, "x"); got != chat+"/x" {
			t.Errorf("%s: id = %q", c.resource, got)
		}
		for _, bad := range []string{"abc/x", chat, chat + "/"} {
			var diags diag.Diagnostics
			if _, _, ok := c.split(ctx, nil, bad, &diags); ok || diags.ErrorsCount() != 1 {
				t.Errorf("%s: %q accepted: %v", c.resource, bad, diags)
				continue
			}
			e := diags.Errors()[0]
			if e.Summary() != "Invalid Import Id" || !strings.Contains(e.Detail(), c.resource+" imports <chat_id>/<"+c.child+">") {
				t.Errorf("%s: %q: %s: %s", c.resource, bad, e.Summary(), e.Detail())
			}
		}
	}
}

func TestLooksLikeAppID(t *testing.T) {
	if !looksLikeAppID("7a3f1c2e-5b8d-4e6f-9a0b-1c2d3e4f5a6b") || !looksLikeAppID("com.microsoft.teamspace.tab.web") {
		t.Error("app ids not recognised")
	}
	// Graph's installation ids are base64 (chat-list-installedapps.md samples).
	if looksLikeAppID("MTk6ZDY1NzEzYmM0OThjNGE0MjhjNzFlZjkzNTNlNmNlMjBAdGhyZWFkLnYyIyMwMDAwMTAxNi1kZTA1LTQ5MmUtOTEwNi00ODI4ZmM4YTg2ODc=") {
		t.Error("an installation id taken for an app id")
	}
}
