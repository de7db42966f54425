package postgres

import (
	"slices"
	"testing"

	"github.com/winnow-cti/winnow/internal/store/postgres/pgtest"
	"github.com/winnow-cti/winnow/internal/store/storetest"
)

// TestCountersBackfill takes a populated schema back to before the entity
// counters and migrates it again: the backfill must give what SaveAnalysis
// would have kept.
func TestCountersBackfill(t *testing.T) {
	s, err := Open(t.Context(), pgtest.Schema(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	storetest.PopulateForCounters(t, s)
	if _, err := s.pool.Exec(t.Context(), `DROP INDEX entities_rank;
		DROP INDEX entities_kind_rank;
		ALTER TABLE entities DROP COLUMN mention_count, DROP COLUMN article_count, DROP COLUMN last_seen;
		CREATE INDEX entities_kind ON entities (kind);
		DELETE FROM schema_version WHERE version = 4`); err != nil {
		t.Fatalf("undoing the counters migration: %v", err)
	}
	applied, err := s.Migrate(t.Context())
	if err != nil || !slices.Equal(applied, []string{"0004_entity_counters"}) {
		t.Fatalf("Migrate = %q, %v; want the counters migration", applied, err)
	}
	storetest.CheckEntityCounts(t, s)
}
