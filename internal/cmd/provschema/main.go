// Command provschema prints the provider's schemas in the format of `terraform providers schema
// -json`, read from the provider itself over the plugin protocol rather than through a Terraform
// CLI. What that command prints depends on the CLI's version (list resources only from 1.14,
// resource identities only from 1.12), so docs/ is generated from this command's output instead:
// it is the same on every machine, and it has every section.
//
// The conversion follows Terraform's own (internal/command/jsonprovider and the plugin6 schema
// conversion): types go from tftypes to cty through their JSON form, every block and attribute
// carries its description kind, and a list resource's schema is its `config` block's, as
// Terraform prints it. `make docs` runs it with -provider-key teams, the key tfplugindocs looks up.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"

	"github.com/teams-terraform/terraform-provider-teams/internal/provider"
)

// Address is the provider's address, the key `terraform providers schema -json` gives its schemas.
const Address = "registry.terraform.io/teams-terraform/teams"

// FormatVersion is the format version Terraform's providers schema JSON carries.
const FormatVersion = "1.0"

func main() {
	key := flag.String("provider-key", Address, "the key of the provider's schemas under provider_schemas (tfplugindocs v0.25.0 looks up only the provider's short name, `teams`, and registry.terraform.io/hashicorp/<name>)")
	flag.Parse()
	out, err := Marshal(context.Background(), *key)
	if err != nil {
		fmt.Fprintf(os.Stderr, "provschema: %v\n", err)
		os.Exit(1)
	}
	if _, err := os.Stdout.Write(append(out, '\n')); err != nil {
		fmt.Fprintf(os.Stderr, "provschema: %v\n", err)
		os.Exit(1)
	}
}

// Marshal returns the provider's schemas as `terraform providers schema -json` prints them, the
// provider's under key.
func Marshal(ctx context.Context, key string) ([]byte, error) {
	ps, err := Schema(ctx)
	if err != nil {
		return nil, err
	}
	return json.Marshal(&tfjson.ProviderSchemas{FormatVersion: FormatVersion, Schemas: map[string]*tfjson.ProviderSchema{key: ps}})
}

// Schema serves the provider in this process and converts what it answers to GetProviderSchema
// and GetResourceIdentitySchemas.
func Schema(ctx context.Context) (*tfjson.ProviderSchema, error) {
	srv, err := providerserver.NewProtocol6WithError(provider.New("dev")())()
	if err != nil {
		return nil, err
	}
	resp, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, fmt.Errorf("GetProviderSchema: %w", err)
	}
	if err := diagError("GetProviderSchema", resp.Diagnostics); err != nil {
		return nil, err
	}
	// Sections this command does not convert must stay empty, or the docs would silently lack them.
	for name, n := range map[string]int{"functions": len(resp.Functions), "ephemeral resources": len(resp.EphemeralResourceSchemas),
		"actions": len(resp.ActionSchemas), "state stores": len(resp.StateStoreSchemas)} {
		if n > 0 {
			return nil, fmt.Errorf("the provider has %s, which provschema does not convert yet: add them", name)
		}
	}
	ids, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, fmt.Errorf("GetResourceIdentitySchemas: %w", err)
	}
	if err := diagError("GetResourceIdentitySchemas", ids.Diagnostics); err != nil {
		return nil, err
	}

	out := &tfjson.ProviderSchema{}
	if out.ConfigSchema, err = convertSchema(resp.Provider); err != nil {
		return nil, fmt.Errorf("provider: %w", err)
	}
	if out.ResourceSchemas, err = convertSchemas(resp.ResourceSchemas); err != nil {
		return nil, err
	}
	if out.DataSourceSchemas, err = convertSchemas(resp.DataSourceSchemas); err != nil {
		return nil, err
	}
	// Terraform wraps a list resource's schema into a `config` block of its own and prints that
	// block's content again: the provider's schema itself.
	if out.ListResourceSchemas, err = convertSchemas(resp.ListResourceSchemas); err != nil {
		return nil, err
	}
	out.ResourceIdentitySchemas = map[string]*tfjson.IdentitySchema{}
	for name, id := range ids.IdentitySchemas {
		// Terraform prints identities of resource types only.
		if _, ok := resp.ResourceSchemas[name]; !ok || id == nil {
			continue
		}
		if out.ResourceIdentitySchemas[name], err = convertIdentity(id); err != nil {
			return nil, fmt.Errorf("identity of %s: %w", name, err)
		}
	}
	return out, nil
}

