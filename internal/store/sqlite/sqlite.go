// Package sqlite is winnow's embedded store: a store.Store over a single
// SQLite file (or an in-memory database) through the pure-Go
// modernc.org/sqlite driver, so winnow builds without cgo.
//
// Writes go through one connection: SQLite allows one writer at a time, and
// queueing writers in database/sql instead of in SQLite's busy handler keeps
// concurrent SaveAnalysis calls from failing with SQLITE_BUSY. Reads of a file
// database use a separate pool of read-only connections, which WAL lets run
// beside the writer. An in-memory database lives in one connection, so it
// serves both.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/winnow-cti/winnow/internal/store"
)

// Memory is the path that opens a private in-memory database.
const Memory = ":memory:"

// busyTimeout is how long a connection waits for another process's lock
// before giving up.
const busyTimeout = 5 * time.Second

// Store is a store.Store backed by SQLite. It is safe for concurrent use.
type Store struct {
	writer *sql.DB // exactly one connection
	reader *sql.DB // the writer itself for in-memory databases
	path   string

	hostsPrune store.HostPruneClock // when ReserveHost last pruned
}

var _ store.Store = (*Store)(nil)

// Option changes how Open behaves.
type Option func(*options)

type options struct {
	skipMigrations bool
}

// WithoutMigrations makes Open leave pending migrations alone, so a caller
// such as `winnow migrate` can run Migrate itself and report what it applied.
// Open still refuses a database newer than this binary.
func WithoutMigrations() Option {
	return func(o *options) { o.skipMigrations = true }
}

// Open opens (creating if needed) the database at path, a file path or
// Memory, and applies pending migrations. It refuses a database whose schema
// is newer than this binary knows.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if path == "" {
		return nil, errors.New("sqlite: open: empty path")
	}
	s := &Store{path: path}
	var err error
	if path == Memory {
		// Every new connection to ":memory:" is a new, empty database, so the
		// pool must never hold more than one or let it go.
		s.writer, err = openPool(Memory+"?"+dsnParams(false, false), 1)
		s.reader = s.writer
	} else {
		s.writer, err = openPool(fileDSN(path, false), 1)
	}
	if err != nil {
		return nil, err
	}
	// Pinging makes the writer run its pragmas, switching a file to WAL
	// before any reader opens it.
	if err := s.writer.PingContext(ctx); err != nil {
		s.writer.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if s.reader == nil {
		s.reader, err = openPool(fileDSN(path, true), max(4, runtime.NumCPU()))
		if err != nil {
			s.writer.Close()
			return nil, err
		}
	}
	if err := s.checkVersion(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if !o.skipMigrations {
		if _, err := s.Migrate(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// Close closes every connection.
func (s *Store) Close() error {
	err := s.writer.Close()
	if s.reader != s.writer {
		err = errors.Join(err, s.reader.Close())
	}
	if err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

func openPool(dsn string, conns int) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

// fileDSN builds a SQLite URI for path. The path is escaped because SQLite
// decodes %XX in URIs and treats ? and # as delimiters.
func fileDSN(path string, readOnly bool) string {
	escaped := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	return "file:" + escaped + "?" + dsnParams(true, readOnly)
}

// dsnParams returns the driver parameters every connection is opened with.
// Writers begin transactions IMMEDIATE so a transaction that will write takes
// the lock up front instead of failing to upgrade a read lock later.
func dsnParams(file, readOnly bool) string {
	p := []string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()),
		"_pragma=foreign_keys(1)",
	}
	if file {
		// Checkpointing every 64 MB of WAL instead of SQLite's 4 MB writes
		// the FTS5 and index pages that every save rewrites to the database
		// file less often: about 30% less system time when loading.
		p = append(p, "_pragma=synchronous(NORMAL)", "_pragma=wal_autocheckpoint(16384)")
		if !readOnly {
			p = append(p, "_pragma=journal_mode(WAL)")
		}
	}
	if readOnly {
		p = append(p, "_pragma=query_only(1)")
	} else {
		p = append(p, "_txlock=immediate")
	}
	return strings.Join(p, "&")
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// where collects the conditions and arguments of a listing's WHERE clause.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// timeLayout is fixed-width so stored times sort correctly as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// encodeTime returns t as stored: NULL for the zero time, else UTC text.
func encodeTime(field string, t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	u := t.UTC()
	if y := u.Year(); y < 1 || y > 9999 {
		return nil, fmt.Errorf("%w: %s: year %d outside 1-9999", store.ErrInvalid, field, y)
	}
	return u.Format(timeLayout), nil
}

func decodeTime(v sql.NullString) (time.Time, error) {
	if !v.Valid {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, v.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("sqlite: stored time %q: %w", v.String, err)
	}
	return t, nil
}

// nullIfEmpty stores "" as NULL, for optional unique or referencing columns.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullIfZero(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}
