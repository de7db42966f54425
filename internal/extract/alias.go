package extract

import (
	"slices"
	"strings"
	"sync"

	"github.com/winnow-cti/winnow/internal/model"
)

// AliasAssertion is a sentence saying that Subject is also called Alias.
type AliasAssertion struct {
	Subject     string              `json:"subject"`
	Alias       string              `json:"alias"`
	SubjectSpan model.Span          `json:"subject_span"`
	AliasSpan   model.Span          `json:"alias_span"`
	Relation    model.AliasRelation `json:"relation"` // same-as, or overlaps-with for "overlaps with"
	// Claimant is who says so, when the sentence names them ("which
	// Microsoft calls X").
	Claimant   string     `json:"claimant,omitempty"`
	Evidence   model.Span `json:"evidence"` // the sentence
	Confidence float64    `json:"confidence"`
	// appositive marks an alias given in passing ("X, also known as Y,
	// did ..."); aside, one inside what the sentence's claimant reports
	// ("Microsoft said X, also known as Y, did ..."): the claimant reports
	// the rest, and the alias claim carries none.
	appositive, aside bool
	// handle marks an online handle ("known online as X"): its subject is
	// mostly a person, whom the people finder reads, not an alias mention.
	handle bool
	// anaphorKind is the kind an anaphor subject stands for ("The gang,
	// also known as Agenda"); resolved is set once Subject names it.
	anaphorKind model.EntityKind
	resolved    bool
	// naming marks a name given in passing by who uses it ("which
	// Microsoft calls X"): the alias claim has no claimant.
	naming bool
	// joint marks one relation to all the names of a list ("a rebrand of
	// DarkSide and BlackMatter"): one claim holds them. Names that overlap
	// the subject each ("overlaps with activity reported as Barium and
	// Wicked Panda") are a claim each.
	joint bool
}

// Alias confidences before hedging: a plain "also known as" is a firm
// statement; a reported overlap is weaker than identity.
const (
	confidenceSameAs   = 0.8
	confidenceOverlaps = 0.5
)

// aliasPhrases introduce the other names of the name before them.
var aliasPhrases = [][]string{
	{"also", "known", "as"}, {"otherwise", "known", "as"}, {"formerly", "known", "as"}, {"better", "known", "as"},
	{"previously", "known", "as"}, {"also", "tracked", "as"}, {"previously", "tracked", "as"},
	{"also", "referred", "to", "as"}, {"also", "called"}, {"also", "dubbed"}, {"also", "named"},
	{"aka"}, {"a.k.a"}, {"known", "as"}, {"tracked", "as"}, {"dubbed"}, {"formerly"},
	{"previously"}, {"also", "goes", "by"}, {"also", "go", "by"}, {"also", "went", "by"},
	// A group naming itself: "LockBit, which now calls itself LockBit 2.0".
	{"calls", "itself"}, {"called", "itself"}, {"call", "themselves"}, {"called", "themselves"},
	{"dubs", "itself"}, {"dubbed", "itself"}, {"names", "itself"}, {"named", "itself"},
	{"refers", "to", "itself", "as"}, {"referred", "to", "itself", "as"}, {"rebranded", "itself", "as"},
}

// overlapPhrases introduce names that reportedly overlap the one before.
var overlapPhrases = [][]string{
	{"overlaps", "with"}, {"overlap", "with"}, {"overlapping", "with"}, {"overlapped", "with"},
	{"shares", "infrastructure", "with"}, {"share", "infrastructure", "with"},
	{"shared", "infrastructure", "with"},
}

// overlapVerbs may take adverbs before their "with": "had at first
// overlapped heavily with Diamond Sleet".
var overlapVerbs = setOf("overlaps", "overlap", "overlapping", "overlapped")

// overlapPhrase returns the length of the overlap phrase at word k, or 0:
// one of overlapPhrases, or an overlap verb, up to two adverbs in "-ly"
// and "with".
func overlapPhrase(v *sentenceView, k int) int {
	if n := matchAny(v, k, overlapPhrases); n > 0 || !overlapVerbs[v.lowerAt(k)] {
		return n
	}
	for i := k + 1; i <= k+2 && i < len(v.words); i++ {
		if w := v.words[i].lower; w != v.text(i) || !strings.HasSuffix(w, "ly") || v.gap(v.words[i-1].end, v.words[i].start) != "" {
			return 0
		}
		if v.is(i+1, "with") && v.gap(v.words[i].end, v.words[i+1].start) == "" {
			return i + 2 - k
		}
	}
	return 0
}

// overlapObject returns the word where the names an overlap phrase
// relates start, from word k after it: at once, or after a description
// of what they name ("activity tracked as", "activity that other
// security companies report as").
func overlapObject(v *sentenceView, k int) int {
	for i := k; i < k+6 && i < len(v.words); i++ {
		if _, ok := v.nameAt(i); ok {
			break
		}
		if v.is(i, "that") || v.is(i, "which") || v.is(i, "whom") {
			// "with that of hackers whom other security companies track
			// as": the relative that names them may come a few words on.
			if _, start, ok := namingRelative(v, i); ok {
				return start
			}
		}
	}
	return skipLowerWords(v, k, 7)
}

// overlapNouns say what the subject is to the names after them: "is a
// rebrand of DarkSide", "a group ... to be part of UNC5221", "might have
// ties to APT5". The group is not the same, but related: an overlap.
var overlapNouns = [][]string{
	{"rebrand", "of"}, {"rebranding", "of"}, {"rebranded", "version", "of"}, {"successor", "to"},
	{"successor", "of"}, {"offshoot", "of"}, {"spin-off", "of"}, {"spinoff", "of"},
	{"splinter", "group", "of"}, {"splinter", "of"}, {"subgroup", "of"}, {"sub-group", "of"},
	{"subset", "of"}, {"evolution", "of"}, {"continuation", "of"}, {"part", "of"},
	{"ties", "to"}, {"links", "to"},
}

// looseOverlaps are the overlap nouns that also relate people, places and
// firms ("part of the team", "ties to Moscow"): both sides must be
// groups.
var looseOverlaps = setOf("part", "ties", "links")

// overlapModifiers may stand before an overlap noun: "a likely rebrand
// of", "the direct successor to".
var overlapModifiers = setOf("a", "an", "the", "likely", "possible", "probable", "apparent",
	"direct", "new", "latest", "recent", "close", "suspected", "alleged", "reported")

// overlapCopulas may link a subject to an overlap noun: "is believed to
// be a rebrand of", "might have ties to".
var overlapCopulas = setOf("is", "was", "are", "were", "be", "been", "being", "to", "may",
	"might", "could", "likely", "probably", "possibly", "reportedly", "believed", "thought",
	"considered", "assessed", "suspected", "also", "itself", "have", "has", "had", "appears",
	"seems", "said", "now", "effectively", "essentially", "actually")

// assessVerbs end a relative clause that judges what the name before it
// is: "a group it assessed with moderate confidence to be part of".
var assessVerbs = setOf("assessed", "assesses", "assess", "believes", "believed", "believe",
	"thinks", "think", "considers", "consider", "suspects", "suspect")

// confidenceWords grade an assessment: "with moderate confidence".
var confidenceWords = setOf("high", "moderate", "medium", "low")

// claimantVerbs end "which Microsoft calls", "what CrowdStrike tracks as".
var claimantVerbs = [][]string{
	{"calls"}, {"called"}, {"tracks", "as"}, {"tracked", "as"}, {"refers", "to", "as"},
	{"dubs"}, {"dubbed"}, {"has", "dubbed"}, {"names"}, {"named"}, {"has", "named"},
	{"has", "called"}, {"identifies", "as"}, {"tracks", "under", "the", "name"},
	{"renamed"}, {"renames"}, {"knows", "as"}, {"knew", "as"}, {"referred", "to", "as"},
	{"identified", "as"}, {"tracked", "under", "the", "name"}, {"reports", "as"}, {"reported", "as"},
}

