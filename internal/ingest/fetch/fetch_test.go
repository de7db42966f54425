package fetch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testOptions lets the client reach httptest servers and keeps tests fast.
func testOptions() Options {
	return Options{AllowPrivate: true, HostDelay: -1, Timeout: 5 * time.Second}
}

func serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func mustGet(t *testing.T, c *Client, u string) *Response {
	t.Helper()
	resp, err := c.Get(t.Context(), Request{URL: u})
	if err != nil {
		t.Fatalf("Get(%s): %v", u, err)
	}
	return resp
}

func TestGuardRefusesLoopbackByDefault(t *testing.T) {
	hits := atomic.Int32{}
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "<p>secret</p>")
	}))
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	c := New(Options{HostDelay: -1})
	for _, u := range []string{srv.URL + "/page", "http://localhost:" + port + "/page", "http://[::ffff:127.0.0.1]:" + port + "/"} {
		_, err := c.Get(t.Context(), Request{URL: u})
		if !errors.Is(err, ErrBlocked) {
			t.Fatalf("Get(%s): err = %v, want ErrBlocked", u, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, "loopback") || !strings.Contains(msg, "--allow-private") {
			t.Errorf("error %q does not say the address is loopback and how to allow it", msg)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("the server was reached %d times", hits.Load())
	}
	if _, err := New(testOptions()).Get(t.Context(), Request{URL: srv.URL + "/page"}); err != nil {
		t.Errorf("with AllowPrivate: %v", err)
	}
}

// TestGuardAtRedirect: a server the guard lets through redirects to one it
// does not; the redirect is refused after the new address is resolved.
func TestGuardAtRedirect(t *testing.T) {
	inner := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "metadata credentials")
	}))
	outer := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(inner.URL, "127.0.0.1", "localhost", 1)+"/latest/meta-data", http.StatusFound)
	}))
	c := newClient(Options{HostDelay: -1, IgnoreRobots: true}, map[string]bool{strings.TrimPrefix(outer.URL, "http://"): true})
	_, err := c.Get(t.Context(), Request{URL: outer.URL})
	if !errors.Is(err, ErrBlocked) {
		t.Fatalf("redirect to a loopback server: err = %v, want ErrBlocked", err)
	}
}

func TestBlockedReason(t *testing.T) {
	tests := []struct {
		addr    string
		blocked bool
	}{
		{"127.0.0.1", true},
		{"127.8.9.10", true},
		{"10.1.2.3", true},
		{"172.16.0.1", true},
		{"172.31.255.255", true},
		{"172.32.0.1", false},
		{"192.168.1.1", true},
		{"169.254.169.254", true}, // cloud metadata
		{"100.100.100.200", true}, // Alibaba Cloud metadata
		{"0.0.0.0", true},
		{"224.0.0.1", true},
		{"255.255.255.255", true},
		{"::1", true},
		{"::", true},
		{"fe80::1", true},
		{"fd00:ec2::254", true}, // AWS IPv6 metadata
		{"::ffff:127.0.0.1", true},
		{"::ffff:10.0.0.1", true},
		{"64:ff9b::a9fe:a9fe", true}, // NAT64 of 169.254.169.254
		{"64:ff9b::808:808", false},
		{"8.8.8.8", false},
		{"93.184.215.14", false},
		{"2606:4700:4700::1111", false},
	}
	for _, tt := range tests {
		got := blockedReason(netip.MustParseAddr(tt.addr)) != ""
		if got != tt.blocked {
			t.Errorf("blockedReason(%s) blocked = %v, want %v", tt.addr, got, tt.blocked)
		}
	}
}

func TestUserAgentAndAccept(t *testing.T) {
	var ua, enc string
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		ua, enc = r.UserAgent(), r.Header.Get("Accept-Encoding")
		fmt.Fprint(w, "<p>ok</p>")
	}))
	mustGet(t, New(testOptions()), srv.URL)
	if !strings.HasPrefix(ua, "winnow/") || enc != "gzip" {
		t.Errorf("User-Agent %q, Accept-Encoding %q", ua, enc)
	}
}

