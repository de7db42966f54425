package resolve

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the form under which names are compared: lower case,
// diacritics folded, full-width forms narrowed, and spaces, hyphens, dots,
// underscores, apostrophes and quotes removed, so that "APT 31", "apt-31" and
// "APT31" meet. A trailing possessive ("'s") and a trailing "Team", "Group" or
// "gang" word are dropped ("Lazarus Group's" -> "lazarus") as long as a word
// remains. Everything else, digits and symbols such as "@" or "$" included,
// is kept so that distinct names stay distinct.
func Normalize(name string) string {
	var buf [64]byte
	return string(appendNormalized(buf[:0], name))
}

// appendNormalized appends the normalized form of name to dst. Plain ASCII
// names, the common case, take a path that does not allocate when dst has
// room.
func appendNormalized(dst []byte, name string) []byte {
	name = trimDecorations(name)
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return appendFolded(dst, name)
		}
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		case isASCIISeparator(c):
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// appendFolded is the general path: compatibility decomposition, then
// combining marks dropped and letters lowered.
func appendFolded(dst []byte, name string) []byte {
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r), isSeparator(r):
			continue
		}
		if s, ok := foldSpecial[r]; ok {
			dst = append(dst, s...)
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// Fold returns name in lower case with diacritics removed and compatibility
// forms (full-width letters, ligatures) replaced, keeping its spacing and
// punctuation: "Ürümqi Tëam" -> "urumqi team".
func Fold(name string) string {
	var b []byte
	for _, r := range norm.NFKD.String(name) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if s, ok := foldSpecial[r]; ok {
			b = append(b, s...)
			continue
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return string(b)
}

// foldSpecial maps letters that have no decomposition to their usual Latin
// transliteration.
var foldSpecial = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l",
	'ı': "i", 'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d",
}

func isASCIISeparator(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', '-', '_', '.', '\'', '"', '`':
		return true
	}
	return false
}

// isSeparator reports whether r only separates words: spaces, dashes of
// every kind, dots, underscores, apostrophes, quotes and invisible format
// characters.
func isSeparator(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIISeparator(byte(r))
	}
	switch r {
	case '’', '‘', 'ʼ', '′', '“', '”', '„', '«', '»', '·', '・', '。':
		return true
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || unicode.Is(unicode.Cf, r)
}

// trimDecorations removes what does not name anything: surrounding
// separators, a trailing possessive and a trailing "Team", "Group" or "gang"
// word. It slices name and never allocates.
func trimDecorations(name string) string {
	name = trimSeparators(name)
	name = trimPossessive(name)
	if rest, ok := cutSuffixWord(name); ok {
		name = trimPossessive(rest)
	}
	return name
}

func trimSeparators(s string) string {
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if !isSeparator(r) {
			break
		}
		s = s[n:]
	}
	for len(s) > 0 {
		r, n := utf8.DecodeLastRuneInString(s)
		if !isSeparator(r) {
			break
		}
		s = s[:len(s)-n]
	}
	return s
}

// trimPossessive drops a final "'s" (straight or curly apostrophe).
func trimPossessive(s string) string {
	for _, p := range [...]string{"'s", "'S", "’s", "’S"} {
		if len(s) > len(p) && strings.HasSuffix(s, p) {
			return trimSeparators(s[:len(s)-len(p)])
		}
	}
	return s
}

// cutSuffixWord removes a last word "team", "group" or "gang" when another
// word comes before it.
func cutSuffixWord(s string) (string, bool) {
	end := len(s)
	start := end
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:start])
		if isSeparator(r) {
			break
		}
		start -= n
	}
	if start == 0 {
		return s, false
	}
	word := s[start:end]
	if !strings.EqualFold(word, "team") && !strings.EqualFold(word, "group") && !strings.EqualFold(word, "gang") {
		return s, false
	}
	rest := trimSeparators(s[:start])
	if rest == "" {
		return s, false
	}
	return rest, true
}
