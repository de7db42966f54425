package store

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSearchTerms(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"words", "APT31 ministry", []string{"APT31", "ministry"}},
		{"phrase", `"Violet Typhoon"`, []string{"Violet Typhoon"}},
		{"phrase and word", `"Violet  Typhoon" ministry`, []string{"Violet Typhoon", "ministry"}},
		{"cve stays whole", "CVE-2024-3400", []string{"CVE-2024-3400"}},
		{"defanged url stays whole", "hxxp://bad[.]com", []string{"hxxp://bad[.]com"}},
		{"unclosed quote runs to end", `"Volt Typhoon`, []string{"Volt Typhoon"}},
		{"quote inside word splits", `foo"bar baz"qux`, []string{"foo", "bar baz", "qux"}},
		{"operators are plain words", "APT31 OR NEAR( x", []string{"APT31", "OR", "NEAR(", "x"}},
		{"punctuation only dropped", `* - ' ) "" " "`, nil},
		{"empty", "", nil},
		{"control characters separate", "a\x00b\tc", []string{"a", "b", "c"}},
		{"invalid utf-8 separates", "ab\xffcd", []string{"ab", "cd"}},
		{"unicode", "Лазарус 日本語 🐉", []string{"Лазарус", "日本語"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SearchTerms(tt.query)
			if !slices.Equal(got, tt.want) {
				t.Errorf("SearchTerms(%q) = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

func TestSearchTermsCapped(t *testing.T) {
	got := SearchTerms(strings.Repeat("word ", MaxSearchTerms*2))
	if len(got) != MaxSearchTerms {
		t.Errorf("got %d terms, want %d", len(got), MaxSearchTerms)
	}
}

func FuzzSearchTerms(f *testing.F) {
	for _, seed := range []string{"APT31 ministry", `"Violet Typhoon"`, `"`, "NEAR(", "\x00\xff", "CVE-2024-3400"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		terms := SearchTerms(query)
		if len(terms) > MaxSearchTerms {
			t.Fatalf("%d terms, more than %d", len(terms), MaxSearchTerms)
		}
		for _, term := range terms {
			if !utf8.ValidString(term) || strings.ContainsAny(term, "\"\x00") || !hasWordChar(term) {
				t.Fatalf("bad term %q from %q", term, query)
			}
			if strings.TrimSpace(term) != term {
				t.Fatalf("term %q has surrounding space", term)
			}
		}
	})
}
