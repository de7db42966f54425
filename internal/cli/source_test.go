package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/store"
)

// TestMain lets the test binary stand in for winnow when the fetcher runs
// "winnow pdftext" as its PDF sandbox.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "pdftext" {
		os.Exit(Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func listSources(t *testing.T, db string) []store.Source {
	t.Helper()
	code, out, errOut := winnow(t, db, "", "source", "list", "--json")
	if code != 0 {
		t.Fatalf("source list: exit %d: %s", code, errOut)
	}
	var sources []store.Source
	if err := json.Unmarshal([]byte(out), &sources); err != nil {
		t.Fatalf("source list --json: %v\n%s", err, out)
	}
	return sources
}

func TestSourceCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	local := filepath.Join(dir, "report.html")
	if err := os.WriteFile(local, []byte("<p>x</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		out  string // in stdout, or stderr for failures
	}{
		{[]string{"source", "add", "https://crime-wire.example/feed.xml", "--name", "Crime Wire", "--interval", "30m"}, 0, "added source 1: https://crime-wire.example/feed.xml (feed)"},
		{[]string{"source", "add", "https://crime-wire.example/feed.xml"}, 1, "already a source"},
		{[]string{"source", "add", "https://cert.example/advisory.pdf"}, 0, "(page)"},
		{[]string{"source", "add", "https://cert.example/latest", "--kind", "page"}, 0, "added source 3"},
		{[]string{"source", "add", local}, 0, "(file)"},
		{[]string{"source", "add", "https://x.example/", "--kind", "podcast"}, 2, "want feed, page or file"},
		{[]string{"source", "add", "notes.txt", "--kind", "feed"}, 2, "needs an http or https URL"},
		{[]string{"source", "add", "https://x.example/", "--interval", "5s"}, 2, "impolite"},
		{[]string{"source", "add", filepath.Join(dir, "missing.pdf")}, 1, "no such file"},
		{[]string{"source", "remove", "99"}, 1, "no source with ID 99"},
		{[]string{"source", "remove", "3"}, 0, "removed source 3"},
	}
	for _, tt := range tests {
		code, out, errOut := winnow(t, db, "", tt.args...)
		where := out
		if tt.code != 0 {
			where = errOut
		}
		if code != tt.code || !strings.Contains(where, tt.out) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errOut, tt.code, tt.out)
		}
	}
	sources := listSources(t, db)
	if len(sources) != 3 || sources[0].Name != "Crime Wire" || sources[0].Interval != 30*time.Minute || sources[2].URL != local {
		t.Fatalf("sources %+v", sources)
	}
	_, table, _ := winnow(t, db, "", "source", "list")
	for _, want := range []string{"LAST FETCH", "Crime Wire", "never", "now", "file"} {
		if !strings.Contains(table, want) {
			t.Errorf("source list lacks %q:\n%s", want, table)
		}
	}

	// Export, then import into a fresh database.
	opmlFile := filepath.Join(dir, "sources.opml")
	if code, _, errOut := winnow(t, db, "", "source", "export", opmlFile); code != 0 || !strings.Contains(errOut, "1 local file sources left out") {
		t.Fatalf("export: exit %d, %q", code, errOut)
	}
	fresh := filepath.Join(dir, "fresh.db")
	code, out, errOut := winnow(t, fresh, "", "source", "import", opmlFile)
	if code != 0 || !strings.Contains(out, "2 sources added, 0 already present") {
		t.Fatalf("import: exit %d, %q %q", code, out, errOut)
	}
	got := listSources(t, fresh)
	if len(got) != 2 || got[0].URL != "https://crime-wire.example/feed.xml" || got[0].Name != "Crime Wire" || got[1].Kind != "page" {
		t.Errorf("imported %+v", got)
	}

	// An analyst's list: nested folders, a link outline, a duplicate.
	analyst := filepath.Join("..", "ingest", "opml", "testdata", "analyst-feeds.opml")
	code, out, _ = winnow(t, fresh, "", "source", "import", analyst)
	if code != 0 || !strings.Contains(out, "5 sources added") {
		t.Errorf("analyst import: exit %d, %q", code, out)
	}
	raw, _ := os.ReadFile(analyst)
	code, out, _ = winnow(t, fresh, string(raw), "source", "import", "-")
	if code != 0 || !strings.Contains(out, "0 sources added, 5 already present") {
		t.Errorf("second import from stdin: exit %d, %q", code, out)
	}
	if code, _, errOut := winnow(t, fresh, "<rss/>", "source", "import", "-"); code != 1 || !strings.Contains(errOut, "not an OPML document") {
		t.Errorf("importing RSS as OPML: exit %d, %q", code, errOut)
	}
}

