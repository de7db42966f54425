package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/corpus"
	"github.com/winnow-cti/winnow/internal/ingest"
	"github.com/winnow-cti/winnow/internal/ingest/fetch"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
	"github.com/winnow-cti/winnow/internal/store"
	"github.com/winnow-cti/winnow/internal/store/postgres"
	"github.com/winnow-cti/winnow/internal/store/postgres/pgtest"
)

// Environment of a worker child process (see TestWorkerChild).
const (
	envChildURL   = "WINNOW_WORKER_CHILD_URL"
	envChildID    = "WINNOW_WORKER_CHILD_ID"
	envChildStall = "WINNOW_WORKER_CHILD_STALL"
	childLease    = 1500 * time.Millisecond
)

// TestWorkerChild is not a test of its own: TestWorkersSurviveAKill and
// TestFetchJobSurvivesAKill run the test binary again with this test
// selected to get worker processes. Each prints "DONE <job> <status>
// <article>" when it completes a process job and "FETCHED <job> <created>
// <known> <unchanged>" when it completes a fetch job. A stalling child
// processes (and stores) its first document, prints "STALLED <job>", and
// hangs before completing it, for the parent to kill.
func TestWorkerChild(t *testing.T) {
	url := os.Getenv(envChildURL)
	if url == "" {
		t.Skip("helper process for TestWorkersSurviveAKill")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	st, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	kb, err := resolve.Load()
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(ctx, st, kb)
	if err != nil {
		t.Fatal(err)
	}
	var proc Processor = p
	if os.Getenv(envChildStall) != "" {
		proc = &stallingProcessor{next: p}
	}
	var out sync.Mutex
	w := &Worker{Jobs: st, Processor: proc, ID: os.Getenv(envChildID), Lease: childLease, Idle: 50 * time.Millisecond,
		Fetcher: Fetcher{Pipeline: p, Options: FetchOptions{Client: testClient(fetch.Options{})}},
		Finished: func(j store.Job, r JobResult, err error) {
			if err != nil {
				return
			}
			out.Lock()
			defer out.Unlock()
			if r.Fetch != nil {
				fmt.Printf("FETCHED %d %d %d %d\n", j.ID, r.Fetch.Created, r.Fetch.Known, r.Fetch.Unchanged)
				return
			}
			fmt.Printf("DONE %d %s %d\n", j.ID, r.Outcome.Status, r.Outcome.ArticleID)
		}}
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// stallingProcessor stores its first document, announces it and hangs.
type stallingProcessor struct {
	next Processor
	once sync.Once
}

func (s *stallingProcessor) Process(ctx context.Context, it ingest.Item) (Outcome, error) {
	out, err := s.next.Process(ctx, it)
	stall := false
	s.once.Do(func() { stall = true })
	if stall && err == nil {
		fmt.Printf("STALLED %s\n", it.Name)
		select {} // until SIGKILL
	}
	return out, err
}

// child is a worker process and what it printed.
type child struct {
	cmd   *exec.Cmd
	lines chan string
	done  chan struct{}
}

func startChild(t *testing.T, url, id string, stall bool) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envChildURL+"="+url, envChildID+"="+id)
	if stall {
		cmd.Env = append(cmd.Env, envChildStall+"=1")
	}
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, lines: make(chan string, 1000), done: make(chan struct{})}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { cmd.Wait(); close(c.done) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-c.done
	})
	return c
}

