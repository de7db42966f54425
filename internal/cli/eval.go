package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/winnow-cti/winnow/internal/extract/ioc"
	"github.com/winnow-cti/winnow/internal/model"
)

// runEvalIndicators scores the indicator extractor against a labeled set:
// the embedded one (ioc.LabeledSet) or a JSON-lines file in the same format.
func runEvalIndicators(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "eval indicators", false, false)
	jsonOut := f.Bool("json", false, "print the scores as JSON instead of a table")
	misses := f.Bool("misses", false, "also list the cases where extraction and labels disagree")
	cases := f.Bool("cases", false, "print every case with what winnow found, one JSON object a line, for scoring other extractors by the same labels")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 1); err != nil {
		return err
	}
	if *cases && (*jsonOut || *misses) {
		return fmt.Errorf("%w: --cases cannot be combined with --json or --misses", errUsage)
	}
	name, data := "the embedded labeled set", ioc.LabeledSet
	if f.NArg() == 1 {
		var err error
		name = f.Arg(0)
		if name == "-" {
			data, err = io.ReadAll(env.Stdin)
		} else {
			data, err = os.ReadFile(name)
		}
		if err != nil {
			return err
		}
	}
	labeled, err := ioc.LoadLabeled(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(labeled) == 0 {
		return fmt.Errorf("%s holds no cases", name)
	}
	if *cases {
		return writeEvalCases(ctx, env.Stdout, labeled)
	}
	rep := ioc.Evaluate(labeled)
	if *jsonOut {
		return writeJSON(env.Stdout, evalJSON(rep, *misses))
	}
	if err := rep.WriteTable(env.Stdout); err != nil {
		return err
	}
	if *misses {
		fmt.Fprintln(env.Stdout)
		return rep.WriteMisses(env.Stdout)
	}
	return nil
}

// evalScore is a Score as JSON, with its ratios spelled out.
type evalScore struct {
	Type      model.IndicatorType `json:"type,omitempty"`
	TP        int                 `json:"tp"`
	FP        int                 `json:"fp"`
	FN        int                 `json:"fn"`
	Precision float64             `json:"precision"`
	Recall    float64             `json:"recall"`
	F1        float64             `json:"f1"`
}

func newEvalScore(t model.IndicatorType, s ioc.Score) evalScore {
	return evalScore{Type: t, TP: s.TP, FP: s.FP, FN: s.FN, Precision: s.Precision(), Recall: s.Recall(), F1: s.F1()}
}

type evalMiss struct {
	Case    int            `json:"case"`
	Source  string         `json:"source,omitempty"`
	Text    string         `json:"text"`
	Missing []ioc.Expected `json:"missing,omitempty"`
	Extra   []ioc.Expected `json:"extra,omitempty"`
}

type evalReport struct {
	Cases   int         `json:"cases"`
	Overall evalScore   `json:"overall"`
	Types   []evalScore `json:"types"`
	Misses  *[]evalMiss `json:"misses,omitempty"`
}

func evalJSON(rep ioc.Report, withMisses bool) evalReport {
	out := evalReport{Cases: rep.Cases, Overall: newEvalScore("", rep.Overall), Types: []evalScore{}}
	for _, ts := range rep.Types {
		out.Types = append(out.Types, newEvalScore(ts.Type, ts.Score))
	}
	if withMisses {
		misses := []evalMiss{}
		for _, m := range rep.Misses {
			misses = append(misses, evalMiss{m.Case, m.Source, m.Text, m.Missing, m.Extra})
		}
		out.Misses = &misses
	}
	return out
}

// evalCase is one line of --cases: the labeled case as given, and what Find
// returned for it.
type evalCase struct {
	Case int `json:"case"`
	ioc.LabeledCase
	Found []ioc.Expected `json:"found"`
}

func writeEvalCases(ctx context.Context, w io.Writer, cases []ioc.LabeledCase) error {
	enc := json.NewEncoder(w)
	for i, c := range cases {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := evalCase{Case: i, LabeledCase: c, Found: []ioc.Expected{}}
		if line.Want == nil {
			line.Want = []ioc.Expected{}
		}
		for _, ind := range ioc.Find(c.Text, ioc.Options{ReferenceHosts: c.ReferenceHosts}) {
			line.Found = append(line.Found, ioc.Expected{Type: ind.Type, Value: ind.Value, Disposition: ind.Disposition})
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}
