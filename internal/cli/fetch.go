package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest/fetch"
	"github.com/winnow-cti/winnow/internal/ingest/pdf"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/pipeline"
	"github.com/winnow-cti/winnow/internal/store"
)

// fetchFlags are the flags of the commands that fetch: fetch, serve and
// worker.
type fetchFlags struct {
	allowPrivate bool
	timeout      time.Duration
	maxSize      int64
	workers      int
	hostDelay    time.Duration
}

// addFetchFlags adds the fetcher's flags to f; withConcurrency adds
// --concurrency, the number of sources fetched at once, for the commands
// that run passes (a worker's --concurrency is its number of jobs).
func addFetchFlags(f *flags, env *Env, withConcurrency bool) *fetchFlags {
	ff := &fetchFlags{workers: pipeline.DefaultSourceWorkers}
	f.BoolVar(&ff.allowPrivate, "allow-private", env.Getenv("WINNOW_ALLOW_PRIVATE") == "1",
		"allow loopback, private and link-local addresses, for intranet sources (env WINNOW_ALLOW_PRIVATE=1)")
	f.DurationVar(&ff.timeout, "timeout", fetch.DefaultTimeout, "give up on one request after this long")
	f.Int64Var(&ff.maxSize, "max-size", fetch.DefaultMaxBytes, "refuse documents larger than this many bytes (after decompression)")
	if withConcurrency {
		f.IntVar(&ff.workers, "concurrency", pipeline.DefaultSourceWorkers, "sources fetched at once")
	}
	f.DurationVar(&ff.hostDelay, "host-delay", fetch.DefaultHostDelay, "pause between the starts of two requests to the same host, kept in the database for every process using it")
	return ff
}

// check validates the flags, before anything is opened.
func (ff *fetchFlags) check() error {
	if ff.timeout <= 0 || ff.maxSize <= 0 || ff.workers < 1 || ff.hostDelay < 0 {
		return fmt.Errorf("%w: --timeout, --max-size and --concurrency must be positive, --host-delay not negative", errUsage)
	}
	return nil
}

// options builds the fetcher of checked flags. Its per-host politeness
// (--host-delay, or a longer robots.txt Crawl-delay) is kept in st, so every
// process using the same database, workers on other machines included,
// spaces its requests to a host with this one's.
func (ff *fetchFlags) options(st store.Store) pipeline.FetchOptions {
	delay := ff.hostDelay
	if delay == 0 {
		delay = -1 // the fetcher's "none"
	}
	client := fetch.New(fetch.Options{
		AllowPrivate: ff.allowPrivate, Timeout: ff.timeout, MaxBytes: ff.maxSize, HostDelay: delay,
		Gate: pipeline.HostGate(st),
	})
	return pipeline.FetchOptions{Client: client, PDF: pdfExtractor(), Workers: ff.workers}
}

// pdfExtractor reads PDFs from the network in a child "winnow pdftext"
// process, killed if it runs too long, so a hostile file cannot hang or
// exhaust winnow itself.
func pdfExtractor() pdf.Extractor {
	exe, err := os.Executable()
	if err != nil {
		return func(context.Context, []byte) (string, error) {
			return "", fmt.Errorf("%w: cannot find the winnow executable to run pdftext: %v", pdf.ErrSandbox, err)
		}
	}
	return pdf.Subprocess(pdf.DefaultTimeout, pdf.DefaultMemLimit, exe, "pdftext")
}

