// Package opml reads and writes OPML subscription lists (OPML 1.0 and 2.0),
// the format feed readers import and export, so analysts can bring their
// feed lists to winnow and take them away again.
package opml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Entry is one subscription: a feed (XMLURL set) or, for outlines of type
// "link", a web page (URL set).
type Entry struct {
	Title    string
	XMLURL   string // the feed
	HTMLURL  string // the site the feed belongs to
	URL      string // a page, for type="link" outlines
	Category string // the titles of the enclosing outlines, joined by "/"
}

// Target is what the entry subscribes to: the feed, else the page.
func (e Entry) Target() string {
	if e.XMLURL != "" {
		return e.XMLURL
	}
	return e.URL
}

// ErrNotOPML is returned for a document whose root is not <opml>.
var ErrNotOPML = errors.New("opml: not an OPML document")

type outline struct {
	Attrs    []xml.Attr `xml:",any,attr"`
	Outlines []outline  `xml:"outline"`
}

func (o outline) attr(name string) string {
	for _, a := range o.Attrs {
		if strings.EqualFold(a.Name.Local, name) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

type document struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title string `xml:"title"`
	} `xml:"head"`
	Body struct {
		Outlines []outline `xml:"outline"`
	} `xml:"body"`
}

// Parse reads an OPML document and returns its subscriptions in document
// order, with the list's title. An untitled entry is titled by its URL. Outlines without a feed or link URL only
// group others; their titles become the Category of what they hold.
// Duplicate targets are kept once.
func Parse(r io.Reader) (title string, entries []Entry, err error) {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = charset.NewReaderLabel
	dec.Strict = false // OPML files in the wild carry bare & and HTML entities
	dec.Entity = xml.HTMLEntity
	var doc document
	if err := dec.Decode(&doc); err != nil {
		var se xml.UnmarshalError
		if errors.As(err, &se) || strings.Contains(err.Error(), "expected element type <opml>") {
			return "", nil, fmt.Errorf("%w: %v", ErrNotOPML, err)
		}
		return "", nil, fmt.Errorf("opml: %w", err)
	}
	seen := map[string]bool{}
	var walk func(list []outline, path []string)
	walk = func(list []outline, path []string) {
		for _, o := range list {
			name := firstNonEmpty(o.attr("title"), o.attr("text"))
			e := Entry{
				Title: name, XMLURL: o.attr("xmlUrl"), HTMLURL: o.attr("htmlUrl"),
				Category: strings.Join(path, "/"),
			}
			if e.XMLURL == "" && strings.EqualFold(o.attr("type"), "link") {
				e.URL = o.attr("url")
			}
			if t := e.Target(); t != "" {
				if e.Title == "" {
					e.Title = t // what readers show for an untitled feed
				}
				if !seen[t] {
					seen[t] = true
					entries = append(entries, e)
				}
			}
			if len(o.Outlines) > 0 {
				sub := path
				if e.Target() == "" && name != "" {
					sub = append(path[:len(path):len(path)], strings.ReplaceAll(name, "/", "-"))
				}
				walk(o.Outlines, sub)
			}
		}
	}
	walk(doc.Body.Outlines, nil)
	return strings.TrimSpace(doc.Head.Title), entries, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// Write writes entries as an OPML 2.0 document titled title, grouping them
// in nested outlines by Category in order of first appearance.
func Write(w io.Writer, title string, entries []Entry, created time.Time) error {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<opml version=\"2.0\">\n  <head>\n")
	writeElem(&b, "    ", "title", title)
	if !created.IsZero() {
		writeElem(&b, "    ", "dateCreated", created.UTC().Format(time.RFC1123Z))
	}
	b.WriteString("  </head>\n  <body>\n")
	root := &group{}
	for _, e := range entries {
		g := root
		if e.Category != "" {
			for _, part := range strings.Split(e.Category, "/") {
				g = g.child(part)
			}
		}
		g.entries = append(g.entries, e)
	}
	root.write(&b, "    ")
	b.WriteString("  </body>\n</opml>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// group is a category outline while writing.
type group struct {
	name     string
	entries  []Entry
	children []*group
}

func (g *group) child(name string) *group {
	for _, c := range g.children {
		if c.name == name {
			return c
		}
	}
	c := &group{name: name}
	g.children = append(g.children, c)
	return c
}

func (g *group) write(b *bytes.Buffer, indent string) {
	for _, e := range g.entries {
		b.WriteString(indent + "<outline")
		name := firstNonEmpty(e.Title, e.Target())
		if e.XMLURL != "" {
			writeAttrs(b, "type", "rss", "text", name, "title", name, "xmlUrl", e.XMLURL, "htmlUrl", e.HTMLURL)
		} else {
			writeAttrs(b, "type", "link", "text", name, "title", name, "url", e.URL)
		}
		b.WriteString("/>\n")
	}
	for _, c := range g.children {
		b.WriteString(indent + "<outline")
		writeAttrs(b, "text", c.name, "title", c.name)
		b.WriteString(">\n")
		c.write(b, indent+"  ")
		b.WriteString(indent + "</outline>\n")
	}
}

func writeAttrs(b *bytes.Buffer, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		b.WriteString(" " + kv[i] + "=\"")
		xml.EscapeText(b, []byte(kv[i+1]))
		b.WriteString("\"")
	}
}

func writeElem(b *bytes.Buffer, indent, name, text string) {
	b.WriteString(indent + "<" + name + ">")
	xml.EscapeText(b, []byte(text))
	b.WriteString("</" + name + ">\n")
}
