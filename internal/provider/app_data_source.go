package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource                     = &AppDataSource{}
	_ datasource.DataSourceWithConfigure        = &AppDataSource{}
	_ datasource.DataSourceWithConfigValidators = &AppDataSource{}
)

// NewAppDataSource returns the teams_app data source.
func NewAppDataSource() datasource.DataSource {
	return &AppDataSource{}
}

// AppDataSource is the teams_app data source: one app of the tenant's Teams app catalog.
type AppDataSource struct {
	data *providerData
}

// appDataSourceModel is the teams_app data source's Terraform data.
type appDataSourceModel struct {
	ID                 types.String `tfsdk:"id"`
	ExternalID         types.String `tfsdk:"external_id"`
	DisplayName        types.String `tfsdk:"display_name"`
	DistributionMethod types.String `tfsdk:"distribution_method"`
	Version            types.String `tfsdk:"version"`
}

// appLookups are the attributes an app can be found by, with Graph's property for each.
var appLookups = []struct{ attr, property string }{
	{"id", "id"}, {"external_id", "externalId"}, {"display_name", "displayName"},
}

// Metadata sets the type name.
func (d *AppDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_app"
}

// Schema describes the teams_app data source.
func (d *AppDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds one app of the tenant's Teams app catalog (`GET /appCatalogs/teamsApps`) by exactly one of `id`, " +
			"`external_id` or `display_name`. No app, or more than one, is an error that says which. Needs the application " +
			"permission `AppCatalog.Read.All`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Optional: true, Computed: true, Validators: nonEmpty,
				MarkdownDescription: "The app's id in the catalog: what `teams_chat_app_installation` and `teams_chat_tab` take as `teams_app_id`."},
			"external_id": schema.StringAttribute{Optional: true, Computed: true, Validators: nonEmpty,
				MarkdownDescription: "The id in the app's manifest, for the organisation's own apps (store apps have none)."},
			"display_name": schema.StringAttribute{Optional: true, Computed: true, Validators: nonEmpty,
				MarkdownDescription: "The app's name (matched as Graph matches it, without regard to case)."},
			"distribution_method": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`store`, `organization` or `sideloaded`."},
			"version": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The newest published version: the one installing the app installs. Versions submitted for review or " +
					"rejected are in the catalog too but do not count. Null when no version is published yet."},
		},
	}
}

// ConfigValidators requires exactly one of the look-up attributes.
func (d *AppDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	var paths []path.Expression
	for _, l := range appLookups {
		paths = append(paths, path.MatchRoot(l.attr))
	}
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(paths...)}
}

// Configure receives the Graph client.
func (d *AppDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read finds the app with one filtered request.
func (d *AppDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m appDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := d.data.graphClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	values := map[string]types.String{"id": m.ID, "external_id": m.ExternalID, "display_name": m.DisplayName}
	var attr, property, value string
	for _, l := range appLookups {
		if v := values[l.attr]; !v.IsNull() {
			attr, property, value = l.attr, l.property, v.ValueString()
		}
	}
	apps, err := client.FindCatalogApps(ctx, property, value)
	if err != nil {
		resp.Diagnostics.AddError("Unable To Read App Catalog", fmt.Sprintf("Looking for the app with %s = %q in the tenant's app catalog failed: %s", attr, value, sentence(err.Error())))
		return
	}
	switch len(apps) {
	case 0:
		resp.Diagnostics.AddAttributeError(path.Root(attr), "App Not Found",
			fmt.Sprintf("No app in the tenant's Teams app catalog has %s = %q.", attr, value))
		return
	case 1:
	default:
		var found []string
		for _, a := range apps {
			found = append(found, fmt.Sprintf("%s (%s, %s)", a.ID, a.DisplayName, a.DistributionMethod))
		}
		resp.Diagnostics.AddAttributeError(path.Root(attr), "Several Apps Found",
			fmt.Sprintf("%d apps in the tenant's Teams app catalog have %s = %q: %s. Look the app up by id instead.", len(apps), attr, value, strings.Join(found, "; ")))
		return
	}
	a := apps[0]
	// The attribute looked up keeps its configured value (Terraform requires it; Graph may have
	// matched it without regard to case).
	if attr != "id" {
		m.ID = types.StringValue(a.ID)
	}
	if attr != "display_name" {
		m.DisplayName = types.StringValue(a.DisplayName)
	}
	if attr != "external_id" {
		m.ExternalID = optString(a.ExternalID)
	}
	m.DistributionMethod = types.StringValue(a.DistributionMethod)
	m.Version = optString(a.LatestVersion())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
