package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime/debug"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest"
	"github.com/winnow-cti/winnow/internal/store"
)

// Processor runs one document through the pipeline; *Pipeline is one.
type Processor interface {
	Process(ctx context.Context, item ingest.Item) (Outcome, error)
}

var _ Processor = (*Pipeline)(nil)

// Worker defaults.
const (
	DefaultLease = 2 * time.Minute
	DefaultIdle  = time.Second
)

// Worker takes jobs from a queue and runs them: it claims a due job,
// processes its document (or fetches its source) while renewing the lease in
// the background, and completes the job, or records the failure. Several
// workers, in one process or many, may share a queue; the lease makes sure a
// job whose worker died is taken over by another, and only the holder of a
// lease can finish its job.
type Worker struct {
	Jobs      store.JobStore
	Processor Processor
	// Fetcher runs fetch jobs; a worker without one fails them.
	Fetcher SourceFetcher
	// ID names the worker in the queue; DefaultWorkerID() if empty.
	ID string
	// Lease is how long a claim lasts without renewal; DefaultLease if zero.
	// The worker renews it every third of its length.
	Lease time.Duration
	// Idle is how long to wait before asking again when nothing is due;
	// DefaultIdle if zero.
	Idle time.Duration
	// Backoff says how long a failed job waits before its next attempt;
	// RetryBackoff if nil.
	Backoff func(attempt int) time.Duration
	// Logger receives one line per job; slog.Default() if nil.
	Logger *slog.Logger
	// Finished, if set, is called after each job the worker claimed with
	// what it did and the error the job ended with (nil when completed).
	Finished func(job store.Job, res JobResult, err error)
}

// JobResult is what running a job did.
type JobResult struct {
	Outcome Outcome       // a process job's
	Fetch   *SourceReport // a fetch job's, nil for other kinds
}

// summary is what the queue keeps as a completed job's result.
func (r JobResult) summary() string {
	var b []byte
	if r.Fetch != nil {
		b, _ = json.Marshal(r.Fetch)
	} else {
		b, _ = json.Marshal(r.Outcome)
	}
	return string(b)
}

// DefaultWorkerID names a worker after its host and process.
func DefaultWorkerID() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "worker"
	}
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}

// RetryBackoff waits 10s after a first failure, doubling each attempt up to
// ten minutes.
func RetryBackoff(attempt int) time.Duration {
	d := 10 * time.Second
	for i := 1; i < attempt && d < 10*time.Minute; i++ {
		d *= 2
	}
	return min(d, 10*time.Minute)
}

// ErrLeaseLost is the cause of a job's context when another worker took the
// job over or the job was finished elsewhere.
var ErrLeaseLost = errors.New("pipeline: worker lost its lease on the job")

func (w *Worker) defaults() {
	if w.ID == "" {
		w.ID = DefaultWorkerID()
	}
	if w.Lease <= 0 {
		w.Lease = DefaultLease
	}
	if w.Idle <= 0 {
		w.Idle = DefaultIdle
	}
	if w.Backoff == nil {
		w.Backoff = RetryBackoff
	}
	if w.Logger == nil {
		w.Logger = slog.Default()
	}
}

