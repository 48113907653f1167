package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// configOf is a configuration of r with vals set and every other attribute null.
func configOf(r resource.Resource, vals map[string]tftypes.Value) tfsdk.Config {
	ctx := context.Background()
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	all := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		all[name] = tftypes.NewValue(at, nil)
		if v, ok := vals[name]; ok {
			all[name] = v
		}
	}
	return tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, all)}
}

// validate runs r's ValidateConfig on the configuration vals and returns the paths of its errors.
func validate(r resource.ResourceWithValidateConfig, vals map[string]tftypes.Value) []path.Path {
	var resp resource.ValidateConfigResponse
	r.ValidateConfig(context.Background(), resource.ValidateConfigRequest{Config: configOf(r, vals)}, &resp)
	var out []path.Path
	for _, d := range resp.Diagnostics.Errors() {
		if p, ok := d.(interface{ Path() path.Path }); ok {
			out = append(out, p.Path())
		}
	}
	return out
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// TestChatMemberValidateConfig: a user of another organisation (tenant_id) cannot be a guest; an
// unknown tenant is left to apply.
func TestChatMemberValidateConfig(t *testing.T) {
	r := NewChatMemberResource().(*ChatMemberResource)
	base := map[string]tftypes.Value{"chat_id": str("19:c@thread.v2"), "user": str("a@contoso.com")}
	with := func(kv ...any) map[string]tftypes.Value {
		m := map[string]tftypes.Value{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(tftypes.Value)
		}
		return m
	}
	tenant := str("72f988bf-86f1-41af-91ab-2d7cd011db47")
	if got := validate(r, with("tenant_id", tenant, "role", str("guest"))); len(got) != 1 || !got[0].Equal(path.Root("role")) {
		t.Errorf("guest of another organisation: errors at %v, want one at role", got)
	}
	for name, vals := range map[string]map[string]tftypes.Value{
		"owner of another organisation": with("tenant_id", tenant, "role", str("owner")),
		"guest of the tenant":           with("role", str("guest")),
		"unknown tenant":                with("tenant_id", tftypes.NewValue(tftypes.String, tftypes.UnknownValue), "role", str("guest")),
	} {
		if got := validate(r, vals); len(got) != 0 {
			t.Errorf("%s: errors at %v", name, got)
		}
	}
}
