package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest"
	"github.com/winnow-cti/winnow/internal/ingest/fetch"
	"github.com/winnow-cti/winnow/internal/ingest/pdf"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// Fetch defaults.
const (
	DefaultFetchInterval = time.Hour
	DefaultBackoffBase   = 5 * time.Minute
	DefaultBackoffMax    = 24 * time.Hour
	DefaultSourceWorkers = 4
	// maxFeedItems bounds how many entries of one feed a pass reads.
	maxFeedItems = 200
)

// FetchOptions configure fetching sources.
type FetchOptions struct {
	Client *fetch.Client // required
	// PDF extracts the text of PDF documents; nil means pdf.InProcess,
	// which is only safe for trusted files (see pdf.Subprocess).
	PDF             pdf.Extractor
	DefaultInterval time.Duration // for sources without an interval
	BackoffBase     time.Duration // wait after the first failure, doubled per failure
	BackoffMax      time.Duration
	Workers         int // sources fetched at once; per-host limits are the client's
	Now             func() time.Time
}

func (o FetchOptions) withDefaults() FetchOptions {
	if o.PDF == nil {
		o.PDF = pdf.InProcess
	}
	if o.DefaultInterval <= 0 {
		o.DefaultInterval = DefaultFetchInterval
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = DefaultBackoffBase
	}
	if o.BackoffMax <= 0 {
		o.BackoffMax = DefaultBackoffMax
	}
	if o.Workers <= 0 {
		o.Workers = DefaultSourceWorkers
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// SourceReport says what fetching one source did.
type SourceReport struct {
	Source      store.Source `json:"source"`
	NotModified bool         `json:"not_modified,omitempty"` // the server said nothing changed
	Entries     int          `json:"entries"`                // feed entries or documents read
	Created     int          `json:"created"`
	Updated     int          `json:"updated"`
	Revised     int          `json:"revised"`   // updated articles whose text changed: a new revision
	Unchanged   int          `json:"unchanged"` // re-read with the same content: nothing written
	Known       int          `json:"known"`     // summaries of articles already stored: page not re-fetched
	ItemErrors  []string     `json:"item_errors,omitempty"`
	Error       string       `json:"error,omitempty"` // the source itself failed
	NextFetchAt time.Time    `json:"next_fetch_at,omitzero"`
	// NotDue says a fetch job found its source fetched since the job was
	// queued, not due again until NextFetchAt, and left it alone.
	NotDue bool `json:"not_due,omitempty"`
}

// FetchDue runs one pass over the sources that are due, fetching up to
// opts.Workers of them at once, records each outcome on its source, and
// returns the reports in source order.
func (p *Pipeline) FetchDue(ctx context.Context, opts FetchOptions) ([]SourceReport, error) {
	opts = opts.withDefaults()
	sources, err := p.store.ListSources(ctx, store.SourceFilter{DueBy: opts.Now(), Limit: store.MaxLimit})
	if err != nil {
		return nil, fmt.Errorf("pipeline: listing due sources: %w", err)
	}
	reports := make([]SourceReport, len(sources))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(opts.Workers, len(sources)) {
		wg.Go(func() {
			for i := range work {
				reports[i] = p.FetchSource(ctx, sources[i], opts)
			}
		})
	}
	for i := range sources {
		select {
		case work <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	if ctx.Err() != nil {
		return reports, ctx.Err()
	}
	return reports, nil
}

// FetchSource fetches one source, stores what it finds and, for a stored
// source (ID set), records the outcome: validators for the next
// conditional GET, the error, the failure count and when the source is due
// again (its interval after a success, exponential backoff after a
// failure). A failed source stores nothing. An entry that fails (its linked
// page cannot be fetched or cleaned) stores nothing for that entry; the
// error is recorded on the source and the feed's validators are not kept,
// so the next pass reads the feed, and retries the entry, again.
func (p *Pipeline) FetchSource(ctx context.Context, src store.Source, opts FetchOptions) SourceReport {
	opts = opts.withDefaults()
	r := &SourceReport{Source: src}
	now := opts.Now()
	validators, err := p.fetchSource(ctx, src, opts, r)
	if ctx.Err() != nil && err == nil {
		err = ctx.Err()
	}
	fetchState := store.SourceFetch{FetchedAt: now}
	interval := src.Interval
	if interval <= 0 {
		interval = opts.DefaultInterval
	}
	switch {
	case err != nil:
		r.Error = err.Error()
		fetchState.Failures = src.Failures + 1
		fetchState.ETag, fetchState.LastModified = src.ETag, src.LastModified
		wait := fetch.Backoff(fetchState.Failures, opts.BackoffBase, opts.BackoffMax)
		var fe *fetch.Error
		if errors.As(err, &fe) && fe.RetryAfter > wait {
			wait = min(fe.RetryAfter, opts.BackoffMax)
		}
		fetchState.NextFetchAt = now.Add(wait)
		fetchState.Error = r.Error
	default:
		fetchState.NextFetchAt = now.Add(interval)
		if len(r.ItemErrors) == 0 {
			fetchState.ETag, fetchState.LastModified = validators.etag, validators.lastModified
		} else {
			fetchState.Error = fmt.Sprintf("%d of %d entries failed; first: %s", len(r.ItemErrors), r.Entries, r.ItemErrors[0])
		}
	}
	r.NextFetchAt = fetchState.NextFetchAt
	if src.ID != 0 && !errors.Is(err, context.Canceled) {
		// A pass cut short is no verdict on the source; record it with a
		// context of its own so the outcome is not lost with the pass.
		recordCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if uerr := p.store.UpdateSourceFetch(recordCtx, src.ID, fetchState); uerr != nil {
			slog.Error("recording a fetch", slog.String("source", src.URL), slog.Any("error", uerr))
			if r.Error == "" {
				r.Error = uerr.Error()
			}
		}
	}
	slog.Debug("fetched source", slog.String("source", src.URL), slog.Int("created", r.Created),
		slog.Int("updated", r.Updated), slog.String("error", r.Error))
	return *r
}

// SourceFetcher runs fetch jobs; Fetcher is one.
type SourceFetcher interface {
	// FetchQueued fetches the stored source sourceID, stores what it finds
	// and records the outcome on the source. The error is nil when the job
	// is done, even if some feed entries failed (the report and the source
	// say which).
	FetchQueued(ctx context.Context, sourceID int64) (SourceReport, error)
}

// Fetcher runs fetch jobs through Pipeline with Options: a fetch job does
// for its source what one pass of FetchDue does for each due source.
//
// A fetch job processes its source's entries itself rather than queueing a
// process job per entry, because that is what makes it safe to run again.
// Storing is idempotent (an entry whose article is stored with the same
// content is skipped before it is processed, see store1) and the source's
// validators are recorded only after every entry is stored. A worker that
// dies mid-job has recorded nothing: the worker that takes the job over
// fetches the feed in full again, skips the entries already stored and
// stores the rest, so no entry is lost and none is processed twice. With a
// process job per entry, the fetch job would have to queue its entries,
// record the validators and complete itself in one transaction; the queue
// and the source are separate store calls, and a death between them would
// either lose the entries (validators recorded, so the next fetch gets 304)
// or queue them all again.
type Fetcher struct {
	Pipeline *Pipeline
	Options  FetchOptions
}

var _ SourceFetcher = Fetcher{}

// errSourceFailed marks a fetch job whose source failed. The failure and
// the backoff are recorded on the source, and the scheduler queues a new
// job when the source is due again, so the job itself is not retried.
var errSourceFailed = errors.New("pipeline: the source failed")

// FetchQueued fetches source sourceID for a fetch job. A source fetched
// since the job was queued (by a worker that completed the fetch but died
// before completing the job, or by "winnow fetch") is not due, and is left
// alone with NotDue set. A source that fails is recorded as FetchSource
// records it, and the error wraps errSourceFailed; a removed source's
// wraps store.ErrNotFound.
func (f Fetcher) FetchQueued(ctx context.Context, sourceID int64) (SourceReport, error) {
	opts := f.Options.withDefaults()
	src, err := f.Pipeline.store.Source(ctx, sourceID)
	if err != nil {
		return SourceReport{}, fmt.Errorf("pipeline: fetch job of source %d: %w", sourceID, err)
	}
	if src.NextFetchAt.After(opts.Now()) {
		return SourceReport{Source: src, NotDue: true, NextFetchAt: src.NextFetchAt}, nil
	}
	r := f.Pipeline.FetchSource(ctx, src, opts)
	if err := ctx.Err(); err != nil {
		return r, err
	}
	if r.Error != "" {
		return r, fmt.Errorf("%w: %s (due again %s)", errSourceFailed, r.Error, r.NextFetchAt.UTC().Format(time.RFC3339))
	}
	return r, nil
}

type validators struct{ etag, lastModified string }

func (p *Pipeline) fetchSource(ctx context.Context, src store.Source, opts FetchOptions, r *SourceReport) (validators, error) {
	if src.Kind == model.SourceFile {
		return p.readFileSource(ctx, src, opts, r)
	}
	if opts.Client == nil {
		return validators{}, errors.New("pipeline: no HTTP client to fetch with")
	}
	resp, err := opts.Client.Get(ctx, fetch.Request{URL: src.URL, ETag: src.ETag, LastModified: src.LastModified})
	if err != nil {
		return validators{}, err
	}
	v := validators{resp.ETag, resp.LastModified}
	if resp.NotModified {
		r.NotModified = true
		// A 304 may omit validators; the ones sent are still good.
		return validators{firstNonEmpty(v.etag, src.ETag), firstNonEmpty(v.lastModified, src.LastModified)}, nil
	}
	isFeed := looksLikeFeed(resp)
	switch src.Kind {
	case model.SourceFeed:
		if !isFeed {
			return v, fmt.Errorf("%s: not a feed: the server sent %s (add a single page with --kind page)", src.URL, describeType(resp))
		}
	case model.SourcePage:
		if isFeed {
			return v, fmt.Errorf("%s: expected a page, got a feed (%s); add it with --kind feed", src.URL, describeType(resp))
		}
	}
	if isFeed {
		return v, p.processFeed(ctx, src, resp, opts, r)
	}
	item, err := documentItem(ctx, resp.URL, resp.ContentType, resp.Body, opts)
	if err != nil {
		return v, err
	}
	r.Entries = 1
	return v, p.store1(ctx, src, item, r)
}

// readFileSource reads a local file source, using its modification time as
// the validator: an unmodified file is not read again.
func (p *Pipeline) readFileSource(ctx context.Context, src store.Source, opts FetchOptions, r *SourceReport) (validators, error) {
	info, err := os.Stat(src.URL)
	if err != nil {
		return validators{}, err
	}
	if info.IsDir() {
		return validators{}, fmt.Errorf("%s: is a directory; add its files one by one or use winnow ingest", src.URL)
	}
	v := validators{lastModified: info.ModTime().UTC().Format(http.TimeFormat)}
	if v.lastModified == src.LastModified {
		r.NotModified = true
		return v, nil
	}
	limit := int64(fetch.DefaultMaxBytes)
	if opts.Client != nil {
		limit = opts.Client.Options().MaxBytes
	}
	if info.Size() > limit {
		return v, fmt.Errorf("%s: %w: %d bytes, the limit is %d", src.URL, fetch.ErrTooLarge, info.Size(), limit)
	}
	raw, err := os.ReadFile(src.URL)
	if err != nil {
		return v, err
	}
	if pdf.IsPDF(raw) {
		item, err := documentItem(ctx, src.URL, "application/pdf", raw, opts)
		if err != nil {
			return v, err
		}
		r.Entries = 1
		return v, p.store1(ctx, src, item, r)
	}
	items, err := ingest.Parse(src.URL, raw, fileType(src.URL))
	if err != nil {
		return v, err
	}
	r.Entries = len(items)
	for _, it := range items {
		if err := p.store1(ctx, src, it, r); err != nil {
			r.ItemErrors = append(r.ItemErrors, err.Error())
		}
	}
	if len(r.ItemErrors) == len(items) && len(items) > 0 {
		return v, errors.New(r.ItemErrors[0])
	}
	return v, nil
}

func fileType(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return ingest.TypeHTML
	case ".md", ".markdown":
		return ingest.TypeMarkdown
	case ".txt", ".text":
		return ingest.TypeText
	}
	return "" // sniffed, feeds included
}

// looksLikeFeed decides whether a response is a feed: by media type, or by
// the first bytes of an XML or JSON body.
func looksLikeFeed(resp *fetch.Response) bool {
	switch resp.ContentType {
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json":
		return true
	case "text/html", "application/xhtml+xml", "application/pdf":
		return false
	}
	head := strings.ToLower(string(resp.Body[:min(len(resp.Body), 1024)]))
	head = strings.TrimLeft(head, " \t\r\n\ufeff")
	if strings.HasPrefix(head, "{") {
		return strings.Contains(head, "jsonfeed.org")
	}
	if strings.HasPrefix(head, "<?xml") || strings.HasPrefix(head, "<rss") || strings.HasPrefix(head, "<feed") || strings.HasPrefix(head, "<rdf") {
		return strings.Contains(head, "<rss") || strings.Contains(head, "<feed") || strings.Contains(head, "<rdf:rdf")
	}
	return false
}

func describeType(resp *fetch.Response) string {
	if resp.ContentType == "" {
		return "no content type"
	}
	return resp.ContentType
}

// documentItem turns a fetched document into an item: HTML, text and
// Markdown as they are, PDFs as their extracted text.
func documentItem(ctx context.Context, u, contentType string, body []byte, opts FetchOptions) (ingest.Item, error) {
	item := ingest.Item{Name: u, URL: u, Raw: body}
	switch {
	case contentType == "application/pdf" || pdf.IsPDF(body):
		text, err := opts.PDF(ctx, body)
		if err != nil {
			return item, fmt.Errorf("%s: %w", u, err)
		}
		item.Raw, item.ContentType = []byte(text), ingest.TypeText
	case contentType == "text/html" || contentType == "application/xhtml+xml":
		item.ContentType = ingest.TypeHTML
	case contentType == "text/plain":
		item.ContentType = ingest.TypeText
	case contentType == "text/markdown" || contentType == "text/x-markdown":
		item.ContentType = ingest.TypeMarkdown
	default:
		return item, fmt.Errorf("%s: unsupported content type %s: winnow reads HTML, text, Markdown, PDF and feeds", u, contentType)
	}
	if strings.TrimSpace(string(item.Raw)) == "" {
		return item, fmt.Errorf("%s: empty document", u)
	}
	return item, nil
}

// processFeed stores a feed's entries. Entries that carry only a summary
// (or nothing but a link) are replaced by their linked page, unless that
// article is stored already.
func (p *Pipeline) processFeed(ctx context.Context, src store.Source, resp *fetch.Response, opts FetchOptions, r *SourceReport) error {
	feed, err := ingest.ParseFeed(resp.URL, resp.Body)
	if err != nil {
		return err
	}
	items := feed.Items
	if len(items) > maxFeedItems {
		items = items[:maxFeedItems]
	}
	r.Entries = len(items)
	for _, it := range items {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if src.Name != "" {
			it.Outlet = firstNonEmpty(it.Outlet, src.Name)
		}
		if it.Summary && it.URL != "" {
			if _, err := p.store.ArticleByURL(ctx, CanonicalURL(it.URL)); err == nil {
				r.Known++
				continue
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			full, err := p.linkedPage(ctx, it, opts)
			if err != nil {
				r.ItemErrors = append(r.ItemErrors, err.Error())
				continue
			}
			it = full
		}
		if len(strings.TrimSpace(string(it.Raw))) == 0 {
			continue
		}
		if err := p.store1(ctx, src, it, r); err != nil {
			r.ItemErrors = append(r.ItemErrors, err.Error())
		}
	}
	if len(items) > 0 && len(r.ItemErrors) == len(items) {
		return fmt.Errorf("every entry failed; first: %s", r.ItemErrors[0])
	}
	return nil
}

// linkedPage fetches the page a feed entry links to and returns the entry
// with the page as its document; the feed's title, author and date stay as
// hints.
func (p *Pipeline) linkedPage(ctx context.Context, it ingest.Item, opts FetchOptions) (ingest.Item, error) {
	resp, err := opts.Client.Get(ctx, fetch.Request{URL: it.URL})
	if err != nil {
		return it, err
	}
	doc, err := documentItem(ctx, resp.URL, resp.ContentType, resp.Body, opts)
	if err != nil {
		return it, err
	}
	it.Raw, it.ContentType, it.Summary = doc.Raw, doc.ContentType, false
	it.Name = it.URL
	return it, nil
}

// store1 runs one item through the pipeline for src and counts the result.
// An item whose article is stored with the same content hash is not
// processed again: an unchanged re-fetch writes nothing.
func (p *Pipeline) store1(ctx context.Context, src store.Source, it ingest.Item, r *SourceReport) error {
	sum := sha256.Sum256(it.Raw)
	hash := hex.EncodeToString(sum[:])
	var stored *model.Article
	if it.URL != "" {
		a, err := p.store.ArticleByURL(ctx, CanonicalURL(it.URL))
		switch {
		case err == nil:
			stored = &a
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	if stored != nil && stored.ContentHash == hash {
		r.Unchanged++
		return nil
	}
	out, text, err := p.process(ctx, src.ID, it)
	if err != nil {
		return err
	}
	switch out.Result {
	case store.Created:
		r.Created++
	case store.Updated:
		r.Updated++
		// An article matched by content hash instead has the same text.
		if stored != nil && stored.ID == out.ArticleID && stored.Text != text {
			r.Revised++
		}
	default:
		r.Unchanged++
	}
	return nil
}

// SourceKindFor guesses how to read a target given to "winnow source add":
// a local path is a file, a URL of a PDF or HTML page is a page, any other
// URL a feed.
func SourceKindFor(target string) model.SourceKind {
	lower := strings.ToLower(target)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		return model.SourceFile
	}
	path := stripQueryAndFragment(lower)
	for _, ext := range []string{".pdf", ".html", ".htm", ".shtml", ".php", ".aspx"} {
		if strings.HasSuffix(path, ext) {
			return model.SourcePage
		}
	}
	return model.SourceFeed
}

func stripQueryAndFragment(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}
