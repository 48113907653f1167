package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
)

// ModifyPlan plans an upgrade when `upgrade = true` and the catalog holds a newer published
// version than the one installed (a submitted or rejected one is not installed by an upgrade). It exists because the newer version is known only to the catalog: an
// attribute plan modifier cannot read it, and without it the plan would show nothing to do.
func (r *ChatAppInstallationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || r.data == nil || r.data.client == nil {
		return
	}
	var plan, state chatAppInstallationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !plan.Upgrade.ValueBool() || plan.TeamsAppID.IsUnknown() {
		return
	}
	latest, err := r.latestVersion(ctx, plan.TeamsAppID.ValueString())
	if err != nil {
		tflog.Warn(ctx, "Could not read the app catalog; the plan shows no upgrade", map[string]any{"app": plan.TeamsAppID.ValueString(), "error": err.Error()})
		resp.Diagnostics.AddWarning("App Catalog Not Read",
			fmt.Sprintf("upgrade = true, but reading app %s from the tenant's app catalog failed, so this plan shows no upgrade: %s", plan.TeamsAppID.ValueString(), sentence(err.Error())))
		return
	}
	if latest == "" || graph.CompareVersions(latest, state.AppVersion.ValueString()) <= 0 {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("app_version"), latest)...)
}

// latestVersion is the catalog's newest published version of an app ("" when the catalog does not
// list it or has none published): the one an upgrade moves to.
func (r *ChatAppInstallationResource) latestVersion(ctx context.Context, appID string) (string, error) {
	apps, err := r.data.client.FindCatalogApps(ctx, "id", appID)
	if err != nil {
		return "", err
	}
	for _, a := range apps {
		if strings.EqualFold(a.ID, appID) {
			return a.LatestVersion(), nil
		}
	}
	return "", nil
}
