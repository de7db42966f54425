// Package kbgen builds winnow's knowledge-base snapshot from MISP galaxy
// clusters. It is used only by `winnow kb build`; everything else reads the
// snapshot through package resolve.
//
// Merging. Every galaxy value is a cluster; clusters that denote the same
// entity are merged in tiers, strongest evidence first:
//
//  1. the same ATT&CK ID (G/S numbers from the MITRE and Tidal galaxies), or
//     an ATT&CK "revoked-by" link;
//  2. a cluster without synonyms of its own whose name exactly one other
//     cluster of the same galaxy lists as a synonym (Microsoft keeps its
//     retired element names this way: ZIRCONIUM next to Violet Typhoon);
//  3. a "similar" or "same-as" link between galaxies, but only when the two
//     clusters also share a name;
//  4. identical canonical names in two galaxies;
//  5. one galaxy's canonical name listed as a synonym by other galaxies'
//     clusters, when all the groups asserting the name can merge.
//
// Tiers 3 to 5 never merge two groups that already hold different clusters
// of the same galaxy: a galaxy that lists two clusters asserts two entities.
// This stops chains through shared synonyms (APT28 and APT29 stay apart even
// though loose "similar" links and borrowed names connect them). A name that
// ends up on two entities is kept on both and marked ambiguous.
//
// Lazarus Group and APT38: the MISP threat-actor galaxy and ATT&CK both list
// them as separate clusters, so they stay separate entities; the names they
// share (NICKEL GLADSTONE, for one) are ambiguous.
package kbgen

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/winnow-cti/winnow/internal/resolve"
)

// Build reads the galaxies kbgen knows from clustersDir (a MISP galaxy
// "clusters" directory) and merges them into a snapshot. The same input
// always gives the same snapshot.
func Build(clustersDir string) (*resolve.Snapshot, error) {
	set, err := load(clustersDir)
	if err != nil {
		return nil, err
	}
	m := newMerger(set.clusters)
	m.mergeAll()
	snap := &resolve.Snapshot{Header: set.header}
	snap.Entities = buildEntities(set.clusters, m)
	return snap, nil
}

// Assertion is one name a galaxy gives one of its clusters.
type Assertion struct {
	Galaxy string
	UUID   string
	Name   string
}

// Assertions lists every name the galaxies Build reads give their clusters
// (canonical names and synonyms, not the short forms Build derives), in file
// order. Values Build skips are left out.
func Assertions(clustersDir string) ([]Assertion, error) {
	set, err := load(clustersDir)
	if err != nil {
		return nil, err
	}
	var out []Assertion
	for _, c := range set.clusters {
		for _, n := range c.names {
			out = append(out, Assertion{Galaxy: c.spec().Name, UUID: c.uuid, Name: n})
		}
	}
	return out, nil
}

type clusterSet struct {
	header   resolve.SnapshotHeader
	clusters []*cluster
}

func load(dir string) (*clusterSet, error) {
	if dir == "" {
		return nil, errors.New("kbgen: no galaxy clusters directory given")
	}
	files := make([]*galaxyFile, len(galaxies))
	for i, spec := range galaxies {
		g, err := readGalaxy(dir, spec)
		if err != nil {
			return nil, err
		}
		files[i] = g
	}
	var countries countryIndex
	for i, spec := range galaxies {
		if spec.family == familyCountry {
			countries = newCountryIndex(files[i])
		}
	}
	set := &clusterSet{header: resolve.SnapshotHeader{
		Format:    resolve.SnapshotFormat,
		BuiltFrom: readSource(dir),
	}}
	for gi, g := range files {
		n := 0
		for _, v := range *g.Values {
			if c := newCluster(gi, v, countries); c != nil {
				set.clusters = append(set.clusters, c)
				n++
			}
		}
		set.header.Galaxies = append(set.header.Galaxies, resolve.GalaxyVersion{
			Name: galaxies[gi].Name, Version: g.Version, Values: n,
		})
	}
	return set, nil
}

// readSource returns the first line of the SOURCE file next to the clusters
// directory ("misp-galaxy <commit>"), or "" when there is none.
func readSource(dir string) string {
	f, err := os.Open(filepath.Join(dir, "..", "SOURCE"))
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if sc.Scan() {
		return strings.TrimSpace(sc.Text())
	}
	return ""
}

// merger is a union-find over clusters that remembers which galaxies each
// group holds.
type merger struct {
	clusters []*cluster
	parent   []int
	galaxies []uint32         // per root: bit i set when the group holds a cluster of galaxies[i]
	byUUID   map[string][]int // galaxies share UUIDs for the same ATT&CK object
}

