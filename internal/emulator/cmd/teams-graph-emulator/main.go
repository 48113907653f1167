// Command teams-graph-emulator serves the local Microsoft Graph chat emulator until interrupted.
//
//	go run ./internal/emulator/cmd/teams-graph-emulator -listen 127.0.0.1:8080
//
// Point the provider at it with TEAMS_GRAPH_ENDPOINT=http://127.0.0.1:8080/v1.0 and any
// TEAMS_ACCESS_TOKEN (a JWT naming a user is treated as a delegated token). -h lists every flag,
// the -fault keys, the control API under /_emulator/, and the default users and apps.
//
// Once it serves, it prints one ready line on standard output, naming the base URL with the port
// chosen (-listen 127.0.0.1:0 picks a free one):
//
//	teams-graph-emulator listening on http://127.0.0.1:41234/v1.0
//
// Scripts read that line (or poll GET /_emulator/health, which answers 200 without a token) and
// then point the provider at the URL; the request log goes to standard error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

type faultFlags []emulator.Fault

func (f *faultFlags) String() string { return fmt.Sprint(len(*f)) }
func (f *faultFlags) Set(v string) error {
	fault, err := emulator.ParseFault(v)
	if err != nil {
		return err
	}
	*f = append(*f, fault)
	return nil
}

func main() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	if err := run(os.Args[1:], os.Stdout, sig); err != nil {
		if errors.Is(err, errHelpShown) {
			return
		}
		fmt.Fprintln(os.Stderr, "teams-graph-emulator:", err)
		os.Exit(1)
	}
}

// errHelpShown: -h printed the help, and there is nothing to serve.
var errHelpShown = errors.New("help shown")

