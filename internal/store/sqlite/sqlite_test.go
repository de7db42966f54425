package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
	"github.com/winnow-cti/winnow/internal/store/storetest"
)

func openMemory(t *testing.T) store.Store {
	s, err := Open(t.Context(), Memory)
	if err != nil {
		t.Fatalf("Open(%s): %v", Memory, err)
	}
	return s
}

func openFile(t *testing.T) store.Store {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "winnow.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	t.Run("memory", func(t *testing.T) { storetest.Run(t, openMemory) })
	t.Run("file", func(t *testing.T) { storetest.Run(t, openFile) })
}

func mustOpen(t testing.TB, path string, opts ...Option) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "winnow.db")
	s, err := Open(t.Context(), path, WithoutMigrations())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if v, err := s.SchemaVersion(t.Context()); err != nil || v != 0 {
		t.Fatalf("fresh SchemaVersion = %d, %v; want 0", v, err)
	}
	applied, err := s.Migrate(t.Context())
	if err != nil || len(applied) != len(migrations) || applied[0] != "0001_init" {
		t.Fatalf("first Migrate = %q, %v; want all %d migrations", applied, err, len(migrations))
	}
	for range 2 {
		if applied, err := s.Migrate(t.Context()); err != nil || len(applied) != 0 {
			t.Errorf("repeated Migrate = %q, %v; want nothing applied", applied, err)
		}
	}
	s.Close()

	// Reopening (which migrates) changes nothing and keeps the data usable.
	s = mustOpen(t, path)
	if v, err := s.SchemaVersion(t.Context()); err != nil || v != LatestSchemaVersion() {
		t.Errorf("SchemaVersion = %d, %v; want %d", v, err, LatestSchemaVersion())
	}
	var rows int
	if err := s.writer.QueryRow(`SELECT count(*) FROM schema_version`).Scan(&rows); err != nil || rows != len(migrations) {
		t.Errorf("schema_version has %d rows, %v; want %d", rows, err, len(migrations))
	}
}

func TestTooNewSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "winnow.db")
	s := mustOpen(t, path)
	future := LatestSchemaVersion() + 5
	if _, err := s.writer.Exec(`INSERT INTO schema_version (version, name, applied_at) VALUES (?, 'future', '')`, future); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, opts := range [][]Option{nil, {WithoutMigrations()}} {
		_, err := Open(t.Context(), path, opts...)
		if err == nil {
			t.Fatal("Open accepted a database from a newer winnow")
		}
		for _, want := range []string{fmt.Sprint(future), fmt.Sprint(LatestSchemaVersion()), "newer"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not mention %q", err, want)
			}
		}
	}
}

func TestFTS5Available(t *testing.T) {
	s := mustOpen(t, Memory)
	if _, err := s.writer.Exec(`CREATE VIRTUAL TABLE temp.probe USING fts5(body)`); err != nil {
		t.Fatalf("FTS5 unavailable: %v", err)
	}
	var n int
	err := s.writer.QueryRow(`SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '"anything"'`).Scan(&n)
	if err != nil {
		t.Fatalf("querying articles_fts: %v", err)
	}
}

func TestPragmas(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "winnow.db"))
	tests := []struct {
		db     *sql.DB
		pragma string
		want   string
	}{
		{s.writer, "journal_mode", "wal"},
		{s.writer, "foreign_keys", "1"},
		{s.writer, "synchronous", "1"}, // NORMAL
		{s.writer, "busy_timeout", fmt.Sprint(busyTimeout.Milliseconds())},
		{s.reader, "journal_mode", "wal"},
		{s.reader, "query_only", "1"},
		{s.reader, "busy_timeout", fmt.Sprint(busyTimeout.Milliseconds())},
	}
	for _, tt := range tests {
		var got string
		if err := tt.db.QueryRow("PRAGMA " + tt.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", tt.pragma, err)
		}
		if got != tt.want {
			t.Errorf("PRAGMA %s = %q, want %q", tt.pragma, got, tt.want)
		}
	}
}

