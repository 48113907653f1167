package graph

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// Config is the provider configuration after environment-variable fallbacks were applied.
type Config struct {
	TenantID string
	ClientID string

	ClientSecret string

	ClientCertificate         string // base64 PKCS#12 or PEM
	ClientCertificatePath     string
	ClientCertificatePassword string

	UseOIDC           bool
	OIDCToken         string
	OIDCTokenFilePath string
	OIDCRequestURL    string
	OIDCRequestToken  string

	UseMSI bool
	UseCLI bool

	Environment   string
	GraphEndpoint string
	AccessToken   string

	// Explicit names the attributes written in the provider block itself (not taken from the
	// environment). Two credential types both explicit is a conflict.
	Explicit map[string]bool
}

// CredentialKind is one way of obtaining a token.
type CredentialKind string

// The credential kinds, in the order in which they are chosen when several are available.
const (
	CredentialAccessToken       CredentialKind = "access_token"
	CredentialClientCertificate CredentialKind = "client_certificate"
	CredentialClientSecret      CredentialKind = "client_secret"
	CredentialOIDC              CredentialKind = "oidc"
	CredentialMSI               CredentialKind = "managed_identity"
	CredentialCLI               CredentialKind = "azure_cli"
)

// CredentialOrder is the documented, deterministic order of choice.
var CredentialOrder = []CredentialKind{
	CredentialAccessToken, CredentialClientCertificate, CredentialClientSecret,
	CredentialOIDC, CredentialMSI, CredentialCLI,
}

// triggers returns the provider attributes that select each credential kind, and whether the
// kind is available from the configuration (explicit or environment).
func (c Config) triggers(k CredentialKind) (attrs []string, available bool) {
	switch k {
	case CredentialAccessToken:
		return []string{"access_token"}, c.AccessToken != ""
	case CredentialClientCertificate:
		return []string{"client_certificate", "client_certificate_path"}, c.ClientCertificate != "" || c.ClientCertificatePath != ""
	case CredentialClientSecret:
		return []string{"client_secret"}, c.ClientSecret != ""
	case CredentialOIDC:
		return []string{"use_oidc", "oidc_token", "oidc_token_file_path", "oidc_request_token"}, c.UseOIDC
	case CredentialMSI:
		return []string{"use_msi"}, c.UseMSI
	case CredentialCLI:
		return []string{"use_cli"}, c.UseCLI
	}
	return nil, false
}

// explicitAttr returns the first attribute of the kind written in the provider block.
func (c Config) explicitAttr(k CredentialKind) (string, bool) {
	attrs, available := c.triggers(k)
	if !available {
		return "", false
	}
	for _, a := range attrs {
		if c.Explicit[a] {
			return a, true
		}
	}
	return "", false
}

// ConflictError says that two credential types were both written in the provider block.
type ConflictError struct{ First, Second string }

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%q and %q configure two different credential types; keep one of them in the provider block", e.First, e.Second)
}

// SelectCredential chooses the credential kind. A kind written in the provider block wins; two
// such kinds are a conflict. Otherwise the first available kind in CredentialOrder is chosen.
func (c Config) SelectCredential() (CredentialKind, error) {
	var chosen CredentialKind
	var chosenAttr string
	for _, k := range CredentialOrder {
		attr, ok := c.explicitAttr(k)
		if !ok {
			continue
		}
		if chosen != "" {
			return "", &ConflictError{First: chosenAttr, Second: attr}
		}
		chosen, chosenAttr = k, attr
	}
	if chosen != "" {
		return chosen, nil
	}
	for _, k := range CredentialOrder {
		if _, ok := c.triggers(k); ok {
			return k, nil
		}
	}
	return "", errors.New("no credentials are configured: set access_token, client_secret, client_certificate(_path), use_oidc, use_msi or use_cli (or their ARM_/TEAMS_ environment variables)")
}

// MissingError names a provider attribute that the chosen credential type needs.
type MissingError struct {
	Attribute, EnvVar string
	Kind              CredentialKind
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("%s authentication needs %q (or the %s environment variable)", e.Kind, e.Attribute, e.EnvVar)
}

func (c Config) need(k CredentialKind, pairs ...[2]string) error {
	vals := map[string]string{"tenant_id": c.TenantID, "client_id": c.ClientID}
	for _, p := range pairs {
		if vals[p[0]] == "" {
			return &MissingError{Attribute: p[0], EnvVar: p[1], Kind: k}
		}
	}
	return nil
}

var (
	needTenant = [2]string{"tenant_id", "ARM_TENANT_ID"}
	needClient = [2]string{"client_id", "ARM_CLIENT_ID"}
)

// staticToken is a ready bearer token, used as is.
type staticToken string

func (t staticToken) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: string(t), ExpiresOn: time.Now().Add(time.Hour)}, nil
}

