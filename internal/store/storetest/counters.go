package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// noteEntities are the entities noteArticle can name, by surface form.
var noteEntities = map[string]model.Entity{
	"APT31":         entity(keyAPT31, model.KindThreatActor, "APT31"),
	"Volt Typhoon":  entity(keyVolt, model.KindThreatActor, "Volt Typhoon"),
	"RAWDOOR":       entity(keyRawdoor, model.KindMalware, "RAWDOOR"),
	"CVE-2024-3400": entity(keyCVE, model.KindVulnerability, "CVE-2024-3400"),
}

// noteArticle is a short article under canonical (may be empty) and hash,
// with one mention per name (names may repeat). Its text depends only on
// hash and names, so equal hashes mean equal texts.
func noteArticle(t testing.TB, canonical, hash string, published time.Time, names ...string) *model.Analysis {
	b := newBuilder(t, model.Article{
		CanonicalURL: canonical, Outlet: "Notes", Title: "Note " + hash, PublishedAt: published,
		ContentHash: hash, Text: fmt.Sprintf("Note %s: %s.", hash, strings.Join(names, ", ")),
	})
	seen := map[string]bool{}
	for _, n := range names {
		e, ok := noteEntities[n]
		if !ok {
			t.Fatalf("fixture: no entity for %q", n)
		}
		if !seen[n] {
			seen[n] = true
			b.entities(e)
		}
		b.mention(e.Key, e.Kind, n)
	}
	return b.a
}

// PopulateForCounters saves a small store whose entity counters have been
// through creations, re-saves with other mentions and dates, and an article
// replaced by canonical URL, for backends' own tests (a migration backfill)
// to check with CheckEntityCounts.
func PopulateForCounters(t *testing.T, s store.Store) {
	t.Helper()
	saveCorpus(t, s)
	two := articleTwo(t)
	two.Mentions = two.Mentions[2:3] // APT31 only
	two.Article.PublishedAt = date(2023, 1, 1)
	save(t, s, two)
	save(t, s, noteArticle(t, "https://notes.example/1", "n1", date(2024, 6, 1), "APT31", "RAWDOOR"))
	save(t, s, noteArticle(t, "https://notes.example/1", "n1b", date(2024, 4, 1), "Volt Typhoon"))
	save(t, s, noteArticle(t, "", "n2", time.Time{}, "RAWDOOR", "RAWDOOR"))
}

// CheckEntityCounts recounts every entity's mentions, articles and last
// seen date from the stored analyses and compares ListEntities with the
// recount: every entity listed once, with its counts, in the documented
// order, with and without a kind filter.
func CheckEntityCounts(t *testing.T, s store.Store) {
	t.Helper()
	ctx := t.Context()
	type count struct {
		mentions, articles int
		last               time.Time
	}
	want := map[string]count{}
	for offset := 0; ; offset += store.MaxLimit {
		page, err := s.ListArticles(ctx, store.ArticleFilter{Limit: store.MaxLimit, Offset: offset})
		if err != nil {
			t.Fatalf("ListArticles: %v", err)
		}
		for _, art := range page {
			an, err := s.Analysis(ctx, art.ID)
			if err != nil {
				t.Fatalf("Analysis(%d): %v", art.ID, err)
			}
			named := map[string]bool{}
			for _, m := range an.Mentions {
				if m.EntityKey == "" {
					continue
				}
				c := want[m.EntityKey]
				c.mentions++
				if !named[m.EntityKey] {
					named[m.EntityKey] = true
					c.articles++
					if an.Article.PublishedAt.After(c.last) {
						c.last = an.Article.PublishedAt
					}
				}
				want[m.EntityKey] = c
			}
		}
		if len(page) < store.MaxLimit {
			break
		}
	}
	list, err := s.ListEntities(ctx, store.EntityFilter{Limit: store.MaxLimit})
	if err != nil {
		t.Fatalf("ListEntities: %v", err)
	}
	if n := stats(t, s).Entities; len(list) != n {
		t.Errorf("ListEntities listed %d entities, Stats counts %d", len(list), n)
	}
	for _, e := range list {
		w := want[e.Entity.Key]
		if e.Mentions != w.mentions || e.Articles != w.articles || !e.LastSeen.Equal(w.last) {
			t.Errorf("ListEntities: %s has %d mentions in %d articles, last seen %v; a recount gives %d in %d, last seen %v",
				e.Entity.Key, e.Mentions, e.Articles, e.LastSeen, w.mentions, w.articles, w.last)
		}
		delete(want, e.Entity.Key)
	}
	for key := range want {
		t.Errorf("ListEntities: %s is mentioned but not listed", key)
	}
	byRank := func(x, y store.EntitySummary) int {
		return cmp.Or(cmp.Compare(y.Articles, x.Articles), strings.Compare(x.Entity.Name, y.Entity.Name),
			strings.Compare(x.Entity.Key, y.Entity.Key))
	}
	if !slices.IsSortedFunc(list, byRank) {
		t.Errorf("ListEntities is not ordered by articles, name and key: %v", entityKeys(list))
	}
	kinds := map[model.EntityKind][]string{}
	for _, e := range list {
		kinds[e.Entity.Kind] = append(kinds[e.Entity.Kind], e.Entity.Key)
	}
	for kind, keys := range kinds {
		got, err := s.ListEntities(ctx, store.EntityFilter{Kind: kind, Limit: store.MaxLimit})
		if err != nil {
			t.Fatalf("ListEntities(%s): %v", kind, err)
		}
		if !slices.Equal(entityKeys(got), keys) {
			t.Errorf("ListEntities(%s) = %v, want %v", kind, entityKeys(got), keys)
		}
	}
}

