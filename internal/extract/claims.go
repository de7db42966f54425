package extract

import (
	"slices"
	"strings"
	"sync"
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
		"backed by", "on behalf of", "working for", "works for", "worked for", "work for",
		"state-sponsored", "state-backed", "nation-state", "accused", "accuses", "responsible for",
		"claimed responsibility", "carried out by", "conducted by", "orchestrated by", "a unit of",
		"linked", "tied", "link", "links", "tie", "ties", "tying", "attribute", "built by", "developed by", "created by", "written by",
		"affiliated with", "associated with", "work of", "involved", "operated by", "responsible",
		// Other ways reporters pin an attack on someone: "traced to", "pinned
		// on", "pointed the finger at", "the handiwork of", "run by".
		// ("run by", "controlled by", "funded by" and a bare "traced" named
		// owners and payments on dev, not attackers.)
		"traced to", "traced back to", "pinned", "pointed the finger", "points the finger",
		"pointing the finger", "handiwork of", "hallmarks of", "connected with", "aligned with",
		"at the behest of", "acting on behalf of", "attributable to",
		// A gang that claims an attack claims responsibility for it.
		"claimed an attack", "claimed the attack", "claimed attacks", "claimed the attacks",
		"claimed a cyberattack", "claimed the cyberattack", "claims the attack", "claims an attack",
	},
	model.ClaimTargeting: {
		"targeted", "targets", "target", "targeting", "attacked", "attacking", "attack", "attacks",
		"breached", "breaching", "breach", "compromised", "compromising", "compromise", "hacked",
		"hack", "hacking", "infiltrated", "infiltrating", "penetrated", "intrusion", "intrusions",
		"spied on", "spying on", "struck", "went after", "broke into", "broken into", "break into",
		"breaking into", "infected", "cyberattack", "cyberattacks", "hacks", "hijacked", "hijacking",
		"campaign against", "campaigns against", "disrupted",
		"took over", "gained access", "defaced", "defacing", "accessed", "hit", "crippled", "paralyzed", "paralysed",
		"knocked out", "knocked offline", "knock out", "been inside", "unauthorized access", "unauthorised access", "got in", "broke in", "gained entry",
		// Inflections and synonyms of breaking in and doing harm: "infiltrates",
		// "penetrate", "sabotaged", "wiped", "knocked X offline" (guarded),
		// "gained a foothold", "snooped on", and the nouns "cyber-attack",
		// "break-in", "infiltration".
		"infiltrate", "infiltrates", "penetrate", "penetrates", "penetrating", "breaches",
		"compromises", "hijack", "hijacks", "sabotaged", "sabotaging", "wiped", "wiping", "deface",
		"defaces", "knocked", "gain access", "gains access", "gaining access", "obtained access",
		"got access", "gained a foothold", "gaining a foothold", "established a foothold", "hacked into",
		"hacking into", "hack into", "snooped on", "eavesdropped on", "spy on", "spies on", "goes after",
		"going after", "gone after", "backdoored", "cyber-attack", "cyber-attacks", "cyber attack", "cyber attacks",
		"break-in", "break-ins", "infiltration", "cyberintrusion", "cyber intrusion", "cyber-intrusion",
		"phished", "hacker attack", "crippling", "cripples", "paralysing", "paralyzing",
	},
	model.ClaimMalwareUse: {
		"used", "uses", "use", "using", "deployed", "deploys", "deploy", "deploying", "deployment",
		"employed", "employs", "delivered", "delivers", "delivering", "dropped", "drops",
		"installed", "installs", "installing", "distributed", "distributing", "spread",
		"spreading", "infected", "infecting", "leveraged", "leveraging", "leverages", "wielded",
		"relied on", "rely on", "relies on", "armed with", "push", "pushed", "pushing", "slipped", "planted", "implanted",
		"inserted", "injected", "found on", "discovered on", "detected on",
		// Other verbs of putting malware to work: "unleashed", "sideloaded",
		// "infects", "wields", "relying on".
		"deliver", "distributes", "distribute", "spreads", "injects", "injecting",
		"implanting", "planting", "wields", "wielding", "employing", "employ", "relying on", "relies on",
		"unleashed", "unleashing", "unleashes", "sideloaded", "side-loaded", "equipped with",
		"seeded", "leverage",
	},
	model.ClaimExploitation: {
		"exploited", "exploits", "exploit", "exploiting", "exploitation", "abused", "abusing",
		"abuses", "took advantage of", "taking advantage of", "leveraged", "leveraging", "used",
		"using", "chained", "chaining", "weaponized",
		// Spellings and inflections: "weaponised", "chains"; "targeted a
		// flaw" is turned into exploitation by moreHits.
		"weaponised", "weaponizing", "weaponising", "weaponizes", "weaponises", "chains",
		"exploitable by", "exploitation of", "zero-day attack", "zero-day attacks",
	},
	model.ClaimDisclosure: {
		"disclosed", "discloses", "disclose", "patched", "patches", "patch", "fixed", "fixes",
		"addressed", "addresses", "released", "issued", "warned", "published", "rolled out",
		// Fixing and telling of flaws: "remediated", "plugged", "shipped a
		// fix", "pushed out an update", "issues", "releases".
		"disclosing", "patching", "fixing", "addressing", "remediated", "remediates", "plugged",
		"plugs", "mitigated", "releases", "releasing", "rolls out", "shipped", "ships", "pushed out",
		"warns", "published an advisory", "issued an advisory", "made public",
	},
	model.ClaimDataBreach: {
		"stole", "stolen", "steal", "stealing", "steals", "exfiltrated", "exfiltrating",
		"exfiltrate", "exfiltration", "leaked", "leak", "leaking", "leaks", "dumped", "siphoned",
		"theft", "thefts", "copied", "downloaded", "accessed", "taken", "took", "exposed",
		// Other verbs of taking and spilling data: "siphoning", "pilfered",
		// "made off with"; "obtained", "posted" and "scraped" only with a
		// data noun after them (verbUse). ("harvested" and "exposing" read
		// credential theft and consequences dev does not count.)
		"exfiltrates", "siphoning", "siphon", "siphons", "pilfered", "pilfering",
		"made off with", "making off with", "scraped", "dumping",
		"obtained", "posted", "copying", "downloading", "take",
		// "captured payment card information", "harvested credentials":
		// only with a data noun after them, as "obtained".
		"captured", "harvested", "unauthorized access", "unauthorised access",
	},
	model.ClaimRansomware: {
		"encrypted", "encrypting", "encrypt", "ransom", "ransoms", "extortion", "extorted",
		"extort", "extorting", "ransomware attack", "ransomware attacks", "ransomware outbreak",
		"paid", "pay", "paying", "demanded", "demanding", "demands", "blackmail", "blackmailed", "blackmailing",
		// Encryption and extortion in other words: "encrypts", "locked"
		// (only where ransom is spoken of), "extorts", "ransomware
		// incident", "listed on its leak site" (guarded).
		"encrypts", "locked", "locking", "extorts", "pays", "ransomed", "ransomware incident",
		"ransomware infection", "ransomware intrusion", "ransomware incidents", "ransomware infections",
		"listed",
	},
	model.ClaimLawEnforce: {
		"indicted", "indicting", "indictment", "charged", "charges", "charging", "arrested",
		"arrest", "arrests", "arresting", "sanctioned", "sanctions", "sanctioning", "seized",
		"seizing", "seizure", "took down", "taken down", "take down", "takedown", "dismantled",
		"dismantling", "disrupted", "disrupting", "disruption", "extradited", "convicted",
		"sentenced", "detained", "shut down", "shutting down", "disabled", "raided", "taken control", "took control",
		"warrant", "accuses", "accused", "accuse", "accusing", "recovered", "extradition",
		"froze", "frozen", "freezing",
		// Charges, arrests and court outcomes in other forms: "indicts",
		// "detains", "jailed", "prosecuted", "fined", "sinkholed",
		// "apprehended", "extradite". A guilty plea is the accused's act,
		// not an authority's, and is no claim (testdata/claims/README.md).
		"indicts", "detains", "detaining", "detention", "extradite", "extradites",
		"extraditing", "convicts", "conviction", "sentencing", "jailed", "imprisoned", "prosecuted",
		"prosecuting", "seizes", "dismantles", "takes down", "shuts down", "disrupts", "raids", "raid",
		"confiscated", "apprehended", "nabbed", "fined", "sinkholed", "forfeiture", "forfeited", "entity list",
		"sanction", "designated",
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
var sponsorSuffixes = []string{"-linked", "-backed", "-sponsored", "-nexus", "-aligned", "-affiliated"}

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
	"tool", "surface", "vector", "vectors", "infrastructure", "techniques", "team", "operation",
	"site", "sites", "regime", "regimes", "framework", "powers", "policy", "policies", "monitors", "experts",
	"panel", "committee", "evasion", "laws", "rules", "regulations", "compliance")

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
	"lawmakers", "parliamentarians", "power grid", "school districts", "defense contractors",
	"healthcare providers", "water utilities", "infrastructure", "pharmacies",
	// Victims named by what they are, as the gold sets list them.
	"militaries", "political parties", "dissidents", "politicians", "activists", "seaports",
	"newspapers", "television stations", "civil servants", "state institutions", "government institutions",
	"energy companies", "power companies", "telecommunications companies", "defense companies", "retailers",
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
		"passwords", "employees", "citizens", "organizations", "organisations", "companies")
	amountMultipliers = setOf("million", "billion", "thousand", "hundred")
)

// participant is an entity a sentence refers to: by name, or by an
// anaphor ("the group", "the flaws") that stands for an earlier mention.
type participant struct {
	mention model.Mention
	at      model.Span // where the sentence refers to it
	// index is the index into the sentence's mentions; anaphor (-1) for an
	// anaphor, readName (-2) for a name read from capitals.
	index int
	// ransomware is set when the article calls the entity ransomware or a
	// ransomware gang.
	ransomware bool
	// For organisations: the normalized name, and whether it is a
	// government body, a state agency or a security vendor.
	key                           string
	government, agency, secVendor bool
}

// orgClass is what the tables say of an organisation's name.
type orgClass struct {
	key                           string
	government, agency, secVendor bool
}

func classifyName(text string) orgClass {
	c := orgClass{key: normalizeName(text)}
	c.agency = stateAgencySet()[c.key]
	c.government = c.agency || governmentSet()[c.key]
	c.secVendor = securityVendorSet()[c.key]
	return c
}

// governmentName reports classifyName(text).government without making
// the key's string.
func governmentName(text string) bool {
	var buf [64]byte
	key := appendNormalized(buf[:0], text)
	return stateAgencySet()[string(key)] || governmentSet()[string(key)]
}

// classify fills the organisation fields of names read from capitals.
// memo keeps classifyName's answers for the article: the same names come
// back sentence after sentence.
func classify(parts []participant, memo map[string]orgClass) {
	for i := range parts {
		p := &parts[i]
		if p.mention.Kind == model.KindOrganization && p.key == "" {
			c, ok := memo[p.mention.Text]
			if !ok {
				c = classifyName(p.mention.Text)
				memo[p.mention.Text] = c
			}
			p.key, p.government, p.agency, p.secVendor = c.key, c.government, c.agency, c.secVendor
		}
	}
}

const (
	anaphor  = -1
	readName = -2
	lawBody  = -3 // "Florida prosecutors": a body read from capitals and a law noun
)

// participantsOf returns the sentence's mentions as participants, less the
// names an alias list gives (they are the subject again) and words no
// name can be ("at", "August"), plus anaphora. It reuses dst's array, so
// that one array serves every sentence of an article.
func participantsOf(v *sentenceView, aliasSpans []model.Span, antecedents *antecedents, dst []participant) []participant {
	out := slices.Grow(dst[:0], len(v.mentions)+1)
	for i, m := range v.mentions {
		k := v.wordAt(m.Span.Start)
		// A person is never another name of what comes before: "two men,
		// Zhu Hua and Zhang Shilong," lists both.
		if (slices.Contains(aliasSpans, m.Span) && m.Kind != model.KindPerson) || v.commonWord(k, m.Span) || v.aliasAfter(k) {
			continue
		}
		if m.Kind == model.KindSector && isCapitalised(m.Text) && v.insideName(m.Span) {
			continue // "Sony Pictures Entertainment"
		}
		if v.countryEndsName(m) {
			continue // "Air India": the airline, read by readNames
		}
		if (m.Kind == model.KindCountry || m.Kind == model.KindRegion) && v.securityFirmAfter(v.wordAt(m.Span.End)) {
			continue // "the U.S. security firm said": where the source is from
		}
		if hasLowerSuffix(m.Text, "-speaking") {
			continue // "English-speaking hackers": a language describes them, names no one
		}
		if (m.Kind == model.KindCountry || m.Kind == model.KindRegion) && m.Span.Start >= 4 &&
			(m.Span.Start >= 5 && strings.EqualFold(v.doc.text[m.Span.Start-5:m.Span.Start], "anti-") ||
				strings.EqualFold(v.doc.text[m.Span.Start-4:m.Span.Start], "pro-")) {
			// "an anti-Israel message", "a pro-Russian hacking group": what
			// it opposes or sides with, neither a victim nor a sponsor.
			continue
		}
		if m.Kind == model.KindMalware && k > 0 && v.spaced(k) && v.capitalWord(k-1) && v.mentionAt(k-1) < 0 &&
			!v.words[k-1].has(cueDeterminer) && !strings.Contains(m.Text, " ") {
			continue // "One" in "Capital One": a malware name that ends a longer name
		}
		if (m.Kind == model.KindMalware || m.Kind == model.KindTool) && v.placeBased(k, m.Span) {
			continue // "the Milan-based maker": a malware name that is a city here
		}
		if m.Kind == model.KindOrganization && v.ownerWord(k, m.Span) {
			continue // "the Google-owned firm": it describes the firm, it takes no part
		}
		if (m.Kind == model.KindMalware || m.Kind == model.KindTool) && inNormalized(securityVendorSet(), m.Text) {
			// "Barracuda", "Kaseya": the company, though a tool shares its name.
			m.Kind = model.KindOrganization
		}
		if m.Kind == model.KindMalware && v.describedAsGroup(m.Span) {
			m.Kind = model.KindThreatActor // "Turla, the FSB unit behind Snake"
		}
		out = append(out, participant{mention: m, at: m.Span, index: i})
	}
	named := len(out)
	out = antecedents.resolve(v, out)
	if len(antecedents.ransomware)+len(antecedents.kbRansomware) > 0 {
		for i := range out {
			if k := out[i].mention.Kind; k == model.KindMalware || k == model.KindThreatActor || k == model.KindTool {
				id := entityID(out[i].mention)
				out[i].ransomware = antecedents.ransomware[id] || antecedents.kbRansomware[id]
			}
		}
	}
	if len(out) > named {
		slices.SortStableFunc(out, func(a, b participant) int { return a.at.Start - b.at.Start })
	}
	return out
}

// securityFirmAfter reports whether words from k name a security firm or
// its researchers: "security firm", "cybersecurity company", "security
// researchers". The place before them says where the source is from.
func (v *sentenceView) securityFirmAfter(k int) bool {
	switch v.lowerAt(k) {
	case "security", "cybersecurity", "cyber-security", "cyber", "antivirus":
	default:
		return false
	}
	if v.text(k) != v.words[k].lower {
		return false
	}
	switch v.lowerAt(k + 1) {
	case "firm", "company", "vendor", "researchers", "researcher", "giant", "provider", "outfit":
		return true
	}
	return false
}

// placeBased reports whether the name at word k, span, opens a word such
// as "Milan-based": it names where a company sits, not a malware.
func (v *sentenceView) placeBased(k int, span model.Span) bool {
	if k >= len(v.words) || v.words[k].start != span.Start || v.words[k].end <= span.End {
		return false
	}
	rest := v.doc.text[span.End:v.words[k].end]
	if !strings.EqualFold(rest, "-based") && !strings.EqualFold(rest, "-headquartered") {
		return false
	}
	// "a Mirai-based botnet" is made from the malware.
	return !v.hasCue(k+1, cueDescriptorNoun) && !v.hasCue(k+2, cueDescriptorNoun) && !madeFromNouns[v.lowerAt(k+1)]
}

// ownerWord reports whether the word at k extends a name at span into a
// modifier of what follows: "Google-owned", "Microsoft-backed".
func (v *sentenceView) ownerWord(k int, span model.Span) bool {
	if k >= len(v.words) || v.words[k].start != span.Start || v.words[k].end <= span.End {
		return false
	}
	switch strings.ToLower(v.doc.text[span.End:v.words[k].end]) {
	case "-owned", "-based", "-run", "-operated", "-backed", "-funded", "-headquartered":
		return true
	}
	return false
}

// madeFromNouns follow "X-based" when X is what a thing is built from.
var madeFromNouns = setOf("encryptor", "payload", "tool", "tools", "code", "variants", "malware", "attacks")

// placeNotState reports whether the "-based" word at k opens with no
// country's name ("Milan-based"): a city or region where a company sits
// names no state behind anyone.
func (v *sentenceView) placeNotState(k int) bool {
	if !strings.HasSuffix(v.words[k].lower, "-based") {
		return false
	}
	m := v.mentionAt(k)
	return m < 0 || v.mentions[m].Kind != model.KindCountry
}

// describedAsGroup reports whether an aside after a name calls it a group:
// "Turla, the FSB unit behind Snake, ...".
func (v *sentenceView) describedAsGroup(span model.Span) bool {
	k := v.wordAt(span.End)
	if k >= len(v.words) || strings.TrimSpace(v.doc.text[span.End:v.words[k].start]) != "," || !v.words[k].has(cueDeterminer) {
		return false
	}
	for i := k + 1; i < len(v.words) && i <= k+4; i++ {
		if strings.ContainsAny(v.doc.text[v.words[i-1].end:v.words[i].start], ",;()") {
			return false
		}
		switch v.words[i].lower {
		case "group", "unit", "gang", "crew", "actor", "team", "operation", "collective":
			return true
		}
	}
	return false
}

// insideName reports whether a capitalised word follows another without
// opening the sentence: it continues that name.
// countryEndsName reports whether the country mention at span ends the
// name of an organisation that capitals before it begin: "Air India",
// "Telecom Argentina", "TransUnion South Africa".
func (v *sentenceView) countryEndsName(m model.Mention) bool {
	if m.Kind != model.KindCountry || !countryProperNames()[m.Text] {
		return false
	}
	k := v.wordAt(m.Span.Start)
	return k > 0 && v.spaced(k) && v.capitalWord(k-1) && v.mentionAt(k-1) < 0 && v.mentionCovering(k-1) < 0
}

// countryProperNames are the countries' own names, not their demonyms or
// abbreviations: "India", not "Indian" or "UAE".
var countryProperNames = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, line := range countryNames {
		if parts := strings.Split(line, "|"); len(parts) > 1 && strings.ToUpper(parts[1]) != parts[1] {
			set[parts[1]] = true
		}
	}
	return set
})

func (v *sentenceView) insideName(span model.Span) bool {
	k := v.wordAt(span.Start)
	return k > 0 && v.spaced(k) && v.capitalWord(k-1) && !v.doc.startsSentence(v.words[k-1].start) ||
		k > 1 && v.spaced(k) && v.capitalWord(k-1)
}

// flawNamed reports whether the sentence speaks of a flaw in something:
// a product may then be named without a vulnerability's identifier.
func (v *sentenceView) flawNamed() bool { return v.anyWord(flawWords) }

var flawWords = setOf("flaw", "flaws", "vulnerability", "vulnerabilities", "bug", "bugs", "zero-day", "zero-days")

// anyWord reports whether a word of the sentence is in set.
func (v *sentenceView) anyWord(set map[string]bool) bool {
	return slices.ContainsFunc(v.words, func(w word) bool { return set[w.lower] })
}

// flawUsed reports whether what a "used" trigger ending before word k
// uses is a flaw: "used a zero-day flaw in GoAnywhere" is exploitation, not
// malware use.
func (v *sentenceView) flawUsed(k int) bool {
	for i := k; i < len(v.words) && i <= k+3; i++ {
		switch v.words[i].lower {
		case "flaw", "flaws", "vulnerability", "vulnerabilities", "bug", "bugs", "zero-day", "zero-days", "exploit", "exploits":
			return true
		}
		if v.mentionAt(i) >= 0 {
			return v.mentions[v.mentionAt(i)].Kind == model.KindVulnerability
		}
	}
	return false
}

// commonWord reports whether a one-word mention is a word no name is:
// "at", "August".
func (v *sentenceView) commonWord(k int, span model.Span) bool {
	return k < len(v.words) && v.words[k].start == span.Start && v.words[k].end == span.End && v.words[k].has(cueNotName)
}

// aliasAfter reports whether the name at word k follows "also known as"
// and the like: it is another name of what comes before, not another
// participant.
func (v *sentenceView) aliasAfter(k int) bool {
	switch v.lowerAt(k - 1) {
	case "as", "called", "aka", "a.k.a":
	default:
		return false
	}
	switch {
	case v.is(k-3, "also", "known", "as"), v.is(k-3, "formerly", "known", "as"), v.is(k-3, "also", "tracked", "as"),
		v.is(k-2, "also", "called"), v.is(k-1, "aka"), v.is(k-2, "a.k.a"):
		return true
	}
	return false
}

// claimContext is what the claims of one sentence share.
type claimContext struct {
	v       *sentenceView
	facts   sentenceFacts
	parts   []participant
	clauses []clause
	hits    []triggerHit
	times   []timeExpr
	owned   []int               // per hit, the time it owns, or -1
	roles   []model.Role        // scratch for the builders' roles; build copies the result
	classes map[string]orgClass // classifyName by name, for the whole article
}

// claimsIn returns the claims of one sentence: one per trigger, less
// those another claim of the same type already says. The claims are
// appended to dst[:0]; c is scratch for the sentence's context.
func claimsIn(v *sentenceView, facts sentenceFacts, parts []participant, times []timeExpr, ante *antecedents,
	c *claimContext, dst []model.Claim) []model.Claim {
	hits := moreHits(v, findHits(v, c.hits[:0]))
	if !slices.ContainsFunc(hits, func(h triggerHit) bool { return !h.report || v.words[h.at].has(cueDenial) || v.dismissal(h.at) }) {
		return nil
	}
	c.setUp(v, facts, parts, times, ante, hits)
	malware, vulnerability := false, false
	for _, p := range c.parts {
		malware = malware || p.mention.Kind == model.KindMalware || p.mention.Kind == model.KindTool
		vulnerability = vulnerability || p.mention.Kind == model.KindVulnerability
	}
	out := dst[:0]
	for i, h := range c.hits {
		if h.report {
			continue
		}
		// Skip what cannot complete: malware use with no malware named,
		// exploitation with neither a vulnerability nor a flaw.
		if (h.typ == model.ClaimMalwareUse && (!malware || v.flawUsed(h.end))) ||
			(h.typ == model.ClaimExploitation && !vulnerability && !v.flawNamed()) {
			continue
		}
		if cl, ok := c.buildAt(i); ok {
			out = mergeClaim(out, cl)
		}
	}
	out = foldBreach(out)
	out = foldDemand(out)
	out = foldRansomware(out)
	if d, ok := c.denial(out); ok {
		// The attacks a state denies are the denial's, not claims of
		// their own: "Moscow has denied carrying out cyberattacks on
		// Ukraine" is one negated attribution.
		out = slices.DeleteFunc(out, func(cl model.Claim) bool { return cl.Negated && deniedBy(cl, d) })
		out = append(out, d)
	}
	out = c.charged(out)
	out = c.stateOfficers(out)
	out = c.companions(out)
	slices.SortStableFunc(out, func(a, b model.Claim) int {
		return slices.Index(claimTypeOrder, a.Type) - slices.Index(claimTypeOrder, b.Type)
	})
	return out
}

