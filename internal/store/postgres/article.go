package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// articleColumns lists what scanArticle reads; the text is left out so
// searches need not carry it.
const articleColumns = `a.id, a.source_id, a.url, a.canonical_url, a.outlet, a.title, a.author,
	a.published_at, a.fetched_at, a.content_hash, a.content_type, a.removed`

// scanArticle reads articleColumns, then extra destinations (the text) if given.
func scanArticle(row pgx.Row, extra ...any) (model.Article, error) {
	var (
		a                  model.Article
		sourceID           pgtype.Int8
		canonical          pgtype.Text
		published, fetched pgtype.Timestamptz
		removed            []byte
	)
	dest := append([]any{&a.ID, &sourceID, &a.URL, &canonical, &a.Outlet, &a.Title, &a.Author,
		&published, &fetched, &a.ContentHash, &a.ContentType, &removed}, extra...)
	if err := row.Scan(dest...); err != nil {
		return model.Article{}, err
	}
	a.SourceID = sourceID.Int64
	a.CanonicalURL = canonical.String
	a.PublishedAt = decodeTime(published)
	a.FetchedAt = decodeTime(fetched)
	if err := json.Unmarshal(removed, &a.Removed); err != nil {
		return model.Article{}, fmt.Errorf("postgres: article %d removed: %w", a.ID, err)
	}
	if len(a.Removed) == 0 {
		a.Removed = nil
	}
	return a, nil
}

// saveRows is an analysis encoded for its columns before any transaction
// starts, so bad input fails without touching the database.
type saveRows struct {
	published, fetched pgtype.Timestamptz
	removed            string
	entities           []entityRow
	claimTimes         []claimTimes
	aliasSources       []string
}

func encodeAnalysis(a *model.Analysis) (saveRows, error) {
	var r saveRows
	var err error
	if r.published, err = encodeTime("Article.PublishedAt", a.Article.PublishedAt); err != nil {
		return r, err
	}
	if r.fetched, err = encodeTime("Article.FetchedAt", a.Article.FetchedAt); err != nil {
		return r, err
	}
	if r.removed, err = marshalList(a.Article.Removed); err != nil {
		return r, fmt.Errorf("%w: Article.Removed: %w", store.ErrInvalid, err)
	}
	if r.entities, err = encodeEntities(a.Entities); err != nil {
		return r, err
	}
	if r.claimTimes, err = encodeClaims(a.Claims); err != nil {
		return r, err
	}
	r.aliasSources = make([]string, len(a.Aliases))
	for i, al := range a.Aliases {
		if r.aliasSources[i], err = marshalList(al.Sources); err != nil {
			return r, fmt.Errorf("%w: Aliases[%d].Sources: %w", store.ErrInvalid, i, err)
		}
	}
	return r, nil
}

// maxAttempts bounds how often a save that lost a deadlock or
// serialization race is run again.
const maxAttempts = 5

// SaveAnalysis stores a in one transaction; see store.ArticleStore. The
// article is matched by canonical URL when set, then by content hash; a match
// is updated in place and its mentions, indicators, claims and learned aliases
// are replaced. A learned alias that an analyst already confirmed or rejected
// keeps that status when the same article is saved again. Entities are
// upserted by key: later non-empty fields win, empty ones do not erase. IDs
// are written back into a only once the transaction commits.
//
// Saves of the same article from several connections take turns on
// transaction-scoped advisory locks keyed by canonical URL and content hash,
// so exactly one creates it and the others find it.
func (s *Store) SaveAnalysis(ctx context.Context, a *model.Analysis) (store.SaveResult, error) {
	if err := store.ValidateAnalysis(a); err != nil {
		return 0, fmt.Errorf("postgres: save analysis: %w", err)
	}
	rows, err := encodeAnalysis(a)
	if err != nil {
		return 0, fmt.Errorf("postgres: save analysis: %w", err)
	}
	for attempt := 1; ; attempt++ {
		ids, result, err := s.saveOnce(ctx, a, &rows)
		if err != nil {
			if attempt < maxAttempts && retryable(err) && ctx.Err() == nil {
				continue
			}
			return 0, err
		}
		ids.writeBack(a)
		return result, nil
	}
}

// savedIDs are the IDs a committed save gave its rows.
type savedIDs struct {
	article                               int64
	mentions, indicators, claims, aliases []int64
	aliasStatuses                         []model.AliasStatus
}

