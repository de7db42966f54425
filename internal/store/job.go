package store

import (
	"context"
	"fmt"
	"time"
)

// JobKind names what a job asks a worker to do.
type JobKind string

const (
	// JobProcess runs one document through the pipeline and stores it.
	JobProcess JobKind = "process"
	// JobFetch fetches one stored source (JobPayload.SourceID) and stores
	// what it finds, as one pass of "winnow fetch" does for that source.
	JobFetch JobKind = "fetch"
)

// JobState is where a job is in its life.
type JobState string

const (
	JobQueued  JobState = "queued"  // waiting until RunAfter, then for a worker
	JobRunning JobState = "running" // claimed; the lease says until when
	JobDone    JobState = "done"    // completed by the worker that held it
	JobFailed  JobState = "failed"  // given up: no attempts left, or failed for good
)

// Document is a process job's input: one document as read, with the hints its
// container gave. It mirrors ingest.Item, which the store does not import.
type Document struct {
	Name        string    `json:"name"`
	Raw         []byte    `json:"-"` // stored apart from the JSON payload
	ContentType string    `json:"content_type,omitempty"`
	Title       string    `json:"title,omitempty"`
	Author      string    `json:"author,omitempty"`
	Outlet      string    `json:"outlet,omitempty"`
	URL         string    `json:"url,omitempty"`
	Published   time.Time `json:"published,omitzero"`
}

// JobPayload is what a job works on: a Document for JobProcess, a source
// for JobFetch.
type JobPayload struct {
	Document *Document `json:"document,omitempty"`
	// SourceID names the source a fetch job fetches.
	SourceID int64 `json:"source_id,omitempty"`
	// URL is the source's URL when the fetch job was queued, for people
	// reading the queue; the worker fetches the source as it is stored.
	URL string `json:"url,omitempty"`
}

// FetchJob is the job that fetches src.
func FetchJob(src Source) NewJob {
	return NewJob{Kind: JobFetch, Payload: JobPayload{SourceID: src.ID, URL: src.URL}}
}

// FetchEnqueue is what EnqueueDueFetches did.
type FetchEnqueue struct {
	// Queued are the fetch jobs queued, one per due source, in source order.
	Queued []Job `json:"queued"`
	// Pending counts the due sources left alone because a fetch job for
	// them was already queued or running.
	Pending int `json:"pending"`
}

// NewJob is a job to enqueue.
type NewJob struct {
	Kind    JobKind
	Payload JobPayload
	// MaxAttempts is how many times the job may be claimed before it is
	// given up; 0 means DefaultMaxAttempts.
	MaxAttempts int
	// RunAfter delays the job; the zero time means now.
	RunAfter time.Time
}

// Job is a stored job.
type Job struct {
	ID          int64      `json:"id"`
	Kind        JobKind    `json:"kind"`
	State       JobState   `json:"state"`
	Payload     JobPayload `json:"payload"`
	Attempts    int        `json:"attempts"` // times claimed so far
	MaxAttempts int        `json:"max_attempts"`
	RunAfter    time.Time  `json:"run_after"`
	WorkerID    string     `json:"worker_id,omitempty"`   // the last worker to claim it
	LeasedUntil time.Time  `json:"leased_until,omitzero"` // set while running
	LastError   string     `json:"last_error,omitempty"`  // why the last attempt failed
	Result      string     `json:"result,omitempty"`      // what the completing worker reported
	CreatedAt   time.Time  `json:"created_at"`
	FinishedAt  time.Time  `json:"finished_at,omitzero"` // when done or failed
}

// JobFilter narrows ListJobs. Zero values mean "any".
type JobFilter struct {
	State JobState
	Kind  JobKind
	Limit int
}

// JobCounts counts jobs by state. Expired counts the running jobs whose
// lease has run out: their worker is presumed dead and another may take them
// over.
type JobCounts struct {
	Queued  int `json:"queued"`
	Running int `json:"running"`
	Expired int `json:"expired"`
	Done    int `json:"done"`
	Failed  int `json:"failed"`
}

// Add adds o's counts to c.
func (c *JobCounts) Add(o JobCounts) {
	c.Queued += o.Queued
	c.Running += o.Running
	c.Expired += o.Expired
	c.Done += o.Done
	c.Failed += o.Failed
}

// JobStats counts jobs by state, in all and for each kind that has jobs.
type JobStats struct {
	JobCounts
	ByKind map[JobKind]JobCounts `json:"by_kind,omitempty"`
}

// AddKind counts c as kind's and adds it to the totals.
func (st *JobStats) AddKind(kind JobKind, c JobCounts) {
	if st.ByKind == nil {
		st.ByKind = map[JobKind]JobCounts{}
	}
	sum := st.ByKind[kind]
	sum.Add(c)
	st.ByKind[kind] = sum
	st.JobCounts.Add(c)
}

