// Package ioc finds technical indicators in cleaned article text: IP
// addresses and networks, domains, URLs, e-mail addresses, file hashes, CVE,
// CWE and ATT&CK identifiers, cryptocurrency wallets, AS numbers, Windows
// registry keys, file names and YARA rule names.
//
// Find reads the text once, left to right. Only a few bytes can start an
// indicator (a letter or digit at a word boundary, "::", "<"), and every
// attempt either consumes what it read or gives up after a bounded look, so
// the work grows linearly with the text whatever it holds. Defanged forms
// (evil[.]com, hxxps[:]//, user[at]mail(dot)com) are read as the indicators
// they stand for and reported with Defanged set.
//
// Nothing indicator-shaped is dropped silently: a version number that looks
// like an address, an anti-virus detection name that looks like a domain, a
// private address or a well-known benign domain is reported with the
// Disposition that says why it is not worth acting on.
package ioc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-cti/winnow/internal/model"
)

// Options tune Find. The zero value is ready to use.
type Options struct {
	// ReferenceHosts are hosts whose links are the outlet's or vendors' own
	// references (e.g. the article's own site); URLs and domains on them, and
	// on their subdomains, get model.DispReference.
	ReferenceHosts []string
}

// Find returns every indicator-shaped string in text, in order of position.
// Value is refanged and normalized (lower-case domains, hashes and e-mail
// addresses, canonical IPv6, full registry hive names); Original is the text
// as written and Span its byte offsets, so Original == text[Span.Start:Span.End].
// Sentence is left zero for the caller to fill.
//
// Indicators do not overlap, with one exception: a hash inside a URL's path
// (a sandbox or VirusTotal report link) is reported after the URL as well.
// Span starts always increase.
func Find(text string, opts Options) []model.Indicator {
	s := scanner{text: text, refHosts: normalizeHosts(opts.ReferenceHosts)}
	s.run()
	return s.out
}

// scanner holds the state of one Find call.
type scanner struct {
	text     string
	refHosts []string
	out      []model.Indicator
	// lastEnd is where the last top-level indicator ended; nothing may start
	// before it.
	lastEnd int
	// atoms is reused by every chain the scan reads; aux by a second chain
	// read while the first is still needed.
	atoms, aux []atom
}

// Byte classes.
const (
	cLower = 1 << iota
	cUpper
	cDigit
	cHex
	cLabel // may appear in a host label, file name or identifier: [A-Za-z0-9_-]
)

var class = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case 'a' <= c && c <= 'z':
			t[c] = cLower | cLabel
		case 'A' <= c && c <= 'Z':
			t[c] = cUpper | cLabel
		case '0' <= c && c <= '9':
			t[c] = cDigit | cLabel | cHex
		case c == '-' || c == '_':
			t[c] = cLabel
		}
		if ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F') {
			t[c] |= cHex
		}
	}
	return t
}()

func isLabel(c byte) bool  { return class[c]&cLabel != 0 }
func isAlnum(c byte) bool  { return class[c]&(cLower|cUpper|cDigit) != 0 }
func isLetter(c byte) bool { return class[c]&(cLower|cUpper) != 0 }
func isDigit(c byte) bool  { return class[c]&cDigit != 0 }
func isHex(c byte) bool    { return class[c]&cHex != 0 }
func isUpper(c byte) bool  { return class[c]&cUpper != 0 }
func isLower(c byte) bool  { return class[c]&cLower != 0 }

// at returns text[i], or 0 outside the text.
func (s *scanner) at(i int) byte {
	if i < 0 || i >= len(s.text) {
		return 0
	}
	return s.text[i]
}

// scanAtom returns the end of the run of label bytes starting at i.
func scanAtom(t string, i int) int {
	for i < len(t) && class[t[i]]&cLabel != 0 {
		i++
	}
	return i
}

// run scans the text once, left to right.
func (s *scanner) run() {
	t := s.text
	for i := 0; i < len(t); {
		c := t[i]
		if !isAlnum(c) {
			next := i + 1
			switch c {
			case ':':
				// "::1", "::ffff:10.0.0.1": an IPv6 address that starts with
				// its compressed zeros.
				if s.at(i+1) == ':' && !isLabel(s.at(i-1)) && s.at(i-1) != ':' {
					next = s.ipv6(i)
				}
			case '<':
				// Talos writes hives in angle brackets: <HKCU>\Software\...
				if e, ok := s.bracketedHive(i); ok {
					next = e
				}
			}
			i = max(next, i+1)
			continue
		}
		if i > 0 && (isLabel(t[i-1]) || isLatinLetterBefore(t, i)) {
			// Inside a word: an indicator never starts mid-word
			// (NWD2HUBCAS8 holds no AS number, bücher.de no cher.de).
			i = scanAtom(t, i)
			continue
		}
		i = max(s.word(i), i+1)
	}
}