func (ids *savedIDs) writeBack(a *model.Analysis) {
	id := ids.article
	a.Article.ID = id
	for i := range a.Mentions {
		a.Mentions[i].ID, a.Mentions[i].ArticleID = ids.mentions[i], id
	}
	for i := range a.Indicators {
		a.Indicators[i].ID, a.Indicators[i].ArticleID = ids.indicators[i], id
	}
	for i := range a.Claims {
		a.Claims[i].ID, a.Claims[i].ArticleID = ids.claims[i], id
	}
	for i := range a.Aliases {
		a.Aliases[i].ID, a.Aliases[i].ArticleID, a.Aliases[i].Status = ids.aliases[i], id, ids.aliasStatuses[i]
	}
}

// saveOnce runs one attempt of SaveAnalysis in its own transaction, in
// three batches (three round trips) besides BEGIN and COMMIT: locks,
// entities and the lookup of the stored article; the article row, the
// reviewed aliases and deletions an update needs, and the new rows' IDs;
// then the derived rows.
func (s *Store) saveOnce(ctx context.Context, a *model.Analysis, rows *saveRows) (savedIDs, store.SaveResult, error) {
	var ids savedIDs
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return ids, 0, wrapErr("save analysis", err)
	}
	defer tx.Rollback(ctx) // a no-op once committed

	if err := checkEntityRefs(ctx, tx, a); err != nil {
		return ids, 0, err
	}
	b := &pgx.Batch{}
	queueLockArticle(b, &a.Article)
	queueUpsertEntities(b, rows.entities)
	queueFindArticle(b, &a.Article)
	id, oldHash, oldPublished, err := readFirstBatch(tx.SendBatch(ctx, b), b.Len())
	if err != nil {
		return ids, 0, err
	}

	b = &pgx.Batch{}
	result := queueWriteArticle(b, &a.Article, rows, id, oldHash)
	counts := []int{len(a.Mentions), len(a.Indicators), len(a.Claims), len(a.Aliases)}
	queueAllocateIDs(b, counts)
	br := tx.SendBatch(ctx, b)
	reviewed, oldMentions, err := readSecondBatch(br, &id, result, counts, &ids)
	if err != nil {
		return ids, 0, err
	}
	ids.article = id
	ids.aliasStatuses = aliasStatuses(a.Aliases, reviewed)

	b = &pgx.Batch{}
	queueMentions(b, id, a.Mentions, ids.mentions)
	queueIndicators(b, id, a.Indicators, ids.indicators)
	queueClaims(b, id, a.Claims, ids.claims, rows.claimTimes)
	queueAliases(b, id, a.Aliases, ids.aliases, ids.aliasStatuses, rows.aliasSources)
	// Last, so the entity rows it locks are held only until the commit.
	queueCounters(b, oldMentions, oldPublished, a.Mentions, rows.published)
	if b.Len() > 0 {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return ids, 0, wrapErr("save analysis: derived rows", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return ids, 0, wrapErr("save analysis: commit", err)
	}
	return ids, result, nil
}

// readFirstBatch reads the results of the locks, the entity upserts and the
// article lookup: the stored article's ID, hash and publication date, or 0.
func readFirstBatch(br pgx.BatchResults, n int) (int64, string, pgtype.Timestamptz, error) {
	defer br.Close()
	var published pgtype.Timestamptz
	for range n - 1 {
		if _, err := br.Exec(); err != nil {
			return 0, "", published, wrapErr("save analysis: entities", err)
		}
	}
	var id int64
	var hash string
	err := br.QueryRow().Scan(&id, &hash, &published)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, "", pgtype.Timestamptz{}, br.Close()
	}
	if err != nil {
		return 0, "", published, wrapErr("save analysis: find article", err)
	}
	return id, hash, published, wrapErr("save analysis", br.Close())
}

// queueLockArticle takes advisory locks on the article's canonical URL and
// content hash, in key order so two saves never wait on each other in a
// cycle. They are released when the transaction ends. A target list is
// evaluated left to right, so one statement takes them in order.
func queueLockArticle(b *pgx.Batch, a *model.Article) {
	keys := []int64{lockKey("article hash", a.ContentHash)}
	if a.CanonicalURL == "" {
		b.Queue(`SELECT pg_advisory_xact_lock($1)`, keys[0])
		return
	}
	keys = append(keys, lockKey("article url", a.CanonicalURL))
	slices.Sort(keys)
	b.Queue(`SELECT pg_advisory_xact_lock($1), pg_advisory_xact_lock($2)`, keys[0], keys[1])
}

