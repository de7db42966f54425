-- Full-text search, two changes: diacritics are folded as in the SQLite
-- backend, and a search ranks a bounded set of candidates, so a very common
-- term costs about as much as a rare one.

-- Diacritics on Latin letters are folded in the indexed text and in queries,
-- as SQLite's unicode61 tokenizer (remove_diacritics 2) does: "Česká" and
-- "Ceska" find each other, and so do "Mladá" and "Mlada". Only marks on a
-- Latin base letter go; letters of their own (ø, ł, ß) and marks on Greek or
-- Cyrillic letters (ά, й) stay, as in SQLite.
--
-- fold_diacritics decomposes t (NFD), drops the combining diacritical marks
-- (U+0300-U+036F) that follow a Latin letter and composes what is left
-- (NFC). Text that is all ASCII, most of it, is returned as it is. The Go
-- side's snippets fold words the same way (foldDiacritics in search.go).
CREATE FUNCTION fold_diacritics(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN CASE
        WHEN octet_length(t) = char_length(t) THEN t
        ELSE normalize(regexp_replace(normalize(t, NFD), '([A-Za-z])[\u0300-\u036F]+', '\1', 'g'), NFC)
    END;

CREATE OR REPLACE FUNCTION search_phrase(term text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN phraseto_tsquery('simple', searchable_text(fold_diacritics(term)));

-- A generated column's expression cannot be altered in place (before
-- PostgreSQL 17), so the column and its index are rebuilt: this rewrites the
-- articles table once.
DROP INDEX articles_search;
ALTER TABLE articles DROP COLUMN search;
ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', searchable_text(fold_diacritics(title))), 'A') ||
    setweight(to_tsvector('simple', searchable_text(fold_diacritics(text))), 'B')) STORED;
CREATE INDEX articles_search ON articles USING gin (search);

-- search_words is one search term as its words, all required in any order:
-- what the GIN index answers exactly, without reading any row's tsvector.
CREATE FUNCTION search_words(term text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN plainto_tsquery('simple', searchable_text(fold_diacritics(term)));

-- search_newest ranks the k most recently published articles matching q
-- (undated ones last, then the highest ID first): the candidates a search
-- ranks. words is q with its phrases loosened to words (search_words for
-- each search_phrase), so q implies it. It works in three steps, so that no
-- step reads (detoasts) the tsvector of more than k articles, each a few
-- kilobytes: the GIN index finds the articles with all the words, and a
-- bitmap scan reads their dates but not their tsvectors; they are sorted
-- newest first; then, only when q has a phrase, q is tested in that order
-- until k match, and those k are ranked. Left to itself, the planner scans
-- the table, or walks articles_published, for a common term and tests q
-- against every row it passes, a cost it does not model (a term in one
-- article in seven took a second at 150,000 articles); it would also test a
-- phrase against every article with its words. The two settings hold only
-- while the function runs and are ones any user may change; OFFSET 0 keeps
-- the phrase test out of the index scan.
CREATE FUNCTION search_newest(q tsquery, words tsquery, k integer) RETURNS TABLE (id bigint, rank real)
    LANGUAGE sql STABLE
    SET enable_seqscan = off
    SET enable_indexscan = off
BEGIN ATOMIC
    SELECT c.id, ts_rank(c.search, q)
    FROM (SELECT a.id, a.search FROM articles a
          WHERE a.search @@ words
          ORDER BY a.published_at DESC NULLS LAST, a.id DESC
          OFFSET 0) c
    WHERE CASE WHEN q = words THEN true ELSE c.search @@ q END
    LIMIT k;
END;
