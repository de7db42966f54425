package pipeline

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest/fetch"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
	"github.com/winnow-cti/winnow/internal/store/postgres"
	"github.com/winnow-cti/winnow/internal/store/postgres/pgtest"
	"github.com/winnow-cti/winnow/internal/store/sqlite"
)

// sharedBackends open one fresh database of each kind through two handles,
// as two worker processes would.
var sharedBackends = []struct {
	name string
	open func(t *testing.T) (store.Store, store.Store)
}{
	{"sqlite", func(t *testing.T) (store.Store, store.Store) {
		path := filepath.Join(t.TempDir(), "winnow.db")
		var handles [2]store.Store
		for i := range handles {
			st, err := sqlite.Open(t.Context(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			handles[i] = st
		}
		return handles[0], handles[1]
	}},
	{"postgres", func(t *testing.T) (store.Store, store.Store) {
		url := pgtest.Schema(t)
		var handles [2]store.Store
		for i := range handles {
			st, err := postgres.Open(t.Context(), url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			handles[i] = st
		}
		return handles[0], handles[1]
	}},
}

// TestWorkersShareHostPoliteness runs the fetch jobs of two sources on one
// host at once through two fetchers, each with its own client and store
// handle as in two worker processes, gated by the store they share. Each
// client alone would send its robots.txt and page requests without waiting
// for the other's; shared, every request to the host starts HostDelay after
// the one before.
func TestWorkersShareHostPoliteness(t *testing.T) {
	const delay = 150 * time.Millisecond
	for _, b := range sharedBackends {
		t.Run(b.name, func(t *testing.T) {
			web := newWeb(t)
			var (
				mu     sync.Mutex
				starts []time.Time
				paths  []string
			)
			srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				mu.Lock()
				starts = append(starts, time.Now())
				paths = append(paths, r.URL.Path)
				mu.Unlock()
				web.serve("harbor-dispatch", rw, r)
			}))
			t.Cleanup(srv.Close)
			st1, st2 := b.open(t)
			srcs := addSources(t, st1,
				model.Source{URL: srv.URL + "/articles/lockbit-cronos.html", Kind: model.SourcePage},
				model.Source{URL: srv.URL + "/articles/volt-typhoon.html", Kind: model.SourcePage})
			var fetchers []Fetcher
			for _, st := range []store.Store{st1, st2} {
				client := fetch.New(fetch.Options{AllowPrivate: true, HostDelay: delay, Timeout: 10 * time.Second,
					Gate: HostGate(st)})
				fetchers = append(fetchers, Fetcher{Pipeline: newPipeline(t, st), Options: FetchOptions{Client: client}})
			}
			reports := make([]SourceReport, len(srcs))
			errs := make([]error, len(srcs))
			var wg sync.WaitGroup
			for i := range srcs {
				wg.Go(func() { reports[i], errs[i] = fetchers[i].FetchQueued(t.Context(), srcs[i].ID) })
			}
			wg.Wait()
			for i, r := range reports {
				if errs[i] != nil || r.Created != 1 {
					t.Errorf("fetch job of %s: %v, report %+v; want one article created", srcs[i].URL, errs[i], r)
				}
			}
			if len(starts) != 4 {
				t.Fatalf("requests %v, want robots.txt and a page per fetcher", paths)
			}
			// A request can start a little after its slot (a timer firing late
			// on a busy machine) and so seem close to the next: each gap must
			// be well above nothing, and the gaps together must add up.
			for i := 1; i < len(starts); i++ {
				if gap := starts[i].Sub(starts[i-1]); gap < delay/2 {
					t.Errorf("requests %d (%s) and %d (%s) started %v apart, want at least about %v",
						i-1, paths[i-1], i, paths[i], gap, delay)
				}
			}
			if span, want := starts[len(starts)-1].Sub(starts[0]), time.Duration(len(starts)-1)*delay; span < want-20*time.Millisecond {
				t.Errorf("%d requests %v spread over %v, want at least %v", len(starts), paths, span, want)
			}
		})
	}
}