func entityKeys(list []store.EntitySummary) []string {
	var keys []string
	for _, e := range list {
		keys = append(keys, e.Entity.Key)
	}
	return keys
}

// entityCounts returns one entity's listed counts.
func entityCounts(t *testing.T, s store.Store, key string) (mentions, articles int, last time.Time) {
	t.Helper()
	list, err := s.ListEntities(t.Context(), store.EntityFilter{Limit: store.MaxLimit})
	if err != nil {
		t.Fatalf("ListEntities: %v", err)
	}
	for _, e := range list {
		if e.Entity.Key == key {
			return e.Mentions, e.Articles, e.LastSeen
		}
	}
	t.Fatalf("ListEntities does not list %s", key)
	return
}

func wantCounts(t *testing.T, s store.Store, key string, mentions, articles int, last time.Time) {
	t.Helper()
	m, a, l := entityCounts(t, s, key)
	if m != mentions || a != articles || !l.Equal(last) {
		t.Errorf("%s: %d mentions in %d articles, last seen %v; want %d in %d, last seen %v",
			key, m, a, l, mentions, articles, last)
	}
}

// testCountersResave re-saves stored articles with other mentions and
// publication dates: the counters follow, last seen falling back when the
// latest article moves back or stops naming the entity.
func testCountersResave(t *testing.T, s store.Store) {
	saveCorpus(t, s)
	CheckEntityCounts(t, s)

	// Article two (the latest) keeps one APT31 mention, drops Volt Typhoon
	// and moves back before every other article.
	two := articleTwo(t)
	two.Mentions = two.Mentions[2:3]
	two.Article.PublishedAt = date(2023, 1, 1)
	if res := save(t, s, two); res != store.Unchanged {
		t.Fatalf("re-save = %v, want unchanged", res)
	}
	wantCounts(t, s, keyVolt, 0, 0, time.Time{})
	wantCounts(t, s, keyAPT31, 4, 2, publishedOne)
	CheckEntityCounts(t, s)

	// Back as it was.
	save(t, s, articleTwo(t))
	wantCounts(t, s, keyVolt, 3, 1, publishedTwo)
	wantCounts(t, s, keyAPT31, 4, 2, publishedTwo)
	CheckEntityCounts(t, s)

	// Article one loses its date, then is saved the same way twice.
	one := articleOne(t)
	one.Article.PublishedAt = time.Time{}
	save(t, s, one)
	wantCounts(t, s, keyRawdoor, 1, 1, time.Time{})
	wantCounts(t, s, keyCVE, 2, 2, publishedThree)
	for range 2 {
		save(t, s, articleOne(t))
		CheckEntityCounts(t, s)
	}
	wantCounts(t, s, keyCVE, 2, 2, publishedOne)

	// Article one without its APT31 mentions; a later date elsewhere.
	one = articleOne(t)
	one.Mentions = slices.DeleteFunc(one.Mentions, func(m model.Mention) bool { return m.EntityKey == keyAPT31 })
	one.Article.PublishedAt = date(2025, 1, 1)
	save(t, s, one)
	wantCounts(t, s, keyAPT31, 1, 1, publishedTwo)
	wantCounts(t, s, keyRawdoor, 1, 1, date(2025, 1, 1))
	CheckEntityCounts(t, s)
}

