package acctest

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Protocol drives the provider over the plugin protocol, as Terraform does, for what
// terraform-plugin-testing cannot show: the warnings Terraform would print. Values are written as
// plain Go (map[string]any objects, []any lists and sets, string, bool, int); a missing attribute
// is null.
type Protocol struct {
	t      *testing.T
	srv    tfprotov6.ProviderServer
	schema *tfprotov6.GetProviderSchemaResponse
	// identities are the resource identity schemas, read once (protocol_identity.go).
	identities map[string]*tfprotov6.ResourceIdentitySchema
}

// NewProtocol configures a provider instance with the given provider block attributes.
func NewProtocol(t *testing.T, providerConfig map[string]any) *Protocol {
	t.Helper()
	srv, err := ProviderFactories["teams"]()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schema, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(schema.Diagnostics) {
		t.Fatalf("provider schema: %v %v", err, diagText(schema.Diagnostics))
	}
	p := &Protocol{t: t, srv: srv, schema: schema}
	cfg := p.dynamic(schema.Provider.ValueType(), providerConfig)
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.8.5", Config: &cfg})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("configure provider: %v %v", err, diagText(resp.Diagnostics))
	}
	return p
}

// Create plans and applies a new resource of type typ with config, and returns its new state
// and every diagnostic of the plan and the apply.
func (p *Protocol) Create(typ string, config map[string]any) (tftypes.Value, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	objType := p.objectType(typ)
	cfg := p.dynamic(objType, config)
	return p.change(typ, tftypes.NewValue(objType, nil), &cfg)
}

func (p *Protocol) objectType(typ string) tftypes.Type {
	p.t.Helper()
	rs, ok := p.schema.ResourceSchemas[typ]
	if !ok {
		p.t.Fatalf("no resource type %s", typ)
	}
	return rs.ValueType()
}

// change plans and applies one change from prior to config (nil: destroy), as a CLI before 1.12
// does (no identity), and returns the new state (prior when the plan fails) and every diagnostic
// of the plan and the apply.
func (p *Protocol) change(typ string, prior tftypes.Value, config *tfprotov6.DynamicValue) (tftypes.Value, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	next, _, diags := p.changeWithIdentity(typ, prior, nil, config)
	return next, diags
}

func (p *Protocol) dynamic(typ tftypes.Type, v map[string]any) tfprotov6.DynamicValue {
	p.t.Helper()
	val, err := value(typ, v)
	if err != nil {
		p.t.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, val)
	if err != nil {
		p.t.Fatal(err)
	}
	return dv
}

// value converts plain Go into a value of typ.
func value(typ tftypes.Type, v any) (tftypes.Value, error) {
	if v == nil {
		return tftypes.NewValue(typ, nil), nil
	}
	switch typ := typ.(type) {
	case tftypes.Object:
		m, ok := v.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want an object, got %T", v)
		}
		attrs := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			av, err := value(at, m[name])
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
			}
			attrs[name] = av
		}
		for name := range m {
			if _, ok := typ.AttributeTypes[name]; !ok {
				return tftypes.Value{}, fmt.Errorf("no attribute %q", name)
			}
		}
		return tftypes.NewValue(typ, attrs), nil
	case tftypes.Set, tftypes.List:
		var elem tftypes.Type
		switch c := typ.(type) {
		case tftypes.Set:
			elem = c.ElementType
		case tftypes.List:
			elem = c.ElementType
		}
		items, ok := v.([]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a list, got %T", v)
		}
		var vals []tftypes.Value
		for _, it := range items {
			ev, err := value(elem, it)
			if err != nil {
				return tftypes.Value{}, err
			}
			vals = append(vals, ev)
		}
		return tftypes.NewValue(typ, vals), nil
	}
	switch {
	case typ.Is(tftypes.Number):
		if n, ok := v.(int); ok {
			return tftypes.NewValue(typ, big.NewFloat(float64(n))), nil
		}
	case typ.Is(tftypes.String), typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, v), nil
	}
	return tftypes.Value{}, fmt.Errorf("cannot convert %T to %s", v, typ)
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func diagText(diags []*tfprotov6.Diagnostic) string {
	s := ""
	for _, d := range diags {
		s += fmt.Sprintf("[%s] %s: %s\n", d.Severity, d.Summary, d.Detail)
	}
	return s
}

// Summaries lists the diagnostics of one severity by summary.
func Summaries(diags []*tfprotov6.Diagnostic, severity tfprotov6.DiagnosticSeverity) []string {
	var out []string
	for _, d := range diags {
		if d.Severity == severity {
			out = append(out, d.Summary)
		}
	}
	return out
}

// Destroy plans and applies the destruction of a resource of type typ whose state is state, as
// Terraform 1.3 and later do (the provider plans the destroy too), and returns the new state (null
// when the resource left state) and every diagnostic of the plan and the apply.
func (p *Protocol) Destroy(typ string, state tftypes.Value) (tftypes.Value, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	return p.change(typ, state, nil)
}

// StringAttr is the string attribute name of an object value ("" when null or absent).
func StringAttr(v tftypes.Value, name string) string {
	var attrs map[string]tftypes.Value
	if v.IsNull() || v.As(&attrs) != nil {
		return ""
	}
	var s string
	if a, ok := attrs[name]; !ok || a.IsNull() || !a.IsKnown() || a.As(&s) != nil {
		return ""
	}
	return s
}

// Details lists the diagnostics of one severity as "summary: detail", for messages of failing tests.
func Details(diags []*tfprotov6.Diagnostic, severity tfprotov6.DiagnosticSeverity) []string {
	var out []string
	for _, d := range diags {
		if d.Severity == severity {
			out = append(out, d.Summary+": "+d.Detail)
		}
	}
	return out
}
