package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// testSaveResults walks one store through the ways an article can come back.
func testSaveResults(t *testing.T, s store.Store) {
	changedOne := articleOne(t)
	changedOne.Article.Text += " Update: the ministry confirmed the breach."
	changedOne.Article.ContentHash = "hash-one-v2"

	threeElsewhere := articleThree(t)
	threeElsewhere.Article.URL = "https://mirror.example/patch"

	threeCanonical := articleThree(t)
	threeCanonical.Article.CanonicalURL = "https://vendor.example/patch"

	threeCanonicalChanged := articleThree(t)
	threeCanonicalChanged.Article.CanonicalURL = threeCanonical.Article.CanonicalURL
	threeCanonicalChanged.Article.Text += " Revised."
	threeCanonicalChanged.Article.ContentHash = "hash-three-v2"

	canonicalOne, canonicalThree := articleOne(t).Article.CanonicalURL, threeCanonical.Article.CanonicalURL
	steps := []struct {
		name      string
		analysis  *model.Analysis
		want      store.SaveResult
		sameAs    int    // step whose article this one must update; -1 for a new article
		canonical string // the stored article's canonical URL afterwards
	}{
		{"new article", articleOne(t), store.Created, -1, canonicalOne},
		{"same analysis again", articleOne(t), store.Unchanged, 0, canonicalOne},
		{"same canonical URL, new content", changedOne, store.Updated, 0, canonicalOne},
		{"same canonical URL, content as before", articleOne(t), store.Updated, 0, canonicalOne},
		{"article without canonical URL", articleThree(t), store.Created, -1, ""},
		{"same hash from another URL", threeElsewhere, store.Unchanged, 4, ""},
		{"same hash under a canonical URL", threeCanonical, store.Unchanged, 4, canonicalThree},
		{"same hash without it keeps it", articleThree(t), store.Unchanged, 4, canonicalThree},
		{"that canonical URL, new content", threeCanonicalChanged, store.Updated, 4, canonicalThree},
		{"another article", articleTwo(t), store.Created, -1, articleTwo(t).Article.CanonicalURL},
	}
	ids := make([]int64, len(steps))
	prev := stats(t, s)
	for i, step := range steps {
		res, err := s.SaveAnalysis(t.Context(), step.analysis)
		if err != nil {
			t.Fatalf("step %q: SaveAnalysis: %v", step.name, err)
		}
		if res != step.want {
			t.Errorf("step %q: SaveAnalysis = %v, want %v", step.name, res, step.want)
		}
		ids[i] = step.analysis.Article.ID
		if step.sameAs >= 0 && ids[i] != ids[step.sameAs] {
			t.Errorf("step %q: article ID %d, want %d (that of step %q)", step.name, ids[i], ids[step.sameAs], steps[step.sameAs].name)
		}
		if step.sameAs < 0 && (ids[i] == 0 || slices.Contains(ids[:i], ids[i])) {
			t.Errorf("step %q: article ID %d, want a new one", step.name, ids[i])
		}

		// Every fixture variant carries the same derived rows, so only a
		// created article may change the counts.
		now := stats(t, s)
		if step.want == store.Created {
			if now.Articles != prev.Articles+1 {
				t.Errorf("step %q: %d articles, want %d", step.name, now.Articles, prev.Articles+1)
			}
		} else if now != prev {
			t.Errorf("step %q: Stats = %+v, want %+v", step.name, now, prev)
		}
		prev = now

		got, err := s.Article(t.Context(), ids[i])
		if err != nil {
			t.Fatalf("step %q: Article: %v", step.name, err)
		}
		if got.Text != step.analysis.Article.Text || got.ContentHash != step.analysis.Article.ContentHash ||
			got.CanonicalURL != step.canonical || got.URL != step.analysis.Article.URL {
			t.Errorf("step %q: stored article %q (%s, %q) is not the one saved", step.name, got.Text, got.ContentHash, got.CanonicalURL)
		}
	}
}

func testIDsWrittenBack(t *testing.T, s store.Store) {
	a := articleOne(t)
	save(t, s, a)
	id := a.Article.ID
	if id == 0 {
		t.Fatal("article ID not written back")
	}
	type row struct {
		kind          string
		id, articleID int64
	}
	var rows []row
	for _, m := range a.Mentions {
		rows = append(rows, row{"mention", m.ID, m.ArticleID})
	}
	for _, i := range a.Indicators {
		rows = append(rows, row{"indicator", i.ID, i.ArticleID})
	}
	for _, c := range a.Claims {
		rows = append(rows, row{"claim", c.ID, c.ArticleID})
	}
	for _, al := range a.Aliases {
		rows = append(rows, row{"alias", al.ID, al.ArticleID})
	}
	seen := map[row]bool{}
	for _, r := range rows {
		if r.id == 0 || r.articleID != id {
			t.Errorf("%s: ID %d, article ID %d; want an ID and article %d", r.kind, r.id, r.articleID, id)
		}
		key := row{kind: r.kind, id: r.id}
		if seen[key] {
			t.Errorf("%s ID %d given twice", r.kind, r.id)
		}
		seen[key] = true
	}
	// The stored rows carry the IDs written back.
	diffAnalysis(t, analysis(t, s, id), *a)

	// Saving again replaces the rows; the new IDs are written back too.
	again := articleOne(t)
	save(t, s, again)
	if again.Article.ID != id {
		t.Errorf("re-saved article ID %d, want %d", again.Article.ID, id)
	}
	diffAnalysis(t, analysis(t, s, id), *again)
}

