package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/winnow-cti/winnow/internal/store"
)

var _ store.HostStore = (*Store)(nil)

// ReserveHost books host's next start slot; see store.HostStore. The slot is
// read and moved in one write transaction, which SQLite serializes across
// connections and processes, on this process's clock: processes sharing a
// file share a machine.
func (s *Store) ReserveHost(ctx context.Context, host string, spacing, maxWait time.Duration) (time.Duration, bool, error) {
	spacing, maxWait, err := store.ValidateHostReservation(host, spacing, maxWait)
	if err != nil {
		return 0, false, fmt.Errorf("sqlite: reserve host: %w", err)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, wrapErr("reserve host", err)
	}
	defer tx.Rollback()
	var stored sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT next_at FROM host_slots WHERE host = ?`, host).Scan(&stored)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, false, wrapErr("reserve host", err)
	}
	next, err := decodeTime(stored)
	if err != nil {
		return 0, false, err
	}
	now := time.Now().UTC()
	slot := now
	if next.After(now) {
		slot = next
	}
	wait := slot.Sub(now)
	if wait > maxWait {
		return wait, false, nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO host_slots (host, next_at) VALUES (?, ?)
		ON CONFLICT (host) DO UPDATE SET next_at = excluded.next_at`,
		host, slot.Add(spacing).Format(timeLayout)); err != nil {
		return 0, false, wrapErr("reserve host", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, false, wrapErr("reserve host", err)
	}
	if s.hostsPrune.Due(now) {
		// Opportunistic: a failure leaves a few stale rows for next time.
		_, _ = s.PruneHosts(ctx, now.Add(-store.HostRetention))
	}
	return wait, true, nil
}

// PruneHosts forgets hosts free since before; see store.HostStore.
func (s *Store) PruneHosts(ctx context.Context, before time.Time) (int, error) {
	cutoff, err := encodeTime("before", before)
	if err != nil {
		return 0, fmt.Errorf("sqlite: prune hosts: %w", err)
	}
	if cutoff == nil {
		return 0, nil // the zero time: nothing is older
	}
	res, err := s.writer.ExecContext(ctx, `DELETE FROM host_slots WHERE next_at < ?`, cutoff)
	if err != nil {
		return 0, wrapErr("prune hosts", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, wrapErr("prune hosts", err)
	}
	return int(n), nil
}
