package clean

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-cti/winnow/internal/model"
)

// Markdown handling covers what news sites and note-taking exports write:
// ATX and setext headings, paragraphs, lists, block quotes, fenced and
// indented code, pipe tables, links (inline, reference, autolinks), images,
// emphasis, code spans, entities and backslash escapes. Raw HTML other than
// <br> and comments is kept as literal text: it is what the author typed,
// and the renderer escapes it later.

var (
	mdHeading  = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+|$)(.*)$`)
	mdListItem = regexp.MustCompile(`^[ \t]*(?:[-*+•]|\d{1,9}[.)])(?:[ \t]+|$)(.*)$`)
	mdTaskBox  = regexp.MustCompile(`^\[[ xX]\][ \t]+`)
	mdRefDef   = regexp.MustCompile(`^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?(?:[ \t]+.*)?$`)
	mdTableSep = regexp.MustCompile(`^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?$`)
	mdEntity   = regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
	mdAutolink = regexp.MustCompile(`^<((?:https?|ftp|mailto):[^\s<>]*)>`)
	mdBreakTag = regexp.MustCompile(`(?i)^<br\s*/?>`)
)

// markdownBlocks renders a Markdown body to paragraphs of plain text.
// hosts are the document's own sites: links there lose their URL.
func markdownBlocks(body string, hosts []string) ([]block, []model.Removal) {
	lines := strings.Split(body, "\n")
	r := &mdRenderer{refs: map[string]string{}, hosts: hosts}
	r.collectRefs(lines)

	var (
		para          []string // lines of the open paragraph
		paraList      bool     // the open paragraph is a list item
		code          []string // lines of an open code block
		fence         string   // the open fence ("```", "~~~~"), "" when none
		inHTMLComment bool
		lastList      bool // the last block emitted was a list item
	)
	flushPara := func() {
		if len(para) == 0 {
			return
		}
		text := r.inline(joinMarkdownLines(para))
		r.blocks = append(r.blocks, block{text: text, list: paraList})
		lastList = paraList
		para, paraList = nil, false
	}
	flushCode := func() {
		if len(code) > 0 {
			r.blocks = append(r.blocks, block{text: strings.Join(code, "\n"), code: true})
			lastList = false
		}
		code = nil
	}

	for _, line := range lines {
		if fence != "" {
			if t := strings.TrimSpace(line); strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
				flushCode()
			} else {
				code = append(code, line)
			}
			continue
		}
		if inHTMLComment {
			if _, after, ok := strings.Cut(line, "-->"); ok {
				inHTMLComment = false
				line = after
			} else {
				continue
			}
		}
		if start := strings.Index(line, "<!--"); start >= 0 && !strings.Contains(line[start:], "-->") {
			inHTMLComment = true
			line = line[:start]
		}

		trimmed := strings.TrimSpace(line)
		indented := strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t")

		// Indented code: only where a paragraph cannot continue and no
		// list item is open, as in CommonMark.
		if len(code) > 0 && !indented && trimmed != "" {
			flushCode()
		}
		if indented && trimmed != "" && len(para) == 0 && !lastList {
			code = append(code, trimmed)
			continue
		}

		switch {
		case trimmed == "":
			flushPara()
			continue
		case isFence(trimmed):
			flushPara()
			flushCode()
			fence = fenceMarker(trimmed)
			continue
		case mdRefDef.MatchString(line):
			continue // collected up front
		case isThematicBreak(trimmed):
			// "---" under a paragraph is a setext heading underline; either
			// way the paragraph ends here.
			flushPara()
			lastList = false
			continue
		case len(para) > 0 && strings.Trim(trimmed, "=") == "":
			flushPara()
			continue
		}

		// Block quotes: strip the markers and read what is inside.
		for strings.HasPrefix(strings.TrimLeft(line, " "), ">") {
			line = strings.TrimPrefix(strings.TrimLeft(line, " "), ">")
			line = strings.TrimPrefix(line, " ")
		}
		trimmed = strings.TrimSpace(line)
		if trimmed == "" {
			flushPara()
			continue
		}

		if m := mdHeading.FindStringSubmatch(line); m != nil {
			flushPara()
			text := strings.TrimRight(strings.TrimSpace(m[2]), "#")
			if text = strings.TrimSpace(text); text != "" {
				r.blocks = append(r.blocks, block{text: r.inline(text)})
			}
			lastList = false
			continue
		}
		if strings.HasPrefix(trimmed, "|") {
			flushPara()
			if !mdTableSep.MatchString(trimmed) {
				r.blocks = append(r.blocks, block{text: r.tableRow(trimmed), table: true})
			}
			lastList = false
			continue
		}
		if m := mdListItem.FindStringSubmatch(line); m != nil && !isThematicBreak(trimmed) {
			flushPara()
			para = []string{mdTaskBox.ReplaceAllString(m[1], "")}
			paraList = true
			continue
		}
		para = append(para, line)
	}
	flushPara()
	flushCode()
	return r.blocks, r.removed
}

