package extract

import (
	"slices"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// anaphorNouns are the nouns of "the group", "the backdoor", "the flaws",
// with the kind of mention they stand for.
var anaphorNouns = map[string]model.EntityKind{
	"group": model.KindThreatActor, "hackers": model.KindThreatActor, "attackers": model.KindThreatActor,
	"gang": model.KindThreatActor, "actor": model.KindThreatActor, "actors": model.KindThreatActor,
	"operators": model.KindThreatActor, "crew": model.KindThreatActor, "intruders": model.KindThreatActor,
	"adversary": model.KindThreatActor,
	"company":   model.KindOrganization, "firm": model.KindOrganization, "vendor": model.KindOrganization,
	"market": model.KindOrganization, "marketplace": model.KindOrganization, "forum": model.KindOrganization,
	"platform": model.KindOrganization, "exchange": model.KindOrganization, "studio": model.KindOrganization,
	"insurer": model.KindOrganization, "retailer": model.KindOrganization, "carrier": model.KindOrganization,
	"library": model.KindOrganization, "hospital": model.KindOrganization, "university": model.KindOrganization,
	"bank": model.KindOrganization, "airline": model.KindOrganization, "city": model.KindOrganization,
	"port": model.KindOrganization, "bureau": model.KindOrganization, "agency": model.KindOrganization,
	"department": model.KindOrganization, "ministry": model.KindOrganization, "command": model.KindOrganization,
	"utility": model.KindOrganization, "lender": model.KindOrganization,
	"manufacturer": model.KindOrganization, "supplier": model.KindOrganization,
	"distributor": model.KindOrganization, "chain": model.KindOrganization, "charity": model.KindOrganization,
	"council": model.KindOrganization, "district": model.KindOrganization, "conglomerate": model.KindOrganization,
	"automaker": model.KindOrganization, "carmaker": model.KindOrganization, "broadcaster": model.KindOrganization,
	"newspaper": model.KindOrganization, "startup": model.KindOrganization,
	"business":     model.KindOrganization,
	"organisation": model.KindOrganization, "organization": model.KindOrganization, "school": model.KindOrganization,
	"college": model.KindOrganization, "county": model.KindOrganization, "clinic": model.KindOrganization,
	"giant": model.KindOrganization, "chipmaker": model.KindOrganization,
	"drugmaker": model.KindOrganization, "steelmaker": model.KindOrganization, "telecom": model.KindOrganization,
	"backdoor": model.KindMalware, "malware": model.KindMalware, "implant": model.KindMalware,
	"ransomware": model.KindMalware, "loader": model.KindMalware, "wiper": model.KindMalware,
	"trojan": model.KindMalware, "stealer": model.KindMalware, "botnet": model.KindMalware,
	"rootkit": model.KindMalware, "spyware": model.KindMalware, "worm": model.KindMalware, "virus": model.KindMalware,
	"flaw": model.KindVulnerability, "flaws": model.KindVulnerability, "bug": model.KindVulnerability,
	"bugs": model.KindVulnerability, "vulnerability": model.KindVulnerability,
	"vulnerabilities": model.KindVulnerability, "zero-day": model.KindVulnerability,
	"zero-days": model.KindVulnerability,
}

// pluralAnaphors stand for every mention of their kind in the antecedent
// sentence; the others for the last one.
var pluralAnaphors = setOf("flaws", "bugs", "vulnerabilities", "zero-days")

var anaphorDeterminers = setOf("the", "these", "those", "both", "this", "that", "all")

// anaphoraReach is how many sentences back an anaphor may find its
// antecedent.
const anaphoraReach = 3

// antecedents remembers what the article has named so far, so that "the
// group" can stand for an actor named before. An actor or malware anaphor
// means the one named most often so far (the article's subject, whatever
// it was last called), a vulnerability anaphor the ones named last.
type antecedents struct {
	sentence int // index of the sentence being read
	last     map[model.EntityKind]antecedent
	counts   map[string]int // mentions so far per entity
	latest   map[string]model.Mention
	best     map[model.EntityKind]string // per kind, the entity named most often
	// ransomware holds the entities the article calls ransomware or a
	// ransomware gang ("the WannaCry ransomware", "the ransomware gang
	// LockBit").
	ransomware     map[string]bool
	lastRansomware string
	// kbRansomware holds the entities the knowledge base files as
	// ransomware, in an article about ransom. They type claims as
	// ransomware but, unlike what the article itself calls ransomware,
	// are not what "the gang" stands for: in "Radar, a ransomware gang
	// that also operated under the name Dispossessor", the gang is Radar.
	kbRansomware map[string]bool
	// unnamedHere is set while the sentence resolve last read brings in a
	// company it does not name (unnamedCompany), for rememberSpeakers.
	unnamedHere bool
	// lastCrew is the latest actor or malware the article calls a gang,
	// crew or operators ("the Trickbot cybercrime gang").
	lastCrew string
	orgs     []model.Mention // organisations named so far, in order
	// person is the latest person a claim read ("charged Dmitry
	// Khoroshev"), whom "him" or "her" after a charge stands for.
	person model.Mention
	// people are the persons of the latest claim sentence that named two
	// or more, whom "both men" in a later sentence stand for.
	people []model.Mention
	// speakers are the claimants named so far, latest last.
	speakers []speaker
	// kindBuf holds, per remembered kind, the backing array of last's
	// mentions, reused when a sentence names that kind again.
	kindBuf [len(rememberedKinds)][]model.Mention
}

type antecedent struct {
	sentence int
	mentions []model.Mention
}

func newAntecedents() *antecedents {
	return &antecedents{
		last:   map[model.EntityKind]antecedent{},
		counts: map[string]int{},
		latest: map[string]model.Mention{},
		best:   map[model.EntityKind]string{},

		ransomware:   map[string]bool{},
		kbRansomware: map[string]bool{},
	}
}

// reset makes a as newAntecedents would, keeping the maps' and buffers'
// memory.
func (a *antecedents) reset() {
	clear(a.last)
	clear(a.counts)
	clear(a.latest)
	clear(a.best)
	clear(a.ransomware)
	clear(a.kbRansomware)
	a.sentence, a.lastRansomware, a.lastCrew, a.unnamedHere = 0, "", "", false
	a.orgs = nil // how it grows decides what it forgets: start as new
	a.person = model.Mention{}
	a.people = nil
	clear(a.speakers)
	a.speakers = a.speakers[:0]
	for i := range a.kindBuf {
		clear(a.kindBuf[i][:cap(a.kindBuf[i])])
	}
}

// entityID identifies what a mention names: its key, or else its kind and
// normalized name.
func entityID(m model.Mention) string {
	if m.EntityKey != "" {
		return m.EntityKey
	}
	var buf [64]byte // one allocation, for the result
	return string(appendNormalized(append(append(buf[:0], m.Kind...), ':'), m.Text))
}

// salient returns the mention of kind named most often so far, the most
// recently named among equals.
func (a *antecedents) salient(kind model.EntityKind) (model.Mention, bool) {
	id, ok := a.best[kind]
	return a.latest[id], ok
}

// resolve appends participants for the anaphors of sentence v to out,
// then remembers v's mentions. Sentences must come in order.
func (a *antecedents) resolve(v *sentenceView, out []participant) []participant {
	if len(v.words) > 1 && (v.words[0].lower == "its" || v.words[0].lower == "their") && (victimListNouns[v.words[1].lower] || activityNouns[v.words[1].lower]) {
		// "Its targets have included ...", "Its activity overlaps with
		// ...": whose, the actor the article is about.
		if m, ok := a.salient(model.KindThreatActor); ok {
			at := model.Span{Start: v.words[0].start, End: v.words[0].end}
			out = append(out, participant{mention: m, at: at, index: -1})
		}
	}
	for k := 0; k+1 < len(v.words); k++ {
		if v.words[k].cue&cueAnaphorDet == 0 {
			continue
		}
		noun := k + 1
		if _, ok := anaphorNouns[v.words[noun].lower]; !ok && noun+1 < len(v.words) &&
			v.text(noun) == v.words[noun].lower && v.mentionAt(noun) < 0 {
			noun++ // one lower-case modifier: "the two flaws", "the same group"
		}
		kind, ok := anaphorNouns[v.words[noun].lower]
		if !ok || !v.spaced(noun) || v.mentionAt(noun) >= 0 {
			continue
		}
		if det := v.words[k].lower; (det == "that" || det == "this") && strings.HasSuffix(v.words[noun].lower, "s") &&
			!strings.HasSuffix(v.words[noun].lower, "ss") {
			continue // "estimated that hackers linked to ...": "that" opens a clause; a plural takes "those"
		}
		if noun+1 < len(v.words) && v.mentionAt(noun+1) >= 0 && v.spaced(noun+1) {
			continue // "the group APT31" names it right there
		}
		at := model.Span{Start: v.words[k].start, End: v.words[noun].end}
		if v.namesBefore(kind, at.Start) {
			continue
		}
		var refs []model.Mention
		crew := v.words[noun].lower == "gang" || v.words[noun].lower == "operators" || v.words[noun].lower == "crew"
		if m, ok := a.ransomwareGang(); crew && ok {
			m.Kind = model.KindThreatActor // the gang behind the ransomware
			refs = []model.Mention{m}
		} else if m, ok := a.crew(); crew && ok {
			m.Kind = model.KindThreatActor
			refs = []model.Mention{m}
		} else if kind == model.KindOrganization && bodyAnaphors[v.words[noun].lower] {
			// "the bureau" is a body named so, or known by its initials:
			// never a company.
			m, ok := a.bodyOrg(v.words[noun].lower)
			if !ok {
				continue
			}
			refs = []model.Mention{m}
		} else if kind == model.KindOrganization {
			m, ok := a.namedLike(v.words[noun].lower)
			if !ok {
				m, ok = a.company()
			}
			if !ok {
				continue
			}
			refs = []model.Mention{m}
		} else if kind == model.KindVulnerability {
			prev, ok := a.last[kind]
			if !ok || a.sentence-prev.sentence > anaphoraReach {
				continue
			}
			refs = prev.mentions[len(prev.mentions)-1:]
			if pluralAnaphors[v.words[noun].lower] {
				refs = prev.mentions
			}
		} else if m, ok := a.salient(kind); ok {
			refs = []model.Mention{m}
		} else if m, ok := a.crew(); ok && kind == model.KindThreatActor {
			// "the hackers" of an article that names only a gang: "The Cl0p
			// ransomware gang said ...", then "the hackers had taken ...".
			m.Kind = model.KindThreatActor
			refs = []model.Mention{m}
		}
		for _, m := range refs {
			out = append(out, participant{mention: m, at: at, index: -1})
		}
		k = noun
	}
	a.remember(v)
	a.unnamedHere = unnamedCompany(v)
	if a.unnamedHere {
		// After the sentence's named organisations: they are its sources
		// or the company's partners, and "the company" next is this one.
		a.noteOrg(model.Mention{Kind: model.KindOrganization})
	}
	return out
}

// victimListNouns, after a possessive, open a list of who was attacked:
// "Its targets have included ...", "the group's victims include ...".
var victimListNouns = setOf("targets", "victims")

// company returns the company "the company" stands for: the latest
// organisation named that is no government body.
func (a *antecedents) company() (model.Mention, bool) {
	// A security vendor is the company only when no other is near: in an
	// article about a breach, the vendor that investigates is named last
	// but "the company's network" is the victim's.
	var vendor model.Mention
	for i := len(a.orgs) - 1; i >= 0 && i >= len(a.orgs)-8; i-- {
		if a.orgs[i].Text == "" {
			return model.Mention{}, false // the latest company has no name: "a Ukrainian energy company"
		}
		key := normalizeName(a.orgs[i].Text)
		if governmentSet()[key] || stateAgencySet()[key] || bodyNamed(a.orgs[i].Text) {
			continue
		}
		if inNormalized(securityVendorSet(), a.orgs[i].Text) {
			if vendor.Text == "" {
				vendor = a.orgs[i]
			}
			continue
		}
		return a.orgs[i], true
	}
	return vendor, vendor.Text != ""
}

// bodyNamed reports whether a name holds a government body's noun: "the
// Ministry of Science and ICT" is named like no company.
func bodyNamed(text string) bool {
	return nameHolds(text, func(w string) bool { return bodyAnaphors[w] || governmentWord(w) })
}

// nameHolds reports whether some word of a name, lower-cased, is one has
// accepts.
func nameHolds(text string, has func(string) bool) bool {
	for _, w := range strings.Fields(strings.ToLower(text)) {
		if has(w) {
			return true
		}
	}
	return false
}

// namedLike returns the latest organisation whose name holds the
// anaphor's noun: "the market" is Genesis Market, "the marketplace" Hydra
// Market.
func (a *antecedents) namedLike(noun string) (model.Mention, bool) {
	if noun == "company" || noun == "firm" || len(noun) < 4 {
		return model.Mention{}, false
	}
	stem := noun[:min(len(noun), 6)]
	for i := len(a.orgs) - 1; i >= 0 && i >= len(a.orgs)-8; i-- {
		if strings.Contains(strings.ToLower(a.orgs[i].Text), stem) {
			return a.orgs[i], true
		}
	}
	return model.Mention{}, false
}

// bodyAnaphors stand for a government body, not a company.
var bodyAnaphors = setOf("bureau", "agency", "department", "ministry", "command")

// bodyOrg returns the latest organisation whose name holds noun: "the
// command" is the Cyber-Electronic Command, "the bureau" the FBI.
func (a *antecedents) bodyOrg(noun string) (model.Mention, bool) {
	for i := len(a.orgs) - 1; i >= 0 && i >= len(a.orgs)-8; i-- {
		if namesBody(a.orgs[i].Text, noun) {
			return a.orgs[i], true
		}
	}
	return model.Mention{}, false
}

// initialBodies are the nouns of bodies known by their initials, which
// "the bureau" or "the agency" stand for.
var initialBodies = map[string]string{
	"fbi": "bureau", "nsa": "agency", "cisa": "agency", "nca": "agency", "doj": "department",
	"dhs": "department", "ofac": "office",
}

// namesBody reports whether a body's name holds noun ("Justice
// Department") or stands for it by initials ("FBI").
func namesBody(text, noun string) bool {
	if initialBodies[normalizeName(text)] == noun {
		return true
	}
	if noun == "force" {
		noun = "police" // "the Dutch force" is the police named before
	}
	for _, w := range strings.Fields(strings.ToLower(text)) {
		if w == noun {
			return true
		}
	}
	return false
}

// crew returns the actor or malware the article last called a gang.
func (a *antecedents) crew() (model.Mention, bool) {
	if a.lastCrew == "" {
		return model.Mention{}, false
	}
	return a.latest[a.lastCrew], true
}

// noteOrg remembers an organisation a claim read from capitals ("the
// health insurer Medibank"), which "the company" may later stand for.
func (a *antecedents) noteOrg(m model.Mention) {
	for _, o := range a.orgs {
		if o.Text == m.Text && m.Text != "" {
			return
		}
	}
	a.orgs = append(a.orgs, m)
}

// companyNouns head a description of a company.
var companyNouns = setOf("company", "firm", "provider", "operator", "utility", "maker", "manufacturer", "retailer",
	"insurer", "bank", "lender", "hospital", "business", "carrier", "airline", "supplier", "distributor")

// unnamedCompany reports whether the sentence brings in a company it does
// not name ("cut power at a Ukrainian energy company"), which "the
// company" in the next sentences then stands for. A description set off
// after a name ("Optus, an Australian telecom company,") or followed by
// one ("a company called X") names its company.
func unnamedCompany(v *sentenceView) bool {
	for k := 0; k < len(v.words); k++ {
		if w := v.words[k].lower; w != "a" && w != "an" {
			continue
		}
		if k > 0 && strings.Contains(v.doc.text[v.words[k-1].end:v.words[k].start], ",") {
			continue // an aside about the name before
		}
		noun := k + 1
		for noun < len(v.words) && noun <= k+4 && !v.words[noun].has(cueCompany) && v.describingWord(noun) {
			noun++
		}
		if noun >= len(v.words) || !v.words[noun].has(cueCompany) || v.text(noun) != v.words[noun].lower {
			continue
		}
		if next := noun + 1; next < len(v.words) && v.spaced(next) &&
			(v.capitalWord(next) || v.mentionAt(next) >= 0 || v.words[next].lower == "called" || v.words[next].lower == "named") {
			continue
		}
		return true
	}
	return false
}

// pronounPersons returns participants for "him" or "her" right after a
// law-enforcement or accusing verb ("charged him with", "accusing him
// of", "sanctions against him"): the latest person a claim read, so the
// charge has its target and the crime its actor.
func (a *antecedents) pronounPersons(v *sentenceView) []participant {
	if a.person.Text == "" {
		return nil
	}
	var out []participant
	for k := 1; k < len(v.words); k++ {
		if w := v.words[k].lower; w != "him" && w != "her" {
			continue
		}
		prev := v.words[k-1].lower
		if (prev == "against" || prev == "on") && k >= 2 {
			prev = v.words[k-2].lower // "sanctions against him"
		}
		if !chargeActions[prev] && !lawPronounVerbs[prev] {
			continue
		}
		out = append(out, participant{mention: a.person, at: model.Span{Start: v.words[k].start, End: v.words[k].end}, index: anaphor})
	}
	return out
}

// peopleNouns after "both", "the two" or "the" stand for persons named
// before: "sanctions against both men".
var peopleNouns = setOf("men", "women", "pair", "brothers")

// numberWords may stand between a determiner and a people noun: "the two men".
var numberWords = setOf(groupNumbers...)

// groupNumbers are the numbers a group of people may be named by, from two.
var groupNumbers = []string{"two", "three", "four", "five", "six", "seven"}

// groupPersons returns participants for "both men", "the two women" and
// the like: the persons named before them in the sentence when there are
// two or more, else those of the latest sentence that named two or more.
func (a *antecedents) groupPersons(v *sentenceView, parts []participant) []participant {
	var named []model.Mention
	for _, p := range parts {
		if p.mention.Kind == model.KindPerson && p.index != anaphor &&
			!slices.ContainsFunc(named, func(m model.Mention) bool { return overlaps(m.Span, p.mention.Span) }) {
			named = append(named, p.mention)
		}
	}
	var out []participant
	for k := 0; k+1 < len(v.words); k++ {
		switch v.words[k].lower {
		case "both", "the", "these", "those":
		default:
			continue
		}
		noun := k + 1
		count := 0 // "the two were arrested": a number standing for its people
		if numberWords[v.words[noun].lower] && noun+1 < len(v.words) {
			if v.words[k].lower == "the" && (v.words[noun+1].has(cueBeVerb) || v.words[noun+1].has(cueHaveVerb)) {
				count = slices.Index(groupNumbers, v.words[noun].lower) + 2
			} else {
				noun++
			}
		}
		if count == 0 && (!peopleNouns[v.words[noun].lower] || v.text(noun) != v.words[noun].lower || (noun == k+1 && v.words[k].lower != "both" && v.words[noun].lower != "pair")) {
			continue // "the men" alone may be anyone; "both men", "the two men", "the pair" are a known few
		}
		at := model.Span{Start: v.words[k].start, End: v.words[noun].end}
		refs := a.people
		var before []model.Mention
		for _, m := range named {
			if m.Span.End <= at.Start {
				before = append(before, m)
			}
		}
		if len(before) >= 2 {
			refs = before
		}
		if count > 0 && len(refs) != count {
			continue // "the two" of something else
		}
		for _, m := range refs {
			out = append(out, participant{mention: m, at: at, index: anaphor})
		}
		k = noun
	}
	if len(named) >= 2 {
		a.people = named
	}
	return out
}

// subjectPersons returns participants for a person pronoun that is the
// subject of a trigger or owns a law-enforcement action: "he was then
// extradited", "He had used a variant of Mirai", "sought his extradition". The pronoun stands for the person
// named last before it in the sentence, else the latest one a claim read.
func (a *antecedents) subjectPersons(v *sentenceView, parts []participant) []participant {
	var out []participant
	for k := 0; k+1 < len(v.words); k++ {
		w := v.words[k].lower
		switch {
		case (w == "he" || w == "she") && v.text(k) == w || k == 0 && (w == "he" || w == "she"):
			i := k + 1
			for i < len(v.words) && (v.words[i].has(cueBeVerb) || v.words[i].has(cueHaveVerb) || v.words[i].has(cuePassiveAdverb) || adverb(v, i)) {
				i++
			}
			if i >= len(v.words) || i == k+1 && !v.triggerAt(i) || !v.words[i].has(cueCharge) && !v.words[i].has(cueLawPronounVerb) && !v.triggerAt(i) {
				continue // "he was extradited", "He had used a variant of Mirai"
			}
		case w == "his" || w == "her":
			if !v.hasCue(k+1, cueLawAction) && v.lowerAt(k+1) != "extradition" {
				continue
			}
		default:
			continue
		}
		at := model.Span{Start: v.words[k].start, End: v.words[k].end}
		person := a.person
		for _, p := range parts {
			if p.mention.Kind == model.KindPerson && p.index >= 0 && p.at.End <= at.Start {
				person = p.mention
			}
		}
		if person.Text != "" {
			out = append(out, participant{mention: person, at: at, index: anaphor})
		}
	}
	// A person named in a claim sentence is whom "his" or "he" in the
	// next ones stands for.
	for _, p := range parts {
		if p.mention.Kind == model.KindPerson && p.index >= 0 {
			a.person = p.mention
		}
	}
	return out
}

// lawPronounVerbs take a person pronoun as what an authority acts on.
var lawPronounVerbs = setOf("arrested", "arresting", "extradited", "detained", "accusing", "indicting")

// notePerson remembers a person a claim read.
func (a *antecedents) notePerson(m model.Mention) { a.person = m }

// ransomwareGang returns the ransomware the article named last, which
// "the gang" stands for.
func (a *antecedents) ransomwareGang() (model.Mention, bool) {
	if a.lastRansomware == "" {
		return model.Mention{}, false
	}
	return a.latest[a.lastRansomware], true
}

func (a *antecedents) remember(v *sentenceView) {
	// The mentions of each kind an anaphor can stand for, in order.
	var byKind [len(rememberedKinds)][]model.Mention
	ransomwareSaid := false
	for _, w := range v.words {
		if w.lower == "ransomware" {
			ransomwareSaid = true
			break
		}
	}
	for _, m := range v.mentions {
		var id string // computed once: it allocates for unkeyed names
		if m.Kind == model.KindThreatActor || m.Kind == model.KindMalware || m.Kind == model.KindVulnerability {
			id = entityID(m)
		}
		if ransomwareSaid && (m.Kind == model.KindThreatActor || m.Kind == model.KindMalware) {
			after, before := v.wordAt(m.Span.End), v.wordAt(m.Span.Start)-1
			if v.lowerAt(after) == "ransomware" || v.lowerAt(after-1) == "ransomware" ||
				(v.lowerAt(before) != "" && ransomwareCrews[v.lowerAt(before)] && v.lowerAt(before-1) == "ransomware") ||
				v.ransomwareAside(after) || v.ransomwareNamed(before) {
				a.ransomware[id] = true
			}
			if a.ransomware[id] {
				a.lastRansomware = id
			}
		}
		if m.Kind == model.KindThreatActor || m.Kind == model.KindMalware {
			after := v.wordAt(m.Span.End)
			for i := after; i < len(v.words) && i <= after+2; i++ {
				if w := v.words[i].lower; v.words[i].has(cueCrew) {
					a.lastCrew = id
					if w == "affiliates" {
						a.ransomware[id] = true // "LockBit affiliates": a ransomware brand's
						a.lastRansomware = id
					}
					break
				} else if v.text(i) != w || !strings.HasPrefix(v.doc.text[v.words[i-1].end:v.words[i].start], " ") && i > 0 {
					break
				}
			}
		}
		switch m.Kind {
		case model.KindOrganization:
			if len(a.orgs) == cap(a.orgs) && len(a.orgs) >= 16 {
				a.orgs = append(a.orgs[:0], a.orgs[8:]...) // only the latest are looked at
			}
			a.orgs = append(a.orgs, m)
		case model.KindThreatActor, model.KindMalware, model.KindVulnerability:
			i := slices.Index(rememberedKinds[:], m.Kind)
			if byKind[i] == nil {
				// The previous sentence's list of this kind is replaced below,
				// and nothing reads it until then.
				byKind[i] = a.kindBuf[i][:0]
			}
			byKind[i] = append(byKind[i], m)
			a.counts[id]++
			a.latest[id] = m
			// Counts only grow, so the entity just named is the best when it
			// ties the best: it is also the most recent.
			if best, ok := a.best[m.Kind]; !ok || a.counts[id] >= a.counts[best] {
				a.best[m.Kind] = id
			}
		}
	}
	for i, ms := range byKind {
		if len(ms) > 0 {
			a.last[rememberedKinds[i]] = antecedent{sentence: a.sentence, mentions: ms}
			a.kindBuf[i] = ms
		}
	}
	a.sentence++
}

// ransomwareAside reports whether an aside that opens at word k calls the
// name before it ransomware: "LockerGoga, a relatively new strain of
// ransomware".
func (v *sentenceView) ransomwareAside(k int) bool {
	if k <= 0 || k >= len(v.words) || strings.TrimSpace(v.doc.text[v.words[k-1].end:v.words[k].start]) != "," || !v.words[k].has(cueDeterminer) {
		return false
	}
	for i := k + 1; i < len(v.words) && i <= k+6; i++ {
		if strings.ContainsAny(v.doc.text[v.words[i-1].end:v.words[i].start], ",;()") {
			return false
		}
		if v.words[i].lower == "ransomware" {
			return true
		}
	}
	return false
}

// ransomwareNamed reports whether word k names ransomware that the name
// after it is called: "a ransomware strain called Bad Rabbit", "ransomware
// dubbed Petya".
func (v *sentenceView) ransomwareNamed(k int) bool {
	switch v.lowerAt(k) {
	case "called", "dubbed", "named", "as":
	default:
		return false
	}
	for i := k - 1; i >= 0 && i >= k-3; i-- {
		if v.words[i].lower == "ransomware" {
			return true
		}
		if strings.ContainsAny(v.doc.text[v.words[i].end:v.words[i+1].start], ",;()") {
			return false
		}
	}
	return false
}

// crewNouns after a name make it a gang: "the Trickbot cybercrime gang".
var crewNouns = setOf("gang", "crew", "operators", "affiliates", "cartel", "syndicate", "group")

// rememberedKinds are the kinds whose last mentions anaphors look up.
var rememberedKinds = [...]model.EntityKind{model.KindThreatActor, model.KindMalware, model.KindVulnerability}

// namesBefore reports whether the sentence names something of kind before
// offset, which an anaphor after it would more likely mean.
func (v *sentenceView) namesBefore(kind model.EntityKind, offset int) bool {
	for _, m := range v.mentions {
		if m.Kind == kind && m.Span.End <= offset && !(kind == model.KindMalware && v.groupListed(m.Span.Start)) {
			return true
		}
	}
	return false
}

// speakerFor returns the source a claimant anaphor of class stands for:
// in this sentence, a name of that class before offset (its subject:
// "CDK Global ... was hit ..., the company said"); else the latest
// claimant of that class; else, for a company or a government body, the
// latest organisation of that class.
func (a *antecedents) speakerFor(v *sentenceView, class speakerClass, offset int) (speaker, bool) {
	if class != speakerAny {
		if n, ok := v.nameAt(0); ok && n.span.End <= offset {
			kind := v.kindOf(n)
			text := v.doc.text[n.span.Start:n.span.End]
			gerund := n.mention < 0 && n.next == 1 && strings.HasSuffix(v.words[0].lower, "ing") // "Paying would not guarantee ..."
			if (kind == "" || kind == model.KindOrganization || class == speakerActor) && classOfSpeaker(text, kind) == class &&
				!(n.mention < 0 && plainCapitalised(text) && !v.capitalWord(0)) && !gerund && !v.modifiesData(n) {
				return speaker{text: text, class: class, span: n.span}, true
			}
		}
	}
	if class == speakerCompany {
		// "... was first exposed by Microsoft in August, when the company
		// said": a company named earlier in the sentence.
		for i := len(v.mentions) - 1; i >= 0; i-- {
			m := v.mentions[i]
			if m.Span.End <= offset && m.Kind == model.KindOrganization && classOfSpeaker(m.Text, m.Kind) == class {
				return speaker{text: m.Text, class: class, span: m.Span}, true
			}
		}
	}
	for i := len(a.speakers) - 1; i >= 0 && i >= len(a.speakers)-8; i-- {
		if s := a.speakers[i]; class == speakerAny || s.class == class {
			return s, true
		}
	}
	switch class {
	case speakerCompany, speakerGovernment:
		for i := len(a.orgs) - 1; i >= 0 && i >= len(a.orgs)-8; i-- {
			if a.orgs[i].Text != "" && classOfSpeaker(a.orgs[i].Text, model.KindOrganization) == class {
				return speaker{text: a.orgs[i].Text, class: class, span: a.orgs[i].Span}, true
			}
		}
	case speakerActor:
		if m, ok := a.ransomwareGang(); ok {
			return speaker{text: m.Text, class: class, span: m.Span}, true
		}
		if m, ok := a.salient(model.KindThreatActor); ok {
			return speaker{text: m.Text, class: class, span: m.Span}, true
		}
	}
	return speaker{}, false
}

// modifiesData reports whether n, an unknown word opening the sentence,
// qualifies the data that follows it: "Personal and health information
// was stolen", "Customer data was taken".
func (v *sentenceView) modifiesData(n name) bool {
	if n.mention >= 0 || n.next != 1 || len(v.words) < 3 {
		return false
	}
	if v.lowerAt(1) == "and" && v.text(2) == v.words[2].lower {
		return true
	}
	return v.words[1].has(cueDataNoun)
}

// bodyNouns name the kind of a government body, as "the department" does.
var bodyNouns = setOf("department", "agency", "ministry", "bureau", "office", "force")

// bodyNamed returns the body "the department" or "the agency" stands for
// when one named lately has that noun in its name: the latest such
// claimant, else the latest such organisation. "The department said"
// after the Justice Department's charges and the Treasury's sanctions is
// the Justice Department.
func (a *antecedents) bodyNamed(noun string) (speaker, bool) {
	if !bodyNouns[noun] {
		return speaker{}, false
	}
	named := func(text string) bool { return namesBody(text, noun) }
	for i := len(a.speakers) - 1; i >= 0 && i >= len(a.speakers)-8; i-- {
		if named(a.speakers[i].text) {
			return a.speakers[i], true
		}
	}
	for i := len(a.orgs) - 1; i >= 0 && i >= len(a.orgs)-8; i-- {
		if named(a.orgs[i].Text) {
			return speaker{text: a.orgs[i].Text, class: speakerGovernment, span: a.orgs[i].Span}, true
		}
	}
	return speaker{}, false
}

// rememberSpeakers keeps the sentence's claimants for the anaphors of later
// sentences; a company that speaks is also one "the company" may stand for.
func (a *antecedents) rememberSpeakers(v *sentenceView, f sentenceFacts) {
	for _, c := range f.claimants {
		if c.text == "" {
			continue
		}
		kind := model.EntityKind("")
		if c.mention >= 0 && c.mention < len(v.mentions) {
			kind = v.mentions[c.mention].Kind
		}
		span := c.span
		if c.anaphor != "" {
			span = c.ref // "the company said" again later is still the company, named where it was named
		}
		s := speaker{text: c.text, class: classOfSpeaker(c.text, kind), span: span}
		if c.person {
			s.class = speakerGeneric
		}
		if len(a.speakers) >= 16 {
			a.speakers = append(a.speakers[:0], a.speakers[8:]...)
		}
		a.speakers = append(a.speakers, s)
		if c.anaphor == "" && c.mention < 0 && s.class == speakerCompany && s.span.End > s.span.Start && !a.unnamedHere {
			// A company that reports on a company it does not name ("cut
			// power at a Ukrainian energy company, Mandiant said") is not
			// the one "the company" stands for next.
			a.orgs = append(a.orgs, model.Mention{Kind: model.KindOrganization, Text: c.text, Span: c.span})
		}
	}
}
