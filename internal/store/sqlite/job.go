package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/winnow-cti/winnow/internal/store"
)

var _ store.JobStore = (*Store)(nil)

const jobColumns = `id, kind, state, payload, raw, attempts, max_attempts, run_after, worker_id,
	leased_until, last_error, result, created_at, finished_at`

func scanJob(sc scanner) (store.Job, error) {
	var (
		j                     store.Job
		payload               string
		raw                   []byte
		runAfter, created     sql.NullString
		leasedUntil, finished sql.NullString
	)
	if err := sc.Scan(&j.ID, &j.Kind, &j.State, &payload, &raw, &j.Attempts, &j.MaxAttempts, &runAfter,
		&j.WorkerID, &leasedUntil, &j.LastError, &j.Result, &created, &finished); err != nil {
		return store.Job{}, err
	}
	if err := json.Unmarshal([]byte(payload), &j.Payload); err != nil {
		return store.Job{}, fmt.Errorf("sqlite: job %d payload: %w", j.ID, err)
	}
	if j.Payload.Document != nil {
		j.Payload.Document.Raw = raw
		j.Payload.Document.Published = j.Payload.Document.Published.UTC()
	}
	var err error
	for _, f := range []struct {
		dst *time.Time
		src sql.NullString
	}{{&j.RunAfter, runAfter}, {&j.CreatedAt, created}, {&j.LeasedUntil, leasedUntil}, {&j.FinishedAt, finished}} {
		if *f.dst, err = decodeTime(f.src); err != nil {
			return store.Job{}, err
		}
	}
	return j, nil
}

// now is the store's clock for jobs, as stored text. SQLite has no server,
// so the clock is this process's; workers sharing a file share a machine.
func now() string { return time.Now().UTC().Format(timeLayout) }

func after(d time.Duration) string { return time.Now().UTC().Add(d).Format(timeLayout) }

// jobRow is a job to insert, validated and encoded.
type jobRow struct {
	kind        store.JobKind
	maxAttempts int
	payload     string
	raw         []byte
	runAfter    any
}

func encodeJob(i int, j store.NewJob) (jobRow, error) {
	r := jobRow{kind: j.Kind}
	var err error
	if r.maxAttempts, err = store.ValidateNewJob(j); err != nil {
		return jobRow{}, fmt.Errorf("jobs[%d]: %w", i, err)
	}
	b, err := json.Marshal(j.Payload)
	if err != nil {
		return jobRow{}, fmt.Errorf("jobs[%d]: %w: %w", i, store.ErrInvalid, err)
	}
	r.payload = string(b)
	if j.Payload.Document != nil {
		r.raw = j.Payload.Document.Raw
	}
	if r.runAfter, err = encodeTime(fmt.Sprintf("jobs[%d].RunAfter", i), j.RunAfter); err != nil {
		return jobRow{}, err
	}
	return r, nil
}

