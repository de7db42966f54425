package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/store"
)

// Leases in these tests are short so expiry can be waited for; slack is
// how long past a lease a test sleeps to be sure it has run out.
const (
	shortLease = time.Second
	slack      = 500 * time.Millisecond
	longLease  = time.Minute
)

// testJobs runs the job queue cases against one store; each case enqueues
// and finishes its own jobs, so they run in order on a shared queue.
func testJobs(t *testing.T, s store.Store) {
	js, ok := s.(store.JobStore)
	if !ok {
		t.Fatalf("%T does not implement store.JobStore", s)
	}
	cases := []struct {
		name string
		run  func(t *testing.T, js store.JobStore)
	}{
		{"EnqueueClaimComplete", testJobLifecycle},
		{"Validation", testJobValidation},
		{"LeaseHolder", testJobLeaseHolder},
		{"LeaseExpiry", testJobLeaseExpiry},
		{"FailAndRetry", testJobFailRetry},
		{"ExpiredWithoutAttempts", testJobExpiredExhausted},
		{"RunAfter", testJobRunAfter},
		{"ConcurrentClaims", testJobConcurrentClaims},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.run(t, js)
			// Every case leaves the queue drained, so the next starts clean.
			if _, err := js.Claim(t.Context(), "sweeper", longLease); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("after the case: Claim = %v, want ErrNotFound (a job was left due)", err)
			}
		})
	}
}

func processJob(name, body string) store.NewJob {
	return store.NewJob{Kind: store.JobProcess, Payload: store.JobPayload{Document: &store.Document{
		Name: name, Raw: []byte(body), ContentType: "text/html", Title: "T " + name, Author: "A. Writer",
		Outlet: "Example News", URL: "https://news.example/" + name,
		Published: time.Date(2024, 3, 1, 14, 30, 0, 0, time.FixedZone("IST", 5*3600+1800)),
	}}}
}

func enqueue(t *testing.T, js store.JobStore, jobs ...store.NewJob) []int64 {
	t.Helper()
	ids, err := js.Enqueue(t.Context(), jobs...)
	if err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	if len(ids) != len(jobs) {
		t.Fatalf("Enqueue returned %d IDs for %d jobs", len(ids), len(jobs))
	}
	return ids
}

func claim(t *testing.T, js store.JobStore, worker string, lease time.Duration) store.Job {
	t.Helper()
	j, err := js.Claim(t.Context(), worker, lease)
	if err != nil {
		t.Fatalf("Claim(%s): %v", worker, err)
	}
	return j
}

func noneDue(t *testing.T, js store.JobStore, when string) {
	t.Helper()
	if j, err := js.Claim(t.Context(), "idle", longLease); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("%s: Claim = job %d, %v; want ErrNotFound", when, j.ID, err)
	}
}

func jobState(t *testing.T, js store.JobStore, id int64) store.Job {
	t.Helper()
	j, err := js.Job(t.Context(), id)
	if err != nil {
		t.Fatalf("Job(%d): %v", id, err)
	}
	return j
}

