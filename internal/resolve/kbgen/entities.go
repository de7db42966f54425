package kbgen

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
)

// aliasAcc gathers the spellings and sources of one normalized name of an
// entity.
type aliasAcc struct {
	norm      string
	spellings []string       // in first-seen order
	votes     map[string]int // spelling -> galaxies asserting it
	sources   map[string]bool
}

func (a *aliasAcc) add(spelling, source string) {
	if a.votes[spelling] == 0 {
		a.spellings = append(a.spellings, spelling)
	}
	a.votes[spelling]++
	a.sources[source] = true
}

// best is the spelling most galaxies use, the first seen on a tie.
func (a *aliasAcc) best() string {
	best := a.spellings[0]
	for _, s := range a.spellings[1:] {
		if a.votes[s] > a.votes[best] {
			best = s
		}
	}
	return best
}

// draft is an entity being assembled from a merged group.
type draft struct {
	e       resolve.SnapshotEntity
	members []int
	aliases map[string]*aliasAcc
}

func buildEntities(cs []*cluster, m *merger) []resolve.SnapshotEntity {
	groups := m.groups()
	drafts := make([]*draft, len(groups))
	keyOfCluster := make([]int, len(cs)) // cluster -> draft index
	for gi, g := range groups {
		drafts[gi] = newDraft(cs, g)
		for _, i := range g {
			keyOfCluster[i] = gi
		}
	}
	assignKeys(drafts, cs)
	addUses(drafts, cs, m, keyOfCluster)

	// A normalized name on more than one entity is ambiguous on all of them.
	owners := map[string]int{}
	for _, d := range drafts {
		for n := range d.aliases {
			owners[n]++
		}
	}
	out := make([]resolve.SnapshotEntity, len(drafts))
	for i, d := range drafts {
		canonical := resolve.Normalize(d.e.Name)
		for _, acc := range d.aliases {
			name := acc.best()
			if acc.norm == canonical {
				name = d.e.Name
			}
			sources := make([]string, 0, len(acc.sources))
			for s := range acc.sources {
				sources = append(sources, s)
			}
			slices.Sort(sources)
			d.e.Aliases = append(d.e.Aliases, resolve.SnapshotAlias{Name: name, Sources: sources, Ambiguous: owners[acc.norm] > 1})
		}
		slices.SortFunc(d.e.Aliases, func(a, b resolve.SnapshotAlias) int {
			ca, cb := resolve.Normalize(a.Name) == canonical, resolve.Normalize(b.Name) == canonical
			return cmp.Or(boolOrder(!ca, !cb), cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Name, b.Name))
		})
		out[i] = d.e
	}
	slices.SortFunc(out, func(a, b resolve.SnapshotEntity) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

func newDraft(cs []*cluster, members []int) *draft {
	best := cs[members[0]]
	d := &draft{members: members, aliases: map[string]*aliasAcc{}}
	d.e.Name = best.canonical
	d.e.Kind, d.e.Country = best.kind, ""
	kindRank := best.kindRank
	ids := map[string]bool{}
	for _, i := range members {
		c := cs[i]
		if c.kindRank < kindRank {
			d.e.Kind, kindRank = c.kind, c.kindRank
		}
		if d.e.Country == "" {
			d.e.Country = c.country
		}
		ids["misp:"+c.spec().Name+":"+c.uuid] = true
		if c.attackID != "" {
			ids["mitre-attack:"+c.attackID] = true
		}
		if c.tidalID != "" {
			ids["tidal:"+c.tidalID] = true
		}
		for _, id := range c.ids {
			ids[id] = true
		}
		for _, n := range c.names {
			d.addAlias(n, c.spec().Name)
		}
	}
	// Derived short forms come last so that an asserted spelling wins.
	for _, i := range members {
		for _, n := range cs[i].derived {
			d.addAlias(n, cs[i].spec().Name)
		}
	}
	for id := range ids {
		d.e.IDs = append(d.e.IDs, id)
	}
	slices.Sort(d.e.IDs)
	return d
}

func (d *draft) addAlias(name, source string) {
	n := resolve.Normalize(name)
	if n == "" {
		return
	}
	acc := d.aliases[n]
	if acc == nil {
		acc = &aliasAcc{norm: n, votes: map[string]int{}, sources: map[string]bool{}}
		d.aliases[n] = acc
	}
	acc.add(name, source)
}

// assignKeys gives every entity "<kind>/<slug of its name>"; countries use
// their ISO code. Two entities with the same slug are told apart by an
// ATT&CK or MISP ID.
func assignKeys(drafts []*draft, cs []*cluster) {
	byKey := map[string][]*draft{}
	for _, d := range drafts {
		slug := slugify(d.e.Name)
		if d.e.Kind == model.KindCountry && d.e.Country != "" {
			slug = strings.ToLower(d.e.Country)
		}
		d.e.Key = string(d.e.Kind) + "/" + slug
		byKey[d.e.Key] = append(byKey[d.e.Key], d)
	}
	for key, ds := range byKey {
		if len(ds) == 1 {
			continue
		}
		for _, d := range ds {
			d.e.Key = key + "-" + distinguisher(d, cs)
		}
	}
}

// distinguisher is a short stable suffix: the ATT&CK ID when there is one,
// otherwise the start of the first cluster's UUID.
func distinguisher(d *draft, cs []*cluster) string {
	for _, i := range d.members {
		if id := cs[i].attackID; id != "" {
			return strings.ToLower(id)
		}
	}
	u := cs[d.members[0]].uuid
	return u[:min(8, len(u))]
}

// slugify lowers a name and joins its letters and digits with hyphens:
// "Cobalt Strike" -> "cobalt-strike".
func slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range resolve.Fold(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "unnamed"
	}
	return b.String()
}

// addUses records which software each threat actor is reported to use, from
// the actors' "uses" links and the software's "used-by" links.
func addUses(drafts []*draft, cs []*cluster, m *merger, draftOf []int) {
	uses := make([]map[string]bool, len(drafts))
	link := func(actor, software int) {
		a, s := draftOf[actor], draftOf[software]
		if drafts[a].e.Kind != model.KindThreatActor {
			return
		}
		if k := drafts[s].e.Kind; k != model.KindMalware && k != model.KindTool {
			return
		}
		if uses[a] == nil {
			uses[a] = map[string]bool{}
		}
		uses[a][drafts[s].e.Key] = true
	}
	for i, c := range cs {
		for _, dest := range c.uses {
			for _, j := range m.byUUID[dest] {
				link(i, j)
			}
		}
		for _, dest := range c.usedBy {
			for _, j := range m.byUUID[dest] {
				link(j, i)
			}
		}
	}
	for i, set := range uses {
		for k := range set {
			drafts[i].e.Uses = append(drafts[i].e.Uses, k)
		}
		slices.Sort(drafts[i].e.Uses)
	}
}
