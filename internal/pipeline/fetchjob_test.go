package pipeline

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest/fetch"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
	"github.com/winnow-cti/winnow/internal/store/postgres"
	"github.com/winnow-cti/winnow/internal/store/postgres/pgtest"
)

// backends opens a fresh store of each kind.
var backends = []struct {
	name string
	open func(t *testing.T) store.Store
}{
	{"sqlite", func(t *testing.T) store.Store { return memoryStore(t) }},
	{"postgres", func(t *testing.T) store.Store {
		st, err := postgres.Open(t.Context(), pgtest.Schema(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}},
}

// drain runs w until the queue has nothing due and returns what each job
// ended with.
func drain(t *testing.T, w *Worker) (results []JobResult, errs []error) {
	t.Helper()
	w.Finished = func(_ store.Job, r JobResult, err error) {
		results = append(results, r)
		errs = append(errs, err)
	}
	for {
		worked, err := w.RunOne(t.Context())
		if err != nil {
			t.Fatalf("RunOne: %v", err)
		}
		if !worked {
			return results, errs
		}
	}
}

// TestFetchJobs queues a feed's fetch jobs as the scheduler does and drains
// them with a worker: the first stores the feed's articles once, none is
// queued while the source is not due, and the next, with the feed
// unchanged, is answered 304 to its conditional GET and stores nothing.
func TestFetchJobs(t *testing.T) {
	steps := []struct {
		name         string
		advance      time.Duration // the clock moves on before the step
		queued       int
		created      int
		notModified  bool
		articles     int
		feedRequests int // in all, so far
	}{
		{"first fetch stores the feed", 0, 1, 3, false, 3, 1},
		{"nothing queued before the interval", 10 * time.Minute, 0, 0, false, 3, 1},
		{"unchanged feed: conditional GET, nothing stored", 25 * time.Minute, 1, 0, true, 3, 2},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			web := newWeb(t)
			st := b.open(t)
			js := st.(store.JobStore)
			p := newPipeline(t, st)
			clk := &clock{time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
			feed := web.url("harbor-dispatch", "/feeds/rss2.xml")
			src := addSources(t, st, model.Source{URL: feed, Kind: model.SourceFeed, Interval: 30 * time.Minute})[0]
			w := &Worker{Jobs: js, Processor: p, Fetcher: Fetcher{Pipeline: p, Options: fetchOptions(testClient(fetch.Options{}), clk)},
				ID: "fetcher", Lease: time.Minute}
			for _, step := range steps {
				t.Run(step.name, func(t *testing.T) {
					clk.t = clk.t.Add(step.advance)
					q, err := js.EnqueueDueFetches(t.Context(), clk.t)
					if err != nil || len(q.Queued) != step.queued {
						t.Fatalf("EnqueueDueFetches = %d queued, %v; want %d", len(q.Queued), err, step.queued)
					}
					// A second scheduler at the same moment queues nothing more.
					if again, err := js.EnqueueDueFetches(t.Context(), clk.t); err != nil || len(again.Queued) != 0 || again.Pending != step.queued {
						t.Fatalf("second EnqueueDueFetches = %+v, %v; want nothing new, %d pending", again, err, step.queued)
					}
					results, errs := drain(t, w)
					if len(results) != step.queued {
						t.Fatalf("worker ran %d jobs, want %d", len(results), step.queued)
					}
					for i, r := range results {
						if errs[i] != nil || r.Fetch == nil {
							t.Fatalf("job ended with %v, report %v", errs[i], r.Fetch)
						}
						f := r.Fetch
						if f.Created != step.created || f.NotModified != step.notModified || f.Error != "" || len(f.ItemErrors) > 0 {
							t.Errorf("report = %+v; want %d created, not modified %v", f, step.created, step.notModified)
						}
						job := job(t, js, q.Queued[i].ID)
						if job.State != store.JobDone || job.Attempts != 1 || !strings.Contains(job.Result, `"created":`) {
							t.Errorf("job = %s after %d attempts, result %q; want done with the report", job.State, job.Attempts, job.Result)
						}
					}
					if got := stats(t, st).Articles; got != step.articles {
						t.Errorf("%d articles stored, want %d", got, step.articles)
					}
					if got := web.count("harbor-dispatch", "/feeds/rss2.xml"); got != step.feedRequests {
						t.Errorf("feed requested %d times, want %d", got, step.feedRequests)
					}
					// The job records the fetch on the source as "winnow fetch" does.
					got := sourceByURL(t, st, src.URL)
					if got.ETag == "" || got.Failures != 0 || got.LastError != "" || got.Items != 3 ||
						!got.NextFetchAt.After(clk.t) || got.NextFetchAt.After(clk.t.Add(30*time.Minute)) {
						t.Errorf("source after the step: %+v", got)
					}
				})
			}
		})
	}
}

// TestFetchJobOutcomes runs one fetch job per case and checks how it ends.
func TestFetchJobOutcomes(t *testing.T) {
	tests := []struct {
		name      string
		path      string // on the "broken" host
		prepare   func(t *testing.T, st store.Store, src store.Source)
		noFetcher bool
		state     store.JobState
		result    string // in the job's result or last error
		failures  int    // recorded on the source, when it still exists
		requests  int
	}{
		{name: "source fails: recorded on the source, job not retried", path: "/down.xml",
			state: store.JobFailed, result: "503", failures: 1, requests: 1},
		{name: "source fetched since the job was queued", path: "/fine.html",
			prepare: func(t *testing.T, st store.Store, src store.Source) {
				now := time.Now()
				if err := st.UpdateSourceFetch(t.Context(), src.ID, store.SourceFetch{FetchedAt: now, NextFetchAt: now.Add(time.Hour)}); err != nil {
					t.Fatal(err)
				}
			},
			state: store.JobDone, result: `"not_due":true`},
		{name: "source removed", path: "/fine.html",
			prepare: func(t *testing.T, st store.Store, src store.Source) {
				if err := st.RemoveSource(t.Context(), src.ID); err != nil {
					t.Fatal(err)
				}
			},
			state: store.JobFailed, result: "not found", failures: -1},
		{name: "worker without a fetcher", path: "/fine.html", noFetcher: true,
			state: store.JobFailed, result: "no fetcher"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			web := newWeb(t)
			web.handle("broken", "/down.xml", func(rw http.ResponseWriter, r *http.Request) {
				http.Error(rw, "down for maintenance", http.StatusServiceUnavailable)
			})
			web.handle("broken", "/fine.html", func(rw http.ResponseWriter, r *http.Request) {
				rw.Header().Set("Content-Type", "text/html")
				rw.Write([]byte("<html><body><article><p>A page that is fine and long enough to keep.</p></article></body></html>"))
			})
			st := memoryStore(t)
			p := newPipeline(t, st)
			src := addSources(t, st, model.Source{URL: web.url("broken", tt.path), Kind: model.SourcePage})[0]
			q, err := st.EnqueueDueFetches(t.Context(), time.Now())
			if err != nil || len(q.Queued) != 1 {
				t.Fatalf("EnqueueDueFetches = %+v, %v", q, err)
			}
			if tt.prepare != nil {
				tt.prepare(t, st, src)
			}
			w := &Worker{Jobs: st, Processor: p, ID: "w", Lease: time.Minute, Backoff: func(int) time.Duration { return 0 }}
			if !tt.noFetcher {
				w.Fetcher = Fetcher{Pipeline: p, Options: FetchOptions{Client: testClient(fetch.Options{})}}
			}
			results, _ := drain(t, w)
			if len(results) != 1 {
				t.Fatalf("worker ran %d jobs, want 1 (a failed fetch job is not retried)", len(results))
			}
			j := job(t, st, q.Queued[0].ID)
			if j.State != tt.state || !strings.Contains(j.Result+j.LastError, tt.result) {
				t.Errorf("job = %s, result %q, last error %q; want %s saying %q", j.State, j.Result, j.LastError, tt.state, tt.result)
			}
			if got := web.count("broken", tt.path); got != tt.requests {
				t.Errorf("%s requested %d times, want %d", tt.path, got, tt.requests)
			}
			if tt.failures >= 0 {
				if got := sourceByURL(t, st, src.URL); got.Failures != tt.failures {
					t.Errorf("source failures = %d, want %d (%q)", got.Failures, tt.failures, got.LastError)
				}
			}
		})
	}
}