func testJobLifecycle(t *testing.T, js store.JobStore) {
	before, err := js.JobStats(t.Context())
	if err != nil {
		t.Fatalf("JobStats: %v", err)
	}
	doc := processJob("one.html", "<p>APT31 \x00\xff raw bytes</p>")
	fetch := store.NewJob{Kind: store.JobFetch, Payload: store.JobPayload{SourceID: 41, URL: "https://feeds.example/rss"}}
	ids := enqueue(t, js, doc, fetch, processJob("two.html", "<p>two</p>"))
	if ids[0] >= ids[1] || ids[1] >= ids[2] {
		t.Errorf("IDs %v are not ascending in enqueue order", ids)
	}
	start := time.Now()
	first := claim(t, js, "w1", longLease)
	if first.ID != ids[0] || first.State != store.JobRunning || first.WorkerID != "w1" || first.Attempts != 1 ||
		first.MaxAttempts != store.DefaultMaxAttempts {
		t.Errorf("first claim = %+v, want job %d running for w1, attempt 1 of %d", first, ids[0], store.DefaultMaxAttempts)
	}
	if d := first.LeasedUntil.Sub(start); d < longLease-5*time.Second || d > longLease+5*time.Second {
		t.Errorf("lease runs until %v, %v after the claim; want about %v", first.LeasedUntil, d, longLease)
	}
	got, want := first.Payload.Document, doc.Payload.Document
	if got == nil || got.Name != want.Name || !bytes.Equal(got.Raw, want.Raw) || got.ContentType != want.ContentType ||
		got.Title != want.Title || got.Author != want.Author || got.Outlet != want.Outlet || got.URL != want.URL ||
		!got.Published.Equal(want.Published) || first.Kind != store.JobProcess {
		t.Errorf("claimed payload = %+v, want %+v", got, want)
	}
	second := claim(t, js, "w2", longLease)
	if second.ID != ids[1] || second.Kind != store.JobFetch || second.Payload.URL != fetch.Payload.URL ||
		second.Payload.SourceID != 41 || second.Payload.Document != nil {
		t.Errorf("second claim = %+v, want the fetch job %d", second, ids[1])
	}
	third := claim(t, js, "w1", longLease)
	noneDue(t, js, "all claimed")

	mid, err := js.JobStats(t.Context())
	if err != nil || mid.Running != before.Running+3 || mid.Queued != before.Queued {
		t.Errorf("JobStats with three running = %+v, %v; before %+v", mid, err, before)
	}
	for _, j := range []store.Job{first, second, third} {
		if err := js.Complete(t.Context(), j.ID, j.WorkerID, fmt.Sprintf("result %d", j.ID)); err != nil {
			t.Errorf("Complete(%d): %v", j.ID, err)
		}
	}
	done := jobState(t, js, first.ID)
	if done.State != store.JobDone || done.Result != fmt.Sprintf("result %d", first.ID) || done.FinishedAt.IsZero() ||
		!done.LeasedUntil.IsZero() {
		t.Errorf("completed job = %+v, want done with its result", done)
	}
	after, err := js.JobStats(t.Context())
	if err != nil || after.Done != before.Done+3 || after.Running != before.Running {
		t.Errorf("JobStats after completing = %+v, %v; before %+v", after, err, before)
	}
	if got, was := after.ByKind[store.JobFetch], before.ByKind[store.JobFetch]; got.Done != was.Done+1 || got.Running != was.Running {
		t.Errorf("fetch jobs after completing one = %+v, before %+v", got, was)
	}
	if got, was := after.ByKind[store.JobProcess], before.ByKind[store.JobProcess]; got.Done != was.Done+2 {
		t.Errorf("process jobs after completing two = %+v, before %+v", got, was)
	}
	var sum store.JobCounts
	for _, c := range after.ByKind {
		sum.Add(c)
	}
	if sum != after.JobCounts {
		t.Errorf("JobStats by kind %+v do not add up to the totals %+v", after.ByKind, after.JobCounts)
	}
	list, err := js.ListJobs(t.Context(), store.JobFilter{Kind: store.JobFetch, State: store.JobDone})
	if err != nil || len(list) == 0 || list[0].ID != ids[1] {
		t.Errorf("ListJobs(fetch, done) = %v, %v; want job %d first", list, err, ids[1])
	}
	list, err = js.ListJobs(t.Context(), store.JobFilter{Limit: 2})
	if err != nil || len(list) != 2 || list[0].ID != ids[2] || list[1].ID != ids[1] {
		t.Errorf("ListJobs(limit 2) = %d jobs, %v; want the newest two, newest first", len(list), err)
	}
	if _, err := js.Job(t.Context(), ids[2]+1000); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Job(unknown) = %v, want ErrNotFound", err)
	}
}