// namerVerbs end a naming clause whose namer is plural or a pronoun:
// "which researchers call", "that they track as".
var namerVerbs = append([][]string{
	{"call"}, {"track", "as"}, {"name"}, {"dub"}, {"refer", "to", "as"}, {"know", "as"},
	{"rename"}, {"identify", "as"}, {"report", "as"},
}, claimantVerbs...)

// namerAdverbs may stand between a namer and its verb: "which Microsoft
// previously called", "which it also calls", "which the government has
// tracked as".
var namerAdverbs = setOf("also", "previously", "now", "later", "since", "formerly", "once",
	"originally", "initially", "first", "still", "currently", "sometimes", "internally",
	"publicly", "has", "have", "had", "subsequently", "then", "itself")

// namerPronouns name who names in a relative clause without a name: "which
// it also calls APT38". The sentence's claimant, if any, says who.
var namerPronouns = setOf("it", "they", "we", "he", "she", "researchers", "others", "analysts",
	"investigators", "officials", "some")

// namerHeads end a namer that is a plural noun phrase: "which other
// researchers call", "that some security companies report as".
var namerHeads = setOf("researchers", "others", "analysts", "investigators", "officials",
	"vendors", "companies", "firms", "experts", "agencies", "governments", "outfits")

// namerModifiers may stand before a namer head: "other", "some", "rival
// security".
var namerModifiers = setOf("other", "some", "many", "several", "most", "rival", "security",
	"cybersecurity", "private", "western", "intelligence", "threat", "industry", "the")

// unnamedNamer reads a namer the sentence does not name at word i ("it",
// "they", "other researchers", "some security vendors") and returns the
// word after it.
func unnamedNamer(v *sentenceView, i int) (int, bool) {
	for j := i; j < i+3 && j < len(v.words) && v.text(j) == v.lowerAt(j); j++ {
		if j > i && v.gap(v.words[j-1].end, v.words[j].start) != "" {
			break
		}
		if namerHeads[v.words[j].lower] {
			return j + 1, true
		}
		if !namerModifiers[v.words[j].lower] {
			break
		}
	}
	if v.hasCue(i, cueNamerPronoun) && v.text(i) == v.lowerAt(i) {
		return i + 1, true // "it", "they", "some"
	}
	return 0, false
}

// namerNouns may follow a namer's name: "which the U.S. government has
// tracked as".
var namerNouns = setOf("government", "authorities", "officials", "researchers", "analysts")

// subjectFillers may stand between a subject and the alias phrase:
// "X, which is also known as", "X has overlaps with".
var subjectFillers = setOf("is", "was", "are", "were", "which", "that", "has", "have", "had",
	"shares", "share", "shared", "partially", "also", "been", "itself", "widely", "sometimes",
	"commonly", "strongly", "significantly", "some", "reportedly", "likely", "probably", "possibly",
	"now", "at", "first", "initially", "originally", "once")

// appendAliasesIn appends to dst the alias assertions of one sentence.
func appendAliasesIn(dst []AliasAssertion, v *sentenceView) []AliasAssertion {
	out, first := dst, len(dst)
	appositive, handle, naming, joint := false, false, false, false
	var anaphorKind model.EntityKind
	emit := func(subject name, aliases []name, relation model.AliasRelation, confidence float64, claimant string) {
		subjectText := v.doc.text[subject.span.Start:subject.span.End]
		for _, a := range aliases {
			aliasText := v.doc.text[a.span.Start:a.span.End]
			if sameNormalized(subjectText, aliasText) {
				continue
			}
			out = append(out, AliasAssertion{
				Subject: subjectText, SubjectSpan: subject.span,
				Alias: aliasText, AliasSpan: a.span,
				Relation: relation, Claimant: claimant,
				Evidence: v.span, Confidence: confidence,
				appositive: appositive, handle: handle,
				anaphorKind: anaphorKind, naming: naming, joint: joint,
			})
		}
	}
	for k := 0; k < len(v.words); k++ {
		if v.words[k].cue&cueAlias == 0 {
			continue
		}
		appositive, handle, naming, joint, anaphorKind = false, false, false, false, ""
		relation, confidence := model.RelationSame, confidenceSameAs
		claimant := ""
		listStart := -1
		at, assessed := k, "" // where the subject ends; who assessed the overlap
		if start, listStart, ok := handleForm(v, k); ok {
			if subject, ok := handleSubject(v, start); ok {
				// "the online handles deadforz, Boba and farnetwork": after a
				// handle noun with its modifier, a bare lower-case word is a
				// handle too ("the online name tank" is not).
				loose := handleModifiers[v.lowerAt(listStart-2)] && v.lowerAt(listStart-1) != "name" && v.lowerAt(listStart-1) != "names"
				if alias, ok := handleAt(v, listStart, loose); ok {
					appositive, handle = v.is(start, "who") || !predicated(v, subject, start), true
					handles := moreHandles(v, listStart, alias, loose)
					emit(subject, handles, relation, confidence, "")
					next := handles[len(handles)-1].next
					if other, h, ok := gappedHandle(v, start, listStart, next); ok {
						emit(other, []name{h}, relation, confidence, "")
						next = h.next
					}
					appositive, handle = false, false
					k = max(k, next-1)
				}
			}
			continue
		}
		if subject, ok := callsItForm(v, k); ok {
			// "Microsoft tracks the group as Strontium; other security
			// companies call it Fancy Bear or Sofacy."
			for _, a := range out[first:] { // this sentence's, not those of dst
				if a.AliasSpan == subject.span && a.Relation == model.RelationSame {
					// "tracks APT28 as Strontium; others call it ...": it is APT28.
					subject = name{span: a.SubjectSpan, mention: v.mentionAt(v.wordAt(a.SubjectSpan.Start)), next: v.wordAt(a.SubjectSpan.End)}
				}
			}
			aliases, _, next := aliasList(v, k+2)
			who := callerBefore(v, k) // "CrowdStrike calls it Judgment Panda" says so
			naming = who == ""
			emit(subject, aliases, relation, confidence, who)
			k = max(k, next-1)
			continue
		}
		if who, subject, kind, ok := tracksForm(v, k); ok {
			aliases, _, next := aliasList(v, subject.next+1)
			anaphorKind = kind
			emit(subject, aliases, relation, confidence, v.doc.text[who.span.Start:who.span.End])
			k = max(k, next-1)
			continue
		}
		reduced, plain := false, false
		switch {
		case v.is(k, "which") || v.is(k, "what") || v.is(k, "that") || v.is(k, "whom"):
			who, start, ok := namingRelative(v, k)
			if !ok {
				continue
			}
			claimant, listStart = who, start
		case v.is(k, "known", "to") || v.is(k, "known", "by") || v.is(k, "tracked", "by"):
			who, ok := v.nameAt(k + 2)
			if !ok || who.next >= len(v.words) || !v.is(who.next, "as") {
				continue
			}
			claimant = v.doc.text[who.span.Start:who.span.End]
			listStart = who.next + 1
		default:
			if who, namer, start, ok := reducedNaming(v, k); ok {
				claimant, listStart, at, reduced = who, start, namer, true
			} else if n := overlapPhrase(v, k); n > 0 {
				relation, confidence = model.RelationOverlaps, confidenceOverlaps
				listStart = overlapObject(v, k+n)
			} else if n := matchAny(v, k, overlapNouns); n > 0 && !v.is(k-1, "as") {
				// "as part of a campaign": a purpose, no relation
				relation, confidence, joint = model.RelationOverlaps, confidenceOverlaps, true
				listStart = k + n
				at, assessed = overlapLink(v, k)
			} else if n := matchAny(v, k, aliasPhrases); n > 0 {
				listStart, plain = k+n, true
			} else {
				continue
			}
		}
		subject, ok := subjectBefore(v, at)
		if !ok && plain {
			subject, ok = unlistedOrganization(v, at)
		}
		if reduced && (!ok || !strings.Contains(v.doc.text[subject.span.End:v.words[at].start], ",")) {
			// "the group it calls APT1": without an apposition, the clause
			// says what the group is, not another name of a named one.
			continue
		}
		pronoun := false // "it might have ties to": the pronoun is the predicate's subject
		if !ok {
			subject, ok = pronounSubject(v, at)
			pronoun = ok
		}
		if !ok {
			if subject, anaphorKind, ok = anaphorSubject(v, at); !ok {
				if v.is(k, "which") || v.is(k, "what") || v.is(k, "that") {
					if first, aliases, next, ok := namedTwice(v, listStart); ok {
						appositive, naming = true, true
						emit(first, aliases, relation, confidence, "")
						appositive, naming = false, false
						k = max(k, next-1)
					}
				}
				continue
			}
		}
		if restrictiveNaming(v, subject, k) {
			continue
		}
		aliases, by, next := aliasList(v, listStart)
		if claimant == "" {
			claimant = by
		}
		if looseOverlaps[v.words[k].lower] && !looseGroups(v, subject, aliases, anaphorKind) {
			continue
		}
		appositive = !predicated(v, subject, at) && assessed == "" && !pronoun
		if assessed != "" && assessed != anyNamer {
			claimant = assessed
		}
		naming = reduced || v.is(k, "which") || v.is(k, "what") || v.is(k, "that") || v.is(k, "whom")
		emit(subject, aliases, relation, confidence, claimant)
		if naming {
			// "which Microsoft calls X and Mandiant tracks as Y", "which
			// Microsoft tracks as X and later renamed Y".
			if who, start, ok := nextNamer(v, next, claimant); ok {
				aliases, _, next = aliasList(v, start)
				emit(subject, aliases, relation, confidence, who)
			}
		}
		appositive, naming, joint, anaphorKind = false, false, false, ""
		k = max(k, next-1)
	}
	return out
}

