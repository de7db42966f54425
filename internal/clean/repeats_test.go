package clean

import (
	"strings"
	"testing"
)

func TestCollapseRepeats(t *testing.T) {
	const para = "The operator said the scheme affected about 300 customers over six months and was used to intercept one-time passcodes sent by banks and exchanges."
	const longPara = "Investigators said the ring advertised its services on a messaging channel and charged between $500 and $1,500 for each number it moved, depending on the balance it expected to find in the accounts behind it."
	tests := []struct {
		name        string
		in          []string
		wantKept    []string
		wantRemoved int
	}{
		{"no repeats", []string{"one two three four five", "six seven eight nine ten"}, []string{"one two three four five", "six seven eight nine ten"}, 0},
		{"triple exact", []string{para, "Between.", para, para}, []string{para, "Between."}, 2},
		{"case punctuation and spacing", []string{para, strings.ToUpper(para), strings.ReplaceAll(para, " ", "  ") + "!!"}, []string{para}, 2},
		{"curly versus straight apostrophe", []string{"The group's servers were seized by police on Monday.", "The group’s servers were seized by police on Monday."}, []string{"The group's servers were seized by police on Monday."}, 1},
		{"near repeat one word changed", []string{longPara, strings.Replace(longPara, "said", "say", 1)}, []string{longPara}, 1},
		{"near repeat dropped trailing word", []string{longPara, strings.TrimSuffix(longPara, " behind it.") + "."}, []string{longPara}, 1},
		{"different indicator is news", []string{
			"Police said the first server used by the ring was hosted at 198.51.100.14 and took requests through a web form.",
			"Police said the first server used by the ring was hosted at 198.51.100.15 and took requests through a web form.",
		}, nil, 0},
		{"different domain is news", []string{
			strings.Repeat("word ", 20) + "the loader contacted evil.example for its second stage " + strings.Repeat("tail ", 20),
			strings.Repeat("word ", 20) + "the loader contacted evil.test for its second stage " + strings.Repeat("tail ", 20),
		}, nil, 0},
		{"short lines legitimately repeat", []string{"Example indicators", "SHA-256", "Example indicators", "SHA-256"}, []string{"Example indicators", "SHA-256", "Example indicators", "SHA-256"}, 0},
		{"short paragraphs are not near repeats", []string{"Microsoft said the attack began in May.", "Google said the attack began in May."},
			[]string{"Microsoft said the attack began in May.", "Google said the attack began in May."}, 0},
		{"two word changes in a medium paragraph are different", []string{
			"Analysts said the group used stolen credentials to log in to the portal and then moved laterally to the billing servers over two days.",
			"Analysts believe the group used stolen credentials to log in to the portal and then moved quickly to the billing servers over two days.",
		}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var blocks []block
			for _, s := range tt.in {
				blocks = append(blocks, block{text: s})
			}
			kept, removed := collapseRepeats(blocks)
			want := tt.wantKept
			if want == nil {
				want = tt.in
			}
			var got []string
			for _, b := range kept {
				got = append(got, b.text)
			}
			if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
				t.Errorf("kept %q, want %q", got, want)
			}
			if len(removed) != tt.wantRemoved {
				t.Errorf("removed %d, want %d", len(removed), tt.wantRemoved)
			}
			for _, r := range removed {
				if r.Reason != "repeated-paragraph" {
					t.Errorf("reason %q, want repeated-paragraph", r.Reason)
				}
			}
		})
	}
}

// TestCollapseRepeatsPrefixFilter checks the candidate index against a
// brute-force comparison of every pair.
func TestCollapseRepeatsPrefixFilter(t *testing.T) {
	sentences := []string{
		"the group used stolen credentials to log in", "and then moved laterally to the billing servers",
		"over two days before encrypting them", "investigators found a remote management tool",
		"which the attackers installed on six hosts", "the utility said supply was never affected",
		"because the operational network is separate", "police arrested two people in the capital",
	}
	var blocks []block
	for i := 0; i < 120; i++ {
		var parts []string
		for j := 0; j < 4; j++ {
			parts = append(parts, sentences[(i*(j+3)+j*j)%len(sentences)])
		}
		if i%7 == 0 {
			parts[3] = "a sentence unique to paragraph number " + strings.Repeat("x", i%5+1)
		}
		blocks = append(blocks, block{text: strings.Join(parts, " ")})
	}
	kept, _ := collapseRepeats(blocks)

	// Brute force: keep a paragraph unless an earlier kept one is an exact or
	// near repeat.
	var want []string
	var keptWords [][]string
	for _, b := range blocks {
		words := comparisonWords(b.text)
		dup := false
		for _, k := range keptWords {
			if strings.Join(k, " ") == strings.Join(words, " ") && len(words) >= minRepeatWords {
				dup = true
				break
			}
			if len(words) >= minNearRepeatWords && len(k) >= minNearRepeatWords {
				a, c := bigrams(words), bigrams(k)
				if jaccard(a, c) >= nearRepeatJaccard && !differInIndicator(words, k) {
					dup = true
					break
				}
			}
		}
		if !dup {
			want = append(want, b.text)
			keptWords = append(keptWords, words)
		}
	}
	var got []string
	for _, b := range kept {
		got = append(got, b.text)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("prefix-filtered result (%d kept) differs from brute force (%d kept)", len(got), len(want))
	}
	if len(want) == len(blocks) || len(want) < 2 {
		t.Fatalf("test data has no repeats to find (%d of %d kept)", len(want), len(blocks))
	}
}
