package graph

import (
	"errors"
	"fmt"
	"strconv"
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

// Setting is one setting of the provider block: the attribute, the environment variables it
// falls back to (the first one set wins), whether it is secret, and the Config field it sets.
type Setting struct {
	Name      string
	Env       []string
	Sensitive bool
	// Bool settings hold true or false; DefaultTrue ones are true when nothing sets them.
	Bool, DefaultTrue bool

	text func(*Config) *string
	flag func(*Config) *bool
}

// Settings is the one list of the provider's settings. The provider block reads it for its
// attributes and their environment fallbacks (internal/provider), and the acceptance tests'
// live-tenant switch for the configuration of their Graph client (internal/acctest, ConfigFromEnv).
var Settings = []Setting{
	{Name: "tenant_id", Env: []string{"ARM_TENANT_ID"}, text: func(c *Config) *string { return &c.TenantID }},
	{Name: "client_id", Env: []string{"ARM_CLIENT_ID"}, text: func(c *Config) *string { return &c.ClientID }},
	{Name: "client_secret", Env: []string{"ARM_CLIENT_SECRET"}, Sensitive: true, text: func(c *Config) *string { return &c.ClientSecret }},
	{Name: "client_certificate", Env: []string{"ARM_CLIENT_CERTIFICATE"}, Sensitive: true, text: func(c *Config) *string { return &c.ClientCertificate }},
	{Name: "client_certificate_path", Env: []string{"ARM_CLIENT_CERTIFICATE_PATH"}, text: func(c *Config) *string { return &c.ClientCertificatePath }},
	{Name: "client_certificate_password", Env: []string{"ARM_CLIENT_CERTIFICATE_PASSWORD"}, Sensitive: true, text: func(c *Config) *string { return &c.ClientCertificatePassword }},
	{Name: "use_oidc", Env: []string{"ARM_USE_OIDC"}, Bool: true, flag: func(c *Config) *bool { return &c.UseOIDC }},
	{Name: "oidc_token", Env: []string{"ARM_OIDC_TOKEN"}, Sensitive: true, text: func(c *Config) *string { return &c.OIDCToken }},
	{Name: "oidc_token_file_path", Env: []string{"ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"}, text: func(c *Config) *string { return &c.OIDCTokenFilePath }},
	{Name: "oidc_request_url", Env: []string{"ACTIONS_ID_TOKEN_REQUEST_URL", "ARM_OIDC_REQUEST_URL"}, text: func(c *Config) *string { return &c.OIDCRequestURL }},
	{Name: "oidc_request_token", Env: []string{"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ARM_OIDC_REQUEST_TOKEN"}, Sensitive: true, text: func(c *Config) *string { return &c.OIDCRequestToken }},
	{Name: "use_msi", Env: []string{"ARM_USE_MSI"}, Bool: true, flag: func(c *Config) *bool { return &c.UseMSI }},
	{Name: "use_cli", Env: []string{"ARM_USE_CLI"}, Bool: true, DefaultTrue: true, flag: func(c *Config) *bool { return &c.UseCLI }},
	{Name: "environment", Env: []string{"ARM_ENVIRONMENT"}, text: func(c *Config) *string { return &c.Environment }},
	{Name: "graph_endpoint", Env: []string{"TEAMS_GRAPH_ENDPOINT"}, text: func(c *Config) *string { return &c.GraphEndpoint }},
	{Name: "access_token", Env: []string{"TEAMS_ACCESS_TOKEN"}, Sensitive: true, text: func(c *Config) *string { return &c.AccessToken }},
}

// SetText writes the value of a text setting into c.
func (s Setting) SetText(c *Config, v string) { *s.text(c) = v }

// SetBool writes the value of a Bool setting into c.
func (s Setting) SetBool(c *Config, v bool) { *s.flag(c) = v }

// FromEnv is the setting's value in the environment: that of the first of its variables that is
// set ("" when none is).
func (s Setting) FromEnv(getenv func(string) string) string {
	for _, e := range s.Env {
		if v := getenv(e); v != "" {
			return v
		}
	}
	return ""
}

// SetFromEnv writes the setting's value from the environment into c: a text as it is, a Bool
// parsed (its default when unset). A Bool variable that holds neither true nor false is an error,
// and the setting is then false.
func (s Setting) SetFromEnv(c *Config, getenv func(string) string) error {
	raw := s.FromEnv(getenv)
	if !s.Bool {
		s.SetText(c, raw)
		return nil
	}
	if raw == "" {
		s.SetBool(c, s.DefaultTrue)
		return nil
	}
	b, err := strconv.ParseBool(raw)
	s.SetBool(c, b)
	if err != nil {
		return fmt.Errorf("the environment variable for %q holds %q, which is not true or false", s.Name, raw)
	}
	return nil
}

// ConfigFromEnv is the configuration the environment alone gives: what a provider block without
// attributes configures. The first malformed Bool variable is returned as the error.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	var c Config
	var first error
	for _, s := range Settings {
		if err := s.SetFromEnv(&c, getenv); err != nil && first == nil {
			first = err
		}
	}
	return c, first
}

// envVar is the first environment variable of the setting named name.
func envVar(name string) string {
	for _, s := range Settings {
		if s.Name == name {
			return s.Env[0]
		}
	}
	return ""
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

// need checks that the tenant and the client, which credential kind k needs, are set.
func (c Config) need(k CredentialKind) error {
	for _, a := range []struct{ name, value string }{{"tenant_id", c.TenantID}, {"client_id", c.ClientID}} {
		if a.value == "" {
			return &MissingError{Attribute: a.name, EnvVar: envVar(a.name), Kind: k}
		}
	}
	return nil
}
