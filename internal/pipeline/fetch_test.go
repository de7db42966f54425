package pipeline

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest/fetch"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// web is a set of fictional news sites, one httptest server each, serving
// testdata/web/HOST/ and the feed fixtures of internal/ingest. Every
// "https://HOST.example" in a served document is rewritten to the server
// that plays HOST, so absolute links work too.
type web struct {
	servers map[string]*httptest.Server
	hits    sync.Map // path -> *atomic.Int32
	mu      sync.Mutex
	extra   map[string]http.HandlerFunc // "host/path" -> handler overriding the files
}

// feedFiles maps each site's feed path to its fixture.
var feedFiles = map[string]string{
	"harbor-dispatch/feeds/rss2.xml": "rss2.xml",
	"quiet-packet/rss.xml":           "rss091.xml",
	"meridian-cert/notes.rdf":        "rss10.rdf",
	"ledger-intrusions/atom.xml":     "atom.xml",
	"northwind-wire/feed.json":       "feed.json",
}

var feedTypes = map[string]string{
	".xml": "application/rss+xml", ".rdf": "application/rdf+xml", ".json": "application/feed+json",
}

func newWeb(t *testing.T) *web {
	t.Helper()
	w := &web{servers: map[string]*httptest.Server{}, extra: map[string]http.HandlerFunc{}}
	for _, host := range []string{"harbor-dispatch", "quiet-packet", "meridian-cert", "ledger-intrusions", "northwind-wire", "broken"} {
		w.servers[host] = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			w.serve(host, rw, r)
		}))
		t.Cleanup(w.servers[host].Close)
	}
	return w
}

func (w *web) url(host, path string) string { return w.servers[host].URL + path }

func (w *web) handle(host, path string, h http.HandlerFunc) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.extra[host+path] = h
}

func (w *web) count(host, path string) int {
	if c, ok := w.hits.Load(host + path); ok {
		return int(c.(*atomic.Int32).Load())
	}
	return 0
}

// rewrite points the fixtures' absolute links at the test servers.
func (w *web) rewrite(b []byte) []byte {
	for host, srv := range w.servers {
		b = bytes.ReplaceAll(b, []byte("https://"+host+".example"), []byte(srv.URL))
	}
	return b
}

func (w *web) serve(host string, rw http.ResponseWriter, r *http.Request) {
	c, _ := w.hits.LoadOrStore(host+r.URL.Path, &atomic.Int32{})
	c.(*atomic.Int32).Add(1)
	w.mu.Lock()
	h := w.extra[host+r.URL.Path]
	w.mu.Unlock()
	if h != nil {
		h(rw, r)
		return
	}
	if r.URL.Path == "/robots.txt" {
		fmt.Fprint(rw, "User-agent: *\nDisallow: /private/\n")
		return
	}
	var (
		body        []byte
		err         error
		contentType string
	)
	if fixture, ok := feedFiles[host+r.URL.Path]; ok {
		body, err = os.ReadFile(filepath.Join("..", "ingest", "testdata", "feeds", fixture))
		contentType = feedTypes[filepath.Ext(fixture)]
	} else {
		body, err = os.ReadFile(filepath.Join("testdata", "web", host, filepath.FromSlash(r.URL.Path)))
		switch filepath.Ext(r.URL.Path) {
		case ".pdf":
			contentType = "application/pdf"
		default:
			contentType = "text/html"
		}
	}
	if err != nil {
		http.NotFound(rw, r)
		return
	}
	body = w.rewrite(body)
	// Validators for conditional GETs.
	etag := fmt.Sprintf(`"%x"`, len(body))
	rw.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		rw.WriteHeader(http.StatusNotModified)
		return
	}
	rw.Header().Set("Content-Type", contentType)
	rw.Write(body)
}

func testClient(opts fetch.Options) *fetch.Client {
	opts.AllowPrivate = true
	opts.HostDelay = -1
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	return fetch.New(opts)
}

// clock is a settable time for fetch passes.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func fetchOptions(c *fetch.Client, clk *clock) FetchOptions {
	return FetchOptions{Client: c, Now: clk.now, DefaultInterval: time.Hour, BackoffBase: 5 * time.Minute, BackoffMax: 24 * time.Hour}
}

func addSources(t *testing.T, st store.Store, srcs ...model.Source) []store.Source {
	t.Helper()
	var out []store.Source
	for _, s := range srcs {
		got, err := st.AddSource(t.Context(), s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, got)
	}
	return out
}

