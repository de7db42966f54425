package main

import (
	"fmt"
	"unicode/utf8"

	bobu "github.com/BobuSumisu/aho-corasick"
	anknown "github.com/anknown/ahocorasick"
	cloudflare "github.com/cloudflare/ahocorasick"
	coregx "github.com/coregx/ahocorasick"
	petar "github.com/petar-dambovaliev/aho-corasick"
)

// library is one Aho-Corasick implementation under test.
type library struct {
	name, module string
	// build compiles the patterns.
	build func(patterns [][]byte) (scanner, error)
	// positions is false for a library that reports which patterns occur
	// but not where; it cannot stand in for the gazetteer.
	positions bool
}

var libraries = []library{
	{name: "coregx/ahocorasick", module: "github.com/coregx/ahocorasick", build: buildCoregx, positions: true},
	{name: "petar-dambovaliev/aho-corasick (NFA)", module: "github.com/petar-dambovaliev/aho-corasick", build: buildPetar(false), positions: true},
	{name: "petar-dambovaliev/aho-corasick (DFA)", module: "github.com/petar-dambovaliev/aho-corasick", build: buildPetar(true), positions: true},
	{name: "BobuSumisu/aho-corasick", module: "github.com/BobuSumisu/aho-corasick", build: buildBobu, positions: true},
	{name: "anknown/ahocorasick", module: "github.com/anknown/ahocorasick", build: buildAnknown, positions: true},
	{name: "cloudflare/ahocorasick", module: "github.com/cloudflare/ahocorasick", build: buildCloudflare},
}

type coregxScanner struct{ a *coregx.Automaton }

func buildCoregx(patterns [][]byte) (scanner, error) {
	// Overlapping search reports every occurrence whatever the match kind;
	// leftmost-longest is the closer of the two kinds it offers.
	a, err := coregx.NewBuilder().SetMatchKind(coregx.LeftmostLongest).AddPatterns(patterns).Build()
	if err != nil {
		return nil, err
	}
	return coregxScanner{a}, nil
}

func (s coregxScanner) scan(stream []byte, fn hitFunc) {
	for _, m := range s.a.FindAllOverlapping(stream) {
		fn(m.Start, m.End, m.PatternID)
	}
}

type petarScanner struct{ ac petar.AhoCorasick }

func buildPetar(dfa bool) func([][]byte) (scanner, error) {
	return func(patterns [][]byte) (scanner, error) {
		// Standard semantics: the only kind that reports overlapping matches.
		b := petar.NewAhoCorasickBuilder(petar.Opts{MatchKind: petar.StandardMatch, DFA: dfa})
		return petarScanner{b.BuildByte(patterns)}, nil
	}
}

func (s petarScanner) scan(stream []byte, fn hitFunc) {
	it := s.ac.IterOverlappingByte(stream)
	for m := it.Next(); m != nil; m = it.Next() {
		fn(m.Start(), m.End(), m.Pattern())
	}
}

type bobuScanner struct{ t *bobu.Trie }

func buildBobu(patterns [][]byte) (scanner, error) {
	return bobuScanner{bobu.NewTrieBuilder().AddPatterns(patterns).Build()}, nil
}

func (s bobuScanner) scan(stream []byte, fn hitFunc) {
	// Walk is the library's own callback form of Match, without a slice of
	// *Match to allocate.
	s.t.Walk(stream, func(end, n, pattern int64) bool {
		fn(int(end-n+1), int(end+1), int(pattern))
		return true
	})
}

// anknownScanner wraps a double-array automaton over runes. It reports the
// matched word, not its index, and rune positions: both are mapped back.
type anknownScanner struct {
	m   *anknown.Machine
	ids map[string]int
}

func toRunes(b []byte, dst []rune, offsets []int32) ([]rune, []int32) {
	for i := 0; i < len(b); {
		offsets = append(offsets, int32(i))
		switch b[i] {
		case sepJoin:
			dst = append(dst, runeSepJoin)
			i++
		case sepBreak:
			dst = append(dst, runeSepBreak)
			i++
		default:
			r, size := utf8.DecodeRune(b[i:])
			dst = append(dst, r)
			i += size
		}
	}
	return dst, append(offsets, int32(len(b)))
}

func buildAnknown(patterns [][]byte) (scanner, error) {
	keys := make([][]rune, len(patterns))
	ids := make(map[string]int, len(patterns))
	for i, p := range patterns {
		keys[i], _ = toRunes(p, nil, nil)
		ids[string(keys[i])] = i
	}
	m := new(anknown.Machine)
	if err := m.Build(keys); err != nil {
		return nil, fmt.Errorf("anknown: %w", err)
	}
	return anknownScanner{m, ids}, nil
}

func (s anknownScanner) scan(stream []byte, fn hitFunc) {
	runes, offsets := toRunes(stream, make([]rune, 0, len(stream)), make([]int32, 0, len(stream)+1))
	for _, t := range s.m.MultiPatternSearch(runes, false) {
		fn(int(offsets[t.Pos]), int(offsets[t.Pos+len(t.Word)]), s.ids[string(t.Word)])
	}
}

// cloudflareScanner reports the patterns that occur, each once, without
// positions: it can only be timed.
type cloudflareScanner struct{ m *cloudflare.Matcher }

func buildCloudflare(patterns [][]byte) (scanner, error) {
	return cloudflareScanner{cloudflare.NewMatcher(patterns)}, nil
}

func (s cloudflareScanner) scan(stream []byte, fn hitFunc) {
	for _, id := range s.m.Match(stream) {
		fn(-1, -1, id)
	}
}
