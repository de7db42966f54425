package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// articleColumns lists what scanArticle reads: everything but the text,
// which callers add when they want it and searches leave out.
const articleColumns = `a.id, a.source_id, a.url, a.canonical_url, a.outlet, a.title, a.author,
	a.published_at, a.fetched_at, a.content_hash, a.content_type, a.removed`

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

// scanArticle reads articleColumns, then extra destinations (the text, a
// snippet) if given.
func scanArticle(sc scanner, extra ...any) (model.Article, error) {
	var (
		a                  model.Article
		sourceID           sql.NullInt64
		canonical          sql.NullString
		published, fetched sql.NullString
		removed            string
	)
	dest := append([]any{&a.ID, &sourceID, &a.URL, &canonical, &a.Outlet, &a.Title, &a.Author,
		&published, &fetched, &a.ContentHash, &a.ContentType, &removed}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return model.Article{}, err
	}
	a.SourceID = sourceID.Int64
	a.CanonicalURL = canonical.String
	var err error
	if a.PublishedAt, err = decodeTime(published); err != nil {
		return model.Article{}, err
	}
	if a.FetchedAt, err = decodeTime(fetched); err != nil {
		return model.Article{}, err
	}
	if err := json.Unmarshal([]byte(removed), &a.Removed); err != nil {
		return model.Article{}, fmt.Errorf("sqlite: article %d removed: %w", a.ID, err)
	}
	if len(a.Removed) == 0 {
		a.Removed = nil
	}
	return a, nil
}

// articleRow is an article encoded for its columns.
type articleRow struct {
	published, fetched any
	removed            string
}

func encodeArticle(a *model.Article) (articleRow, error) {
	var row articleRow
	var err error
	if row.published, err = encodeTime("Article.PublishedAt", a.PublishedAt); err != nil {
		return row, err
	}
	if row.fetched, err = encodeTime("Article.FetchedAt", a.FetchedAt); err != nil {
		return row, err
	}
	removed := a.Removed
	if removed == nil {
		removed = []model.Removal{}
	}
	b, err := json.Marshal(removed)
	if err != nil {
		return row, fmt.Errorf("%w: Article.Removed: %w", store.ErrInvalid, err)
	}
	row.removed = string(b)
	return row, nil
}

// SaveAnalysis stores a in one transaction; see store.ArticleStore. The
// article is matched by canonical URL when set, then by content hash; a match
// is updated in place (keeping its canonical URL if the new copy has none) and
// its mentions, indicators, claims and learned aliases are replaced. A learned alias that an analyst already confirmed or rejected
// keeps that status when the same article is saved again. Entities are
// upserted by key: later non-empty fields win, empty ones do not erase. IDs
// are written back into a only once the transaction commits.
func (s *Store) SaveAnalysis(ctx context.Context, a *model.Analysis) (store.SaveResult, error) {
	if err := store.ValidateAnalysis(a); err != nil {
		return 0, fmt.Errorf("sqlite: save analysis: %w", err)
	}
	row, err := encodeArticle(&a.Article)
	if err != nil {
		return 0, fmt.Errorf("sqlite: save analysis: %w", err)
	}
	claimRows, err := encodeClaims(a.Claims)
	if err != nil {
		return 0, fmt.Errorf("sqlite: save analysis: %w", err)
	}
	entityRows, err := encodeEntities(a.Entities)
	if err != nil {
		return 0, fmt.Errorf("sqlite: save analysis: %w", err)
	}

	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return 0, wrapErr("save analysis", err)
	}
	defer tx.Rollback() // a no-op once committed

	if err := checkEntityRefs(ctx, tx, a); err != nil {
		return 0, err
	}
	if err := upsertEntities(ctx, tx, entityRows); err != nil {
		return 0, err
	}
	id, result, oldPublished, err := writeArticle(ctx, tx, &a.Article, row)
	if err != nil {
		return 0, err
	}
	var reviewed map[aliasIdentity]model.AliasStatus
	var oldMentions map[string]int
	if result != store.Created {
		if reviewed, err = reviewedAliases(ctx, tx, id); err != nil {
			return 0, err
		}
		if oldMentions, err = mentionCounts(ctx, tx, id); err != nil {
			return 0, err
		}
		if err := deleteDerived(ctx, tx, id); err != nil {
			return 0, err
		}
	}
	mentionIDs, err := insertMentions(ctx, tx, id, a.Mentions)
	if err != nil {
		return 0, err
	}
	if err := updateCounters(ctx, tx, oldMentions, oldPublished, a.Mentions, row.published); err != nil {
		return 0, err
	}
	indicatorIDs, err := insertIndicators(ctx, tx, id, a.Indicators)
	if err != nil {
		return 0, err
	}
	claimIDs, err := insertClaims(ctx, tx, id, a.Claims, claimRows)
	if err != nil {
		return 0, err
	}
	aliasIDs, aliasStatuses, err := insertAliases(ctx, tx, id, a.Aliases, reviewed)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, wrapErr("save analysis: commit", err)
	}

	a.Article.ID = id
	for i := range a.Mentions {
		a.Mentions[i].ID, a.Mentions[i].ArticleID = mentionIDs[i], id
	}
	for i := range a.Indicators {
		a.Indicators[i].ID, a.Indicators[i].ArticleID = indicatorIDs[i], id
	}
	for i := range a.Claims {
		a.Claims[i].ID, a.Claims[i].ArticleID = claimIDs[i], id
	}
	for i := range a.Aliases {
		a.Aliases[i].ID, a.Aliases[i].ArticleID, a.Aliases[i].Status = aliasIDs[i], id, aliasStatuses[i]
	}
	return result, nil
}

