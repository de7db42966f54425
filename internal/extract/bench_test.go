package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchArticle returns about 5 KB of article text: the test articles, with
// names from entries worked in so that the gazetteer has work to do.
func benchArticle(tb testing.TB, entries []Entry) string {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(paths) == 0 {
		tb.Fatal("no test articles")
	}
	var b strings.Builder
	for i := 0; b.Len() < 5000; i++ {
		text, _ := readArticle(tb, paths[i%len(paths)])
		b.WriteString(text)
		b.WriteString("\n\nAnalysts also saw " + entries[(i*7919)%len(entries)].Name +
			" and " + entries[(i*104729)%len(entries)].Name + " in the same campaign.\n\n")
	}
	return b.String()[:5000]
}

func benchGazetteer(b *testing.B) ([]Entry, *Gazetteer) {
	entries := append(syntheticEntries(50000-len(testEntries)), testEntries...)
	return entries, NewGazetteer(entries)
}

func BenchmarkNewGazetteer(b *testing.B) {
	entries := append(syntheticEntries(50000-len(testEntries)), testEntries...)
	for b.Loop() {
		NewGazetteer(entries)
	}
}

func BenchmarkGazetteer(b *testing.B) {
	entries, g := benchGazetteer(b)
	text := benchArticle(b, entries)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		g.Find(text)
	}
}

func BenchmarkExtract(b *testing.B) {
	entries, g := benchGazetteer(b)
	text := benchArticle(b, entries)
	opts := Options{Gazetteer: g, Published: time.Date(2025, 3, 18, 0, 0, 0, 0, time.UTC)}
	Extract(text, opts) // build the built-in tables outside the timing
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Extract(text, opts)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtractFallback measures Extract with the learned claim
// fallback, which the pipeline leaves off.
func BenchmarkExtractFallback(b *testing.B) {
	entries, g := benchGazetteer(b)
	text := benchArticle(b, entries)
	opts := Options{Gazetteer: g, Published: time.Date(2025, 3, 18, 0, 0, 0, 0, time.UTC), ClaimFallback: true}
	Extract(text, opts) // build the built-in tables outside the timing
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Extract(text, opts)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

func TestBenchArticle(t *testing.T) {
	text := benchArticle(t, syntheticEntries(100))
	if len(text) != 5000 {
		t.Fatalf("bench article is %d bytes", len(text))
	}
	if raw, err := os.ReadFile(filepath.Join("testdata", "apt31_aliases.txt")); err != nil || len(raw) == 0 {
		t.Fatal("test articles missing")
	}
}
