package ingest

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/mmcdole/gofeed"
)

// Feed is a parsed RSS (0.9x, 1.0, 2.0), Atom or JSON Feed document, as
// fetched from a source.
type Feed struct {
	Title   string
	Link    string
	Type    string // "rss", "atom" or "json"
	Version string // "0.91", "1.0", "2.0", "1.1"...
	Items   []Item
}

// ParseFeed reads a feed fetched from base (its URL, used to resolve
// relative links and to name the items). Unlike the entries ReadFile
// returns, an entry with a link but no text is kept, with empty Raw and
// Summary set: the caller fetches the linked page. Entries with neither
// text nor link are dropped.
func ParseFeed(base string, raw []byte) (Feed, error) {
	if err := checkText(raw); err != nil {
		return Feed{}, &Error{Name: base, Err: err}
	}
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(raw))
	if err != nil {
		return Feed{}, &Error{Name: base, Err: fmt.Errorf("not a readable RSS, Atom or JSON feed: %w", err)}
	}
	baseURL, _ := url.Parse(base)
	f := Feed{
		Title: strings.TrimSpace(parsed.Title), Link: resolveLink(baseURL, parsed.Link),
		Type: parsed.FeedType, Version: strings.TrimPrefix(parsed.FeedVersion, "https://jsonfeed.org/version/"),
	}
	for i, it := range parsed.Items {
		if it == nil {
			continue
		}
		body, summary := it.Content, false
		if strings.TrimSpace(body) == "" {
			body, summary = it.Description, true
		}
		link := resolveLink(baseURL, it.Link)
		if strings.TrimSpace(body) == "" {
			if link == "" {
				continue
			}
			body = ""
		}
		item := Item{
			Name:        fmt.Sprintf("%s#%d", base, i+1),
			Raw:         []byte(body),
			ContentType: TypeHTML,
			Title:       strings.TrimSpace(it.Title),
			Outlet:      f.Title,
			URL:         link,
			Summary:     summary,
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			item.Author = strings.TrimSpace(it.Authors[0].Name)
		}
		switch {
		case it.PublishedParsed != nil:
			item.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			item.Published = it.UpdatedParsed.UTC()
		}
		f.Items = append(f.Items, item)
	}
	return f, nil
}

// resolveLink makes an entry's link absolute against the feed's URL; links
// that are not http(s) URLs with a host are dropped.
func resolveLink(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}
