package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzExtract(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, p := range paths {
		if raw, err := os.ReadFile(p); err == nil {
			f.Add(string(raw))
		}
	}
	for _, seed := range []string{
		"", ".", "U.S.", "\n\n\n", "APT31 (aka", "also known as", "which Microsoft calls",
		"APT 31-", "CVE-2024-", "evil[.]com.", "2020-2021 between and", "\xff\xfe APT31 \xc3",
		"Q3", "mid-", "on", "the flaws. the group", "May 31, 2099 and February 29, 2023",
	} {
		f.Add(seed)
	}
	gaz := testGazetteer()
	published := time.Date(2025, time.March, 18, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		res := Extract(text, Options{Gazetteer: gaz, Published: published, ClaimFallback: true})
		checkInvariants(t, text, res)
		if utf8.ValidString(text) {
			for _, m := range res.Mentions {
				if !utf8.ValidString(m.Text) {
					t.Fatalf("mention %q splits a rune", m.Text)
				}
			}
		}
		ParseTime(text, published)
	})
}

// TestLongInputs guards against rules whose cost grows with the square of
// a sentence's or an article's length.
// longUnits repeat into long texts of one shape each: claims and
// aliases without end, runs of short sentences, a text of initials.
var longUnits = []string{
	"APT31 attacked the Bundestag and used CVE-2024-1234 the group ",
	"APT31, also known as Zirconium, ",
	"The group struck. APT31 used PlugX. The flaws were exploited. ",
	"A. ",
}

// TestLongInputs checks that 200 KB texts of one repeated shape come back
// well formed. How their cost grows is BenchmarkLongInputs' to show: a
// timed test would fail on a busy machine, not on slow code.
func TestLongInputs(t *testing.T) {
	gaz := testGazetteer()
	for _, unit := range longUnits {
		text := strings.Repeat(unit, 200_000/len(unit))
		res := Extract(text, Options{Gazetteer: gaz, Published: time.Now(), ClaimFallback: true})
		checkInvariants(t, text, res)
	}
}

// BenchmarkLongInputs extracts from 25 KB and 200 KB texts of each shape in
// longUnits; the per-byte cost should stay about the same at both sizes:
//
//	go test -run '^$' -bench LongInputs -cpu 1 ./internal/extract
func BenchmarkLongInputs(b *testing.B) {
	gaz := testGazetteer()
	for u, unit := range longUnits {
		for _, size := range []int{25_000, 200_000} {
			text := strings.Repeat(unit, size/len(unit))
			b.Run(fmt.Sprintf("unit=%d/bytes=%d", u, size), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					Extract(text, Options{Gazetteer: gaz, Published: time.Now(), ClaimFallback: true})
				}
			})
		}
	}
}
