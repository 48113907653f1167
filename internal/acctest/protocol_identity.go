package acctest

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The plugin protocol of resource identity (Terraform 1.12+, OpenTofu 1.12+) and list resources
// (`terraform query`, Terraform 1.14+), driven as those CLIs drive it, so that every `make test`
// covers them whatever CLI the machine has. Identities are written as plain Go string maps.

// identitySchemas reads the resource identity schemas once.
func (p *Protocol) identitySchemas() map[string]*tfprotov6.ResourceIdentitySchema {
	p.t.Helper()
	if p.identities == nil {
		resp, err := p.srv.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
		if err != nil || hasError(resp.Diagnostics) {
			p.t.Fatalf("identity schemas: %v %v", err, diagText(resp.Diagnostics))
		}
		p.identities = resp.IdentitySchemas
	}
	return p.identities
}

// IdentitySchemas lists the identity attribute names of every resource type that has an identity.
func (p *Protocol) IdentitySchemas() map[string][]string {
	p.t.Helper()
	out := map[string][]string{}
	for typ, s := range p.identitySchemas() {
		for _, a := range s.IdentityAttributes {
			out[typ] = append(out[typ], a.Name)
		}
	}
	return out
}

func (p *Protocol) identityType(typ string) tftypes.Type {
	p.t.Helper()
	s, ok := p.identitySchemas()[typ]
	if !ok {
		p.t.Fatalf("resource type %s has no identity", typ)
	}
	return s.ValueType()
}

// identityData converts an identity map (nil: none, as a CLI before 1.12 sends) to the protocol's form.
func (p *Protocol) identityData(typ string, id map[string]string) *tfprotov6.ResourceIdentityData {
	p.t.Helper()
	if id == nil {
		return nil
	}
	m := map[string]any{}
	for k, v := range id {
		m[k] = v
	}
	dv := p.dynamic(p.identityType(typ), m)
	return &tfprotov6.ResourceIdentityData{IdentityData: &dv}
}

