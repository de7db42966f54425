// Package resolve links the names articles use to the entities winnow knows:
// threat actors, malware, tools, countries and sectors. Every vendor names a
// group differently (APT31 = ZIRCONIUM = Violet Typhoon = JUDGMENT PANDA =
// BRONZE VINEWOOD = TA412); the knowledge base merges those names into one
// entity, keeps who asserts each name, and marks a name that sources give to
// two unmerged entities as ambiguous instead of guessing.
//
// The knowledge base is a snapshot built from MISP galaxy clusters by
// package kbgen (`winnow kb build`) and embedded in the binary; Load parses it
// once. Aliases learned from articles and reviewed by analysts are layered on
// top with WithLearned. NamingScheme tells, for a name no source knows, which
// vendor's convention it follows and what that implies.
package resolve

import (
	"bytes"
	_ "embed"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/winnow-cti/winnow/internal/model"
)

// SnapshotPath is where the embedded snapshot lives, relative to the
// repository root; `winnow kb build` writes there by default.
const SnapshotPath = "internal/resolve/data/kb.jsonl"

//go:embed data/kb.jsonl
var embeddedSnapshot []byte

// EmbeddedSnapshot returns the raw snapshot compiled into the binary.
func EmbeddedSnapshot() []byte { return embeddedSnapshot }

// Candidate is one entity a name may denote.
type Candidate struct {
	Key     string           `json:"key"`
	Kind    model.EntityKind `json:"kind"`
	Name    string           `json:"name"` // the entity's canonical name
	Country string           `json:"country,omitempty"`
	// Matched is the name as the knowledge base spells it.
	Matched  string              `json:"matched"`
	Relation model.AliasRelation `json:"relation"`
	Status   model.AliasStatus   `json:"status"`
	Sources  []string            `json:"sources,omitempty"`
	// Ambiguous says the name also denotes other entities.
	Ambiguous bool `json:"ambiguous,omitempty"`
	// Score ranks candidates; higher is better. Lookup gives the prior
	// (how many sources assert the name, whether it is the canonical name);
	// Resolve adds what the context supports.
	Score float64 `json:"score"`
}

// Name is one name of an entity, for building a gazetteer.
type Name struct {
	Text      string           `json:"text"`
	Kind      model.EntityKind `json:"kind"`
	Key       string           `json:"key"`
	Ambiguous bool             `json:"ambiguous,omitempty"`
	// Ransomware marks a family the MISP ransomware galaxy lists.
	Ransomware bool `json:"ransomware,omitempty"`
}

// Context is what an article says around a name; Resolve uses it to break
// ties between candidates.
type Context struct {
	// Countries named in the article: ISO codes, country names or country
	// entity keys.
	Countries []string
	// CoMentioned are the keys of other entities the article names.
	CoMentioned []string
	// Kind is the kind of entity the name is expected to be, or "".
	Kind model.EntityKind
}

// Stats summarizes a knowledge base.
type Stats struct {
	BuiltFrom      string                   `json:"built_from,omitempty"`
	Galaxies       []GalaxyVersion          `json:"galaxies"`
	Entities       int                      `json:"entities"`
	ByKind         map[model.EntityKind]int `json:"by_kind"`
	Aliases        int                      `json:"aliases"`
	AmbiguousNames int                      `json:"ambiguous_names"`
	Learned        int                      `json:"learned,omitempty"`
}

// KB is a loaded knowledge base. It is immutable and safe for concurrent
// use; WithLearned returns a new KB layered over this one.
type KB struct {
	idx    *index
	layers []*layer
}

// index is the parsed snapshot with its look-up tables.
type index struct {
	header   SnapshotHeader
	entities []SnapshotEntity
	byKey    map[string]int32
	// byName maps normalized names to their candidates, best prior first.
	byName map[string][]Candidate
	byID   map[string]int32 // "mitre-attack:G0128" -> entity
	usedBy map[string][]string
	stats  Stats
}

