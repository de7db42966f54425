package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest"
	"github.com/winnow-cti/winnow/internal/pipeline"
	"github.com/winnow-cti/winnow/internal/store"
)

// jobStore returns st's job queue, or an error for a backend without one.
func jobStore(st store.Store) (store.JobStore, error) {
	js, ok := st.(store.JobStore)
	if !ok {
		return nil, fmt.Errorf("this database backend has no job queue")
	}
	return js, nil
}

func runWorker(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "worker", true, false)
	concurrency := f.Int("concurrency", 1, "jobs to run at once, each by its own worker")
	lease := f.Duration("lease", pipeline.DefaultLease, "how long a claimed job is ours without renewal; renewed every third of it")
	id := f.String("id", "", "worker name in the queue (default HOST-PID); with --concurrency N, NAME-1 ... NAME-N")
	schedule := f.Duration("schedule", pipeline.DefaultSchedule,
		"how often to queue fetch jobs for the sources that are due (0: never; another process queues them)")
	ff := addFetchFlags(f, env, false)
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	if *concurrency < 1 {
		return fmt.Errorf("%w: --concurrency %d: want at least 1", errUsage, *concurrency)
	}
	if *lease < time.Second {
		return fmt.Errorf("%w: --lease %v: want at least 1s", errUsage, *lease)
	}
	if *schedule != 0 && *schedule < time.Second {
		return fmt.Errorf("%w: --schedule %v: want 0 or at least 1s", errUsage, *schedule)
	}
	if err := ff.check(); err != nil {
		return err
	}
	name := *id
	if name == "" {
		name = pipeline.DefaultWorkerID()
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	js, err := jobStore(st)
	if err != nil {
		return err
	}
	p, err := newPipeline(ctx, st)
	if err != nil {
		return err
	}
	opts := ff.options(st)
	var done, failed atomic.Int64
	started := time.Now()
	scheduling := "not queueing fetch jobs"
	if *schedule > 0 {
		scheduling = fmt.Sprintf("queueing due sources every %v", *schedule)
	}
	fmt.Fprintf(env.Stderr, "winnow worker %s: %d at once, lease %v, %s; Ctrl-C to stop\n", name, *concurrency, *lease, scheduling)
	var wg sync.WaitGroup
	if *schedule > 0 {
		sched := &pipeline.Scheduler{Jobs: js, Every: *schedule}
		wg.Go(func() { sched.Run(ctx) })
	}
	// One fetcher for all: the client's per-host concurrency limit and
	// robots.txt cache are shared by the process's workers, and its spacing
	// of requests to a host by every process using the database.
	fetcher := pipeline.Fetcher{Pipeline: p, Options: opts}
	for i := range *concurrency {
		w := &pipeline.Worker{Jobs: js, Processor: p, Fetcher: fetcher, ID: name, Lease: *lease,
			Finished: func(_ store.Job, _ pipeline.JobResult, err error) {
				if err == nil {
					done.Add(1)
				} else {
					failed.Add(1)
				}
			}}
		if *concurrency > 1 {
			w.ID = name + "-" + strconv.Itoa(i+1)
		}
		wg.Go(func() { w.Run(ctx) })
	}
	wg.Wait()
	fmt.Fprintf(env.Stdout, "worker %s stopped: %d jobs done, %d not completed, in %s\n",
		name, done.Load(), failed.Load(), time.Since(started).Round(time.Millisecond))
	return nil
}

