package extract

import (
	"slices"
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
	"discovered", "identified", "detailed", "documented", "linked", "tied", "link", "links", "tie", "ties", "say", "believe",
	"attribute", "estimated", "estimates", "accuse", "suspect", "suspects", "denied", "denies",
	"rejected", "dismissed", "pinned", "pins",
	// Other reporting verbs: admitting, insisting, arguing, cautioning,
	// and finding ("spotted", "uncovered").
	"acknowledged", "acknowledges", "admitted", "admits", "asserted", "asserts", "insisted", "insists",
	"argued", "argues", "stressed", "cautioned", "cautions", "testified", "contended", "contends",
	"tweeted", "reiterated", "emphasized", "emphasised", "commented", "tells", "explains", "adds",
	"spotted", "uncovered", "refuted", "refutes", "disputed", "disputes",
)

// invertedClaimVerbs may also come before the claimant: "..., said ESET".
var invertedClaimVerbs = setOf("said", "says", "wrote", "noted", "added", "reported")

// claimantNouns may stand between a claimant and its verb ("ESET
// researchers said"); after a country they name the claimant ("Czech
// government").
var claimantNouns = setOf(
	"researchers", "researcher", "analysts", "officials", "authorities", "government", "police",
	"investigators", "experts", "spokesperson", "spokesman", "spokeswoman", "team", "prosecutors",
	"agencies", "intelligence", "services", "service", "security", "has", "have", "had", "also",
	"publicly", "formally", "officially", "jointly", "previously", "earlier", "later", "today",
	"yesterday", "ministry", "on", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "this", "last", "week", "month", "gang", "group", "ransomware",
	// Adverbs that do not end in -ly: "has already blamed", "has long said".
	"already", "long", "since", "again", "now", "still", "just",
)

// demonymOpened extends a name read from capitals over a demonym that
// opens the sentence right before it: "British Airways said", where
// "British" alone was read as a place.
func (v *sentenceView) demonymOpened(n name) name {
	k := v.wordAt(n.span.Start)
	if k < 1 || !v.spaced(k) {
		return n
	}
	m := v.mentionAt(k - 1)
	if m < 0 || v.mentions[m].Kind != model.KindCountry || v.mentions[m].Span.End != v.words[k-1].end {
		return n
	}
	first := v.wordAt(v.mentions[m].Span.Start)
	if first != 0 && !(first == 1 && v.words[0].lower == "the") && !clauseLinks[v.lowerAt(first-1)] {
		return n
	}
	if !adjectiveForm(v.mentions[m].Text) {
		return n // "Britain's", "Ireland's": a place, not an adjective
	}
	n.span.Start = v.mentions[m].Span.Start
	return n
}

// adjectiveForm reports whether a place's name has an adjective's ending:
// "British", "Australian", "Japanese".
func adjectiveForm(t string) bool {
	return strings.HasSuffix(t, "ish") || strings.HasSuffix(t, "an") || strings.HasSuffix(t, "ese")
}

// clauseLinks open a clause whose subject may follow: "while British
// Airways said".
var clauseLinks = setOf("while", "whereas", "but", "and", "as", "after", "when")

// anonymousSource reports whether a source phrase names no one: "people
// familiar with the matter", "sources close to the investigation".
// describedSource reads the named source of "according to" at word k when
// a description opens it: a name after an article and a few lower-case
// words ("a government Committee of Inquiry"), or the name that saw a
// document ("a ransom note seen by Reuters").
func (v *sentenceView) describedSource(k int) (name, bool) {
	if w := v.lowerAt(k); w != "a" && w != "an" {
		return name{}, false
	}
	for i := k + 1; i < len(v.words) && i <= k+6; i++ {
		if i > k+1 && strings.ContainsAny(v.doc.text[v.words[i-1].end:v.words[i].start], ",;") {
			return name{}, false
		}
		if (v.words[i].lower == "seen" || v.words[i].lower == "reviewed" || v.words[i].lower == "obtained") && v.lowerAt(i+1) == "by" {
			n, ok := v.nameAt(i + 2)
			return n, ok && (n.mention < 0 || claimantKind(v.kindOf(n)))
		}
		if v.capitalWord(i) || v.mentionAt(i) >= 0 {
			if i == k+1 {
				return name{}, false
			}
			n, ok := v.nameAt(i)
			if !ok || n.mention >= 0 && !claimantKind(v.kindOf(n)) {
				return name{}, false
			}
			return v.bodyName(n), true
		}
		if v.text(i) != v.words[i].lower {
			return name{}, false
		}
	}
	return name{}, false
}

func anonymousSource(text string) bool {
	first, _, _ := strings.Cut(strings.ToLower(text), " ")
	switch first {
	case "people", "sources", "someone", "a", "one", "two", "three", "four", "several":
		return true
	}
	return false
}

// countryClaimantNouns read as part of a country claimant's name.
var countryClaimantNouns = setOf("government", "authorities", "officials", "police", "prosecutors", "ministry")