func newMerger(cs []*cluster) *merger {
	m := &merger{
		clusters: cs,
		parent:   make([]int, len(cs)),
		galaxies: make([]uint32, len(cs)),
		byUUID:   make(map[string][]int, len(cs)),
	}
	for i, c := range cs {
		m.parent[i] = i
		m.galaxies[i] = 1 << c.galaxy
		m.byUUID[c.uuid] = append(m.byUUID[c.uuid], i)
	}
	return m
}

func (m *merger) find(i int) int {
	for m.parent[i] != i {
		m.parent[i] = m.parent[m.parent[i]]
		i = m.parent[i]
	}
	return i
}

// union merges the groups of a and b. allowed is the set of galaxies both
// groups may already hold; any other shared galaxy refuses the merge.
func (m *merger) union(a, b int, allowed uint32) bool {
	ra, rb := m.find(a), m.find(b)
	if ra == rb {
		return true
	}
	if m.galaxies[ra]&m.galaxies[rb]&^allowed != 0 {
		return false
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	m.parent[rb] = ra
	m.galaxies[ra] |= m.galaxies[rb]
	return true
}

const anyGalaxy = ^uint32(0)

func (m *merger) sameFamily(a, b int) bool {
	return m.clusters[a].spec().family == m.clusters[b].spec().family
}

func (m *merger) mergeAll() {
	m.mergeByATTACK()
	m.mergeRenames()
	m.mergeCanonicalNames()
	m.mergeATTACKRefs()
	m.mergeLinks()
	m.mergeBorrowedNames()
}

// mergeByATTACK is tier 1: ATT&CK IDs, revocations and a UUID two galaxies
// share (both copy the same ATT&CK object) are authoritative.
func (m *merger) mergeByATTACK() {
	for _, same := range m.byUUID {
		for _, j := range same[1:] {
			if m.sameFamily(same[0], j) {
				m.union(same[0], j, anyGalaxy)
			}
		}
	}
	byID := map[string]int{}
	for i, c := range m.clusters {
		if c.attackID == "" {
			continue
		}
		key := fmt.Sprint(c.spec().family, c.attackID)
		if j, ok := byID[key]; ok {
			m.union(j, i, anyGalaxy)
		} else {
			byID[key] = i
		}
	}
	for i, c := range m.clusters {
		for _, dest := range c.revokedBy {
			for _, j := range m.byUUID[dest] {
				if m.sameFamily(i, j) {
					m.union(i, j, anyGalaxy)
				}
			}
		}
	}
}

// mergeRenames is tier 2: a cluster that exactly one other cluster of its
// own galaxy lists as a synonym is that cluster under a former name, when it
// has no synonyms of its own, or when its galaxy keeps renamed groups (see
// galaxySpec.renames) and the names are a former and a current one.
func (m *merger) mergeRenames() {
	for gi := range galaxies {
		listedBy := map[string][]int{}
		for i, c := range m.clusters {
			if c.galaxy != gi {
				continue
			}
			for _, n := range c.norms {
				if n != resolve.Normalize(c.canonical) {
					listedBy[n] = append(listedBy[n], i)
				}
			}
		}
		for i, c := range m.clusters {
			if c.galaxy != gi {
				continue
			}
			owners := slices.DeleteFunc(slices.Clone(listedBy[resolve.Normalize(c.canonical)]), func(j int) bool { return j == i })
			if len(owners) != 1 {
				continue
			}
			owner := m.clusters[owners[0]]
			if c.stub || (galaxies[gi].renames && isRename(c.canonical, owner.canonical)) {
				m.union(owners[0], i, 1<<gi)
			}
		}
	}
}

// mergeATTACKRefs links a cluster to the ATT&CK cluster whose ID it lists
// among its synonyms. A cluster listing several IDs (the threat-actor
// galaxy's Lazarus Group lists both Lazarus Group and APT38) says only that
// they are related, and is not linked by them.
func (m *merger) mergeATTACKRefs() {
	byID := map[string][]int{}
	for i, c := range m.clusters {
		if c.attackID != "" {
			byID[c.attackID] = append(byID[c.attackID], i)
		}
	}
	var links []link
	for i, c := range m.clusters {
		if len(c.attackRef) != 1 {
			continue
		}
		for _, id := range c.attackRef {
			for _, j := range byID[id] {
				if m.sameFamily(i, j) {
					links = append(links, link{min(i, j), max(i, j), sharedNames(c, m.clusters[j])})
				}
			}
		}
	}
	sortLinks(links)
	for _, l := range slices.Compact(links) {
		m.union(l.a, l.b, 0)
	}
}

// isRename reports whether former and current look like a retired
// Microsoft designation and the weather name that replaced it.
func isRename(former, current string) bool {
	if !formerMicrosoftName.MatchString(former) {
		return false
	}
	for _, s := range resolve.NamingSchemes(current) {
		if s.Vendor == "Microsoft" && !strings.ContainsAny(s.Family, `\-`) {
			return true
		}
	}
	return false
}

type link struct {
	a, b     int
	strength int
}

// sortLinks orders links strongest first, then by cluster order, so that
// conflicts resolve the same way on every build.
func sortLinks(links []link) {
	slices.SortFunc(links, func(x, y link) int {
		return cmp.Or(cmp.Compare(y.strength, x.strength), cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
}

// mergeLinks is tier 3: identity links corroborated by a shared name.
func (m *merger) mergeLinks() {
	var links []link
	for i, c := range m.clusters {
		for _, dest := range c.similar {
			for _, j := range m.byUUID[dest] {
				if i == j || !m.sameFamily(i, j) {
					continue
				}
				shared := sharedNames(c, m.clusters[j])
				if shared == 0 {
					continue
				}
				strength := shared
				if resolve.Normalize(c.canonical) == resolve.Normalize(m.clusters[j].canonical) {
					strength += 100
				}
				links = append(links, link{min(i, j), max(i, j), strength})
			}
		}
	}
	sortLinks(links)
	links = slices.Compact(links)
	for _, l := range links {
		m.union(l.a, l.b, 0)
	}
}

func sharedNames(a, b *cluster) int {
	n := 0
	for _, x := range a.norms {
		if _, ok := slices.BinarySearch(b.norms, x); ok {
			n++
		}
	}
	return n
}

// mergeCanonicalNames is tier 4: two galaxies calling a cluster by the same
// name.
func (m *merger) mergeCanonicalNames() {
	byName := map[string][]int{}
	var order []string
	for i, c := range m.clusters {
		key := fmt.Sprint(c.spec().family, "\x00", resolve.Normalize(c.canonical))
		if _, ok := byName[key]; !ok {
			order = append(order, key)
		}
		byName[key] = append(byName[key], i)
	}
	for _, key := range order {
		group := byName[key]
		slices.SortStableFunc(group, func(a, b int) int {
			return cmp.Compare(m.clusters[a].spec().rank, m.clusters[b].spec().rank)
		})
		for _, j := range group[1:] {
			for _, i := range group {
				if i != j && m.union(i, j, 0) {
					break
				}
			}
		}
	}
}

// mergeBorrowedNames is tier 5: a cluster's canonical name that clusters
// of other galaxies list as a synonym. Every group asserting the name is
// merged, but only when none of them holds a galaxy another one holds: when
// the name is disputed, nobody gets it.
func (m *merger) mergeBorrowedNames() {
	byName := map[string][]int{} // family + normalized name -> clusters asserting it
	key := func(c *cluster, n string) string { return fmt.Sprint(c.spec().family, "\x00", n) }
	for i, c := range m.clusters {
		for _, n := range c.norms {
			byName[key(c, n)] = append(byName[key(c, n)], i)
		}
	}
	for _, c := range m.clusters {
		claimants := byName[key(c, resolve.Normalize(c.canonical))]
		var roots []int
		var seen uint32
		disputed := false
		for _, j := range claimants {
			r := m.find(j)
			if slices.Contains(roots, r) {
				continue
			}
			if seen&m.galaxies[r] != 0 {
				disputed = true
				break
			}
			seen |= m.galaxies[r]
			roots = append(roots, r)
		}
		if disputed || len(roots) < 2 {
			continue
		}
		for _, r := range roots[1:] {
			m.union(roots[0], r, 0)
		}
	}
}

// groups returns the merged groups, each sorted best cluster first: by
// galaxy rank, clusters with synonyms before stubs, then file order.
func (m *merger) groups() [][]int {
	byRoot := map[int][]int{}
	var roots []int
	for i := range m.clusters {
		r := m.find(i)
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], i)
	}
	out := make([][]int, 0, len(roots))
	for _, r := range roots {
		g := byRoot[r]
		slices.SortStableFunc(g, func(a, b int) int {
			ca, cb := m.clusters[a], m.clusters[b]
			return cmp.Or(cmp.Compare(ca.spec().rank, cb.spec().rank), boolOrder(ca.stub, cb.stub), cmp.Compare(a, b))
		})
		out = append(out, g)
	}
	return out
}

func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
