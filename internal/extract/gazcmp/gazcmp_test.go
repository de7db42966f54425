package main

import (
	"slices"
	"sync"
	"testing"

	"github.com/winnow-cti/winnow/internal/extract"
)

var testWorkload = sync.OnceValues(loadWorkload)

func workloadFor(tb testing.TB) *workload {
	tb.Helper()
	wl, err := testWorkload()
	if err != nil {
		tb.Fatal(err)
	}
	return wl
}

// TestAdapterCases checks the adapter on the gazetteer's rules one by one,
// against extract.Gazetteer itself.
func TestAdapterCases(t *testing.T) {
	entries := []extract.Entry{
		{Name: "APT31", Kind: "actor", Key: "apt31"},
		{Name: "Judgment Panda", Kind: "actor", Key: "apt31"},
		{Name: "ZIRCONIUM", Kind: "actor", Key: "apt31"},
		{Name: "Lazarus Group", Kind: "actor", Key: "lazarus"},
		{Name: "Lazarus", Kind: "actor", Key: "lazarus"},
		{Name: "Lazy", Kind: "malware", Key: "lazy"},
		{Name: "Play", Kind: "malware", Key: "play"},
		{Name: "Play", Kind: "actor", Key: "play-actor"},
		{Name: "US", Kind: "country", Key: "country:US"},
		{Name: "ransomware", Kind: "malware", Key: "generic"},
	}
	texts := map[string]string{
		"spacing variants":       "APT 31, APT-31 and APT31 are one name; so is Judgment-Panda.",
		"case rules":             "apt31 is not APT31; zirconium needs a capital, Zirconium has one. us is not US.",
		"longest at one start":   "The Lazarus Group and Lazarus alone.",
		"glued to a word":        "XAPT31 and APT31X and APT310 are not names.",
		"common word at a start": "Lazy is a word here. But Lazy mid-sentence is a name. \"Play\" opens a quote.",
		"ambiguous name":         "They blamed Play for it.",
		"lower-case entry":       "Ransomware or ransomware.",
		"line breaks stop names": "Lazarus\nGroup and Judgment\n\nPanda.",
	}
	g := extract.NewGazetteer(entries)
	f := newTestFinder(t, entries, buildBobu)
	for name, text := range texts {
		t.Run(name, func(t *testing.T) {
			want := g.Find(text)
			got, _ := f.find(text)
			if !slices.Equal(got, want) {
				t.Errorf("adapter: %+v\nwinnow:  %+v", got, want)
			}
		})
	}
}

func newTestFinder(tb testing.TB, entries []extract.Entry, build func([][]byte) (scanner, error)) *finder {
	tb.Helper()
	d := newDict(entries)
	sc, err := build(d.patterns)
	if err != nil {
		tb.Fatal(err)
	}
	return &finder{d: d, sc: sc}
}

// TestAgreement checks that every library that reports positions, behind
// the adapter, finds exactly what winnow's gazetteer finds in the corpus.
func TestAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every library's automaton over the knowledge base")
	}
	wl := workloadFor(t)
	g := extract.NewGazetteer(wl.entries)
	total := 0
	for _, text := range wl.texts {
		total += len(g.Find(text))
	}
	if total < 500 {
		t.Fatalf("winnow found only %d names in the corpus; the workload is not what it should be", total)
	}
	for _, lib := range libraries {
		if !lib.positions {
			continue
		}
		t.Run(lib.name, func(t *testing.T) {
			f := newTestFinder(t, wl.entries, lib.build)
			for i, text := range wl.texts {
				got, _ := f.find(text)
				if want := g.Find(text); !slices.Equal(got, want) {
					t.Errorf("%s: %d matches, winnow %d", wl.names[i], len(got), len(want))
				}
			}
		})
	}
}

// The benchmarks measure the same as the command, one matcher at a time,
// for benchstat:
//
//	go test -run '^$' -bench . -count 6 -cpu 1 | tee new.txt

func BenchmarkFind(b *testing.B) {
	wl := workloadFor(b)
	b.Run("winnow", func(b *testing.B) {
		g := extract.NewGazetteer(wl.entries)
		b.SetBytes(int64(wl.textBytes))
		for b.Loop() {
			for _, text := range wl.texts {
				g.Find(text)
			}
		}
	})
	for _, lib := range libraries {
		if !lib.positions {
			continue
		}
		b.Run(lib.name, func(b *testing.B) {
			f := newTestFinder(b, wl.entries, lib.build)
			b.SetBytes(int64(wl.textBytes))
			for b.Loop() {
				for _, text := range wl.texts {
					f.find(text)
				}
			}
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	wl := workloadFor(b)
	b.Run("winnow", func(b *testing.B) {
		for b.Loop() {
			extract.NewGazetteer(wl.entries)
		}
	})
	for _, lib := range libraries {
		b.Run(lib.name, func(b *testing.B) {
			for b.Loop() {
				d := newDict(wl.entries)
				if _, err := lib.build(d.patterns); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