// queueFindArticle looks up the stored article a matches: by canonical URL
// first, then by content hash.
func queueFindArticle(b *pgx.Batch, a *model.Article) {
	// Two lookups, each on its unique index whatever the statistics say (an
	// OR of both can be planned as a scan of the whole table).
	b.Queue(`SELECT id, content_hash, published_at FROM (
			(SELECT id, content_hash, published_at, 1 AS pref FROM articles WHERE canonical_url = $1)
			UNION ALL
			(SELECT id, content_hash, published_at, 2 AS pref FROM articles WHERE content_hash = $2)
		) found ORDER BY pref LIMIT 1`, nullText(a.CanonicalURL), a.ContentHash)
}

// queueWriteArticle inserts the article, or updates the stored one (id) and
// reads its reviewed aliases before deleting its derived rows.
func queueWriteArticle(b *pgx.Batch, a *model.Article, rows *saveRows, id int64, oldHash string) store.SaveResult {
	args := []any{nullInt(a.SourceID), a.URL, nullText(a.CanonicalURL), a.Outlet, a.Title, a.Author,
		rows.published, rows.fetched, a.ContentHash, a.ContentType, a.Text, rows.removed}
	if id == 0 {
		b.Queue(`INSERT INTO articles (source_id, url, canonical_url, outlet, title, author,
			published_at, fetched_at, content_hash, content_type, text, removed)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb) RETURNING id`, args...)
		return store.Created
	}
	// A copy read without a canonical URL keeps the one already known.
	b.Queue(`UPDATE articles SET source_id = $1, url = $2, canonical_url = coalesce($3, canonical_url), outlet = $4,
		title = $5, author = $6, published_at = $7, fetched_at = $8, content_hash = $9, content_type = $10,
		text = $11, removed = $12::jsonb WHERE id = $13`, append(args, id)...)
	queueReviewedAliases(b, id)
	queueMentionCounts(b, id)
	// Claim roles go with their claims by cascade.
	for _, table := range []string{"mentions", "indicators", "claims", "aliases"} {
		b.Queue(`DELETE FROM `+table+` WHERE article_id = $1`, id)
	}
	if oldHash == a.ContentHash {
		return store.Unchanged
	}
	return store.Updated
}

// queueAllocateIDs draws the IDs of the rows about to be inserted from their
// tables' sequences.
func queueAllocateIDs(b *pgx.Batch, counts []int) {
	if slices.Max(counts) == 0 {
		return
	}
	b.Queue(`SELECT
		ARRAY(SELECT nextval(pg_get_serial_sequence('mentions', 'id')) FROM generate_series(1, $1)),
		ARRAY(SELECT nextval(pg_get_serial_sequence('indicators', 'id')) FROM generate_series(1, $2)),
		ARRAY(SELECT nextval(pg_get_serial_sequence('claims', 'id')) FROM generate_series(1, $3)),
		ARRAY(SELECT nextval(pg_get_serial_sequence('aliases', 'id')) FROM generate_series(1, $4))`,
		counts[0], counts[1], counts[2], counts[3])
}

// readSecondBatch reads what queueWriteArticle and queueAllocateIDs queued:
// the new article's ID, the reviewed aliases of an updated one, and the
// allocated IDs, each kind sorted so rows inserted in the analysis's order
// get ascending IDs.
func readSecondBatch(br pgx.BatchResults, id *int64, result store.SaveResult, counts []int, ids *savedIDs) (
	reviewed map[aliasIdentity]model.AliasStatus, oldMentions map[string]int, err error) {
	defer br.Close()
	if result == store.Created {
		if err := br.QueryRow().Scan(id); err != nil {
			return nil, nil, wrapErr("save analysis: insert article", err)
		}
	} else {
		if _, err := br.Exec(); err != nil {
			return nil, nil, wrapErr("save analysis: update article", err)
		}
		if reviewed, err = readReviewedAliases(br); err != nil {
			return nil, nil, err
		}
		if oldMentions, err = readMentionCounts(br); err != nil {
			return nil, nil, err
		}
		for range 4 {
			if _, err := br.Exec(); err != nil {
				return nil, nil, wrapErr("save analysis: replace derived rows", err)
			}
		}
	}
	if slices.Max(counts) > 0 {
		if err := br.QueryRow().Scan(&ids.mentions, &ids.indicators, &ids.claims, &ids.aliases); err != nil {
			return nil, nil, wrapErr("save analysis: allocate IDs", err)
		}
		for _, list := range [][]int64{ids.mentions, ids.indicators, ids.claims, ids.aliases} {
			slices.Sort(list)
		}
	}
	return reviewed, oldMentions, wrapErr("save analysis", br.Close())
}

