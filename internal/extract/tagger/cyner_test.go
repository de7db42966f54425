package tagger

import (
	"math"
	"os"
	"path/filepath"
	"slices"
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