// writeArticle updates the stored article a matches, or inserts it. It
// returns the article's ID, what it did and the replaced version's
// publication date (NULL for a new article).
func writeArticle(ctx context.Context, tx *sql.Tx, a *model.Article, row articleRow) (int64, store.SaveResult, sql.NullString, error) {
	id, oldHash, oldPublished, err := findArticle(ctx, tx, a)
	if err != nil {
		return 0, 0, oldPublished, err
	}
	args := []any{nullIfZero(a.SourceID), a.URL, nullIfEmpty(a.CanonicalURL), a.Outlet, a.Title, a.Author,
		row.published, row.fetched, a.ContentHash, a.ContentType, a.Text, row.removed}
	if id == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO articles (source_id, url, canonical_url, outlet, title, author,
			published_at, fetched_at, content_hash, content_type, text, removed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		if err != nil {
			return 0, 0, oldPublished, wrapErr("save analysis: insert article", err)
		}
		id, err = res.LastInsertId()
		if err != nil {
			return 0, 0, oldPublished, wrapErr("save analysis: insert article", err)
		}
		return id, store.Created, oldPublished, nil
	}
	// A copy read without a canonical URL keeps the one already known.
	_, err = tx.ExecContext(ctx, `UPDATE articles SET source_id = ?, url = ?, canonical_url = coalesce(?, canonical_url), outlet = ?,
		title = ?, author = ?, published_at = ?, fetched_at = ?, content_hash = ?, content_type = ?,
		text = ?, removed = ? WHERE id = ?`, append(args, id)...)
	if err != nil {
		return 0, 0, oldPublished, wrapErr("save analysis: update article", err)
	}
	if oldHash == a.ContentHash {
		return id, store.Unchanged, oldPublished, nil
	}
	return id, store.Updated, oldPublished, nil
}

// findArticle returns the ID, content hash and publication date of the
// stored article a matches, or 0 when there is none.
func findArticle(ctx context.Context, tx *sql.Tx, a *model.Article) (int64, string, sql.NullString, error) {
	var id int64
	var hash string
	var published sql.NullString
	if a.CanonicalURL != "" {
		err := tx.QueryRowContext(ctx, `SELECT id, content_hash, published_at FROM articles WHERE canonical_url = ?`,
			a.CanonicalURL).Scan(&id, &hash, &published)
		if err == nil {
			return id, hash, published, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, "", published, wrapErr("save analysis: find article", err)
		}
	}
	err := tx.QueryRowContext(ctx, `SELECT id, content_hash, published_at FROM articles WHERE content_hash = ?`,
		a.ContentHash).Scan(&id, &hash, &published)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", sql.NullString{}, nil
	}
	if err != nil {
		return 0, "", sql.NullString{}, wrapErr("save analysis: find article", err)
	}
	return id, hash, published, nil
}

// deleteDerived removes what an earlier save found in the article; claim
// roles go with their claims by cascade.
func deleteDerived(ctx context.Context, tx *sql.Tx, articleID int64) error {
	for _, table := range []string{"mentions", "indicators", "claims", "aliases"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE article_id = ?`, articleID); err != nil {
			return wrapErr("save analysis: replace "+table, err)
		}
	}
	return nil
}

// Article returns one article, or store.ErrNotFound.
func (s *Store) Article(ctx context.Context, id int64) (model.Article, error) {
	return article(ctx, s.reader, id)
}

func article(ctx context.Context, q querier, id int64) (model.Article, error) {
	var text string
	a, err := scanArticle(q.QueryRowContext(ctx,
		`SELECT `+articleColumns+`, a.text FROM articles a WHERE a.id = ?`, id), &text)
	if err != nil {
		return model.Article{}, wrapErr(fmt.Sprintf("article %d", id), err)
	}
	a.Text = text
	return a, nil
}

// ArticleByURL returns the article stored under a canonical URL.
func (s *Store) ArticleByURL(ctx context.Context, canonicalURL string) (model.Article, error) {
	var text string
	a, err := scanArticle(s.reader.QueryRowContext(ctx,
		`SELECT `+articleColumns+`, a.text FROM articles a WHERE a.canonical_url = ?`, canonicalURL), &text)
	if err != nil {
		return model.Article{}, wrapErr(fmt.Sprintf("article at %q", canonicalURL), err)
	}
	a.Text = text
	return a, nil
}

// Analysis returns an article with everything found in it, each kind ordered
// by position in the text, and the entities they refer to ordered by key.
func (s *Store) Analysis(ctx context.Context, id int64) (model.Analysis, error) {
	// A read transaction gives every query below the same snapshot.
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return model.Analysis{}, wrapErr("analysis", err)
	}
	defer tx.Rollback()
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
		` WHERE c.article_id = ? ORDER BY c.evidence_start, c.evidence_end, c.id`, id); err != nil {
		return model.Analysis{}, err
	}
	if an.Aliases, err = queryAliases(ctx, tx,
		` WHERE article_id = ? ORDER BY evidence_start, evidence_end, id`, id); err != nil {
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
		return nil, fmt.Errorf("sqlite: list articles: %w", err)
	}
	if f.Offset < 0 {
		return nil, fmt.Errorf("sqlite: list articles: %w: offset %d is negative", store.ErrInvalid, f.Offset)
	}
	var w where
	if f.Outlet != "" {
		w.add("a.outlet = ?", f.Outlet)
	}
	if !f.Since.IsZero() {
		since, err := encodeTime("Since", f.Since)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list articles: %w", err)
		}
		w.add("a.published_at >= ?", since)
	}
	rows, err := s.reader.QueryContext(ctx, `SELECT `+articleColumns+`, a.text FROM articles a`+w.String()+
		` ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT ? OFFSET ?`, append(w.args, limit, f.Offset)...)
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
