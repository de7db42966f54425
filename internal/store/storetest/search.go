package storetest

import (
	"slices"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// checkSearchFinds runs query and checks that it finds the articles want
// (as a set), with hits that mark a match in their snippet and leave the
// article text out.
func checkSearchFinds(t *testing.T, s store.Store, query string, want []int64) {
	t.Helper()
	hits, err := s.Search(t.Context(), query, 0)
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	var got []int64
	for _, h := range hits {
		got = append(got, h.Article.ID)
		if h.Article.Text != "" {
			t.Errorf("hit %q carries the article text", h.Article.Title)
		}
		if !strings.Contains(h.Snippet, "[") || !strings.Contains(h.Snippet, "]") {
			t.Errorf("hit %q: snippet %q marks no match", h.Article.Title, h.Snippet)
		}
	}
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Search(%q) found %v, want %v", query, got, want)
	}
}

func testSearch(t *testing.T, s store.Store) {
	c := saveCorpus(t, s)
	one, two, three := c.one.Article.ID, c.two.Article.ID, c.three.Article.ID
	tests := []struct {
		query string
		want  []int64 // as a set: ranking is checked separately
	}{
		{"APT31 ministry", []int64{one}},
		{"apt31", []int64{one, two}},
		{`"Violet Typhoon"`, []int64{one}},
		{"violet typhoon", []int64{one, three}},
		{`"typhoon violet"`, nil},
		{"CVE-2024-3400", []int64{one, three}},
		{"hxxp://bad[.]com", []int64{one}},
		{"203.0.113.7", []int64{one, two, three}},
		{`"volt typhoon" "bronze silhouette"`, []int64{two}},
		{"  utilities\t", []int64{two}},
		{"ransomware", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) { checkSearchFinds(t, s, tt.query, tt.want) })
	}

	t.Run("hit carries article", func(t *testing.T) {
		hits, err := s.Search(t.Context(), "APT31 ministry", 0)
		if err != nil || len(hits) != 1 {
			t.Fatalf("Search = %d hits, %v; want 1", len(hits), err)
		}
		h := hits[0]
		want := c.one.Article
		if h.Article.Title != want.Title || h.Article.CanonicalURL != want.CanonicalURL ||
			h.Article.Outlet != want.Outlet || !h.Article.PublishedAt.Equal(want.PublishedAt) {
			t.Errorf("hit article = %+v, want %+v", h.Article, want)
		}
		lower := strings.ToLower(h.Snippet)
		if !strings.Contains(lower, "[apt31]") && !strings.Contains(lower, "[ministry]") {
			t.Errorf("snippet %q does not wrap a matched term in [ ]", h.Snippet)
		}
	})
	t.Run("best match first", func(t *testing.T) {
		hits, err := s.Search(t.Context(), "typhoon", 0)
		if err != nil || len(hits) != 3 {
			t.Fatalf("Search = %d hits, %v; want 3", len(hits), err)
		}
		// Volt Typhoon's article names it in its title and four times in its text.
		if hits[0].Article.ID != two {
			t.Errorf("first hit %q, want %q", hits[0].Article.Title, c.title(two))
		}
	})
	t.Run("limit", func(t *testing.T) {
		hits, err := s.Search(t.Context(), "typhoon", 2)
		if err != nil || len(hits) != 2 {
			t.Errorf("Search with limit 2 = %d hits, %v; want 2", len(hits), err)
		}
	})
	t.Run("updated article", func(t *testing.T) {
		// The same raw bytes cleaned differently: the hash matches, so the
		// stored article is refreshed in place, index included.
		changed := articleThree(t)
		changed.Article.Text = strings.Replace(changed.Article.Text, "violet", "crimson", 1)
		changed.Article.Title = "Patch notes, revised"
		if res := save(t, s, changed); res != store.Unchanged {
			t.Fatalf("SaveAnalysis = %v, want unchanged", res)
		}
		for query, want := range map[string]int{"violet rollout": 0, "crimson rollout": 1, "revised": 1} {
			hits, err := s.Search(t.Context(), query, 0)
			if err != nil || len(hits) != want {
				t.Errorf("after update: Search(%q) = %d hits, %v; want %d", query, len(hits), err, want)
			}
		}
	})
}

