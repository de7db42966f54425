package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/winnow-cti/winnow/internal/store"
)

// DefaultSchedule is how often a Scheduler looks for due sources.
const DefaultSchedule = time.Minute

// Scheduler queues a fetch job for each due source, at once and then every
// Every, for workers to run, so that nobody has to run "winnow fetch
// --queue" from cron. Any number of schedulers, in any number of processes,
// may share a queue: store.JobStore.EnqueueDueFetches never gives a source
// two unfinished fetch jobs, so extra schedulers cost a query each, not a
// fetch.
type Scheduler struct {
	Jobs store.JobStore
	// Every is the time between two looks; DefaultSchedule if zero.
	Every time.Duration
	// Now is the clock sources are due by; time.Now if nil.
	Now func() time.Time
	// Logger receives a line when jobs are queued or queueing fails;
	// slog.Default() if nil.
	Logger *slog.Logger
	// Ticked, if set, is called after each look with what it queued.
	Ticked func(q store.FetchEnqueue, err error)
}

// Run queues due sources' fetch jobs until ctx is canceled, then returns
// nil. A failure to reach the queue is logged and tried again next time.
func (s *Scheduler) Run(ctx context.Context) error {
	if s.Jobs == nil {
		return errors.New("pipeline: scheduler needs a job store")
	}
	every, now, log := s.Every, s.Now, s.Logger
	if every <= 0 {
		every = DefaultSchedule
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		q, err := s.Jobs.EnqueueDueFetches(ctx, now())
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			log.Warn("scheduler: queueing due sources failed", slog.Any("error", err))
		case len(q.Queued) > 0:
			log.Info("scheduler: fetch jobs queued", slog.Int("queued", len(q.Queued)), slog.Int("pending", q.Pending))
		}
		if s.Ticked != nil {
			s.Ticked(q, err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
