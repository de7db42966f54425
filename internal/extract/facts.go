package extract

import (
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// claimVerbs say that the name next to them is the claimant: "ESET said",
// "Mandiant assessed", "the Czech government blamed".
var claimVerbs = setOf(
	"said", "says", "say", "reported", "reports", "announced", "announces", "assessed", "assesses",
	"attributed", "attributes", "wrote", "writes", "noted", "notes", "warned", "warns", "found",
	"observed", "confirmed", "confirms", "stated", "states", "believes", "told", "revealed",
	"reveals", "published", "added", "explained", "concluded", "determined", "blamed", "blames",
	"accused", "accuses", "claimed", "claims", "alleged", "alleges", "disclosed", "discloses",
	"discovered", "identified", "detailed", "documented", "linked", "tied",
)

// invertedClaimVerbs may also come before the claimant: "..., said ESET".
var invertedClaimVerbs = setOf("said", "says", "wrote", "noted", "added", "reported")

// claimantNouns may stand between a claimant and its verb ("ESET
// researchers said"); after a country they name the claimant ("Czech
// government").
var claimantNouns = setOf(
	"researchers", "researcher", "analysts", "officials", "authorities", "government", "police",
	"investigators", "experts", "spokesperson", "spokesman", "spokeswoman", "team", "prosecutors",
	"agencies", "intelligence", "services", "has", "have", "had", "also", "publicly", "formally",
	"officially", "jointly", "previously", "earlier", "today", "yesterday", "ministry", "on",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "this", "last",
	"week", "month",
)

// countryClaimantNouns read as part of a country claimant's name.
var countryClaimantNouns = setOf("government", "authorities", "officials", "police", "prosecutors", "ministry")

// hedge is a phrase that weakens a claim, with the confidence it leaves.
type hedge struct {
	phrase     []string
	confidence float64
}

// hedges, most specific first.
var hedges = []hedge{
	{[]string{"with", "high", "confidence"}, 0.75},
	{[]string{"with", "moderate", "confidence"}, 0.6},
	{[]string{"with", "medium", "confidence"}, 0.6},
	{[]string{"with", "low", "confidence"}, 0.35},
	{[]string{"highly", "likely"}, 0.7},
	{[]string{"almost", "certainly"}, 0.75},
	{[]string{"likely"}, 0.6},
	{[]string{"probably"}, 0.6},
	{[]string{"reportedly"}, 0.6},
	{[]string{"believed", "to"}, 0.55},
	{[]string{"thought", "to"}, 0.55},
	{[]string{"appears", "to"}, 0.55},
	{[]string{"appear", "to"}, 0.55},
	{[]string{"seems", "to"}, 0.55},
	{[]string{"suspected"}, 0.5},
	{[]string{"allegedly"}, 0.5},
	{[]string{"alleged"}, 0.5},
	{[]string{"possibly"}, 0.45},
	{[]string{"potentially"}, 0.45},
	{[]string{"may", "have"}, 0.45},
	{[]string{"might", "have"}, 0.4},
	{[]string{"could", "have"}, 0.4},
}

// negations deny what the sentence says.
var negations = [][]string{
	{"denied"}, {"denies"}, {"deny"}, {"denying"}, {"did", "not"}, {"didn't"}, {"didn\u2019t"},
	{"does", "not"}, {"doesn't"}, {"doesn\u2019t"}, {"do", "not"}, {"has", "not"}, {"hasn't"},
	{"have", "not"}, {"haven't"}, {"was", "not"}, {"wasn't"}, {"were", "not"}, {"weren't"},
	{"is", "not"}, {"isn't"}, {"no", "evidence"}, {"never"}, {"rejected"},
}

// notDenials follow a negation without denying the claim: "did not
// respond to a request for comment".
var notDenials = setOf("respond", "immediately", "reply", "return", "comment", "only", "yet")

// sentenceFacts are what a sentence says about its claims as a whole.
type sentenceFacts struct {
	claimant        string
	claimantMention int // -1 when the claimant is no mention
	hedge           string
	hedgeAt         int // offset of the hedge phrase
	confidence      float64
	negated         bool
}

// factsOf reads a sentence's claimant, hedge and negation.
func factsOf(v *sentenceView) sentenceFacts {
	f := sentenceFacts{claimantMention: -1, confidence: confidenceBase}
	f.claimant, f.claimantMention = claimantOf(v)
	bestHedge := len(hedges)
	for k, w := range v.words {
		if !cueWords[w.lower] {
			continue
		}
		for i, h := range hedges[:bestHedge] {
			if v.is(k, h.phrase...) {
				bestHedge = i
				f.hedge, f.hedgeAt, f.confidence = strings.Join(h.phrase, " "), w.start, h.confidence
				break
			}
		}
		for _, n := range negations {
			if v.is(k, n...) && !notDenials[v.lowerAt(k+len(n))] {
				f.negated = true
			}
		}
	}
	return f
}

// cueWords are the first words of the hedges and negations, so that other
// words are passed over at once.
var cueWords = func() map[string]bool {
	set := map[string]bool{}
	for _, h := range hedges {
		set[h.phrase[0]] = true
	}
	for _, n := range negations {
		set[n[0]] = true
	}
	return set
}()

func (v *sentenceView) lowerAt(k int) string {
	if k < 0 || k >= len(v.words) {
		return ""
	}
	return v.words[k].lower
}

// claimantOf finds who the sentence says makes its claims: "according to
// X", "X said", "said X".
func claimantOf(v *sentenceView) (string, int) {
	if k := v.find(0, "according", "to"); k >= 0 {
		if n, ok := v.nameAt(k + 2); ok && claimantKind(v.kindOf(n)) {
			return v.doc.text[n.span.Start:n.span.End], n.mention
		}
	}
	for k, w := range v.words {
		if !claimVerbs[w.lower] || v.text(k) != w.lower {
			continue
		}
		i := k - 1
		for i >= 0 && claimantNouns[v.words[i].lower] && v.softGap(i+1) && k-i <= 5 {
			i--
		}
		if i >= 0 && v.softGap(i+1) {
			if n, ok := v.nameEndingAt(i); ok && n.mention >= 0 && claimantKind(v.kindOf(n)) {
				return v.claimantText(n, k), n.mention
			}
		}
		if invertedClaimVerbs[w.lower] {
			if n, ok := v.nameAt(k + 1); ok && n.mention >= 0 && claimantKind(v.kindOf(n)) {
				return v.claimantText(n, n.next), n.mention
			}
		}
	}
	return "", -1
}

// claimantText is the claimant's name; a country's claimant keeps the
// noun after it ("Czech government", "Finnish police").
func (v *sentenceView) claimantText(n name, limit int) string {
	end := n.span.End
	if v.kindOf(n) == model.KindCountry || v.kindOf(n) == model.KindRegion {
		if k := n.next; k < limit && k < len(v.words) && v.spaced(k) && countryClaimantNouns[v.words[k].lower] {
			end = v.words[k].end
		}
	}
	return v.doc.text[n.span.Start:end]
}

// softGap reports whether only a space, or a closing bracket and a space,
// separate word k from the word before: "ESET said", "(Supo) said".
func (v *sentenceView) softGap(k int) bool {
	if k <= 0 || k >= len(v.words) {
		return false
	}
	g := v.doc.text[v.words[k-1].end:v.words[k].start]
	return g == " " || g == ") "
}

func claimantKind(k model.EntityKind) bool {
	return k == model.KindOrganization || k == model.KindCountry || k == model.KindRegion || k == model.KindPerson
}
