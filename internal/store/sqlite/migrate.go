package sqlite

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one schema change, numbered from 1 with no gaps.
type migration struct {
	version int
	name    string // file name without ".sql", e.g. "0001_init"
	sql     string
}

// migrations is the embedded set, checked once at start-up.
var migrations = mustLoadMigrations(migrationFiles, "migrations")

func mustLoadMigrations(fsys fs.FS, dir string) []migration {
	m, err := loadMigrations(fsys, dir)
	if err != nil {
		panic(err) // the embedded files are part of the binary; a bad set is a build mistake
	}
	return m
}

// loadMigrations reads NNNN_name.sql files from dir, in version order, and
// checks the versions run 1, 2, 3... without gaps or repeats.
func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("sqlite: migrations: %w", err)
	}
	var out []migration
	for _, e := range entries { // ReadDir sorts by name, and names start with the zero-padded version
		if e.IsDir() {
			continue
		}
		version, name, err := parseMigrationName(e.Name())
		if err != nil {
			return nil, err
		}
		if want := len(out) + 1; version != want {
			return nil, fmt.Errorf("sqlite: migration %s: version %d, want %d (versions must run 1, 2, 3... without gaps)", e.Name(), version, want)
		}
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("sqlite: migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{version: version, name: name, sql: string(body)})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("sqlite: migrations: none in %s", dir)
	}
	return out, nil
}

// parseMigrationName splits "0001_init.sql" into 1 and "0001_init".
func parseMigrationName(file string) (version int, name string, err error) {
	name, ok := strings.CutSuffix(file, ".sql")
	digits, label, hasLabel := strings.Cut(name, "_")
	if !ok || !hasLabel || len(digits) != 4 || label == "" || !isMigrationLabel(label) {
		return 0, "", fmt.Errorf("sqlite: migration file %q: want NNNN_name.sql", file)
	}
	version, err = strconv.Atoi(digits)
	if err != nil || version < 1 || strings.ContainsAny(digits, "+-") {
		return 0, "", fmt.Errorf("sqlite: migration file %q: version must be 0001-9999", file)
	}
	return version, name, nil
}

func isMigrationLabel(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// LatestSchemaVersion is the schema version this binary migrates to.
func LatestSchemaVersion() int { return migrations[len(migrations)-1].version }

// SchemaVersion returns the newest migration applied to the database, 0 for a
// database winnow has never migrated.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	v, err := schemaVersion(ctx, s.writer)
	if err != nil {
		return 0, fmt.Errorf("sqlite: schema version: %w", err)
	}
	return v, nil
}

func schemaVersion(ctx context.Context, q querier) (int, error) {
	var tables int
	err := q.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).Scan(&tables)
	if err != nil || tables == 0 {
		return 0, err
	}
	var v int
	err = q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&v)
	return v, err
}

func (s *Store) checkVersion(ctx context.Context) error {
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if latest := LatestSchemaVersion(); v > latest {
		return fmt.Errorf("sqlite: %s has schema version %d, newer than this binary's %d; use a newer winnow", s.path, v, latest)
	}
	return nil
}

// Migrate applies pending migrations, each in its own transaction that also
// records it in schema_version, and returns the names of those it applied
// (none when the schema is current). It is safe to run concurrently with
// another process migrating the same file: each migration is re-checked once
// the write lock is held.
func (s *Store) Migrate(ctx context.Context) (applied []string, err error) {
	if err := s.checkVersion(ctx); err != nil {
		return nil, err
	}
	if _, err := s.writer.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return nil, fmt.Errorf("sqlite: migrate: %w", err)
	}
	for _, m := range migrations {
		done, err := s.applyMigration(ctx, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m.name)
		}
	}
	return applied, nil
}

// applyMigration runs m unless it is already recorded, reporting whether it ran.
func (s *Store) applyMigration(ctx context.Context, m migration) (bool, error) {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	var recorded int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_version WHERE version = ?`, m.version).Scan(&recorded); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
	}
	if recorded > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, time.Now().UTC().Format(timeLayout)); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
	}
	return true, nil
}