// setUp readies c for the sentence's claims from hits: its clauses, its
// participants (the names the triggers act on included) and the times
// each trigger owns. The buffers of the sentence before are reused.
func (c *claimContext) setUp(v *sentenceView, facts sentenceFacts, parts []participant, times []timeExpr, ante *antecedents, hits []triggerHit) {
	clauseBuf, ownedBuf, rolesBuf := c.clauses[:0], c.owned[:0], c.roles[:0]
	classes := c.classes
	if classes == nil {
		classes = map[string]orgClass{}
	}
	*c = claimContext{v: v, facts: facts, times: times, hits: hits, roles: rolesBuf, classes: classes} // only for sentences that may claim
	c.clauses = clausesOf(v, clauseBuf)
	named := len(parts)
	c.parts = append(parts, readNames(v, c.hits)...)
	c.parts = append(c.parts, lawSubjects(v, c.hits)...)
	classify(c.parts, c.classes)
	if ante != nil {
		for _, p := range c.parts[named:] {
			if p.mention.Kind == model.KindOrganization && !p.government && !p.agency && !facts.isClaimant(readName, p.at) {
				ante.noteOrg(p.mention)
			}
		}
		for _, p := range c.parts[named:] {
			if p.mention.Kind == model.KindPerson && p.index == readName {
				ante.notePerson(p.mention)
			}
		}
		c.parts = append(c.parts, ante.pronounPersons(v)...)
		c.parts = append(c.parts, ante.groupPersons(v, c.parts)...)
		c.parts = append(c.parts, ante.subjectPersons(v, c.parts)...)
	}
	slices.SortStableFunc(c.parts, func(a, b participant) int { return a.at.Start - b.at.Start })
	c.owned = ownTimes(v, c.clauses, c.hits, times, ownedBuf)
}

// buildAt builds the claim of the trigger c.hits[i].
func (c *claimContext) buildAt(i int) (model.Claim, bool) {
	h := c.hits[i]
	b := claimBuilder{ctx: c, v: c.v, facts: c.facts, parts: c.parts, typ: h.typ, at: h.at, end: h.end, suffix: h.suffix, hit: i}
	cl, ok := b.build()
	if b.roles != nil {
		c.roles = b.roles[:0] // keep the grown buffer for the next builder
	}
	return cl, ok
}

// deniedBy reports whether claim cl is an attack whose only attacker is
// the state denial d names as sponsor.
func deniedBy(cl model.Claim, d model.Claim) bool {
	if !attackType(cl.Type) {
		return false
	}
	for _, r := range cl.Roles {
		if attackerRole(r.Role) && !(r.Role == "sponsor" && (r.Span == d.Roles[0].Span || r.Text == d.Roles[0].Text)) {
			return false
		}
	}
	return true
}

// foldBreach merges a targeting claim into the data-breach claim of the
// same sentence that names no victim or attacker of its own: "the 2015
// breach of the health insurer Anthem, in which the records of 78.8
// million people were stolen" is one data breach.
func foldBreach(claims []model.Claim) []model.Claim {
	ti, di := -1, -1
	for i, c := range claims {
		switch c.Type {
		case model.ClaimTargeting:
			if ti >= 0 {
				return claims
			}
			ti = i
		case model.ClaimDataBreach:
			if di >= 0 {
				return claims
			}
			di = i
		}
	}
	if ti < 0 || di < 0 {
		return claims
	}
	d, t := &claims[di], claims[ti]
	for _, r := range d.Roles {
		switch r.Role {
		case "victim", "actor", "sponsor", "malware":
			return claims
		}
	}
	d.Roles = append(d.Roles, t.Roles...)
	sortRoles(d.Roles)
	if d.TimeText == "" {
		d.TimeText, d.TimeStart, d.TimeEnd = t.TimeText, t.TimeStart, t.TimeEnd
	}
	if d.Claimant == "" {
		d.Claimant = t.Claimant
	}
	return slices.Delete(claims, ti, ti+1)
}

// stateOfficers adds the attribution that an attack by the officers of a
// state body makes when the sentence has none: "four officers of Russia's
// GRU had tried to hack into the OPCW" ties the attack to the GRU.
func (c *claimContext) stateOfficers(claims []model.Claim) []model.Claim {
	v := c.v
	for _, cl := range claims {
		if cl.Type == model.ClaimAttribution {
			return claims
		}
	}
	for _, cl := range claims {
		if cl.Type != model.ClaimTargeting || slices.ContainsFunc(cl.Roles, func(r model.Role) bool { return r.Role == "actor" }) {
			continue
		}
		officers := false
		for _, r := range cl.Roles {
			if r.Role != "sponsor" {
				continue
			}
			k := v.wordAt(r.Span.Start)
			if k < len(v.words) && v.words[k].start == r.Span.Start && v.lowerAt(k-1) == "of" && officerNouns[v.lowerAt(k-2)] {
				officers = true
			}
		}
		if !officers {
			continue
		}
		a := cl
		a.Type = model.ClaimAttribution
		a.Roles = slices.Clone(cl.Roles)
		return append(claims, a)
	}
	return claims
}

// officerNouns are the people of a state body: "officers of Russia's GRU".
var officerNouns = setOf("officers", "officer", "agents", "agent", "members", "spies", "operatives")

// foldDemand merges a ransomware claim that adds only a sum to another
// ransomware claim of the sentence into that claim: "Bad Rabbit hit the
// Kyiv metro ..., demanding 0.05 bitcoin" is one attack.
func foldDemand(claims []model.Claim) []model.Claim {
	for i := 0; i < len(claims); i++ {
		d := claims[i]
		if d.Type != model.ClaimRansomware || !slices.ContainsFunc(d.Roles, func(r model.Role) bool { return r.Role == "amount" }) {
			continue
		}
		for j := range claims {
			if j == i || claims[j].Type != model.ClaimRansomware || !rolesWithinBut(d.Roles, claims[j].Roles, "amount") {
				continue
			}
			o := &claims[j]
			for _, r := range d.Roles {
				if r.Role == "amount" && !slices.ContainsFunc(o.Roles, func(x model.Role) bool { return x.Span == r.Span }) {
					o.Roles = append(o.Roles, r)
				}
			}
			negated := o.Negated
			*o = fillClaim(*o, d)
			// A demand's negation ("when the company did not pay") is the
			// payment's, not the attack's.
			o.Negated = negated
			claims = slices.Delete(claims, i, i+1)
			i--
			break
		}
	}
	return claims
}

// rolesWithinBut reports whether every role of a but those named skip is
// in b, and a has such roles.
func rolesWithinBut(a, b []model.Role, skip string) bool {
	other := false
	for _, r := range a {
		if r.Role == skip {
			continue
		}
		other = true
		if !slices.ContainsFunc(b, func(x model.Role) bool { return x.Role == r.Role && x.Span == r.Span }) {
			return false
		}
	}
	return other
}

// foldRansomware merges a ransomware claim that names only the malware
// into the sentence's other ransomware claim, which names none: "The
// university paid 30 bitcoin to regain access to systems that had been
// encrypted with the Clop ransomware" is one attack.
func foldRansomware(claims []model.Claim) []model.Claim {
	only, other := -1, -1
	for i, c := range claims {
		if c.Type != model.ClaimRansomware {
			continue
		}
		hasMalware := slices.ContainsFunc(c.Roles, func(r model.Role) bool { return r.Role == "malware" })
		hasActor := slices.ContainsFunc(c.Roles, func(r model.Role) bool { return r.Role == "actor" })
		switch {
		case hasActor:
			return claims
		case hasMalware && len(c.Roles) == 1 && only < 0:
			only = i
		case !hasMalware && other < 0:
			other = i
		default:
			return claims
		}
	}
	if only < 0 || other < 0 {
		return claims
	}
	c := &claims[other]
	c.Roles = append(c.Roles, claims[only].Roles...)
	sortRoles(c.Roles)
	*c = fillClaim(*c, claims[only])
	return slices.Delete(claims, only, only+1)
}

// byRansomware reports whether the attack verb ending before word k is
// done with ransomware itself, within a few words and the clause: "had
// been hit by ransomware", "struck the city with ransomware".
func (v *sentenceView) byRansomware(k int) bool {
	for i := k; i < len(v.words) && i <= k+5; i++ {
		if i > k && (v.words[i].cue&cueClauseOpener != 0 || strings.ContainsAny(v.doc.text[v.words[i-1].end:v.words[i].start], ",;")) {
			return false
		}
		if (v.lowerAt(i) == "by" || v.lowerAt(i) == "with") && v.lowerAt(i+1) == "ransomware" && v.mentionAt(i+1) < 0 {
			return true
		}
	}
	return false
}

// moreHits adjusts the hits for what their objects say: a malware-use
// trigger whose object is ransomware itself ("to push ransomware to about
// 1,500 businesses") is a ransomware claim; a break-in through a flaw
// ("breached its network through the same vulnerability") is also an
// exploitation.
func moreHits(v *sentenceView, hits []triggerHit) []triggerHit {
	for k := range v.words {
		w := v.words[k].lower
		if v.text(k) != w {
			continue
		}
		switch {
		case w == "victims" && k > 0 && v.hasCue(k+1, cueInclude) &&
			(v.lowerAt(k-1) == "its" || v.lowerAt(k-1) == "their" || possessiveGap(v.doc.text[v.words[k-1].end:v.words[k].start])):
			// "the group's victims include hospitals": a possessive's
			// victims listed are its targets.
			hits = append(hits, triggerHit{at: k, end: k + 1, typ: model.ClaimTargeting})
		case passiveDataVerbs[w] && v.dataPassive(k) && !slices.ContainsFunc(hits, func(h triggerHit) bool { return h.at == k && h.typ == model.ClaimDataBreach }):
			// "no customer data had been affected": data as the subject of
			// a passive is a breach (or its denial).
			hits = append(hits, triggerHit{at: k, end: k + 1, typ: model.ClaimDataBreach})
		case v.words[k].has(cueIdentify) && v.attackersNamedAs(k):
			// "identified the attackers as a group it calls APT18": naming
			// the attackers attributes the attack.
			hits = append(hits, triggerHit{at: k, end: k + 1, typ: model.ClaimAttribution})
		}
	}
	n := len(hits)
	for i := 0; i < n; i++ {
		h := hits[i]
		if h.report {
			continue
		}
		switch h.typ {
		case model.ClaimMalwareUse:
			if v.lowerAt(h.end) == "ransomware" || v.lowerAt(h.end+1) == "ransomware" && v.hasCue(h.end, cueDeterminer) {
				hits[i].typ = model.ClaimRansomware
			}
		case model.ClaimTargeting, model.ClaimDataBreach:
			if h.typ == model.ClaimTargeting && h.end == h.at+1 && v.dataCompromised(h.at) {
				hits[i].typ = model.ClaimDataBreach // "no passwords had been compromised"
			}
			if h.typ == model.ClaimTargeting && v.byRansomware(h.end) {
				hits[i].typ = model.ClaimRansomware // "had been hit by ransomware"
			}
			if h.typ == model.ClaimTargeting && h.end == h.at+1 && flawTargets[v.words[h.at].lower] && v.flawUsed(h.end) {
				// "targeted a flaw in Fortinet devices", "attacking
				// CVE-2024-3400": aiming at a flaw is exploiting it.
				hits = append(hits, triggerHit{at: h.at, end: h.end, typ: model.ClaimExploitation})
				continue
			}
			for k := h.end; k < len(v.words) && k <= h.end+10; k++ {
				if w := v.words[k].lower; w != "through" && w != "via" {
					if v.words[k].cue&cueClauseOpener != 0 {
						break
					}
					continue
				}
				if v.flawUsed(k+1) || v.flawUsed(k+2) {
					hits = append(hits, triggerHit{at: h.at, end: h.end, typ: model.ClaimExploitation})
				}
				break
			}
		}
	}
	return hits
}

// includeVerbs list the members of what comes before them.
var includeVerbs = setOf("include", "included", "includes", "have", "has")

// identifyVerbs name who did it: "identified the attackers as".
var identifyVerbs = setOf("identified", "identifies", "identify", "named", "names", "unmasked", "unmasks", "outed")

// attackerNouns stand for whoever attacked.
var attackerNouns = setOf("attackers", "attacker", "hackers", "hacker", "intruders", "intruder", "culprits",
	"culprit", "perpetrators", "perpetrator", "group", "actors", "actor", "gang", "crew")

// attackersNamedAs reports whether the verb at word k takes the attackers
// and then "as": "identified the attackers as", "named the culprit as".
func (v *sentenceView) attackersNamedAs(k int) bool {
	i := k + 1
	if v.lowerAt(i) == "the" || v.lowerAt(i) == "those" {
		i++
	}
	return attackerNouns[v.lowerAt(i)] && v.lowerAt(i+1) == "as"
}

// describesData reports whether a data noun heads the words from k on,
// one or two words away, and a verb follows it: "encrypted PIN data was
// stolen".
func (v *sentenceView) describesData(k int) bool {
	for i := k; i < len(v.words) && i <= k+1; i++ {
		if v.words[i].has(cueDataNoun) {
			return v.hasCue(i+1, cueBeVerb) || v.hasCue(i+1, cueHaveVerb)
		}
		if !v.spaced(i) {
			return false
		}
	}
	return false
}

// flawTargets aim an attack at what follows them.
var flawTargets = setOf("targeted", "targeting", "targets", "target", "attacked", "attacking")

// dataCompromised reports whether the trigger at word k is a passive
// break-in whose subject is data: "no passwords had been compromised",
// "customer records were accessed".
func (v *sentenceView) dataCompromised(k int) bool {
	switch v.words[k].lower {
	case "compromised", "accessed", "breached":
		return v.dataPassive(k)
	}
	return false
}

// passiveDataVerbs say what befell data when it is their passive
// subject: "no customer data had been affected". Not "obtained": "the
// documents were obtained by Reuters" is no theft.
var passiveDataVerbs = setOf("affected", "impacted", "involved")

// dataPassive reports whether word k is a passive verb whose subject is
// data, not accounts or systems: "customer data had been affected".
func (v *sentenceView) dataPassive(k int) bool {
	p := k - 1
	if v.hasCue(p, cuePassiveAdverb) {
		p = k - 2
	}
	return v.hasCue(p, cueBeVerb) && v.lowerAt(p) != "be" && v.dataBefore(k) && !v.accountsBefore(k)
}

// accountsBefore reports whether the subject of a passive at word k is
// accounts or systems, whose break-in is no theft: "email accounts were
// compromised".
func (v *sentenceView) accountsBefore(k int) bool {
	for i := k - 1; i >= 0 && i >= k-4; i-- {
		switch v.words[i].lower {
		case "accounts", "account", "systems", "servers", "networks", "devices":
			return true
		}
	}
	return false
}

// findHits returns the sentence's triggers and reporting verbs, in order,
// appended to dst[:0].
func findHits(v *sentenceView, dst []triggerHit) []triggerHit {
	hits := dst[:0]
	for k := range v.words {
		w := v.words[k].lower
		found := false
		var ts []trigger
		if v.words[k].cue&cueTrigger != 0 {
			ts = triggers[w]
		}
		for _, t := range ts {
			if !v.is(k, t.words...) || v.mentionAt(k) >= 0 || sponsorWord(w) {
				continue
			}
			if len(t.words) == 1 && !v.verbUse(k, t.typ) {
				continue
			}
			if t.typ == model.ClaimLawEnforce && v.words[k].has(cueShut) && (v.attackSubject(k) || v.ownSystems(k+len(t.words)-1) && !v.lawAccuser(k)) {
				// "a cyberattack that shut down government websites" is what
				// the attack did; "the company shut down all of its IT
				// systems" is a victim's precaution. Neither is law
				// enforcement.
				continue
			}
			if n := k + len(t.words); n < len(v.words) && v.words[n].has(cueAdjectiveUse) && v.spaced(n) &&
				t.typ != model.ClaimAttribution {
				continue
			}
			if capability(v, k) || v.unasserted(k, t.typ == model.ClaimLawEnforce) {
				continue
			}
			if t.typ == model.ClaimDisclosure && publicationNouns[v.lowerAt(k-1)] {
				continue // "in a report released on Tuesday": what was published is the report
			}
			if len(t.words) == 1 && strings.HasSuffix(w, "ed") && k > 0 && k+1 < len(v.words) && attributivePrep[v.lowerAt(k-1)] &&
				v.text(k-1) == v.lowerAt(k-1) && v.text(k+1) == v.lowerAt(k+1) && !v.words[k+1].has(cueDeterminer) && v.spaced(k+1) {
				continue // "a partner network for disabled jobseekers": a participle that describes
			}
			hits = append(hits, triggerHit{at: k, end: k + len(t.words), typ: t.typ})
			found = true
		}
		hyphen := strings.IndexByte(w, '-') > 0
		if hyphen && sponsorWord(w) && !criminalWord(v, k) && !v.placeNotState(k) {
			hits = append(hits, triggerHit{at: k, end: k + 1, typ: model.ClaimAttribution, suffix: true})
			found = true
		} else if hyphen && sponsorWord(w) {
			found = true
		} else if len(v.mentions) > 0 && isCapitalised(v.text(k)) && v.stateQualifies(k) {
			// "Chinese state hackers", "the Iranian group Charming Kitten".
			hits = append(hits, triggerHit{at: k, end: k + 1, typ: model.ClaimAttribution, suffix: true, place: true})
		}
		if !found && (v.words[k].cue&cueClaimVerb != 0 && v.text(k) == w || v.dismissal(k)) {
			hits = append(hits, triggerHit{at: k, end: k + 1, report: true})
		}
	}
	return hits
}

// demonymAttackers, after a state's demonym, name its hackers.
var demonymAttackers = setOf("hackers", "spies", "cyberspies", "attackers")

// stateQualifies reports whether word k is a place that ties an actor to
// its state within a noun phrase: followed by a state word ("Chinese
// state hackers", "Russian military intelligence officer"), or by a group
// noun or possessive and then a named actor ("the Iranian group Charming
// Kitten", "North Korea's Lazarus Group").
func (v *sentenceView) stateQualifies(k int) bool {
	m := v.mentionAt(k)
	if m < 0 || v.words[k].end != v.mentions[m].Span.End {
		return false
	}
	if kind := v.mentions[m].Kind; kind != model.KindCountry {
		return false
	}
	next := k + 1
	if next >= len(v.words) {
		return false
	}
	switch v.words[next].lower {
	case "government-backed", "government-sponsored", "state-sponsored", "state-backed":
		return v.spaced(next)
	case "espionage", "cyber-espionage", "cyberespionage", "spying":
		// "APT34, an Iranian cyber-espionage group": spying for a state,
		// in apposition to the actor ("a Russian cybercrime group" is
		// only where it is from).
		if v.hasCue(next+1, cueActorNoun) && v.spaced(next) && v.spaced(next+1) {
			d := k - 1
			if d >= 1 && v.words[d].has(cueDeterminer) && strings.TrimSpace(v.doc.text[v.words[d-1].end:v.words[d].start]) == "," {
				if a := v.mentionAt(d - 1); a >= 0 && v.mentions[a].Kind == model.KindThreatActor {
					return true
				}
			}
			// "a suspected Chinese cyberespionage group that Mandiant
			// tracks as UNC3886": the group is named right after.
			for i := next + 2; i < len(v.words) && i <= next+7; i++ {
				if strings.ContainsAny(v.doc.text[v.words[i-1].end:v.words[i].start], ",;()") {
					break
				}
				if a := v.mentionAt(i); a >= 0 && v.mentions[a].Kind == model.KindThreatActor {
					return true
				}
			}
		}
		return false
	case "state", "military", "intelligence":
		// "Chinese state hackers", "a Russian military intelligence
		// officer"; not "US military installations".
		for i := next + 1; i < len(v.words) && i <= next+2; i++ {
			if stateAttackers[v.words[i].lower] {
				return v.spaced(next)
			}
		}
		return false
	}
	if demonymAttackers[v.words[next].lower] && v.spaced(next) && adjectiveForm(v.mentions[m].Text) {
		// "Russian hackers stole ...": hackers named by a state's demonym
		// are that state's (testdata/claims/README.md).
		return true
	}
	possessive := strings.HasPrefix(v.doc.text[v.mentions[m].Span.End:], "'s ")
	if !possessive && !(v.spaced(next) && (v.words[next].has(cueActorNoun) || v.words[next].lower == "hackers")) {
		return false
	}
	for i := next; i < len(v.words) && i <= next+2; i++ {
		if strings.ContainsAny(v.doc.text[v.words[i-1].end:v.words[i].start], ",;()") && i > next {
			return false
		}
		if a := v.mentionAt(i); a >= 0 && v.mentions[a].Kind == model.KindThreatActor {
			return true
		}
	}
	return false
}

// itemizedData reports whether the participle at word k opens a subject
// that the next verb itemises: "the stolen information includes",
// "the leaked data contained".
func (v *sentenceView) itemizedData(k int) bool {
	switch v.words[k].lower {
	case "stolen", "leaked", "exposed", "compromised", "exfiltrated":
	default:
		return false
	}
	if !v.hasCue(k+1, cueDataNoun) {
		return false
	}
	switch v.lowerAt(k + 2) {
	case "includes", "included", "include", "contains", "contained", "comprised", "comprises":
		return true
	}
	return false
}

// stateAttackers after "state", "military" or "intelligence" make a
// state's hand: "state hackers", "military intelligence officer".
var stateAttackers = setOf("hackers", "hacker", "actors", "actor", "group", "groups", "unit", "units",
	"officer", "officers", "agency", "agencies", "service", "services", "spies", "operatives", "intelligence")

