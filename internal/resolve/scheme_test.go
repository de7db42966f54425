package resolve

import (
	"strings"
	"testing"
)

func TestNamingScheme(t *testing.T) {
	tests := []struct {
		name       string
		vendor     string // "" when no scheme should match
		origin     string
		motivation string
	}{
		{"Lotus Typhoon", "Microsoft", "CN", "espionage"},
		{"Forest Blizzard", "Microsoft", "RU", "espionage"},
		{"mint sandstorm", "Microsoft", "IR", "espionage"},
		{"Jade Sleet", "Microsoft", "KP", "espionage"},
		{"Marbled Dust", "Microsoft", "TR", "espionage"},
		{"Octo Tempest", "Microsoft", "", "financial"},
		{"Storm-0558", "Microsoft", "", ""},
		{"ZIRCONIUM", "Microsoft", "", ""},
		{"Nobelium", "Microsoft", "", ""},
		{"DEV-0537", "Microsoft", "", ""},
		{"Sefid Flood", "Microsoft", "", "influence"},
		{"Wicked Panda", "CrowdStrike", "CN", "espionage"},
		{"FANCY BEAR", "CrowdStrike", "RU", "espionage"},
		{"Scattered Spider", "CrowdStrike", "", "financial"},
		{"Velvet Chollima", "CrowdStrike", "KP", "espionage"},
		{"BRONZE VINEWOOD", "Secureworks", "CN", "espionage"},
		{"GOLD BLACKBURN", "Secureworks", "", "financial"},
		{"Cloaked Ursa", "Palo Alto Networks Unit 42", "RU", "espionage"},
		{"Muddled Libra", "Palo Alto Networks Unit 42", "", "financial"},
		{"CL-STA-0969", "Palo Alto Networks Unit 42", "", "espionage"},
		{"APT 41", "Mandiant", "", "espionage"},
		{"UNC3944", "Mandiant", "", ""},
		{"TEMP.Veles", "Mandiant", "", ""},
		{"TA453", "Proofpoint", "", ""},
		{"RedDelta", "Recorded Future", "CN", "espionage"},
		{"BlueCharlie", "Recorded Future", "RU", "espionage"},
		{"Earth Estries", "Trend Micro", "", "espionage"},
		{"Perplexed Goblin", "", "", ""}, // no vendor publishes "Goblin"
		{"Bronze Butler", "", "", ""},    // Secureworks writes its names in capitals
		{"Typhoon", "", "", ""},          // a family word alone is no name
		{"Redundant", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := NamingScheme(tt.name)
			if tt.vendor == "" {
				if ok {
					t.Fatalf("NamingScheme(%q) = %v, want none", tt.name, s)
				}
				return
			}
			if !ok {
				t.Fatalf("NamingScheme(%q): no scheme, want %s", tt.name, tt.vendor)
			}
			if s.Vendor != tt.vendor || s.Origin != tt.origin || s.Motivation != tt.motivation {
				t.Errorf("NamingScheme(%q) = %s/%s/%s, want %s/%s/%s", tt.name, s.Vendor, s.Origin, s.Motivation, tt.vendor, tt.origin, tt.motivation)
			}
			if s.Source == "" || s.Meaning == "" || !strings.Contains(s.String(), s.Vendor) {
				t.Errorf("incomplete scheme %+v", s)
			}
		})
	}
}

func TestNamingSchemesBothVendors(t *testing.T) {
	got := NamingSchemes("Silent Lynx")
	if len(got) != 2 || got[0].Origin == got[1].Origin {
		t.Errorf("Lynx schemes = %v, want CrowdStrike's and Unit 42's", got)
	}
}

func TestSchemeTable(t *testing.T) {
	rules, err := parseSchemes(schemesTSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) < 60 {
		t.Errorf("only %d scheme rows", len(rules))
	}
	bad := []string{
		"Microsoft\tsuffix\tX\tCN\t-\tm\tguessed\tsrc",     // unknown basis
		"Microsoft\tsuffix\tX\tChina\t-\tm\tobserved\tsrc", // origin not ISO
		"Microsoft\tregex\tX\t-\t-\tm\tobserved\tsrc",      // unknown match
		"Microsoft\tpattern\t(\t-\t-\tm\tobserved\tsrc",    // bad pattern
		"Microsoft\tsuffix\tX",                             // too few fields
		"Microsoft\tsuffix\tX\t-\t-\tm\tobserved\t-",       // no source
	}
	for _, line := range bad {
		t.Run(line, func(t *testing.T) {
			if _, err := parseSchemes(line); err == nil {
				t.Errorf("parseSchemes accepted %q", line)
			}
		})
	}
}

func FuzzParseSchemes(f *testing.F) {
	f.Add(schemesTSV)
	f.Add("V\tpattern\tA{NATO}\t-\t-\tm\tobserved\ts")
	f.Fuzz(func(t *testing.T, tsv string) {
		rules, err := parseSchemes(tsv)
		if err != nil {
			return
		}
		for _, r := range rules {
			if r.match == "pattern" && r.re == nil {
				t.Fatalf("pattern rule without a compiled pattern: %+v", r)
			}
		}
	})
}
