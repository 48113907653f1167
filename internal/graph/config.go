package graph

import (
	"errors"
	"fmt"
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
