package sqlite

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/winnow-cti/winnow/internal/store/storetest"
)

// TestCountersBackfill takes a populated database back to the schema before
// the entity counters and migrates it again: the backfill must give what
// SaveAnalysis would have kept.
func TestCountersBackfill(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "winnow.db"))
	storetest.PopulateForCounters(t, s)
	for _, q := range []string{
		`DROP INDEX entities_rank`,
		`DROP INDEX entities_kind_rank`,
		`ALTER TABLE entities DROP COLUMN mention_count`,
		`ALTER TABLE entities DROP COLUMN article_count`,
		`ALTER TABLE entities DROP COLUMN last_seen`,
		`CREATE INDEX entities_kind ON entities (kind)`,
		`DELETE FROM schema_version WHERE version = 4`,
	} {
		if _, err := s.writer.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	applied, err := s.Migrate(t.Context())
	if err != nil || !slices.Equal(applied, []string{"0004_entity_counters"}) {
		t.Fatalf("Migrate = %q, %v; want the counters migration", applied, err)
	}
	storetest.CheckEntityCounts(t, s)
}
