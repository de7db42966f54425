package extract

import (
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"
)

// TestResultsOutliveScratch checks the promise behind Extract's buffer
// pool: a Result owns its memory, so it is whole when Extract returns, and
// extracting other articles afterwards, in this goroutine or others, leaves
// it exactly as it was.
func TestResultsOutliveScratch(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(paths) < 2 {
		t.Fatalf("need test articles: %v", err)
	}
	gaz := testGazetteer()
	type kept struct {
		text string
		res  Result
		json []byte
	}
	var all []kept
	for _, path := range paths {
		text, published := readArticle(t, path)
		res := Extract(text, Options{Gazetteer: gaz, Published: published})
		// The pool clears its buffers on release: a Result still sharing
		// one would show zeroed entries at once.
		for _, c := range res.Claims {
			if c.Type == "" || c.EvidenceText == "" {
				t.Fatalf("%s: zeroed claim %+v", path, c)
			}
		}
		for _, m := range res.Mentions {
			if m.Text == "" {
				t.Fatalf("%s: zeroed mention %+v", path, m)
			}
		}
		b, err := json.Marshal(viewOf(text, res))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, kept{text, res, b})
	}
	// Reuse the pool hard: every article again, from several goroutines.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range 3 {
				for _, k := range all {
					Extract(k.text[:len(k.text)-i], Options{Gazetteer: gaz})
				}
			}
		})
	}
	wg.Wait()
	for i, k := range all {
		b, err := json.Marshal(viewOf(k.text, k.res))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != string(k.json) {
			t.Errorf("%s: result changed after later extractions\n%s", paths[i], firstDifference(b, k.json))
		}
	}
}
