package tagger

import (
	"reflect"
	"strings"
	"testing"
)

func TestChunks(t *testing.T) {
	tests := []struct {
		labels string
		want   []Chunk
	}{
		{"", nil},
		{"O O", nil},
		{"B-M I-M O B-S", []Chunk{{"M", 0, 2}, {"S", 3, 4}}},
		{"B-M B-M", []Chunk{{"M", 0, 1}, {"M", 1, 2}}},
		{"I-I I-I O I-I", []Chunk{{"I", 0, 2}, {"I", 3, 4}}}, // I- after O starts a span
		{"B-M I-S I-S", []Chunk{{"M", 0, 1}, {"S", 1, 3}}},   // a change of type starts one too
		{"O B-M I-M", []Chunk{{"M", 1, 3}}},
		{"B-M junk I-M", []Chunk{{"M", 0, 1}, {"M", 2, 3}}}, // malformed labels read as O
	}
	for _, tc := range tests {
		t.Run(tc.labels, func(t *testing.T) {
			if got := Chunks(strings.Fields(tc.labels)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	gold := [][]string{
		strings.Fields("B-M I-M O B-S"),
		strings.Fields("B-O O O"),
		strings.Fields("B-M"),
	}
	pred := [][]string{
		strings.Fields("B-M I-M O B-M"), // one right, one of the wrong type
		strings.Fields("B-O I-O O"),     // too long: strict match fails
		// the third sentence is missing: its span is missed
	}
	r := Evaluate(gold, pred)
	want := []TypeScore{
		{"M", Score{TP: 1, FP: 1, FN: 1}},
		{"O", Score{TP: 0, FP: 1, FN: 1}},
		{"S", Score{TP: 0, FP: 0, FN: 1}},
	}
	if !reflect.DeepEqual(r.Types, want) {
		t.Errorf("types %+v, want %+v", r.Types, want)
	}
	if r.Micro != (Score{TP: 1, FP: 2, FN: 3}) || r.Sentences != 3 {
		t.Errorf("micro %+v over %d sentences", r.Micro, r.Sentences)
	}
	if p, rc, f := r.Micro.Precision(), r.Micro.Recall(), r.Micro.F1(); p != 1.0/3 || rc != 0.25 || f != 2.0/7 {
		t.Errorf("P %v R %v F1 %v", p, rc, f)
	}
	if got := r.MacroF1(); got != (0.5+0+0)/3 {
		t.Errorf("macro F1 %v", got)
	}
	if r.Type("S").FN != 1 || r.Type("nothing") != (Score{}) {
		t.Error("Type looks up the wrong score")
	}
	var b strings.Builder
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"M     2          2   1      0.500   0.500  0.500", "micro (3 sentences)", "macro f1"} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("table lacks %q:\n%s", line, b.String())
		}
	}
}

func TestScoreZero(t *testing.T) {
	var s Score
	if s.Precision() != 0 || s.Recall() != 0 || s.F1() != 0 {
		t.Error("an empty score must be 0, not NaN")
	}
	if (Report{}).MacroF1() != 0 {
		t.Error("macro F1 of no types must be 0")
	}
}
