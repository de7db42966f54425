package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

// matchStrings renders matches as "text=key" ("text=?" when ambiguous).
func matchStrings(text string, ms []GazetteerMatch) []string {
	var out []string
	for _, m := range ms {
		key := m.Entry.Key
		if m.Ambiguous {
			key = "?" + string(m.Entry.Kind)
		}
		out = append(out, m.Span.In(text)+"="+key)
	}
	return out
}

func TestGazetteerFind(t *testing.T) {
	g := testGazetteer()
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"spacing and hyphens", "APT 31, APT-31 and APT31.", []string{"APT 31=actor:apt31", "APT-31=actor:apt31", "APT31=actor:apt31"}},
		{"all-caps is case-sensitive", "apt31 and Apt31 are not names.", nil},
		{"word boundaries", "APT310, XAPT31 and APT31x are not APT31's.", []string{"APT31=actor:apt31"}},
		{"capital needed", "Fancy Bear, Fancy bear, fancy bear.", []string{"Fancy Bear=actor:apt28", "Fancy bear=actor:apt28"}},
		{"lower-case entry matches any case", "emotet and Emotet.", []string{"emotet=malware:emotet", "Emotet=malware:emotet"}},
		{"digit lifts the capital rule", "Storm-0558, storm-0558 and Storm 0558.",
			[]string{"Storm-0558=actor:storm-0558", "storm-0558=actor:storm-0558", "Storm 0558=actor:storm-0558"}},
		{"common word at sentence start", "Lazy admins leave doors open. The Lazy group struck.", []string{"Lazy=actor:lazy"}},
		{"common word lower case", "A lazy fix.", nil},
		{"ambiguous name", "Winnti returned.", []string{"Winnti=?threat-actor"}},
		{"longest match", "Sandworm Team and LockBit 3.0, then Sandworm and LockBit.",
			[]string{"Sandworm Team=actor:sandworm", "LockBit 3.0=malware:lockbit", "Sandworm=actor:sandworm", "LockBit=malware:lockbit"}},
		{"hyphen joins words", "Cobalt-Strike beacons.", []string{"Cobalt-Strike=tool:cobalt-strike"}},
		{"not across a line break", "Cobalt\nStrike.", nil},
		{"mixed-case name upper-cased", "NJRAT and njRAT but not njrat.", []string{"NJRAT=malware:njrat", "njRAT=malware:njrat"}},
		{"common word mid-sentence", "Attacks by Play rose. We play.", []string{"Play=malware:play"}},
		{"common word opening a sentence", "Play ransomware hit.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matchStrings(tt.text, g.Find(tt.text)); !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestGazetteerOneWordNames covers one-word names that are also words or
// parts of longer names nobody catalogued.
func TestGazetteerOneWordNames(t *testing.T) {
	g := NewGazetteer([]Entry{
		{Name: "at", Kind: model.KindTool, Key: "tool:at"},
		{Name: "Sun", Kind: model.KindMalware, Key: "malware:suncrypt"},
		{Name: "Inter", Kind: model.KindMalware, Key: "malware:inter"},
		{Name: "Royal", Kind: model.KindMalware, Key: "malware:royal"},
		{Name: "Akira", Kind: model.KindMalware, Key: "malware:akira"},
		{Name: "China", Kind: model.KindCountry, Key: "country:cn"},
		{Name: "Healthcare", Kind: model.KindSector, Key: "sector:healthcare"},
		{Name: "August", Kind: model.KindMalware, Key: "malware:august-stealer"},
		{Name: "August Stealer", Kind: model.KindMalware, Key: "malware:august-stealer"},
		{Name: "Thanksgiving", Kind: model.KindMalware, Key: "malware:thanksgiving"},
	})
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"common word in lower case is the word", "They met at the White House.", nil},
		{"short word before another capitalised word", "Prosecutors named Sun Xiaohui. Royal Mail was hit.", nil},
		{"word that says what the name is", "Akira Ransomware and Royal Group struck.", []string{"Akira=malware:akira", "Royal=malware:royal"}},
		{"glued to a capitalised word", "The Inter-Parliamentary Alliance on China.", []string{"China=country:cn"}},
		{"glued to a lower-case word", "A China-nexus group, then China-Linked ones.", []string{"China=country:cn", "China=country:cn"}},
		{"sector word inside a name", "Change Healthcare paid.", nil},
		{"sector word opening a sentence", "Healthcare providers were hit.", []string{"Healthcare=sector:healthcare"}},
		{"sector word opening a body's name", "Healthcare of Ontario paid. Healthcare of all kinds suffers.", []string{"Healthcare=sector:healthcare"}},
		{"short word ending a name that opens a sentence", "Black Sun struck. The Sun gang struck. Then Royal struck.",
			[]string{"Sun=malware:suncrypt", "Royal=malware:royal"}},
		{"short word alone", "Sun encrypted files; Royal and Inter followed.", []string{"Sun=malware:suncrypt", "Royal=malware:royal", "Inter=malware:inter"}},
		{"a holiday is never a one-word name", "It struck two days before Thanksgiving.", nil},
		{"a month is never a one-word name", "It was exposed in August. August Stealer spread.", []string{"August Stealer=malware:august-stealer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matchStrings(tt.text, g.Find(tt.text)); !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestGazetteerEmpty(t *testing.T) {
	var nilGazetteer *Gazetteer
	if got := nilGazetteer.Find("APT31"); got != nil {
		t.Errorf("nil gazetteer found %v", got)
	}
	g := NewGazetteer([]Entry{{Name: " - "}, {Name: ""}, {Name: "APT31", Key: "a"}, {Name: "APT31", Key: "a"}})
	if g.Len() != 1 {
		t.Errorf("Len = %d, want 1 (blank names and repeats dropped)", g.Len())
	}
	if got := matchStrings("APT31", g.Find("APT31")); !slices.Equal(got, []string{"APT31=a"}) {
		t.Errorf("repeated entry made the name ambiguous: %q", got)
	}
}

// syntheticEntries returns n made-up names in the shapes knowledge bases
// hold: two-word animal names, code names with digits, single words.
func syntheticEntries(n int) []Entry {
	syllables := []string{"ka", "lo", "ri", "zen", "tor", "mi", "vex", "da", "nu", "shi", "gor", "pel", "qua", "run", "sol", "tek"}
	nouns := []string{"Panda", "Bear", "Kitten", "Typhoon", "Blizzard", "Spider", "Chollima", "Tempest", "Sleet", "Goblin"}
	entries := make([]Entry, 0, n)
	state := uint32(2463534242)
	next := func(m int) int {
		state ^= state << 13
		state ^= state >> 17
		state ^= state << 5
		return int(state % uint32(m))
	}
	word := func() string {
		var b strings.Builder
		for range 3 + next(2) {
			b.WriteString(syllables[next(len(syllables))])
		}
		w := b.String()
		return strings.ToUpper(w[:1]) + w[1:]
	}
	for i := range n {
		var name string
		switch i % 4 {
		case 0:
			name = word() + " " + nouns[next(len(nouns))]
		case 1:
			name = fmt.Sprintf("%s%d", []string{"UNC", "TA", "APT", "FIN", "DEV-", "Storm-"}[next(6)], next(10000))
		default:
			name = word()
		}
		kind := model.KindThreatActor
		if i%3 == 0 {
			kind = model.KindMalware
		}
		entries = append(entries, Entry{Name: name, Kind: kind, Key: fmt.Sprintf("k%d", i)})
	}
	return entries
}

func TestNewGazetteerLarge(t *testing.T) {
	entries := syntheticEntries(50000)
	start := time.Now()
	g := NewGazetteer(entries)
	elapsed := time.Since(start)
	// The budget is 200 ms; a slow shared machine gets ten times that.
	if elapsed > 2*time.Second {
		t.Errorf("building 50k entries took %v", elapsed)
	}
	probe := entries[4000].Name
	got := g.Find("Reports about " + probe + " grew.")
	if len(got) != 1 || got[0].Entry.Name != probe {
		t.Errorf("Find(%q) = %+v", probe, got)
	}
}

func TestGazetteerCatalogueCapitals(t *testing.T) {
	g := NewGazetteer([]Entry{
		{Name: "JUDGMENT PANDA", Kind: model.KindThreatActor, Key: "a"},
		{Name: "ZIRCONIUM", Kind: model.KindThreatActor, Key: "a"},
		{Name: "DUKE", Kind: model.KindMalware, Key: "d"},
	})
	tests := []struct {
		text string
		want []string
	}{
		{"CrowdStrike calls it Judgment Panda.", []string{"Judgment Panda"}},
		{"Microsoft once called it Zirconium.", []string{"Zirconium"}},
		{"a judgment panda and zirconium ore", nil},
		{"the Duke of Kent", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			for _, m := range g.Find(tt.text) {
				got = append(got, m.Span.In(tt.text))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestGazetteerRansomwareSharedName checks that a ransomware name several
// entries share, whose mentions carry no key, is known as ransomware by
// its entity ID.
func TestGazetteerRansomwareSharedName(t *testing.T) {
	g := NewGazetteer([]Entry{
		{Name: "LockBit", Kind: model.KindMalware, Key: "malware/lockbit", Ransomware: true},
		{Name: "LockBit", Kind: model.KindMalware, Key: "malware/lockbit-elf"},
		{Name: "Emotet", Kind: model.KindMalware, Key: "malware/emotet"},
	})
	for _, tt := range []struct {
		m    model.Mention
		want bool
	}{
		{model.Mention{Kind: model.KindMalware, Text: "LockBit"}, true},
		{model.Mention{Kind: model.KindMalware, Text: "Lockbit"}, true},
		{model.Mention{Kind: model.KindMalware, Text: "LockBit", EntityKey: "malware/lockbit"}, true},
		{model.Mention{Kind: model.KindMalware, Text: "Emotet"}, false},
	} {
		if got := g.ransomware[entityID(tt.m)]; got != tt.want {
			t.Errorf("%+v: ransomware %v, want %v", tt.m, got, tt.want)
		}
	}
}
