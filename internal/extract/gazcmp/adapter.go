package main

// The adapter puts a byte-oriented Aho-Corasick automaton behind the
// semantics of extract.Gazetteer, so that every library answers the same
// question the token trie answers.
//
// The gazetteer matches token sequences, not bytes: "APT 31", "APT-31" and
// "APT31" are one name, case is folded, and names start and end only at
// token boundaries. The adapter therefore turns both the names and the text
// into a token stream: the folded tokens, separated by sepJoin where a name
// may go on (no gap, one space, one hyphen) and by sepBreak where it may not.
// Names use only sepJoin, so an automaton hit never crosses a break. Both
// separators are bytes that valid UTF-8 never holds.
//
// A hit is kept when it starts at a token start and ends at a token end
// (the separator or the stream's edge on either side), passes the
// gazetteer's boundary rules (not glued to a letter or digit) and its case
// rules; at each start token the longest kept hit wins, and Find's
// leftmost-first, non-overlapping pass picks the answer. The boundary and
// case rules mirror internal/extract/gazetteer.go; the agreement check
// against extract.Gazetteer.Find is what keeps the mirror honest.

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-cti/winnow/internal/extract"
	"github.com/winnow-cti/winnow/internal/model"
)

const (
	sepJoin  = 0xFF
	sepBreak = 0xFE
	// The rune-based matcher cannot take invalid UTF-8; it gets these
	// control runes instead, which workload checks the inputs never hold.
	runeSepJoin  = 0x1F
	runeSepBreak = 0x1E
)

// Gaps and classes as in extract's name tokens.
const (
	gapNone uint8 = iota
	gapJoin
	gapBreak
)

const (
	classAlpha uint8 = iota
	classDigit
	classSymbol
)

type token struct {
	start, end int32
	class, gap uint8
}

func (t token) alnum() bool { return t.class != classSymbol }

func isJoiner(r rune) bool {
	return r == ' ' || r == '-' || r == '\u00a0' || r == '\u2010' || r == '\u2011'
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// tokenize splits text into runs of letters, runs of digits and single
// symbols, with the gap before each.
func tokenize(text string, dst []token) []token {
	first := len(dst)
	separators, lastJoins := 0, false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isJoiner(r) || unicode.IsSpace(r) {
			separators++
			lastJoins = isJoiner(r)
			i += size
			continue
		}
		gap := gapBreak
		switch {
		case len(dst) == first:
		case separators == 0:
			gap = gapNone
		case separators == 1 && lastJoins:
			gap = gapJoin
		}
		separators = 0
		start := i
		class := classSymbol
		i += size
		switch {
		case isLetter(r):
			class = classAlpha
			for i < len(text) {
				r, size = utf8.DecodeRuneInString(text[i:])
				if !isLetter(r) {
					break
				}
				i += size
			}
		case unicode.IsDigit(r):
			class = classDigit
			for i < len(text) {
				r, size = utf8.DecodeRuneInString(text[i:])
				if !unicode.IsDigit(r) {
					break
				}
				i += size
			}
		}
		dst = append(dst, token{start: int32(start), end: int32(i), class: class, gap: gap})
	}
	return dst
}

// fold lower-cases text where that keeps a rune's width, so offsets carry
// over.
func fold(text string) string {
	buf := make([]byte, 0, len(text))
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		lower := unicode.ToLower(r)
		if r != utf8.RuneError && utf8.RuneLen(lower) == size {
			buf = utf8.AppendRune(buf, lower)
		} else {
			buf = append(buf, text[i:i+size]...)
		}
		i += size
	}
	return string(buf)
}

// dictEntry is one entry with its case rules.
type dictEntry struct {
	extract.Entry
	tokens        []string // as written
	caseSensitive bool
	needCapital   bool
	commonWord    bool
	plainWord     bool
	sectorWord    bool
}

// dict is the names as token-stream patterns. Entries that share a pattern
// are listed under it in input order, as the trie lists them under a node.
type dict struct {
	patterns [][]byte
	entries  [][]dictEntry
}

func newDict(entries []extract.Entry) *dict {
	d := &dict{}
	ids := make(map[string]int32, len(entries))
	var toks []token
	var key []byte
	for _, e := range entries {
		toks = tokenize(e.Name, toks[:0])
		if !anyAlnum(toks) {
			continue
		}
		folded := fold(e.Name)
		key = key[:0]
		for k, t := range toks {
			if k > 0 {
				key = append(key, sepJoin)
			}
			key = append(key, folded[t.start:t.end]...)
		}
		id, ok := ids[string(key)]
		if !ok {
			id = int32(len(d.patterns))
			ids[string(key)] = id
			d.patterns = append(d.patterns, append([]byte(nil), key...))
			d.entries = append(d.entries, nil)
		}
		if hasEntry(d.entries[id], e) {
			continue
		}
		de := dictEntry{Entry: e, tokens: make([]string, len(toks))}
		for k, t := range toks {
			de.tokens[k] = e.Name[t.start:t.end]
		}
		classify(&de)
		d.entries[id] = append(d.entries[id], de)
	}
	return d
}