// insertJobs stores rows in tx, queued, and returns them as stored.
func insertJobs(ctx context.Context, tx *sql.Tx, rows []jobRow) ([]store.Job, error) {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO jobs (kind, payload, raw, max_attempts, run_after, created_at)
		VALUES (?, ?, ?, ?, coalesce(?, ?), ?) RETURNING `+jobColumns)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	jobs := make([]store.Job, len(rows))
	t := now()
	for i, r := range rows {
		if jobs[i], err = scanJob(stmt.QueryRowContext(ctx, string(r.kind), r.payload, r.raw, r.maxAttempts,
			r.runAfter, t, t)); err != nil {
			return nil, fmt.Errorf("jobs[%d]: %w", i, err)
		}
	}
	return jobs, nil
}

// Enqueue stores jobs in one transaction; see store.JobStore.
func (s *Store) Enqueue(ctx context.Context, jobs ...store.NewJob) ([]int64, error) {
	if len(jobs) == 0 {
		return nil, nil
	}
	rows := make([]jobRow, len(jobs))
	for i, j := range jobs {
		var err error
		if rows[i], err = encodeJob(i, j); err != nil {
			return nil, fmt.Errorf("sqlite: enqueue: %w", err)
		}
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return nil, wrapErr("enqueue", err)
	}
	defer tx.Rollback()
	stored, err := insertJobs(ctx, tx, rows)
	if err != nil {
		return nil, wrapErr("enqueue", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, wrapErr("enqueue: commit", err)
	}
	ids := make([]int64, len(stored))
	for i, j := range stored {
		ids[i] = j.ID
	}
	return ids, nil
}

// EnqueueDueFetches queues the due sources' fetch jobs; see store.JobStore.
// Writers begin IMMEDIATE, so the transaction holds the database's write
// lock from its first statement: no other process can queue a fetch job
// between the check for an unfinished one and the insert.
func (s *Store) EnqueueDueFetches(ctx context.Context, dueBy time.Time) (store.FetchEnqueue, error) {
	due, err := encodeTime("dueBy", dueBy)
	if err != nil {
		return store.FetchEnqueue{}, fmt.Errorf("sqlite: enqueue due fetches: %w", err)
	}
	if due == nil {
		return store.FetchEnqueue{}, fmt.Errorf("sqlite: enqueue due fetches: %w: dueBy is zero", store.ErrInvalid)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return store.FetchEnqueue{}, wrapErr("enqueue due fetches", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.url, s.id IN (
			SELECT json_extract(payload, '$.source_id') FROM jobs
			WHERE kind = 'fetch' AND state IN ('queued', 'running') AND json_extract(payload, '$.source_id') IS NOT NULL)
		FROM sources s WHERE s.next_fetch_at IS NULL OR s.next_fetch_at <= ? ORDER BY s.id`, due)
	if err != nil {
		return store.FetchEnqueue{}, wrapErr("enqueue due fetches", err)
	}
	var (
		out     store.FetchEnqueue
		toQueue []jobRow
	)
	for rows.Next() {
		var (
			src     store.Source
			pending bool
		)
		if err := rows.Scan(&src.ID, &src.URL, &pending); err != nil {
			rows.Close()
			return store.FetchEnqueue{}, wrapErr("enqueue due fetches", err)
		}
		if pending {
			out.Pending++
			continue
		}
		r, err := encodeJob(len(toQueue), store.FetchJob(src))
		if err != nil {
			rows.Close()
			return store.FetchEnqueue{}, fmt.Errorf("sqlite: enqueue due fetches: %w", err)
		}
		toQueue = append(toQueue, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return store.FetchEnqueue{}, wrapErr("enqueue due fetches", err)
	}
	if out.Queued, err = insertJobs(ctx, tx, toQueue); err != nil {
		return store.FetchEnqueue{}, wrapErr("enqueue due fetches", err)
	}
	if err := tx.Commit(); err != nil {
		return store.FetchEnqueue{}, wrapErr("enqueue due fetches: commit", err)
	}
	return out, nil
}

// Claim gives workerID the oldest due job; see store.JobStore. SQLite has
// one writer, so the update of the oldest due row is atomic on its own.
func (s *Store) Claim(ctx context.Context, workerID string, lease time.Duration) (store.Job, error) {
	if err := store.ValidateLease(workerID, lease); err != nil {
		return store.Job{}, fmt.Errorf("sqlite: claim: %w", err)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return store.Job{}, wrapErr("claim", err)
	}
	defer tx.Rollback()
	t := now()
	// A job whose worker died on every attempt is not handed out again.
	if _, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'failed', finished_at = ?1, leased_until = NULL,
			last_error = 'lease expired after ' || attempts || ' attempts; the worker stopped without finishing'
		WHERE state = 'running' AND leased_until < ?1 AND attempts >= max_attempts`, t); err != nil {
		return store.Job{}, wrapErr("claim: expire", err)
	}
	j, err := scanJob(tx.QueryRowContext(ctx, `UPDATE jobs SET state = 'running', worker_id = ?2,
			attempts = attempts + 1, leased_until = ?3
		WHERE id = (SELECT id FROM (
				SELECT id, run_after AS due FROM jobs WHERE state = 'queued' AND run_after <= ?1
				UNION ALL
				SELECT id, leased_until AS due FROM jobs
				WHERE state = 'running' AND leased_until < ?1 AND attempts < max_attempts)
			ORDER BY due, id LIMIT 1)
		RETURNING `+jobColumns, t, workerID, after(lease)))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return store.Job{}, wrapErr("claim", err)
	}
	// Commit even when nothing was due, to keep the jobs failed above.
	if err := tx.Commit(); err != nil {
		return store.Job{}, wrapErr("claim: commit", err)
	}
	if err != nil {
		return store.Job{}, wrapErr("claim", err)
	}
	return j, nil
}

// heldBy is the condition that worker ?2 holds the job's lease at time ?3.
const heldBy = `state = 'running' AND worker_id = ?2 AND leased_until >= ?3`

// Extend renews workerID's lease; see store.JobStore.
func (s *Store) Extend(ctx context.Context, jobID int64, workerID string, lease time.Duration) error {
	if err := store.ValidateLease(workerID, lease); err != nil {
		return fmt.Errorf("sqlite: extend lease: %w", err)
	}
	res, err := s.writer.ExecContext(ctx, `UPDATE jobs SET leased_until = ?4 WHERE id = ?1 AND `+heldBy,
		jobID, workerID, now(), after(lease))
	return s.leaseResult(ctx, "extend lease", jobID, workerID, res, err)
}

// Complete marks a job done; see store.JobStore.
func (s *Store) Complete(ctx context.Context, jobID int64, workerID, result string) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE jobs SET state = 'done', result = ?4, finished_at = ?3,
			leased_until = NULL, last_error = ''
		WHERE id = ?1 AND `+heldBy, jobID, workerID, now(), result)
	return s.leaseResult(ctx, "complete", jobID, workerID, res, err)
}

