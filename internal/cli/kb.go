package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
	"github.com/winnow-cti/winnow/internal/resolve/kbgen"
)

// modulePath identifies winnow's repository when kb build looks for where
// the embedded snapshot lives.
const modulePath = "github.com/winnow-cti/winnow"

// galaxyDir returns the MISP galaxy clusters directory: the flag's value, or
// the one under $WINNOW_SHARED_DATA, or under shared/data beside the
// repository (where maintainers keep the reference data), or "" when there
// is none.
func galaxyDir(env *Env, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	var roots []string
	if root := env.Getenv("WINNOW_SHARED_DATA"); root != "" {
		roots = append(roots, root)
	} else if repo, err := repoRoot(); err == nil {
		roots = append(roots, filepath.Join(repo, "..", "shared", "data"))
	}
	for _, root := range roots {
		dir := filepath.Join(root, "misp-galaxy", "clusters")
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			return dir
		}
	}
	return ""
}

func runKBBuild(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "kb build", false, false)
	dir := f.String("misp-galaxy", "", "MISP galaxy clusters directory (default $WINNOW_SHARED_DATA/misp-galaxy/clusters or ../shared/data beside the repository)")
	out := f.String("o", "", "output file (default the embedded snapshot, "+resolve.SnapshotPath+", in this repository)")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	src := galaxyDir(env, *dir)
	if src == "" {
		return fmt.Errorf("%w: --misp-galaxy DIR is required", errUsage)
	}
	path := *out
	if path == "" {
		root, err := repoRoot()
		if err != nil {
			return fmt.Errorf("%w: -o FILE is required outside winnow's repository (%v)", errUsage, err)
		}
		path = filepath.Join(root, filepath.FromSlash(resolve.SnapshotPath))
	}
	snap, err := kbgen.Build(src)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := snap.WriteTo(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing snapshot: %w", err)
	}
	kb := resolve.New(snap)
	s := kb.Stats()
	fmt.Fprintf(env.Stdout, "wrote %s (%d bytes): %d entities, %d aliases, %d ambiguous names\n",
		path, buf.Len(), s.Entities, s.Aliases, s.AmbiguousNames)
	return nil
}

// repoRoot finds winnow's repository by walking up from the working
// directory to its go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			sc := bufio.NewScanner(bytes.NewReader(data))
			for sc.Scan() {
				if mod, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok && strings.TrimSpace(mod) == modulePath {
					return dir, nil
				}
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod of " + modulePath + " above the working directory")
		}
		dir = parent
	}
}

// kbCheckReport is what kb check prints, and its --json form.
type kbCheckReport struct {
	Stats      resolve.Stats         `json:"stats"`
	Against    string                `json:"checked_against"`
	UpToDate   *bool                 `json:"matches_fresh_build,omitempty"`
	Results    []resolve.CheckResult `json:"results"`
	TotalShare float64               `json:"total_share"`
}

func runKBCheck(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "kb check", false, false)
	dir := f.String("misp-galaxy", "", "check against this MISP galaxy clusters directory (default as for kb build)")
	jsonOut := f.Bool("json", false, "print JSON")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	kb, err := resolve.Load()
	if err != nil {
		return err
	}
	rep := kbCheckReport{Stats: kb.Stats()}
	var items []resolve.NameCheck
	if src := galaxyDir(env, *dir); src != "" {
		assertions, err := kbgen.Assertions(src)
		if err != nil {
			return err
		}
		for _, a := range assertions {
			key, _ := kb.ByExternalID("misp:"+a.Galaxy, a.UUID)
			items = append(items, resolve.NameCheck{Group: a.Galaxy, Name: a.Name, Key: key})
		}
		rep.Against = "MISP galaxy clusters in " + src
		fresh, err := kbgen.Build(src)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if _, err := fresh.WriteTo(&buf); err != nil {
			return err
		}
		same := bytes.Equal(buf.Bytes(), resolve.EmbeddedSnapshot())
		rep.UpToDate = &same
	} else {
		items = kb.SelfCheck()
		rep.Against = "the embedded snapshot itself (no --misp-galaxy given and no shared data found)"
	}
	rep.Results = kb.Check(items)
	rep.TotalShare = rep.Results[len(rep.Results)-1].Share()
	if *jsonOut {
		return writeJSON(env.Stdout, rep)
	}
	return printKBCheck(env, rep)
}

