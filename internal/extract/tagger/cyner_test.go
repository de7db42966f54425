package tagger

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/testutil"
)

func readCyNER(t testing.TB, name string) []Sentence {
	t.Helper()
	f, err := os.Open(filepath.Join(testutil.SharedData(t), "cyner", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ReadCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEmbedded(t *testing.T) {
	tg, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Indicator", "Malware", "Organization", "System", "Vulnerability"}; !slices.Equal(tg.Types(), want) {
		t.Errorf("types %v, want %v", tg.Types(), want)
	}
	m := tg.Meta()
	if m.LexiconNames == 0 || m.Features == 0 || m.MentionMargin <= 0 || len(m.Epochs) == 0 {
		t.Errorf("meta %+v", m)
	}
	if len(EmbeddedModel()) > 8<<20 {
		t.Errorf("the embedded model is %d bytes, over 8 MB", len(EmbeddedModel()))
	}
}

// TestEmbeddedOnCyNER scores the embedded model on CyNER. On the
// validation split it must give exactly the score training recorded (the
// decoder and the training loop agree); on the test split it must not fall
// below what docs/ner.md reports, less a margin for deliberate retraining.
func TestEmbeddedOnCyNER(t *testing.T) {
	valid, test := readCyNER(t, "valid.txt"), readCyNER(t, "test.txt")
	tg, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if got := math.Round(tagAll(tg, valid).Micro.F1()*1e4) / 1e4; got != tg.Meta().ValidMicroF1 {
		t.Errorf("valid micro-F1 %.4f, training recorded %.4f", got, tg.Meta().ValidMicroF1)
	}
	if got := tagAll(tg, test).Micro.F1(); got < 0.72 {
		t.Errorf("test micro-F1 %.4f, below 0.72", got)
	}
}

func BenchmarkTag(b *testing.B) {
	test := readCyNER(b, "test.txt")
	tg, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	tokens := 0
	for _, s := range test {
		tokens += len(s.Tokens)
	}
	for b.Loop() {
		for _, s := range test {
			tg.Tag(s.Tokens)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkTrain(b *testing.B) {
	train, valid := readCyNER(b, "train.txt"), readCyNER(b, "valid.txt")
	for b.Loop() {
		if _, err := Train(train, TrainOptions{MaxEpochs: 5, Seed: DefaultSeed, Valid: valid}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCVEIdentifier(t *testing.T) {
	for _, tc := range []struct {
		tok  string
		want bool
	}{
		{"CVE-2014-3153", true},
		{"cve-2021-44228", true},
		{"CVE-2024-123456", true},
		{"CVE-2014-315", false},
		{"CVE-2014", false},
		{"CVE-201a-3153", false},
		{"CVE-2014-3153.", false},
		{"CVE_2014_3153", false},
		{"CVE-20144-3153", false},
		{"XCVE-2014-3153", false},
	} {
		t.Run(tc.tok, func(t *testing.T) {
			if got := cveIdentifier(tc.tok); got != tc.want {
				t.Errorf("cveIdentifier(%q) = %v, want %v", tc.tok, got, tc.want)
			}
		})
	}
}

// TestCVERun checks that a run of CVE identifiers comes out one span each,
// as CyNER labels them, though the weights alone join some of them.
func TestCVERun(t *testing.T) {
	tg, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tokens := strings.Fields("The exploit used the following vulnerabilities : CVE-2013-2094 CVE-2013-2595 CVE-2013-6282 CVE-2014-3153 ( futex aka TowelRoot ) CVE-2015-3636")
	labels := tg.Tag(tokens)
	for i, tok := range tokens {
		if cveIdentifier(tok) && labels[i] != "B-Vulnerability" {
			t.Errorf("%s tagged %s, want B-Vulnerability (labels %v)", tok, labels[i], labels)
		}
	}
	chunks, _ := tg.margins(tokens)
	n := 0
	for _, c := range chunks {
		if c.Type == "Vulnerability" && c.End-c.Start == 1 && cveIdentifier(tokens[c.Start]) {
			n++
		}
	}
	if n != 5 {
		t.Errorf("margins found %d one-token CVE spans, want 5: %v", n, chunks)
	}
}
