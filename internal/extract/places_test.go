package extract

import "testing"

func TestInNormalized(t *testing.T) {
	set := normalizedSet([]string{"Kaspersky", "apt 31", "Trend Micro"})
	for _, name := range []string{"", "kaspersky", "KASPERSKY", "Trend-Micro", "trend micro", "APT-31", "APT31", "apt  31", "Tr\u00e9nd", "Trend Micro "} {
		if got, want := inNormalized(set, name), set[normalizeName(name)]; got != want {
			t.Errorf("inNormalized(%q) = %v, want %v", name, got, want)
		}
	}
}
