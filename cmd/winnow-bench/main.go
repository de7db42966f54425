// Command winnow-bench measures winnow's stores at scale: it generates
// deterministic synthetic articles (actors, malware, CVEs, countries, 3-6 KB
// each), loads N analyses into SQLite and PostgreSQL, and reports the ingest
// rate, full-text query and actor-page latencies, and how fast 1, 2 and 4
// workers drain a queue of documents through the whole pipeline.
//
//	winnow-bench -n 100000 -postgres postgres://postgres@127.0.0.1:5432/test?sslmode=disable
//
// It is a measuring tool, never run in CI. PostgreSQL data goes to a schema
// of its own (-schema), dropped and recreated at the start of a run.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/pipeline"
	"github.com/winnow-cti/winnow/internal/resolve"
	"github.com/winnow-cti/winnow/internal/store"
	"github.com/winnow-cti/winnow/internal/store/postgres"
	"github.com/winnow-cti/winnow/internal/store/postgres/pgtest"
	"github.com/winnow-cti/winnow/internal/store/sqlite"
)

type config struct {
	n         int
	seed      uint64
	backends  []string
	sqliteDir string
	pgURL     string
	schema    string
	savers    int
	queries   int
	pages     int
	listPages int
	jobs      int
	workers   []int
	reuse     bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "winnow-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("winnow-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	var backends, workers string
	fs.IntVar(&cfg.n, "n", 10000, "articles to load into each store")
	fs.Uint64Var(&cfg.seed, "seed", 1, "generator seed; the same seed makes the same articles")
	fs.StringVar(&backends, "backends", "sqlite,postgres", "stores to measure")
	fs.StringVar(&cfg.sqliteDir, "sqlite-dir", "", "directory for the SQLite file (default: a temporary one, removed after)")
	fs.StringVar(&cfg.pgURL, "postgres", os.Getenv("WINNOW_BENCH_POSTGRES"), "PostgreSQL server URL (env WINNOW_BENCH_POSTGRES)")
	fs.StringVar(&cfg.schema, "schema", "winnow_bench", "PostgreSQL schema to (re)create for the run")
	fs.IntVar(&cfg.savers, "savers", 4, "concurrent SaveAnalysis callers while loading")
	fs.IntVar(&cfg.queries, "queries", 200, "full-text queries to time")
	fs.IntVar(&cfg.pages, "pages", 200, "actor claim listings to time")
	fs.IntVar(&cfg.listPages, "list-pages", 10, "entity listings (ListEntities, the actor list) to time")
	fs.IntVar(&cfg.jobs, "jobs", 300, "documents each worker run processes")
	fs.StringVar(&workers, "workers", "1,2,4", "worker counts to measure")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	fs.BoolVar(&cfg.reuse, "reuse", false, "keep the store a previous run loaded and add only the articles it lacks (to re-time queries, or resume a load)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.backends = strings.Split(backends, ",")
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for _, w := range strings.Split(workers, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || k < 1 {
			return fmt.Errorf("-workers %q: want counts such as 1,2,4", workers)
		}
		cfg.workers = append(cfg.workers, k)
	}
	// Workers log one line per job; keep the report readable.
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))

	gen := newGenerator(cfg.seed)
	var results []result
	for _, b := range cfg.backends {
		res, err := bench(ctx, &cfg, gen, strings.TrimSpace(b), stderr)
		if err != nil {
			return fmt.Errorf("%s: %w", b, err)
		}
		results = append(results, res)
	}
	report(stdout, &cfg, results)
	return nil
}

// result is one backend's figures.
type result struct {
	backend          string
	loadTime         time.Duration
	loaded           int // articles this run saved (fewer than N with -reuse)
	size             int64
	search           []time.Duration
	claims, entities []time.Duration
	workers          map[int]float64 // documents per second by worker count
}

// benchStore is what the benchmark needs of a backend.
type benchStore interface {
	store.Store
	store.JobStore
}

