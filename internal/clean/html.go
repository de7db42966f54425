package clean

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/winnow-cti/winnow/internal/model"
)

// cleanHTML finds a page's main text and metadata.
//
// Main text: the page is first stripped of junk (scripts, navigation, page
// header and footer, asides, forms, hidden elements, and elements whose
// class or id names an ad, share bar, newsletter box and the like). The
// root of the article is then the largest <article>, else the largest
// <main>, else the element whose paragraphs hold the most non-link text; an
// <article> or <main> only wins when it holds at least half as much text as
// that best block, so a teaser card or an empty <main> does not.
func cleanHTML(raw string, hints Meta) ([]block, Meta, []model.Removal, error) {
	// The parser refuses pages nested more than 512 elements deep, which
	// also bounds the recursion of every walk below.
	doc, err := html.Parse(strings.NewReader(raw))
	if err != nil {
		return nil, Meta{}, nil, fmt.Errorf("parse HTML: %w", err)
	}
	body := findFirst(doc, atom.Body)
	if body == nil {
		body = doc
	}

	found, removed := pageMeta(doc, hints.URL)
	page := analyzePage(body)
	root := page.chooseRoot(body)

	if found.Published.IsZero() {
		if t, ok := firstTimeIn(root, findFirst(body, atom.Article)); ok {
			found.Published = t
		}
	}
	merged := mergeMeta(hints, found)
	x := &htmlText{junk: page.junk, hosts: siteHosts(merged)}
	x.walk(root)
	x.flush()
	removed = append(removed, x.removed...)
	return x.blocks, found, removed, nil
}

// junkTags are elements that never hold article text, with the reason given
// when one is dropped from the article.
var junkTags = map[atom.Atom]string{
	atom.Script:     "script",
	atom.Noscript:   "script",
	atom.Template:   "script",
	atom.Style:      "style",
	atom.Iframe:     "embed",
	atom.Frame:      "embed",
	atom.Object:     "embed",
	atom.Embed:      "embed",
	atom.Svg:        "embed",
	atom.Math:       "embed",
	atom.Canvas:     "embed",
	atom.Video:      "embed",
	atom.Audio:      "embed",
	atom.Map:        "embed",
	atom.Nav:        "navigation",
	atom.Header:     "header",
	atom.Footer:     "footer",
	atom.Aside:      "aside",
	atom.Button:     "form",
	atom.Select:     "form",
	atom.Textarea:   "form",
	atom.Input:      "form",
	atom.Label:      "form",
	atom.Datalist:   "form",
	atom.Dialog:     "overlay",
	atom.Figcaption: "boilerplate:caption",
	atom.Title:      "head",
	atom.Head:       "head",
}

// softJunkRoles are ARIA roles that mark page chrome. Like class names they
// can be misused on a wrapper, so they yield to the size check.
var softJunkRoles = map[string]string{
	"navigation":    "navigation",
	"banner":        "header",
	"contentinfo":   "footer",
	"complementary": "aside",
	"dialog":        "overlay",
	"alertdialog":   "overlay",
	"search":        "form",
}

// classSubstrings are unambiguous fragments of a class or id token; no
// article-body class contains them.
var classSubstrings = []struct{ fragment, category string }{
	{"newsletter", "newsletter"},
	{"subscribe", "newsletter"},
	{"subscription", "newsletter"},
	{"advert", "ad"},
	{"sponsor", "promo"},
	{"cookie", "cookie"},
	{"consent", "cookie"},
	{"gdpr", "cookie"},
	{"breadcrumb", "breadcrumb"},
	{"sidebar", "sidebar"},
	{"disqus", "comments"},
	{"paywall", "overlay"},
	{"recommend", "related"},
	{"authorbio", "author-bio"},
	{"author-bio", "author-bio"},
	{"author_bio", "author-bio"},
	{"about-author", "author-bio"},
	{"about-the-author", "author-bio"},
	{"author-box", "author-bio"},
	{"screen-reader", "hidden"},
}