var loadEmbedded = sync.OnceValues(func() (*KB, error) {
	return LoadSnapshot(embeddedSnapshot)
})

// Load returns the knowledge base embedded in the binary, parsing it on the
// first call only.
func Load() (*KB, error) { return loadEmbedded() }

// LoadSnapshot parses a snapshot in the form WriteTo writes.
func LoadSnapshot(data []byte) (*KB, error) {
	s, err := ReadSnapshot(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return New(s), nil
}

// New indexes a snapshot. The snapshot must not be changed afterwards.
func New(s *Snapshot) *KB {
	idx := &index{
		header:   s.Header,
		entities: s.Entities,
		byKey:    make(map[string]int32, len(s.Entities)),
		byName:   make(map[string][]Candidate, len(s.Entities)*2),
		byID:     make(map[string]int32, len(s.Entities)*2),
		usedBy:   map[string][]string{},
		stats: Stats{
			BuiltFrom: s.Header.BuiltFrom,
			Galaxies:  s.Header.Galaxies,
			Entities:  len(s.Entities),
			ByKind:    map[model.EntityKind]int{},
		},
	}
	var buf []byte
	for i, e := range s.Entities {
		idx.byKey[e.Key] = int32(i)
		idx.stats.ByKind[e.Kind]++
		idx.stats.Aliases += len(e.Aliases)
		canonical := Normalize(e.Name)
		attested := attestation(e)
		for _, a := range e.Aliases {
			buf = appendNormalized(buf[:0], a.Name)
			n := string(buf)
			if n == "" || slices.ContainsFunc(idx.byName[n], func(c Candidate) bool { return c.Key == e.Key }) {
				continue
			}
			idx.byName[n] = append(idx.byName[n], Candidate{
				Key: e.Key, Kind: e.Kind, Name: e.Name, Country: e.Country,
				Matched: a.Name, Relation: model.RelationSame, Status: model.AliasKnown,
				Sources: a.Sources, Score: prior(len(a.Sources), n == canonical, attested),
			})
		}
		for _, id := range e.IDs {
			idx.byID[id] = int32(i)
		}
		for _, used := range e.Uses {
			idx.usedBy[used] = append(idx.usedBy[used], e.Key)
		}
	}
	// ATT&CK IDs resolve too ("G0128"), unless a name already uses them.
	for _, e := range s.Entities {
		for _, x := range e.ExternalIDs() {
			if x.Source != "mitre-attack" {
				continue
			}
			n := Normalize(x.ID)
			if len(idx.byName[n]) > 0 {
				continue
			}
			idx.byName[n] = []Candidate{{
				Key: e.Key, Kind: e.Kind, Name: e.Name, Country: e.Country,
				Matched: x.ID, Relation: model.RelationSame, Status: model.AliasKnown,
				Sources: []string{"mitre-attack"}, Score: prior(1, false, attestation(e)),
			}}
		}
	}
	for n, cands := range idx.byName {
		if len(cands) > 1 {
			idx.stats.AmbiguousNames++
			for i := range cands {
				cands[i].Ambiguous = true
			}
			sortCandidates(cands)
		}
		idx.byName[n] = slices.Clip(cands)
	}
	return &KB{idx: idx}
}

// prior scores a name for an entity before any context: each source that
// asserts the name counts one, being the entity's canonical name half a
// source, and each galaxy that knows the entity at all a tenth (up to five),
// so that between otherwise equal candidates the better attested wins.
func prior(sources int, canonical bool, attested int) float64 {
	p := float64(sources) + 0.1*float64(min(attested, 5))
	if canonical {
		p += 0.5
	}
	return math.Round(p*1000) / 1000
}

// attestation counts the galaxies that describe an entity.
func attestation(e SnapshotEntity) int {
	var galaxies []string
	for _, id := range e.IDs {
		rest, ok := strings.CutPrefix(id, "misp:")
		if !ok {
			continue
		}
		if g, _, ok := strings.Cut(rest, ":"); ok && !slices.Contains(galaxies, g) {
			galaxies = append(galaxies, g)
		}
	}
	return len(galaxies)
}

func sortCandidates(cands []Candidate) {
	slices.SortFunc(cands, func(a, b Candidate) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Key, b.Key)
	})
}

