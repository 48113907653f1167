// Command permgen writes the emulator's permission table (internal/emulator/permissions_data.json)
// from Microsoft's machine-readable permission files, the `permissions/*/*.json` files of the
// repository microsoftgraph/msgraph-metadata, for the endpoints listed in endpoints.json. Where the
// files are silent (permissions newer than the files, endpoints they lack, callers a page does not
// support) endpoints.json's page entries add to them, each naming its reference page.
//
// Run it with `make generate MSGRAPH_METADATA=<git dir of a msgraph-metadata clone>`; it reads the
// files at the commit -rev with git, so the commit it names is the one it read.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"sort"
	"strings"
)

// DefaultRev is the newest commit of microsoftgraph/msgraph-metadata that holds the permission
// files (refs/pull/99/head, 2022-08-16: permissions/beta/*.json); the repository's main line
// carries none.
const DefaultRev = "7a4530b02150df0bc7c2fbf3bc7125eecb496dac"

// permissionFile is the shape of one msgraph-metadata permission file.
type permissionFile struct {
	Permissions map[string]struct {
		PathSets []struct {
			SchemeKeys []string            `json:"schemeKeys"`
			Methods    []string            `json:"methods"`
			Paths      map[string]struct{} `json:"paths"`
		} `json:"pathSets"`
	} `json:"permissions"`
}

// input is endpoints.json.
type input struct {
	Endpoints []string `json:"endpoints"`
	Pages     []struct {
		Endpoint    string   `json:"endpoint"`
		Page        string   `json:"page"`
		Read        string   `json:"read"`
		Why         string   `json:"why"`
		Application []string `json:"application"`
		Delegated   []string `json:"delegated"`
		Unsupported []string `json:"unsupported"`
	} `json:"pages"`
}

// Table is the generated file.
type Table struct {
	Comment   string              `json:"comment"`
	Source    Source              `json:"source"`
	Endpoints map[string]Endpoint `json:"endpoints"`
}

// Source names what the table was generated from.
type Source struct {
	Repository string   `json:"repository"`
	Commit     string   `json:"commit"`
	Committed  string   `json:"committed,omitempty"`
	Files      []string `json:"files"`
}

// Endpoint holds the permissions that allow one endpoint, by caller kind, and where each came from.
type Endpoint struct {
	Application []string `json:"application"`
	Delegated   []string `json:"delegated"`
	Sources     []string `json:"sources"`
}

// files reads permission files: name → content.
type files interface {
	list() ([]string, error)
	read(name string) ([]byte, error)
}

// gitFiles reads the files of a commit of a git directory (a bare mirror or a clone's .git).
type gitFiles struct{ dir, rev string }

func (g gitFiles) git(args ...string) ([]byte, error) {
	out, err := exec.Command("git", append([]string{"--git-dir", g.dir}, args...)...).Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, ee.Stderr)
	}
	return out, err
}

func (g gitFiles) list() ([]string, error) {
	out, err := g.git("ls-tree", "-r", "--name-only", g.rev, "--", "permissions/")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range strings.Fields(string(out)) {
		if strings.HasSuffix(n, ".json") {
			names = append(names, n)
		}
	}
	return names, nil
}

func (g gitFiles) read(name string) ([]byte, error) { return g.git("show", g.rev+":"+name) }

// dirFiles reads permission files from a directory holding permissions/<version>/*.json.
type dirFiles struct{ dir string }

func (d dirFiles) list() ([]string, error) {
	matches, err := globFiles(d.dir)
	sort.Strings(matches)
	return matches, err
}

func globFiles(dir string) ([]string, error) {
	versions, err := os.ReadDir(path.Join(dir, "permissions"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, v := range versions {
		entries, err := os.ReadDir(path.Join(dir, "permissions", v.Name()))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".json") {
				out = append(out, path.Join("permissions", v.Name(), e.Name()))
			}
		}
	}
	return out, nil
}

func (d dirFiles) read(name string) ([]byte, error) { return os.ReadFile(path.Join(d.dir, name)) }

// schemes maps the files' scheme keys to the table's caller kinds; DelegatedPersonal (Microsoft
// accounts) is not a kind Teams chats support.
var schemes = map[string]string{"Application": "application", "DelegatedWork": "delegated"}

// key is an endpoint compared case-insensitively: the files write paths in lower case.
func key(endpoint string) string { return strings.ToLower(endpoint) }

