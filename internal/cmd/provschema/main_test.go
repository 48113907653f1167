package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"testing"

	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/teams-terraform/terraform-provider-teams/internal/acctest"
)

// sections are the parts of a provider's schemas provschema prints, with the Terraform version
// from which `terraform providers schema -json` prints them too.
var sections = []struct{ key, since string }{
	{"provider", "0.12.0"},
	{"resource_schemas", "0.12.0"},
	{"data_source_schemas", "0.12.0"},
	{"resource_identity_schemas", "1.12.0"},
	{"list_resource_schemas", "1.14.0"},
}

// TestMatchesTerraformProvidersSchema compares provschema's output with what the CLI of the
// acceptance tests (TF_ACC_TERRAFORM_PATH, else terraform on PATH) prints for the same provider,
// served to it in this process: every section the CLI prints, every field of every entry. The
// sections the CLI is too old to print are skipped, saying so.
func TestMatchesTerraformProvidersSchema(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test (compares with the real terraform providers schema -json): set TF_ACC=1 (make test does)")
	}
	acctest.PreCheck(t)
	cli := acctest.NewCLI(t)
	cli.Write("main.tf", "terraform {\n  required_providers {\n    teams = { source = \"teams-terraform/teams\" }\n  }\n}\n")
	cli.MustRun("init", "-input=false", "-backend=false")
	var got map[string]any
	if err := json.Unmarshal(cli.Stdout("providers", "schema", "-json"), &got); err != nil {
		t.Fatalf("%s providers schema -json: %v", cli, err)
	}

	ours, err := Marshal(context.Background(), Address)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(ours, &want); err != nil {
		t.Fatal(err)
	}
	if got["format_version"] != want["format_version"] {
		t.Errorf("format_version: %s prints %v, provschema %v", cli, got["format_version"], want["format_version"])
	}

	cliSchemas, _ := got["provider_schemas"].(map[string]any)
	if len(cliSchemas) != 1 {
		t.Fatalf("%s printed the schemas of %d providers, want 1: %v", cli, len(cliSchemas), keys(cliSchemas))
	}
	var cliKey string
	for k := range cliSchemas {
		cliKey = k
	}
	if !cli.OpenTofu && cliKey != Address {
		t.Errorf("%s keys the provider %q, provschema %q", cli, cliKey, Address)
	}
	cliProv, _ := cliSchemas[cliKey].(map[string]any)
	ourProv := want["provider_schemas"].(map[string]any)[Address].(map[string]any)

	known := map[string]bool{}
	for _, s := range sections {
		known[s.key] = true
	}
	for k := range cliProv {
		if !known[k] {
			t.Errorf("%s prints the section %s, which provschema does not produce: the docs would lack it", cli, k)
		}
	}
	for k := range ourProv {
		if !known[k] {
			t.Errorf("provschema prints the section %s, which this test does not compare", k)
		}
	}

	for _, s := range sections {
		t.Run(s.key, func(t *testing.T) {
			cliSec, ok := cliProv[s.key]
			if !ok {
				if !cli.OpenTofu && !cli.Version.LessThan(version.Must(version.NewVersion(s.since))) && ourProv[s.key] != nil {
					t.Fatalf("%s prints no %s although Terraform %s and later do and provschema has them", cli, s.key, s.since)
				}
				t.Skipf("%s does not print %s (Terraform prints it from %s on): not compared; TF_ACC_TERRAFORM_PATH=<newer terraform> compares it", cli, s.key, s.since)
			}
			ourSec, ok := ourProv[s.key]
			if !ok {
				t.Fatalf("%s prints %s, provschema does not", cli, s.key)
			}
			// Terraform prints deprecation_message, which terraform-json (and so tfplugindocs,
			// which reads the file through it) has no field for.
			dropKey(cliSec, "deprecation_message")
			for _, d := range diff(s.key, cliSec, ourSec) {
				t.Error(d)
			}
		})
	}
}

