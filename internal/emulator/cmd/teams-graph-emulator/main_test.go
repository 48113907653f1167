package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

func TestRunServesUntilSignalled(t *testing.T) {
	r, w := io.Pipe()
	sig := make(chan os.Signal, 1)
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-listen", "127.0.0.1:0", "-quiet", "-fault", "status=503,route=/users/{id},count=1", "-limits", "deletes", "-limits-scale", "10", "-clock-offset", "-2m"}, w, sig)
		w.Close()
	}()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url := strings.TrimSpace(strings.TrimPrefix(line, "teams-graph-emulator listening on "))
	get := func() int {
		req, _ := http.NewRequest("GET", url+"/users/jacob@contoso.com", nil)
		req.Header.Set("Authorization", "Bearer x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if a, b := get(), get(); a != 503 || b != 200 {
		t.Fatalf("statuses %d, %d: the -fault flag was not applied", a, b)
	}
	// -clock-offset: the Date header runs two minutes behind the machine's clock.
	resp, err := http.Get(url + "/users/jacob@contoso.com")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if behind := time.Since(date); err != nil || behind < 110*time.Second || behind > 130*time.Second {
		t.Fatalf("Date %q is %s behind the machine's clock, want about 2m (-clock-offset)", resp.Header.Get("Date"), behind)
	}
	stopRun(t, r, sig, done)
}

// TestReadyLineAndHealth: with -listen 127.0.0.1:0 the first line on standard output names the base
// URL with the port chosen, and at once the health route answers 200 without a token, with the
// base URL, even while a fault fails every Graph request.
func TestReadyLineAndHealth(t *testing.T) {
	r, w := io.Pipe()
	sig := make(chan os.Signal, 1)
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-listen", "127.0.0.1:0", "-quiet", "-fault", "status=503"}, w, sig)
		w.Close()
	}()
	out := bufio.NewReader(r)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`^teams-graph-emulator listening on (http://127\.0\.0\.1:([0-9]+)/v1\.0)\n$`).FindStringSubmatch(line)
	if m == nil || m[2] == "0" {
		t.Fatalf("ready line %q does not name the base URL with the port chosen", line)
	}
	base := m[1]
	resp, err := http.Get(strings.TrimSuffix(base, "/v1.0") + "/_emulator/health")
	if err != nil {
		t.Fatalf("the health route does not answer right after the ready line: %v", err)
	}
	var health map[string]string
	err = json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if resp.StatusCode != 200 || err != nil || health["status"] != "ok" || health["graph"] != base || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("health: %d %v %v, want 200 {\"status\": \"ok\", \"graph\": %q}", resp.StatusCode, health, err, base)
	}
	req, _ := http.NewRequest("GET", base+"/users/jacob@contoso.com", nil)
	req.Header.Set("Authorization", "Bearer x")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 503 {
		t.Fatalf("Graph answered %v %v, want the fault's 503", resp, err)
	}
	if resp, err := http.Post(strings.TrimSuffix(base, "/v1.0")+"/_emulator/health", "application/json", strings.NewReader("{}")); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST health: %v %v, want 405", resp, err)
	}
	stopRun(t, out, sig, done)
}

// TestReadyAsksLoopbackForUnspecifiedHosts: an emulator listening on every interface is asked for
// its health on the loopback address (connecting to 0.0.0.0 fails on some systems).
func TestReadyAsksLoopbackForUnspecifiedHosts(t *testing.T) {
	srv := httptest.NewServer(emulator.New(emulator.DefaultDirectory()))
	defer srv.Close()
	_, port, _ := strings.Cut(strings.TrimPrefix(srv.URL, "http://"), ":")
	for _, host := range []string{"127.0.0.1", "0.0.0.0"} {
		if err := ready("http://" + host + ":" + port + "/v1.0"); err != nil {
			t.Errorf("%s: %v", host, err)
		}
	}
	if err := ready("http://127.0.0.1:1/v1.0"); err == nil {
		t.Error("ready found an emulator on port 1")
	}
}

