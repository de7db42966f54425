package cli

import (
	"context"
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
	var done, failed atomic.Int64
	started := time.Now()
	fmt.Fprintf(env.Stderr, "winnow worker %s: %d at once, lease %v; Ctrl-C to stop\n", name, *concurrency, *lease)
	var wg sync.WaitGroup
	for i := range *concurrency {
		w := &pipeline.Worker{Jobs: js, Processor: p, ID: name, Lease: *lease,
			Finished: func(_ store.Job, _ pipeline.Outcome, err error) {
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
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	if *state != "" && !store.ValidJobState(store.JobState(*state)) {
		return fmt.Errorf("%w: --state %q: want queued, running, done or failed", errUsage, *state)
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
	if *state != "" {
		return listJobs(ctx, env, f, js, store.JobState(*state))
	}
	stats, err := js.JobStats(ctx)
	if err != nil {
		return err
	}
	if f.jsonOut {
		return writeJSON(env.Stdout, stats)
	}
	t := newTable(env.Stdout, "STATE", "JOBS")
	for _, r := range []struct {
		name string
		n    int
	}{
		{"queued", stats.Queued}, {"running", stats.Running}, {"expired", stats.Expired},
		{"done", stats.Done}, {"failed", stats.Failed},
	} {
		t.row(r.name, strconv.Itoa(r.n))
	}
	return t.flush()
}

func listJobs(ctx context.Context, env *Env, f *flags, js store.JobStore, state store.JobState) error {
	jobs, err := js.ListJobs(ctx, store.JobFilter{State: state, Limit: f.limit})
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
	t := newTable(env.Stdout, "ID", "KIND", "ATTEMPTS", "WORKER", "INPUT", "LAST ERROR")
	for _, j := range jobs {
		input := j.Payload.URL
		if j.Payload.Document != nil {
			input = j.Payload.Document.Name
		}
		t.row(strconv.FormatInt(j.ID, 10), string(j.Kind), fmt.Sprintf("%d/%d", j.Attempts, j.MaxAttempts),
			truncate(j.WorkerID, 24), truncate(input, 48), truncate(j.LastError, 60))
	}
	return t.flush()
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
