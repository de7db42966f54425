// Package postgres is winnow's server store: a store.Store over PostgreSQL
// through pgx's native interface and its connection pool, for deployments
// where several processes (ingesting workers, readers) share one database.
//
// The native pgx API is used rather than database/sql because the backend
// leans on what only it exposes: batches that send a save's many statements
// in one round trip, Go slices bound directly as PostgreSQL arrays (so a
// save inserts each kind of row with one unnest statement), and the server's
// own error codes for mapping to the store's sentinels.
//
// Tables live in the first schema of the connection's search_path, so one
// database can hold several winnow stores: add search_path=NAME to the URL.
package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/winnow-cti/winnow/internal/store"
)

// Store is a store.Store backed by PostgreSQL. It is safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool
	name string // the URL without its password, for messages

	hostsPrune store.HostPruneClock // when ReserveHost last pruned
}

var _ store.Store = (*Store)(nil)

// Option changes how Open behaves.
type Option func(*options)

type options struct {
	skipMigrations bool
	maxConns       int32
}

// WithoutMigrations makes Open leave pending migrations alone, so a caller
// such as `winnow migrate` can run Migrate itself and report what it applied.
// Open still refuses a database newer than this binary.
func WithoutMigrations() Option {
	return func(o *options) { o.skipMigrations = true }
}

// WithMaxConns bounds the connection pool; the default is pgxpool's (the
// larger of 4 and the number of CPUs) unless the URL sets pool_max_conns.
func WithMaxConns(n int) Option {
	return func(o *options) { o.maxConns = int32(n) }
}

// Open connects to the database at url (postgres://user@host:port/db?...)
// and applies pending migrations. It refuses a database whose schema is newer
// than this binary knows.
func Open(ctx context.Context, url string, opts ...Option) (*Store, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	if o.maxConns > 0 {
		cfg.MaxConns = o.maxConns
	}
	name := redact(cfg)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open %s: %w", name, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open %s: %w", name, err)
	}
	s := &Store{pool: pool, name: name}
	if err := s.checkVersion(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	if !o.skipMigrations {
		if _, err := s.Migrate(ctx); err != nil {
			pool.Close()
			return nil, err
		}
	}
	return s, nil
}

// redact names the database for messages without its password.
func redact(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return fmt.Sprintf("postgres://%s@%s:%d/%s", c.User, c.Host, c.Port, c.Database)
}

// Close closes every connection.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Pool returns the store's connection pool, for tools such as benchmarks
// that need to look at the database directly.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// querier is what *pgxpool.Pool and pgx.Tx have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// where collects the conditions and arguments of a listing's WHERE clause,
// numbering placeholders as they are added.
type where struct {
	conds []string
	args  []any
}

// add appends a condition whose single placeholder is written "?".
func (w *where) add(cond string, arg any) {
	w.args = append(w.args, arg)
	w.conds = append(w.conds, strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1))
}

// next is the placeholder for an argument appended after the conditions'.
func (w *where) next(arg any) string {
	w.args = append(w.args, arg)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// encodeTime returns t as stored: NULL for the zero time, else a timestamp.
// Years outside 1-9999 are refused, as the SQLite backend refuses them.
func encodeTime(field string, t time.Time) (pgtype.Timestamptz, error) {
	if t.IsZero() {
		return pgtype.Timestamptz{}, nil
	}
	u := t.UTC()
	if y := u.Year(); y < 1 || y > 9999 {
		return pgtype.Timestamptz{}, fmt.Errorf("%w: %s: year %d outside 1-9999", store.ErrInvalid, field, y)
	}
	return pgtype.Timestamptz{Time: u, Valid: true}, nil
}

// decodeTime returns a stored timestamp in UTC, the zero time for NULL.
func decodeTime(v pgtype.Timestamptz) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return v.Time.UTC()
}

// nullText stores "" as NULL, for optional unique or referencing columns.
func nullText(s string) pgtype.Text { return pgtype.Text{String: s, Valid: s != ""} }

func nullInt(n int64) pgtype.Int8 { return pgtype.Int8{Int64: n, Valid: n != 0} }
