-- A queue of work for workers. A worker claims a due job for a lease
-- (leased_until); a running job whose lease has run out is due again.
-- Times are fixed-width UTC text, like the other tables'.

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'queued'
                 CHECK (state IN ('queued', 'running', 'done', 'failed')),
    payload      TEXT NOT NULL,               -- JSON store.JobPayload without the raw document
    raw          BLOB,                        -- the document of a process job, as read
    attempts     INTEGER NOT NULL DEFAULT 0,  -- times claimed
    max_attempts INTEGER NOT NULL,
    run_after    TEXT NOT NULL,
    worker_id    TEXT NOT NULL DEFAULT '',
    leased_until TEXT,                        -- set while running
    last_error   TEXT NOT NULL DEFAULT '',
    result       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    finished_at  TEXT
);
-- Claims look only at unfinished jobs, oldest due first.
CREATE INDEX jobs_queued ON jobs (run_after, id) WHERE state = 'queued';
CREATE INDEX jobs_running ON jobs (leased_until, id) WHERE state = 'running';
CREATE INDEX jobs_state ON jobs (state, id);
