package store

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSearchTerms bounds how many terms SearchTerms keeps, so a pasted
// paragraph cannot turn into an arbitrarily expensive index query.
const MaxSearchTerms = 32

// SearchTerms splits what an analyst typed into search terms. A
// double-quoted run is one phrase term (an unclosed quote runs to the end);
// everything else splits on white space. Terms keep the characters as typed,
// so `CVE-2024-3400` and `hxxp://bad[.]com` stay whole and each backend can
// hand them to its own tokenizer as a phrase. Control characters and invalid
// UTF-8 count as white space; terms without a letter or digit are dropped,
// since no full-text index can match them. Backends AND the terms together.
func SearchTerms(query string) []string {
	var terms []string
	rest := query
	for len(terms) < MaxSearchTerms {
		rest = strings.TrimLeftFunc(rest, isSeparator)
		if rest == "" {
			break
		}
		var term string
		if rest[0] == '"' {
			body := rest[1:]
			end := strings.IndexByte(body, '"')
			if end < 0 {
				term, rest = body, ""
			} else {
				term, rest = body[:end], body[end+1:]
			}
			// Collapse runs of white space so the phrase reads cleanly.
			term = strings.Join(strings.FieldsFunc(term, isSeparator), " ")
		} else {
			end := strings.IndexFunc(rest, func(r rune) bool { return r == '"' || isSeparator(r) })
			if end < 0 {
				end = len(rest)
			}
			term, rest = rest[:end], rest[end:]
		}
		if hasWordChar(term) {
			terms = append(terms, term)
		}
	}
	return terms
}

func isSeparator(r rune) bool {
	return r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r)
}

func hasWordChar(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0
}