// TestConvertBlock converts a block with every feature Terraform prints (nesting modes of blocks
// and nested attributes, min and max items, description kinds, flags, complex types) and
// compares with the JSON Terraform's jsonprovider writes for it.
func TestConvertBlock(t *testing.T) {
	obj := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String, "b": tftypes.List{ElementType: tftypes.Number}}}
	in := &tfprotov6.SchemaBlock{
		Description: "root", DescriptionKind: tfprotov6.StringKindMarkdown, Deprecated: true,
		Attributes: []*tfprotov6.SchemaAttribute{
			{Name: "req", Type: tftypes.String, Required: true, Description: "**r**", DescriptionKind: tfprotov6.StringKindMarkdown},
			{Name: "opt", Type: tftypes.Set{ElementType: obj}, Optional: true, Computed: true, Sensitive: true},
			{Name: "wo", Type: tftypes.Map{ElementType: tftypes.Bool}, Optional: true, WriteOnly: true, Deprecated: true, DeprecationMessage: "gone"},
			{Name: "dyn", Type: tftypes.DynamicPseudoType, Computed: true},
			{Name: "nested", Optional: true, NestedType: &tfprotov6.SchemaObject{Nesting: tfprotov6.SchemaObjectNestingModeMap,
				Attributes: []*tfprotov6.SchemaAttribute{{Name: "x", Type: tftypes.Number, Required: true, Description: "x"}}}},
		},
		BlockTypes: []*tfprotov6.SchemaNestedBlock{
			{TypeName: "grp", Nesting: tfprotov6.SchemaNestedBlockNestingModeGroup, Block: &tfprotov6.SchemaBlock{}},
			{TypeName: "lst", Nesting: tfprotov6.SchemaNestedBlockNestingModeList, MinItems: 1, MaxItems: 3, Block: &tfprotov6.SchemaBlock{
				Attributes: []*tfprotov6.SchemaAttribute{{Name: "t", Type: tftypes.Tuple{ElementTypes: []tftypes.Type{tftypes.String, tftypes.Bool}}, Optional: true}}}},
		},
	}
	got, err := convertBlock(in)
	if err != nil {
		t.Fatal(err)
	}
	gotJSON, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
	  "attributes": {
	    "req": {"type": "string", "description": "**r**", "description_kind": "markdown", "required": true},
	    "opt": {"type": ["set", ["object", {"a": "string", "b": ["list", "number"]}]], "description_kind": "plain", "optional": true, "computed": true, "sensitive": true},
	    "wo": {"type": ["map", "bool"], "description_kind": "plain", "deprecated": true, "optional": true, "write_only": true},
	    "dyn": {"type": "dynamic", "description_kind": "plain", "computed": true},
	    "nested": {"nested_type": {"nesting_mode": "map", "attributes": {"x": {"type": "number", "description": "x", "description_kind": "plain", "required": true}}},
	               "description_kind": "plain", "optional": true}
	  },
	  "block_types": {
	    "grp": {"nesting_mode": "group", "block": {"description_kind": "plain"}},
	    "lst": {"nesting_mode": "list", "min_items": 1, "max_items": 3, "block": {"description_kind": "plain",
	            "attributes": {"t": {"type": ["tuple", ["string", "bool"]], "description_kind": "plain", "optional": true}}}}
	  },
	  "description": "root", "description_kind": "markdown", "deprecated": true
	}`
	var g, w any
	if err := json.Unmarshal(gotJSON, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	for _, d := range diff("block", w, g) {
		t.Error(d)
	}
}

// TestConvertIdentity: identity attributes print with their type, description and import flags,
// as jsonprovider's marshalIdentitySchema writes them.
func TestConvertIdentity(t *testing.T) {
	got, err := convertIdentity(&tfprotov6.ResourceIdentitySchema{Version: 2, IdentityAttributes: []*tfprotov6.ResourceIdentitySchemaAttribute{
		{Name: "id", Type: tftypes.String, RequiredForImport: true, Description: "The id."},
		{Name: "tenant", Type: tftypes.List{ElementType: tftypes.String}, OptionalForImport: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	gotJSON, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(gotJSON, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"version": 2, "attributes": {
	  "id": {"type": "string", "description": "The id.", "required_for_import": true},
	  "tenant": {"type": ["list", "string"], "optional_for_import": true}}}`), &w); err != nil {
		t.Fatal(err)
	}
	for _, d := range diff("identity", w, g) {
		t.Error(d)
	}
}

// TestIdentityAndListSections: identities print with their import flags and no description kind,
// only for resource types, and a list resource prints its own schema (not wrapped in `config`).
func TestIdentityAndListSections(t *testing.T) {
	ps, err := Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.ResourceIdentitySchemas) == 0 || len(ps.ListResourceSchemas) == 0 {
		t.Fatalf("provschema printed %d identities and %d list resources; the provider has both", len(ps.ResourceIdentitySchemas), len(ps.ListResourceSchemas))
	}
	for name := range ps.ResourceIdentitySchemas {
		if ps.ResourceSchemas[name] == nil {
			t.Errorf("identity of %s, which is no resource type", name)
		}
	}
	for name, s := range ps.ListResourceSchemas {
		if s.Block == nil || s.Block.NestedBlocks["config"] != nil || s.Block.Attributes["data"] != nil {
			t.Errorf("list resource %s: want the list's own config attributes, got %+v", name, s.Block)
		}
	}
	out, err := Marshal(context.Background(), "teams")
	if err != nil {
		t.Fatal(err)
	}
	var back tfjson.ProviderSchemas
	if err := back.UnmarshalJSON(out); err != nil {
		t.Fatalf("terraform-json does not read provschema's output back: %v", err)
	}
	if back.Schemas["teams"] == nil || len(back.Schemas["teams"].ListResourceSchemas) != len(ps.ListResourceSchemas) {
		t.Fatal("-provider-key teams: want the schemas under teams, with the list resources")
	}
}

// diff lists the differences between Terraform's value (want) and provschema's (got), by path.
func diff(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: Terraform prints an object, provschema %s", path, short(got))}
		}
		var out []string
		for _, k := range keys(w, g) {
			wv, inW := w[k]
			gv, inG := g[k]
			switch {
			case !inG:
				out = append(out, fmt.Sprintf("%s.%s: Terraform prints %s, provschema nothing", path, k, short(wv)))
			case !inW:
				out = append(out, fmt.Sprintf("%s.%s: provschema prints %s, Terraform nothing", path, k, short(gv)))
			default:
				out = append(out, diff(path+"."+k, wv, gv)...)
			}
		}
		return out
	default:
		if !reflect.DeepEqual(want, got) {
			return []string{fmt.Sprintf("%s: Terraform prints %s, provschema %s", path, short(want), short(got))}
		}
		return nil
	}
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

func keys(ms ...map[string]any) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func dropKey(v any, key string) {
	switch x := v.(type) {
	case map[string]any:
		delete(x, key)
		for _, e := range x {
			dropKey(e, key)
		}
	case []any:
		for _, e := range x {
			dropKey(e, key)
		}
	}
}