func testRoundTrip(t *testing.T, s store.Store) {
	c := saveCorpus(t, s)
	for _, a := range []*model.Analysis{c.one, c.two, c.three} {
		t.Run(a.Article.Title, func(t *testing.T) {
			got := analysis(t, s, a.Article.ID)
			// Article two names APT31 bare; the stored entity keeps what
			// article one said about it.
			want := *a
			want.Entities = slices.Clone(a.Entities)
			for i, e := range want.Entities {
				if e.Key == keyAPT31 {
					want.Entities[i] = c.one.Entities[0]
				}
			}
			diffAnalysis(t, got, want)
			if !got.Article.PublishedAt.Equal(a.Article.PublishedAt) {
				t.Errorf("PublishedAt %v, want %v", got.Article.PublishedAt, a.Article.PublishedAt)
			}
			art, err := s.Article(t.Context(), a.Article.ID)
			if err != nil {
				t.Fatalf("Article: %v", err)
			}
			diffAnalysis(t, model.Analysis{Article: art}, model.Analysis{Article: a.Article})
		})
	}
}

func testDerivedRowsReplaced(t *testing.T, s store.Store) {
	full := articleOne(t)
	save(t, s, full)
	before := stats(t, s)

	slim := articleOne(t)
	slim.Article.ContentHash = "hash-one-slim"
	slim.Mentions = slim.Mentions[:1]
	slim.Indicators = slim.Indicators[1:2]
	slim.Claims = nil
	slim.Aliases = nil
	if res := save(t, s, slim); res != store.Updated {
		t.Errorf("SaveAnalysis(slim) = %v, want updated", res)
	}
	got := stats(t, s)
	want := store.Stats{Articles: 1, Entities: before.Entities, Mentions: 1, Indicators: 1}
	if got != want {
		t.Errorf("after slim save: Stats = %+v, want %+v", got, want)
	}
	an := analysis(t, s, full.Article.ID)
	if len(an.Mentions) != 1 || an.Mentions[0].ID != slim.Mentions[0].ID ||
		len(an.Indicators) != 1 || an.Indicators[0].Value != "bad.com" || len(an.Claims) != 0 || len(an.Aliases) != 0 {
		t.Errorf("after slim save: Analysis = %+v", an)
	}

	// The full version again brings every row back, once.
	for range 2 {
		save(t, s, articleOne(t))
		if got := stats(t, s); got != before {
			t.Errorf("after full save: Stats = %+v, want %+v", got, before)
		}
	}
}

// testRollback checks a failing save changes nothing: not the stored
// article, not its rows, not the entities it would have updated, not the
// analysis passed in.
func testRollback(t *testing.T, s store.Store) {
	c := saveCorpus(t, s)
	before := stats(t, s)
	stored := analysis(t, s, c.one.Article.ID)

	tests := []struct {
		name   string
		breaks func(a *model.Analysis)
		want   error // nil: any error
		field  string
		cancel bool
	}{
		{"invalid span in third claim", func(a *model.Analysis) {
			a.Claims[2].Evidence = model.Span{Start: 10, End: len(a.Article.Text) + 10}
		}, store.ErrInvalid, "Claims[2]", false},
		{"inverted span in third claim", func(a *model.Analysis) {
			a.Claims[2].Evidence = model.Span{Start: 30, End: 20}
		}, store.ErrInvalid, "Claims[2]", false},
		{"unknown entity in last mention", func(a *model.Analysis) {
			a.Mentions[len(a.Mentions)-1].EntityKey = "threat-actor:nobody"
		}, store.ErrInvalid, "Mentions[6]", false},
		{"unknown entity in a claim role", func(a *model.Analysis) {
			a.Claims[3].Roles[1].EntityKey = "country:nowhere"
		}, store.ErrInvalid, "Claims[3].Roles[1]", false},
		{"content hash of another article", func(a *model.Analysis) {
			a.Article.ContentHash = c.three.Article.ContentHash
		}, store.ErrConflict, "", false},
		{"canceled context", func(*model.Analysis) {}, nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := articleOne(t)
			a.Article.Text += " Later: more victims."
			a.Article.Title = "Changed title"
			a.Article.ContentHash = "hash-one-v2"
			a.Entities[0].Name = "Renamed APT31"
			tt.breaks(a)
			ctx := t.Context()
			if tt.cancel {
				ctx = canceled(t)
			}
			_, err := s.SaveAnalysis(ctx, a)
			errorIs(t, err, tt.want, tt.field)
			if !allZero(idsOf(a)) {
				t.Errorf("IDs written into a failed save's analysis: %v", idsOf(a))
			}
			if got := stats(t, s); got != before {
				t.Errorf("Stats = %+v, want %+v", got, before)
			}
			diffAnalysis(t, analysis(t, s, c.one.Article.ID), stored)
			e, err := s.Entity(t.Context(), keyAPT31)
			if err != nil || e.Name != "APT31" {
				t.Errorf("Entity(%s) = %q, %v; want the name before the failed save", keyAPT31, e.Name, err)
			}
			hits, err := s.Search(t.Context(), "victims", 0)
			if err != nil || len(hits) != 0 {
				t.Errorf("Search(victims) = %d hits, %v; want none", len(hits), err)
			}
		})
	}
}

