package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/microsoftgraph/msgraph-sdk-go/appcatalogs"
	"github.com/microsoftgraph/msgraph-sdk-go/chats"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// Permissions named in errors for the app catalog and installations.
const (
	permCatalog     = "AppCatalog.Read.All"
	permInstallRead = "TeamsAppInstallation.ReadForChat.All (or TeamsAppInstallation.ReadWriteForChat.All; signed in: TeamsAppInstallation.ReadWriteForChat)"
	permInstall     = "TeamsAppInstallation.ReadWriteForChat.All (TeamsAppInstallation.ReadWriteAndConsentForChat.All for apps that ask for resource-specific consent; signed in: TeamsAppInstallation.ReadWriteForChat)"
	// permUninstall: the consent permission installs and upgrades, but chat-delete-installedapps does
	// not list it for removing an app.
	permUninstall = "TeamsAppInstallation.ReadWriteForChat.All (signed in: TeamsAppInstallation.ReadWriteForChat)"
	permConsent   = "TeamsAppInstallation.ReadWriteAndConsentForChat.All (the app asks for resource-specific consent; signed in: TeamsAppInstallation.ReadWriteAndConsentForChat)"
)

// CatalogApp is an app of the tenant's Teams app catalog.
type CatalogApp struct {
	ID, ExternalID, DisplayName, DistributionMethod string
	// Versions are the versions of its published definitions. Definitions submitted for review or
	// rejected are in the catalog too, but Graph installs and upgrades to published ones only.
	Versions []string
	// Definitions are all its definitions, as Graph lists them, whatever their publishing state.
	Definitions []AppDefinition
}

// AppDefinition is one version of a catalog app (teamsAppDefinition).
type AppDefinition struct {
	ID, Version string
	// PublishingState is "published", "submitted" or "rejected".
	PublishingState string
	// Permissions are the resource-specific permissions the version declares
	// (authorization.requiredPermissionSet): installing or upgrading to it consents to exactly these.
	Permissions []ResourceSpecificPermission
}

// ResourceSpecificPermission is a resource-specific permission of a Teams app: its name (such as
// ChatMessage.Read.Chat) and type ("application" or "delegated").
type ResourceSpecificPermission struct{ Value, Type string }

// publishedState is the publishingState of a definition Graph installs.
const publishedState = "published"

// LatestVersion is the newest of the app's published versions ("" when it has none).
func (a CatalogApp) LatestVersion() string {
	latest := ""
	for _, v := range a.Versions {
		if latest == "" || CompareVersions(v, latest) > 0 {
			latest = v
		}
	}
	return latest
}

// Current is the definition Graph installs and upgrades to: the newest published one (false when
// none is published).
func (a CatalogApp) Current() (AppDefinition, bool) {
	var cur AppDefinition
	found := false
	for _, d := range a.Definitions {
		if d.PublishingState == publishedState && (!found || CompareVersions(d.Version, cur.Version) > 0) {
			cur, found = d, true
		}
	}
	return cur, found
}

// CompareVersions compares dotted version numbers ("1.10.0" > "1.9"), numerically where both
// parts are numbers.
func CompareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		x, y := "0", "0"
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		nx, ex := strconv.Atoi(x)
		ny, ey := strconv.Atoi(y)
		switch {
		case ex == nil && ey == nil && nx != ny:
			if nx < ny {
				return -1
			}
			return 1
		case (ex != nil || ey != nil) && x != y:
			return strings.Compare(x, y)
		}
	}
	return 0
}

// Installation is an app installed in a chat.
type Installation struct {
	ID, AppID, AppExternalID, AppDisplayName, Version string
}

func newCatalogApp(a models.TeamsAppable) CatalogApp {
	out := CatalogApp{ID: str(a.GetId()), ExternalID: str(a.GetExternalId()), DisplayName: str(a.GetDisplayName())}
	if m := a.GetDistributionMethod(); m != nil {
		out.DistributionMethod = m.String()
	}
	for _, d := range a.GetAppDefinitions() {
		def := AppDefinition{ID: str(d.GetId()), Version: str(d.GetVersion())}
		if st := d.GetPublishingState(); st != nil {
			def.PublishingState = st.String()
		}
		if auth := d.GetAuthorization(); auth != nil && auth.GetRequiredPermissionSet() != nil {
			for _, p := range auth.GetRequiredPermissionSet().GetResourceSpecificPermissions() {
				rsc := ResourceSpecificPermission{Value: str(p.GetPermissionValue())}
				if t := p.GetPermissionType(); t != nil {
					rsc.Type = t.String()
				}
				def.Permissions = append(def.Permissions, rsc)
			}
		}
		out.Definitions = append(out.Definitions, def)
		if def.PublishingState == publishedState {
			out.Versions = append(out.Versions, def.Version)
		}
	}
	return out
}