func bench(ctx context.Context, cfg *config, gen *generator, backend string, log io.Writer) (result, error) {
	res := result{backend: backend, workers: map[int]float64{}}
	st, size, cleanup, err := openBackend(ctx, cfg, backend)
	if err != nil {
		return res, err
	}
	defer cleanup()
	defer st.Close()

	first, next := 0, cfg.n // workers' documents continue the article stream
	if cfg.reuse {
		stats, err := st.Stats(ctx)
		if err != nil {
			return res, err
		}
		// Savers finish out of order, so the last few before an interruption
		// may be missing; saving an article again only replaces it.
		first = max(0, min(stats.Articles, cfg.n)-cfg.savers)
		next = max(cfg.n, stats.Articles)
	}
	fmt.Fprintf(log, "%s: loading articles %d..%d with %d savers\n", backend, first, cfg.n-1, cfg.savers)
	res.loaded = cfg.n - first
	if res.loadTime, err = load(ctx, st, gen, first, cfg.n, cfg.savers, log); err != nil {
		return res, err
	}
	if pg, ok := st.(*postgres.Store); ok {
		// Fresh statistics, as autovacuum would give a long-lived database.
		if _, err := pg.Pool().Exec(ctx, `ANALYZE articles, entities, mentions, indicators, claims, claim_roles, aliases`); err != nil {
			return res, err
		}
	}
	if res.size, err = size(ctx); err != nil {
		return res, err
	}

	fmt.Fprintf(log, "%s: timing %d searches\n", backend, cfg.queries)
	for _, q := range searchQueries(gen, cfg.queries) {
		t := time.Now()
		if _, err := st.Search(ctx, q, 20); err != nil {
			return res, fmt.Errorf("search %q: %w", q, err)
		}
		res.search = append(res.search, time.Since(t))
	}
	fmt.Fprintf(log, "%s: timing %d actor pages\n", backend, cfg.pages)
	for i, key := range actorKeys(gen, cfg.pages) {
		t := time.Now()
		if _, err := st.ListClaims(ctx, store.ClaimFilter{EntityKeys: []string{key}, Limit: 50}); err != nil {
			return res, err
		}
		res.claims = append(res.claims, time.Since(t))
		if i < cfg.listPages {
			t = time.Now()
			if _, err := st.ListEntities(ctx, store.EntityFilter{Kind: model.KindThreatActor, Limit: 50}); err != nil {
				return res, err
			}
			res.entities = append(res.entities, time.Since(t))
		}
	}

	kb, err := resolve.Load()
	if err != nil {
		return res, err
	}
	for _, k := range cfg.workers {
		fmt.Fprintf(log, "%s: %d workers on %d documents\n", backend, k, cfg.jobs)
		rate, err := drain(ctx, st, kb, gen, next, cfg.jobs, k)
		if err != nil {
			return res, err
		}
		res.workers[k] = rate
		next += cfg.jobs
	}
	return res, nil
}

