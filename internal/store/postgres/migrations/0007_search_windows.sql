-- search_newest finds the k newest matches of a common term without reading
-- the row of every match.
--
-- The definition of 0005 bitmap-scans the GIN index for every article with
-- the words and reads each one's row for its date before sorting: cheap for
-- a rare term, but APT28 took 7 s at 549,000 articles (at 400,000 it read
-- 25,618 heap pages for its 29,392 matches to keep 500).
--
-- What it returns is unchanged: the k newest matches of q (undated ones
-- last, then the highest ID first), in that order. It now looks for them in
-- slices of time, newest first: the week up to the newest date, then on
-- back until k match or every dated article has been looked at, and only
-- then among the undated ones. Every article in a slice is newer than every
-- article in the next, and equal dates fall in the same slice, so the
-- slices' matches in turn are all matches in date order, and the first k of
-- them are those of 0005.
--
-- In a slice the GIN bitmap of the words is ANDed with a bitmap of the
-- slice's dates from articles_published, so only the slice's matches have
-- their rows read. The planner picks that only if it knows how many
-- articles have the words, and its estimates for several words or during a
-- load are far off (41 articles for Lazarus Group, found in 23,459): it then
-- reads every match to find a week's. So slices use a generic plan
-- (force_generic_plan), which assumes both conditions equally selective and
-- always ANDs the bitmaps. The window reaching back grows at least fourfold
-- a step, and to 1.5 times what the matches found so far suggest k needs
-- (as if one had been found, when none has); once it would reach back over
-- half of the dates, the rest of them, older than the last slice, is one
-- slice planned with its values (EXECUTE), so that for a rare term the
-- planner reads the term's matches alone, as 0005 did, rather than a bitmap
-- of most of the table. The undated articles are planned the same way. The
-- other settings and OFFSET 0 are those of 0005.
CREATE OR REPLACE FUNCTION search_newest(q tsquery, words tsquery, k integer) RETURNS TABLE (id bigint, rank real)
    LANGUAGE plpgsql STABLE
    SET enable_seqscan = off
    SET enable_indexscan = off
    SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    newest timestamptz;
    oldest timestamptz;
    span   float8;                -- seconds from oldest to newest
    back   float8 := 7 * 86400;   -- seconds the window reaches back from newest
    lo     timestamptz;
    hi     timestamptz := 'infinity';  -- the slice is (lo, hi]
    got    integer := 0;          -- matches returned so far
    n      integer;
BEGIN
    IF k < 0 THEN  -- as LIMIT k did
        RAISE EXCEPTION 'LIMIT must not be negative' USING ERRCODE = 'invalid_row_count_in_limit_clause';
    END IF;
    -- The two ends of articles_published, read by index (only) scans, which
    -- are turned on for them alone.
    PERFORM set_config('enable_indexscan', 'on', true);
    SELECT max(a.published_at), min(a.published_at) INTO newest, oldest FROM articles a;
    PERFORM set_config('enable_indexscan', 'off', true);
    -- Without dates, or with infinite ones, span stays NULL: no slices, and
    -- every dated article is in the last.
    IF isfinite(newest) AND isfinite(oldest) THEN
        span := extract(epoch FROM newest) - extract(epoch FROM oldest);
        hi := newest;
    END IF;
    WHILE back * 2 < span AND (got < k OR k IS NULL) LOOP
        lo := newest - make_interval(secs => back);
        RETURN QUERY
            SELECT c.id, ts_rank(c.search, q)
            FROM (SELECT a.id, a.search FROM articles a
                  WHERE a.search @@ words AND a.published_at > lo AND a.published_at <= hi
                  ORDER BY a.published_at DESC, a.id DESC
                  OFFSET 0) c
            WHERE CASE WHEN q = words THEN true ELSE c.search @@ q END
            LIMIT k - got;
        GET DIAGNOSTICS n = ROW_COUNT;
        got := got + n;
        hi := lo;
        back := back * greatest(4, 1.5 * coalesce(k, 0) / greatest(got, 1));
    END LOOP;
    IF newest IS NOT NULL AND (got < k OR k IS NULL) THEN
        RETURN QUERY EXECUTE
            $q$SELECT c.id, ts_rank(c.search, $1)
            FROM (SELECT a.id, a.search FROM articles a
                  WHERE a.search @@ $2 AND a.published_at <= $3
                  ORDER BY a.published_at DESC, a.id DESC
                  OFFSET 0) c
            WHERE CASE WHEN $1 = $2 THEN true ELSE c.search @@ $1 END
            LIMIT $4$q$
            USING q, words, hi, k - got;
        GET DIAGNOSTICS n = ROW_COUNT;
        got := got + n;
    END IF;
    IF got < k OR k IS NULL THEN
        RETURN QUERY EXECUTE
            $q$SELECT c.id, ts_rank(c.search, $1)
            FROM (SELECT a.id, a.search FROM articles a
                  WHERE a.search @@ $2 AND a.published_at IS NULL
                  ORDER BY a.id DESC
                  OFFSET 0) c
            WHERE CASE WHEN $1 = $2 THEN true ELSE c.search @@ $1 END
            LIMIT $3$q$
            USING q, words, k - got;
    END IF;
END;
$$;
