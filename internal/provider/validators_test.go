package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestRFC3339OneClearError: the validator reports a malformed time once, naming the attribute and
// showing the form to write; the type itself reports nothing (the framework would report a set
// element's error twice).
func TestRFC3339OneClearError(t *testing.T) {
	ctx := context.Background()
	p := path.Root("visible_history_start_date_time")
	check := func(s string) (validator.StringResponse, xattr.ValidateAttributeResponse) {
		var resp validator.StringResponse
		rfc3339Validator{}.ValidateString(ctx, validator.StringRequest{Path: p, ConfigValue: types.StringValue(s)}, &resp)
		v, err := rfc3339Type{}.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, s))
		if err != nil {
			t.Fatal(err)
		}
		var typeResp xattr.ValidateAttributeResponse
		v.(xattr.ValidateableAttribute).ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: p}, &typeResp)
		return resp, typeResp
	}
	for _, bad := range []string{"yesterday", "2024-05-01", "2024-05-01 09:00:00Z", "2024-05-01T09:00:00"} {
		resp, typeResp := check(bad)
		if n := resp.Diagnostics.ErrorsCount(); n != 1 || typeResp.Diagnostics.HasError() {
			t.Fatalf("%q: %d errors from the validator, want 1; the type: %v", bad, n, typeResp.Diagnostics)
		}
		d := resp.Diagnostics.Errors()[0]
		if d.Summary() != "Invalid Time" || !strings.Contains(d.Detail(), `visible_history_start_date_time = "`+bad+`"`) ||
			!strings.Contains(d.Detail(), "2024-05-01T09:00:00Z") || strings.Contains(d.Detail(), "parsing time") {
			t.Errorf("%q: %s: %s", bad, d.Summary(), d.Detail())
		}
	}
	for _, good := range []string{"2024-05-01T09:00:00Z", "2024-05-01T11:00:00+02:00", "0001-01-01T00:00:00Z"} {
		if resp, _ := check(good); resp.Diagnostics.HasError() {
			t.Errorf("%q refused: %v", good, resp.Diagnostics)
		}
	}
}

func TestRFC3339KeepsSemanticEquality(t *testing.T) {
	ctx := context.Background()
	a, _ := rfc3339Type{}.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, "2024-05-01T09:00:00+00:00"))
	b, _ := rfc3339Type{}.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, "2024-05-01T09:00:00Z"))
	c, _ := rfc3339Type{}.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, "2024-05-01T10:00:00Z"))
	if eq, d := a.(rfc3339).StringSemanticEquals(ctx, b.(rfc3339)); !eq || d.HasError() {
		t.Error("+00:00 and Z differ")
	}
	if eq, _ := a.(rfc3339).StringSemanticEquals(ctx, c.(rfc3339)); eq {
		t.Error("different times are equal")
	}
	if a.Equal(b) || !a.Equal(a) || !(rfc3339Type{}).Equal(a.Type(ctx)) {
		t.Error("Equal compares the written form and the type")
	}
	if got := newRFC3339Null(); !got.IsNull() {
		t.Error("newRFC3339Null is not null")
	}
}

func TestNamedRuleNamesNestedAttribute(t *testing.T) {
	ctx := context.Background()
	p := path.Root("configuration").AtName("content_url")
	cases := []struct {
		v       validator.String
		value   string
		summary string
	}{
		{newHTTPSURLValidator(), "http://contoso.com", "Invalid URL"},
		{newDisplayNameValidator(), " \t", "Blank Display Name"},
		{newInstallableAppValidator(), "com.microsoft.teamspace.tab.web", "Built-In Tab App"},
		{newGroupChatIDValidator(), "19:82fe7758-5bb3-4f0d-a43f-e555fd399c6f_8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca@unq.gbl.spaces", "One-On-One Chat"},
	}
	for _, tc := range cases {
		var resp validator.StringResponse
		tc.v.ValidateString(ctx, validator.StringRequest{Path: p, ConfigValue: types.StringValue(tc.value)}, &resp)
		if resp.Diagnostics.ErrorsCount() != 1 {
			t.Fatalf("%s %q: %v", tc.summary, tc.value, resp.Diagnostics)
		}
		d := resp.Diagnostics.Errors()[0]
		if d.Summary() != tc.summary || !strings.HasPrefix(d.Detail(), "configuration.content_url: ") {
			t.Errorf("%q: %s: %s", tc.value, d.Summary(), d.Detail())
		}
		resp = validator.StringResponse{}
		tc.v.ValidateString(ctx, validator.StringRequest{Path: p, ConfigValue: types.StringUnknown()}, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%s: an unknown value is refused", tc.summary)
		}
	}
}
