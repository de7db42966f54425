package postgres

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
	"github.com/winnow-cti/winnow/internal/store/postgres/pgtest"
)

func TestSnippet(t *testing.T) {
	tests := []struct {
		name, query, text, title, want string
	}{
		{"word", "ministry", "APT31 breached a foreign ministry in January.", "", "APT31 breached a foreign [ministry] in January."},
		{"phrase keeps punctuation inside", "CVE-2024-3400", "They exploited CVE-2024-3400 last week.", "", "They exploited [CVE-2024-3400] last week."},
		{"defanged query matches text", "hxxp://bad[.]com", "Servers: hxxp://bad[.]com/gate.", "", "Servers: [hxxp://bad[.]com]/gate."},
		{"case folded", "apt31", "Officials linked APT31 to China.", "", "Officials linked [APT31] to China."},
		{"two terms", "violet typhoon", "The group, tracked as Violet Typhoon, struck.", "", "The group, tracked as [Violet] [Typhoon], struck."},
		{"overlapping phrase and word", `"violet typhoon" typhoon`, "As Violet Typhoon.", "", "As [Violet Typhoon]."},
		{"white space collapsed", "utilities", "Water\n\n  utilities hit.", "", "Water [utilities] hit."},
		{"window cut", "nineteen", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone", "",
			"…six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen [nineteen] twenty twentyone"},
		{"title when text lacks it", "revised", "Nothing here.", "Patch notes, revised", "Patch notes, [revised]"},
		{"window from the start", "three", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen", "",
			"one two [three] four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen…"},
		{"no match", "absent", "Short text.", "Title", "Short text."},
		{"diacritics folded in text", "ceska", "Customers of Česká spořitelna.", "", "Customers of [Česká] spořitelna."},
		{"diacritics folded in query", `"Mladá Boleslav"`, "Near Mlada Boleslav.", "", "Near [Mlada Boleslav]."},
		{"combining marks", "C\u030ceska", "Customers of Česká spořitelna.", "", "Customers of [Česká] spořitelna."},
		{"letters of their own kept", "lodz", "Seen in Łódź.", "", "Seen in Łódź."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			terms := snippetTerms(store.SearchTerms(tt.query))
			if got := snippet(terms, tt.text, tt.title); got != tt.want {
				t.Errorf("snippet(%q) = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

// foldTests are what foldDiacritics gives; TestFoldDiacriticsAgrees also
// checks the SQL function on the same inputs.
var foldTests = []struct{ in, want string }{
	{"APT31 and CVE-2024-3400", "APT31 and CVE-2024-3400"},
	{"Česká spořitelna", "Ceska sporitelna"},
	{"C\u030ceska", "Ceska"},
	{"Nguyễn Việt", "Nguyen Viet"},
	{"İstanbul", "Istanbul"},
	{"Ångström ÉCOLE naïve", "Angstrom ECOLE naive"},
	{"Łódź Øresund Straße", "Łodz Øresund Straße"},
	{"Ελλάδα йод ёлка", "Ελλάδα йод ёлка"},
	{"한국어", "한국어"},
	{"\u0301 leading mark", "\u0301 leading mark"},
}

func TestFoldDiacritics(t *testing.T) {
	for _, tt := range foldTests {
		t.Run(tt.in, func(t *testing.T) {
			if got := foldDiacritics(tt.in); got != tt.want {
				t.Errorf("foldDiacritics(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTSQuery(t *testing.T) {
	tests := []struct {
		query, phrases, words string
		args                  int
	}{
		{"", "", "", 0},
		{`"" * ( )`, "", "", 0},
		{"APT31", "search_phrase($1)", "search_words($1)", 1},
		{`APT31 "volt typhoon" OR`, "search_phrase($1) && search_phrase($2) && search_phrase($3)",
			"search_words($1) && search_words($2) && search_words($3)", 3},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			phrases, words, args := tsQuery(tt.query)
			if phrases != tt.phrases || words != tt.words || len(args) != tt.args {
				t.Errorf("tsQuery(%q) = %q, %q with %d args; want %q, %q with %d",
					tt.query, phrases, words, len(args), tt.phrases, tt.words, tt.args)
			}
		})
	}
}

// TestSearchCandidates checks that a search ranks only the newest
// searchCandidates matches, lowered here to three.
func TestSearchCandidates(t *testing.T) {
	s, err := Open(t.Context(), pgtest.Schema(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	saved := searchCandidates
	searchCandidates = 3
	t.Cleanup(func() { searchCandidates = saved })

	day := func(d int) time.Time { return time.Date(2024, 5, d, 0, 0, 0, 0, time.UTC) }
	articles := []struct {
		title, text string
		published   time.Time
	}{
		// The best match for APT31 by far, but the oldest.
		{"APT31 APT31", "APT31 moved its staging server. APT31 again.", day(1)},
		{"Note 2", "APT31 rented a staging server.", day(2)},
		{"Note 3", "APT31 rented a staging server.", day(3)},
		{"Note 4", "APT31 rented a staging server.", day(4)},
		// The newest two have the words of "staging server" but not the phrase.
		{"Note 5", "APT31 rented a server for staging.", day(5)},
		{"Note 6", "APT31 rented a server for staging.", day(6)},
		// Undated articles come after every dated one.
		{"Undated", "APT31 rented a staging server.", time.Time{}},
	}
	ids := make([]int64, len(articles))
	for i, a := range articles {
		an := &model.Analysis{Article: model.Article{
			Title: a.title, Text: a.text, PublishedAt: a.published,
			CanonicalURL: fmt.Sprintf("https://example.com/%d", i), ContentHash: fmt.Sprintf("candidates-%d", i),
		}}
		if _, err := s.SaveAnalysis(t.Context(), an); err != nil {
			t.Fatalf("SaveAnalysis: %v", err)
		}
		ids[i] = an.Article.ID
	}
	tests := []struct {
		name  string
		query string
		limit int
		want  []int64 // as a set
		first int64   // the best hit, when not 0
	}{
		{"newest three ranked", "APT31", 3, []int64{ids[4], ids[5], ids[3]}, 0},
		{"limit above the bound ranks as many", "APT31", 7, ids, ids[0]},
		{"phrase: newest three with the phrase", `"staging server"`, 3, []int64{ids[1], ids[2], ids[3]}, 0},
		{"few matches: all ranked", `APT31 "staging server" moved`, 3, []int64{ids[0]}, ids[0]},
		{"words in any order", "server staging", 3, []int64{ids[4], ids[5], ids[3]}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.Search(t.Context(), tt.query, tt.limit)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			var got []int64
			for _, h := range hits {
				got = append(got, h.Article.ID)
			}
			if tt.first != 0 && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("Search(%q) = %v, want %d first", tt.query, got, tt.first)
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("Search(%q) found %v, want %v", tt.query, got, want)
			}
		})
	}
}

// TestSearchMigration takes a populated schema back to before migration
// 0005 and migrates it again: articles stored before it must be found
// without their accents once it has run.
func TestSearchMigration(t *testing.T) {
	s, err := Open(t.Context(), pgtest.Schema(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	a := &model.Analysis{Article: model.Article{
		Title: "Outage at Česká spořitelna", Text: "Customers in Mladá Boleslav lost access.", ContentHash: "migration",
	}}
	if _, err := s.SaveAnalysis(t.Context(), a); err != nil {
		t.Fatalf("SaveAnalysis: %v", err)
	}
	if _, err := s.pool.Exec(t.Context(), `DROP FUNCTION search_newest(tsquery, tsquery, integer);
		DROP FUNCTION search_words(text);
		DROP INDEX articles_search;
		ALTER TABLE articles DROP COLUMN search;
		CREATE OR REPLACE FUNCTION search_phrase(term text) RETURNS tsquery
			LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
			RETURN phraseto_tsquery('simple', searchable_text(term));
		DROP FUNCTION fold_diacritics(text);
		ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
			setweight(to_tsvector('simple', searchable_text(title)), 'A') ||
			setweight(to_tsvector('simple', searchable_text(text)), 'B')) STORED;
		CREATE INDEX articles_search ON articles USING gin (search);
		DELETE FROM schema_version WHERE version = 5`); err != nil {
		t.Fatalf("undoing the search migration: %v", err)
	}
	var n int
	if err := s.pool.QueryRow(t.Context(), `SELECT count(*) FROM articles WHERE search @@ search_phrase('ceska')`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("before migrating: %d articles match ceska, %v; want none", n, err)
	}
	applied, err := s.Migrate(t.Context())
	if err != nil || !slices.Equal(applied, []string{"0005_search"}) {
		t.Fatalf("Migrate = %q, %v; want the search migration", applied, err)
	}
	for _, query := range []string{"ceska sporitelna", `"mlada boleslav"`, "Česká"} {
		hits, err := s.Search(t.Context(), query, 0)
		if err != nil || len(hits) != 1 || hits[0].Article.ID != a.Article.ID {
			t.Errorf("after migrating: Search(%q) = %d hits, %v; want the article", query, len(hits), err)
		}
	}
}

// TestFoldDiacriticsAgrees checks that snippets fold words as the index does:
// foldDiacritics in Go and fold_diacritics in SQL give the same text.
func TestFoldDiacriticsAgrees(t *testing.T) {
	s, err := Open(t.Context(), pgtest.Schema(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	for _, tt := range foldTests {
		t.Run(tt.in, func(t *testing.T) {
			var got string
			if err := s.pool.QueryRow(t.Context(), `SELECT fold_diacritics($1)`, tt.in).Scan(&got); err != nil {
				t.Fatalf("fold_diacritics(%q): %v", tt.in, err)
			}
			if want := foldDiacritics(tt.in); got != want {
				t.Errorf("fold_diacritics(%q) = %q in SQL, %q in Go", tt.in, got, want)
			}
		})
	}
}
