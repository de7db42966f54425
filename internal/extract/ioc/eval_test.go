package ioc

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
)

func mustLabeled(t *testing.T) []LabeledCase {
	t.Helper()
	cases, err := LoadLabeled(bytes.NewReader(LabeledSet))
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestLabeledSetQuality fails when extraction regresses on the labeled set.
func TestLabeledSetQuality(t *testing.T) {
	cases := mustLabeled(t)
	if len(cases) < 300 {
		t.Fatalf("labeled set has %d cases, want at least 300", len(cases))
	}
	rep := Evaluate(cases)
	p, r := rep.Overall.Precision(), rep.Overall.Recall()
	if p < 0.95 || r < 0.95 {
		var b strings.Builder
		rep.WriteTable(&b)
		rep.WriteMisses(&b)
		t.Fatalf("precision %.3f, recall %.3f; want both >= 0.95\n%s", p, r, b.String())
	}
	t.Logf("precision %.3f recall %.3f over %d cases, %d misses", p, r, len(cases), len(rep.Misses))
}

// TestLabeledSetCoverage checks the set exercises every indicator type,
// every disposition and every tracker it claims to cover.
func TestLabeledSetCoverage(t *testing.T) {
	cases := mustLabeled(t)
	types := map[model.IndicatorType]bool{}
	disps := map[model.Disposition]bool{}
	sources := map[string]bool{}
	for _, c := range cases {
		if c.Source == "" {
			t.Errorf("case %q has no source", c.Text)
		}
		sources[strings.SplitN(c.Source, "#", 2)[0]] = true
		for _, w := range c.Want {
			types[w.Type] = true
			disps[w.Disposition] = true
		}
	}
	for _, typ := range []model.IndicatorType{
		model.IndicatorIPv4, model.IndicatorIPv6, model.IndicatorCIDR, model.IndicatorDomain,
		model.IndicatorURL, model.IndicatorEmail, model.IndicatorMD5, model.IndicatorSHA1,
		model.IndicatorSHA256, model.IndicatorSHA512, model.IndicatorCVE, model.IndicatorCWE,
		model.IndicatorATTACK, model.IndicatorBitcoin, model.IndicatorEthereum, model.IndicatorMonero,
		model.IndicatorASN, model.IndicatorRegistry, model.IndicatorFile, model.IndicatorYARA,
	} {
		if !types[typ] {
			t.Errorf("no labeled case wants a %s", typ)
		}
	}
	for _, d := range []model.Disposition{ind, ref, ben, priv, not} {
		if !disps[d] {
			t.Errorf("no labeled case wants disposition %s", d)
		}
	}
	for _, src := range []string{"iocextract", "ioc-finder", "ioc-extractor", "MISP"} {
		if !sources[src] {
			t.Errorf("no labeled case from the %s tracker", src)
		}
	}
}

func TestLoadLabeled(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		cases   int
		wantErr bool
	}{
		{"empty", "", 0, false},
		{"comments and blanks", "# note\n\n{\"text\":\"a\",\"want\":[]}\n", 1, false},
		{"bad json", "{\"text\":", 0, true},
		{"unknown field", "{\"text\":\"a\",\"wnat\":[]}", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases, err := LoadLabeled(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr || len(cases) != tt.cases {
				t.Errorf("LoadLabeled(%q) = %d cases, err %v; want %d, error %v", tt.in, len(cases), err, tt.cases, tt.wantErr)
			}
		})
	}
}

func TestEvaluateScores(t *testing.T) {
	cases := []LabeledCase{
		// One hit, one disposition mismatch (a miss and an extra), one miss.
		{Text: "evil.top and 10.0.0.1", Want: []Expected{
			{model.IndicatorDomain, "evil.top", ind},
			{model.IndicatorIPv4, "10.0.0.1", ind},
			{model.IndicatorMD5, "d41d8cd98f00b204e9800998ecf8427e", ind},
		}},
		// Nothing wanted, nothing found.
		{Text: "plain words"},
	}
	rep := Evaluate(cases)
	if rep.Cases != 2 || len(rep.Misses) != 1 {
		t.Fatalf("Evaluate: %d cases, %d misses; want 2, 1", rep.Cases, len(rep.Misses))
	}
	if got := rep.Overall; got != (Score{TP: 1, FP: 1, FN: 2}) {
		t.Errorf("overall = %+v, want TP 1 FP 1 FN 2", got)
	}
	byType := map[model.IndicatorType]Score{}
	for _, ts := range rep.Types {
		byType[ts.Type] = ts.Score
	}
	if byType[model.IndicatorIPv4] != (Score{FP: 1, FN: 1}) || byType[model.IndicatorMD5] != (Score{FN: 1}) {
		t.Errorf("per type = %+v", byType)
	}
	if p, r, f := rep.Overall.Precision(), rep.Overall.Recall(), rep.Overall.F1(); p != 0.5 || math.Abs(r-1.0/3) > 1e-9 || math.Abs(f-0.4) > 1e-9 {
		t.Errorf("precision %v recall %v f1 %v; want 0.5, 1/3, 0.4", p, r, f)
	}
	var zero Score
	if zero.Precision() != 1 || zero.Recall() != 1 || zero.F1() != 1 {
		t.Errorf("empty score should be perfect, got %v %v %v", zero.Precision(), zero.Recall(), zero.F1())
	}
}

func TestReportWriteTable(t *testing.T) {
	rep := Evaluate([]LabeledCase{{Text: "evil.top", Want: []Expected{{model.IndicatorDomain, "evil.top", ind}}}})
	var b strings.Builder
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("table has %d lines, want header, domain, overall:\n%s", len(lines), b.String())
	}
	// Right-aligned columns end at the same offset on every line.
	for _, l := range lines[1:] {
		if len(l) != len(lines[0]) {
			t.Errorf("line %q is %d wide, header %d", l, len(l), len(lines[0]))
		}
	}
	if got := strings.Join(strings.Fields(lines[1]), " "); got != "domain 1 0 0 1.000 1.000 1.000" {
		t.Errorf("domain row = %q", lines[1])
	}
}
