package extract

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/extract/tagger"
	"github.com/winnow-cti/winnow/internal/model"
)

// BenchmarkExtractTagger is BenchmarkExtract with the embedded tagger on.
func BenchmarkExtractTagger(b *testing.B) {
	tg, err := tagger.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	entries, g := benchGazetteer(b)
	text := benchArticle(b, entries)
	opts := Options{Gazetteer: g, Published: time.Date(2025, 3, 18, 0, 0, 0, 0, time.UTC), Tagger: tg}
	Extract(text, opts)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Extract(text, opts)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// synthTagger trains a small tagger on template sentences, so that the
// test depends on how Extract uses a tagger, not on the embedded model.
func synthTagger(t *testing.T) *tagger.Tagger {
	t.Helper()
	names := []string{"Zorbot", "Quillstealer", "Vexmoth", "Drapeworm", "Kelvix", "Nimbra", "Ostrocat", "Pellor"}
	templates := []string{
		"The {} malware was found on Windows servers .",
		"Researchers said {} steals passwords .",
		"A new version of {} spreads through fake updates .",
		"Nothing unusual happened that week .",
	}
	var train, valid []tagger.Sentence
	for i := range 240 {
		var s tagger.Sentence
		for _, w := range strings.Fields(templates[i%len(templates)]) {
			label := "O"
			if w == "{}" {
				w, label = names[(i*7)%len(names)], "B-Malware"
			}
			s.Tokens = append(s.Tokens, w)
			s.Labels = append(s.Labels, label)
		}
		if i%5 == 0 {
			valid = append(valid, s)
		} else {
			train = append(train, s)
		}
	}
	tg, err := tagger.Train(train, tagger.TrainOptions{MaxEpochs: 3, Seed: 1, Valid: valid})
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestExtractTagger(t *testing.T) {
	tg := synthTagger(t)
	gaz := NewGazetteer([]Entry{{Name: "Zorbot", Kind: model.KindMalware, Key: "malware:zorbot"}})
	tests := []struct {
		name string
		text string
		want []model.Mention // Kind, Text and EntityKey compared
	}{
		{
			name: "the tagger adds a name nothing else knows",
			text: "Researchers said Grimlock steals passwords.",
			want: []model.Mention{{Kind: model.KindMalware, Text: "Grimlock"}},
		},
		{
			name: "a gazetteer name keeps its key",
			text: "The Zorbot malware was found on Windows servers.",
			want: []model.Mention{{Kind: model.KindMalware, Text: "Zorbot", EntityKey: "malware:zorbot"}},
		},
		{
			name: "the tagger does not take over an indicator",
			text: "The evil-update.top malware was found on Windows servers.", // tagged Malware
			want: nil,
		},
		{
			name: "a CVE stays a vulnerability",
			text: "Researchers said CVE-2024-3400 steals passwords.", // tagged Malware
			want: []model.Mention{{Kind: model.KindVulnerability, Text: "CVE-2024-3400"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Extract(tc.text, Options{Gazetteer: gaz, Tagger: tg})
			checkInvariants(t, tc.text, res)
			var got []model.Mention
			for _, m := range res.Mentions {
				got = append(got, model.Mention{Kind: m.Kind, Text: m.Text, EntityKey: m.EntityKey})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("mentions %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestTaggerOnlyFillsGaps checks that tagger candidates never displace
// or overlap those of stronger sources, even when longer.
func TestTaggerOnlyFillsGaps(t *testing.T) {
	text := "The Zorbot Loader malware hit Windows servers."
	strong := []candidate{{model.Mention{Kind: model.KindMalware, Text: "Zorbot", Span: model.Span{Start: 4, End: 10}}, fromGazetteer}}
	tagged := []model.Mention{
		{Kind: model.KindMalware, Text: "Zorbot Loader", Span: model.Span{Start: 4, End: 17}}, // overlaps: dropped
		{Kind: model.KindOrganization, Text: "Windows", Span: model.Span{Start: 30, End: 37}}, // a gap: kept
		{Kind: model.KindMalware, Text: "bad", Span: model.Span{Start: 40, End: 99}},          // outside the text
	}
	got := appendUncovered(slices.Clone(strong), tagged, fromTagger, len(text))
	want := append(slices.Clone(strong), candidate{tagged[1], fromTagger})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestExtractWithoutTaggerUnchanged(t *testing.T) {
	text, _ := readArticle(t, "testdata/apt31_aliases.txt")
	gaz := testGazetteer()
	var nilTagger *tagger.Tagger
	a := Extract(text, Options{Gazetteer: gaz})
	b := Extract(text, Options{Gazetteer: gaz, Tagger: nilTagger})
	if !reflect.DeepEqual(a, b) {
		t.Error("a nil tagger changed the result")
	}
}