// countryMediaNouns also do ("according to Spanish media"), but name no
// government body.
var countryMediaNouns = setOf("media", "press", "newspapers", "outlets")

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
	{[]string{"high", "confidence"}, 0.75},
	{[]string{"moderate", "confidence"}, 0.6},
	{[]string{"medium", "confidence"}, 0.6},
	{[]string{"low", "confidence"}, 0.35},
	{[]string{"high-confidence"}, 0.75},
	{[]string{"moderate-confidence"}, 0.6},
	{[]string{"medium-confidence"}, 0.6},
	{[]string{"low-confidence"}, 0.35},
	{[]string{"in", "all", "likelihood"}, 0.7},
	{[]string{"in", "all", "probability"}, 0.7},
	{[]string{"highly", "likely"}, 0.7},

	{[]string{"almost", "certainly"}, 0.75},
	{[]string{"likely"}, 0.6},
	{[]string{"probably"}, 0.6},
	{[]string{"probable"}, 0.6},
	{[]string{"reportedly"}, 0.6},
	{[]string{"believed", "to"}, 0.55},
	{[]string{"believe"}, 0.55},
	{[]string{"believes"}, 0.55},
	{[]string{"claimed", "to"}, 0.5},
	{[]string{"claims", "to"}, 0.5},
	{[]string{"accused", "of"}, 0.5},
	{[]string{"thought", "to"}, 0.55},
	{[]string{"understood", "to"}, 0.55},
	{[]string{"presumed", "to"}, 0.55},
	{[]string{"reported", "to", "have"}, 0.6},
	{[]string{"reported", "to", "be"}, 0.6},
	{[]string{"consistent", "with"}, 0.55},
	{[]string{"seemingly"}, 0.55},
	{[]string{"appears", "to"}, 0.55},
	{[]string{"appear", "to"}, 0.55},
	{[]string{"appeared", "to"}, 0.55},
	{[]string{"seems", "to"}, 0.55},
	{[]string{"seem", "to"}, 0.55},
	{[]string{"seemed", "to"}, 0.55},
	{[]string{"said", "to", "be"}, 0.55},
	{[]string{"said", "to", "have"}, 0.55},
	{[]string{"apparently"}, 0.55},
	{[]string{"presumably"}, 0.55},
	{[]string{"purportedly"}, 0.5},
	{[]string{"purported"}, 0.5},
	{[]string{"supposedly"}, 0.5},
	{[]string{"ostensibly"}, 0.5},
	{[]string{"unconfirmed"}, 0.5},
	{[]string{"unverified"}, 0.5},
	{[]string{"claiming", "to"}, 0.5},
	{[]string{"claim", "to"}, 0.5},
	{[]string{"suspect"}, 0.5},
	{[]string{"suspects"}, 0.5},
	{[]string{"accuses"}, 0.5},
	{[]string{"accuse"}, 0.5},
	{[]string{"accused"}, 0.5},
	{[]string{"accusing"}, 0.5},
	{[]string{"alleges"}, 0.5},
	{[]string{"alleging"}, 0.5},
	{[]string{"suspected"}, 0.5},
	{[]string{"allegedly"}, 0.5},
	{[]string{"alleged"}, 0.5},
	{[]string{"possibly"}, 0.45},
	{[]string{"perhaps"}, 0.45},
	{[]string{"maybe"}, 0.45},
	{[]string{"rumored"}, 0.45},
	{[]string{"rumoured"}, 0.45},
	{[]string{"potentially"}, 0.45},
	{[]string{"could", "not", "be", "independently", "verified"}, 0.5},
	{[]string{"could", "not", "be", "verified"}, 0.5},
	{[]string{"could", "not", "independently", "verify"}, 0.5},
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
	// Other negated auxiliaries, "no sign/indication/proof", and verbs of
	// rebuttal.
	{"had", "not"}, {"hadn't"}, {"hadn’t"}, {"are", "not"}, {"aren't"}, {"aren’t"},
	{"hasn’t"}, {"haven’t"}, {"wasn’t"}, {"weren’t"}, {"isn’t"}, {"don't"}, {"don’t"},
	{"no", "indication"}, {"no", "indications"}, {"no", "sign"}, {"no", "signs"}, {"no", "proof"},
	{"rejects"}, {"refuted"}, {"refutes"}, {"disputed"}, {"disputes"},
	// Evidence wanting: "could not prove RedEcho was behind", "found no
	// direct evidence that", "ruled out an attack".
	{"could", "not", "prove"}, {"cannot", "prove"}, {"can't", "prove"}, {"could", "not", "confirm"},
	{"no", "direct", "evidence"}, {"no", "hard", "evidence"}, {"no", "public", "evidence"}, {"ruled", "out"},
}

// notDenials follow a negation without denying the claim: "did not
// respond to a request for comment".
var notDenials = setOf("respond", "immediately", "reply", "return", "comment", "only", "yet")

// sentenceFacts are what a sentence says about its claims as a whole.
type sentenceFacts struct {
	claimant        string // the first claimant
	claimantMention int    // -1 when the claimant is no mention
	claimants       []claimantAt
	hedge           string // the strongest hedge, for alias assertions
	hedgeAt         int    // offset of the hedge phrase
	confidence      float64
	hedges          []hedgeCue // every hedge, strongest first
	negated         bool
	negations       []int // offsets of the negations
	denies          bool  // a claimant denies: it may be the state it denies being
}

// claimantBefore reports whether the first claimant's verb comes before
// offset: "Microsoft said that X ...".
func (f *sentenceFacts) claimantBefore(v *sentenceView, offset int) bool {
	if len(f.claimants) == 0 {
		return false
	}
	verb := f.claimants[0].verb
	return verb >= 0 && verb < len(v.words) && v.words[verb].start < offset
}

// claimantAt is one claimant with the word of its verb.
type claimantAt struct {
	text    string
	mention int // -1 when no mention
	verb    int
	denial  bool
	span    model.Span
	// anaphor is the noun of a claimant named by what it is ("the
	// company said", "the researchers said"), resolved against the article
	// by resolveClaimants; text is empty until then.
	anaphor string
	ref     model.Span // for an anaphor, where its antecedent is named
	// person marks a person named by their post ("the hospital's chief
	// executive, Allen Stefanek"): no company or state "the company" or
	// "the agency" could later stand for.
	person bool
}

// hedgeCue is one hedge found in a sentence.
type hedgeCue struct {
	phrase     string
	at         int // offset
	confidence float64
}

// isClaimant reports whether the sentence's mention i is a claimant.
func (f sentenceFacts) isClaimant(i int, span model.Span) bool {
	for _, c := range f.claimants {
		if c.mention == i || (c.span.Start <= span.Start && span.End <= c.span.End) {
			return true
		}
	}
	return false
}

// anaphorClaims reports whether an anaphor at span is a claimant named by
// what it is: "according to the ministry".
func (f sentenceFacts) anaphorClaims(span model.Span) bool {
	for _, c := range f.claimants {
		if c.anaphor != "" && c.span.Start < span.End && span.Start < c.span.End {
			return true
		}
	}
	return false
}

// claimantFor returns the claimant of a claim whose trigger is word k: the
// one whose verb is in the trigger's clause, else the nearest before it,
// else the first after it ("..., ESET said") that is not the subject of a
// later clause of its own.
func (f sentenceFacts) claimantFor(v *sentenceView, cs []clause, k int) string {
	ci := clauseAt(cs, k)
	for _, c := range f.claimants {
		if clauseAt(cs, c.verb) == ci {
			return c.text
		}
	}
	best := -1
	for i, c := range f.claimants {
		if c.verb < k && (best < 0 || c.verb > f.claimants[best].verb) {
			best = i
		}
	}
	if best >= 0 {
		return f.claimants[best].text
	}
	for _, c := range f.claimants {
		if !v.leadsLaterClause(cs, ci, c) {
			return c.text
		}
	}
	return ""
}