// namingRelative reads "which Microsoft calls", "that Microsoft previously
// called", "which it also calls" or "which the U.S. government has
// tracked as" at word k: who names (empty for a pronoun), and the word
// the names start at.
func namingRelative(v *sentenceView, k int) (string, int, bool) {
	who, i := "", k+1
	if j, ok := unnamedNamer(v, i); ok {
		for i = j; v.hasCue(i, cueNamerAdverb) && i < j+4; i++ {
		}
	} else {
		n, ok := v.nameAt(i)
		if !ok || n.mention < 0 {
			return "", 0, false
		}
		end := n.span.End
		if namerNouns[v.lowerAt(n.next)] {
			end = v.words[n.next].end
		}
		who, i = v.doc.text[n.span.Start:end], namerVerbAt(v, n.span)
	}
	n := matchAny(v, i, namerVerbs)
	if n == 0 {
		return "", 0, false
	}
	return who, i + n, true
}

// restrictiveNaming reports whether a "that" clause between the subject
// and the alias phrase at word k names a new thing the subject only
// modifies: "a Python backdoor that Volexity named Upstyle". Without a
// comma before the description, the clause is not about the name.
func restrictiveNaming(v *sentenceView, subject name, k int) bool {
	for i := max(subject.next, 1); i <= k && i < len(v.words); i++ {
		if v.is(i, "that") && v.words[i-1].has(cueDescriptorNoun) {
			return !strings.Contains(v.doc.text[subject.span.End:v.words[i].start], ",")
		}
	}
	return false
}

// anyNamer stands for a namer given by a pronoun ("a group it assessed
// to be"): the sentence's claimant says who.
const anyNamer = "\x00"

// overlapLink steps back from the overlap noun at word k over its
// modifiers and linking verbs ("is believed to be a", "might have") to
// the word the subject is read before. A relative clause that judges
// ("a group it assessed with moderate confidence to be") is stepped over
// too, and who judges is returned: a name, or anyNamer for a pronoun.
func overlapLink(v *sentenceView, k int) (int, string) {
	i := k - 1
	for i >= 0 && (overlapModifiers[v.words[i].lower] || overlapCopulas[v.words[i].lower]) && v.words[i].lower == v.text(i) &&
		v.gap(v.words[i].end, v.words[i+1].start) == "" {
		i--
	}
	if i >= 2 && v.is(i-2, "with") && confidenceWords[v.words[i-1].lower] && v.is(i, "confidence") {
		i -= 3
	}
	if i < 1 || !assessVerbs[v.words[i].lower] {
		return i + 1, ""
	}
	who := anyNamer
	j := i - 1
	if !v.words[j].has(cueNamerPronoun) || v.words[j].lower != v.text(j) {
		n, ok := v.nameEndingAt(j)
		if !ok || n.mention < 0 {
			return i + 1, ""
		}
		who, j = v.doc.text[n.span.Start:n.span.End], v.wordAt(n.span.Start)
	}
	if relativePronouns[v.lowerAt(j-1)] {
		j--
	}
	return j, who
}

// looseGroups reports whether both sides of a loose overlap ("part of",
// "ties to") are groups: threat actors or malware, or names with digits
// ("UNC5337"), which only tracking gives. People, places and firms have
// parts and ties too.
func looseGroups(v *sentenceView, subject name, aliases []name, anaphorKind model.EntityKind) bool {
	group := func(n name) bool {
		switch v.kindOf(n) {
		case model.KindThreatActor, model.KindMalware:
			return true
		case "":
			return n.mention < 0 && hasDigit(v.doc.text[n.span.Start:n.span.End])
		}
		return false
	}
	if anaphorKind == "" && !group(subject) {
		return false
	}
	for _, a := range aliases {
		if !group(a) {
			return false
		}
	}
	return len(aliases) > 0
}

// pluralNamingVerbs end "and others track as", "and other researchers
// call".
var pluralNamingVerbs = [][]string{{"track", "as"}, {"call"}, {"name"}, {"refer", "to", "as"}}

// nextNamer reads "and Mandiant tracks as", "and others call" or, with
// the namer before (who), "and later renamed" at word k, just after an
// alias list: who names the subject next, and the word the next list
// starts at.
func nextNamer(v *sentenceView, k int, who string) (string, int, bool) {
	switch {
	case v.is(k, "and"):
		k++
	case !v.is(k-1, "and"):
		return "", 0, false
	}
	if v.is(k, "which") || v.is(k, "that") {
		return namingRelative(v, k) // "and which others know as"
	}
	i := k
	for i < k+2 && v.hasCue(i, cueNamerAdverb) {
		i++
	}
	if n := matchAny(v, i, claimantVerbs); n > 0 {
		return who, i + n, true
	}
	if v.is(k, "others") {
		if n := matchAny(v, k+1, pluralNamingVerbs); n > 0 {
			return "", k + 1 + n, true
		}
		return "", 0, false
	}
	namer, ok := v.nameAt(k)
	if !ok || namer.mention < 0 || v.kindOf(namer) != model.KindOrganization {
		return "", 0, false
	}
	n := matchAny(v, namer.next, claimantVerbs)
	if n == 0 {
		return "", 0, false
	}
	return v.doc.text[namer.span.Start:namer.span.End], namer.next + n, true
}

