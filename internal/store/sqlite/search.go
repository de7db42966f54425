package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/winnow-cti/winnow/internal/store"
)

// ftsQuery turns what an analyst typed into an FTS5 MATCH expression that
// cannot be a syntax error: every term from store.SearchTerms becomes an FTS5
// string (a phrase once tokenized), so operators, parentheses, column filters
// and stray quotes are searched for as text or dropped, never parsed.
// Space-separated strings are ANDed by FTS5. An empty result means nothing in
// the query can match.
func ftsQuery(query string) string {
	terms := store.SearchTerms(query)
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return strings.Join(quoted, " ")
}

// Search runs a full-text query over titles and text, best match first
// (BM25, a title hit weighing more than a body hit). Terms are ANDed;
// "double quotes" make a phrase. Any input is safe: a query with nothing
// searchable returns no hits and no error. Snippets wrap matches in [ ].
func (s *Store) Search(ctx context.Context, query string, limit int) ([]store.SearchHit, error) {
	limit, err := store.EffectiveLimit(limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: search: %w", err)
	}
	match := ftsQuery(query)
	if match == "" {
		return nil, nil
	}
	// ORDER BY rank lets FTS5 sort inside the virtual table, so the LIMIT
	// applies before snippets are built rather than after one per match.
	rows, err := s.reader.QueryContext(ctx, `WITH top AS (
			SELECT rowid, rank, snippet(articles_fts, -1, '[', ']', '…', 16) AS snippet
			FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?
		)
		SELECT `+articleColumns+`, top.snippet
		FROM top JOIN articles a ON a.id = top.rowid
		ORDER BY top.rank`, match, limit)
	if err != nil {
		return nil, wrapErr("search", err)
	}
	defer rows.Close()
	var hits []store.SearchHit
	for rows.Next() {
		var hit store.SearchHit
		if hit.Article, err = scanArticle(rows, &hit.Snippet); err != nil {
			return nil, wrapErr("search", err)
		}
		hits = append(hits, hit)
	}
	return hits, wrapErr("search", rows.Err())
}
