package extract

import (
	"hash/maphash"
	"math/bits"
	"strings"
	"unicode"

	"github.com/winnow-cti/winnow/internal/model"
)

// Entry is one name the gazetteer looks for, with the entity it names.
type Entry struct {
	Name string
	Kind model.EntityKind
	Key  string
	// Ransomware marks a malware family the knowledge base files as
	// ransomware: "LockBit attacked ..." is then a ransomware attack even
	// where the article never says the word.
	Ransomware bool
}

// Gazetteer finds known names in text. It is a trie over name tokens (runs
// of letters, runs of digits, single symbols), so spaces and hyphens inside
// a name do not matter: "APT 31", "APT-31" and "APT31" are one name.
//
// Case rules keep common words from matching: names shorter than four
// letters and digits, and all-capital names, match only as written; other
// names match in any case, but the text must be capitalised unless the
// name has a digit or is written all lower-case in the entry. A name that
// is also a common English word does not match as a sentence's first word,
// where capitals say nothing.
//
// A Gazetteer is safe for concurrent use once built.
type Gazetteer struct {
	nodes   []trieNode
	entries []gazetteerEntry
	// anyStart lets common words match at a sentence's start: the names
	// an article has already used as names.
	anyStart bool
	// rootFilter is a Bloom filter over the root's tokens: most words of
	// an article start no name, and the filter stays in cache where the
	// root map does not. It probes with the hashes a document computes
	// once for every gazetteer (document.tokHash).
	rootFilter []uint64
	// ransomware holds the keys of the entries marked Ransomware, and the
	// entity IDs (entityID) of their names for mentions without a key.
	ransomware map[string]bool
}

// tokenSeed seeds the hashes of name tokens, one for all gazetteers so
// that a document hashes its tokens once.
var tokenSeed = maphash.MakeSeed()

// tokenHash is the hash of a folded token that root filters probe with.
func tokenHash(token string) uint64 { return maphash.String(tokenSeed, token) }

// trieNode links the entries whose name ends at it, in input order,
// through gazetteerEntry.next; -1 ends the list. Its edges go by folded
// token to the next node: a short list, or a map once there are many (as
// at the root), since hashing a struct key costs more than comparing a
// few strings.
type trieNode struct {
	first, last int32
	kids        []trieKid
	wide        map[string]int32
}

type trieKid struct {
	token string // folded
	node  int32
}

// maxNarrowKids is how many edges a node keeps in a list before a map.
const maxNarrowKids = 8

// child returns the node that token leads to from node.
func (g *Gazetteer) child(node int32, token string) (int32, bool) {
	n := &g.nodes[node]
	if n.wide != nil {
		next, ok := n.wide[token]
		return next, ok
	}
	for i := range n.kids {
		if n.kids[i].token == token {
			return n.kids[i].node, true
		}
	}
	return 0, false
}

// addChild links node to a new node by token and returns the new node.
func (g *Gazetteer) addChild(node int32, token string) int32 {
	next := int32(len(g.nodes))
	g.nodes = append(g.nodes, trieNode{first: -1, last: -1})
	n := &g.nodes[node]
	switch {
	case n.wide != nil:
		n.wide[token] = next
	case len(n.kids) < maxNarrowKids:
		n.kids = append(n.kids, trieKid{token, next})
	default:
		n.wide = make(map[string]int32, 2*maxNarrowKids)
		for _, k := range n.kids {
			n.wide[k.token] = k.node
		}
		n.wide[token] = next
		n.kids = nil
	}
	return next
}

type gazetteerEntry struct {
	Entry
	next          int32    // next entry ending at the same node, or -1
	tokens        []string // as written in the entry
	caseSensitive bool
	needCapital   bool // lower-case text does not match
	commonWord    bool // an English word: skipped at the start of a sentence
	plainWord     bool
	sectorWord    bool // a sector's name, matched as prose writes it // one short lower-case-bearing word ("Sun", "Royal"), easily part of another name
}

// GazetteerMatch is one place a gazetteer name occurs.
type GazetteerMatch struct {
	Span model.Span
	// Entry is the first entry with this name. When entries with different
	// keys share the name, Entry.Key is "" and Ambiguous is set.
	Entry     Entry
	Ambiguous bool
}

