package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/winnow-cti/winnow/internal/pipeline"
	"github.com/winnow-cti/winnow/internal/store"
)

// shutdownGrace is how long serve waits for requests and the running fetch
// pass to finish once told to stop.
const shutdownGrace = 10 * time.Second

func runServe(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "serve", true, false)
	addr := f.String("addr", "127.0.0.1:8080", "address to listen on")
	interval := f.Duration("interval", time.Minute, "how often the scheduler looks for due sources")
	queue := f.Bool("queue", false, "queue a fetch job per due source for 'winnow worker' instead of fetching here")
	ff := addFetchFlags(f, env, true)
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	if *interval < time.Second {
		return fmt.Errorf("%w: --interval %v: want at least 1s", errUsage, *interval)
	}
	if err := ff.check(); err != nil {
		return err
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	sched := &scheduler{st: st, opts: ff.options(st), every: *interval, env: env}
	doing := "fetching due sources"
	if *queue {
		if sched.jobs, err = jobStore(st); err != nil {
			return err
		}
		doing = "queueing due sources for workers"
	} else if sched.p, err = newPipeline(ctx, st); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: sched.routes(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(env.Stdout, "winnow serving on http://%s (%s every %v)\n", ln.Addr(), doing, *interval)

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	passCtx, stopPasses := context.WithCancel(context.WithoutCancel(ctx))
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		sched.loop(passCtx, ctx.Done())
	}()

	select {
	case <-ctx.Done():
	case err = <-serveErr:
	}
	fmt.Fprintln(env.Stdout, "winnow: shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if serr := srv.Shutdown(shutdownCtx); serr != nil && err == nil {
		err = serr
	}
	// Let a running pass finish within the grace period, then cut it.
	select {
	case <-schedDone:
	case <-shutdownCtx.Done():
		stopPasses()
		<-schedDone
	}
	stopPasses()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// scheduler runs fetch passes over due sources, one at a time; or, with
// jobs set, queues the due sources' fetch jobs for workers.
type scheduler struct {
	p     *pipeline.Pipeline
	jobs  store.JobStore
	st    store.Store
	opts  pipeline.FetchOptions
	every time.Duration
	env   *Env

	mu       sync.Mutex
	lastPass time.Time
	passes   int
	lastErr  string
	fetched  int
}

// loop runs a pass at once and then every s.every until stop is closed.
// Passes run under passCtx, which outlives stop so a pass can finish.
func (s *scheduler) loop(passCtx context.Context, stop <-chan struct{}) {
	t := time.NewTicker(s.every)
	defer t.Stop()
	for {
		s.pass(passCtx)
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

func (s *scheduler) pass(ctx context.Context) {
	if s.jobs != nil {
		s.queue(ctx)
		return
	}
	reports, err := s.p.FetchDue(ctx, s.opts)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastPass, s.passes, s.fetched = time.Now(), s.passes+1, len(reports)
	s.lastErr = ""
	if err != nil {
		s.lastErr = err.Error()
		slog.Error("fetch pass", slog.Any("error", err))
	}
	for _, r := range reports {
		if r.Error != "" {
			slog.Warn("source failed", slog.String("source", r.Source.URL), slog.String("error", r.Error))
		}
		if r.Created+r.Updated > 0 {
			slog.Info("source fetched", slog.String("source", r.Source.URL), slog.Int("new", r.Created), slog.Int("updated", r.Updated))
		}
	}
}

// queue queues the due sources' fetch jobs; sources_last_pass counts the
// jobs queued.
func (s *scheduler) queue(ctx context.Context) {
	q, err := s.jobs.EnqueueDueFetches(ctx, time.Now())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastPass, s.passes, s.fetched = time.Now(), s.passes+1, len(q.Queued)
	s.lastErr = ""
	if err != nil {
		s.lastErr = err.Error()
		slog.Error("queueing due sources", slog.Any("error", err))
	} else if len(q.Queued) > 0 {
		slog.Info("fetch jobs queued", slog.Int("queued", len(q.Queued)), slog.Int("pending", q.Pending))
	}
}

func (s *scheduler) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	return mux
}

// healthz answers whether the database is reachable and what the scheduler
// did last.
func (s *scheduler) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	_, dbErr := s.st.ListSources(ctx, store.SourceFilter{Limit: 1})
	s.mu.Lock()
	body := struct {
		Status          string    `json:"status"`
		Error           string    `json:"error,omitempty"`
		Passes          int       `json:"passes"`
		LastPass        time.Time `json:"last_pass,omitzero"`
		LastPassError   string    `json:"last_pass_error,omitempty"`
		SourcesLastPass int       `json:"sources_last_pass"`
	}{Status: "ok", Passes: s.passes, LastPass: s.lastPass, LastPassError: s.lastErr, SourcesLastPass: s.fetched}
	s.mu.Unlock()
	code := http.StatusOK
	if dbErr != nil {
		body.Status, body.Error, code = "unavailable", "database: "+dbErr.Error(), http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}