// openBackend opens a fresh, empty store (or with -reuse, the one a
// previous run left) and returns a function reporting
// its size on disk.
func openBackend(ctx context.Context, cfg *config, backend string) (benchStore, func(context.Context) (int64, error), func(), error) {
	switch backend {
	case "sqlite":
		dir, cleanup := cfg.sqliteDir, func() {}
		if dir == "" {
			tmp, err := os.MkdirTemp("", "winnow-bench-")
			if err != nil {
				return nil, nil, nil, err
			}
			dir, cleanup = tmp, func() { os.RemoveAll(tmp) }
		}
		path := filepath.Join(dir, "bench.db")
		if !cfg.reuse {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(path + suffix)
			}
		}
		st, err := sqlite.Open(ctx, path)
		if err != nil {
			cleanup()
			return nil, nil, nil, err
		}
		size := func(context.Context) (int64, error) {
			var total int64
			for _, suffix := range []string{"", "-wal"} {
				if fi, err := os.Stat(path + suffix); err == nil {
					total += fi.Size()
				}
			}
			return total, nil
		}
		return st, size, cleanup, nil
	case "postgres":
		if cfg.pgURL == "" {
			return nil, nil, nil, fmt.Errorf("no server: set -postgres or WINNOW_BENCH_POSTGRES")
		}
		conn, err := pgx.Connect(ctx, cfg.pgURL)
		if err != nil {
			return nil, nil, nil, err
		}
		defer conn.Close(ctx)
		schema := pgx.Identifier{cfg.schema}.Sanitize()
		reset := `DROP SCHEMA IF EXISTS ` + schema + ` CASCADE; CREATE SCHEMA ` + schema
		if cfg.reuse {
			reset = `CREATE SCHEMA IF NOT EXISTS ` + schema
		}
		if _, err := conn.Exec(ctx, reset); err != nil {
			return nil, nil, nil, err
		}
		url, err := pgtest.WithSearchPath(cfg.pgURL, cfg.schema)
		if err != nil {
			return nil, nil, nil, err
		}
		st, err := postgres.Open(ctx, url, postgres.WithMaxConns(cfg.savers+4))
		if err != nil {
			return nil, nil, nil, err
		}
		size := func(ctx context.Context) (int64, error) {
			var n int64
			err := st.Pool().QueryRow(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
				FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')`).Scan(&n)
			return n, err
		}
		return st, size, func() {}, nil
	}
	return nil, nil, nil, fmt.Errorf("unknown backend %q (want sqlite or postgres)", backend)
}

// load saves articles first..n-1 from savers goroutines and returns how long
// it took.
func load(ctx context.Context, st store.Store, gen *generator, first, n, savers int, log io.Writer) (time.Duration, error) {
	var next, saved atomic.Int64
	next.Store(int64(first))
	var firstErr error
	var once sync.Once
	start := time.Now()
	stopProgress := progress(log, start, &saved, n-first)
	defer stopProgress()
	var wg sync.WaitGroup
	for range savers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				a := gen.Article(i)
				if _, err := st.SaveAnalysis(ctx, a); err != nil {
					once.Do(func() { firstErr = fmt.Errorf("article %d: %w", i, err) })
					return
				}
				saved.Add(1)
			}
		})
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return time.Since(start), firstErr
}

// progress prints the load's progress every 30 seconds until stopped.
func progress(log io.Writer, start time.Time, done *atomic.Int64, total int) func() {
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				d := done.Load()
				fmt.Fprintf(log, "  %d/%d saved, %.0f/s\n", d, total, float64(d)/time.Since(start).Seconds())
			}
		}
	}()
	return func() { close(stop) }
}

// searchQueries mixes what analysts type: popular and obscure actor names,
// CVE IDs, quoted phrases and two-term queries.
func searchQueries(gen *generator, n int) []string {
	g := gen.draw(-1)
	out := make([]string, n)
	for i := range out {
		switch i % 10 {
		case 0, 1, 2:
			out[i] = g.actor()
		case 3, 4:
			out[i] = gen.v.actors[len(actorHead)+g.r.IntN(len(gen.v.actors)-len(actorHead))]
		case 5, 6:
			out[i] = g.cve()
		case 7:
			out[i] = `"` + g.malware() + ` against"`
		case 8:
			out[i] = g.actor() + " " + strings.TrimPrefix(countries[g.r.IntN(len(countries))].name, "the ")
		default:
			out[i] = g.pick(sectors) + " " + g.malware()
		}
	}
	return out
}

// actorKeys draws actors as analysts open their pages: popular ones most.
func actorKeys(gen *generator, n int) []string {
	g := gen.draw(-2)
	out := make([]string, n)
	for i := range out {
		out[i] = string(model.KindThreatActor) + ":" + slug(g.actor())
	}
	return out
}