// testCountersReplacedByURL replaces an article found by canonical URL
// (new content, other mentions) and one found by content hash.
func testCountersReplacedByURL(t *testing.T, s store.Store) {
	const url = "https://notes.example/replaced"
	save(t, s, noteArticle(t, url, "r1", date(2024, 6, 1), "APT31", "APT31", "RAWDOOR"))
	save(t, s, noteArticle(t, "", "r2", date(2024, 5, 1), "APT31", "CVE-2024-3400"))
	wantCounts(t, s, keyAPT31, 3, 2, date(2024, 6, 1))
	CheckEntityCounts(t, s)

	if res := save(t, s, noteArticle(t, url, "r1b", date(2024, 4, 1), "Volt Typhoon", "APT31")); res != store.Updated {
		t.Fatalf("replacement by canonical URL = %v, want updated", res)
	}
	wantCounts(t, s, keyAPT31, 2, 2, date(2024, 5, 1))
	wantCounts(t, s, keyRawdoor, 0, 0, time.Time{})
	wantCounts(t, s, keyVolt, 1, 1, date(2024, 4, 1))
	CheckEntityCounts(t, s)

	// The same text (found by hash), analysed again with fewer mentions.
	r2 := noteArticle(t, "", "r2", date(2024, 5, 1), "APT31", "CVE-2024-3400")
	r2.Mentions = r2.Mentions[1:]
	if res := save(t, s, r2); res != store.Unchanged {
		t.Fatalf("re-save by hash = %v, want unchanged", res)
	}
	wantCounts(t, s, keyAPT31, 1, 1, date(2024, 4, 1))
	wantCounts(t, s, keyCVE, 1, 1, date(2024, 5, 1))
	CheckEntityCounts(t, s)
}

// testCountersConcurrent saves and replaces different articles naming the
// same entities from several goroutines; the counters must match a recount.
func testCountersConcurrent(t *testing.T, s store.Store) {
	const writers, perWriter = 6, 4
	url := func(w, i int) string { return fmt.Sprintf("https://notes.example/%d/%d", w, i) }
	for w := range writers {
		for i := range perWriter {
			save(t, s, noteArticle(t, url(w, i), fmt.Sprintf("c%d-%d", w, i),
				date(2024, 1, 1).AddDate(0, 0, w*perWriter+i), "APT31", "Volt Typhoon", "APT31"))
		}
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				// A new article, later than every stored one.
				a := noteArticle(t, url(w, perWriter+i), fmt.Sprintf("c%d-%d", w, perWriter+i),
					date(2024, 6, 1).AddDate(0, 0, w*perWriter+i), "Volt Typhoon", "APT31")
				if _, err := s.SaveAnalysis(t.Context(), a); err != nil {
					t.Errorf("SaveAnalysis(new %d/%d): %v", w, i, err)
				}
				// A stored article replaced: moved back, undated, or without APT31.
				names := []string{"APT31", "RAWDOOR"}
				published := date(2023, 1, 1).AddDate(0, 0, i)
				switch i % 3 {
				case 1:
					published = time.Time{}
				case 2:
					names = []string{"Volt Typhoon", "Volt Typhoon"}
				}
				r := noteArticle(t, url(w, i), fmt.Sprintf("c%d-%d-b", w, i), published, names...)
				if _, err := s.SaveAnalysis(t.Context(), r); err != nil {
					t.Errorf("SaveAnalysis(replacement %d/%d): %v", w, i, err)
				}
			}
		})
	}
	wg.Wait()
	CheckEntityCounts(t, s)
}
