package sqlite

import (
	"context"

	"github.com/winnow-cti/winnow/internal/store"
)

// Stats counts stored rows; Aliases counts learned aliases.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	err := s.reader.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM articles),
		(SELECT count(*) FROM entities),
		(SELECT count(*) FROM mentions),
		(SELECT count(*) FROM indicators),
		(SELECT count(*) FROM claims),
		(SELECT count(*) FROM aliases)`).Scan(
		&st.Articles, &st.Entities, &st.Mentions, &st.Indicators, &st.Claims, &st.Aliases)
	if err != nil {
		return store.Stats{}, wrapErr("stats", err)
	}
	return st, nil
}
