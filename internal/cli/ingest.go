package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/winnow-cti/winnow/internal/extract/tagger"
	"github.com/winnow-cti/winnow/internal/ingest"
	"github.com/winnow-cti/winnow/internal/pipeline"
	"github.com/winnow-cti/winnow/internal/resolve"
	"github.com/winnow-cti/winnow/internal/store"
)

func runIngest(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "ingest", true, false)
	jsonOut := f.Bool("json", false, "print one JSON object per document instead of a summary")
	maxSize := f.Int64("max-size", ingest.DefaultMaxBytes, "refuse documents larger than this many bytes")
	useTagger := f.Bool("tagger", false, "also find entity names with the CyNER-trained statistical tagger (off by default; see docs/ner.md)")
	queue := f.Bool("queue", false, "enqueue documents for 'winnow worker' instead of processing them here")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(1, -1); err != nil {
		return err
	}
	files, listErrs := ingest.Expand(f.Args())
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *queue {
		return enqueueFiles(ctx, env, st, files, listErrs, ingest.Options{MaxBytes: *maxSize})
	}
	p, err := newPipeline(ctx, st)
	if err != nil {
		return err
	}
	if *useTagger {
		tg, err := tagger.Embedded()
		if err != nil {
			return err
		}
		p.UseTagger(tg)
	}
	b := newBatch(env, p, *jsonOut)
	for _, e := range listErrs {
		b.fail(e)
	}
	bar := newProgress(env.Stderr, len(files))
	for _, name := range files {
		if ctx.Err() != nil {
			break
		}
		items, err := ingest.ReadFile(name, env.Stdin, ingest.Options{MaxBytes: *maxSize})
		if err != nil {
			b.fail(err)
		}
		for _, it := range items {
			b.process(ctx, it)
		}
		bar.step(name)
	}
	bar.finish()
	b.refresh(ctx)
	if !*jsonOut {
		b.summary(env.Stdout)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if b.failed > 0 {
		return errFailed
	}
	return nil
}

func newPipeline(ctx context.Context, st store.Store) (*pipeline.Pipeline, error) {
	kb, err := resolve.Load()
	if err != nil {
		return nil, err
	}
	return pipeline.New(ctx, st, kb)
}

// batch runs items through the pipeline, reporting each failure on its own
// line and counting outcomes.
type batch struct {
	env      *Env
	p        *pipeline.Pipeline
	jsonOut  bool
	started  time.Time
	results  map[store.SaveResult]int
	failed   int
	outcomes []pipeline.Outcome
	// done holds the items stored so far; the first stale of them were
	// processed before the batch's last learned alias.
	done  []ingest.Item
	stale int
}

func newBatch(env *Env, p *pipeline.Pipeline, jsonOut bool) *batch {
	return &batch{env: env, p: p, jsonOut: jsonOut, started: time.Now(), results: map[store.SaveResult]int{}}
}

func (b *batch) fail(err error) {
	b.failed++
	fmt.Fprintf(b.env.Stderr, "winnow: %v\n", err)
}

func (b *batch) process(ctx context.Context, it ingest.Item) {
	out, err := b.p.Process(ctx, it)
	if err != nil {
		b.fail(err)
		return
	}
	b.results[out.Result]++
	b.outcomes = append(b.outcomes, out)
	if out.NewAliases > 0 {
		b.stale = len(b.done)
	}
	b.done = append(b.done, it)
	if b.jsonOut {
		_ = writeJSON(b.env.Stdout, struct {
			Name string `json:"name"`
			pipeline.Outcome
		}{it.Name, out})
	}
}

// refresh re-processes the items stored before the batch learned its last
// alias, so that what one article teaches applies to the whole batch and
// ingesting the same files again changes nothing. Re-processing replaces an
// article's derived rows; it can itself learn, so it repeats, a few times at
// most.
func (b *batch) refresh(ctx context.Context) {
	for pass := 0; pass < 3 && b.stale > 0 && ctx.Err() == nil; pass++ {
		n := b.stale
		b.stale = 0
		for i, it := range b.done[:n] {
			out, err := b.p.Process(ctx, it)
			if err != nil {
				b.fail(err)
				continue
			}
			if out.NewAliases > 0 {
				b.stale = max(b.stale, i)
			}
		}
	}
}

func (b *batch) summary(w io.Writer) {
	total := b.results[store.Created] + b.results[store.Updated] + b.results[store.Unchanged]
	fmt.Fprintf(w, "%d documents stored (%d new, %d updated, %d unchanged), %d failed, in %s\n",
		total, b.results[store.Created], b.results[store.Updated], b.results[store.Unchanged], b.failed,
		time.Since(b.started).Round(time.Millisecond))
}