// NewGazetteer builds a gazetteer from entries. Entries whose name has no
// letters or digits are ignored, as are exact repeats.
func NewGazetteer(entries []Entry) *Gazetteer {
	g := &Gazetteer{
		nodes:   make([]trieNode, 1, len(entries)*2+1),
		entries: make([]gazetteerEntry, 0, len(entries)),
	}
	g.nodes[0] = trieNode{first: -1, last: -1, wide: make(map[string]int32, len(entries))}
	// Fold every name in one pass so that the trie's keys share one string
	// instead of costing an allocation each.
	var all strings.Builder
	for _, e := range entries {
		all.WriteString(e.Name)
	}
	names := all.String()
	folded := foldCase(names)
	var toks []nameToken
	var tokenPool []string
	offset := 0
	for _, e := range entries {
		if e.Ransomware && e.Key != "" {
			if g.ransomware == nil {
				g.ransomware = map[string]bool{}
			}
			g.ransomware[e.Key] = true
			// A name several entries share ("LockBit": the family and its
			// builds for each system) gives mentions without a key; its
			// entity ID is its kind and name.
			g.ransomware[entityID(model.Mention{Kind: e.Kind, Text: e.Name})] = true
		}
		name, foldedName := names[offset:offset+len(e.Name)], folded[offset:offset+len(e.Name)]
		offset += len(e.Name)
		toks = nameTokens(name, toks[:0])
		if !anyAlnum(toks) || len(toks) == 1 && calendarNames[foldedName] {
			continue // "August", a stealer's alias, is the month wherever it is written
		}
		node := int32(0)
		for _, t := range toks {
			token := foldedName[t.start:t.end]
			next, ok := g.child(node, token)
			if !ok {
				next = g.addChild(node, token)
			}
			node = next
		}
		if g.hasEntry(node, e) {
			continue
		}
		if cap(tokenPool)-len(tokenPool) < len(toks) {
			// Small gazetteers (the names an article discovers) must not pay
			// for a large pool.
			tokenPool = make([]string, 0, max(min(4096, 2*len(entries)), len(toks)))
		}
		start := len(tokenPool)
		for _, t := range toks {
			tokenPool = append(tokenPool, name[t.start:t.end])
		}
		ge := gazetteerEntry{Entry: e, next: -1, tokens: tokenPool[start:len(tokenPool):len(tokenPool)]}
		classifyCase(&ge)
		id := int32(len(g.entries))
		if n := &g.nodes[node]; n.first < 0 {
			n.first = id
		} else {
			g.entries[n.last].next = id
		}
		g.nodes[node].last = id
		g.entries = append(g.entries, ge)
	}
	g.filterRoot()
	return g
}

// filterRoot builds rootFilter: about eight bits per token and two probes
// keep false positives near 2%.
func (g *Gazetteer) filterRoot() {
	root := g.nodes[0].wide
	g.rootFilter = make([]uint64, max(1, 1<<bits.Len(uint(len(root)*8))/64))
	for token := range root {
		a, b := g.probes(tokenHash(token))
		g.rootFilter[a/64] |= 1 << (a % 64)
		g.rootFilter[b/64] |= 1 << (b % 64)
	}
}

// probes returns the two filter bits of a token's hash.
func (g *Gazetteer) probes(h uint64) (uint64, uint64) {
	mask := uint64(len(g.rootFilter)*64 - 1)
	return h & mask, h >> 32 & mask
}

// mayStart reports whether the token with hash h may start a name: false
// only when it starts none.
func (g *Gazetteer) mayStart(h uint64) bool {
	a, b := g.probes(h)
	return g.rootFilter[a/64]&(1<<(a%64)) != 0 && g.rootFilter[b/64]&(1<<(b%64)) != 0
}

// hasEntry reports whether node already holds an entry equal to e.
func (g *Gazetteer) hasEntry(node int32, e Entry) bool {
	for id := g.nodes[node].first; id >= 0; id = g.entries[id].next {
		if g.entries[id].Entry == e {
			return true
		}
	}
	return false
}

func anyAlnum(toks []nameToken) bool {
	for _, t := range toks {
		if t.alnum() {
			return true
		}
	}
	return false
}

