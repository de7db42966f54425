package corpus_test

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/clean"
	"github.com/winnow-cti/winnow/internal/corpus"
	"github.com/winnow-cti/winnow/internal/ingest"
)

// TestCorpusShapes checks that the sample corpus has what the demo, tests
// and benchmarks rely on: enough articles, every shape, and documents that
// all read and clean.
func TestCorpusShapes(t *testing.T) {
	shapes := map[string]int{}
	err := fs.WalkDir(corpus.FS(), corpus.Root, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		shapes[path.Ext(name)]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for ext, min := range map[string]int{".html": 10, ".txt": 10, ".md": 10, ".xml": 2} {
		if shapes[ext] < min {
			t.Errorf("%d %s files, want at least %d", shapes[ext], ext, min)
		}
	}

	items, errs := ingest.ReadFS(corpus.FS(), corpus.Root, ingest.Options{})
	for _, err := range errs {
		t.Error(err)
	}
	if len(items) < 40 {
		t.Errorf("%d documents, want at least 40", len(items))
	}
	outlets := map[string]bool{}
	repeatsRemoved, summaries := 0, 0
	for _, it := range items {
		res, err := clean.Clean(clean.Document{Name: it.Name, Raw: it.Raw, ContentType: it.ContentType,
			Meta: clean.Meta{Title: it.Title, Outlet: it.Outlet, URL: it.URL, Published: it.Published}})
		if err != nil {
			t.Errorf("%s: %v", it.Name, err)
			continue
		}
		if res.Meta.Title == "" || res.Meta.Published.IsZero() || res.Meta.Outlet == "" {
			t.Errorf("%s: missing title, outlet or publication date: %+v", it.Name, res.Meta)
		}
		outlets[res.Meta.Outlet] = true
		for _, r := range res.Removed {
			if r.Reason == "repeated-paragraph" {
				repeatsRemoved++
			}
		}
		if it.Summary {
			summaries++
		}
		if strings.Contains(res.Text, "skip this ad") || strings.Contains(res.Text, "Get daily email updates") {
			t.Errorf("%s: boilerplate left in the cleaned text", it.Name)
		}
	}
	if len(outlets) < 5 {
		t.Errorf("%d outlets, want several outlets re-reporting stories", len(outlets))
	}
	if repeatsRemoved < 10 {
		t.Errorf("%d repeated paragraphs removed across the corpus, want the scraped shapes to repeat", repeatsRemoved)
	}
	if summaries < 5 {
		t.Errorf("%d summary-only feed items, want at least 5", summaries)
	}
}
