package postgres

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
	"github.com/winnow-cti/winnow/internal/store/postgres/pgtest"
)

func TestMigrate(t *testing.T) {
	url := pgtest.Schema(t)
	ctx := t.Context()
	s, err := Open(ctx, url, WithoutMigrations())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v != 0 {
		t.Fatalf("SchemaVersion before migrating = %d, %v; want 0", v, err)
	}
	applied, err := s.Migrate(ctx)
	if err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	var want []string
	for _, m := range migrations {
		want = append(want, m.Name)
	}
	if !slices.Equal(applied, want) {
		t.Errorf("Migrate applied %q, want %q", applied, want)
	}
	if again, err := s.Migrate(ctx); err != nil || len(again) != 0 {
		t.Errorf("second Migrate = %q, %v; want nothing applied", again, err)
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v != LatestSchemaVersion() {
		t.Errorf("SchemaVersion = %d, %v; want %d", v, err, LatestSchemaVersion())
	}

	// A schema from a newer winnow is refused, by Open and by Migrate.
	if _, err := s.pool.Exec(ctx, `INSERT INTO schema_version (version, name) VALUES ($1, 'from_the_future')`,
		LatestSchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Migrate on a newer schema = %v, want a refusal", err)
	}
	if s2, err := Open(ctx, url); err == nil || !strings.Contains(err.Error(), "newer") {
		if s2 != nil {
			s2.Close()
		}
		t.Errorf("Open on a newer schema = %v, want a refusal", err)
	}
}

// TestConcurrentOpen opens one fresh schema from several pools at once: the
// migrations run once and every Open succeeds.
func TestConcurrentOpen(t *testing.T) {
	url := pgtest.Schema(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			s, err := Open(t.Context(), url)
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Open: %v", err)
	}
}

func TestLoadMigrations(t *testing.T) {
	tests := []struct {
		name    string
		files   []string
		wantErr string
	}{
		{"in order", []string{"0001_init.sql", "0002_jobs.sql"}, ""},
		{"gap", []string{"0001_init.sql", "0003_jobs.sql"}, "want 2"},
		{"bad name", []string{"0001_init.sql", "2_jobs.sql"}, "NNNN_name"},
		{"upper-case label", []string{"0001_Init.sql"}, "NNNN_name"},
		{"none", nil, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"m": &fstest.MapFile{Mode: 0o755 | 1<<31}}
			for _, f := range tt.files {
				fsys["m/"+f] = &fstest.MapFile{Data: []byte("SELECT 1;")}
			}
			got, err := loadMigrations(fsys, "m")
			if tt.wantErr == "" {
				if err != nil || len(got) != len(tt.files) {
					t.Errorf("loadMigrations = %d, %v; want %d", len(got), err, len(tt.files))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("loadMigrations error %v, want one saying %q", err, tt.wantErr)
			}
		})
	}
}

// TestRefusedText checks text PostgreSQL cannot hold is refused as invalid
// input, not reported as a server failure.
func TestRefusedText(t *testing.T) {
	s, err := Open(t.Context(), pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		name string
		text string
	}{
		{"NUL byte", "APT31\x00 struck again."},
		{"invalid UTF-8", "APT31 \xff struck again."},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &model.Analysis{Article: model.Article{Title: "t", ContentHash: "h" + string(rune('a'+i)), Text: tt.text}}
			if _, err := s.SaveAnalysis(t.Context(), a); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("SaveAnalysis = %v, want ErrInvalid", err)
			}
		})
	}
	if st, err := s.Stats(t.Context()); err != nil || st.Articles != 0 {
		t.Errorf("Stats = %+v, %v; want nothing stored", st, err)
	}
}
