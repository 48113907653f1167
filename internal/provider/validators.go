package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// Validators shared by teams_chat_member, teams_chat_app_installation and teams_chat_tab; each
// reads a pure rule of internal/rules, so that the message and the docs agree.

func newGroupChatIDValidator() validator.String {
	return namedRule{stringRule{summary: "One-On-One Chat", description: "the chat must be a group chat (19:…@thread.v2)", check: rules.CheckGroupChatID}}
}

func newHTTPSURLValidator() validator.String {
	return namedRule{stringRule{summary: "Invalid URL", description: "value must be an absolute https URL", check: rules.CheckHTTPSURL}}
}

func newDisplayNameValidator() validator.String {
	return namedRule{stringRule{summary: "Blank Display Name", description: "value must have a character other than white space", check: rules.CheckDisplayName}}
}

func newInstallableAppValidator() validator.String {
	return namedRule{stringRule{summary: "Built-In Tab App", description: "value must be a catalog app, not a built-in tab app", check: rules.CheckInstallableApp}}
}

// namedRule is a stringRule whose message starts with the attribute's path: Terraform points at
// the whole resource block for an attribute nested in an object (configuration.content_url).
type namedRule struct{ stringRule }

func (v namedRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := v.check(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, req.Path.String()+": "+problem)
	}
}

// rfc3339Type is timetypes.RFC3339Type (semantic equality across `Z` and `+00:00` included) whose
// values report a malformed time as one error that names the attribute and shows the form to
// write, instead of the Go parse message of timetypes.
type rfc3339Type struct {
	timetypes.RFC3339Type
}

var (
	_ basetypes.StringTypable                    = rfc3339Type{}
	_ basetypes.StringValuableWithSemanticEquals = rfc3339{}
)

func (t rfc3339Type) String() string { return "provider.rfc3339Type" }

func (t rfc3339Type) ValueType(context.Context) attr.Value { return rfc3339{} }

func (t rfc3339Type) Equal(o attr.Type) bool {
	_, ok := o.(rfc3339Type)
	return ok
}

func (t rfc3339Type) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return rfc3339{timetypes.RFC3339{StringValue: in}}, nil
}

func (t rfc3339Type) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	out, _ := t.ValueFromString(ctx, s)
	return out, nil
}

// rfc3339 is a value of rfc3339Type.
type rfc3339 struct {
	timetypes.RFC3339
}

func newRFC3339Null() rfc3339 { return rfc3339{timetypes.NewRFC3339Null()} }

func newRFC3339Time(t time.Time) rfc3339 { return rfc3339{timetypes.NewRFC3339TimeValue(t)} }

func (v rfc3339) Type(context.Context) attr.Type { return rfc3339Type{} }

func (v rfc3339) Equal(o attr.Value) bool {
	other, ok := o.(rfc3339)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v rfc3339) StringSemanticEquals(ctx context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(rfc3339)
	if !ok {
		return false, nil
	}
	return v.RFC3339.StringSemanticEquals(ctx, other.RFC3339)
}

// ValidateAttribute hides timetypes.RFC3339's own check (Go's parse message, reported twice for a
// set's elements): rfc3339Validator reports a malformed time instead.
func (v rfc3339) ValidateAttribute(context.Context, xattr.ValidateAttributeRequest, *xattr.ValidateAttributeResponse) {
}

// rfc3339Validator reports a value Go's RFC 3339 parser refuses, once, naming the attribute. It
// is a validator rather than the type's own ValidateAttribute because the framework validates a
// custom type's values of a set's elements twice (configuration and plan), and Terraform prints
// both.
type rfc3339Validator struct{}

func (rfc3339Validator) Description(context.Context) string {
	return "value must be an RFC 3339 time, such as 2024-05-01T09:00:00Z"
}

func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Time",
			fmt.Sprintf("%s = %q is not an RFC 3339 time. Write a date, a time and a UTC offset, such as \"2024-05-01T09:00:00Z\" (UTC) or \"2024-05-01T11:00:00+02:00\".",
				attributeName(req.Path), req.ConfigValue.ValueString()))
	}
}

// attributeName is the name of the attribute a path ends in (the path itself when it ends in an
// element).
func attributeName(p path.Path) string {
	if last, _ := p.Steps().LastStep(); last != nil {
		if n, ok := last.(path.PathStepAttributeName); ok {
			return string(n)
		}
	}
	return p.String()
}
