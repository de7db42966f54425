package cli

import (
	"context"
	"fmt"
	"net/url"
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
		var pgOpts []postgres.Option
		if !migrate {
			pgOpts = append(pgOpts, postgres.WithoutMigrations())
		}
		st, err := postgres.Open(ctx, dsn, pgOpts...)
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

// redactDSN hides the password of a database URL, for printing.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
