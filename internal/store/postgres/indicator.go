package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// queueIndicators adds the insert of an article's indicators, with the IDs
// allocated for them, to b.
func queueIndicators(b *pgx.Batch, articleID int64, indicators []model.Indicator, ids []int64) {
	if len(indicators) == 0 {
		return
	}
	n := len(indicators)
	types, values, originals, disps := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	defanged := make([]bool, n)
	spanStart, spanEnd, sentStart, sentEnd := make([]int32, n), make([]int32, n), make([]int32, n), make([]int32, n)
	for i, ind := range indicators {
		types[i], values[i], originals[i], disps[i] = string(ind.Type), ind.Value, ind.Original, string(ind.Disposition)
		defanged[i] = ind.Defanged
		spanStart[i], spanEnd[i] = int32(ind.Span.Start), int32(ind.Span.End)
		sentStart[i], sentEnd[i] = int32(ind.Sentence.Start), int32(ind.Sentence.End)
	}
	b.Queue(`INSERT INTO indicators (id, article_id, type, value, original, defanged, disposition,
			span_start, span_end, sentence_start, sentence_end)
		SELECT u.id, $1, u.type, u.value, u.original, u.defanged, u.disp, u.ss, u.se, u.ts, u.te
		FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[],
			$8::int[], $9::int[], $10::int[], $11::int[])
			AS u(id, type, value, original, defanged, disp, ss, se, ts, te)`,
		articleID, ids, types, values, originals, defanged, disps, spanStart, spanEnd, sentStart, sentEnd)
}

// listIndicatorRows returns one article's indicators in text order.
func listIndicatorRows(ctx context.Context, q querier, articleID int64) ([]model.Indicator, error) {
	rows, err := q.Query(ctx, `SELECT id, article_id, type, value, original, defanged, disposition,
		span_start, span_end, sentence_start, sentence_end
		FROM indicators WHERE article_id = $1 ORDER BY span_start, span_end, id`, articleID)
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
		return nil, fmt.Errorf("postgres: list indicators: %w", err)
	}
	var w where
	var occ, outer []string // conditions on occurrences before grouping, and on the result
	if f.Type != "" {
		occ = append(occ, "i.type = "+w.next(string(f.Type)))
	}
	if f.ArticleID != 0 {
		occ = append(occ, "(i.type, i.value) IN (SELECT type, value FROM indicators WHERE article_id = "+w.next(f.ArticleID)+")")
	}
	if f.Disposition != "" {
		outer = append(outer, "d.disposition = "+w.next(string(f.Disposition)))
	}
	query := `WITH occ AS (
			SELECT i.type, i.value, i.disposition, i.defanged, i.article_id, a.published_at
			FROM indicators i JOIN articles a ON a.id = i.article_id` + (&where{conds: occ}).String() + `
		),
		disp AS (
			SELECT type, value, disposition,
				row_number() OVER (PARTITION BY type, value ORDER BY count(*) DESC, disposition) AS rank
			FROM occ GROUP BY type, value, disposition
		),
		agg AS (
			SELECT type, value, bool_or(defanged) AS defanged, count(DISTINCT article_id) AS articles,
				min(published_at) AS first_seen
			FROM occ GROUP BY type, value
		)
		SELECT g.type, g.value, d.disposition, g.defanged, g.articles, g.first_seen
		FROM agg g JOIN disp d ON d.type = g.type AND d.value = g.value AND d.rank = 1` + (&where{conds: outer}).String() + `
		ORDER BY g.articles DESC, g.type, g.value
		LIMIT ` + w.next(limit)
	rows, err := s.pool.Query(ctx, query, w.args...)
	if err != nil {
		return nil, wrapErr("list indicators", err)
	}
	defer rows.Close()
	var out []store.IndicatorSummary
	for rows.Next() {
		var sum store.IndicatorSummary
		var articles int64
		var first pgtype.Timestamptz
		if err := rows.Scan(&sum.Type, &sum.Value, &sum.Disposition, &sum.Defanged, &articles, &first); err != nil {
			return nil, wrapErr("list indicators", err)
		}
		sum.Articles, sum.FirstSeen = int(articles), decodeTime(first)
		out = append(out, sum)
	}
	return out, wrapErr("list indicators", rows.Err())
}