// joinMarkdownLines joins a paragraph's source lines: a soft break becomes a
// space, a hard break (two trailing spaces or a backslash) a newline.
func joinMarkdownLines(lines []string) string {
	var b strings.Builder
	for i, line := range lines {
		hard := strings.HasSuffix(line, "  ") || strings.HasSuffix(line, "\\")
		line = strings.TrimSpace(line)
		if hard {
			line = strings.TrimSuffix(line, "\\")
		}
		b.WriteString(line)
		if i < len(lines)-1 {
			if hard {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

func isFence(trimmed string) bool {
	return strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")
}

// fenceMarker returns the run of fence characters that opens a code block;
// the block closes at a run at least as long.
func fenceMarker(trimmed string) string {
	c := trimmed[0]
	n := 0
	for n < len(trimmed) && trimmed[n] == c {
		n++
	}
	return trimmed[:n]
}

// isThematicBreak reports a line of three or more '-', '*' or '_' (spaces
// allowed between them).
func isThematicBreak(trimmed string) bool {
	compact := strings.NewReplacer(" ", "", "\t", "").Replace(trimmed)
	if len(compact) < 3 {
		return false
	}
	c := compact[0]
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	return strings.Trim(compact, string(c)) == ""
}

// mdRenderer holds what a Markdown document's blocks share.
type mdRenderer struct {
	refs    map[string]string // reference label -> URL
	hosts   []string
	blocks  []block
	removed []model.Removal
}

func (r *mdRenderer) collectRefs(lines []string) {
	fence := ""
	for _, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case fence != "":
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
		case isFence(t):
			fence = fenceMarker(t)
		default:
			if m := mdRefDef.FindStringSubmatch(line); m != nil {
				label := refLabel(m[1])
				if _, dup := r.refs[label]; !dup {
					r.refs[label] = m[2]
				}
			}
		}
	}
}

func refLabel(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// tableRow renders "| a | b |" as "a | b".
func (r *mdRenderer) tableRow(row string) string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	if !strings.HasSuffix(row, `\|`) {
		row = strings.TrimSuffix(row, "|")
	}
	var cells []string
	var cell strings.Builder
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row) && row[i+1] == '|':
			cell.WriteByte('|')
			i++
		case row[i] == '|':
			cells = append(cells, strings.TrimSpace(cell.String()))
			cell.Reset()
		default:
			cell.WriteByte(row[i])
		}
	}
	cells = append(cells, strings.TrimSpace(cell.String()))
	for i, c := range cells {
		cells[i] = r.inline(c)
	}
	return strings.Join(cells, " | ")
}