// Lookup returns the entities a name denotes, compared in normalized form,
// best prior first. The slice may be shared: callers must not modify it.
// Names an analyst rejected and overlaps-with aliases are not returned.
func (kb *KB) Lookup(name string) []Candidate {
	var buf [64]byte
	n := appendNormalized(buf[:0], name)
	if len(kb.layers) == 0 {
		return kb.idx.byName[string(n)]
	}
	return kb.lookupLayered(string(n))
}

// Resolve ranks the entities a name may denote, using the context to break
// ties: a candidate of the expected kind, from a country the article names,
// or tied to an entity the article also names (an actor known to use a
// co-mentioned malware, say) scores higher. The first candidate is the best;
// it is a clear winner when its score exceeds the second's. Like Lookup's,
// the slice may be shared: callers must not modify it.
func (kb *KB) Resolve(name string, ctx Context) []Candidate {
	cands := kb.Lookup(name)
	if len(cands) == 0 {
		return nil
	}
	if len(cands) == 1 && (ctx.Kind == "" || ctx.Kind == cands[0].Kind) {
		return cands
	}
	out := slices.Clone(cands)
	countries := kb.countryCodes(ctx)
	for i := range out {
		out[i].Score += kb.contextScore(out[i], ctx, countries)
		out[i].Score = math.Round(out[i].Score*1000) / 1000
	}
	sortCandidates(out)
	return out
}

// Context weights: a kind match outweighs any prior difference between
// sources; country and co-mention evidence outweigh one extra source.
const (
	kindMatch    = 10
	kindSibling  = 4 // malware for tool and the reverse: extractors confuse them
	countryMatch = 2
	coMention    = 2
)

func (kb *KB) contextScore(c Candidate, ctx Context, countries []string) float64 {
	var s float64
	switch {
	case ctx.Kind == "":
	case ctx.Kind == c.Kind:
		s += kindMatch
	case isSoftware(ctx.Kind) && isSoftware(c.Kind):
		s += kindSibling
	}
	if c.Country != "" && slices.Contains(countries, c.Country) {
		s += countryMatch
	}
	if len(ctx.CoMentioned) > 0 {
		uses := kb.uses(c.Key)
		users := kb.idx.usedBy[c.Key]
		for _, k := range ctx.CoMentioned {
			if k == c.Key || slices.Contains(uses, k) || slices.Contains(users, k) {
				s += coMention
				break
			}
		}
	}
	return s
}

func isSoftware(k model.EntityKind) bool { return k == model.KindMalware || k == model.KindTool }

func (kb *KB) uses(key string) []string {
	if i, ok := kb.idx.byKey[key]; ok {
		return kb.idx.entities[i].Uses
	}
	return nil
}

// countryCodes turns the context's countries, in whatever form, into ISO
// codes; country entity keys among the co-mentioned count too.
func (kb *KB) countryCodes(ctx Context) []string {
	var codes []string
	add := func(s string) {
		if c := kb.countryCode(s); c != "" && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	for _, c := range ctx.Countries {
		add(c)
	}
	for _, k := range ctx.CoMentioned {
		if strings.HasPrefix(k, string(model.KindCountry)) {
			add(k)
		}
	}
	return codes
}

func (kb *KB) countryCode(s string) string {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, string(model.KindCountry)+"/"); ok {
		s = rest
	} else if rest, ok := strings.CutPrefix(s, string(model.KindCountry)+":"); ok {
		s = rest
	}
	if len(s) == 2 {
		return strings.ToUpper(s)
	}
	for _, c := range kb.Lookup(s) {
		if c.Kind == model.KindCountry {
			return c.Country
		}
	}
	return ""
}