func TestFlagsAreChecked(t *testing.T) {
	for _, args := range [][]string{
		{"-fault", "status=418"},
		{"-limits", "everything"},
		{"-directory", "/does/not/exist.json"},
		{"-clock-offset", "two minutes"},
		{"-existing-member", "200"},
		{"-deleted-chat", "410"},
		{"-redelete", "nope"},
	} {
		if err := run(append(args, "-listen", "127.0.0.1:0"), io.Discard, nil); err == nil {
			t.Errorf("%v: want an error", args)
		}
	}
	l, err := parseLimits("per-chat,member-changes,chat-reads,tenant-reads", 4)
	if err != nil || l != (emulator.Limits{PerChat: true, MemberChanges: true, ChatReads: true, TenantReads: true, Scale: 4}) {
		t.Fatalf("%+v %v", l, err)
	}
	if l, _ := parseLimits("all", 2); l != emulator.AllLimits(2) {
		t.Fatalf("all: %+v", l)
	}
}

// help runs the command with -h and returns what it printed.
func help(t *testing.T) string {
	t.Helper()
	var out strings.Builder
	if err := run([]string{"-h"}, &out, nil); !errors.Is(err, errHelpShown) {
		t.Fatalf("-h: %v", err)
	}
	return out.String()
}

// TestHelpNamesUsersAppsFaultsAndFlags: -h names every default user (object id, user principal
// name, guest or other organisation), every default app (id, every version and its state, chat tab
// kind), every key the -fault parser accepts, and every value of the flags that take a fixed set.
func TestHelpNamesUsersAppsFaultsAndFlags(t *testing.T) {
	h := help(t)
	lines := strings.Split(h, "\n")
	lineWith := func(parts ...string) bool {
		for _, l := range lines {
			ok := true
			for _, p := range parts {
				ok = ok && strings.Contains(l, p)
			}
			if ok {
				return true
			}
		}
		return false
	}
	for _, u := range emulator.DefaultDirectory().Users {
		kind := "member"
		if u.TenantID != "" {
			kind = u.TenantID
		} else if u.UserType == "Guest" {
			kind = "guest"
		}
		if !lineWith(u.ID, u.UserPrincipalName, kind) {
			t.Errorf("-h has no line naming user %s (%s) as %s", u.ID, u.UserPrincipalName, kind)
		}
	}
	for _, a := range emulator.DefaultCatalog().Apps {
		tab := a.ChatTab
		if tab == "" {
			tab = "no chat tab"
		}
		if !lineWith(a.ID, a.DisplayName) || !strings.Contains(h, tab) {
			t.Errorf("-h does not name app %s (%s) or its chat tab %q", a.ID, a.DisplayName, tab)
		}
		for _, d := range a.Definitions {
			if !lineWith("      " + d.Version + " " + d.PublishingState) {
				t.Errorf("-h does not list version %s of %s as %s", d.Version, a.DisplayName, d.PublishingState)
			}
			for _, p := range d.Permissions {
				if !lineWith(d.Version, p.Value+" ("+p.Type+")") {
					t.Errorf("-h does not list %s's permission %s for %s", a.DisplayName, p.Value, d.Version)
				}
			}
		}
	}

	// Every key the parser accepts (probed here on its own, not read from the parser's list) is in
	// the -fault help and the FAULTS section; every key listed there parses.
	flagHelp := lines[slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "  -fault") })+1]
	for _, probe := range []string{"status=429", "retry-after=1", "drop", "latency=1ms", "method=GET", "route=/chats", "count=1", "skip=1", "fraction=0.5"} {
		key, _, _ := strings.Cut(probe, "=")
		if _, err := emulator.ParseFault(probe + ",drop"); err != nil {
			t.Fatalf("the parser refuses %s: %v", probe, err)
		}
		if !strings.Contains(flagHelp, " "+key+",") && !strings.Contains(flagHelp, " "+key+" ") {
			t.Errorf("the -fault flag's help does not name %s: %s", key, flagHelp)
		}
		if !lineWith("    "+key+"  ") && !lineWith("    "+key+"=") {
			t.Errorf("the FAULTS section does not list %s", key)
		}
	}
	faultLine := regexp.MustCompile(`^    ([a-z-]+)(=(\S+))?\s{2,}`)
	listed := 0
	for _, l := range lines {
		m := faultLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		listed++
		spec := m[1]
		if m[3] != "" {
			value := strings.Split(m[3], "|")[0] // the first of the values listed, or a placeholder
			if example, ok := map[string]string{"SECONDS": "1", "DURATION": "1ms", "METHOD": "GET", "ROUTE": "/chats", "N": "1", "F": "0.5"}[value]; ok {
				value = example
			}
			spec += "=" + value
		}
		if _, err := emulator.ParseFault(spec + ",drop"); err != nil {
			t.Errorf("-h lists %q, which the parser refuses: %v", l, err)
		}
	}
	if listed != 9 {
		t.Errorf("the FAULTS section lists %d keys, want the 9 the parser accepts", listed)
	}

	for _, name := range []string{"tenant-writes", "tenant-reads", "per-chat", "member-changes", "deletes", "chat-reads", "all"} {
		if _, err := parseLimits(name, 1); err != nil || !lineWith(name) {
			t.Errorf("-limits %s: %v, or -h does not name it", name, err)
		}
	}
	for flagName, codes := range map[string][]int{"-existing-member": emulator.ExistingMemberAnswers, "-deleted-chat": emulator.DeletedChatAnswers,
		"-redelete": emulator.RedeleteAnswers, "-small-group-add": emulator.SmallGroupAddAnswers, "-foreign-removal": emulator.ForeignRemovalAnswers} {
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "  "+flagName+" ") })
		for _, c := range codes {
			if i < 0 || !strings.Contains(lines[i+1], fmt.Sprint(c)) {
				t.Errorf("-h does not list %d for %s", c, flagName)
			}
		}
	}
}

