package cli

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/extract"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
)

// claimsDB returns a database holding the embedded corpus.
func claimsDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "w.db")
	if code, out, errOut := winnow(t, db, "", "ingest", corpusDir(t)); code != 0 {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errOut)
	}
	return db
}

func listClaims(t *testing.T, db string, args ...string) []claimRow {
	t.Helper()
	code, out, errOut := winnow(t, db, "", append([]string{"claims", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("claims %v: exit %d: %s", args, code, errOut)
	}
	var rows []claimRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("claims %v: %v\n%s", args, err, out)
	}
	return rows
}

func TestClaimsFilters(t *testing.T) {
	db := claimsDB(t)
	all := listClaims(t, db, "--limit", "10000")
	if len(all) < 20 {
		t.Fatalf("the corpus gave %d claims, want at least 20", len(all))
	}
	for _, r := range all {
		if r.ArticleID <= 0 || r.EvidenceText == "" || len(r.Roles) == 0 || r.Published.IsZero() {
			t.Fatalf("claim without article, evidence, roles or date: %+v", r)
		}
	}

	// An actor the corpus reports, asked for by the knowledge base's
	// canonical name and by another of its names.
	kb, err := resolve.Load()
	if err != nil {
		t.Fatal(err)
	}
	cands := kb.Resolve("APT31", resolve.Context{})
	if len(cands) == 0 {
		t.Fatal("the knowledge base does not know APT31")
	}
	key := cands[0].Key
	var alias string
	if e, ok := kb.Entity(key); ok {
		for _, a := range e.Aliases {
			if rs := kb.Resolve(a.Name, resolve.Context{}); !strings.EqualFold(a.Name, "APT31") && len(rs) == 1 && rs[0].Key == key {
				alias = a.Name
				break
			}
		}
	}
	if alias == "" {
		t.Fatal("APT31 has no other unambiguous name in the knowledge base")
	}
	names := func(rows []claimRow) []int64 {
		var ids []int64
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		return ids
	}
	byName := listClaims(t, db, "--actor", "APT31", "--limit", "10000")
	byAlias := listClaims(t, db, "--actor", alias, "--limit", "10000")
	if len(byName) == 0 || !slices.Equal(names(byName), names(byAlias)) {
		t.Errorf("--actor APT31 gave %d claims, --actor %q %d; want the same, at least one", len(byName), alias, len(byAlias))
	}
	for _, r := range byName {
		if !slices.ContainsFunc(r.Roles, func(role model.Role) bool { return role.EntityKey == key }) {
			t.Errorf("--actor APT31 listed a claim without it: %+v", r.Roles)
		}
	}
	if rows := listClaims(t, db, "--actor", "No Such Group Anywhere"); len(rows) != 0 {
		t.Errorf("an unknown actor matched %d claims", len(rows))
	}

	article := all[0].ArticleID
	newest := all[0].Published
	tests := []struct {
		name string
		args []string
		keep func(claimRow) bool // every listed claim must pass
		want int                 // the number of claims of all that pass
	}{
		{"type", []string{"--type", "law-enforcement"},
			func(r claimRow) bool { return r.Type == model.ClaimLawEnforce }, -1},
		{"since", []string{"--since", newest.Format(time.DateOnly)},
			func(r claimRow) bool { return !r.Published.Before(newest) }, -1},
		{"article", []string{"--article", strconv.FormatInt(article, 10)},
			func(r claimRow) bool { return r.ArticleID == article }, -1},
		{"after every article", []string{"--since", newest.AddDate(1, 0, 0).Format(time.DateOnly)},
			func(claimRow) bool { return false }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := listClaims(t, db, append(tt.args, "--limit", "10000")...)
			want := 0
			for _, r := range all {
				if tt.keep(r) {
					want++
				}
			}
			if tt.want >= 0 {
				want = tt.want
			}
			if len(rows) != want {
				t.Errorf("%v listed %d claims, want %d", tt.args, len(rows), want)
			}
			for _, r := range rows {
				if !tt.keep(r) {
					t.Errorf("%v listed %+v", tt.args, r.Claim)
				}
			}
		})
	}
	if rows := listClaims(t, db, "--limit", "3"); len(rows) != 3 {
		t.Errorf("--limit 3 listed %d claims", len(rows))
	}
}

func TestClaimsTable(t *testing.T) {
	db := claimsDB(t)
	code, out, errOut := winnow(t, db, "", "claims", "--type", "law-enforcement", "--limit", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 2 || len(lines) > 6 {
		t.Fatalf("want a header and 1 to 5 rows:\n%s", out)
	}
	for _, col := range []string{"ARTICLE", "DATE", "TYPE", "ROLES", "CLAIMANT", "TIME", "EVIDENCE"} {
		if !strings.Contains(lines[0], col) {
			t.Errorf("header %q lacks %s", lines[0], col)
		}
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, "law-enforcement") || !strings.Contains(l, "action=") {
			t.Errorf("row %q is no law-enforcement claim with its action", l)
		}
	}
}

func TestClaimsBadFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	for _, args := range [][]string{
		{"claims", "--type", "espionage"},
		{"claims", "--since", "March 2024"},
		{"claims", "--article", "-4"},
		{"claims", "--limit", "0"},
		{"claims", "extra"},
		{"eval", "claims", "--split", "train"},
		{"eval", "claims", "--split", "dev", "--gold", "gold.json"},
	} {
		if code, _, errOut := winnow(t, db, "", args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, code, errOut)
		}
	}
}

func TestEvalClaims(t *testing.T) {
	arts, err := extract.ClaimGoldSet(extract.SplitTest)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := resolve.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := extract.EvaluateClaims(arts, extract.Options{Gazetteer: kbGazetteer(kb), ClaimFallback: true}) // the default, as the pipeline
	code, out, errOut := winnow(t, "", "", "eval", "claims", "--split", "test", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got claimEvalReport
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Articles != len(arts) || got.Types.TP != want.TypeTotal.TP || got.Roles.FN != want.RoleTotal.FN ||
		len(got.ByType) != len(want.Types) || got.Types.F1 != want.TypeTotal.F1() {
		t.Errorf("eval claims --json disagrees with EvaluateClaims:\n%+v", got)
	}

	rules := extract.EvaluateClaims(arts, extract.Options{Gazetteer: kbGazetteer(kb)})
	code, out, errOut = winnow(t, "", "", "eval", "claims", "--split", "test", "--json", "--fallback=false")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var alone claimEvalReport
	if err := json.Unmarshal([]byte(out), &alone); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if alone.Types.TP != rules.TypeTotal.TP || alone.Found != rules.Found || alone.Found == got.Found {
		t.Errorf("eval claims --fallback=false: %d found, %d type TP; the rules alone: %d, %d; with the fallback %d found",
			alone.Found, alone.Types.TP, rules.Found, rules.TypeTotal.TP, got.Found)
	}

	code, out, errOut = winnow(t, "", "", "eval", "claims", "--split", "dev", "--misses")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, s := range []string{"split dev", "claim type", "all types", "all roles", "claimant", "time"} {
		if !strings.Contains(out, s) {
			t.Errorf("eval claims output lacks %q:\n%s", s, out)
		}
	}
}

// TestEvalClaimsGoldFile scores a gold file of the embedded set's form: a
// file holding the test split scores as --split test does, and a bad file
// is named in the error.
func TestEvalClaimsGoldFile(t *testing.T) {
	dir := t.TempDir()
	code, want, errOut := winnow(t, "", "", "eval", "claims", "--split", "test", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(filepath.Join("..", "extract", "testdata", "claims", "test.json"))
	if err != nil {
		t.Fatal(err)
	}
	gold := filepath.Join(dir, "gold.json")
	if err := os.WriteFile(gold, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, got, errOut := winnow(t, "", "", "eval", "claims", "--gold", gold, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var a, b claimEvalReport
	if err := errors.Join(json.Unmarshal([]byte(want), &a), json.Unmarshal([]byte(got), &b)); err != nil {
		t.Fatal(err)
	}
	if b.GoldFile != gold || b.Split != "" {
		t.Errorf("report names split %q, file %q", b.Split, b.GoldFile)
	}
	a.Split, b.GoldFile = "", ""
	if !reflect.DeepEqual(a, b) {
		t.Errorf("the test split as a file scored\n%+v\nagainst\n%+v", b, a)
	}
	code, out, _ := winnow(t, "", "", "eval", "claims", "--gold", gold)
	if code != 0 || !strings.HasPrefix(out, "gold "+gold+": ") {
		t.Errorf("exit %d, table starts %q", code, out[:min(len(out), 80)])
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`[{"id": "x1", "published": "2024-01-01", "outlet": "o", "p": [["Nobody did anything."]],
		"claims": [{"s": 0, "type": "attribution", "roles": {"actor": "APT99"}}]}]`), 0o644)
	empty := filepath.Join(dir, "empty.json")
	os.WriteFile(empty, []byte(`[]`), 0o644)
	for _, tc := range []struct{ file, want string }{
		{bad, bad + `: article x1: claim 0: actor "APT99" is not in the sentence`},
		{empty, empty + " holds no articles"},
		{filepath.Join(dir, "none.json"), "no such file"},
	} {
		if code, _, errOut := winnow(t, "", "", "eval", "claims", "--gold", tc.file); code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", tc.file, code, errOut, tc.want)
		}
	}
}
