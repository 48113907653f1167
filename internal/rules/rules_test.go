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