// classWords are whole words of a class or id token ("post-share-bar" has
// the words post, share, bar; "shareBar" has share, bar), by category. Whole
// words keep "ad" from matching "adversary" and "share" from "shared".
var classWords = invert(map[string][]string{
	"ad":         {"ad", "ads", "adsense", "adslot", "adunit", "dfp"},
	"promo":      {"promo", "promos", "promoted"},
	"share":      {"share", "sharing", "sharebar", "social"},
	"newsletter": {"signup"},
	"related":    {"related"},
	"comments":   {"comments", "commentlist"},
	"caption":    {"caption", "credit", "credits"},
	"navigation": {"nav", "navbar", "navigation", "menu", "topnav", "subnav", "skip"},
	"header":     {"masthead"},
	"overlay":    {"popup", "modal", "overlay", "lightbox"},
	"sidebar":    {"widget", "widgets"},
	"tags":       {"tags", "taglist"},
	"byline":     {"byline", "dateline"},
	"hidden":     {"hidden", "invisible"},
})

func invert(byCategory map[string][]string) map[string]string {
	m := map[string]string{}
	for category, words := range byCategory {
		for _, w := range words {
			m[w] = category
		}
	}
	return m
}

// junkReason classifies an element: the reason it is junk, and whether the
// verdict is soft (taken from names that a page can misuse on a wrapper).
func junkReason(n *html.Node) (reason string, soft bool) {
	if n.Type != html.ElementNode {
		return "", false
	}
	if r, ok := junkTags[n.DataAtom]; ok {
		return r, false
	}
	if n.Data == "svg" || n.Data == "math" {
		return "embed", false
	}
	var class, id, role, style string
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return "hidden", false
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return "hidden", false
			}
		case "class":
			class = a.Val
		case "id":
			id = a.Val
		case "role":
			role = strings.ToLower(strings.TrimSpace(a.Val))
		case "style":
			style = strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
		}
	}
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return "hidden", false
	}
	if n.DataAtom == atom.Form {
		return "form", true
	}
	if r, ok := softJunkRoles[role]; ok {
		return r, true
	}
	if category := classCategory(class + " " + id); category != "" {
		switch category {
		case "navigation", "header", "hidden":
			return category, true
		}
		return "boilerplate:" + category, true
	}
	return "", false
}

// classCategory finds a junk category in class and id tokens.
func classCategory(names string) string {
	for _, token := range strings.Fields(names) {
		lower := strings.ToLower(token)
		for _, s := range classSubstrings {
			if strings.Contains(lower, s.fragment) {
				return s.category
			}
		}
		words := classTokenWords(token)
		for _, w := range words {
			if c, ok := classWords[w]; ok {
				return c
			}
		}
		// "comment", "comment-respond", "comments-area" are the comment
		// section; "expert-comment" is a quote in the article.
		if len(words) > 0 && strings.HasPrefix(words[0], "comment") {
			return "comments"
		}
	}
	return ""
}

// classTokenWords splits a class token into lowercase words at punctuation,
// digits and camelCase boundaries.
func classTokenWords(token string) []string {
	var (
		words []string
		cur   []rune
		prev  rune
	)
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range token {
		switch {
		case !unicode.IsLetter(r):
			flush()
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		prev = r
	}
	flush()
	return words
}

// pageAnalysis is what the root choice and the text walk need to know.
type pageAnalysis struct {
	junk    map[*html.Node]string // element -> reason it is dropped
	textLen map[*html.Node]int    // visible text under an element, junk excluded
	credit  map[*html.Node]int    // paragraph text an element holds directly
}

func analyzePage(body *html.Node) *pageAnalysis {
	p := &pageAnalysis{
		junk:    map[*html.Node]string{},
		textLen: map[*html.Node]int{},
		credit:  map[*html.Node]int{},
	}
	// First pass: text sizes with only hard junk left out, to overrule soft
	// junk that is really the page's content wrapper.
	rawLen := map[*html.Node]int{}
	hasArticle := map[*html.Node]bool{}
	var measure func(n *html.Node) (int, bool)
	measure = func(n *html.Node) (int, bool) {
		if n.Type == html.TextNode {
			return len(strings.TrimSpace(n.Data)), false
		}
		if reason, soft := junkReason(n); reason != "" && !soft {
			return 0, false
		}
		total := 0
		holds := n.DataAtom == atom.Article || n.DataAtom == atom.Main
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			l, h := measure(c)
			total += l
			holds = holds || h
		}
		rawLen[n], hasArticle[n] = total, holds
		return total, holds
	}
	measure(body)
	pageLen := rawLen[body]

	var mark func(n *html.Node)
	mark = func(n *html.Node) {
		if reason, soft := junkReason(n); reason != "" {
			if !soft || (!hasArticle[n] && rawLen[n]*2 <= pageLen) {
				p.junk[n] = reason
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			mark(c)
		}
	}
	mark(body)

	leafParagraphs := findLeafParagraphs(body, rawLen)

	// Second pass: clean text sizes and paragraph credit.
	var score func(n, block *html.Node, inLink bool) int
	score = func(n, block *html.Node, inLink bool) int {
		switch n.Type {
		case html.TextNode:
			l := len(strings.TrimSpace(n.Data))
			if !inLink && block != nil {
				p.credit[creditTarget(block, leafParagraphs)] += l
			}
			return l
		case html.ElementNode, html.DocumentNode:
		default:
			return 0
		}
		if _, ok := p.junk[n]; ok {
			return 0
		}
		if isBlockElement(n) {
			block = n
		}
		inLink = inLink || n.DataAtom == atom.A
		total := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			total += score(c, block, inLink)
		}
		p.textLen[n] = total
		return total
	}
	score(body, body, false)
	return p
}

