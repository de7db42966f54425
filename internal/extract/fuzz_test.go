package extract

import (
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
func TestLongInputs(t *testing.T) {
	gaz := testGazetteer()
	for _, unit := range []string{
		"APT31 attacked the Bundestag and used CVE-2024-1234 the group ",
		"APT31, also known as Zirconium, ",
		"The group struck. APT31 used PlugX. The flaws were exploited. ",
		"A. ",
	} {
		text := strings.Repeat(unit, 200_000/len(unit))
		start := time.Now()
		res := Extract(text, Options{Gazetteer: gaz, Published: time.Now(), ClaimFallback: true})
		if elapsed := time.Since(start); elapsed > 5*time.Second {
			t.Errorf("%d bytes of %q took %v", len(text), unit, elapsed)
		}
		checkInvariants(t, text, res)
	}
}
