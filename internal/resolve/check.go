package resolve

import (
	"cmp"
	"slices"
)

// NameCheck is a name that should resolve to the entity with Key. Group
// labels it in reports, e.g. the galaxy asserting the name.
type NameCheck struct {
	Group string `json:"group"`
	Name  string `json:"name"`
	Key   string `json:"key"`
}

// CheckResult counts how the names of one group resolve: to their own
// entity alone, to it among others (an ambiguous name, reported as such), or
// not to it at all.
type CheckResult struct {
	Group     string      `json:"group"`
	Names     int         `json:"names"`
	Own       int         `json:"own"`
	Ambiguous int         `json:"ambiguous"`
	Failed    int         `json:"failed"`
	Failures  []NameCheck `json:"failures,omitempty"` // the first few
}

// Share is the fraction of names that resolve to their own entity or are
// reported ambiguous with it among the candidates.
func (r CheckResult) Share() float64 {
	if r.Names == 0 {
		return 1
	}
	return float64(r.Own+r.Ambiguous) / float64(r.Names)
}

// maxFailures bounds the failures a CheckResult lists.
const maxFailures = 20

// Check resolves every name and tallies the outcome per group, groups in
// name order, followed by a total with Group "total".
func (kb *KB) Check(items []NameCheck) []CheckResult {
	byGroup := map[string]*CheckResult{}
	total := &CheckResult{Group: "total"}
	for _, it := range items {
		r := byGroup[it.Group]
		if r == nil {
			r = &CheckResult{Group: it.Group}
			byGroup[it.Group] = r
		}
		cands := kb.Lookup(it.Name)
		own := slices.ContainsFunc(cands, func(c Candidate) bool { return c.Key == it.Key })
		for _, t := range []*CheckResult{r, total} {
			t.Names++
			switch {
			case own && len(cands) == 1:
				t.Own++
			case own:
				t.Ambiguous++
			default:
				t.Failed++
				if len(t.Failures) < maxFailures {
					t.Failures = append(t.Failures, it)
				}
			}
		}
	}
	out := make([]CheckResult, 0, len(byGroup)+1)
	for _, r := range byGroup {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b CheckResult) int { return cmp.Compare(a.Group, b.Group) })
	return append(out, *total)
}

// SelfCheck lists every alias of the snapshot with its own entity, grouped
// by entity kind, for Check: a snapshot checked against itself.
func (kb *KB) SelfCheck() []NameCheck {
	var items []NameCheck
	for _, e := range kb.idx.entities {
		for _, a := range e.Aliases {
			items = append(items, NameCheck{Group: string(e.Kind), Name: a.Name, Key: e.Key})
		}
	}
	return items
}

// Conflict is a name the knowledge base gives to more than one entity.
type Conflict struct {
	Name       string      `json:"name"`
	Candidates []Candidate `json:"candidates"`
}

// Conflicts lists every ambiguous name of the snapshot with the entities it
// denotes and the sources asserting it for each, sorted by name.
func (kb *KB) Conflicts() []Conflict {
	seen := map[string]bool{}
	var out []Conflict
	var buf []byte
	for _, e := range kb.idx.entities {
		for _, a := range e.Aliases {
			if !a.Ambiguous {
				continue
			}
			buf = appendNormalized(buf[:0], a.Name)
			if seen[string(buf)] {
				continue
			}
			seen[string(buf)] = true
			cands := kb.idx.byName[string(buf)]
			if len(cands) < 2 {
				continue
			}
			out = append(out, Conflict{Name: cands[0].Matched, Candidates: cands})
		}
	}
	slices.SortFunc(out, func(a, b Conflict) int {
		return cmp.Or(cmp.Compare(Normalize(a.Name), Normalize(b.Name)), cmp.Compare(a.Name, b.Name))
	})
	return out
}
