// Package clean turns one raw document (an HTML page, scraped text or
// Markdown) into its main article text and metadata. It drops page chrome,
// boilerplate lines and repeated paragraphs, and says what it dropped and why
// so a reader can audit the result.
//
// The output text is plain text: paragraphs separated by exactly "\n\n",
// lines inside a paragraph (a <br>, a code block) by "\n", Unicode in NFC,
// no markup. Escaped markup in a page ("&lt;script&gt;") becomes the literal
// text it shows; escaping for display is the renderer's job.
//
// Clean is a pure function: no network, no files, safe for concurrent use.
package clean

import (
	"errors"
	"fmt"
	"mime"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/winnow-cti/winnow/internal/model"
)

// Content types Clean understands.
const (
	TypeHTML     = "text/html"
	TypePlain    = "text/plain"
	TypeMarkdown = "text/markdown"
)

// Document is one raw document as read by ingest.
type Document struct {
	Name        string // file name or URL, for error messages
	Raw         []byte
	ContentType string // TypeHTML, TypePlain, TypeMarkdown; empty: sniff
	Meta        Meta   // hints from the feed or caller; non-empty fields win over what the document says
}

// Meta is what is known about a document besides its text.
type Meta struct {
	Title        string
	Author       string
	Outlet       string
	URL          string
	CanonicalURL string
	Published    time.Time
}

// Result is a cleaned document.
type Result struct {
	Meta    Meta            // merged: hints, then front matter or the HTML head
	Text    string          // main text: paragraphs separated by exactly "\n\n"
	Removed []model.Removal // what was dropped and why, in document order per stage
}

// ErrNoText is returned, wrapped with the document name, when nothing of the
// document is left after cleaning.
var ErrNoText = errors.New("clean: no article text")

// block is one paragraph on its way through cleaning.
type block struct {
	text  string
	list  bool // a list item: kept as its own paragraph, dropped after a "Related" heading
	code  bool // preformatted: no boilerplate rules, no unwrapping
	table bool // a table row rendered "cell | cell": no boilerplate rules
	wrap  bool // plain text whose lines may be hard-wrapped prose
}

// Clean extracts the main text and metadata of doc.
func Clean(doc Document) (Result, error) {
	name := doc.Name
	if name == "" {
		name = "(unnamed document)"
	}
	if !utf8.Valid(doc.Raw) {
		return Result{}, fmt.Errorf("clean: %s: invalid UTF-8 at byte %d", name, firstInvalidUTF8(doc.Raw))
	}
	raw := strings.TrimPrefix(string(doc.Raw), "\uFEFF")
	kind, err := contentKind(doc.ContentType, doc.Name, raw)
	if err != nil {
		return Result{}, fmt.Errorf("clean: %s: %w", name, err)
	}

	var (
		found   Meta
		blocks  []block
		removed []model.Removal
	)
	switch kind {
	case TypeHTML:
		blocks, found, removed, err = cleanHTML(raw, doc.Meta)
		if err != nil {
			return Result{}, fmt.Errorf("clean: %s: %w", name, err)
		}
	default:
		raw = normalizeNewlines(raw)
		fm, body, fmRemoved := splitFrontMatter(raw)
		found, removed = fm, fmRemoved
		hosts := siteHosts(mergeMeta(doc.Meta, found))
		if kind == TypeMarkdown {
			var mdRemoved []model.Removal
			blocks, mdRemoved = markdownBlocks(body, hosts)
			removed = append(removed, mdRemoved...)
		} else {
			blocks = plainBlocks(body)
		}
	}

	meta := mergeMeta(doc.Meta, found)
	text, finishRemoved := finish(blocks, meta)
	removed = append(removed, finishRemoved...)
	if text == "" {
		return Result{}, fmt.Errorf("%w: %s", ErrNoText, name)
	}
	return Result{Meta: meta, Text: text, Removed: removed}, nil
}

// finish runs the stages every content type shares: whitespace and Unicode
// normalization, boilerplate lines, the repeated title, hard-wrap joining and
// repeated paragraphs. It returns the joined text.
func finish(blocks []block, meta Meta) (string, []model.Removal) {
	var removed []model.Removal
	normalized := blocks[:0:0]
	for _, b := range blocks {
		b.text = normalizeText(b.text)
		if b.text != "" {
			normalized = append(normalized, b)
		}
	}

	kept, bpRemoved := dropBoilerplate(normalized, meta)
	removed = append(removed, bpRemoved...)

	kept, titleRemoved := dropHeadline(kept, meta.Title)
	removed = append(removed, titleRemoved...)

	for i := range kept {
		if kept[i].wrap {
			kept[i].text = unwrapLines(kept[i].text)
		}
	}

	kept, repRemoved := collapseRepeats(kept)
	removed = append(removed, repRemoved...)

	paragraphs := make([]string, len(kept))
	for i, b := range kept {
		paragraphs[i] = b.text
	}
	return strings.Join(paragraphs, "\n\n"), removed
}