// inline renders Markdown inline syntax to plain text. Text that came from
// code spans, escapes, entities and URLs is marked literal so the emphasis
// pass leaves its '*' and '_' alone.
func (r *mdRenderer) inline(s string) string {
	var out inlineOut
	type openLink struct {
		close, resume, start int
		url                  string
	}
	var links []openLink
	for i := 0; i < len(s); {
		if n := len(links); n > 0 && i == links[n-1].close {
			l := links[n-1]
			links = links[:n-1]
			if u := citedURL(l.url, out.textFrom(l.start), r.hosts); u != "" {
				out.add(" ("+u+")", true)
			}
			i = l.resume
			continue
		}
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) && isMarkdownEscapable(s[i+1]) {
				out.add(s[i+1:i+2], true)
				i += 2
				continue
			}
		case '`':
			n := runLength(s, i, '`')
			if end := findBacktickRun(s, i+n, n); end >= 0 {
				out.add(codeSpanText(s[i+n:end]), true)
				i = end + n
			} else {
				out.add(s[i:i+n], true)
				i += n
			}
			continue
		case '!':
			if i+1 < len(s) && s[i+1] == '[' {
				if close, resume, _, ok := r.parseLink(s, i+1); ok {
					if alt := strings.TrimSpace(s[i+2 : close]); alt != "" {
						r.removed = append(r.removed, model.Removal{Reason: "image", Text: alt})
					}
					i = resume
					continue
				}
			}
		case '[':
			if close, resume, url, ok := r.parseLink(s, i); ok {
				links = append(links, openLink{close: close, resume: resume, start: out.len(), url: url})
				i++
				continue
			}
		case '<':
			if m := mdAutolink.FindStringSubmatch(s[i:]); m != nil {
				out.add(m[1], true)
				i += len(m[0])
				continue
			}
			if m := mdBreakTag.FindString(s[i:]); m != "" {
				out.add("\n", true)
				i += len(m)
				continue
			}
			if strings.HasPrefix(s[i:], "<!--") {
				if end := strings.Index(s[i+4:], "-->"); end >= 0 {
					i += 4 + end + 3
					continue
				}
			}
		case '&':
			if m := mdEntity.FindString(s[i:]); m != "" {
				out.add(html.UnescapeString(m), true)
				i += len(m)
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		out.add(s[i:i+size], false)
		i += size
	}
	return out.withoutEmphasis()
}

// parseLink reads "[text](url "title")", "[text][label]", "[text][]" or a
// "[label]" shortcut with a definition, starting at the '['. It returns the
// index of the closing ']', where to resume after the link, and the URL.
func (r *mdRenderer) parseLink(s string, open int) (close, resume int, url string, ok bool) {
	close = matchingBracket(s, open)
	if close < 0 {
		return 0, 0, "", false
	}
	after := close + 1
	switch {
	case after < len(s) && s[after] == '(':
		url, resume, ok = parseLinkDestination(s, after)
		return close, resume, url, ok
	case after < len(s) && s[after] == '[':
		end := strings.IndexByte(s[after:], ']')
		if end < 0 {
			return 0, 0, "", false
		}
		label := s[after+1 : after+end]
		if label == "" {
			label = s[open+1 : close]
		}
		url, ok = r.refs[refLabel(label)]
		return close, after + end + 1, url, ok
	default:
		url, ok = r.refs[refLabel(s[open+1:close])]
		return close, after, url, ok
	}
}