func printKBCheck(env *Env, rep kbCheckReport) error {
	s := rep.Stats
	fmt.Fprintf(env.Stdout, "snapshot: %s\n", orDash(s.BuiltFrom))
	fmt.Fprintf(env.Stdout, "entities: %d (", s.Entities)
	for i, k := range []model.EntityKind{model.KindThreatActor, model.KindMalware, model.KindTool, model.KindCountry, model.KindSector} {
		if i > 0 {
			fmt.Fprint(env.Stdout, ", ")
		}
		fmt.Fprintf(env.Stdout, "%s %d", k, s.ByKind[k])
	}
	fmt.Fprintf(env.Stdout, ")\naliases: %d\nambiguous names: %d\nchecked against: %s\n", s.Aliases, s.AmbiguousNames, rep.Against)
	if rep.UpToDate != nil {
		fresh := "no: run `winnow kb build` to refresh " + resolve.SnapshotPath
		if *rep.UpToDate {
			fresh = "yes"
		}
		fmt.Fprintf(env.Stdout, "matches a fresh build: %s\n", fresh)
	}
	fmt.Fprintln(env.Stdout)
	t := newTable(env.Stdout, "SOURCE", "NAMES", "OWN ENTITY", "AMBIGUOUS", "FAILED", "SHARE")
	for _, r := range rep.Results {
		t.row(r.Group, strconv.Itoa(r.Names), strconv.Itoa(r.Own), strconv.Itoa(r.Ambiguous), strconv.Itoa(r.Failed),
			strconv.FormatFloat(100*r.Share(), 'f', 2, 64)+"%")
	}
	if err := t.flush(); err != nil {
		return err
	}
	total := rep.Results[len(rep.Results)-1]
	for _, fl := range total.Failures {
		fmt.Fprintf(env.Stdout, "failed: %s %q (want %s)\n", fl.Group, fl.Name, orDash(fl.Key))
	}
	return nil
}

// kbConflictRow is one line of kb conflicts --json.
type kbConflictRow struct {
	Name     string   `json:"name"`
	Entities []string `json:"entities"`
}

func runKBConflicts(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "kb conflicts", false, true)
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	kb, err := resolve.Load()
	if err != nil {
		return err
	}
	conflicts := kb.Conflicts()
	if f.limit > 0 && len(conflicts) > f.limit {
		conflicts = conflicts[:f.limit]
	}
	if f.jsonOut {
		return writeJSON(env.Stdout, conflicts)
	}
	t := newTable(env.Stdout, "NAME", "ENTITY", "KIND", "ORIGIN", "SOURCES")
	for _, c := range conflicts {
		for i, cand := range c.Candidates {
			name := ""
			if i == 0 {
				name = truncate(c.Name, 40)
			}
			t.row(name, cand.Key, string(cand.Kind), orDash(cand.Country), strings.Join(cand.Sources, ","))
		}
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d of %d ambiguous names shown\n", len(conflicts), kb.Stats().AmbiguousNames)
	return nil
}

// kbSchemeView is what kb scheme prints, and its --json form.
type kbSchemeView struct {
	Name    string              `json:"name"`
	Schemes []resolve.Scheme    `json:"schemes"`
	Known   []resolve.Candidate `json:"known_as,omitempty"`
}

func runKBScheme(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "kb scheme", false, false)
	jsonOut := f.Bool("json", false, "print JSON")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(1, -1); err != nil {
		return err
	}
	name := strings.Join(f.Args(), " ")
	v := kbSchemeView{Name: name, Schemes: resolve.NamingSchemes(name)}
	if kb, err := resolve.Load(); err == nil {
		v.Known = kb.Resolve(name, resolve.Context{})
	}
	if *jsonOut {
		return writeJSON(env.Stdout, v)
	}
	if len(v.Schemes) == 0 {
		fmt.Fprintf(env.Stdout, "%q follows no vendor naming scheme winnow knows\n", name)
	}
	for _, s := range v.Schemes {
		w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
		for _, kv := range [][2]string{
			{"vendor", s.Vendor}, {"family", s.Family}, {"meaning", s.Meaning}, {"origin", orDash(s.Origin)},
			{"motivation", orDash(s.Motivation)}, {"basis", s.Basis}, {"source", s.Source},
		} {
			fmt.Fprintf(w, "%s:\t%s\n", kv[0], cellText(kv[1]))
		}
		if err := w.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout)
	}
	for _, c := range v.Known {
		fmt.Fprintf(env.Stdout, "known: %s (%s, %s)\n", c.Name, c.Key, strings.Join(c.Sources, ","))
	}
	return nil
}
