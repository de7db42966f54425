package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// testSources runs the source and revision cases against one store, in
// order: each adds the sources it needs under its own URLs.
func testSources(t *testing.T, s store.Store) {
	cases := []struct {
		name string
		run  func(t *testing.T, s store.Store)
	}{
		{"AddListRemove", testSourceLifecycle},
		{"Validation", testSourceValidation},
		{"FetchState", testSourceFetchState},
		{"Due", testSourceDue},
		{"Items", testSourceItems},
		{"Revisions", testRevisions},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, s) })
	}
}

func addSource(t *testing.T, s store.Store, src model.Source) store.Source {
	t.Helper()
	got, err := s.AddSource(t.Context(), src)
	if err != nil {
		t.Fatalf("AddSource(%q): %v", src.URL, err)
	}
	return got
}

func testSourceLifecycle(t *testing.T, s store.Store) {
	ctx := t.Context()
	created := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	feed := addSource(t, s, model.Source{Name: "Crime Wire", URL: "https://crime-wire.example/feed.xml",
		Kind: model.SourceFeed, Interval: 30 * time.Minute, CreatedAt: created})
	page := addSource(t, s, model.Source{URL: "https://intel.example/report.pdf", Kind: model.SourcePage})
	if feed.ID == 0 || page.ID == 0 || feed.ID == page.ID {
		t.Fatalf("IDs %d and %d: want distinct non-zero", feed.ID, page.ID)
	}
	if feed.Name != "Crime Wire" || feed.Kind != model.SourceFeed || feed.Interval != 30*time.Minute ||
		!feed.CreatedAt.Equal(created) || feed.CreatedAt.Location() != time.UTC {
		t.Errorf("AddSource returned %+v", feed)
	}
	if page.CreatedAt.IsZero() {
		t.Error("CreatedAt left zero: want now")
	}
	if !feed.LastFetchedAt.IsZero() || !feed.NextFetchAt.IsZero() || feed.Failures != 0 || feed.Items != 0 {
		t.Errorf("new source has fetch state %+v", feed)
	}

	_, err := s.AddSource(ctx, model.Source{URL: feed.URL, Kind: model.SourceFeed})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("adding %q twice: err = %v, want ErrConflict", feed.URL, err)
	}

	got, err := s.SourceByURL(ctx, page.URL)
	if err != nil || got.ID != page.ID || got.Kind != model.SourcePage {
		t.Errorf("SourceByURL(%q) = %+v, %v", page.URL, got, err)
	}
	if _, err := s.SourceByURL(ctx, "https://nowhere.example/"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SourceByURL(unknown): err = %v, want ErrNotFound", err)
	}
	got, err = s.Source(ctx, feed.ID)
	if err != nil || got.ID != feed.ID || got.URL != feed.URL || got.Name != "Crime Wire" || got.Interval != 30*time.Minute {
		t.Errorf("Source(%d) = %+v, %v", feed.ID, got, err)
	}

	list, err := s.ListSources(ctx, store.SourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if ids := sourceIDs(list); !containsInOrder(ids, feed.ID, page.ID) {
		t.Errorf("ListSources IDs %v: want %d before %d", ids, feed.ID, page.ID)
	}

	if err := s.RemoveSource(ctx, page.ID); err != nil {
		t.Fatalf("RemoveSource: %v", err)
	}
	if _, err := s.SourceByURL(ctx, page.URL); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after RemoveSource: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Source(ctx, page.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Source(%d) after RemoveSource: err = %v, want ErrNotFound", page.ID, err)
	}
	if err := s.RemoveSource(ctx, page.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemoveSource twice: err = %v, want ErrNotFound", err)
	}
	// The URL is free again once removed.
	addSource(t, s, model.Source{URL: page.URL, Kind: model.SourcePage})
}

func sourceIDs(list []store.Source) []int64 {
	ids := make([]int64, len(list))
	for i, src := range list {
		ids[i] = src.ID
	}
	return ids
}

// containsInOrder reports whether ids holds want, in that order.
func containsInOrder(ids []int64, want ...int64) bool {
	i := 0
	for _, id := range ids {
		if i < len(want) && id == want[i] {
			i++
		}
	}
	return i == len(want)
}

