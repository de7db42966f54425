package opml

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func parseFile(t *testing.T, name string) (string, []Entry) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	title, entries, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return title, entries
}

func TestParse(t *testing.T) {
	tests := []struct {
		file, title string
		want        []Entry
	}{
		{"testdata/analyst-feeds.opml", "Threat intel reading list", []Entry{
			{Title: "Northwind Labs Research", XMLURL: "https://research.northwind-labs.example/feed.xml", HTMLURL: "https://research.northwind-labs.example/", Category: "Vendors"},
			{Title: "Bluefin Threat Blog", XMLURL: "https://bluefin.example/blog/atom.xml", Category: "Vendors"},
			{Title: "Baltic Cyber Wire & Friends", XMLURL: "https://baltic-cyber-wire.example/rss", Category: "News/Europe"},
			{Title: "The Patch Ledger", XMLURL: "https://patch-ledger.example/feed.json", HTMLURL: "https://patch-ledger.example", Category: "News"},
			{Title: "Advisory page", URL: "https://cert.example/advisories/2024-017.html"},
		}},
		{"testdata/latin1-v1.opml", "Liste de veille sécurité", []Entry{
			{Title: "Réseau", XMLURL: "https://veille-reseau.example/rss.xml"},
			{Title: "Menaces émergentes", XMLURL: "https://menaces.example/atom", Category: "Bulletins"},
		}},
	}
	for _, tt := range tests {
		title, got := parseFile(t, tt.file)
		if title != tt.title {
			t.Errorf("%s: title %q, want %q", tt.file, title, tt.title)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.file, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		notOPML   bool
	}{
		{"rss", `<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>`, true},
		{"html", `<html><body>hello</body></html>`, true},
		{"truncated", `<opml version="2.0"><body><outline text="a"`, false},
		{"empty", ``, false},
	}
	for _, tt := range tests {
		_, _, err := Parse(strings.NewReader(tt.doc))
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if errors.Is(err, ErrNotOPML) != tt.notOPML {
			t.Errorf("%s: err = %v, ErrNotOPML want %v", tt.name, err, tt.notOPML)
		}
	}
	title, entries, err := Parse(strings.NewReader(`<opml version="2.0"><head/><body/></opml>`))
	if err != nil || title != "" || len(entries) != 0 {
		t.Errorf("empty list: %q %v %v", title, entries, err)
	}
}

func TestWriteRoundTrip(t *testing.T) {
	_, entries := parseFile(t, "testdata/analyst-feeds.opml")
	var buf bytes.Buffer
	created := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	if err := Write(&buf, "winnow sources", entries, created); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`<opml version="2.0">`, "<title>winnow sources</title>", "Tue, 05 Mar 2024 09:00:00 +0000",
		`text="Baltic Cyber Wire &amp; Friends"`, `<outline text="Europe" title="Europe">`, `type="link"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	title, again, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if title != "winnow sources" {
		t.Errorf("title %q", title)
	}
	// Entries come back grouped by category: compare as sets.
	if !sameEntries(entries, again) {
		t.Errorf("round trip:\n got %+v\nwant %+v", again, entries)
	}
}

func sameEntries(a, b []Entry) bool {
	if len(a) != len(b) {
		return false
	}
	byTarget := map[string]Entry{}
	for _, e := range a {
		byTarget[e.Target()] = e
	}
	for _, e := range b {
		if byTarget[e.Target()] != e {
			return false
		}
	}
	return true
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/analyst-feeds.opml", "testdata/latin1-v1.opml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<opml><body><outline text="a/b"><outline xmlUrl="x"/></outline></body></opml>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		_, entries, err := Parse(bytes.NewReader(doc))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if e.Target() == "" || seen[e.Target()] {
				t.Fatalf("entry without target or duplicated: %+v", e)
			}
			seen[e.Target()] = true
		}
		var buf bytes.Buffer
		if err := Write(&buf, "fuzz", entries, time.Time{}); err != nil {
			t.Fatal(err)
		}
		_, again, err := Parse(&buf)
		if err != nil {
			t.Fatalf("re-reading written OPML: %v\n%s", err, buf.String())
		}
		if len(again) != len(entries) && allClean(entries) {
			t.Fatalf("round trip kept %d of %d entries", len(again), len(entries))
		}
		if allClean(entries) && !sameEntries(entries, again) {
			t.Fatalf("round trip changed entries:\n got %+v\nwant %+v", again, entries)
		}
	})
}

// allClean reports whether every field is text XML can carry unchanged:
// valid UTF-8 without control characters or surrounding space.
func allClean(entries []Entry) bool {
	for _, e := range entries {
		for _, s := range []string{e.Title, e.XMLURL, e.HTMLURL, e.URL, e.Category} {
			if !utf8.ValidString(s) || strings.TrimSpace(s) != s || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0xFFFD }) {
				return false
			}
			if strings.Contains(s, "//") && s == e.Category {
				return false
			}
		}
		for _, part := range strings.Split(e.Category, "/") {
			if e.Category != "" && strings.TrimSpace(part) != part {
				return false
			}
		}
	}
	return true
}
