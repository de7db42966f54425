package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-cti/winnow/internal/model"
)

// malwareNouns name kinds of malicious software: "the NanoSlate backdoor",
// "LockBit ransomware" and "Remcos RAT" make the name before them malware.
var malwareNouns = setOf(
	"backdoor", "malware", "ransomware", "botnet", "loader", "stealer", "infostealer", "wiper",
	"implant", "trojan", "rootkit", "bootkit", "spyware", "dropper", "downloader", "worm",
	"keylogger", "webshell", "rat", "cryptominer", "backdoors", "wipers", "implants",
)

// actorNouns name a group of attackers; actorModifiers say what kind.
var (
	actorNouns     = setOf("group", "actor", "gang", "crew", "cluster", "collective", "syndicate", "apt")
	actorModifiers = setOf(
		"threat", "hacking", "hacker", "apt", "espionage", "cyberespionage", "cyber-espionage",
		"ransomware", "cybercrime", "cybercriminal", "state-sponsored", "state-backed",
		"nation-state", "extortion", "criminal", "activity",
	)
	// ransomwareCrews follow "X ransomware" when X is the gang, not the code.
	ransomwareCrews = setOf(
		"gang", "group", "operation", "operators", "operator", "crew", "cartel", "affiliate",
		"affiliates", "actors", "actor", "syndicate",
	)
	// namingVerbs introduce a new name: "a backdoor dubbed NanoSlate".
	namingVerbs = setOf("dubbed", "named", "called", "codenamed", "code-named", "nicknamed")
	// actorPersons are attackers named by what they do: "a hacker who calls
	// himself X", "a blackmailer calling himself X".
	actorPersons = setOf("hackers", "hacker", "hacktivist", "hacktivists", "actors", "operators", "adversary",
		"blackmailer", "extortionist", "extortionists", "attacker", "attackers", "cybercriminal", "cybercriminals")
	// selfNamingVerbs and reflexives introduce a name its bearer chose: "a
	// group calling itself X".
	selfNamingVerbs = setOf("calls", "calling", "called", "call", "names", "naming", "named", "dubs", "dubbing",
		"dubbed", "styles", "styling", "styled", "brands", "branding", "branded")
	reflexives = setOf("itself", "himself", "herself", "themselves")
	// detectVerbs name what a security product detects: "which Symantec
	// detects as Trojan.Hexlock".
	detectVerbs = setOf("detects", "detected", "detect", "identifies", "identified", "flags", "flagged")
)

// notNames are capitalised words that start or end a sentence's noun
// phrase without being part of a name: "The", "New", "Windows".
var notNames = setOf(
	"the", "a", "an", "this", "that", "these", "those", "new", "its", "their", "his", "her",
	"our", "my", "your", "custom", "same", "other", "another", "such", "malicious", "modular",
	"novel", "previously", "unknown", "undocumented", "known", "android", "windows", "linux",
	"macos", "ios", "mobile", "open-source", "commodity", "destructive", "sophisticated",
	"python", "go", "golang", "rust", "powershell", "javascript", "java", "office", "in", "on",
	"at", "for", "with", "by", "from", "and", "or", "but", "after", "before", "as", "while",
	"if", "when", "also", "however", "some", "all", "any", "first", "second", "several",
	"multiple", "two", "three", "one", "unnamed", "both", "each", "remote", "access", "banking",
	"data", "info", "information", "researchers", "security", "cyber", "state", "government",
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "like", "including", "said", "says", "according", "using", "used",
	"dubbed", "called", "named", "tracked", "known", "aka",
	// Words of time that open sentences: "Hours after the announcement".
	"hours", "days", "weeks", "months", "years", "minutes", "moments", "today", "yesterday",
	"earlier", "later", "meanwhile", "separately", "since", "until", "last", "next",
	// Prepositions that open sentences: "Between Nov. 27 and Dec. 15, ...".
	"between", "among", "amid", "during", "despite", "following", "under", "across", "through", "within",
	"once",
	// Words that tie unnamed hackers to a state: "State-backed hackers".
	"state-backed", "state-sponsored", "state-linked", "state-affiliated", "state-aligned", "government-backed",
	// A disease before what it is about: "COVID-19 vaccine information".
	"covid-19", "covid", "coronavirus",
)

