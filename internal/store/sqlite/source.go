package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

var _ store.SourceStore = (*Store)(nil)

const sourceColumns = `s.id, s.name, s.url, s.kind, s.interval_ns, s.created_at, s.last_fetched_at, s.last_error,
	s.etag, s.last_modified, s.failures, s.next_fetch_at,
	(SELECT count(*) FROM articles a WHERE a.source_id = s.id)`

func scanSource(sc scanner) (store.Source, error) {
	var (
		src                         store.Source
		interval                    int64
		created                     string
		lastFetched, nextFetch      sql.NullString
		kind                        string
		createdAt, fetchedAt, dueAt time.Time
		err                         error
	)
	if err := sc.Scan(&src.ID, &src.Name, &src.URL, &kind, &interval, &created, &lastFetched, &src.LastError,
		&src.ETag, &src.LastModified, &src.Failures, &nextFetch, &src.Items); err != nil {
		return store.Source{}, err
	}
	if createdAt, err = decodeTime(sql.NullString{String: created, Valid: true}); err != nil {
		return store.Source{}, err
	}
	if fetchedAt, err = decodeTime(lastFetched); err != nil {
		return store.Source{}, err
	}
	if dueAt, err = decodeTime(nextFetch); err != nil {
		return store.Source{}, err
	}
	src.Kind = model.SourceKind(kind)
	src.Interval = time.Duration(interval)
	src.CreatedAt, src.LastFetchedAt, src.NextFetchAt = createdAt, fetchedAt, dueAt
	return src, nil
}

// AddSource stores a new source; see store.SourceStore. CreatedAt defaults
// to now.
func (s *Store) AddSource(ctx context.Context, src model.Source) (store.Source, error) {
	if err := store.ValidateSource(src); err != nil {
		return store.Source{}, fmt.Errorf("sqlite: add source: %w", err)
	}
	if src.CreatedAt.IsZero() {
		src.CreatedAt = time.Now()
	}
	created, err := encodeTime("Source.CreatedAt", src.CreatedAt)
	if err != nil {
		return store.Source{}, fmt.Errorf("sqlite: add source: %w", err)
	}
	res, err := s.writer.ExecContext(ctx, `INSERT INTO sources (name, url, kind, interval_ns, created_at)
		VALUES (?, ?, ?, ?, ?)`, src.Name, src.URL, string(src.Kind), int64(src.Interval), created)
	if err != nil {
		return store.Source{}, wrapErr("add source "+src.URL, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return store.Source{}, wrapErr("add source", err)
	}
	return s.sourceWhere(ctx, "s.id = ?", id)
}

func (s *Store) sourceWhere(ctx context.Context, cond string, arg any) (store.Source, error) {
	src, err := scanSource(s.reader.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE `+cond, arg))
	if err != nil {
		return store.Source{}, wrapErr(fmt.Sprintf("source %v", arg), err)
	}
	return src, nil
}

// Source returns the source with ID id; see store.SourceStore.
func (s *Store) Source(ctx context.Context, id int64) (store.Source, error) {
	return s.sourceWhere(ctx, "s.id = ?", id)
}

// SourceByURL returns the source stored under url; see store.SourceStore.
func (s *Store) SourceByURL(ctx context.Context, url string) (store.Source, error) {
	return s.sourceWhere(ctx, "s.url = ?", url)
}

// ListSources returns sources matching f, oldest added first.
func (s *Store) ListSources(ctx context.Context, f store.SourceFilter) ([]store.Source, error) {
	limit, err := store.EffectiveLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list sources: %w", err)
	}
	var w where
	if !f.DueBy.IsZero() {
		due, err := encodeTime("SourceFilter.DueBy", f.DueBy)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list sources: %w", err)
		}
		w.add("(s.next_fetch_at IS NULL OR s.next_fetch_at <= ?)", due)
	}
	rows, err := s.reader.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources s`+w.String()+
		` ORDER BY s.id LIMIT ?`, append(w.args, limit)...)
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
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return wrapErr("remove source", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
	if err != nil {
		return wrapErr("remove source", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = sql.ErrNoRows
		}
		return wrapErr(fmt.Sprintf("remove source %d", id), err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET source_id = NULL WHERE source_id = ?`, id); err != nil {
		return wrapErr("remove source", err)
	}
	return wrapErr("remove source: commit", tx.Commit())
}

// UpdateSourceFetch records a fetch; see store.SourceStore.
func (s *Store) UpdateSourceFetch(ctx context.Context, id int64, f store.SourceFetch) error {
	if err := store.ValidateSourceFetch(f); err != nil {
		return fmt.Errorf("sqlite: update source fetch: %w", err)
	}
	fetched, err := encodeTime("SourceFetch.FetchedAt", f.FetchedAt)
	if err != nil {
		return fmt.Errorf("sqlite: update source fetch: %w", err)
	}
	next, err := encodeTime("SourceFetch.NextFetchAt", f.NextFetchAt)
	if err != nil {
		return fmt.Errorf("sqlite: update source fetch: %w", err)
	}
	res, err := s.writer.ExecContext(ctx, `UPDATE sources SET last_fetched_at = ?, etag = ?, last_modified = ?,
		last_error = ?, failures = ?, next_fetch_at = ? WHERE id = ?`,
		fetched, f.ETag, f.LastModified, f.Error, f.Failures, next, id)
	if err != nil {
		return wrapErr("update source fetch", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = sql.ErrNoRows
		}
		return wrapErr(fmt.Sprintf("update source fetch %d", id), err)
	}
	return nil
}

// ArticleRevisions returns an article's earlier versions, oldest first.
func (s *Store) ArticleRevisions(ctx context.Context, articleID int64) ([]store.Revision, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT article_id, number, content_hash, title, text, fetched_at, replaced_at
		FROM article_revisions WHERE article_id = ? ORDER BY number`, articleID)
	if err != nil {
		return nil, wrapErr("article revisions", err)
	}
	defer rows.Close()
	var out []store.Revision
	for rows.Next() {
		var (
			r        store.Revision
			fetched  sql.NullString
			replaced string
		)
		if err := rows.Scan(&r.ArticleID, &r.Number, &r.ContentHash, &r.Title, &r.Text, &fetched, &replaced); err != nil {
			return nil, wrapErr("article revisions", err)
		}
		if r.FetchedAt, err = decodeTime(fetched); err != nil {
			return nil, err
		}
		if r.ReplacedAt, err = decodeTime(sql.NullString{String: replaced, Valid: true}); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, wrapErr("article revisions", rows.Err())
}