// classifyCase sets the case rules of an entry.
func classifyCase(e *gazetteerEntry) {
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
	// Short all-caps names and codes with digits ("APT31") must match as
	// written; longer all-caps names are how catalogues spell vendor names
	// ("JUDGMENT PANDA", "ZIRCONIUM") that prose writes in title case, so
	// they only need a capital.
	e.caseSensitive = alnums < 4 || (upper && !lower && (digit || (len(e.tokens) == 1 && alnums < 6)))
	e.needCapital = !e.caseSensitive && !digit && upper
	// Catalogues capitalise sectors ("Healthcare"); a capitalised sector
	// word mid-sentence is part of a name ("Change Healthcare", "Rewards
	// for Justice"). Sectors in prose are read by the claim rules.
	e.sectorWord = e.Kind == model.KindSector && !e.caseSensitive
	e.commonWord = len(e.tokens) == 1 && commonWords[foldCase(e.Name)]
	e.plainWord = len(e.tokens) == 1 && !digit && letters == alnums && letters <= 6 && lower
}

// capitalisedNext reports whether the token after toks[last] is a
// capitalised word one space away: the rest of a name.
func capitalisedNext(doc *document, toks []nameToken, last int) bool {
	if last+1 >= len(toks) || doc.text[toks[last].end:toks[last+1].start] != " " {
		return false
	}
	return isCapitalised(doc.text[toks[last+1].start:toks[last+1].end])
}

// ofNameNext reports whether "of" and a capitalised word follow
// toks[last]: "Bank of America" opening a sentence is a name.
func ofNameNext(doc *document, toks []nameToken, last int) bool {
	if last+2 >= len(toks) || doc.text[toks[last].end:toks[last+1].start] != " " || doc.text[toks[last+1].start:toks[last+1].end] != "of" {
		return false
	}
	return capitalisedNext(doc, toks, last+1)
}

// Len returns the number of entries in the gazetteer.
func (g *Gazetteer) Len() int {
	if g == nil {
		return 0
	}
	return len(g.entries)
}

// Find returns the gazetteer names in text, in order and without overlap;
// where names overlap, the one starting first wins, and at one start the
// longest.
func (g *Gazetteer) Find(text string) []GazetteerMatch {
	if g.Len() == 0 {
		return nil
	}
	doc := newDocument(text)
	all := g.match(doc)
	var out []GazetteerMatch
	end := -1
	for _, m := range all {
		if m.Span.Start >= end {
			out = append(out, m)
			end = m.Span.End
		}
	}
	return out
}

// match returns, for every token where a name starts, the longest name
// starting there, ordered by start. Matches may overlap.
func (g *Gazetteer) match(doc *document) []GazetteerMatch { return g.matchInto(doc, nil) }

// matchInto is match appending to dst; it returns dst unchanged, nil or
// not, when nothing matches.
func (g *Gazetteer) matchInto(doc *document, dst []GazetteerMatch) []GazetteerMatch {
	if g.Len() == 0 {
		return dst
	}
	toks := doc.nameToks
	out := dst
	var accepted, best []int32 // best: what the longest name so far accepted
	for i := range toks {
		if !boundaryBefore(toks, i) {
			continue
		}
		if !g.mayStart(doc.tokHash[i]) {
			continue
		}
		first, ok := g.nodes[0].wide[doc.lower[toks[i].start:toks[i].end]]
		if !ok {
			continue
		}
		bestEnd := -1
		node := first
		for j := i; ; {
			if g.nodes[node].first >= 0 && boundaryAfter(toks, j) {
				accepted = g.acceptable(doc, node, i, j, accepted[:0])
				if len(accepted) > 0 {
					bestEnd, best = j, append(best[:0], accepted...)
				}
			}
			j++
			if j >= len(toks) || toks[j].gap > gapJoin {
				break
			}
			next, ok := g.child(node, doc.lower[toks[j].start:toks[j].end])
			if !ok {
				break
			}
			node = next
		}
		if bestEnd < 0 {
			continue
		}
		m := GazetteerMatch{
			Span:  model.Span{Start: int(toks[i].start), End: int(toks[bestEnd].end)},
			Entry: g.entries[best[0]].Entry,
		}
		for _, id := range best[1:] {
			if g.entries[id].Key != m.Entry.Key {
				m.Entry.Key, m.Ambiguous = "", true
				break
			}
		}
		if cap(out) == 0 {
			out = make([]GazetteerMatch, 0, len(toks)/12+4) // articles run about one name in 15 tokens
		}
		out = append(out, m)
	}
	return out
}

