package resolve

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "APT31", "apt31"},
		{"space", "APT 31", "apt31"},
		{"hyphen", "apt-31", "apt31"},
		{"dots and underscores", "TEMP.Veles", "tempveles"},
		{"underscore", "UNK_SweetSpecter", "unksweetspecter"},
		{"en dash", "Storm–0558", "storm0558"},
		{"non-breaking space", "Violet\u00a0Typhoon", "violettyphoon"},
		{"diacritics", "Ürümqi Tëam Crew", "urumqiteamcrew"},
		{"full width", "ＡＰＴ３１", "apt31"},
		{"group suffix", "Lazarus Group", "lazarus"},
		{"team suffix", "Sandworm Team", "sandworm"},
		{"gang suffix", "Conti gang", "conti"},
		{"suffix after hyphen", "Sandworm-Team", "sandworm"},
		{"possessive", "APT28's", "apt28"},
		{"curly possessive", "Fancy Bear’s", "fancybear"},
		{"possessive after suffix", "Lazarus Group's", "lazarus"},
		{"lone suffix word kept", "Group", "group"},
		{"suffix inside word kept", "Group123", "group123"},
		{"leading group kept", "Group 72", "group72"},
		{"number after group kept", "Threat Group-3390", "threatgroup3390"},
		{"symbols kept", "admin@338", "admin@338"},
		{"dollar kept", "LAPSUS$", "lapsus$"},
		{"quotes dropped", `"Cozy Bear"`, "cozybear"},
		{"surrounding space", "  Turla  ", "turla"},
		{"special letters", "Łódź Straße", "lodzstrasse"},
		{"cjk kept", "海莲花", "海莲花"},
		{"empty", "", ""},
		{"only separators", " - . _ ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestNormalizeKeepsDistinctNames guards against normalization that is too
// eager: these pairs name different things.
func TestNormalizeKeepsDistinctNames(t *testing.T) {
	pairs := [][2]string{
		{"APT3", "APT33"},
		{"Cobalt Group", "Cobalt Strike"},
		{"TA505", "TA5050"},
		{"Group 72", "Group 27"},
		{"Hacking Team", "Hacking"},
	}
	for _, p := range pairs {
		t.Run(p[0]+" vs "+p[1], func(t *testing.T) {
			if p[1] == "Hacking" {
				// "Hacking Team" drops its suffix: the one collision the
				// rule accepts, and no galaxy names a group "Hacking".
				if Normalize(p[0]) != Normalize(p[1]) {
					t.Errorf("suffix rule changed: %q -> %q", p[0], Normalize(p[0]))
				}
				return
			}
			if Normalize(p[0]) == Normalize(p[1]) {
				t.Errorf("%q and %q both normalize to %q", p[0], p[1], Normalize(p[0]))
			}
		})
	}
}

func TestFold(t *testing.T) {
	if got, want := Fold("Ürümqi Tëam-2"), "urumqi team-2"; got != want {
		t.Errorf("Fold = %q, want %q", got, want)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"APT 31", "Lazarus Group's", "ＡＰＴ３１", "Ürümqi", "海莲花 - APT-C-00", "'s", "Team", " group", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q is not valid UTF-8", s, n)
		}
		for _, r := range n {
			if r < utf8.RuneSelf && (unicode.IsUpper(r) || isASCIISeparator(byte(r))) {
				t.Fatalf("Normalize(%q) = %q keeps %q", s, n, r)
			}
		}
		if strings.TrimSpace(s) != "" && Normalize(n) != n && utf8.ValidString(s) {
			t.Fatalf("Normalize is not idempotent: %q -> %q -> %q", s, n, Normalize(n))
		}
	})
}