// clauseConjunctions open a coordinated or contrasting clause that may
// have a subject of its own.
var clauseConjunctions = setOf("and", "or", "but", "while", "whereas")

// leadsLaterClause reports whether claimant c is the subject of a clause
// after clause ci: "..., and the Treasury's Office of Foreign Assets
// Control announced sanctions". What it says belongs to its own clause,
// not to the earlier one, unlike a trailing "..., ESET said".
func (v *sentenceView) leadsLaterClause(cs []clause, ci int, c claimantAt) bool {
	own := clauseAt(cs, c.verb)
	if own <= ci || cs[own].relative || c.span.End <= c.span.Start {
		return false
	}
	name := v.wordAt(c.span.Start)
	if c.mention >= 0 && c.mention < len(v.mentions) {
		name = v.wordAt(v.mentions[c.mention].Span.Start)
	}
	start := cs[own].start
	if name < start || name >= c.verb {
		return false
	}
	if clauseConjunctions[v.words[start].lower] {
		start++
	}
	// Only the subject's own words may come first: determiners and names
	// ("the Treasury's").
	for i := start; i < name; i++ {
		if !v.words[i].has(cueDeterminer) && !v.capitalWord(i) && !strings.HasPrefix(v.text(i), "'") &&
			!strings.HasPrefix(v.text(i), "\u2019") {
			return false
		}
	}
	return true
}