func TestConditionalGet(t *testing.T) {
	const etag = `"v1"`
	const lastMod = "Tue, 05 Mar 2024 10:00:00 GMT"
	var full atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<p>article</p>")
	}))
	c := New(Options{AllowPrivate: true, HostDelay: -1, IgnoreRobots: true})
	first := mustGet(t, c, srv.URL)
	if first.NotModified || first.ETag != etag || first.LastModified != lastMod || string(first.Body) != "<p>article</p>" {
		t.Fatalf("first fetch %+v", first)
	}
	tests := []Request{
		{URL: srv.URL, ETag: etag},
		{URL: srv.URL, LastModified: lastMod},
	}
	for _, r := range tests {
		resp, err := c.Get(t.Context(), r)
		if err != nil || !resp.NotModified || len(resp.Body) != 0 {
			t.Errorf("conditional GET %+v: %+v, %v", r, resp, err)
		}
	}
	if full.Load() != 1 {
		t.Errorf("full responses: %d, want 1", full.Load())
	}
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBodies(t *testing.T) {
	page := []byte("<html><body><p>Gzipped article text.</p></body></html>")
	bomb := gzipped(t, make([]byte, 64<<20)) // 64 MiB of zeros in about 64 KiB
	big := bytes.Repeat([]byte("<p>padding</p>\n"), 100000)
	mux := http.NewServeMux()
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		w.Write(gzipped(t, page))
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		w.Write(bomb)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(big) // Content-Length is set: refused before reading
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 20; i++ {
			w.Write(big[:len(big)/10])
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/brotli", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "br")
		w.Write([]byte{1, 2, 3})
	})
	mux.HandleFunc("/bad-gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write([]byte("this is not gzip"))
	})
	srv := serve(t, mux)
	opts := testOptions()
	opts.MaxBytes = 1 << 20
	c := New(opts)

	if got := mustGet(t, c, srv.URL+"/gzip"); !bytes.Equal(got.Body, page) {
		t.Errorf("gzip body %q", got.Body)
	}
	tests := []struct {
		path string
		want error
	}{
		{"/bomb", ErrTooLarge},
		{"/big", ErrTooLarge},
		{"/big-chunked", ErrTooLarge},
		{"/brotli", ErrEncoding},
		{"/bad-gzip", ErrEncoding},
	}
	for _, tt := range tests {
		_, err := c.Get(t.Context(), Request{URL: srv.URL + tt.path})
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.path, err, tt.want)
		}
		var fe *Error
		if !errors.As(err, &fe) || fe.URL != srv.URL+tt.path {
			t.Errorf("%s: error %v does not name the URL", tt.path, err)
		}
	}
}

func TestRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 0 {
			fmt.Fprint(w, "<p>landed</p>")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) })
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/a", http.StatusFound) })
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://files.example/x", http.StatusFound)
	})
	srv := serve(t, mux)
	c := New(testOptions())

	got := mustGet(t, c, srv.URL+"/hop/5")
	if got.URL != srv.URL+"/hop/0" || string(got.Body) != "<p>landed</p>" {
		t.Errorf("5 redirects: landed at %s with %q", got.URL, got.Body)
	}
	tests := []struct {
		path string
		want error
	}{
		{"/hop/6", ErrRedirects},
		{"/loop/a", ErrRedirectLoop},
		{"/ftp", ErrScheme},
	}
	for _, tt := range tests {
		if _, err := c.Get(t.Context(), Request{URL: srv.URL + tt.path}); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.path, err, tt.want)
		}
	}
}

func TestTimeouts(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow-body" {
			w.Write([]byte("<p>start"))
			w.(http.Flusher).Flush()
		}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	opts := testOptions()
	opts.Timeout = 300 * time.Millisecond
	opts.IgnoreRobots = true
	c := New(opts)
	for _, path := range []string{"/slow-headers", "/slow-body"} {
		start := time.Now()
		_, err := c.Get(t.Context(), Request{URL: srv.URL + path})
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("%s: err = %v, want ErrTimeout", path, err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: gave up after %v", path, d)
		}
	}
}

