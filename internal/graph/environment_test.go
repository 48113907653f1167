package graph

import (
	"strings"
	"testing"
)

func TestLookupEnvironment(t *testing.T) {
	cases := map[string]string{
		"":                "graph.microsoft.com",
		"global":          "graph.microsoft.com",
		"public":          "graph.microsoft.com",
		"usgovernment":    "graph.microsoft.us",
		"USGovernment":    "graph.microsoft.us",
		"usgovernmentdod": "dod-graph.microsoft.us",
		"dod":             "dod-graph.microsoft.us",
		"china":           "microsoftgraph.chinacloudapi.cn",
	}
	for name, host := range cases {
		env, err := LookupEnvironment(name)
		if err != nil || env.GraphHost != host {
			t.Errorf("LookupEnvironment(%q) = %q, %v; want %q", name, env.GraphHost, err, host)
		}
	}
	authorities := map[string]string{
		"global": "https://login.microsoftonline.com/", "usgovernment": "https://login.microsoftonline.us/",
		"usgovernmentdod": "https://login.microsoftonline.us/", "china": "https://login.chinacloudapi.cn/",
	}
	for name, authority := range authorities {
		env, _ := LookupEnvironment(name)
		if env.Cloud.ActiveDirectoryAuthorityHost != authority {
			t.Errorf("%s authority %q, want %q", name, env.Cloud.ActiveDirectoryAuthorityHost, authority)
		}
		if env.Scope() != "https://"+env.GraphHost+"/.default" || env.BaseURL() != "https://"+env.GraphHost+"/v1.0" {
			t.Errorf("%s scope/base %q %q", name, env.Scope(), env.BaseURL())
		}
	}
	if _, err := LookupEnvironment("germany"); err == nil || !strings.Contains(err.Error(), "china, global, usgovernment, usgovernmentdod") {
		t.Errorf("unknown environment error: %v", err)
	}
}

func TestResolveEndpoint(t *testing.T) {
	global := Environments["global"]
	cases := []struct {
		override, want, err string
	}{
		{"", "https://graph.microsoft.com/v1.0", ""},
		{"http://127.0.0.1:8080/v1.0/", "http://127.0.0.1:8080/v1.0", ""},
		{"http://localhost:9000/v1.0", "http://localhost:9000/v1.0", ""},
		{"http://[::1]:9000/v1.0", "http://[::1]:9000/v1.0", ""},
		{"https://proxy.example.com/graph/v1.0", "https://proxy.example.com/graph/v1.0", ""},
		{"http://graph.example.com/v1.0", "", "only loopback hosts"},
		{"http://10.0.0.5:8080/v1.0", "", "only loopback hosts"},
		{"http://127.0.0.2:8080/v1.0", "", "only loopback hosts"},
		{"ftp://127.0.0.1/v1.0", "", "absolute http(s) URL"},
		{"127.0.0.1:8080/v1.0", "", "not a valid URL"},
		{"/v1.0", "", "absolute http(s) URL"},
		{"https://graph.microsoft.com/v1.0?x=1", "", "must not carry a query"},
		{"https://user:pw@graph.microsoft.com/v1.0", "", "must not carry"},
		{"http://%zz", "", "not a valid URL"},
	}
	for _, tc := range cases {
		u, err := ResolveEndpoint(global, tc.override)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ResolveEndpoint(%q) error %v, want %q", tc.override, err, tc.err)
		case tc.err == "" && (err != nil || u.String() != tc.want):
			t.Errorf("ResolveEndpoint(%q) = %v, %v; want %q", tc.override, u, err, tc.want)
		}
	}
	china, _ := ResolveEndpoint(Environments["china"], "")
	if china.String() != "https://microsoftgraph.chinacloudapi.cn/v1.0" {
		t.Errorf("china endpoint %s", china)
	}
}