func testSourceValidation(t *testing.T, s store.Store) {
	bad := []model.Source{
		{URL: "https://a.example/feed", Kind: "podcast"},
		{URL: "", Kind: model.SourceFeed},
		{URL: " https://a.example/feed", Kind: model.SourceFeed},
		{URL: "ftp://a.example/feed", Kind: model.SourceFeed},
		{URL: "/var/feeds/a.xml", Kind: model.SourcePage},
		{URL: "https://a.example/feed", Kind: model.SourceFeed, Interval: -time.Minute},
	}
	for _, src := range bad {
		if _, err := s.AddSource(t.Context(), src); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("AddSource(%+v): err = %v, want ErrInvalid", src, err)
		}
	}
	file := addSource(t, s, model.Source{URL: "/var/reports/annual.pdf", Kind: model.SourceFile})
	if file.Kind != model.SourceFile {
		t.Errorf("file source kind %q", file.Kind)
	}
	if err := s.UpdateSourceFetch(t.Context(), file.ID, store.SourceFetch{}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("UpdateSourceFetch without FetchedAt: err = %v, want ErrInvalid", err)
	}
	if _, err := s.ListSources(t.Context(), store.SourceFilter{Limit: -1}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("ListSources(Limit -1): err = %v, want ErrInvalid", err)
	}
}

