package clean

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzContentTypes = []string{"", TypeHTML, TypePlain, TypeMarkdown}

// FuzzClean checks that Clean never panics and that any text it returns has
// the documented shape.
func FuzzClean(f *testing.F) {
	for _, fixture := range fixtures(f) {
		raw, err := os.ReadFile(fixture)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw, uint8(0))
	}
	for _, seed := range []string{
		"", "---\n---\n", "---\ntitle: x\npublished: 2024-13-45\n---\n[a](b", "<html><body><article></article>",
		"<table><tr><td>a<td>b<tr><td><p>c</p>", "**a _b* c_** `x", "[a][b] [c]: d\n\n[c]: <e>", "a\r\n\r\n\r\nb",
		"<br><br><br>x<br>", "\u200b\u00a0\n\n\u2028", "<svg><title>t</title></svg><p>x</p>", "```\n", "> > >",
		"| a |\n|---|", "<p hidden>x</p><div style='display:none'>y</div>", "&lt;script&gt;", "![x](y) ![z]",
	} {
		for kind := range fuzzContentTypes {
			f.Add([]byte(seed), uint8(kind))
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, kind uint8) {
		doc := Document{Name: "fuzz", Raw: raw, ContentType: fuzzContentTypes[int(kind)%len(fuzzContentTypes)]}
		res, err := Clean(doc)
		if err != nil {
			// Valid UTF-8 of a supported type fails only for want of text,
			// or when the HTML parser refuses the page (nesting too deep).
			if utf8.Valid(raw) && !errors.Is(err, ErrNoText) && !strings.Contains(err.Error(), "parse HTML") {
				t.Fatalf("valid UTF-8 of a supported type failed with %v", err)
			}
			if !strings.Contains(err.Error(), "fuzz") {
				t.Fatalf("error %q does not name the document", err)
			}
			return
		}
		if res.Text == "" {
			t.Fatal("no error but empty text")
		}
		if !utf8.ValidString(res.Text) {
			t.Fatal("text is not valid UTF-8")
		}
		checkInvariants(t, res.Text)
		for _, r := range res.Removed {
			if r.Reason == "" {
				t.Fatalf("removal without a reason: %+v", r)
			}
		}
		again, err := Clean(doc)
		if err != nil || again.Text != res.Text || len(again.Removed) != len(res.Removed) {
			t.Fatal("Clean is not deterministic")
		}
	})
}