func testJobValidation(t *testing.T, js store.JobStore) {
	before, err := js.JobStats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name string
		job  store.NewJob
	}{
		{"unknown kind", store.NewJob{Kind: "mine", Payload: store.JobPayload{SourceID: 1}}},
		{"process without document", store.NewJob{Kind: store.JobProcess}},
		{"process with empty document", store.NewJob{Kind: store.JobProcess, Payload: store.JobPayload{Document: &store.Document{Name: "e"}}}},
		{"fetch without a source", store.NewJob{Kind: store.JobFetch, Payload: store.JobPayload{URL: "https://x.example"}}},
		{"fetch with a document", store.NewJob{Kind: store.JobFetch, Payload: store.JobPayload{SourceID: 1,
			Document: &store.Document{Name: "d", Raw: []byte("x")}}}},
		{"negative attempts", store.NewJob{Kind: store.JobFetch, Payload: store.JobPayload{SourceID: 1}, MaxAttempts: -1}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			// A good job before the bad one must not be stored either.
			_, err := js.Enqueue(t.Context(), processJob("good.html", "fine"), tt.job)
			if !errors.Is(err, store.ErrInvalid) {
				t.Errorf("Enqueue = %v, want ErrInvalid", err)
			}
		})
	}
	if after, err := js.JobStats(t.Context()); err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("JobStats after refused enqueues = %+v, %v; want %+v", after, err, before)
	}
	for name, call := range map[string]func() error{
		"Claim without worker":  func() error { _, err := js.Claim(t.Context(), "", longLease); return err },
		"Claim with zero lease": func() error { _, err := js.Claim(t.Context(), "w", 0); return err },
		"Extend with negative lease": func() error {
			return js.Extend(t.Context(), 1, "w", -time.Second)
		},
		"ListJobs with negative limit": func() error { _, err := js.ListJobs(t.Context(), store.JobFilter{Limit: -1}); return err },
	} {
		if err := call(); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s = %v, want ErrInvalid", name, err)
		}
	}
}

// testJobLeaseHolder checks only the lease holder may finish a job.
func testJobLeaseHolder(t *testing.T, js store.JobStore) {
	ids := enqueue(t, js, processJob("held.html", "held"))
	j := claim(t, js, "holder", longLease)
	if j.ID != ids[0] {
		t.Fatalf("claimed %d, want %d", j.ID, ids[0])
	}
	calls := []struct {
		name string
		call func(worker string, id int64) error
	}{
		{"Extend", func(w string, id int64) error { return js.Extend(t.Context(), id, w, longLease) }},
		{"Complete", func(w string, id int64) error { return js.Complete(t.Context(), id, w, "r") }},
		{"Fail", func(w string, id int64) error { return js.Fail(t.Context(), id, w, "boom", 0) }},
	}
	for _, c := range calls {
		if err := c.call("intruder", j.ID); !errors.Is(err, store.ErrConflict) {
			t.Errorf("%s by another worker = %v, want ErrConflict", c.name, err)
		}
		if err := c.call("holder", j.ID+1000); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s of an unknown job = %v, want ErrNotFound", c.name, err)
		}
	}
	if err := js.Extend(t.Context(), j.ID, "holder", 2*longLease); err != nil {
		t.Errorf("Extend by the holder: %v", err)
	}
	if got := jobState(t, js, j.ID); !got.LeasedUntil.After(j.LeasedUntil) {
		t.Errorf("lease after Extend %v, not later than %v", got.LeasedUntil, j.LeasedUntil)
	}
	if err := js.Complete(t.Context(), j.ID, "holder", "ok"); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	for _, c := range calls {
		if err := c.call("holder", j.ID); !errors.Is(err, store.ErrConflict) {
			t.Errorf("%s of a finished job = %v, want ErrConflict", c.name, err)
		}
	}
	if got := jobState(t, js, j.ID); got.State != store.JobDone || got.Result != "ok" {
		t.Errorf("job = %+v, want done once with result ok", got)
	}
}

