package graph

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var permissionName = regexp.MustCompile("`([A-Z][A-Za-z]+(?:\\.[A-Z][A-Za-z]+)+)`")

// TestDocumentedPermissions: the README's setup step lists exactly ApplicationPermissions (the ones
// the acceptance suite runs with), and the provider documentation names each of them.
func TestDocumentedPermissions(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "2. Under API permissions")
	end := strings.Index(text[start:], "\n3. ")
	if start < 0 || end < 0 {
		t.Fatal("the README no longer has its API permissions step")
	}
	var listed []string
	for _, m := range permissionName.FindAllStringSubmatch(text[start:start+end], -1) {
		listed = append(listed, m[1])
	}
	want := append([]string(nil), ApplicationPermissions...)
	sort.Strings(listed)
	sort.Strings(want)
	if strings.Join(listed, ",") != strings.Join(want, ",") {
		t.Errorf("README step 2 lists %v; the provider needs exactly %v", listed, want)
	}
	docs, err := os.ReadFile("../../docs/index.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ApplicationPermissions {
		if !strings.Contains(string(docs), "`"+p+"`") {
			t.Errorf("docs/index.md does not name %s", p)
		}
	}
}

// TestDocumentedPermissionSummaries: the provider documentation's two summary lines name exactly
// ApplicationPermissions and DelegatedPermissions, the lists the permission tour proves sufficient.
func TestDocumentedPermissionSummaries(t *testing.T) {
	docs, err := os.ReadFile("../../docs/index.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(docs)
	for _, c := range []struct {
		marker string
		want   []string
	}{
		{"these **application** permissions:", ApplicationPermissions},
		{"these\n**delegated** permissions:", DelegatedPermissions},
	} {
		start := strings.Index(text, c.marker)
		if start < 0 {
			t.Fatalf("docs/index.md no longer says %q", c.marker)
		}
		para := text[start:]
		para = para[:strings.Index(para, "`.")+1] // the list ends with the sentence
		var listed []string
		for _, m := range permissionName.FindAllStringSubmatch(para, -1) {
			listed = append(listed, m[1])
		}
		want := append([]string(nil), c.want...)
		sort.Strings(listed)
		sort.Strings(want)
		if strings.Join(listed, ",") != strings.Join(want, ",") {
			t.Errorf("docs/index.md after %q lists %v; the provider needs exactly %v", c.marker, listed, want)
		}
	}
}