// word reads what starts with the label run at i and returns where scanning
// resumes.
func (s *scanner) word(i int) int {
	t := s.text
	aEnd := scanAtom(t, i)
	next := s.at(aEnd)
	if next == ':' || next == '[' || next == '(' || next == '*' {
		if e, ok := s.schemeURL(i, aEnd); ok {
			return e
		}
	}
	if next == '\\' || next == ':' {
		if e, ok := s.hive(i, aEnd); ok {
			return e
		}
	}
	if next == ' ' || next == '\t' || next == ':' {
		if e, ok := s.yara(i, aEnd); ok {
			return e
		}
		if e, ok := s.spacedASN(i, aEnd); ok {
			return e
		}
	}
	if next == ':' && aEnd-i <= 4 && allHex(t[i:aEnd]) {
		// A hex group before a colon can only start an IPv6 address; the
		// run it heads (times, MAC addresses) holds nothing else.
		return s.ipv6(i)
	}
	if plainEnd(t, aEnd) {
		// Most words end at a byte that can neither join a label nor be an
		// at sign: no chain to read.
		return s.singleAtom(i, aEnd)
	}
	ch := s.scanChain(i, aEnd)
	if atEnd, def := atSignAt(t, ch.end); atEnd > 0 {
		if e, ok := s.email(ch, atEnd, def); ok {
			return e
		}
	}
	return s.classify(ch)
}

// isLatinLetterBefore reports whether the character ending at i is a
// non-ASCII Latin letter (é, ü): the ASCII that follows continues a word.
// Other scripts are left alone; Japanese and Chinese text runs indicators
// into words with no space.
func isLatinLetterBefore(t string, i int) bool {
	if i == 0 || t[i-1] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t[:i])
	return unicode.Is(unicode.Latin, r)
}

// isLatinLetterAt reports whether a non-ASCII Latin letter starts at i.
func isLatinLetterAt(t string, i int) bool {
	if i >= len(t) || t[i] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t[i:])
	return unicode.Is(unicode.Latin, r)
}

// plainEnd reports whether the byte at p ends a word outright: it cannot be
// or begin a dot, defanged or not, or an at sign.
func plainEnd(t string, p int) bool {
	if p >= len(t) {
		return true
	}
	switch t[p] {
	case '.', '[', '(', '{', '\\', '@':
		return false
	case ' ':
		if p+1 >= len(t) {
			return true
		}
		switch t[p+1] {
		case '[', '(', '{', 'd', 'D', '.':
			return false
		}
	}
	return true
}

// emit records one top-level indicator.
func (s *scanner) emit(typ model.IndicatorType, value string, start, end int, defanged bool, disp model.Disposition) {
	if start < s.lastEnd || start >= end || end > len(s.text) {
		return
	}
	s.out = append(s.out, model.Indicator{
		Type:        typ,
		Value:       value,
		Original:    s.text[start:end],
		Defanged:    defanged,
		Disposition: disp,
		Span:        model.Span{Start: start, End: end},
	})
	s.lastEnd = end
}

// emitNested records an indicator inside the one just emitted (a hash in a
// URL's path).
func (s *scanner) emitNested(typ model.IndicatorType, value string, start, end int) {
	if n := len(s.out); n == 0 || start <= s.out[n-1].Span.Start || end > s.lastEnd {
		return
	}
	s.out = append(s.out, model.Indicator{
		Type:        typ,
		Value:       value,
		Original:    s.text[start:end],
		Disposition: model.DispIndicator,
		Span:        model.Span{Start: start, End: end},
	})
}

// prevWord returns, lower-cased, the word that ends just before pos, looking
// past a few spaces and punctuation marks ("version: 1.2.3.4", "ver. 1.0").
func (s *scanner) prevWord(pos int) string {
	t := s.text
	j := pos
	for skipped := 0; j > 0 && skipped < 4; skipped++ {
		c := t[j-1]
		if c != ' ' && c != '\t' && c != ':' && c != '.' && c != '"' && c != '\'' && c != '(' {
			break
		}
		j--
	}
	k := j
	for k > 0 && j-k < 24 && isLetter(t[k-1]) {
		k--
	}
	if k > 0 && isLabel(t[k-1]) {
		return ""
	}
	return strings.ToLower(t[k:j])
}

// nextWord returns, lower-cased, the word that starts just after pos.
func (s *scanner) nextWord(pos int) string {
	t := s.text
	j := pos
	for skipped := 0; j < len(t) && skipped < 3; skipped++ {
		c := t[j]
		if c != ' ' && c != '\t' && c != '"' && c != '\'' && c != ')' {
			break
		}
		j++
	}
	k := j
	for k < len(t) && k-j < 24 && isLetter(t[k]) {
		k++
	}
	return strings.ToLower(t[j:k])
}

// normalizeHosts lower-cases reference hosts and strips what a caller may
// have left around them: a scheme, a path, "www.".
func normalizeHosts(hosts []string) []string {
	var out []string
	for _, h := range hosts {
		h = strings.ToLower(strings.TrimSpace(h))
		if k := strings.Index(h, "://"); k >= 0 {
			h = h[k+3:]
		}
		if k := strings.IndexAny(h, "/?#:"); k >= 0 {
			h = h[:k]
		}
		h = strings.TrimSuffix(strings.TrimPrefix(h, "www."), ".")
		if h != "" {
			out = append(out, h)
		}
	}
	return out
}

// lowerASCII lower-cases ASCII letters, allocating only when it must.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if isUpper(s[i]) {
			return strings.ToLower(s)
		}
	}
	return s
}

// hasFoldPrefix reports whether s starts with prefix, ignoring ASCII case;
// prefix is lower case.
func hasFoldPrefix(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return s != ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// digitsAt returns the end of the run of ASCII digits at i.
func (s *scanner) digitsAt(i int) int {
	for i < len(s.text) && isDigit(s.text[i]) {
		i++
	}
	return i
}
