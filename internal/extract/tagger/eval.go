package tagger

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Chunk is one labeled span of a sentence: tokens [Start, End) of Type.
type Chunk struct {
	Type       string
	Start, End int
}

// Chunks reads the spans out of BIO labels the way conlleval does: a span
// starts at B-X, or at I-X after anything but B-X or I-X, and runs while
// I-X follows.
func Chunks(labels []string) []Chunk {
	var out []Chunk
	open := -1
	typ := ""
	for i, l := range labels {
		prefix, t := splitLabel(l)
		if open >= 0 && (prefix != 'I' || t != typ) {
			out = append(out, Chunk{typ, open, i})
			open = -1
		}
		if prefix == 'B' || (prefix == 'I' && open < 0) {
			open, typ = i, t
		}
	}
	if open >= 0 {
		out = append(out, Chunk{typ, open, len(labels)})
	}
	return out
}

// splitLabel splits "B-Malware" into 'B' and "Malware"; "O" and anything
// malformed give 'O'.
func splitLabel(l string) (byte, string) {
	if len(l) > 2 && (l[0] == 'B' || l[0] == 'I') && l[1] == '-' {
		return l[0], l[2:]
	}
	return 'O', ""
}

// Score counts span matches: true positives, false positives, false
// negatives.
type Score struct {
	TP, FP, FN int
}

// Precision is TP/(TP+FP), or 0 when nothing was predicted.
func (s Score) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }

// Recall is TP/(TP+FN), or 0 when nothing was expected.
func (s Score) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 { return ratio(2*s.TP, 2*s.TP+s.FP+s.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s *Score) add(o Score) { s.TP += o.TP; s.FP += o.FP; s.FN += o.FN }

// TypeScore is the score of one entity type.
type TypeScore struct {
	Type string
	Score
}

// Report is a strict-span evaluation: a predicted span counts only when a
// gold span has exactly the same tokens and type.
type Report struct {
	Sentences int
	Types     []TypeScore // by type name
	Micro     Score       // all types pooled
}

// MacroF1 is the mean of the per-type F1 scores.
func (r Report) MacroF1() float64 {
	if len(r.Types) == 0 {
		return 0
	}
	sum := 0.0
	for _, t := range r.Types {
		sum += t.F1()
	}
	return sum / float64(len(r.Types))
}

// Type returns the score of one type (zero when the type never occurs).
func (r Report) Type(name string) Score {
	for _, t := range r.Types {
		if t.Type == name {
			return t.Score
		}
	}
	return Score{}
}

// Evaluate compares predicted label sequences with gold ones, sentence by
// sentence, by strict span match. Sentences missing from either side count
// as having no spans.
func Evaluate(gold, pred [][]string) Report {
	n := max(len(gold), len(pred))
	byType := map[string]*Score{}
	score := func(t string) *Score {
		s := byType[t]
		if s == nil {
			s = &Score{}
			byType[t] = s
		}
		return s
	}
	for i := range n {
		var g, p []Chunk
		if i < len(gold) {
			g = Chunks(gold[i])
		}
		if i < len(pred) {
			p = Chunks(pred[i])
		}
		want := map[Chunk]bool{}
		for _, c := range g {
			want[c] = true
		}
		for _, c := range p {
			if want[c] {
				score(c.Type).TP++
				delete(want, c)
			} else {
				score(c.Type).FP++
			}
		}
		for _, c := range g {
			if want[c] {
				score(c.Type).FN++
			}
		}
	}
	r := Report{Sentences: n}
	for t, s := range byType {
		r.Types = append(r.Types, TypeScore{t, *s})
		r.Micro.add(*s)
	}
	slices.SortFunc(r.Types, func(a, b TypeScore) int { return strings.Compare(a.Type, b.Type) })
	return r
}

// WriteTable prints the report: one row a type, then the micro average
// and the macro F1.
func (r Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "type\tgold\tpredicted\ttp\tprecision\trecall\tf1\t")
	row := func(name string, s Score) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n",
			name, s.TP+s.FN, s.TP+s.FP, s.TP, s.Precision(), s.Recall(), s.F1())
	}
	for _, t := range r.Types {
		row(t.Type, t.Score)
	}
	row(fmt.Sprintf("micro (%d sentences)", r.Sentences), r.Micro)
	fmt.Fprintf(tw, "macro f1\t\t\t\t\t\t%.3f\t\n", r.MacroF1())
	return tw.Flush()
}
