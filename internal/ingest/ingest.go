// Package ingest reads documents into winnow: local files and directories,
// standard input, feed files and embedded corpora. It checks raw input (size,
// emptiness, binary content, encoding) and leaves understanding the text to
// the clean stage.
package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
)

// DefaultMaxBytes is the largest document read unless Options say otherwise.
const DefaultMaxBytes = 10 << 20

// Content types ingest hands on.
const (
	TypeHTML     = "text/html"
	TypeText     = "text/plain"
	TypeMarkdown = "text/markdown"
	typeFeed     = "feed"
)

// Item is one document read, with what its container already told about it.
type Item struct {
	Name        string // path, "stdin", or "feed.xml#3" for a feed entry
	Raw         []byte
	ContentType string
	// Hints from a feed entry; empty for plain files.
	Title, Author, Outlet, URL string
	Published                  time.Time
	// Summary says the item is a feed entry's summary, not the full article.
	Summary bool
}

// Options control reading.
type Options struct {
	MaxBytes int64 // 0 means DefaultMaxBytes
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// Error is a problem with one input; the batch goes on without it.
type Error struct {
	Name string
	Err  error
}

func (e *Error) Error() string { return e.Name + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Problems ingest reports about raw input.
var (
	ErrEmpty       = errors.New("empty file")
	ErrBinary      = errors.New("binary content, not text")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrTooLarge    = errors.New("larger than the size limit")
	ErrUnsupported = errors.New("unsupported file type")
)

// typeByExt maps file extensions to content types; files with other
// extensions are skipped when walking a directory.
var typeByExt = map[string]string{
	".html": TypeHTML, ".htm": TypeHTML, ".xhtml": TypeHTML,
	".txt": TypeText, ".text": TypeText,
	".md": TypeMarkdown, ".markdown": TypeMarkdown,
	".xml": typeFeed, ".rss": typeFeed, ".atom": typeFeed,
}

// Expand turns command-line paths into the list of files to read: files as
// given, directories walked recursively for known extensions (sorted, hidden
// entries skipped), "-" kept as is for standard input. Paths that cannot be
// listed come back as errors; the rest are still returned.
func Expand(paths []string) ([]string, []error) {
	var files []string
	var errs []error
	for _, p := range paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &Error{Name: p, Err: unwrapPathError(err)})
			continue
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		walkErr := filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &Error{Name: name, Err: unwrapPathError(err)})
				if d != nil && d.IsDir() && name != p {
					return fs.SkipDir
				}
				return nil
			}
			if name != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() && typeByExt[strings.ToLower(filepath.Ext(name))] != "" {
				files = append(files, name)
			}
			return nil
		})
		if walkErr != nil {
			errs = append(errs, &Error{Name: p, Err: walkErr})
		}
	}
	return files, errs
}

// ReadFile reads one path ("-" for stdin) into items: one for a document,
// one per entry for a feed.
func ReadFile(name string, stdin io.Reader, opts Options) ([]Item, error) {
	var (
		raw []byte
		err error
	)
	if name == "-" {
		raw, err = readLimited(stdin, opts.maxBytes())
		name = "stdin"
	} else {
		var f *os.File
		f, err = os.Open(name)
		if err != nil {
			return nil, &Error{Name: name, Err: unwrapPathError(err)}
		}
		defer f.Close()
		raw, err = readLimited(f, opts.maxBytes())
	}
	if err != nil {
		return nil, &Error{Name: name, Err: err}
	}
	return Parse(name, raw, typeByExt[strings.ToLower(filepath.Ext(name))])
}