func TestStatusErrors(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt", "/missing":
			http.NotFound(w, r)
		case "/broken":
			http.Error(w, "boom", http.StatusInternalServerError)
		case "/busy":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	c := New(testOptions())
	tests := []struct {
		path       string
		status     int
		retryAfter time.Duration
		message    string
	}{
		{"/missing", 404, 0, "HTTP error: 404 Not Found"},
		{"/broken", 500, 0, "HTTP error: 500 Internal Server Error"},
		{"/busy", 503, 2 * time.Minute, "503 Service Unavailable"},
	}
	for _, tt := range tests {
		_, err := c.Get(t.Context(), Request{URL: srv.URL + tt.path})
		var fe *Error
		if !errors.As(err, &fe) || !errors.Is(err, ErrStatus) {
			t.Fatalf("%s: err = %v", tt.path, err)
		}
		if fe.Status != tt.status || fe.RetryAfter != tt.retryAfter || !strings.Contains(err.Error(), tt.message) {
			t.Errorf("%s: status %d, retry after %v, message %q", tt.path, fe.Status, fe.RetryAfter, err)
		}
	}
}

func TestBadURLs(t *testing.T) {
	c := New(testOptions())
	for _, u := range []string{"file:///etc/passwd", "gopher://x.example/", "not a url", "http://"} {
		if _, err := c.Get(t.Context(), Request{URL: u}); !errors.Is(err, ErrScheme) {
			t.Errorf("Get(%q): err = %v, want ErrScheme", u, err)
		}
	}
}

func TestRobots(t *testing.T) {
	var robotsHits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		robotsHits.Add(1)
		fmt.Fprint(w, "User-agent: *\nDisallow: /\n\nUser-agent: winnow\nDisallow: /private/\nAllow: /private/press\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<p>page</p>") })
	srv := serve(t, mux)
	c := New(testOptions())
	tests := []struct {
		path    string
		allowed bool
	}{
		{"/news/1", true},
		{"/private/archive", false},
		{"/private/press-release", true},
		{"/news/2", true},
	}
	for _, tt := range tests {
		_, err := c.Get(t.Context(), Request{URL: srv.URL + tt.path})
		if tt.allowed && err != nil {
			t.Errorf("%s: %v", tt.path, err)
		}
		if !tt.allowed && !errors.Is(err, ErrRobots) {
			t.Errorf("%s: err = %v, want ErrRobots", tt.path, err)
		}
	}
	if n := robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once", n)
	}

	// An unreachable robots.txt (5xx) disallows everything; a missing one
	// allows everything.
	down := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "<p>page</p>")
	}))
	if _, err := c.Get(t.Context(), Request{URL: down.URL + "/a"}); !errors.Is(err, ErrRobots) || !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("robots.txt 503: err = %v, want ErrRobots saying unreachable", err)
	}
	missing := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "<p>page</p>")
	}))
	mustGet(t, c, missing.URL+"/a")

	ignoring := testOptions()
	ignoring.IgnoreRobots = true
	mustGet(t, New(ignoring), srv.URL+"/private/archive")
}

func TestPoliteness(t *testing.T) {
	var (
		mu            sync.Mutex
		inFlight, top int
		starts        []time.Time
	)
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		top = max(top, inFlight)
		starts = append(starts, time.Now())
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		fmt.Fprint(w, "<p>x</p>")
	}))
	const delay = 80 * time.Millisecond
	c := New(Options{AllowPrivate: true, IgnoreRobots: true, PerHost: 1, HostDelay: delay})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			if _, err := c.Get(t.Context(), Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if top != 1 {
		t.Errorf("%d requests in flight at once, want 1", top)
	}
	// Arrival times jitter with scheduling: each gap must be well above
	// the 20 ms a request takes, and the gaps together must add up.
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < delay/2 {
			t.Errorf("requests %d and %d started %v apart, want about %v", i-1, i, gap, delay)
		}
	}
	if span, want := starts[len(starts)-1].Sub(starts[0]), time.Duration(len(starts)-1)*delay; span < want-20*time.Millisecond {
		t.Errorf("%d requests spread over %v, want at least %v", len(starts), span, want)
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{0, 0},
		{1, time.Minute},
		{2, 2 * time.Minute},
		{3, 4 * time.Minute},
		{6, 32 * time.Minute},
		{7, time.Hour},
		{1000, time.Hour},
	}
	for _, tt := range tests {
		if got := Backoff(tt.failures, time.Minute, time.Hour); got != tt.want {
			t.Errorf("Backoff(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{"-5", 0},
		{"Fri, 01 Mar 2024 12:10:00 GMT", 10 * time.Minute},
		{"Fri, 01 Mar 2024 11:00:00 GMT", 0},
		{"soon", 0},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.v, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
