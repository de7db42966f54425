package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/winnow-cti/winnow/internal/store"
)

var _ store.JobStore = (*Store)(nil)

const jobColumns = `id, kind, state, payload, raw, attempts, max_attempts, run_after, worker_id,
	leased_until, last_error, result, created_at, finished_at`

func scanJob(row pgx.Row) (store.Job, error) {
	var (
		j                     store.Job
		payload, raw          []byte
		runAfter, created     time.Time
		leasedUntil, finished pgtype.Timestamptz
	)
	if err := row.Scan(&j.ID, &j.Kind, &j.State, &payload, &raw, &j.Attempts, &j.MaxAttempts, &runAfter,
		&j.WorkerID, &leasedUntil, &j.LastError, &j.Result, &created, &finished); err != nil {
		return store.Job{}, err
	}
	if err := json.Unmarshal(payload, &j.Payload); err != nil {
		return store.Job{}, fmt.Errorf("postgres: job %d payload: %w", j.ID, err)
	}
	if j.Payload.Document != nil {
		j.Payload.Document.Raw = raw
		j.Payload.Document.Published = j.Payload.Document.Published.UTC()
	}
	j.RunAfter, j.CreatedAt = runAfter.UTC(), created.UTC()
	j.LeasedUntil, j.FinishedAt = decodeTime(leasedUntil), decodeTime(finished)
	return j, nil
}