// TestSchedulersShareAQueue runs two schedulers at once on sources that
// are due: each source gets one fetch job, however often they look.
func TestSchedulersShareAQueue(t *testing.T) {
	st := memoryStore(t)
	var sources []store.Source
	for _, u := range []string{"https://a.example/feed", "https://b.example/feed", "https://c.example/page.html"} {
		sources = append(sources, addSources(t, st, model.Source{URL: u, Kind: SourceKindFor(u)})...)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var (
		mu     sync.Mutex
		ticks  int
		queued = map[int64]int{}
		wg     sync.WaitGroup
	)
	for range 2 {
		s := &Scheduler{Jobs: st, Every: 10 * time.Millisecond, Ticked: func(q store.FetchEnqueue, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err != nil && ctx.Err() == nil {
				t.Errorf("scheduler: %v", err)
			}
			ticks++
			for _, j := range q.Queued {
				queued[j.Payload.SourceID]++
			}
			if ticks >= 10 {
				cancel()
			}
		}}
		wg.Go(func() {
			if err := s.Run(ctx); err != nil {
				t.Errorf("Run = %v", err)
			}
		})
	}
	wg.Wait()
	for _, src := range sources {
		if queued[src.ID] != 1 {
			t.Errorf("%s: %d fetch jobs queued in %d looks, want 1", src.URL, queued[src.ID], ticks)
		}
	}
	if js, err := st.JobStats(t.Context()); err != nil || js.Queued != len(sources) {
		t.Errorf("JobStats = %+v, %v; want %d queued", js, err, len(sources))
	}
}
