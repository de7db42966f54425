package extract

import (
	"slices"
	"testing"
)

func sentenceTexts(text string) []string {
	var out []string
	for _, s := range Sentences(text) {
		out = append(out, s.In(text))
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"blank", " \n\n \t", nil},
		{"two plain", "APT31 struck. Officials responded.", []string{"APT31 struck.", "Officials responded."}},
		{"U.S. before a name", "The U.S. Justice Department said so. It acted.",
			[]string{"The U.S. Justice Department said so.", "It acted."}},
		{"U.S. ending a sentence", "The group hit targets in the U.S. The campaign continues.",
			[]string{"The group hit targets in the U.S.", "The campaign continues."}},
		{"U.K. then name", "Officials in the U.K. Foreign Office agreed.", []string{"Officials in the U.K. Foreign Office agreed."}},
		{"titles and months", "Dr. Smith and Mr. Jones met on Jan. 5 at Acme Inc. in Boston.",
			[]string{"Dr. Smith and Mr. Jones met on Jan. 5 at Acme Inc. in Boston."}},
		{"Corp. ending a sentence", "It was Microsoft Corp. The company agreed.",
			[]string{"It was Microsoft Corp.", "The company agreed."}},
		{"Corp. mid sentence", "Microsoft Corp. said it patched.", []string{"Microsoft Corp. said it patched."}},
		{"e.g. and i.e.", "Attackers used lures, e.g. Invoices, i.e. PDFs. Then they left.",
			[]string{"Attackers used lures, e.g. Invoices, i.e. PDFs.", "Then they left."}},
		{"a name with an inner capital opens a sentence", "Forbes reversed the change at once. iSight Partners linked it to China. Then e.g. nothing.",
			[]string{"Forbes reversed the change at once.", "iSight Partners linked it to China.", "Then e.g. nothing."}},
		{"Mt. and Ft. in names", "Hackers drained Mt. Gox long before NSA analysts at Ft. Meade noticed.",
			[]string{"Hackers drained Mt. Gox long before NSA analysts at Ft. Meade noticed."}},
		{"vs. and No.", "Version 2.1.3 vs. 3.0 fixed No. 5 of the bugs.", []string{"Version 2.1.3 vs. 3.0 fixed No. 5 of the bugs."}},
		{"decimal", "Pi is 3.14. It is known.", []string{"Pi is 3.14.", "It is known."}},
		{"version at end", "They shipped version 2. Users upgraded.", []string{"They shipped version 2.", "Users upgraded."}},
		{"defanged", "It called evil[.]com and hxxp://bad[.]example[.]org/a.php now. Done.",
			[]string{"It called evil[.]com and hxxp://bad[.]example[.]org/a.php now.", "Done."}},
		{"domain at end", "Go to example.com. Then stop.", []string{"Go to example.com.", "Then stop."}},
		{"url", "See https://example.com/a.b?c=d.e for details. Next.", []string{"See https://example.com/a.b?c=d.e for details.", "Next."}},
		{"quote after period", `He said "it was APT31." Then he left.`, []string{`He said "it was APT31."`, "Then he left."}},
		{"curly quote", "He said \u201cit was APT31.\u201d Then he left.", []string{"He said \u201cit was APT31.\u201d", "Then he left."}},
		{"bracket after period", "(See the report.) Next sentence.", []string{"(See the report.)", "Next sentence."}},
		{"lines without punctuation", "Item one\nItem two\n\nPara two.", []string{"Item one", "Item two", "Para two."}},
		{"bullets", "- bullet one\n- bullet two", []string{"- bullet one", "- bullet two"}},
		{"numbered list", "1. First step\n2. Second step", []string{"1. First step", "2. Second step"}},
		{"initial", "John F. Kennedy spoke.", []string{"John F. Kennedy spoke."}},
		{"initial after a preposition", "It was written by J. Smith in 1990.", []string{"It was written by J. Smith in 1990."}},
		{"the platform X ends a sentence", "He posted screenshots on X. Hudson Rock said so.",
			[]string{"He posted screenshots on X.", "Hudson Rock said so."}},
		{"Apple's OS X ends a sentence", "It is built into OS X. Transmission's developers removed it.",
			[]string{"It is built into OS X.", "Transmission's developers removed it."}},
		{"an X inside a name", "Malcolm X. Little was born in 1925.", []string{"Malcolm X. Little was born in 1925."}},
		{"question and exclamation", "Really? Yes! Fine...", []string{"Really?", "Yes!", "Fine..."}},
		{"lower case after period", "The approx. figure held. Next.", []string{"The approx. figure held.", "Next."}},
		{"trailing space", "Trailing spaces.   \n\n  ", []string{"Trailing spaces."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sentenceTexts(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSentenceAt(t *testing.T) {
	text := "One two. Three four.\n\nFive."
	spans := Sentences(text)
	tests := []struct {
		offset, want int
	}{{0, 0}, {7, 0}, {8, -1}, {9, 1}, {19, 1}, {22, 2}, {27, -1}, {-1, -1}}
	for _, tt := range tests {
		if got := sentenceAt(spans, tt.offset); got != tt.want {
			t.Errorf("sentenceAt(%d) = %d, want %d", tt.offset, got, tt.want)
		}
	}
}
