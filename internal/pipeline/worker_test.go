package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest"
	"github.com/winnow-cti/winnow/internal/store"
	"github.com/winnow-cti/winnow/internal/store/sqlite"
)

func memoryStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// fakeProcessor answers each document by name.
type fakeProcessor struct {
	mu    sync.Mutex
	calls map[string]int
	fn    func(ctx context.Context, name string, call int) (Outcome, error)
}

func (f *fakeProcessor) Process(ctx context.Context, it ingest.Item) (Outcome, error) {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[it.Name]++
	call := f.calls[it.Name]
	f.mu.Unlock()
	return f.fn(ctx, it.Name, call)
}

func enqueueNames(t *testing.T, js store.JobStore, names ...string) map[string]int64 {
	t.Helper()
	var jobs []store.NewJob
	for _, n := range names {
		jobs = append(jobs, ProcessJob(ingest.Item{Name: n, Raw: []byte("text of " + n), ContentType: ingest.TypeText}))
	}
	ids, err := js.Enqueue(t.Context(), jobs...)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for i, n := range names {
		out[n] = ids[i]
	}
	return out
}

func job(t *testing.T, js store.JobStore, id int64) store.Job {
	t.Helper()
	j, err := js.Job(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// TestWorkerOutcomes runs one job per case through RunOne and checks what
// the queue records.
func TestWorkerOutcomes(t *testing.T) {
	transient := errors.New("database unreachable")
	tests := []struct {
		name      string
		fn        func(ctx context.Context, name string, call int) (Outcome, error)
		runs      int // RunOne calls
		wantState store.JobState
		attempts  int
		wantError string
	}{
		{"completed", func(context.Context, string, int) (Outcome, error) {
			return Outcome{ArticleID: 7, Status: "created"}, nil
		}, 1, store.JobDone, 1, ""},
		{"retried after a transient failure", func(_ context.Context, _ string, call int) (Outcome, error) {
			if call == 1 {
				return Outcome{}, transient
			}
			return Outcome{ArticleID: 8, Status: "created"}, nil
		}, 2, store.JobDone, 2, ""},
		{"invalid input is not retried", func(context.Context, string, int) (Outcome, error) {
			return Outcome{}, fmt.Errorf("saving: %w: Article.Text: empty", store.ErrInvalid)
		}, 1, store.JobFailed, 1, "Article.Text"},
		{"gives up after max attempts", func(context.Context, string, int) (Outcome, error) {
			return Outcome{}, transient
		}, 3, store.JobFailed, 3, "unreachable"},
		{"a panic fails the job, not the worker", func(context.Context, string, int) (Outcome, error) {
			var words []string
			_ = words[3]
			return Outcome{}, nil
		}, 1, store.JobFailed, 1, "panicked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := memoryStore(t)
			id, err := st.Enqueue(t.Context(), store.NewJob{Kind: store.JobProcess, MaxAttempts: 3,
				Payload: store.JobPayload{Document: &store.Document{Name: "doc", Raw: []byte("x")}}})
			if err != nil {
				t.Fatal(err)
			}
			var finished []error
			w := &Worker{Jobs: st, Processor: &fakeProcessor{fn: tt.fn}, ID: "w", Lease: time.Minute,
				Backoff:  func(int) time.Duration { return 0 },
				Finished: func(_ store.Job, _ JobResult, err error) { finished = append(finished, err) }}
			for range tt.runs {
				if worked, err := w.RunOne(t.Context()); !worked || err != nil {
					t.Fatalf("RunOne = %v, %v; want a job run", worked, err)
				}
			}
			if worked, err := w.RunOne(t.Context()); worked || err != nil {
				t.Errorf("RunOne on a drained queue = %v, %v; want nothing to do", worked, err)
			}
			j := job(t, st, id[0])
			if j.State != tt.wantState || j.Attempts != tt.attempts {
				t.Errorf("job = %s after %d attempts, want %s after %d", j.State, j.Attempts, tt.wantState, tt.attempts)
			}
			if !strings.Contains(j.LastError, tt.wantError) {
				t.Errorf("last error %q does not say %q", j.LastError, tt.wantError)
			}
			if len(finished) != tt.runs || (tt.wantState == store.JobDone) != (finished[len(finished)-1] == nil) {
				t.Errorf("Finished reported %v", finished)
			}
			if tt.wantState == store.JobDone && !strings.Contains(j.Result, `"article_id":`) {
				t.Errorf("result %q does not carry the outcome", j.Result)
			}
		})
	}
}

// TestWorkerStopHandsJobBack cancels a worker mid-job: Run returns and the
// job is queued again for another worker, not left to its lease.
func TestWorkerStopHandsJobBack(t *testing.T) {
	st := memoryStore(t)
	ids := enqueueNames(t, st, "slow")
	started := make(chan struct{})
	proc := &fakeProcessor{fn: func(ctx context.Context, _ string, _ int) (Outcome, error) {
		close(started)
		<-ctx.Done()
		return Outcome{}, ctx.Err()
	}}
	ctx, cancel := context.WithCancel(t.Context())
	w := &Worker{Jobs: st, Processor: proc, ID: "stopping", Lease: time.Minute, Idle: 10 * time.Millisecond}
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	<-started
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil on cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	j := job(t, st, ids["slow"])
	if j.State != store.JobQueued || !strings.Contains(j.LastError, "worker stopped") {
		t.Errorf("job after stop = %s (%q), want queued again", j.State, j.LastError)
	}
	if taken, err := st.Claim(t.Context(), "next", time.Minute); err != nil || taken.ID != j.ID {
		t.Errorf("Claim after stop = %v, %v; want the job at once", taken.ID, err)
	}
}

// lossyJobs is a job store whose lease renewals report the lease lost.
type lossyJobs struct{ store.JobStore }

func (lossyJobs) Extend(context.Context, int64, string, time.Duration) error {
	return fmt.Errorf("renew: %w", store.ErrConflict)
}

// TestWorkerLostLease: when renewing shows another worker has the job, the
// job's context is canceled and the worker neither completes nor fails it.
func TestWorkerLostLease(t *testing.T) {
	st := memoryStore(t)
	ids := enqueueNames(t, st, "contested")
	proc := &fakeProcessor{fn: func(ctx context.Context, _ string, _ int) (Outcome, error) {
		select {
		case <-ctx.Done():
			return Outcome{}, context.Cause(ctx)
		case <-time.After(10 * time.Second):
			return Outcome{Status: "created"}, nil
		}
	}}
	var got error
	w := &Worker{Jobs: lossyJobs{st}, Processor: proc, ID: "loser", Lease: 150 * time.Millisecond,
		Finished: func(_ store.Job, _ JobResult, err error) { got = err }}
	start := time.Now()
	if worked, err := w.RunOne(t.Context()); !worked || err != nil {
		t.Fatalf("RunOne = %v, %v", worked, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("RunOne took %v; the lost lease should have stopped the job", d)
	}
	if !errors.Is(got, ErrLeaseLost) {
		t.Errorf("Finished with %v, want ErrLeaseLost", got)
	}
	if j := job(t, st, ids["contested"]); j.State != store.JobRunning || j.LastError != "" {
		t.Errorf("job = %s (%q), want left running for whoever holds it", j.State, j.LastError)
	}
}

// TestWorkerRenewsLease runs a job longer than its lease: renewals keep
// other workers from taking it over.
func TestWorkerRenewsLease(t *testing.T) {
	st := memoryStore(t)
	ids := enqueueNames(t, st, "long")
	// Two seconds, not one: renewals come every third of the lease, and a
	// loaded machine once delayed one past a one-second lease.
	const lease = 2 * time.Second
	stole := make(chan error, 1)
	proc := &fakeProcessor{fn: func(ctx context.Context, _ string, _ int) (Outcome, error) {
		time.Sleep(5 * lease / 2)
		_, err := st.Claim(ctx, "thief", lease)
		stole <- err
		return Outcome{Status: "created"}, nil
	}}
	w := &Worker{Jobs: st, Processor: proc, ID: "owner", Lease: lease}
	if _, err := w.RunOne(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := <-stole; !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another worker's Claim during the job = %v, want ErrNotFound", err)
	}
	if j := job(t, st, ids["long"]); j.State != store.JobDone || j.Attempts != 1 || j.WorkerID != "owner" {
		t.Errorf("job = %+v, want done by its first worker", j)
	}
}

func TestRetryBackoff(t *testing.T) {
	for _, tt := range []struct {
		attempt int
		want    time.Duration
	}{{1, 10 * time.Second}, {2, 20 * time.Second}, {4, 80 * time.Second}, {10, 10 * time.Minute}, {100, 10 * time.Minute}} {
		if got := RetryBackoff(tt.attempt); got != tt.want {
			t.Errorf("RetryBackoff(%d) = %v, want %v", tt.attempt, got, tt.want)
		}
	}
}

func TestJobItemRoundTrip(t *testing.T) {
	it := ingest.Item{Name: "feed.xml#3", Raw: []byte("<p>x</p>"), ContentType: ingest.TypeHTML, Title: "T",
		Author: "A", Outlet: "O", URL: "https://o.example/x", Published: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	j := ProcessJob(it)
	if _, err := store.ValidateNewJob(j); err != nil {
		t.Fatalf("ProcessJob made an invalid job: %v", err)
	}
	back := ItemFromDocument(j.Payload.Document)
	if back.Name != it.Name || string(back.Raw) != string(it.Raw) || back.ContentType != it.ContentType ||
		back.Title != it.Title || back.Author != it.Author || back.Outlet != it.Outlet || back.URL != it.URL ||
		!back.Published.Equal(it.Published) {
		t.Errorf("round trip = %+v, want %+v", back, it)
	}
}