// verbUse rules out single trigger words that do not say the claim
// here: a participle used as an adjective ("the stolen data", "a
// compromised account"), "linked" with no "to" after it, "accused of"
// (a hedge on what follows, not an attribution).
func (v *sentenceView) verbUse(k int, typ model.ClaimType) bool {
	w := v.words[k].lower
	prev := v.lowerAt(k - 1)
	if typ == model.ClaimDataBreach && v.itemizedData(k) {
		return true // "The stolen information includes usernames and ...": what was taken, itemised
	}
	if v.words[k].has(cueParticiple) && ((v.hasCue(k-1, cueDeterminer) && prev != "that" && prev != "this") || prev == "using" || prev == "used" || prev == "with") {
		return false
	}
	// "encrypts its configuration": the malware hides its own parts.
	if typ == model.ClaimRansomware && strings.HasPrefix(w, "encrypt") && v.lowerAt(k+1) == "its" && v.lowerAt(k-1) != "to" {
		return false
	}
	// "the widely used OpenSSL library", "that encrypted PIN data was
	// stolen": a participle before the noun it describes.
	if v.words[k].has(cueParticiple) && (strings.HasSuffix(prev, "ly") && v.hasCue(k-2, cueDeterminer) || v.describesData(k+1)) {
		return false
	}
	// "passwords stolen from other sites": a participle after its noun.
	if k > 0 && v.words[k].has(cueParticiple) && !v.hasCue(k-1, cueBeVerb) && !v.hasCue(k-1, cueHaveVerb) && !v.hasCue(k-1, cuePassiveAdverb) &&
		v.text(k-1) == prev && v.mentionAt(k-1) < 0 && v.hasCue(k+1, cueReducedRelative) {
		return false
	}
	// A law-enforcement noun with no authority is no action: "The
	// indictment names ...".
	if typ == model.ClaimLawEnforce && v.words[k].has(cueLawAction) && (k == 0 || v.hasCue(k-1, cueDeterminer)) && v.lowerAt(k-2) == "" {
		return false
	}
	// "information leading to his arrest": an action still to come.
	if typ == model.ClaimLawEnforce && v.words[k].has(cueLawAction) && (prev == "his" || prev == "her" || prev == "their") &&
		(v.lowerAt(k-2) == "to" || v.lowerAt(k-2) == "for") {
		return false
	}
	// "a marketplace for stolen data", "among other stolen data": a
	// participle after a preposition describes the noun after it.
	if v.words[k].has(cueParticiple) && v.hasCue(k-1, cueParticiplePrep) && v.text(k) == w && !v.hasCue(k+1, cueReducedRelative) && v.lowerAt(k+1) != "" {
		return false
	}
	switch {
	case typ == model.ClaimDataBreach && w == "take":
		// "managed to take some data", not "take action", "take down".
		for i := k + 1; i < len(v.words) && i <= k+4; i++ {
			if dataNouns[v.words[i].lower] {
				return true
			}
			if x := v.words[i].lower; x == "offline" || x == "down" || x == "off" {
				return false
			}
		}
		return false
	case typ == model.ClaimDataBreach && (w == "taken" || w == "took"):
		// "had taken the personal information", not "taken down", "took
		// control", "took part", "had taken some systems offline"; "were
		// taken" only when data was ("no credit card numbers were taken").
		for i := k + 1; i < len(v.words) && i <= k+4; i++ {
			if x := v.words[i].lower; x == "offline" || x == "down" || x == "off" {
				return false
			}
		}
		if v.hasCue(k-1, cueBeVerb) || prev == "not" && v.hasCue(k-2, cueBeVerb) {
			return v.dataBefore(k)
		}
		return !notTaking[v.lowerAt(k+1)]
	case typ == model.ClaimDataBreach && w == "exposed":
		// "exposed the personal information", "no customer data had been
		// exposed"; not "a router exposed to the internet".
		if v.lowerAt(k+1) == "to" {
			return false
		}
		if v.hasCue(k-1, cueBeVerb) || prev == "not" || v.hasCue(k-1, cuePassiveAdverb) && v.hasCue(k-2, cueBeVerb) {
			return v.dataBefore(k) // "were also exposed"
		}
		for i := k + 1; i < len(v.words) && i <= k+5; i++ {
			if v.words[i].has(cueDataNoun) {
				return true
			}
		}
		return false
	case typ == model.ClaimDataBreach && (w == "obtained" || w == "posted" || w == "scraped" || w == "captured" || w == "harvested"):
		// "obtained the personal information", "posted customer records
		// online"; not "documents obtained by Reuters", "obtained access".
		if w == "posted" && v.hasCue(k-1, cueBeVerb) && v.dataSubject(k) {
			return true // "personal information ... had been posted on a hacking forum"
		}
		return v.lowerAt(k+1) != "by" && v.dataAfter(k+1, 5)
	case typ == model.ClaimRansomware && (w == "locked" || w == "locking"):
		// "locked the files" in a sentence about ransom, not "locked out".
		return v.ransomSaid() && v.lowerAt(k+1) != "out"
	case typ == model.ClaimRansomware && w == "listed":
		// "listed the hospital on its leak site"; not "listed companies".
		return v.leakSiteSaid()
	case typ == model.ClaimTargeting && w == "knocked":
		// "knocked the bank's website offline"; not "knocked on doors".
		for i := k + 1; i < len(v.words) && i <= k+6; i++ {
			if x := v.words[i].lower; x == "offline" || x == "out" || x == "down" {
				return true
			}
		}
		return false
	case typ == model.ClaimAttribution && w == "pinned":
		// "pinned the attack on Sandworm".
		on := v.find(k+1, "on")
		return on > k && on <= k+6
	case typ == model.ClaimLawEnforce && w == "designated":
		// "the Treasury designated the group"; not "designated areas".
		return v.lawAccuser(k) || v.sanctionSaid()
	case typ == model.ClaimTargeting && w == "hit":
		// "was hit by a ransomware attack", "hit Colonial Pipeline"; not
		// "hit a record".
		return v.hasCue(k-1, cueBeVerb) || v.hasCue(k-1, cuePassiveAdverb) && v.hasCue(k-2, cueBeVerb) || v.mentionAt(k+1) >= 0 || v.capitalWord(k+1) ||
			v.lowerAt(k+1) == "the" && (v.mentionAt(k+2) >= 0 || v.capitalWord(k+2)) || // "hit the Kyiv metro"
			v.victimsAhead(k+1) // "has hit at least 43 companies", "hit hospitals"
	case typ == model.ClaimRansomware && v.words[k].has(cuePayVerb):
		return v.ransomSaid() || v.paidToCrew(k) || v.paidAttackers(k)
	case typ == model.ClaimRansomware && demandVerbs[w]:
		return v.ransomDemand(k)
	case typ == model.ClaimExploitation && (w == "exploit" || w == "exploits") && v.lowerAt(k+1) == "for":
		// "a working exploit for a flaw", "released exploits for": the
		// tool exists, no one is said to use it.
		return !(prev == "a" || prev == "an" || v.lowerAt(k-2) == "a" || v.lowerAt(k-2) == "an" || prev == "released" || prev == "published")
	}
	switch w {
	case "responsible":
		// "the gang was believed to be responsible"; "responsible for" is
		// a trigger of its own.
		be := v.hasCue(k-1, cueBeVerb) || v.hasCue(k-1, cuePassiveAdverb) && v.hasCue(k-2, cueBeVerb)
		return be && v.lowerAt(k+1) != "for"
	case "involved":
		// "the Russian government was involved"; not "the attack involved
		// ransomware".
		return v.hasCue(k-1, cueBeVerb) || v.hasCue(k-1, cuePassiveAdverb) && v.hasCue(k-2, cueBeVerb)
	case "linked", "tied", "link", "links":
		// "Prosecutors link the group to the Hubei State Security
		// Department": the verb ties what follows to a sponsor.
		if (w == "link" || w == "links") && (v.hasCue(k-1, cueDeterminer) || prev == "no" || prev == "any") {
			return false // "the link to", "no links to": a noun
		}
		to := v.find(k+1, "to")
		return to > k && to <= k+6
	case "accused", "accuses", "accuse", "accusing":
		// A law body that accuses someone of a crime charges them: "The
		// Justice Department accuses Ni Gaobin, ... of conspiracy to commit
		// computer intrusions" is a law-enforcement action, not an
		// attribution; the crimes named after "of" make their own claims.
		// An accusation by anyone else ("the United States, which accuses
		// him of stealing data") only hedges what follows.
		if v.lawAccuser(k) {
			return typ == model.ClaimLawEnforce && v.accusedOf(k)
		}
		next := v.lowerAt(k + 1)
		if next == "him" || next == "her" || next == "them" || next == "it" {
			next = v.lowerAt(k + 2) // "accuses him of stealing data": a hedge too
		}
		return typ == model.ClaimAttribution && w != "accuse" && w != "accusing" && next != "of"
	}
	return true
}

// lawWords name a body that brings charges.
var lawWords = setOf("prosecutors", "prosecutor", "police", "department", "indictment", "complaint",
	"fbi", "doj", "attorney", "attorneys", "justice")

// victimNouns name who an attack hits, in the plural: "hit at least 43
// companies".
var victimNouns = setOf("companies", "organizations", "organisations", "businesses", "firms", "victims", "targets",
	"entities", "institutions", "agencies", "hospitals", "schools", "universities", "municipalities", "governments",
	"banks", "networks", "systems", "servers", "computers", "devices", "users", "customers", "websites", "sites",
	"retailers", "manufacturers", "providers", "operators", "utilities", "councils", "cities", "ministries")

// victimsAhead reports whether, from word k on, a plural victim noun or a
// sector follows a few words that count or describe it: "at least 43
// companies", "more than 1,000 U.S. organizations", "hospitals".
func (v *sentenceView) victimsAhead(k int) bool {
	for i := k; i < len(v.words) && i <= k+5; i++ {
		w := v.words[i].lower
		if victimNouns[w] || sectorPhrases[w] != nil && v.text(i) == w {
			return true
		}
		if i > k && !v.spaced(i) && !strings.HasPrefix(v.doc.text[v.words[i-1].end:v.words[i].start], ",") {
			return false
		}
		if !(v.numberWord(i) || countWords[w] || v.text(i) == w && !v.words[i].has(cueTrigger) || v.mentionAt(i) >= 0) {
			return false
		}
	}
	return false
}

// countWords count or bound what follows: "at least 43", "more than 1,000".
var countWords = setOf("at", "least", "more", "than", "over", "about", "nearly", "almost", "around", "some",
	"dozens", "hundreds", "thousands", "of", "several", "many", "numerous", "two", "three", "four", "five")

// lawAccuser reports whether the accusing verb at word k has a law body as
// its subject in the same clause: "Prosecutors accuse", "The U.S. Justice
// Department on Thursday accused".
func (v *sentenceView) lawAccuser(k int) bool {
	for i := k - 1; i >= 0 && i >= k-8; i-- {
		w := v.words[i].lower
		if v.words[i].cue&cueClauseOpener != 0 || strings.ContainsAny(v.doc.text[v.words[i].end:v.words[i+1].start], ",;") {
			return false
		}
		if lawWords[w] {
			return true
		}
	}
	return false
}

// accusedOf reports whether an accusing verb at word k says what of: "of
// conspiracy", "of stealing".
func (v *sentenceView) accusedOf(k int) bool {
	of := v.find(k+1, "of")
	return of > k && of <= k+20
}

// shutVerbs start the law-enforcement actions an attack or a victim may
// also take: "shut down", "took down", "disabled".
var shutVerbs = setOf("shut", "shutting", "took", "taken", "take", "disabled", "disrupted")

// attackSubject reports whether the verb at word k has an attack as its
// subject: "a cyberattack that shut down", "the ransomware attack that took
// down".
func (v *sentenceView) attackSubject(k int) bool {
	i := k - 1
	for i >= 0 && (v.words[i].has(cueHaveVerb) || adverb(v, i) || v.words[i].lower == "that" || v.words[i].lower == "which") {
		i--
	}
	return i >= 0 && (v.words[i].has(cueTriggerNoun) || v.words[i].lower == "cyberattack" || v.words[i].lower == "ransomware")
}

// ownSystems reports whether the object of the verb at word k is the
// subject's own: "shut down all of its IT systems", "took its servers
// offline".
func (v *sentenceView) ownSystems(k int) bool {
	for i := k + 1; i < len(v.words) && i <= k+6; i++ {
		switch v.words[i].lower {
		case "its", "their", "our":
			return true
		case "down", "all", "some", "several", "of", "most", "part", "parts",
			// "shut down computer systems at its facilities"
			"computer", "computers", "systems", "system", "networks", "network", "servers", "at", "across", "in":
		default:
			return false
		}
	}
	return false
}

// participlePreps before a participle make it an adjective: "for stolen
// data", "of hacked accounts".
var participlePreps = setOf("for", "of", "other", "sell", "selling", "sold", "publish", "published", "advertise", "advertised")

// dataBefore reports whether a data noun stands in the few words before
// word k, in its clause: the subject of "were taken", "had been exposed".
func (v *sentenceView) dataBefore(k int) bool {
	for i := k - 1; i >= 0 && i >= k-8; i-- {
		if v.words[i].has(cueDataNoun) {
			return true
		}
		if v.words[i].cue&cueClauseOpener != 0 && v.words[i].lower != "that" {
			return false
		}
	}
	return false
}

// dataSubject reports whether the subject of a passive at word k, up to
// a dozen words back in its clause, is data: "personal information
// belonging to 7.6 million account holders had been posted".
func (v *sentenceView) dataSubject(k int) bool {
	for i := k - 1; i >= 0 && i >= k-12; i-- {
		if v.words[i].has(cueDataNoun) && v.text(i) == v.words[i].lower {
			return true
		}
		if v.words[i].cue&(cueClauseOpener|cueClaimVerb) != 0 && v.words[i].lower != "that" {
			return false
		}
	}
	return false
}

// notTaking follow "taken" or "took" when nothing is stolen.
var notTaking = setOf("down", "offline", "control", "over", "part", "place", "steps", "action", "measures",
	"advantage", "responsibility", "credit", "aim", "off", "out", "up", "into", "to", "charge", "hold", "effect")

// payIntents stand between a payer and "pay": "refused to pay".
var payIntents = setOf("refused", "declined", "agreed", "decided", "chose", "to")

// payVerbs say that a victim paid: a ransomware claim when the sentence
// speaks of a ransom or a ransomware gang.
var payVerbs = setOf("paid", "pay", "paying")

// demandVerbs ask for a ransom: a ransomware claim when what is demanded
// is money ("demanded 565 bitcoin", "demanding $5 million").
var demandVerbs = setOf("demanded", "demanding", "demands")

// ransomDemand reports whether the demand verb at word k asks for a sum of
// money or a ransom in the words right after it, in a sentence that
// speaks of ransomware or a ransom.
func (v *sentenceView) ransomDemand(k int) bool {
	if !v.ransomSaid() && !v.doc.ransomTalk {
		return false // in an article about ransom, "demanded $40 million from" is one
	}
	for i := k + 1; i < len(v.words) && i <= k+4; i++ {
		w := v.words[i].lower
		if w == "ransom" || w == "payment" || currencyUnits[w] || strings.HasPrefix(v.doc.text[v.words[i].start-1:v.words[i].end], "$") {
			return true
		}
	}
	return false
}

// dataAfter reports whether a data noun stands in the n words from word
// k, within its clause: "obtained the personal information of".
func (v *sentenceView) dataAfter(k, n int) bool {
	for i := k; i < len(v.words) && i < k+n; i++ {
		if v.words[i].has(cueDataNoun) {
			return true
		}
		if i > k && (v.words[i].cue&cueClauseOpener != 0 || strings.ContainsAny(v.doc.text[v.words[i-1].end:v.words[i].start], ",;")) {
			return false
		}
	}
	return false
}

// leakSiteSaid reports whether the sentence speaks of a gang's leak or
// extortion site: "listed the company on its leak site".
func (v *sentenceView) leakSiteSaid() bool {
	for k, w := range v.words {
		switch w.lower {
		case "leak", "extortion", "shaming":
			switch v.lowerAt(k + 1) {
			case "site", "sites", "blog", "page", "portal":
				return true
			}
		case "dark":
			return v.lowerAt(k+1) == "web"
		}
	}
	return false
}

// sanctionSaid reports whether the sentence speaks of sanctions: a
// designation is then a sanction.
func (v *sentenceView) sanctionSaid() bool { return v.anyWord(sanctionWords) }

var sanctionWords = setOf("sanctions", "sanctioned", "ofac", "treasury", "terrorist")

// ransomSaid reports whether the sentence speaks of a ransom or of
// ransomware: "paid $11 million to the REvil ransomware gang".
func (v *sentenceView) ransomSaid() bool { return v.anyWord(ransomWords) }

var ransomWords = setOf("ransom", "ransoms", "ransomware", "extortion", "extortionists")

// paidAttackers reports whether the pay verb at word k pays off an attack
// though the sentence never says "ransom": "Colonial had paid 75 bitcoin
// after the attack", "paid a hacker about $370,000 to delete the stolen
// records", "paid $15 million, about half of what the attackers had
// demanded". Paying for something ("paid for credit monitoring") and
// being paid are no ransom.
func (v *sentenceView) paidAttackers(k int) bool {
	if v.lowerAt(k+1) == "for" || v.hasCue(k-1, cueBeVerb) {
		return false
	}
	return v.anyWord(payCues)
}

// payCues in a sentence make a payment a ransom.
var payCues = setOf("attack", "attacks", "cyberattack", "attackers", "hacker", "hackers", "demanded", "demand",
	"bitcoin", "leaking", "decryption", "decryptor", "extort", "extorted")

// paidToCrew reports whether the pay verb at word k pays a gang: "paid $4
// million to the LockBit gang".
func (v *sentenceView) paidToCrew(k int) bool {
	to := v.find(k+1, "to")
	if to < 0 || to > k+6 {
		return false
	}
	for i := to + 1; i < len(v.words) && i <= to+4; i++ {
		if v.words[i].has(cueCrew) && v.mentionAt(i-1) >= 0 {
			return true
		}
	}
	return false
}

var (
	haveVerbs             = setOf("had", "has", "have", "having")
	reducedRelative       = setOf("from", "by", "in", "during", "at", "through", "on")
	lawActionNouns        = setOf("indictment", "charges", "sanctions", "arrest", "arrests", "seizure", "takedown", "warrant")
	adjectivalParticiples = setOf("stolen", "leaked", "hacked", "compromised", "breached", "infected",
		"exfiltrated", "dumped", "encrypted", "targeted", "sanctioned", "seized", "hijacked", "used")
	determiners = setOf("a", "an", "the", "its", "their", "his", "her", "our", "these", "those", "this", "that")
)

// capability reports whether the trigger at word k is only possible or
// wished for: "the EU can impose sanctions", "could use its access to
// mount attacks", "urged customers to patch", "sanctions, which the EU
// can impose".
func capability(v *sentenceView, k int) bool {
	// A modal earlier in the clause, with no verb of another claim
	// between: "which the EU can impose under its cyber sanctions".
	for i := k - 1; i >= 0 && i >= k-8; i-- {
		w := v.words[i].lower
		cue := v.words[i].cue
		if cue&cueModal != 0 && v.text(i) == w && v.lowerAt(i+1) != "have" {
			return true
		}
		if cue&(cueTrigger|cueClaimVerb|cueClauseOpener) != 0 ||
			strings.ContainsAny(v.doc.text[v.words[i].end:v.words[i+1].start], ",;") {
			break
		}
	}
	for i := k - 1; i >= 0 && i >= k-3; i-- {
		switch w := v.words[i].lower; {
		case v.words[i].cue&cueModal != 0 && v.text(i) == w:
			return true
		case w == "to" && i > 0 && wishVerbs[v.words[i-1].lower]:
			return true
		case w == "to" && i > 1 && wishVerbs[v.words[i-2].lower]:
			return true
		case v.words[i].cue&(cueBeVerb|cuePassiveAdverb) != 0 || w == "impose" || w == "mount" || w == "carry" || w == "use":
		default:
			return false
		}
	}
	return false
}

// unasserted reports whether the trigger at word k is in a clause opened
// by "whether" (or, with law set, "if"): "did not say whether any data
// had been taken", "If convicted on the charges, he faces ..." assert
// nothing. A ransom "if not paid" is still asked, so "if" stops only
// law-enforcement triggers.
func (v *sentenceView) unasserted(k int, law bool) bool {
	if law && sanctionsFlouted[v.lowerAt(k-1)] || law && sanctionsFlouted[v.lowerAt(k-2)] && v.words[k-1].lower != "and" {
		return true // "helping Tehran evade international sanctions": sanctions broken, none imposed
	}
	for i := k - 1; i >= 0 && i >= k-6; i-- {
		if w := v.words[i].lower; w == "whether" || law && w == "if" {
			return true
		}
		if strings.ContainsAny(v.doc.text[v.words[i].end:v.words[i+1].start], ",;") {
			return false
		}
	}
	return false
}

// publicationNouns name what a report, not a fix, is: "a report released
// on Tuesday", "a video published".
var publicationNouns = setOf("report", "reports", "statement", "study", "paper", "video", "videos", "documents",
	"document", "analysis", "letter", "blog", "post", "book", "findings", "research")

// attributivePrep, before a participle and a noun, make the participle
// describe the noun: "for disabled jobseekers", "of stolen data".
var attributivePrep = setOf("for", "of", "with", "to", "among")

// sanctionsFlouted are the verbs of breaking sanctions, not imposing them.
var sanctionsFlouted = setOf("evade", "evading", "evaded", "evades", "skirt", "skirting", "violate", "violating", "violated", "dodge", "dodging")

var (
	modalVerbs = setOf("can", "could", "would", "will", "might", "should", "must", "cannot", "may")
	wishVerbs  = setOf("urged", "urges", "asked", "asks", "advised", "advises", "told", "plans", "planned", "wants", "threatened", "threatens")
)

// criminalWord reports whether the "Russia-based" word at k describes a
// criminal gang rather than a state's hackers.
func criminalWord(v *sentenceView, k int) bool {
	if !strings.HasSuffix(v.words[k].lower, "-based") {
		return false
	}
	for i := k + 1; i < len(v.words) && i <= k+3; i++ {
		if v.words[i].has(cueCriminal) {
			return true
		}
	}
	return false
}

var criminalCues = setOf("criminal", "criminals", "cybercrime", "cybercriminal", "ransomware", "gang", "extortion", "fraud")

// mergeClaim adds c to claims unless a claim of the same type already
// holds its roles; a claim holding another's roles replaces it. Merged
// claims keep what either knows of time, hedge and claimant.
func mergeClaim(claims []model.Claim, c model.Claim) []model.Claim {
	for i, o := range claims {
		if o.Type != c.Type || separateActions(o, c) {
			continue
		}
		switch {
		case rolesWithin(c.Roles, o.Roles):
			claims[i] = fillClaim(o, c)
			return claims
		case rolesWithin(o.Roles, c.Roles):
			claims[i] = fillClaim(c, o)
			return claims
		}
	}
	return append(claims, c)
}

// possessivePronouns before a law-enforcement noun name its target: "his
// extradition".
var possessivePronouns = setOf("his", "her", "their")

// separateActions reports whether two law-enforcement claims tell actions
// of different kinds (actionFamilies): "arrested Kaye ..., and he was then
// extradited" is an arrest and an extradition.
func separateActions(a, b model.Claim) bool {
	if a.Type != model.ClaimLawEnforce {
		return false
	}
	x, y := actionOf(a), actionOf(b)
	if x == "" || y == "" {
		return false
	}
	fx, fy := actionFamilies[x], actionFamilies[y]
	return fx != "" && fy != "" && fx != fy
}

// actionFamilies sort law-enforcement actions into kinds: two actions of
// different kinds in a sentence are two claims ("arrested Ulbricht and
// shut down the site"), two words for one kind are one ("charged him in
// an indictment"). Words of no kind here ("warrant") join either.
var actionFamilies = func() map[string]string {
	out := map[string]string{}
	for family, words := range map[string][]string{
		"charge": {"charged", "charges", "charging", "indicted", "indictment", "indicting", "indicts",
			"accused", "accuses", "accusing", "accuse", "prosecuted", "prosecuting"},
		"arrest": {"arrested", "arrest", "arrests", "arresting", "detained", "detains", "detaining",
			"apprehended", "nabbed"}, // not "detention": "sentenced to indefinite detention"
		"extradition": {"extradited", "extradition", "extradite", "extradites", "extraditing"},
		"seizure": {"seized", "seizing", "seizure", "seizes", "confiscated", "froze", "frozen", "freezing",
			"forfeiture", "forfeited"},
		"takedown": {"shut down", "shutting down", "shuts down", "took down", "taken down", "take down",
			"takedown", "takes down", "dismantled", "dismantling", "dismantles", "disrupted", "disrupting",
			"disruption", "disrupts", "sinkholed", "disabled", "taken control", "took control"},
		"sanction": {"sanctioned", "sanctions", "sanctioning", "sanction", "designated"},
		"conviction": {"convicted", "conviction", "convicts", "sentenced", "sentencing", "jailed",
			"imprisoned", "fined"},
		"raid": {"raided", "raids", "raid"},
	} {
		for _, w := range words {
			out[w] = family
		}
	}
	return out
}()

