// Package pipeline is winnow's orchestrator: it runs one document through
// clean, extract and resolve, and saves the result in the store. It is the
// only package that touches every stage and the store.
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/winnow-cti/winnow/internal/clean"
	"github.com/winnow-cti/winnow/internal/extract"
	"github.com/winnow-cti/winnow/internal/extract/tagger"
	"github.com/winnow-cti/winnow/internal/ingest"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
	"github.com/winnow-cti/winnow/internal/store"
)

// Pipeline processes documents into a store. It is safe for concurrent use;
// learning an alias from one article changes how later articles resolve.
type Pipeline struct {
	store  store.Store
	base   *resolve.KB
	now    func() time.Time
	tagger *tagger.Tagger // nil: the statistical tagger is off (see docs/ner.md)

	mu      sync.RWMutex
	learned []model.Alias
	kb      *resolve.KB        // base plus learned aliases
	gaz     *extract.Gazetteer // names of kb
}

// New makes a pipeline over st with the knowledge base kb, taking into
// account the aliases analysts and earlier articles have taught the store.
func New(ctx context.Context, st store.Store, kb *resolve.KB) (*Pipeline, error) {
	p := &Pipeline{store: st, base: kb, now: time.Now}
	learned, err := st.ListAliases(ctx, store.AliasFilter{Limit: 10000})
	if err != nil {
		return nil, fmt.Errorf("pipeline: loading learned aliases: %w", err)
	}
	p.setLearned(learned)
	return p, nil
}

func (p *Pipeline) setLearned(learned []model.Alias) {
	kb := p.base.WithLearned(learned)
	gaz := buildGazetteer(kb)
	p.mu.Lock()
	p.learned, p.kb, p.gaz = learned, kb, gaz
	p.mu.Unlock()
}

