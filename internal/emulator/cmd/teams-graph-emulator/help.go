package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/teams-terraform/terraform-provider-teams/internal/emulator"
)

// usage writes the help of -h: the flags, the -fault syntax, the control API, and the default
// users and apps, each made from the lists the emulator itself uses.
func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `Usage: teams-graph-emulator [flags]

Serves a local Microsoft Graph v1.0 emulator of Teams chats, in memory, until interrupted. Point the
provider at it with TEAMS_GRAPH_ENDPOINT=http://<listen>/v1.0 and any TEAMS_ACCESS_TOKEN (a JWT naming
a user is taken as a delegated token, anything else as an application token).

FLAGS
`)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)

	fmt.Fprint(w, "\nFAULTS (-fault and POST /_emulator/faults)\n\n")
	fmt.Fprint(w, "  Comma-separated keys; one of status, drop or latency is needed. Keys:\n")
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	for _, k := range emulator.FaultKeys() {
		key := k.Key
		if k.Value != "" {
			key += "=" + k.Value
		}
		fmt.Fprintf(tw, "    %s\t%s\n", key, k.Help)
	}
	tw.Flush()
	fmt.Fprint(w, `  Examples: status=429,retry-after=0.5,method=POST,route=/chats,count=2
            drop,method=POST,route=/chats,count=1   (the chat is made, the answer lost)
            status=500,route=/chats/{id}/members,skip=1,count=1
            latency=200ms,fraction=0.5
`)

	fmt.Fprint(w, `
CONTROL API (while it runs; no token; answers JSON; errors answer {"error": "…"}: 404 for an unknown
chat, member, user, app or tab, 400 for a bad body, 409 for a change the chat's state refuses)

`)
	for _, r := range emulator.ControlAPI() {
		fmt.Fprintf(w, "  %-6s %s\n", r.Method, r.Path)
		if r.Body != "" {
			fmt.Fprintf(w, "         body %s\n", r.Body)
		}
		fmt.Fprintf(w, "         %s\n", r.Help)
	}

	dir := emulator.DefaultDirectory()
	fmt.Fprintf(w, `
DEFAULT USERS (-directory FILE replaces them; GET /_emulator/users lists those of a running emulator)

  Home tenant %s. A guest is added with the role guest; a user of another
  organisation with the role owner and its tenant_id (one object id may exist in both tenants).

`, dir.HomeTenantID)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  OBJECT ID\tUSER PRINCIPAL NAME\tNAME\tKIND")
	for _, u := range dir.Users {
		kind := "member"
		switch {
		case u.TenantID != "" && u.TenantID != dir.HomeTenantID:
			kind = "other organisation, tenant " + u.TenantID
		case u.UserType == "Guest":
			kind = "guest"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", u.ID, u.UserPrincipalName, u.DisplayName, kind)
	}
	tw.Flush()

	fmt.Fprint(w, `
DEFAULT APP CATALOG (-catalog FILE replaces it; GET /_emulator/catalog lists that of a running emulator)

  An app installs at its current version, the last one published; submitted and rejected versions
  never install (POST /_emulator/apps/{appId}/publish publishes one).

`)
	for _, a := range emulator.DefaultCatalog().Apps {
		fmt.Fprintf(w, "  %s  %s\n", a.DisplayName, a.ID)
		about := []string{a.DistributionMethod}
		if a.ExternalID != "" {
			about = append(about, "manifest id "+a.ExternalID)
		}
		switch a.ChatTab {
		case "configurable":
			about = append(about, "configurable chat tab (name and configuration set when added)")
		case "static":
			about = append(about, "static chat tab (the manifest sets its name and configuration)")
		default:
			about = append(about, "no chat tab")
		}
		if a.BuiltIn {
			about = append(about, "built in: its tab needs no installation, and it cannot be installed")
		}
		fmt.Fprintf(w, "      %s\n", strings.Join(about, "; "))
		current, _ := a.Current()
		for _, d := range a.Definitions {
			state := d.PublishingState
			if d.Version == current.Version && state == emulator.Published {
				state += ", current"
			}
			line := fmt.Sprintf("      %s %s", d.Version, state)
			if len(d.Permissions) > 0 {
				var ps []string
				for _, p := range d.Permissions {
					ps = append(ps, p.Value+" ("+p.Type+")")
				}
				line += "; resource-specific permissions (installing needs consent to them): " + strings.Join(ps, ", ")
			}
			fmt.Fprintln(w, line)
		}
	}
}

// faultKeyList names the keys of the -fault syntax.
func faultKeyList() string {
	var keys []string
	for _, k := range emulator.FaultKeys() {
		keys = append(keys, k.Key)
	}
	return strings.Join(keys, ", ")
}

// answers writes a variant's allowed answers, the default first: "409, 400 or 201".
func answers(codes []int) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = strconv.Itoa(c)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