// actionOf returns a law-enforcement claim's action, lower-cased.
func actionOf(c model.Claim) string {
	for _, r := range c.Roles {
		if r.Role == "action" {
			return strings.ToLower(r.Text)
		}
	}
	return ""
}

// rolesWithin reports whether every role of a but its action is in b.
func rolesWithin(a, b []model.Role) bool {
	for _, r := range a {
		if r.Role == "action" {
			continue
		}
		if !slices.ContainsFunc(b, func(x model.Role) bool { return x.Role == r.Role && x.Span == r.Span }) {
			return false
		}
	}
	return true
}

// fillClaim completes c with what o knows and c does not.
func fillClaim(c, o model.Claim) model.Claim {
	if c.TimeText == "" {
		c.TimeText, c.TimeStart, c.TimeEnd = o.TimeText, o.TimeStart, o.TimeEnd
	}
	if c.Claimant == "" {
		c.Claimant = o.Claimant
	}
	if c.Hedge == "" && o.Hedge != "" {
		c.Hedge, c.Confidence = o.Hedge, o.Confidence
	}
	c.Negated = c.Negated || o.Negated
	if !slices.ContainsFunc(c.Roles, func(r model.Role) bool { return r.Role == "action" }) {
		for _, r := range o.Roles {
			if r.Role == "action" {
				c.Roles = append(c.Roles, r)
			}
		}
	}
	return c
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

// claimBuilder fills one claim from a trigger at words at..end-1.
type claimBuilder struct {
	ctx     *claimContext
	v       *sentenceView
	facts   sentenceFacts
	parts   []participant
	typ     model.ClaimType
	at, end int
	hit     int  // index of the trigger in ctx.hits
	suffix  bool // the trigger is a "China-linked" word
	passive bool
	byWord  int // the "by" of a passive trigger, or -1
	// The trigger's reach: the agent side from agentStart, the patient
	// side to patientEnd (offsets). A relative or subordinate clause has
	// its own participants. A clause that shares the subject of the one
	// before also reads that clause's subject, inheritedStart to
	// inheritedEnd.
	agentStart, patientEnd       int
	inheritedStart, inheritedEnd int
	// phrase is set for a state tie inside a noun phrase ("APT31, a group
	// linked to China's MSS"): the claim names only actor and sponsor.
	phrase bool
	roles  []model.Role
	// listing is set while sponsors looks at a place listed with another.
	listing bool
	// bareData is set when a data breach names only "data" as what was
	// taken: no role, but the claim stands.
	bareData bool
}

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
	case b.suffix && span.End > triggerStart && span.End <= triggerEnd:
		return sideAgent // "China" in "China-linked", "North Korea" in "North Korea-nexus"
	case b.inheritedEnd > b.inheritedStart && span.Start >= b.inheritedStart && span.End <= b.inheritedEnd:
		if b.passive {
			return sidePatient
		}
		return sideAgent
	case span.Start < b.agentStart || span.Start >= b.patientEnd:
		return sideOther
	case !b.passive && span.End <= triggerStart:
		return sideAgent
	case !b.passive && span.Start >= triggerEnd:
		return sidePatient
	case b.passive && span.End <= triggerStart:
		return sidePatient
	case b.passive && b.byWord >= 0 && span.Start >= v.words[b.byWord].end:
		return sideAgent
	case b.passive && b.byWord < 0 && b.typ == model.ClaimLawEnforce && span.Start >= triggerEnd:
		return sidePatient // "was arrested in Poland"
	case b.passive && b.byWord < 0 && span.Start >= triggerEnd && b.instrumentAfter():
		return sideAgent // "were encrypted with the Clop ransomware": the malware acts
	}
	return sideOther
}

// instrumentAfter reports whether a passive ransomware or targeting
// trigger names what did it with "with": "files encrypted with LockBit",
// "systems infected with WannaCry".
func (b *claimBuilder) instrumentAfter() bool {
	return (b.typ == model.ClaimRansomware || b.typ == model.ClaimTargeting) && b.v.lowerAt(b.end) == "with"
}

// stateTies are attribution triggers that, outside a predicate, tie an
// actor to a state within a noun phrase.
var stateTies = setOf("linked", "tied", "working", "works", "backed", "sponsored", "connected", "on", "run", "affiliated",
	"associated", "built", "developed", "created", "written", "operated")

// makerTies are the attribution triggers that name who made a malware:
// "ransomware built by the Evil Corp gang". They say an attribution only
// of a named malware.
var makerTies = setOf("built", "developed", "created", "written", "operated")

// stateWords tie the actor to a state wherever they stand.
var stateWords = setOf("state-sponsored", "state-backed", "nation-state")

// reach sets the trigger's clause limits.
func (b *claimBuilder) reach() {
	v, c := b.v, b.ctx
	ci := clauseAt(c.clauses, b.at)
	cl := c.clauses[ci]
	b.agentStart = v.words[cl.start].start
	if c.hits[b.hit].place {
		b.agentStart = v.words[b.at].start // "the Iranian group Charming Kitten": the phrase starts here
		// "Sandworm, the Russian military hacking unit": the aside's
		// state qualifies the actor it follows.
		if d := b.at - 1; d >= 1 && v.words[d].has(cueDeterminer) && strings.TrimSpace(v.doc.text[v.words[d-1].end:v.words[d].start]) == "," {
			if m := v.mentionAt(d - 1); m >= 0 && v.mentions[m].Kind == model.KindThreatActor {
				b.agentStart = v.mentions[m].Span.Start
			}
		}
	}
	b.patientEnd = v.span.End
	if cl.end < len(v.words) {
		b.patientEnd = v.words[cl.end].start
	}
	for k := b.end; k < cl.end; k++ {
		if v.words[k].cue&cueClauseOpener != 0 && v.text(k) == v.words[k].lower && !v.namingClause(k) && !b.ownWarning(k) {
			b.patientEnd = v.words[k].start
			break
		}
	}
	b.phrase = b.suffix || v.words[b.at].has(cueStateWord) || (b.typ == model.ClaimAttribution && v.words[b.at].has(cueStateTie) &&
		!v.hasCue(b.at-1, cueBeVerb) && !v.hasCue(b.at-2, cueBeVerb) && v.lowerAt(b.at-1) != "had" && v.lowerAt(b.at-1) != "has")
	if b.phrase {
		// The noun phrase ends at the next comma or verb.
		for k := b.end; k < cl.end; k++ {
			if strings.ContainsAny(v.doc.text[v.words[k-1].end:v.words[k].start], ",;(") ||
				(v.mentionAt(k) < 0 && (v.words[k].has(cueTrigger) && !v.words[k].has(cueTriggerNoun) && !v.hasCue(k+1, cueAdjectiveUse) ||
					v.words[k].has(cueClaimVerb|cueBeVerb|cueHaveVerb))) {
				b.patientEnd = min(b.patientEnd, v.words[k].start)
				break
			}
		}
	}
	// A clause that names no one before its verb shares its subject with
	// the clause before: "DarkSide operated from Russia but ... worked for".
	if ci > 0 {
		named := false
		for _, p := range b.parts {
			if p.index != anaphor && v.namerAt(p.at) {
				continue // "which Microsoft calls X": who names the subject is not it
			}
			if p.at.Start >= b.agentStart && p.at.End <= v.words[b.at].start {
				named = true
				break
			}
		}
		if !named && cl.relative {
			// A relative clause's subject is the actor it hangs from: "the
			// Lazarus Group, which works for ...", "APT31 for a campaign
			// that targeted ...".
			prevStart := v.words[c.clauses[ci-1].start].start
			for i := len(b.parts) - 1; i >= 0; i-- {
				p := b.parts[i]
				if p.at.End > v.words[cl.start].start || p.at.Start < prevStart {
					continue
				}
				k := p.mention.Kind
				if k == model.KindThreatActor || k == model.KindMalware || p.at.End == v.words[cl.start-1].end {
					b.inheritedStart, b.inheritedEnd = p.at.Start, p.at.End
					break
				}
			}
		} else if !named {
			// The clause a relative clause interrupts goes on after it: in
			// "The gang, which is led by a hacker called Brain, has hit
			// ...", the gang has hit.
			pi := ci - 1
			for pi > 0 && c.clauses[pi].relative && c.clauses[pi].end == cl.start {
				pi--
			}
			prev := c.clauses[pi]
			b.inheritedStart = v.words[prev.start].start
			b.inheritedEnd = v.words[prev.end-1].end
			for _, h := range c.hits {
				// A state tie inside a noun phrase ("North Korea's Lazarus
				// Group") is no verb: the subject goes on past it.
				if h.at >= prev.start && h.at < prev.end && !h.report && !h.place && !h.suffix {
					b.inheritedEnd = v.words[h.at].start
					break
				}
			}
		}
	}
	// A law-enforcement action's object ends where the reason for it
	// starts: "charged X over the REvil ransomware attack on Kaseya".
	if b.typ == model.ClaimLawEnforce {
		for _, h := range c.hits {
			if h.report || h.at < b.end || h.typ == model.ClaimLawEnforce || v.words[h.at].start >= b.patientEnd {
				continue
			}
			cut := h.at
			for i := h.at - 1; i >= b.end && i >= h.at-4; i-- {
				if reasonWords[v.words[i].lower] {
					cut = i
					break
				}
			}
			if cut > b.end || cut == b.end && cut < h.at && possessivePronouns[v.lowerAt(b.at-1)] {
				b.patientEnd = v.words[cut].start // "sought his extradition over ...": nothing in between
			}
			break
		}
	}
}

// ownWarning reports whether a disclosure trigger is a vendor's warning
// about its own product, told in the clause at word k: "Palo Alto Networks
// warned that hackers were exploiting a flaw in its PAN-OS software".
func (b *claimBuilder) ownWarning(k int) bool {
	v := b.v
	if b.typ != model.ClaimDisclosure || v.words[b.at].lower != "warned" && v.words[b.at].lower != "warns" || v.words[k].lower != "that" {
		return false
	}
	for i := k + 1; i < len(v.words); i++ {
		if w := v.words[i].lower; w == "its" || w == "our" {
			return true
		}
	}
	return false
}

// namingClause reports whether the relative clause at word k only names
// what comes before it: "a backdoor that Volexity named Upstyle", "malware
// which Microsoft calls Sunburst".
func (v *sentenceView) namingClause(k int) bool {
	if w := v.words[k].lower; w != "that" && w != "which" {
		return false
	}
	for i := k + 1; i < len(v.words) && i <= k+4; i++ {
		if w := v.words[i].lower; namingVerbs[w] || w == "calls" || w == "tracks" || w == "dubs" || w == "names" {
			return true
		}
	}
	return false
}

// attributed reports whether the sentence attributes something: an attack
// noun there is what is attributed.
func (b *claimBuilder) attributed() bool {
	for _, h := range b.ctx.hits {
		if !h.report && h.typ == model.ClaimAttribution && !h.suffix {
			return true
		}
	}
	return false
}

// madeBy reports whether a name follows "built by", "developed by" and the
// like.
func (b *claimBuilder) madeBy(span model.Span) bool {
	v := b.v
	k := v.wordAt(span.Start) - 1
	if v.lowerAt(k) == "the" {
		k--
	}
	return v.lowerAt(k) == "by" && v.hasCue(k-1, cueMakerTie)
}

// soldBy reports whether a name is the maker or seller of a product, a
// few describing words after "made by" or "sold by": "the spyware sold
// by the Israel-based NSO Group", "made by Israel's NSO Group". A vendor
// of spyware is no party to its use; of a flawed product, it is the
// product's vendor (the caller keeps it there).
func (b *claimBuilder) soldBy(span model.Span) bool {
	v := b.v
	k := v.wordAt(span.Start) - 1
	for i := k; i >= 0 && i >= k-4; i-- {
		switch v.words[i].lower {
		case "by":
			return i > 0 && vendorTies[v.words[i-1].lower]
		case "the", "a", "an", "company", "firm", "vendor", "maker":
			continue
		}
		if strings.HasSuffix(v.words[i].lower, "-based") || v.demonymAt(i) ||
			v.mentionAt(i) >= 0 && strings.HasPrefix(v.doc.text[v.words[i].end:], "'s ") {
			continue // "Israel-based", "the Israeli company", "Israel's"
		}
		return false
	}
	return false
}

// vendorTies, before "by", name who makes or sells a product.
var vendorTies = setOf("made", "sold", "marketed", "supplied", "manufactured", "sells", "makes")

// namesInRelative reports whether a name is the one who names something in
// a relative clause: "that Volexity named", "which Microsoft calls".
func (v *sentenceView) namesInRelative(span model.Span) bool {
	before, after := v.lowerAt(namerStart(v, span)-1), namerVerbAt(v, span)
	if before != "that" && before != "which" {
		return false
	}
	w := v.lowerAt(after)
	return namingVerbs[w] || w == "calls" || w == "dubs" || matchAny(v, after, namerVerbs) > 0
}

// namerStart returns the first word of a namer's phrase: "the" of "which
// the U.S. government has tracked as".
func namerStart(v *sentenceView, span model.Span) int {
	k := v.wordAt(span.Start)
	if v.is(k-1, "the") {
		k--
	}
	return k
}

// namerVerbAt returns the word after a namer's name where its verb
// should be, past a noun and adverbs: "that Microsoft previously called",
// "which the U.S. government has tracked as".
func namerVerbAt(v *sentenceView, span model.Span) int {
	k := v.wordAt(span.End)
	if namerNouns[v.lowerAt(k)] {
		k++
	}
	for i := 0; i < 3 && v.hasCue(k, cueNamerAdverb); i++ {
		k++
	}
	return k
}

// namerAt reports whether a name only says what it calls something, in a
// naming relative clause or a list of them: "which Microsoft calls X and
// Mandiant tracks as Y".
func (v *sentenceView) namerAt(span model.Span) bool {
	k := namerStart(v, span)
	if v.lowerAt(k-1) != "which" && v.lowerAt(k-1) != "that" && v.lowerAt(k-1) != "and" {
		return false
	}
	if matchAny(v, namerVerbAt(v, span), claimantVerbs) == 0 {
		return false
	}
	if v.lowerAt(k-1) != "and" {
		return true
	}
	for i := k - 2; i >= 0 && i >= k-8; i-- {
		if v.namingClause(i) {
			return true
		}
	}
	return false
}

// fixVerbs are the disclosure triggers only a flaw's vendor does: a
// researcher discloses or warns of another's flaw, but patches none.
// Present forms are left out: "ScreenOS releases" are versions, not a
// vendor at work.
var fixVerbs = setOf("patched", "fixed", "released", "issued", "remediated", "plugged", "shipped", "pushed", "rolled")

// fixingVendor returns the name no table knows that fixes the flaw, as
// the subject of a fix verb: "JetBrains fixed the flaw in September",
// "GitLab has released fixes", "PaperCut, an Australian company, released
// a fix".
func (b *claimBuilder) fixingVendor() (model.Span, bool) {
	v := b.v
	if !fixVerbs[v.words[b.at].lower] || b.passive {
		return model.Span{}, false
	}
	i := b.at - 1
	for i > 0 && (v.words[i].has(cueHaveVerb|cuePassiveAdverb) || adverb(v, i)) {
		i--
	}
	n, ok := v.appositiveHead(i + 1)
	if !ok {
		n, ok = v.nameEndingAt(i)
	}
	if !ok || n.mention >= 0 {
		return model.Span{}, false
	}
	text := n.span.In(v.doc.text)
	if pronounName(text) || v.doc.startsSentence(n.span.Start) && plainCapitalised(text) && !v.openingName(n) {
		return model.Span{}, false
	}
	oc := classifyName(text)
	if oc.government || oc.agency || lawEnforcementBody(text) {
		return model.Span{}, false
	}
	return n.span, true
}

// reasonWords introduce why an authority acted.
var reasonWords = setOf("over", "for", "with", "after")

func (b *claimBuilder) build() (model.Claim, bool) {
	v := b.v
	b.passive = b.isPassive()
	b.byWord = -1
	if b.passive {
		b.byWord = v.find(b.end, "by")
		if b.byWord < 0 && b.typ == model.ClaimAttribution && v.lowerAt(b.end) == "to" {
			b.byWord = b.end // "was attributed to X"
		}
	}
	b.reach()
	if lawOnlyVerbs[v.words[b.at].lower] && b.typ != model.ClaimMalwareUse && b.typ != model.ClaimExploitation {
		// "the FBI had recovered $2.3 million", "The bureau had secretly
		// infiltrated Hive's network": done by a law body, these are law
		// enforcement; done by anyone else, an attack or nothing.
		switch {
		case b.lawAgent():
			b.typ = model.ClaimLawEnforce
			b.reach()
		case b.typ == model.ClaimLawEnforce:
			return model.Claim{}, false
		}
	}
	hasGovernmentAgent, hasActor := false, false
	for _, p := range b.parts {
		side := b.side(p.at)
		if p.mention.Kind == model.KindOrganization && side == sideAgent &&
			(p.government || v.hasCue(v.wordAt(p.mention.Span.End), cueLawNoun)) {
			hasGovernmentAgent = true
		}
		hasActor = hasActor || (p.mention.Kind == model.KindThreatActor && side != sideOther)
	}
	law := b.typ == model.ClaimLawEnforce
	for _, p := range b.parts {
		claimant := p.index >= 0 && b.facts.isClaimant(p.index, p.mention.Span) || b.speakingAnaphor(p) ||
			p.index == anaphor && b.facts.anaphorClaims(p.at)
		side := b.side(p.at)
		if side == sideOther {
			continue
		}
		if claimant && !law && b.typ != model.ClaimDisclosure && !b.facts.denies && p.mention.Kind != model.KindThreatActor &&
			p.mention.Kind != model.KindMalware {
			continue
		}
		if p.index != anaphor && (v.namesInRelative(p.at) || v.namerAt(p.at)) {
			continue // "a backdoor that Volexity named Upstyle": who names it takes no part
		}
		if b.inSpeakerAside(p.at) {
			continue // "ICBC Financial Services, the U.S. arm of the Industrial and Commercial Bank of China, said"
		}
		if b.typ != model.ClaimAttribution && b.madeBy(p.at) {
			continue // "ransomware built by the Evil Corp gang": the maker is not this claim's
		}
		if b.typ != model.ClaimExploitation && b.typ != model.ClaimDisclosure && b.soldBy(p.at) {
			continue // "Pegasus, the spyware made by Israel's NSO Group": who sells the tool, not who used it
		}
		role := b.roleOf(p, side, hasActor, hasGovernmentAgent)
		if role == "" || (claimant && role != "authority" && role != "vendor" && role != "sponsor" && role != "actor" &&
			!(role == "malware" && p.ransomware)) { // "LockBit claimed the attack": the brand's gang speaks of its own
			continue
		}
		if role == "authority" && p.index >= 0 && (p.mention.Kind == model.KindCountry || p.mention.Kind == model.KindRegion) {
			// "Dutch police", "U.S. prosecutors": the body, not the place.
			if k := v.wordAt(p.mention.Span.End); k < len(v.words) && v.words[k].start == p.mention.Span.End+1 && v.words[k].has(cueLawNoun) {
				span := model.Span{Start: p.mention.Span.Start, End: v.words[k].end}
				b.add(role, span.In(v.doc.text), "", span)
				continue
			}
		}
		b.add(role, p.mention.Text, p.mention.EntityKey, p.mention.Span)
	}
	if law {
		b.reportingAuthority()
		b.dropMembership()
		b.joinPlaceAuthority()
	}
	if law && !b.has("authority") {
		if p, ok := b.pronounAuthority(); ok {
			b.add("authority", p.mention.Text, "", p.mention.Span)
		}
	}
	if b.typ == model.ClaimRansomware && !b.has("actor", "malware") {
		b.gangSays()
	}
	if b.typ == model.ClaimDataBreach && !b.has("victim") {
		if p, ok := b.itsOwner(); ok {
			b.add("victim", p.mention.Text, p.mention.EntityKey, p.mention.Span)
		}
	}
	if p, ok := b.selfReported(); ok {
		b.add("victim", p.mention.Text, p.mention.EntityKey, p.mention.Span)
	} else if span, ok := b.subjectOwner(); ok {
		b.add("victim", span.In(v.doc.text), "", span)
	}
	b.victimAside()
	if b.typ == model.ClaimDisclosure && !b.has("vulnerability", "product") {
		if m, ok := b.relativeAntecedent(model.KindVulnerability); ok {
			b.add("vulnerability", m.Text, m.EntityKey, m.Span) // "CVE-2015-5119, which Adobe patched"
		}
	}
	if !b.phrase {
		if !law && b.typ != model.ClaimDisclosure {
			b.addSectors()
		}
		switch b.typ {
		case model.ClaimDataBreach:
			b.addData()
			b.addAmounts(false)
		case model.ClaimRansomware:
			b.addAmounts(true)
		case model.ClaimLawEnforce:
			b.add("action", v.doc.text[v.words[b.at].start:v.words[b.end-1].end], "", model.Span{Start: v.words[b.at].start, End: v.words[b.end-1].end})
			if v.words[b.at].has(cueSeizure) {
				b.addAmounts(true)
				b.seizedFrom()
			}
		case model.ClaimExploitation, model.ClaimDisclosure:
			b.addProducts()
		}
	}
	if b.typ == model.ClaimDisclosure && !b.has("vendor") {
		if span, ok := b.fixingVendor(); ok {
			b.dropRole("product", span) // "PaperCut released a fix": the maker, though a product shares its name
			b.add("vendor", span.In(v.doc.text), "", span)
		}
	}
	b.retype()
	b.keepAllowed()
	// "hack the iPhones of nine State Department employees": a product is
	// what was hit, not whom.
	b.roles = slices.DeleteFunc(b.roles, func(r model.Role) bool { return r.Role == "victim" && v.knownProductSpan(r.Span) })
	if b.typ == model.ClaimRansomware && v.words[b.at].has(cueTriggerNoun) && !b.has("victim", "amount", "sector", "country") &&
		b.attributed() {
		return model.Claim{}, false // "attributed the attack to REvil": the attribution says it
	}
	if b.typ == model.ClaimAttribution && v.words[b.at].has(cueMakerTie) && !b.has("malware") {
		return model.Claim{}, false // "a tool built by the FBI"
	}
	if !b.complete() {
		return model.Claim{}, false
	}
	b.sortRoles()
	hedge, confidence := b.hedge()
	claimant := b.claimant()
	b.dropReportingVendor(claimant)
	if b.dropTrailingSource(claimant) && !b.complete() {
		return model.Claim{}, false
	}
	if len(b.roles) == 1 {
		confidence *= confidenceOneRoled
	}
	c := model.Claim{
		Type:         b.typ,
		Roles:        slices.Clone(b.roles), // b.roles is the context's scratch
		Claimant:     claimant,
		Hedge:        hedge,
		Confidence:   roundConfidence(confidence),
		Negated:      b.negated(),
		Evidence:     v.span,
		EvidenceText: v.span.In(v.doc.text),
	}
	c.TimeText, c.TimeStart, c.TimeEnd = b.time()
	return c, true
}

