package extract

import (
	"fmt"
	"github.com/winnow-cti/winnow/internal/model"
	"slices"
	"testing"
)

// aliasStrings renders assertions as "subject=alias relation by claimant".
func aliasStrings(as []AliasAssertion) []string {
	var out []string
	for _, a := range as {
		out = append(out, fmt.Sprintf("%s=%s %s by %q %.2f", a.Subject, a.Alias, a.Relation, a.Claimant, a.Confidence))
	}
	return out
}

func TestAliasAssertions(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"also known as, list", "APT31, also known as Zirconium, Judgment Panda, and Violet Typhoon, targeted ministries.", []string{
			`APT31=Zirconium same-as by "" 0.80`,
			`APT31=Judgment Panda same-as by "" 0.80`,
			`APT31=Violet Typhoon same-as by "" 0.80`,
		}},
		{"dashes", "APT31 \u2014 also known as Altaire and Perplexed Goblin \u2014 is active.", []string{
			`APT31=Altaire same-as by "" 0.80`,
			`APT31=Perplexed Goblin same-as by "" 0.80`,
		}},
		{"quoted list after a comma", `Prague blamed APT31, "also known as Judgment Panda, Altaire, Perplexed Goblin and Violet Typhoon", for it.`, []string{
			`APT31=Judgment Panda same-as by "Prague" 0.80`,
			`APT31=Altaire same-as by "Prague" 0.80`,
			`APT31=Perplexed Goblin same-as by "Prague" 0.80`,
			`APT31=Violet Typhoon same-as by "Prague" 0.80`,
		}},
		{"quoted list between dashes", "APT31 \u2014 \u201calso known as Altaire and Perplexed Goblin\u201d \u2014 is active.", []string{
			`APT31=Altaire same-as by "" 0.80`,
			`APT31=Perplexed Goblin same-as by "" 0.80`,
		}},
		{"aka in brackets", "APT29 (aka Cozy Bear) struck again.", []string{`APT29=Cozy Bear same-as by "" 0.80`}},
		{"also tracked as", "Storm-0558 (also tracked as UNC9999) is active.", []string{`Storm-0558=UNC9999 same-as by "" 0.80`}},
		{"which X calls", "APT31, which Microsoft calls Violet Typhoon, is active.", []string{`APT31=Violet Typhoon same-as by "Microsoft" 0.80`}},
		{"known to X as", "APT31, known to Proofpoint as TA412, is active.", []string{`APT31=TA412 same-as by "Proofpoint" 0.80`}},
		{"X tracks Y as Z", "Secureworks tracks APT31 as Bronze Vinewood.", []string{`APT31=Bronze Vinewood same-as by "Secureworks" 0.80`}},
		{"formerly", "Violet Typhoon (formerly Zirconium) is active.", []string{`Violet Typhoon=Zirconium same-as by "" 0.80`}},
		{"overlaps with", "UNC3886 overlaps with APT41, Mandiant said.", []string{`UNC3886=APT41 overlaps-with by "Mandiant" 0.50`}},
		{"overlaps with activity tracked as", "UNC3886 partially overlaps with activity tracked as Fire Ant.",
			[]string{`UNC3886=Fire Ant overlaps-with by "" 0.50`}},
		{"trailing claimant is not an alias", "APT31, also known as Zirconium, Microsoft said.", []string{`APT31=Zirconium same-as by "Microsoft" 0.80`}},
		{"by claimant", "APT31 (tracked as TA412 by Proofpoint) is active.", []string{`APT31=TA412 same-as by "Proofpoint" 0.80`}},
		{"dubbed by", "APT31, dubbed Zirconium by Microsoft, is active.", []string{`APT31=Zirconium same-as by "Microsoft" 0.80`}},
		{"hedge elsewhere in the sentence", "Violet Typhoon (formerly Zirconium) is believed to serve the MSS.",
			[]string{`Violet Typhoon=Zirconium same-as by "" 0.80`}},
		{"hedged", "APT31 is likely also known as Zirconium.", []string{`APT31=Zirconium same-as by "" 0.60`}},
		{"descriptor noun", "The ransom went to the APT31 group, also known as Zirconium, in May.",
			[]string{`APT31=Zirconium same-as by "" 0.80`}},
		{"descriptor noun, aka in brackets", "The APT31 hacking group (aka Zirconium) is active.",
			[]string{`APT31=Zirconium same-as by "" 0.80`}},
		{"descriptor in apposition", "APT31, the Chinese state-sponsored group also known as Zirconium, is active.",
			[]string{`APT31=Zirconium same-as by "" 0.80`}},
		{"descriptor after a preposition is another name's", "A member of APT31 of the group also known as Zirconium.", nil},
		{"no named subject", "The group, also known as Zirconium, is active. A group tracked as UNC1234 struck.", nil},
		{"country is no subject", "Russia, also known as the Russian Federation, denied it.", nil},
	}
	gaz := testGazetteer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(tt.text, Options{Gazetteer: gaz})
			checkInvariants(t, tt.text, res)
			if got := aliasStrings(res.AliasAssertions); !slices.Equal(got, tt.want) {
				t.Errorf("aliases in %q\n got %q\nwant %q", tt.text, got, tt.want)
			}
			for _, a := range res.AliasAssertions {
				if !slices.ContainsFunc(res.Mentions, func(m model.Mention) bool { return m.Span == a.AliasSpan }) {
					t.Errorf("alias %q has no mention", a.Alias)
				}
			}
		})
	}
}