// Fail records a failed attempt; see store.JobStore.
func (s *Store) Fail(ctx context.Context, jobID int64, workerID, cause string, retryAfter time.Duration) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE jobs SET last_error = ?4, leased_until = NULL,
			state = CASE WHEN ?5 AND attempts < max_attempts THEN 'queued' ELSE 'failed' END,
			run_after = CASE WHEN ?5 AND attempts < max_attempts THEN ?6 ELSE run_after END,
			finished_at = CASE WHEN ?5 AND attempts < max_attempts THEN NULL ELSE ?3 END
		WHERE id = ?1 AND `+heldBy, jobID, workerID, now(), cause, retryAfter >= 0, after(max(retryAfter, 0)))
	return s.leaseResult(ctx, "fail", jobID, workerID, res, err)
}

// leaseResult turns the outcome of an update guarded by heldBy into the
// error store.JobStore promises.
func (s *Store) leaseResult(ctx context.Context, op string, jobID int64, workerID string, res sql.Result, err error) error {
	if err != nil {
		return wrapErr(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr(op, err)
	}
	if n > 0 {
		return nil
	}
	var state store.JobState
	var holder string
	err = s.reader.QueryRowContext(ctx, `SELECT state, worker_id FROM jobs WHERE id = ?`, jobID).Scan(&state, &holder)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: %s: job %d: %w", op, jobID, store.ErrNotFound)
	}
	if err != nil {
		return wrapErr(op, err)
	}
	return fmt.Errorf("sqlite: %s: job %d: %w: worker %q does not hold its lease (job %s, last claimed by %q)",
		op, jobID, store.ErrConflict, workerID, state, holder)
}

// Job returns one job, or store.ErrNotFound.
func (s *Store) Job(ctx context.Context, id int64) (store.Job, error) {
	j, err := scanJob(s.reader.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = ?`, id))
	if err != nil {
		return store.Job{}, wrapErr(fmt.Sprintf("job %d", id), err)
	}
	return j, nil
}

// ListJobs returns jobs matching f, most recently enqueued first.
func (s *Store) ListJobs(ctx context.Context, f store.JobFilter) ([]store.Job, error) {
	limit, err := store.EffectiveLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list jobs: %w", err)
	}
	var w where
	if f.State != "" {
		w.add("state = ?", string(f.State))
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	rows, err := s.reader.QueryContext(ctx, `SELECT `+jobColumns+` FROM jobs`+w.String()+` ORDER BY id DESC LIMIT ?`,
		append(w.args, limit)...)
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
	rows, err := s.reader.QueryContext(ctx, `SELECT kind,
		count(*) FILTER (WHERE state = 'queued'),
		count(*) FILTER (WHERE state = 'running' AND leased_until >= ?1),
		count(*) FILTER (WHERE state = 'running' AND leased_until < ?1),
		count(*) FILTER (WHERE state = 'done'),
		count(*) FILTER (WHERE state = 'failed')
		FROM jobs GROUP BY kind`, now())
	if err != nil {
		return store.JobStats{}, wrapErr("job stats", err)
	}
	defer rows.Close()
	var st store.JobStats
	for rows.Next() {
		var (
			kind store.JobKind
			c    store.JobCounts
		)
		if err := rows.Scan(&kind, &c.Queued, &c.Running, &c.Expired, &c.Done, &c.Failed); err != nil {
			return store.JobStats{}, wrapErr("job stats", err)
		}
		st.AddKind(kind, c)
	}
	if err := rows.Err(); err != nil {
		return store.JobStats{}, wrapErr("job stats", err)
	}
	return st, nil
}