// Job limits shared by every backend.
const (
	DefaultMaxAttempts = 5
	// NoRetry, as Fail's retryAfter, fails a job for good.
	NoRetry time.Duration = -1
)

// JobStore is a queue of work shared by any number of workers, in this
// process or others. A worker claims a due job for a lease, extends the lease
// while it works, and completes or fails the job; a job whose lease runs out
// is taken over by the next claim. Only the worker holding a job's lease may
// extend, complete or fail it, so a job is completed at most once.
//
// Times are the backend's clock (the database server's, where there is one),
// so workers on several machines agree on when leases end.
type JobStore interface {
	// Enqueue stores jobs in one transaction, queued, and returns their IDs
	// in order. A job with an unknown kind or without the payload its kind
	// needs is refused with ErrInvalid and nothing is stored. Enqueue does
	// not look for duplicates; EnqueueDueFetches does.
	Enqueue(ctx context.Context, jobs ...NewJob) ([]int64, error)
	// EnqueueDueFetches queues, in one transaction, a fetch job (FetchJob)
	// for each source due by dueBy (as SourceFilter.DueBy) that has no
	// fetch job queued or running; a running job whose lease expired still
	// counts, since it is about to be taken over. Any number of callers,
	// in any number of processes, may run it at once: a source never has
	// two unfinished fetch jobs.
	EnqueueDueFetches(ctx context.Context, dueBy time.Time) (FetchEnqueue, error)
	// Claim gives workerID the oldest due job for lease: a queued job whose
	// RunAfter has come, or a running job whose lease has expired. It
	// returns ErrNotFound when no job is due. Claiming counts an attempt; a
	// job whose lease expired with no attempts left is failed instead of
	// being claimed again.
	Claim(ctx context.Context, workerID string, lease time.Duration) (Job, error)
	// Extend renews workerID's lease on a running job to lease from now.
	Extend(ctx context.Context, jobID int64, workerID string, lease time.Duration) error
	// Complete marks a running job done with the worker's result.
	Complete(ctx context.Context, jobID int64, workerID, result string) error
	// Fail records why an attempt failed. The job is queued again to run
	// after retryAfter while it has attempts left and retryAfter is not
	// negative (NoRetry); otherwise it is failed for good.
	Fail(ctx context.Context, jobID int64, workerID, cause string, retryAfter time.Duration) error
	// Job returns one job, or ErrNotFound.
	Job(ctx context.Context, id int64) (Job, error)
	// ListJobs returns jobs matching f, most recently enqueued first.
	ListJobs(ctx context.Context, f JobFilter) ([]Job, error)
	// JobStats counts jobs by state, in all and by kind.
	JobStats(ctx context.Context) (JobStats, error)
}

// Extend, Complete and Fail return an error wrapping ErrNotFound for an
// unknown job, and ErrConflict when workerID does not hold the job's lease
// (it expired, another worker took the job over, or the job is finished).

// ValidateNewJob reports the first problem with a job to enqueue, as an
// error wrapping ErrInvalid, and returns its effective MaxAttempts.
func ValidateNewJob(j NewJob) (int, error) {
	switch j.Kind {
	case JobProcess:
		if j.Payload.Document == nil {
			return 0, fmt.Errorf("%w: process job without a document", ErrInvalid)
		}
		if len(j.Payload.Document.Raw) == 0 {
			return 0, fmt.Errorf("%w: process job %q: empty document", ErrInvalid, j.Payload.Document.Name)
		}
	case JobFetch:
		if j.Payload.SourceID <= 0 {
			return 0, fmt.Errorf("%w: fetch job without a source ID", ErrInvalid)
		}
		if j.Payload.Document != nil {
			return 0, fmt.Errorf("%w: fetch job of source %d carries a document", ErrInvalid, j.Payload.SourceID)
		}
	default:
		return 0, fmt.Errorf("%w: unknown job kind %q", ErrInvalid, j.Kind)
	}
	switch {
	case j.MaxAttempts < 0:
		return 0, fmt.Errorf("%w: max attempts %d is negative", ErrInvalid, j.MaxAttempts)
	case j.MaxAttempts == 0:
		return DefaultMaxAttempts, nil
	}
	return j.MaxAttempts, nil
}

// ValidateLease checks a worker ID and lease passed to Claim or Extend.
func ValidateLease(workerID string, lease time.Duration) error {
	if workerID == "" {
		return fmt.Errorf("%w: empty worker ID", ErrInvalid)
	}
	if lease <= 0 {
		return fmt.Errorf("%w: lease %v is not positive", ErrInvalid, lease)
	}
	return nil
}

// ValidJobState reports whether s is a job state.
func ValidJobState(s JobState) bool {
	switch s {
	case JobQueued, JobRunning, JobDone, JobFailed:
		return true
	}
	return false
}