// lockKey hashes a namespaced string to an advisory lock key.
func lockKey(namespace, s string) int64 {
	h := fnv.New64a()
	h.Write([]byte(namespace))
	h.Write([]byte{0})
	h.Write([]byte(s))
	return int64(h.Sum64())
}

// Article returns one article, or store.ErrNotFound.
func (s *Store) Article(ctx context.Context, id int64) (model.Article, error) {
	return article(ctx, s.pool, id)
}

func article(ctx context.Context, q querier, id int64) (model.Article, error) {
	var text string
	a, err := scanArticle(q.QueryRow(ctx,
		`SELECT `+articleColumns+`, a.text FROM articles a WHERE a.id = $1`, id), &text)
	if err != nil {
		return model.Article{}, wrapErr(fmt.Sprintf("article %d", id), err)
	}
	a.Text = text
	return a, nil
}

// ArticleByURL returns the article stored under a canonical URL.
func (s *Store) ArticleByURL(ctx context.Context, canonicalURL string) (model.Article, error) {
	var text string
	a, err := scanArticle(s.pool.QueryRow(ctx,
		`SELECT `+articleColumns+`, a.text FROM articles a WHERE a.canonical_url = $1`, canonicalURL), &text)
	if err != nil {
		return model.Article{}, wrapErr(fmt.Sprintf("article at %q", canonicalURL), err)
	}
	a.Text = text
	return a, nil
}

// Analysis returns an article with everything found in it, each kind ordered
// by position in the text, and the entities they refer to ordered by key.
func (s *Store) Analysis(ctx context.Context, id int64) (model.Analysis, error) {
	// A repeatable-read transaction gives every query below the same snapshot.
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return model.Analysis{}, wrapErr("analysis", err)
	}
	defer tx.Rollback(ctx)
	var an model.Analysis
	if an.Article, err = article(ctx, tx, id); err != nil {
		return model.Analysis{}, err
	}
	if an.Mentions, err = articleMentions(ctx, tx, id); err != nil {
		return model.Analysis{}, err
	}
	if an.Indicators, err = listIndicatorRows(ctx, tx, id); err != nil {
		return model.Analysis{}, err
	}
	if an.Claims, err = queryClaims(ctx, tx,
		` WHERE c.article_id = $1 ORDER BY c.evidence_start, c.evidence_end, c.id`, id); err != nil {
		return model.Analysis{}, err
	}
	if an.Aliases, err = queryAliases(ctx, tx,
		` WHERE article_id = $1 ORDER BY evidence_start, evidence_end, id`, id); err != nil {
		return model.Analysis{}, err
	}
	if an.Entities, err = articleEntities(ctx, tx, id); err != nil {
		return model.Analysis{}, err
	}
	return an, nil
}

// ListArticles returns articles, newest published first (undated last).
func (s *Store) ListArticles(ctx context.Context, f store.ArticleFilter) ([]model.Article, error) {
	limit, err := store.EffectiveLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: list articles: %w", err)
	}
	if f.Offset < 0 {
		return nil, fmt.Errorf("postgres: list articles: %w: offset %d is negative", store.ErrInvalid, f.Offset)
	}
	var w where
	if f.Outlet != "" {
		w.add("a.outlet = ?", f.Outlet)
	}
	if !f.Since.IsZero() {
		since, err := encodeTime("Since", f.Since)
		if err != nil {
			return nil, fmt.Errorf("postgres: list articles: %w", err)
		}
		w.add("a.published_at >= ?", since)
	}
	query := `SELECT ` + articleColumns + `, a.text FROM articles a` + w.String() +
		` ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT ` + w.next(limit) + ` OFFSET ` + w.next(f.Offset)
	rows, err := s.pool.Query(ctx, query, w.args...)
	if err != nil {
		return nil, wrapErr("list articles", err)
	}
	defer rows.Close()
	var out []model.Article
	for rows.Next() {
		var text string
		a, err := scanArticle(rows, &text)
		if err != nil {
			return nil, wrapErr("list articles", err)
		}
		a.Text = text
		out = append(out, a)
	}
	return out, wrapErr("list articles", rows.Err())
}
