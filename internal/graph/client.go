// Package graph is the provider's Graph room: credentials, the msgraph-sdk-go client with a fixed
// middleware order, the retry policy and throttle gate, typed errors, and chat operations over
// plain Go types. Nothing here knows Terraform.
package graph

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/hashicorp/go-retryablehttp"
	azauth "github.com/microsoft/kiota-authentication-azure-go"
	khttp "github.com/microsoft/kiota-http-go"
	msgraphsdk "github.com/microsoftgraph/msgraph-sdk-go"
)

// Options tune a Client; the zero value is fine.
type Options struct {
	// Version goes into the user agent: terraform-provider-teams/<version>.
	Version string
	// AttemptTimeout bounds one HTTP attempt (default 100 s); the operation's context bounds all.
	AttemptTimeout time.Duration
	// Retry replaces the default retry policy (tests shorten the waits).
	Retry *RetryPolicy
	// Transport replaces the base network transport (tests).
	Transport http.RoundTripper
	// CompressRequests gzips request bodies, as msgraph-sdk-go does by default. The provider leaves
	// it off: chat request bodies are under 2 KB, where gzip saves nothing on the wire and costs
	// about 800 KB of allocation per request.
	CompressRequests bool
	// TraceBodies logs request and response bodies at trace level (masked). Default: on when
	// TF_LOG, TF_LOG_PROVIDER or TF_LOG_PROVIDER_TEAMS asks for TRACE (or JSON).
	TraceBodies *bool
}

// Client talks to Microsoft Graph for the provider. It is safe for concurrent use and shares
// one throttle view between every resource of a provider instance.
type Client struct {
	sdk        *msgraphsdk.GraphServiceClient
	endpoint   string
	kind       CredentialKind
	httpClient *http.Client
	env        Environment
	// clock estimates Graph's clock from its Date headers; claims are the oneOnOne chats POST
	// /chats handed to this client.
	clock  *serverClock
	claims chatClaims
	cred   azcore.TokenCredential
	// consistencyWindow replaces ListConsistencyWindow when set (tests).
	consistencyWindow time.Duration
	// definitions are the apps' current catalog definitions installs consent to (catalog_cache.go).
	definitions definitionCache
}

// graphBase is the environment's Graph root, used in `user@odata.bind` values whatever endpoint
// the requests go to.
func (c *Client) graphBase() string { return c.env.BaseURL() }

// Endpoint is the Graph base URL in use.
func (c *Client) Endpoint() string { return c.endpoint }

// CredentialKind is the kind of credential chosen.
func (c *Client) CredentialKind() CredentialKind { return c.kind }

// NewClient builds a Client from a provider configuration.
func NewClient(cfg Config, opts Options) (*Client, error) {
	env, err := LookupEnvironment(cfg.Environment)
	if err != nil {
		return nil, err
	}
	endpoint, err := ResolveEndpoint(env, cfg.GraphEndpoint)
	if err != nil {
		return nil, err
	}
	cred, kind, err := NewCredential(cfg, env, nil)
	if err != nil {
		return nil, err
	}
	secrets := []string{cfg.ClientSecret, cfg.AccessToken, cfg.ClientCertificatePassword, cfg.OIDCToken, cfg.OIDCRequestToken}
	return newClientWithCredential(cred, kind, env, endpoint, secrets, opts)
}

func newClientWithCredential(cred azcore.TokenCredential, kind CredentialKind, env Environment, u *url.URL, secrets []string, opts Options) (*Client, error) {
	// The token provider attaches tokens only for hosts in this list, silently: the endpoint's
	// host must be in it, or requests go out without an Authorization header.
	hosts := []string{u.Hostname()}
	if u.Hostname() != env.GraphHost {
		hosts = append(hosts, env.GraphHost)
	}
	auth, err := azauth.NewAzureIdentityAuthenticationProviderWithScopesAndValidHosts(cred, []string{env.Scope()}, hosts)
	if err != nil {
		return nil, fmt.Errorf("creating the Graph authentication provider: %w", err)
	}
	clock := &serverClock{}
	httpClient := newHTTPClient(secrets, clock, opts)
	adapter, err := msgraphsdk.NewGraphRequestAdapterWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(auth, nil, nil, httpClient)
	if err != nil {
		return nil, fmt.Errorf("creating the Graph request adapter: %w", err)
	}
	adapter.SetBaseUrl(u.String())
	return &Client{sdk: msgraphsdk.NewGraphServiceClient(adapter), endpoint: u.String(), kind: kind, httpClient: httpClient, env: env, clock: clock, cred: cred}, nil
}

// newHTTPClient builds the HTTP stack, outermost first:
//
//	kiota middleware, in this fixed order: user agent, parameter-name decoding, redirect,
//	  compression (off unless Options.CompressRequests; plain JSON again on a 415)
//	lengthTransport: every body goes out with a Content-Length, never chunked
//	go-retryablehttp with the provider's RetryPolicy (the SDK's own retry handler is left out,
//	  so nothing is retried twice; it sits below compression, so a retry resends the same
//	  compressed bytes with the same Content-Encoding)
//	throttle gate (shared backoff) → server clock (reads each answer's Date header) → logging →
//	  network.
//
// kiota's default list is built from a map and comes out in random order; it is not used.
func newHTTPClient(secrets []string, clock *serverClock, opts Options) *http.Client {
	base := opts.Transport
	if base == nil {
		base = khttp.GetDefaultTransport()
	}
	policy := DefaultRetryPolicy()
	if opts.Retry != nil {
		policy = *opts.Retry
	}
	attempt := opts.AttemptTimeout
	if attempt == 0 {
		attempt = 100 * time.Second
	}
	inner := &http.Client{
		Transport: &gateTransport{gate: newThrottleGate(), next: &clockTransport{clock: clock,
			next: &loggingTransport{next: base, redact: newRedactor(secrets...), bodies: traceBodies(opts)}}},
		Timeout: attempt,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	retrying := &retryablehttp.RoundTripper{Client: newRetryClient(policy, inner)}
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	middlewares := []khttp.Middleware{
		khttp.NewUserAgentHandlerWithOptions(&khttp.UserAgentHandlerOptions{Enabled: true, ProductName: "terraform-provider-teams", ProductVersion: version}),
		khttp.NewParametersNameDecodingHandler(),
		khttp.NewRedirectHandler(),
		khttp.NewCompressionHandlerWithOptions(*khttp.NewCompressionOptionsReference(opts.CompressRequests)),
	}
	return &http.Client{
		Transport: khttp.NewCustomTransportWithParentTransport(&lengthTransport{next: retrying}, middlewares...),
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// call runs one SDK call with a fresh call state and maps its error.
func call[T any](ctx context.Context, permission string, fn func(context.Context) (T, error)) (T, error) {
	ctx, cs := withCallState(ctx)
	v, err := fn(ctx)
	return v, mapError(ctx, cs, err, permission)
}

func traceBodies(opts Options) bool {
	if opts.TraceBodies != nil {
		return *opts.TraceBodies
	}
	for _, v := range []string{"TF_LOG_PROVIDER_TEAMS", "TF_LOG_PROVIDER", "TF_LOG"} {
		if level := strings.ToUpper(strings.TrimSpace(os.Getenv(v))); level != "" {
			return level == "TRACE" || level == "JSON"
		}
	}
	return false
}
