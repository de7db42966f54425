package tagger

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one token of a text: the bytes [Start, End).
type Token struct {
	Start, End int
}

// Tokenize splits text into tokens the way the CyNER corpus is tokenized,
// so that the tagger sees running text as it saw its training data:
// whitespace separates tokens; brackets, quotes, commas, colons and the
// like are tokens of their own (so "hxxp://x[.]com" is "hxxp", ":",
// "//x", "[", ".", "]", "com"); a final full stop is split off a word
// unless the word is an abbreviation ("e.g.", "U.S."); "'s" and "n't" are
// split off as in the Penn Treebank. Dots, hyphens, slashes and
// underscores inside a word stay, so file names, domains and hashes are
// single tokens. Tokens are appended to dst.
func Tokenize(text string, dst []Token) []Token {
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		if isSplitRune(r, text, i, size) {
			dst = append(dst, Token{i, i + size})
			i += size
			continue
		}
		start := i
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) || isSplitRune(r, text, i, size) {
				break
			}
			i += size
		}
		dst = appendWord(dst, text, start, i)
	}
	return dst
}

// isSplitRune reports whether the rune at text[i:i+size] is a token of its
// own. Commas and colons between digits ("13,000", "10:30") and dots are
// left to the word they are in.
func isSplitRune(r rune, text string, i, size int) bool {
	switch r {
	case '(', ')', '[', ']', '{', '}', '<', '>', '"', '“', '”', '‘', '’', '«', '»',
		';', '!', '?', '&', '*', '•', '|', '–', '—', '…', '‹', '›', '″', '∗':
		return true
	case ',', ':':
		return !(i > 0 && isDigitByte(text[i-1]) && i+size < len(text) && isDigitByte(text[i+size]))
	case '\'':
		// Inner apostrophes belong to the word ("O'Brien") unless they
		// start "'s" or "n't", which appendWord splits off.
		before := i > 0 && isWordByte(text[i-1])
		after := i+size < len(text) && isWordByte(text[i+size])
		return !(before && after)
	}
	return false
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

func isWordByte(c byte) bool {
	return c >= utf8.RuneSelf || isDigitByte(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// appendWord appends the word text[start:end], splitting off a final full
// stop and the clitics "'s" and "n't".
func appendWord(dst []Token, text string, start, end int) []Token {
	var tail []Token
	if end-start > 1 && text[end-1] == '.' && !isAbbreviation(text[start:end]) {
		// "start." and "..": the dots go; "e.g." stays whole.
		dot := end - 1
		for dot > start && text[dot-1] == '.' {
			dot--
		}
		if dot > start {
			tail = append(tail, Token{dot, end})
			end = dot
		}
	}
	w := text[start:end]
	switch {
	case len(w) > 2 && strings.EqualFold(w[len(w)-2:], "'s"):
		dst = append(dst, Token{start, end - 2}, Token{end - 2, end})
	case len(w) > 3 && strings.EqualFold(w[len(w)-3:], "n't"):
		dst = append(dst, Token{start, end - 3}, Token{end - 3, end})
	default:
		dst = append(dst, Token{start, end})
	}
	return append(dst, tail...)
}

// isAbbreviation reports whether a word ending in a full stop keeps it:
// dotted initials ("U.S.", "e.g.") and common abbreviations.
func isAbbreviation(w string) bool {
	if abbreviations[strings.ToLower(w)] {
		return true
	}
	// Single letters separated by dots.
	if len(w) < 4 {
		return false
	}
	for j := 0; j < len(w); j += 2 {
		if j+1 >= len(w) || w[j+1] != '.' || !unicode.IsLetter(rune(w[j])) {
			return false
		}
	}
	return true
}

var abbreviations = map[string]bool{
	"jan.": true, "feb.": true, "mar.": true, "apr.": true, "jun.": true, "jul.": true,
	"aug.": true, "sep.": true, "sept.": true, "oct.": true, "nov.": true, "dec.": true,
	"inc.": true, "ltd.": true, "corp.": true, "co.": true, "vs.": true, "etc.": true,
	"mr.": true, "ms.": true, "mrs.": true, "dr.": true, "st.": true, "no.": true,
}