// identityMap converts the protocol's identity to a map (nil when there is none or it is null).
func (p *Protocol) identityMap(typ string, data *tfprotov6.ResourceIdentityData) map[string]string {
	p.t.Helper()
	if data == nil || data.IdentityData == nil {
		return nil
	}
	v, err := data.IdentityData.Unmarshal(p.identityType(typ))
	if err != nil {
		p.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if v.IsNull() || v.As(&attrs) != nil {
		return nil
	}
	out := map[string]string{}
	for k, a := range attrs {
		var s string
		if a.IsKnown() && !a.IsNull() && a.As(&s) == nil {
			out[k] = s
		}
	}
	return out
}

// CreateWithIdentity creates a resource as Terraform 1.12 does, and returns its state, the
// identity apply answered with, and every diagnostic.
func (p *Protocol) CreateWithIdentity(typ string, config map[string]any) (tftypes.Value, map[string]string, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	objType := p.objectType(typ)
	cfg := p.dynamic(objType, config)
	return p.changeWithIdentity(typ, tftypes.NewValue(objType, nil), nil, &cfg)
}

// UpdateWithIdentity plans and applies config over state; priorIdentity nil is state written by
// a CLI before 1.12 (or before the provider had identity).
func (p *Protocol) UpdateWithIdentity(typ string, state tftypes.Value, priorIdentity map[string]string, config map[string]any) (tftypes.Value, map[string]string, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	cfg := p.dynamic(p.objectType(typ), config)
	return p.changeWithIdentity(typ, state, priorIdentity, &cfg)
}

// changeWithIdentity plans and applies one change from prior (with priorIdentity; nil: none, as
// before 1.12) to config (nil: destroy), and returns the new state (prior when the plan fails), the
// identity apply answered with, and every diagnostic of the plan and the apply.
func (p *Protocol) changeWithIdentity(typ string, prior tftypes.Value, priorIdentity map[string]string, config *tfprotov6.DynamicValue) (tftypes.Value, map[string]string, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	ctx := context.Background()
	objType := p.objectType(typ)
	priorDV, err := tfprotov6.NewDynamicValue(objType, prior)
	if err != nil {
		p.t.Fatal(err)
	}
	if config == nil { // destroy
		null, err := tfprotov6.NewDynamicValue(objType, tftypes.NewValue(objType, nil))
		if err != nil {
			p.t.Fatal(err)
		}
		config = &null
	}
	pid := p.identityData(typ, priorIdentity)
	plan, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typ, PriorState: &priorDV, ProposedNewState: config, Config: config, PriorIdentity: pid,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	diags := plan.Diagnostics
	if hasError(diags) {
		return prior, priorIdentity, diags
	}
	applied, err := p.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typ, PriorState: &priorDV, PlannedState: plan.PlannedState, Config: config, PlannedPrivate: plan.PlannedPrivate,
		PlannedIdentity: plan.PlannedIdentity,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	diags = append(diags, applied.Diagnostics...)
	next := tftypes.NewValue(objType, nil)
	if applied.NewState != nil {
		if next, err = applied.NewState.Unmarshal(objType); err != nil {
			p.t.Fatal(err)
		}
	}
	return next, p.identityMap(typ, applied.NewIdentity), diags
}

// ReadWithIdentity refreshes a resource; identity nil is state without one. It returns the new
// state (null when the resource left state), the identity Read answered with, and the diagnostics.
func (p *Protocol) ReadWithIdentity(typ string, state tftypes.Value, identity map[string]string) (tftypes.Value, map[string]string, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	objType := p.objectType(typ)
	dv, err := tfprotov6.NewDynamicValue(objType, state)
	if err != nil {
		p.t.Fatal(err)
	}
	resp, err := p.srv.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
		TypeName: typ, CurrentState: &dv, CurrentIdentity: p.identityData(typ, identity),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	next := tftypes.NewValue(objType, nil)
	if resp.NewState != nil {
		if next, err = resp.NewState.Unmarshal(objType); err != nil {
			p.t.Fatal(err)
		}
	}
	return next, p.identityMap(typ, resp.NewIdentity), resp.Diagnostics
}

// Import imports by a string id (id != "") or by identity, then reads the imported resource as
// Terraform does, and returns the state, the identity and every diagnostic.
func (p *Protocol) Import(typ, id string, identity map[string]string) (tftypes.Value, map[string]string, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	objType := p.objectType(typ)
	req := &tfprotov6.ImportResourceStateRequest{TypeName: typ, ID: id}
	if id == "" {
		req.Identity = p.identityData(typ, identity)
	}
	resp, err := p.srv.ImportResourceState(context.Background(), req)
	if err != nil {
		p.t.Fatal(err)
	}
	diags := resp.Diagnostics
	if hasError(diags) || len(resp.ImportedResources) != 1 {
		return tftypes.NewValue(objType, nil), nil, diags
	}
	imp := resp.ImportedResources[0]
	state, err := imp.State.Unmarshal(objType)
	if err != nil {
		p.t.Fatal(err)
	}
	readResp, err := p.srv.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
		TypeName: typ, CurrentState: imp.State, CurrentIdentity: imp.Identity, Private: imp.Private,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	diags = append(diags, readResp.Diagnostics...)
	if readResp.NewState != nil {
		if state, err = readResp.NewState.Unmarshal(objType); err != nil {
			p.t.Fatal(err)
		}
	}
	return state, p.identityMap(typ, readResp.NewIdentity), diags
}

// ListItem is one result of a list resource.
type ListItem struct {
	DisplayName string
	Identity    map[string]string
	Resource    tftypes.Value // null unless the resource object was asked for
	Diagnostics []*tfprotov6.Diagnostic
}

// List runs the list resource typ with the list block's config, as `terraform query` does, and
// returns every result; the diagnostics are those of validating the config and of the results.
func (p *Protocol) List(typ string, config map[string]any, includeResource bool, limit int64) ([]ListItem, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	ctx := context.Background()
	ls, ok := p.schema.ListResourceSchemas[typ]
	if !ok {
		p.t.Fatalf("no list resource %s", typ)
	}
	cfg := p.dynamic(ls.ValueType(), config)
	srv, ok := p.srv.(tfprotov6.ListResourceServer)
	if !ok {
		p.t.Fatal("the provider server does not serve list resources")
	}
	v, err := srv.ValidateListResourceConfig(ctx, &tfprotov6.ValidateListResourceConfigRequest{TypeName: typ, Config: &cfg})
	if err != nil {
		p.t.Fatal(err)
	}
	if hasError(v.Diagnostics) {
		return nil, v.Diagnostics
	}
	stream, err := srv.ListResource(ctx, &tfprotov6.ListResourceRequest{TypeName: typ, Config: &cfg, IncludeResource: includeResource, Limit: limit})
	if err != nil {
		p.t.Fatal(err)
	}
	objType := p.objectType(typ)
	var items []ListItem
	diags := v.Diagnostics
	for r := range stream.Results {
		it := ListItem{DisplayName: r.DisplayName, Identity: p.identityMap(typ, r.Identity), Resource: tftypes.NewValue(objType, nil), Diagnostics: r.Diagnostics}
		if r.Resource != nil {
			if it.Resource, err = r.Resource.Unmarshal(objType); err != nil {
				p.t.Fatal(err)
			}
		}
		diags = append(diags, r.Diagnostics...)
		items = append(items, it)
	}
	return items, diags
}

// PlanFromObject plans the configuration that `terraform query -generate-config-out` would write
// for a listed resource object (its arguments, computed-only attributes left out) against state,
// with the proposed new state Terraform builds (arguments from the configuration, computed-only
// values from state). It returns whether the plan is empty (the planned state equals state and
// nothing requires replacement) and the plan's diagnostics.
func (p *Protocol) PlanFromObject(typ string, state, object tftypes.Value) (bool, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	rs := p.schema.ResourceSchemas[typ]
	objType, ok := p.objectType(typ).(tftypes.Object)
	if !ok {
		p.t.Fatalf("resource type %s is not an object", typ)
	}
	var objAttrs, stateAttrs map[string]tftypes.Value
	if err := object.As(&objAttrs); err != nil {
		p.t.Fatal(err)
	}
	if err := state.As(&stateAttrs); err != nil {
		p.t.Fatal(err)
	}
	computedOnly := map[string]bool{}
	for _, a := range rs.Block.Attributes {
		computedOnly[a.Name] = a.Computed && !a.Optional && !a.Required
	}
	cfg, proposed := map[string]tftypes.Value{}, map[string]tftypes.Value{}
	for name, at := range objType.AttributeTypes {
		v, ok := objAttrs[name]
		if !ok || computedOnly[name] {
			v = tftypes.NewValue(at, nil)
		}
		cfg[name] = v
		proposed[name] = v
		if v.IsNull() && (computedOnly[name] || isOptionalComputed(rs.Block, name)) {
			proposed[name] = stateAttrs[name]
		}
	}
	cfgDV, err := tfprotov6.NewDynamicValue(objType, tftypes.NewValue(objType, cfg))
	if err != nil {
		p.t.Fatal(err)
	}
	propDV, err := tfprotov6.NewDynamicValue(objType, tftypes.NewValue(objType, proposed))
	if err != nil {
		p.t.Fatal(err)
	}
	priorDV, err := tfprotov6.NewDynamicValue(objType, state)
	if err != nil {
		p.t.Fatal(err)
	}
	plan, err := p.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: typ, PriorState: &priorDV, ProposedNewState: &propDV, Config: &cfgDV,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	if hasError(plan.Diagnostics) || plan.PlannedState == nil {
		return false, plan.Diagnostics
	}
	planned, err := plan.PlannedState.Unmarshal(objType)
	if err != nil {
		p.t.Fatal(err)
	}
	if !planned.Equal(state) || len(plan.RequiresReplace) > 0 {
		diff, _ := state.Diff(planned)
		for _, d := range diff {
			p.t.Logf("%s planned differently: %v -> %v", d.Path, d.Value1, d.Value2)
		}
		return false, plan.Diagnostics
	}
	return true, plan.Diagnostics
}

func isOptionalComputed(b *tfprotov6.SchemaBlock, name string) bool {
	for _, a := range b.Attributes {
		if a.Name == name {
			return a.Optional && a.Computed
		}
	}
	return false
}
