// Package storetest is the conformance suite every store.Store backend
// passes. It exercises behaviour only through the interface, so the SQLite
// and PostgreSQL backends run the very same cases:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store {
//			s, err := mybackend.Open(t.Context(), freshDatabase(t))
//			if err != nil {
//				t.Fatal(err)
//			}
//			return s
//		})
//	}
//
// Beyond store.go's doc comments, the suite pins down behaviour the
// interface leaves open, so backends agree: invalid input and dangling entity
// references are refused with store.ErrInvalid naming the field; entity
// upserts let later non-empty fields win; an indicator's Disposition is its
// most common one (and the Disposition filter matches that); re-saving an
// article keeps analysts' verdicts on its learned aliases.
package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// Run runs the suite. open must return a fresh, empty store each time it is
// called; Run closes it when the subtest ends.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s store.Store)
	}{
		{"SaveResults", testSaveResults},
		{"IDsWrittenBack", testIDsWrittenBack},
		{"RoundTrip", testRoundTrip},
		{"DerivedRowsReplaced", testDerivedRowsReplaced},
		{"Rollback", testRollback},
		{"Validation", testValidation},
		{"NotFound", testNotFound},
		{"ArticleByURL", testArticleByURL},
		{"Search", testSearch},
		{"SearchDiacritics", testSearchDiacritics},
		{"SearchHostileInput", testSearchHostileInput},
		{"ListArticles", testListArticles},
		{"ListEntities", testListEntities},
		{"CountersResave", testCountersResave},
		{"CountersReplacedByURL", testCountersReplacedByURL},
		{"CountersConcurrent", testCountersConcurrent},
		{"EntityUpsert", testEntityUpsert},
		{"ListIndicators", testListIndicators},
		{"ListClaims", testListClaims},
		{"Aliases", testAliases},
		{"Limits", testLimits},
		{"ConcurrentSaves", testConcurrentSaves},
		{"ConcurrentSameArticle", testConcurrentSameArticle},
		{"Jobs", testJobs},
		{"FetchJobs", testFetchJobs},
		{"Sources", testSources},
		{"Hosts", testHosts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.run(t, s)
		})
	}
}

func save(t *testing.T, s store.Store, a *model.Analysis) store.SaveResult {
	t.Helper()
	res, err := s.SaveAnalysis(t.Context(), a)
	if err != nil {
		t.Fatalf("SaveAnalysis(%q): %v", a.Article.Title, err)
	}
	return res
}

func stats(t *testing.T, s store.Store) store.Stats {
	t.Helper()
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st
}

func analysis(t *testing.T, s store.Store, id int64) model.Analysis {
	t.Helper()
	an, err := s.Analysis(t.Context(), id)
	if err != nil {
		t.Fatalf("Analysis(%d): %v", id, err)
	}
	return an
}

// corpus is the three fixture articles, saved.
type corpus struct {
	one, two, three *model.Analysis
}

func saveCorpus(t *testing.T, s store.Store) corpus {
	t.Helper()
	c := corpus{one: articleOne(t), two: articleTwo(t), three: articleThree(t)}
	for _, a := range []*model.Analysis{c.one, c.two, c.three} {
		if res := save(t, s, a); res != store.Created {
			t.Fatalf("SaveAnalysis(%q) = %v, want created", a.Article.Title, res)
		}
	}
	return c
}

// title names an article by ID for readable failure messages.
func (c corpus) title(id int64) string {
	for _, a := range []*model.Analysis{c.one, c.two, c.three} {
		if a.Article.ID == id {
			return a.Article.Title
		}
	}
	return "?"
}

