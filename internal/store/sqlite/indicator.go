package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

func insertIndicators(ctx context.Context, tx *sql.Tx, articleID int64, indicators []model.Indicator) ([]int64, error) {
	if len(indicators) == 0 {
		return nil, nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO indicators (article_id, type, value, original, defanged,
		disposition, span_start, span_end, sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, wrapErr("save analysis: indicators", err)
	}
	defer stmt.Close()
	ids := make([]int64, len(indicators))
	for i, ind := range indicators {
		res, err := stmt.ExecContext(ctx, articleID, ind.Type, ind.Value, ind.Original, ind.Defanged,
			ind.Disposition, ind.Span.Start, ind.Span.End, ind.Sentence.Start, ind.Sentence.End)
		if err == nil {
			ids[i], err = res.LastInsertId()
		}
		if err != nil {
			return nil, wrapErr(fmt.Sprintf("save analysis: Indicators[%d]", i), err)
		}
	}
	return ids, nil
}

// listIndicatorRows returns one article's indicators in text order.
func listIndicatorRows(ctx context.Context, q querier, articleID int64) ([]model.Indicator, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, article_id, type, value, original, defanged, disposition,
		span_start, span_end, sentence_start, sentence_end
		FROM indicators WHERE article_id = ? ORDER BY span_start, span_end, id`, articleID)
	if err != nil {
		return nil, wrapErr("indicators", err)
	}
	defer rows.Close()
	var out []model.Indicator
	for rows.Next() {
		var ind model.Indicator
		if err := rows.Scan(&ind.ID, &ind.ArticleID, &ind.Type, &ind.Value, &ind.Original, &ind.Defanged,
			&ind.Disposition, &ind.Span.Start, &ind.Span.End, &ind.Sentence.Start, &ind.Sentence.End); err != nil {
			return nil, wrapErr("indicators", err)
		}
		out = append(out, ind)
	}
	return out, wrapErr("indicators", rows.Err())
}

// ListIndicators returns distinct (type, value) pairs across articles, most
// articles first, then by type and value. A summary's Disposition is the one
// its occurrences carry most often (ties go to the alphabetically first) and
// the Disposition filter matches that. The ArticleID filter keeps indicators
// the article carries while still counting every article that carries them.
func (s *Store) ListIndicators(ctx context.Context, f store.IndicatorFilter) ([]store.IndicatorSummary, error) {
	limit, err := store.EffectiveLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list indicators: %w", err)
	}
	var occ where // narrows the occurrences before grouping
	if f.Type != "" {
		occ.add("i.type = ?", f.Type)
	}
	if f.ArticleID != 0 {
		occ.add("(i.type, i.value) IN (SELECT type, value FROM indicators WHERE article_id = ?)", f.ArticleID)
	}
	var outer where
	if f.Disposition != "" {
		outer.add("d.disposition = ?", f.Disposition)
	}
	query := `WITH occ AS (
			SELECT i.type, i.value, i.disposition, i.defanged, i.article_id, a.published_at
			FROM indicators i JOIN articles a ON a.id = i.article_id` + occ.String() + `
		),
		disp AS (
			SELECT type, value, disposition,
				row_number() OVER (PARTITION BY type, value ORDER BY count(*) DESC, disposition) AS rank
			FROM occ GROUP BY type, value, disposition
		),
		agg AS (
			SELECT type, value, max(defanged) AS defanged, count(DISTINCT article_id) AS articles,
				min(published_at) AS first_seen
			FROM occ GROUP BY type, value
		)
		SELECT g.type, g.value, d.disposition, g.defanged, g.articles, g.first_seen
		FROM agg g JOIN disp d ON d.type = g.type AND d.value = g.value AND d.rank = 1` + outer.String() + `
		ORDER BY g.articles DESC, g.type, g.value
		LIMIT ?`
	args := append(append(occ.args, outer.args...), limit)
	rows, err := s.reader.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrapErr("list indicators", err)
	}
	defer rows.Close()
	var out []store.IndicatorSummary
	for rows.Next() {
		var sum store.IndicatorSummary
		var first sql.NullString
		if err := rows.Scan(&sum.Type, &sum.Value, &sum.Disposition, &sum.Defanged, &sum.Articles, &first); err != nil {
			return nil, wrapErr("list indicators", err)
		}
		if sum.FirstSeen, err = decodeTime(first); err != nil {
			return nil, err
		}
		out = append(out, sum)
	}
	return out, wrapErr("list indicators", rows.Err())
}
