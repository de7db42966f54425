package clean

import (
	"strings"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

// maxFrontMatterLines bounds the search for the closing "---": a document
// that opens with a horizontal rule and never closes it has no front matter.
const maxFrontMatterLines = 64

// hasFrontMatter reports whether raw opens with a front matter fence.
func hasFrontMatter(raw string) bool {
	_, _, ok := cutFrontMatter(normalizeNewlines(raw))
	return ok
}

// cutFrontMatter splits "---\nkey: value\n---\nbody" into its header lines and
// body.
func cutFrontMatter(raw string) (header []string, body string, ok bool) {
	rest := strings.TrimLeft(raw, "\n")
	first, rest, found := strings.Cut(rest, "\n")
	if !found || strings.TrimRight(first, " \t") != "---" {
		return nil, raw, false
	}
	for i := 0; i < maxFrontMatterLines; i++ {
		line, after, more := strings.Cut(rest, "\n")
		if t := strings.TrimRight(line, " \t"); t == "---" || t == "..." {
			return header, after, true
		}
		if !more {
			break
		}
		header = append(header, line)
		rest = after
	}
	return nil, raw, false
}

// splitFrontMatter reads the front matter of a text or Markdown document:
// "key: value" lines for title, url, canonical_url, outlet, author and
// published (RFC 3339 or a plain 2006-01-02 date). Unknown keys are ignored;
// a published value that is not a date is reported as a removal rather than
// failing the whole document.
func splitFrontMatter(raw string) (Meta, string, []model.Removal) {
	header, body, ok := cutFrontMatter(raw)
	if !ok {
		return Meta{}, raw, nil
	}
	var (
		m       Meta
		removed []model.Removal
	)
	for _, line := range header {
		key, value, found := strings.Cut(line, ":")
		if !found {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = cleanMetaValue(unquote(strings.TrimSpace(value)))
		if value == "" {
			continue
		}
		switch key {
		case "title":
			m.Title = value
		case "url", "link":
			m.URL = value
		case "canonical", "canonical_url", "canonical-url":
			m.CanonicalURL = value
		case "outlet", "site", "site_name", "source":
			m.Outlet = value
		case "author", "byline":
			m.Author = value
		case "published", "date", "published_at", "pubdate":
			if !m.Published.IsZero() {
				continue // the first date key wins
			}
			t, ok := parseDate(value)
			if !ok {
				removed = append(removed, model.Removal{Reason: "bad-date", Text: value})
				continue
			}
			m.Published = t
		}
	}
	return m, body, removed
}

// unquote strips one pair of matching YAML quotes.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		inner := s[1 : len(s)-1]
		if s[0] == '"' {
			inner = strings.ReplaceAll(inner, `\"`, `"`)
		} else {
			inner = strings.ReplaceAll(inner, "''", "'")
		}
		return inner
	}
	return s
}

// cleanMetaValue normalizes a metadata value to one clean line.
func cleanMetaValue(s string) string {
	return strings.Join(strings.Fields(normalizeText(s)), " ")
}

// dateLayouts are the date formats seen in front matter and HTML heads, most
// specific first.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
}

// parseDate reads a publication date. Values without a zone are taken as UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
