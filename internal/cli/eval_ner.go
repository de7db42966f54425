package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/winnow-cti/winnow/internal/extract/tagger"
)

// runEvalNER scores the named-entity tagger against a CoNLL file by strict
// span match: the embedded model, or one written by `winnow train -o`.
func runEvalNER(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "eval ner", false, false)
	conll := f.String("conll", "", "labeled sentences in CoNLL form, e.g. ../shared/data/cyner/test.txt (required)")
	modelFile := f.String("model", "", "score this model file instead of the embedded one")
	jsonOut := f.Bool("json", false, "print the scores as JSON instead of a table")
	misses := f.Bool("misses", false, "also list the sentences where the tagger and the labels disagree")
	holdOut := f.Bool("hold-out-names", false, "leave every name the file labels out of the tagger's lexicon, to score it on names the knowledge base does not know")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	if *conll == "" {
		return fmt.Errorf("%w: --conll FILE is required", errUsage)
	}
	var (
		t   *tagger.Tagger
		err error
	)
	if *modelFile != "" {
		data, rerr := os.ReadFile(*modelFile)
		if rerr != nil {
			return rerr
		}
		t, err = tagger.Load(data)
		if err != nil {
			err = fmt.Errorf("%s: %w", *modelFile, err)
		}
	} else {
		t, err = tagger.Embedded()
	}
	if err != nil {
		return err
	}
	gold, err := readCoNLLFile(*conll)
	if err != nil {
		return err
	}
	if *holdOut {
		t = t.WithoutNames(labeledNames(gold))
	}
	goldLabels := make([][]string, len(gold))
	pred := make([][]string, len(gold))
	for i, s := range gold {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		goldLabels[i] = s.Labels
		pred[i] = t.Tag(s.Tokens)
	}
	rep := tagger.Evaluate(goldLabels, pred)
	if *jsonOut {
		return writeJSON(env.Stdout, nerJSON(rep))
	}
	if err := rep.WriteTable(env.Stdout); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(env.Stdout, "\nmicro-F1 %.4f (strict span match, %d sentences)\n", rep.Micro.F1(), rep.Sentences); err != nil {
		return err
	}
	if *misses {
		return writeNERMisses(env.Stdout, gold, pred)
	}
	return nil
}

// writeNERMisses prints each sentence whose spans differ from the labels,
// with the spans missed and the spans found that the labels do not have.
func writeNERMisses(w io.Writer, gold []tagger.Sentence, pred [][]string) error {
	bw := bufio.NewWriter(w)
	span := func(toks []string, c tagger.Chunk) string {
		return fmt.Sprintf("%s %q", c.Type, strings.Join(toks[c.Start:c.End], " "))
	}
	for i, s := range gold {
		want := tagger.Chunks(s.Labels)
		got := tagger.Chunks(pred[i])
		var missing, extra []string
		for _, c := range want {
			if !slices.Contains(got, c) {
				missing = append(missing, span(s.Tokens, c))
			}
		}
		for _, c := range got {
			if !slices.Contains(want, c) {
				extra = append(extra, span(s.Tokens, c))
			}
		}
		if len(missing)+len(extra) == 0 {
			continue
		}
		fmt.Fprintf(bw, "\nline %d: %s\n", s.Line, strings.Join(s.Tokens, " "))
		for _, m := range missing {
			fmt.Fprintf(bw, "  missing %s\n", m)
		}
		for _, e := range extra {
			fmt.Fprintf(bw, "  extra   %s\n", e)
		}
	}
	return bw.Flush()
}

// labeledNames returns a test for lexicon names that some span of the
// sentences spells, compared without regard to case.
func labeledNames(sentences []tagger.Sentence) func(tagger.Name) bool {
	names := map[string]bool{}
	for _, s := range sentences {
		for _, c := range tagger.Chunks(s.Labels) {
			names[strings.ToLower(strings.Join(s.Tokens[c.Start:c.End], " "))] = true
		}
	}
	return func(n tagger.Name) bool {
		var words []string
		text := n.Text
		for _, tk := range tagger.Tokenize(text, nil) {
			words = append(words, text[tk.Start:tk.End])
		}
		return names[strings.ToLower(strings.Join(words, " "))]
	}
}

// nerScore is one row of `eval ner --json`.
type nerScore struct {
	Type      string  `json:"type,omitempty"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	TP        int     `json:"tp"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

type nerReport struct {
	Sentences int        `json:"sentences"`
	Micro     nerScore   `json:"micro"`
	MacroF1   float64    `json:"macro_f1"`
	Types     []nerScore `json:"types"`
}

func newNERScore(typ string, s tagger.Score) nerScore {
	return nerScore{Type: typ, Gold: s.TP + s.FN, Predicted: s.TP + s.FP, TP: s.TP,
		Precision: s.Precision(), Recall: s.Recall(), F1: s.F1()}
}

func nerJSON(rep tagger.Report) nerReport {
	out := nerReport{Sentences: rep.Sentences, Micro: newNERScore("", rep.Micro), MacroF1: rep.MacroF1(), Types: []nerScore{}}
	for _, t := range rep.Types {
		out.Types = append(out.Types, newNERScore(t.Type, t.Score))
	}
	return out
}
