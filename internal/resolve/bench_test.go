package resolve

import (
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
)

var benchNames = []string{
	"APT31", "Violet Typhoon", "apt-28", "Fancy Bear", "Lazarus Group", "Cobalt Strike", "PlugX",
	"Mimikatz", "Sandworm Team", "Midnight Blizzard", "LockBit", "Not A Known Name", "China", "ZIRCONIUM",
}

func benchKB(b *testing.B) *KB {
	kb, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	return kb
}

// BenchmarkLookup measures exact normalized look-ups, the gazetteer's and
// resolver's hot path.
func BenchmarkLookup(b *testing.B) {
	kb := benchKB(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		kb.Lookup(benchNames[i%len(benchNames)])
		i++
	}
}

// BenchmarkResolve measures ranked resolution with an expected kind, which
// copies and re-ranks only ambiguous names.
func BenchmarkResolve(b *testing.B) {
	kb := benchKB(b)
	ctx := Context{Kind: model.KindThreatActor}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		kb.Resolve(benchNames[i%len(benchNames)], ctx)
		i++
	}
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Normalize(benchNames[i%len(benchNames)])
		i++
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := LoadSnapshot(embeddedSnapshot); err != nil {
			b.Fatal(err)
		}
	}
}
