-- Articles, what was found in them, and the entities they name.
-- Times are fixed-width UTC text ("2006-01-02T15:04:05.000000000Z") so they
-- sort and compare as text; NULL means unknown.

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER,                    -- NULL when the article has no source
    url           TEXT NOT NULL DEFAULT '',
    canonical_url TEXT UNIQUE,                -- NULL when unknown; NULLs never collide
    outlet        TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL DEFAULT '',
    published_at  TEXT,
    fetched_at    TEXT,
    content_hash  TEXT NOT NULL UNIQUE,
    content_type  TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL,
    removed       TEXT NOT NULL DEFAULT '[]'  -- JSON []model.Removal
);
CREATE INDEX articles_published ON articles (published_at, id);
CREATE INDEX articles_outlet ON articles (outlet, published_at);

-- External-content FTS5 index: the text is stored once, in articles.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title,
    text,
    content = 'articles',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
-- Rank by BM25 with a title hit weighing four body hits.
INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
-- Re-saving unchanged text is common; skip re-indexing it.
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles
WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE TABLE entities (
    key          TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    country      TEXT NOT NULL DEFAULT '',
    external_ids TEXT NOT NULL DEFAULT '[]',  -- JSON []model.ExternalID
    aliases      TEXT NOT NULL DEFAULT '[]'   -- JSON []model.Alias, knowledge-base aliases
);
CREATE INDEX entities_kind ON entities (kind);

CREATE TABLE mentions (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_key     TEXT REFERENCES entities (key),  -- NULL when unresolved
    kind           TEXT NOT NULL,
    text           TEXT NOT NULL,
    span_start     INTEGER NOT NULL,
    span_end       INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX mentions_entity ON mentions (entity_key, article_id);

CREATE TABLE indicators (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    type           TEXT NOT NULL,
    value          TEXT NOT NULL,
    original       TEXT NOT NULL,
    defanged       INTEGER NOT NULL,
    disposition    TEXT NOT NULL,
    span_start     INTEGER NOT NULL,
    span_end       INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX indicators_article ON indicators (article_id);
CREATE INDEX indicators_value ON indicators (type, value);

CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,       -- ascending in the order the article reports them
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    type           TEXT NOT NULL,
    claimant       TEXT NOT NULL DEFAULT '',
    time_text      TEXT NOT NULL DEFAULT '',
    time_start     TEXT,
    time_end       TEXT,
    hedge          TEXT NOT NULL DEFAULT '',
    confidence     REAL NOT NULL DEFAULT 0,
    negated        INTEGER NOT NULL DEFAULT 0,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    evidence_text  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX claims_article ON claims (article_id, id);
CREATE INDEX claims_type ON claims (type);

-- One row per claim participant, so claims can be found by entity.
CREATE TABLE claim_roles (
    claim_id   INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    role       TEXT NOT NULL,
    text       TEXT NOT NULL,
    entity_key TEXT REFERENCES entities (key),  -- NULL when unresolved
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    PRIMARY KEY (claim_id, position)
) WITHOUT ROWID;
CREATE INDEX claim_roles_entity ON claim_roles (entity_key, claim_id);

-- Aliases learned from articles, with their review status.
CREATE TABLE aliases (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_key     TEXT NOT NULL REFERENCES entities (key),
    name           TEXT NOT NULL,
    name_fold      TEXT NOT NULL,             -- lower-cased name for case-insensitive lookup
    relation       TEXT NOT NULL,
    status         TEXT NOT NULL,
    sources        TEXT NOT NULL DEFAULT '[]', -- JSON []string
    claimant       TEXT NOT NULL DEFAULT '',
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    confidence     REAL NOT NULL DEFAULT 0
);
CREATE INDEX aliases_article ON aliases (article_id);
CREATE INDEX aliases_entity ON aliases (entity_key);
CREATE INDEX aliases_name ON aliases (name_fold);
CREATE INDEX aliases_status ON aliases (status);
