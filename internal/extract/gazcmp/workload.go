package main

import (
	"fmt"
	"unicode/utf8"

	"github.com/winnow-cti/winnow/internal/clean"
	"github.com/winnow-cti/winnow/internal/corpus"
	"github.com/winnow-cti/winnow/internal/extract"
	"github.com/winnow-cti/winnow/internal/ingest"
	"github.com/winnow-cti/winnow/internal/resolve"
)

// workload is what the pipeline's gazetteer sees: the knowledge base's
// names and the built-in tables, and the clean text of every document of
// the embedded corpus.
type workload struct {
	entries    []extract.Entry
	kbNames    int
	texts      []string
	names      []string // document names, for messages
	textBytes  int
	ingestErrs int
}

func loadWorkload() (*workload, error) {
	kb, err := resolve.Load()
	if err != nil {
		return nil, fmt.Errorf("gazcmp: loading the knowledge base: %w", err)
	}
	w := &workload{}
	for _, n := range kb.Names() {
		w.entries = append(w.entries, extract.Entry{Name: n.Text, Kind: n.Kind, Key: n.Key})
	}
	w.kbNames = len(w.entries)
	w.entries = append(w.entries, extract.BuiltinEntries()...)
	for _, e := range w.entries {
		if !safeText(e.Name) {
			return nil, fmt.Errorf("gazcmp: name %q is not valid UTF-8 or holds a separator rune", e.Name)
		}
	}

	items, errs := ingest.ReadFS(corpus.FS(), corpus.Root, ingest.Options{})
	w.ingestErrs = len(errs)
	for _, it := range items {
		res, err := clean.Clean(clean.Document{
			Name: it.Name, Raw: it.Raw, ContentType: it.ContentType,
			Meta: clean.Meta{Title: it.Title, Author: it.Author, Outlet: it.Outlet, URL: it.URL, Published: it.Published},
		})
		if err != nil || res.Text == "" {
			continue
		}
		if !safeText(res.Text) {
			return nil, fmt.Errorf("gazcmp: %s: text is not valid UTF-8 or holds a separator rune", it.Name)
		}
		w.texts = append(w.texts, res.Text)
		w.names = append(w.names, it.Name)
		w.textBytes += len(res.Text)
	}
	if len(w.texts) == 0 {
		return nil, fmt.Errorf("gazcmp: no corpus text")
	}
	return w, nil
}

// safeText reports whether s can go into a token stream unchanged: valid
// UTF-8 (so it never holds the separator bytes 0xFE and 0xFF) and free of
// the runes the rune-based matcher uses as separators.
func safeText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == runeSepJoin || s[i] == runeSepBreak {
			return false
		}
	}
	return true
}