// Entity returns the entity with the given key, with its aliases: the
// knowledge base's (status known, with sources) and, on a KB with learned
// aliases, those too, whatever their status.
func (kb *KB) Entity(key string) (model.Entity, bool) {
	i, ok := kb.idx.byKey[key]
	if !ok {
		return model.Entity{}, false
	}
	e := kb.idx.entities[i]
	out := model.Entity{
		Key: e.Key, Kind: e.Kind, Name: e.Name, Country: e.Country,
		ExternalIDs: e.ExternalIDs(),
		Aliases:     make([]model.Alias, 0, len(e.Aliases)),
	}
	for _, a := range e.Aliases {
		out.Aliases = append(out.Aliases, model.Alias{
			EntityKey: e.Key, Name: a.Name, Relation: model.RelationSame,
			Status: model.AliasKnown, Sources: a.Sources,
		})
	}
	out.Aliases = append(out.Aliases, kb.learnedFor(key)...)
	return out, true
}

// ByExternalID returns the key of the entity another catalogue calls id,
// e.g. ("mitre-attack", "G0128") or ("misp:threat-actor", "<uuid>").
func (kb *KB) ByExternalID(source, id string) (string, bool) {
	i, ok := kb.idx.byID[source+":"+id]
	if !ok {
		return "", false
	}
	return kb.idx.entities[i].Key, true
}

// Uses returns the keys of the software an actor is reported to use.
func (kb *KB) Uses(key string) []string { return slices.Clone(kb.uses(key)) }

// ransomwareGalaxy prefixes the IDs of entities from MISP's ransomware
// galaxy.
const ransomwareGalaxy = "misp:ransomware:"

// Names lists every canonical name and alias with its entity, for building
// a gazetteer. A name on several entities is listed once per entity and
// marked ambiguous. Learned same-as aliases are included; rejected ones and
// the names they reject are not.
func (kb *KB) Names() []Name {
	var out []Name
	var buf []byte
	for _, e := range kb.idx.entities {
		ransomware := e.Kind == model.KindMalware && slices.ContainsFunc(e.IDs, func(id string) bool {
			return strings.HasPrefix(id, ransomwareGalaxy)
		})
		for _, a := range e.Aliases {
			buf = appendNormalized(buf[:0], a.Name)
			if kb.rejected(string(buf), e.Key) {
				continue
			}
			out = append(out, Name{Text: a.Name, Kind: e.Kind, Key: e.Key, Ambiguous: a.Ambiguous, Ransomware: ransomware})
		}
	}
	return append(out, kb.learnedNames()...)
}

// Stats summarizes the knowledge base.
func (kb *KB) Stats() Stats {
	s := kb.idx.stats
	s.ByKind = make(map[model.EntityKind]int, len(kb.idx.stats.ByKind))
	for k, v := range kb.idx.stats.ByKind {
		s.ByKind[k] = v
	}
	s.Galaxies = slices.Clone(s.Galaxies)
	for _, l := range kb.layers {
		s.Learned += len(l.aliases)
	}
	return s
}

// Header returns what the snapshot was built from.
func (kb *KB) Header() SnapshotHeader { return kb.idx.header }

// Entities yields every entity of the snapshot in key order.
func (kb *KB) Entities() iter.Seq[SnapshotEntity] {
	return func(yield func(SnapshotEntity) bool) {
		for _, e := range kb.idx.entities {
			if !yield(e) {
				return
			}
		}
	}
}

// String describes the knowledge base in one line.
func (kb *KB) String() string {
	s := kb.Stats()
	return fmt.Sprintf("knowledge base: %d entities, %d aliases, %d ambiguous names", s.Entities, s.Aliases, s.AmbiguousNames)
}
