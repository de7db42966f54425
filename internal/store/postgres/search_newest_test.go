package postgres

import (
	"fmt"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/store/postgres/pgtest"
)

// searchNewest0005 returns search_newest as migration 0005 defined it, one
// query over all matches, renamed search_newest_0005: the reference that the
// windowed definition of 0007 must agree with, row for row. It is read from
// the embedded migration, so the reference is the shipped text.
func searchNewest0005(t *testing.T) string {
	t.Helper()
	b, err := migrationFiles.ReadFile("migrations/0005_search.sql")
	if err != nil {
		t.Fatal(err)
	}
	sql := string(b)
	start := strings.Index(sql, "CREATE FUNCTION search_newest(")
	end := strings.Index(sql[max(start, 0):], "\nEND;")
	if start < 0 || end < 0 {
		t.Fatal("0005_search.sql: no CREATE FUNCTION search_newest( ... END; statement")
	}
	return strings.Replace(sql[start:start+end+len("\nEND")], "search_newest(", "search_newest_0005(", 1)
}

// TestSearchNewestWindows checks that search_newest, which looks for the
// newest matches in growing windows of time, returns exactly what the
// definition of 0005 returns: the same IDs and ranks in the same order.
func TestSearchNewestWindows(t *testing.T) {
	s, err := Open(t.Context(), pgtest.Schema(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	exec := func(sql string) {
		t.Helper()
		if _, err := s.pool.Exec(t.Context(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(searchNewest0005(t))

	type search struct {
		query string
		k     any // an int, or nil for no limit
	}
	searches := []search{
		// alpha: one article in four, every 12 days over six years, and in
		// undated articles too.
		{"alpha", 5}, {"alpha", 50}, {"alpha", 190}, {"alpha", 1000},
		// bravo: only in articles more than three years old.
		{"bravo", 5}, {"bravo", 1000},
		// The phrase, and newer articles with its words apart.
		{`"charlie delta"`, 5}, {`"charlie delta"`, 40}, {`"charlie delta"`, 1000},
		{"charlie delta", 5}, {`alpha "charlie delta"`, 5},
		{"kilo", 5}, // rare
		// echo: undated articles only; foxtrot: two dated, four undated.
		{"echo", 3}, {"echo", 5}, {"echo", 20},
		{"foxtrot", 1}, {"foxtrot", 2}, {"foxtrot", 3}, {"foxtrot", 5},
		// golf: eight articles published at one instant, four at another.
		{"golf", 5}, {"golf", 8}, {"golf", 10}, {"golf", 12}, {"golf", 100},
		{"alpha golf", 5},
		{"absent", 5}, {"alpha", 0}, {"alpha", nil}, {`"charlie delta"`, nil},
	}
	check := func(phase string, extra ...search) {
		t.Helper()
		for _, sr := range append(searches, extra...) {
			phrases, words, args := tsQuery(sr.query)
			var got, want string
			for fn, out := range map[string]*string{"search_newest": &got, "search_newest_0005": &want} {
				sql := fmt.Sprintf(`SELECT count(*), coalesce(string_agg(m.id || ':' || m.rank, ' ' ORDER BY m.n), '')
					FROM %s(%s, %s, $%d) WITH ORDINALITY AS m(id, rank, n)`, fn, phrases, words, len(args)+1)
				var n int
				var list string
				if err := s.pool.QueryRow(t.Context(), sql, append(args, sr.k)...).Scan(&n, &list); err != nil {
					t.Fatalf("%s: %s(%q, %v): %v", phase, fn, sr.query, sr.k, err)
				}
				*out = fmt.Sprintf("%d: %s", n, list)
			}
			if got != want {
				t.Errorf("%s: search_newest(%q, %v) = %s\nwant (0005) %s", phase, sr.query, sr.k, got, want)
			}
		}
	}

	check("empty store")
	// A negative k fails, as LIMIT -1 did.
	if _, err := s.pool.Exec(t.Context(), `SELECT * FROM search_newest(search_phrase('x'), search_words('x'), -1)`); err == nil {
		t.Error("search_newest with k = -1 did not fail")
	}

	// Articles every 3 days for six years back from 2025-06-01, the newest
	// first, so IDs fall as dates rise; then undated ones and ties.
	exec(`INSERT INTO articles (title, published_at, content_hash, text)
		SELECT 'Note ' || g, timestamptz '2025-06-01 12:00Z' - g * interval '3 days', 'w' || g,
			'filler ' || g
			|| CASE WHEN g % 4 = 0 THEN ' alpha' ELSE '' END
			|| CASE WHEN g >= 400 AND g % 10 = 0 THEN ' bravo' ELSE '' END
			|| CASE WHEN g % 6 = 0 THEN ' charlie delta' WHEN g % 6 IN (1, 2) AND g < 100 THEN ' delta and charlie' ELSE '' END
			|| CASE WHEN g % 90 = 7 THEN ' kilo' ELSE '' END
			|| CASE WHEN g IN (5, 600) THEN ' foxtrot' ELSE '' END
		FROM generate_series(0, 730) g;
		INSERT INTO articles (title, published_at, content_hash, text)
		SELECT 'Undated ' || g, NULL, 'u' || g,
			'echo' || CASE WHEN g <= 4 THEN ' foxtrot' ELSE '' END || CASE WHEN g % 2 = 0 THEN ' alpha' ELSE '' END
		FROM generate_series(1, 10) g;
		INSERT INTO articles (title, published_at, content_hash, text)
		SELECT 'Tie ' || g, CASE WHEN g <= 8 THEN timestamptz '2025-05-22 12:00Z' ELSE timestamptz '2024-01-14 12:00Z' END,
			't' || g, 'golf' || CASE WHEN g % 3 = 0 THEN ' alpha' ELSE '' END
		FROM generate_series(1, 12) g;
		-- Exactly a week before the newest: on the first window's edge.
		INSERT INTO articles (title, published_at, content_hash, text)
		VALUES ('Edge', timestamptz '2025-05-25 12:00Z', 'e1', 'alpha golf')`)
	check("six years")

	// Dates far apart: the windows reach back centuries.
	exec(`INSERT INTO articles (title, published_at, content_hash, text) VALUES
		('Far future', timestamptz '2900-01-01 00:00Z', 'x1', 'alpha hotel'),
		('Far past', timestamptz '0001-01-01 00:00Z', 'x2', 'bravo hotel')`)
	check("centuries", search{"hotel", 1}, search{"hotel", 5})

	// Infinite dates sort first and last among the dated.
	exec(`INSERT INTO articles (title, published_at, content_hash, text) VALUES
		('Forever', timestamptz 'infinity', 'i1', 'alpha hotel'),
		('Since ever', timestamptz '-infinity', 'i2', 'bravo hotel')`)
	check("infinite dates", search{"hotel", 1}, search{"hotel", 5})
}
