package graph

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAuthorizationHeaderReachesLoopbackEndpoint(t *testing.T) {
	for _, host := range []string{"127.0.0.1", "localhost"} {
		t.Run(host, func(t *testing.T) {
			var auth, ua string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				auth, ua = r.Header.Get("Authorization"), r.Header.Get("User-Agent")
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, userJSON)
			}))
			defer srv.Close()
			endpoint := strings.Replace(srv.URL, "127.0.0.1", host, 1) + "/v1.0"
			c, err := NewClient(Config{AccessToken: "secret-token", GraphEndpoint: endpoint}, Options{Version: "1.2.3"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.GetUser(context.Background(), "x@y.z"); err != nil {
				t.Fatal(err)
			}
			if auth != "Bearer secret-token" {
				t.Fatalf("Authorization %q", auth)
			}
			if !strings.HasPrefix(ua, "terraform-provider-teams/1.2.3") {
				t.Fatalf("User-Agent %q", ua)
			}
		})
	}
}

// TestTraceBodies: bodies are logged when TF_LOG_PROVIDER_TEAMS, TF_LOG_PROVIDER or TF_LOG (the
// first one set) asks for TRACE or JSON, or when the options say so.
func TestTraceBodies(t *testing.T) {
	on, off := true, false
	cases := []struct {
		env  map[string]string
		opt  *bool
		want bool
	}{
		{nil, nil, false},
		{map[string]string{"TF_LOG": "trace"}, nil, true},
		{map[string]string{"TF_LOG": "JSON"}, nil, true},
		{map[string]string{"TF_LOG": "DEBUG"}, nil, false},
		{map[string]string{"TF_LOG": "TRACE", "TF_LOG_PROVIDER": "INFO"}, nil, false},
		{map[string]string{"TF_LOG": "INFO", "TF_LOG_PROVIDER_TEAMS": "TRACE"}, nil, true},
		{map[string]string{"TF_LOG": "TRACE"}, &off, false},
		{nil, &on, true},
	}
	for i, tc := range cases {
		for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_TEAMS"} {
			t.Setenv(v, tc.env[v])
		}
		if got := traceBodies(Options{TraceBodies: tc.opt}); got != tc.want {
			t.Errorf("case %d (%v, option %v): %v, want %v", i, tc.env, tc.opt, got, tc.want)
		}
	}
}