// testSearchDiacritics pins down diacritic folding, which both backends
// share: marks on Latin letters are ignored in the text and in the query, so
// a query without accents finds an article with them and the other way
// round; letters of their own (ł, ø) are not folded into others.
func testSearchDiacritics(t *testing.T, s store.Store) {
	accented := newBuilder(t, model.Article{
		CanonicalURL: "https://example.com/ceska", Outlet: "Example News", Title: "Outage at Česká spořitelna",
		PublishedAt: date(2024, 4, 2), ContentHash: "diacritics-accented",
		Text: "Customers of Česká spořitelna lost access for a day. The Škoda plant in Mladá Boleslav " +
			"and a supplier in Łódź reported the same wiper.",
	}).a
	plain := newBuilder(t, model.Article{
		CanonicalURL: "https://example.com/ceska-plain", Outlet: "Other Wire", Title: "Ceska banking outage",
		PublishedAt: date(2024, 4, 3), ContentHash: "diacritics-plain",
		Text: "A wire report without accents: Ceska customers in Mlada Boleslav could not log in.",
	}).a
	for _, a := range []*model.Analysis{accented, plain} {
		save(t, s, a)
	}
	acc, pl := accented.Article.ID, plain.Article.ID
	tests := []struct {
		name, query string
		want        []int64
	}{
		{"plain query, accented text", "sporitelna", []int64{acc}},
		{"accented query, plain text", "Česká", []int64{acc, pl}},
		{"plain query, both", "ceska", []int64{acc, pl}},
		{"plain phrase", `"mlada boleslav"`, []int64{acc, pl}},
		{"accented phrase", `"Mladá Boleslav" Škoda`, []int64{acc}},
		{"upper case and accent", "ŠKODA", []int64{acc}},
		{"combining marks in the query", "C\u030ceska\u0301", []int64{acc, pl}},
		{"accent where the text has none", "Škóda", []int64{acc}},
		{"ł is a letter of its own", "lodz", nil},
		{"ł kept, ó folded", "łodz", []int64{acc}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkSearchFinds(t, s, tt.query, tt.want) })
	}
}

// testSearchHostileInput feeds Search what analysts paste and what full-text
// query languages treat as syntax. None of it may produce an error.
func testSearchHostileInput(t *testing.T, s store.Store) {
	saveCorpus(t, s)
	before := stats(t, s)
	inputs := []string{
		`"`, `""`, `"""`, `*`, `APT31*`, `NEAR(`, `NEAR(APT31 ministry, 5)`, `-`, `-ministry`, `'`, `''`,
		`OR`, `AND`, `NOT`, `APT31 OR`, `OR APT31`, `)`, `(`, `((((APT31`, `title:APT31`, `{title text}: x`,
		`^APT31`, `+`, `:`, `a"b"c`, `"unclosed phrase`, `\`, `\"`, `%_`, `&|!<->`, `@@`,
		`'; DROP TABLE articles; --`, "APT31\x00ministry", "\x00", "\xff\xfe", "Лазарус", "日本語の記事",
		"🐉 Typhoon", "Ünïcödé", "\u200b", strings.Repeat("APT31 ", 500), strings.Repeat(`"(`, 300),
	}
	for _, q := range inputs {
		name := q
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			if _, err := s.Search(t.Context(), q, 0); err != nil {
				t.Errorf("Search(%q): %v", q, err)
			}
		})
	}
	if got := stats(t, s); got != before {
		t.Errorf("Stats = %+v after hostile searches, want %+v", got, before)
	}
	// Operators are searched for as plain words, so AND semantics hold.
	hits, err := s.Search(t.Context(), "APT31 NEAR ministry", 0)
	if err != nil || len(hits) != 0 {
		t.Errorf(`Search("APT31 NEAR ministry") = %d hits, %v; want none (no article says "near")`, len(hits), err)
	}
}

func testListArticles(t *testing.T, s store.Store) {
	c := saveCorpus(t, s)
	one, two, three := c.one.Article.ID, c.two.Article.ID, c.three.Article.ID
	tests := []struct {
		name   string
		filter store.ArticleFilter
		want   []int64
	}{
		{"all, newest first", store.ArticleFilter{}, []int64{two, one, three}},
		{"outlet", store.ArticleFilter{Outlet: "Example News"}, []int64{one, three}},
		{"unknown outlet", store.ArticleFilter{Outlet: "Nobody"}, nil},
		{"since is inclusive", store.ArticleFilter{Since: c.one.Article.PublishedAt}, []int64{two, one}},
		{"since", store.ArticleFilter{Since: date(2024, 3, 2)}, []int64{two}},
		{"outlet and since", store.ArticleFilter{Outlet: "Example News", Since: date(2024, 2, 15)}, []int64{one}},
		{"limit", store.ArticleFilter{Limit: 2}, []int64{two, one}},
		{"offset", store.ArticleFilter{Limit: 2, Offset: 2}, []int64{three}},
		{"offset past the end", store.ArticleFilter{Offset: 5}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, err := s.ListArticles(t.Context(), tt.filter)
			if err != nil {
				t.Fatalf("ListArticles: %v", err)
			}
			var got []int64
			for _, a := range arts {
				got = append(got, a.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ListArticles(%+v) = %v, want %v", tt.filter, got, tt.want)
			}
			for _, a := range arts {
				for _, w := range []*model.Analysis{c.one, c.two, c.three} {
					if w.Article.ID == a.ID {
						diffAnalysis(t, model.Analysis{Article: a}, model.Analysis{Article: w.Article})
					}
				}
			}
		})
	}
}