// testJobLeaseExpiry lets a worker's lease run out: another worker takes
// the job over and the first can no longer finish it.
func testJobLeaseExpiry(t *testing.T, js store.JobStore) {
	ids := enqueue(t, js, processJob("slow.html", "slow"))
	dead := claim(t, js, "dead", shortLease)
	noneDue(t, js, "lease running")
	time.Sleep(shortLease + slack)
	if st, err := js.JobStats(t.Context()); err != nil || st.Expired != 1 {
		t.Errorf("JobStats with the lease run out = %+v, %v; want 1 expired", st, err)
	}
	// Even the original holder cannot extend an expired lease.
	if err := js.Extend(t.Context(), dead.ID, "dead", longLease); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Extend of an expired lease = %v, want ErrConflict", err)
	}
	taken := claim(t, js, "alive", longLease)
	if taken.ID != ids[0] || taken.Attempts != 2 || taken.WorkerID != "alive" {
		t.Errorf("takeover claim = %+v, want job %d, attempt 2, worker alive", taken, ids[0])
	}
	if err := js.Complete(t.Context(), dead.ID, "dead", "late"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Complete by the worker that lost its lease = %v, want ErrConflict", err)
	}
	if err := js.Complete(t.Context(), taken.ID, "alive", "done"); err != nil {
		t.Errorf("Complete by the new holder: %v", err)
	}
	if got := jobState(t, js, ids[0]); got.State != store.JobDone || got.Result != "done" || got.WorkerID != "alive" {
		t.Errorf("job = %+v, want done by alive", got)
	}
}

func testJobFailRetry(t *testing.T, js store.JobStore) {
	job := processJob("flaky.html", "flaky")
	job.MaxAttempts = 3
	ids := enqueue(t, js, job)

	j := claim(t, js, "w", longLease)
	if err := js.Fail(t.Context(), j.ID, "w", "first failure", 0); err != nil {
		t.Fatalf("Fail: %v", err)
	}
	got := jobState(t, js, ids[0])
	if got.State != store.JobQueued || got.LastError != "first failure" || !got.LeasedUntil.IsZero() {
		t.Errorf("after a retryable failure: %+v, want queued with the error", got)
	}
	j = claim(t, js, "w", longLease)
	if j.ID != ids[0] || j.Attempts != 2 {
		t.Fatalf("retry claim = %+v, want job %d, attempt 2", j, ids[0])
	}
	if err := js.Fail(t.Context(), j.ID, "w", "later", time.Hour); err != nil {
		t.Fatalf("Fail: %v", err)
	}
	noneDue(t, js, "retry delayed an hour")
	if got := jobState(t, js, ids[0]); got.State != store.JobQueued || got.RunAfter.Before(time.Now().Add(50*time.Minute)) {
		t.Errorf("delayed retry = %+v, want queued to run in an hour", got)
	}

	// Retry immediately, then run out of attempts.
	again := processJob("doomed.html", "doomed")
	again.MaxAttempts = 2
	id := enqueue(t, js, again)[0]
	for attempt := 1; attempt <= 2; attempt++ {
		j := claim(t, js, "w", longLease)
		if j.ID != id || j.Attempts != attempt {
			t.Fatalf("attempt %d: claimed %+v", attempt, j)
		}
		if err := js.Fail(t.Context(), id, "w", fmt.Sprintf("failure %d", attempt), 0); err != nil {
			t.Fatal(err)
		}
	}
	if got := jobState(t, js, id); got.State != store.JobFailed || got.LastError != "failure 2" || got.FinishedAt.IsZero() {
		t.Errorf("job out of attempts = %+v, want failed", got)
	}

	// NoRetry fails at once whatever attempts are left.
	id = enqueue(t, js, processJob("broken.html", "broken"))[0]
	j = claim(t, js, "w", longLease)
	if err := js.Fail(t.Context(), j.ID, "w", "unparseable", store.NoRetry); err != nil {
		t.Fatal(err)
	}
	if got := jobState(t, js, id); got.State != store.JobFailed || got.Attempts != 1 {
		t.Errorf("job failed for good = %+v, want failed after 1 attempt", got)
	}
	failed, err := js.ListJobs(t.Context(), store.JobFilter{State: store.JobFailed})
	if err != nil || len(failed) != 2 {
		t.Errorf("ListJobs(failed) = %d jobs, %v; want 2", len(failed), err)
	}
	// The delayed job stays queued; it is not due, so later cases never see it.
	if got := jobState(t, js, ids[0]); got.State != store.JobQueued {
		t.Errorf("delayed job = %s, want still queued", got.State)
	}
}

