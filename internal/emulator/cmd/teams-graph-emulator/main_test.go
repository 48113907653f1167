package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
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
	go io.Copy(io.Discard, r)
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