// addLearned adds the aliases the pipeline does not know yet and rebuilds
// the resolution view when there are any. It returns how many were new.
func (p *Pipeline) addLearned(aliases []model.Alias) int {
	if len(aliases) == 0 {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	known := make(map[string]bool, len(p.learned))
	id := func(a model.Alias) string {
		return a.EntityKey + "\x00" + string(a.Relation) + "\x00" + resolve.Normalize(a.Name)
	}
	for _, a := range p.learned {
		known[id(a)] = true
	}
	learned := slices.Clone(p.learned)
	for _, a := range aliases {
		if !known[id(a)] {
			known[id(a)] = true
			learned = append(learned, a)
		}
	}
	fresh := len(learned) - len(p.learned)
	if fresh > 0 {
		p.learned = learned
		p.kb = p.base.WithLearned(learned)
		p.gaz = buildGazetteer(p.kb)
	}
	return fresh
}

func buildGazetteer(kb *resolve.KB) *extract.Gazetteer {
	names := kb.Names()
	entries := make([]extract.Entry, len(names))
	for i, n := range names {
		entries[i] = extract.Entry{Name: n.Text, Kind: n.Kind, Key: n.Key, Ransomware: n.Ransomware}
	}
	return extract.NewGazetteer(entries)
}

// UseTagger turns on the CyNER-trained tagger as a last source of entity
// mentions. It is off by default: on news with the knowledge base's
// gazetteer it adds more wrong mentions than right ones (docs/ner.md).
func (p *Pipeline) UseTagger(t *tagger.Tagger) { p.tagger = t }

// Outcome says what processing one document did.
type Outcome struct {
	ArticleID  int64            `json:"article_id"`
	Result     store.SaveResult `json:"-"`
	Status     string           `json:"status"`
	Title      string           `json:"title"`
	Mentions   int              `json:"mentions"`
	Indicators int              `json:"indicators"`
	Claims     int              `json:"claims"`
	Aliases    int              `json:"aliases_learned"`
	NewAliases int              `json:"new_aliases"` // learned aliases the pipeline did not know before
	Removed    int              `json:"removed"`     // pieces cleaning dropped
	Resolved   int              `json:"resolved"`    // mentions linked to knowledge-base entities
}

// Process runs one item through every stage and stores it in one
// transaction. On error nothing is stored.
func (p *Pipeline) Process(ctx context.Context, item ingest.Item) (Outcome, error) {
	out, _, err := p.process(ctx, 0, item)
	return out, err
}

// process is Process with the article linked to a source (0: none). It also
// returns the stored article's text, for callers that count revisions.
func (p *Pipeline) process(ctx context.Context, sourceID int64, item ingest.Item) (Outcome, string, error) {
	a, err := p.Analyze(item)
	if err != nil {
		return Outcome{}, "", err
	}
	a.Article.SourceID = sourceID
	if item.Summary && a.Article.CanonicalURL != "" {
		// A feed's summary of an article already stored in full must not
		// replace the full text.
		stored, err := p.store.ArticleByURL(ctx, a.Article.CanonicalURL)
		switch {
		case err == nil && len(stored.Text) >= len(a.Article.Text):
			return Outcome{ArticleID: stored.ID, Result: store.Unchanged, Status: "kept full text", Title: stored.Title}, stored.Text, nil
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return Outcome{}, "", fmt.Errorf("pipeline: %s: %w", item.Name, err)
		}
	}
	res, err := p.store.SaveAnalysis(ctx, &a)
	if err != nil {
		return Outcome{}, "", fmt.Errorf("pipeline: %s: saving: %w", item.Name, err)
	}
	fresh := p.addLearned(a.Aliases)
	slog.Debug("processed", slog.String("name", item.Name), slog.Int64("article", a.Article.ID), slog.String("result", res.String()))
	return Outcome{
		ArticleID: a.Article.ID, Result: res, Status: res.String(), Title: a.Article.Title,
		Mentions: len(a.Mentions), Indicators: len(a.Indicators), Claims: len(a.Claims), Aliases: len(a.Aliases),
		NewAliases: fresh, Removed: len(a.Article.Removed), Resolved: p.countResolved(a.Mentions),
	}, a.Article.Text, nil
}

// ErrInternal marks a document that a stage failed on through a bug of
// winnow's, not the document's: reported, never retried.
var ErrInternal = errors.New("pipeline: internal error")

// Analyze runs clean, extract and resolve on one item without storing it.
func (p *Pipeline) Analyze(item ingest.Item) (a model.Analysis, err error) {
	// A bug in a stage must cost one document, not the batch or the worker
	// (which would take the same job again after its lease and crash again).
	defer func() {
		if r := recover(); r != nil {
			slog.Error("pipeline: analysis panicked", slog.String("item", item.Name), slog.Any("panic", r),
				slog.String("stack", string(debug.Stack())))
			a, err = model.Analysis{}, fmt.Errorf("%w: %s: analysis panicked: %v", ErrInternal, item.Name, r)
		}
	}()
	cleaned, err := clean.Clean(clean.Document{
		Name: item.Name, Raw: item.Raw, ContentType: item.ContentType,
		Meta: clean.Meta{Title: item.Title, Author: item.Author, Outlet: item.Outlet, URL: item.URL, Published: item.Published},
	})
	if err != nil {
		return model.Analysis{}, err
	}
	article := newArticle(item, cleaned, p.now())

	p.mu.RLock()
	kb, gaz := p.kb, p.gaz
	p.mu.RUnlock()

	found := extract.Extract(article.Text, extract.Options{
		Gazetteer:      gaz,
		Published:      article.PublishedAt,
		ReferenceHosts: referenceHosts(article),
		Tagger:         p.tagger,
		// The learned fallback finds claims the rules miss: on a fresh
		// held-out set 0.684 -> 0.715 claim-type F1 (docs/extraction.md).
		ClaimFallback: true,
	})
	a = model.Analysis{Article: article, Indicators: found.Indicators}
	r := resolver{base: p.base, kb: kb, article: &a}
	r.resolve(found)
	return a, nil
}

func newArticle(item ingest.Item, c clean.Result, now time.Time) model.Article {
	sum := sha256.Sum256(item.Raw)
	a := model.Article{
		URL:          c.Meta.URL,
		CanonicalURL: CanonicalURL(firstNonEmpty(c.Meta.CanonicalURL, c.Meta.URL)),
		Outlet:       c.Meta.Outlet,
		Title:        c.Meta.Title,
		Author:       c.Meta.Author,
		PublishedAt:  c.Meta.Published.UTC(),
		FetchedAt:    now.UTC(),
		ContentHash:  hex.EncodeToString(sum[:]),
		ContentType:  item.ContentType,
		Text:         c.Text,
		Removed:      c.Removed,
	}
	if c.Meta.Published.IsZero() {
		a.PublishedAt = time.Time{}
	}
	if a.Outlet == "" {
		a.Outlet = hostOf(a.URL)
	}
	if a.Title == "" {
		a.Title = titleFromText(a.Text, item.Name)
	}
	return a
}

// titleFromText uses the first line of text, or the file name, when a
// document has no title of its own.
func titleFromText(text, name string) string {
	line, _, _ := strings.Cut(text, "\n")
	if line = strings.TrimSpace(line); line != "" {
		if r := []rune(line); len(r) > 120 {
			line = string(r[:119]) + "…"
		}
		return line
	}
	return path.Base(name)
}

// referenceHosts are the article's own site: its links are references, not
// indicators.
func referenceHosts(a model.Article) []string {
	var hosts []string
	for _, u := range []string{a.URL, a.CanonicalURL} {
		if h := hostOf(u); h != "" && !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	return hosts
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// trackingParams are query parameters that change a URL without changing
// the page.
var trackingParams = []string{"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src", "_hsenc", "_hsmi", "yclid"}

// CanonicalURL normalizes an article URL so that the same page read twice
// is recognized: lowercase scheme and host, no fragment, no tracking
// parameters, no trailing slash, no AMP variant.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Host = strings.TrimSuffix(strings.TrimSuffix(u.Host, ":443"), ":80")
	u.Fragment = ""
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || slices.Contains(trackingParams, lk) || lk == "amp" {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	u.Path = strings.TrimSuffix(u.Path, "/amp")
	u.Path = strings.TrimSuffix(u.Path, ".amp")
	if u.Path != "/" {
		u.Path = strings.TrimSuffix(u.Path, "/")
	}
	if strings.HasPrefix(u.Host, "amp.") {
		u.Host = strings.TrimPrefix(u.Host, "amp.")
	}
	return u.String()
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// countResolved counts mentions linked to an entity the knowledge base knows.
func (p *Pipeline) countResolved(mentions []model.Mention) int {
	n := 0
	for _, m := range mentions {
		if _, ok := p.base.Entity(m.EntityKey); ok && m.EntityKey != "" {
			n++
		}
	}
	return n
}
