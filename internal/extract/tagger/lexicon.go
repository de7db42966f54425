package tagger

import (
	"slices"
	"strings"
)

// Name is one entry of the lexicon the tagger consults: a name and a class
// ("malware", "threat-actor", ...). Whether a token is part of a known name
// is a feature like any other; the tagger learns how far to trust each
// class.
type Name struct {
	Text  string
	Class string
}

// lexicon finds the names of a list in a token sequence.
type lexicon struct {
	classes []string
	names   []Name // sorted and without duplicates, as serialized
	// longest maps the hash of a name's lower-case first token to the
	// most tokens any name starting with it has; firsts indexes it.
	longest []int32
	firsts  *featureIndex
	// entries holds the classes of each name, by the hash of its
	// lower-case tokens through phrases.
	entries [][]lexEntry
	phrases *featureIndex
}

type lexEntry struct {
	class uint16
	exact []hash // the hashes of the tokens as the class's names spell them
}

// maxNameTokens bounds the length of a lexicon name.
const maxNameTokens = 8

func newLexicon(names []Name) *lexicon {
	if len(names) == 0 {
		return nil
	}
	names = slices.Clone(names)
	slices.SortFunc(names, func(a, b Name) int {
		if c := strings.Compare(a.Class, b.Class); c != 0 {
			return c
		}
		return strings.Compare(a.Text, b.Text)
	})
	names = slices.Compact(names)
	lx := &lexicon{}
	entries := map[hash][]lexEntry{}
	longest := map[uint64]int32{}
	classIndex := map[string]uint16{}
	var toks []Token
	for _, n := range names {
		toks = Tokenize(n.Text, toks[:0])
		if len(toks) == 0 || len(toks) > maxNameTokens {
			continue
		}
		lx.names = append(lx.names, n)
		c, ok := classIndex[n.Class]
		if !ok {
			c = uint16(len(lx.classes))
			classIndex[n.Class] = c
			lx.classes = append(lx.classes, n.Class)
		}
		key, exact := newHash(0), newHash(0)
		for i, t := range toks {
			w := n.Text[t.Start:t.End]
			key = key.str(strings.ToLower(w)).sep()
			exact = exact.str(w).sep()
			if i == 0 {
				first := uint64(newHash(0).str(strings.ToLower(w)))
				longest[first] = max(longest[first], int32(len(toks)))
			}
		}
		es := entries[key]
		k := slices.IndexFunc(es, func(e lexEntry) bool { return e.class == c })
		if k < 0 {
			k = len(es)
			es = append(es, lexEntry{class: c})
		}
		if !slices.Contains(es[k].exact, exact) {
			es[k].exact = append(es[k].exact, exact)
		}
		entries[key] = es
	}
	keys := make([]uint64, 0, len(entries))
	for h := range entries {
		keys = append(keys, uint64(h))
	}
	slices.Sort(keys)
	lx.phrases = newFeatureIndex(keys)
	for _, k := range keys {
		lx.entries = append(lx.entries, entries[hash(k)])
	}
	firsts := make([]uint64, 0, len(longest))
	for h := range longest {
		firsts = append(firsts, h)
	}
	slices.Sort(firsts)
	lx.firsts = newFeatureIndex(firsts)
	lx.longest = make([]int32, len(firsts))
	for i, h := range firsts {
		lx.longest[i] = longest[h]
	}
	return lx
}

// marks returns, for each token, the lexicon matches covering it, or nil
// when there are none. At each position the longest name wins and matching
// resumes after it. A nil lexicon marks nothing.
func (lx *lexicon) marks(infos []tokenInfo) [][]lexMark {
	if lx == nil {
		return nil
	}
	var out [][]lexMark
	for i := 0; i < len(infos); {
		n := 0
		if r := lx.firsts.row(uint64(infos[i].lowerHash)); r >= 0 {
			n = min(int(lx.longest[r]), len(infos)-i)
		}
		// Hash every prefix once, then try the longest first.
		var keys, exacts [maxNameTokens]hash
		key, exact := newHash(0), newHash(0)
		for m := range n {
			key = key.str(infos[i+m].lower).sep()
			exact = exact.str(infos[i+m].form).sep()
			keys[m], exacts[m] = key, exact
		}
		matched := 0
		for ; n > 0 && matched == 0; n-- {
			key, exact := keys[n-1], exacts[n-1]
			r := lx.phrases.row(uint64(key))
			if r < 0 {
				continue
			}
			es := lx.entries[r]
			matched = n
			if out == nil {
				out = make([][]lexMark, len(infos))
			}
			for j := i; j < i+n; j++ {
				pos := lexIn
				switch {
				case n == 1:
					pos = lexUnit
				case j == i:
					pos = lexBegin
				case j == i+n-1:
					pos = lexLast
				}
				for _, e := range es {
					out[j] = append(out[j], lexMark{class: e.class, pos: pos, exact: slices.Contains(e.exact, exact)})
				}
			}
		}
		i += max(matched, 1)
	}
	return out
}
