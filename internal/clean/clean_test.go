package clean

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtures lists the documents in testdata that have a golden file.
func fixtures(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"*.html", "*.md", "*.txt"} {
		matches, err := filepath.Glob(filepath.Join("testdata", pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			if !strings.HasSuffix(m, ".golden.txt") {
				files = append(files, m)
			}
		}
	}
	if len(files) < 8 {
		t.Fatalf("found %d fixtures in testdata, want at least 8", len(files))
	}
	return files
}

func goldenPath(fixture string) string {
	return strings.TrimSuffix(fixture, filepath.Ext(fixture)) + ".golden.txt"
}

// renderResult writes a result in the golden file format: metadata, the
// text, then the removals.
func renderResult(r Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\n", r.Meta.Title)
	fmt.Fprintf(&b, "author: %s\n", r.Meta.Author)
	fmt.Fprintf(&b, "outlet: %s\n", r.Meta.Outlet)
	fmt.Fprintf(&b, "url: %s\n", r.Meta.URL)
	fmt.Fprintf(&b, "canonical_url: %s\n", r.Meta.CanonicalURL)
	published := ""
	if !r.Meta.Published.IsZero() {
		published = r.Meta.Published.Format(time.RFC3339)
	}
	fmt.Fprintf(&b, "published: %s\n", published)
	b.WriteString("\n-- text --\n")
	b.WriteString(r.Text)
	b.WriteString("\n\n-- removed --\n")
	for _, rm := range r.Removed {
		fmt.Fprintf(&b, "[%s] %s\n", rm.Reason, strings.ReplaceAll(rm.Text, "\n", `\n`))
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	for _, fixture := range fixtures(t) {
		t.Run(filepath.Base(fixture), func(t *testing.T) {
			raw, err := os.ReadFile(fixture)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Clean(Document{Name: filepath.Base(fixture), Raw: raw})
			if err != nil {
				t.Fatalf("Clean: %v", err)
			}
			checkInvariants(t, res.Text)
			got := renderResult(res)
			golden := goldenPath(fixture)
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("result differs from %s (run go test -update after checking the change):\n%s", golden, lineDiff(string(want), got))
			}
		})
	}
}

// lineDiff shows the first lines where want and got differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n want: %q\n  got: %q", i+1, wl, gl)
		}
	}
	return "(no line differs)"
}

// checkInvariants asserts the shape every Text must have.
func checkInvariants(t testing.TB, text string) {
	t.Helper()
	if strings.Contains(text, "\n\n\n") {
		t.Errorf("text has a run of three newlines")
	}
	if strings.TrimSpace(text) != text {
		t.Errorf("text has leading or trailing space")
	}
	if strings.Contains(text, "\r") {
		t.Errorf("text has a carriage return")
	}
	for _, para := range strings.Split(text, "\n\n") {
		for _, line := range strings.Split(para, "\n") {
			if line == "" || strings.TrimSpace(line) != line {
				t.Errorf("line %q is empty or not trimmed", line)
			}
		}
	}
}

