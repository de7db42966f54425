package sqlite

import (
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/winnow-cti/winnow/internal/store"
)

// wrapErr prefixes err with the package and operation and maps SQLite's
// native errors to the store's sentinels: a missing row to ErrNotFound, a
// violated constraint (unique, foreign key, not null) to ErrConflict.
func wrapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: %s: %w", op, store.ErrNotFound)
	}
	if isConstraint(err) {
		return fmt.Errorf("sqlite: %s: %w: %w", op, store.ErrConflict, err)
	}
	return fmt.Errorf("sqlite: %s: %w", op, err)
}

func isConstraint(err error) bool {
	var se *sqlite.Error
	// Extended result codes carry the primary code in the low byte.
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}
