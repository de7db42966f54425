package storetest

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/store"
)

// hostTolerance absorbs the time between a backend reading its clock for a
// returned wait and the call returning: slots are compared through
// time-of-return + wait, which is never early and late by at most that.
const hostTolerance = 20 * time.Millisecond

// reservation is one ReserveHost call, its slot estimated on this process's
// clock.
type reservation struct {
	wait time.Duration
	ok   bool
	slot time.Time // when the call returned, plus wait
}

func reserve(t *testing.T, s store.Store, host string, spacing, maxWait time.Duration) reservation {
	t.Helper()
	wait, ok, err := s.ReserveHost(t.Context(), host, spacing, maxWait)
	if err != nil {
		t.Fatalf("ReserveHost(%q, %v, %v): %v", host, spacing, maxWait, err)
	}
	if wait < 0 {
		t.Fatalf("ReserveHost(%q) wait %v is negative", host, wait)
	}
	return reservation{wait: wait, ok: ok, slot: time.Now().Add(wait)}
}

// checkSpaced fails unless the slots, in order, are at least spacing apart.
func checkSpaced(t *testing.T, what string, rs []reservation, spacing time.Duration) {
	t.Helper()
	slices.SortFunc(rs, func(a, b reservation) int { return a.slot.Compare(b.slot) })
	for i := 1; i < len(rs); i++ {
		if gap := rs[i].slot.Sub(rs[i-1].slot); gap < spacing-hostTolerance {
			t.Errorf("%s: slots %d and %d are %v apart, want at least %v (waits %v, %v)",
				what, i-1, i, gap, spacing, rs[i-1].wait, rs[i].wait)
		}
	}
}

// testHosts checks the shared per-host politeness: reservations of one host
// are spaced, concurrent ones get distinct slots, hosts are independent, a
// reservation beyond maxWait books nothing, and pruning forgets past hosts.
// No case sleeps or depends on how fast the backend is: slots are computed
// from the waits returned.
func testHosts(t *testing.T, s store.Store) {
	const spacing = 300 * time.Millisecond
	long := time.Hour

	t.Run("Sequential", func(t *testing.T) {
		var rs []reservation
		for range 4 {
			r := reserve(t, s, "seq.example", spacing, long)
			if !r.ok {
				t.Fatalf("reservation refused with maxWait %v (wait %v)", long, r.wait)
			}
			rs = append(rs, r)
		}
		if rs[0].wait > hostTolerance {
			t.Errorf("first reservation of a new host waits %v, want none", rs[0].wait)
		}
		checkSpaced(t, "sequential", rs, spacing)
		if last := rs[len(rs)-1].wait; last < 2*spacing {
			t.Errorf("fourth reservation waits %v, want about %v", last, 3*spacing)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		const n = 8
		rs := make([]reservation, n)
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				wait, ok, err := s.ReserveHost(t.Context(), "busy.example", spacing, long)
				switch {
				case err != nil:
					errs <- err
				case !ok:
					errs <- errors.New("reservation refused")
				}
				rs[i] = reservation{wait: wait, ok: ok, slot: time.Now().Add(wait)}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("concurrent ReserveHost: %v", err)
		}
		checkSpaced(t, "concurrent", rs, spacing)
		if span := rs[n-1].slot.Sub(rs[0].slot); span < (n-1)*spacing-hostTolerance {
			t.Errorf("%d concurrent slots span %v, want at least %v", n, span, (n-1)*spacing)
		}
	})

	t.Run("HostsIndependent", func(t *testing.T) {
		reserve(t, s, "a.example", long, long)
		if r := reserve(t, s, "b.example", long, long); !r.ok || r.wait > hostTolerance {
			t.Errorf("b.example after a.example: wait %v ok %v, want no wait", r.wait, r.ok)
		}
		if r := reserve(t, s, "a.example:8080", spacing, long); !r.ok || r.wait > hostTolerance {
			t.Errorf("a.example:8080 after a.example: wait %v ok %v, want no wait", r.wait, r.ok)
		}
	})

	t.Run("MaxWait", func(t *testing.T) {
		reserve(t, s, "slow.example", long, 0)
		for range 2 {
			r := reserve(t, s, "slow.example", long, time.Minute)
			if r.ok {
				t.Fatalf("reservation %v ahead accepted with maxWait 1m", r.wait)
			}
			// Refused reservations book nothing: the host stays free in an hour.
			if r.wait < long-time.Minute || r.wait > long {
				t.Errorf("refused reservation: wait %v, want about %v", r.wait, long)
			}
		}
		r := reserve(t, s, "slow.example", spacing, 2*long)
		if !r.ok || r.wait < long-time.Minute || r.wait > long {
			t.Errorf("reservation with maxWait 2h: wait %v ok %v, want about %v and booked", r.wait, r.ok, long)
		}
	})

	t.Run("ZeroSpacing", func(t *testing.T) {
		for range 3 {
			if r := reserve(t, s, "free.example", 0, 0); !r.ok || r.wait > hostTolerance {
				t.Errorf("zero spacing: wait %v ok %v, want no wait", r.wait, r.ok)
			}
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		for _, tc := range []struct {
			host             string
			spacing, maxWait time.Duration
		}{
			{"", spacing, long},
			{"x.example", -time.Second, long},
			{"x.example", spacing, -time.Second},
		} {
			if _, _, err := s.ReserveHost(t.Context(), tc.host, tc.spacing, tc.maxWait); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("ReserveHost(%q, %v, %v) error = %v, want ErrInvalid", tc.host, tc.spacing, tc.maxWait, err)
			}
		}
	})

	t.Run("Prune", func(t *testing.T) {
		reserve(t, s, "prune.example", long, long)
		if n, err := s.PruneHosts(t.Context(), time.Now().Add(-time.Minute)); err != nil || n != 0 {
			t.Errorf("PruneHosts(a minute ago) = %d, %v; want 0 (no host is free since then)", n, err)
		}
		if r := reserve(t, s, "prune.example", long, 0); r.ok {
			t.Errorf("prune.example free after pruning nothing")
		}
		n, err := s.PruneHosts(t.Context(), time.Now().Add(3*long))
		if err != nil || n == 0 {
			t.Fatalf("PruneHosts(in 3h) = %d, %v; want the hosts forgotten", n, err)
		}
		if r := reserve(t, s, "prune.example", long, 0); !r.ok || r.wait > hostTolerance {
			t.Errorf("pruned host: wait %v ok %v, want free now", r.wait, r.ok)
		}
	})
}
