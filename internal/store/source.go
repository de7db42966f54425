package store

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

// Source is a stored source with its fetch state.
type Source struct {
	model.Source
	// ETag and LastModified are the validators of the last successful
	// fetch, sent back as If-None-Match and If-Modified-Since.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// Failures counts fetches failed in a row; a success resets it.
	Failures int `json:"failures"`
	// NextFetchAt is when the source is due again; zero means now.
	NextFetchAt time.Time `json:"next_fetch_at,omitzero"`
	// Items counts the stored articles read from the source.
	Items int `json:"items"`
}

// SourceFetch is the outcome of fetching a source, recorded by
// UpdateSourceFetch. Every field replaces the stored one.
type SourceFetch struct {
	FetchedAt    time.Time
	ETag         string
	LastModified string
	Error        string // "" for a success
	Failures     int
	NextFetchAt  time.Time
}

// SourceFilter narrows ListSources. Zero values mean "any".
type SourceFilter struct {
	// DueBy keeps the sources whose NextFetchAt is at or before it.
	DueBy time.Time
	Limit int // see EffectiveLimit
}

// Revision is an earlier version of an article: what its text was before a
// re-fetch found it changed.
type Revision struct {
	ArticleID   int64     `json:"article_id"`
	Number      int       `json:"number"` // 1 is the first version stored
	ContentHash string    `json:"content_hash"`
	Title       string    `json:"title"`
	Text        string    `json:"text"`
	FetchedAt   time.Time `json:"fetched_at,omitzero"`
	ReplacedAt  time.Time `json:"replaced_at"`
}

// SourceStore keeps the sources articles are fetched from with their fetch
// state, and the earlier versions of articles that re-fetching found
// changed.
type SourceStore interface {
	// AddSource stores a new source and returns it with its ID. A source
	// whose URL is already stored is refused with ErrConflict; an invalid
	// one with ErrInvalid.
	AddSource(ctx context.Context, src model.Source) (Source, error)
	// ListSources returns sources matching f, oldest added first.
	ListSources(ctx context.Context, f SourceFilter) ([]Source, error)
	// Source returns the source with ID id, or ErrNotFound.
	Source(ctx context.Context, id int64) (Source, error)
	// SourceByURL returns the source stored under url, or ErrNotFound.
	SourceByURL(ctx context.Context, url string) (Source, error)
	// RemoveSource deletes a source, or returns ErrNotFound. Its articles
	// stay, no longer linked to it.
	RemoveSource(ctx context.Context, id int64) error
	// UpdateSourceFetch records a fetch of source id, or returns
	// ErrNotFound.
	UpdateSourceFetch(ctx context.Context, id int64, f SourceFetch) error
	// ArticleRevisions returns the earlier versions of an article, oldest
	// first: SaveAnalysis keeps the replaced text whenever an article's
	// text changes. The current version is number len(revisions)+1. An
	// unknown article has none.
	ArticleRevisions(ctx context.Context, articleID int64) ([]Revision, error)
}

// Source kinds a store accepts.
var sourceKinds = []model.SourceKind{model.SourceFeed, model.SourcePage, model.SourceFile}

// ValidateSource reports the first problem with a source to add, as an error
// wrapping ErrInvalid: feeds and pages need an http(s) URL, files a path.
func ValidateSource(src model.Source) error {
	known := false
	for _, k := range sourceKinds {
		known = known || src.Kind == k
	}
	if !known {
		return fmt.Errorf("%w: Source.Kind %q: want feed, page or file", ErrInvalid, src.Kind)
	}
	if strings.TrimSpace(src.URL) == "" || src.URL != strings.TrimSpace(src.URL) {
		return fmt.Errorf("%w: Source.URL %q: empty or padded with spaces", ErrInvalid, src.URL)
	}
	if src.Kind != model.SourceFile {
		u, err := url.Parse(src.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%w: Source.URL %q: want an http or https URL", ErrInvalid, src.URL)
		}
	}
	if src.Interval < 0 {
		return fmt.Errorf("%w: Source.Interval %v is negative", ErrInvalid, src.Interval)
	}
	return nil
}

// ValidateSourceFetch checks a fetch outcome before it is recorded.
func ValidateSourceFetch(f SourceFetch) error {
	if f.FetchedAt.IsZero() {
		return fmt.Errorf("%w: SourceFetch.FetchedAt is zero", ErrInvalid)
	}
	if f.Failures < 0 {
		return fmt.Errorf("%w: SourceFetch.Failures %d is negative", ErrInvalid, f.Failures)
	}
	return nil
}
