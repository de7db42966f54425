package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// foldCase lower-cases text wherever that keeps a rune's byte length, so an
// offset into the result is the same offset into text. The few runes whose
// lower case has another width stay as they are.
func foldCase(text string) string {
	// A Builder hands over its bytes without the copy string(buf) makes.
	// Runs of text that folding leaves alone are copied whole.
	var buf strings.Builder
	buf.Grow(len(text))
	run := 0 // start of the pending run of unchanged text
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				buf.WriteString(text[run:i])
				buf.WriteByte(c + 'a' - 'A')
				run = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if lower := unicode.ToLower(r); lower != r && r != utf8.RuneError && utf8.RuneLen(lower) == size {
			buf.WriteString(text[run:i])
			buf.WriteRune(lower)
			run = i + size
		}
		i += size
	}
	buf.WriteString(text[run:])
	return buf.String()
}

// asciiClass classifies the ASCII bytes for the tokenisers' fast paths.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := rune(0); c < utf8.RuneSelf; c++ {
		if unicode.IsSpace(c) {
			t[c] |= asciiSpace
		}
		if isJoiner(c) {
			t[c] |= asciiJoiner
		}
		if isLetter(c) {
			t[c] |= asciiLetter
		}
		if unicode.IsDigit(c) {
			t[c] |= asciiDigit
		}
	}
	return t
}()

const (
	asciiSpace  uint8 = 1 << iota // unicode.IsSpace
	asciiJoiner                   // isJoiner
	asciiLetter                   // isLetter
	asciiDigit                    // unicode.IsDigit
	asciiWord   = asciiLetter | asciiDigit
)

// Gaps say what separates a token from the one before it.
const (
	gapNone  uint8 = iota // adjacent: "APT" and "31" in "APT31"
	gapJoin               // one space or one hyphen: a name may continue
	gapBreak              // anything else: a name stops here
)

// Token classes for the gazetteer's tokens.
const (
	classAlpha uint8 = iota
	classDigit
	classSymbol
)

// nameToken is one token of the gazetteer's view of text: a run of letters,
// a run of digits, or one other symbol. Spaces and hyphens separate tokens
// and are not tokens, so "APT 31", "APT-31" and "APT31" read alike.
type nameToken struct {
	start, end int32
	class      uint8
	gap        uint8 // what separates this token from the previous one
}

func (t nameToken) alnum() bool { return t.class != classSymbol }

