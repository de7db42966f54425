package postgres

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/winnow-cti/winnow/internal/store"
)

// TestMeasureClaimWindows times ListClaims for a few entities on an existing
// schema, in read-only transactions, with and without the windowed walk:
//
//	WINNOW_CLAIMS_PG='postgres://postgres@127.0.0.1:5432/test?sslmode=disable&search_path=winnow_bench_1m' \
//	WINNOW_CLAIMS_KEYS=country:iran,threat-actor:apt28 \
//	  go test ./internal/store/postgres -run TestMeasureClaimWindows -v
func TestMeasureClaimWindows(t *testing.T) {
	url, keys := os.Getenv("WINNOW_CLAIMS_PG"), os.Getenv("WINNOW_CLAIMS_KEYS")
	if url == "" || keys == "" {
		t.Skip("WINNOW_CLAIMS_PG and WINNOW_CLAIMS_KEYS not set")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	cfg.ConnConfig.RuntimeParams["statement_timeout"] = "20s"
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s := &Store{pool: pool}
	old := claimWindowThreshold
	defer func() { claimWindowThreshold = old }()
	for _, key := range strings.Split(keys, ",") {
		f := store.ClaimFilter{EntityKeys: []string{key}, Limit: 50}
		var ids [2]string
		for i, threshold := range []int{1 << 30, old} {
			claimWindowThreshold = threshold
			var times []time.Duration
			for range 3 {
				start := time.Now()
				got, err := s.ListClaims(t.Context(), f)
				if err != nil {
					t.Logf("%s threshold %d: %v after %v", key, threshold, err, time.Since(start))
					break
				}
				times = append(times, time.Since(start))
				var b strings.Builder
				for _, c := range got {
					fmt.Fprint(&b, c.ID, " ")
				}
				ids[i] = b.String()
			}
			if len(times) == 3 {
				slices.Sort(times)
				t.Logf("%s threshold %d: min %v median %v max %v", key, threshold,
					times[0].Round(100*time.Microsecond), times[1].Round(100*time.Microsecond), times[2].Round(100*time.Microsecond))
			}
		}
		// Logged, not failed: on a schema still being loaded the two
		// listings may see different articles.
		if ids[0] != "" && ids[0] != ids[1] {
			t.Logf("%s: results differ: windowed %s\nsorted %s", key, ids[1], ids[0])
		}
	}
}