// maxNameWords bounds how many words a name found by a pattern may have.
const maxNameWords = 4

// patternFinder finds names no gazetteer has, from the words around them.
type patternFinder struct {
	doc   *document
	words []word
	// blocked marks words inside country, region and organisation names,
	// which never start or extend a pattern name ("Russian malware").
	blocked []bool
	// demonym marks words that are a country's adjective ("Australian"),
	// which may open a name that is not a state body's ("the Australian
	// National University").
	demonym []bool
	// regional marks the demonyms that are a region's ("European"): no
	// state, so they open even a body's name ("the European Banking
	// Authority").
	regional []bool
	found    []model.Mention
}

func newPatternFinder(doc *document, words []word, builtin []GazetteerMatch) *patternFinder {
	n := len(words)
	flags := make([]bool, 3*n) // one allocation for all three
	p := &patternFinder{doc: doc, words: words, blocked: flags[:n:n], demonym: flags[n : 2*n : 2*n], regional: flags[2*n:]}
	j := 0
	for i, w := range words {
		for j < len(builtin) && builtin[j].Span.End <= w.start {
			j++
		}
		for k := j; k < len(builtin) && builtin[k].Span.Start < w.end; k++ {
			p.blocked[i] = true
			if m := builtin[k]; (m.Entry.Kind == model.KindCountry || m.Entry.Kind == model.KindRegion) && m.Span.Start == w.start && m.Span.End == w.end && adjectiveDemonym(w.lower) {
				p.demonym[i] = true
				p.regional[i] = m.Entry.Kind == model.KindRegion
			}
		}
	}
	return p
}

// adjectiveDemonym reports whether a country's name in lower case is its
// adjective: "australian", "japanese", "british", and "israeli" too.
func adjectiveDemonym(w string) bool { return adjectiveForm(w) || strings.HasSuffix(w, "i") }

// stateHeads head the names of state bodies, whose country adjective is a
// sponsor or claimant of its own ("the Chinese Foreign Ministry").
var stateHeads = setOf("ministry", "government", "police", "embassy", "army", "navy", "forces", "agency",
	"department", "office", "directorate", "command", "intelligence", "court", "parliament", "prosecutors",
	"authority", "authorities", "guard", "bureau", "service", "services", "centre", "center", "council")