// Run works until ctx is canceled, then returns nil. A job in progress when
// ctx ends is handed back to the queue so another worker can take it at once.
func (w *Worker) Run(ctx context.Context) error {
	if w.Jobs == nil || w.Processor == nil {
		return errors.New("pipeline: worker needs a job store and a processor")
	}
	w.defaults()
	for ctx.Err() == nil {
		worked, err := w.RunOne(ctx)
		if err != nil && ctx.Err() == nil {
			w.Logger.Warn("worker: claiming a job failed", slog.String("worker", w.ID), slog.Any("error", err))
		}
		if worked && err == nil {
			continue
		}
		// Nothing due, or the queue is unreachable: wait, with jitter so
		// idle workers do not poll in step.
		wait := w.Idle/2 + rand.N(w.Idle)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
	return nil
}

// RunOne claims one due job and runs it, reporting whether there was one.
// The error is about the queue itself; a job that fails is recorded in the
// queue, not returned.
func (w *Worker) RunOne(ctx context.Context) (bool, error) {
	w.defaults()
	job, err := w.Jobs.Claim(ctx, w.ID, w.Lease)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	log := w.Logger.With(slog.String("worker", w.ID), slog.Int64("job", job.ID), slog.Int("attempt", job.Attempts))

	jobCtx, cancel := context.WithCancelCause(ctx)
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		w.renew(jobCtx, cancel, job.ID)
	}()
	res, runErr := w.run(jobCtx, job)
	cancel(nil)
	<-renewed

	// Finishing uses a context of its own: a worker told to stop still
	// records what happened to the job it held.
	finishCtx, done := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer done()
	var finishErr error
	switch {
	case runErr == nil:
		finishErr = w.Jobs.Complete(finishCtx, job.ID, w.ID, res.summary())
		switch {
		case finishErr != nil:
			log.Warn("job processed but not completed", slog.Any("error", finishErr))
		case res.Fetch != nil:
			log.Info("fetch job done", slog.String("source", res.Fetch.Source.URL), slog.Bool("not_due", res.Fetch.NotDue),
				slog.Bool("not_modified", res.Fetch.NotModified), slog.Int("created", res.Fetch.Created),
				slog.Int("updated", res.Fetch.Updated), slog.Int("item_errors", len(res.Fetch.ItemErrors)))
		default:
			log.Info("job done", slog.String("status", res.Outcome.Status), slog.Int64("article", res.Outcome.ArticleID))
		}
	case errors.Is(context.Cause(jobCtx), ErrLeaseLost):
		// Another worker has the job now; leave it to them.
		finishErr = ErrLeaseLost
	case ctx.Err() != nil:
		// Stopping: hand the job back for another worker to take now.
		finishErr = w.Jobs.Fail(finishCtx, job.ID, w.ID, "worker stopped: "+runErr.Error(), 0)
		if finishErr == nil {
			finishErr = runErr
		}
	default:
		retry := w.Backoff(job.Attempts)
		switch {
		case errors.Is(runErr, store.ErrInvalid), errors.Is(runErr, errUnsupportedJob), errors.Is(runErr, ErrInternal):
			retry = store.NoRetry // the same input would fail again
		case errors.Is(runErr, errSourceFailed), job.Kind == store.JobFetch && errors.Is(runErr, store.ErrNotFound):
			// Recorded on the source, whose backoff says when to try
			// again; or the source was removed.
			retry = store.NoRetry
		}
		finishErr = w.Jobs.Fail(finishCtx, job.ID, w.ID, runErr.Error(), retry)
		if finishErr == nil {
			finishErr = runErr
			log.Warn("job failed", slog.Any("error", runErr), slog.Duration("retry_after", retry))
		}
	}
	if w.Finished != nil {
		w.Finished(job, res, finishErr)
	}
	return true, nil
}

// renew extends the lease every third of its length until ctx ends. When
// the lease is lost it cancels the job with ErrLeaseLost; a failure to reach
// the queue is retried on the next tick, while the lease may still hold.
func (w *Worker) renew(ctx context.Context, cancel context.CancelCauseFunc, jobID int64) {
	t := time.NewTicker(w.Lease / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := w.Jobs.Extend(ctx, jobID, w.ID, w.Lease)
		switch {
		case err == nil, ctx.Err() != nil:
		case errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrNotFound):
			cancel(ErrLeaseLost)
			return
		default:
			w.Logger.Warn("worker: renewing lease failed", slog.String("worker", w.ID), slog.Int64("job", jobID), slog.Any("error", err))
		}
	}
}

// errUnsupportedJob marks a job kind this worker cannot run.
var errUnsupportedJob = errors.New("pipeline: unsupported job kind")

func (w *Worker) run(ctx context.Context, job store.Job) (res JobResult, err error) {
	// A panic in a stage fails this job for good; the worker goes on.
	defer func() {
		if r := recover(); r != nil {
			w.Logger.Error("worker: job panicked", slog.String("worker", w.ID), slog.Int64("job", job.ID),
				slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
			res, err = JobResult{}, fmt.Errorf("%w: job %d panicked: %v", ErrInternal, job.ID, r)
		}
	}()
	switch job.Kind {
	case store.JobProcess:
		if job.Payload.Document == nil {
			return JobResult{}, fmt.Errorf("%w: process job %d has no document", store.ErrInvalid, job.ID)
		}
		out, err := w.Processor.Process(ctx, ItemFromDocument(job.Payload.Document))
		return JobResult{Outcome: out}, err
	case store.JobFetch:
		if w.Fetcher == nil {
			return JobResult{}, fmt.Errorf("%w: %q: this worker has no fetcher", errUnsupportedJob, job.Kind)
		}
		if job.Payload.SourceID <= 0 {
			return JobResult{}, fmt.Errorf("%w: fetch job %d names no source", store.ErrInvalid, job.ID)
		}
		r, err := w.Fetcher.FetchQueued(ctx, job.Payload.SourceID)
		return JobResult{Fetch: &r}, err
	default:
		return JobResult{}, fmt.Errorf("%w: %q", errUnsupportedJob, job.Kind)
	}
}

// ProcessJob is the job that runs item through the pipeline.
func ProcessJob(item ingest.Item) store.NewJob {
	return store.NewJob{Kind: store.JobProcess, Payload: store.JobPayload{Document: &store.Document{
		Name: item.Name, Raw: item.Raw, ContentType: item.ContentType,
		Title: item.Title, Author: item.Author, Outlet: item.Outlet, URL: item.URL, Published: item.Published,
	}}}
}

// ItemFromDocument is the ingest item a process job carries.
func ItemFromDocument(d *store.Document) ingest.Item {
	return ingest.Item{
		Name: d.Name, Raw: d.Raw, ContentType: d.ContentType,
		Title: d.Title, Author: d.Author, Outlet: d.Outlet, URL: d.URL, Published: d.Published,
	}
}