// permissionSet is the consentedPermissionSet of an install or upgrade to a definition; nil when
// the definition declares no resource-specific permissions.
func permissionSet(d AppDefinition) models.TeamsAppPermissionSetable {
	if len(d.Permissions) == 0 {
		return nil
	}
	set := models.NewTeamsAppPermissionSet()
	var rsc []models.TeamsAppResourceSpecificPermissionable
	for _, p := range d.Permissions {
		m := models.NewTeamsAppResourceSpecificPermission()
		m.SetPermissionValue(&p.Value)
		if t, _ := models.ParseTeamsAppResourceSpecificPermissionType(strings.ToLower(p.Type)); t != nil {
			if pt, ok := t.(*models.TeamsAppResourceSpecificPermissionType); ok {
				m.SetPermissionType(pt)
			}
		}
		rsc = append(rsc, m)
	}
	set.SetResourceSpecificPermissions(rsc)
	return set
}

func newInstallation(in models.TeamsAppInstallationable) Installation {
	out := Installation{ID: str(in.GetId())}
	if a := in.GetTeamsApp(); a != nil {
		out.AppID, out.AppExternalID, out.AppDisplayName = str(a.GetId()), str(a.GetExternalId()), str(a.GetDisplayName())
	}
	if d := in.GetTeamsAppDefinition(); d != nil {
		out.Version = str(d.GetVersion())
		if out.AppDisplayName == "" {
			out.AppDisplayName = str(d.GetDisplayName())
		}
		if out.AppID == "" {
			out.AppID = str(d.GetTeamsAppId())
		}
	}
	return out
}

