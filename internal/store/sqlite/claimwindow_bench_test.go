package sqlite

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/store"
)

// TestMeasureClaimWindows times ListClaims for a few entities on an existing
// database, opened read-only, with and without the windowed walk:
//
//	WINNOW_CLAIMS_DB=/tmp/b1m/bench.db WINNOW_CLAIMS_KEYS=country:iran,threat-actor:apt28 \
//	  go test ./internal/store/sqlite -run TestMeasureClaimWindows -v
func TestMeasureClaimWindows(t *testing.T) {
	path, keys := os.Getenv("WINNOW_CLAIMS_DB"), os.Getenv("WINNOW_CLAIMS_KEYS")
	if path == "" || keys == "" {
		t.Skip("WINNOW_CLAIMS_DB and WINNOW_CLAIMS_KEYS not set")
	}
	reader, err := openPool("file:"+path+"?mode=ro&_pragma=query_only(1)", 1)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	s := &Store{reader: reader}
	old := claimWindowThreshold
	defer func() { claimWindowThreshold = old }()
	for _, key := range strings.Split(keys, ",") {
		f := store.ClaimFilter{EntityKeys: []string{key}, Limit: 50}
		var ids [2]string
		for i, threshold := range []int{1 << 30, old} {
			claimWindowThreshold = threshold
			var times []time.Duration
			for range 5 {
				start := time.Now()
				got, err := s.ListClaims(t.Context(), f)
				if err != nil {
					t.Fatal(err)
				}
				times = append(times, time.Since(start))
				var b strings.Builder
				for _, c := range got {
					fmt.Fprint(&b, c.ID, " ")
				}
				ids[i] = b.String()
			}
			slices.Sort(times)
			t.Logf("%s threshold %d: min %v median %v max %v", key, threshold,
				times[0].Round(100*time.Microsecond), times[2].Round(100*time.Microsecond), times[4].Round(100*time.Microsecond))
		}
		if ids[0] != ids[1] {
			t.Errorf("%s: windowed %s\nsorted %s", key, ids[1], ids[0])
		}
	}
}
