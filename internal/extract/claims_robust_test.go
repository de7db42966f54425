package extract

import (
	"strings"
	"testing"
	"time"
)

// goldArticleTexts returns the texts of the claim gold set, the sentences the
// claim rules were written against.
func goldArticleTexts(t testing.TB) []string {
	arts, err := ClaimGoldSet(SplitAll)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(arts))
	for i := range arts {
		out[i] = arts[i].Text()
	}
	return out
}

// TestClaimRulesOnCutText runs every gold article cut at every word
// boundary, from either end, through Extract: claim rules look at the
// words around a trigger and must hold at a text's edges.
func TestClaimRulesOnCutText(t *testing.T) {
	gaz := testGazetteer()
	published := time.Date(2024, time.June, 1, 0, 0, 0, 0, time.UTC)
	for _, text := range goldArticleTexts(t) {
		for i := 0; i < len(text); i++ {
			if text[i] != ' ' {
				continue
			}
			for _, cut := range []string{text[:i], text[i+1:]} {
				res := Extract(cut, Options{Gazetteer: gaz, Published: published})
				checkInvariants(t, cut, res)
				for _, c := range res.Claims {
					if len(c.Roles) == 0 || !strings.Contains(cut, c.EvidenceText) {
						t.Fatalf("claim %s in %q", ClaimString(c), cut)
					}
				}
			}
		}
	}
}

// TestClaimTriggersAtTextEnd ends texts on trigger words, where rules that
// look at the next word find none (a worker once crashed on "hit").
func TestClaimTriggersAtTextEnd(t *testing.T) {
	gaz := testGazetteer()
	published := time.Date(2024, time.June, 1, 0, 0, 0, 0, time.UTC)
	for _, text := range []string{"LockBit hit", "The gang hit", "Hackers took", "Sandworm was linked", "APT31 exploited",
		"The FBI seized", "Turla deployed", "Police arrested", "Lazarus stole", "Attackers breached", "LockBit paid"} {
		t.Run(text, func(t *testing.T) {
			res := Extract(text, Options{Gazetteer: gaz, Published: published})
			checkInvariants(t, text, res)
		})
	}
}

func FuzzClaims(f *testing.F) {
	for _, text := range goldArticleTexts(f) {
		f.Add(text)
	}
	gaz := testGazetteer()
	published := time.Date(2024, time.June, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		res := Extract(text, Options{Gazetteer: gaz, Published: published})
		checkInvariants(t, text, res)
	})
}
