package kbgen

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// family groups galaxies whose clusters may denote the same entity. Clusters
// of different families are never merged.
type family int

const (
	familyActor family = iota
	familySoftware
	familyCountry
	familySector
)

// galaxySpec is one galaxy kbgen reads. Rank orders galaxies within a family
// when choosing an entity's canonical name, kind and country: lower wins.
type galaxySpec struct {
	Name   string
	family family
	rank   int
	// renames marks a galaxy that keeps a group's former name as a cluster
	// of its own next to the current one, which lists the former name: the
	// Microsoft galaxy keeps the element and DEV-/Storm- designations
	// Microsoft retired for weather names in 2023.
	renames bool
}

// Galaxies lists the galaxies Build reads, by file name without ".json".
var galaxies = []galaxySpec{
	{"threat-actor", familyActor, 0, false},
	{"mitre-intrusion-set", familyActor, 1, false},
	{"microsoft-activity-group", familyActor, 2, true}, // element names retired in 2023
	{"tidal-groups", familyActor, 3, false},
	{"360net", familyActor, 4, false},
	{"mitre-malware", familySoftware, 0, false},
	{"mitre-tool", familySoftware, 1, false},
	{"malpedia", familySoftware, 2, false},
	{"tool", familySoftware, 3, false},
	{"tidal-software", familySoftware, 4, false},
	{"ransomware", familySoftware, 5, false},
	{"mitre-enterprise-attack-tool", familySoftware, 6, false},
	{"rmm-tool", familySoftware, 7, false},
	{"country", familyCountry, 0, false},
	{"sector", familySector, 0, false},
}

// GalaxyNames returns the names of the galaxies Build reads.
func GalaxyNames() []string {
	names := make([]string, len(galaxies))
	for i, g := range galaxies {
		names[i] = g.Name
	}
	return names
}

// galaxyFile is the part of a MISP galaxy cluster file kbgen reads.
type galaxyFile struct {
	Type    string         `json:"type"`
	Version int            `json:"version"`
	Values  *[]clusterJSON `json:"values"` // nil when the file has none: not a galaxy
}

type clusterJSON struct {
	Value   string                     `json:"value"`
	UUID    string                     `json:"uuid"`
	Meta    map[string]json.RawMessage `json:"meta"`
	Related []relatedJSON              `json:"related"`
	Revoked bool                       `json:"revoked"`
}

type relatedJSON struct {
	DestUUID string `json:"dest-uuid"`
	Type     string `json:"type"`
}

// parseGalaxy decodes one galaxy file. It checks what later stages rely on:
// every value has a name and a UUID. A value whose UUID the file already
// listed is dropped (the rmm-tool galaxy repeats a few tools verbatim).
func parseGalaxy(data []byte) (*galaxyFile, error) {
	var g galaxyFile
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("kbgen: %w", err)
	}
	if g.Values == nil {
		return nil, errors.New(`kbgen: not a galaxy clusters file: no "values"`)
	}
	seen := make(map[string]bool, len(*g.Values))
	values := (*g.Values)[:0]
	for i, v := range *g.Values {
		if strings.TrimSpace(v.Value) == "" {
			return nil, fmt.Errorf("kbgen: value %d has no name", i)
		}
		id := strings.ToLower(strings.TrimSpace(v.UUID))
		if id == "" {
			return nil, fmt.Errorf("kbgen: value %q has no uuid", v.Value)
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		values = append(values, v)
	}
	*g.Values = values
	return &g, nil
}

func readGalaxy(dir string, spec galaxySpec) (*galaxyFile, error) {
	path := filepath.Join(dir, spec.Name+".json")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("kbgen: %w", err)
	}
	g, err := parseGalaxy(data)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return g, nil
}

// metaStrings reads a meta field that galaxies spell either as a string or
// as a list of strings. Anything else reads as nothing.
func metaStrings(meta map[string]json.RawMessage, key string) []string {
	raw, ok := meta[key]
	if !ok {
		return nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var one string
	if json.Unmarshal(raw, &one) == nil && one != "" {
		return []string{one}
	}
	return nil
}

func metaString(meta map[string]json.RawMessage, key string) string {
	if s := metaStrings(meta, key); len(s) > 0 {
		return strings.TrimSpace(s[0])
	}
	return ""
}

var (
	// attackSuffix is how MITRE galaxies append the ATT&CK ID to a name.
	attackSuffix = regexp.MustCompile(`^(.*\S)\s+-\s+([GS]\d{4})$`)
	// attackRef matches a synonym that is really an ATT&CK group or
	// software ID, as the threat-actor galaxy sometimes lists them.
	attackRef = regexp.MustCompile(`^[GS]\d{4}$`)
	// attackID matches ATT&CK group and software IDs; Tidal's own IDs start
	// at 3000 and are not ATT&CK's.
	attackID = regexp.MustCompile(`^[GS][0-2]\d{3}$`)
	// apt360 splits 360.net values such as "海莲花 - APT-C-00".
	apt360 = regexp.MustCompile(`^(.*\S)\s+-\s+(APT-C-\d+)$`)
	// formerMicrosoftName matches the designations Microsoft replaced with
	// weather names: chemical elements (one word in capitals), DEV-#### and
	// Storm-####.
	formerMicrosoftName = regexp.MustCompile(`^(?:[A-Z]+|(?i:DEV|Storm)-\d{3,4})$`)
	// parenthetical splits "PLEAD (Windows)" or "APT37（Reaper）".
	parenthetical = regexp.MustCompile(`^([^(（]*[^\s(（])\s*[(（][^)）]*[)）]$`)
	// ransomwareSuffix matches the galaxy's habit of "X Ransomware".
	ransomwareSuffix = regexp.MustCompile(`(?i)^(.*\S)\s+ransomware$`)
)

// hasLatinLetter reports whether s contains an ASCII letter.
func hasLatinLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if 'a' <= c && c <= 'z' {
			return true
		}
	}
	return false
}