// namedTwice reads, from word k, the names of a thing the sentence only
// describes, given by two naming clauses: "the malware used against the
// retailer, which they call Kaptoxa and which others know as BlackPOS".
// The first clause's first name is the subject; the other names are its
// aliases. One clause alone names the thing, and says no alias.
func namedTwice(v *sentenceView, k int) (name, []name, int, bool) {
	first, _, next := aliasList(v, k)
	if len(first) == 0 {
		return name{}, nil, 0, false
	}
	_, start, ok := nextNamer(v, next, "")
	if !ok {
		return name{}, nil, 0, false
	}
	second, _, next := aliasList(v, start)
	if len(second) == 0 {
		return name{}, nil, 0, false
	}
	return first[0], append(first[1:], second...), next, true
}

// anaphorSubject reads "The gang" of "The gang, also known as Agenda":
// an anaphor for an actor or malware right before the alias phrase at
// word k, which the claims later resolve to the name it stands for.
func anaphorSubject(v *sentenceView, k int) (name, model.EntityKind, bool) {
	i := k - 1
	for i >= 0 && (v.is(i, "which") || v.is(i, "is") || v.is(i, "was") || v.is(i, "also")) {
		i--
	}
	owner := false
	if i >= 1 && activityNouns[v.words[i].lower] {
		// "Its activity overlaps with ...", "the group's operations
		// overlap with ...": whose activity is the subject.
		if v.is(i-1, "its") {
			// The antecedents read "Its" as the article's actor.
			return name{span: model.Span{Start: v.words[i-1].start, End: v.words[i-1].end}, mention: -1, next: i + 1}, model.KindThreatActor, true
		}
		if possessiveGap(v.doc.text[v.words[i-1].end:v.words[i].start]) {
			i--
			owner = true
		}
	}
	if i < 1 || i+1 >= len(v.words) || !owner && !quietGap(v.gap(v.words[i].end, v.words[i+1].start)) || !v.hasCue(i-1, cueAnaphorDet) {
		return name{}, "", false
	}
	kind, ok := anaphorNouns[v.words[i].lower]
	if !ok || kind != model.KindThreatActor && kind != model.KindMalware || v.mentionCovering(i) >= 0 {
		return name{}, "", false
	}
	return name{span: model.Span{Start: v.words[i-1].start, End: v.words[i].end}, mention: -1, next: i + 1}, kind, true
}

// activityNouns name what a group does, whose owner an overlap is about.
var activityNouns = setOf("activity", "activities", "operations", "infrastructure", "tooling", "campaigns")

// pronounSubject reads "it" right before word k as the group the
// sentence named last before it: "Mandiant said UNC2630 worked for Beijing
// and that it might have ties to APT5".
func pronounSubject(v *sentenceView, k int) (name, bool) {
	i := k - 1
	for i >= 0 && v.words[i].has(cueSubjectFiller) && v.words[i].lower != "which" && v.words[i].lower != "that" {
		i--
	}
	if i < 1 || v.text(i) != "it" {
		return name{}, false
	}
	return lastGroupBefore(v, v.words[i].start)
}

// callsItForm reads "call it X" at word k: "it" stands for the group or
// malware the sentence named last before it.
func callsItForm(v *sentenceView, k int) (name, bool) {
	switch v.words[k].lower {
	case "call", "calls", "dub", "dubs", "name", "names":
	default:
		return name{}, false
	}
	if !v.is(k+1, "it") || v.text(k) != v.words[k].lower {
		return name{}, false
	}
	if _, ok := v.nameAt(k + 2); !ok {
		return name{}, false
	}
	return lastGroupBefore(v, v.words[k].start)
}

// lastGroupBefore returns the group or malware the sentence named last
// before offset, which "it" there stands for.
func lastGroupBefore(v *sentenceView, offset int) (name, bool) {
	for m := len(v.mentions) - 1; m >= 0; m-- {
		if v.mentions[m].Span.End > offset {
			continue
		}
		if kind := v.mentions[m].Kind; kind != model.KindThreatActor && kind != model.KindMalware {
			continue
		}
		return name{span: v.mentions[m].Span, mention: m, next: v.wordAt(v.mentions[m].Span.End)}, true
	}
	return name{}, false
}

// callerBefore returns the named source right before the naming verb at
// word k ("CrowdStrike calls it", "Microsoft now calls it"), or "".
func callerBefore(v *sentenceView, k int) string {
	i := k - 1
	for i >= 0 && (adverb(v, i) || v.words[i].lower == "now" || v.words[i].lower == "also" || v.words[i].lower == "still") {
		i--
	}
	n, ok := v.nameEndingAt(i)
	if !ok || n.mention >= 0 && v.kindOf(n) != model.KindOrganization || v.doc.startsSentence(n.span.Start) && n.mention < 0 && !v.openingName(n) {
		return ""
	}
	return v.doc.text[n.span.Start:n.span.End]
}

// resolveAliasAnaphor names the subject of an assertion whose subject is
// an anaphor with what the anaphor stands for among the sentence's
// participants, where the article named it.
func resolveAliasAnaphor(a *AliasAssertion, parts []participant) {
	if a.anaphorKind == "" || a.resolved {
		return
	}
	for _, p := range parts {
		if p.index == anaphor && p.at == a.SubjectSpan {
			a.Subject, a.SubjectSpan, a.resolved = p.mention.Text, p.mention.Span, true
			return
		}
	}
}

// aliasHedge returns the hedge that qualifies an assertion, with the
// confidence it leaves: one between its subject and alias, or, when the
// alias is the predicate, one before the subject ("Researchers believe
// the gang is a rebrand of"). An aside is not what a hedge before it
// doubts ("believe Badin is a member of APT28, also known as").
func aliasHedge(a AliasAssertion, f sentenceFacts) (string, float64) {
	for _, h := range f.hedges {
		if h.at < a.AliasSpan.End && (h.at >= a.SubjectSpan.Start || !a.appositive) {
			return h.phrase, h.confidence
		}
	}
	return "", confidenceBase
}

// aliasNegated reports whether a negation denies the assertion, read as
// aliasHedge reads hedges: "Winter Vivern, which Proofpoint tracks as
// TA473, is not new" denies nothing of the alias.
func aliasNegated(a AliasAssertion, f sentenceFacts) bool {
	if !f.negated {
		return false
	}
	for _, at := range f.negations {
		if at < a.AliasSpan.End && (at >= a.SubjectSpan.Start || !a.appositive) {
			return true
		}
	}
	return false
}

// sameOverlapList reports whether b continues the overlap list of a: one
// subject, one claimant, one sentence.
func sameOverlapList(a, b AliasAssertion) bool {
	return a.joint && b.joint && a.Relation == model.RelationOverlaps && b.Relation == model.RelationOverlaps &&
		a.SubjectSpan == b.SubjectSpan && a.Claimant == b.Claimant && a.Evidence == b.Evidence
}

// predicated reports whether the alias phrase at word k is the predicate
// of its subject ("X is also known as", "X overlaps with") rather than an
// aside ("X, also known as", "the X group, aka").
func predicated(v *sentenceView, subject name, k int) bool {
	if subject.next >= len(v.words) || v.gap(subject.span.End, v.words[subject.next].start) != "" {
		return false
	}
	for i := subject.next; i < k; i++ {
		if w := v.words[i].lower; !v.words[i].has(cueSubjectFiller) || w == "which" || w == "that" {
			return false
		}
	}
	return true
}

// aliasCueWords are the words every alias form starts with, so that other
// words are passed over at once.
var aliasCueWords = sync.OnceValue(func() map[string]bool {
	set := setOf("which", "what", "that", "whom", "known", "tracked", "tracks", "refers", "referred",
		"used", "uses", "using", "use", "by", "under")
	for _, list := range [][][]string{aliasPhrases, overlapPhrases, overlapNouns, namerVerbs} {
		for _, p := range list {
			set[p[0]] = true
		}
	}
	return set
})

