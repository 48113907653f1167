package rules

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheckUser(t *testing.T) {
	cases := []struct {
		in, want string // want: "" valid, else a fragment of the problem
	}{
		{"8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", ""},
		{"8C0A1A67-50CE-4114-BB6C-DA9C5DBCF6CA", ""},
		{"jacob@contoso.com", ""},
		{"pradeep_fabrikam.com#EXT#@contoso.onmicrosoft.com", ""},
		{"o'brien@contoso.com", ""},
		{"a(b)@contoso.com", "character '('"},
		{"8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g", "is not a valid object id: 'g' is not a hexadecimal digit"},
		{"8c0a1a67-50ce-4114-bb6c-da9c5dbcf6c", "group 5 has 11 characters"},
		{"8c0a1a6750ce4114bb6cda9c5dbcf6ca", "neither an object id (GUID) nor a user principal name"},
		{"jacob", "name@domain"},
		{"@contoso.com", "before '@' is empty"},
		{"jacob@contoso", "domain after '@'"},
		{"jacob@.com", "domain after '@'"},
		{"ja cob@contoso.com", "space"},
		{"jacob@con_toso.com", "domain contains"},
		{"", "must not be empty"},
	}
	for _, tc := range cases {
		got := CheckUser(tc.in)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("CheckUser(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCheckGUID(t *testing.T) {
	if p := CheckGUID("4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1"); p != "" {
		t.Errorf("valid GUID refused: %s", p)
	}
	for _, bad := range []string{"fabrikam", "4dc1fe35-8ac6-4f0d-904a-7ebcd364bea", "4dc1fe35_8ac6_4f0d_904a_7ebcd364bea1", "zzzzzzzz-8ac6-4f0d-904a-7ebcd364bea1"} {
		if p := CheckGUID(bad); !strings.Contains(p, "is not a GUID") {
			t.Errorf("CheckGUID(%q) = %q", bad, p)
		}
	}
}

func TestCheckTopic(t *testing.T) {
	cases := map[string]string{
		"Project Phoenix":        "",
		strings.Repeat("é", 250): "",
		strings.Repeat("é", 251): "251 characters long",
		"Phoenix: launch":        "contains ':'",
	}
	for in, want := range cases {
		got := CheckTopic(in)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("CheckTopic(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckMemberCount(t *testing.T) {
	cases := []struct {
		chatType string
		n        int
		ok       bool
	}{
		{"oneOnOne", 2, true}, {"oneOnOne", 1, false}, {"oneOnOne", 3, false},
		{"group", 2, true}, {"group", 30, true}, {"group", 1, false},
	}
	for _, tc := range cases {
		if got := CheckMemberCount(tc.chatType, tc.n); (got == "") != tc.ok {
			t.Errorf("CheckMemberCount(%s, %d) = %q", tc.chatType, tc.n, got)
		}
	}
}

// FuzzCheckUser: never panics; whatever is accepted is a GUID or has the shape name@domain.
func FuzzCheckUser(f *testing.F) {
	for _, s := range []string{"8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "jacob@contoso.com", "8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g", "a@b.c", "\xff@x.y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckUser(s) != "" {
			return
		}
		if IsGUID(s) {
			return
		}
		at := strings.LastIndex(s, "@")
		if at <= 0 || !utf8.ValidString(s) || !strings.Contains(s[at+1:], ".") || strings.ContainsAny(s, " \t\n\"()") {
			t.Fatalf("CheckUser accepted %q", s)
		}
	})
}

// FuzzCheckGUID: IsGUID agrees with a plain definition.
func FuzzCheckGUID(f *testing.F) {
	f.Add("4dc1fe35-8ac6-4f0d-904a-7ebcd364bea1")
	f.Add("4dc1fe35-8ac6-4f0d-904a-7ebcd364beag")
	f.Fuzz(func(t *testing.T, s string) {
		want := len(s) == 36
		for i, r := range s {
			if !want {
				break
			}
			switch i {
			case 8, 13, 18, 23:
				want = r == '-'
			default:
				want = strings.ContainsRune("0123456789abcdefABCDEF", r)
			}
		}
		if IsGUID(s) != want {
			t.Fatalf("IsGUID(%q) = %v, want %v", s, IsGUID(s), want)
		}
	})
}

func BenchmarkCheckUser(b *testing.B) {
	inputs := []string{"8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "jacob@contoso.com", "8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = CheckUser(inputs[i%len(inputs)])
	}
}

func TestCheckChatID(t *testing.T) {
	cases := []struct {
		in, want string // want: "" valid, else a fragment of the problem
	}{
		{"19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2", ""},
		{"19:82fe7758-5bb3-4f0d-a43f-e555fd399c6f_8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca@unq.gbl.spaces", ""},
		{"19:meeting_ZDZlYTYxOWUtYzdlMi00ZmMxLWIxMTAtN2YzODZlZjAxYzI4@thread.v2", ""},
		{"19:abc", "no '@'"},
		{"19:@thread.v2", "is empty"},
		{"general", `start with "19:"`},
		{"48:notes", `start with "19:"`},
		{"19:abc@thread.tacv2", "channels, not chats"},
		{"19:abc@contoso.com", "ends in @contoso.com"},
		{"19:a/b@thread.v2", "character '/'"},
		{"19:a b@thread.v2", "character ' '"},
		{"19:abc@unq.gbl.spaces", "two GUIDs"},
		{"19:82fe7758-5bb3-4f0d-a43f-e555fd399c6f@unq.gbl.spaces", "two GUIDs"},
	}
	for _, tc := range cases {
		got := CheckChatID(tc.in)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("CheckChatID(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got != "" && !strings.Contains(got, "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2") {
			t.Errorf("CheckChatID(%q) = %q: no example of what to write", tc.in, got)
		}
	}
}

func TestCheckGroupChatID(t *testing.T) {
	one := "19:82fe7758-5bb3-4f0d-a43f-e555fd399c6f_8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca@unq.gbl.spaces"
	if !IsOneOnOneChatID(one) || IsOneOnOneChatID("19:abc@thread.v2") || IsOneOnOneChatID("19:abc@unq.gbl.spaces") {
		t.Error("IsOneOnOneChatID does not tell oneOnOne chat ids from the others")
	}
	if p := CheckGroupChatID(one); !strings.Contains(p, "one-on-one chat") || !strings.Contains(p, "group chat") {
		t.Errorf("CheckGroupChatID(oneOnOne) = %q", p)
	}
	if p := CheckGroupChatID("19:abc@thread.v2"); p != "" {
		t.Errorf("CheckGroupChatID(group) = %q", p)
	}
	if p := CheckGroupChatID("19:abc"); p != "" {
		t.Errorf("CheckGroupChatID(19:abc) = %q: CheckChatID reports ids that are no chat id", p)
	}
}

func TestCheckHTTPSURL(t *testing.T) {
	cases := map[string]string{
		"https://contoso.com/board":      "",
		"HTTPS://contoso.com":            "",
		"https://contoso.com/a?b=c#d":    "",
		"http://contoso.com/board":       "not an absolute https URL",
		"contoso.com/board":              "not an absolute https URL",
		"/board":                         "not an absolute https URL",
		"https:contoso.com":              "not an absolute https URL",
		"https://":                       "not an absolute https URL",
		"javascript:alert(1)":            "not an absolute https URL",
		" https://contoso.com":           "contains spaces",
		"https://contoso.com/a board":    "contains spaces",
		"https://contoso.com/%zz":        "is not a URL",
		"ftp://contoso.com/board.html":   "not an absolute https URL",
		"https://contoso.com:8443/board": "",
	}
	for in, want := range cases {
		got := CheckHTTPSURL(in)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("CheckHTTPSURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckDisplayName(t *testing.T) {
	for _, bad := range []string{"", " ", "\t\n", "\u00a0"} {
		if p := CheckDisplayName(bad); !strings.Contains(p, "empty or only white space") {
			t.Errorf("CheckDisplayName(%q) = %q", bad, p)
		}
	}
	if p := CheckDisplayName(" Board "); p != "" {
		t.Errorf("CheckDisplayName(Board) = %q", p)
	}
}

func TestCheckInstallableApp(t *testing.T) {
	if p := CheckInstallableApp(WebsiteTabAppID); !strings.Contains(p, "need no installation") || !strings.Contains(p, "teams_chat_tab") {
		t.Errorf("CheckInstallableApp(website) = %q", p)
	}
	if p := CheckInstallableApp("com.microsoft.teamspace.tab.Web"); p == "" {
		t.Error("CheckInstallableApp is case-sensitive")
	}
	if p := CheckInstallableApp("8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca"); p != "" {
		t.Errorf("CheckInstallableApp(catalog app) = %q", p)
	}
}

func FuzzCheckChatID(f *testing.F) {
	for _, s := range []string{"19:abc@thread.v2", "19:abc", "19:a_b@unq.gbl.spaces", "", "19:@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := CheckChatID(s)
		if p == "" && (strings.Contains(s, "/") || !strings.HasPrefix(s, "19:") || !strings.Contains(s, "@")) {
			t.Errorf("CheckChatID accepted %q", s)
		}
		if IsOneOnOneChatID(s) && CheckGroupChatID(s) == "" {
			t.Errorf("CheckGroupChatID accepted the oneOnOne chat %q", s)
		}
	})
}
