package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/store"
	"github.com/winnow-cti/winnow/internal/store/postgres/pgtest"
)

// jobCounts reads the queue's counts through `winnow jobs --json`.
func jobCounts(t *testing.T, db string) store.JobStats {
	t.Helper()
	code, out, errOut := winnow(t, db, "", "jobs", "--json")
	if code != 0 {
		t.Fatalf("jobs: exit %d: %s", code, errOut)
	}
	var js store.JobStats
	if err := json.Unmarshal([]byte(out), &js); err != nil {
		t.Fatalf("jobs --json: %v in %q", err, out)
	}
	return js
}

// TestQueueAndWorker queues the corpus with `ingest --queue`, drains it with
// `worker --concurrency 2`, and checks the result matches processing inline.
func TestQueueAndWorker(t *testing.T) {
	backends := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "queue.db") },
		"postgres": func(t *testing.T) string { return pgtest.Schema(t) },
	}
	for name, newDB := range backends {
		t.Run(name, func(t *testing.T) {
			dir := corpusDir(t)
			db := newDB(t)
			code, out, errOut := winnow(t, db, "", "ingest", "--queue", dir)
			if code != 0 || !strings.Contains(out, "documents queued, 0 failed") {
				t.Fatalf("ingest --queue: exit %d, %q, %q", code, out, errOut)
			}
			queued := jobCounts(t, db).Queued
			if queued == 0 || stats(t, db).Articles != 0 {
				t.Fatalf("after queueing: %d queued, %d articles; want jobs and no articles yet", queued, stats(t, db).Articles)
			}

			ctx, cancel := context.WithCancel(t.Context())
			var stdout, stderr bytes.Buffer
			env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
				Getenv: func(k string) string {
					if k == "WINNOW_DB" {
						return db
					}
					return ""
				}}
			exit := make(chan int)
			go func() {
				exit <- run(ctx, []string{"worker", "--concurrency", "2", "--lease", "30s", "--id", "cli-test"}, env)
			}()
			deadline := time.Now().Add(2 * time.Minute)
			for js := jobCounts(t, db); js.Done+js.Failed < queued; js = jobCounts(t, db) {
				if time.Now().After(deadline) {
					cancel()
					t.Fatalf("queue not drained: %+v", js)
				}
				time.Sleep(100 * time.Millisecond)
			}
			cancel()
			if code := <-exit; code != 0 {
				t.Errorf("worker exit %d: %s", code, stderr.String())
			}
			if !strings.Contains(stdout.String(), "worker cli-test stopped:") {
				t.Errorf("worker printed %q, want its summary", stdout.String())
			}
			if js := jobCounts(t, db); js.Done != queued || js.Failed != 0 {
				t.Errorf("jobs = %+v, want all %d done", js, queued)
			}

			inline := filepath.Join(t.TempDir(), "inline.db")
			if code, _, errOut := winnow(t, inline, "", "ingest", dir); code != 0 {
				t.Fatalf("inline ingest: exit %d: %s", code, errOut)
			}
			if got, want := stats(t, db).Articles, stats(t, inline).Articles; got != want {
				t.Errorf("workers stored %d articles, inline ingest %d", got, want)
			}

			code, out, _ = winnow(t, db, "", "jobs", "--state", "done", "--limit", "3")
			if code != 0 || strings.Count(out, "cli-test-") != 3 {
				t.Errorf("jobs --state done: exit %d:\n%s", code, out)
			}
		})
	}
}

func TestWorkerUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	for _, args := range [][]string{
		{"worker", "--concurrency", "0"},
		{"worker", "--lease", "10ms"},
		{"worker", "extra"},
		{"jobs", "--state", "sleeping"},
	} {
		if code, _, _ := winnow(t, db, "", args...); code != 2 {
			t.Errorf("winnow %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}