// dropMembership drops from a law-enforcement claim the group that
// describes a named target: in "charged Aleksandr Ryzhenkov, a member of
// the Evil Corp gang", the charge is Ryzhenkov's. With no one named ("charged
// four members of the PLA") the group stays the target.
func (b *claimBuilder) dropMembership() {
	for i := 0; i < len(b.roles); i++ {
		if r := b.roles[i]; r.Role == "target" && b.v.describesNamed(b.v.wordAt(r.Span.Start)) {
			b.roles = slices.Delete(b.roles, i, i+1)
			i--
		}
	}
}

// describesNamed reports whether the name at word k ends an appositive
// that describes someone named before it: "Arion Kurtaj, an 18-year-old
// member of the Lapsus$ hacking group".
func (v *sentenceView) describesNamed(k int) bool {
	k--
	if v.lowerAt(k) == "the" {
		k--
	}
	if v.lowerAt(k) != "of" || !memberNouns[v.lowerAt(k-1)] {
		return false
	}
	for i := k - 2; i >= 1 && i >= k-6; i-- {
		if v.words[i].cue&cueDeterminer != 0 || v.text(i) == v.words[i].lower || v.numberWord(i) {
			if v.lowerAt(i) == "a" || v.lowerAt(i) == "an" {
				return strings.TrimSpace(v.doc.text[v.words[i-1].end:v.words[i].start]) == "," && v.capitalWord(i-1)
			}
			continue
		}
		return false
	}
	return false
}

// lawOnlyVerbs are actions that are law enforcement when a law body takes
// them.
var lawOnlyVerbs = setOf("recovered", "infiltrated", "infiltrating", "froze", "frozen", "freezing")

// lawAgent reports whether a law-enforcement body is the trigger's agent:
// "the FBI", "Dutch police", "the bureau".
func (b *claimBuilder) lawAgent() bool {
	for _, p := range b.parts {
		if p.mention.Kind != model.KindOrganization || b.side(p.at) != sideAgent {
			continue
		}
		if p.index == lawBody || lawEnforcementBody(p.mention.Text) {
			return true
		}
	}
	for _, p := range b.parts {
		// "Dutch prosecutors have recovered": a place and a law noun.
		if (p.mention.Kind == model.KindCountry || p.mention.Kind == model.KindRegion) && p.index >= 0 &&
			b.side(p.at) == sideAgent && b.policeOf(b.v.wordAt(p.mention.Span.End)) {
			return true
		}
	}
	return false
}

// lawEnforcementBodies are the bodies, besides any police or prosecutors,
// that investigate and arrest.
var lawEnforcementBodies = buildPhraseSet("fbi", "federal bureau of investigation", "europol", "eurojust",
	"interpol", "national crime agency", "nca", "rcmp", "royal canadian mounted police", "justice department",
	"department of justice", "doj", "bka")

// lawEnforcementBody reports whether a body's name makes it one that
// enforces the law.
func lawEnforcementBody(text string) bool {
	key := normalizeName(text)
	ws := strings.Fields(key)
	for i, w := range ws {
		if w == "police" || w == "prosecutors" {
			return true
		}
		for _, p := range lawEnforcementBodies[w] {
			if i == 0 && slices.Equal(ws, p) {
				return true
			}
		}
	}
	return false
}

// inSpeakerAside reports whether span lies in an aside that describes a
// claimant, between its name and its verb.
func (b *claimBuilder) inSpeakerAside(span model.Span) bool {
	v := b.v
	for _, c := range b.facts.claimants {
		if c.verb <= 0 || c.verb >= len(v.words) || c.span.End <= c.span.Start || c.anaphor != "" {
			continue
		}
		verbStart := v.words[c.verb].start
		if span.Start > c.span.End && span.End <= verbStart && strings.HasPrefix(v.doc.text[c.span.End:], ",") &&
			v.gap(v.words[c.verb-1].end, verbStart) == "," {
			return true
		}
	}
	return false
}

// gangSays adds, as the actor of a ransom told by a gang, the gang itself:
// "The LockBit gang said the bank had paid a ransom".
func (b *claimBuilder) gangSays() {
	v := b.v
	for _, c := range b.facts.claimants {
		if c.verb >= b.at || c.mention < 0 || c.mention >= len(v.mentions) || !v.crewSpeaks(name{mention: c.mention, next: v.wordAt(v.mentions[c.mention].Span.End)}, c.verb) {
			continue
		}
		m := v.mentions[c.mention]
		b.add("actor", m.Text, m.EntityKey, m.Span)
		return
	}
}

// selfReported returns the company that reports its own breach, when the
// claim names no other victim: "23andMe said hackers had accessed the data
// of 6.9 million users", "Microsoft said the group accessed its email".
// A company that speaks of "its" data or systems after the trigger is the
// victim; otherwise only a company that is no government body or security
// vendor reporting a data breach.
func (b *claimBuilder) selfReported() (participant, bool) {
	switch b.typ {
	case model.ClaimDataBreach, model.ClaimTargeting, model.ClaimRansomware:
	default:
		return participant{}, false
	}
	if b.has("victim") || b.facts.denies {
		return participant{}, false
	}
	v := b.v
	ci := clauseAt(b.ctx.clauses, b.at)
	for _, c := range b.facts.claimants {
		if c.verb >= b.at || c.denial || clauseAt(b.ctx.clauses, c.verb) > ci {
			continue
		}
		var p participant
		found := false
		if c.person || c.mention >= 0 && c.mention < len(v.mentions) && v.mentions[c.mention].Kind == model.KindPerson {
			return participant{}, false // "Morrison said ... no theft of personal data": a person (markPersons), not the company hit
		}
		if c.mention < 0 {
			// A name read from capitals ("JBS said") or an anaphor ("The
			// company said") that stands for a company.
			span := c.span
			if c.anaphor != "" {
				span = c.ref
			}
			if c.text == "" || span.End <= span.Start || classOfSpeaker(c.text, "") != speakerCompany || v.titledPerson(span) {
				return participant{}, false
			}
			oc := classifyName(c.text)
			p = participant{mention: model.Mention{Kind: model.KindOrganization, Text: c.text, Span: span}, at: span,
				index: readName, key: oc.key, secVendor: oc.secVendor}
			found = true
		}
		for _, q := range b.parts {
			if !found && q.index == c.mention {
				p, found = q, true
				break
			}
		}
		if found && p.mention.Kind == model.KindTool && !p.ransomware {
			// "TeamViewer said ... its corporate IT environment": a company
			// that speaks of its own is the company, though a tool shares
			// its name.
			p.mention.Kind = model.KindOrganization
		}
		if !found || p.mention.Kind != model.KindOrganization || p.government || p.agency || b.attackerNamed(p.mention.Text) {
			return participant{}, false
		}
		own := false
		for k := b.end; k < len(v.words) && k < b.end+12; k++ {
			// A security firm's "it" is mostly what it writes about: "demands
			// payment to keep it private".
			if w := v.words[k].lower; w == "its" || w == "our" || !p.secVendor && v.objectPronoun(k) {
				own = true
				break
			}
		}
		// "JBS said that it had paid", "The company confirmed that it paid".
		for k := b.at - 1; k > c.verb && k >= b.at-4; k-- {
			if w := v.words[k].lower; w == "it" || w == "we" {
				own = true
				break
			} else if !v.words[k].has(cueHaveVerb|cueBeVerb|cuePassiveAdverb) && !adverb(v, k) {
				break
			}
		}
		if !own && !p.secVendor {
			own = v.speaksOfItsOwn(c.verb, b.at)
		}
		if own || (b.typ == model.ClaimDataBreach && !p.secVendor && !b.moneyTaken()) {
			return p, true
		}
		return participant{}, false
	}
	return participant{}, false
}

// attackerNamed reports whether the claim's actor or malware goes by
// name: a gang that reports its own deed ("data that it says was stolen
// from Synnovis") is no victim of it.
func (b *claimBuilder) attackerNamed(name string) bool {
	for _, r := range b.roles {
		if (r.Role == "actor" || r.Role == "malware") && sameClaimant(r.Text, name) {
			return true
		}
	}
	return false
}

// objectPronoun reports whether word k is "it" or "us" as what a verb
// acts on: "the attack would cost it about $100 million", "forced it to
// halt"; not "which it tracks", "said it had".
func (v *sentenceView) objectPronoun(k int) bool {
	if w := v.words[k].lower; w != "it" && w != "us" || k == 0 || !v.spaced(k) {
		return false
	}
	prev := v.words[k-1]
	if prev.cue&(cueClaimVerb|cueClauseOpener|cueDeterminer) != 0 || v.text(k-1) != prev.lower || prev.has(cueBeVerb) ||
		prev.has(cueHaveVerb) || clauseConjunctions[prev.lower] || prev.has(cueNamePrep) {
		return false
	}
	return !v.hasCue(k+1, cueBeVerb|cueHaveVerb) && v.words[k+min(1, len(v.words)-k-1)].cue&cueModal == 0
}

// titledPerson reports whether the name at span follows a job title:
// "Chief executive Rupert Hogg" is a person speaking, not a company.
func (v *sentenceView) titledPerson(span model.Span) bool {
	k := v.wordAt(span.Start)
	return k < len(v.words) && v.words[k].start == span.Start && (officeTitles[v.lowerAt(k-1)] || companyTitles[v.lowerAt(k-1)])
}

// companyTitles are the jobs of a company's people who speak for it.
var companyTitles = setOf("executive", "ceo", "spokesman", "spokeswoman", "spokesperson", "chairman", "officer", "founder")

// speaksOfItsOwn reports whether what the claimant says from its verb to
// word at is about itself and its own: "said it had shut down all of its
// IT systems after a ransomware attack". A security vendor saying "it had
// seen" an attack is left out by the caller.
func (v *sentenceView) speaksOfItsOwn(verb, at int) bool {
	k := verb + 1
	if v.lowerAt(k) == "that" {
		k++
	}
	if w := v.lowerAt(k); w != "it" && w != "we" {
		return false
	}
	for i := k + 1; i < at; i++ {
		if strings.ContainsRune(v.doc.text[v.words[i-1].end:v.words[i].start], ';') || v.words[i].has(cueClauseOpener) {
			return false
		}
		if w := v.words[i].lower; w == "its" || w == "our" {
			return true
		}
	}
	return false
}

// subjectOwner returns the organisation that opens the sentence when the
// attack is on "its" systems and the claim names no other victim: "The
// Port of Nagoya, Japan's busiest port, halted operations after a
// ransomware attack on its terminal system". A name joined by "of" ("City
// of Dallas") is read whole.
func (b *claimBuilder) subjectOwner() (model.Span, bool) {
	switch b.typ {
	case model.ClaimDataBreach, model.ClaimTargeting, model.ClaimRansomware:
	default:
		return model.Span{}, false
	}
	v := b.v
	if b.has("victim") || b.facts.denies || len(b.facts.claimants) > 0 {
		return model.Span{}, false
	}
	own := false
	// "Epiq Global took its systems offline after a ransomware attack":
	// what the opening name did after an attack it suffered.
	for i := b.at - 1; i >= 0 && i >= b.at-3; i-- {
		if w := v.words[i].lower; w == "after" || w == "following" || w == "amid" {
			own = b.typ == model.ClaimRansomware || b.typ == model.ClaimTargeting
			break
		}
		if !v.words[i].has(cueDeterminer) && v.text(i) != v.words[i].lower {
			break
		}
	}
	for k := b.end; !own && k < len(v.words) && k <= b.end+16 && v.words[k].start < b.patientEnd; k++ {
		// "breached its network"; further on, whose people or data were
		// taken: "the passwords of about 31 million of its users".
		if v.words[k].lower == "its" && (k <= b.end+2 || ownedPeople[v.lowerAt(k+1)] || v.hasCue(k+1, cueDataNoun)) {
			own = true
			break
		}
	}
	if !own {
		return model.Span{}, false
	}
	k := 0
	if v.words[0].lower == "the" {
		k = 1
	}
	n, ok := v.nameAt(k)
	if !ok || n.mention >= 0 && v.kindOf(n) != model.KindOrganization || pronounName(n.span.In(v.doc.text)) {
		return model.Span{}, false
	}
	span := n.span
	for next := n.next; v.lowerAt(next) == "of" && next+1 < len(v.words) && v.capitalWord(next+1); {
		m, ok := v.nameAt(next + 1)
		if !ok {
			break
		}
		span.End, next = m.span.End, m.next
	}
	text := span.In(v.doc.text)
	oc := classifyName(text)
	if oc.government || oc.agency || oc.secVendor || lawEnforcementBody(text) || courtNamed(text) {
		return model.Span{}, false // "The ... District Court sentenced him over ... its": a court tells, it is not hit
	}
	return span, true
}

// courtNamed reports whether a name is a court's: "Western Uusimaa
// District Court".
func courtNamed(text string) bool {
	return nameHolds(text, func(w string) bool { return courtNouns[w] })
}

// ownedPeople are the people whose data a company keeps: "its users".
var ownedPeople = setOf("users", "customers", "clients", "employees", "staff", "members", "patients", "students",
	"subscribers", "account", "guests", "passengers", "workers", "donors")

// victimAside adds what an aside after a victim's name says of it: the
// country and sector of "Optus, Australia's second-largest telecom
// company," and "The Port of Nagoya, Japan's busiest port,".
func (b *claimBuilder) victimAside() {
	v := b.v
	b.victimCountry()
	for _, r := range b.roles {
		if r.Role != "victim" {
			continue
		}
		k := v.wordAt(r.Span.End)
		if k >= len(v.words) || strings.TrimSpace(v.doc.text[r.Span.End:v.words[k].start]) != "," {
			continue
		}
		m := v.mentionAt(k)
		if m < 0 || v.mentions[m].Kind != model.KindCountry || v.mentions[m].Span.Start != v.words[k].start ||
			!strings.HasPrefix(v.doc.text[v.mentions[m].Span.End:], "'s ") {
			continue
		}
		country := v.mentions[m]
		b.add("country", country.Text, country.EntityKey, country.Span)
		for i := v.wordAt(country.Span.End); i < len(v.words) && i <= k+8; i++ {
			if strings.ContainsAny(v.doc.text[v.words[i-1].end:v.words[i].start], ",;()") {
				break
			}
			for _, p := range sectorPhrases[v.words[i].lower] {
				if v.is(i, p...) && v.text(i) == v.words[i].lower {
					span := model.Span{Start: v.words[i].start, End: v.words[i+len(p)-1].end}
					b.add("sector", span.In(v.doc.text), "", span)
					break
				}
			}
		}
		return
	}
}

// victimCountry adds the country a victim's name belongs to, written as a
// possessive right before it: "Ireland's Health Service Executive",
// "Britain's National Health Service". A state already tied to the
// attacker keeps that role.
func (b *claimBuilder) victimCountry() {
	v := b.v
	for _, r := range b.roles {
		if r.Role != "victim" || b.has("country") {
			continue
		}
		k := v.wordAt(r.Span.Start)
		if k == 0 || k > len(v.words) {
			continue
		}
		m := v.mentionAt(k - 1)
		// A victim read from inside the mention ("United StAtes") starts
		// before the mention ends: no possessive between them.
		if m < 0 || v.mentions[m].Kind != model.KindCountry || v.mentions[m].Span.End > r.Span.Start ||
			!possessiveGap(v.doc.text[v.mentions[m].Span.End:r.Span.Start]) {
			continue
		}
		country := v.mentions[m]
		if slices.ContainsFunc(b.roles, func(x model.Role) bool { return x.Span == country.Span }) {
			continue
		}
		b.add("country", country.Text, country.EntityKey, country.Span)
	}
}

// parentBody reports whether the organisation named at span owns the
// organisation named right after it: "the Treasury's Office of Foreign
// Assets Control".
func (b *claimBuilder) parentBody(span model.Span) bool {
	v := b.v
	k := v.wordAt(span.End)
	if k >= len(v.words) || !possessiveGap(v.doc.text[span.End:v.words[k].start]) {
		return false
	}
	m := v.mentionAt(k)
	return m >= 0 && v.mentions[m].Kind == model.KindOrganization && v.mentions[m].Span.Start == v.words[k].start
}

// possessiveGap reports whether s is the "'s " between an owner and what
// it owns, with either apostrophe.
func possessiveGap(s string) bool { return s == "'s " || s == "\u2019s " }

// joinPlaceAuthority makes one authority of a place and the body right
// after it: "the U.S. Securities and Exchange Commission", as the gold
// set writes it, not the place and the body apart.
func (b *claimBuilder) joinPlaceAuthority() {
	for i := 0; i+1 < len(b.roles); i++ {
		place, body := b.roles[i], b.roles[i+1]
		if place.Role != "authority" || body.Role != "authority" || body.Span.Start != place.Span.End+1 ||
			b.v.doc.text[place.Span.End] != ' ' || !b.isPlace(place.Span) {
			continue
		}
		span := model.Span{Start: place.Span.Start, End: body.Span.End}
		b.roles[i] = model.Role{Role: "authority", Text: span.In(b.v.doc.text), Span: span}
		b.roles = slices.Delete(b.roles, i+1, i+2)
	}
}

// isPlace reports whether a country or region mention covers span.
func (b *claimBuilder) isPlace(span model.Span) bool {
	m := b.v.mentionAt(b.v.wordAt(span.Start))
	return m >= 0 && b.v.mentions[m].Span == span &&
		(b.v.mentions[m].Kind == model.KindCountry || b.v.mentions[m].Kind == model.KindRegion)
}

// reportingAuthority drops the authority that only reports another's
// action: in "The Justice Department announced that the FBI had
// recovered ...", the FBI recovered.
func (b *claimBuilder) reportingAuthority() {
	v := b.v
	for _, c := range b.facts.claimants {
		if c.verb >= b.at {
			continue
		}
		for _, r := range b.roles {
			if r.Role == "authority" && r.Span.Start > v.words[c.verb].end && r.Span.End <= v.words[b.at].start {
				b.dropRole("authority", c.span)
				return
			}
		}
	}
}

// pronounAuthority returns the government body that says it took a
// law-enforcement action told with a pronoun: "German police said that
// they had shut down Hydra Market".
func (b *claimBuilder) pronounAuthority() (participant, bool) {
	v := b.v
	k := b.at - 1
	for k > 0 && (v.words[k].has(cueHaveVerb) || adverb(v, k) || v.words[k].lower == "also") {
		k--
	}
	w := v.lowerAt(k)
	agents := lawAgents[w] && (k == 0 || v.lowerAt(k-1) == "the") // "Agents seized ..., the bureau said"
	if w != "it" && w != "they" && w != "we" && !agents {
		return participant{}, false
	}
	for _, c := range b.facts.claimants {
		if (c.verb >= k && !agents) || c.text == "" {
			continue
		}
		kind := model.EntityKind("")
		if c.mention >= 0 && c.mention < len(v.mentions) {
			kind = v.mentions[c.mention].Kind
		}
		if classOfSpeaker(c.text, kind) != speakerGovernment {
			continue
		}
		span := c.span
		if c.anaphor != "" {
			span = c.ref
		}
		return participant{mention: model.Mention{Kind: model.KindOrganization, Text: c.text, Span: span}}, true
	}
	return participant{}, false
}

// lawAgents are the people of a law body, who act for the body that
// reports what they did.
var lawAgents = setOf("agents", "officers", "detectives", "investigators")

// claimant returns who says the claim. A disclosure or law-enforcement
// action told with its own verb ("Ivanti disclosed", "Europol took down")
// is the actor's deed, not something it claims.
// dropReportingVendor drops, from a claim with another vendor, the vendor
// that only reports it: in "Citrix disclosed the vulnerability ..., Comcast
// said", Comcast says so; Citrix disclosed.
func (b *claimBuilder) dropReportingVendor(claimant string) {
	if claimant == "" {
		return
	}
	vendors, reporting := 0, -1
	for i, r := range b.roles {
		if r.Role != "vendor" {
			continue
		}
		vendors++
		if sameClaimant(claimant, r.Text) {
			reporting = i
		}
	}
	if vendors >= 2 && reporting >= 0 {
		b.roles = slices.Delete(b.roles, reporting, reporting+1)
	}
}

// dropTrailingSource drops a victim named after the trigger that is the
// claim's source: the claimant right before its verb (in "... the
// cryptocurrency exchange CoinEx, the blockchain analytics company
// Elliptic said" the list of victims has run into the source), or the
// very words a claimant was read from ("..., John Hultquist, chief
// analyst at Mandiant, said"). It reports whether it dropped one.
func (b *claimBuilder) dropTrailingSource(claimant string) bool {
	if claimant == "" {
		return false
	}
	v := b.v
	n := len(b.roles)
	b.roles = slices.DeleteFunc(b.roles, func(r model.Role) bool {
		if r.Role != "victim" || r.Span.Start <= v.words[b.at].start {
			return false
		}
		if k := v.wordAt(r.Span.End); k < len(v.words) && v.words[k].start >= r.Span.End && v.words[k].has(cueClaimVerb) {
			return sameClaimant(claimant, r.Text)
		}
		// "..., John Hultquist, chief analyst at Mandiant, said": the very
		// words the claimant was read from.
		return slices.ContainsFunc(b.facts.claimants, func(c claimantAt) bool { return c.span == r.Span })
	})
	return len(b.roles) < n
}

func (b *claimBuilder) claimant() string {
	if b.typ == model.ClaimDisclosure || b.typ == model.ClaimLawEnforce {
		for _, c := range b.facts.claimants {
			if c.verb >= b.at && c.verb < b.end {
				return ""
			}
		}
		if at, ok := b.announced(); ok {
			// Only a source that reports the announcement speaks for it:
			// "the department said it had unsealed charges".
			ci := clauseAt(b.ctx.clauses, b.at)
			for _, c := range b.facts.claimants {
				if c.verb < at && clauseAt(b.ctx.clauses, c.verb) == ci {
					return c.text
				}
			}
			return ""
		}
	}
	if c := b.facts.claimantFor(b.v, b.ctx.clauses, b.at); c != "" {
		return c
	}
	return b.attributor()
}

// attributor returns who ties an actor to a sponsor in a passive
// attribution: "has been tied by the United States to China's MSS".
func (b *claimBuilder) attributor() string {
	v := b.v
	if b.typ != model.ClaimAttribution || !b.passive || b.byWord != b.end {
		return ""
	}
	if w := v.lowerAt(b.byWord + 1); passiveSources[w] && v.is(b.byWord+2, "to") {
		return v.text(b.byWord + 1) // "has been linked by researchers to"
	}
	who, ok := v.nameAt(b.byWord + 1)
	if !ok || who.mention < 0 || !v.is(who.next, "to") {
		return ""
	}
	switch v.kindOf(who) {
	case model.KindCountry, model.KindRegion, model.KindOrganization:
		return v.doc.text[who.span.Start:who.span.End]
	}
	return ""
}

// passiveSources are the plain nouns that may be the "by" of a passive
// attribution and its source.
var passiveSources = setOf("researchers", "investigators", "analysts", "experts", "officials", "prosecutors", "authorities")

// announcingVerbs make the action noun after them the deed itself:
// "announced sanctions" sanctions, it does not claim anything.
var announcingVerbs = setOf("announced", "announces", "announcing", "unveiled", "unveils", "unsealed", "unseals", "imposed", "imposes")

// announced returns the announcing verb that takes the trigger, when the
// trigger is an action noun with at most two modifiers between: "announced
// sanctions", "announced new sanctions".
func (b *claimBuilder) announced() (int, bool) {
	v := b.v
	if !v.words[b.at].has(cueLawAction) {
		return 0, false
	}
	for i := b.at - 1; i >= 0 && i >= b.at-3; i-- {
		if announcingVerbs[v.words[i].lower] {
			return i, true
		}
		if v.text(i) != v.words[i].lower || strings.ContainsAny(v.doc.text[v.words[i].end:v.words[i+1].start], ",;") {
			return 0, false
		}
	}
	return 0, false
}

