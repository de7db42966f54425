package tagger

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func words(text string) []string {
	var out []string
	for _, t := range Tokenize(text, nil) {
		out = append(out, text[t.Start:t.End])
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in, want string // want: tokens joined by "|"
	}{
		{"", ""},
		{"Emotet spreads via Word.", "Emotet|spreads|via|Word|."},
		{"hxxp://apple-icloud[.]qwq-japan[.]com", "hxxp|:|//apple-icloud|[|.|]|qwq-japan|[|.|]|com"},
		{"C&C server (at 185.61.138.37:7878), e.g. here.", "C|&|C|server|(|at|185.61.138.37:7878|)|,|e.g.|here|."},
		{"the “mediaserver” service", "the|“|mediaserver|”|service"},
		{"Gooligan’s code and Google's", "Gooligan|’|s|code|and|Google|'s"},
		{"it doesn't and O'Brien won't", "it|does|n't|and|O'Brien|wo|n't"},
		{"13,000 devices; 1, 2", "13,000|devices|;|1|,|2"},
		{"the U.S. and com.dhp.ozqh...", "the|U.S.|and|com.dhp.ozqh|..."},
		{"Jan. 5 — “quoted”", "Jan.|5|—|“|quoted|”"},
		{"a/b_c.apk 4_6032967490689041387.apk", "a/b_c.apk|4_6032967490689041387.apk"},
		{"'quoted'", "'|quoted|'"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := strings.Join(words(tc.in), "|"); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "a.b.", "x's", "n't", "\xff'", "1,2:3", "U.S.A.", "...", "a\u00a0b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := Tokenize(text, nil)
		end := 0
		for _, tk := range toks {
			if tk.Start < end || tk.Start >= tk.End || tk.End > len(text) {
				t.Fatalf("token %+v out of order or empty (previous end %d)", tk, end)
			}
			if strings.TrimSpace(text[end:tk.Start]) != "" {
				t.Fatalf("text %q between tokens was dropped", text[end:tk.Start])
			}
			if utf8.ValidString(text) && !utf8.ValidString(text[tk.Start:tk.End]) {
				t.Fatalf("token %q splits a rune", text[tk.Start:tk.End])
			}
			end = tk.End
		}
		if strings.TrimSpace(text[end:]) != "" {
			t.Fatalf("text %q after the last token was dropped", text[end:])
		}
		if !reflect.DeepEqual(Tokenize(text, make([]Token, 0, 4)), append([]Token(nil), toks...)) && len(toks) > 0 {
			t.Fatal("Tokenize depends on dst")
		}
	})
}