// paragraphTags hold a paragraph's text; their text is credited to the
// container they sit in.
var paragraphTags = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Pre: true, atom.Li: true, atom.Dt: true, atom.Dd: true, atom.Td: true, atom.Th: true,
	atom.Blockquote: true, atom.Figcaption: true, atom.Address: true,
}

// structuralTags group paragraphs without being the article themselves.
var structuralTags = map[atom.Atom]bool{
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true, atom.Tbody: true, atom.Thead: true,
	atom.Tfoot: true, atom.Tr: true, atom.Blockquote: true, atom.Figure: true,
}

// creditTarget is the element that a block's text counts for: the container
// of a paragraph, or a div holding text directly. A div that leafParagraphs
// marks as one paragraph among several counts as a paragraph.
func creditTarget(block *html.Node, leafParagraphs map[*html.Node]bool) *html.Node {
	t := block
	if (paragraphTags[block.DataAtom] || leafParagraphs[block]) && block.Parent != nil {
		t = block.Parent
	}
	for t.Parent != nil && structuralTags[t.DataAtom] {
		t = t.Parent
	}
	return t
}

// findLeafParagraphs finds the divs that pages built of "div soup" use as
// paragraphs: blocks without block children whose text is spread over
// several such siblings, no one of them holding half of it. Their text then
// counts for their container, as a <p>'s does. A lone div holding most of
// its parent's text (an article body of text and <br>s) keeps its own
// credit.
func findLeafParagraphs(body *html.Node, rawLen map[*html.Node]int) map[*html.Node]bool {
	marked := map[*html.Node]bool{}
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		var leaves []*html.Node
		total, largest := 0, 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !isBlockElement(c) {
				continue
			}
			if hasBlockChild(c) {
				visit(c)
				continue
			}
			l := rawLen[c]
			total += l
			largest = max(largest, l)
			if c.DataAtom == atom.Div {
				leaves = append(leaves, c)
			}
		}
		if len(leaves) >= 2 && largest*2 < total {
			for _, c := range leaves {
				marked[c] = true
			}
		}
	}
	visit(body)
	return marked
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if isBlockElement(c) {
			return true
		}
	}
	return false
}