// ReadFS reads every known file under root in fsys, for embedded corpora.
// Files come in lexical order; per-file problems are returned together with
// the items that could be read.
func ReadFS(fsys fs.FS, root string, opts Options) ([]Item, []error) {
	var names []string
	_ = fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && typeByExt[strings.ToLower(path.Ext(name))] != "" {
			names = append(names, name)
		}
		return nil
	})
	sort.Strings(names)
	var items []Item
	var errs []error
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			errs = append(errs, &Error{Name: name, Err: err})
			continue
		}
		raw, err := readLimited(f, opts.maxBytes())
		f.Close()
		if err != nil {
			errs = append(errs, &Error{Name: name, Err: err})
			continue
		}
		got, err := Parse(name, raw, typeByExt[strings.ToLower(path.Ext(name))])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, got...)
	}
	return items, errs
}

// Parse checks raw bytes and turns them into items. contentType may be empty
// (sniffed) or the type implied by the file extension.
func Parse(name string, raw []byte, contentType string) ([]Item, error) {
	if err := checkText(raw); err != nil {
		return nil, &Error{Name: name, Err: err}
	}
	if contentType == "" {
		contentType = sniff(raw)
	}
	if contentType == typeFeed {
		items, err := parseFeed(name, raw)
		if err != nil {
			return nil, &Error{Name: name, Err: err}
		}
		return items, nil
	}
	return []Item{{Name: name, Raw: raw, ContentType: contentType}}, nil
}

func readLimited(r io.Reader, limit int64) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if int64(len(raw)) > limit {
		return nil, fmt.Errorf("%w of %s", ErrTooLarge, humanBytes(limit))
	}
	return raw, nil
}

// checkText refuses input that cannot be an article: nothing in it, binary
// data, or text that is not UTF-8.
func checkText(raw []byte) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return ErrEmpty
	}
	probe := raw[:min(len(raw), 8192)]
	if bytes.IndexByte(probe, 0) >= 0 {
		return ErrBinary
	}
	control := 0
	for _, b := range probe {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			control++
		}
	}
	if control*100 > len(probe) {
		return ErrBinary
	}
	if !utf8.Valid(raw) {
		return fmt.Errorf("%w at byte %d", ErrInvalidUTF8, firstInvalidUTF8(raw))
	}
	return nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// sniff guesses the content type of an unnamed document.
func sniff(raw []byte) string {
	head := strings.ToLower(string(bytes.TrimSpace(raw[:min(len(raw), 1024)])))
	switch {
	case strings.HasPrefix(head, "<?xml") && (strings.Contains(head, "<rss") || strings.Contains(head, "<feed") || strings.Contains(head, "<rdf")),
		strings.HasPrefix(head, "<rss"), strings.HasPrefix(head, "<feed"):
		return typeFeed
	case strings.HasPrefix(head, "<!doctype html"), strings.HasPrefix(head, "<html"), strings.Contains(head, "<body"), strings.Contains(head, "<p>"):
		return TypeHTML
	case strings.HasPrefix(head, "---\n") || strings.HasPrefix(head, "---\r\n"):
		return TypeMarkdown
	}
	return TypeText
}

func parseFeed(name string, raw []byte) ([]Item, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("not a readable RSS, Atom or JSON feed: %w", err)
	}
	items := make([]Item, 0, len(feed.Items))
	for i, it := range feed.Items {
		body, summary := it.Content, false
		if strings.TrimSpace(body) == "" {
			body, summary = it.Description, true
		}
		if strings.TrimSpace(body) == "" {
			continue // an entry with nothing to read
		}
		item := Item{
			Name:        fmt.Sprintf("%s#%d", name, i+1),
			Raw:         []byte(body),
			ContentType: TypeHTML,
			Title:       strings.TrimSpace(it.Title),
			Outlet:      strings.TrimSpace(feed.Title),
			URL:         strings.TrimSpace(it.Link),
			Summary:     summary,
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			item.Author = it.Authors[0].Name
		}
		switch {
		case it.PublishedParsed != nil:
			item.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			item.Published = it.UpdatedParsed.UTC()
		}
		items = append(items, item)
	}
	if len(items) == 0 {
		return nil, errors.New("feed has no entries with text")
	}
	return items, nil
}

// unwrapPathError drops the *PathError wrapper, whose path the caller
// already names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
