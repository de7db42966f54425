package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/winnow-cti/winnow/internal/extract"
	"github.com/winnow-cti/winnow/internal/resolve"
)

// runEvalClaims scores claim extraction against the embedded gold set, or
// a gold file of the same form, with the knowledge base's names as the
// pipeline uses them, with the learned claim fallback unless --fallback=false.
func runEvalClaims(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "eval claims", false, false)
	split := f.String("split", extract.SplitAll, "which gold articles to score: dev (rules are tuned on it), test (held out) or all")
	jsonOut := f.Bool("json", false, "print the scores as JSON instead of a table")
	misses := f.Bool("misses", false, "also list the sentences where extraction and gold disagree")
	gold := f.String("gold", "", "score against this gold file instead (a JSON array of articles as in internal/extract/testdata/claims)")
	fallback := f.Bool("fallback", true, "also run the learned claim fallback, as the pipeline does (--fallback=false: the rules alone)")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	var (
		arts []extract.GoldArticle
		err  error
	)
	if *gold != "" {
		if f.set("split") {
			return fmt.Errorf("%w: --gold and --split do not go together", errUsage)
		}
		if arts, err = readClaimGold(*gold); err != nil {
			return err
		}
	} else if arts, err = extract.ClaimGoldSet(*split); err != nil {
		return fmt.Errorf("%w: --split: %v", errUsage, err)
	}
	kb, err := resolve.Load()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if *fallback {
		if err := extract.CheckClaimClassifier(); err != nil {
			return err
		}
	}
	rep := extract.EvaluateClaims(arts, extract.Options{Gazetteer: kbGazetteer(kb), ClaimFallback: *fallback})
	label := "split " + *split
	if *gold != "" {
		*split, label = "", "gold "+*gold
	}
	if *jsonOut {
		out := claimEvalJSON(*split, rep, *misses)
		out.GoldFile = *gold
		return writeJSON(env.Stdout, out)
	}
	fmt.Fprintf(env.Stdout, "%s: %d articles, %d gold claims, %d found\n\n", label, rep.Articles, rep.Gold, rep.Found)
	if err := rep.WriteTable(env.Stdout); err != nil {
		return err
	}
	if *misses {
		fmt.Fprintln(env.Stdout)
		return rep.WriteMisses(env.Stdout)
	}
	return nil
}

// readClaimGold reads a gold file, naming it in any error.
func readClaimGold(path string) ([]extract.GoldArticle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	arts, err := extract.LoadClaimGold(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(arts) == 0 {
		return nil, fmt.Errorf("%s holds no articles", path)
	}
	return arts, nil
}

// kbGazetteer is the gazetteer of the knowledge base's names, as the
// pipeline builds it.
func kbGazetteer(kb *resolve.KB) *extract.Gazetteer {
	names := kb.Names()
	entries := make([]extract.Entry, len(names))
	for i, n := range names {
		entries[i] = extract.Entry{Name: n.Text, Kind: n.Kind, Key: n.Key, Ransomware: n.Ransomware}
	}
	return extract.NewGazetteer(entries)
}

// claimScore is a score as JSON, with its ratios spelled out.
type claimScore struct {
	Name      string  `json:"name"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func newClaimScore(name string, s extract.Score) claimScore {
	return claimScore{Name: name, TP: s.TP, FP: s.FP, FN: s.FN, Precision: s.Precision(), Recall: s.Recall(), F1: s.F1()}
}

type claimEvalReport struct {
	Split      string               `json:"split,omitempty"`
	GoldFile   string               `json:"gold_file,omitempty"` // when not the embedded set
	Articles   int                  `json:"articles"`
	Gold       int                  `json:"gold_claims"`
	Found      int                  `json:"found_claims"`
	Types      claimScore           `json:"types"`
	ByType     []claimScore         `json:"by_type"`
	Roles      claimScore           `json:"roles"`
	ByRole     []claimScore         `json:"by_role"`
	Attributes []claimScore         `json:"attributes"`
	Misses     *[]extract.ClaimMiss `json:"misses,omitempty"`
}

func claimEvalJSON(split string, rep extract.ClaimReport, withMisses bool) claimEvalReport {
	out := claimEvalReport{
		Split: split, Articles: rep.Articles, Gold: rep.Gold, Found: rep.Found,
		Types: newClaimScore("all types", rep.TypeTotal), Roles: newClaimScore("all roles", rep.RoleTotal),
		ByType: []claimScore{}, ByRole: []claimScore{}, Attributes: []claimScore{},
	}
	for _, t := range rep.Types {
		out.ByType = append(out.ByType, newClaimScore(string(t.Type), t.Score))
	}
	for _, r := range rep.Roles {
		out.ByRole = append(out.ByRole, newClaimScore(r.Name, r.Score))
	}
	for _, a := range rep.Attributes {
		out.Attributes = append(out.Attributes, newClaimScore(a.Name, a.Score))
	}
	if withMisses {
		misses := append([]extract.ClaimMiss{}, rep.Misses...)
		out.Misses = &misses
	}
	return out
}