func TestMemoryStoresAreSeparate(t *testing.T) {
	a, b := mustOpen(t, Memory), mustOpen(t, Memory)
	if _, err := a.SaveAnalysis(t.Context(), tinyAnalysis("only in a")); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*Store{"a": a, "b": b} {
		st, err := s.Stats(t.Context())
		want := map[string]int{"a": 1, "b": 0}[name]
		if err != nil || st.Articles != want {
			t.Errorf("store %s: %d articles, %v; want %d", name, st.Articles, err, want)
		}
	}
}

func TestAwkwardPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "odd ?name#100%.db")
	s := mustOpen(t, path)
	if _, err := s.SaveAnalysis(t.Context(), tinyAnalysis("hello")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at the path given: %v", err)
	}
	if _, err := Open(t.Context(), ""); err == nil {
		t.Error("Open(\"\") succeeded")
	}
	if _, err := Open(t.Context(), filepath.Join(dir, "missing", "dir", "x.db")); err == nil {
		t.Error("Open in a missing directory succeeded")
	}
}

// TestTwoStoresOneFile stands in for two winnow processes writing the same
// database: the busy timeout and IMMEDIATE transactions must absorb the
// contention.
func TestTwoStoresOneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "winnow.db")
	stores := []*Store{mustOpen(t, path), mustOpen(t, path)}
	var wg sync.WaitGroup
	for i, s := range stores {
		wg.Go(func() {
			for j := range 20 {
				if _, err := s.SaveAnalysis(t.Context(), tinyAnalysis(fmt.Sprintf("store %d article %d", i, j))); err != nil {
					t.Errorf("store %d: %v", i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	st, err := stores[0].Stats(t.Context())
	if err != nil || st.Articles != 40 {
		t.Errorf("Stats = %+v, %v; want 40 articles", st, err)
	}
}

func TestTimesAndSource(t *testing.T) {
	s := mustOpen(t, Memory)
	published := time.Date(2024, 6, 1, 23, 59, 59, 987654321, time.FixedZone("PDT", -7*3600))
	a := tinyAnalysis("times")
	a.Article.SourceID = 42
	a.Article.PublishedAt = published
	a.Claims = []model.Claim{{Type: model.ClaimDisclosure, TimeStart: published.Add(-time.Hour), Evidence: model.Span{End: 3}}}
	if _, err := s.SaveAnalysis(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	got, err := s.Analysis(t.Context(), a.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Article.PublishedAt.Equal(published) || got.Article.PublishedAt.Location() != time.UTC {
		t.Errorf("PublishedAt = %v, want %v in UTC", got.Article.PublishedAt, published)
	}
	if got.Article.SourceID != 42 || !got.Article.FetchedAt.IsZero() {
		t.Errorf("SourceID %d, FetchedAt %v; want 42 and zero", got.Article.SourceID, got.Article.FetchedAt)
	}
	if len(got.Claims) != 1 || !got.Claims[0].TimeStart.Equal(published.Add(-time.Hour)) || !got.Claims[0].TimeEnd.IsZero() {
		t.Errorf("claim times = %+v", got.Claims)
	}

	bad := tinyAnalysis("far future")
	bad.Article.PublishedAt = time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := s.SaveAnalysis(t.Context(), bad); !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), "PublishedAt") {
		t.Errorf("year 12000: %v, want ErrInvalid naming PublishedAt", err)
	}
	if _, err := s.ListArticles(t.Context(), store.ArticleFilter{Since: time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC)}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Since in year -5: %v, want ErrInvalid", err)
	}
}

func TestUnicodeAliasNames(t *testing.T) {
	s := mustOpen(t, Memory)
	a := tinyAnalysis("Лазарус is also called Hidden Cobra")
	a.Entities = []model.Entity{{Key: "threat-actor:lazarus", Kind: model.KindThreatActor, Name: "Lazarus"}}
	a.Aliases = []model.Alias{{EntityKey: "threat-actor:lazarus", Name: "Лазарус", Relation: model.RelationSame}}
	if _, err := s.SaveAnalysis(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	got, err := s.ListAliases(t.Context(), store.AliasFilter{Name: "ЛАЗАРУС"})
	if err != nil || len(got) != 1 || got[0].Status != model.AliasLearned {
		t.Errorf("ListAliases(ЛАЗАРУС) = %+v, %v; want the learned alias", got, err)
	}
}

func TestLoadMigrations(t *testing.T) {
	file := func(body string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(body)} }
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    []string
		wantErr string
	}{
		{"ordered", fstest.MapFS{"m/0002_b.sql": file("B"), "m/0001_a.sql": file("A")}, []string{"0001_a", "0002_b"}, ""},
		{"gap", fstest.MapFS{"m/0001_a.sql": file("A"), "m/0003_c.sql": file("C")}, nil, "want 2"},
		{"duplicate", fstest.MapFS{"m/0001_a.sql": file("A"), "m/0001_b.sql": file("B")}, nil, "want 2"},
		{"not starting at 1", fstest.MapFS{"m/0002_b.sql": file("B")}, nil, "want 1"},
		{"bad name", fstest.MapFS{"m/1_a.sql": file("A")}, nil, "NNNN_name.sql"},
		{"stray file", fstest.MapFS{"m/0001_a.sql": file("A"), "m/README": file("x")}, nil, "NNNN_name.sql"},
		{"only a subdirectory", fstest.MapFS{"m/old": &fstest.MapFile{Mode: 0o755 | os.ModeDir}}, nil, "none"},
		{"no directory", fstest.MapFS{}, nil, "migrations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadMigrations(tt.files, "m")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("loadMigrations = %v, want error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, m := range got {
				names = append(names, m.Name)
			}
			if fmt.Sprint(names) != fmt.Sprint(tt.want) {
				t.Errorf("migrations %v, want %v", names, tt.want)
			}
		})
	}
}

func TestFTSQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"APT31 ministry", `"APT31" "ministry"`},
		{`"Violet Typhoon"`, `"Violet Typhoon"`},
		{"CVE-2024-3400", `"CVE-2024-3400"`},
		{"NEAR( OR )", `"NEAR(" "OR"`},
		{`* - ' )`, ``},
	}
	for _, tt := range tests {
		if got := ftsQuery(tt.in); got != tt.want {
			t.Errorf("ftsQuery(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// FuzzSearch runs arbitrary queries against a real FTS5 index: none may
// fail.
func FuzzSearch(f *testing.F) {
	s := mustOpen(f, Memory)
	if _, err := s.SaveAnalysis(context.Background(), tinyAnalysis("APT31 hit the ministry via hxxp://bad[.]com and CVE-2024-3400")); err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{"APT31", `"APT31 hit"`, `NEAR(a b)`, `"`, `a OR b`, "col:x", "\x00", "\xff", `^x*`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		hits, err := s.Search(context.Background(), query, 5)
		if err != nil {
			t.Fatalf("Search(%q): %v", query, err)
		}
		for _, h := range hits {
			if h.Article.Text != "" {
				t.Fatalf("hit carries text")
			}
		}
	})
}

// tinyAnalysis is an article of the given text with nothing found in it.
func tinyAnalysis(text string) *model.Analysis {
	return &model.Analysis{Article: model.Article{Title: text, Text: text, ContentHash: "hash:" + text}}
}

func TestClaimWindows(t *testing.T) {
	old := claimWindowThreshold
	t.Cleanup(func() { claimWindowThreshold = old })
	set := func(n int) { claimWindowThreshold = n }
	t.Run("memory", func(t *testing.T) { storetest.RunClaimWindows(t, openMemory, set) })
	t.Run("file", func(t *testing.T) { storetest.RunClaimWindows(t, openFile, set) })
}