// run serves until a signal arrives on sig; it prints the base URL to out once listening, or the
// help for -h.
func run(args []string, out io.Writer, sig <-chan os.Signal) error {
	fs := flag.NewFlagSet("teams-graph-emulator", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run reports parse errors itself; -h prints usage to out
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on (loopback only is advised); 127.0.0.1:0 picks a free port, which the ready line on standard output names: "+readyPrefix+"http://127.0.0.1:<port>/v1.0")
	dirFile := fs.String("directory", "", "JSON file replacing the default directory of users")
	catalogFile := fs.String("catalog", "", "JSON file replacing the default Teams app catalog")
	var faults faultFlags
	fs.Var(&faults, "fault", "inject a fault; repeatable. Comma-separated keys "+faultKeyList()+" (see FAULTS below), e.g. status=429,retry-after=1,route=/chats,count=2")
	createLag := fs.Duration("create-lag", 0, "answer 404 to reads of a chat for this long after its creation")
	listLag := fs.Duration("list-lag", 0, "leave a new chat or tab out of list results (not reads by id) for this long after its creation: Graph's lists are eventually consistent")
	limits := fs.String("limits", "", "documented Teams limits to enforce: comma-separated of "+limitList()+", or all")
	scale := fs.Float64("limits-scale", 1, "divide every limit's time window by this factor")
	clockOffset := fs.Duration("clock-offset", 0, "run the emulator's clock ahead of the machine's by this much (negative: behind), e.g. 2m or -90s")
	existingMember := fs.String("existing-member", "409", "answer to adding someone already in the chat (Microsoft does not document it): "+answers(emulator.ExistingMemberAnswers))
	deletedChat := fs.String("deleted-chat", "404", "answer to reading or changing a deleted chat (undocumented): "+answers(emulator.DeletedChatAnswers))
	redelete := fs.String("redelete", "404", "answer to deleting a chat already deleted (undocumented): "+answers(emulator.RedeleteAnswers))
	smallGroupAdd := fs.String("small-group-add", "201", "answer to adding a member to a group chat of two (field report): "+answers(emulator.SmallGroupAddAnswers)+" (403: RosterAddMemberBlocked)")
	foreignRemoval := fs.String("foreign-removal", "400", "answer to removing a member of another organisation (field reports): "+answers(emulator.ForeignRemovalAnswers))
	quiet := fs.Bool("quiet", false, "do not log one line per request")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		usage(out, fs)
		return errHelpShown
	} else if err != nil {
		return fmt.Errorf("%w (-h lists every flag)", err)
	}
	dir := emulator.DefaultDirectory()
	if *dirFile != "" {
		d, err := emulator.LoadDirectory(*dirFile)
		if err != nil {
			return err
		}
		dir = d
	}
	catalog := emulator.DefaultCatalog()
	if *catalogFile != "" {
		c, err := emulator.LoadCatalog(*catalogFile)
		if err != nil {
			return err
		}
		catalog = c
	}
	lim, err := parseLimits(*limits, *scale)
	if err != nil {
		return err
	}
	var variants emulator.Variants
	for _, v := range []struct {
		flag, value string
		allowed     []int
		into        *int
	}{
		{"-existing-member", *existingMember, emulator.ExistingMemberAnswers, &variants.ExistingMember},
		{"-deleted-chat", *deletedChat, emulator.DeletedChatAnswers, &variants.DeletedChat},
		{"-redelete", *redelete, emulator.RedeleteAnswers, &variants.Redelete},
		{"-small-group-add", *smallGroupAdd, emulator.SmallGroupAddAnswers, &variants.SmallGroupAdd},
		{"-foreign-removal", *foreignRemoval, emulator.ForeignRemovalAnswers, &variants.ForeignRemoval},
	} {
		n, err := emulator.ParseVariant(v.value, v.allowed)
		if err != nil {
			return fmt.Errorf("%s: %w", v.flag, err)
		}
		*v.into = n
	}
	run, err := emulator.Start(*listen, dir)
	if err != nil {
		return err
	}
	if err := run.SetCatalog(catalog); err != nil {
		_ = run.Close()
		return err
	}
	if !*quiet {
		run.Logger = log.New(os.Stderr, "", log.LstdFlags|log.Lmicroseconds)
	}
	for _, f := range faults {
		run.AddFault(f)
	}
	run.SetCreateLag(*createLag)
	run.SetListLag(*listLag)
	run.SetClockOffset(*clockOffset)
	if err := run.SetVariants(variants); err != nil {
		_ = run.Close()
		return err
	}
	run.SetLimits(lim)
	if err := ready(run.URL); err != nil {
		_ = run.Close()
		return err
	}
	fmt.Fprintf(out, "%s%s\n", readyPrefix, run.URL)

	<-sig
	fmt.Fprintln(out, "teams-graph-emulator: shutting down")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := run.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// readyPrefix starts the ready line, which is followed by the base URL (with /v1.0).
const readyPrefix = "teams-graph-emulator listening on "

// ready asks the emulator at base (…/v1.0) for its health route, so that the ready line is printed
// only once a request is answered, as a script that reads it and connects at once expects.
func ready(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	// An emulator listening on every interface (0.0.0.0, ::) is asked on the loopback one.
	if ip := net.ParseIP(u.Hostname()); ip != nil && ip.IsUnspecified() {
		loopback := "127.0.0.1"
		if ip.To4() == nil {
			loopback = "::1"
		}
		u.Host = net.JoinHostPort(loopback, u.Port())
	}
	u.Path = "/_emulator/health"
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(u.String())
	if err != nil {
		return fmt.Errorf("the emulator does not answer on %s: %w", base, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the emulator's health route answered %d", resp.StatusCode)
	}
	return nil
}

// limitNames are the names -limits takes (besides all), each with the limit it turns on.
var limitNames = []struct {
	name string
	set  func(*emulator.Limits)
}{
	{"tenant-writes", func(l *emulator.Limits) { l.TenantWrites = true }},
	{"tenant-reads", func(l *emulator.Limits) { l.TenantReads = true }},
	{"per-chat", func(l *emulator.Limits) { l.PerChat = true }},
	{"member-changes", func(l *emulator.Limits) { l.MemberChanges = true }},
	{"deletes", func(l *emulator.Limits) { l.Deletes = true }},
	{"chat-reads", func(l *emulator.Limits) { l.ChatReads = true }},
}

func limitList() string {
	var names []string
	for _, n := range limitNames {
		names = append(names, n.name)
	}
	return strings.Join(names, ", ")
}

func parseLimits(spec string, scale float64) (emulator.Limits, error) {
	l := emulator.Limits{Scale: scale}
	if spec == "" {
		return l, nil
	}
names:
	for _, name := range strings.Split(spec, ",") {
		name = strings.TrimSpace(name)
		if name == "all" {
			l = emulator.AllLimits(scale)
			continue
		}
		for _, n := range limitNames {
			if n.name == name {
				n.set(&l)
				continue names
			}
		}
		return l, fmt.Errorf("unknown limit %q (want %s or all)", name, limitList())
	}
	return l, nil
}