// tracksForm reads "Secureworks tracks APT31 as ..." at word k: the
// organisation that tracks, and the subject it tracks.
func tracksForm(v *sentenceView, k int) (who, subject name, anaphorKind model.EntityKind, ok bool) {
	verb := 0
	switch {
	case v.is(k, "tracks"), v.is(k, "tracked"):
		verb = 1
	case v.is(k, "refers", "to"), v.is(k, "referred", "to"):
		verb = 2
	default:
		return name{}, name{}, "", false
	}
	who, ok = v.nameEndingAt(k - 1)
	if !ok || who.mention < 0 || v.kindOf(who) != model.KindOrganization {
		return name{}, name{}, "", false
	}
	if subject, kind, ok := trackedAnaphor(v, k+verb); ok {
		return who, subject, kind, true
	}
	subject, ok = v.nameAt(k + verb)
	if !ok || (subject.mention >= 0 && !aliasable(v.kindOf(subject))) || !v.is(subject.next, "as") {
		return name{}, name{}, "", false
	}
	return who, subject, "", true
}

// trackedAnaphor reads "the group as" at word k, of "Microsoft tracked
// the group as Storm-1789": an anaphor for an actor or malware, which the
// claims resolve to the name the article gave it.
func trackedAnaphor(v *sentenceView, k int) (name, model.EntityKind, bool) {
	if !v.hasCue(k, cueAnaphorDet) || v.text(min(k, len(v.words)-1)) != v.lowerAt(k) || !v.is(k+2, "as") {
		return name{}, "", false
	}
	kind, ok := anaphorNouns[v.words[k+1].lower]
	if !ok || kind != model.KindThreatActor && kind != model.KindMalware || v.mentionCovering(k+1) >= 0 {
		return name{}, "", false
	}
	return name{span: model.Span{Start: v.words[k].start, End: v.words[k+1].end}, mention: -1, next: k + 2}, kind, true
}

// reducedNaming reads a naming clause without its relative pronoun,
// whose verb is at word k, after a descriptor noun: "APT34, an Iranian
// group it tracks as Earth Simnavaz", "the gang Microsoft calls". It
// returns who names (empty for a pronoun), the word the clause starts
// at, for the subject to be read before it, and the word the names start
// at.
func reducedNaming(v *sentenceView, k int) (string, int, int, bool) {
	i := k - 1
	for i > k-3 && v.hasCue(i, cueNamerAdverb) && v.text(i) == v.lowerAt(i) {
		i--
	}
	n := matchAny(v, k, namerVerbs)
	if n == 0 || i < 1 {
		return "", 0, 0, false
	}
	who, namer := "", i
	if !v.hasCue(i, cueNamerPronoun) || v.text(i) != v.lowerAt(i) {
		nm, ok := v.nameEndingAt(i)
		if !ok || nm.mention < 0 || v.kindOf(nm) != model.KindOrganization {
			return "", 0, 0, false
		}
		who, namer = v.doc.text[nm.span.Start:nm.span.End], v.wordAt(nm.span.Start)
	}
	if namer < 1 || !v.hasCue(namer-1, cueDescriptorNoun) || v.gap(v.words[namer-1].end, v.words[namer].start) != "" {
		return "", 0, 0, false
	}
	return who, namer, k + n, true
}

// unlistedOrganization reads an organisation the knowledge base lacks,
// a name of several words, right before an alias phrase at word k: "the
// GRU's Main Centre for Special Technologies, also known as Unit 74455".
// Other organisations are sources and victims, not groups with aliases.
func unlistedOrganization(v *sentenceView, k int) (name, bool) {
	i := k - 1
	for i >= 0 && v.words[i].has(cueSubjectFiller) && v.words[i].lower == v.text(i) {
		i--
	}
	if i < 0 || i+1 >= len(v.words) {
		return name{}, false
	}
	n, ok := v.nameEndingAt(i)
	if !ok || n.mention < 0 || !quietGap(v.gap(n.span.End, v.words[i+1].start)) {
		return name{}, false
	}
	m := v.mentions[n.mention]
	if m.Kind != model.KindOrganization || m.EntityKey != "" || !strings.Contains(m.Text, " ") {
		return name{}, false
	}
	return n, true
}

// matchAny returns the length of the first phrase that starts at word k,
// or 0.
func matchAny(v *sentenceView, k int, phrases [][]string) int {
	for _, p := range phrases {
		if v.is(k, p...) {
			return len(p)
		}
	}
	return 0
}

// skipLowerWords skips up to n lower-case words: "overlaps with activity
// tracked as X".
func skipLowerWords(v *sentenceView, k, n int) int {
	for i := 0; i < n && k < len(v.words); i++ {
		if _, ok := v.nameAt(k); ok {
			return k
		}
		k++
	}
	return k
}

// aliasSubjectKinds are the kinds of mention that can have aliases.
func aliasable(kind model.EntityKind) bool {
	switch kind {
	case model.KindCountry, model.KindRegion, model.KindOrganization, model.KindVulnerability, model.KindSector:
		return false
	}
	return true
}

// subjectBefore finds the name an alias phrase at word k is about,
// looking back over punctuation and a few filler words.
func subjectBefore(v *sentenceView, k int) (name, bool) {
	if k <= 0 || k > len(v.words) {
		return name{}, false
	}
	i := k - 1
	for i >= 0 && v.words[i].has(cueSubjectFiller) && v.words[i].lower == v.text(i) {
		if !quietGap(v.gap(v.words[i].end, v.words[i+1].start)) {
			return name{}, false
		}
		i--
	}
	if j, ok := asNamerAside(v, i); ok {
		i = j // "Nobelium, as Microsoft calls the group, is also known as"
	}
	if i < 0 {
		return name{}, false
	}
	n, ok := v.nameEndingAt(i)
	end := v.words[i].end
	if ok {
		n = v.withSymbol(n)
		end = n.span.End // "Lapsus$, which": the name's own symbol is no gap
	}
	if !quietGap(v.gap(end, v.words[i+1].start)) {
		return name{}, false
	}
	if v.words[i].has(cueDescriptorNoun) && v.words[i].lower == v.text(i) {
		return describedName(v, i, descriptorReach)
	}
	if !ok && relativePronouns[v.lowerAt(i+1)] && v.words[i].lower == v.text(i) && !descriptorStops[v.words[i].lower] {
		// "Scattered Spider, a loose network of young hackers that is
		// also tracked as": a longer description, closed by the relative
		// pronoun, still hangs from the name before it.
		return describedName(v, i, relativeReach)
	}
	if !ok || (n.mention >= 0 && !aliasable(v.mentions[n.mention].Kind)) {
		return name{}, false
	}
	// "Turla, the FSB unit behind Snake, is also known as": the name the
	// sentence opens with, not the one inside its aside.
	if head, ok := v.appositiveHead(n.next); ok && n.next < k && head.span != n.span &&
		(head.mention < 0 || aliasable(v.mentions[head.mention].Kind)) {
		return head, true
	}
	return n, true
}

// descriptorNouns describe a name between it and its alias phrase: "the
// ALPHV gang, also known as", "Midnight Blizzard, the Russian group also
// known as".
var descriptorNouns = setOf("gang", "group", "crew", "actor", "operators", "operation",
	"collective", "cartel", "team", "unit", "outfit", "syndicate", "cluster", "family",
	"malware", "ransomware", "backdoor", "trojan", "botnet", "strain", "variant", "wiper",
	"loader", "implant", "campaign")

