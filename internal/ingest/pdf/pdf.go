// Package pdf extracts the text of PDF reports (vendor write-ups,
// government advisories) so they can be cleaned like any other document.
// It reads the text layer with github.com/ledongthuc/pdf, a pure-Go reader;
// scanned PDFs without a text layer yield ErrNoText (winnow does no OCR).
//
// Text comes out one line per row of the page, top to bottom, with a blank
// line where the vertical gap between rows says a paragraph ended, so the
// clean stage can re-join hard-wrapped lines into paragraphs.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	lpdf "github.com/ledongthuc/pdf"
)

// Limits that bound the work one document can cause.
const (
	MaxPages = 2000
	// maxTextBytes stops extraction once this much text is out.
	maxTextBytes = 20 << 20
)

// Problems reading a PDF.
var (
	ErrNotPDF    = errors.New("not a PDF document")
	ErrEncrypted = errors.New("encrypted PDF")
	ErrNoText    = errors.New("PDF has no text layer (scanned images are not read)")
	ErrBroken    = errors.New("unreadable PDF")
)

// IsPDF reports whether raw starts like a PDF file.
func IsPDF(raw []byte) bool {
	head := raw[:min(len(raw), 1024)]
	return bytes.Contains(head, []byte("%PDF-"))
}

// Text returns the text of a PDF document.
func Text(raw []byte) (text string, err error) {
	if !IsPDF(raw) {
		return "", ErrNotPDF
	}
	// The reader panics on some malformed files; a bad document must not
	// take the process down.
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%w: %v", ErrBroken, r)
		}
	}()
	r, err := lpdf.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		if strings.Contains(strings.ToLower(err.Error()), "encrypt") || strings.Contains(err.Error(), "password") {
			return "", fmt.Errorf("%w: %v", ErrEncrypted, err)
		}
		return "", fmt.Errorf("%w: %v", ErrBroken, err)
	}
	pages := r.NumPage()
	if pages <= 0 {
		return "", fmt.Errorf("%w: no pages", ErrBroken)
	}
	if pages > MaxPages {
		return "", fmt.Errorf("%w: %d pages, more than the %d read", ErrBroken, pages, MaxPages)
	}
	var b strings.Builder
	for i := 1; i <= pages; i++ {
		page := r.Page(i)
		if page.V.IsNull() {
			continue
		}
		writePage(&b, page.Content().Text)
		if b.Len() > maxTextBytes {
			return "", fmt.Errorf("%w: more than %d bytes of text", ErrBroken, maxTextBytes)
		}
	}
	out := strings.TrimSpace(b.String())
	if !hasLetters(out) {
		return "", ErrNoText
	}
	return out, nil
}

// writePage writes a page's text as lines, with a blank line at paragraph
// gaps and after the page. Runs come in content-stream order, which is
// reading order in the documents reports are made of; a run whose baseline
// moves starts a new line.
func writePage(b *strings.Builder, runs []lpdf.Text) {
	type line struct {
		y    float64
		text strings.Builder
	}
	var (
		lines   []*line
		cur     *line
		lastEnd float64
	)
	for _, t := range runs {
		s := cleanRun(t.S)
		if s == "" || math.IsNaN(t.Y) || math.IsNaN(t.X) {
			continue
		}
		size := max(t.FontSize, 1)
		if cur == nil || math.Abs(cur.y-t.Y) > size*0.5 {
			cur = &line{y: t.Y}
			lines = append(lines, cur)
		} else if t.X > lastEnd+size*0.15 && !strings.HasSuffix(cur.text.String(), " ") && !strings.HasPrefix(s, " ") {
			cur.text.WriteByte(' ') // runs placed apart on one line are separate words
		}
		cur.text.WriteString(s)
		lastEnd = t.X + t.W
	}
	var kept []*line
	for _, l := range lines {
		if strings.TrimSpace(l.text.String()) != "" {
			kept = append(kept, l)
		}
	}
	if len(kept) == 0 {
		return
	}
	// The usual distance between lines is the line height; a gap clearly
	// wider than it ends a paragraph.
	var gaps []float64
	for i := 1; i < len(kept); i++ {
		if g := kept[i-1].y - kept[i].y; g > 0 {
			gaps = append(gaps, g)
		}
	}
	lineHeight := 0.0
	if len(gaps) > 0 {
		slices.Sort(gaps)
		lineHeight = gaps[len(gaps)/2]
	}
	for i, l := range kept {
		if i > 0 {
			g := kept[i-1].y - l.y
			if g < 0 || (lineHeight > 0 && g > lineHeight*1.4+0.5) {
				b.WriteString("\n")
			}
		}
		b.WriteString(strings.Join(strings.Fields(l.text.String()), " "))
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// cleanRun makes a text run safe: valid UTF-8, no control characters.
func cleanRun(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case unicode.IsControl(r), r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
}

func hasLetters(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
			if n >= 3 {
				return true
			}
		}
	}
	return false
}
