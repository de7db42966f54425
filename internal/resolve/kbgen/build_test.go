package kbgen

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
	"github.com/winnow-cti/winnow/internal/testutil"
)

// value is one galaxy value in a test fixture.
type value struct {
	Value   string              `json:"value"`
	UUID    string              `json:"uuid"`
	Meta    map[string]any      `json:"meta,omitempty"`
	Related []map[string]string `json:"related,omitempty"`
	Revoked bool                `json:"revoked,omitempty"`
}

func similar(uuid string) map[string]string {
	return map[string]string{"dest-uuid": uuid, "type": "similar"}
}

// writeGalaxies writes a clusters directory holding every galaxy Build
// reads, with the given values (none for galaxies not mentioned).
func writeGalaxies(t *testing.T, values map[string][]value) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range GalaxyNames() {
		vs := values[name]
		if vs == nil {
			vs = []value{}
		}
		data, err := json.Marshal(map[string]any{"type": name, "version": 1, "values": vs})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fixture is a small set of galaxies with the cases the merge rules exist
// for; the comments say what each value tests.
func fixture() map[string][]value {
	return map[string][]value{
		"threat-actor": {
			// One group under five vendors' names, linked to Microsoft.
			{Value: "APT31", UUID: "ta-apt31", Meta: map[string]any{"country": "CN", "synonyms": []string{"ZIRCONIUM", "Violet Typhoon", "JUDGMENT PANDA", "G0128"}},
				Related: []map[string]string{similar("ms-violet")}},
			// Two groups a loose link and a borrowed name connect: they
			// must stay apart.
			{Value: "APT28", UUID: "ta-apt28", Meta: map[string]any{"synonyms": []string{"Fancy Bear", "Grizzly Steppe"}},
				Related: []map[string]string{similar("ms-forest"), similar("ms-midnight")}},
			{Value: "APT29", UUID: "ta-apt29", Meta: map[string]any{"cfr-suspected-state-sponsor": "Russian Federation", "synonyms": []string{"Cozy Bear"}},
				Related: []map[string]string{similar("ms-midnight")}},
			// A link with no shared name does not merge.
			{Value: "Lone Group", UUID: "ta-lone", Related: []map[string]string{similar("ms-other")}},
			{Value: "Winnti Group", UUID: "ta-winnti", Meta: map[string]any{"synonyms": []string{"Wicked Panda"}}},
		},
		"microsoft-activity-group": {
			{Value: "Violet Typhoon", UUID: "ms-violet", Meta: map[string]any{"country": "CN", "synonyms": []string{"ZIRCONIUM", "APT31"}}},
			{Value: "ZIRCONIUM", UUID: "ms-zirconium"}, // former name, no synonyms of its own
			{Value: "Forest Blizzard", UUID: "ms-forest", Meta: map[string]any{"country": "RU", "synonyms": []string{"APT28", "STRONTIUM", "Grizzly Steppe"}}},
			{Value: "Midnight Blizzard", UUID: "ms-midnight", Meta: map[string]any{"country": "RU", "synonyms": []string{"APT29", "NOBELIUM", "Grizzly Steppe"}}},
			{Value: "Other Typhoon", UUID: "ms-other", Meta: map[string]any{"synonyms": []string{"Unrelated"}}},
		},
		"mitre-intrusion-set": {
			{Value: "ZIRCONIUM - G0128", UUID: "mi-zirconium", Meta: map[string]any{"external_id": "G0128", "synonyms": []string{"ZIRCONIUM", "APT31", "Violet Typhoon"}},
				Related: []map[string]string{{"dest-uuid": "mm-plugx", "type": "uses"}}},
			{Value: "Old Name - G0999", UUID: "mi-old", Revoked: true, Meta: map[string]any{"external_id": "G0999"},
				Related: []map[string]string{{"dest-uuid": "mi-new", "type": "revoked-by"}}},
			{Value: "New Name - G0998", UUID: "mi-new", Meta: map[string]any{"external_id": "G0998"}},
		},
		"tidal-groups": {
			{Value: "ZIRCONIUM", UUID: "tg-zirconium", Meta: map[string]any{"group_attack_id": "G0128", "source": "MITRE"}},
			{Value: "Tidal Own", UUID: "tg-own", Meta: map[string]any{"group_attack_id": "G3001", "source": "Tidal Cyber"}},
		},
		"360net": {
			{Value: "海莲花 - APT-C-00", UUID: "360-oceanlotus", Meta: map[string]any{"country": "vietnam", "synonyms": []string{"OceanLotus"}}},
		},
		"mitre-malware": {
			{Value: "PlugX - S0013", UUID: "mm-plugx", Meta: map[string]any{"external_id": "S0013", "synonyms": []string{"PlugX", "Korplug", "Sogu"}}},
		},
		"malpedia": {
			{Value: "PlugX", UUID: "mp-plugx", Meta: map[string]any{"synonyms": []string{"Korplug", "TVT"}}},
			{Value: "Winnti", UUID: "mp-winnti"},
		},
		"tool": {
			{Value: "PlugX", UUID: "tool-plugx", Meta: map[string]any{"type": []string{"Backdoor"}}},
			{Value: "SomeScanner", UUID: "tool-scanner", Meta: map[string]any{"type": []string{"HackTool"}}},
		},
		"tidal-software": {
			{Value: "PlugX", UUID: "ts-plugx", Meta: map[string]any{"software_attack_id": "S0013", "source": "MITRE", "type": []string{"malware"}}},
		},
		"ransomware": {
			{Value: "Foo Ransomware (Fake)", UUID: "rw-foo"},
		},
		"rmm-tool": {
			{Value: "RemoteThing", UUID: "rmm-1"},
			{Value: "RemoteThing", UUID: "rmm-1"}, // repeated verbatim, as the real galaxy does
		},
		"country": {
			{Value: "china", UUID: "c-cn", Meta: map[string]any{"ISO": "CN", "ISO3": "CHN"}},
			{Value: "russia", UUID: "c-ru", Meta: map[string]any{"ISO": "RU", "ISO3": "RUS"}},
			{Value: "vietnam", UUID: "c-vn", Meta: map[string]any{"ISO": "VN", "ISO3": "VNM"}},
			{Value: "democratic republic of the congo", UUID: "c-cd", Meta: map[string]any{"ISO": "CD", "ISO3": "COD"}},
		},
		"sector": {
			{Value: "Energy", UUID: "s-energy"},
			{Value: "Unknown", UUID: "s-unknown"},
		},
	}
}

func buildFixture(t *testing.T) (*resolve.Snapshot, *resolve.KB) {
	t.Helper()
	snap, err := Build(writeGalaxies(t, fixture()))
	if err != nil {
		t.Fatal(err)
	}
	return snap, resolve.New(snap)
}

func TestBuildMerges(t *testing.T) {
	_, kb := buildFixture(t)
	entity := func(name string) model.Entity {
		t.Helper()
		c := kb.Lookup(name)
		if len(c) == 0 {
			t.Fatalf("%q not found", name)
		}
		e, _ := kb.Entity(c[0].Key)
		return e
	}
	t.Run("one group across galaxies", func(t *testing.T) {
		e := entity("APT31")
		if e.Key != "threat-actor/apt31" || e.Country != "CN" {
			t.Fatalf("entity %s %s", e.Key, e.Country)
		}
		var ids []string
		for _, x := range e.ExternalIDs {
			ids = append(ids, x.Source+":"+x.ID)
		}
		for _, want := range []string{"mitre-attack:G0128", "misp:threat-actor:ta-apt31", "misp:microsoft-activity-group:ms-violet",
			"misp:microsoft-activity-group:ms-zirconium", "misp:mitre-intrusion-set:mi-zirconium", "misp:tidal-groups:tg-zirconium"} {
			if !slices.Contains(ids, want) {
				t.Errorf("APT31 lacks %s: %v", want, ids)
			}
		}
		for _, n := range []string{"ZIRCONIUM", "Violet Typhoon", "judgment panda"} {
			if c := kb.Lookup(n); len(c) != 1 || c[0].Key != e.Key {
				t.Errorf("%s -> %v", n, c)
			}
		}
		if c := kb.Lookup("G0128"); len(c) != 1 || c[0].Key != e.Key {
			t.Errorf("an ATT&CK ID listed as a synonym is not a name: %v", c)
		}
		z := kb.Lookup("ZIRCONIUM")[0]
		if !slices.Equal(z.Sources, []string{"microsoft-activity-group", "mitre-intrusion-set", "threat-actor", "tidal-groups"}) {
			t.Errorf("ZIRCONIUM sources = %v", z.Sources)
		}
	})
	t.Run("no chain through shared names", func(t *testing.T) {
		a28, a29 := entity("APT28"), entity("APT29")
		if a28.Key == a29.Key {
			t.Fatal("APT28 and APT29 merged")
		}
		if entity("Forest Blizzard").Key != a28.Key || entity("Midnight Blizzard").Key != a29.Key {
			t.Error("Microsoft names not on their groups")
		}
		c := kb.Lookup("Grizzly Steppe")
		if len(c) != 2 || !c[0].Ambiguous {
			t.Errorf("Grizzly Steppe = %+v, want ambiguous on both", c)
		}
		if a29.Country != "RU" {
			t.Errorf("APT29 country from the sponsor field = %q", a29.Country)
		}
	})
	t.Run("link without a shared name", func(t *testing.T) {
		if entity("Lone Group").Key == entity("Other Typhoon").Key {
			t.Error("merged on a bare link")
		}
	})
	t.Run("revoked ATT&CK group", func(t *testing.T) {
		if entity("Old Name").Key != entity("New Name").Key {
			t.Error("revoked group not merged into its replacement")
		}
		if _, ok := kb.ByExternalID("tidal", "G3001"); !ok {
			t.Error("Tidal's own ID missing")
		}
	})
	t.Run("software", func(t *testing.T) {
		e := entity("Korplug")
		if e.Key != "malware/plugx" || e.Kind != model.KindMalware {
			t.Fatalf("PlugX = %s %s", e.Key, e.Kind)
		}
		if n := len(e.ExternalIDs); n != 5 { // S0013 and four galaxies
			t.Errorf("PlugX IDs = %v", e.ExternalIDs)
		}
		if got := kb.Uses(entity("APT31").Key); !slices.Equal(got, []string{"malware/plugx"}) {
			t.Errorf("APT31 uses %v", got)
		}
		if e := entity("SomeScanner"); e.Kind != model.KindTool {
			t.Errorf("hack tool kind = %s", e.Kind)
		}
		if c := kb.Lookup("Foo"); len(c) != 1 || c[0].Kind != model.KindMalware {
			t.Errorf("short ransomware name: %v", c)
		}
		if c := kb.Lookup("RemoteThing"); len(c) != 1 {
			t.Errorf("repeated rmm value: %v", c)
		}
	})
	t.Run("name shared across kinds is ambiguous", func(t *testing.T) {
		c := kb.Lookup("Winnti")
		if len(c) != 2 || c[0].Kind == c[1].Kind {
			t.Errorf("Winnti = %+v", c)
		}
	})
	t.Run("360.net", func(t *testing.T) {
		e := entity("海莲花")
		if e.Name != "APT-C-00" || e.Country != "VN" {
			t.Errorf("360 entity %s %s", e.Name, e.Country)
		}
	})
	t.Run("countries and sectors", func(t *testing.T) {
		if e := entity("China"); e.Key != "country/cn" || e.Country != "CN" {
			t.Errorf("China = %s %s", e.Key, e.Country)
		}
		if e := entity("Democratic Republic of the Congo"); e.Name != "Democratic Republic of the Congo" {
			t.Errorf("title case = %q", e.Name)
		}
		if c := kb.Lookup("Energy"); len(c) != 1 || c[0].Kind != model.KindSector {
			t.Errorf("Energy = %v", c)
		}
		if c := kb.Lookup("Unknown"); len(c) != 0 {
			t.Errorf("placeholder sector kept: %v", c)
		}
	})
}

func TestBuildIsDeterministic(t *testing.T) {
	dir := writeGalaxies(t, fixture())
	var first []byte
	for i := range 3 {
		snap, err := Build(dir)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := snap.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = buf.Bytes()
		} else if !bytes.Equal(first, buf.Bytes()) {
			t.Fatal("two builds of the same data differ")
		}
	}
	if _, err := resolve.ReadSnapshot(bytes.NewReader(first)); err != nil {
		t.Fatalf("built snapshot does not read back: %v", err)
	}
}