// TestHelpControlRoutesAnswer: -h lists the control API, the routes a drift test needs among
// them, and every route it lists answers (none is an unknown path or a wrong method).
func TestHelpControlRoutesAnswer(t *testing.T) {
	h := help(t)
	route := regexp.MustCompile(`(?m)^  (GET|POST|PUT|PATCH|DELETE) +(/_emulator/\S*)$`)
	var listed []string
	for _, m := range route.FindAllStringSubmatch(h, -1) {
		listed = append(listed, m[1]+" "+m[2])
	}
	for _, want := range []string{"GET /_emulator/health", "GET /_emulator/users", "GET /_emulator/catalog", "POST /_emulator/chats/{chatId}/members",
		"DELETE /_emulator/chats/{chatId}/members/{userId}", "DELETE /_emulator/chats/{chatId}/installedApps/{appIdOrInstallationId}",
		"PATCH /_emulator/chats/{chatId}/tabs/{tabId}", "DELETE /_emulator/chats/{chatId}/tabs/{tabId}", "POST /_emulator/apps/{appId}/publish",
		"POST /_emulator/faults", "DELETE /_emulator/faults", "PUT /_emulator/lag", "GET /_emulator/counts", "GET /_emulator/chats"} {
		if !slices.Contains(listed, want) {
			t.Errorf("-h does not list %s", want)
		}
	}
	srv := httptest.NewServer(emulator.New(emulator.DefaultDirectory()))
	defer srv.Close()
	ids := regexp.MustCompile(`\{[^}]*\}`)
	for _, r := range listed {
		method, path, _ := strings.Cut(r, " ")
		req, _ := http.NewRequest(method, srv.URL+ids.ReplaceAllString(path, "x"), strings.NewReader("{}"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusMethodNotAllowed || strings.Contains(string(body), "unknown control path") || !strings.HasPrefix(resp.Header.Get("Content-Type")+"application/json", "application/json") {
			t.Errorf("%s, listed in -h, is not a control route: %d %s", r, resp.StatusCode, body)
		}
	}
}

// stopRun drains the command's output, signals it to stop and waits for run to return cleanly.
func stopRun(t *testing.T, out io.Reader, sig chan<- os.Signal, done <-chan error) {
	t.Helper()
	go io.Copy(io.Discard, out)
	sig <- os.Interrupt
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not stop on the signal")
	}
}