// find returns the pattern mentions, in the order found.
func (p *patternFinder) find() []model.Mention {
	ws := p.words
	for k, w := range ws {
		switch {
		case w.cue&cueMalwareNoun != 0:
			if w.lower == "rat" && p.text(k) != "RAT" {
				continue
			}
			kind := model.KindMalware
			if w.lower == "ransomware" && k+1 < len(ws) && p.joined(k+1) && ransomwareCrews[ws[k+1].lower] {
				kind = model.KindThreatActor
			}
			p.addBefore(k, kind)
		case w.cue&cueActorNoun != 0 && k > 0 && actorModifiers[ws[k-1].lower] && p.joined(k):
			p.addBefore(k-1, model.KindThreatActor) // "the Sandworm hacking group"
			p.addAfter(k, model.KindThreatActor)    // "the threat actor Storm-0558"
			if w.lower == "group" || w.lower == "crew" || w.lower == "collective" {
				p.addDescribedGroup(k) // "Black Shadow, the hacking group that broke into ..."
			}
		case w.lower == "hackers" || w.lower == "gang":
			p.addBefore(k, model.KindThreatActor)
		case w.cue&cueActorNoun != 0 && (w.lower == "group" || w.lower == "crew" || w.lower == "collective"):
			p.addDescribedGroup(k) // "N4aughtySecTU, a group that says it is based in Brazil"
		case flawNouns[w.lower]:
			p.addDescribedFlaw(k) // "Citrix Bleed, a critical flaw in ..."
		case w.lower == "shell" && k > 0 && p.words[k-1].lower == "web" && p.joined(k):
			p.addBefore(k-1, model.KindMalware) // "the GlassToken web shell"
		case w.cue&cueOrgHead != 0 && organizationHeads[p.text(k)]:
			p.addOrganization(k)
		case (w.lower == "tracked" || w.cue&cueIntroducer != 0 && (w.lower == "tracks" || w.lower == "track")) && p.nextIs(k, "as"):
			// "a group tracked as X", "which Symantec tracks as X"
			kind, ok := p.hintBefore(k)
			if !ok {
				kind = model.KindThreatActor
			}
			p.addAfter(k+1, kind)
		case w.cue&cueIntroducer != 0 && detectVerbs[w.lower] && p.nextIs(k, "as"):
			// "which Symantec detects as Trojan.Hexlock": vendors detect code.
			p.addIntroduced(k+1, model.KindMalware)
		case w.cue&cueIntroducer != 0 && selfNamingVerbs[w.lower] && k+1 < len(ws) && p.joined(k+1) && reflexives[ws[k+1].lower]:
			// "a group calling itself X", "a hacker who calls himself X":
			// the noun before says what names itself ("He named himself
			// The Chairman" names no actor).
			if kind, ok := p.hintBefore(k); ok {
				p.addIntroduced(k+1, kind)
			}
		case w.cue&cueNaming != 0 || (w.lower == "known" && p.nextIs(k, "as")):
			after := k
			if w.lower == "known" {
				after = k + 1
			}
			if kind, ok := p.hintBefore(k); ok {
				p.addAfter(after, kind)
			}
		}
	}
	return p.found
}

func (p *patternFinder) text(k int) string { return p.doc.text[p.words[k].start:p.words[k].end] }

// joined reports whether word k follows word k-1 after a single space,
// quotes aside: the two may belong to one phrase.
func (p *patternFinder) joined(k int) bool {
	if k <= 0 || k >= len(p.words) {
		return false
	}
	gap := p.doc.text[p.words[k-1].end:p.words[k].start]
	return strings.Count(gap, " ") == 1 && strings.Trim(gap, " \"'\u201c\u201d\u2018\u2019") == ""
}

// spaced reports whether word k follows word k-1 after exactly one space.
func (p *patternFinder) spaced(k int) bool {
	return k > 0 && k < len(p.words) && p.doc.text[p.words[k-1].end:p.words[k].start] == " "
}

func (p *patternFinder) nextIs(k int, lower string) bool {
	return k+1 < len(p.words) && p.joined(k+1) && p.words[k+1].lower == lower
}

// nameWord reports whether word k can be part of a name: it has a
// capital ("NanoSlate", "njRAT", "Storm-0558") and is no common word.
func (p *patternFinder) nameWord(k int) bool {
	t := p.text(k)
	return hasLetter(t) && hasUpper(t) && p.words[k].cue&cueNotName == 0 && !p.blocked[k] // not in notNames
}

// numberWord reports whether word k is a number that may end a name
// ("Unit 42", "Dragonfly 2.0").
func (p *patternFinder) numberWord(k int) bool {
	t := p.text(k)
	return hasDigit(t) && !hasLetter(t) && !p.blocked[k]
}

// addDescribedGroup adds the name that an appositive ending in the actor
// noun at word k describes: "N4aughtySecTU, a group that says ...",
// "Black Shadow, the hacking group that broke into ...". Up to two words
// (a modifier such as "hacking" or "ransomware") may stand between the
// article and the noun; "a group of" describes a set, not a name.
func (p *patternFinder) addDescribedGroup(k int) {
	if k+1 >= len(p.words) {
		return
	}
	// The aside goes on as an aside: "a group that ...", "a group behind
	// ...", "a hacking group, said": not "Kyodo News, the group said".
	switch p.words[k+1].lower {
	case "that", "which", "who", "behind", "known", "calling", "tracked":
	default:
		if p.doc.text[p.words[k].end:p.words[k+1].start] != ", " || p.words[k+1].cue&cueClaimVerb != 0 {
			return
		}
	}
	j := k - 1
	for j > 0 && k-j <= 2 && actorModifiers[p.words[j].lower] {
		j--
	}
	if j < 1 || (p.words[j].lower != "a" && p.words[j].lower != "an" && p.words[j].lower != "the") || p.text(j) != p.words[j].lower ||
		p.doc.text[p.words[j-1].end:p.words[j].start] != ", " {
		return
	}
	p.addAsideHead(j-1, model.KindThreatActor)
}