func testSourceFetchState(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := addSource(t, s, model.Source{URL: "https://state.example/rss", Kind: model.SourceFeed})
	fetched := time.Date(2024, 6, 2, 10, 0, 0, 0, time.UTC)
	ok := store.SourceFetch{FetchedAt: fetched, ETag: `W/"abc"`, LastModified: "Sun, 02 Jun 2024 09:00:00 GMT",
		NextFetchAt: fetched.Add(time.Hour)}
	if err := s.UpdateSourceFetch(ctx, src.ID, ok); err != nil {
		t.Fatal(err)
	}
	got, err := s.SourceByURL(ctx, src.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !got.LastFetchedAt.Equal(fetched) || got.ETag != ok.ETag || got.LastModified != ok.LastModified ||
		got.LastError != "" || got.Failures != 0 || !got.NextFetchAt.Equal(ok.NextFetchAt) {
		t.Errorf("after a success: %+v", got)
	}

	failed := store.SourceFetch{FetchedAt: fetched.Add(time.Hour), ETag: ok.ETag, LastModified: ok.LastModified,
		Error: "HTTP 500 Internal Server Error", Failures: 3, NextFetchAt: fetched.Add(3 * time.Hour)}
	if err := s.UpdateSourceFetch(ctx, src.ID, failed); err != nil {
		t.Fatal(err)
	}
	got, _ = s.SourceByURL(ctx, src.URL)
	if got.LastError != failed.Error || got.Failures != 3 || !got.NextFetchAt.Equal(failed.NextFetchAt) {
		t.Errorf("after a failure: %+v", got)
	}

	// Every field is replaced, so a success clears the error.
	if err := s.UpdateSourceFetch(ctx, src.ID, store.SourceFetch{FetchedAt: fetched.Add(4 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.SourceByURL(ctx, src.URL)
	if got.LastError != "" || got.Failures != 0 || got.ETag != "" || !got.NextFetchAt.IsZero() {
		t.Errorf("after a plain success: %+v", got)
	}

	if err := s.UpdateSourceFetch(ctx, 1<<40, ok); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateSourceFetch(unknown): err = %v, want ErrNotFound", err)
	}
}

func testSourceDue(t *testing.T, s store.Store) {
	ctx := t.Context()
	now := time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)
	never := addSource(t, s, model.Source{URL: "https://due.example/never", Kind: model.SourceFeed})
	past := addSource(t, s, model.Source{URL: "https://due.example/past", Kind: model.SourceFeed})
	exact := addSource(t, s, model.Source{URL: "https://due.example/exact", Kind: model.SourceFeed})
	future := addSource(t, s, model.Source{URL: "https://due.example/future", Kind: model.SourceFeed})
	for _, u := range []struct {
		id   int64
		next time.Time
	}{{past.ID, now.Add(-time.Minute)}, {exact.ID, now}, {future.ID, now.Add(time.Second)}} {
		if err := s.UpdateSourceFetch(ctx, u.id, store.SourceFetch{FetchedAt: now.Add(-time.Hour), NextFetchAt: u.next}); err != nil {
			t.Fatal(err)
		}
	}
	due, err := s.ListSources(ctx, store.SourceFilter{DueBy: now, Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]bool{}
	for _, src := range due {
		got[src.ID] = true
	}
	for _, want := range []store.Source{never, past, exact} {
		if !got[want.ID] {
			t.Errorf("%s not listed as due", want.URL)
		}
	}
	if got[future.ID] {
		t.Errorf("%s listed as due before its time", future.URL)
	}
	limited, err := s.ListSources(ctx, store.SourceFilter{DueBy: now, Limit: 1})
	if err != nil || len(limited) != 1 {
		t.Errorf("ListSources(Limit 1) = %d sources, %v", len(limited), err)
	}
}

func testSourceItems(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := addSource(t, s, model.Source{URL: "https://items.example/feed", Kind: model.SourceFeed})
	for i, text := range []string{"First item text about a phishing wave.", "Second item text about a botnet."} {
		a := &model.Analysis{Article: model.Article{
			SourceID: src.ID, Title: text, Text: text, ContentHash: hashOf(text),
			CanonicalURL: "https://items.example/" + string(rune('a'+i)),
		}}
		save(t, s, a)
	}
	got, err := s.SourceByURL(ctx, src.URL)
	if err != nil || got.Items != 2 {
		t.Fatalf("Items = %d, %v; want 2", got.Items, err)
	}
	stored, err := s.ArticleByURL(ctx, "https://items.example/a")
	if err != nil || stored.SourceID != src.ID {
		t.Fatalf("article source %d, %v; want %d", stored.SourceID, err, src.ID)
	}
	if err := s.RemoveSource(ctx, src.ID); err != nil {
		t.Fatal(err)
	}
	kept, err := s.ArticleByURL(ctx, "https://items.example/a")
	if err != nil {
		t.Fatalf("article removed with its source: %v", err)
	}
	if kept.SourceID != 0 {
		t.Errorf("article still linked to removed source %d", kept.SourceID)
	}
}

func hashOf(s string) string {
	const hexDigits = "0123456789abcdef"
	// A distinct 64-digit hex string per text is all the store needs.
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	out := make([]byte, 64)
	for i := range out {
		out[i] = hexDigits[(h>>(uint(i%16)*4))&0xf]
	}
	return string(out)
}

func testRevisions(t *testing.T, s store.Store) {
	ctx := t.Context()
	const u = "https://rev.example/news/lockbit-takedown"
	first := time.Date(2024, 2, 20, 8, 0, 0, 0, time.UTC)
	version := func(text string, fetched time.Time) *model.Analysis {
		return &model.Analysis{Article: model.Article{CanonicalURL: u, Title: "LockBit disrupted", Text: text,
			ContentHash: hashOf(text + fetched.String()), FetchedAt: fetched}}
	}
	v1 := version("Police took over the leak site.", first)
	if res := save(t, s, v1); res != store.Created {
		t.Fatalf("first save: %v", res)
	}
	if revs, err := s.ArticleRevisions(ctx, v1.Article.ID); err != nil || len(revs) != 0 {
		t.Fatalf("new article: %d revisions, %v", len(revs), err)
	}

	// The same text under a new hash (the page's ads changed) is no revision.
	same := version("Police took over the leak site.", first.Add(time.Hour))
	if res := save(t, s, same); res != store.Updated {
		t.Fatalf("same text, new hash: %v, want updated", res)
	}
	if revs, _ := s.ArticleRevisions(ctx, v1.Article.ID); len(revs) != 0 {
		t.Fatalf("unchanged text left %d revisions", len(revs))
	}

	v2 := version("Police took over the leak site and arrested two affiliates.", first.Add(2*time.Hour))
	save(t, s, v2)
	v3 := version("Police took over the leak site, arrested two affiliates and froze 200 accounts.", first.Add(3*time.Hour))
	save(t, s, v3)
	if v3.Article.ID != v1.Article.ID {
		t.Fatalf("re-fetch stored as article %d, want %d", v3.Article.ID, v1.Article.ID)
	}
	revs, err := s.ArticleRevisions(ctx, v1.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 2 {
		t.Fatalf("%d revisions, want 2", len(revs))
	}
	for i, want := range []*model.Analysis{same, v2} {
		r := revs[i]
		if r.Number != i+1 || r.ArticleID != v1.Article.ID || r.Text != want.Article.Text ||
			r.ContentHash != want.Article.ContentHash || r.Title != "LockBit disrupted" ||
			!r.FetchedAt.Equal(want.Article.FetchedAt) {
			t.Errorf("revision %d = %+v, want the text and hash of %q", i+1, r, want.Article.Text)
		}
	}
	if !revs[1].ReplacedAt.Equal(v3.Article.FetchedAt) {
		t.Errorf("revision 2 replaced at %v, want the new version's fetch time %v", revs[1].ReplacedAt, v3.Article.FetchedAt)
	}
	cur, err := s.Article(ctx, v1.Article.ID)
	if err != nil || cur.Text != v3.Article.Text {
		t.Errorf("current text %q, %v", cur.Text, err)
	}
	if revs, err := s.ArticleRevisions(ctx, 1<<40); err != nil || len(revs) != 0 {
		t.Errorf("unknown article: %v, %v", revs, err)
	}
}
