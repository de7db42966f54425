package pipeline

import (
	"context"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest/fetch"
	"github.com/winnow-cti/winnow/internal/store"
)

// HostGate shares a fetch client's per-host politeness through hosts: set
// as fetch.Options.Gate, it makes the clients of every process using the
// same store (workers on many machines sharing PostgreSQL, or several on one
// SQLite file) space their requests to a host together, instead of each
// keeping its own delay in memory.
func HostGate(hosts store.HostStore) fetch.HostGate { return hostGate{hosts} }

type hostGate struct{ hosts store.HostStore }

func (g hostGate) Reserve(ctx context.Context, host string, spacing, maxWait time.Duration) (time.Duration, bool, error) {
	return g.hosts.ReserveHost(ctx, host, spacing, maxWait)
}