// prefixed qualifies each of a comma-separated list of columns.
func prefixed(prefix, columns string) string {
	list := strings.Split(columns, ",")
	for i, c := range list {
		list[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(list, ", ")
}

// micros is d in whole microseconds, PostgreSQL's interval precision.
func micros(d time.Duration) int64 { return d.Microseconds() }

// queueInsertJob validates job i, encodes it and queues its insert on b.
func queueInsertJob(b *pgx.Batch, i int, j store.NewJob) error {
	maxAttempts, err := store.ValidateNewJob(j)
	if err != nil {
		return fmt.Errorf("jobs[%d]: %w", i, err)
	}
	payload, err := json.Marshal(j.Payload)
	if err != nil {
		return fmt.Errorf("jobs[%d]: %w: %w", i, store.ErrInvalid, err)
	}
	var raw []byte
	if j.Payload.Document != nil {
		raw = j.Payload.Document.Raw
	}
	runAfter, err := encodeTime(fmt.Sprintf("jobs[%d].RunAfter", i), j.RunAfter)
	if err != nil {
		return err
	}
	b.Queue(`INSERT INTO jobs (kind, payload, raw, max_attempts, run_after)
		VALUES ($1, $2::jsonb, $3, $4, coalesce($5, now())) RETURNING `+jobColumns,
		string(j.Kind), string(payload), raw, maxAttempts, runAfter)
	return nil
}

// insertJobs sends the inserts queued on b in tx and returns the n jobs
// as stored.
func insertJobs(ctx context.Context, tx pgx.Tx, b *pgx.Batch, n int) ([]store.Job, error) {
	jobs := make([]store.Job, n)
	if n == 0 {
		return jobs, nil
	}
	results := tx.SendBatch(ctx, b)
	for i := range n {
		var err error
		if jobs[i], err = scanJob(results.QueryRow()); err != nil {
			results.Close()
			return nil, fmt.Errorf("jobs[%d]: %w", i, err)
		}
	}
	return jobs, results.Close()
}

// Enqueue stores jobs in one transaction; see store.JobStore.
func (s *Store) Enqueue(ctx context.Context, jobs ...store.NewJob) ([]int64, error) {
	if len(jobs) == 0 {
		return nil, nil
	}
	b := &pgx.Batch{}
	for i, j := range jobs {
		if err := queueInsertJob(b, i, j); err != nil {
			return nil, fmt.Errorf("postgres: enqueue: %w", err)
		}
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, wrapErr("enqueue", err)
	}
	defer tx.Rollback(ctx)
	stored, err := insertJobs(ctx, tx, b, len(jobs))
	if err != nil {
		return nil, wrapErr("enqueue", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, wrapErr("enqueue: commit", err)
	}
	ids := make([]int64, len(stored))
	for i, j := range stored {
		ids[i] = j.ID
	}
	return ids, nil
}

// EnqueueDueFetches queues the due sources' fetch jobs; see store.JobStore.
// Callers take turns on a transaction-scoped advisory lock for the schema;
// under READ COMMITTED each statement sees what was committed before it
// began, so the check that follows the lock sees every fetch job queued by
// the caller before, and no two callers queue a job for the same source.
// The lock is held for two short statements; claims and other inserts do
// not wait for it.
func (s *Store) EnqueueDueFetches(ctx context.Context, dueBy time.Time) (store.FetchEnqueue, error) {
	due, err := encodeTime("dueBy", dueBy)
	if err != nil {
		return store.FetchEnqueue{}, fmt.Errorf("postgres: enqueue due fetches: %w", err)
	}
	if !due.Valid {
		return store.FetchEnqueue{}, fmt.Errorf("postgres: enqueue due fetches: %w: dueBy is zero", store.ErrInvalid)
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return store.FetchEnqueue{}, wrapErr("enqueue due fetches", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('winnow fetch jobs ' || current_schema(), 0))`); err != nil {
		return store.FetchEnqueue{}, wrapErr("enqueue due fetches: lock", err)
	}
	rows, err := tx.Query(ctx, `WITH pending AS (
			SELECT DISTINCT (payload->>'source_id')::bigint AS source_id FROM jobs
			WHERE kind = 'fetch' AND state IN ('queued', 'running') AND payload->>'source_id' IS NOT NULL
		)
		SELECT s.id, s.url, p.source_id IS NOT NULL FROM sources s LEFT JOIN pending p ON p.source_id = s.id
		WHERE s.next_fetch_at IS NULL OR s.next_fetch_at <= $1 ORDER BY s.id`, due)
	if err != nil {
		return store.FetchEnqueue{}, wrapErr("enqueue due fetches", err)
	}
	var (
		out     store.FetchEnqueue
		src     store.Source
		pending bool
		b       = &pgx.Batch{}
		n       int // inserts queued on b
	)
	_, err = pgx.ForEachRow(rows, []any{&src.ID, &src.URL, &pending}, func() error {
		if pending {
			out.Pending++
			return nil
		}
		n++
		return queueInsertJob(b, n-1, store.FetchJob(src))
	})
	if err != nil {
		return store.FetchEnqueue{}, wrapErr("enqueue due fetches", err)
	}
	if out.Queued, err = insertJobs(ctx, tx, b, n); err != nil {
		return store.FetchEnqueue{}, wrapErr("enqueue due fetches", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return store.FetchEnqueue{}, wrapErr("enqueue due fetches: commit", err)
	}
	return out, nil
}

// Claim gives workerID the oldest due job; see store.JobStore. Concurrent
// claimers skip the rows others have locked (FOR UPDATE SKIP LOCKED), so
// each job goes to one worker and no claimer waits for another.
func (s *Store) Claim(ctx context.Context, workerID string, lease time.Duration) (store.Job, error) {
	if err := store.ValidateLease(workerID, lease); err != nil {
		return store.Job{}, fmt.Errorf("postgres: claim: %w", err)
	}
	// A job whose worker died on every attempt is not handed out again.
	if _, err := s.pool.Exec(ctx, `UPDATE jobs SET state = 'failed', finished_at = now(), leased_until = NULL,
			last_error = 'lease expired after ' || attempts || ' attempts; the worker stopped without finishing'
		WHERE id IN (SELECT id FROM jobs WHERE state = 'running' AND leased_until < now() AND attempts >= max_attempts
			FOR UPDATE SKIP LOCKED)`); err != nil {
		return store.Job{}, wrapErr("claim: expire", err)
	}
	// Each CTE locks at most one candidate; the older of the two is taken.
	j, err := scanJob(s.pool.QueryRow(ctx, `WITH queued AS (
			SELECT id, run_after AS due FROM jobs WHERE state = 'queued' AND run_after <= now()
			ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED
		),
		expired AS (
			SELECT id, leased_until AS due FROM jobs
			WHERE state = 'running' AND leased_until < now() AND attempts < max_attempts
			ORDER BY leased_until, id LIMIT 1 FOR UPDATE SKIP LOCKED
		),
		next AS (
			SELECT id FROM (SELECT * FROM queued UNION ALL SELECT * FROM expired) due ORDER BY due, id LIMIT 1
		)
		UPDATE jobs SET state = 'running', worker_id = $1, attempts = attempts + 1,
			leased_until = now() + $2 * interval '1 microsecond'
		FROM next WHERE jobs.id = next.id
		RETURNING `+prefixed("jobs.", jobColumns), workerID, micros(lease)))
	if err != nil {
		return store.Job{}, wrapErr("claim", err)
	}
	return j, nil
}

// Extend renews workerID's lease; see store.JobStore.
func (s *Store) Extend(ctx context.Context, jobID int64, workerID string, lease time.Duration) error {
	if err := store.ValidateLease(workerID, lease); err != nil {
		return fmt.Errorf("postgres: extend lease: %w", err)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE jobs SET leased_until = now() + $3 * interval '1 microsecond'
		WHERE id = $1 AND `+heldBy, jobID, workerID, micros(lease))
	return s.leaseResult(ctx, "extend lease", jobID, workerID, tag.RowsAffected(), err)
}

// Complete marks a job done; see store.JobStore.
func (s *Store) Complete(ctx context.Context, jobID int64, workerID, result string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE jobs SET state = 'done', result = $3, finished_at = now(),
			leased_until = NULL, last_error = ''
		WHERE id = $1 AND `+heldBy, jobID, workerID, result)
	return s.leaseResult(ctx, "complete", jobID, workerID, tag.RowsAffected(), err)
}

// Fail records a failed attempt; see store.JobStore.
func (s *Store) Fail(ctx context.Context, jobID int64, workerID, cause string, retryAfter time.Duration) error {
	tag, err := s.pool.Exec(ctx, `UPDATE jobs SET last_error = $3, leased_until = NULL,
			state = CASE WHEN $4 AND attempts < max_attempts THEN 'queued' ELSE 'failed' END,
			run_after = CASE WHEN $4 AND attempts < max_attempts THEN now() + $5 * interval '1 microsecond' ELSE run_after END,
			finished_at = CASE WHEN $4 AND attempts < max_attempts THEN NULL ELSE now() END
		WHERE id = $1 AND `+heldBy, jobID, workerID, cause, retryAfter >= 0, micros(max(retryAfter, 0)))
	return s.leaseResult(ctx, "fail", jobID, workerID, tag.RowsAffected(), err)
}

// heldBy is the condition that worker $2 holds the job's lease.
const heldBy = `state = 'running' AND worker_id = $2 AND leased_until >= now()`

// leaseResult turns the outcome of an update guarded by heldBy into the
// error store.JobStore promises.
func (s *Store) leaseResult(ctx context.Context, op string, jobID int64, workerID string, n int64, err error) error {
	if err != nil {
		return wrapErr(op, err)
	}
	if n > 0 {
		return nil
	}
	var state store.JobState
	var holder string
	err = s.pool.QueryRow(ctx, `SELECT state, worker_id FROM jobs WHERE id = $1`, jobID).Scan(&state, &holder)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: %s: job %d: %w", op, jobID, store.ErrNotFound)
	}
	if err != nil {
		return wrapErr(op, err)
	}
	return fmt.Errorf("postgres: %s: job %d: %w: worker %q does not hold its lease (job %s, last claimed by %q)",
		op, jobID, store.ErrConflict, workerID, state, holder)
}

// Job returns one job, or store.ErrNotFound.
func (s *Store) Job(ctx context.Context, id int64) (store.Job, error) {
	j, err := scanJob(s.pool.QueryRow(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = $1`, id))
	if err != nil {
		return store.Job{}, wrapErr(fmt.Sprintf("job %d", id), err)
	}
	return j, nil
}

// ListJobs returns jobs matching f, most recently enqueued first.
func (s *Store) ListJobs(ctx context.Context, f store.JobFilter) ([]store.Job, error) {
	limit, err := store.EffectiveLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: list jobs: %w", err)
	}
	var w where
	if f.State != "" {
		w.add("state = ?", string(f.State))
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	rows, err := s.pool.Query(ctx, `SELECT `+jobColumns+` FROM jobs`+w.String()+` ORDER BY id DESC LIMIT `+w.next(limit), w.args...)
	if err != nil {
		return nil, wrapErr("list jobs", err)
	}
	defer rows.Close()
	var out []store.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, wrapErr("list jobs", err)
		}
		out = append(out, j)
	}
	return out, wrapErr("list jobs", rows.Err())
}

// JobStats counts jobs by state, in all and by kind.
func (s *Store) JobStats(ctx context.Context) (store.JobStats, error) {
	rows, err := s.pool.Query(ctx, `SELECT kind,
		count(*) FILTER (WHERE state = 'queued'),
		count(*) FILTER (WHERE state = 'running' AND leased_until >= now()),
		count(*) FILTER (WHERE state = 'running' AND leased_until < now()),
		count(*) FILTER (WHERE state = 'done'),
		count(*) FILTER (WHERE state = 'failed')
		FROM jobs GROUP BY kind`)
	if err != nil {
		return store.JobStats{}, wrapErr("job stats", err)
	}
	var (
		st   store.JobStats
		kind string
		n    [5]int64
	)
	_, err = pgx.ForEachRow(rows, []any{&kind, &n[0], &n[1], &n[2], &n[3], &n[4]}, func() error {
		st.AddKind(store.JobKind(kind), store.JobCounts{Queued: int(n[0]), Running: int(n[1]), Expired: int(n[2]),
			Done: int(n[3]), Failed: int(n[4])})
		return nil
	})
	if err != nil {
		return store.JobStats{}, wrapErr("job stats", err)
	}
	return st, nil
}