// descriptorStops are lower-case words that end a descriptor: a
// preposition or a verb belongs to another clause.
var descriptorStops = setOf("of", "by", "for", "in", "on", "at", "with", "to", "from", "and",
	"or", "as", "than", "said", "says", "is", "was", "are", "were", "which", "that", "who")

// asNamerAside reads back over an aside that says who uses the name
// before it, ending at word i: ", as Microsoft calls the group,". It
// returns the word before the aside.
func asNamerAside(v *sentenceView, i int) (int, bool) {
	if i < 3 || i+1 >= len(v.words) || v.gap(v.words[i].end, v.words[i+1].start) != "," {
		return 0, false
	}
	j := i
	if v.is(j-1, "the") {
		j--
	} else if !v.is(j, "it") && !v.is(j, "them") {
		return 0, false
	}
	for a := j - 1; a >= 1 && a >= j-6; a-- {
		if !v.is(a, "as") || v.gap(v.words[a-1].end, v.words[a].start) != "," {
			continue
		}
		who, ok := v.nameAt(a + 1)
		if !ok || who.mention < 0 || who.next+matchAny(v, who.next, namerVerbs) != j {
			return 0, false
		}
		return a - 1, true
	}
	return 0, false
}

// relativePronouns open a relative clause after a description.
var relativePronouns = setOf("that", "which", "who")

// How far back describedName looks: a descriptor noun's modifiers are
// few; a description a relative clause closes may run to an "of" phrase
// ("a loose network of mostly English-speaking young hackers that").
const (
	descriptorReach = 6
	relativeReach   = 12
)

// describedName reads back from the descriptor noun at word i to the name
// it describes: "LockBit [ransomware] group" or "Name, the [modifiers]
// group". Modifiers are lower-case words and demonyms; within
// relativeReach, "of" joins them too.
func describedName(v *sentenceView, i, reach int) (name, bool) {
	for j := i - 1; j >= 0 && i-j <= reach; j-- {
		if g := v.gap(v.words[j].end, v.words[j+1].start); g != "" {
			if g != "," || !isDeterminer(v.words[j+1].lower) {
				return name{}, false
			}
		}
		w := v.words[j]
		switch {
		case isDeterminer(w.lower) && w.lower == v.text(j):
			if j == 0 || v.gap(v.words[j-1].end, w.start) != "," {
				return name{}, false
			}
			n, ok := v.nameEndingAt(j - 1)
			if !ok || n.mention < 0 && !trackingName(v.doc.text[n.span.Start:n.span.End]) ||
				n.mention >= 0 && !aliasable(v.mentions[n.mention].Kind) {
				return name{}, false
			}
			return n, true
		case w.lower == v.text(j) && hasLetter(w.lower) && !hasDigit(w.lower):
			if descriptorStops[w.lower] && (w.lower != "of" || reach < relativeReach) {
				return name{}, false
			}
		case reach >= relativeReach && compoundModifier(v.text(j)):
			// "English-speaking hackers", "China-based group"
		default:
			m := v.mentionCovering(j)
			if m >= 0 && !aliasable(v.mentions[m].Kind) {
				j = v.wordAt(v.mentions[m].Span.Start)
				continue // a demonym or a country modifies the noun
			}
			if reach >= relativeReach {
				return name{}, false // "LockBit affiliates that": a name inside the description
			}
			n, ok := v.nameEndingAt(j)
			if !ok || n.mention < 0 || !aliasable(v.mentions[n.mention].Kind) {
				return name{}, false
			}
			return n, true
		}
	}
	return name{}, false
}

