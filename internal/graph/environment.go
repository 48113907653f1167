package graph

import (
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
)

// Environment is a national cloud: its login authority and its Graph host.
type Environment struct {
	Name      string
	Cloud     cloud.Configuration
	GraphHost string
}

// Environments lists the supported clouds by the name used in `environment` / ARM_ENVIRONMENT.
var Environments = map[string]Environment{
	"global":          {Name: "global", Cloud: cloud.AzurePublic, GraphHost: "graph.microsoft.com"},
	"usgovernment":    {Name: "usgovernment", Cloud: cloud.AzureGovernment, GraphHost: "graph.microsoft.us"},
	"usgovernmentdod": {Name: "usgovernmentdod", Cloud: cloud.AzureGovernment, GraphHost: "dod-graph.microsoft.us"},
	"china":           {Name: "china", Cloud: cloud.AzureChina, GraphHost: "microsoftgraph.chinacloudapi.cn"},
}

// EnvironmentNames returns the supported environment names, sorted, for validators and docs.
func EnvironmentNames() []string {
	names := make([]string, 0, len(Environments))
	for n := range Environments {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LookupEnvironment finds an environment by name ("" = global). Common aliases of the azuread
// provider ("public", "usgov", "dod") are accepted too.
func LookupEnvironment(name string) (Environment, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "", "public", "azurepublic", "azurepubliccloud":
		n = "global"
	case "usgov", "azureusgovernment", "azureusgovernmentcloud":
		n = "usgovernment"
	case "dod":
		n = "usgovernmentdod"
	case "azurechina", "azurechinacloud":
		n = "china"
	}
	env, ok := Environments[n]
	if !ok {
		return Environment{}, fmt.Errorf("unknown environment %q: use one of %s", name, strings.Join(EnvironmentNames(), ", "))
	}
	return env, nil
}

// BaseURL is the Graph v1.0 base URL of the environment.
func (e Environment) BaseURL() string { return "https://" + e.GraphHost + "/v1.0" }

// Scope is the token scope for the environment's Graph.
func (e Environment) Scope() string { return "https://" + e.GraphHost + "/.default" }

// ResolveEndpoint returns the Graph base URL: the override when given, else the environment's.
// An override must be an absolute https URL; plain http is accepted only for loopback hosts
// (the local emulator).
func ResolveEndpoint(env Environment, override string) (*url.URL, error) {
	raw := strings.TrimSpace(override)
	if raw == "" {
		raw = env.BaseURL()
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%q is not a valid URL: %w", raw, err)
	}
	if u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("%q must be an absolute http(s) URL including the version path, for example https://graph.microsoft.com/v1.0", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("%q must not carry a query, a fragment or user information", raw)
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) {
		return nil, fmt.Errorf("%q uses plain http: only loopback hosts (localhost, 127.0.0.1, ::1) may use http; use https", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// IsLoopback reports whether host is one of the loopback names that the SDK's token provider
// accepts over plain http: localhost, 127.0.0.1 and ::1.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.Equal(net.IPv4(127, 0, 0, 1)) || ip.Equal(net.IPv6loopback))
}
