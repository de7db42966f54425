package kbgen

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
)

// cluster is one galaxy value reduced to the facts kbgen keeps.
type cluster struct {
	galaxy    int // index into galaxies
	uuid      string
	canonical string
	names     []string // asserted names, canonical first
	derived   []string // lookup names derived from asserted ones
	norms     []string // normalized asserted names, sorted, unique
	stub      bool     // the galaxy gives it no synonyms of its own
	attackID  string
	attackRef []string // ATT&CK IDs the galaxy lists among the synonyms
	tidalID   string
	country   string // ISO 3166 alpha-2 or ""
	ids       []string
	kind      model.EntityKind
	kindRank  int // how much to trust kind: lower is stronger
	similar   []string
	revokedBy []string
	uses      []string
	usedBy    []string
}

func (c *cluster) spec() galaxySpec { return galaxies[c.galaxy] }

// skippedValues are galaxy values that name no entity worth resolving: the
// sector galaxy's placeholders would match common words in any article.
var skippedValues = map[string]map[string]bool{
	"sector": {"Unknown": true, "Other": true, "Country": true},
}

// galaxyCountryNames are the country spellings particular galaxies use that
// the country galaxy does not list. 360.net writes "korea" for the groups it
// attributes to North Korea (Lazarus, Kimsuky, ScarCruft) and "southKorea"
// for South Korea; its regional labels (mideast, southeast, namerica) name
// no country and stay unmapped.
var galaxyCountryNames = map[string]map[string]string{
	"360net": {
		"america": "US", "korea": "KP", "southKorea": "KR", "kaz": "KZ", "trq": "TR",
	},
	"threat-actor": {
		"Iran (Islamic Republic of)":              "IR",
		"Korea (Democratic People's Republic of)": "KP",
		"Korea (Republic of)":                     "KR",
		"Russian Federation":                      "RU",
		"People's Republic of China":              "CN",
		"United States":                           "US",
		"US":                                      "US",
		"Palestine":                               "PS",
	},
}

// countryIndex maps normalized country names to ISO alpha-2 codes.
type countryIndex map[string]string

func newCountryIndex(g *galaxyFile) countryIndex {
	idx := countryIndex{}
	if g == nil {
		return idx
	}
	for _, v := range *g.Values {
		if iso := metaString(v.Meta, "ISO"); len(iso) == 2 {
			idx[resolve.Normalize(v.Value)] = strings.ToUpper(iso)
		}
	}
	return idx
}

// code returns the ISO code for a country as a galaxy spells it.
func (idx countryIndex) code(galaxy, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if len(s) == 2 && s == strings.ToUpper(s) {
		return s
	}
	if iso, ok := galaxyCountryNames[galaxy][s]; ok {
		return iso
	}
	return idx[resolve.Normalize(s)]
}

// newCluster reduces one galaxy value; it returns nil for values kbgen
// skips.
func newCluster(gi int, v clusterJSON, countries countryIndex) *cluster {
	spec := galaxies[gi]
	value := strings.TrimSpace(v.Value)
	if skippedValues[spec.Name][value] {
		return nil
	}
	c := &cluster{galaxy: gi, uuid: strings.ToLower(v.UUID)}
	canonical, other := value, ""
	switch spec.Name {
	case "mitre-intrusion-set", "mitre-malware", "mitre-tool", "mitre-enterprise-attack-tool":
		if m := attackSuffix.FindStringSubmatch(value); m != nil {
			canonical = m[1]
			c.attackID = m[2]
		}
		if id := metaString(v.Meta, "external_id"); attackID.MatchString(id) {
			c.attackID = id
		}
	case "tidal-groups", "tidal-software":
		id := metaString(v.Meta, "group_attack_id")
		if id == "" {
			id = metaString(v.Meta, "software_attack_id")
		}
		if attackID.MatchString(id) && metaString(v.Meta, "source") == "MITRE" {
			c.attackID = id
		} else if id != "" {
			c.tidalID = id
		}
	case "360net":
		if m := apt360.FindStringSubmatch(value); m != nil {
			canonical, other = m[1], m[2]
			if !hasLatinLetter(canonical) {
				canonical, other = other, canonical
			}
		}
	case "country":
		canonical = titleCase(value)
		if iso := metaString(v.Meta, "ISO"); len(iso) == 2 {
			c.country = strings.ToUpper(iso)
			c.ids = append(c.ids, "iso3166:"+c.country)
		}
		if iso3 := metaString(v.Meta, "ISO3"); len(iso3) == 3 {
			c.ids = append(c.ids, "iso3166-alpha3:"+strings.ToUpper(iso3))
		}
	case "sector":
		if nace := metaString(v.Meta, "NACE_CODE"); nace != "" {
			c.ids = append(c.ids, "nace:"+nace)
		}
	}
	c.canonical = canonical
	synonyms := metaStrings(v.Meta, "synonyms")
	c.stub = len(synonyms) == 0
	c.addName(canonical)
	if other != "" {
		c.addName(other)
	}
	for _, s := range synonyms {
		if s = strings.TrimSpace(s); attackRef.MatchString(s) {
			c.attackRef = append(c.attackRef, s)
			continue
		}
		c.addName(s)
	}
	c.deriveNames(spec.Name == "ransomware")
	if spec.family != familyCountry {
		c.country = clusterCountry(spec.Name, v.Meta, countries)
	}
	c.kind, c.kindRank = clusterKind(spec, v.Meta)
	for _, r := range v.Related {
		dest := strings.ToLower(strings.TrimSpace(r.DestUUID))
		switch strings.TrimSpace(r.Type) {
		case "similar", "same-as":
			c.similar = append(c.similar, dest)
		case "revoked-by":
			c.revokedBy = append(c.revokedBy, dest)
		case "uses":
			c.uses = append(c.uses, dest)
		case "used-by":
			c.usedBy = append(c.usedBy, dest)
		}
	}
	if len(c.names) == 0 {
		return nil
	}
	return c
}

