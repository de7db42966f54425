package postgres

import (
	"context"

	"github.com/winnow-cti/winnow/internal/store"
)

// Stats counts stored rows; Aliases counts learned aliases.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var n [6]int64
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM articles),
		(SELECT count(*) FROM entities),
		(SELECT count(*) FROM mentions),
		(SELECT count(*) FROM indicators),
		(SELECT count(*) FROM claims),
		(SELECT count(*) FROM aliases)`).Scan(&n[0], &n[1], &n[2], &n[3], &n[4], &n[5])
	if err != nil {
		return store.Stats{}, wrapErr("stats", err)
	}
	return store.Stats{Articles: int(n[0]), Entities: int(n[1]), Mentions: int(n[2]),
		Indicators: int(n[3]), Claims: int(n[4]), Aliases: int(n[5])}, nil
}
