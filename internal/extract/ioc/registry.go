package ioc

import (
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// hives maps registry hive names and their abbreviations (lower case) to the
// full name STIX expects at the head of a key.
var hives = map[string]string{
	"hklm": "HKEY_LOCAL_MACHINE", "hkey_local_machine": "HKEY_LOCAL_MACHINE",
	"hkcu": "HKEY_CURRENT_USER", "hkey_current_user": "HKEY_CURRENT_USER",
	"hkcr": "HKEY_CLASSES_ROOT", "hkey_classes_root": "HKEY_CLASSES_ROOT",
	"hku": "HKEY_USERS", "hkey_users": "HKEY_USERS",
	"hkcc": "HKEY_CURRENT_CONFIG", "hkey_current_config": "HKEY_CURRENT_CONFIG",
	"hkey_performance_data": "HKEY_PERFORMANCE_DATA",
}

// hive reads a registry key whose hive is the word [i, aEnd): HKLM\...,
// HKEY_CURRENT_USER\..., or PowerShell's HKLM:\...
func (s *scanner) hive(i, aEnd int) (int, bool) {
	if aEnd-i > 21 {
		return 0, false
	}
	full, ok := hives[lowerASCII(s.text[i:aEnd])]
	if !ok {
		return 0, false
	}
	sep := aEnd
	if s.at(sep) == ':' {
		sep++
	}
	if s.at(sep) != '\\' {
		return 0, false
	}
	return s.registryKey(i, sep, full)
}

// bracketedHive reads Talos' form, <HKCU>\Software\..., at the '<' at i.
func (s *scanner) bracketedHive(i int) (int, bool) {
	aEnd := scanAtom(s.text, i+1)
	if aEnd-i-1 > 21 || s.at(aEnd) != '>' || s.at(aEnd+1) != '\\' {
		return 0, false
	}
	full, ok := hives[lowerASCII(s.text[i+1:aEnd])]
	if !ok {
		return 0, false
	}
	return s.registryKey(i, aEnd+1, full)
}

// isRegChar reports bytes a key name may hold in running text. Key names may
// hold almost anything; quotes and control bytes end them here.
func isRegChar(c byte) bool {
	return c > ' ' && c < 0x7f && c != '\\' && c != '"' && c != '\'' && c != '`' && c != '|'
}

// registryKey reads the path after a hive, from the backslash at sep.
func (s *scanner) registryKey(start, sep int, full string) (int, bool) {
	t := s.text
	q := sep
	for q < len(t) {
		c := t[q]
		switch {
		case c == '\\' || isRegChar(c):
			q++
		case c == ' ':
			e := s.regSpaceJoin(q)
			if e == 0 {
				e = s.regPhrase(sep, q)
			}
			if e == 0 {
				goto done
			}
			q = e
		default:
			goto done
		}
	}
done:
	// Trailing punctuation and separators belong to the sentence; so does a
	// closing bracket nothing in the key opened.
	const pairs = "()[]{}<>"
	var depth [4]int
	for k := sep; k < q; k++ {
		if p := strings.IndexByte(pairs, t[k]); p >= 0 {
			depth[p/2] += 1 - 2*(p%2)
		}
	}
	for q > sep {
		c := t[q-1]
		if strings.IndexByte(".,;:!?\\", c) >= 0 {
			q--
			continue
		}
		if p := strings.IndexByte(pairs, c); p >= 0 && p%2 == 1 && depth[p/2] < 0 {
			depth[p/2]++
			q--
			continue
		}
		break
	}
	if q <= sep+1 {
		return 0, false
	}
	var b strings.Builder
	b.WriteString(full)
	for k := sep; k < q; k++ {
		if t[k] == '\\' && b.Len() > 0 && k > sep && t[k-1] == '\\' {
			continue // "HKLM\\Software" written with escaped backslashes
		}
		b.WriteByte(t[k])
	}
	s.emit(model.IndicatorRegistry, b.String(), start, q, false, model.DispIndicator)
	return q, true
}

// regSpaceJoin decides whether the space at q is inside a key name
// ("Windows NT\CurrentVersion", "Image File Execution Options\x.exe"): the
// words after it are capitalised and lead to another backslash within a
// short look. It returns where that backslash is, or 0.
func (s *scanner) regSpaceJoin(q int) int {
	t := s.text
	limit := min(len(t), q+64)
	k := q
	for k < limit && t[k] == ' ' {
		k++ // the space
		if k >= limit {
			return 0
		}
		if c := t[k]; !isUpper(c) && !isDigit(c) && c != '<' && c != '{' && c != '(' {
			return 0
		}
		for k < limit && isRegChar(t[k]) && t[k] != ':' && t[k] != '/' {
			k++
		}
		if k < limit && t[k] == '\\' {
			return k
		}
	}
	return 0
}

// regPhrases are key names with spaces that often end a key in prose, where
// no backslash follows to show the words belong to it.
var regPhrases = []string{
	"windows nt", "windows defender", "windows defender security center",
	"internet explorer", "image file execution options",
	"windows error reporting", "windows script host", "terminal server",
	"windows firewall", "windows media player", "windows search",
	"security center", "system certificates", "windows photo viewer",
}

// regPhrase extends the key over a known multi-word name whose first word
// ends at the space at q. It returns the phrase's end, or 0.
func (s *scanner) regPhrase(sep, q int) int {
	t := s.text
	// Phrases are short: look back no further than the longest one.
	from := max(sep, q-32)
	segStart := strings.LastIndexByte(t[from:q], '\\') + from + 1
	if segStart == from {
		return 0
	}
	best := 0
	for _, ph := range regPhrases {
		if len(ph) <= q-segStart || !hasFoldPrefix(t[segStart:], ph) {
			continue
		}
		end := segStart + len(ph)
		if end > best && !isLabel(s.at(end)) {
			best = end
		}
	}
	return best
}

// yara reads a YARA rule name at "rule Name {" or "rule Name : tags {".
func (s *scanner) yara(i, aEnd int) (int, bool) {
	t := s.text
	if t[i:aEnd] != "rule" {
		return 0, false
	}
	q := aEnd
	for q < len(t) && q-aEnd < 8 && (t[q] == ' ' || t[q] == '\t') {
		q++
	}
	nameStart := q
	if c := s.at(q); !isLetter(c) && c != '_' {
		return 0, false
	}
	for q < len(t) && q-nameStart <= 128 && (isAlnum(t[q]) || t[q] == '_') {
		q++
	}
	nameEnd := q
	if nameEnd-nameStart > 128 {
		return 0, false
	}
	limit := min(len(t), q+300)
	skipSpaces := func() {
		for q < limit && (t[q] == ' ' || t[q] == '\t' || t[q] == '\n' || t[q] == '\r') {
			q++
		}
	}
	skipSpaces()
	if q < limit && t[q] == ':' {
		q++
		for q < limit && (isAlnum(t[q]) || t[q] == '_' || t[q] == ' ' || t[q] == '\t') {
			q++
		}
		skipSpaces()
	}
	if q >= limit || t[q] != '{' {
		return 0, false
	}
	s.emit(model.IndicatorYARA, t[nameStart:nameEnd], nameStart, nameEnd, false, model.DispIndicator)
	return nameEnd, true
}
