package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// enqueueDue runs EnqueueDueFetches and checks which sources got a job.
func enqueueDue(t *testing.T, js store.JobStore, dueBy time.Time, wantSources []int64, wantPending int) []store.Job {
	t.Helper()
	got, err := js.EnqueueDueFetches(t.Context(), dueBy)
	if err != nil {
		t.Fatalf("EnqueueDueFetches: %v", err)
	}
	var sources []int64
	for _, j := range got.Queued {
		sources = append(sources, j.Payload.SourceID)
		if j.Kind != store.JobFetch || j.State != store.JobQueued || j.ID == 0 || j.Attempts != 0 ||
			j.MaxAttempts != store.DefaultMaxAttempts || j.Payload.URL == "" || j.Payload.Document != nil {
			t.Errorf("queued job %+v, want a fresh fetch job naming its source and URL", j)
		}
	}
	if !slices.Equal(sources, wantSources) || got.Pending != wantPending {
		t.Fatalf("EnqueueDueFetches queued jobs for sources %v with %d pending; want %v with %d pending",
			sources, got.Pending, wantSources, wantPending)
	}
	return got.Queued
}

// testFetchJobs checks EnqueueDueFetches: a job per due source, none for a
// source whose fetch job is queued, running or about to be taken over, and
// none twice when callers race.
func testFetchJobs(t *testing.T, s store.Store) {
	js, ok := s.(store.JobStore)
	if !ok {
		t.Fatalf("%T does not implement store.JobStore", s)
	}
	ctx := t.Context()
	now := time.Now()
	never := addSource(t, s, model.Source{URL: "https://fetch-jobs.example/never", Kind: model.SourceFeed})
	overdue := addSource(t, s, model.Source{URL: "https://fetch-jobs.example/overdue", Kind: model.SourceFeed})
	later := addSource(t, s, model.Source{URL: "https://fetch-jobs.example/later", Kind: model.SourcePage})
	for _, u := range []struct {
		id   int64
		next time.Time
	}{{overdue.ID, now.Add(-time.Minute)}, {later.ID, now.Add(time.Hour)}} {
		if err := s.UpdateSourceFetch(ctx, u.id, store.SourceFetch{FetchedAt: now.Add(-time.Hour), NextFetchAt: u.next}); err != nil {
			t.Fatal(err)
		}
	}

	queued := enqueueDue(t, js, now, []int64{never.ID, overdue.ID}, 0)
	if queued[0].Payload.URL != never.URL || queued[1].Payload.URL != overdue.URL {
		t.Errorf("queued URLs %q, %q; want the sources'", queued[0].Payload.URL, queued[1].Payload.URL)
	}
	if stored := jobState(t, js, queued[1].ID); stored.Payload.SourceID != overdue.ID || stored.Kind != store.JobFetch {
		t.Errorf("stored job %+v, want the fetch of source %d", stored, overdue.ID)
	}
	enqueueDue(t, js, now, nil, 2) // both already queued

	// Running, and running past its lease, still count: the job is being
	// worked on, or is about to be taken over.
	first := claim(t, js, "w1", shortLease)
	second := claim(t, js, "w1", longLease)
	if first.ID != queued[0].ID || second.ID != queued[1].ID {
		t.Fatalf("claimed jobs %d and %d, want %d and %d", first.ID, second.ID, queued[0].ID, queued[1].ID)
	}
	enqueueDue(t, js, now, nil, 2)
	time.Sleep(shortLease + slack)
	enqueueDue(t, js, now, nil, 2)
	taken := claim(t, js, "w2", longLease)
	if taken.ID != first.ID {
		t.Fatalf("takeover claimed job %d, want %d", taken.ID, first.ID)
	}
	if err := js.Complete(ctx, taken.ID, "w2", "fetched"); err != nil {
		t.Fatal(err)
	}
	// Finished: a source still due gets a new job.
	again := enqueueDue(t, js, now, []int64{never.ID}, 1)

	// A job waiting to be retried is unfinished; one failed for good is not.
	if err := js.Fail(ctx, second.ID, "w1", "try later", time.Hour); err != nil {
		t.Fatal(err)
	}
	if j := claim(t, js, "w3", longLease); j.ID != again[0].ID {
		t.Fatalf("claimed job %d, want %d", j.ID, again[0].ID)
	}
	if err := js.Fail(ctx, again[0].ID, "w3", "broken", store.NoRetry); err != nil {
		t.Fatal(err)
	}
	enqueueDue(t, js, now, []int64{never.ID}, 1)

	// Sources come due by their own times.
	enqueueDue(t, js, now.Add(2*time.Hour), []int64{later.ID}, 2)

	// Callers racing each other, as schedulers in several processes do.
	var fresh []int64
	for i := range 12 {
		fresh = append(fresh, addSource(t, s, model.Source{URL: fmt.Sprintf("https://fetch-jobs.example/race-%d", i),
			Kind: model.SourceFeed}).ID)
	}
	const callers = 8
	var (
		mu     sync.Mutex
		byCall [][]int64
		wg     sync.WaitGroup
	)
	for range callers {
		wg.Go(func() {
			got, err := js.EnqueueDueFetches(ctx, now)
			if err != nil {
				t.Errorf("concurrent EnqueueDueFetches: %v", err)
				return
			}
			var ids []int64
			for _, j := range got.Queued {
				ids = append(ids, j.Payload.SourceID)
			}
			mu.Lock()
			byCall = append(byCall, ids)
			mu.Unlock()
		})
	}
	wg.Wait()
	count := map[int64]int{}
	for _, ids := range byCall {
		for _, id := range ids {
			count[id]++
		}
	}
	for _, id := range fresh {
		if count[id] != 1 {
			t.Errorf("source %d got %d fetch jobs from %d racing callers, want 1", id, count[id], callers)
		}
	}
	if len(count) != len(fresh) {
		t.Errorf("racing callers queued jobs for %d sources, want only the %d new ones", len(count), len(fresh))
	}
	unfinished, err := js.ListJobs(ctx, store.JobFilter{Kind: store.JobFetch, State: store.JobQueued, Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	perSource := map[int64]int{}
	for _, j := range unfinished {
		perSource[j.Payload.SourceID]++
		if perSource[j.Payload.SourceID] > 1 {
			t.Errorf("source %d has %d queued fetch jobs", j.Payload.SourceID, perSource[j.Payload.SourceID])
		}
	}

	if _, err := js.EnqueueDueFetches(ctx, time.Time{}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("EnqueueDueFetches(zero time) = %v, want ErrInvalid", err)
	}
}