// compoundModifier reports whether a capitalised word is an adjective
// made with a hyphen: "English-speaking", "Kremlin-backed".
func compoundModifier(t string) bool {
	i := strings.LastIndexByte(t, '-')
	if i <= 0 || i == len(t)-1 {
		return false
	}
	for _, r := range t[i+1:] {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// withSymbol extends a name no mention gives by the dollar sign that ends
// it: "Lapsus$" is one name, though "$" splits words.
func (v *sentenceView) withSymbol(n name) name {
	if n.mention < 0 && strings.HasPrefix(v.doc.text[n.span.End:v.span.End], "$") {
		n.span.End++
	}
	return n
}

// trackingName reports whether a name no table knows looks like a
// tracking name ("UNC5337", "DEV-0537") rather than a person's or a
// place's: it has a digit.
func trackingName(t string) bool { return hasDigit(t) }

func isDeterminer(w string) bool { return w == "the" || w == "a" || w == "an" }

// quietGap reports whether trimmed text between a subject and its alias
// phrase keeps them in one clause: a comma, an opening bracket or a dash.
func quietGap(g string) bool {
	// Quotation marks do not break the clause: APT31, "also known as ...".
	g = strings.Map(func(r rune) rune {
		switch r {
		case '"', '\'', '\u201c', '\u201d', '\u2018', '\u2019', ' ':
			return -1
		}
		return r
	}, g)
	switch g {
	case "", ",", "(", "\u2014", "\u2013", "-", "--", ",(", "[":
		return true
	}
	return false
}

// aliasList reads "A, B, and C" from word k. It returns the names, the
// claimant of a trailing "by Microsoft", and the word after the list.
func aliasList(v *sentenceView, k int) ([]name, string, int) {
	var names []name
	claimant := ""
	for len(names) < 12 && k < len(v.words) {
		if g := v.gap(v.words[max(k-1, 0)].end, v.words[k].start); k > 0 && !quietGap(g) && !isQuote(g) {
			break
		}
		if j, ok := namerAside(v, k); ok && len(names) > 0 {
			k = j // "OilRig and, in Microsoft's naming, Hazel Sandstorm"
		}
		n, ok := v.nameAt(k)
		if !ok || (n.mention >= 0 && !aliasable(v.mentions[n.mention].Kind)) {
			break
		}
		n = v.withSymbol(n)
		if n.next < len(v.words) && v.words[n.next].has(cueClaimVerb) {
			break // "..., Microsoft said": a claimant, not an alias
		}
		names = append(names, n)
		k = n.next
		end := n.span.End
		if k < len(v.words) && v.spaced(k) && v.words[k].has(cueDescriptorNoun) && v.capitalWord(k) {
			// "Callisto Group, SEABORGIUM": the list goes on past the noun
			k, end = k+1, v.words[k].end
		}
		if k >= len(v.words) {
			break
		}
		g := strings.Trim(v.gap(end, v.words[k].start), "\"'\u201c\u201d\u2018\u2019 ")
		if g != "" && g != "," {
			break // ")", a dash, a full stop: the list is over
		}
		switch w := v.words[k].lower; {
		case w == "and" || w == "or":
			k++
		case w == "by" && g == "":
			if who, ok := v.nameAt(k + 1); ok && who.mention >= 0 {
				claimant = v.doc.text[who.span.Start:who.span.End]
			}
			return names, claimant, k
		case g == ",":
		default:
			return names, claimant, k
		}
	}
	return names, claimant, k
}

// namingNouns end an aside on whose name follows: "in Microsoft's
// naming", "in Mandiant's terms".
var namingNouns = setOf("naming", "terms", "parlance", "nomenclature", "taxonomy", "lexicon",
	"terminology", "language", "scheme")

// namerAside reads an aside at word k inside an alias list that says
// whose name comes next: "in Microsoft's naming,". It returns the word
// after it.
func namerAside(v *sentenceView, k int) (int, bool) {
	if !v.is(k, "in") {
		return 0, false
	}
	n, ok := v.nameAt(k + 1)
	if !ok || !strings.HasPrefix(v.doc.text[n.span.End:], "'s") && !strings.HasPrefix(v.doc.text[n.span.End:], "’s") {
		return 0, false
	}
	i := v.wordAt(n.span.End + 2)
	if i+1 >= len(v.words) || !namingNouns[v.words[i].lower] || v.gap(v.words[i].end, v.words[i+1].start) != "," {
		return 0, false
	}
	return i + 1, true
}

func isQuote(g string) bool { return strings.Trim(g, "\"'\u201c\u201d\u2018\u2019") == "" }

// aliasMentions returns mentions for the names of assertions that no
// mention covers yet, with the kind of the other side when it is known.
func aliasMentions(text string, assertions []AliasAssertion, mentions []model.Mention) []model.Mention {
	kindAt := func(span model.Span) model.EntityKind {
		for _, m := range mentions {
			if m.Span == span {
				return m.Kind
			}
		}
		return ""
	}
	var out []model.Mention
	for _, a := range assertions {
		kind := kindAt(a.SubjectSpan)
		if kind == "" {
			kind = kindAt(a.AliasSpan)
		}
		spans := []model.Span{a.SubjectSpan, a.AliasSpan}
		if a.anaphorKind != "" {
			// "The gang, also known as Agenda": only the alias is a name.
			kind, spans = a.anaphorKind, spans[1:]
			if k := kindAt(a.AliasSpan); k != "" {
				kind = k
			}
		}
		if kind == "" && a.handle {
			// A handle's unnamed subject is mostly a person: the people
			// finder reads the name, which as a threat actor would be
			// looked for, and split, across the article ("Dmitry
			// Khoroshev").
			kind, spans = model.KindPerson, spans[1:]
		}
		if kind == "" {
			kind = model.KindThreatActor
		}
		for _, span := range spans {
			if kindAt(span) == "" {
				out = append(out, model.Mention{Kind: kind, Text: span.In(text), Span: span})
			}
		}
	}
	return out
}

// Online handles: "Fitzpatrick, known online as Pompompurin", "Khoroshev,
// who used the handle LockBitSupp", "a member going by the alias USDoD",
// "operating under the nickname X".

// handleByVerbs may stand before "by the handle": "goes by", "known by".
var handleByVerbs = setOf("go", "goes", "going", "went", "gone", "known")

// handleUnderVerbs may stand before "under the handle": "operating under",
// "posting under".
var handleUnderVerbs = setOf("operate", "operates", "operated", "operating", "post", "posts",
	"posted", "posting", "work", "works", "worked", "working", "known", "trade", "trades",
	"traded", "trading", "write", "writes", "wrote", "writing", "sell", "sells", "sold",
	"selling", "active", "went", "going", "goes")

// handleDeterminers open the handle noun: "the handle", "his online alias".
var handleDeterminers = setOf("the", "a", "an", "his", "her", "their", "its")

// handleModifiers may stand between the determiner and the noun: "the
// online handle".
var handleModifiers = setOf("online", "internet", "hacker", "hacking", "forum", "underground",
	"cybercriminal", "criminal", "web", "digital")

// handleNouns name a handle; "name" only after "by" or "under" ("goes by
// the name", "under the name"), since "used the name" is mostly a brand.
var handleNouns = [][]string{
	{"handle"}, {"alias"}, {"moniker"}, {"nickname"}, {"pseudonym"}, {"username"},
	{"screenname"}, {"screen", "name"}, {"user", "name"}, {"nom", "de", "guerre"},
	{"codename"}, {"code", "name"}, {"nick"},
	{"aliases"}, {"handles"}, {"monikers"}, {"nicknames"}, {"pseudonyms"}, {"usernames"},
}

// handleForm reads a handle phrase at word k: the word it starts with
// ("who" of "who used the handle", for the subject to be read before it)
// and the word the handle starts at.
func handleForm(v *sentenceView, k int) (start, at int, ok bool) {
	named := false
	switch {
	case v.is(k, "known", "online", "as"):
		return handleWho(v, k), k + 3, true
	case v.is(k, "known", "online", "by"):
		start, at, named = k, k+3, true
	case v.is(k, "by"), v.is(k, "under"):
		start, at, named = k, k+1, true
		verbs := handleByVerbs
		if v.is(k, "under") {
			verbs = handleUnderVerbs
		}
		if k > 0 && verbs[v.words[k-1].lower] && v.gap(v.words[k-1].end, v.words[k].start) == "" {
			start = k - 1
		} else if v.is(k, "by") {
			return 0, 0, false
		}
		if v.is(k, "by") && !v.is(k-1, "known") && !handleDeterminers[v.lowerAt(at)] {
			// "went by WinXYHappy": the handle itself, which handleAt
			// reads only as a name or a quoted word, not "went by car".
			return handleWho(v, start), at, true
		}
	case v.is(k, "used"), v.is(k, "uses"), v.is(k, "using"), v.is(k, "use"):
		start, at = k, k+1
	default:
		return 0, 0, false
	}
	if !handleDeterminers[v.lowerAt(at)] {
		return 0, 0, false
	}
	at++
	if handleModifiers[v.lowerAt(at)] {
		at++
		named = true // "used the online name": a handle, not a brand
	}
	n := matchAny(v, at, handleNouns)
	if n == 0 && named && (v.is(at, "name") || v.is(at, "names")) {
		n = 1
	}
	if n == 0 {
		return 0, 0, false
	}
	for i := start; i < at+n-1; i++ {
		if v.gap(v.words[i].end, v.words[i+1].start) != "" {
			return 0, 0, false // "used the alias: ...", a break inside the phrase
		}
	}
	return handleWho(v, start), at + n, true
}

// moreHandles returns the handle read at word at, and, after a plural
// handle noun ("went by the aliases Spiderman and Peter Parker"), the
// handles listed after it.
func moreHandles(v *sentenceView, at int, first name, loose bool) []name {
	names := []name{first}
	if at < 1 || !strings.HasSuffix(v.words[at-1].lower, "s") {
		return names
	}
	for k := first.next; k < len(v.words) && len(names) < 6; {
		g := strings.Trim(v.gap(names[len(names)-1].span.End, v.words[k].start), "\"'\u201c\u201d\u2018\u2019 ")
		switch {
		case v.words[k].lower == "and" && (g == "" || g == ","):
			k++
		case g == ",":
		default:
			return names
		}
		if k >= len(v.words) {
			break
		}
		n, ok := handleAt(v, k, loose)
		if !ok {
			break
		}
		names = append(names, n)
		k = n.next
	}
	return names
}

// handleWho steps back from a handle phrase at word k over "who" (and the
// fillers after it): "Khoroshev, who has used the handle".
func handleWho(v *sentenceView, k int) int {
	i := k - 1
	for i >= 0 && (v.words[i].has(cueSubjectFiller) || v.words[i].lower == "allegedly") &&
		v.words[i].lower != "which" && v.words[i].lower != "that" && v.gap(v.words[i].end, v.words[i+1].start) == "" {
		i--
	}
	if i >= 0 && v.is(i, "who") && v.gap(v.words[i].end, v.words[i+1].start) == "" {
		return i
	}
	return k
}

// handleSubject finds the name a handle phrase starting at word k is
// about, as subjectBefore does, passing over an age ("Fitzpatrick, 20,
// known online as"). A lone capitalised word that opens the sentence, is
// no mention and is the phrase's predicate subject ("Hackers used the
// alias") is no subject.
func handleSubject(v *sentenceView, k int) (name, bool) {
	start := k // at "who", subjectBefore reads back from it
	subject, ok := subjectBefore(v, start)
	if !ok {
		subject, ok = describedBefore(v, start)
	}
	if !ok && start >= 2 && v.numberWord(start-1) && len(v.text(start-1)) <= 3 &&
		v.gap(v.words[start-1].end, v.words[start].start) == "," &&
		v.gap(v.words[start-2].end, v.words[start-1].start) == "," {
		subject, ok = subjectBefore(v, start-1)
	}
	if !ok || (subject.mention < 0 && subject.span.Start == v.words[0].start && subject.next == 1 &&
		predicated(v, subject, k) && !namedInFull(v, 0)) {
		return name{}, false
	}
	return subject, true
}

// gappedHandle reads a second handle whose verb the sentence leaves out,
// at word k after a "by" handle phrase (its words run from from to at): "Wen went by
// WinXYHappy and Gu by KandyGoo". It returns the other person and the
// handle.
func gappedHandle(v *sentenceView, from, at, k int) (name, name, bool) {
	if !slices.ContainsFunc(v.words[from:at], func(w word) bool { return w.lower == "by" }) || !v.is(k, "and") {
		return name{}, name{}, false
	}
	other, ok := v.nameAt(k + 1)
	if !ok || other.mention >= 0 && v.kindOf(other) != model.KindPerson || !v.is(other.next, "by") {
		return name{}, name{}, false
	}
	h, ok := handleAt(v, other.next+1, false)
	return other, h, ok
}

// namedInFull reports whether the one capitalised word at word k is part
// of a longer name written earlier in the article: "Wang" after "Wang
// Dong", a person's name, though no mention says so.
func namedInFull(v *sentenceView, k int) bool {
	t := v.text(k)
	words := strings.Fields(v.doc.text[:v.span.Start])
	for i, w := range words {
		if w != t {
			continue
		}
		if i+1 < len(words) && isCapitalised(words[i+1]) ||
			i > 0 && isCapitalised(words[i-1]) && !strings.HasSuffix(words[i-1], ".") {
			return true
		}
	}
	return false
}

// describedBefore finds the person an aside describes right before word
// k: "Alexandre Cazes, a Canadian known online as", "Kaye, a 29-year-old
// Briton who used the handle".
func describedBefore(v *sentenceView, k int) (name, bool) {
	for j := k - 1; j >= 1 && j >= k-4; j-- {
		if !isDeterminer(v.words[j].lower) || v.text(j) != v.words[j].lower {
			continue
		}
		if v.gap(v.words[j-1].end, v.words[j].start) != "," {
			return name{}, false
		}
		n, ok := v.nameEndingAt(j - 1)
		if !ok || n.mention >= 0 && v.mentions[n.mention].Kind != model.KindPerson ||
			n.mention < 0 && !personName(v, v.wordAt(n.span.Start), n.next) {
			return name{}, false
		}
		return n, true
	}
	return name{}, false
}

// actorsByAlias makes a malware name a threat actor where the sentence
// gives it a threat actor's name: "Lapsus$, which Microsoft tracks as
// DEV-0537" names a group, whatever the knowledge base files it as.
func actorsByAlias(v *sentenceView, parts []participant, here []AliasAssertion) {
	for _, a := range here {
		if a.Relation != model.RelationSame || !slices.ContainsFunc(v.mentions, func(m model.Mention) bool {
			return m.Span == a.AliasSpan && m.Kind == model.KindThreatActor
		}) {
			continue
		}
		for i := range parts {
			if p := &parts[i]; p.index >= 0 && p.at == a.SubjectSpan && p.mention.Kind == model.KindMalware {
				p.mention.Kind = model.KindThreatActor
			}
		}
	}
}

// withoutHandles drops the participants that are online handles of a
// person named before them ("Cazes, known online as Alpha02"): the handle
// is the person again, not another party.
func withoutHandles(parts []participant, here []AliasAssertion) []participant {
	for _, a := range here {
		if a.handle {
			parts = slices.DeleteFunc(parts, func(p participant) bool { return p.index >= 0 && p.at == a.AliasSpan })
		}
	}
	return parts
}

// handleAt reads a handle at word k: a name or mention ("Pompompurin",
// "Dread Pirate Roberts"), or one token that cannot be an ordinary word:
// words joined by underscores, a word with digits or an inner capital
// ("xDedic", "ne0n"), or a quoted lower-case word ("'pompompurin'").
// loose, after "the online handles", also takes a bare lower-case word
// that a comma, "and", "or" or the sentence's end follows ("deadforz").
func handleAt(v *sentenceView, k int, loose bool) (name, bool) {
	if k >= len(v.words) || !quietGap(v.gap(v.words[k-1].end, v.words[k].start)) && !isQuote(v.gap(v.words[k-1].end, v.words[k].start)) {
		return name{}, false
	}
	last := k
	for last+1 < len(v.words) && strings.Trim(v.doc.text[v.words[last].end:v.words[last+1].start], "_") == "" {
		last++ // "dark_overlord": underscores split words
	}
	if m := v.mentionCovering(k); m >= 0 && v.mentions[m].Span.Start == v.words[k].start && last == k {
		if !aliasable(v.mentions[m].Kind) {
			return name{}, false
		}
		span := v.mentions[m].Span
		return name{span: span, mention: m, next: v.wordAt(span.End)}, true
	}
	span := model.Span{Start: v.words[k].start, End: v.words[last].end}
	t := v.doc.text[span.Start:span.End]
	switch {
	case !hasLetter(t):
		return name{}, false
	case last > k, hasDigit(t):
		// joined by underscores, or with digits: "ne0n"
	case v.capitalWord(k): // "Pompompurin", "xDedic"
		return v.nameAt(k)
	default:
		// A lower-case word is a handle only in quotes: "used the alias
		// feature" is no handle.
		before := v.doc.text[v.words[k-1].end:span.Start]
		after := ""
		if last+1 < len(v.words) {
			after = v.doc.text[span.End:v.words[last+1].start]
		} else {
			after = v.doc.text[span.End:v.span.End]
		}
		quoted := strings.ContainsAny(before, "\"'\u201c\u2018") && strings.ContainsAny(after, "\"'\u201d\u2019")
		end := strings.TrimSpace(after)
		listed := loose && !strings.HasSuffix(t, "ly") && t != "etc" && (end == "," || end == "." || last+1 == len(v.words) ||
			(v.is(last+1, "and") || v.is(last+1, "or")) && end == "") // not "X and Y, respectively"
		if !quoted && !listed {
			return name{}, false
		}
	}
	return name{span: span, mention: -1, next: last + 1}, true
}

// nameByListHead gives the assertions of sentence span whose anaphor
// subject the article never named, and which list two or more names of
// it, the first listed name as their subject: in "The group, which
// security companies track as Pioneer Kitten, Fox Kitten and Lemon
// Sandstorm", the other two are Pioneer Kitten's aliases. The first
// name's own assertion stays unresolved (it is dropped).
func nameByListHead(as []AliasAssertion, span model.Span) {
	head := -1
	n := 0
	for i := range as {
		a := &as[i]
		if a.Evidence != span || !unresolvedAlias(*a) || a.Relation != model.RelationSame {
			continue
		}
		n++
		if head < 0 || a.AliasSpan.Start < as[head].AliasSpan.Start {
			head = i
		}
	}
	if n < 2 {
		return
	}
	for i := range as {
		a := &as[i]
		if i == head || a.Evidence != span || !unresolvedAlias(*a) || a.Relation != model.RelationSame ||
			a.SubjectSpan != as[head].SubjectSpan {
			continue
		}
		a.Subject, a.SubjectSpan, a.resolved = as[head].Alias, as[head].AliasSpan, true
	}
}

// unresolvedAlias reports whether an assertion's subject is an anaphor
// that stands for nothing the article named.
func unresolvedAlias(a AliasAssertion) bool { return a.anaphorKind != "" && !a.resolved }