// FindCatalogApps lists the catalog apps whose property (id, externalId or displayName) equals
// value, with their definitions, sorted by id.
func (c *Client) FindCatalogApps(ctx context.Context, property, value string) ([]CatalogApp, error) {
	filter := odataEq(property, value)
	page, err := call(ctx, permCatalog, func(ctx context.Context) (models.TeamsAppCollectionResponseable, error) {
		return c.sdk.AppCatalogs().TeamsApps().Get(ctx, &appcatalogs.TeamsAppsRequestBuilderGetRequestConfiguration{
			QueryParameters: &appcatalogs.TeamsAppsRequestBuilderGetQueryParameters{Filter: &filter, Expand: []string{"appDefinitions"}},
		})
	})
	if err != nil {
		return nil, err
	}
	var out []CatalogApp
	for _, a := range page.GetValue() {
		out = append(out, newCatalogApp(a))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// CurrentDefinition reads the catalog's definition that installing or upgrading an app moves to:
// its newest published version. found is false when the catalog has no such app or no published
// version of it.
func (c *Client) CurrentDefinition(ctx context.Context, appID string) (d AppDefinition, found bool, err error) {
	apps, err := c.FindCatalogApps(ctx, "id", appID)
	if err != nil {
		return AppDefinition{}, false, err
	}
	for _, a := range apps {
		if strings.EqualFold(a.ID, appID) {
			d, found = a.Current()
			return d, found, nil
		}
	}
	return AppDefinition{}, false, nil
}

// InstallApp installs a catalog app in a chat and returns the installation. It first reads the
// version Graph installs (the newest published one) and consents to exactly the resource-specific
// permissions that version declares, as Graph requires (chat-post-installedapps). Graph answers 201
// without a body, so the installation is looked up afterwards. An app already installed (Graph's
// answer to that is not documented: 409, 400 or a 2xx) is adopted.
func (c *Client) InstallApp(ctx context.Context, chatID, appID string) (inst Installation, adopted bool, err error) {
	err = c.postInstallation(ctx, chatID, appID)
	if IsConsentMismatch(err) {
		// The catalog changed since its definition was read (catalog_cache.go): read it again.
		c.definitions.forget(appID)
		err = c.postInstallation(ctx, chatID, appID)
	}
	if maybeAlreadyThere(err) && !IsConsentMismatch(err) { // 409 or 400: perhaps installed already
		if found, ferr := c.FindInstallation(ctx, chatID, appID); ferr == nil {
			return found, true, nil
		}
	}
	if err != nil {
		return Installation{}, false, err
	}
	inst, err = c.FindInstallation(ctx, chatID, appID)
	return inst, false, err
}

// postInstallation sends the install, consenting to the permissions of the app's current
// definition (read once per app and minute).
func (c *Client) postInstallation(ctx context.Context, chatID, appID string) error {
	def, _, err := c.definitions.get(ctx, appID, func(ctx context.Context) (AppDefinition, bool, error) {
		return c.CurrentDefinition(ctx, appID)
	})
	if err != nil {
		return err
	}
	body := models.NewTeamsAppInstallation()
	body.SetAdditionalData(map[string]any{"teamsApp@odata.bind": c.graphBase() + "/appCatalogs/teamsApps/" + appID})
	if set := permissionSet(def); set != nil {
		body.SetConsentedPermissionSet(set)
	}
	_, err = call(ctx, installHint(def), func(ctx context.Context) (models.TeamsAppInstallationable, error) {
		return c.sdk.Chats().ByChatId(chatID).InstalledApps().Post(ctx, body, nil)
	})
	return err
}

// installHint is the permission a 403 to installing or upgrading to d names.
func installHint(d AppDefinition) string {
	if len(d.Permissions) > 0 {
		return permConsent
	}
	return permInstall
}

// IsConsentMismatch reports whether Graph refused an install or upgrade because the consented
// resource-specific permissions do not match the app's (400 ResourceSpecificPermissionsMismatch,
// the code field reports show).
func IsConsentMismatch(err error) bool {
	var br *BadRequestError
	return errors.As(err, &br) && strings.EqualFold(br.Code, "ResourceSpecificPermissionsMismatch")
}

// FindInstallation finds the installation of an app in a chat, with the app and its installed
// definition; NotInstalledError when the app is not installed.
func (c *Client) FindInstallation(ctx context.Context, chatID, appID string) (Installation, error) {
	filter := odataEq("teamsApp/id", appID)
	page, err := call(ctx, permInstallRead, func(ctx context.Context) (models.TeamsAppInstallationCollectionResponseable, error) {
		return c.sdk.Chats().ByChatId(chatID).InstalledApps().Get(ctx, &chats.ItemInstalledAppsRequestBuilderGetRequestConfiguration{
			QueryParameters: &chats.ItemInstalledAppsRequestBuilderGetQueryParameters{Filter: &filter, Expand: []string{"teamsApp", "teamsAppDefinition"}},
		})
	})
	if err != nil {
		return Installation{}, err
	}
	for _, in := range page.GetValue() {
		if got := newInstallation(in); strings.EqualFold(got.AppID, appID) {
			return got, nil
		}
	}
	return Installation{}, &NotInstalledError{AppID: appID, ChatID: chatID}
}

// NotInstalledError: the app is not installed in the chat (the chat itself exists).
type NotInstalledError struct{ AppID, ChatID string }

func (e *NotInstalledError) Error() string {
	return fmt.Sprintf("app %s is not installed in chat %s", e.AppID, e.ChatID)
}

// IsNotInstalled reports whether err says an app is not installed in a chat.
func IsNotInstalled(err error) bool {
	var ni *NotInstalledError
	return errors.As(err, &ni)
}

// ListInstallations lists a chat's installations with their apps and installed definitions
// (chat-list-installedapps, with the expansions it documents).
func (c *Client) ListInstallations(ctx context.Context, chatID string) ([]Installation, error) {
	page, err := call(ctx, permInstallRead, func(ctx context.Context) (models.TeamsAppInstallationCollectionResponseable, error) {
		return c.sdk.Chats().ByChatId(chatID).InstalledApps().Get(ctx, &chats.ItemInstalledAppsRequestBuilderGetRequestConfiguration{
			QueryParameters: &chats.ItemInstalledAppsRequestBuilderGetQueryParameters{Expand: []string{"teamsApp", "teamsAppDefinition"}},
		})
	})
	if err != nil {
		return nil, err
	}
	out := make([]Installation, 0, len(page.GetValue()))
	for _, in := range page.GetValue() {
		out = append(out, newInstallation(in))
	}
	return out, nil
}

// GetInstallation reads one installation with its app and installed definition. Get installation
// (chat-get-installedapps) documents no $expand, so the chat's installations are listed with the
// expansions chat-list-installedapps documents and this one is picked; an installation that is not
// there is a NotFoundError, as the get would answer.
func (c *Client) GetInstallation(ctx context.Context, chatID, installationID string) (Installation, error) {
	all, err := c.ListInstallations(ctx, chatID)
	if err != nil {
		return Installation{}, err
	}
	for _, in := range all {
		if in.ID == installationID {
			return in, nil
		}
	}
	return Installation{}, &NotFoundError{&APIError{Status: http.StatusNotFound, Code: "NotFound",
		Message: fmt.Sprintf("app installation %s was not found in chat %s", installationID, chatID)}}
}

// UpgradeInstallation brings an installed app to the catalog's current version (the newest
// published one), consenting to exactly the resource-specific permissions that version declares
// (chat-teamsappinstallation-upgrade). It returns the definition upgraded to.
func (c *Client) UpgradeInstallation(ctx context.Context, chatID, installationID, appID string) (AppDefinition, error) {
	def, _, err := c.CurrentDefinition(ctx, appID)
	if err != nil {
		return AppDefinition{}, err
	}
	body := chats.NewItemInstalledAppsItemUpgradePostRequestBody()
	if set := permissionSet(def); set != nil {
		body.SetConsentedPermissionSet(set)
	}
	_, err = call(ctx, installHint(def), func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.sdk.Chats().ByChatId(chatID).InstalledApps().ByTeamsAppInstallationId(installationID).Upgrade().Post(ctx, body, nil)
	})
	return def, err
}

// UninstallApp removes an installation; Teams removes the app's tabs with it.
func (c *Client) UninstallApp(ctx context.Context, chatID, installationID string) error {
	_, err := call(ctx, permUninstall, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.sdk.Chats().ByChatId(chatID).InstalledApps().ByTeamsAppInstallationId(installationID).Delete(ctx, nil)
	})
	return err
}
