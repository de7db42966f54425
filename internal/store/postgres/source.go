package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

var _ store.SourceStore = (*Store)(nil)

const sourceColumns = `s.id, s.name, s.url, s.kind, s.interval_ns, s.created_at, s.last_fetched_at, s.last_error,
	s.etag, s.last_modified, s.failures, s.next_fetch_at,
	(SELECT count(*) FROM articles a WHERE a.source_id = s.id)`

func scanSource(row pgx.Row) (store.Source, error) {
	var (
		src                    store.Source
		kind                   string
		interval, items        int64
		created                time.Time
		lastFetched, nextFetch pgtype.Timestamptz
	)
	if err := row.Scan(&src.ID, &src.Name, &src.URL, &kind, &interval, &created, &lastFetched, &src.LastError,
		&src.ETag, &src.LastModified, &src.Failures, &nextFetch, &items); err != nil {
		return store.Source{}, err
	}
	src.Kind = model.SourceKind(kind)
	src.Interval = time.Duration(interval)
	src.Items = int(items)
	src.CreatedAt = created.UTC()
	src.LastFetchedAt, src.NextFetchAt = decodeTime(lastFetched), decodeTime(nextFetch)
	return src, nil
}

// AddSource stores a new source; see store.SourceStore. CreatedAt defaults
// to now.
func (s *Store) AddSource(ctx context.Context, src model.Source) (store.Source, error) {
	if err := store.ValidateSource(src); err != nil {
		return store.Source{}, fmt.Errorf("postgres: add source: %w", err)
	}
	if src.CreatedAt.IsZero() {
		src.CreatedAt = time.Now()
	}
	created, err := encodeTime("Source.CreatedAt", src.CreatedAt)
	if err != nil {
		return store.Source{}, fmt.Errorf("postgres: add source: %w", err)
	}
	var id int64
	err = s.pool.QueryRow(ctx, `INSERT INTO sources (name, url, kind, interval_ns, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, src.Name, src.URL, string(src.Kind), int64(src.Interval), created).Scan(&id)
	if err != nil {
		return store.Source{}, wrapErr("add source "+src.URL, err)
	}
	return s.sourceWhere(ctx, "s.id = $1", id)
}

func (s *Store) sourceWhere(ctx context.Context, cond string, arg any) (store.Source, error) {
	src, err := scanSource(s.pool.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE `+cond, arg))
	if err != nil {
		return store.Source{}, wrapErr(fmt.Sprintf("source %v", arg), err)
	}
	return src, nil
}

// Source returns the source with ID id; see store.SourceStore.
func (s *Store) Source(ctx context.Context, id int64) (store.Source, error) {
	return s.sourceWhere(ctx, "s.id = $1", id)
}

// SourceByURL returns the source stored under url; see store.SourceStore.
func (s *Store) SourceByURL(ctx context.Context, url string) (store.Source, error) {
	return s.sourceWhere(ctx, "s.url = $1", url)
}

// ListSources returns sources matching f, oldest added first.
func (s *Store) ListSources(ctx context.Context, f store.SourceFilter) ([]store.Source, error) {
	limit, err := store.EffectiveLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: list sources: %w", err)
	}
	var w where
	if !f.DueBy.IsZero() {
		due, err := encodeTime("SourceFilter.DueBy", f.DueBy)
		if err != nil {
			return nil, fmt.Errorf("postgres: list sources: %w", err)
		}
		w.add("(s.next_fetch_at IS NULL OR s.next_fetch_at <= ?)", due)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+sourceColumns+` FROM sources s`+w.String()+
		` ORDER BY s.id LIMIT `+w.next(limit), w.args...)
	if err != nil {
		return nil, wrapErr("list sources", err)
	}
	defer rows.Close()
	var out []store.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, wrapErr("list sources", err)
		}
		out = append(out, src)
	}
	return out, wrapErr("list sources", rows.Err())
}

// RemoveSource deletes a source and unlinks its articles.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return wrapErr("remove source", err)
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
	if err != nil {
		return wrapErr("remove source", err)
	}
	if tag.RowsAffected() == 0 {
		return wrapErr(fmt.Sprintf("remove source %d", id), pgx.ErrNoRows)
	}
	if _, err := tx.Exec(ctx, `UPDATE articles SET source_id = NULL WHERE source_id = $1`, id); err != nil {
		return wrapErr("remove source", err)
	}
	return wrapErr("remove source: commit", tx.Commit(ctx))
}

// UpdateSourceFetch records a fetch; see store.SourceStore.
func (s *Store) UpdateSourceFetch(ctx context.Context, id int64, f store.SourceFetch) error {
	if err := store.ValidateSourceFetch(f); err != nil {
		return fmt.Errorf("postgres: update source fetch: %w", err)
	}
	fetched, err := encodeTime("SourceFetch.FetchedAt", f.FetchedAt)
	if err != nil {
		return fmt.Errorf("postgres: update source fetch: %w", err)
	}
	next, err := encodeTime("SourceFetch.NextFetchAt", f.NextFetchAt)
	if err != nil {
		return fmt.Errorf("postgres: update source fetch: %w", err)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE sources SET last_fetched_at = $1, etag = $2, last_modified = $3,
		last_error = $4, failures = $5, next_fetch_at = $6 WHERE id = $7`,
		fetched, f.ETag, f.LastModified, f.Error, f.Failures, next, id)
	if err != nil {
		return wrapErr("update source fetch", err)
	}
	if tag.RowsAffected() == 0 {
		return wrapErr(fmt.Sprintf("update source fetch %d", id), pgx.ErrNoRows)
	}
	return nil
}

// ArticleRevisions returns an article's earlier versions, oldest first.
func (s *Store) ArticleRevisions(ctx context.Context, articleID int64) ([]store.Revision, error) {
	rows, err := s.pool.Query(ctx, `SELECT article_id, number, content_hash, title, text, fetched_at, replaced_at
		FROM article_revisions WHERE article_id = $1 ORDER BY number`, articleID)
	if err != nil {
		return nil, wrapErr("article revisions", err)
	}
	defer rows.Close()
	var out []store.Revision
	for rows.Next() {
		var (
			r        store.Revision
			fetched  pgtype.Timestamptz
			replaced time.Time
		)
		if err := rows.Scan(&r.ArticleID, &r.Number, &r.ContentHash, &r.Title, &r.Text, &fetched, &replaced); err != nil {
			return nil, wrapErr("article revisions", err)
		}
		r.FetchedAt, r.ReplacedAt = decodeTime(fetched), replaced.UTC()
		out = append(out, r)
	}
	return out, wrapErr("article revisions", rows.Err())
}
