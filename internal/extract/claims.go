package extract

import (
	"slices"
	"strings"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

// Claim confidence before hedging, and the factor for a claim that names
// only one participant.
const (
	confidenceBase     = 0.8
	confidenceOneRoled = 0.8
)

// trigger is a word or phrase that makes a sentence a claim of some type.
type trigger struct {
	words []string
	typ   model.ClaimType
}

var triggers = buildTriggers(map[model.ClaimType][]string{
	model.ClaimAttribution: {
		"blamed", "blames", "blame", "blaming", "attributed", "attributes", "attributing",
		"attribution", "linked to", "tied to", "connected to", "behind", "sponsored by",
		"backed by", "on behalf of", "working for", "state-sponsored", "state-backed",
		"nation-state", "accused", "accuses", "responsible for",
	},
	model.ClaimTargeting: {
		"targeted", "targets", "target", "targeting", "attacked", "attacking", "attack", "attacks",
		"breached", "breaching", "breach", "compromised", "compromising", "compromise", "hacked",
		"hack", "hacking", "infiltrated", "infiltrating", "penetrated", "intrusion", "intrusions",
		"spied on", "spying on", "struck", "went after", "broke into", "infected",
	},
	model.ClaimMalwareUse: {
		"used", "uses", "use", "using", "deployed", "deploys", "deploy", "deploying", "deployment",
		"employed", "employs", "delivered", "delivers", "delivering", "dropped", "drops",
		"installed", "installs", "installing", "distributed", "distributing", "spread",
		"spreading", "infected", "infecting", "leveraged", "leveraging", "leverages", "wielded",
		"relied on", "armed with",
	},
	model.ClaimExploitation: {
		"exploited", "exploits", "exploit", "exploiting", "exploitation", "abused", "abusing",
		"abuses", "took advantage of", "taking advantage of", "leveraged", "leveraging", "used",
		"using",
	},
	model.ClaimDisclosure: {
		"disclosed", "discloses", "disclose", "patched", "patches", "patch", "fixed", "fixes",
		"addressed", "addresses", "released", "issued", "warned", "published", "rolled out",
	},
	model.ClaimDataBreach: {
		"stole", "stolen", "steal", "stealing", "steals", "exfiltrated", "exfiltrating",
		"exfiltrate", "exfiltration", "leaked", "leak", "leaking", "leaks", "dumped", "siphoned",
	},
	model.ClaimRansomware: {
		"encrypted", "encrypting", "encrypt", "ransom", "ransoms", "extortion", "extorted",
		"extort", "extorting", "ransomware attack", "ransomware attacks",
	},
	model.ClaimLawEnforce: {
		"indicted", "indicting", "indictment", "charged", "charges", "charging", "arrested",
		"arrest", "arrests", "arresting", "sanctioned", "sanctions", "sanctioning", "seized",
		"seizing", "seizure", "took down", "taken down", "take down", "takedown", "dismantled",
		"dismantling", "disrupted", "disrupting", "disruption", "extradited", "convicted",
		"sentenced", "detained", "unsealed",
	},
})

// claimTypeOrder fixes the order of claims found in one sentence.
var claimTypeOrder = []model.ClaimType{
	model.ClaimAttribution, model.ClaimTargeting, model.ClaimMalwareUse, model.ClaimExploitation,
	model.ClaimDisclosure, model.ClaimDataBreach, model.ClaimRansomware, model.ClaimLawEnforce,
}

func buildTriggers(byType map[model.ClaimType][]string) map[string][]trigger {
	out := map[string][]trigger{}
	for _, typ := range claimTypeOrder {
		for _, phrase := range byType[typ] {
			ws := strings.Fields(phrase)
			out[ws[0]] = append(out[ws[0]], trigger{words: ws, typ: typ})
		}
	}
	return out
}

// sponsorSuffixes end words that tie the name before them to a state:
// "China-linked", "Russia-backed", "Iran-nexus".
var sponsorSuffixes = []string{"-linked", "-backed", "-sponsored", "-nexus", "-aligned", "-affiliated", "-based"}

// beVerbs and adverbs that may stand between them and a participle mark
// the passive voice: "was reportedly breached".
var (
	beVerbs        = setOf("was", "were", "is", "are", "been", "be", "being", "got")
	passiveAdverbs = setOf("reportedly", "allegedly", "likely", "also", "previously", "recently",
		"later", "then", "actively", "successfully", "not", "probably", "first", "widely")
)

// adjectiveUses follow a trigger word that only describes: "hacking
// group", "attack surface".
var adjectiveUses = setOf("group", "groups", "gang", "crew", "campaign", "campaigns", "tools",
	"tool", "surface", "vector", "vectors", "infrastructure", "techniques", "team", "operation")

// sectorPhrases are the sectors a victim may be named by.
var sectorPhrases = buildPhraseSet(
	"government", "governments", "government agencies", "ministries", "defense", "defence",
	"military", "healthcare", "hospitals", "energy", "oil and gas", "utilities",
	"telecommunications", "telecom", "telecoms", "financial", "finance", "banks", "banking",
	"education", "universities", "manufacturing", "technology", "critical infrastructure",
	"transportation", "logistics", "retail", "media", "journalists", "legal", "law firms",
	"aerospace", "maritime", "diplomatic", "diplomats", "embassies", "ngos", "think tanks",
	"pharmaceutical", "water", "semiconductor", "insurance", "hospitality", "construction",
	"cryptocurrency", "political", "elections", "academia", "research institutions", "hospital",
	"schools", "municipalities", "local governments", "airports", "airlines", "railways",
	"ports", "shipping", "food", "agriculture", "automotive", "chemical", "nuclear",
)

func buildPhraseSet(phrases ...string) map[string][][]string {
	out := map[string][][]string{}
	for _, p := range phrases {
		ws := strings.Fields(p)
		out[ws[0]] = append(out[ws[0]], ws)
	}
	// Longest phrase first, so "government agencies" wins over "government".
	for _, list := range out {
		slices.SortFunc(list, func(a, b []string) int { return len(b) - len(a) })
	}
	return out
}

// amountUnits end a stolen amount: "1.2 TB", "10 million records".
var (
	amountUnits = setOf("tb", "gb", "mb", "pb", "kb", "terabytes", "terabyte", "gigabytes",
		"gigabyte", "megabytes", "bytes", "records", "files", "emails", "documents", "accounts",
		"customers", "users", "people", "individuals", "patients", "rows", "credentials",
		"passwords", "employees", "citizens")
	amountMultipliers = setOf("million", "billion", "thousand", "hundred")
)

// participant is an entity a sentence refers to: by name, or by an
// anaphor ("the group", "the flaws") that stands for an earlier mention.
type participant struct {
	mention model.Mention
	at      model.Span // where the sentence refers to it
	index   int        // index into the sentence's mentions; -1 for an anaphor
}

// participantsOf returns the sentence's mentions as participants, less the
// names an alias list gives (they are the subject again), plus anaphora.
func participantsOf(v *sentenceView, aliasSpans []model.Span, antecedents *antecedents) []participant {
	var out []participant
	for i, m := range v.mentions {
		if slices.Contains(aliasSpans, m.Span) {
			continue
		}
		out = append(out, participant{mention: m, at: m.Span, index: i})
	}
	out = append(out, antecedents.resolve(v)...)
	slices.SortStableFunc(out, func(a, b participant) int { return a.at.Start - b.at.Start })
	return out
}

// claimsIn returns the claims of one sentence, at most one per type.
func claimsIn(v *sentenceView, facts sentenceFacts, parts []participant, times []timeExpr) []model.Claim {
	var out []model.Claim
	done := map[model.ClaimType]bool{}
	emit := func(b claimBuilder, k int) {
		c, ok := b.build()
		if !ok {
			return
		}
		c.TimeText, c.TimeStart, c.TimeEnd = timeFor(v.doc.text, times, v.words[k].start)
		out = append(out, c)
		done[b.typ] = true
	}
	for k := range v.words {
		for _, t := range triggers[v.words[k].lower] {
			if done[t.typ] || !v.is(k, t.words...) || v.mentionCovering(k) >= 0 {
				continue
			}
			if n := k + len(t.words); n < len(v.words) && adjectiveUses[v.words[n].lower] && v.spaced(n) &&
				t.typ != model.ClaimAttribution {
				continue
			}
			emit(claimBuilder{v: v, facts: facts, parts: parts, typ: t.typ, at: k, end: k + len(t.words)}, k)
		}
		if sponsorWord(v.words[k].lower) && !done[model.ClaimAttribution] {
			emit(claimBuilder{v: v, facts: facts, parts: parts, typ: model.ClaimAttribution, at: k, end: k + 1, suffix: true}, k)
		}
	}
	slices.SortStableFunc(out, func(a, b model.Claim) int {
		return slices.Index(claimTypeOrder, a.Type) - slices.Index(claimTypeOrder, b.Type)
	})
	return out
}

// sponsorWord reports whether w is "<state>-linked" and the like.
func sponsorWord(w string) bool {
	for _, s := range sponsorSuffixes {
		if strings.HasSuffix(w, s) && len(w) > len(s) {
			return true
		}
	}
	return false
}

// timeFor picks the time of a claim whose trigger is at offset: the first
// expression after the trigger, else the last before it.
func timeFor(text string, times []timeExpr, offset int) (string, time.Time, time.Time) {
	var pick *timeExpr
	for i := range times {
		if times[i].span.Start >= offset {
			pick = &times[i]
			break
		}
		pick = &times[i]
	}
	if pick == nil {
		return "", time.Time{}, time.Time{}
	}
	return pick.span.In(text), pick.start, pick.end
}

// claimBuilder fills one claim from a trigger at words at..end-1.
type claimBuilder struct {
	v       *sentenceView
	facts   sentenceFacts
	parts   []participant
	typ     model.ClaimType
	at, end int
	suffix  bool // the trigger is a "China-linked" word
	passive bool
	byWord  int // the "by" of a passive trigger, or -1
	// clauseEnd is where the trigger's clause ends: a relative or
	// subordinate clause after it has its own participants.
	clauseEnd int
	roles     []model.Role
}

// clauseOpeners start a new clause: "... a campaign that targeted ...".
var clauseOpeners = setOf("that", "which", "who", "whom", "whose", "while", "whereas", "but",
	"although", "though", "because", "after", "before", "when", "where")

// sides of a trigger.
const (
	sideAgent   = iota // who acts: before an active verb, after "by" of a passive one
	sidePatient        // who is acted on
	sideOther
)

// side tells on which side of the trigger a span is.
func (b *claimBuilder) side(span model.Span) int {
	v := b.v
	triggerStart, triggerEnd := v.words[b.at].start, v.words[b.end-1].end
	switch {
	case b.suffix && span.Start >= triggerStart && span.End <= triggerEnd:
		return sideAgent // "China" in "China-linked"
	case !b.passive && span.End <= triggerStart:
		return sideAgent
	case !b.passive && span.Start >= triggerEnd && span.Start < b.clauseEnd:
		return sidePatient
	case b.passive && span.End <= triggerStart:
		return sidePatient
	case b.passive && b.byWord >= 0 && span.Start >= v.words[b.byWord].end:
		return sideAgent
	}
	return sideOther
}

func (b *claimBuilder) build() (model.Claim, bool) {
	v := b.v
	b.passive = b.isPassive()
	b.byWord = -1
	if b.passive {
		b.byWord = v.find(b.end, "by")
	}
	b.clauseEnd = v.span.End
	for k := b.end; k < len(v.words); k++ {
		if clauseOpeners[v.words[k].lower] || strings.ContainsRune(v.doc.text[v.words[k-1].end:v.words[k].start], ';') {
			b.clauseEnd = v.words[k].start
			break
		}
	}
	hasGovernmentAgent, hasActor := false, false
	for _, p := range b.parts {
		key := normalizeName(p.mention.Text)
		if p.mention.Kind == model.KindOrganization && b.side(p.at) == sideAgent &&
			(governmentSet()[key] || stateAgencySet()[key]) {
			hasGovernmentAgent = true
		}
		hasActor = hasActor || p.mention.Kind == model.KindThreatActor
	}
	for _, p := range b.parts {
		isClaimant := p.index >= 0 && p.index == b.facts.claimantMention
		if isClaimant && b.typ != model.ClaimLawEnforce && b.typ != model.ClaimDisclosure {
			continue
		}
		role := b.roleOf(p, b.side(p.at), hasActor, hasGovernmentAgent)
		if role == "" || (isClaimant && role != "authority" && role != "vendor") {
			continue
		}
		b.add(role, p.mention.Text, p.mention.EntityKey, p.mention.Span)
	}
	if b.typ != model.ClaimLawEnforce && b.typ != model.ClaimDisclosure {
		b.addSectors()
	}
	if b.typ == model.ClaimDataBreach {
		b.addAmounts()
	}
	if !b.complete() {
		return model.Claim{}, false
	}
	b.sortRoles()
	confidence := b.facts.confidence
	if len(b.roles) == 1 {
		confidence *= confidenceOneRoled
	}
	return model.Claim{
		Type:         b.typ,
		Roles:        b.roles,
		Claimant:     b.facts.claimant,
		Hedge:        b.facts.hedge,
		Confidence:   roundConfidence(confidence),
		Negated:      b.facts.negated,
		Evidence:     v.span,
		EvidenceText: v.span.In(v.doc.text),
	}, true
}

// isPassive reports whether the trigger is a participle after a form of
// "be": "was breached", "were reportedly charged".
func (b *claimBuilder) isPassive() bool {
	if b.suffix || b.end-b.at != 1 {
		return false
	}
	w := b.v.words[b.at].lower
	if !strings.HasSuffix(w, "ed") && w != "stolen" && w != "struck" && w != "taken" && w != "spread" {
		return false
	}
	for i := b.at - 1; i >= 0 && i >= b.at-3; i-- {
		switch lw := b.v.words[i].lower; {
		case beVerbs[lw]:
			return true
		case passiveAdverbs[lw]:
		default:
			return false
		}
	}
	return false
}

// roleOf decides the role of a participant on the given side, or "".
func (b *claimBuilder) roleOf(p participant, side int, hasActor, hasGovernmentAgent bool) string {
	law := b.typ == model.ClaimLawEnforce
	switch p.mention.Kind {
	case model.KindThreatActor:
		if law {
			return "target"
		}
		return "actor"
	case model.KindMalware, model.KindTool:
		if law {
			return "target"
		}
		return "malware"
	case model.KindVulnerability:
		if b.typ == model.ClaimMalwareUse {
			return "" // "used CVE-..." is exploitation
		}
		return "vulnerability"
	case model.KindPerson:
		if law && side == sidePatient {
			return "target"
		}
		if !law && side == sideAgent && !hasActor {
			return "actor"
		}
	case model.KindSector:
		if side == sidePatient && !law {
			return "sector"
		}
	case model.KindOrganization:
		return b.organizationRole(p.mention, side)
	case model.KindCountry, model.KindRegion:
		return b.placeRole(p, side, hasGovernmentAgent)
	}
	return ""
}

func (b *claimBuilder) organizationRole(m model.Mention, side int) string {
	key := normalizeName(m.Text)
	switch {
	case b.typ == model.ClaimLawEnforce:
		switch side {
		case sideAgent:
			return "authority"
		case sidePatient:
			if !governmentSet()[key] {
				return "target"
			}
		}
		return ""
	case stateAgencySet()[key]:
		return "sponsor"
	case b.typ == model.ClaimDisclosure:
		if side == sideAgent {
			return "vendor"
		}
		return ""
	case b.typ == model.ClaimExploitation && securityVendorSet()[key]:
		return "vendor"
	case side == sidePatient:
		return "victim"
	}
	return ""
}

func (b *claimBuilder) placeRole(p participant, side int, hasGovernmentAgent bool) string {
	switch b.typ {
	case model.ClaimLawEnforce:
		switch {
		case side == sideAgent && !hasGovernmentAgent:
			return "authority"
		case side == sidePatient:
			return "country"
		}
		return ""
	case model.ClaimDisclosure:
		return ""
	}
	if b.sponsors(p, side) {
		return "sponsor"
	}
	if side == sidePatient {
		return "country"
	}
	return ""
}

// sponsorNext are words that, right after a place, make it the state
// behind an actor: "Russian hackers", "Chinese state-sponsored group".
var sponsorNext = setOf("state-sponsored", "state-backed", "state", "government-backed",
	"government-sponsored", "military", "intelligence", "hackers", "hacker", "spies", "actors",
	"actor", "threat", "apt", "hacking", "espionage", "cyberespionage", "nation-state", "operatives",
	"cyber", "group", "groups")

// sponsors reports whether a place stands for the state behind the actor:
// "China-linked", "Chinese state-sponsored group APT31", "Russian hackers",
// "linked to the Russian government", "blamed China".
func (b *claimBuilder) sponsors(p participant, side int) bool {
	if p.index < 0 {
		return false
	}
	v := b.v
	m := p.mention
	k := v.wordAt(m.Span.Start)
	if k < len(v.words) {
		if sponsorWord(v.words[k].lower) && v.words[k].start == m.Span.Start {
			return true
		}
	}
	after := v.wordAt(m.Span.End)
	if after < len(v.words) && v.spaced(after) && sponsorNext[v.words[after].lower] {
		return true
	}
	// An actor named a few words later in the same phrase.
	for _, q := range b.parts {
		if q.index < 0 || q.at.Start < m.Span.End || q.mention.Kind != model.KindThreatActor {
			continue
		}
		if v.wordAt(q.at.Start)-after <= 3 && !strings.ContainsAny(v.doc.text[m.Span.End:q.at.Start], ",;.()") {
			return true
		}
		break
	}
	if b.typ == model.ClaimAttribution && side == sidePatient {
		for back := k - 1; back >= 0 && back >= k-3; back-- {
			switch v.words[back].lower {
			case "to", "by", "behalf", "for", "blamed", "accused":
				return true
			}
		}
	}
	return false
}

// addSectors adds the sector words on the patient side.
func (b *claimBuilder) addSectors() {
	v := b.v
	for k := 0; k < len(v.words); k++ {
		for _, p := range sectorPhrases[v.words[k].lower] {
			if !v.is(k, p...) || v.mentionCovering(k) >= 0 {
				continue
			}
			span := model.Span{Start: v.words[k].start, End: v.words[k+len(p)-1].end}
			if b.side(span) == sidePatient && (k < b.at || k >= b.end) {
				b.add("sector", span.In(v.doc.text), "", span)
			}
			k += len(p) - 1
			break
		}
	}
}

// addAmounts adds stolen amounts: "1.2 TB", "10 million records".
func (b *claimBuilder) addAmounts() {
	v := b.v
	for k, w := range v.words {
		if !hasDigit(w.lower) || strings.Trim(w.lower, "0123456789.,") != "" {
			continue
		}
		last := k + 1
		if amountMultipliers[v.lowerAt(last)] {
			last++
		}
		if amountUnits[v.lowerAt(last)] {
			span := model.Span{Start: w.start, End: v.words[last].end}
			b.add("amount", span.In(v.doc.text), "", span)
		}
	}
}

func (b *claimBuilder) add(role, text, key string, span model.Span) {
	for _, r := range b.roles {
		if r.Span == span {
			return
		}
	}
	b.roles = append(b.roles, model.Role{Role: role, Text: text, EntityKey: key, Span: span})
}

func (b *claimBuilder) has(roles ...string) bool {
	for _, r := range b.roles {
		if slices.Contains(roles, r.Role) {
			return true
		}
	}
	return false
}

// complete reports whether the claim names the participants its type
// needs.
func (b *claimBuilder) complete() bool {
	switch b.typ {
	case model.ClaimAttribution:
		return b.has("actor", "sponsor")
	case model.ClaimTargeting:
		return b.has("victim", "country", "sector") && b.has("actor", "sponsor", "malware", "victim")
	case model.ClaimMalwareUse:
		return b.has("malware")
	case model.ClaimExploitation, model.ClaimDisclosure:
		return b.has("vulnerability")
	case model.ClaimDataBreach:
		return b.has("actor", "victim")
	case model.ClaimRansomware:
		return b.has("actor", "malware", "victim")
	case model.ClaimLawEnforce:
		return b.has("target", "authority")
	}
	return false
}

// roleOrder fixes the order of roles within a claim.
var roleOrder = []string{"actor", "sponsor", "authority", "vendor", "malware", "vulnerability",
	"victim", "target", "country", "sector", "amount", "subject", "alias", "overlaps"}

func (b *claimBuilder) sortRoles() {
	slices.SortStableFunc(b.roles, func(x, y model.Role) int {
		if d := slices.Index(roleOrder, x.Role) - slices.Index(roleOrder, y.Role); d != 0 {
			return d
		}
		return x.Span.Start - y.Span.Start
	})
}

// aliasClaims turns alias assertions into claims of type alias.
func aliasClaims(text string, assertions []AliasAssertion, f sentenceFacts) []model.Claim {
	out := make([]model.Claim, 0, len(assertions))
	for _, a := range assertions {
		hedge := ""
		if f.hedge != "" && a.SubjectSpan.Start <= f.hedgeAt && f.hedgeAt < a.AliasSpan.End {
			hedge = f.hedge
		}
		aliasRole := "alias"
		if a.Relation == model.RelationOverlaps {
			aliasRole = "overlaps"
		}
		out = append(out, model.Claim{
			Type: model.ClaimAliasAssertion,
			Roles: []model.Role{
				{Role: "subject", Text: a.Subject, Span: a.SubjectSpan},
				{Role: aliasRole, Text: a.Alias, Span: a.AliasSpan},
			},
			Claimant:     a.Claimant,
			Hedge:        hedge,
			Confidence:   a.Confidence,
			Negated:      f.negated,
			Evidence:     a.Evidence,
			EvidenceText: a.Evidence.In(text),
		})
	}
	return out
}
