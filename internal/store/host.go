package store

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// HostStore spaces the requests that every process sharing the store makes
// to one host: the politeness delay of the fetcher (a pause between the
// starts of two requests to a host) kept where all workers see it.
//
// A caller reserves a start slot, waits until it comes, then starts its
// request. Slots are taken atomically, so concurrent callers, in one process
// or many, get distinct slots at least their spacing apart. Time is the
// database's clock where there is a server (PostgreSQL), so hosts with skewed
// clocks agree, and the process clock for SQLite, one machine's file.
type HostStore interface {
	// ReserveHost books the next start slot for a request to host (a URL's
	// host, port included, as the caller spells it; lowercase it to share
	// slots across spellings). The slot is the later of now and the host's
	// next free start, and the next free start becomes slot + spacing. It
	// returns how long the caller must wait for its slot, and ok true.
	//
	// When that wait would be longer than maxWait, nothing is booked: ok is
	// false and wait is how long until the host is next free. A caller that
	// cannot wait that long (its request would time out first) so leaves the
	// slot to another instead of pushing every later caller further back.
	//
	// An empty host or a negative spacing or maxWait is an error wrapping
	// ErrInvalid. Rows of hosts not reserved for a day are pruned
	// opportunistically.
	ReserveHost(ctx context.Context, host string, spacing, maxWait time.Duration) (wait time.Duration, ok bool, err error)
	// PruneHosts forgets the hosts whose next free start is before before,
	// and returns how many it forgot. A forgotten host is free now, which it
	// already was.
	PruneHosts(ctx context.Context, before time.Time) (int, error)
}

// HostRetention is how long a host's reservation row outlives its last
// slot before a backend prunes it.
const HostRetention = 24 * time.Hour

// HostPruneEvery is how often a store prunes host rows from ReserveHost.
const HostPruneEvery = time.Hour

// MaxHostHold bounds how far ahead one reservation may book (spacing and
// maxWait are cut to it), so a mistaken duration cannot lock a host out for
// years.
const MaxHostHold = 24 * time.Hour

// ValidateHostReservation checks ReserveHost's arguments and returns spacing
// and maxWait capped at MaxHostHold.
func ValidateHostReservation(host string, spacing, maxWait time.Duration) (time.Duration, time.Duration, error) {
	switch {
	case host == "":
		return 0, 0, fmt.Errorf("%w: host: empty", ErrInvalid)
	case spacing < 0:
		return 0, 0, fmt.Errorf("%w: spacing %v is negative", ErrInvalid, spacing)
	case maxWait < 0:
		return 0, 0, fmt.Errorf("%w: maxWait %v is negative", ErrInvalid, maxWait)
	}
	return min(spacing, MaxHostHold), min(maxWait, MaxHostHold), nil
}

// HostPruneClock tells a backend when to prune host rows from ReserveHost:
// on the first reservation and then at most once per HostPruneEvery. The
// zero value is ready; it is safe for concurrent use.
type HostPruneClock struct{ last atomic.Int64 }

// Due reports whether to prune now, and if so counts the pruning as done.
func (c *HostPruneClock) Due(now time.Time) bool {
	last := c.last.Load()
	if last != 0 && now.Sub(time.Unix(0, last)) < HostPruneEvery {
		return false
	}
	return c.last.CompareAndSwap(last, now.UnixNano())
}