// NewCredential builds the azidentity credential of the chosen kind.
func NewCredential(c Config, env Environment, httpClient *http.Client) (azcore.TokenCredential, CredentialKind, error) {
	kind, err := c.SelectCredential()
	if err != nil {
		return nil, "", err
	}
	opts := azcore.ClientOptions{Cloud: env.Cloud}
	switch kind {
	case CredentialAccessToken:
		return staticToken(c.AccessToken), kind, nil
	case CredentialClientCertificate:
		if err := c.need(kind, needTenant, needClient); err != nil {
			return nil, kind, err
		}
		data, err := c.certificateBytes()
		if err != nil {
			return nil, kind, err
		}
		var pw []byte
		if c.ClientCertificatePassword != "" {
			pw = []byte(c.ClientCertificatePassword)
		}
		certs, key, err := azidentity.ParseCertificates(data, pw)
		if err != nil {
			return nil, kind, fmt.Errorf("reading the client certificate: %w", err)
		}
		cred, err := azidentity.NewClientCertificateCredential(c.TenantID, c.ClientID, certs, key,
			&azidentity.ClientCertificateCredentialOptions{ClientOptions: opts})
		return cred, kind, err
	case CredentialClientSecret:
		if err := c.need(kind, needTenant, needClient); err != nil {
			return nil, kind, err
		}
		cred, err := azidentity.NewClientSecretCredential(c.TenantID, c.ClientID, c.ClientSecret,
			&azidentity.ClientSecretCredentialOptions{ClientOptions: opts})
		return cred, kind, err
	case CredentialOIDC:
		if err := c.need(kind, needTenant, needClient); err != nil {
			return nil, kind, err
		}
		assertion, err := c.oidcAssertion(httpClient)
		if err != nil {
			return nil, kind, err
		}
		cred, err := azidentity.NewClientAssertionCredential(c.TenantID, c.ClientID, assertion,
			&azidentity.ClientAssertionCredentialOptions{ClientOptions: opts})
		return cred, kind, err
	case CredentialMSI:
		mo := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: opts}
		if c.ClientID != "" {
			mo.ID = azidentity.ClientID(c.ClientID)
		}
		cred, err := azidentity.NewManagedIdentityCredential(mo)
		return cred, kind, err
	default:
		cred, err := azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: c.TenantID})
		return cred, kind, err
	}
}

func (c Config) certificateBytes() ([]byte, error) {
	if c.ClientCertificate != "" {
		v := strings.TrimSpace(c.ClientCertificate)
		if strings.HasPrefix(v, "-----BEGIN") {
			return []byte(v), nil
		}
		data, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return nil, fmt.Errorf("client_certificate must be base64-encoded PKCS#12 or PEM: %w", err)
		}
		return data, nil
	}
	data, err := os.ReadFile(c.ClientCertificatePath)
	if err != nil {
		return nil, fmt.Errorf("reading client_certificate_path: %w", err)
	}
	return data, nil
}

// oidcAssertion returns the function that yields the federated token: a literal token, a token
// file (re-read on every call, as workload identity rotates it) or a GitHub Actions token request.
func (c Config) oidcAssertion(httpClient *http.Client) (func(context.Context) (string, error), error) {
	switch {
	case c.OIDCToken != "":
		tok := c.OIDCToken
		return func(context.Context) (string, error) { return tok, nil }, nil
	case c.OIDCTokenFilePath != "":
		path := c.OIDCTokenFilePath
		return func(context.Context) (string, error) {
			b, err := os.ReadFile(path)
			if err != nil {
				return "", fmt.Errorf("reading oidc_token_file_path: %w", err)
			}
			return strings.TrimSpace(string(b)), nil
		}, nil
	case c.OIDCRequestURL != "" && c.OIDCRequestToken != "":
		reqURL, reqTok := c.OIDCRequestURL, c.OIDCRequestToken
		return func(ctx context.Context) (string, error) {
			return githubActionsToken(ctx, httpClient, reqURL, reqTok)
		}, nil
	}
	return nil, errors.New(`use_oidc needs one of "oidc_token", "oidc_token_file_path", or the pair "oidc_request_url" and "oidc_request_token" (ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH, ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN)`)
}

// githubActionsToken asks the GitHub Actions runtime for an ID token with Entra ID's audience.
// azidentity has no GitHub Actions credential, so this one request is written here.
func githubActionsToken(ctx context.Context, hc *http.Client, requestURL, requestToken string) (string, error) {
	u, err := url.Parse(requestURL)
	if err != nil {
		return "", fmt.Errorf("oidc_request_url: %w", err)
	}
	q := u.Query()
	q.Set("audience", "api://AzureADTokenExchange")
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+requestToken)
	req.Header.Set("Accept", "application/json")
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("requesting the GitHub Actions OIDC token: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("requesting the GitHub Actions OIDC token: HTTP %d", resp.StatusCode)
	}
	var out struct {
		Value string `json:"value"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Value == "" {
		return "", errors.New("the GitHub Actions OIDC token response has no value")
	}
	return out.Value, nil
}
