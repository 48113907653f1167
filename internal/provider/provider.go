// Package provider is the Terraform room: the provider block and its settings (provider.go); the
// resources teams_chat, teams_chat_member, teams_chat_app_installation and teams_chat_tab, each as
// <name>_model.go (model, plain-Go data, expand/flatten), <name>_validators.go and
// <name>_plan_modifiers.go where it has them, and <name>_resource.go (schema, CRUD, import), on the
// base they share (chat_child_base.go: Configure, timeouts, the CRUD prologue, `<chat_id>/<child>`
// ids and import); their identities (identity.go); restoring a deleted group chat (chat_restore.go);
// the list resources of `terraform query` (chat_list_resource.go, chat_child_list_resources.go); the
// data sources teams_chat, teams_chats and teams_app; validators and the RFC 3339 type the resources
// share (validators.go); homeMemberID (users.go) and diagnostic helpers (diagnostics.go).
package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

var (
	_ provider.Provider                  = &TeamsProvider{}
	_ provider.ProviderWithListResources = &TeamsProvider{}
)

// New returns the provider factory for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &TeamsProvider{version: version, getenv: os.Getenv}
	}
}

// TeamsProvider is the teams provider.
type TeamsProvider struct {
	version string
	getenv  func(string) string
}

// providerModel is the provider block.
type providerModel struct {
	TenantID                  types.String `tfsdk:"tenant_id"`
	ClientID                  types.String `tfsdk:"client_id"`
	ClientSecret              types.String `tfsdk:"client_secret"`
	ClientCertificate         types.String `tfsdk:"client_certificate"`
	ClientCertificatePath     types.String `tfsdk:"client_certificate_path"`
	ClientCertificatePassword types.String `tfsdk:"client_certificate_password"`
	UseOIDC                   types.Bool   `tfsdk:"use_oidc"`
	OIDCToken                 types.String `tfsdk:"oidc_token"`
	OIDCTokenFilePath         types.String `tfsdk:"oidc_token_file_path"`
	OIDCRequestURL            types.String `tfsdk:"oidc_request_url"`
	OIDCRequestToken          types.String `tfsdk:"oidc_request_token"`
	UseMSI                    types.Bool   `tfsdk:"use_msi"`
	UseCLI                    types.Bool   `tfsdk:"use_cli"`
	Environment               types.String `tfsdk:"environment"`
	GraphEndpoint             types.String `tfsdk:"graph_endpoint"`
	AccessToken               types.String `tfsdk:"access_token"`
}

// providerData is what resources receive from Configure.
type providerData struct {
	client *graph.Client
	// unconfigured explains why no client could be built at plan time (unknown configuration).
	unconfigured string
}

// settingDescriptions are the texts of the provider block's attributes, one for each of
// graph.Settings (the one list of the settings, their environment variables and secrecy).
var settingDescriptions = map[string]string{
	"tenant_id":                   "The Entra ID (Azure AD) tenant to authenticate against.",
	"client_id":                   "The application (client) id of the app registration, or of a user-assigned managed identity when `use_msi` is true.",
	"client_secret":               "A client secret of the app registration.",
	"client_certificate":          "A client certificate with its private key, as base64-encoded PKCS#12 or as PEM.",
	"client_certificate_path":     "Path to a PKCS#12 (.pfx) or PEM file holding the client certificate and its private key.",
	"client_certificate_password": "Password of the client certificate, if it has one.",
	"use_oidc":                    "Authenticate with workload identity federation (OIDC): a federated token from `oidc_token`, `oidc_token_file_path` or the GitHub Actions pair `oidc_request_url` / `oidc_request_token`.",
	"oidc_token":                  "A federated ID token for OIDC authentication.",
	"oidc_token_file_path":        "Path to a file holding a federated ID token (re-read when a new access token is needed).",
	"oidc_request_url":            "The GitHub Actions URL that issues ID tokens.",
	"oidc_request_token":          "The bearer token for `oidc_request_url`.",
	"use_msi":                     "Authenticate with a managed identity; set `client_id` for a user-assigned identity.",
	"use_cli":                     "Authenticate with the Azure CLI's signed-in account, as the last resort when nothing else is configured. Defaults to `true`.",
	"environment":                 "The cloud: " + rules.Quote(graph.EnvironmentNames()) + ". It selects the login authority and the Graph host. Defaults to `global`.",
	"graph_endpoint":              "Base URL of Microsoft Graph including the version path, for example the local emulator's `http://127.0.0.1:8080/v1.0` or a proxy. Must be https, except for loopback hosts (`localhost`, `127.0.0.1`, `::1`).",
	"access_token":                "A ready bearer token for Microsoft Graph, used as is (the local emulator and tests use this). Takes precedence over every other credential type.",
}