// chooseRoot picks the element whose text is the article.
func (p *pageAnalysis) chooseRoot(body *html.Node) *html.Node {
	var best *html.Node
	var articles, mains []*html.Node
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if _, ok := p.junk[n]; ok {
			return
		}
		if n.Type == html.ElementNode {
			if best == nil || p.credit[n] > p.credit[best] {
				best = n
			}
			switch n.DataAtom {
			case atom.Article:
				articles = append(articles, n)
			case atom.Main:
				mains = append(mains, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(body)
	bestLen := 0
	if best != nil && p.credit[best] > 0 {
		bestLen = p.textLen[best]
	}
	for _, group := range [][]*html.Node{articles, mains} {
		var largest *html.Node
		for _, n := range group {
			if largest == nil || p.textLen[n] > p.textLen[largest] {
				largest = n
			}
		}
		if largest != nil && p.textLen[largest] > 0 && p.textLen[largest]*2 >= bestLen {
			return largest
		}
	}
	if bestLen > 0 {
		return best
	}
	return body
}

// blockTags end the paragraph before them and after them.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Center: true,
	atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Dir: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Li: true, atom.Main: true,
	atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true,
	atom.Summary: true, atom.Table: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true,
	atom.Tr: true, atom.Ul: true, atom.Caption: true, atom.Legend: true, atom.Body: true, atom.Html: true,
}

func isBlockElement(n *html.Node) bool {
	return n.Type == html.ElementNode && blockTags[n.DataAtom]
}

// htmlText turns the article root into paragraphs.
type htmlText struct {
	junk    map[*html.Node]string
	hosts   []string
	blocks  []block
	removed []model.Removal
	cur     strings.Builder
	curList bool // the open paragraph is a list item
	curRow  bool // the open paragraph is made of table cells
	pre     int  // depth of <pre> elements
	flushes int  // times the open paragraph was reset; tells whether a link stayed inline
}

func (x *htmlText) flush() {
	if x.cur.Len() == 0 {
		return
	}
	text := x.cur.String()
	x.cur.Reset()
	x.flushes++
	if strings.TrimSpace(text) == "" {
		return
	}
	x.blocks = append(x.blocks, block{text: text, list: x.curList, code: x.pre > 0, table: x.curRow})
	x.curList, x.curRow = false, false
}

func (x *htmlText) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if x.pre > 0 {
			x.cur.WriteString(n.Data)
		} else {
			x.cur.WriteString(collapseHTMLSpace(n.Data))
		}
		return
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			x.walk(c)
		}
		return
	case html.ElementNode:
	default:
		return
	}

	if reason, ok := x.junk[n]; ok {
		if text := nodeText(n); text != "" {
			x.removed = append(x.removed, model.Removal{Reason: reason, Text: truncate(text, maxRemovalText)})
		}
		return
	}
	switch n.DataAtom {
	case atom.Br:
		// Two breaks in a row are how badly built pages separate
		// paragraphs; one is a line break inside a paragraph.
		if strings.HasSuffix(strings.TrimRight(x.cur.String(), " "), "\n") {
			x.flush()
		} else {
			x.cur.WriteByte('\n')
		}
		return
	case atom.Img, atom.Picture, atom.Source, atom.Wbr:
		return
	case atom.Td, atom.Th:
		// Cells of a row share one paragraph: "SHA-256 | <hash>" keeps a
		// value next to what it is.
		if t := strings.TrimSpace(x.cur.String()); t != "" && !strings.HasSuffix(t, "|") {
			x.cur.WriteString(" | ")
		}
		x.curRow = true
	}

	block := isBlockElement(n)
	if block {
		x.flush()
	}
	if n.DataAtom == atom.Li {
		x.curList = true
	}
	if n.DataAtom == atom.Pre {
		x.pre++
	}
	linkStart, flushesBefore := x.cur.Len(), x.flushes

	for c := n.FirstChild; c != nil; c = c.NextSibling {
		x.walk(c)
	}

	if n.DataAtom == atom.A && x.flushes == flushesBefore {
		linkText := x.cur.String()[linkStart:]
		if u := citedURL(attr(n, "href"), linkText, x.hosts); u != "" {
			x.cur.WriteString(" (" + u + ")")
		}
	}
	if block {
		x.flush()
	}
	if n.DataAtom == atom.Pre {
		x.pre--
	}
	if n.DataAtom == atom.Li {
		x.curList = false
	}
}

// collapseHTMLSpace applies HTML's whitespace rule outside <pre>: any run of
// ASCII whitespace shows as one space.
func collapseHTMLSpace(s string) string {
	if !strings.ContainsAny(s, "\t\n\r\f") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\f':
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(s[i])
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// nodeText is the text of a subtree on one line, for reporting a removal.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		// Foreign elements (SVG, MathML) have no inline flow to keep.
		if isBlockElement(n) || n.Namespace != "" || n.DataAtom == atom.Br || n.DataAtom == atom.Td || n.DataAtom == atom.Th {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return strings.Join(strings.Fields(normalizeText(b.String())), " ")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	if n == nil {
		return nil
	}
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if found := findFirst(c, a); found != nil {
			return found
		}
	}
	return nil
}
