package resolve

import (
	"slices"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// layer is the aliases one WithLearned call adds, indexed by normalized
// name. Layers sit on the shared index; nothing of the index is copied.
type layer struct {
	aliases []model.Alias
	// decisions maps normalized name -> entity key -> the same-as decision
	// that counts for the pair.
	decisions map[string]map[string]model.Alias
	overlaps  map[string][]model.Alias
	byKey     map[string][]model.Alias
}

// Learned alias scores: an analyst's confirmation weighs like a source and a
// half, an unreviewed learned alias like half a source.
const (
	confirmedPrior = 1.5
	learnedPrior   = 0.5
)

// WithLearned returns a KB in which aliases learned from articles count:
// confirmed and learned same-as aliases resolve to their entity, rejected
// ones never do (a rejected knowledge-base alias stops resolving too), and
// overlaps-with aliases never resolve as identity but are reported by
// Overlaps and Entity. For the same name and entity an analyst's decision
// (confirmed or rejected; the later one when there are several) beats an
// unreviewed learned alias. The receiver is not changed and the knowledge
// base is shared, so building the result costs only the aliases given.
func (kb *KB) WithLearned(aliases []model.Alias) *KB {
	if len(aliases) == 0 {
		return kb
	}
	l := &layer{
		aliases:   slices.Clone(aliases),
		decisions: map[string]map[string]model.Alias{},
		overlaps:  map[string][]model.Alias{},
		byKey:     map[string][]model.Alias{},
	}
	for _, a := range l.aliases {
		n := Normalize(a.Name)
		if n == "" || a.EntityKey == "" {
			continue
		}
		l.byKey[a.EntityKey] = append(l.byKey[a.EntityKey], a)
		if a.Relation == model.RelationOverlaps {
			l.overlaps[n] = append(l.overlaps[n], a)
			continue
		}
		byKey := l.decisions[n]
		if byKey == nil {
			byKey = map[string]model.Alias{}
			l.decisions[n] = byKey
		}
		if prev, ok := byKey[a.EntityKey]; !ok || outranks(a, prev) {
			byKey[a.EntityKey] = a
		}
	}
	return &KB{idx: kb.idx, layers: append(slices.Clip(kb.layers), l)}
}

// outranks reports whether alias a should replace the earlier decision prev
// for the same name and entity.
func outranks(a, prev model.Alias) bool {
	if a.Status == model.AliasLearned {
		return prev.Status == model.AliasLearned
	}
	return true // an analyst's decision, and the later one wins
}

func isAnalystDecision(s model.AliasStatus) bool {
	return s == model.AliasConfirmed || s == model.AliasRejected || s == model.AliasKnown
}

// lookupLayered applies the layers to the index's candidates for the
// normalized name n.
func (kb *KB) lookupLayered(n string) []Candidate {
	base := kb.idx.byName[n]
	touched := false
	for _, l := range kb.layers {
		if len(l.decisions[n]) > 0 {
			touched = true
			break
		}
	}
	if !touched {
		return base
	}
	out := slices.Clone(base)
	decided := map[string]model.AliasStatus{} // analyst decisions so far, by key
	for _, l := range kb.layers {
		keys := make([]string, 0, len(l.decisions[n]))
		for k := range l.decisions[n] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, key := range keys {
			a := l.decisions[n][key]
			i := slices.IndexFunc(out, func(c Candidate) bool { return c.Key == key })
			switch {
			case a.Status == model.AliasRejected:
				decided[key] = a.Status
				if i >= 0 {
					out = slices.Delete(out, i, i+1)
				}
			case a.Status == model.AliasLearned && decided[key] == model.AliasRejected:
				// An analyst already rejected this pair.
			case i >= 0:
				if isAnalystDecision(a.Status) {
					decided[key] = a.Status
					if out[i].Status != model.AliasConfirmed && a.Status == model.AliasConfirmed {
						out[i].Status = model.AliasConfirmed
						out[i].Score += confirmedPrior
					}
				}
			default:
				if isAnalystDecision(a.Status) {
					decided[key] = a.Status
				}
				out = append(out, kb.learnedCandidate(a))
			}
		}
	}
	for i := range out {
		out[i].Ambiguous = len(out) > 1
	}
	sortCandidates(out)
	return out
}

// learnedCandidate describes the entity a learned alias points to. Keys the
// knowledge base does not know (entities found only in text) still resolve;
// their kind is read from the key.
func (kb *KB) learnedCandidate(a model.Alias) Candidate {
	c := Candidate{
		Key: a.EntityKey, Matched: a.Name, Relation: a.Relation, Status: a.Status,
		Score: learnedPrior,
	}
	if c.Relation == "" {
		c.Relation = model.RelationSame
	}
	if a.Status == model.AliasConfirmed || a.Status == model.AliasKnown {
		c.Score = confirmedPrior
	}
	if a.Claimant != "" {
		c.Sources = []string{a.Claimant}
	} else if len(a.Sources) > 0 {
		c.Sources = slices.Clone(a.Sources)
	}
	if i, ok := kb.idx.byKey[a.EntityKey]; ok {
		e := kb.idx.entities[i]
		c.Kind, c.Name, c.Country = e.Kind, e.Name, e.Country
	} else {
		c.Kind = kindOfKey(a.EntityKey)
	}
	return c
}

// kindOfKey reads the kind from "<kind>/<slug>" or "<kind>:<name>".
func kindOfKey(key string) model.EntityKind {
	if i := strings.IndexAny(key, "/:"); i > 0 {
		return model.EntityKind(key[:i])
	}
	return ""
}

// rejected reports whether the layers leave the pair (normalized name n,
// key) rejected.
func (kb *KB) rejected(n, key string) bool {
	rej := false
	for _, l := range kb.layers {
		if a, ok := l.decisions[n][key]; ok {
			switch a.Status {
			case model.AliasRejected:
				rej = true
			case model.AliasConfirmed, model.AliasKnown:
				rej = false
			}
		}
	}
	return rej
}

// learnedFor returns the learned aliases of an entity, every status and
// relation, in the order they were given.
func (kb *KB) learnedFor(key string) []model.Alias {
	var out []model.Alias
	for _, l := range kb.layers {
		out = append(out, l.byKey[key]...)
	}
	return out
}

// learnedNames are the same-as names the layers add to entities, for the
// gazetteer.
func (kb *KB) learnedNames() []Name {
	var out []Name
	seen := map[string]bool{}
	for _, l := range kb.layers {
		for n, byKey := range l.decisions {
			for key, a := range byKey {
				if seen[n+"\x00"+key] || kb.rejected(n, key) {
					continue
				}
				seen[n+"\x00"+key] = true
				if slices.ContainsFunc(kb.idx.byName[n], func(c Candidate) bool { return c.Key == key }) {
					continue // already a knowledge-base name
				}
				kind := kindOfKey(key)
				if i, ok := kb.idx.byKey[key]; ok {
					kind = kb.idx.entities[i].Kind
				}
				out = append(out, Name{Text: a.Name, Kind: kind, Key: key, Ambiguous: len(kb.Lookup(a.Name)) > 1})
			}
		}
	}
	slices.SortFunc(out, func(a, b Name) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return strings.Compare(a.Text, b.Text)
	})
	return out
}

// Overlaps returns the entities a name is reported to overlap with (learned
// overlaps-with aliases). Such names never resolve as identity.
func (kb *KB) Overlaps(name string) []Candidate {
	n := Normalize(name)
	var out []Candidate
	for _, l := range kb.layers {
		for _, a := range l.overlaps[n] {
			if a.Status == model.AliasRejected {
				continue
			}
			if slices.ContainsFunc(out, func(c Candidate) bool { return c.Key == a.EntityKey }) {
				continue
			}
			out = append(out, kb.learnedCandidate(a))
		}
	}
	return out
}
