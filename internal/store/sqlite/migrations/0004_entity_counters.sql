-- Per-entity counters kept by SaveAnalysis, so ListEntities reads a page of
-- entities instead of aggregating every mention: mentions naming the entity,
-- distinct articles with such a mention, and the latest publication date of
-- those articles (NULL when none is dated). Existing rows are backfilled.

ALTER TABLE entities ADD COLUMN mention_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN last_seen TEXT;

UPDATE entities SET (mention_count, article_count, last_seen) = (
    SELECT count(*), count(DISTINCT m.article_id), max(a.published_at)
    FROM mentions m JOIN articles a ON a.id = m.article_id
    WHERE m.entity_key = entities.key);

-- ListEntities' order, with and without a kind. entities_kind_rank also
-- serves what entities_kind did, so saves maintain one index fewer.
CREATE INDEX entities_rank ON entities (article_count DESC, name, key);
CREATE INDEX entities_kind_rank ON entities (kind, article_count DESC, name, key);
DROP INDEX entities_kind;