// TestWorkersSurviveAKill runs three worker processes on one PostgreSQL
// queue holding the sample corpus. The first stores its first article and
// is killed (SIGKILL) before completing that job; the other two take the job
// over once its lease runs out. Every job must be completed exactly once and
// every article stored exactly once.
func TestWorkersSurviveAKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	url := pgtest.Schema(t)
	ctx := t.Context()
	st, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	items, errs := ingest.ReadFS(corpus.FS(), corpus.Root, ingest.Options{})
	if len(errs) > 0 {
		t.Fatalf("reading the corpus: %v", errs)
	}
	var jobs []store.NewJob
	for _, it := range items {
		jobs = append(jobs, ProcessJob(it))
	}
	ids, err := st.Enqueue(ctx, jobs...)
	if err != nil {
		t.Fatal(err)
	}

	// The staller starts alone so it is sure to claim a job.
	staller := startChild(t, url, "staller", true)
	var stalledName string
	select {
	case line := <-staller.lines:
		name, ok := strings.CutPrefix(line, "STALLED ")
		if !ok {
			t.Fatalf("staller printed %q, want STALLED", line)
		}
		stalledName = name
	case <-staller.done:
		t.Fatal("staller exited before stalling")
	case <-time.After(60 * time.Second):
		t.Fatal("staller did not stall")
	}
	others := []*child{startChild(t, url, "worker-a", false), startChild(t, url, "worker-b", false)}
	// Kill it mid-job: its article is stored, its job still running.
	if err := staller.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-staller.done

	deadline := time.Now().Add(2 * time.Minute)
	for {
		js, err := st.JobStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if js.Done+js.Failed == len(ids) {
			if js.Failed > 0 {
				failed, _ := st.ListJobs(ctx, store.JobFilter{State: store.JobFailed})
				t.Fatalf("%d jobs failed, first: %+v", js.Failed, failed[0].LastError)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue not drained in time: %+v", js)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, c := range others {
		c.cmd.Process.Signal(syscall.SIGTERM)
	}

	completions := map[int64]int{}
	created := 0
	for _, c := range append(others, staller) {
		<-c.done
		for line := range c.lines {
			f := strings.Fields(line)
			if len(f) != 4 || f[0] != "DONE" {
				continue
			}
			id, _ := strconv.ParseInt(f[1], 10, 64)
			completions[id]++
			if f[2] == store.Created.String() {
				created++
			}
		}
	}
	for _, c := range others {
		if code := c.cmd.ProcessState.ExitCode(); code != 0 {
			t.Errorf("worker exited with %d after SIGTERM, want 0", code)
		}
	}
	for _, id := range ids {
		if completions[id] != 1 {
			t.Errorf("job %d completed %d times, want once", id, completions[id])
		}
	}
	var stalled store.Job
	all, err := st.ListJobs(ctx, store.JobFilter{Limit: len(ids)})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range all {
		if j.Payload.Document != nil && j.Payload.Document.Name == stalledName {
			stalled = j
		}
	}
	// Attempt 2 normally; a loaded machine may let a lease lapse once more.
	if stalled.State != store.JobDone || stalled.Attempts < 2 || stalled.WorkerID == "staller" {
		t.Errorf("killed worker's job = %s after %d attempts by %q, want done by another worker on a later attempt",
			stalled.State, stalled.Attempts, stalled.WorkerID)
	}

	// The staller created one article before dying; the rest were created
	// by the survivors. Stored exactly once: the count matches both the
	// creations reported and a sequential run of the same documents.
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != created+1 {
		t.Errorf("%d articles stored, but %d creations reported (+1 by the killed worker)", stats.Articles, created)
	}
	if want := sequentialArticles(t, items); stats.Articles != want {
		t.Errorf("%d articles stored, want %d as a sequential run stores", stats.Articles, want)
	}
}

// sequentialArticles processes items one by one into a fresh SQLite store
// and counts the articles stored.
func sequentialArticles(t *testing.T, items []ingest.Item) int {
	t.Helper()
	st := memoryStore(t)
	kb, err := resolve.Load()
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(t.Context(), st, kb)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if _, err := p.Process(t.Context(), it); err != nil {
			t.Fatalf("sequential run: %v", err)
		}
	}
	stats, err := st.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return stats.Articles
}