// acceptable appends the entries ending at node whose case rules accept the
// text of tokens first..last.
func (g *Gazetteer) acceptable(doc *document, node int32, first, last int, dst []int32) []int32 {
	toks := doc.nameToks
	for id := g.nodes[node].first; id >= 0; id = g.entries[id].next {
		e := &g.entries[id]
		exact := true
		for k, t := range toks[first : last+1] {
			if doc.text[t.start:t.end] != e.tokens[k] {
				exact = false
				break
			}
		}
		switch {
		case exact:
		case e.caseSensitive:
			continue
		case e.needCapital && !unicode.IsUpper(firstRune(doc.text[toks[first].start:])):
			continue
		}
		if e.commonWord && !g.anyStart && doc.startsSentence(int(toks[first].start)) {
			continue
		}
		if e.sectorWord && isCapitalised(doc.text[toks[first].start:toks[first].end]) &&
			(!doc.startsSentence(int(toks[first].start)) || capitalisedNext(doc, toks, last) || ofNameNext(doc, toks, last)) {
			continue // "Change Healthcare"; at a sentence's start, "Electronic Arts"
		}
		if first == last && partOfOtherName(doc, e, first) {
			continue
		}
		dst = append(dst, id)
	}
	return dst
}

// partOfOtherName reports whether a one-word name at token i is more
// likely a word, or part of a longer name nobody catalogued: a common word
// written in lower case ("at" the White House is not the at.exe tool), a
// word glued by a hyphen to a capitalised one ("Inter-Parliamentary"), or a short
// plain word followed by another capitalised word ("Sun Xiaohui", "Royal
// Mail") unless that word says what the name is ("Akira Ransomware").
func partOfOtherName(doc *document, e *gazetteerEntry, i int) bool {
	toks := doc.nameToks
	word := doc.text[toks[i].start:toks[i].end]
	if e.commonWord && !hasUpper(word) {
		return true
	}
	// Places and demonyms stay names before other names: "Russia-Ukraine",
	// "China-Linked" (headline case), "the Slovak Ministry of Economy".
	if e.Kind == model.KindCountry || e.Kind == model.KindRegion {
		return false
	}
	if i > 0 && toks[i].gap == gapJoin && doc.text[toks[i].start-1] == '-' && isCapitalised(doc.text[toks[i-1].start:toks[i-1].end]) {
		return true
	}
	if e.plainWord && namesOpener(doc, i) {
		return true
	}
	if i+1 >= len(toks) || toks[i+1].gap != gapJoin {
		return false
	}
	next := doc.text[toks[i+1].start:toks[i+1].end]
	if doc.text[toks[i].end] == '-' {
		// "China-nexus" and "Russia-based" still name the country.
		return isCapitalised(next)
	}
	if !e.plainWord || !unicode.IsUpper(firstRune(next)) {
		return false
	}
	return !nameHeads[foldCase(next)]
}

// namesOpener reports whether token i follows, one space away, a
// capitalised word that opens its sentence and is no common opener: the
// short word ends a longer name ("Capital One said", "Black Shadow, the
// group that"), as "The Sun gang" does not.
func namesOpener(doc *document, i int) bool {
	toks := doc.nameToks
	if i == 0 || toks[i].gap != gapJoin || doc.text[toks[i-1].end:toks[i].start] != " " {
		return false
	}
	prev := doc.text[toks[i-1].start:toks[i-1].end]
	if !isCapitalised(prev) || !doc.startsSentence(int(toks[i-1].start)) {
		return false
	}
	w := foldCase(prev)
	return !sentenceStarters[w] && !openingWords[w] && !calendarNames[w]
}

// openingWords open sentences before a name without being part of it,
// beyond sentenceStarters: "Then Sun struck", "Two Royal affiliates".
var openingWords = setOf("about", "again", "another", "any", "are", "because", "between", "by", "during",
	"each", "even", "every", "few", "first", "from", "further", "here", "how", "into", "is", "just", "like",
	"more", "much", "now", "of", "once", "only", "over", "several", "so", "still", "then", "three", "through",
	"to", "two", "under", "until", "was", "were", "where", "why", "with", "within", "yet")

// nameHeads are words that follow a name to say what it names.
var nameHeads = setOf("apt", "backdoor", "botnet", "campaign", "crew", "gang", "group", "loader", "malware",
	"operators", "ransomware", "rat", "stealer", "team", "trojan", "worm", "wiper")

