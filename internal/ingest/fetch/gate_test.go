package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// memGate is a HostGate in memory, standing for a store shared by several
// processes.
type memGate struct {
	mu    sync.Mutex
	next  map[string]time.Time
	calls []gateCall
	err   error // returned by every call while set
	busy  time.Duration
}

type gateCall struct {
	host             string
	spacing, maxWait time.Duration
}

func (g *memGate) Reserve(_ context.Context, host string, spacing, maxWait time.Duration) (time.Duration, bool, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.calls = append(g.calls, gateCall{host, spacing, maxWait})
	if g.err != nil {
		return 0, false, g.err
	}
	if g.busy > 0 {
		return g.busy, false, nil
	}
	if g.next == nil {
		g.next = map[string]time.Time{}
	}
	now := time.Now()
	slot := now
	if next := g.next[host]; next.After(now) {
		slot = next
	}
	if slot.Sub(now) > maxWait {
		return slot.Sub(now), false, nil
	}
	g.next[host] = slot.Add(spacing)
	return slot.Sub(now), true, nil
}

func (g *memGate) set(err error, busy time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.err, g.busy = err, busy
}

// startRecorder serves pages and robots.txt, recording when each request
// arrived.
type startRecorder struct {
	mu     sync.Mutex
	starts []time.Time
	paths  []string
}

func (s *startRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.starts = append(s.starts, time.Now())
	s.paths = append(s.paths, r.URL.Path)
	s.mu.Unlock()
	if r.URL.Path == "/robots.txt" {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
		return
	}
	fmt.Fprint(w, "<p>x</p>")
}

// TestGateSpacesClients fetches from one host through two clients, standing
// for two processes, sharing a gate: the requests start HostDelay apart
// though each client alone would send two at once.
func TestGateSpacesClients(t *testing.T) {
	rec := &startRecorder{}
	srv := serve(t, rec)
	const delay = 150 * time.Millisecond
	gate := &memGate{}
	opts := Options{AllowPrivate: true, IgnoreRobots: true, HostDelay: delay, Gate: gate, Timeout: 10 * time.Second}
	clients := []*Client{New(opts), New(opts)}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			if _, err := clients[i%2].Get(t.Context(), Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	checkGaps(t, rec.starts, delay)
	host := strings.ToLower(strings.TrimPrefix(srv.URL, "http://"))
	for _, c := range gate.calls {
		if c.host != host || c.spacing != delay || c.maxWait <= 0 || c.maxWait > opts.Timeout {
			t.Errorf("gate asked for %+v, want host %q, spacing %v, maxWait within the %v timeout", c, host, delay, opts.Timeout)
		}
	}
}

// checkGaps fails unless the starts are spaced by delay. As in
// TestPoliteness, a request can start late (a timer firing late on a busy
// machine) and so seem close to the next: each gap must be well above
// nothing, and the gaps together must add up.
func checkGaps(t *testing.T, starts []time.Time, delay time.Duration) {
	t.Helper()
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < delay/2 {
			t.Errorf("requests %d and %d started %v apart, want about %v", i-1, i, gap, delay)
		}
	}
	if n := len(starts); n > 1 {
		if span, want := starts[n-1].Sub(starts[0]), time.Duration(n-1)*delay; span < want-20*time.Millisecond {
			t.Errorf("%d requests spread over %v, want at least %v", n, span, want)
		}
	}
}

// TestGateRobots checks that a robots.txt request takes a slot like any
// other.
func TestGateRobots(t *testing.T) {
	rec := &startRecorder{}
	srv := serve(t, rec)
	const delay = 150 * time.Millisecond
	gate := &memGate{}
	c := New(Options{AllowPrivate: true, HostDelay: delay, Gate: gate, Timeout: 10 * time.Second})
	mustGet(t, c, srv.URL+"/a")
	if len(gate.calls) != 2 || strings.Join(rec.paths, " ") != "/robots.txt /a" {
		t.Fatalf("gate asked %d times for requests %v, want 2 for /robots.txt /a", len(gate.calls), rec.paths)
	}
	checkGaps(t, rec.starts, delay)
}

// TestGateFailure checks that a request the gate cannot space is not sent,
// with a clear error, and that it does not poison the robots.txt cache.
func TestGateFailure(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "<p>x</p>")
	}))
	gate := &memGate{}
	opts := testOptions()
	opts.Gate = gate
	c := New(opts)

	gate.set(errors.New("database is down"), 0)
	_, err := c.Get(t.Context(), Request{URL: srv.URL + "/a"})
	var fe *Error
	if !errors.Is(err, ErrGate) || !errors.As(err, &fe) || !strings.Contains(err.Error(), "database is down") ||
		!strings.Contains(err.Error(), "not sent") {
		t.Errorf("Get with a failing gate: %v; want an *Error wrapping ErrGate that names the cause", err)
	}

	gate.set(nil, 2*time.Minute)
	_, err = c.Get(t.Context(), Request{URL: srv.URL + "/a"})
	if !errors.Is(err, ErrHostBusy) || !errors.As(err, &fe) || fe.RetryAfter != 2*time.Minute {
		t.Errorf("Get with a booked host: %v (%+v); want ErrHostBusy with RetryAfter 2m", err, fe)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests reached the server without a slot", n)
	}

	gate.set(nil, 0)
	mustGet(t, c, srv.URL+"/a")
	if n := hits.Load(); n != 2 {
		t.Errorf("after the gate recovered: %d requests, want robots.txt and the page", n)
	}
}

// TestGateWaitWithinDeadline checks that a request does not book a slot it
// would time out before reaching.
func TestGateWaitWithinDeadline(t *testing.T) {
	srv := serve(t, &startRecorder{})
	gate := &memGate{}
	u, _ := url.Parse(srv.URL)
	host := strings.ToLower(u.Host)
	gate.next = map[string]time.Time{host: time.Now().Add(time.Minute)}
	opts := testOptions()
	opts.Gate, opts.IgnoreRobots, opts.Timeout = gate, true, time.Second
	_, err := New(opts).Get(t.Context(), Request{URL: srv.URL + "/a"})
	var fe *Error
	if !errors.Is(err, ErrHostBusy) || !errors.As(err, &fe) || fe.RetryAfter < 50*time.Second {
		t.Fatalf("Get of a host booked for a minute with a 1s timeout: %v; want ErrHostBusy, retry after about 1m", err)
	}
	if next := gate.next[host]; next.After(time.Now().Add(time.Minute)) {
		t.Errorf("the refused request booked a slot: host next free at %v", next)
	}
}
