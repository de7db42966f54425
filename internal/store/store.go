// Package store defines what winnow keeps and how it is asked for: a small
// interface grouped by entity, the filters its listings take, and the sentinel
// errors every backend maps its native errors to. The backends live in
// store/sqlite (the default, embedded) and store/postgres; store/storetest is
// the conformance suite both must pass.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

// Sentinel errors. Backends wrap them (fmt.Errorf("...: %w", store.ErrNotFound))
// so callers test with errors.Is.
var (
	ErrNotFound = errors.New("store: not found")
	ErrConflict = errors.New("store: conflict")
)

// SaveResult says what SaveAnalysis did with an article.
type SaveResult int

const (
	Created   SaveResult = iota + 1 // a new article
	Updated                         // same canonical URL, new content: replaced
	Unchanged                       // same content as stored; derived rows refreshed
)

func (r SaveResult) String() string {
	switch r {
	case Created:
		return "created"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	}
	return "unknown"
}

// Store is everything winnow persists. Implementations are safe for
// concurrent use.
type Store interface {
	ArticleStore
	EntityStore
	IndicatorStore
	ClaimStore
	AliasStore
	SourceStore
	HostStore

	// Stats counts stored rows.
	Stats(ctx context.Context) (Stats, error)
	// Close releases the backend's resources.
	Close() error
}

// ArticleStore keeps articles and everything found in them.
type ArticleStore interface {
	// SaveAnalysis stores an article with its mentions, indicators, claims,
	// learned aliases and referenced entities in one transaction. An article
	// with the same canonical URL (when set) or the same content hash as a
	// stored one updates that article, and its derived rows are replaced, never
	// duplicated. IDs are written back into a (article, mentions, ...).
	SaveAnalysis(ctx context.Context, a *model.Analysis) (SaveResult, error)
	// Article returns one article, or ErrNotFound.
	Article(ctx context.Context, id int64) (model.Article, error)
	// ArticleByURL returns the article stored under a canonical URL, or
	// ErrNotFound.
	ArticleByURL(ctx context.Context, canonicalURL string) (model.Article, error)
	// Analysis returns an article with everything found in it, or ErrNotFound.
	Analysis(ctx context.Context, id int64) (model.Analysis, error)
	// ListArticles returns articles, newest published first.
	ListArticles(ctx context.Context, f ArticleFilter) ([]model.Article, error)
	// Search runs a full-text query over titles and text, best match first.
	// Diacritics on Latin letters are ignored ("Ceska" finds "Česká"). A
	// backend may rank only the newest of very many matches (PostgreSQL
	// ranks its newest 500).
	Search(ctx context.Context, query string, limit int) ([]SearchHit, error)
}

// EntityStore answers questions about the entities articles mention.
type EntityStore interface {
	// ListEntities returns entities with how often they are mentioned, most
	// reported (by article count) first.
	ListEntities(ctx context.Context, f EntityFilter) ([]EntitySummary, error)
	// Entity returns one stored entity by key, or ErrNotFound.
	Entity(ctx context.Context, key string) (model.Entity, error)
}

// IndicatorStore answers questions about indicators.
type IndicatorStore interface {
	// ListIndicators returns distinct indicators (type, value) with the number
	// of articles that carry them, most widely reported first.
	ListIndicators(ctx context.Context, f IndicatorFilter) ([]IndicatorSummary, error)
}

// ClaimStore answers questions about claims.
type ClaimStore interface {
	// ListClaims returns claims matching f, newest article first.
	ListClaims(ctx context.Context, f ClaimFilter) ([]model.Claim, error)
}

// AliasStore keeps aliases learned from text and their review status.
type AliasStore interface {
	// ListAliases returns learned aliases matching f.
	ListAliases(ctx context.Context, f AliasFilter) ([]model.Alias, error)
	// SetAliasStatus records an analyst's confirmation or rejection, or
	// returns ErrNotFound.
	SetAliasStatus(ctx context.Context, id int64, status model.AliasStatus) error
}

// ArticleFilter narrows ListArticles. Zero values mean "any".
type ArticleFilter struct {
	Outlet string
	Since  time.Time // published at or after
	Limit  int       // 0 means a backend default of 100
	Offset int
}

// SearchHit is one full-text match. Article.Text is left empty.
type SearchHit struct {
	Article model.Article `json:"article"`
	Snippet string        `json:"snippet"` // matched terms wrapped in [ ]
}

// EntityFilter narrows ListEntities.
type EntityFilter struct {
	Kind  model.EntityKind
	Limit int
}

// EntitySummary is an entity with how much it is reported.
type EntitySummary struct {
	Entity   model.Entity `json:"entity"`
	Mentions int          `json:"mentions"`
	Articles int          `json:"articles"`
	LastSeen time.Time    `json:"last_seen,omitzero"` // latest publication date of an article naming it
}

// IndicatorFilter narrows ListIndicators.
type IndicatorFilter struct {
	Type        model.IndicatorType
	Disposition model.Disposition
	ArticleID   int64
	Limit       int
}

// IndicatorSummary is one distinct indicator across articles.
type IndicatorSummary struct {
	Type        model.IndicatorType `json:"type"`
	Value       string              `json:"value"`
	Disposition model.Disposition   `json:"disposition"`
	Defanged    bool                `json:"defanged"` // written defanged in at least one article
	Articles    int                 `json:"articles"`
	FirstSeen   time.Time           `json:"first_seen,omitzero"`
}

// ClaimFilter narrows ListClaims.
type ClaimFilter struct {
	EntityKeys []string // claims with a role naming any of these entities
	Type       model.ClaimType
	Since      time.Time // article published at or after
	ArticleID  int64
	Limit      int
}

// AliasFilter narrows ListAliases.
type AliasFilter struct {
	EntityKey string
	Name      string // exact alias name, case-insensitive
	Status    model.AliasStatus
	Limit     int
}

// Stats counts stored rows.
type Stats struct {
	Articles   int `json:"articles"`
	Entities   int `json:"entities"`
	Mentions   int `json:"mentions"`
	Indicators int `json:"indicators"`
	Claims     int `json:"claims"`
	Aliases    int `json:"aliases"`
}