// newsSite serves a small feed whose entries are summaries linking to an
// HTML story and a PDF report.
func newsSite(t *testing.T) *httptest.Server {
	t.Helper()
	pdfRaw, err := os.ReadFile(filepath.Join("..", "ingest", "pdf", "testdata", "advisory.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Gateway Watch</title>
<item><title>Hive ransomware network taken down</title><link>/story.html</link><description>Summary only.</description><pubDate>Thu, 26 Jan 2023 15:00:00 GMT</pubDate></item>
<item><title>Ivanti advisory</title><link>/report.pdf</link><description>The PDF.</description></item>
</channel></rss>`)
	})
	mux.HandleFunc("/story.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body><nav>Home | World | Tech</nav><article><h1>Hive ransomware network taken down</h1>
<p>The FBI said it had quietly infiltrated the Hive ransomware group's servers in July 2022 and handed more than three hundred decryption keys to victims before taking the infrastructure offline in January 2023.</p>
<p>Advertisement</p>
<p>German and Dutch police seized the servers that hosted the group's leak site as part of the operation.</p></article></body></html>`)
	})
	mux.HandleFunc("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdfRaw)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchCommand(t *testing.T) {
	srv := newsSite(t)
	db := filepath.Join(t.TempDir(), "w.db")
	if code, _, errOut := winnow(t, db, "", "source", "add", srv.URL+"/feed.xml"); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := winnow(t, db, "", "fetch", "--allow-private", "--host-delay", "0")
	if code != 0 || !strings.Contains(out, "ok         Gateway Watch") && !strings.Contains(out, "2 new") {
		t.Fatalf("fetch: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "1 sources fetched: 2 articles new, 0 updated, 0 sources failed") {
		t.Errorf("summary line missing:\n%s", out)
	}
	_, articles, _ := winnow(t, db, "", "articles")
	for _, want := range []string{"Hive ransomware network taken down", "Ivanti advisory"} {
		if !strings.Contains(articles, want) {
			t.Errorf("articles lack %q:\n%s", want, articles)
		}
	}
	_, searchOut, _ := winnow(t, db, "", "search", "integrity checker")
	if !strings.Contains(searchOut, "Ivanti advisory") {
		t.Errorf("the PDF's text is not searchable:\n%s", searchOut)
	}
	src := listSources(t, db)[0]
	if src.Items != 2 || src.LastError != "" || src.LastFetchedAt.IsZero() || src.NextFetchAt.IsZero() {
		t.Errorf("source after fetch %+v", src)
	}
	// Nothing is due until the interval has passed.
	if _, out, _ := winnow(t, db, "", "fetch", "--allow-private"); !strings.Contains(out, "0 sources fetched") {
		t.Errorf("second fetch:\n%s", out)
	}
	// A one-off page, not kept as a source.
	code, out, _ = winnow(t, db, "", "fetch", "--allow-private", srv.URL+"/story.html?utm_source=x")
	if code != 0 || !strings.Contains(out, "1 unchanged") {
		t.Errorf("one-off fetch of a stored page: exit %d\n%s", code, out)
	}
	if n := len(listSources(t, db)); n != 1 {
		t.Errorf("%d sources after a one-off fetch", n)
	}
}

func TestFetchRefusesLoopbackWithoutAllowPrivate(t *testing.T) {
	srv := newsSite(t)
	db := filepath.Join(t.TempDir(), "w.db")
	winnow(t, db, "", "source", "add", srv.URL+"/feed.xml")
	code, out, _ := winnow(t, db, "", "fetch")
	if code != 1 || !strings.Contains(out, "is a loopback address") || !strings.Contains(out, "--allow-private") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	src := listSources(t, db)[0]
	if !strings.Contains(src.LastError, "refused: 127.0.0.1 is a loopback address") || src.Failures != 1 || src.Items != 0 {
		t.Errorf("recorded %+v", src)
	}
}

func TestPDFText(t *testing.T) {
	pdfFile := filepath.Join("..", "ingest", "pdf", "testdata", "advisory.pdf")
	code, out, errOut := winnow(t, "", "", "pdftext", pdfFile)
	if code != 0 || !strings.Contains(out, "Exploitation of Ivanti Connect Secure gateways") {
		t.Errorf("exit %d, %q, %q", code, out, errOut)
	}
	code, _, errOut = winnow(t, "", "<html></html>", "pdftext", "-")
	if code != 1 || !strings.Contains(errOut, "not a PDF document") {
		t.Errorf("html on stdin: exit %d, %q", code, errOut)
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and a polling reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveFor runs `winnow serve args...` on db until its scheduler has run
// passes passes, checking /healthz meanwhile, then stops it and returns its
// stdout.
func serveFor(t *testing.T, db string, passes int, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(k string) string {
			switch k {
			case "WINNOW_DB":
				return db
			case "WINNOW_ALLOW_PRIVATE":
				return "1"
			}
			return ""
		}}
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), env)
	}()

	addrRe := regexp.MustCompile(`serving on (http://\S+)`)
	var base string
	deadline := time.Now().Add(10 * time.Second)
	for base == "" && time.Now().Before(deadline) {
		if m := addrRe.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("serve did not start:\n%s\n%s", stdout.String(), stderr.String())
	}
	var health struct {
		Status string `json:"status"`
		Passes int    `json:"passes"`
	}
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(resp.Body).Decode(&health)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || health.Status != "ok" {
			t.Fatalf("healthz %d %+v", resp.StatusCode, health)
		}
		if health.Passes >= passes {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if health.Passes < passes {
		t.Fatalf("scheduler ran %d passes", health.Passes)
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("serve exit %d: %s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(stdout.String(), "shutting down") {
		t.Errorf("stdout %q", stdout.String())
	}
	return stdout.String()
}

func TestServe(t *testing.T) {
	srv := newsSite(t)
	db := filepath.Join(t.TempDir(), "w.db")
	winnow(t, db, "", "source", "add", srv.URL+"/feed.xml")
	serveFor(t, db, 2, "--interval", "1s", "--host-delay", "0")
	if src := listSources(t, db)[0]; src.Items != 2 {
		t.Errorf("the scheduler stored %d articles, want 2 (error %q)", src.Items, src.LastError)
	}
}

// TestServeQueue: with --queue, serve fetches nothing itself; it queues
// the due source's fetch job, once, for workers.
func TestServeQueue(t *testing.T) {
	srv := newsSite(t)
	db := filepath.Join(t.TempDir(), "w.db")
	winnow(t, db, "", "source", "add", srv.URL+"/feed.xml")
	out := serveFor(t, db, 3, "--queue", "--interval", "1s")
	if !strings.Contains(out, "queueing due sources for workers every 1s") {
		t.Errorf("serve --queue printed %q", out)
	}
	if js := jobCounts(t, db); js.Queued != 1 || stats(t, db).Articles != 0 {
		t.Errorf("after serve --queue: %+v, %d articles; want one queued fetch job and nothing fetched", js, stats(t, db).Articles)
	}
}
