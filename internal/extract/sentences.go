package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-cti/winnow/internal/model"
)

// neverFinal are abbreviations that do not end a sentence even when a
// capitalised word follows ("Dr. Smith", "Jan. 5", "No. 3").
var neverFinal = setOf(
	"dr", "mr", "mrs", "ms", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm",
	"rep", "sen", "gov", "pres", "st", "mt", "ft", "no", "nos", "vs", "v", "e.g", "i.e", "cf", "approx",
	"fig", "figs", "vol", "ch", "sec", "art", "dept", "est", "al", "ca",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
)

// oftenFinal are abbreviations that may end a sentence; they do when the
// next word is one that usually starts a sentence ("... in the U.S. The
// group ..."), not when it continues a name ("U.S. Justice Department").
var oftenFinal = setOf(
	"u.s", "u.k", "u.n", "u.s.a", "e.u", "inc", "corp", "ltd", "co", "llc", "plc", "etc",
	"a.m", "p.m", "jr", "sr", "bros",
)

// sentenceStarters are words that commonly open a sentence.
var sentenceStarters = setOf(
	"the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
	"i", "you", "in", "on", "at", "for", "but", "and", "or", "however", "according", "after",
	"before", "while", "when", "since", "as", "there", "their", "his", "her", "our", "one",
	"some", "many", "most", "both", "all", "no", "if", "last", "earlier", "later", "meanwhile",
	"researchers", "officials", "authorities", "also", "other", "such", "what", "who",
)

// Sentences splits clean text into sentences and returns their spans, with
// surrounding white space left out. A line break always ends a sentence, so
// list items and headings without final punctuation stand alone. A period
// ends a sentence only when white space and a word that is not lower-case
// follow it, which keeps decimal and version numbers, domains, URLs and
// defanged dots ("evil[.]com") whole; known abbreviations ("Dr.", "e.g.",
// "Jan.") and initials do not end one. Closing quotes and brackets after
// the final mark stay with their sentence.
func Sentences(text string) []model.Span {
	var spans []model.Span
	for lineStart := 0; lineStart <= len(text); {
		lineEnd := len(text)
		if nl := strings.IndexByte(text[lineStart:], '\n'); nl >= 0 {
			lineEnd = lineStart + nl
		}
		spans = splitLine(text, lineStart, lineEnd, spans)
		lineStart = lineEnd + 1
	}
	return spans
}

// splitLine appends the sentences of text[start:end], which holds no line
// break.
func splitLine(text string, start, end int, spans []model.Span) []model.Span {
	segStart := start
	for i := start; i < end; {
		if c := text[i]; c < utf8.RuneSelf && c != '.' && c != '!' && c != '?' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:end])
		if r != '.' && r != '!' && r != '?' && r != '\u2026' {
			i += size
			continue
		}
		markStart := i
		j := i + size
		for j < end && (text[j] == '.' || text[j] == '!' || text[j] == '?') {
			j++
		}
		j = skipClosers(text, j, end)
		if j < end && !startsWithSpace(text[j:end]) {
			i = j
			continue
		}
		next := skipSpace(text, j, end)
		if next < end && !endsSentence(text, segStart, markStart, j, next, end) {
			i = next
			continue
		}
		spans = appendTrimmed(spans, text, segStart, j)
		segStart = next
		i = next
	}
	return appendTrimmed(spans, text, segStart, end)
}

// endsSentence decides whether the mark at text[mark:after] ends the
// sentence begun at segStart; next is where the following word begins.
func endsSentence(text string, segStart, mark, after, next, end int) bool {
	following := skipOpeners(text, next, end)
	if following < end && unicode.IsLower(firstRune(text[following:end])) && !innerCapital(nextWord(text, following, end)) {
		return false // "iSight Partners said" may open a sentence; "and then" does not
	}
	if text[mark] != '.' || (after-mark > 1 && text[mark+1] == '.') {
		return true // "!", "?", an ellipsis
	}
	if marker := strings.TrimSpace(text[segStart:mark]); len(marker) <= 3 && isAllDigits(marker) {
		return false // "1." opening a numbered list item
	}
	before, ok := wordBefore(text, segStart, mark)
	if !ok {
		return true
	}
	var buf [24]byte
	lowerBefore, ok := lowerASCII(buf[:], before) // looked up as string(lowerBefore), without allocating
	if !ok {
		lowerBefore = []byte(strings.ToLower(before))
	}
	switch {
	case neverFinal[string(lowerBefore)]:
		return false
	case before == "X" && platformBefore(text, segStart, mark-len(before)):
		return true // the platform: "posted screenshots on X. Hudson Rock said"
	case utf8.RuneCountInString(before) == 1 && unicode.IsUpper(firstRune(before)):
		return false // an initial: "John F. Kennedy"
	case oftenFinal[string(lowerBefore)] || isDottedAbbreviation(before):
		w := nextWord(text, following, end)
		if lw, ok := lowerASCII(buf[:], w); ok {
			return sentenceStarters[string(lw)]
		}
		return sentenceStarters[strings.ToLower(w)]
	}
	return true
}