// settingMarkdown is the attribute's description with its environment variables.
func settingMarkdown(s graph.Setting) string {
	env := make([]string, len(s.Env))
	for i, e := range s.Env {
		env[i] = "`" + e + "`"
	}
	return settingDescriptions[s.Name] + " Environment variable: " + strings.Join(env, " or ") + "."
}

// Metadata sets the provider type name.
func (p *TeamsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "teams"
	resp.Version = p.version
}

// Schema describes the provider block.
func (p *TeamsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	attrs := map[string]schema.Attribute{}
	for _, s := range graph.Settings {
		if s.Bool {
			attrs[s.Name] = schema.BoolAttribute{Optional: true, MarkdownDescription: settingMarkdown(s)}
			continue
		}
		var validators []validator.String
		switch s.Name {
		case "environment":
			validators = append(validators, stringvalidator.OneOf(graph.EnvironmentNames()...))
		case "tenant_id", "client_id":
			validators = append(validators, newGUIDValidator())
		case "client_certificate":
			validators = append(validators, stringvalidator.ConflictsWith(path.MatchRoot("client_certificate_path")))
		}
		attrs[s.Name] = schema.StringAttribute{Optional: true, Sensitive: s.Sensitive, MarkdownDescription: settingMarkdown(s), Validators: validators}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Microsoft Teams chats through Microsoft Graph. Credentials follow the azuread " +
			"provider's `ARM_*` environment variables; `graph_endpoint` and `access_token` point it at the local emulator.",
		Attributes: attrs,
	}
}

// configFromModel applies the environment fallbacks. Values written in the block win over the
// environment; Explicit records which credential attributes were written in the block.
func configFromModel(m providerModel, getenv func(string) string) (graph.Config, error) {
	explicit := map[string]bool{}
	cfg := graph.Config{Explicit: explicit}
	var envErr error
	vals := m.values()
	for _, s := range graph.Settings {
		switch v := vals[s.Name].(type) {
		case types.String:
			if !v.IsNull() && !v.IsUnknown() && v.ValueString() != "" {
				explicit[s.Name] = true
				s.SetText(&cfg, v.ValueString())
				continue
			}
		case types.Bool:
			if !v.IsNull() && !v.IsUnknown() {
				if v.ValueBool() {
					explicit[s.Name] = true
				}
				s.SetBool(&cfg, v.ValueBool())
				continue
			}
		}
		if err := s.SetFromEnv(&cfg, getenv); err != nil && envErr == nil {
			envErr = err
		}
	}
	// Setting any OIDC token source in the block implies use_oidc.
	if explicit["oidc_token"] || explicit["oidc_token_file_path"] || explicit["oidc_request_token"] {
		if cfg.UseOIDC || m.UseOIDC.IsNull() {
			cfg.UseOIDC = true
		}
	}
	return cfg, envErr
}

// values are the block's attributes by name.
func (m providerModel) values() map[string]attr.Value {
	return map[string]attr.Value{
		"tenant_id": m.TenantID, "client_id": m.ClientID, "client_secret": m.ClientSecret,
		"client_certificate": m.ClientCertificate, "client_certificate_path": m.ClientCertificatePath,
		"client_certificate_password": m.ClientCertificatePassword, "use_oidc": m.UseOIDC,
		"oidc_token": m.OIDCToken, "oidc_token_file_path": m.OIDCTokenFilePath,
		"oidc_request_url": m.OIDCRequestURL, "oidc_request_token": m.OIDCRequestToken,
		"use_msi": m.UseMSI, "use_cli": m.UseCLI, "environment": m.Environment,
		"graph_endpoint": m.GraphEndpoint, "access_token": m.AccessToken,
	}
}