func runFetch(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "fetch", true, false)
	ff := addFetchFlags(f, env, true)
	kind := f.String("kind", "", "with URL arguments: feed or page (default: decided by what the server sends)")
	jsonOut := f.Bool("json", false, "print one JSON report per source instead of a line")
	queue := f.Bool("queue", false, "queue a fetch job per due source for 'winnow worker' instead of fetching here")
	if err := f.parse(args); err != nil {
		return err
	}
	if *queue {
		if f.NArg() > 0 {
			return fmt.Errorf("%w: --queue takes no URL arguments: it queues the sources that are due", errUsage)
		}
		return queueFetches(ctx, env, f.db, *jsonOut)
	}
	if err := ff.check(); err != nil {
		return err
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	opts := ff.options(st)
	p, err := newPipeline(ctx, st)
	if err != nil {
		return err
	}
	var reports []pipeline.SourceReport
	if f.NArg() == 0 {
		reports, err = p.FetchDue(ctx, opts)
		if err != nil && len(reports) == 0 {
			return err
		}
	} else {
		// One-off targets: fetched now, stored, not kept as sources.
		for _, target := range f.Args() {
			k := model.SourceKind(*kind)
			if pipeline.SourceKindFor(target) == model.SourceFile {
				k = model.SourceFile
			}
			reports = append(reports, p.FetchSource(ctx, store.Source{Source: model.Source{URL: target, Kind: k}}, opts))
		}
	}
	failed := printReports(env, reports, *jsonOut)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		return errFailed
	}
	return nil
}

// queueFetches queues a fetch job for each due source that has none
// queued or running.
func queueFetches(ctx context.Context, env *Env, db string, jsonOut bool) error {
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	js, err := jobStore(st)
	if err != nil {
		return err
	}
	q, err := js.EnqueueDueFetches(ctx, time.Now())
	if err != nil {
		return err
	}
	if jsonOut {
		return writeJSON(env.Stdout, q)
	}
	for _, j := range q.Queued {
		fmt.Fprintf(env.Stdout, "queued     job %d: source %d %s\n", j.ID, j.Payload.SourceID, cellText(j.Payload.URL))
	}
	fmt.Fprintf(env.Stdout, "%d fetch jobs queued, %d due sources already queued; run 'winnow worker' to fetch them\n",
		len(q.Queued), q.Pending)
	return nil
}

// printReports writes one line (or JSON object) per source and a summary,
// and returns how many sources failed.
func printReports(env *Env, reports []pipeline.SourceReport, jsonOut bool) int {
	var created, updated, failed int
	for _, r := range reports {
		created += r.Created
		updated += r.Updated
		if r.Error != "" && len(r.ItemErrors) == 0 {
			failed++
		}
		if jsonOut {
			_ = writeJSON(env.Stdout, r)
			continue
		}
		fmt.Fprintln(env.Stdout, reportLine(r))
	}
	if !jsonOut {
		fmt.Fprintf(env.Stdout, "%d sources fetched: %d articles new, %d updated, %d sources failed\n",
			len(reports), created, updated, failed)
	}
	return failed
}

func reportLine(r pipeline.SourceReport) string {
	name := r.Source.Name
	if name == "" {
		name = r.Source.URL
	}
	name = cellText(name)
	switch {
	case r.Error != "" && len(r.ItemErrors) == 0:
		return fmt.Sprintf("failed     %s: %s (next try %s)", name, cellText(r.Error), formatNext(r.NextFetchAt))
	case r.NotModified:
		return fmt.Sprintf("unchanged  %s", name)
	}
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(r.Created, "new")
	add(r.Updated, "updated")
	add(r.Revised, "with a new revision")
	add(r.Unchanged, "unchanged")
	add(r.Known, "already stored")
	if len(parts) == 0 {
		parts = append(parts, "nothing to read")
	}
	line := fmt.Sprintf("ok         %s: %s", name, strings.Join(parts, ", "))
	if len(r.ItemErrors) > 0 {
		line += fmt.Sprintf("; %d entries failed, first: %s", len(r.ItemErrors), cellText(r.ItemErrors[0]))
	}
	return line
}

func runPDFText(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "pdftext", false, false)
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 1); err != nil {
		return err
	}
	var r io.Reader = env.Stdin
	if f.NArg() == 1 && f.Arg(0) != "-" {
		file, err := os.Open(f.Arg(0))
		if err != nil {
			return err
		}
		defer file.Close()
		r = file
	}
	if err := pdf.RunChild(r, env.Stdout); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout)
	return nil
}