func TestAssertions(t *testing.T) {
	as, err := Assertions(writeGalaxies(t, fixture()))
	if err != nil {
		t.Fatal(err)
	}
	var apt31 []string
	for _, a := range as {
		if a.UUID == "ta-apt31" {
			apt31 = append(apt31, a.Name)
		}
		if a.Name == "Unknown" {
			t.Error("skipped sector listed")
		}
	}
	if !slices.Equal(apt31, []string{"APT31", "ZIRCONIUM", "Violet Typhoon", "JUDGMENT PANDA"}) {
		t.Errorf("APT31 assertions = %v", apt31)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T) string
		want  string
	}{
		{"no directory given", func(t *testing.T) string { return "" }, "no galaxy"},
		{"missing file", func(t *testing.T) string { return t.TempDir() }, "threat-actor.json"},
		{"not json", func(t *testing.T) string {
			dir := writeGalaxies(t, nil)
			os.WriteFile(filepath.Join(dir, "tool.json"), []byte("{"), 0o644)
			return dir
		}, "tool.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(tt.setup(t))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestParseGalaxy(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"bad json", `{"values": [`, "unexpected end"},
		{"not a galaxy", `{"name": "x"}`, "no \"values\""},
		{"value without name", `{"values":[{"uuid":"u"}]}`, "no name"},
		{"value without uuid", `{"values":[{"value":"x"}]}`, "no uuid"},
		{"ok", `{"values":[{"value":"x","uuid":"u","meta":{"synonyms":"single"}}]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseGalaxy([]byte(tt.in))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func FuzzParseGalaxy(f *testing.F) {
	f.Add(`{"type":"threat-actor","values":[{"value":"APT31","uuid":"u1","meta":{"synonyms":["ZIRCONIUM"],"country":"CN"},"related":[{"dest-uuid":"u2","type":"similar"}]}]}`)
	f.Add(`{"values":[{"value":"X - G0001","uuid":"u","meta":{"external_id":"G0001","synonyms":"one"}}]}`)
	f.Add(`{"values":[{"value":"海莲花 - APT-C-00","uuid":"u","meta":{"synonyms":null,"type":[1,2]}}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		g, err := parseGalaxy([]byte(in))
		if err != nil {
			return
		}
		for gi := range galaxies {
			for _, v := range *g.Values {
				if c := newCluster(gi, v, countryIndex{}); c != nil && (c.canonical == "" || len(c.names) == 0) {
					t.Fatalf("cluster without a name from %+v", v)
				}
			}
		}
	})
}

// The real galaxies: the build is deterministic and sane.
func TestBuildReferenceData(t *testing.T) {
	dir := filepath.Join(testutil.SharedData(t), "misp-galaxy", "clusters")
	snap, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(snap.Entities); n < 5000 {
		t.Errorf("only %d entities", n)
	}
	if !strings.HasPrefix(snap.Header.BuiltFrom, "misp-galaxy ") {
		t.Errorf("built from %q", snap.Header.BuiltFrom)
	}
	kb := resolve.New(snap)
	key := func(name string) string {
		c := kb.Resolve(name, resolve.Context{Kind: model.KindThreatActor})
		if len(c) == 0 {
			t.Fatalf("%s does not resolve", name)
		}
		return c[0].Key
	}
	for _, n := range []string{"ZIRCONIUM", "Violet Typhoon", "JUDGMENT PANDA", "BRONZE VINEWOOD", "TA412"} {
		if key(n) != key("APT31") {
			t.Errorf("%s is not APT31", n)
		}
	}
	if key("APT28") == key("APT29") {
		t.Error("APT28 and APT29 merged")
	}
	if key("Lazarus Group") == key("APT38") {
		t.Error("Lazarus Group and APT38 merged")
	}
}
