package clean

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/winnow-cti/winnow/internal/model"
)

// metaKeys lists, per field, the <meta> names and properties to read, best
// first.
var metaKeys = struct {
	title, url, outlet, author, published []string
}{
	title:     []string{"og:title", "twitter:title", "dc.title"},
	url:       []string{"og:url"},
	outlet:    []string{"og:site_name", "application-name"},
	author:    []string{"author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl"},
	published: []string{"article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date", "dc.date.issued", "parsely-pub-date", "sailthru.date"},
}

// pageHead is what a page says about itself outside the article text.
type pageHead struct {
	meta      map[string]string // lowercased name/property/itemprop -> first content
	title     string            // <title>
	canonical string            // <link rel=canonical>
	jsonLD    []string          // bodies of application/ld+json scripts
}

// pageMeta reads a page's metadata: <meta> tags, then JSON-LD, then <title>.
// A relative canonical link is resolved against base (the URL the page was
// read from, when known). A date that is present but unreadable is reported
// as a removal.
func pageMeta(doc *html.Node, base string) (Meta, []model.Removal) {
	head := pageHead{meta: map[string]string{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				content := attr(n, "content")
				for _, key := range []string{"property", "name", "itemprop"} {
					k := strings.ToLower(strings.TrimSpace(attr(n, key)))
					if k != "" && content != "" {
						if _, seen := head.meta[k]; !seen {
							head.meta[k] = content
						}
					}
				}
			case atom.Title:
				if head.title == "" && n.FirstChild != nil {
					head.title = n.FirstChild.Data
				}
			case atom.Link:
				if head.canonical == "" && hasToken(attr(n, "rel"), "canonical") {
					head.canonical = attr(n, "href")
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
					head.jsonLD = append(head.jsonLD, n.FirstChild.Data)
				}
			case atom.Svg, atom.Template:
				return // their <title> and <meta> are not the page's
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	var m Meta
	ld := readJSONLD(head.jsonLD)
	first := func(keys []string) string {
		for _, k := range keys {
			if v := cleanMetaValue(head.meta[k]); v != "" {
				return v
			}
		}
		return ""
	}
	m.Outlet = firstNonEmpty(first(metaKeys.outlet), ld.outlet)
	m.Title = firstNonEmpty(first(metaKeys.title), ld.title, stripSiteName(cleanMetaValue(head.title), m.Outlet))
	m.Author = firstNonEmpty(authorName(first(metaKeys.author)), ld.author)
	m.URL = firstNonEmpty(absoluteURL(first(metaKeys.url), ""), absoluteURL(ld.url, ""))
	m.CanonicalURL = absoluteURL(cleanMetaValue(head.canonical), firstNonEmpty(m.URL, base))
	if m.URL == "" {
		m.URL = m.CanonicalURL
	}
	if m.CanonicalURL == "" {
		m.CanonicalURL = m.URL
	}

	var removed []model.Removal
	var bad string
	for _, v := range append(metaValues(head.meta, metaKeys.published), ld.published) {
		if v == "" {
			continue
		}
		if t, ok := parseDate(v); ok {
			m.Published = t
			bad = ""
			break
		}
		if bad == "" {
			bad = v
		}
	}
	if bad != "" {
		removed = append(removed, model.Removal{Reason: "bad-date", Text: truncate(bad, 100)})
	}
	return m, removed
}

func metaValues(meta map[string]string, keys []string) []string {
	var out []string
	for _, k := range keys {
		if v := cleanMetaValue(meta[k]); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func hasToken(list, token string) bool {
	for _, t := range strings.Fields(list) {
		if strings.EqualFold(t, token) {
			return true
		}
	}
	return false
}

// authorName drops what is not a name: a profile URL or a "By " prefix.
func authorName(s string) string {
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return ""
	}
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = strings.TrimSpace(s[3:])
	}
	return s
}

// absoluteURL resolves ref against base and keeps it only when the result is
// an absolute http(s) URL.
func absoluteURL(ref, base string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if !u.IsAbs() && base != "" {
		b, err := url.Parse(base)
		if err != nil {
			return ""
		}
		u = b.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// stripSiteName removes the outlet's name from a <title> such as
// "Headline | Outlet" or "Outlet - Headline".
func stripSiteName(title, outlet string) string {
	if outlet == "" {
		return title
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · ", ": "} {
		if rest, ok := strings.CutSuffix(title, sep+outlet); ok && rest != "" {
			return strings.TrimSpace(rest)
		}
		if rest, ok := strings.CutPrefix(title, outlet+sep); ok && rest != "" {
			return strings.TrimSpace(rest)
		}
	}
	return title
}

// firstTimeIn returns the first readable <time datetime> in the given
// subtrees, the fallback publication date of a page without meta tags.
func firstTimeIn(roots ...*html.Node) (time.Time, bool) {
	for _, root := range roots {
		if root == nil {
			continue
		}
		var found time.Time
		var walk func(n *html.Node) bool
		walk = func(n *html.Node) bool {
			if n.Type == html.ElementNode && n.DataAtom == atom.Time {
				if t, ok := parseDate(attr(n, "datetime")); ok {
					found = t
					return true
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if walk(c) {
					return true
				}
			}
			return false
		}
		if walk(root) {
			return found, true
		}
	}
	return time.Time{}, false
}

// ldFields is what JSON-LD adds when meta tags are missing.
type ldFields struct {
	title, author, outlet, url, published string
}

// readJSONLD takes the first article-like object (one with a headline) from
// the page's JSON-LD blocks. Malformed JSON is ignored: it is a hint, not
// the document.
func readJSONLD(scripts []string) ldFields {
	for _, script := range scripts {
		var v any
		if err := json.Unmarshal([]byte(strings.TrimSpace(script)), &v); err != nil {
			continue
		}
		if obj := findArticleObject(v, 0); obj != nil {
			return ldFields{
				title:     cleanMetaValue(ldString(obj["headline"])),
				author:    cleanMetaValue(ldName(obj["author"])),
				outlet:    cleanMetaValue(ldName(obj["publisher"])),
				url:       cleanMetaValue(firstNonEmpty(ldString(obj["url"]), ldName(obj["mainEntityOfPage"]))),
				published: cleanMetaValue(ldString(obj["datePublished"])),
			}
		}
	}
	return ldFields{}
}

// findArticleObject searches arrays and @graph lists, to a bounded depth.
func findArticleObject(v any, depth int) map[string]any {
	if depth > 8 {
		return nil
	}
	switch t := v.(type) {
	case map[string]any:
		if _, ok := t["headline"]; ok {
			return t
		}
		if g, ok := t["@graph"]; ok {
			return findArticleObject(g, depth+1)
		}
	case []any:
		for _, item := range t {
			if obj := findArticleObject(item, depth+1); obj != nil {
				return obj
			}
		}
	}
	return nil
}

func ldString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// ldName reads a name from a string, an object with "name" or "@id", or the
// first such item of a list.
func ldName(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		return firstNonEmpty(ldString(t["name"]), ldString(t["@id"]))
	case []any:
		var names []string
		for _, item := range t {
			if n := ldName(item); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}