// storySite serves a feed of n summaries, each linking to its story page.
// The first request for story stall does not answer until the client goes
// away: the worker fetching it can be killed mid-job. stalled receives the
// story number when that happens.
func storySite(t *testing.T, n, stall int, stalled chan<- int) (*httptest.Server, *sync.Map) {
	t.Helper()
	hits := &sync.Map{} // path -> *atomic.Int32
	var once sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Relay Desk</title>`)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, `<item><title>Story %d</title><link>/stories/%d.html</link><description>Summary only.</description></item>`, i, i)
		}
		b.WriteString(`</channel></rss>`)
		w.Header().Set("ETag", `"feed-v1"`)
		if r.Header.Get("If-None-Match") == `"feed-v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, b.String())
	})
	mux.HandleFunc("/stories/{n}", func(w http.ResponseWriter, r *http.Request) {
		c, _ := hits.LoadOrStore(r.URL.Path, &atomic.Int32{})
		c.(*atomic.Int32).Add(1)
		i, _ := strconv.Atoi(strings.TrimSuffix(r.PathValue("n"), ".html"))
		if i == stall {
			first := false
			once.Do(func() { first = true })
			if first {
				stalled <- i
				<-r.Context().Done()
				return
			}
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><body><article><h1>Story %d</h1>
<p>Investigators said intrusion number %d began with a phishing message sent to the finance team of a regional port operator.</p>
<p>The attackers kept access for %d weeks before the operator's security team noticed unusual traffic to a server abroad.</p>
</article></body></html>`, i, i, i+2)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, hits
}

// TestFetchJobSurvivesAKill runs a fetch job in a worker process that is
// killed (SIGKILL) halfway through the feed, after storing some entries and
// while fetching the next. Another worker process takes the job over once
// its lease runs out: every entry ends up stored exactly once, the entries
// the dead worker stored are neither fetched nor processed again, and the
// source's fetch state is recorded by the worker that completed the job.
func TestFetchJobSurvivesAKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	const stories, stall = 5, 3
	stalled := make(chan int, 1)
	site, hits := storySite(t, stories, stall, stalled)
	url := pgtest.Schema(t)
	ctx := t.Context()
	st, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	src, err := st.AddSource(ctx, model.Source{URL: site.URL + "/feed.xml", Kind: model.SourceFeed, Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	q, err := st.EnqueueDueFetches(ctx, time.Now())
	if err != nil || len(q.Queued) != 1 {
		t.Fatalf("EnqueueDueFetches = %+v, %v", q, err)
	}
	jobID := q.Queued[0].ID

	victim := startChild(t, url, "victim", false)
	select {
	case <-stalled:
	case <-victim.done:
		t.Fatal("the first worker exited before fetching the stalling story")
	case <-time.After(90 * time.Second):
		t.Fatal("the first worker did not reach the stalling story")
	}
	before, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before.Articles != stall-1 {
		t.Fatalf("%d articles stored before the kill, want the %d entries before the stalling one", before.Articles, stall-1)
	}
	survivors := []*child{startChild(t, url, "survivor-a", false), startChild(t, url, "survivor-b", false)}
	if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-victim.done

	deadline := time.Now().Add(2 * time.Minute)
	var j store.Job
	for {
		if j, err = st.Job(ctx, jobID); err != nil {
			t.Fatal(err)
		}
		if j.State == store.JobDone || j.State == store.JobFailed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("fetch job not finished in time: %+v", j)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, c := range survivors {
		c.cmd.Process.Signal(syscall.SIGTERM)
	}
	if j.State != store.JobDone || j.Attempts < 2 || j.WorkerID == "victim" {
		t.Errorf("fetch job = %s after %d attempts by %q (%s), want done by a survivor on a later attempt",
			j.State, j.Attempts, j.WorkerID, j.LastError)
	}
	var completions []string
	for _, c := range append(survivors, victim) {
		<-c.done
		for line := range c.lines {
			if f := strings.Fields(line); len(f) == 5 && f[0] == "FETCHED" {
				completions = append(completions, line)
			}
		}
	}
	// The survivor stored the entries the victim did not reach and knew
	// the ones it had stored, without fetching their pages again.
	want := fmt.Sprintf("FETCHED %d %d %d 0", jobID, stories-(stall-1), stall-1)
	if len(completions) != 1 || completions[0] != want {
		t.Errorf("completions %q, want exactly %q", completions, want)
	}
	for i := 1; i <= stories; i++ {
		path := fmt.Sprintf("/stories/%d.html", i)
		wantHits := int32(1)
		if i == stall {
			wantHits = 2 // the stalled request, then the survivor's
		}
		if c, ok := hits.Load(path); !ok || c.(*atomic.Int32).Load() != wantHits {
			t.Errorf("%s requested %v times, want %d", path, c, wantHits)
		}
		if _, err := st.ArticleByURL(ctx, CanonicalURL(site.URL+path)); err != nil {
			t.Errorf("%s: no article: %v", path, err)
		}
	}
	after, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Articles != stories {
		t.Errorf("%d articles stored, want each of the %d entries once", after.Articles, stories)
	}
	got, err := st.Source(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ETag != `"feed-v1"` || got.Items != stories || got.Failures != 0 || got.LastError != "" || got.NextFetchAt.IsZero() {
		t.Errorf("source after the job: %+v", got)
	}
}