// factsOf reads a sentence's claimants, hedges and negations.
func factsOf(v *sentenceView) sentenceFacts {
	f := sentenceFacts{claimantMention: -1, confidence: confidenceBase}
	f.claimants = claimantsOf(v)
	for i := range f.claimants {
		c := &f.claimants[i]
		if c.text == "" {
			continue // an anaphor keeps its own span
		}
		if at := strings.Index(v.span.In(v.doc.text), c.text); at >= 0 {
			c.span = model.Span{Start: v.span.Start + at, End: v.span.Start + at + len(c.text)}
		}
	}
	if len(f.claimants) > 0 {
		f.claimant, f.claimantMention = f.claimants[0].text, f.claimants[0].mention
	}
	for _, c := range f.claimants {
		f.denies = f.denies || c.denial
	}
	bestHedge := len(hedges)
	for k, w := range v.words {
		if w.cue&cueFact == 0 {
			continue
		}
		// Only the phrases starting with this word can match here.
		starts := factStarts[w.lower]
		for _, i := range starts.hedges {
			if h := hedges[i]; v.is(k, h.phrase...) {
				cue := hedgeCue{strings.Join(h.phrase, " "), w.start, h.confidence}
				f.hedges = append(f.hedges, cue)
				if i < bestHedge {
					bestHedge = i
					f.hedge, f.hedgeAt, f.confidence = cue.phrase, cue.at, cue.confidence
				}
				break
			}
		}
		for _, i := range starts.negations {
			if n := negations[i]; v.is(k, n...) && !notDenials[v.lowerAt(k+len(n))] {
				f.negated = true
				f.negations = append(f.negations, w.start)
			}
		}
		if (w.lower == "accused" || w.lower == "accuses" || w.lower == "accusing") && v.lowerAt(k+1) != "of" {
			if of := v.find(k+1, "of"); of > k+1 && of <= k+6 {
				f.hedges = append(f.hedges, hedgeCue{"accused", w.start, 0.5}) // "accused its leader X of"
			}
		}
		if w.lower == "no" && v.noneWas(k) {
			f.negated = true
			f.negations = append(f.negations, w.start)
		}
	}
	slices.SortStableFunc(f.hedges, func(a, b hedgeCue) int {
		switch {
		case a.confidence < b.confidence:
			return -1
		case a.confidence > b.confidence:
			return 1
		}
		return 0
	})
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

// factStarts indexes the hedges and negations by their first word, in
// list order, so that a cue word is tried against its own phrases only.
var factStarts = func() map[string]struct{ hedges, negations []int } {
	m := map[string]struct{ hedges, negations []int }{}
	for i, h := range hedges {
		e := m[h.phrase[0]]
		e.hedges = append(e.hedges, i)
		m[h.phrase[0]] = e
	}
	for i, n := range negations {
		e := m[n[0]]
		e.negations = append(e.negations, i)
		m[n[0]] = e
	}
	return m
}()

// hasCue reports whether word k is in the word list of cue (any of them
// when cue holds several), as looking lowerAt(k) up in the list would:
// false when there is no word k.
func (v *sentenceView) hasCue(k int, cue wordCue) bool {
	return k >= 0 && k < len(v.words) && v.words[k].cue&cue != 0
}

func (v *sentenceView) lowerAt(k int) string {
	if k < 0 || k >= len(v.words) {
		return ""
	}
	return v.words[k].lower
}

// claimantsOf finds who the sentence says makes its claims: "according to
// X", "X said", "said X", "ESET and CERT-UA said", "Prosecutors said".
func claimantsOf(v *sentenceView) []claimantAt {
	var out []claimantAt
	if k := v.find(0, "according", "to"); k >= 0 {
		from := k + 2
		if countWords[v.lowerAt(from)] && v.lowerAt(from) != "of" {
			from++ // "according to two U.S. officials familiar with the investigation"
		}
		if n, ok := v.nameAt(from); ok && from > k+2 && n.mention >= 0 && (v.kindOf(n) == model.KindCountry || v.kindOf(n) == model.KindRegion) {
			if text := v.claimantText(n, len(v.words)); len(text) > n.span.End-n.span.Start {
				out = append(out, claimantAt{text: text, mention: n.mention, verb: k})
			}
		} else if n, ok := v.describedSource(k + 2); ok {
			// "according to a government Committee of Inquiry", "according
			// to a ransom note seen by Reuters", "according to U.S.
			// officials".
			text := v.doc.text[n.span.Start:n.span.End]
			if n.mention >= 0 && (v.kindOf(n) == model.KindCountry || v.kindOf(n) == model.KindRegion) {
				text = v.claimantText(n, len(v.words))
			}
			out = append(out, claimantAt{text: text, mention: n.mention, verb: k, span: n.span})
		} else if n, ok := v.nameAt(k + 2); ok && (n.mention < 0 || claimantKind(v.kindOf(n))) {
			text := v.doc.text[n.span.Start:v.coordinatedEnd(n)]
			if qualified := v.claimantText(n, len(v.words)); len(qualified) > len(text) {
				text = qualified // "according to U.S. officials"
			}
			out = append(out, claimantAt{text: text, mention: n.mention, verb: k})
		} else if c, ok := v.accordingToAnaphor(k + 2); ok {
			out = append(out, c) // "according to the firm"
		} else if text, ok := v.phraseAt(k + 2); ok && !anonymousSource(text) {
			out = append(out, claimantAt{text: text, mention: -1, verb: k})
		}
	}
	for k, w := range v.words {
		if w.cue&cueClaimVerb == 0 || v.text(k) != w.lower {
			continue
		}
		if (w.lower == "linked" || w.lower == "tied") && v.lowerAt(k+1) == "to" && !v.hasCue(k-1, cueBeVerb) && !v.hasCue(k-1, cueHaveVerb) {
			continue // "hackers linked to Pyongyang": a description, no one says it here
		}
		if (w.lower == "states" || w.lower == "claims") && v.pluralNoun(k) {
			continue // "the Baltic states", "member states", "the group's claims"
		}
		denial := w.has(cueDenial)
		if c, ok := v.titledSpeakerBefore(k); ok {
			c.denial = denial
			out = append(out, c) // "the hospital's chief executive, Allen Stefanek, said"
			continue
		}
		i := k - 1
		for i >= 0 && (v.words[i].has(cueClaimantNoun) && (v.text(i) == v.words[i].lower || i == 0 || !v.capitalWord(i-1)) || adverb(v, i)) &&
			!v.words[i].has(cueGenericClaimant) && v.softGap(i+1) && k-i <= 5 {
			// A capitalised noun after a capitalised word ends a name:
			// "Universal Health Services said".
			i--
		}
		initials := false
		if i >= 1 && v.doc.text[v.words[i-1].end:v.words[i].start] == " (" && v.doc.text[v.words[i].end:v.words[i+1].start] == ") " &&
			allCapitals(v.text(i)) {
			// "South Korea's National Intelligence Service (NIS) said": the
			// name speaks, its initials only repeat it.
			i--
			initials = true
		}
		if i >= 0 && (v.softGap(i+1) || initials) {
			n, ok := v.nameEndingAt(i)
			if ok && v.lowerAt(v.wordAt(n.span.Start)-1) == "in" {
				// "Federal prosecutors in Los Angeles said": the place says
				// which prosecutors.
				if generic, m, ok := v.genericClaimant(v.wordAt(n.span.Start) - 2); ok {
					out = append(out, claimantAt{text: generic, mention: m, verb: k, denial: denial})
					continue
				}
			}
			if ok && n.mention < 0 {
				n = v.demonymOpened(n)
			}
			if ok && (n.mention < 0 || claimantKind(v.kindOf(n)) || v.crewSpeaks(n, k) ||
				(n.next == k && speechVerbs[w.lower] && v.kindOf(n) != model.KindVulnerability)) && v.wordAt(n.span.Start) < i+1 {
				if n.mention >= 0 || !v.doc.startsSentence(n.span.Start) || v.words[i].has(cueGenericClaimant) ||
					!plainCapitalised(v.doc.text[n.span.Start:n.span.End]) || v.openingName(n) {
					start := v.coordinatedStart(n)
					// "AT&T": a name joined by an ampersand.
					for k := v.wordAt(start); k > 0 && v.doc.text[v.words[k-1].end:v.words[k].start] == "&" && v.capitalWord(k-1); k-- {
						start = v.words[k-1].start
					}
					text := v.claimantText(n, k)
					if start < n.span.Start {
						text = v.doc.text[start:n.span.End]
					}
					if generic, _, ok := v.genericClaimant(i); ok && n.mention < 0 {
						text = generic
					}
					out = append(out, claimantAt{text: text, mention: n.mention, verb: k, denial: denial})
					continue
				}
			}
			if generic, m, ok := v.genericClaimant(i); ok {
				out = append(out, claimantAt{text: generic, mention: m, verb: k, denial: denial})
				continue
			}
		}
		if n, ok := v.appositiveHead(k); ok && (n.mention < 0 || claimantKind(v.kindOf(n))) {
			// "Optus, Australia's second-largest telecom company, said".
			out = append(out, claimantAt{text: v.doc.text[n.span.Start:n.span.End], mention: n.mention, verb: k, denial: denial})
			continue
		}
		if c, ok := v.anaphoricClaimant(k); ok {
			c.denial = denial
			out = append(out, c)
			continue
		}
		if invertedClaimVerbs[w.lower] && v.afterQuoteOrComma(k) {
			if n, ok := v.nameAt(k + 1); ok && n.mention >= 0 && claimantKind(v.kindOf(n)) {
				out = append(out, claimantAt{text: v.claimantText(n, n.next), mention: n.mention, verb: k})
			} else if ok && n.mention < 0 && n.next-(k+1) >= 2 && v.endsClause(n.next) {
				// "..., said John Hultquist, chief analyst at Mandiant."
				out = append(out, claimantAt{text: v.doc.text[n.span.Start:n.span.End], mention: -1, verb: k, span: n.span})
			}
		}
	}
	return out
}

// endsClause reports whether word k ends the sentence or follows a comma.
func (v *sentenceView) endsClause(k int) bool {
	return k >= len(v.words) || strings.Contains(v.doc.text[v.words[k-1].end:v.words[k].start], ",")
}

// afterQuoteOrComma reports whether an inverted claim verb at word k
// follows what it reports: "..., said ESET", not "state media later said
// Israel ...".
func (v *sentenceView) afterQuoteOrComma(k int) bool {
	if k == 0 {
		return false
	}
	g := strings.TrimSpace(v.doc.text[v.words[k-1].end:v.words[k].start])
	return g != "" && strings.ContainsAny(g, ",\"'\u201d\u2019")
}

// genericClaimants name a source by what it is: "Prosecutors said",
// "Security researchers attribute", "U.S. officials have warned".
var genericClaimants = setOf("researchers", "investigators", "prosecutors", "officials", "authorities",
	"analysts", "experts", "agencies", "police", "hackers", "complaint", "indictment", "embassy",
	"ministry", "mission", "spokesperson", "spokesman", "spokeswoman", "media")

// documentClaimants speak for someone even after "the": "The complaint
// says".
var documentClaimants = setOf("complaint", "indictment", "report", "advisory", "filing")

// genericClaimant reads a generic claimant ending at word i, with the one
// capitalised word or mention that qualifies it: "Security researchers",
// "U.S. officials".
func (v *sentenceView) genericClaimant(i int) (string, int, bool) {
	if i < 0 || !v.words[i].has(cueGenericClaimant) {
		return "", -1, false
	}
	first, mention := i, -1
	if i > 0 && (v.spaced(i) || v.afterAbbreviation(i)) && (v.capitalWord(i-1) || v.mentionAt(i-1) >= 0) && v.words[i-1].lower != "the" {
		first = i - 1
		if m := v.mentionAt(i - 1); m >= 0 {
			first, mention = v.wordAt(v.mentions[m].Span.Start), m
		}
	}
	if first == i && v.lowerAt(i-1) == "the" && !documentClaimants[v.words[i].lower] {
		// "the researchers said": someone named before; too vague alone.
		return "", -1, false
	}
	return v.doc.text[v.words[first].start:v.words[i].end], mention, true
}

// pluralNoun reports whether word k, which may be a verb ("ESET states
// that"), is a plural noun here: after a determiner, a possessive or a
// describing word ("the Baltic states", "member states", "its claims").
func (v *sentenceView) pluralNoun(k int) bool {
	if k == 0 {
		return false
	}
	prev := v.words[k-1].lower
	switch prev {
	case "the", "its", "their", "his", "her", "member", "other", "several", "some", "many", "all", "these", "those", "such", "nation", "gulf":
		return true
	}
	if possessiveGap(v.doc.text[v.words[k-1].end:v.words[k].start]) {
		return true // "the group's claims"
	}
	return v.lowerAt(k-2) == "the" && v.capitalWord(k-1) // "the Baltic states"
}

// titledSpeakerBefore reads the person named between commas right before
// the claim verb at word k, after the post they hold: "the hospital's
// chief executive, Allen Stefanek, said", "the agency's director, John
// Smith, said".
func (v *sentenceView) titledSpeakerBefore(k int) (claimantAt, bool) {
	if k < 4 || strings.TrimSpace(v.doc.text[v.words[k-1].end:v.words[k].start]) != "," {
		return claimantAt{}, false
	}
	n, ok := v.nameEndingAt(k - 1)
	if !ok || n.mention >= 0 && v.kindOf(n) != model.KindPerson {
		return claimantAt{}, false
	}
	first := v.wordAt(n.span.Start)
	words := k - first
	if words < 2 || words > 4 || first < 1 || strings.TrimSpace(v.doc.text[v.words[first-1].end:v.words[first].start]) != "," ||
		!personTitles[v.words[first-1].lower] || v.text(first-1) != v.words[first-1].lower {
		return claimantAt{}, false
	}
	return claimantAt{text: v.doc.text[n.span.Start:n.span.End], mention: n.mention, verb: k, span: n.span, person: true}, true
}

// afterAbbreviation reports whether word k follows an abbreviation with
// dots and a space: "U.S. officials", whose last dot is not part of the
// word "U.S".
func (v *sentenceView) afterAbbreviation(k int) bool {
	return k > 0 && k < len(v.words) && v.doc.text[v.words[k-1].end:v.words[k].start] == ". " &&
		strings.Contains(v.text(k-1), ".")
}

// coordinatedStart returns where a claimant coordinated with others
// starts: "ESET and CERT-UA", "The FBI, ODNI and CISA". A list joined by a
// comma must open its clause: in "breached the Bundestag, and the German
// government announced" and "deployed Industroyer, ESET said" the first
// name belongs to what comes before.
func (v *sentenceView) coordinatedStart(n name) int {
	start := v.ownerStart(n.span.Start)
	best := start
	k := v.wordAt(start)
	comma := false
	for first := true; k >= 1; first = false {
		link := v.words[k-1].lower
		gap := strings.TrimSpace(v.doc.text[v.words[k-1].end:v.words[k].start])
		j := k - 1
		switch {
		case link == "and" && gap == "":
		case link == "the" && v.lowerAt(k-2) == "and":
			j = k - 2
		case link == "the" && k >= 2 && strings.TrimSpace(v.doc.text[v.words[k-2].end:v.words[k-1].start]) == ",":
			// "the FBI, the NSA and CISA"
		case gap == ",":
			j = k
		default:
			j = -1
		}
		if j < 1 {
			break
		}
		if first && link != "and" && (link != "the" || v.lowerAt(k-2) != "and") {
			// A list ends in "and": in "in Greece, Moldova and Pakistan,
			// Google said" the places before the comma are no sources.
			break
		}
		prev, ok := v.nameEndingAt(j - 1)
		if !ok || (prev.mention >= 0 && !claimantKind(v.kindOf(prev))) {
			break
		}
		if strings.Contains(v.doc.text[v.words[j-1].end:v.words[j].start], ",") {
			comma = true
		}
		start = v.ownerStart(prev.span.Start)
		k = v.wordAt(start)
		// The longest list that opens its clause: in "breached the
		// Bundestag, the FBI and CISA said" the Bundestag is no source.
		if !comma || v.opensClause(k) {
			best = start
		}
	}
	return best
}

// ownerStart returns where the owner of the name at offset start begins,
// or start: "the Defense Department's Cyber Crime Center" is one source.
func (v *sentenceView) ownerStart(start int) int {
	k := v.wordAt(start)
	if k < 1 || k >= len(v.words) || !possessiveGap(v.doc.text[v.words[k-1].end:v.words[k].start]) {
		return start
	}
	// "Ukraine's SBU" too: the state says whose the source is, and is no
	// victim's country.
	if owner, ok := v.nameEndingAt(k - 1); ok && (owner.mention < 0 || claimantKind(v.kindOf(owner))) {
		return owner.span.Start
	}
	return start
}

// coordinatedEnd returns where a source coordinated with others after it
// ends: "according to the Justice Department and the FBI" names both.
func (v *sentenceView) coordinatedEnd(n name) int {
	end := n.span.End
	for k := n.next; k < len(v.words) && v.lowerAt(k) == "and"; {
		next, ok := v.nameAt(k + 1)
		if !ok || (next.mention >= 0 && !claimantKind(v.kindOf(next))) || next.mention < 0 && !v.capitalWord(v.wordAt(next.span.Start)) {
			break
		}
		end, k = next.span.End, next.next
	}
	return end
}

// opensClause reports whether word k, or "the" before it, can start a
// source's name: at the sentence's start, after a comma or semicolon, or
// after "researchers at", "officials from".
func (v *sentenceView) opensClause(k int) bool {
	if v.lowerAt(k-1) == "the" {
		k--
	}
	if w := v.lowerAt(k - 1); w == "at" || w == "from" {
		return true
	}
	return k <= 0 || strings.ContainsAny(v.doc.text[v.words[k-1].end:v.words[k].start], ",;")
}

// phraseAt reads a lower-case source up to the next comma: "according to
// people familiar with the investigation".
func (v *sentenceView) phraseAt(k int) (string, bool) {
	if k >= len(v.words) {
		return "", false
	}
	last := k
	for last+1 < len(v.words) && last-k < 6 && !strings.ContainsAny(v.doc.text[v.words[last].end:v.words[last+1].start], ",;") {
		last++
	}
	return v.doc.text[v.words[k].start:v.words[last].end], true
}

// adverb reports whether word k is an adverb that may stand between a
// claimant and its verb: "separately", "formally".
func adverb(v *sentenceView, k int) bool {
	w := v.words[k].lower
	return strings.HasSuffix(w, "ly") && len(w) > 4 && v.text(k) == w
}

// claimantText is the claimant's name; a country's claimant keeps the
// noun after it ("Czech government", "Finnish police").
func (v *sentenceView) claimantText(n name, limit int) string {
	end := n.span.End
	if v.kindOf(n) == model.KindCountry || v.kindOf(n) == model.KindRegion {
		if k := n.next; k < limit && k < len(v.words) && k > 0 && strings.Trim(v.doc.text[v.words[k-1].end:v.words[k].start], ". ") == "" &&
			v.words[k].start > v.words[k-1].end && (countryClaimantNouns[v.words[k].lower] || countryMediaNouns[v.words[k].lower]) {
			// "U.S. officials": the abbreviation's last dot is not part of its word.
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

// claimantAnaphors are the nouns by which a sentence names a source the
// article named before, with the kind of source each stands for.
var claimantAnaphors = map[string]speakerClass{
	"company": speakerCompany, "firm": speakerCompany, "vendor": speakerCompany, "business": speakerCompany,
	"insurer": speakerCompany, "retailer": speakerCompany, "maker": speakerCompany, "provider": speakerCompany,
	"operator": speakerCompany, "carrier": speakerCompany, "bank": speakerCompany, "library": speakerCompany,
	"hospital": speakerCompany, "airline": speakerCompany, "organization": speakerCompany, "organisation": speakerCompany,
	"agency": speakerGovernment, "bureau": speakerGovernment, "department": speakerGovernment,
	"ministry": speakerGovernment, "office": speakerGovernment, "police": speakerGovernment, "force": speakerGovernment,
	"government": speakerGovernment, "regulator": speakerGovernment, "watchdog": speakerGovernment,
	"gang": speakerActor, "group": speakerActor, "hackers": speakerActor, "crew": speakerActor,
	"researchers": speakerAny, "analysts": speakerAny, "investigators": speakerAny, "experts": speakerAny,
}

// openingName reports whether a one-word name that opens the sentence is a
// name rather than an ordinary word ("Garmin said", not "Dealers said"):
// it is no pronoun or quantifier, and it does not end like a plural unless
// the article also writes it capitalised inside a sentence.
func (v *sentenceView) openingName(n name) bool {
	k := v.wordAt(n.span.Start)
	if n.next != k+1 || notOpeningNames[v.words[k].lower] || v.words[k].has(cueGenericClaimant) {
		return false
	}
	t := v.text(k)
	if !strings.HasSuffix(t, "s") {
		return true
	}
	for i := strings.Index(v.doc.text, " "+t); i >= 0; {
		if !v.doc.startsSentence(i + 1) {
			return true
		}
		j := strings.Index(v.doc.text[i+1:], " "+t)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// notOpeningNames are capitalised words that open sentences before a claim
// verb without naming anyone.
var notOpeningNames = setOf("he", "she", "it", "they", "we", "i", "you", "who", "everyone", "someone",
	"nobody", "one", "which", "that", "this", "there", "here", "some", "many", "most", "both", "neither",
	"each", "others", "critics", "sources", "witnesses", "victims", "customers", "users", "employees",
	"staff", "officers", "lawyers", "attorneys", "observers", "diplomats", "insiders", "people", "few")

// appositiveHead reads the name a sentence opens with when an aside
// between commas stands between it and word k: "Optus, Australia's
// second-largest telecom company, said", "CDK Global, which sells software
// to car dealerships, was hit".
func (v *sentenceView) appositiveHead(k int) (name, bool) {
	if k < 3 || k >= len(v.words) || strings.TrimSpace(v.doc.text[v.words[k-1].end:v.words[k].start]) != "," {
		return name{}, false
	}
	verb := false
	for j := k - 1; j >= 1 && j >= k-14; j-- {
		g := strings.TrimSpace(v.doc.text[v.words[j-1].end:v.words[j].start])
		if g == "'s" || g == "\u2019s" {
			g = "" // "Australia's second-largest"
		}
		if g == "." && (strings.Contains(v.text(j-1), ".") || len(v.text(j-1)) == 1) {
			g = "" // "the U.S. arm of"
		}
		if g == "" {
			if v.words[j].cue&cueClaimVerb != 0 && v.text(j) == v.words[j].lower {
				verb = true
			}
			continue
		}
		if g != "," {
			return name{}, false
		}
		w := v.words[j].lower
		if verb && w != "which" && w != "who" {
			return name{}, false // "X, Y said, ...": no aside
		}
		if !appositiveOpeners[w] && !strings.HasPrefix(v.doc.text[v.words[j].end:], "'s ") && !v.possessiveName(j) &&
			!(v.text(j) == w && v.postAside(j, k)) { // "John Hultquist, chief analyst at Mandiant, said"
			return name{}, false
		}
		n, ok := v.nameEndingAt(j - 1)
		if !ok {
			return name{}, false
		}
		first := v.wordAt(n.span.Start)
		// "Delta Dental of California, one of the largest ...": a name
		// joined by "of" to a place is read whole.
		for first >= 2 && v.lowerAt(first-1) == "of" && v.spaced(first-1) && v.spaced(first) {
			head, ok := v.nameEndingAt(first - 2)
			if !ok || head.mention >= 0 {
				break
			}
			n = name{span: model.Span{Start: head.span.Start, End: n.span.End}, mention: -1, next: n.next}
			first = v.wordAt(head.span.Start)
		}
		if first != 0 && !(first == 1 && v.words[0].lower == "the") && !(v.opensClause(first) && v.postAside(j, k)) {
			// The name opens the sentence, or a person opens the clause after
			// an opening phrase: "On Friday, however, Nthatisi Modingoane, a
			// city spokesman, said".
			return name{}, false
		}
		if n.mention < 0 && plainCapitalised(v.doc.text[n.span.Start:n.span.End]) && !v.openingName(n) && !v.companyAside(j, k) {
			return name{}, false
		}
		return n, true
	}
	return name{}, false
}

// postAside reports whether the aside in words [from, to) names a post a
// person holds: "a city spokesman", "the firm's chief executive".
func (v *sentenceView) postAside(from, to int) bool {
	for i := from; i < to; i++ {
		switch v.words[i].lower {
		case "spokesman", "spokeswoman", "spokesperson", "executive", "director", "minister", "mayor", "officer",
			"chief", "president", "secretary", "head", "founder", "chairman", "researcher", "analyst":
			return true
		}
	}
	return false
}

// appositiveOpeners start an aside that describes the name before it.
// companyAside reports whether the aside in words [from, to) calls what it
// follows a company: "Optus, Australia's second-largest telecom company,"
// is a name even though "Optus" looks like a plural.
func (v *sentenceView) companyAside(from, to int) bool {
	for i := from; i < to; i++ {
		if c, ok := claimantAnaphors[v.words[i].lower]; ok && c == speakerCompany {
			return true
		}
	}
	return false
}

// possessiveName reports whether a name of several words starts at word k
// and owns what follows: "South Africa's" in "Transnet, South Africa's
// port operator,".
func (v *sentenceView) possessiveName(k int) bool {
	n, ok := v.nameAt(k)
	if !ok || n.next <= k+1 || n.next > len(v.words) {
		return false
	}
	rest := v.doc.text[n.span.End:]
	return strings.HasPrefix(rest, "'s ") || strings.HasPrefix(rest, "\u2019s ")
}

var appositiveOpeners = setOf("a", "an", "the", "which", "who", "one", "whose", "its", "based", "headquartered")

// speakerClass is the kind of source a claimant anaphor stands for.
type speakerClass int

const (
	speakerAny speakerClass = iota
	speakerCompany
	speakerGovernment
	speakerActor
	speakerGeneric
)

// anaphoricClaimant reads "the company said", "The researchers said", "the
// security firm said": "the", at most two lower-case words and an anaphor
// noun right before the claim verb at word k.
func (v *sentenceView) anaphoricClaimant(k int) (claimantAt, bool) {
	noun := k - 1
	for noun >= 0 && (v.words[noun].has(cueHaveVerb) || adverb(v, noun) || v.words[noun].lower == "also") && k-noun <= 3 {
		noun-- // "the company has said", "the agency previously said"
	}
	if noun >= 0 && v.words[noun].lower == "it" && (noun == 0 || v.lowerAt(noun-1) == "and" ||
		strings.TrimSpace(v.doc.text[v.words[noun-1].end:v.words[noun].start]) == ",") && v.softGap(noun+1) {
		// "It said that no patient data ...": the latest source (the
		// class of an anaphor missing from claimantAnaphors is any).
		return claimantAt{mention: -1, verb: k, anaphor: "it", span: model.Span{Start: v.words[noun].start, End: v.words[noun].end}}, true
	}
	if noun < 1 || !v.softGap(noun+1) {
		return claimantAt{}, false
	}
	return v.anaphorNounAt(noun, k)
}

// accordingToAnaphor reads the source after "according to", from word k,
// as an anaphor when it is one: "according to the firm", "according to
// the Dutch agency".
func (v *sentenceView) accordingToAnaphor(k int) (claimantAt, bool) {
	for noun := k + 1; noun < len(v.words) && noun <= k+4; noun++ {
		if strings.ContainsAny(v.doc.text[v.words[noun-1].end:v.words[noun].start], ",;") {
			break
		}
		if c, ok := v.anaphorNounAt(noun, k-2); ok && v.wordAt(c.span.Start) == k {
			if next := noun + 1; next < len(v.words) && !strings.ContainsAny(v.doc.text[v.words[noun].end:v.words[next].start], ",;.") {
				return claimantAt{}, false // "according to the company's filing": another source
			}
			return c, true
		}
	}
	return claimantAt{}, false
}

// anaphorNounAt reads "the firm", "the U.S. security firm" ending in the
// claimant anaphor noun at word noun as the source of the claim verb (or
// "according to") at word verb.
func (v *sentenceView) anaphorNounAt(noun, verb int) (claimantAt, bool) {
	if noun < 1 || noun >= len(v.words) {
		return claimantAt{}, false
	}
	if _, ok := claimantAnaphors[v.words[noun].lower]; !ok || v.text(noun) != v.words[noun].lower || v.mentionAt(noun) >= 0 {
		return claimantAt{}, false
	}
	for det := noun - 1; det >= 0 && det >= noun-3; det-- {
		w := v.words[det].lower
		if w == "the" || w == "this" {
			return claimantAt{mention: -1, verb: verb, anaphor: v.words[noun].lower,
				span: model.Span{Start: v.words[det].start, End: v.words[noun].end}}, true
		}
		if !(v.spaced(det+1) || v.afterAbbreviation(det+1)) || !v.describingWord(det) {
			break
		}
	}
	return claimantAt{}, false
}

// describingWord reports whether word k may describe the noun of a
// claimant anaphor: a lower-case word, a place's "-based" word ("the
// Melbourne-based company") or a demonym ("the Dutch force").
func (v *sentenceView) describingWord(k int) bool {
	w := v.words[k].lower
	if m := v.mentionAt(k); m >= 0 {
		kind := v.mentions[m].Kind
		return (kind == model.KindCountry || kind == model.KindRegion) && v.mentions[m].Span.End == v.words[k].end
	}
	return v.text(k) == w || strings.HasSuffix(w, "-based") || strings.HasSuffix(w, "-owned")
}

// speaker is a source the article named: a claimant, or an organisation.
type speaker struct {
	text  string
	class speakerClass
	span  model.Span
}

// classOfSpeaker tells what kind of source a name is.
func classOfSpeaker(text string, kind model.EntityKind) speakerClass {
	switch kind {
	case model.KindThreatActor, model.KindMalware, model.KindTool:
		return speakerActor
	case model.KindCountry, model.KindRegion:
		return speakerGovernment
	}
	if governmentName(text) {
		return speakerGovernment
	}
	last := ""
	for rest := text; rest != ""; {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		last = w
		if n := len(w); n >= 5 && n <= 12 && governmentWord(w) {
			return speakerGovernment
		}
	}
	if genericClaimants[strings.ToLower(last)] {
		return speakerGeneric // "Security researchers": no company "the company" could mean
	}
	return speakerCompany
}

// markPersons marks the claimants that the people finder's persons, among
// mentions, name in the sentence at span: a person speaks for no company
// (selfReported) and no company anaphor may later mean them.
func (f *sentenceFacts) markPersons(span model.Span, mentions []model.Mention) {
	if len(f.claimants) == 0 {
		return
	}
	here := mentionsWithin(mentions, span)
	for i := range f.claimants {
		c := &f.claimants[i]
		if c.person || c.anaphor != "" || c.span.End <= c.span.Start {
			continue
		}
		for _, m := range here {
			if m.Kind == model.KindPerson && overlaps(m.Span, c.span) {
				c.person = true
				break
			}
		}
	}
}

// resolveClaimants gives each anaphoric claimant the name it stands for:
// the latest source of its kind named before it (in this sentence or an
// earlier one); "the researchers" stand for the latest claimant of any
// kind. A claimant with no antecedent is dropped.
func (f *sentenceFacts) resolveClaimants(v *sentenceView, a *antecedents) {
	if len(f.claimants) == 0 {
		return
	}
	kept := f.claimants[:0]
	for _, c := range f.claimants {
		if c.anaphor != "" {
			s, ok := v.vendorBefore(c.span)
			if !ok {
				s, ok = a.bodyNamed(c.anaphor)
			}
			if !ok {
				s, ok = a.speakerFor(v, claimantAnaphors[c.anaphor], c.span.Start)
			}
			if !ok {
				continue
			}
			c.text, c.ref = s.text, s.span
		}
		kept = append(kept, c)
	}
	f.claimants = kept
	f.claimant, f.claimantMention = "", -1
	if len(f.claimants) > 0 {
		f.claimant, f.claimantMention = f.claimants[0].text, f.claimants[0].mention
	}
}

// vendorBefore returns the security vendor named earlier in the sentence
// that "the security company" or "the security firm" at span stands for:
// "A group that Symantec tracks as Whitefly was behind ..., the security
// company said".
func (v *sentenceView) vendorBefore(span model.Span) (speaker, bool) {
	security := false
	for k := v.wordAt(span.Start); k < len(v.words) && v.words[k].start < span.End; k++ {
		security = security || v.words[k].lower == "security" || v.words[k].lower == "cybersecurity"
	}
	if !security {
		return speaker{}, false
	}
	for i := len(v.mentions) - 1; i >= 0; i-- {
		m := v.mentions[i]
		if m.Span.End <= span.Start && m.Kind == model.KindOrganization && inNormalized(securityVendorSet(), m.Text) {
			return speaker{text: m.Text, class: speakerCompany, span: m.Span}, true
		}
	}
	return speaker{}, false
}

// speechVerbs, right after any name, make it a speaker: "Fortra said",
// "Predatory Sparrow claimed responsibility".
var speechVerbs = setOf("said", "says", "told", "announced", "claimed", "claims", "confirmed", "stated", "wrote")

// crewSpeaks reports whether a gang named before its claim verb at word k
// speaks: "The ALPHV ransomware gang said".
func (v *sentenceView) crewSpeaks(n name, k int) bool {
	switch v.kindOf(n) {
	case model.KindThreatActor, model.KindMalware:
	default:
		return false
	}
	for i := n.next; i < k; i++ {
		if ransomwareCrews[v.words[i].lower] || v.words[i].has(cueActorNoun) {
			return true
		}
	}
	return false
}

// noneWas reports whether the "no" at word k denies what follows: "no
// customer data was stolen", "no ransom was paid".
func (v *sentenceView) noneWas(k int) bool {
	if v.lowerAt(k+1) == "longer" || v.lowerAt(k+1) == "one" && v.lowerAt(k+2) == "of" {
		return false
	}
	// "no Social Security numbers, financial information or patient
	// records were involved": a list may stand between, its commas closed
	// by "and" or "or".
	list, joined := false, false
	for i := k + 1; i < len(v.words) && (i <= k+6 || list && i <= k+14); i++ {
		if v.words[i].has(cueBeVerb | cueHaveVerb) {
			return i > k+1 && (!list || joined)
		}
		gap := v.doc.text[v.words[i-1].end:v.words[i].start]
		if strings.ContainsRune(gap, ';') || v.words[i].cue&cueClaimVerb != 0 {
			return false
		}
		if strings.ContainsRune(gap, ',') {
			list = true
		}
		if w := v.words[i].lower; w == "and" || w == "or" {
			joined = true
		}
	}
	return false
}

// governmentWord reports whether a word of a name makes it a government
// body: "Australian Federal Police", "Justice Department".
func governmentWord(w string) bool {
	var buf [24]byte
	if b, ok := lowerASCII(buf[:], w); ok {
		// string(b) in a lookup or comparison does not allocate.
		return countryClaimantNouns[string(b)] || lawNouns[string(b)] || string(b) == "agency" || string(b) == "bureau" || string(b) == "department"
	}
	w = strings.ToLower(w)
	return countryClaimantNouns[w] || lawNouns[w] || w == "agency" || w == "bureau" || w == "department"
}
