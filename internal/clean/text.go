package clean

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// normalizeText puts a paragraph in canonical form: NFC, every kind of space
// a plain space, invisible characters gone, runs of spaces collapsed, each
// line trimmed and empty lines dropped. Curly quotes and dashes stay as
// written: they are text, not formatting.
func normalizeText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	lineHasText := false // the current output line has a visible character
	needBreak, needSpace := false, false
	for _, r := range s {
		switch {
		case isLineBreak(r):
			if lineHasText {
				needBreak = true
			}
			lineHasText, needSpace = false, false
			continue
		case unicode.IsSpace(r):
			if lineHasText {
				needSpace = true
			}
			continue
		case isInvisible(r):
			continue
		}
		if needBreak {
			b.WriteByte('\n')
		} else if needSpace {
			b.WriteByte(' ')
		}
		needBreak, needSpace, lineHasText = false, false, true
		b.WriteRune(r)
	}
	// Composition runs last so a mark split from its letter by an invisible
	// character still joins it. It cannot bring spaces back: no canonical
	// decomposition of a non-space is a space.
	return norm.NFC.String(b.String())
}

func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// isInvisible reports characters that carry no text: zero-width spaces, the
// byte-order mark, soft hyphens and control characters. Zero-width joiners
// are kept: some scripts and emoji need them.
func isInvisible(r rune) bool {
	switch r {
	case '\u200B', '\u2060', '\uFEFF', '\u00AD', '\u180E':
		return true
	}
	return unicode.IsControl(r)
}

// comparisonKey reduces text to what matters when asking "is this the same
// paragraph": lowercase words with surrounding punctuation stripped and
// quote variants unified.
func comparisonKey(s string) string {
	return strings.Join(comparisonWords(s), " ")
}

func comparisonWords(s string) []string {
	fields := strings.Fields(s)
	words := fields[:0]
	for _, f := range fields {
		if !isPlainLowerWord(f) {
			f = strings.Map(unifyQuote, strings.ToLower(f))
			f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		}
		if f != "" {
			words = append(words, f)
		}
	}
	return words
}

// isPlainLowerWord reports an ASCII word of lowercase letters and digits:
// the common case, already in comparison form.
func isPlainLowerWord(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func unifyQuote(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u02BC', '\u2032', '`':
		return '\''
	case '\u201C', '\u201D', '\u2033':
		return '"'
	}
	return r
}

// truncate shortens s to at most limit runes, marking the cut.
func truncate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	n := 0
	for i := range s {
		if n == limit {
			return strings.TrimSpace(s[:i]) + "…"
		}
		n++
	}
	return s
}

// maxRemovalText bounds the text kept for one removal: enough to recognize
// it, not a second copy of a whole comment thread.
const maxRemovalText = 500

// isBulletLine reports whether a line starts with a list marker.
func isBulletLine(line string) bool {
	for _, p := range []string{"- ", "* ", "+ ", "• ", "· ", "– "} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// unwrapLines joins hard-wrapped prose lines back into one line. A line is a
// wrap of the next when it is long relative to the longest line of the
// paragraph, the paragraph looks wrapped at a fixed width (no line over 100
// runes) and the next line is not a list item. Lists, addresses and
// indicator lists keep their line breaks.
func unwrapLines(text string) string {
	if !strings.Contains(text, "\n") {
		return text
	}
	lines := strings.Split(text, "\n")
	longest := 0
	for _, l := range lines {
		longest = max(longest, utf8.RuneCountInString(l))
	}
	if longest > 100 {
		return text
	}
	var b strings.Builder
	b.WriteString(lines[0])
	for i := 1; i < len(lines); i++ {
		prev, cur := lines[i-1], lines[i]
		prevLen := utf8.RuneCountInString(prev)
		wrapped := prevLen >= 40 && prevLen*4 >= longest*3 &&
			len(strings.Fields(prev)) >= 5 &&
			!strings.HasSuffix(prev, ":") && !isBulletLine(cur)
		if wrapped {
			b.WriteByte(' ')
		} else {
			b.WriteByte('\n')
		}
		b.WriteString(cur)
	}
	return b.String()
}

// siteHosts lists the hosts a document's own links live on, so links to the
// same site can be told from citations of other sites.
func siteHosts(m Meta) []string {
	var hosts []string
	for _, raw := range []string{m.URL, m.CanonicalURL} {
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			hosts = append(hosts, bareHost(u.Hostname()))
		}
	}
	return hosts
}

func bareHost(h string) string {
	return strings.TrimPrefix(strings.ToLower(h), "www.")
}

// citedURL returns the URL to keep after a link's text, or "" when the link
// is relative, not http(s), points at the document's own site, or its text
// already shows the address. Keeping other sites' URLs keeps the citations
// ("according to a report from ...") the later stages attribute claims to.
func citedURL(href, linkText string, hosts []string) string {
	href = strings.TrimSpace(href)
	u, err := url.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	host := bareHost(u.Hostname())
	for _, h := range hosts {
		if host == h || strings.HasSuffix(host, "."+h) || strings.HasSuffix(h, "."+host) {
			return ""
		}
	}
	lower := strings.ToLower(linkText)
	if strings.TrimSpace(lower) == "" || strings.Contains(lower, host) {
		return ""
	}
	return href
}
