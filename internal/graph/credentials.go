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
		if err := c.need(kind); err != nil {
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
		if err := c.need(kind); err != nil {
			return nil, kind, err
		}
		cred, err := azidentity.NewClientSecretCredential(c.TenantID, c.ClientID, c.ClientSecret,
			&azidentity.ClientSecretCredentialOptions{ClientOptions: opts})
		return cred, kind, err
	case CredentialOIDC:
		if err := c.need(kind); err != nil {
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
