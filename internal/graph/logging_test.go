package graph

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestLogsNeverShowSecrets(t *testing.T) {
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"x","note":"echo super-secret-token eyJhbGciOiJub25lIn0.eyJvaWQiOiJ4In0.sig"}`)
	}))
	defer srv.Close()
	trace := true
	c, err := NewClient(Config{AccessToken: "super-secret-token", ClientSecret: "client-secret-value", GraphEndpoint: srv.URL + "/v1.0"}, Options{TraceBodies: &trace})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUser(ctx, "x@y.z"); err != nil {
		t.Fatal(err)
	}
	logs := out.String()
	if !strings.Contains(logs, "Microsoft Graph response") || !strings.Contains(logs, `"Authorization":"***"`) {
		t.Fatalf("expected request logs with a masked Authorization header, got:\n%s", logs)
	}
	for _, secret := range []string{"super-secret-token", "Bearer super", "eyJhbGciOiJub25lIn0"} {
		if strings.Contains(logs, secret) {
			t.Fatalf("log output contains %q:\n%s", secret, logs)
		}
	}
}

// TestRedactor: configured secrets (four characters or more, the longest first) and anything
// shaped like a JWT are masked; credential headers are masked whatever they hold.
func TestRedactor(t *testing.T) {
	r := newRedactor("abc", "secret", "secret-long")
	if got := r.clean("x secret-long y secret z abc"); got != "x *** y *** z abc" {
		t.Errorf("clean: %q", got)
	}
	if got := r.clean("token eyJhbGciOiJub25lIn0.eyJvaWQiOiJ4In0.sig end"); got != "token *** end" {
		t.Errorf("jwt: %q", got)
	}
	h := r.headers(http.Header{"Authorization": {"Bearer x"}, "Cookie": {"c"}, "X-Note": {"secret"}, "Accept": {"application/json"}})
	if h["Authorization"] != masked || h["Cookie"] != masked || h["X-Note"] != masked || h["Accept"] != "application/json" {
		t.Errorf("headers: %v", h)
	}
}