func hasEntry(list []dictEntry, e extract.Entry) bool {
	for _, de := range list {
		if de.Entry == e {
			return true
		}
	}
	return false
}

func anyAlnum(toks []token) bool {
	for _, t := range toks {
		if t.alnum() {
			return true
		}
	}
	return false
}

func classify(e *dictEntry) {
	letters, alnums := 0, 0
	upper, lower, digit := false, false, false
	for _, r := range e.Name {
		switch {
		case unicode.IsLetter(r):
			letters++
			alnums++
			upper = upper || unicode.IsUpper(r)
			lower = lower || unicode.IsLower(r)
		case unicode.IsDigit(r):
			alnums++
			digit = true
		}
	}
	e.caseSensitive = alnums < 4 || (upper && !lower && (digit || (len(e.tokens) == 1 && alnums < 6)))
	e.needCapital = !e.caseSensitive && !digit && upper
	e.commonWord = len(e.tokens) == 1 && commonWords[fold(e.Name)]
	e.sectorWord = e.Kind == model.KindSector && !e.caseSensitive
	e.plainWord = len(e.tokens) == 1 && !digit && letters == alnums && letters <= 6 && lower
}

// doc is one text prepared for matching.
type doc struct {
	text, lower string
	toks        []token
	stream      []byte
	tokOf       []int32 // token index of each stream byte; -1 on separators
	sentences   []model.Span
}

func prepare(text string) *doc {
	d := &doc{text: text, lower: fold(text)}
	d.toks = tokenize(text, make([]token, 0, len(text)/5))
	d.stream = make([]byte, 0, len(text)+len(d.toks))
	d.tokOf = make([]int32, 0, len(text)+len(d.toks))
	for i, t := range d.toks {
		if i > 0 {
			sep := byte(sepJoin)
			if t.gap == gapBreak {
				sep = sepBreak
			}
			d.stream = append(d.stream, sep)
			d.tokOf = append(d.tokOf, -1)
		}
		d.stream = append(d.stream, d.lower[t.start:t.end]...)
		for range t.end - t.start {
			d.tokOf = append(d.tokOf, int32(i))
		}
	}
	d.sentences = extract.Sentences(text)
	return d
}

func isSep(b byte) bool { return b == sepJoin || b == sepBreak }

// hitFunc receives one automaton hit: stream bytes [start, end) hold
// pattern.
type hitFunc func(start, end, pattern int)

// scanner is one library's automaton over a dict's patterns.
type scanner interface {
	// scan calls fn for every occurrence of every pattern in stream,
	// overlapping ones included, in any order.
	scan(stream []byte, fn hitFunc)
}

// selector turns hits into the longest acceptable name at each start token.
type selector struct {
	d        *dict
	doc      *doc
	bestEnd  []int32
	bestPat  []int32
	rawHits  int
	accepted []int32
}

func (s *selector) reset(d *dict, doc *doc) {
	s.d, s.doc, s.rawHits = d, doc, 0
	n := len(doc.toks)
	if cap(s.bestEnd) < n {
		s.bestEnd, s.bestPat = make([]int32, n), make([]int32, n)
	}
	s.bestEnd, s.bestPat = s.bestEnd[:n], s.bestPat[:n]
	for i := range s.bestEnd {
		s.bestEnd[i] = -1
	}
}

func (s *selector) hit(start, end, pattern int) {
	s.rawHits++
	st := s.doc.stream
	if start > 0 && !isSep(st[start-1]) || end < len(st) && !isSep(st[end]) {
		return
	}
	i, j := s.doc.tokOf[start], s.doc.tokOf[end-1]
	if j <= s.bestEnd[i] || !boundaryBefore(s.doc.toks, int(i)) || !boundaryAfter(s.doc.toks, int(j)) {
		return
	}
	s.accepted = s.acceptable(pattern, int(i), int(j), s.accepted[:0])
	if len(s.accepted) > 0 {
		s.bestEnd[i], s.bestPat[i] = j, int32(pattern)
	}
}

// matches returns Find's answer: leftmost first, then longest, no overlap.
func (s *selector) matches() []extract.GazetteerMatch {
	var out []extract.GazetteerMatch
	end := -1
	toks := s.doc.toks
	for i, j := range s.bestEnd {
		if j < 0 || int(toks[i].start) < end {
			continue
		}
		pat := int(s.bestPat[i])
		s.accepted = s.acceptable(pat, i, int(j), s.accepted[:0])
		list := s.d.entries[pat]
		m := extract.GazetteerMatch{
			Span:  model.Span{Start: int(toks[i].start), End: int(toks[j].end)},
			Entry: list[s.accepted[0]].Entry,
		}
		for _, id := range s.accepted[1:] {
			if list[id].Key != m.Entry.Key {
				m.Entry.Key, m.Ambiguous = "", true
				break
			}
		}
		out = append(out, m)
		end = m.Span.End
	}
	return out
}