func TestCleanErrors(t *testing.T) {
	tests := []struct {
		name      string
		doc       Document
		wantNoTxt bool   // errors.Is(err, ErrNoText)
		wantInErr string // substring of the error message
	}{
		{"empty", Document{Name: "empty.txt"}, true, "empty.txt"},
		{"whitespace", Document{Name: "blank.txt", Raw: []byte(" \n\t\r\n\u00a0\u200b\n")}, true, "blank.txt"},
		{"only front matter", Document{Name: "fm.md", Raw: []byte("---\ntitle: x\n---\n\n")}, true, "fm.md"},
		{"only boilerplate", Document{Name: "bp.txt", Raw: []byte("Advertisement\n\nShare this article\n\nSubscribe to our newsletter\n")}, true, "bp.txt"},
		{"html chrome only", Document{Name: "chrome.html", ContentType: "text/html",
			Raw: []byte(`<html><body><nav>Home News</nav><script>x()</script><footer>© 2024</footer></body></html>`)}, true, "chrome.html"},
		{"unnamed", Document{}, true, "(unnamed document)"},
		{"invalid utf-8", Document{Name: "bad.txt", Raw: []byte("ok \xff\xfe then")}, false, "bad.txt: invalid UTF-8 at byte 3"},
		{"nesting beyond the parser's limit", Document{Name: "deep.html", ContentType: TypeHTML,
			Raw: []byte(strings.Repeat("<div>", 5000) + "<p>text</p>")}, false, "deep.html: parse HTML"},
		{"unsupported type", Document{Name: "x.pdf", ContentType: "application/pdf", Raw: []byte("%PDF-1.7")}, false, `unsupported content type "application/pdf"`},
		{"malformed type", Document{Name: "x", ContentType: "text/", Raw: []byte("hello there")}, false, "bad content type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Clean(tt.doc)
			if err == nil {
				t.Fatal("Clean returned no error")
			}
			if got := errors.Is(err, ErrNoText); got != tt.wantNoTxt {
				t.Errorf("errors.Is(err, ErrNoText) = %v, want %v (err: %v)", got, tt.wantNoTxt, err)
			}
			if !strings.Contains(err.Error(), tt.wantInErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantInErr)
			}
			if !strings.HasPrefix(err.Error(), "clean: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestHintsWin(t *testing.T) {
	published := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	raw := []byte(`<html><head><title>Page title</title>
<meta property="og:site_name" content="Page Outlet"><meta name="author" content="Page Author">
<meta property="article:published_time" content="2020-01-01T00:00:00Z"></head>
<body><article><p>Body text that is long enough to be the article.</p></article></body></html>`)
	tests := []struct {
		name  string
		hints Meta
		want  Meta
	}{
		{"no hints", Meta{}, Meta{Title: "Page title", Author: "Page Author", Outlet: "Page Outlet",
			Published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"all hints", Meta{Title: "Feed title", Author: "Feed Author", Outlet: "Feed", URL: "https://feed.example/a",
			CanonicalURL: "https://feed.example/c", Published: published},
			Meta{Title: "Feed title", Author: "Feed Author", Outlet: "Feed", URL: "https://feed.example/a",
				CanonicalURL: "https://feed.example/c", Published: published}},
		{"some hints", Meta{Title: "Feed title"}, Meta{Title: "Feed title", Author: "Page Author", Outlet: "Page Outlet",
			Published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Clean(Document{Name: "hints.html", Raw: raw, Meta: tt.hints})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Meta.Published.Equal(tt.want.Published) {
				t.Errorf("Published = %v, want %v", res.Meta.Published, tt.want.Published)
			}
			res.Meta.Published, tt.want.Published = time.Time{}, time.Time{}
			if res.Meta != tt.want {
				t.Errorf("Meta = %+v, want %+v", res.Meta, tt.want)
			}
		})
	}
}

func TestContentKind(t *testing.T) {
	tests := []struct {
		declared, name, raw string
		want                string
	}{
		{"text/html; charset=utf-8", "", "plain words", TypeHTML},
		{"TEXT/PLAIN", "a.html", "<html>", TypePlain},
		{"text/x-markdown", "", "x", TypeMarkdown},
		{"application/xhtml+xml", "", "x", TypeHTML},
		{"", "", "  <!DOCTYPE html><html>", TypeHTML},
		{"", "", "<!-- generated --><html><body>x", TypeHTML},
		{"", "page.htm", "no tags at all", TypeHTML},
		{"", "notes.md", "just text", TypeMarkdown},
		{"", "https://x.example/post.md?ref=feed", "just text", TypeMarkdown},
		{"", "notes.txt", "---\ntitle: t\n---\n# Heading", TypePlain},
		{"", "", "---\ntitle: t\n---\n## Heading\n\ntext", TypeMarkdown},
		{"", "", "---\ntitle: t\n---\nA [link](https://x.example) here", TypeMarkdown},
		{"", "", "---\ntitle: t\n---\nPlain - text [Accept]", TypePlain},
		{"", "", "## no front matter", TypePlain},
	}
	for _, tt := range tests {
		t.Run(tt.declared+"|"+tt.name+"|"+tt.raw, func(t *testing.T) {
			got, err := contentKind(tt.declared, tt.name, tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("contentKind = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFrontMatter(t *testing.T) {
	tests := []struct {
		name      string
		raw       string
		want      Meta
		wantBody  string
		wantBadAt string // a "bad-date" removal with this text
	}{
		{
			name:     "rfc3339 and quotes",
			raw:      "---\ntitle: \"A \\\"quoted\\\" title\"\nauthor: 'O''Brien'\nurl: https://a.example/x\ncanonical_url: https://a.example/c\noutlet: A\npublished: 2024-05-01T10:00:00+02:00\n---\nbody",
			want:     Meta{Title: `A "quoted" title`, Author: "O'Brien", URL: "https://a.example/x", CanonicalURL: "https://a.example/c", Outlet: "A", Published: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)},
			wantBody: "body",
		},
		{
			name:     "plain date and date key",
			raw:      "---\ndate: 2023-12-24\n---\nbody",
			want:     Meta{Published: time.Date(2023, 12, 24, 0, 0, 0, 0, time.UTC)},
			wantBody: "body",
		},
		{
			name:      "bad date is reported not fatal",
			raw:       "---\ntitle: T\npublished: last Tuesday\n---\nbody",
			want:      Meta{Title: "T"},
			wantBody:  "body",
			wantBadAt: "last Tuesday",
		},
		{
			name:     "no closing fence means no front matter",
			raw:      "---\ntitle: T\nstill going",
			want:     Meta{},
			wantBody: "---\ntitle: T\nstill going",
		},
		{
			name:     "yaml document end",
			raw:      "---\ntitle: T\n...\nbody",
			want:     Meta{Title: "T"},
			wantBody: "body",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, body, removed := splitFrontMatter(tt.raw)
			if !got.Published.Equal(tt.want.Published) {
				t.Errorf("Published = %v, want %v", got.Published, tt.want.Published)
			}
			got.Published, tt.want.Published = time.Time{}, time.Time{}
			if got != tt.want {
				t.Errorf("meta = %+v, want %+v", got, tt.want)
			}
			if body != tt.wantBody {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
			if tt.wantBadAt != "" && (len(removed) != 1 || removed[0].Reason != "bad-date" || removed[0].Text != tt.wantBadAt) {
				t.Errorf("removed = %+v, want one bad-date %q", removed, tt.wantBadAt)
			}
			if tt.wantBadAt == "" && len(removed) != 0 {
				t.Errorf("removed = %+v, want none", removed)
			}
		})
	}
}

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a  b\t c", "a b c"},
		{"  lead and trail  ", "lead and trail"},
		{"a\u00a0b\u202fc\u2009d", "a b c d"},
		{"zero\u200bwidth\ufeff soft\u00adhyphen", "zerowidth softhyphen"},
		{"line one \n\n\n  line two\r\nthree", "line one\nline two\nthree"},
		{"para\u2028next", "para\nnext"},
		{"Zu\u0308rich", "Zürich"},
		{"cafe\u200b\u0301", "café"},
		{"“curly” ‘quotes’ — kept", "“curly” ‘quotes’ — kept"},
		{"ctrl\x00\x1b chars", "ctrl chars"},
		{"joiner 👩\u200d💻 kept", "joiner 👩\u200d💻 kept"},
		{" \n\u00a0\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := normalizeText(tt.in); got != tt.want {
				t.Errorf("normalizeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestUnwrapLines(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"wrapped prose", "The attempts came from a small set of hosting\nproviders and rotated user agents every few\nrequests.",
			"The attempts came from a small set of hosting providers and rotated user agents every few requests."},
		{"list after colon", "Source addresses seen so far over the weekend:\n192.0.2.10\n192.0.2.11",
			"Source addresses seen so far over the weekend:\n192.0.2.10\n192.0.2.11"},
		{"short lines", "Thanks,\nMira", "Thanks,\nMira"},
		{"bullets", "These are the steps everyone on the list should take:\n- one\n- two",
			"These are the steps everyone on the list should take:\n- one\n- two"},
		{"long lines are not wrapped", strings.Repeat("word ", 30) + "\n" + strings.Repeat("next ", 30),
			strings.Repeat("word ", 30) + "\n" + strings.Repeat("next ", 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unwrapLines(tt.in); got != tt.want {
				t.Errorf("unwrapLines = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCitedURL(t *testing.T) {
	hosts := []string{"news.example"}
	tests := []struct{ href, text, want string }{
		{"https://vendor.example/report", "a report", "https://vendor.example/report"},
		{"https://www.news.example/other", "our story", ""},
		{"https://blog.news.example/x", "sister site", ""},
		{"/relative/path", "earlier", ""},
		{"mailto:a@b.example", "email", ""},
		{"javascript:void(0)", "click", ""},
		{"https://vendor.example/r", "vendor.example/r", ""},
		{"https://vendor.example/r", "   ", ""},
		{"http://[::1", "broken", ""},
	}
	for _, tt := range tests {
		t.Run(tt.href, func(t *testing.T) {
			if got := citedURL(tt.href, tt.text, hosts); got != tt.want {
				t.Errorf("citedURL(%q, %q) = %q, want %q", tt.href, tt.text, got, tt.want)
			}
		})
	}
}

func TestHTMLMainText(t *testing.T) {
	long := func(s string) string { return strings.Repeat(s+" ", 12) }
	tests := []struct {
		name     string
		html     string
		want     []string // substrings of Text
		dontWant []string
	}{
		{
			name:     "largest article wins over teaser cards",
			html:     `<body><article><p>Teaser one.</p></article><article><p>` + long("Main story text.") + `</p></article></body>`,
			want:     []string{"Main story text."},
			dontWant: []string{"Teaser one."},
		},
		{
			name:     "empty main loses to the text block",
			html:     `<body><main><p>Tiny.</p></main><div class="content"><p>` + long("Real article.") + `</p><p>` + long("More text.") + `</p></div></body>`,
			want:     []string{"Real article.", "More text."},
			dontWant: []string{"Tiny."},
		},
		{
			name:     "wrapper named like junk is kept when it holds the page",
			html:     `<body><div class="has-sidebar"><p>` + long("Article inside a wrapper.") + `</p><div class="sidebar">Side links</div></div></body>`,
			want:     []string{"Article inside a wrapper."},
			dontWant: []string{"Side links"},
		},
		{
			name: "class words match whole words only",
			html: `<body><article><p>` + long("Intro.") + `</p><div class="adversary-profile"><p>Adversary kept.</p></div>` +
				`<div class="shared-infrastructure"><p>Shared kept.</p></div><div class="expert-comment"><p>Expert kept.</p></div>` +
				`<div class="subheader-text"><p>Subheader kept.</p></div><div class="ad-wrapper"><p>Ad dropped.</p></div>` +
				`<div class="shareBar"><p>Bar dropped.</p></div><div class="compromised-hosts"><p>Compromise kept.</p></div></article></body>`,
			want:     []string{"Adversary kept.", "Shared kept.", "Expert kept.", "Subheader kept.", "Compromise kept."},
			dontWant: []string{"Ad dropped.", "Bar dropped."},
		},
		{
			name:     "links to other sites keep their URL",
			html:     `<body><article><p>` + long("Text.") + ` See <a href="https://vendor.example/r">the report</a> and <a href="/x">ours</a>.</p></article></body>`,
			want:     []string{"See the report (https://vendor.example/r) and ours."},
			dontWant: []string{"/x"},
		},
		{
			name: "br separates lines and double br paragraphs",
			html: `<body><div class="post-body">` + long("First.") + `<br>second line<br><br>` + long("Next paragraph.") + `</div></body>`,
			want: []string{"First.\nsecond line\n\nNext paragraph."},
		},
		{
			name: "related heading takes its list",
			html: `<body><article><p>` + long("Story.") + `</p><h3>Related articles</h3><ul><li><a href="/a">Other story</a></li></ul><p>` + long("After.") + `</p></article></body>`,
			want: []string{"Story.", "After."}, dontWant: []string{"Other story", "Related articles"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Clean(Document{Name: tt.name, ContentType: TypeHTML, Raw: []byte(tt.html)})
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, res.Text)
			for _, w := range tt.want {
				if !strings.Contains(res.Text, strings.TrimSpace(w)) {
					t.Errorf("text lacks %q:\n%s", w, res.Text)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(res.Text, w) {
					t.Errorf("text has %q:\n%s", w, res.Text)
				}
			}
		})
	}
}

func TestHostileInput(t *testing.T) {
	tests := []struct {
		name string
		doc  Document
	}{
		{"huge author hint", Document{Name: "a.txt", Raw: []byte("Some article text.\n\nMore text here."), Meta: Meta{Author: strings.Repeat("(a", 50000)}}},
		{"huge outlet in front matter", Document{Name: "o.md", Raw: []byte("---\noutlet: " + strings.Repeat("x|", 40000) + "\n---\nBody text.")}},
		{"many emphasis runs", Document{Name: "e.md", Raw: []byte(strings.Repeat("*a _b ", 20000))}},
		{"many repeated near paragraphs", Document{Name: "r.txt", Raw: []byte(nearParagraphs(3000))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Clean(tt.doc)
			if err != nil && !errors.Is(err, ErrNoText) {
				t.Fatalf("Clean: %v", err)
			}
			checkInvariants(t, res.Text)
		})
	}
}

// nearParagraphs returns n paragraphs that differ only in a number, so none
// is a repeat and every one is a near-repeat candidate of the others.
func nearParagraphs(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "The scanner probed host number %d on the same subnet and the same port with the same payload as before.\n\n", i)
	}
	return b.String()
}