// isJoiner reports whether r separates the parts of one name.
func isJoiner(r rune) bool {
	return r == ' ' || r == '-' || r == '\u00a0' || r == '\u2010' || r == '\u2011'
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// nameTokens splits text into name tokens.
func nameTokens(text string, dst []nameToken) []nameToken {
	first := len(dst)
	separators, lastJoins := 0, false
	for i := 0; i < len(text); {
		var r rune
		size := 1
		if c := text[i]; c < utf8.RuneSelf {
			if cls := asciiClass[c]; cls&(asciiSpace|asciiJoiner) != 0 {
				separators++
				lastJoins = cls&asciiJoiner != 0
				i++
				continue
			}
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
			if isJoiner(r) || unicode.IsSpace(r) {
				separators++
				lastJoins = isJoiner(r)
				i += size
				continue
			}
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
		switch {
		case isLetter(r):
			class = classAlpha
			i = skipRun(text, i+size, asciiLetter, isLetter)
		case unicode.IsDigit(r):
			class = classDigit
			i = skipRun(text, i+size, asciiDigit, unicode.IsDigit)
		default:
			i += size
		}
		dst = append(dst, nameToken{start: int32(start), end: int32(i), class: class, gap: gap})
	}
	return dst
}

// skipRun returns the end of the run of runes from i on that are in the
// ASCII class mask, or satisfy in beyond ASCII.
func skipRun(text string, i int, mask uint8, in func(rune) bool) int {
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if asciiClass[c]&mask == 0 {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !in(r) {
			return i
		}
		i += size
	}
	return i
}

// word is one word of running text: letters and digits, held together by
// inner hyphens, apostrophes and dots ("state-sponsored", "didn't",
// "2020-2021", "U.S"), en dashes between digits ("2020–2021") and commas
// in digit groups ("3,000"). A possessive "'s" is left out of the word.
type word struct {
	start, end int
	lower      string // folded form
	cue        wordCue
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return isLetter(r) || unicode.IsDigit(r)
}

// isInnerJoiner reports whether r may sit inside a word between two word
// runes.
func isInnerJoiner(r rune) bool {
	return r == '-' || r == '\'' || r == '\u2019' || r == '.' || r == '\u2010' || r == '\u2011' || r == '\u2013'
}

// words splits text[from:to] into words; lower is the folded text.
func words(text, lower string, from, to int, dst []word) []word {
	cues := wordCueTable()
	for i := from; i < to; {
		if c := text[i]; c < utf8.RuneSelf && asciiClass[c]&asciiWord == 0 {
			i++
			continue
		}
		r, size := decodeAt(text, i, to)
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		i += size
		for i < to {
			if c := text[i]; c < utf8.RuneSelf && asciiClass[c]&asciiWord != 0 {
				i++
				continue
			}
			r, size = decodeAt(text, i, to)
			if isWordRune(r) {
				i += size
				continue
			}
			if (!isInnerJoiner(r) && r != ',' && r != '&') || i+size >= to {
				break
			}
			prev, _ := utf8.DecodeLastRuneInString(text[start:i])
			next, _ := utf8.DecodeRuneInString(text[i+size : to])
			if !isWordRune(next) {
				break
			}
			// An en dash joins only number ranges, a comma only digit groups,
			// an ampersand only capitals ("AT&T").
			if (r == '\u2013' || r == ',') && !(unicode.IsDigit(prev) && unicode.IsDigit(next)) {
				break
			}
			if r == '&' && !(unicode.IsUpper(prev) && unicode.IsUpper(next)) {
				break
			}
			i += size
		}
		end := trimPossessive(text[start:i]) + start
		lw := lower[start:end]
		dst = append(dst, word{start: start, end: end, lower: lw, cue: cues.lookup(lw)})
	}
	return dst
}

// trimPossessive returns the length of w without a trailing "'s".
func trimPossessive(w string) int {
	if n := len(w); n < 3 || w[n-1] != 's' && w[n-1] != 'S' {
		return n // most words: every suffix ends in "s" or "S"
	}
	for _, suffix := range []string{"'s", "\u2019s", "'S"} {
		if len(w) > len(suffix) && w[len(w)-len(suffix):] == suffix {
			return len(w) - len(suffix)
		}
	}
	return len(w)
}

// firstRune returns the first rune of s, or utf8.RuneError.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// isCapitalised reports whether s starts with an upper-case letter.
func isCapitalised(s string) bool { return unicode.IsUpper(firstRune(s)) }

// hasUpper reports whether s contains an upper-case letter.
func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// allCapitals reports whether s has letters and all of them are capitals:
// initials such as "NIS" or "CISA".
func allCapitals(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 1
}

// hasDigit reports whether s contains a digit.
func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// hasLetter reports whether s contains a letter.
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// wordCue marks the word lists a folded word is in, so that the rules
// test a bit where they would look the word up in a map.
type wordCue uint64

const (
	cueTrigger         wordCue = 1 << iota // a key of triggers
	cueClaimVerb                           // claimVerbs
	cueRelative                            // relativeOpeners
	cueActorNoun                           // actorNouns
	cueMalwareNoun                         // malwareNouns
	cueOrgHead                             // organizationHeads, folded
	cueFact                                // cueWords: hedges and negations
	cueAlias                               // aliasCueWords
	cueTime                                // timeStartWords
	cueClauseOpener                        // clauseOpeners
	cueNamePrep                            // namePrepositions
	cueDeterminer                          // determiners
	cueModal                               // modalVerbs
	cueAnaphorDet                          // anaphorDeterminers
	cueNaming                              // namingVerbs
	cueTimePrep                            // timePrepositions
	cueClauseBreaker                       // clauseBreakers
	cueLawVerb                             // lawVerbs
	cueBeVerb                              // beVerbs
	cueIntroducer                          // selfNamingVerbs, detectVerbs and "tracks"/"track"
	cueSector                              // the first words of sectorPhrases
	cueNotName                             // notNames
	cueDenial                              // denialVerbs
	cueHaveVerb                            // haveVerbs
	cuePassiveAdverb                       // passiveAdverbs
	cueDataNoun                            // dataNouns
	cueTriggerNoun                         // triggerNouns
	cueProductNoun                         // productNouns
	cueDescriptorNoun                      // descriptorNouns
	cueSubjectFiller                       // subjectFillers
	cueLawNoun                             // lawNouns
	cuePayVerb                             // payVerbs
	cueNamerAdverb                         // namerAdverbs
	cueLawAction                           // lawActionNouns
	cueGenericClaimant                     // genericClaimants
	cueDataStop                            // dataStops
	cueParticiple                          // adjectivalParticiples
	cueSeizure                             // seizures
	cueIdentify                            // identifyVerbs
	cueCriminal                            // criminalCues
	cueMoney                               // moneyWords
	cueReducedRelative                     // reducedRelative
	cueParticiplePrep                      // participlePreps
	cueStateWord                           // stateWords
	cueStateTie                            // stateTies
	cueWherePrep                           // wherePrepositions
	cueMedium                              // mediumWords
	cueAdjectiveUse                        // adjectiveUses
	cueShut                                // shutVerbs
	cueClaimantNoun                        // claimantNouns
	cueAccusation                          // accusationNouns
	cueInclude                             // includeVerbs
	cueCrew                                // crewNouns
	cueCharge                              // chargeActions
	cueLawPronounVerb                      // lawPronounVerbs
	cueCompany                             // companyNouns
	cueNotDescribing                       // notDescribing
	cueNamerPronoun                        // namerPronouns
	cueMakerTie                            // makerTies
	cueMultiplier                          // amountMultipliers
)

// wordCues maps each folded word of the lists to its cues; words in no
// list are absent (cue 0).
var wordCues = sync.OnceValue(func() map[string]wordCue {
	m := map[string]wordCue{}
	for w := range triggers {
		m[w] |= cueTrigger
	}
	for w := range sectorPhrases {
		m[w] |= cueSector
	}
	lists := []struct {
		set map[string]bool
		cue wordCue
	}{
		{claimVerbs, cueClaimVerb}, {relativeOpeners, cueRelative}, {actorNouns, cueActorNoun},
		{malwareNouns, cueMalwareNoun}, {cueWords, cueFact}, {aliasCueWords(), cueAlias},
		{timeStartWords(), cueTime}, {clauseOpeners, cueClauseOpener}, {namePrepositions, cueNamePrep},
		{determiners, cueDeterminer}, {modalVerbs, cueModal}, {anaphorDeterminers, cueAnaphorDet},
		{namingVerbs, cueNaming}, {timePrepositions, cueTimePrep}, {clauseBreakers, cueClauseBreaker},
		{lawVerbs, cueLawVerb}, {beVerbs, cueBeVerb}, {selfNamingVerbs, cueIntroducer},
		{detectVerbs, cueIntroducer}, {setOf("tracks", "track"), cueIntroducer},
		{notNames, cueNotName}, {denialVerbs, cueDenial},
		{haveVerbs, cueHaveVerb},
		{passiveAdverbs, cuePassiveAdverb},
		{dataNouns, cueDataNoun},
		{triggerNouns, cueTriggerNoun},
		{productNouns, cueProductNoun},
		{descriptorNouns, cueDescriptorNoun},
		{subjectFillers, cueSubjectFiller},
		{lawNouns, cueLawNoun},
		{payVerbs, cuePayVerb},
		{namerAdverbs, cueNamerAdverb},
		{lawActionNouns, cueLawAction},
		{genericClaimants, cueGenericClaimant},
		{dataStops, cueDataStop},
		{adjectivalParticiples, cueParticiple},
		{seizures, cueSeizure},
		{identifyVerbs, cueIdentify},
		{criminalCues, cueCriminal},
		{moneyWords, cueMoney},
		{reducedRelative, cueReducedRelative},
		{participlePreps, cueParticiplePrep},
		{stateWords, cueStateWord},
		{stateTies, cueStateTie},
		{wherePrepositions, cueWherePrep},
		{mediumWords, cueMedium},
		{adjectiveUses, cueAdjectiveUse},
		{shutVerbs, cueShut},
		{claimantNouns, cueClaimantNoun},
		{accusationNouns, cueAccusation},
		{includeVerbs, cueInclude},
		{crewNouns, cueCrew},
		{chargeActions, cueCharge},
		{lawPronounVerbs, cueLawPronounVerb},
		{companyNouns, cueCompany},
		{notDescribing, cueNotDescribing},
		{namerPronouns, cueNamerPronoun},
		{makerTies, cueMakerTie},
		{amountMultipliers, cueMultiplier},
	}
	for _, l := range lists {
		for w := range l.set {
			m[w] |= l.cue
		}
	}
	for w := range organizationHeads {
		m[foldCase(w)] |= cueOrgHead
	}
	return m
})

// has reports whether the word is in the word list of cue, or in any of
// them when cue holds several.
func (w word) has(cue wordCue) bool { return w.cue&cue != 0 }

// decodeAt decodes the rune at text[i:to], ASCII without a call.
func decodeAt(text string, i, to int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:to])
}

