package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
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
		{"worker", "--schedule", "10ms"},
		{"worker", "--timeout", "0"},
		{"jobs", "--kind", "sleep"},
		{"worker", "extra"},
		{"jobs", "--state", "sleeping"},
	} {
		if code, _, _ := winnow(t, db, "", args...); code != 2 {
			t.Errorf("winnow %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}

// runWorkerUntil runs `winnow worker args...` on db until done reports
// true, then stops it and returns its stdout.
func runWorkerUntil(t *testing.T, db string, done func() bool, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(k string) string {
			if k == "WINNOW_DB" {
				return db
			}
			return ""
		}}
	exit := make(chan int, 1)
	go func() { exit <- run(ctx, append([]string{"worker"}, args...), env) }()
	deadline := time.Now().Add(2 * time.Minute)
	for !done() {
		if time.Now().After(deadline) {
			cancel()
			<-exit
			t.Fatalf("worker did not finish in time:\n%s", stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	if code := <-exit; code != 0 {
		t.Errorf("worker exit %d: %s", code, stderr.String())
	}
	return stdout.String()
}

// TestFetchQueue queues the due sources with `fetch --queue`, twice, and
// lets `worker` fetch them.
func TestFetchQueue(t *testing.T) {
	backends := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "queue.db") },
		"postgres": func(t *testing.T) string { return pgtest.Schema(t) },
	}
	for name, newDB := range backends {
		t.Run(name, func(t *testing.T) {
			srv := newsSite(t)
			db := newDB(t)
			if code, _, errOut := winnow(t, db, "", "source", "add", srv.URL+"/feed.xml"); code != 0 {
				t.Fatal(errOut)
			}
			steps := []struct {
				args []string
				code int
				out  string
			}{
				{[]string{"fetch", "--queue"}, 0, "1 fetch jobs queued, 0 due sources already queued"},
				{[]string{"fetch", "--queue"}, 0, "0 fetch jobs queued, 1 due sources already queued"},
				{[]string{"fetch", "--queue", "--json"}, 0, `"pending": 1`},
				{[]string{"jobs", "--kind", "fetch"}, 0, "source 1 " + srv.URL + "/feed.xml"},
				{[]string{"fetch", "--queue", srv.URL + "/story.html"}, 2, "--queue takes no URL"},
				{[]string{"jobs", "--kind", "sleep"}, 2, "want process or fetch"},
			}
			for _, s := range steps {
				code, out, errOut := winnow(t, db, "", s.args...)
				if code != s.code || !strings.Contains(out+errOut, s.out) {
					t.Errorf("winnow %s: exit %d, %q, %q; want exit %d and %q", strings.Join(s.args, " "), code, out, errOut, s.code, s.out)
				}
			}
			if js := jobCounts(t, db); js.Queued != 1 || js.ByKind[store.JobFetch].Queued != 1 || stats(t, db).Articles != 0 {
				t.Fatalf("before the worker: %+v, %d articles; want one queued fetch job and no articles", js, stats(t, db).Articles)
			}
			_, out, _ := winnow(t, db, "", "jobs")
			if !regexp.MustCompile(`(?m)^queued\s+1\s+0\s+1$`).MatchString(out) {
				t.Errorf("jobs: want one queued fetch job in the counts:\n%s", out)
			}

			runWorkerUntil(t, db, func() bool { return jobCounts(t, db).Done == 1 },
				"--allow-private", "--host-delay", "0", "--schedule", "0", "--id", "fetcher")
			if js := jobCounts(t, db); js.Done != 1 || js.Failed != 0 || js.Queued != 0 {
				t.Errorf("jobs after the worker: %+v", js)
			}
			src := listSources(t, db)[0]
			if src.Items != 2 || src.LastError != "" || src.LastFetchedAt.IsZero() || !src.NextFetchAt.After(src.LastFetchedAt) {
				t.Errorf("source after the fetch job: %+v", src)
			}
			_, out, _ = winnow(t, db, "", "jobs", "--kind", "fetch", "--state", "done")
			if !strings.Contains(out, "2 entries: 2 new") || !strings.Contains(out, "fetcher") {
				t.Errorf("jobs --kind fetch --state done:\n%s", out)
			}
			// Fetched: not due again until its interval has passed.
			if _, out, _ := winnow(t, db, "", "fetch", "--queue"); !strings.Contains(out, "0 fetch jobs queued, 0 due sources already queued") {
				t.Errorf("fetch --queue after the fetch:\n%s", out)
			}
		})
	}
}

// TestWorkerSchedules runs a worker with nothing queued: its scheduler
// queues the due source and it fetches it, once.
func TestWorkerSchedules(t *testing.T) {
	srv := newsSite(t)
	db := filepath.Join(t.TempDir(), "w.db")
	if code, _, errOut := winnow(t, db, "", "source", "add", srv.URL+"/feed.xml"); code != 0 {
		t.Fatal(errOut)
	}
	runWorkerUntil(t, db, func() bool { return stats(t, db).Articles == 2 && jobCounts(t, db).Done == 1 },
		"--allow-private", "--host-delay", "0", "--schedule", "1s", "--concurrency", "2")
	// Give the scheduler a few more looks: the source is not due again.
	runWorkerUntil(t, db, func() bool { time.Sleep(1500 * time.Millisecond); return true },
		"--allow-private", "--schedule", "1s")
	if js := jobCounts(t, db); js.Done != 1 || js.Queued+js.Running+js.Failed != 0 {
		t.Errorf("jobs = %+v, want the one fetch job, done", js)
	}
	if src := listSources(t, db)[0]; src.Items != 2 || src.LastError != "" {
		t.Errorf("source = %+v", src)
	}
}
