package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// readArticle reads a test article: a "published: YYYY-MM-DD" line, a blank
// line, then the clean text.
func readArticle(t testing.TB, path string) (string, time.Time) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	header, text, ok := strings.Cut(string(raw), "\n\n")
	date, found := strings.CutPrefix(header, "published: ")
	if !ok || !found {
		t.Fatalf("%s: want a %q header and a blank line", path, "published: ")
	}
	published, err := time.Parse(time.DateOnly, strings.TrimSpace(date))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return strings.TrimRight(text, "\n"), published
}

// goldenView is what a golden file records: the result, with sentences as
// their text so a reader can check the splits at a glance, and indicators
// reduced to what extract adds to them.
type goldenView struct {
	Sentences       []string          `json:"sentences"`
	Indicators      []goldenIndicator `json:"indicators"`
	Mentions        []goldenMention   `json:"mentions"`
	AliasAssertions []AliasAssertion  `json:"alias_assertions"`
	Claims          []model.Claim     `json:"claims"`
}

type goldenIndicator struct {
	Type     model.IndicatorType `json:"type"`
	Original string              `json:"original"`
	Sentence model.Span          `json:"sentence"`
}

type goldenMention struct {
	Text      string           `json:"text"`
	Kind      model.EntityKind `json:"kind"`
	EntityKey string           `json:"entity_key,omitempty"`
	Span      model.Span       `json:"span"`
}

func viewOf(text string, r Result) goldenView {
	v := goldenView{AliasAssertions: r.AliasAssertions, Claims: r.Claims}
	for _, s := range r.Sentences {
		v.Sentences = append(v.Sentences, s.In(text))
	}
	for _, ind := range r.Indicators {
		v.Indicators = append(v.Indicators, goldenIndicator{ind.Type, ind.Original, ind.Sentence})
	}
	for _, m := range r.Mentions {
		v.Mentions = append(v.Mentions, goldenMention{m.Text, m.Kind, m.EntityKey, m.Span})
	}
	return v
}

func TestGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 6 {
		t.Fatalf("found %d test articles, want at least 6", len(paths))
	}
	gaz := testGazetteer()
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) {
			text, published := readArticle(t, path)
			res := Extract(text, Options{Gazetteer: gaz, Published: published})
			checkInvariants(t, text, res)
			got, err := json.MarshalIndent(viewOf(text, res), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			goldenPath := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("result differs from %s (run go test -update and review the diff)\n%s", goldenPath, firstDifference(got, want))
			}
		})
	}
}

// firstDifference shows the first line where got and want part, with a
// little context.
func firstDifference(got, want []byte) string {
	gotLines := strings.Split(string(got), "\n")
	wantLines := strings.Split(string(want), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			from := max(i-3, 0)
			return fmt.Sprintf("line %d:\ncontext:\n%s\n got: %s\nwant: %s", i+1,
				strings.Join(gotLines[from:i], "\n"), g, w)
		}
	}
	return "same lines, different bytes"
}
