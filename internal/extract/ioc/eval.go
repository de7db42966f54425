package ioc

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/winnow-cti/winnow/internal/model"
)

// LabeledSet is the hand-labeled evaluation set, one JSON LabeledCase per
// line. Its cases cover the defanging forms and false positives reported to
// other extractors' trackers (iocextract, ioc-finder, ioc-extractor, MISP's
// free-text import); each case names its source.
//
//go:embed testdata/labeled.jsonl
var LabeledSet []byte

// LabeledCase is one input text with the indicators it should yield.
type LabeledCase struct {
	Text           string     `json:"text"`
	ReferenceHosts []string   `json:"reference_hosts,omitempty"`
	Want           []Expected `json:"want"`
	// Source says where the case comes from, e.g. "ioc-finder#279".
	Source string `json:"source,omitempty"`
}

// Expected is one indicator a case should yield.
type Expected struct {
	Type        model.IndicatorType `json:"type"`
	Value       string              `json:"value"`
	Disposition model.Disposition   `json:"disposition"`
}

func (e Expected) String() string {
	return fmt.Sprintf("%s %q (%s)", e.Type, e.Value, e.Disposition)
}

// LoadLabeled reads JSON-lines cases; blank lines and lines starting with
// "#" are skipped.
func LoadLabeled(r io.Reader) ([]LabeledCase, error) {
	var cases []LabeledCase
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var c LabeledCase
		dec := json.NewDecoder(strings.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("labeled set line %d: %w", line, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("labeled set: %w", err)
	}
	return cases, nil
}

// Score counts matches. An extracted indicator is a true positive when a
// wanted one has the same type, value and disposition.
type Score struct {
	TP, FP, FN int
}

// Precision is TP/(TP+FP), or 1 when nothing was extracted.
func (s Score) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }

// Recall is TP/(TP+FN), or 1 when nothing was wanted.
func (s Score) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TypeScore is the score of one indicator type.
type TypeScore struct {
	Type model.IndicatorType
	Score
}

// Miss is a case where extraction and labels disagree.
type Miss struct {
	Case    int // index in the evaluated cases
	Source  string
	Text    string
	Missing []Expected // wanted, not extracted
	Extra   []Expected // extracted, not wanted
}

// Report is the outcome of Evaluate.
type Report struct {
	Cases   int
	Overall Score
	Types   []TypeScore // sorted by type
	Misses  []Miss
}

// Evaluate runs Find on every case and scores it against the labels, per
// type and overall (micro-averaged).
func Evaluate(cases []LabeledCase) Report {
	rep := Report{Cases: len(cases)}
	byType := map[model.IndicatorType]*Score{}
	score := func(t model.IndicatorType) *Score {
		if byType[t] == nil {
			byType[t] = &Score{}
		}
		return byType[t]
	}
	for i, c := range cases {
		var got []Expected
		for _, ind := range Find(c.Text, Options{ReferenceHosts: c.ReferenceHosts}) {
			got = append(got, Expected{ind.Type, ind.Value, ind.Disposition})
		}
		want := slices.Clone(c.Want)
		var extra []Expected
		for _, g := range got {
			if k := slices.Index(want, g); k >= 0 {
				want = slices.Delete(want, k, k+1)
				score(g.Type).TP++
				continue
			}
			extra = append(extra, g)
			score(g.Type).FP++
		}
		for _, w := range want {
			score(w.Type).FN++
		}
		if len(want) > 0 || len(extra) > 0 {
			rep.Misses = append(rep.Misses, Miss{Case: i, Source: c.Source, Text: c.Text, Missing: want, Extra: extra})
		}
	}
	for t, s := range byType {
		rep.Types = append(rep.Types, TypeScore{t, *s})
		rep.Overall.TP += s.TP
		rep.Overall.FP += s.FP
		rep.Overall.FN += s.FN
	}
	slices.SortFunc(rep.Types, func(a, b TypeScore) int { return strings.Compare(string(a.Type), string(b.Type)) })
	return rep
}

// WriteTable prints precision, recall and F1 per type and overall as an
// aligned table.
func (r Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "type\ttp\tfp\tfn\tprecision\trecall\tf1\t")
	row := func(name string, s Score) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", name, s.TP, s.FP, s.FN, s.Precision(), s.Recall(), s.F1())
	}
	for _, t := range r.Types {
		row(string(t.Type), t.Score)
	}
	row(fmt.Sprintf("overall (%d cases)", r.Cases), r.Overall)
	return tw.Flush()
}

// WriteMisses lists the cases where extraction and labels disagree.
func (r Report) WriteMisses(w io.Writer) error {
	for _, m := range r.Misses {
		if _, err := fmt.Fprintf(w, "case %d (%s): %q\n", m.Case, m.Source, m.Text); err != nil {
			return err
		}
		for _, e := range m.Missing {
			fmt.Fprintf(w, "  missing %s\n", e)
		}
		for _, e := range m.Extra {
			fmt.Fprintf(w, "  extra   %s\n", e)
		}
	}
	return nil
}
