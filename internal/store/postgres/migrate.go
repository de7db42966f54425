package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"

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
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return m, nil
}

// LatestSchemaVersion is the schema version this binary migrates to.
func LatestSchemaVersion() int { return migrations[len(migrations)-1].Version }

// SchemaVersion returns the newest migration applied to the store's schema,
// 0 for a schema winnow has never migrated.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	v, err := schemaVersion(ctx, s.pool)
	if err != nil {
		return 0, fmt.Errorf("postgres: schema version: %w", err)
	}
	return v, nil
}

func schemaVersion(ctx context.Context, q querier) (int, error) {
	var exists bool
	// to_regclass resolves the name through search_path, as the queries do.
	if err := q.QueryRow(ctx, `SELECT to_regclass('schema_version') IS NOT NULL`).Scan(&exists); err != nil || !exists {
		return 0, err
	}
	var v int
	err := q.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&v)
	return v, err
}

func (s *Store) checkVersion(ctx context.Context) error {
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if latest := LatestSchemaVersion(); v > latest {
		return fmt.Errorf("postgres: %s has schema version %d, newer than this binary's %d; use a newer winnow", s.name, v, latest)
	}
	return nil
}

// Migrate applies pending migrations, each in its own transaction that also
// records it in schema_version, and returns the names of those it applied
// (none when the schema is current). Processes migrating the same schema at
// once take turns on a transaction-scoped advisory lock, and each migration
// is re-checked once the lock is held.
func (s *Store) Migrate(ctx context.Context) (applied []string, err error) {
	if err := s.checkVersion(ctx); err != nil {
		return nil, err
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
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return false, wrapErr("migration "+m.Name, err)
	}
	defer tx.Rollback(ctx)
	// The lock is per schema, so stores in other schemas of the database
	// migrate independently.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('winnow migrate ' || current_schema(), 0))`); err != nil {
		return false, wrapErr("migration "+m.Name, err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`); err != nil {
		return false, wrapErr("migration "+m.Name, err)
	}
	current, err := schemaVersion(ctx, tx)
	if err != nil {
		return false, wrapErr("migration "+m.Name, err)
	}
	if current > LatestSchemaVersion() {
		return false, fmt.Errorf("postgres: %s has schema version %d, newer than this binary's %d; use a newer winnow", s.name, current, LatestSchemaVersion())
	}
	var recorded bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_version WHERE version = $1)`, m.Version).Scan(&recorded); err != nil {
		return false, wrapErr("migration "+m.Name, err)
	}
	if recorded {
		return false, nil
	}
	// The simple protocol runs a file of several statements in one call.
	if _, err := tx.Exec(ctx, m.SQL, pgx.QueryExecModeSimpleProtocol); err != nil {
		return false, wrapErr("migration "+m.Name, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
		return false, wrapErr("migration "+m.Name, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, wrapErr("migration "+m.Name, err)
	}
	return true, nil
}
