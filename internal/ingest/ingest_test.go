package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestParseRejectsBadInput(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"whitespace only", []byte(" \n\t\n"), ErrEmpty},
		{"NUL bytes", []byte("MZ\x90\x00\x03\x00\x00\x00"), ErrBinary},
		{"control characters", bytes.Repeat([]byte{0x01, 0x02, 'a'}, 50), ErrBinary},
		{"latin-1", []byte("caf\xe9 au lait"), ErrInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.txt", tt.raw, TypeText)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse error = %v, want %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "x.txt: ") {
				t.Errorf("error %q does not name the input", err)
			}
		})
	}
}

func TestParseInvalidUTF8NamesOffset(t *testing.T) {
	_, err := Parse("doc.txt", []byte("abc\xffdef"), TypeText)
	if err == nil || !strings.Contains(err.Error(), "at byte 3") {
		t.Fatalf("got %v, want the offset of the bad byte", err)
	}
}

func TestSniff(t *testing.T) {
	tests := map[string]string{
		"<!DOCTYPE html><html><body><p>x</p></body></html>": TypeHTML,
		"<html><p>x</p></html>":                             TypeHTML,
		"---\ntitle: x\n---\nbody":                          TypeMarkdown,
		"Just some text.":                                   TypeText,
		`<?xml version="1.0"?><rss version="2.0"></rss>`:    typeFeed,
		`<feed xmlns="http://www.w3.org/2005/Atom"></feed>`: typeFeed,
	}
	for in, want := range tests {
		if got := sniff([]byte(in)); got != want {
			t.Errorf("sniff(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadFileTooLarge(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(name, bytes.Repeat([]byte("a"), 2048), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(name, nil, Options{MaxBytes: 1024})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if !strings.Contains(err.Error(), "1 KiB") || !strings.Contains(err.Error(), "big.txt") {
		t.Errorf("error %q should name the file and the limit", err)
	}
}

func TestReadFileStdin(t *testing.T) {
	items, err := ReadFile("-", strings.NewReader("<html><body><p>Hello</p></body></html>"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Name != "stdin" || items[0].ContentType != TypeHTML {
		t.Fatalf("got %+v", items)
	}
}

func TestReadFileFeed(t *testing.T) {
	items, err := ReadFile("testdata/feed.xml", nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 {
		t.Fatalf("got %d items, want 2 (the empty entry is skipped)", len(items))
	}
	first := items[0]
	if first.Title != "First item" || first.Outlet != "Test Desk" || first.URL != "https://testdesk.example/a" {
		t.Errorf("first item hints = %+v", first)
	}
	if first.Author != "Ana Reyes" {
		t.Errorf("author = %q", first.Author)
	}
	if want := time.Date(2024, 3, 19, 10, 0, 0, 0, time.UTC); !first.Published.Equal(want) {
		t.Errorf("published = %v, want %v", first.Published, want)
	}
	if !first.Summary {
		t.Error("an entry with only a description is not marked as a summary")
	}
	if !strings.Contains(string(first.Raw), "APT31") || first.ContentType != TypeHTML {
		t.Errorf("raw = %q (%s)", first.Raw, first.ContentType)
	}
	if items[1].Name != "testdata/feed.xml#3" {
		t.Errorf("second item name = %q", items[1].Name)
	}
}

func TestReadFileBrokenFeed(t *testing.T) {
	_, err := Parse("bad.xml", []byte("<rss><channel><item><title>x</ti"), typeFeed)
	if err == nil || !strings.Contains(err.Error(), "bad.xml") {
		t.Fatalf("got %v, want an error naming the feed", err)
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.txt", "b")
	write("a.html", "a")
	write("sub/c.md", "c")
	write("sub/skip.png", "png")
	write(".hidden/d.txt", "d")
	if err := os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "broken.txt")); err != nil {
		t.Fatal(err)
	}
	files, errs := Expand([]string{dir, filepath.Join(dir, "nope.txt"), "-"})
	var got []string
	for _, f := range files {
		got = append(got, strings.TrimPrefix(f, dir+string(filepath.Separator)))
	}
	want := []string{"a.html", "b.txt", "broken.txt", "sub/c.md", "-"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("files = %v, want %v", got, want)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "nope.txt") {
		t.Errorf("errs = %v, want one naming nope.txt", errs)
	}
	// The broken link is listed and fails when read, naming itself.
	_, err := ReadFile(filepath.Join(dir, "broken.txt"), nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "broken.txt") {
		t.Errorf("reading a broken link: %v", err)
	}
}

func TestReadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"corpus/2.txt":      {Data: []byte("---\ntitle: two\n---\nbody")},
		"corpus/1.html":     {Data: []byte("<html><body><p>one</p></body></html>")},
		"corpus/empty.md":   {Data: []byte("")},
		"corpus/README.pdf": {Data: []byte("%PDF")},
	}
	items, errs := ReadFS(fsys, "corpus", Options{})
	if len(items) != 2 || items[0].Name != "corpus/1.html" || items[1].ContentType != TypeText {
		t.Errorf("items = %+v", items)
	}
	if len(errs) != 1 || !errors.Is(errs[0], ErrEmpty) {
		t.Errorf("errs = %v", errs)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("plain text"), "")
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><item><description>x</description></item></channel></rss>`), "")
	f.Add([]byte("\x00\x01"), TypeText)
	f.Fuzz(func(t *testing.T, raw []byte, ct string) {
		items, err := Parse("fuzz", raw, ct)
		if err == nil && len(items) == 0 {
			t.Fatal("no error and no items")
		}
		for _, it := range items {
			if len(it.Raw) == 0 {
				t.Fatal("empty item")
			}
		}
	})
}