func runJobs(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "jobs", true, true)
	state := f.String("state", "", "list jobs in this state (queued, running, done, failed) instead of counting")
	kind := f.String("kind", "", "list jobs of this kind (process, fetch) instead of counting")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	if *state != "" && !store.ValidJobState(store.JobState(*state)) {
		return fmt.Errorf("%w: --state %q: want queued, running, done or failed", errUsage, *state)
	}
	if k := store.JobKind(*kind); k != "" && k != store.JobProcess && k != store.JobFetch {
		return fmt.Errorf("%w: --kind %q: want process or fetch", errUsage, *kind)
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	js, err := jobStore(st)
	if err != nil {
		return err
	}
	if *state != "" || *kind != "" {
		return listJobs(ctx, env, f, js, store.JobFilter{State: store.JobState(*state), Kind: store.JobKind(*kind), Limit: f.limit})
	}
	stats, err := js.JobStats(ctx)
	if err != nil {
		return err
	}
	if f.jsonOut {
		return writeJSON(env.Stdout, stats)
	}
	proc, fetch := stats.ByKind[store.JobProcess], stats.ByKind[store.JobFetch]
	t := newTable(env.Stdout, "STATE", "JOBS", "PROCESS", "FETCH")
	for _, r := range []struct {
		name string
		n    func(store.JobCounts) int
	}{
		{"queued", func(c store.JobCounts) int { return c.Queued }},
		{"running", func(c store.JobCounts) int { return c.Running }},
		{"expired", func(c store.JobCounts) int { return c.Expired }},
		{"done", func(c store.JobCounts) int { return c.Done }},
		{"failed", func(c store.JobCounts) int { return c.Failed }},
	} {
		t.row(r.name, strconv.Itoa(r.n(stats.JobCounts)), strconv.Itoa(r.n(proc)), strconv.Itoa(r.n(fetch)))
	}
	return t.flush()
}

func listJobs(ctx context.Context, env *Env, f *flags, js store.JobStore, filter store.JobFilter) error {
	jobs, err := js.ListJobs(ctx, filter)
	if err != nil {
		return err
	}
	for i := range jobs {
		if d := jobs[i].Payload.Document; d != nil {
			d.Raw = nil // JSON leaves it out anyway; free it early
		}
	}
	if f.jsonOut {
		return writeJSON(env.Stdout, jobs)
	}
	t := newTable(env.Stdout, "ID", "KIND", "STATE", "ATTEMPTS", "WORKER", "INPUT", "RESULT")
	for _, j := range jobs {
		input := j.Payload.URL
		switch {
		case j.Payload.Document != nil:
			input = j.Payload.Document.Name
		case j.Kind == store.JobFetch:
			input = fmt.Sprintf("source %d %s", j.Payload.SourceID, j.Payload.URL)
		}
		t.row(strconv.FormatInt(j.ID, 10), string(j.Kind), string(j.State), fmt.Sprintf("%d/%d", j.Attempts, j.MaxAttempts),
			truncate(j.WorkerID, 24), truncate(input, 48), truncate(jobResult(j), 60))
	}
	return t.flush()
}

// jobResult says in a few words what a finished job did, or why its last
// attempt failed.
func jobResult(j store.Job) string {
	if j.LastError != "" {
		return "error: " + j.LastError
	}
	if j.State != store.JobDone || j.Result == "" {
		return ""
	}
	if j.Kind == store.JobFetch {
		var r pipeline.SourceReport
		if json.Unmarshal([]byte(j.Result), &r) != nil {
			return j.Result
		}
		switch {
		case r.NotDue:
			return "not due: fetched since the job was queued"
		case r.NotModified:
			return "not modified"
		}
		return fmt.Sprintf("%d entries: %d new, %d updated, %d unchanged, %d already stored, %d failed",
			r.Entries, r.Created, r.Updated, r.Unchanged, r.Known, len(r.ItemErrors))
	}
	var o pipeline.Outcome
	if json.Unmarshal([]byte(j.Result), &o) != nil {
		return j.Result
	}
	return fmt.Sprintf("%s article %d", o.Status, o.ArticleID)
}

// enqueueFiles reads files and enqueues one process job per document, each
// file's documents in one transaction.
func enqueueFiles(ctx context.Context, env *Env, st store.Store, files []string, listErrs []error, opts ingest.Options) error {
	js, err := jobStore(st)
	if err != nil {
		return err
	}
	failed := len(listErrs)
	for _, e := range listErrs {
		fmt.Fprintf(env.Stderr, "winnow: %v\n", e)
	}
	queued := 0
	for _, name := range files {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		items, err := ingest.ReadFile(name, env.Stdin, opts)
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "winnow: %v\n", err)
		}
		if len(items) == 0 {
			continue
		}
		jobs := make([]store.NewJob, len(items))
		for i, it := range items {
			jobs[i] = pipeline.ProcessJob(it)
		}
		if _, err := js.Enqueue(ctx, jobs...); err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "winnow: %s: %v\n", name, err)
			continue
		}
		queued += len(jobs)
	}
	fmt.Fprintf(env.Stdout, "%d documents queued, %d failed; run 'winnow worker' to process them\n", queued, failed)
	if failed > 0 {
		return errFailed
	}
	return nil
}
