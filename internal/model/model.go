// Package model holds winnow's plain domain types: what was read (Source,
// Article), what was found in it (Indicator, Mention, Claim, Alias) and what it
// refers to (Entity, Story). The types carry no behaviour beyond small helpers
// and know nothing of storage or wire formats.
//
// Offsets: every Span is a pair of byte offsets into Article.Text (the cleaned
// text), half-open [Start, End). Byte offsets keep slicing cheap in Go; wire
// formats convert when they need code points.
package model

import "time"

// Span is a half-open byte range [Start, End) in an article's cleaned text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// In returns the text the span covers, or "" when it does not fit text.
func (s Span) In(text string) string {
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return ""
	}
	return text[s.Start:s.End]
}

// SourceKind says how a source is read.
type SourceKind string

const (
	SourceFeed SourceKind = "feed"
	SourcePage SourceKind = "page"
	SourceFile SourceKind = "file"
)

// Source is somewhere articles come from: a feed, a page, a local path.
type Source struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	URL           string        `json:"url"`
	Kind          SourceKind    `json:"kind"`
	Interval      time.Duration `json:"interval"`
	CreatedAt     time.Time     `json:"created_at"`
	LastFetchedAt time.Time     `json:"last_fetched_at,omitzero"`
	LastError     string        `json:"last_error,omitempty"`
}

// Article is one document after cleaning. Re-ingesting the same canonical URL
// or the same raw bytes updates the stored article instead of adding another.
type Article struct {
	ID           int64     `json:"id"`
	SourceID     int64     `json:"source_id,omitempty"`
	URL          string    `json:"url,omitempty"`
	CanonicalURL string    `json:"canonical_url,omitempty"`
	Outlet       string    `json:"outlet,omitempty"`
	Title        string    `json:"title"`
	Author       string    `json:"author,omitempty"`
	PublishedAt  time.Time `json:"published_at,omitzero"`
	FetchedAt    time.Time `json:"fetched_at,omitzero"`
	// ContentHash is the hex SHA-256 of the raw bytes as read.
	ContentHash string `json:"content_hash"`
	// ContentType is the kind of document read: "text/html", "text/plain",
	// "text/markdown", "application/rss+xml"...
	ContentType string `json:"content_type,omitempty"`
	// Text is the cleaned main text; paragraphs are separated by "\n\n".
	Text string `json:"text"`
	// Removed lists what cleaning dropped, so a reader can see why.
	Removed []Removal `json:"removed,omitempty"`
}

// Removal is one piece of the raw document that cleaning dropped.
type Removal struct {
	Reason string `json:"reason"` // "boilerplate", "repeated-paragraph", "navigation", ...
	Text   string `json:"text"`
}

// IndicatorType names a kind of technical indicator.
type IndicatorType string

const (
	IndicatorIPv4     IndicatorType = "ipv4"
	IndicatorIPv6     IndicatorType = "ipv6"
	IndicatorCIDR     IndicatorType = "cidr"
	IndicatorDomain   IndicatorType = "domain"
	IndicatorURL      IndicatorType = "url"
	IndicatorEmail    IndicatorType = "email"
	IndicatorMD5      IndicatorType = "md5"
	IndicatorSHA1     IndicatorType = "sha1"
	IndicatorSHA256   IndicatorType = "sha256"
	IndicatorSHA512   IndicatorType = "sha512"
	IndicatorCVE      IndicatorType = "cve"
	IndicatorCWE      IndicatorType = "cwe"
	IndicatorATTACK   IndicatorType = "attack-id"
	IndicatorBitcoin  IndicatorType = "bitcoin"
	IndicatorEthereum IndicatorType = "ethereum"
	IndicatorMonero   IndicatorType = "monero"
	IndicatorASN      IndicatorType = "asn"
	IndicatorRegistry IndicatorType = "registry-key"
	IndicatorFile     IndicatorType = "filename"
	IndicatorYARA     IndicatorType = "yara-rule"
)

// Disposition says what an indicator-shaped string most likely is. Nothing is
// silently dropped: a false positive is kept with the reason it is not an IOC.
type Disposition string

const (
	DispIndicator Disposition = "indicator" // a real observable worth acting on
	DispReference Disposition = "reference" // the outlet's or a vendor's own link
	DispBenign    Disposition = "benign"    // a well-known benign domain or address
	DispPrivate   Disposition = "private"   // private, reserved or loopback address
	DispNotIOC    Disposition = "not-ioc"   // looks like one but is not (version number, AV name)
)

// Indicator is one indicator found in an article.
type Indicator struct {
	ID          int64         `json:"id,omitempty"`
	ArticleID   int64         `json:"article_id,omitempty"`
	Type        IndicatorType `json:"type"`
	Value       string        `json:"value"`    // refanged, normalized
	Original    string        `json:"original"` // as written
	Defanged    bool          `json:"defanged"`
	Disposition Disposition   `json:"disposition"`
	Span        Span          `json:"span"`
	Sentence    Span          `json:"sentence"`
}

// EntityKind names a kind of entity.
type EntityKind string

const (
	KindThreatActor   EntityKind = "threat-actor"
	KindMalware       EntityKind = "malware"
	KindTool          EntityKind = "tool"
	KindVulnerability EntityKind = "vulnerability"
	KindCountry       EntityKind = "country"
	KindRegion        EntityKind = "region"
	KindOrganization  EntityKind = "organization"
	KindSector        EntityKind = "sector"
	KindPerson        EntityKind = "person"
)

