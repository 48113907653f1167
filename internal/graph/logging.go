package graph

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

const masked = "***"

var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*`)

// redactor removes secrets from anything logged.
type redactor struct{ secrets []string }

func newRedactor(secrets ...string) *redactor {
	r := &redactor{}
	for _, s := range secrets {
		if len(s) >= 4 {
			r.secrets = append(r.secrets, s)
		}
	}
	// Longest first, so that a secret containing another is masked whole.
	sort.Slice(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	return r
}

func (r *redactor) clean(s string) string {
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, masked)
	}
	return jwtPattern.ReplaceAllString(s, masked)
}

func (r *redactor) headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		switch strings.ToLower(k) {
		case "authorization", "proxy-authorization", "cookie", "set-cookie":
			out[k] = masked
		default:
			out[k] = r.clean(strings.Join(v, ", "))
		}
	}
	return out
}

// loggingTransport logs each attempt through tflog: a line at debug, headers and bodies at
// trace, with the Authorization header, tokens and configured secrets masked.
type loggingTransport struct {
	next   http.RoundTripper
	redact *redactor
	// bodies: log headers and bodies at trace level (they cost a copy and a scan per request).
	bodies bool
}

const maxLoggedBody = 8 << 10

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	start := time.Now()
	fields := map[string]any{
		"method": req.Method,
		"url":    t.redact.clean(req.URL.String()),
	}
	if t.bodies {
		tflog.Trace(ctx, "Microsoft Graph request", map[string]any{
			"method":  req.Method,
			"url":     fields["url"],
			"headers": t.redact.headers(req.Header),
			"body":    t.peekRequestBody(req),
		})
	}
	resp, err := t.next.RoundTrip(req)
	recordAttempt(ctx, resp)
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err != nil {
		fields["error"] = t.redact.clean(err.Error())
		tflog.Debug(ctx, "Microsoft Graph request failed", fields)
		return resp, err
	}
	fields["status"] = resp.StatusCode
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		fields["retry_after"] = ra
	}
	tflog.Debug(ctx, "Microsoft Graph response", fields)
	if t.bodies {
		tflog.Trace(ctx, "Microsoft Graph response detail", map[string]any{
			"status":  resp.StatusCode,
			"headers": t.redact.headers(resp.Header),
			"body":    t.peekResponseBody(resp),
		})
	}
	return resp, nil
}

func (t *loggingTransport) peekRequestBody(req *http.Request) string {
	if req.Body == nil || req.GetBody == nil {
		return ""
	}
	body, err := req.GetBody()
	if err != nil {
		return ""
	}
	defer body.Close()
	data, _ := io.ReadAll(io.LimitReader(body, maxLoggedBody))
	if strings.EqualFold(req.Header.Get("Content-Encoding"), "gzip") {
		return "(gzip, " + strconv.Itoa(len(data)) + " bytes)"
	}
	return t.redact.clean(string(data))
}

func (t *loggingTransport) peekResponseBody(resp *http.Response) string {
	if resp.Body == nil || resp.Body == http.NoBody {
		return ""
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	if err != nil {
		return ""
	}
	if len(data) > maxLoggedBody {
		data = data[:maxLoggedBody]
	}
	return t.redact.clean(string(data))
}