func diagError(call string, diags []*tfprotov6.Diagnostic) error {
	var msgs []string
	for _, d := range diags {
		if d != nil && d.Severity == tfprotov6.DiagnosticSeverityError {
			msgs = append(msgs, d.Summary+": "+d.Detail)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s", call, strings.Join(msgs, "; "))
}

func convertSchemas(in map[string]*tfprotov6.Schema) (map[string]*tfjson.Schema, error) {
	out := make(map[string]*tfjson.Schema, len(in))
	names := make([]string, 0, len(in))
	for name := range in {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		s, err := convertSchema(in[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = s
	}
	return out, nil
}

// convertSchema is jsonprovider's marshalSchema: a schema without a block prints as version 0
// alone.
func convertSchema(s *tfprotov6.Schema) (*tfjson.Schema, error) {
	if s == nil || s.Block == nil {
		return &tfjson.Schema{}, nil
	}
	if s.Version < 0 {
		return nil, fmt.Errorf("negative schema version %d", s.Version)
	}
	b, err := convertBlock(s.Block)
	if err != nil {
		return nil, err
	}
	return &tfjson.Schema{Version: uint64(s.Version), Block: b}, nil
}

func convertBlock(b *tfprotov6.SchemaBlock) (*tfjson.SchemaBlock, error) {
	out := &tfjson.SchemaBlock{Description: b.Description, DescriptionKind: descriptionKind(b.DescriptionKind), Deprecated: b.Deprecated}
	if len(b.Attributes) > 0 {
		attrs, err := convertAttributes(b.Attributes)
		if err != nil {
			return nil, err
		}
		out.Attributes = attrs
	}
	if len(b.BlockTypes) > 0 {
		out.NestedBlocks = make(map[string]*tfjson.SchemaBlockType, len(b.BlockTypes))
		for _, nb := range b.BlockTypes {
			mode, ok := blockNesting[nb.Nesting]
			if !ok {
				return nil, fmt.Errorf("block %s: nesting mode %v has no name in Terraform's JSON", nb.TypeName, nb.Nesting)
			}
			if nb.MinItems < 0 || nb.MaxItems < 0 {
				return nil, fmt.Errorf("block %s: negative min or max items", nb.TypeName)
			}
			var inner *tfjson.SchemaBlock
			if nb.Block != nil {
				var err error
				if inner, err = convertBlock(nb.Block); err != nil {
					return nil, fmt.Errorf("block %s: %w", nb.TypeName, err)
				}
			} else {
				inner = &tfjson.SchemaBlock{DescriptionKind: tfjson.SchemaDescriptionKindPlain}
			}
			out.NestedBlocks[nb.TypeName] = &tfjson.SchemaBlockType{NestingMode: mode, Block: inner,
				MinItems: uint64(nb.MinItems), MaxItems: uint64(nb.MaxItems)}
		}
	}
	return out, nil
}

func convertAttributes(in []*tfprotov6.SchemaAttribute) (map[string]*tfjson.SchemaAttribute, error) {
	out := make(map[string]*tfjson.SchemaAttribute, len(in))
	for _, a := range in {
		attr := &tfjson.SchemaAttribute{
			Description: a.Description, DescriptionKind: descriptionKind(a.DescriptionKind), Deprecated: a.Deprecated,
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, WriteOnly: a.WriteOnly,
		}
		if a.Type != nil {
			ty, err := ctyType(a.Type)
			if err != nil {
				return nil, fmt.Errorf("attribute %s: %w", a.Name, err)
			}
			attr.AttributeType = ty
		}
		if a.NestedType != nil {
			mode, ok := objectNesting[a.NestedType.Nesting]
			if !ok {
				return nil, fmt.Errorf("attribute %s: nesting mode %v has no name in Terraform's JSON", a.Name, a.NestedType.Nesting)
			}
			// Terraform keeps no min or max items of nested attributes: its JSON has none.
			attrs, err := convertAttributes(a.NestedType.Attributes)
			if err != nil {
				return nil, fmt.Errorf("attribute %s: %w", a.Name, err)
			}
			attr.AttributeNestedType = &tfjson.SchemaNestedAttributeType{NestingMode: mode, Attributes: attrs}
		}
		out[a.Name] = attr
	}
	return out, nil
}

func convertIdentity(s *tfprotov6.ResourceIdentitySchema) (*tfjson.IdentitySchema, error) {
	if s.Version < 0 {
		return nil, fmt.Errorf("negative identity version %d", s.Version)
	}
	out := &tfjson.IdentitySchema{Version: uint64(s.Version), Attributes: make(map[string]*tfjson.IdentityAttribute, len(s.IdentityAttributes))}
	for _, a := range s.IdentityAttributes {
		if a.Type == nil {
			return nil, fmt.Errorf("identity attribute %s has no type", a.Name)
		}
		ty, err := ctyType(a.Type)
		if err != nil {
			return nil, fmt.Errorf("identity attribute %s: %w", a.Name, err)
		}
		// Terraform prints no description kind for identity attributes.
		out.Attributes[a.Name] = &tfjson.IdentityAttribute{IdentityType: ty, Description: a.Description,
			RequiredForImport: a.RequiredForImport, OptionalForImport: a.OptionalForImport}
	}
	return out, nil
}

// ctyType converts a type of the plugin protocol to Terraform's.
func ctyType(t tftypes.Type) (cty.Type, error) {
	switch {
	case t.Is(tftypes.String):
		return cty.String, nil
	case t.Is(tftypes.Number):
		return cty.Number, nil
	case t.Is(tftypes.Bool):
		return cty.Bool, nil
	case t.Is(tftypes.DynamicPseudoType):
		return cty.DynamicPseudoType, nil
	}
	switch t := t.(type) {
	case tftypes.List:
		e, err := ctyType(t.ElementType)
		return cty.List(e), err
	case tftypes.Set:
		e, err := ctyType(t.ElementType)
		return cty.Set(e), err
	case tftypes.Map:
		e, err := ctyType(t.ElementType)
		return cty.Map(e), err
	case tftypes.Tuple:
		elems := make([]cty.Type, len(t.ElementTypes))
		for i, et := range t.ElementTypes {
			var err error
			if elems[i], err = ctyType(et); err != nil {
				return cty.NilType, err
			}
		}
		return cty.Tuple(elems), nil
	case tftypes.Object:
		attrs := make(map[string]cty.Type, len(t.AttributeTypes))
		var optional []string
		for name, at := range t.AttributeTypes {
			var err error
			if attrs[name], err = ctyType(at); err != nil {
				return cty.NilType, err
			}
			if _, ok := t.OptionalAttributes[name]; ok {
				optional = append(optional, name)
			}
		}
		if len(optional) > 0 {
			return cty.ObjectWithOptionalAttrs(attrs, optional), nil
		}
		return cty.Object(attrs), nil
	}
	return cty.NilType, fmt.Errorf("type %s has no Terraform equivalent", t)
}

// descriptionKind is Terraform's: markdown, or plain for anything else.
func descriptionKind(k tfprotov6.StringKind) tfjson.SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return tfjson.SchemaDescriptionKindMarkdown
	}
	return tfjson.SchemaDescriptionKindPlain
}

var blockNesting = map[tfprotov6.SchemaNestedBlockNestingMode]tfjson.SchemaNestingMode{
	tfprotov6.SchemaNestedBlockNestingModeSingle: tfjson.SchemaNestingModeSingle,
	tfprotov6.SchemaNestedBlockNestingModeGroup:  tfjson.SchemaNestingModeGroup,
	tfprotov6.SchemaNestedBlockNestingModeList:   tfjson.SchemaNestingModeList,
	tfprotov6.SchemaNestedBlockNestingModeSet:    tfjson.SchemaNestingModeSet,
	tfprotov6.SchemaNestedBlockNestingModeMap:    tfjson.SchemaNestingModeMap,
}

var objectNesting = map[tfprotov6.SchemaObjectNestingMode]tfjson.SchemaNestingMode{
	tfprotov6.SchemaObjectNestingModeSingle: tfjson.SchemaNestingModeSingle,
	tfprotov6.SchemaObjectNestingModeList:   tfjson.SchemaNestingModeList,
	tfprotov6.SchemaObjectNestingModeSet:    tfjson.SchemaNestingModeSet,
	tfprotov6.SchemaObjectNestingModeMap:    tfjson.SchemaNestingModeMap,
}