// generate builds the table for the input's endpoints.
func generate(in input, src files, source Source) (Table, error) {
	type acc struct {
		perms   map[string]map[string]bool // kind → permission
		sources map[string]bool
	}
	want := map[string]*acc{}
	for _, e := range in.Endpoints {
		if _, dup := want[key(e)]; dup {
			return Table{}, fmt.Errorf("endpoint %q listed twice", e)
		}
		want[key(e)] = &acc{perms: map[string]map[string]bool{"application": {}, "delegated": {}}, sources: map[string]bool{}}
	}
	names, err := src.list()
	if err != nil {
		return Table{}, err
	}
	if len(names) == 0 {
		return Table{}, errors.New("no permission files found")
	}
	used := map[string]bool{}
	for _, name := range names {
		data, err := src.read(name)
		if err != nil {
			return Table{}, err
		}
		var f permissionFile
		if err := json.Unmarshal(data, &f); err != nil {
			return Table{}, fmt.Errorf("%s: %w", name, err)
		}
		for perm, p := range f.Permissions {
			if perm == "N/A" { // the files' marker for "not supported"
				continue
			}
			for _, ps := range p.PathSets {
				for _, m := range ps.Methods {
					for pth := range ps.Paths {
						a, ok := want[key(m+" "+pth)]
						if !ok {
							continue
						}
						for _, s := range ps.SchemeKeys {
							if kind, ok := schemes[s]; ok {
								a.perms[kind][perm] = true
								a.sources[name] = true
								used[name] = true
							}
						}
					}
				}
			}
		}
	}
	for _, pg := range in.Pages {
		a, ok := want[key(pg.Endpoint)]
		if !ok {
			return Table{}, fmt.Errorf("page entry for %q, which is not among the endpoints", pg.Endpoint)
		}
		if pg.Page == "" || pg.Read == "" || pg.Why == "" {
			return Table{}, fmt.Errorf("page entry for %q needs page, read and why", pg.Endpoint)
		}
		for kind, perms := range map[string][]string{"application": pg.Application, "delegated": pg.Delegated} {
			for _, p := range perms {
				a.perms[kind][p] = true
			}
		}
		for _, kind := range pg.Unsupported {
			if _, ok := a.perms[kind]; !ok {
				return Table{}, fmt.Errorf("page entry for %q: unknown caller kind %q", pg.Endpoint, kind)
			}
			a.perms[kind] = map[string]bool{}
		}
		a.sources["page "+pg.Page+", read "+pg.Read+": "+pg.Why] = true
	}
	out := Table{
		Comment:   "Generated by internal/cmd/permgen (make generate) from Microsoft's permission files and internal/cmd/permgen/endpoints.json. Do not edit.",
		Source:    source,
		Endpoints: map[string]Endpoint{},
	}
	for name := range used {
		out.Source.Files = append(out.Source.Files, name)
	}
	sort.Strings(out.Source.Files)
	for _, e := range in.Endpoints {
		a := want[key(e)]
		if len(a.sources) == 0 {
			return Table{}, fmt.Errorf("no permission file or page entry names %s", e)
		}
		out.Endpoints[e] = Endpoint{Application: sorted(a.perms["application"]), Delegated: sorted(a.perms["delegated"]), Sources: sorted(a.sources)}
	}
	return out, nil
}

func sorted(set map[string]bool) []string {
	out := []string{}
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func main() {
	gitDir := flag.String("git-dir", "", "git directory of a microsoftgraph/msgraph-metadata clone or mirror")
	rev := flag.String("rev", DefaultRev, "commit to read the permission files at")
	dir := flag.String("dir", "", "instead of -git-dir: a directory holding permissions/<version>/*.json")
	endpoints := flag.String("endpoints", "internal/cmd/permgen/endpoints.json", "the endpoints and page entries")
	outPath := flag.String("out", "internal/emulator/permissions_data.json", "the table to write")
	flag.Parse()
	if err := run(*gitDir, *rev, *dir, *endpoints, *outPath); err != nil {
		fmt.Fprintln(os.Stderr, "permgen:", err)
		os.Exit(1)
	}
}

func run(gitDir, rev, dir, endpointsPath, outPath string) error {
	data, err := os.ReadFile(endpointsPath)
	if err != nil {
		return err
	}
	var in input
	if err := json.Unmarshal(data, &in); err != nil {
		return fmt.Errorf("%s: %w", endpointsPath, err)
	}
	source := Source{Repository: "microsoftgraph/msgraph-metadata"}
	var src files
	switch {
	case gitDir != "":
		g := gitFiles{dir: gitDir, rev: rev}
		full, err := g.git("rev-parse", rev+"^{commit}")
		if err != nil {
			return err
		}
		g.rev = strings.TrimSpace(string(full))
		date, err := g.git("show", "-s", "--format=%cs", g.rev)
		if err != nil {
			return err
		}
		source.Commit, source.Committed, src = g.rev, strings.TrimSpace(string(date)), g
	case dir != "":
		source.Commit, src = "(directory "+dir+")", dirFiles{dir: dir}
	default:
		return errors.New("give -git-dir (a msgraph-metadata clone) or -dir")
	}
	table, err := generate(in, src, source)
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(table, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(outPath, append(out, '\n'), 0o644)
}
