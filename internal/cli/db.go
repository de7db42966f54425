package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/winnow-cti/winnow/internal/store"
	"github.com/winnow-cti/winnow/internal/store/postgres"
	"github.com/winnow-cti/winnow/internal/store/sqlite"
)

// openOption changes how openStore opens a database.
type openOption int

// withoutMigrations opens the database as it is, for `winnow migrate`.
const withoutMigrations openOption = 1

// openStore opens the database named by dsn: a postgres:// URL or a SQLite
// file path (its directory is created if needed). Pending migrations are
// applied unless withoutMigrations is given.
func openStore(ctx context.Context, dsn string, opts ...openOption) (store.Store, error) {
	migrate := !slices.Contains(opts, withoutMigrations)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		st, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err // the message names the database without its password
		}
		return st, nil
	}
	if dsn != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(dsn), 0o755); err != nil {
			return nil, fmt.Errorf("database directory: %w", err)
		}
	}
	var sqliteOpts []sqlite.Option
	if !migrate {
		sqliteOpts = append(sqliteOpts, sqlite.WithoutMigrations())
	}
	st, err := sqlite.Open(ctx, dsn, sqliteOpts...)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", dsn, err)
	}
	return st, nil
}