// unknownAttributes lists attributes whose values are not known yet (they come from resources).
func unknownAttributes(m providerModel) []string {
	vals := m.values()
	var out []string
	for _, s := range graph.Settings {
		if vals[s.Name].IsUnknown() {
			out = append(out, s.Name)
		}
	}
	return out
}

// Configure builds the Graph client.
func (p *TeamsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if unknown := unknownAttributes(m); len(unknown) > 0 {
		// Terraform plans before values from other resources exist. Nothing needs Graph to plan a
		// new chat, so configuration waits; anything that does need Graph says why it cannot.
		data := &providerData{unconfigured: fmt.Sprintf("The provider configuration uses values that are not known until apply (%s), so Microsoft Graph cannot be called yet.", strings.Join(unknown, ", "))}
		resp.ResourceData, resp.DataSourceData, resp.ListResourceData = data, data, data
		tflog.Info(ctx, "Deferring Graph client creation: provider configuration has unknown values", map[string]any{"attributes": unknown})
		return
	}
	getenv := p.getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	cfg, err := configFromModel(m, getenv)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Provider Environment Variable", sentence(err.Error()))
		return
	}
	env, err := graph.LookupEnvironment(cfg.Environment)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("environment"), "Invalid Environment", sentence(err.Error()))
		return
	}
	if _, err := graph.ResolveEndpoint(env, cfg.GraphEndpoint); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("graph_endpoint"), "Invalid Graph Endpoint",
			sentence("The graph_endpoint (or TEAMS_GRAPH_ENDPOINT) value "+err.Error()))
		return
	}
	if _, err := cfg.SelectCredential(); err != nil {
		var c *graph.ConflictError
		if errors.As(err, &c) {
			resp.Diagnostics.AddAttributeError(path.Root(c.Second), "Conflicting Credentials",
				fmt.Sprintf("Both %q and %q are set in the provider block, and they configure two different credential types. Keep only one of them.", c.First, c.Second))
			return
		}
		resp.Diagnostics.AddError("No Credentials Configured", sentence(err.Error()))
		return
	}
	client, err := graph.NewClient(cfg, graph.Options{Version: p.version})
	if err != nil {
		var me *graph.MissingError
		if errors.As(err, &me) {
			resp.Diagnostics.AddAttributeError(path.Root(me.Attribute), "Missing Provider Attribute", sentence(me.Error()))
			return
		}
		resp.Diagnostics.AddError("Unable To Create Microsoft Graph Client", sentence(err.Error()))
		return
	}
	tflog.Debug(ctx, "Configured Microsoft Graph client", map[string]any{"endpoint": client.Endpoint(), "credential": string(client.CredentialKind())})
	data := &providerData{client: client}
	resp.ResourceData, resp.DataSourceData, resp.ListResourceData = data, data, data
}

// providerDataFrom reads what the provider's Configure passed to a resource or data source (nil
// before the provider is configured, as during validation).
func providerDataFrom(v any, diags *diag.Diagnostics) *providerData {
	if v == nil {
		return nil
	}
	data, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", v))
		return nil
	}
	return data
}

// graphClient is the Graph client, or an error saying why there is none yet.
func (d *providerData) graphClient(diags *diag.Diagnostics) *graph.Client {
	if d == nil || d.client == nil {
		detail := "The provider is not configured."
		if d != nil && d.unconfigured != "" {
			detail = d.unconfigured + " Apply the resources that produce those values first (for example with -target), or set them directly."
		}
		diags.AddError("Microsoft Graph Client Unavailable", detail)
		return nil
	}
	return d.client
}

// Resources lists the provider's resources.
func (p *TeamsProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewChatResource, NewChatMemberResource, NewChatAppInstallationResource, NewChatTabResource}
}

// ListResources lists the provider's list resources, for `terraform query` (Terraform 1.14 and later).
func (p *TeamsProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewChatListResource, NewChatMemberListResource, NewChatAppInstallationListResource, NewChatTabListResource}
}

// DataSources lists the provider's data sources.
func (p *TeamsProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewChatDataSource, NewChatsDataSource, NewAppDataSource}
}
