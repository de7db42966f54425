-- Sources articles are fetched from, with their fetch state, and the earlier
-- versions of articles that a re-fetch found changed.

CREATE TABLE sources (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL DEFAULT '',
    url             TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('feed', 'page', 'file')),
    interval_ns     INTEGER NOT NULL DEFAULT 0,  -- 0: the fetcher's default
    created_at      TEXT NOT NULL,
    last_fetched_at TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    etag            TEXT NOT NULL DEFAULT '',
    last_modified   TEXT NOT NULL DEFAULT '',
    failures        INTEGER NOT NULL DEFAULT 0,  -- failed fetches in a row
    next_fetch_at   TEXT                          -- NULL: due now
);
CREATE INDEX sources_due ON sources (next_fetch_at);
CREATE INDEX articles_source ON articles (source_id);

-- One row per replaced version. SaveAnalysis updates an article in place;
-- this trigger keeps the text it replaces whenever the text changes, so an
-- unchanged re-fetch leaves no revision.
CREATE TABLE article_revisions (
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,                -- 1 is the first version stored
    content_hash TEXT NOT NULL,
    title        TEXT NOT NULL,
    text         TEXT NOT NULL,
    fetched_at   TEXT,
    replaced_at  TEXT NOT NULL,
    PRIMARY KEY (article_id, number)
) WITHOUT ROWID;
CREATE TRIGGER articles_revision AFTER UPDATE OF text ON articles
WHEN old.text IS NOT new.text BEGIN
    INSERT INTO article_revisions (article_id, number, content_hash, title, text, fetched_at, replaced_at)
    VALUES (old.id,
            (SELECT count(*) + 1 FROM article_revisions WHERE article_id = old.id),
            old.content_hash, old.title, old.text, old.fetched_at,
            coalesce(new.fetched_at, strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.000000000Z'));
END;
