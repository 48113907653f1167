package emulator

import (
	"bytes"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

func TestParseUserBind(t *testing.T) {
	cases := []struct {
		in, want string
		err      bool
	}{
		{"https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')", "8b081ef6-4792-4def-b2c9-c363a1bf41d5", false},
		{"https://graph.microsoft.com/v1.0/users('jacob@contoso.com')", "jacob@contoso.com", false},
		{"https://graph.microsoft.com/v1.0/users/jacob@contoso.com", "jacob@contoso.com", false},
		{"https://graph.microsoft.com/v1.0/users/jacob%40contoso.com", "jacob@contoso.com", false},
		{"http://127.0.0.1:8080/v1.0/users('x@y.z')", "x@y.z", false},
		{"users('o''brien@contoso.com')", "o'brien@contoso.com", false},
		{"https://graph.microsoft.com/v1.0/users('')", "", true},
		{"https://graph.microsoft.com/v1.0/groups('x')", "", true},
		{"https://graph.microsoft.com/v1.0/users", "", true},
		{"https://graph.microsoft.com/v1.0/users/a/b", "", true},
		{"https://graph.microsoft.com/v1.0/superusers('x')", "", true},
		{"https://graph.microsoft.com/v1.0/users('x'", "", true},
		{"", "", true},
	}
	for _, tc := range cases {
		got, err := ParseUserBind(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseUserBind(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestParseFault(t *testing.T) {
	cases := []struct {
		in   string
		want Fault
		err  string
	}{
		{"status=429,retry-after=1.5,method=post,route=/chats,count=3", Fault{Status: 429, RetryAfter: "1.5", Method: "POST", Route: "/chats", Count: 3}, ""},
		{"drop,route=/chats,count=1", Fault{Drop: true, Route: "/chats", Count: 1}, ""},
		{"latency=200ms,fraction=0.5", Fault{Latency: 200 * time.Millisecond, Fraction: 0.5}, ""},
		{"status=503,retry-after=Wed, 21 Oct 2015 07:28:00 GMT", Fault{}, "neither seconds nor an HTTP date"},
		{"status=502", Fault{}, "status must be 429, 500, 503 or 504"},
		{"status=500,skip=1,count=1,route=/chats/{id}/members", Fault{Status: 500, Skip: 1, Count: 1, Route: "/chats/{id}/members"}, ""},
		{"status=429,retry-after=soon", Fault{}, "neither seconds nor an HTTP date"},
		{"fraction=2,status=429", Fault{}, "between 0 and 1"},
		{"count=-1,drop", Fault{}, "must not be negative"},
		{"method=GET", Fault{}, "needs status, drop or latency"},
		{"", Fault{}, "empty fault"},
	}
	for _, tc := range cases {
		got, err := ParseFault(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseFault(%q) error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseFault(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestFormatRetryAfter(t *testing.T) {
	for d, want := range map[time.Duration]string{
		2128 * time.Millisecond: "2.128", time.Second: "1", 100 * time.Microsecond: "0.001", 1500 * time.Millisecond: "1.5",
	} {
		if got := formatRetryAfter(d); got != want {
			t.Errorf("formatRetryAfter(%s) = %q, want %q", d, got, want)
		}
	}
}

// FuzzParseUserBind: no panic, and a parsed key is never empty nor holds bind syntax.
func FuzzParseUserBind(f *testing.F) {
	for _, s := range []string{"https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')", "https://graph.microsoft.com/v1.0/users/a%40b.c", "users('''')", "users/%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key, err := ParseUserBind(s)
		if err == nil && (strings.TrimSpace(key) == "" || strings.ContainsAny(key, "()/")) {
			t.Fatalf("ParseUserBind(%q) accepted %q", s, key)
		}
	})
}

// FuzzDecodeBody: the request decoding never panics, plain or gzip-labelled.
func FuzzDecodeBody(f *testing.F) {
	f.Add([]byte(`{"chatType":"group","members":[{"roles":["owner"]}]}`), false)
	f.Add([]byte{0x1f, 0x8b, 0x08, 0x00}, true)
	f.Add([]byte(`{"topic":null}{}`), false)
	f.Fuzz(func(t *testing.T, body []byte, gz bool) {
		req := httptest.NewRequest("POST", "/v1.0/chats", bytes.NewReader(body))
		if gz {
			req.Header.Set("Content-Encoding", "gzip")
		}
		var in chatInput
		_ = DecodeBody(req, &in)
	})
}

// FuzzParseChatFilter: filters never panic and a parsed filter can be matched.
func FuzzParseChatFilter(f *testing.F) {
	f.Add("topic eq 'a''b' and chatType eq 'group'")
	f.Add("members/any(o: o/displayName eq 'x')")
	f.Add("installedApps/any(a:a/teamsApp/id eq 'x') and chatType eq 'group'")
	f.Fuzz(func(t *testing.T, s string) {
		if flt, err := parseChatFilter(s); err == nil {
			flt.match(&Chat{ChatType: "group", Topic: "a'b"})
		}
	})
}

func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	good := dir + "/users.json"
	if err := os.WriteFile(good, []byte(`{"users":[{"id":"11111111-1111-4111-8111-111111111111","userPrincipalName":"ann@example.com","displayName":"Ann","userType":"Member"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := LoadDirectory(good)
	if err != nil || d.HomeTenantID != HomeTenantID || len(d.Users) != 1 {
		t.Fatalf("%+v %v", d, err)
	}
	if u, ok := d.lookup("ANN@example.com", ""); !ok || u.ID != "11111111-1111-4111-8111-111111111111" {
		t.Fatal("lookup by UPN, any case")
	}
	bad := dir + "/bad.json"
	_ = os.WriteFile(bad, []byte(`{"users":[{"displayName":"No id"}]}`), 0o600)
	if _, err := LoadDirectory(bad); err == nil || !strings.Contains(err.Error(), "needs id and userPrincipalName") {
		t.Fatalf("incomplete user: %v", err)
	}
	if _, err := LoadDirectory(dir + "/missing.json"); err == nil {
		t.Fatal("missing file")
	}
}
