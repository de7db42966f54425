package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/winnow-cti/winnow/internal/store"
)

var _ store.HostStore = (*Store)(nil)

// ReserveHost books host's next start slot; see store.HostStore. One
// statement reads and moves the slot: concurrent upserts of a host's row
// serialize on its lock and each sees the row its predecessor left. Time is
// the server's clock_timestamp(), so workers on hosts with skewed clocks
// agree; the wait is measured against the clock again as the row is
// returned, so time spent waiting for the lock is not waited twice.
func (s *Store) ReserveHost(ctx context.Context, host string, spacing, maxWait time.Duration) (time.Duration, bool, error) {
	spacing, maxWait, err := store.ValidateHostReservation(host, spacing, maxWait)
	if err != nil {
		return 0, false, fmt.Errorf("postgres: reserve host: %w", err)
	}
	// excluded.next_at - spacing is the statement's one reading of now.
	// The commit does not wait for the WAL to reach disk: the wait is
	// measured before the commit, and a flush under load (tens of
	// milliseconds) would start a caller that late after a slot the next
	// caller's is counted from. A crash may forget the last reservations,
	// which only lets the next requests start sooner once.
	var waitMicros int64
	err = s.pool.QueryRow(ctx, `
		WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
		INSERT INTO host_slots AS h (host, next_at)
		SELECT $1, clock_timestamp() + $2::bigint * interval '1 microsecond' FROM async
		ON CONFLICT (host) DO UPDATE
			SET next_at = greatest(h.next_at, excluded.next_at - $2::bigint * interval '1 microsecond')
				+ $2::bigint * interval '1 microsecond'
			WHERE h.next_at <= excluded.next_at + ($3::bigint - $2::bigint) * interval '1 microsecond'
		RETURNING floor(extract(epoch FROM h.next_at - $2::bigint * interval '1 microsecond' - clock_timestamp()) * 1e6)::bigint`,
		host, micros(spacing), micros(maxWait)).Scan(&waitMicros)
	if errors.Is(err, pgx.ErrNoRows) {
		// Booked further ahead than maxWait: say how long until it is free.
		err = s.pool.QueryRow(ctx, `
			SELECT floor(extract(epoch FROM next_at - clock_timestamp()) * 1e6)::bigint
			FROM host_slots WHERE host = $1`, host).Scan(&waitMicros)
		if errors.Is(err, pgx.ErrNoRows) {
			waitMicros, err = 0, nil // pruned meanwhile: free now
		}
		if err != nil {
			return 0, false, wrapErr("reserve host", err)
		}
		return max(time.Duration(waitMicros)*time.Microsecond, 0), false, nil
	}
	if err != nil {
		return 0, false, wrapErr("reserve host", err)
	}
	if s.hostsPrune.Due(time.Now()) {
		// Opportunistic, on the server's clock: a failure leaves a few stale
		// rows for next time.
		_, _ = s.pool.Exec(ctx, `DELETE FROM host_slots WHERE next_at < clock_timestamp() - $1::bigint * interval '1 microsecond'`,
			micros(store.HostRetention))
	}
	return max(time.Duration(waitMicros)*time.Microsecond, 0), true, nil
}

// PruneHosts forgets hosts free since before; see store.HostStore.
func (s *Store) PruneHosts(ctx context.Context, before time.Time) (int, error) {
	if before.IsZero() {
		return 0, nil
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM host_slots WHERE next_at < $1`, before)
	if err != nil {
		return 0, wrapErr("prune hosts", err)
	}
	return int(tag.RowsAffected()), nil
}