// matchingBracket finds the ']' closing the '[' at open, skipping escapes,
// nested brackets and code spans.
func matchingBracket(s string, open int) int {
	depth := 0
	for i := open + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '`':
			n := runLength(s, i, '`')
			if end := findBacktickRun(s, i+n, n); end >= 0 {
				i = end + n - 1
			} else {
				i += n - 1
			}
		case '[':
			depth++
		case ']':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// parseLinkDestination reads "(url)", "(<url>)" or "(url "title")" starting
// at the '('.
func parseLinkDestination(s string, paren int) (url string, resume int, ok bool) {
	i := paren + 1
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i < len(s) && s[i] == '<' {
		end := strings.IndexAny(s[i+1:], ">\n")
		if end < 0 || s[i+1+end] != '>' {
			return "", 0, false
		}
		url = s[i+1 : i+1+end]
		i += end + 2
	} else {
		start, depth := i, 0
		for ; i < len(s); i++ {
			c := s[i]
			if c == '\\' && i+1 < len(s) {
				i++
				continue
			}
			if c == ' ' || c == '\t' || c == '\n' {
				break
			}
			if c == '(' {
				depth++
			}
			if c == ')' {
				if depth == 0 {
					break
				}
				depth--
			}
		}
		url = s[start:i]
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i < len(s) && (s[i] == '"' || s[i] == '\'' || s[i] == '(') {
		closer := s[i]
		if closer == '(' {
			closer = ')'
		}
		end := strings.IndexByte(s[i+1:], closer)
		if end < 0 {
			return "", 0, false
		}
		i += end + 2
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	if i >= len(s) || s[i] != ')' {
		return "", 0, false
	}
	return url, i + 1, true
}

func runLength(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// findBacktickRun finds a run of exactly n backticks at or after from.
func findBacktickRun(s string, from, n int) int {
	for i := from; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		m := runLength(s, i, '`')
		if m == n {
			return i
		}
		i += m
	}
	return -1
}

// codeSpanText applies CommonMark's code span rules: line endings become
// spaces and one space of padding on both sides is dropped.
func codeSpanText(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) >= 2 && s[0] == ' ' && s[len(s)-1] == ' ' && strings.TrimSpace(s) != "" {
		s = s[1 : len(s)-1]
	}
	return s
}

// isMarkdownEscapable lists the characters a backslash escapes. '\\' and '.'
// are left out on purpose: in threat reports "\\server\share" and
// "evil\.example" are data more often than Markdown.
func isMarkdownEscapable(c byte) bool {
	return strings.IndexByte("*_`[](){}#+-!<>|~\"'", c) >= 0
}

// inlineOut is rendered inline text with, for every rune, whether it is
// literal (immune to emphasis stripping).
type inlineOut struct {
	runes   []rune
	literal []bool
}

func (o *inlineOut) add(s string, literal bool) {
	for _, r := range s {
		o.runes = append(o.runes, r)
		o.literal = append(o.literal, literal)
	}
}

func (o *inlineOut) len() int { return len(o.runes) }

func (o *inlineOut) textFrom(start int) string { return string(o.runes[start:]) }

// withoutEmphasis drops the '*', '_' and '~~' delimiters that pair up as
// emphasis, following CommonMark's flanking rules in simplified form: '_'
// inside a word (file_name_here) and '*' between spaces (5 * 3) stay.
func (o *inlineOut) withoutEmphasis() string {
	type run struct {
		start, n          int
		c                 rune
		canOpen, canClose bool
	}
	var runs []run
	for i := 0; i < len(o.runes); {
		c := o.runes[i]
		if o.literal[i] || (c != '*' && c != '_' && c != '~') {
			i++
			continue
		}
		j := i
		for j < len(o.runes) && o.runes[j] == c && !o.literal[j] {
			j++
		}
		if c == '~' && j-i != 2 {
			i = j
			continue
		}
		prev, next := ' ', ' '
		if i > 0 {
			prev = o.runes[i-1]
		}
		if j < len(o.runes) {
			next = o.runes[j]
		}
		left := !unicode.IsSpace(next) && (!isPunctOrSymbol(next) || unicode.IsSpace(prev) || isPunctOrSymbol(prev))
		right := !unicode.IsSpace(prev) && (!isPunctOrSymbol(prev) || unicode.IsSpace(next) || isPunctOrSymbol(next))
		ru := run{start: i, n: j - i, c: c, canOpen: left, canClose: right}
		if c == '_' {
			ru.canOpen = left && (!right || isPunctOrSymbol(prev))
			ru.canClose = right && (!left || isPunctOrSymbol(next))
		}
		runs = append(runs, ru)
		i = j
	}

	drop := make([]bool, len(o.runes))
	var openers []run
	for _, ru := range runs {
		if ru.canClose {
			matched := false
			for k := len(openers) - 1; k >= 0; k-- {
				op := openers[k]
				if op.c != ru.c {
					continue
				}
				n := min(op.n, ru.n)
				for x := 0; x < n; x++ {
					drop[op.start+op.n-1-x] = true
					drop[ru.start+x] = true
				}
				openers = openers[:k]
				matched = true
				break
			}
			if matched {
				continue
			}
		}
		if ru.canOpen {
			openers = append(openers, ru)
		}
	}

	var b strings.Builder
	for i, r := range o.runes {
		if !drop[i] {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isPunctOrSymbol(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}