// ExternalID is an identifier another catalogue gives an entity.
type ExternalID struct {
	Source string `json:"source"` // "mitre-attack", "misp", "malpedia", ...
	ID     string `json:"id"`     // "G0128", a UUID, ...
}

// Entity is something articles talk about. Key is stable across runs: the
// knowledge base's key for known entities, "<kind>:<normalized name>" for
// entities found only in text.
type Entity struct {
	Key         string       `json:"key"`
	Kind        EntityKind   `json:"kind"`
	Name        string       `json:"name"`
	Country     string       `json:"country,omitempty"` // origin, ISO 3166 alpha-2 where known
	ExternalIDs []ExternalID `json:"external_ids,omitempty"`
	Aliases     []Alias      `json:"aliases,omitempty"`
}

// AliasRelation says how strongly an alias ties a name to an entity.
type AliasRelation string

const (
	RelationSame     AliasRelation = "same-as"       // the name denotes this entity
	RelationOverlaps AliasRelation = "overlaps-with" // reported overlap, weaker than identity
)

// AliasStatus records whether an analyst has reviewed a learned alias.
type AliasStatus string

const (
	AliasKnown     AliasStatus = "known"     // from the knowledge base
	AliasLearned   AliasStatus = "learned"   // read in an article, unreviewed
	AliasConfirmed AliasStatus = "confirmed" // an analyst agreed
	AliasRejected  AliasStatus = "rejected"  // an analyst disagreed; no longer resolves
)

// Alias is a name for an entity with who asserts it. Knowledge-base aliases
// carry Sources; aliases learned from text carry the article, claimant and
// evidence.
type Alias struct {
	ID         int64         `json:"id,omitempty"`
	EntityKey  string        `json:"entity_key"`
	Name       string        `json:"name"`
	Relation   AliasRelation `json:"relation"`
	Status     AliasStatus   `json:"status"`
	Sources    []string      `json:"sources,omitempty"`
	Claimant   string        `json:"claimant,omitempty"`
	ArticleID  int64         `json:"article_id,omitempty"`
	Evidence   Span          `json:"evidence,omitzero"`
	Confidence float64       `json:"confidence,omitempty"`
}

// Mention is one place an entity is named in an article.
type Mention struct {
	ID        int64      `json:"id,omitempty"`
	ArticleID int64      `json:"article_id,omitempty"`
	EntityKey string     `json:"entity_key,omitempty"` // empty when unresolved
	Kind      EntityKind `json:"kind"`
	Text      string     `json:"text"` // the surface form as written
	Span      Span       `json:"span"`
	Sentence  Span       `json:"sentence"`
}

// ClaimType names what a claim asserts.
type ClaimType string

const (
	ClaimAttribution    ClaimType = "attribution"
	ClaimTargeting      ClaimType = "targeting"
	ClaimMalwareUse     ClaimType = "malware-use"
	ClaimExploitation   ClaimType = "exploitation"
	ClaimDisclosure     ClaimType = "disclosure"
	ClaimDataBreach     ClaimType = "data-breach"
	ClaimRansomware     ClaimType = "ransomware"
	ClaimLawEnforce     ClaimType = "law-enforcement"
	ClaimAliasAssertion ClaimType = "alias"
)

// Role is one participant of a claim: "actor", "victim", "malware",
// "sponsor", "authority", "vulnerability", "sector", "country"...
type Role struct {
	Role      string `json:"role"`
	Text      string `json:"text"`
	EntityKey string `json:"entity_key,omitempty"`
	Span      Span   `json:"span"`
}

// Claim is one assertion an article reports, with who makes it and the
// sentence that says so. Incident time (TimeStart..TimeEnd) is when the thing
// happened; the article's PublishedAt is when it was reported.
type Claim struct {
	ID         int64     `json:"id,omitempty"`
	ArticleID  int64     `json:"article_id,omitempty"`
	Type       ClaimType `json:"type"`
	Roles      []Role    `json:"roles"`
	Claimant   string    `json:"claimant,omitempty"`
	TimeText   string    `json:"time_text,omitempty"`
	TimeStart  time.Time `json:"time_start,omitzero"`
	TimeEnd    time.Time `json:"time_end,omitzero"`
	Hedge      string    `json:"hedge,omitempty"` // "likely", "suspected", ...
	Confidence float64   `json:"confidence"`
	Negated    bool      `json:"negated,omitempty"`
	Evidence   Span      `json:"evidence"`
	// EvidenceText is Evidence.In(article text), kept so a claim reads alone.
	EvidenceText string `json:"evidence_text"`
}

// RoleText returns the text of the first role with the given name, or "".
func (c Claim) RoleText(role string) string {
	for _, r := range c.Roles {
		if r.Role == role {
			return r.Text
		}
	}
	return ""
}

// Story groups articles that report the same event.
type Story struct {
	ID         int64     `json:"id"`
	Title      string    `json:"title"`
	ArticleIDs []int64   `json:"article_ids"`
	FirstSeen  time.Time `json:"first_seen"`
	LastSeen   time.Time `json:"last_seen"`
}

// Analysis is everything the pipeline found in one article; the store saves it
// in one transaction so a failure leaves nothing half-written.
type Analysis struct {
	Article    Article     `json:"article"`
	Entities   []Entity    `json:"entities,omitempty"` // entities the mentions and claims refer to
	Mentions   []Mention   `json:"mentions,omitempty"`
	Indicators []Indicator `json:"indicators,omitempty"`
	Claims     []Claim     `json:"claims,omitempty"`
	Aliases    []Alias     `json:"aliases,omitempty"` // aliases learned from this article
}