func testValidation(t *testing.T, s store.Store) {
	tests := []struct {
		name   string
		breaks func(a *model.Analysis)
		field  string
	}{
		{"empty text", func(a *model.Analysis) { a.Article.Text = "" }, "Article.Text"},
		{"empty content hash", func(a *model.Analysis) { a.Article.ContentHash = "" }, "Article.ContentHash"},
		{"mention without text", func(a *model.Analysis) { a.Mentions[3].Text = "" }, "Mentions[3]"},
		{"mention span past text", func(a *model.Analysis) { a.Mentions[1].Span.End = len(a.Article.Text) + 1 }, "Mentions[1]"},
		{"mention span negative", func(a *model.Analysis) { a.Mentions[0].Span.Start = -4 }, "Mentions[0]"},
		{"indicator without type", func(a *model.Analysis) { a.Indicators[2].Type = "" }, "Indicators[2]"},
		{"indicator span inverted", func(a *model.Analysis) { a.Indicators[0].Span = model.Span{Start: 9, End: 3} }, "Indicators[0]"},
		{"claim without type", func(a *model.Analysis) { a.Claims[1].Type = "" }, "Claims[1]"},
		{"role span past text", func(a *model.Analysis) { a.Claims[0].Roles[1].Span.End = 1 << 20 }, "Claims[0].Roles[1]"},
		{"alias evidence past text", func(a *model.Analysis) { a.Aliases[0].Evidence.End = 1 << 20 }, "Aliases[0]"},
		{"entity without key", func(a *model.Analysis) { a.Entities[2].Key = "" }, "Entities[2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := articleOne(t)
			tt.breaks(a)
			_, err := s.SaveAnalysis(t.Context(), a)
			errorIs(t, err, store.ErrInvalid, tt.field)
			if got := stats(t, s); got != (store.Stats{}) {
				t.Errorf("Stats = %+v after an invalid save, want empty", got)
			}
			if !allZero(idsOf(a)) {
				t.Errorf("IDs written into an invalid analysis: %v", idsOf(a))
			}
		})
	}
	if _, err := s.SaveAnalysis(t.Context(), nil); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("SaveAnalysis(nil) = %v, want ErrInvalid", err)
	}
}

func testArticleByURL(t *testing.T, s store.Store) {
	c := saveCorpus(t, s)
	for _, want := range []model.Article{c.one.Article, c.two.Article, c.three.Article} {
		if want.CanonicalURL == "" {
			continue
		}
		got, err := s.ArticleByURL(t.Context(), want.CanonicalURL)
		if err != nil {
			t.Fatalf("ArticleByURL(%q): %v", want.CanonicalURL, err)
		}
		if got.ID != want.ID || got.Text != want.Text {
			t.Errorf("ArticleByURL(%q) = article %d (%d bytes), want %d (%d bytes)", want.CanonicalURL, got.ID, len(got.Text), want.ID, len(want.Text))
		}
	}
}

func testNotFound(t *testing.T, s store.Store) {
	c := saveCorpus(t, s)
	missing := c.one.Article.ID + c.two.Article.ID + c.three.Article.ID + 1000
	tests := []struct {
		name string
		call func() error
	}{
		{"Article", func() error { _, err := s.Article(t.Context(), missing); return err }},
		{"Analysis", func() error { _, err := s.Analysis(t.Context(), missing); return err }},
		{"ArticleByURL", func() error { _, err := s.ArticleByURL(t.Context(), "https://nowhere.example/x"); return err }},
		{"Entity", func() error { _, err := s.Entity(t.Context(), "threat-actor:nobody"); return err }},
		{"SetAliasStatus", func() error {
			return s.SetAliasStatus(t.Context(), c.two.Aliases[1].ID+1000, model.AliasConfirmed)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s = %v, want ErrNotFound", tt.name, err)
			}
		})
	}
}
