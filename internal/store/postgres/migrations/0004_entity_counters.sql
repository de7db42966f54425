-- Per-entity counters kept by SaveAnalysis, so ListEntities reads a page of
-- entities instead of aggregating every mention: mentions naming the entity,
-- distinct articles with such a mention, and the latest publication date of
-- those articles (NULL when none is dated). Existing rows are backfilled.

ALTER TABLE entities
    ADD COLUMN mention_count bigint NOT NULL DEFAULT 0,
    ADD COLUMN article_count bigint NOT NULL DEFAULT 0,
    ADD COLUMN last_seen timestamptz;

UPDATE entities e SET mention_count = c.mentions, article_count = c.articles, last_seen = c.last_seen
FROM (SELECT m.entity_key, count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
             max(a.published_at) AS last_seen
      FROM mentions m JOIN articles a ON a.id = m.article_id
      WHERE m.entity_key IS NOT NULL
      GROUP BY m.entity_key) c
WHERE e.key = c.entity_key;

-- ListEntities' order, with and without a kind. entities_kind_rank also
-- serves what entities_kind did, so saves maintain one index fewer.
CREATE INDEX entities_rank ON entities (article_count DESC, name, key);
CREATE INDEX entities_kind_rank ON entities (kind, article_count DESC, name, key);
DROP INDEX entities_kind;