// lawNouns after a name make it an authority: "German prosecutors".
var lawNouns = setOf("police", "prosecutors", "authorities", "officials", "agencies", "court", "investigators")

// seizures are the law-enforcement actions that take an amount.
var seizures = setOf("seized", "seizing", "seizure", "seizes", "recovered")

// isPassive reports whether the trigger is a participle after a form of
// "be": "was breached", "were reportedly charged".
func (b *claimBuilder) isPassive() bool {
	if b.suffix || b.end-b.at != 1 {
		return false
	}
	w := b.v.words[b.at].lower
	if w == "involved" {
		return false // "was involved": the subject acts
	}
	if !strings.HasSuffix(w, "ed") && w != "stolen" && w != "struck" && w != "taken" && w != "spread" && w != "hit" {
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

// hedge returns the hedge that qualifies this claim: one in the trigger's
// clause that no comma sets apart in an aside ("UNC4841, a suspected
// China-nexus group, exploited ...": the suspicion is the group's).
func (b *claimBuilder) hedge() (string, float64) {
	f := b.facts
	if b.typ == model.ClaimLawEnforce {
		// "arrested the suspected leader", "charges accusing both men": the
		// doubt is about the crime; the action is on record.
		return "", confidenceBase
	}
	for _, h := range f.hedges {
		if b.typ != model.ClaimAttribution && b.hedgesStateTie(h.at) {
			continue // "a suspected Chinese group exploited ...": only the tie is in doubt
		}
		if b.reaches(h.at) || b.accusedOf(h.at) || b.unverified(h) {
			return h.phrase, h.confidence
		}
	}
	if charge, ok := b.chargedWith(); ok {
		return charge, chargeConfidence
	}
	return "", confidenceBase
}

// chargeConfidence is a charged crime's: alleged until a court decides,
// as an accusation's is.
const chargeConfidence = 0.5

// chargedWith returns the charge whose "with" or "of" names this claim's
// crime in its clause: "charged Graham Ivan Clark, 17, with orchestrating
// the hack of Twitter", "indictments charging X with deploying LockBit",
// "on charges of hacking". The charge is certain; the crime is alleged.
func (b *claimBuilder) chargedWith() (string, bool) {
	if b.typ == model.ClaimLawEnforce || b.typ == model.ClaimAttribution {
		return "", false // the charge itself; an attribution a charge implies is the law body's finding
	}
	v := b.v
	// "with orchestrating the July 15 hack": a few words of the crime's
	// own may stand between.
	link := b.at - 1
	for link > 0 && link >= b.at-6 && v.lowerAt(link) != "with" && v.lowerAt(link) != "of" &&
		!strings.ContainsAny(v.doc.text[v.words[link].end:v.words[link+1].start], ",;") {
		link--
	}
	switch {
	case v.lowerAt(link) == "with":
	case v.lowerAt(link) == "of" && (v.lowerAt(link-1) == "charges" || v.lowerAt(link-1) == "counts"):
		return v.text(link - 1), true // "on charges of hacking"
	default:
		return "", false // "officers of Russia's GRU"
	}
	ci := clauseAt(b.ctx.clauses, b.at)
	for k := link - 1; k >= 0 && k >= link-12; k-- {
		if w := v.words[k].lower; chargeActions[w] && w != "sanctioned" && w != "sanctions" {
			if clauseAt(b.ctx.clauses, k) != ci && !b.sameSentenceList(k, link) {
				return "", false
			}
			return v.text(k), true
		}
	}
	return "", false
}

// sameSentenceList reports whether words k to end hold only a list of
// names and descriptions set off by commas, which may cross what the
// clause splitter reads as clause breaks: "charged Thalha Jubair, 19, and
// Owen Flowers, 18, with".
func (b *claimBuilder) sameSentenceList(k, end int) bool {
	v := b.v
	for i := k + 1; i < end; i++ {
		if v.words[i].cue&cueClaimVerb != 0 || v.words[i].has(cueBeVerb) || v.words[i].has(cueHaveVerb) {
			return false
		}
	}
	return true
}

// hedgesStateTie reports whether the hedge at offset qualifies a state tie
// right after it: "a suspected Chinese group", "suspected state-sponsored
// hackers", "a suspected China-nexus actor".
func (b *claimBuilder) hedgesStateTie(offset int) bool {
	v := b.v
	k := v.wordAt(offset)
	if k < 0 || k+1 >= len(v.words) || v.text(k) != "suspected" && v.text(k) != "alleged" && v.text(k) != "likely" {
		return false
	}
	for _, h := range b.ctx.hits {
		if (h.place || h.suffix) && h.at == k+1 {
			return true
		}
	}
	return false
}

// unverified reports whether a hedge that doubts what was just said
// ("..., a claim that could not be independently verified") follows the
// trigger in its clause.
func (b *claimBuilder) unverified(h hedgeCue) bool {
	v := b.v
	k := v.wordAt(h.at)
	return strings.HasPrefix(h.phrase, "could not") && k > b.at && clauseAt(b.ctx.clauses, k) == clauseAt(b.ctx.clauses, b.at)
}

// accusedOf reports whether the hedge at offset is an accusing verb whose
// "of" comes before this claim's trigger in its clause: "Prosecutors
// accuse A, B and C of stealing ...", however long the list of the
// accused.
func (b *claimBuilder) accusedOf(offset int) bool {
	v := b.v
	k := v.wordAt(offset)
	switch v.lowerAt(k) {
	case "accuse", "accuses", "accused", "accusing":
	default:
		return false
	}
	of := v.find(k+1, "of")
	return of > k && of < b.at && clauseAt(b.ctx.clauses, k) == clauseAt(b.ctx.clauses, b.at)
}

func (b *claimBuilder) negated() bool {
	for _, at := range b.facts.negations {
		if b.reaches(at) && !b.pastVerbAfterDoNot(at) {
			return true
		}
	}
	return false
}

// pastVerbAfterDoNot reports whether the negation at offset is a "did
// not" whose verb is left behind by a past-tense verb joined with "and"
// or "but" before the trigger: "it did not consider the cooperative
// critical infrastructure and threatened to publish the data" denies the
// considering, not the threat. "Did not" takes a bare verb, so a verb in
// -ed after "and" is its own.
func (b *claimBuilder) pastVerbAfterDoNot(offset int) bool {
	v := b.v
	k := v.wordAt(offset)
	switch v.lowerAt(k) {
	case "did", "does", "do", "didn't", "didn’t", "doesn't", "doesn’t", "don't", "don’t":
	default:
		return false
	}
	for i := k + 1; i+1 < b.at && i+1 < len(v.words); i++ {
		if w := v.lowerAt(i); (w == "and" || w == "but") && strings.HasSuffix(v.words[i+1].lower, "ed") && v.text(i+1) == v.words[i+1].lower {
			return true
		}
	}
	return false
}

// reaches reports whether a cue at offset speaks of this claim: it is in
// the trigger's clause (or in the clause a complement hangs from), and no
// aside stands between them.
func (b *claimBuilder) reaches(offset int) bool {
	v, cs := b.v, b.ctx.clauses
	k := v.wordAt(offset)
	ci, ti := clauseAt(cs, k), clauseAt(cs, b.at)
	if k < b.at && b.at-k <= 12 && v.lowerAt(k) == "no" && v.listUpTo(k+1, b.at) {
		return true // "no Social Security numbers, financial information or patient records were involved"
	}
	if ci != ti && !(ci == ti-1 && cs[ti].start > 0 && (v.lowerAt(cs[ti].start) == "that" || v.hasCue(cs[ti].start-1, cueClaimVerb))) {
		return false
	}
	lo, hi := min(k, b.at), max(k, b.at)
	commas := 0
	for i := lo + 1; i <= hi && i < len(v.words); i++ {
		commas += strings.Count(v.doc.text[v.words[i-1].end:v.words[i].start], ",")
	}
	if b.phrase {
		return commas == 0
	}
	return commas == 0 || (commas%2 == 0 && k < b.at && ci == ti && !b.asideHolds(k))
}

// listUpTo reports whether the words from first to before word end are
// one list of nouns: its commas are followed, at the last item, by "and"
// or "or", and no verb stands in it.
func (v *sentenceView) listUpTo(first, end int) bool {
	joined := false
	for i := first; i < end-1; i++ {
		if v.words[i].has(cueBeVerb|cueHaveVerb|cueClaimVerb|cueClauseOpener) || v.words[i].cue&cueTrigger != 0 {
			return false
		}
		if w := v.words[i].lower; w == "and" || w == "or" {
			joined = true
		}
	}
	return joined
}

// asideHolds reports whether the cue at word k sits between two commas
// that enclose an aside before the trigger.
func (b *claimBuilder) asideHolds(k int) bool {
	v := b.v
	before, after := false, false
	for i := k; i > 0; i-- {
		if strings.ContainsRune(v.doc.text[v.words[i-1].end:v.words[i].start], ',') {
			before = true
			break
		}
	}
	for i := k + 1; i <= b.at && i < len(v.words); i++ {
		if strings.ContainsRune(v.doc.text[v.words[i-1].end:v.words[i].start], ',') {
			after = true
			break
		}
	}
	return before && after
}

// time picks the claim's time: the one its trigger owns. A reporting
// verb's time is when the claim was made, not when its event happened,
// so an attribution takes the time of the event it attributes.
func (b *claimBuilder) time() (string, time.Time, time.Time) {
	c := b.ctx
	if b.phrase {
		return "", time.Time{}, time.Time{}
	}
	ti := c.owned[b.hit]
	if b.typ == model.ClaimAttribution && (b.v.words[b.at].has(cueClaimVerb) || ti < 0) {
		ti = -1
		for hi := b.hit + 1; hi < len(c.hits); hi++ {
			h := c.hits[hi]
			if !h.report && h.typ != model.ClaimAttribution && clauseAt(c.clauses, h.at) == clauseAt(c.clauses, b.at) && c.owned[hi] >= 0 {
				ti = c.owned[hi]
				break
			}
		}
	}
	if ti < 0 && b.passive && b.byWord >= 0 {
		// "was hit by a ransomware attack on Wednesday": the attack's time.
		for hi, h := range c.hits {
			if !h.report && h.at > b.byWord && h.at <= b.byWord+3 && c.owned[hi] >= 0 {
				ti = c.owned[hi]
				break
			}
		}
	}
	if ti < 0 && b.typ == model.ClaimRansomware && b.v.words[b.at].has(cuePayVerb) {
		// "Colonial had paid 75 bitcoin ... after the attack on May 7": the
		// ransom belongs to the attack and its time.
		for hi := b.hit + 1; hi < len(c.hits); hi++ {
			h := c.hits[hi]
			if !h.report && b.v.words[h.at].has(cueTriggerNoun) && clauseAt(c.clauses, h.at) == clauseAt(c.clauses, b.at) && c.owned[hi] >= 0 {
				ti = c.owned[hi]
				break
			}
		}
	}
	if ti < 0 && b.typ == model.ClaimLawEnforce && b.inheritedEnd > b.inheritedStart {
		// "The United States on Thursday blamed ... and announced sanctions".
		for i, t := range c.times {
			if t.span.Start >= b.inheritedStart && t.span.End <= b.inheritedEnd {
				ti = i
				break
			}
		}
	}
	if ti < 0 {
		return "", time.Time{}, time.Time{}
	}
	t := c.times[ti]
	return t.span.In(b.v.doc.text), t.start, t.end
}

// roleOf decides the role of a participant on the given side, or "".
func (b *claimBuilder) roleOf(p participant, side int, hasActor, hasGovernmentAgent bool) string {
	law := b.typ == model.ClaimLawEnforce
	switch p.mention.Kind {
	case model.KindThreatActor:
		if law && side == sideAgent && !b.passive {
			return "" // "APT31 hacked X, and the US indicted ...": not this action's target
		}
		if law {
			return "target"
		}
		if b.brokenInto(p) {
			return "victim"
		}
		return "actor"
	case model.KindMalware, model.KindTool:
		switch {
		case law && b.v.suspectedOf(p.at):
			return "" // "detained three men suspected of developing and selling Meduza Stealer": what they did
		case law:
			return "target"
		case b.typ == model.ClaimAttribution && b.v.words[b.at].has(cueMakerTie) && side == sideAgent:
			return "malware" // "WastedLocker, ransomware built by the Evil Corp gang"
		case b.crew(p):
			return "actor"
		case b.typ == model.ClaimAttribution && p.ransomware && (side == sideAgent || b.v.lowerAt(b.v.wordAt(p.at.Start)-1) == "to" || b.v.lowerAt(b.v.wordAt(p.at.Start)-1) == "by" ||
			b.blamedOn(p.at)):
			return "actor" // the gang: "attributed the attack to REvil", "blamed the intrusion on DarkSide"
		case b.v.hasCue(b.v.wordAt(p.at.End), cueProductNoun):
			return "" // "the company's Orion software"
		case b.passive && side == sideAgent && b.typ == model.ClaimMalwareUse:
			return "actor" // "Qakbot had been used by Conti"
		}
		return "malware"
	case model.KindVulnerability:
		return "vulnerability"
	case model.KindPerson:
		if law && (side == sidePatient || (b.passive && side == sidePatient)) {
			return "target"
		}
		if law && p.index == anaphor && b.v.wordAt(p.at.End) == b.at && b.v.lowerAt(b.at-1) != "he" && b.v.lowerAt(b.at-1) != "she" {
			return "target" // "his extradition", "her arrest"
		}
		if law && side == sideAgent && !b.passive && officeTitles[b.v.lowerAt(b.v.wordAt(p.at.Start)-1)] {
			return "authority" // "Special counsel Robert Mueller on Friday indicted"
		}
		if !law && !hasActor && side != sideOther && !officialTitles[b.v.lowerAt(b.v.wordAt(p.at.Start)-1)] {
			return "actor" // not "prompting Mayor LaToya Cantrell to declare": an official, no attacker
		}
	case model.KindSector:
		k := b.v.wordAt(p.at.Start)
		if own := b.v.lowerAt(k-1) == "its" || b.v.lowerAt(k-2) == "its" || b.v.lowerAt(k-1) == "their" || b.v.lowerAt(k-2) == "their"; own {
			return "" // "its corporate IT environment": the victim's own systems
		}
		if owner, ok := b.v.nameEndingAt(k - 1); ok && owner.mention < 0 && possessiveGap(b.v.doc.text[owner.span.End:p.at.Start]) {
			return "" // "MGM's IT help desk": the victim's own
		}
		if side == sidePatient && !law {
			return "sector"
		}
	case model.KindOrganization:
		return b.organizationRole(p, side, hasGovernmentAgent)
	case model.KindCountry, model.KindRegion:
		return b.placeRole(p, side, hasGovernmentAgent)
	}
	return ""
}

// suspectedOf reports whether the name at span is the object of what
// someone is suspected or accused of: "suspected of developing and selling
// Meduza Stealer", "accused of running it".
func (v *sentenceView) suspectedOf(span model.Span) bool {
	k := v.wordAt(span.Start)
	for i := k - 1; i >= 1 && i >= k-5; i-- {
		if v.words[i].lower == "of" {
			w := v.words[i-1].lower
			return w == "suspected" || w == "accused" || w == "suspicion" || w == "convicted"
		}
		if !strings.HasSuffix(v.words[i].lower, "ing") && v.words[i].lower != "and" && v.words[i].lower != "the" {
			return false
		}
	}
	return false
}

// blamedOn reports whether a name follows the "on" of "blamed the attack
// on": who is blamed, not what was attacked.
func (b *claimBuilder) blamedOn(span model.Span) bool {
	v := b.v
	switch v.words[b.at].lower {
	case "blamed", "blames", "blame", "blaming":
	default:
		return false
	}
	k := v.wordAt(span.Start) - 1
	if v.lowerAt(k) == "the" {
		k--
	}
	return v.lowerAt(k) == "on" && k > b.end
}

// relativeAntecedent returns the mention of kind that a relative clause
// holding the trigger hangs from, when the clause has its own subject:
// "CVE-2015-5119, which Adobe patched on Wednesday".
func (b *claimBuilder) relativeAntecedent(kind model.EntityKind) (model.Mention, bool) {
	v := b.v
	cl := b.ctx.clauses[clauseAt(b.ctx.clauses, b.at)]
	if !cl.relative || cl.start == 0 || v.words[cl.start].lower != "which" && v.words[cl.start].lower != "that" {
		return model.Mention{}, false
	}
	m := v.mentionAt(cl.start - 1)
	if m < 0 || v.mentions[m].Kind != kind || v.mentions[m].Span.End != v.words[cl.start-1].end {
		return model.Mention{}, false
	}
	return v.mentions[m], true
}

// itsOwner returns whose data a breach takes when "its" data is taken from
// the one an earlier trigger broke into: "Hackers broke into Hacking Team
// ... and leaked its internal emails".
func (b *claimBuilder) itsOwner() (participant, bool) {
	v := b.v
	its := false
	for k := b.end; k < len(v.words) && k <= b.end+6; k++ {
		if v.words[k].lower == "its" {
			its = v.hasCue(k+1, cueDataNoun) || v.hasCue(k+2, cueDataNoun) || v.hasCue(k+3, cueDataNoun)
			break
		}
	}
	if !its {
		return participant{}, false
	}
	for _, h := range b.ctx.hits {
		if h.report || h.at >= b.at || h.typ != model.ClaimTargeting {
			continue
		}
		for _, p := range b.parts {
			k := v.wordAt(p.at.Start)
			if p.index != anaphor && (k == h.end || k == h.end+1 && v.lowerAt(h.end) == "the") &&
				(p.mention.Kind == model.KindOrganization || p.mention.Kind == model.KindThreatActor) {
				return p, true
			}
		}
	}
	return participant{}, false
}

// describesClaimant reports whether a claimant's name starts at word k, so
// that a sector word before it describes the source: "according to a
// government Committee of Inquiry".
func (b *claimBuilder) describesClaimant(k int) bool {
	if k >= len(b.v.words) || !b.v.spaced(k) {
		return false
	}
	for _, c := range b.facts.claimants {
		if c.span.Start == b.v.words[k].start && c.span.End > c.span.Start {
			return true
		}
	}
	return false
}

// describesSource reports whether the place at span belongs to how the
// sentence names a claimant: inside its text ("U.S. officials") or a few
// lower-case words before it ("the Finnish security firm WithSecure").
func (b *claimBuilder) describesSource(span model.Span) bool {
	v := b.v
	sent := v.span.In(v.doc.text)
	for _, c := range b.facts.claimants {
		if c.text == "" {
			continue
		}
		i := strings.Index(sent, c.text)
		if i < 0 {
			continue
		}
		start, end := v.span.Start+i, v.span.Start+i+len(c.text)
		if start <= span.Start && span.End <= end {
			return true
		}
		if span.End > start {
			continue
		}
		k, first := v.wordAt(span.End), v.wordAt(start)
		if first-k > 3 || first < k {
			continue
		}
		plain := true
		for i := k; i < first; i++ {
			if v.text(i) != v.words[i].lower || !v.spaced(i) || v.words[i].cue&(cueTrigger|cueClaimVerb) != 0 {
				plain = false
				break
			}
		}
		if plain && (first == k || v.spaced(first)) {
			return true
		}
	}
	return false
}

// speakingAnaphor reports whether an anaphor participant is a claimant
// named by what it is: "the company" of "the company said" speaks, it is
// not acted on.
func (b *claimBuilder) speakingAnaphor(p participant) bool {
	if p.index != anaphor {
		return false
	}
	for _, c := range b.facts.claimants {
		if c.anaphor != "" && c.span.Start <= p.at.Start && p.at.End <= c.span.End {
			return true
		}
	}
	return false
}

// brokenInto reports whether a group's name is the object right after an
// active break-in: "Hackers broke into Hacking Team" makes the spyware
// maker the victim, whatever else it is known for.
func (b *claimBuilder) brokenInto(p participant) bool {
	if p.index < 0 || b.passive || b.typ != model.ClaimTargeting && b.typ != model.ClaimDataBreach {
		return false
	}
	k := b.v.wordAt(p.at.Start)
	return k == b.end || k == b.end+1 && b.v.lowerAt(b.end) == "the"
}

// officeTitles before a person's name make them an official who can act.
var officeTitles = setOf("counsel", "attorney", "prosecutor", "judge", "general", "minister", "secretary",
	"director", "commissioner", "chancellor", "president")

// officialTitles before a person's name make them an official, who may
// act against an attack or speak of it but is not its actor.
var officialTitles = setOf("mayor", "governor", "president", "minister", "secretary", "senator", "chancellor",
	"premier", "ambassador", "commissioner", "spokesman", "spokeswoman", "spokesperson", "ceo")

// crew reports whether a malware name stands for the gang behind it: "the
// DarkSide ransomware gang", "LockBit affiliates", "ransomware gangs
// including Conti".
func (b *claimBuilder) crew(p participant) bool {
	if p.index < 0 {
		return false
	}
	v := b.v
	k := v.wordAt(p.at.End)
	if v.lowerAt(k) == "ransomware" {
		k++
	}
	if ransomwareCrews[v.lowerAt(k)] && k > 0 && k < len(v.words) && strings.HasSuffix(v.doc.text[v.words[k-1].start:v.words[k].start], " ") &&
		!strings.ContainsAny(v.doc.text[p.at.End:v.words[k].start], ",;()") {
		return true
	}
	// "Hive and its affiliates", "Qakbot's administrators": the people
	// who run it.
	if k := v.wordAt(p.at.End); v.is(k, "and", "its") && v.hasCue(k+2, cueCrew) ||
		possessiveGap(v.doc.text[p.at.End:min(len(v.doc.text), p.at.End+3)]) && operatorNouns[v.lowerAt(k)] {
		return true
	}
	return v.groupListed(p.at.Start)
}

// groupListed reports whether the name starting at offset is listed as
// one of some groups: "ransomware gangs including Conti", and later items
// of the list as its first ("including Conti, REvil and Black Basta").
func (v *sentenceView) groupListed(offset int) bool {
	first := v.wordAt(offset)
	if first >= len(v.words) {
		return false // a name that starts inside the last word
	}
	for first > 1 {
		gap := strings.TrimSpace(v.doc.text[v.words[first-1].end:v.words[first].start])
		prev := first - 1
		if gap == "" && v.words[prev].lower == "and" {
			prev--
		}
		if gap != "," && prev == first-1 || prev < 0 {
			break
		}
		m := v.mentionCovering(prev)
		if m < 0 || v.mentions[m].Kind != model.KindMalware && v.mentions[m].Kind != model.KindThreatActor {
			break
		}
		first = v.wordAt(v.mentions[m].Span.Start)
	}
	if w := v.lowerAt(first - 1); w != "including" && w != "like" && w != "as" && w != "and" {
		return false
	}
	for i := first - 1; i >= 0 && i >= first-5; i-- {
		if w := v.words[i].lower; w == "gangs" || w == "groups" || w == "gang" || w == "group" {
			return true
		}
	}
	return false
}

// operatorNouns after a name's possessive are the people who run it:
// "Qakbot's administrators".
var operatorNouns = setOf("operators", "administrators", "affiliates", "developers", "members", "leaders")

func (b *claimBuilder) organizationRole(p participant, side int, hasGovernmentAgent bool) string {
	m := p.mention
	v := b.v
	at := p.at // where the sentence names it: an anaphor's antecedent is elsewhere
	next := v.lowerAt(v.wordAt(at.End))
	after := v.wordAt(at.End)
	for after < len(v.words) && (v.words[after].has(cuePassiveAdverb) || adverb(v, after) || v.words[after].has(cueHaveVerb) ||
		payIntents[v.words[after].lower]) {
		after++ // "Garmin reportedly paid", "the company refused to pay"
	}
	if v.is(after, "in") && b.typ == model.ClaimRansomware {
		if place, ok := v.nameAt(after + 1); ok && v.hasCue(place.next, cuePayVerb) {
			after = place.next // "La Porte County in Indiana paid"
		}
	}
	switch {
	case b.typ == model.ClaimLawEnforce:
		switch side {
		case sideAgent:
			if p.index == readName {
				return ""
			}
			if b.parentBody(at) {
				return "" // "the Treasury's Office of Foreign Assets Control": the office acts
			}
			return "authority"
		case sidePatient:
			if b.personOrigin(at) {
				return "" // "Nima Fazeli of Florida"
			}
			if p.government && v.find(max(0, v.wordAt(m.Span.Start)-5), "with") >= 0 &&
				v.find(max(0, v.wordAt(m.Span.Start)-5), "with") < v.wordAt(m.Span.Start) {
				return "authority" // "in an operation with the FBI and Europol"
			}
			if (p.government && !p.agency) || b.sponsorLinked(m.Span) {
				return ""
			}
			return "target"
		}
		return ""
	case p.agency:
		return "sponsor"
	case b.typ == model.ClaimAttribution && side == sidePatient && stateBodyName(m.Text):
		// "link the group to the Hubei State Security Department": a state
		// body the tables do not know is still the sponsor, not a victim.
		return "sponsor"
	case b.typ == model.ClaimDisclosure:
		if side == sideAgent && !p.government {
			return "vendor"
		}
		return "" // "CISA ordered agencies to patch": a government orders, vendors disclose
	case b.typ == model.ClaimExploitation && (p.secVendor || b.beforeProduct(at) || b.possessiveMaker(at)):
		return "vendor"
	case b.sponsorLinked(at) && !b.madeBy(at) && (p.government || stateBodyName(m.Text) || bodyHeaded(m.Text)):
		return "sponsor" // "work on behalf of the command", "a group linked to the Cyber-Electronic Command"
	case b.beforeProduct(at) || productNouns[next] || b.possessiveMaker(at) || memberNouns[next]:
		return "" // "a flaw in Microsoft Outlook": the maker, not a victim
	case side == sidePatient && v.attributiveName(at):
		return "" // "from a Snowflake workspace", "took over a Unitronics controller": the maker or platform
	case side == sidePatient:
		return "victim"
	case side == sideAgent && p.index == readName && b.passive:
		return "victim"
	case side == sideAgent && b.modifiesTrigger(at):
		return "victim" // "the SolarWinds hack", "the DNC breach"
	case side == sideAgent && v.hasCue(after, cuePayVerb) && b.typ == model.ClaimRansomware:
		return "victim" // "Colonial paid a ransom", "The company reportedly paid"
	case side == sideAgent && b.typ == model.ClaimRansomware && v.words[b.at].has(cuePayVerb) && b.appositivePayer(at):
		return "victim" // "Cencora, one of the largest U.S. drug distributors, paid"
	}
	return ""
}

// appositivePayer reports whether the name at span is the head of an
// appositive that the claim's pay verb follows.
func (b *claimBuilder) appositivePayer(span model.Span) bool {
	n, ok := b.v.appositiveHead(b.at)
	return ok && n.span == span
}

// stateBodyWords in an organisation's name make it a state body.
var stateBodyWords = setOf("Ministry", "Department", "Bureau", "Directorate", "Army", "Corps", "Intelligence", "Security")

// stateBodyName reports whether a name reads as a state security or
// military body: "Hubei State Security Department".
func stateBodyName(text string) bool {
	state, body := false, false
	for _, w := range strings.Fields(text) {
		switch {
		case w == "State" || w == "Security" || w == "Intelligence" || w == "Military" || w == "Liberation":
			state = true
		}
		if stateBodyWords[w] {
			body = true
		}
	}
	return state && body
}

// attributiveName reports whether a name only modifies the noun after it,
// as an indefinite article before it shows: "a Snowflake workspace", "a
// Unitronics controller".
func (v *sentenceView) attributiveName(span model.Span) bool {
	k, next := v.wordAt(span.Start), v.wordAt(span.End)
	if w := v.lowerAt(k - 1); w != "a" && w != "an" || !v.spaced(next) {
		return false
	}
	w := v.lowerAt(next)
	return v.text(next) == w && !v.words[next].has(cueClaimVerb|cueBeVerb|cueHaveVerb|cueNamePrep|cueNotDescribing) &&
		v.words[next].cue&(cueClauseOpener|cueTrigger) == 0
}

// bodyHeaded reports whether a name ends in a noun that makes it a state
// body: "Cyber-Electronic Command", "Reconnaissance General Bureau".
func bodyHeaded(text string) bool {
	last := text[strings.LastIndexByte(text, ' ')+1:]
	return stateBodyWords[last] || last == "Command" || last == "Directorate" || last == "Agency"
}

// personOrigin reports whether a name follows "of" right after a person's
// name: "Nima Fazeli of Florida" is where he is from.
func (b *claimBuilder) personOrigin(span model.Span) bool {
	v := b.v
	k := v.wordAt(span.Start)
	if v.lowerAt(k-1) != "of" || k < 2 {
		return false
	}
	end := v.words[k-2].end
	for _, q := range b.parts {
		if q.mention.Kind == model.KindPerson && q.at.End == end {
			return true
		}
	}
	return false
}

// memberNouns after an organisation's name make it a bloc, not a victim:
// "governments in NATO countries".
var memberNouns = setOf("countries", "members", "member", "allies", "states", "nations")

// possessiveMaker reports whether a name owns a product named after it:
// "Fortra's GoAnywhere file transfer software".
func (b *claimBuilder) possessiveMaker(span model.Span) bool {
	v := b.v
	rest := v.doc.text[span.End:]
	if !strings.HasPrefix(rest, "'s ") && !strings.HasPrefix(rest, "\u2019s ") {
		return false
	}
	k := v.wordAt(span.End)
	if k < len(v.words) && v.lowerAt(k) == "s" {
		k++
	}
	if k >= len(v.words) || !v.capitalWord(k) {
		return false
	}
	for i := k + 1; i < len(v.words) && i <= k+4; i++ {
		if v.words[i].has(cueProductNoun) {
			return true
		}
		if v.text(i) != v.words[i].lower && !v.capitalWord(i) {
			return false
		}
	}
	return false
}

// modifiesTrigger reports whether a name stands right before a trigger
// noun, as what it happened to: "the SolarWinds hack".
func (b *claimBuilder) modifiesTrigger(span model.Span) bool {
	v := b.v
	k := v.wordAt(span.End)
	return k == b.at && v.words[b.at].has(cueTriggerNoun) && v.words[k].start == span.End+1
}

var triggerNouns = setOf("hack", "hacks", "breach", "attack", "attacks", "intrusion", "theft",
	"cyberattack", "compromise", "hijacking", "leak")

// sponsorLinked reports whether a name follows a sponsor link: "a group
// working for China's Ministry of State Security".
func (b *claimBuilder) sponsorLinked(span model.Span) bool {
	v := b.v
	k := v.wordAt(span.Start)
	for back := k - 1; back >= 0 && back >= k-3; back-- {
		for _, l := range sponsorLinks {
			if v.is(back-len(l)+1, l...) {
				return true
			}
		}
	}
	return false
}

// beforeProduct reports whether a name is followed by a product's name:
// "Microsoft Outlook", "Barracuda Email Security Gateway".
func (b *claimBuilder) beforeProduct(span model.Span) bool {
	v := b.v
	k := v.wordAt(span.End)
	return k < len(v.words) && v.words[k].start == span.End+1 && v.capitalWord(k) && v.mentionAt(k) < 0 &&
		!v.words[k].has(cueClaimVerb)
}

func (b *claimBuilder) placeRole(p participant, side int, hasGovernmentAgent bool) string {
	v := b.v
	after := v.wordAt(p.at.End)
	// "Chinese nationals", "a North Korean programmer": a person's origin.
	if p.index >= 0 && personNouns[v.lowerAt(after)] {
		return ""
	}
	// "the Finnish Parliament", "Dutch police": part of the body's name.
	if p.index >= 0 && after < len(v.words) && v.spaced(after) {
		if m := v.mentionAt(after); m >= 0 && v.mentions[m].Kind == model.KindOrganization &&
			b.typ != model.ClaimLawEnforce {
			return ""
		}
	}
	for _, q := range b.parts {
		if q.index == readName && q.at.Start <= p.at.Start && p.at.End <= q.at.End {
			return "" // "British Airways"
		}
	}
	if b.typ != model.ClaimLawEnforce && b.describesSource(p.at) {
		return "" // "the Finnish security firm WithSecure said", "according to two U.S. officials"
	}
	possessive := p.index >= 0 && strings.HasPrefix(v.doc.text[p.at.End:], "'s ")
	switch b.typ {
	case model.ClaimLawEnforce:
		switch {
		case b.onRequest(p.at):
			return "" // "acting at the request of the United States": another state asked
		case possessive && b.ownsTarget(after):
			return "" // "Russia's GRU": the target's state
		case side == sideAgent && (sponsorNext[v.lowerAt(after)] || strings.HasPrefix(v.lowerAt(after), "state")):
			return "" // "Chinese state hackers": not an authority
		case side == sideAgent && p.index >= 0 && b.policeOf(after):
			// "The FBI and Dutch police", "working with German and Dutch
			// police": a country's police acts beside any other authority.
			return "authority"
		case side == sideAgent && v.lowerAt(v.wordAt(p.at.Start)-1) == "in":
			return "" // "a money launderer in Ukraine": where someone is, not who acts
		case side == sideAgent && !hasGovernmentAgent && (v.hasCue(after, cueLawNoun) || !v.lowerNoun(after)):
			return "authority"
		case side == sidePatient && placePrepositions[v.lowerAt(v.wordAt(p.at.Start)-1)]:
			return "country"
		}
		return ""
	case model.ClaimDisclosure:
		return ""
	}
	if b.sponsors(p, side) {
		return "sponsor"
	}
	if b.phrase {
		return ""
	}
	if side == sidePatient {
		if inNormalized(capitalSet(), v.doc.text[p.at.Start:p.at.End]) {
			return "" // "critics of Beijing": the government, not a place
		}
		return "country"
	}
	return ""
}

// policeOf reports whether word k, right after a place, makes it a law
// body: "Dutch police", or "German and Dutch police" for "German".
func (b *claimBuilder) policeOf(k int) bool {
	v := b.v
	if v.lowerAt(k) == "and" {
		if m := v.mentionAt(k + 1); m >= 0 && v.mentions[m].Kind == model.KindCountry {
			k = v.wordAt(v.mentions[m].Span.End)
		}
	}
	return v.spaced(k) && lawBodyNouns[v.lowerAt(k)]
}

// lawBodyNouns after a place name a body that enforces the law.
var lawBodyNouns = setOf("police", "prosecutors", "authorities")

// onRequest reports whether a name follows "at the request of" or "on
// behalf of": it asked for the action but did not take it.
func (b *claimBuilder) onRequest(span model.Span) bool {
	v := b.v
	k := v.wordAt(span.Start)
	if v.lowerAt(k-1) == "the" {
		k--
	}
	return v.is(k-2, "request", "of") || v.is(k-2, "behalf", "of") || v.is(k-2, "requests", "of")
}

// placePrepositions put an action somewhere: "arrested in Poland",
// "sanctions on Russian companies".
var placePrepositions = setOf("in", "from", "on", "against")

// lowerNoun reports whether word k is a lower-case word that a demonym
// before it would describe: "American infrastructure", not "Australia
// on Tuesday".
func (v *sentenceView) lowerNoun(k int) bool {
	if k >= len(v.words) || v.text(k) != v.words[k].lower {
		return false
	}
	switch w := v.words[k].lower; {
	case w == "on" || w == "and" || w == "has" || w == "have" || w == "had" || w == "also" || w == "said":
		return false
	case v.words[k].has(cueTrigger|cueClaimVerb) || adverb(v, k):
		return false
	}
	return true
}

// ownsTarget reports whether the mention at word k can be a
// law-enforcement target.
func (b *claimBuilder) ownsTarget(k int) bool {
	m := b.v.mentionAt(k)
	if m < 0 {
		return false
	}
	switch b.v.mentions[m].Kind {
	case model.KindThreatActor, model.KindMalware, model.KindTool, model.KindOrganization, model.KindPerson:
		return true
	}
	return false
}

// personNouns after a demonym describe a person, not a state's hand.
var personNouns = setOf("national", "nationals", "man", "woman", "men", "women", "citizen", "citizens",
	"programmer", "resident", "residents", "businessman")

// sponsorNext are words that, right after a place, make it the state
// behind an actor: "Russian hackers", "Chinese state-sponsored group".
var sponsorNext = setOf("state-sponsored", "state-backed", "state", "government-backed",
	"government-sponsored", "military", "intelligence", "hackers", "hacker", "spies", "actors",
	"actor", "threat", "apt", "hacking", "espionage", "cyberespionage", "nation-state", "operatives",
	"cyber", "group", "groups", "cyber-espionage", "spying")

// sponsorLinks, before a place, make it the state behind the actor: "a
// group linked to China", "working for Russia's SVR", "based in China".
var sponsorLinks = [][]string{
	{"linked", "to"}, {"tied", "to"}, {"connected", "to"}, {"working", "for"}, {"works", "for"},
	{"worked", "for"}, {"work", "for"}, {"backed", "by"}, {"sponsored", "by"}, {"behalf", "of"},
	{"unit", "of"}, {"directed", "by"}, {"built", "by"}, {"developed", "by"}, {"affiliated", "with"},
	{"associated", "with"},
}

// locationLinks tie an actor to a state only when no crime is said:
// "a state-sponsored group operating from China", not "DarkSide operated
// from Russia". "Based in" needs a state word before it (sponsors).
var locationLinks = [][]string{{"operating", "from"}, {"operates", "from"}, {"groups", "from"}}

// sponsors reports whether a place stands for the state behind the actor:
// "China-linked", "Chinese state-sponsored group APT31", "Russian hackers",
// "linked to the Russian government", "Russia's GRU", "blamed China",
// "Tehran had carried out".
func (b *claimBuilder) sponsors(p participant, side int) bool {
	if p.index < 0 {
		return false
	}
	v := b.v
	m := p.mention
	k := v.wordAt(m.Span.Start)
	if k < len(v.words) && sponsorWord(v.words[k].lower) && v.words[k].start == m.Span.Start {
		return !criminalWord(v, k)
	}
	// "North Korea-nexus": the suffix ends the name's last word.
	for last := k; last < len(v.words) && v.words[last].start < m.Span.End; last++ {
		if v.words[last].end > m.Span.End && sponsorWord(v.words[last].lower) {
			return !criminalWord(v, last)
		}
		if v.words[last].end > m.Span.End && strings.HasSuffix(v.words[last].lower, "-based") {
			return false // "Israel-based NSO Group", "a China-based group": where, not for whom
		}
	}
	after := v.wordAt(m.Span.End)
	if after < len(v.words) && v.spaced(after) {
		w := v.words[after].lower
		if w == "military" && side == sidePatient && v.lowerAt(k-1) == "the" && !v.hasCue(after+1, cueActorNoun) &&
			v.lowerAt(after+1) != "intelligence" && v.lowerAt(after+1) != "hackers" {
			return false // "devices used by the Ukrainian military": whose devices, not for whom
		}
		if sponsorNext[w] || strings.HasPrefix(w, "state-") || strings.HasPrefix(w, "government-") {
			return true
		}
	}
	// "Russia's GRU", "North Korea's Lazarus Group".
	if strings.HasPrefix(v.doc.text[m.Span.End:], "'s ") || strings.HasPrefix(v.doc.text[m.Span.End:], "\u2019s ") {
		if n := v.mentionAt(after); n >= 0 {
			next := v.mentions[n]
			if next.Kind == model.KindThreatActor || inNormalized(stateAgencySet(), next.Text) {
				return true
			}
		}
	}
	// "Russia's foreign intelligence service".
	if strings.HasPrefix(v.doc.text[m.Span.End:], "'s ") {
		for i := after; i < len(v.words) && i <= after+2; i++ {
			if w := v.words[i].lower; w == "intelligence" || w == "military" || w == "spy" {
				return true
			}
			if v.text(i) != v.words[i].lower {
				break
			}
		}
	}
	// "the North Korean government was responsible".
	if side == sideAgent && (v.lowerAt(after) == "government" || v.lowerAt(after) == "regime") && subjectVerbs[v.lowerAt(after+1)] {
		return true
	}
	// An actor named a few words later in the same phrase.
	for _, q := range b.parts {
		if q.index < 0 || q.at.Start < m.Span.End || q.mention.Kind != model.KindThreatActor {
			continue
		}
		if v.wordAt(q.at.Start)-after <= 3 && !strings.ContainsAny(v.doc.text[m.Span.End:q.at.Start], ",;.()") &&
			!v.verbBetween(after, v.wordAt(q.at.Start)) {
			return true
		}
		break
	}
	before := k
	if v.lowerAt(before-1) == "the" {
		before--
	}
	for _, l := range sponsorLinks {
		if v.is(before-len(l), l...) {
			return true
		}
	}
	for _, l := range locationLinks {
		if v.is(before-len(l), l...) && !b.criminalContext() && !criminalBefore(v, before-len(l)) {
			return true
		}
	}
	// "a state-sponsored group based in China"; not "a group based in
	// China", which says where, not for whom.
	if v.is(before-2, "based", "in") && !b.criminalContext() {
		for i := before - 3; i >= 0 && i >= before-6; i-- {
			if w := v.words[i].lower; strings.HasPrefix(w, "state-") || strings.HasPrefix(w, "government-") || w == "state" {
				return true
			}
		}
	}
	switch {
	case b.typ == model.ClaimAttribution && side == sidePatient:
		switch v.lowerAt(before - 1) {
		case "to", "by", "blamed", "accused", "blames", "accuses":
			return true
		}
	case side == sideAgent && subjectVerbs[v.lowerAt(after)]:
		return true // "Tehran had carried out", "Pyongyang denied it was behind"
	case side == sideAgent && (v.lowerAt(before-1) == "blamed" || v.lowerAt(before-1) == "accused"):
		return true // "blamed Russia for a cyberattack"
	}
	// A place listed before another that is the sponsor: "Israel and the
	// United States were behind it".
	if v.lowerAt(after) == "and" && side == sideAgent && !b.listing {
		for _, q := range b.parts {
			if q.index >= 0 && q.index != p.index && q.mention.Kind == model.KindCountry && q.at.Start > m.Span.End &&
				v.wordAt(q.at.Start) <= after+2 {
				b.listing = true
				ok := b.sponsors(q, side)
				b.listing = false
				return ok
			}
		}
	}
	// A place listed after a sponsor: "groups from Iran, North Korea and
	// Turkey".
	if before > 0 && before < len(v.words) && (v.lowerAt(before-1) == "and" || strings.TrimSpace(v.doc.text[v.words[before-1].end:v.words[before].start]) == ",") {
		for _, q := range b.parts {
			if q.index >= 0 && q.at.End <= m.Span.Start && q.at.End >= m.Span.Start-8 && (q.mention.Kind == model.KindCountry) &&
				q.index != p.index && !b.listing {
				b.listing = true
				ok := b.sponsors(q, side)
				b.listing = false
				return ok
			}
		}
	}
	return false
}

// verbBetween reports whether words [from, to) hold a trigger or a
// reporting verb: "the United States indicted APT31" ties no state to
// APT31.
func (v *sentenceView) verbBetween(from, to int) bool {
	for i := from; i < to && i < len(v.words); i++ {
		if (v.words[i].has(cueTrigger) && !v.hasCue(i+1, cueAdjectiveUse)) || v.words[i].has(cueClaimVerb|cueBeVerb|cueHaveVerb) {
			return true
		}
	}
	return false
}

// subjectVerbs after a place make it the subject that acts.
var subjectVerbs = setOf("had", "has", "have", "was", "were", "is", "are", "denied", "denies", "carried",
	"hacked", "attacked", "breached", "stole", "targeted", "launched", "conducted")

// criminalContext reports whether the trigger's clause speaks of a
// criminal gang rather than a state's hackers.
// criminalBefore reports whether the words just before a location link at
// word k call the actor a criminal: "a criminal gang based in Russia"
// names where the gang is, not a state behind it.
func criminalBefore(v *sentenceView, k int) bool {
	for i := k - 1; i >= 0 && i >= k-4; i-- {
		if v.words[i].has(cueCriminal) {
			return true
		}
		if strings.ContainsAny(v.doc.text[v.words[i].end:v.words[i+1].start], ",;") {
			return false
		}
	}
	return false
}

func (b *claimBuilder) criminalContext() bool {
	v := b.v
	for _, w := range v.words {
		if w.start >= b.agentStart && w.start < b.patientEnd && w.has(cueCriminal) {
			return true
		}
	}
	for _, p := range b.parts {
		if p.at.Start >= b.agentStart && p.at.Start < b.patientEnd && p.ransomware {
			return true
		}
	}
	return false
}

// usesOtherMalware reports whether the claim's malware includes a name the
// sentence calls some other kind of malware ("the PlugX backdoor"): a
// ransomware gang's use of a backdoor stays malware use.
func (b *claimBuilder) usesOtherMalware() bool {
	v := b.v
	for _, p := range b.parts {
		if p.ransomware || b.side(p.at) == sideOther || p.mention.Kind != model.KindMalware && p.mention.Kind != model.KindTool {
			continue
		}
		if w := v.lowerAt(v.wordAt(p.at.End)); w != "ransomware" && anaphorNouns[w] == model.KindMalware && w != "malware" {
			return true
		}
	}
	return false
}

// retype corrects the claim's type from what it names: a ransomware
// gang's attack is a ransomware claim; a theft of money is no data breach.
// moneyTaken reports whether what the trigger took is money: a currency
// sign or a money word on its patient side ("stole about $1.7 billion in
// cryptocurrency"). A company that reports such a theft is often counting
// others' losses, not its own.
func (b *claimBuilder) moneyTaken() bool {
	v := b.v
	for _, w := range v.words {
		if w.start >= v.words[b.end-1].end && w.start < b.patientEnd &&
			(w.has(cueMoney) || strings.HasPrefix(v.doc.text[w.start:], "$") || strings.ContainsAny(v.doc.text[max(0, w.start-1):w.start], "$£€")) {
			return true
		}
	}
	return false
}

func (b *claimBuilder) retype() {
	switch b.typ {
	case model.ClaimTargeting, model.ClaimMalwareUse:
		if b.typ == model.ClaimTargeting && b.passive && b.byWord >= 0 && b.byWord+3 < len(b.v.words) {
			for k := b.byWord + 1; k <= b.byWord+3; k++ {
				if b.v.words[k].lower == "ransomware" {
					b.typ = model.ClaimRansomware // "was hit by a ransomware attack"
					return
				}
			}
		}
		if b.typ == model.ClaimMalwareUse && b.usesOtherMalware() {
			return // "ransomware gangs such as LockBit had used the PlugX backdoor"
		}
		for _, p := range b.parts {
			if p.ransomware && b.side(p.at) != sideOther && (p.mention.Kind == model.KindMalware || p.mention.Kind == model.KindThreatActor || p.mention.Kind == model.KindTool) {
				b.typ = model.ClaimRansomware
				return
			}
		}
	case model.ClaimDataBreach:
		// "took $272,000 in tokens": money named by its kind is no data.
		if slices.ContainsFunc(b.roles, func(r model.Role) bool { return r.Role == "data" && !moneyWords[strings.ToLower(r.Text)] }) {
			return
		}
		for _, r := range b.roles {
			if r.Role == "amount" && strings.ContainsAny(r.Text, "$£€") {
				b.typ = model.ClaimTargeting // "stole more than $100 million from banks"
				return
			}
		}
		for _, w := range b.v.words {
			if w.start >= b.v.words[b.end-1].end && w.start < b.patientEnd && w.has(cueMoney) {
				b.typ = model.ClaimTargeting
				return
			}
		}
		if accessVerbs[b.v.words[b.at].lower] {
			b.typ = model.ClaimTargeting
		}
	}
}

var (
	moneyWords  = setOf("cryptocurrency", "bitcoin", "ether", "ethereum", "crypto", "funds", "money", "tokens")
	accessVerbs = setOf("accessed", "access", "accessing")
)

// allowedRoles are the roles each claim type may carry.
var allowedRoles = map[model.ClaimType][]string{
	model.ClaimAttribution:  {"actor", "sponsor", "malware", "victim", "sector", "country"},
	model.ClaimTargeting:    {"actor", "sponsor", "malware", "victim", "sector", "country"},
	model.ClaimMalwareUse:   {"actor", "sponsor", "malware", "victim", "sector", "country"},
	model.ClaimExploitation: {"actor", "sponsor", "vulnerability", "product", "vendor", "victim", "country"},
	model.ClaimDisclosure:   {"vendor", "vulnerability", "product"},
	model.ClaimDataBreach:   {"actor", "sponsor", "malware", "victim", "data", "amount", "sector", "country"},
	model.ClaimRansomware:   {"actor", "sponsor", "malware", "victim", "amount", "sector", "country"},
	model.ClaimLawEnforce:   {"authority", "action", "target", "amount", "country"},
}

func (b *claimBuilder) keepAllowed() {
	allowed := allowedRoles[b.typ]
	if b.phrase {
		allowed = []string{"actor", "sponsor", "malware"}
	}
	b.roles = slices.DeleteFunc(b.roles, func(r model.Role) bool { return !slices.Contains(allowed, r.Role) })
	// A sector word inside a victim's name is the name's: "Telecom Argentina".
	b.roles = slices.DeleteFunc(b.roles, func(r model.Role) bool { return r.Role == "sector" && b.insideVictim(r.Span) })
}

// insideVictim reports whether span lies within a victim role's.
func (b *claimBuilder) insideVictim(span model.Span) bool {
	for _, o := range b.roles {
		if o.Role == "victim" && o.Span.Start <= span.Start && span.End <= o.Span.End {
			return true
		}
	}
	return false
}

// addSectors adds the sector words on the patient side.
func (b *claimBuilder) addSectors() {
	v := b.v
	for k := 0; k < len(v.words); k++ {
		if v.words[k].cue&cueSector == 0 {
			continue
		}
		for _, p := range sectorPhrases[v.words[k].lower] {
			if !v.is(k, p...) || v.mentionAt(k) >= 0 {
				continue
			}
			span := model.Span{Start: v.words[k].start, End: v.words[k+len(p)-1].end}
			if v.text(k) != v.words[k].lower && !v.doc.startsSentence(span.Start) {
				break // "Change Healthcare": a name
			}
			if v.lowerAt(k-1) == "in" && (v.hasCue(k-2, cueMultiplier) || hasDigit(v.lowerAt(k-2))) {
				break // "$620 million in cryptocurrency"
			}
			if b.typ == model.ClaimAttribution && k > 0 && v.mentionAt(k-1) >= 0 && (v.words[k].lower == "government" || v.words[k].lower == "regime") {
				break // "the Russian government": the sponsor
			}
			if countryMediaNouns[v.words[k].lower] && v.demonymAt(k-1) && (v.lowerAt(k-2) == "to" || v.hasCue(k+1, cueClaimVerb)) {
				break // "according to Spanish media", "Italian media reported": who says so
			}
			// "its corporate IT environment", "customer financial
			// information": a sector word that describes the victim's own
			// systems or what was stolen names no victim sector.
			own := false
			for i := k - 1; i >= 0 && i >= k-2; i-- {
				if x := v.words[i].lower; x == "its" || x == "their" || x == "our" {
					own = true
				}
			}
			if n := k + len(p); n < len(v.words) && (v.words[n].has(cueDataNoun) || n+1 < len(v.words) && v.words[n+1].has(cueDataNoun) && v.text(n) == v.words[n].lower) &&
				v.lowerAt(k-1) != "and" {
				own = true
			}
			if n := k + len(p); n < len(v.words) && v.words[n].cue&cueMalwareNoun != 0 {
				own = true // "the Zeus banking trojan": what the malware is for
			}
			if n := k + len(p); n < len(v.words) && attackerParts[v.words[n].lower] {
				own = true // "Russia's military intelligence agency": who attacks, not who is hit
			}
			// "telecommunications infrastructure" is one sector, named by its
			// first word.
			compound := len(p) == 1 && p[0] == "infrastructure" && k > 0 && v.spaced(k) && b.sectorEndsAt(span.Start)
			if !own && !compound && b.side(span) == sidePatient && (k < b.at || k >= b.end) && !b.describesClaimant(k+len(p)) {
				b.add("sector", span.In(v.doc.text), "", span)
			}
			k += len(p) - 1
			break
		}
	}
	b.addMakerSectors()
	b.addDescribedSectors()
}

// sectorHeads head a description of what a victim is: "a Boston law
// firm", "the world's largest accountancy firm", "the oil company Shell".
var sectorHeads = setOf("firm", "firms", "company", "companies", "practice", "practices", "nonprofit", "charity",
	"insurer", "lender", "bank", "hospital", "clinic", "university", "college", "chain", "retailer", "carrier",
	"airline", "exchange", "platform", "publisher", "broadcaster", "newspaper", "studio", "utility", "operator",
	"conglomerate", "distributor", "supplier", "contractor", "agency", "processor", "marketplace", "developer",
	// "one of the largest dental insurers": the plural after "one of".
	"insurers", "banks", "hospitals", "lenders", "operators", "providers", "retailers", "carriers", "airlines",
	"exchanges", "chains", "utilities", "universities", "agencies", "clinics", "publishers", "broadcasters",
	"manufacturers", "distributors", "suppliers", "contractors", "processors", "developers", "conglomerates")

// sectorSkips are the describing words that say nothing of what a victim
// does: "one of the largest", "a major", "the second-largest".
var sectorSkips = setOf("largest", "biggest", "largest-ever", "major", "leading", "big", "small", "large", "top",
	"second-largest", "third-largest", "best-known", "well-known", "little-known", "popular", "prominent", "private",
	"privately", "held", "publicly", "listed", "former", "local", "national", "global", "international", "multinational")

// addDescribedSectors adds the sector a description of a victim names, set
// off after it ("Seyfarth Shaw, a Chicago-based law firm, said") or
// before it ("the oil company Shell"): the lower-case words before the
// description's head noun, up to the first word that only ranks or places
// the victim.
func (b *claimBuilder) addDescribedSectors() {
	v := b.v
	for _, r := range slices.Clone(b.roles) {
		if r.Role != "victim" {
			continue
		}
		first := v.wordAt(r.Span.End)
		// After the name: ", a ... head".
		if first < len(v.words) && strings.TrimSpace(v.doc.text[r.Span.End:v.words[first].start]) == "," {
			b.describedSector(first, len(v.words))
		}
		// Before the name: "the oil company Shell".
		k := v.wordAt(r.Span.Start)
		if k > 0 && k < len(v.words) && v.words[k].start == r.Span.Start && sectorHeads[v.lowerAt(k-1)] && v.spaced(k) {
			head := k - 1
			from := head
			for from > 0 && head-from < 3 && v.text(from-1) == v.lowerAt(from-1) && !v.words[from-1].has(cueDeterminer) &&
				!sectorSkips[v.lowerAt(from-1)] && v.words[from-1].cue&(cueTrigger|cueClaimVerb|cueNamePrep) == 0 && v.spaced(from) {
				from--
			}
			if from < head && !slices.ContainsFunc(v.words[from:head], func(w word) bool { return reporterWords[w.lower] }) {
				span := model.Span{Start: v.words[from].start, End: v.words[head].end}
				b.add("sector", span.In(v.doc.text), "", span)
			}
		}
	}
}

// describedSector reads ", a ... head" from word k: the sector is the
// lower-case words right before the head noun.
func (b *claimBuilder) describedSector(k, limit int) {
	v := b.v
	switch v.lowerAt(k) {
	case "a", "an", "the", "one":
	default:
		return
	}
	for i := k + 1; i < len(v.words) && i < limit && i <= k+8; i++ {
		if i > k && strings.ContainsAny(v.doc.text[v.words[i-1].end:v.words[i].start], ",;()") {
			return
		}
		w := v.words[i].lower
		if v.words[i].cue&(cueTrigger|cueClaimVerb) != 0 || w == "that" || w == "which" || w == "who" || w == "whose" {
			return
		}
		if !sectorHeads[w] || v.text(i) != w {
			continue
		}
		if n := i + 1; n < len(v.words) && v.text(n) == v.lowerAt(n) && sectorHeads[v.lowerAt(n)] {
			continue // "the oil company group"
		}
		from := i
		for from > k+1 && i-from < 3 && v.text(from-1) == v.lowerAt(from-1) && !v.words[from-1].has(cueDeterminer) &&
			!sectorSkips[v.lowerAt(from-1)] && v.lowerAt(from-1) != "of" && !strings.HasSuffix(v.lowerAt(from-1), "-based") {
			from--
		}
		if from == i || slices.ContainsFunc(v.words[from:i], func(w word) bool { return reporterWords[w.lower] }) {
			return // "a firm": no word says of what; "a security firm" reports, it is seldom hit
		}
		span := model.Span{Start: v.words[from].start, End: v.words[i].end}
		b.add("sector", span.In(v.doc.text), "", span)
		return
	}
}

// reporterWords describe the firms that report attacks, not the sectors
// attacks hit: "a security firm", "a threat intelligence company".
var reporterWords = setOf("security", "cybersecurity", "cyber", "antivirus", "intelligence", "analytics", "supply",
	"state-owned", "state-run", "public", "consulting", "research")

// makerHeads head a description of what a victim does: "the payroll
// provider", "the electronic prescriptions provider". ("A maker of gas
// turbines", the noun before what it makes, is not read.)
var makerHeads = setOf("provider", "providers", "maker", "makers", "manufacturer", "manufacturers")

// addMakerSectors adds the sector a description of the victim names: a
// word in "-maker" ("the chipmaker AMD", "drugmaker") or a maker noun
// after up to three lower-case words that say what it makes or provides.
func (b *claimBuilder) addMakerSectors() {
	v := b.v
	for k := range v.words {
		w := v.words[k].lower
		if v.text(k) != w || v.mentionAt(k) >= 0 {
			continue
		}
		suffixed := len(w) > 6 && (strings.HasSuffix(w, "maker") || strings.HasSuffix(w, "makers")) && !makerHeads[w]
		if !suffixed && !makerHeads[w] {
			continue
		}
		first := k
		if !suffixed {
			for i := k - 1; i >= 0 && k-i <= 3 && v.spaced(i+1) && v.text(i) == v.words[i].lower && !v.words[i].has(cueDataStop) &&
				v.words[i].cue&(cueDeterminer|cueTrigger|cueClaimVerb|cueNamePrep) == 0 && !hasDigit(v.words[i].lower); i-- {
				first = i
			}
			if first == k {
				continue // "a provider", "the maker": no word says of what
			}
		}
		span := model.Span{Start: v.words[first].start, End: v.words[k].end}
		if b.side(span) != sidePatient || (k >= b.at && first < b.end) || b.describesClaimant(k+1) ||
			slices.ContainsFunc(b.roles, func(r model.Role) bool { return overlaps(r.Span, span) }) {
			continue
		}
		b.add("sector", span.In(v.doc.text), "", span)
	}
}

// attackerParts after a sector word make it describe the attacker.
var attackerParts = setOf("intelligence", "unit", "units", "officers", "officer", "hackers", "spies")

// sectorEndsAt reports whether a sector role ends one space before offset.
func (b *claimBuilder) sectorEndsAt(offset int) bool {
	for _, r := range b.roles {
		if r.Role == "sector" && r.Span.End == offset-1 {
			return true
		}
	}
	return false
}

// addAmounts adds amounts on the patient side: "1.2 TB", "10 million
// records", "$4.4 million", "75 bitcoin", "23 million euros".
func (b *claimBuilder) addAmounts(moneyOnly bool) {
	v := b.v
	for k, w := range v.words {
		if !hasDigit(w.lower) || strings.Trim(w.lower, "0123456789.,") != "" || b.side(model.Span{Start: w.start, End: w.end}) == sideOther {
			continue
		}
		start := w.start
		money := false
		// A byte is no rune: 0xA3, the last byte of "£", read as a rune is
		// "£" itself, and one byte back would split the sign.
		if start > 0 && v.doc.text[start-1] == '$' {
			start--
			money = true
		} else if r, size := lastRune(v.doc.text[:start]); size > 1 && strings.ContainsRune("£€", r) {
			start -= size
			money = true
		}
		last := k
		if v.hasCue(last+1, cueMultiplier) {
			last++
		}
		switch u := v.lowerAt(last + 1); {
		case amountUnits[u] || currencyUnits[u]:
			last++
		case !money && !moneyOnly && v.countsData(last+1):
			// "860,000 passport numbers": the count alone, as the data is
			// its own role.
			span := model.Span{Start: start, End: v.words[last].end}
			b.add("amount", span.In(v.doc.text), "", span)
			continue
		case !money && last == k:
			continue // a bare number
		}
		if last == k && !money || moneyOnly && !money && !currencyUnits[v.lowerAt(last)] {
			continue
		}
		if b.typ == model.ClaimRansomware && v.seizedAmount(k) {
			continue // "seized $2.3 million of the ransom": the authority's, not the gang's
		}
		span := model.Span{Start: start, End: v.words[last].end}
		b.add("amount", span.In(v.doc.text), "", span)
	}
}

// seizedFrom adds, to a seizure with no target, the gang the seized money
// had been paid to: "seized $2.3 million in bitcoin that Colonial Pipeline
// paid to the DarkSide ransomware gang".
func (b *claimBuilder) seizedFrom() {
	if b.has("target") || !b.has("amount") {
		return
	}
	v := b.v
	for _, p := range b.parts {
		k := v.wordAt(p.at.Start)
		if p.index < 0 || k < b.end || (p.mention.Kind != model.KindMalware && p.mention.Kind != model.KindThreatActor) {
			continue
		}
		to := k - 1
		if v.lowerAt(to) == "the" {
			to--
		}
		if v.lowerAt(to) == "to" && handOverVerbs[v.lowerAt(to-1)] && b.crew(p) {
			b.add("target", p.mention.Text, p.mention.EntityKey, p.mention.Span)
			return
		}
	}
}

// handOverVerbs pay money to someone.
var handOverVerbs = setOf("paid", "handed", "sent", "transferred", "pay")

// seizedAmount reports whether the amount at word k is what a seizure
// took: "had recovered roughly $2.3 million".
func (v *sentenceView) seizedAmount(k int) bool {
	for i := k - 1; i >= 0 && i >= k-3; i-- {
		w := v.words[i].lower
		if v.words[i].has(cueSeizure) {
			return true
		}
		if !approximators[w] {
			return false
		}
	}
	return false
}

// countsData reports whether a phrase of a few describing words that ends
// in a data noun starts at word k: what a number before it counts.
func (v *sentenceView) countsData(k int) bool {
	for i := k; i < len(v.words) && i <= k+4; i++ {
		w := v.words[i].lower
		if i > k && !v.spaced(i) || hasDigit(w) || v.words[i].cue&(cueDataStop|cueTrigger|cueClaimVerb|cueNamePrep|cueClauseOpener) != 0 {
			return false
		}
		if v.words[i].has(cueDataNoun) && !notData[v.lowerAt(i+1)] {
			return true
		}
	}
	return false
}

// approximators stand before an amount: "about $4 million".
var approximators = setOf("about", "roughly", "nearly", "approximately", "around", "some", "almost", "over", "more", "than")

var currencyUnits = setOf("bitcoin", "btc", "euros", "dollars", "pounds", "ether", "eth", "monero")

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0 && i >= len(s)-4; i-- {
		if s[i]&0xC0 != 0x80 {
			r := []rune(s[i:])
			if len(r) == 1 {
				return r[0], len(s) - i
			}
			return 0, 0
		}
	}
	return 0, 0
}

func (b *claimBuilder) add(role, text, key string, span model.Span) {
	for _, r := range b.roles {
		if r.Span == span || (r.Role == role && overlaps(r.Span, span)) {
			return
		}
		if r.Role == role && r.Span.End == span.Start-2 && allCapitals(text) && b.v.doc.text[r.Span.End:span.Start] == " (" {
			return // "Government Pensions Administration Agency (GPAA)": its initials, no other victim
		}
		if r.Role == role && strings.EqualFold(r.Text, text) {
			// "Chinese government agencies ... Chinese diplomatic missions":
			// one country; "DESFA ... the operator's systems": one victim.
			return
		}
		if r.Span.Start <= span.Start && span.End <= r.Span.End && r.Span != span && (role == "actor" || role == "target") {
			return // "the website of Prime Minister Andrus Ansip": part of a name already taken
		}
	}
	if b.roles == nil && b.ctx != nil {
		b.roles = b.ctx.roles[:0] // one buffer serves every builder; build copies the roles out
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

// authorityVerbs are the law-enforcement actions that only an authority
// takes; a takedown with no authority named is some other shutdown.
var authorityVerbs = setOf("seized", "seizing", "seizure", "took", "taken", "take", "takedown", "shutting",
	"dismantled", "dismantling", "disrupted", "disrupting", "disruption", "shut", "disabled", "raided", "raid", "raids")

// complete reports whether the claim names the participants its type
// needs.
func (b *claimBuilder) complete() bool {
	switch b.typ {
	case model.ClaimAttribution:
		return b.has("actor", "sponsor")
	case model.ClaimTargeting:
		return b.has("victim", "country", "sector") && b.has("actor", "sponsor", "malware")
	case model.ClaimMalwareUse:
		if !b.has("malware") {
			return false
		}
		if b.has("actor", "sponsor") {
			return true
		}
		if b.end-b.at == 2 && b.v.lowerAt(b.end-1) == "on" && b.has("victim", "country", "sector") {
			return true // "BPFDoor was found on the carrier's servers": found where it was used
		}
		// With no one using it, the malware must be what is used, not what
		// acts: "used a wiper called AcidRain", not "WannaCry infected".
		for _, r := range b.roles {
			if r.Role == "malware" && b.side(r.Span) == sidePatient && !b.passive {
				return true
			}
		}
		return false
	case model.ClaimExploitation:
		return b.has("vulnerability", "product")
	case model.ClaimDisclosure:
		return b.has("vulnerability", "product") && (b.has("vendor") || b.has("vulnerability"))
	case model.ClaimDataBreach:
		return b.has("victim", "data") || b.bareData && b.has("actor", "malware", "sponsor")
	case model.ClaimRansomware:
		return b.has("actor", "malware", "victim")
	case model.ClaimLawEnforce:
		if authorityVerbs[b.v.words[b.at].lower] {
			return b.has("authority")
		}
		return b.has("target", "authority")
	}
	return false
}

// roleOrder fixes the order of roles within a claim.
var roleOrder = []string{"actor", "sponsor", "authority", "action", "vendor", "malware", "vulnerability",
	"product", "victim", "target", "country", "sector", "data", "amount", "subject", "alias", "overlaps"}

func (b *claimBuilder) sortRoles() { sortRoles(b.roles) }

// sortRoles puts roles in roleOrder, each role's texts as they stand.
func sortRoles(rs []model.Role) {
	slices.SortStableFunc(rs, func(x, y model.Role) int {
		if d := slices.Index(roleOrder, x.Role) - slices.Index(roleOrder, y.Role); d != 0 {
			return d
		}
		return x.Span.Start - y.Span.Start
	})
}

// appendAliasClaims appends to dst the alias assertions turned into
// claims of type alias.
func appendAliasClaims(dst []model.Claim, text string, assertions []AliasAssertion, f sentenceFacts) []model.Claim {
	out, first := dst, len(dst)
	for i, a := range assertions {
		hedge, _ := aliasHedge(a, f)
		aliasRole := "alias"
		if a.Relation == model.RelationOverlaps {
			aliasRole = "overlaps"
		}
		claimant := a.Claimant
		if a.aside || a.naming {
			claimant = ""
		}
		if i > 0 && len(out) > first && sameOverlapList(assertions[i-1], a) {
			// "a rebrand of DarkSide and BlackMatter": one relation to both.
			last := &out[len(out)-1]
			last.Roles = append(last.Roles, model.Role{Role: aliasRole, Text: a.Alias, Span: a.AliasSpan})
			continue
		}
		out = append(out, model.Claim{
			Type: model.ClaimAliasAssertion,
			Roles: []model.Role{
				{Role: "subject", Text: a.Subject, Span: a.SubjectSpan},
				{Role: aliasRole, Text: a.Alias, Span: a.AliasSpan},
			},
			Claimant:     claimant,
			Hedge:        hedge,
			Confidence:   a.Confidence,
			Negated:      aliasNegated(a, f),
			Evidence:     a.Evidence,
			EvidenceText: a.Evidence.In(text),
		})
	}
	return out
}

// forcedClaims builds claims of the types in want (a bit per type, as
// typeBit gives) from the sentence's trigger words of those types that
// the rules' guards turned down ("capability", "unasserted", adjective
// uses, ...): the classifier has judged the sentence to make such a
// claim, so the guard was likely wrong. The first trigger of a type
// whose claim completes gives that type's claim. c is the sentence's
// scratch context, as for claimsIn.
func forcedClaims(v *sentenceView, facts sentenceFacts, parts []participant, times []timeExpr, ante *antecedents,
	c *claimContext, want uint16) []model.Claim {
	hits := moreHits(v, findHits(v, c.hits[:0]))
	n := len(hits)
	for k := range v.words {
		if !v.words[k].has(cueTrigger) || v.mentionAt(k) >= 0 {
			continue // no trigger starts here
		}
		for _, t := range triggers[v.words[k].lower] {
			if want&typeBit(t.typ) == 0 || !v.is(k, t.words...) ||
				slices.ContainsFunc(hits[:n], func(h triggerHit) bool { return h.at == k && h.typ == t.typ }) {
				continue
			}
			hits = append(hits, triggerHit{at: k, end: k + len(t.words), typ: t.typ})
		}
	}
	if len(hits) == n {
		return nil
	}
	c.setUp(v, facts, parts, times, ante, hits)
	var out []model.Claim
	for i := n; i < len(c.hits); i++ {
		if want&typeBit(c.hits[i].typ) == 0 {
			continue
		}
		if cl, ok := c.buildAt(i); ok && want&typeBit(cl.Type) != 0 {
			want &^= typeBit(cl.Type)
			out = append(out, cl)
		}
	}
	return out
}