// flawNouns say that a name set off before them is a vulnerability's.
var flawNouns = setOf("flaw", "vulnerability", "bug", "zero-day", "weakness")

// addDescribedFlaw adds the name that an appositive ending in the flaw
// noun at word k describes: "Citrix Bleed, a critical flaw in networking
// equipment", "PrintNightmare, a bug in the Windows print spooler". Up to
// three lower-case words may stand between the article and the noun.
func (p *patternFinder) addDescribedFlaw(k int) {
	j := k - 1
	for j > 0 && k-j <= 3 && p.text(j) == p.words[j].lower && p.words[j].lower != "a" && p.words[j].lower != "an" {
		j--
	}
	if j < 1 || (p.words[j].lower != "a" && p.words[j].lower != "an") || p.text(j) != p.words[j].lower ||
		p.doc.text[p.words[j-1].end:p.words[j].start] != ", " {
		return
	}
	p.addAsideHead(j-1, model.KindVulnerability)
}

// addAsideHead adds the name of capitalised words (and numbers after
// them) that ends at word last, before the comma of an aside that says
// what it is.
func (p *patternFinder) addAsideHead(last int, kind model.EntityKind) {
	first := last
	for first > 0 && last-first+1 < maxNameWords && p.spaced(first) && (p.nameWord(first-1) || p.numberWord(first-1)) {
		first--
	}
	for i := first; i <= last; i++ {
		if !p.nameWord(i) && !p.numberWord(i) {
			return
		}
	}
	p.add(first, last, kind)
}

// addBefore adds the name that ends right before word k.
func (p *patternFinder) addBefore(k int, kind model.EntityKind) {
	if k <= 0 || !p.joined(k) {
		return
	}
	last := k - 1
	first := last
	for first > 0 && last-first+1 < maxNameWords && p.spaced(first) &&
		(p.nameWord(first-1) || p.numberWord(first-1)) {
		first--
	}
	for first <= last && !p.nameWord(first) {
		first++ // a name does not start with a number
	}
	if first > last {
		return
	}
	// All of the name's words must qualify; a number may only follow a word.
	for i := first; i <= last; i++ {
		if !p.nameWord(i) && !p.numberWord(i) {
			return
		}
	}
	p.add(first, last, kind)
}

// addAfter adds the name that starts right after word k, skipping "the".
func (p *patternFinder) addAfter(k int, kind model.EntityKind) {
	first := k + 1
	if first < len(p.words) && p.words[first].lower == "the" && p.text(first) == "the" && p.joined(first) {
		first++
	}
	if first >= len(p.words) || !p.joined(first) || !p.nameWord(first) {
		return
	}
	last := first
	for last+1 < len(p.words) && last-first+1 < maxNameWords && p.spaced(last+1) &&
		(p.nameWord(last+1) || p.numberWord(last+1)) {
		last++
	}
	p.add(first, last, kind)
}