// drain enqueues count documents and runs k workers until all are done,
// returning documents per second.
func drain(ctx context.Context, st benchStore, kb *resolve.KB, gen *generator, first, count, k int) (float64, error) {
	jobs := make([]store.NewJob, count)
	for i := range jobs {
		name, raw := gen.Document(first + i)
		jobs[i] = store.NewJob{Kind: store.JobProcess, Payload: store.JobPayload{Document: &store.Document{
			Name: name, Raw: raw, ContentType: "text/plain"}}}
	}
	if _, err := st.Enqueue(ctx, jobs...); err != nil {
		return 0, err
	}
	p, err := pipeline.New(ctx, st, kb)
	if err != nil {
		return 0, err
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var finished, failed atomic.Int64
	all := make(chan struct{})
	start := time.Now()
	var wg sync.WaitGroup
	for i := range k {
		w := &pipeline.Worker{Jobs: st, Processor: p, ID: fmt.Sprintf("bench-%d", i), Idle: 20 * time.Millisecond,
			Finished: func(_ store.Job, _ pipeline.JobResult, err error) {
				if err != nil {
					failed.Add(1)
				}
				if finished.Add(1) == int64(count) {
					close(all)
				}
			}}
		wg.Go(func() { w.Run(runCtx) })
	}
	select {
	case <-all:
	case <-ctx.Done():
	}
	elapsed := time.Since(start)
	cancel()
	wg.Wait()
	if failed.Load() > 0 {
		return 0, fmt.Errorf("%d of %d jobs failed", failed.Load(), count)
	}
	return float64(count) / elapsed.Seconds(), ctx.Err()
}

// percentile returns the p-th percentile (nearest rank) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(p/100*float64(len(s))+0.999999) - 1
	return s[min(max(rank, 0), len(s)-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// report prints the figures as a Markdown table.
func report(w io.Writer, cfg *config, results []result) {
	fmt.Fprintf(w, "N = %d articles (seed %d), %d savers; %d searches, %d claim listings, %d entity listings; %d documents per worker run\n\n",
		cfg.n, cfg.seed, cfg.savers, cfg.queries, cfg.pages, cfg.listPages, cfg.jobs)
	header := "| measure |"
	sep := "|---|"
	for _, r := range results {
		header += " " + r.backend + " |"
		sep += "---:|"
	}
	fmt.Fprintln(w, header)
	fmt.Fprintln(w, sep)
	row := func(name string, cell func(r result) string) {
		line := "| " + name + " |"
		for _, r := range results {
			line += " " + cell(r) + " |"
		}
		fmt.Fprintln(w, line)
	}
	row("ingest (articles/s)", func(r result) string {
		// With -reuse on a full store only the last few articles are saved
		// again: too few for a rate.
		if cfg.reuse && r.loaded <= cfg.savers {
			return "- (store reused)"
		}
		return fmt.Sprintf("%.0f", float64(r.loaded)/r.loadTime.Seconds())
	})
	row("load time", func(r result) string { return r.loadTime.Round(time.Second).String() })
	row("size on disk", func(r result) string { return fmt.Sprintf("%.2f GB", float64(r.size)/1e9) })
	row("full-text search p50", func(r result) string { return ms(percentile(r.search, 50)) })
	row("full-text search p99", func(r result) string { return ms(percentile(r.search, 99)) })
	row("actor claims (ListClaims) p50", func(r result) string { return ms(percentile(r.claims, 50)) })
	row("actor claims (ListClaims) p99", func(r result) string { return ms(percentile(r.claims, 99)) })
	row("actor list (ListEntities) p50", func(r result) string { return ms(percentile(r.entities, 50)) })
	row("actor list (ListEntities) p99", func(r result) string { return ms(percentile(r.entities, 99)) })
	row("actor page (both) p99", func(r result) string {
		return ms(percentile(r.claims, 99) + percentile(r.entities, 99))
	})
	for _, k := range cfg.workers {
		row(fmt.Sprintf("pipeline, %d worker(s) (docs/s)", k), func(r result) string { return fmt.Sprintf("%.1f", r.workers[k]) })
	}
}