func sourceByURL(t *testing.T, st store.Store, u string) store.Source {
	t.Helper()
	s, err := st.SourceByURL(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func articleAt(t *testing.T, st store.Store, u string) model.Article {
	t.Helper()
	a, err := st.ArticleByURL(t.Context(), CanonicalURL(u))
	if err != nil {
		t.Fatalf("no article at %s: %v", u, err)
	}
	return a
}

func TestFetchFeedsOfEveryFormat(t *testing.T) {
	w := newWeb(t)
	st := memoryStore(t)
	p := newPipeline(t, st)
	clk := &clock{time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts := fetchOptions(testClient(fetch.Options{}), clk)

	feeds := []struct {
		host, path string
		created    int
	}{
		{"harbor-dispatch", "/feeds/rss2.xml", 3},
		{"quiet-packet", "/rss.xml", 2},
		{"meridian-cert", "/notes.rdf", 2},
		{"ledger-intrusions", "/atom.xml", 2},
		{"northwind-wire", "/feed.json", 2},
	}
	for _, f := range feeds {
		addSources(t, st, model.Source{URL: w.url(f.host, f.path), Kind: model.SourceFeed, Interval: 30 * time.Minute})
	}
	reports, err := p.FetchDue(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != len(feeds) {
		t.Fatalf("%d reports, want %d", len(reports), len(feeds))
	}
	for i, f := range feeds {
		r := reports[i]
		if r.Error != "" || len(r.ItemErrors) > 0 || r.Created != f.created {
			t.Errorf("%s: created %d, error %q, item errors %v; want %d created", f.path, r.Created, r.Error, r.ItemErrors, f.created)
		}
		src := sourceByURL(t, st, w.url(f.host, f.path))
		if src.Items != f.created || src.LastError != "" || src.Failures != 0 ||
			!src.LastFetchedAt.Equal(clk.t) || !src.NextFetchAt.Equal(clk.t.Add(30*time.Minute)) || src.ETag == "" {
			t.Errorf("%s: recorded %+v", f.path, src)
		}
	}

	// A summary-only entry became its linked page, cleaned of boilerplate.
	lockbit := articleAt(t, st, w.url("harbor-dispatch", "/articles/lockbit-cronos.html"))
	for _, want := range []string{"ten countries took control", "Two alleged affiliates were arrested"} {
		if !strings.Contains(lockbit.Text, want) {
			t.Errorf("LockBit article lacks %q:\n%s", want, lockbit.Text)
		}
	}
	for _, junk := range []string{"cookies", "Advertisement", "Ad ends in", "Sign up", "Subscribe", "Share on", "Photo:", "Related", "All rights reserved", "Read the full story"} {
		if strings.Contains(lockbit.Text, junk) {
			t.Errorf("LockBit article keeps %q:\n%s", junk, lockbit.Text)
		}
	}
	if n := strings.Count(lockbit.Text, "inside LockBit's systems for months"); n != 1 {
		t.Errorf("repeated paragraph kept %d times", n)
	}
	if lockbit.Title != "Police seize LockBit's infrastructure in Operation Cronos" || lockbit.Author != "Samuel Achterberg" || lockbit.SourceID == 0 {
		t.Errorf("LockBit article meta: %q by %q, source %d", lockbit.Title, lockbit.Author, lockbit.SourceID)
	}
	if len(lockbit.Removed) == 0 {
		t.Error("no removals recorded for the UI")
	}

	// Feed hints survive: the link-only entry's page has no author, the
	// feed's outlet stays.
	volt := articleAt(t, st, w.url("harbor-dispatch", "/articles/volt-typhoon.html"))
	if volt.Outlet != "Harbor Security Dispatch" || !strings.Contains(volt.Text, "pre-positioning") || strings.Contains(volt.Text, "Great article") {
		t.Errorf("Volt Typhoon article: outlet %q text %q", volt.Outlet, volt.Text)
	}
	// Tracking parameters do not make a second article.
	moveit := articleAt(t, st, w.url("harbor-dispatch", "/articles/moveit-cl0p.html"))
	if strings.Contains(moveit.CanonicalURL, "utm_") || !strings.Contains(moveit.Text, "LEMURLOOT") {
		t.Errorf("MOVEit article %s: %q", moveit.CanonicalURL, moveit.Text)
	}
	// A Windows-1252 page came out right.
	colonial := articleAt(t, st, w.url("quiet-packet", "/2021/06/colonial-recovery.html"))
	if !strings.Contains(colonial.Text, "“Following the money") || !strings.Contains(colonial.Text, "held – the department") {
		t.Errorf("Windows-1252 page decoded as %q", colonial.Text)
	}
	// A summary linking to a PDF report stored the report's text.
	report := articleAt(t, st, w.url("ledger-intrusions", "/reports/ivanti-advisory.pdf"))
	if !strings.Contains(report.Text, "CVE-2024-21887") || !strings.Contains(report.Text, "reset the credentials") {
		t.Errorf("PDF report text %q", report.Text)
	}
	// RSS 0.91's ISO-8859-1 feed and JSON Feed's relative link.
	if _, err := st.ArticleByURL(t.Context(), CanonicalURL(w.url("northwind-wire", "/2023/09/mgm-scattered-spider.html"))); err != nil {
		t.Errorf("JSON Feed relative link: %v", err)
	}

	// The next pass, once due, sends the validators: nothing changed,
	// nothing is written.
	before := stats(t, st)
	pageHits := w.count("harbor-dispatch", "/articles/lockbit-cronos.html")
	clk.t = clk.t.Add(31 * time.Minute)
	reports, err = p.FetchDue(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		if !r.NotModified || r.Error != "" || r.Created+r.Updated != 0 {
			t.Errorf("%s second pass: %+v", r.Source.URL, r)
		}
	}
	if after := stats(t, st); after != before {
		t.Errorf("an unchanged pass changed the store: %+v -> %+v", before, after)
	}
	if got := w.count("harbor-dispatch", "/articles/lockbit-cronos.html"); got != pageHits {
		t.Errorf("linked page fetched again (%d -> %d)", pageHits, got)
	}
	// Nothing is due before the interval has passed.
	reports, err = p.FetchDue(t.Context(), opts)
	if err != nil || len(reports) != 0 {
		t.Errorf("sources fetched again before due: %d reports, %v", len(reports), err)
	}
}

func stats(t *testing.T, st store.Store) store.Stats {
	t.Helper()
	s, err := st.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRefetchRevisions: a page that changed becomes a new revision of its
// article; one that did not changes nothing.
func TestRefetchRevisions(t *testing.T) {
	w := newWeb(t)
	st := memoryStore(t)
	p := newPipeline(t, st)
	clk := &clock{time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts := fetchOptions(testClient(fetch.Options{}), clk)

	var version atomic.Int32
	version.Store(1)
	page := func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(rw, `<html><head><title>Storm-0558 forged tokens</title></head><body><article><h1>Storm-0558 forged tokens</h1>
<p>Microsoft said a China-based actor it tracks as Storm-0558 used an acquired consumer signing key to forge tokens and read the email of about twenty-five organizations.</p>`)
		if version.Load() > 1 {
			fmt.Fprint(rw, `<p>Update: the US Cyber Safety Review Board later called the intrusion preventable and faulted a cascade of security failures at the company.</p>`)
		}
		fmt.Fprintf(rw, `<p class="ad">Advertisement</p><p>Ad ends in %d</p></article></body></html>`, 5+clk.t.Minute())
	}
	w.handle("broken", "/storm-0558.html", page)
	src := addSources(t, st, model.Source{URL: w.url("broken", "/storm-0558.html"), Kind: model.SourcePage})[0]

	first := p.FetchSource(t.Context(), src, opts)
	if first.Created != 1 || first.Error != "" {
		t.Fatalf("first fetch: %+v", first)
	}
	a := articleAt(t, st, src.URL)

	// Same text, different countdown: the raw page changed, the article
	// did not.
	clk.t = clk.t.Add(90 * time.Minute)
	second := p.FetchSource(t.Context(), sourceByURL(t, st, src.URL), opts)
	if second.Revised != 0 || second.Error != "" {
		t.Errorf("ad change counted as a revision: %+v", second)
	}
	if revs, _ := st.ArticleRevisions(t.Context(), a.ID); len(revs) != 0 {
		t.Errorf("%d revisions after an unchanged re-fetch", len(revs))
	}

	// Same bytes: nothing written at all.
	third := p.FetchSource(t.Context(), sourceByURL(t, st, src.URL), opts)
	if third.Unchanged != 1 || third.Updated+third.Created != 0 {
		t.Errorf("identical re-fetch: %+v", third)
	}

	version.Store(2)
	clk.t = clk.t.Add(3 * time.Hour)
	fourth := p.FetchSource(t.Context(), sourceByURL(t, st, src.URL), opts)
	if fourth.Updated != 1 || fourth.Revised != 1 {
		t.Fatalf("changed page: %+v", fourth)
	}
	revs, err := st.ArticleRevisions(t.Context(), a.ID)
	if err != nil || len(revs) != 1 {
		t.Fatalf("revisions %v, %v", revs, err)
	}
	if strings.Contains(revs[0].Text, "Cyber Safety Review Board") || revs[0].Text != a.Text {
		t.Errorf("revision 1 is not the old text: %q", revs[0].Text)
	}
	now := articleAt(t, st, src.URL)
	if now.ID != a.ID || !strings.Contains(now.Text, "Cyber Safety Review Board") {
		t.Errorf("current article %d: %q", now.ID, now.Text)
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// TestBrokenSources: every broken case ends in a clear error recorded on
// its source, backoff, and nothing stored.
func TestBrokenSources(t *testing.T) {
	w := newWeb(t)
	goodPage := `<html><body><article><p>The Sandworm unit of Russia's GRU attacked Ukrainian substations with a new version of Industroyer in April 2022.</p></article></body></html>`
	bomb := gz(make([]byte, 32<<20))
	handlers := map[string]http.HandlerFunc{
		"/malformed.xml": func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(rw, `<?xml version="1.0"?><rss version="2.0"><channel><title>Half a feed</title><item><title>cut`)
		},
		"/html-as-feed": func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "text/html")
			fmt.Fprint(rw, goodPage)
		},
		"/feed-as-page.html": func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "application/atom+xml")
			fmt.Fprint(rw, `<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`)
		},
		"/image.html": func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "image/png")
			rw.Write([]byte("\x89PNG\r\n\x1a\n"))
		},
		"/missing.html": http.NotFound,
		"/error.html": func(rw http.ResponseWriter, r *http.Request) {
			http.Error(rw, "database down", http.StatusInternalServerError)
		},
		"/slow.html": func(rw http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		},
		"/loop-a.html": func(rw http.ResponseWriter, r *http.Request) { http.Redirect(rw, r, "/loop-b.html", http.StatusFound) },
		"/loop-b.html": func(rw http.ResponseWriter, r *http.Request) { http.Redirect(rw, r, "/loop-a.html", http.StatusFound) },
		"/oversized.html": func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "text/html")
			rw.Write(bytes.Repeat([]byte("<p>filler text</p>\n"), 200000))
		},
		"/bomb.html": func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "text/html")
			rw.Header().Set("Content-Encoding", "gzip")
			rw.Write(bomb)
		},
		"/wrong-charset.html": func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(rw, "<html><body><p>Les op\xe9rateurs de Sandworm ont vis\xe9 des sous-stations.</p></body></html>")
		},
		"/broken.pdf": func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(rw, "%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
		},
		"/empty.html": func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "text/html")
			fmt.Fprint(rw, "<html><body><nav>Home | News</nav></body></html>")
		},
		"/private/secret.html": func(rw http.ResponseWriter, r *http.Request) { fmt.Fprint(rw, goodPage) },
	}
	for path, h := range handlers {
		w.handle("broken", path, h)
	}
	tests := []struct {
		path string
		kind model.SourceKind
		want string // in the recorded error
	}{
		{"/malformed.xml", model.SourceFeed, "not a readable RSS, Atom or JSON feed"},
		{"/html-as-feed", model.SourceFeed, "not a feed: the server sent text/html"},
		{"/feed-as-page.html", model.SourcePage, "expected a page, got a feed"},
		{"/image.html", model.SourcePage, "unsupported content type image/png"},
		{"/missing.html", model.SourcePage, "HTTP error: 404 Not Found"},
		{"/error.html", model.SourcePage, "HTTP error: 500 Internal Server Error"},
		{"/slow.html", model.SourcePage, "timed out"},
		{"/loop-a.html", model.SourcePage, "redirect loop"},
		{"/oversized.html", model.SourcePage, "body too large"},
		{"/bomb.html", model.SourcePage, "counted after decompression"},
		{"/wrong-charset.html", model.SourcePage, "bad character encoding: declared or required UTF-8, but byte"},
		{"/broken.pdf", model.SourcePage, "unreadable PDF"},
		{"/empty.html", model.SourcePage, "no article text"},
		{"/private/secret.html", model.SourcePage, "disallowed by robots.txt"},
	}
	st := memoryStore(t)
	p := newPipeline(t, st)
	clk := &clock{time.Date(2024, 4, 1, 8, 0, 0, 0, time.UTC)}
	opts := fetchOptions(testClient(fetch.Options{Timeout: 400 * time.Millisecond, MaxBytes: 1 << 20}), clk)
	for _, tt := range tests {
		addSources(t, st, model.Source{URL: w.url("broken", tt.path), Kind: tt.kind})
	}
	reports, err := p.FetchDue(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != len(tests) {
		t.Fatalf("%d reports", len(reports))
	}
	for i, tt := range tests {
		r := reports[i]
		src := sourceByURL(t, st, w.url("broken", tt.path))
		if !strings.Contains(r.Error, tt.want) || src.LastError != r.Error {
			t.Errorf("%s: error %q (recorded %q), want it to say %q", tt.path, r.Error, src.LastError, tt.want)
		}
		if strings.Contains(src.LastError, "\n") {
			t.Errorf("%s: multi-line error %q", tt.path, src.LastError)
		}
		if src.Failures != 1 || !src.NextFetchAt.Equal(clk.t.Add(5*time.Minute)) {
			t.Errorf("%s: failures %d, next fetch %v; want 1 and the backoff base", tt.path, src.Failures, src.NextFetchAt)
		}
	}
	if s := stats(t, st); s.Articles != 0 {
		t.Errorf("%d articles stored from broken sources", s.Articles)
	}

	// Failing again doubles the wait.
	clk.t = clk.t.Add(6 * time.Minute)
	src := sourceByURL(t, st, w.url("broken", "/missing.html"))
	p.FetchSource(t.Context(), src, opts)
	src = sourceByURL(t, st, src.URL)
	if src.Failures != 2 || !src.NextFetchAt.Equal(clk.t.Add(10*time.Minute)) {
		t.Errorf("second failure: failures %d, next %v", src.Failures, src.NextFetchAt)
	}
	// Recovery resets the count.
	w.handle("broken", "/missing.html", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/html")
		fmt.Fprint(rw, goodPage)
	})
	clk.t = clk.t.Add(11 * time.Minute)
	if r := p.FetchSource(t.Context(), src, opts); r.Error != "" || r.Created != 1 {
		t.Fatalf("recovered source: %+v", r)
	}
	src = sourceByURL(t, st, src.URL)
	if src.Failures != 0 || src.LastError != "" || !src.NextFetchAt.Equal(clk.t.Add(time.Hour)) {
		t.Errorf("after recovery: %+v", src)
	}
}