// addIntroduced adds the name that starts right after word k, where the
// words before announce a name ("calling itself", "detects as"): there a
// capitalised common word is part of the name ("Cyber Partisans"), and a
// symbol ending a word belongs to it ("Scattered Lapsus$ Hunters").
func (p *patternFinder) addIntroduced(k int, kind model.EntityKind) {
	first := k + 1
	if first < len(p.words) && p.words[first].lower == "the" && p.joined(first) {
		first++ // "calling itself The Dark Overlord" names Dark Overlord
	}
	introduced := func(i int) bool {
		t := p.text(i)
		return hasLetter(t) && hasUpper(t) && !p.blocked[i] && !organizationStops[p.words[i].lower]
	}
	if first >= len(p.words) || !p.joined(first) {
		return
	}
	if h := p.handleEnd(first); h > first {
		// "a blackmailer calling himself ransom_man": a handle's words are
		// joined by underscores, whatever their case.
		start, end := p.words[first].start, p.words[h].end
		p.found = append(p.found, model.Mention{Kind: kind, Text: p.doc.text[start:end], Span: model.Span{Start: start, End: end}})
		return
	}
	if !introduced(first) {
		return
	}
	last := first
	for last+1 < len(p.words) && last-first+1 < maxNameWords {
		gap := p.doc.text[p.words[last].end:p.words[last+1].start]
		if gap != " " && gap != "$ " || !introduced(last+1) && !p.numberWord(last+1) {
			break
		}
		last++
	}
	end := p.words[last].end
	if strings.HasPrefix(p.doc.text[end:], "$") {
		end++
	}
	start := p.words[first].start
	p.found = append(p.found, model.Mention{Kind: kind, Text: p.doc.text[start:end], Span: model.Span{Start: start, End: end}})
}

// handleEnd returns the last word of the run of words from first joined
// by single underscores ("ransom_man"), or first when there is none.
func (p *patternFinder) handleEnd(first int) int {
	last := first
	for last+1 < len(p.words) && last-first < maxNameWords && p.doc.text[p.words[last].end:p.words[last+1].start] == "_" {
		last++
	}
	return last
}

// add records words first..last as a mention, unless the name is one
// ordinary capitalised word opening a sentence, which proves nothing.
func (p *patternFinder) add(first, last int, kind model.EntityKind) {
	start, end := p.words[first].start, p.words[last].end
	name := p.doc.text[start:end]
	if first == last && p.doc.startsSentence(start) && plainCapitalised(name) {
		return
	}
	p.found = append(p.found, model.Mention{Kind: kind, Text: name, Span: model.Span{Start: start, End: end}})
}