// headlineWindow is how far into the text the page's headline is looked for.
const headlineWindow = 6

// dropHeadline removes the paragraph that repeats the title near the top of
// the text: the title lives in Meta already. The short lines before it
// (section kickers, site names, menus that no rule caught) are page chrome
// and go with it. Nothing is dropped when the title is all there is.
func dropHeadline(blocks []block, title string) ([]block, []model.Removal) {
	key := comparisonKey(title)
	if key == "" || len(blocks) < 2 {
		return blocks, nil
	}
	for i := 0; i < len(blocks) && i < headlineWindow; i++ {
		if comparisonKey(blocks[i].text) != key {
			if len(strings.Fields(blocks[i].text)) > maxChromeWords {
				return blocks, nil // the article has started; a later match is text
			}
			continue
		}
		var removed []model.Removal
		for _, b := range blocks[:i] {
			removed = append(removed, model.Removal{Reason: "before-title", Text: b.text})
		}
		removed = append(removed, model.Removal{Reason: "title", Text: blocks[i].text})
		return blocks[i+1:], removed
	}
	return blocks, nil
}

// maxChromeWords: longer lines before the headline are article text.
const maxChromeWords = 12

// contentKind decides how to read a document: the declared type first, then
// what the bytes look like, then the file extension.
func contentKind(declared, name, raw string) (string, error) {
	if declared != "" {
		mediaType, _, err := mime.ParseMediaType(declared)
		if err != nil {
			return "", fmt.Errorf("bad content type %q: %w", declared, err)
		}
		switch mediaType {
		case TypeHTML, "application/xhtml+xml":
			return TypeHTML, nil
		case TypeMarkdown, "text/x-markdown":
			return TypeMarkdown, nil
		case TypePlain:
			return TypePlain, nil
		}
		return "", fmt.Errorf("unsupported content type %q", declared)
	}

	if looksLikeHTML(raw) {
		return TypeHTML, nil
	}
	switch strings.ToLower(path.Ext(stripQuery(name))) {
	case ".html", ".htm", ".xhtml":
		return TypeHTML, nil
	case ".md", ".markdown":
		return TypeMarkdown, nil
	case ".txt", ".text":
		return TypePlain, nil
	}
	if hasFrontMatter(raw) && looksLikeMarkdown(raw) {
		return TypeMarkdown, nil
	}
	return TypePlain, nil
}

func stripQuery(name string) string {
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		return name[:i]
	}
	return name
}

// looksLikeHTML reports whether the document opens like an HTML page.
func looksLikeHTML(raw string) bool {
	head := strings.TrimLeft(raw, " \t\r\n")
	if len(head) > 512 {
		head = head[:512]
	}
	head = strings.ToLower(head)
	for _, prefix := range []string{"<!doctype html", "<html", "<head", "<body", "<?xml"} {
		if strings.HasPrefix(head, prefix) {
			return true
		}
	}
	// A comment or two before the doctype is common in generated pages.
	return strings.HasPrefix(head, "<!--") && strings.Contains(head, "<html")
}

// looksLikeMarkdown reports whether a document with front matter uses Markdown
// syntax that plain text would not: headings, links, strong emphasis, fences.
func looksLikeMarkdown(raw string) bool {
	for _, line := range strings.Split(raw, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "# ") || strings.HasPrefix(line, "## ") || strings.HasPrefix(line, "```") {
			return true
		}
		if strings.Contains(line, "](") || strings.Contains(line, "**") {
			return true
		}
	}
	return false
}

// mergeMeta fills the empty fields of hints from found.
func mergeMeta(hints, found Meta) Meta {
	m := hints
	pick := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	pick(&m.Title, found.Title)
	pick(&m.Author, found.Author)
	pick(&m.Outlet, found.Outlet)
	pick(&m.URL, found.URL)
	pick(&m.CanonicalURL, found.CanonicalURL)
	if m.Published.IsZero() {
		m.Published = found.Published
	}
	return m
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}
