package postgres

import (
	"testing"

	"github.com/winnow-cti/winnow/internal/store"
)

func TestSnippet(t *testing.T) {
	tests := []struct {
		name, query, text, title, want string
	}{
		{"word", "ministry", "APT31 breached a foreign ministry in January.", "", "APT31 breached a foreign [ministry] in January."},
		{"phrase keeps punctuation inside", "CVE-2024-3400", "They exploited CVE-2024-3400 last week.", "", "They exploited [CVE-2024-3400] last week."},
		{"defanged query matches text", "hxxp://bad[.]com", "Servers: hxxp://bad[.]com/gate.", "", "Servers: [hxxp://bad[.]com]/gate."},
		{"case folded", "apt31", "Officials linked APT31 to China.", "", "Officials linked [APT31] to China."},
		{"two terms", "violet typhoon", "The group, tracked as Violet Typhoon, struck.", "", "The group, tracked as [Violet] [Typhoon], struck."},
		{"overlapping phrase and word", `"violet typhoon" typhoon`, "As Violet Typhoon.", "", "As [Violet Typhoon]."},
		{"white space collapsed", "utilities", "Water\n\n  utilities hit.", "", "Water [utilities] hit."},
		{"window cut", "nineteen", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone", "",
			"…six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen [nineteen] twenty twentyone"},
		{"title when text lacks it", "revised", "Nothing here.", "Patch notes, revised", "Patch notes, [revised]"},
		{"window from the start", "three", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen", "",
			"one two [three] four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen…"},
		{"no match", "absent", "Short text.", "Title", "Short text."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			terms := snippetTerms(store.SearchTerms(tt.query))
			if got := snippet(terms, tt.text, tt.title); got != tt.want {
				t.Errorf("snippet(%q) = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

func TestTSQuery(t *testing.T) {
	tests := []struct {
		query, want string
		args        int
	}{
		{"", "", 0},
		{`"" * ( )`, "", 0},
		{"APT31", "search_phrase($1)", 1},
		{`APT31 "volt typhoon" OR`, "search_phrase($1) && search_phrase($2) && search_phrase($3)", 3},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, args := tsQuery(tt.query)
			if got != tt.want || len(args) != tt.args {
				t.Errorf("tsQuery(%q) = %q with %d args, want %q with %d", tt.query, got, len(args), tt.want, tt.args)
			}
		})
	}
}