// plainCapitalised reports whether s is a capital followed by lower-case
// letters only, like an ordinary word at a sentence's start.
func plainCapitalised(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range s[size:] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// organizationHeads end or head the names of bodies and companies:
// "National Crime Agency", "Ministry of Foreign Affairs", "Acme Technologies".
var organizationHeads = setOf(
	"Agency", "Service", "Centre", "Center", "Office", "Bureau", "Police", "Directorate",
	"Department", "Ministry", "Command", "Council", "Commission", "Committee", "Authority",
	"Administration", "Inspectorate", "Company", "Corporation", "Corp", "Inc", "Ltd", "LLC",
	"GmbH", "Technology", "Technologies", "Networks", "Systems", "Software", "Labs",
	"Laboratories", "Bank", "University", "Institute", "Hospital", "Foundation", "Association",
	"Court", "Parliament", "Executive", "City", "Town", "County", "Municipality", "Network",
)

// headAhead reports whether the capitalised words from word k end in an
// organisation head of their own: "La Porte County".
func (p *patternFinder) headAhead(k int) bool {
	for i := k; i < len(p.words) && i < k+4 && p.organizationWord(i); i++ {
		if p.words[i].cue&cueOrgHead != 0 && organizationHeads[p.text(i)] {
			return true
		}
	}
	return false
}

// headBehind reports whether the capitalised words ending at word k hold
// an organisation head: "City of Dallas" before "and".
func (p *patternFinder) headBehind(k int) bool {
	for i := k; i >= 0 && i > k-5; i-- {
		if p.words[i].cue&cueOrgHead != 0 && organizationHeads[p.text(i)] {
			return true
		}
		if !p.organizationWord(i) && !(nameConnectors[p.words[i].lower] && p.words[i].lower != "and") {
			return false
		}
	}
	return false
}

// placeHeads are the organisation heads that name a place's government
// ("City of Dallas", "La Porte County"), which more words may follow.
var placeHeads = setOf("city", "town", "county", "municipality")

// nameConnectors may join the words of an organisation's name.
var nameConnectors = setOf("and", "of", "for", "the")

// maxOrganizationWords bounds an organisation name found by its head.
const maxOrganizationWords = 7

// organizationWord reports whether word k can be part of an organisation's
// name: capitalised, not a country or known name, not a function word.
func (p *patternFinder) organizationWord(k int) bool {
	t := p.text(k)
	return isCapitalised(t) && hasLetter(t) && !p.blocked[k] && !organizationStops[p.words[k].lower]
}

var organizationStops = setOf("the", "a", "an", "this", "that", "its", "their", "in", "on", "at",
	"by", "from", "and", "or", "but", "according", "after", "before", "while", "when", "if",
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday")

// addOrganization adds the name around the organisation head at word k,
// reaching back over capitalised words ("National Crime Agency") and on
// over "of"/"for" phrases ("Ministry of Foreign Affairs").
func (p *patternFinder) addOrganization(k int) {
	if p.blocked[k] {
		return
	}
	if p.words[k].lower == "executive" && k > 0 && personTitles[p.words[k-1].lower] {
		return // "Chief Executive" is a post, not a body like the Health Service Executive
	}
	first := k
	for i := k - 1; i >= 0 && k-i < maxOrganizationWords && p.spaced(i+1); i-- {
		if p.organizationWord(i) {
			first = i
			continue
		}
		if p.demonym[i] && i == first-1 && (!stateHeads[p.words[k].lower] || p.regional[i]) && (i == 0 || p.words[i-1].lower == "the") {
			first = i // "the Australian National University"
			break
		}
		if !nameConnectors[p.words[i].lower] || p.text(i) != p.words[i].lower {
			break
		}
		if p.words[i].lower == "and" && p.headBehind(i-1) {
			break // "City of Dallas and La Porte County": two bodies
		}
	}
	last := k
	if placeHeads[p.words[k].lower] {
		// "Broward County Public Schools": a place's head may open a longer name.
		for last+1 < len(p.words) && last+1-first < maxOrganizationWords && p.spaced(last+1) && p.organizationWord(last+1) {
			last++
		}
	}
	if next := last + 1; next < len(p.words) && p.spaced(next) && (p.words[next].lower == "of" || p.words[next].lower == "for") &&
		p.text(next) == p.words[next].lower {
		for i := next + 1; i < len(p.words) && i-first < maxOrganizationWords && p.spaced(i); i++ {
			if p.organizationWord(i) {
				last = i
				continue
			}
			if !nameConnectors[p.words[i].lower] || p.text(i) != p.words[i].lower {
				break
			}
			if p.words[i].lower == "and" && (i+1 < len(p.words) && p.words[i+1].lower == "the" || p.headAhead(i+1)) {
				break // "Ministry of Emergency Management and the Wuhan city government", "City of Dallas and La Porte County": two bodies
			}
		}
	}
	if first == last {
		return // a head alone ("Ministry") names nothing in particular
	}
	start, end := p.words[first].start, p.words[last].end
	p.found = append(p.found, model.Mention{Kind: model.KindOrganization, Text: p.doc.text[start:end], Span: model.Span{Start: start, End: end}})
}

// hintBefore looks at the few words before word k for a noun saying what
// kind of thing is being named.
func (p *patternFinder) hintBefore(k int) (model.EntityKind, bool) {
	for i := k - 1; i >= 0 && i >= k-5; i-- {
		if !p.sameSentence(i, k) {
			break
		}
		w := p.words[i].lower
		switch {
		case w == "rat" && p.text(i) != "RAT":
		case p.words[i].has(cueMalwareNoun) || w == "tool" || w == "variant" || w == "strain" || w == "family":
			return model.KindMalware, true
		case p.words[i].has(cueActorNoun) || actorPersons[w]:
			return model.KindThreatActor, true
		case w == "campaign" || w == "operation" || w == "vulnerability" || w == "flaw":
			return "", false
		}
	}
	return "", false
}

func (p *patternFinder) sameSentence(i, k int) bool {
	return sentenceAt(p.doc.sentences, p.words[i].start) == sentenceAt(p.doc.sentences, p.words[k].start)
}