// testJobExpiredExhausted: a job whose worker dies on its last attempt is
// failed, not handed out again.
func testJobExpiredExhausted(t *testing.T, js store.JobStore) {
	job := processJob("poison.html", "poison")
	job.MaxAttempts = 1
	id := enqueue(t, js, job)[0]
	claim(t, js, "victim", shortLease)
	time.Sleep(shortLease + slack)
	noneDue(t, js, "lease expired with no attempts left")
	got := jobState(t, js, id)
	if got.State != store.JobFailed || got.LastError == "" || got.FinishedAt.IsZero() {
		t.Errorf("job = %+v, want failed with the reason", got)
	}
}

func testJobRunAfter(t *testing.T, js store.JobStore) {
	later := store.NewJob{Kind: store.JobFetch, Payload: store.JobPayload{SourceID: 1, URL: "https://later.example"},
		RunAfter: time.Now().Add(time.Hour)}
	soon := store.NewJob{Kind: store.JobFetch, Payload: store.JobPayload{SourceID: 2, URL: "https://soon.example"},
		RunAfter: time.Now().Add(shortLease)}
	ids := enqueue(t, js, later, soon)
	noneDue(t, js, "nothing due yet")
	time.Sleep(shortLease + slack)
	j := claim(t, js, "w", longLease)
	if j.ID != ids[1] {
		t.Errorf("claimed %d, want the job due soon (%d)", j.ID, ids[1])
	}
	if err := js.Complete(t.Context(), j.ID, "w", ""); err != nil {
		t.Fatal(err)
	}
	if got := jobState(t, js, ids[0]); got.State != store.JobQueued {
		t.Errorf("job due in an hour = %s, want queued", got.State)
	}
}

// testJobConcurrentClaims has workers drain a queue at once: every job is
// claimed and completed exactly once.
func testJobConcurrentClaims(t *testing.T, js store.JobStore) {
	const jobs, workers = 60, 6
	var batch []store.NewJob
	for i := range jobs {
		batch = append(batch, processJob(fmt.Sprintf("bulk-%d.html", i), fmt.Sprintf("body %d", i)))
	}
	ids := enqueue(t, js, batch...)
	var mu sync.Mutex
	claimedBy := map[int64][]string{}
	var wg sync.WaitGroup
	for w := range workers {
		worker := fmt.Sprintf("worker-%d", w)
		wg.Go(func() {
			for {
				j, err := js.Claim(t.Context(), worker, longLease)
				if errors.Is(err, store.ErrNotFound) {
					return
				}
				if err != nil {
					t.Errorf("%s: Claim: %v", worker, err)
					return
				}
				mu.Lock()
				claimedBy[j.ID] = append(claimedBy[j.ID], worker)
				mu.Unlock()
				if err := js.Complete(t.Context(), j.ID, worker, worker); err != nil {
					t.Errorf("%s: Complete(%d): %v", worker, j.ID, err)
				}
			}
		})
	}
	wg.Wait()
	for _, id := range ids {
		if len(claimedBy[id]) != 1 {
			t.Errorf("job %d claimed by %v, want exactly one worker", id, claimedBy[id])
			continue
		}
		if got := jobState(t, js, id); got.State != store.JobDone || got.Result != claimedBy[id][0] {
			t.Errorf("job %d = %s with result %q, want done by %s", id, got.State, got.Result, claimedBy[id][0])
		}
	}
}