// addName records an asserted name unless it is empty or already there.
func (c *cluster) addName(name string) {
	name = strings.Join(strings.Fields(name), " ")
	n := resolve.Normalize(name)
	if n == "" {
		return
	}
	if i, found := slices.BinarySearch(c.norms, n); !found {
		c.norms = slices.Insert(c.norms, i, n)
	}
	if !slices.Contains(c.names, name) {
		c.names = append(c.names, name)
	}
}

// deriveNames adds the short forms writers use for galaxy names: the name
// before a parenthetical ("PLEAD (Windows)" -> "PLEAD") and, for the
// ransomware galaxy, the name without its "Ransomware" suffix.
func (c *cluster) deriveNames(ransomware bool) {
	for _, name := range c.names {
		short := name
		if m := parenthetical.FindStringSubmatch(short); m != nil {
			short = m[1]
		}
		if ransomware {
			if m := ransomwareSuffix.FindStringSubmatch(short); m != nil {
				short = m[1]
			}
		}
		n := resolve.Normalize(short)
		if short == name || n == "" {
			continue
		}
		if _, found := slices.BinarySearch(c.norms, n); found || slices.Contains(c.derived, short) {
			continue
		}
		c.derived = append(c.derived, short)
	}
}

// clusterCountry reads a cluster's country of origin from the fields the
// galaxies use for it.
func clusterCountry(galaxy string, meta map[string]json.RawMessage, countries countryIndex) string {
	for _, key := range []string{"country", "cfr-suspected-state-sponsor", "microsoft-origin-threat"} {
		if iso := countries.code(galaxy, metaString(meta, key)); iso != "" {
			return iso
		}
	}
	return ""
}

// toolTypes are the tool galaxy's types that describe tools rather than
// malware.
var toolTypes = map[string]bool{
	"hacktool": true, "post-exploitation framework": true, "exploitation framework": true,
	"pua": true, "reco": true,
}

// clusterKind says what kind of entity a cluster is and how sure that is:
// ATT&CK's malware/tool split is trusted most, the MISP tool galaxy least.
func clusterKind(spec galaxySpec, meta map[string]json.RawMessage) (model.EntityKind, int) {
	switch spec.family {
	case familyActor:
		return model.KindThreatActor, 0
	case familyCountry:
		return model.KindCountry, 0
	case familySector:
		return model.KindSector, 0
	}
	switch spec.Name {
	case "mitre-malware":
		return model.KindMalware, 0
	case "mitre-tool", "mitre-enterprise-attack-tool":
		return model.KindTool, 0
	case "tidal-software":
		for _, t := range metaStrings(meta, "type") {
			switch strings.ToLower(t) {
			case "malware":
				return model.KindMalware, 1
			case "tool":
				return model.KindTool, 1
			}
		}
	case "rmm-tool":
		return model.KindTool, 2
	case "malpedia", "ransomware":
		return model.KindMalware, 3
	case "tool":
		types := metaStrings(meta, "type")
		for _, t := range types {
			if toolTypes[strings.ToLower(t)] {
				return model.KindTool, 4
			}
		}
		if len(types) > 0 {
			return model.KindMalware, 4
		}
	}
	return model.KindTool, 5
}

// titleCase capitalizes the country galaxy's lower-case names, keeping the
// joining words lower case: "democratic republic of the congo" ->
// "Democratic Republic of the Congo".
func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if i > 0 && (w == "of" || w == "and" || w == "the") {
			continue
		}
		b := []byte(w)
		upper := true
		for j, ch := range b {
			if upper && 'a' <= ch && ch <= 'z' {
				b[j] = ch - 'a' + 'A'
			}
			upper = ch == '-' || ch == '.'
		}
		words[i] = string(b)
	}
	return strings.Join(words, " ")
}