func TestRetryAfterDelaysSource(t *testing.T) {
	w := newWeb(t)
	w.handle("broken", "/busy.html", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Retry-After", "7200")
		rw.WriteHeader(http.StatusTooManyRequests)
	})
	st := memoryStore(t)
	p := newPipeline(t, st)
	clk := &clock{time.Date(2024, 4, 1, 8, 0, 0, 0, time.UTC)}
	src := addSources(t, st, model.Source{URL: w.url("broken", "/busy.html"), Kind: model.SourcePage})[0]
	p.FetchSource(t.Context(), src, fetchOptions(testClient(fetch.Options{}), clk))
	if got := sourceByURL(t, st, src.URL); !got.NextFetchAt.Equal(clk.t.Add(2 * time.Hour)) {
		t.Errorf("next fetch %v, want the server's Retry-After of 2h", got.NextFetchAt)
	}
}

// TestFeedEntryFailures: a linked page that fails stores nothing for its
// entry, is recorded on the source, and keeps the feed's validators out
// so the next pass retries it.
func TestFeedEntryFailures(t *testing.T) {
	w := newWeb(t)
	w.handle("harbor-dispatch", "/articles/volt-typhoon.html", http.NotFound)
	st := memoryStore(t)
	p := newPipeline(t, st)
	clk := &clock{time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts := fetchOptions(testClient(fetch.Options{}), clk)
	src := addSources(t, st, model.Source{URL: w.url("harbor-dispatch", "/feeds/rss2.xml"), Kind: model.SourceFeed})[0]
	r := p.FetchSource(t.Context(), src, opts)
	if r.Created != 2 || len(r.ItemErrors) != 1 || r.Error != "" {
		t.Fatalf("report %+v", r)
	}
	got := sourceByURL(t, st, src.URL)
	if !strings.Contains(got.LastError, "1 of 3 entries failed") || !strings.Contains(got.LastError, "404") || got.ETag != "" || got.Failures != 0 {
		t.Errorf("recorded %+v", got)
	}
	if _, err := st.ArticleByURL(t.Context(), CanonicalURL(w.url("harbor-dispatch", "/articles/volt-typhoon.html"))); err == nil {
		t.Error("an article was stored for the failed entry")
	}

	// Next pass: the page is back; the feed is read in full again, the
	// stored entries are known, the failed one is stored.
	w.handle("harbor-dispatch", "/articles/volt-typhoon.html", nil)
	clk.t = clk.t.Add(2 * time.Hour)
	r = p.FetchSource(t.Context(), got, opts)
	if r.NotModified || r.Created != 1 || r.Known != 1 || r.Unchanged != 1 || len(r.ItemErrors) != 0 {
		t.Errorf("retry pass %+v", r)
	}
	if got := sourceByURL(t, st, src.URL); got.ETag == "" || got.LastError != "" {
		t.Errorf("after the retry %+v", got)
	}
}

// TestGuardRefusesLocalSources: without allowing private addresses, a
// source on 127.0.0.1 is refused with an error saying how to allow it.
func TestGuardRefusesLocalSources(t *testing.T) {
	w := newWeb(t)
	st := memoryStore(t)
	p := newPipeline(t, st)
	clk := &clock{time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	src := addSources(t, st, model.Source{URL: w.url("harbor-dispatch", "/feeds/rss2.xml"), Kind: model.SourceFeed})[0]
	opts := fetchOptions(fetch.New(fetch.Options{HostDelay: -1}), clk)
	r := p.FetchSource(t.Context(), src, opts)
	for _, want := range []string{"refused", "127.0.0.1 is a loopback address", "--allow-private"} {
		if !strings.Contains(r.Error, want) {
			t.Errorf("error %q lacks %q", r.Error, want)
		}
	}
	if w.count("harbor-dispatch", "/feeds/rss2.xml")+w.count("harbor-dispatch", "/robots.txt") != 0 {
		t.Error("the local server was reached")
	}
	if s := stats(t, st); s.Articles != 0 {
		t.Errorf("%d articles stored", s.Articles)
	}
}

func TestFileSources(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "kaseya.html")
	raw, err := os.ReadFile(filepath.Join("testdata", "web", "quiet-packet", "2021", "07", "kaseya-revil.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "advisory.pdf")
	pdfRaw, err := os.ReadFile(filepath.Join("testdata", "web", "ledger-intrusions", "reports", "ivanti-advisory.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(report, pdfRaw, 0o644); err != nil {
		t.Fatal(err)
	}
	st := memoryStore(t)
	p := newPipeline(t, st)
	clk := &clock{time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts := fetchOptions(testClient(fetch.Options{}), clk)
	srcs := addSources(t, st,
		model.Source{URL: page, Kind: model.SourceFile},
		model.Source{URL: report, Kind: model.SourceFile},
		model.Source{URL: filepath.Join(dir, "gone.html"), Kind: model.SourceFile})
	reports, err := p.FetchDue(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if reports[0].Created != 1 || reports[1].Created != 1 || !strings.Contains(reports[2].Error, "no such file") {
		t.Fatalf("reports %+v", reports)
	}
	// Unmodified files are not read again.
	clk.t = clk.t.Add(2 * time.Hour)
	r := p.FetchSource(t.Context(), sourceByURL(t, st, srcs[0].URL), opts)
	if !r.NotModified {
		t.Errorf("unmodified file re-read: %+v", r)
	}
}

func TestSourceKindFor(t *testing.T) {
	tests := map[string]model.SourceKind{
		"https://a.example/feed.xml":            model.SourceFeed,
		"https://a.example/rss":                 model.SourceFeed,
		"https://a.example/report.PDF":          model.SourcePage,
		"https://a.example/news/story.html?x=1": model.SourcePage,
		"/home/analyst/reports/q1.pdf":          model.SourceFile,
		"reports/q1.html":                       model.SourceFile,
	}
	for in, want := range tests {
		if got := SourceKindFor(in); got != want {
			t.Errorf("SourceKindFor(%q) = %s, want %s", in, got, want)
		}
	}
}