func (s *selector) acceptable(pattern, first, last int, dst []int32) []int32 {
	d := s.doc
	for id := range s.d.entries[pattern] {
		e := &s.d.entries[pattern][id]
		exact := true
		for k, t := range d.toks[first : last+1] {
			if d.text[t.start:t.end] != e.tokens[k] {
				exact = false
				break
			}
		}
		switch {
		case exact:
		case e.caseSensitive:
			continue
		case e.needCapital && !unicode.IsUpper(firstRune(d.text[d.toks[first].start:])):
			continue
		}
		if e.commonWord && d.startsSentence(int(d.toks[first].start)) {
			continue
		}
		if e.sectorWord && unicode.IsUpper(firstRune(d.text[d.toks[first].start:])) && !d.startsSentence(int(d.toks[first].start)) {
			continue
		}
		if first == last && d.partOfOtherName(e, first) {
			continue
		}
		dst = append(dst, int32(id))
	}
	return dst
}

// partOfOtherName mirrors extract's rule for one-word names that are more
// likely a word or part of an uncatalogued longer name.
func (d *doc) partOfOtherName(e *dictEntry, i int) bool {
	toks := d.toks
	word := d.text[toks[i].start:toks[i].end]
	if e.commonWord && strings.ToLower(word) == word {
		return true
	}
	capital := func(s string) bool { return unicode.IsUpper(firstRune(s)) }
	if e.Kind == model.KindCountry || e.Kind == model.KindRegion {
		return false
	}
	if i > 0 && toks[i].gap == gapJoin && d.text[toks[i].start-1] == '-' && capital(d.text[toks[i-1].start:toks[i-1].end]) {
		return true
	}
	if i+1 >= len(toks) || toks[i+1].gap != gapJoin {
		return false
	}
	next := d.text[toks[i+1].start:toks[i+1].end]
	if d.text[toks[i].end] == '-' {
		return capital(next)
	}
	if !e.plainWord || !capital(next) {
		return false
	}
	return !nameHeads[fold(next)]
}

var nameHeads = map[string]bool{"apt": true, "backdoor": true, "botnet": true, "campaign": true, "crew": true,
	"gang": true, "group": true, "loader": true, "malware": true, "operators": true, "ransomware": true, "rat": true,
	"stealer": true, "team": true, "trojan": true, "worm": true, "wiper": true}

func boundaryBefore(toks []token, i int) bool {
	return i == 0 || toks[i].gap != gapNone || !toks[i-1].alnum() || !toks[i].alnum()
}

func boundaryAfter(toks []token, j int) bool {
	return j+1 >= len(toks) || toks[j+1].gap != gapNone || !toks[j+1].alnum() || !toks[j].alnum()
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func (d *doc) startsSentence(offset int) bool {
	i := sort.Search(len(d.sentences), func(i int) bool { return d.sentences[i].End > offset })
	if i >= len(d.sentences) || d.sentences[i].Start > offset {
		return false
	}
	j := d.sentences[i].Start
	for j < offset {
		r, size := utf8.DecodeRuneInString(d.text[j:offset])
		if !strings.ContainsRune("\"'([{\u201c\u2018\u00ab", r) {
			break
		}
		j += size
	}
	return j == offset
}

// commonWords mirrors extract's list of English words that knowledge bases
// also use as names; capitalised at a sentence's start they are taken as
// the word.
var commonWords = func() map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(`
		a about after again agent all also an and another any are
		as at back be because been before being between black blue
		both but by can could dark did do does during each early
		equation even every few first for from further had has have
		he her here hidden his hive how if in inception into is
		it its just last later lazy like mask may more most much
		new next no not now of on once one only or other our
		out over own play red royal same security several she should
		silence since snake so some still such than that the their
		them then there these they this those through tick to too
		two under until up very was we were what when where which
		while white who why will with within would yet you`) {
		set[w] = true
	}
	return set
}()

// finder is a library's automaton with the adapter around it: Find with
// extract.Gazetteer's semantics.
type finder struct {
	d   *dict
	sc  scanner
	sel selector
}

func (f *finder) find(text string) ([]extract.GazetteerMatch, int) {
	doc := prepare(text)
	f.sel.reset(f.d, doc)
	f.sc.scan(doc.stream, f.sel.hit)
	return f.sel.matches(), f.sel.rawHits
}
