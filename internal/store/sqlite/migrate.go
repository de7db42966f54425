package sqlite

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/winnow-cti/winnow/internal/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations is the embedded set, checked once at start-up.
var migrations = mustLoadMigrations(migrationFiles, "migrations")

func mustLoadMigrations(fsys fs.FS, dir string) []store.Migration {
	m, err := loadMigrations(fsys, dir)
	if err != nil {
		panic(err) // the embedded files are part of the binary; a bad set is a build mistake
	}
	return m
}

func loadMigrations(fsys fs.FS, dir string) ([]store.Migration, error) {
	m, err := store.LoadMigrations(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return m, nil
}

// LatestSchemaVersion is the schema version this binary migrates to.
func LatestSchemaVersion() int { return migrations[len(migrations)-1].Version }

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
			applied = append(applied, m.Name)
		}
	}
	return applied, nil
}

// applyMigration runs m unless it is already recorded, reporting whether it ran.
func (s *Store) applyMigration(ctx context.Context, m store.Migration) (bool, error) {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.Name, err)
	}
	defer tx.Rollback()
	var recorded int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_version WHERE version = ?`, m.Version).Scan(&recorded); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.Name, err)
	}
	if recorded > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, time.Now().UTC().Format(timeLayout)); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", m.Name, err)
	}
	return true, nil
}