// innerCapital reports whether a word that opens in lower case has a
// capital inside: a name such as "iSight" or "eBay".
func innerCapital(w string) bool {
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// platformBefore reports whether the word before text[at] is a
// preposition that names a platform after it ("on X", "via X"), so that
// the "X" is the social network, not an initial, or is "OS" ("Apple's OS
// X. Transmission's developers ...").
func platformBefore(text string, from, at int) bool {
	w, ok := wordBefore(text, from, strings.LastIndexFunc(text[:at], func(r rune) bool { return !unicode.IsSpace(r) })+1)
	return ok && (w == "on" || w == "to" || w == "via" || w == "from" || w == "OS")
}

// wordBefore returns the letters and inner dots just before text[mark],
// not reaching back past from: "U.S" for "U.S.", "Inc" for "Inc.". It is
// not ok when the letters are glued to digits or symbols ("v2.", "3rd."),
// which no abbreviation is.
func wordBefore(text string, from, mark int) (string, bool) {
	i := mark
	for i > from {
		r, size := utf8.DecodeLastRuneInString(text[from:i])
		if !isLetter(r) && r != '.' {
			break
		}
		i -= size
	}
	if i > from {
		r, _ := utf8.DecodeLastRuneInString(text[from:i])
		if !unicode.IsSpace(r) && !isOpening(r) {
			return "", false
		}
	}
	return strings.TrimLeft(text[i:mark], "."), true
}

// isDottedAbbreviation reports whether w is made of one- or two-letter
// parts joined by dots: "U.S", "e.g", "Ph.D".
func isDottedAbbreviation(w string) bool {
	if strings.IndexByte(w, '.') < 0 {
		return false
	}
	for {
		part, rest, more := strings.Cut(w, ".")
		if n := utf8.RuneCountInString(part); n < 1 || n > 2 {
			return false
		}
		if !more {
			return true
		}
		w = rest
	}
}

// nextWord returns the run of letters at text[i:end].
func nextWord(text string, i, end int) string {
	j := i
	for j < end {
		r, size := utf8.DecodeRuneInString(text[j:end])
		if !isLetter(r) {
			break
		}
		j += size
	}
	return text[i:j]
}

func isClosing(r rune) bool {
	return strings.ContainsRune("\"')]}\u201d\u2019\u00bb", r)
}

func isOpening(r rune) bool {
	return strings.ContainsRune("\"'([{\u201c\u2018\u00ab", r)
}

func skipClosers(text string, i, end int) int {
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if !isClosing(r) {
			break
		}
		i += size
	}
	return i
}

func skipOpeners(text string, i, end int) int {
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if !isOpening(r) {
			break
		}
		i += size
	}
	return i
}

func startsWithSpace(s string) bool { return unicode.IsSpace(firstRune(s)) }

func skipSpace(text string, i, end int) int {
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// appendTrimmed appends text[start:end] less surrounding white space,
// unless nothing is left.
func appendTrimmed(spans []model.Span, text string, start, end int) []model.Span {
	if start >= end {
		return spans
	}
	s := text[start:end]
	trimmedLeft := strings.TrimLeftFunc(s, unicode.IsSpace)
	start += len(s) - len(trimmedLeft)
	end = start + len(strings.TrimRightFunc(trimmedLeft, unicode.IsSpace))
	if start >= end {
		return spans
	}
	return append(spans, model.Span{Start: start, End: end})
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// sentenceAt returns the index of the sentence holding offset, or -1.
func sentenceAt(sentences []model.Span, offset int) int {
	i := sort.Search(len(sentences), func(i int) bool { return sentences[i].End > offset })
	if i < len(sentences) && sentences[i].Start <= offset {
		return i
	}
	return -1
}

// setOf builds a set of strings.
func setOf(items ...string) map[string]bool {
	set := make(map[string]bool, len(items))
	for _, it := range items {
		set[it] = true
	}
	return set
}