// cueTable is wordCues as an open-addressing table with a cheap hash: the
// tokeniser looks every word up, and most words are short.
type cueTable struct {
	keys []string
	cues []wordCue
	mask uint32
}

var wordCueTable = sync.OnceValue(func() *cueTable {
	m := wordCues()
	n := 1
	for n < 4*len(m) {
		n *= 2
	}
	t := &cueTable{keys: make([]string, n), cues: make([]wordCue, n), mask: uint32(n - 1)}
	for w, c := range m {
		if w == "" {
			continue // no word is empty
		}
		i := cueHash(w) & t.mask
		for t.keys[i] != "" {
			i = (i + 1) & t.mask
		}
		t.keys[i], t.cues[i] = w, c
	}
	return t
})

// cueHash is FNV-1a.
func cueHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// lookup returns the cues of folded word w, as wordCues()[w].
func (t *cueTable) lookup(w string) wordCue {
	for i := cueHash(w) & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case w:
			return t.cues[i]
		case "":
			return 0
		}
	}
}

// hasLowerSuffix reports whether strings.ToLower(s) ends in suffix, a
// lower-case ASCII suffix, without building the lower-cased copy when s is
// ASCII.
func hasLowerSuffix(s, suffix string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.HasSuffix(strings.ToLower(s), suffix)
		}
	}
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// lowerASCII lower-cases s into buf and returns the bytes, so that a map
// lookup with string(result) needs no allocation. It reports false, leaving
// the work to strings.ToLower, when s is not ASCII or does not fit.
func lowerASCII(buf []byte, s string) ([]byte, bool) {
	if len(s) > len(buf) {
		return nil, false
	}
	b := buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b, true
}