// boundaryBefore reports whether a name may start at token i: not glued to
// a letter or digit before it.
func boundaryBefore(toks []nameToken, i int) bool {
	return i == 0 || toks[i].gap != gapNone || !toks[i-1].alnum() || !toks[i].alnum()
}

// boundaryAfter reports whether a name may end at token j.
func boundaryAfter(toks []nameToken, j int) bool {
	return j+1 >= len(toks) || toks[j+1].gap != gapNone || !toks[j+1].alnum() || !toks[j].alnum()
}

// calendarNames are the months, weekdays and holidays: as one-word names
// they are never anything else in the news ("two days before
// Thanksgiving" is no ransomware).
var calendarNames = setOf("january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"christmas", "thanksgiving", "easter", "halloween")

// commonWords are English words that knowledge bases also use as names
// ("Lazy", "Silence", "Play"); capitalised at a sentence's start they are
// more likely the word.
var commonWords = setOf(
	"a", "about", "after", "again", "agent", "all", "also", "an", "and", "another", "any", "are",
	"as", "at", "back", "be", "because", "been", "before", "being", "between", "black", "blue",
	"both", "but", "by", "can", "could", "dark", "did", "do", "does", "during", "each", "early",
	"equation", "even", "every", "few", "first", "for", "from", "further", "had", "has", "have",
	"he", "her", "here", "hidden", "his", "hive", "how", "if", "in", "inception", "into", "is",
	"it", "its", "just", "last", "later", "lazy", "like", "mask", "may", "more", "most", "much",
	"new", "next", "no", "not", "now", "of", "on", "once", "one", "only", "or", "other", "our",
	"out", "over", "own", "play", "red", "royal", "same", "security", "several", "she", "should",
	"silence", "since", "snake", "so", "some", "still", "such", "than", "that", "the", "their",
	"them", "then", "there", "these", "they", "this", "those", "through", "tick", "to", "too",
	"two", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
	"while", "white", "who", "why", "will", "with", "within", "would", "yet", "you",
	// English words the knowledge base spells in lower case, as it does
	// tool names ("certutil"), so they would match prose in lower case:
	// "a core team", "the root cause". Picked from its one-word
	// lower-case names by hand, with their frequency in general English
	// text as a guide.
	"arcane", "aware", "beast", "briar", "brotherhood", "cat", "charitable", "cloak", "code",
	"colossus", "core", "crypt", "deadlock", "delta", "echo", "eruption", "frozen", "genesis",
	"ghost", "homeland", "hunters", "insane", "inter", "knight", "lambda", "locus", "meek",
	"mimic", "mount", "nitrogen", "nova", "oceans", "oxide", "paladin", "pear", "phantom",
	"punisher", "radar", "rapture", "risen", "rock", "root", "route", "scout", "shadow",
	"silent", "slug", "spring", "swift", "synapse", "template", "touch", "toxic", "trinity",
	"tsunami", "vamp", "voluntary", "werewolves", "wiki",
)

// document is text prepared once for every step of extraction.
type document struct {
	text      string
	lower     string
	nameToks  []nameToken
	tokHash   []uint64 // per name token, tokenHash of its folded text
	sentences []model.Span
	// ransomTalk is set when some word of the text is about ransom or
	// extortion (speaksOfRansom).
	ransomTalk bool
}

func newDocument(text string) *document { return newDocumentInto(text, nil, nil) }

// newDocumentInto is newDocument appending the name tokens to toks and
// their hashes to hashes.
func newDocumentInto(text string, toks []nameToken, hashes []uint64) *document {
	doc := &document{text: text, lower: foldCase(text)}
	if cap(toks) < len(text)/5 {
		toks = make([]nameToken, 0, len(text)/5)
	}
	doc.nameToks = nameTokens(text, toks)
	if cap(hashes) < len(doc.nameToks) {
		hashes = make([]uint64, 0, len(doc.nameToks))
	}
	for _, t := range doc.nameToks {
		hashes = append(hashes, tokenHash(doc.lower[t.start:t.end]))
	}
	doc.tokHash = hashes
	doc.sentences = Sentences(text)
	return doc
}

// startsSentence reports whether offset is the first word of a sentence,
// quotes and brackets aside.
func (d *document) startsSentence(offset int) bool {
	i := sentenceAt(d.sentences, offset)
	if i < 0 {
		return false
	}
	return skipOpeners(d.text, d.sentences[i].Start, offset) == offset
}
