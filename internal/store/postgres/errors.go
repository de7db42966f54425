package postgres

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/winnow-cti/winnow/internal/store"
)

// SQLSTATE codes the backend tells apart (PostgreSQL appendix A).
const (
	codeDeadlock             = "40P01"
	codeSerializationFailure = "40001"
)

// wrapErr prefixes err with the package and operation and maps PostgreSQL's
// native errors to the store's sentinels: a missing row to ErrNotFound, a
// violated integrity constraint (class 23: unique, foreign key, not null,
// check) to ErrConflict, and data the server cannot take (class 22: a NUL
// byte or invalid UTF-8 in text, a number out of range) to ErrInvalid.
func wrapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: %s: %w", op, store.ErrNotFound)
	}
	if sentinel := sentinelFor(err); sentinel != nil {
		return fmt.Errorf("postgres: %s: %w: %w", op, sentinel, err)
	}
	return fmt.Errorf("postgres: %s: %w", op, err)
}

// sentinelFor returns the store sentinel err's SQLSTATE maps to, or nil.
func sentinelFor(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return nil
	}
	switch {
	case strings.HasPrefix(pe.Code, "23"):
		return store.ErrConflict
	case strings.HasPrefix(pe.Code, "22"):
		return store.ErrInvalid
	}
	return nil
}

// retryable reports whether a transaction failed only because of another
// one running at the same time, so running it again may succeed.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == codeDeadlock || pe.Code == codeSerializationFailure)
}