// normalize puts an analysis in the form a backend returns: times in UTC,
// empty lists nil, entities by key and everything else by position, alias
// status defaulted. Backends may reorder, so both sides are normalized.
func normalize(a model.Analysis) model.Analysis {
	a.Article = normArticle(a.Article)
	a.Entities = slices.Clone(a.Entities)
	for i, e := range a.Entities {
		e.ExternalIDs = nilIfEmpty(e.ExternalIDs)
		e.Aliases = nilIfEmpty(e.Aliases)
		a.Entities[i] = e
	}
	slices.SortFunc(a.Entities, func(x, y model.Entity) int { return strings.Compare(x.Key, y.Key) })
	a.Entities = nilIfEmpty(a.Entities)

	a.Mentions = nilIfEmpty(slices.Clone(a.Mentions))
	slices.SortStableFunc(a.Mentions, func(x, y model.Mention) int { return bySpan(x.Span, y.Span) })
	a.Indicators = nilIfEmpty(slices.Clone(a.Indicators))
	slices.SortStableFunc(a.Indicators, func(x, y model.Indicator) int { return bySpan(x.Span, y.Span) })

	a.Claims = nilIfEmpty(slices.Clone(a.Claims))
	for i := range a.Claims {
		a.Claims[i] = normClaim(a.Claims[i])
	}
	slices.SortStableFunc(a.Claims, func(x, y model.Claim) int { return bySpan(x.Evidence, y.Evidence) })

	a.Aliases = nilIfEmpty(slices.Clone(a.Aliases))
	for i := range a.Aliases {
		a.Aliases[i].Sources = nilIfEmpty(a.Aliases[i].Sources)
		if a.Aliases[i].Status == "" {
			a.Aliases[i].Status = model.AliasLearned
		}
	}
	slices.SortStableFunc(a.Aliases, func(x, y model.Alias) int { return bySpan(x.Evidence, y.Evidence) })
	return a
}

func normArticle(a model.Article) model.Article {
	a.PublishedAt = a.PublishedAt.UTC()
	a.FetchedAt = a.FetchedAt.UTC()
	a.Removed = nilIfEmpty(a.Removed)
	return a
}

func normClaim(c model.Claim) model.Claim {
	c.TimeStart = c.TimeStart.UTC()
	c.TimeEnd = c.TimeEnd.UTC()
	c.Roles = nilIfEmpty(c.Roles)
	return c
}

func bySpan(x, y model.Span) int {
	if x.Start != y.Start {
		return x.Start - y.Start
	}
	return x.End - y.End
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// diffAnalysis reports which parts of two analyses differ, after normalizing.
func diffAnalysis(t *testing.T, got, want model.Analysis) {
	t.Helper()
	got, want = normalize(got), normalize(want)
	parts := []struct {
		name      string
		got, want any
	}{
		{"Article", got.Article, want.Article},
		{"Entities", got.Entities, want.Entities},
		{"Mentions", got.Mentions, want.Mentions},
		{"Indicators", got.Indicators, want.Indicators},
		{"Claims", got.Claims, want.Claims},
		{"Aliases", got.Aliases, want.Aliases},
	}
	for _, p := range parts {
		if !reflect.DeepEqual(p.got, p.want) {
			t.Errorf("%s differ:\n got: %+v\nwant: %+v", p.name, p.got, p.want)
		}
	}
}

// idsOf returns a's IDs, each kind in order; used to see nothing was written back.
func idsOf(a *model.Analysis) []int64 {
	ids := []int64{a.Article.ID}
	for _, m := range a.Mentions {
		ids = append(ids, m.ID, m.ArticleID)
	}
	for _, i := range a.Indicators {
		ids = append(ids, i.ID, i.ArticleID)
	}
	for _, c := range a.Claims {
		ids = append(ids, c.ID, c.ArticleID)
	}
	for _, al := range a.Aliases {
		ids = append(ids, al.ID, al.ArticleID)
	}
	return ids
}

func allZero(ids []int64) bool {
	return !slices.ContainsFunc(ids, func(id int64) bool { return id != 0 })
}

// errorIs checks err against want, and that its message names field.
func errorIs(t *testing.T, err, want error, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", want)
	}
	if want != nil && !errors.Is(err, want) {
		t.Errorf("error %q is not %v", err, want)
	}
	if field != "" && !strings.Contains(err.Error(), field) {
		t.Errorf("error %q does not name %s", err, field)
	}
}

func canceled(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
