package extract

import (
	"slices"
	"strings"
	"sync"

	"github.com/winnow-cti/winnow/internal/model"
)

// namePrepositions, after a trigger, introduce who is acted on: "attack on
// Kaseya", "stole data from Yahoo", "warrant for Dmitry Badin", "charges
// against Artur Sungatov".
var namePrepositions = setOf("on", "at", "against", "from", "of", "for")

// pronounName reports whether a capitalised word read as a name is a
// pronoun opening a sentence: "It is not the first scare".
func pronounName(text string) bool { return text == "It" || text == "They" || text == "We" }

// readNames reads the names no table knows that a sentence's triggers act
// on: the object of a trigger ("breached Equifax", "charged Yaroslav
// Vasinskyi"), a name after a preposition that follows one ("the attack on
// Kaseya"), the rest of a list of such names ("the BBC, British Airways and
// Boots"), and the subject of a passive trigger ("Baratov was arrested").
// A name read where a law-enforcement trigger acts on it is a person when
// it looks like one; the others are organisations.
func readNames(v *sentenceView, hits []triggerHit) []participant {
	var out []participant
	taken := func(k int) bool {
		for _, p := range out {
			if v.words[k].start < p.at.End && p.at.Start < v.words[k].end {
				return true
			}
		}
		return false
	}
	accusation := false
	add := func(k int, law bool) int {
		if k >= len(v.words) || taken(k) || !v.capitalWord(k) || sponsorWord(v.words[k].lower) ||
			v.words[k].has(cueClaimVerb) || triggers[v.words[k].lower] != nil {
			return -1
		}
		var n name
		if m := v.mentionAt(k); m >= 0 {
			// "British Airways": a demonym opening a company's name.
			mk := v.mentions[m].Kind
			after := v.wordAt(v.mentions[m].Span.End)
			if (mk == model.KindCountry || mk == model.KindRegion) && v.facilityAfter(after) {
				// "the Kyiv metro", "Odesa airport": a city's facility.
				span := model.Span{Start: v.mentions[m].Span.Start, End: v.words[after].end}
				out = append(out, participant{mention: model.Mention{Kind: model.KindOrganization, Text: span.In(v.doc.text), Span: span},
					at: span, index: readName})
				return after + 1
			}
			if (mk != model.KindCountry && mk != model.KindRegion) || after >= len(v.words) || !v.spaced(after) ||
				!v.capitalWord(after) || v.mentionAt(after) >= 0 {
				return -1
			}
			rest, ok := v.nameAt(after)
			if !ok {
				return -1
			}
			n = name{span: model.Span{Start: v.mentions[m].Span.Start, End: rest.span.End}, mention: -1, next: rest.next}
		} else {
			var ok bool
			n, ok = v.nameAt(k)
			if !ok || n.mention >= 0 {
				return -1
			}
			if !law && v.facilityAfter(n.next) {
				n.span.End, n.next = v.words[n.next].end, n.next+1 // "Odesa airport"
			}
			n = v.bodyName(n)
		}
		// "Sony Pictures Entertainment": a sector word may end a name.
		for n.next < len(v.words) && v.spaced(n.next) && v.capitalWord(n.next) && n.next-k < 5 {
			m := v.mentionAt(n.next)
			if m < 0 || v.mentions[m].Kind != model.KindSector && !v.countryEndsName(v.mentions[m]) {
				break
			}
			n.span.End = v.mentions[m].Span.End
			n.next = v.wordAt(n.span.End)
		}
		if n.mention < 0 {
			n.span.End += v.brandPossessive(n.span.End, n.next)
		}
		text := v.doc.text[n.span.Start:n.span.End]
		if pronounName(text) {
			return -1
		}
		if k > 0 && v.gap(v.words[k-1].end, n.span.Start) == "," && statesAndProvinces[strings.ToLower(text)] {
			return -1 // "Aliquippa, Pennsylvania": where the name before is
		}
		if v.doc.startsSentence(n.span.Start) && plainCapitalised(text) && n.next < len(v.words) &&
			!v.words[n.next].has(cueBeVerb) && v.words[n.next].lower != "paid" {
			return -1
		}
		if w := v.lowerAt(n.next); w == "vulnerability" || w == "flaw" || w == "bug" || productNouns[w] {
			return -1 // "the Log4Shell vulnerability", "Exchange Server"
		}
		if v.numbersAfter(n.next) {
			return -1 // "Social Security numbers": what was taken, not from whom
		}
		if law && (facilityNouns[v.lowerAt(n.next)] && v.lowerAt(k-1) == "a" || v.lowerAt(k-1) == "at" || v.describedAfterAt(k)) {
			// "arrested him at a London airport", "at Bogotá's airport":
			// where, not whom; "Davis Lu, a former software developer at
			// the power management company Eaton": whom he worked for.
			return -1
		}
		if law && (v.lowerAt(k-1) == "from" || v.lowerAt(k-1) == "of" && (originNouns[v.lowerAt(k-2)] || k >= 2 && v.gap(v.words[k-2].end, v.words[k-1].start) == ",")) {
			return -1 // "a 49-year-old resident of Hanoi", "a student from Tallinn": where the person is from
		}
		kind := model.KindOrganization
		if pluralDemonym(text) {
			kind = model.KindCountry // "145 million Americans"
		}
		if (law || accusation) && personName(v, k, n.next) {
			kind = model.KindPerson
		}
		out = append(out, participant{
			mention: model.Mention{Kind: kind, Text: text, Span: n.span},
			at:      n.span, index: readName,
		})
		return n.next
	}
	// addSubject reads the name that opens a clause as its subject, even
	// at the sentence's start.
	addSubject := func(k int) {
		if taken(k) {
			return
		}
		n, ok := v.nameAt(k)
		if !ok || n.mention >= 0 || v.numbersAfter(n.next) {
			return
		}
		out = append(out, participant{
			mention: model.Mention{Kind: model.KindOrganization, Text: v.doc.text[n.span.Start:n.span.End], Span: n.span},
			at:      n.span, index: readName,
		})
	}
	// list reads ", B and C" after a name that ended before word k.
	list := func(k int, law bool) {
		for k > 0 && k < len(v.words) {
			g := strings.TrimSpace(v.doc.text[v.words[k-1].end:v.words[k].start])
			if rest, n := afterPossessive(g); n > 0 && (rest == "," || rest == "" && v.words[k].lower == "and") {
				g = rest // "Chili's, Arby's and Red Robin": names that end in 's
			}
			if g == "," && v.ageAt(k) {
				k++ // "Thalha Jubair, 19, and Owen Flowers, 18,": an age, and the list goes on
				continue
			}
			if v.words[k].lower == "and" && (g == "" || g == ",") {
				k++
			} else if g != "," {
				return
			}
			if v.lowerAt(k) == "the" {
				k++
			}
			if k >= len(v.words) {
				return
			}
			next := add(k, law)
			if next < 0 && v.lowerAt(k-1) == "the" {
				// "and the Russian news agency Interfax": a name after words
				// that describe it.
				if j, ok := v.describedName(k); ok {
					next = add(j, law)
				}
			}
			if m := v.mentionAt(k); m >= 0 && next < 0 {
				k = v.wordAt(v.mentions[m].Span.End)
				continue
			}
			if next < 0 {
				return
			}
			k = next
		}
	}
	for _, h := range hits {
		if h.report || h.suffix {
			continue
		}
		// What is seized is money or servers, not a person.
		law := h.typ == model.ClaimLawEnforce && !v.words[h.at].has(cueSeizure)
		accusation = h.typ == model.ClaimAttribution && (v.words[h.at].lower == "accused" || v.words[h.at].lower == "accuses")
		// A person named after a description of them: "charged a Chinese
		// national, Fujie Wang, over ...", "charged one of them, Vitaly
		// Kovalev, with ...".
		if law {
			if k, ok := v.describedPerson(h.end); ok {
				// "two men, Zhu Hua and Zhang Shilong,": the list goes on.
				if next := add(k, true); next >= 0 {
					list(next, true)
				}
			}
		}
		// The object, or a name after a preposition, within a few words.
		for k := h.end; k < len(v.words) && k <= h.end+16; k++ {
			if v.words[k].cue&cueClauseOpener != 0 || strings.ContainsAny(v.doc.text[v.words[k-1].end:v.words[k].start], ";") {
				break
			}
			if invertedClaimVerbs[v.words[k].lower] && v.afterQuoteOrComma(k) {
				break // "..., said John Hultquist, chief analyst at Mandiant": who says so
			}
			direct := k == h.end || (k == h.end+1 && v.words[h.end].cue&cueDeterminer != 0) || v.describedObject(h.end, k)
			prep := false
			// "from the Dubai-based exchange Bybit", "of the health insurer
			// Medibank", "from the South Korean exchange Upbit": a few describing
			// words may stand between.
			for i := k - 1; i >= h.end && i >= k-5; i-- {
				lw := v.words[i].lower
				if v.words[i].cue&cueNamePrep != 0 && v.text(i) == lw {
					// "claimed responsibility on Twitter", "posted on
					// Telegram": where it was said, not whom it hit.
					prep = lw != "on" || !v.hasCue(i-1, cueMedium)
					break
				}
				if v.words[i].has(cueWherePrep) {
					break // "arrested at their homes in East London": where, not whom
				}
				if v.words[i].has(cueIntroducer | cueNotDescribing) {
					// "malware from a family it calls SPAWN": a name given;
					// "of victims and stole 1.2 TB": another clause.
					break
				}
				demonym := v.demonymAt(i)
				if strings.ContainsAny(v.doc.text[v.words[i].end:v.words[i+1].start], ",;") ||
					!(v.words[i].cue&cueDeterminer != 0 || v.text(i) == lw || sponsorWord(lw) || demonym) ||
					!demonym && v.mentionAt(i) >= 0 {
					break
				}
			}
			if !direct && !prep && v.listedVictims(h.end, k) {
				prep = true // "hacked companies including Rockstar Games, Nvidia and BT"
			}
			if !direct && !prep && (v.lowerAt(k-1) == "into" && k-2 < h.end || v.lowerAt(k-1) == "the" && v.lowerAt(k-2) == "into" && k-3 < h.end) {
				prep = true // "tried to hack into the Organisation for ..."
			}
			// "by calling MGM's IT help desk": whose things were reached.
			owner := k-h.end <= 4 && !law && h.typ == model.ClaimTargeting && v.ownerAt(k)
			if !direct && !prep && !owner {
				continue
			}
			if next := add(k, law); next >= 0 {
				list(next, law)
				k = next - 1
				continue
			}
			if m := v.mentionAt(k); m >= 0 {
				list(v.wordAt(v.mentions[m].Span.End), law)
				k = v.wordAt(v.mentions[m].Span.End) - 1
				continue
			}
			if next := add(k, law); next >= 0 {
				list(next, law)
				k = next - 1
			}
		}
		// Who paid a ransom: "Colonial paid a ransom", "that Colonial
		// Pipeline paid to the DarkSide gang", "Garmin reportedly paid".
		if h.typ == model.ClaimRansomware && v.words[h.at].has(cuePayVerb) {
			i := h.at - 1
			for i > 0 && (v.words[i].has(cuePassiveAdverb) || adverb(v, i) || v.words[i].has(cueHaveVerb)) {
				i--
			}
			if n, ok := v.appositiveHead(i + 1); ok && n.mention < 0 && (!v.doc.startsSentence(n.span.Start) ||
				!plainCapitalised(v.doc.text[n.span.Start:n.span.End]) || v.openingName(n)) {
				// "Cencora, one of the largest U.S. drug distributors, paid"
				addSubject(v.wordAt(n.span.Start))
			} else if n, ok := v.nameEndingAt(i); ok && n.mention < 0 {
				first := v.wordAt(n.span.Start)
				if statesAndProvinces[strings.ToLower(n.span.In(v.doc.text))] && first > 0 && v.gap(v.words[first-1].end, n.span.Start) == "," {
					// "The City of Stratford, Ontario, paid": the payer stands before its place.
					if payer, ok := v.nameEndingAt(first - 1); ok && payer.mention < 0 {
						n, first = payer, v.wordAt(payer.span.Start)
					}
				}
				named := false // the payer is a mention, whose role organizationRole gives
				if v.lowerAt(first-1) == "in" {
					// "La Porte County in Indiana paid": the payer stands before its place.
					if payer, ok := v.nameEndingAt(first - 2); ok && payer.mention < 0 {
						n, first = payer, v.wordAt(payer.span.Start)
					} else if ok {
						named = true
					}
				}
				if !named && (!v.doc.startsSentence(n.span.Start) || !plainCapitalised(v.doc.text[n.span.Start:n.span.End]) || v.openingName(n)) {
					addSubject(first)
				}
			}
		}
		// The subject of a passive: "Vasinskyi was arrested", "O'Connor,
		// ..., was sentenced", "CDK Global, which sells software, was hit by
		// a ransomware attack".
		if h.end-h.at == 1 && h.at >= 2 && v.hasCue(h.at-1, cueBeVerb) {
			k := h.at - 2
			if k >= 0 {
				// The name before an aside comes first: in "Point32Health, the
				// second-largest health insurer in Massachusetts, was hit" the
				// name before "was" is the aside's.
				if n, ok := v.appositiveHead(h.at - 1); ok && n.mention < 0 && !law {
					addSubject(v.wordAt(n.span.Start))
				} else if ok && n.mention < 0 && law {
					// "Penchukov, who went by ..., was arrested", "Chosun
					// Expo, a North Korean company, was sanctioned".
					add(v.wordAt(n.span.Start), law)
				} else if n, ok := v.nameEndingAt(k); ok && n.mention < 0 {
					add(v.wordAt(n.span.Start), law)
				}
			}
		}
		// "Colonial Pipeline's systems were encrypted": whose systems.
		if h.typ != model.ClaimLawEnforce {
			if n, ok := v.passiveOwner(h.at); ok && n.mention < 0 {
				addSubject(v.wordAt(n.span.Start))
			}
		}
	}
	return out
}

// describedAfterAt reports whether the name at word k follows "at" and a
// few lower-case words that describe it: "at the power management company
// Eaton".
func (v *sentenceView) describedAfterAt(k int) bool {
	for i := k - 1; i >= 0 && i >= k-6; i-- {
		w := v.words[i].lower
		if w == "at" {
			return i < k-1
		}
		if v.text(i) != w || !v.spaced(i+1) {
			return false
		}
	}
	return false
}

// brandPossessive returns the length of an "'s" that ends a name at
// offset end rather than marking an owner, the next word being next: the
// name is followed by a comma, "and", "or" or the sentence's end
// ("Chili's, Arby's and Red Robin"), not by what it owns ("Acer's
// network").
func (v *sentenceView) brandPossessive(end, next int) int {
	to := v.span.End
	if next < len(v.words) {
		to = v.words[next].start
	}
	rest, n := afterPossessive(v.doc.text[end:to])
	switch {
	case n == 0:
	case rest == "," || rest == "." || rest == ";":
	case rest == "" && (next >= len(v.words) || v.words[next].lower == "and" || v.words[next].lower == "or"):
	default:
		return 0
	}
	return n
}

// numbersAfter reports whether "numbers" follows at word k, or after one
// more capitalised word there ("Social Security numbers", where
// "Security" is never read as a name).
func (v *sentenceView) numbersAfter(k int) bool {
	if k < len(v.words) && v.text(k) != v.words[k].lower {
		k++
	}
	w := v.lowerAt(k)
	return w == "numbers" || w == "number"
}

// afterPossessive returns the rest of the gap g between two words after a
// leading "'s" that the word before lost (see trimPossessive), trimmed,
// and the length of that "'s"; 0 when g has none.
func afterPossessive(g string) (string, int) {
	for _, p := range []string{"'s", "\u2019s"} {
		if strings.HasPrefix(g, p) {
			return strings.TrimSpace(g[len(p):]), len(p)
		}
	}
	return g, 0
}

// listedVictims reports whether word k opens the list of examples
// "including" or "such as" gives of the plural victims right after a
// trigger ending before word end: "hacked companies including Rockstar
// Games", "attacked several firms, such as Boeing".
func (v *sentenceView) listedVictims(end, k int) bool {
	i := k - 1
	if v.lowerAt(i) == "the" {
		i--
	}
	switch {
	case v.lowerAt(i) == "including":
	case v.lowerAt(i) == "as" && v.lowerAt(i-1) == "such":
		i--
	default:
		return false
	}
	return i-1 >= end && i-1 <= end+4 && victimNouns[v.lowerAt(i-1)]
}

// mediumWords before "on" make what follows the medium: "claimed
// responsibility on Twitter".
var mediumWords = setOf("responsibility", "posted", "posts", "post", "said", "wrote", "announced", "statement",
	"message", "messages", "published", "boasted", "bragged", "claimed")

// originNouns say where a person lives or comes from: "resident of".
var originNouns = setOf("resident", "residents", "national", "nationals", "citizen", "citizens", "native", "natives")

// wherePrepositions put what follows them in a place.
var wherePrepositions = setOf("in", "near", "outside", "inside", "across", "throughout", "within")

// ownerAt reports whether a name read from capitals at word k owns what
// follows it: "MGM's IT help desk".
func (v *sentenceView) ownerAt(k int) bool {
	if k == 0 || !v.capitalWord(k) || v.mentionAt(k) >= 0 || v.text(k-1) != v.words[k-1].lower {
		return false
	}
	n, ok := v.nameAt(k)
	if !ok || n.mention >= 0 {
		return false
	}
	rest := v.doc.text[n.span.End:]
	return strings.HasPrefix(rest, "'s ") || strings.HasPrefix(rest, "\u2019s ")
}

// describedObject reports whether word k follows a trigger ending before
// word end by a determiner and a few lower-case words that describe it,
// a demonym among them: "compromised the phone software maker 3CX",
// "broke into the Israeli insurer Shirbit".
func (v *sentenceView) describedObject(end, k int) bool {
	if k-end < 2 || k-end > 5 || v.words[end].cue&cueDeterminer == 0 || v.text(k-1) != v.words[k-1].lower {
		return false
	}
	for i := end + 1; i < k; i++ {
		w := v.words[i].lower
		if !v.spaced(i) || v.words[i].cue&(cueTrigger|cueClaimVerb|cueNamePrep|cueClauseOpener) != 0 || notDescribing[w] {
			return false
		}
		if v.text(i) != w || v.mentionAt(i) >= 0 {
			if !v.demonymAt(i) {
				return false
			}
		}
	}
	return v.spaced(k)
}

// demonymAt reports whether word k lies in a country's or region's
// mention: "Israeli", "South Korean".
func (v *sentenceView) demonymAt(k int) bool {
	m := v.mentionAt(k)
	return m >= 0 && (v.mentions[m].Kind == model.KindCountry || v.mentions[m].Kind == model.KindRegion)
}

// bodyHeads end the first part of a body's name that goes on after "of"
// or "for": "Organisation for the Prohibition of Chemical Weapons",
// "Committee of Inquiry".
var bodyHeads = setOf("organisation", "organization", "office", "committee", "commission", "ministry", "department",
	"bureau", "agency", "institute", "council", "court", "federation", "union", "association", "society", "centre",
	"center", "university", "fund", "board", "service", "authority", "administration", "directorate",
	"transport", "bank", "trust") // "Transport for London", "Bank of Valletta"

// bodyName extends a name that ends in a body's head noun through "of",
// "for" and "for the" and the capitalised words after them.
func (v *sentenceView) bodyName(n name) name {
	if n.next <= 0 || n.next >= len(v.words) || !bodyHeads[v.words[n.next-1].lower] {
		return n
	}
	for joins := 0; joins < 3 && n.next < len(v.words); joins++ {
		if w := v.text(n.next); w != "of" && (w != "for" || joins > 0) {
			break
		}
		k := n.next + 1
		if v.lowerAt(k) == "the" {
			k++
		}
		if k >= len(v.words) || !v.capitalWord(k) {
			break
		}
		if m := v.mentionAt(k); m >= 0 {
			// "Bank of America", "Bank of England": a country ends the name.
			if v.mentions[m].Kind == model.KindCountry && v.mentions[m].Span.Start == v.words[k].start && n.mention < 0 {
				n.span.End, n.next = v.mentions[m].Span.End, v.wordAt(v.mentions[m].Span.End)
			}
			break
		}
		rest, ok := v.nameAt(k)
		if !ok {
			break
		}
		n.span.End, n.next = rest.span.End, rest.next
	}
	return n
}

// facilityNouns after a city's name make a body of that city: "the Kyiv
// metro", "Odesa airport".
var facilityNouns = setOf("metro", "subway", "airport", "port", "railway", "hospital", "council", "municipality")

// facilityAfter reports whether word k is a facility noun that ends a name
// right after a place: followed by a comma, "and", or the sentence's end.
func (v *sentenceView) facilityAfter(k int) bool {
	if k >= len(v.words) || !v.spaced(k) || v.text(k) != v.words[k].lower || !facilityNouns[v.words[k].lower] {
		return false
	}
	if k+1 >= len(v.words) {
		return true
	}
	g := strings.TrimSpace(v.doc.text[v.words[k].end:v.words[k+1].start])
	return g == "," || g == "" && (v.words[k+1].lower == "and" || v.words[k+1].lower == "in" || v.words[k+1].cue&cueNamePrep != 0 ||
		v.words[k+1].cue&cueTime != 0)
}

// describedName returns the capitalised word that ends a short run of
// lower-case words or demonyms starting at word k: "Russian news agency
// Interfax".
func (v *sentenceView) describedName(k int) (int, bool) {
	for i := k; i < len(v.words) && i <= k+4; i++ {
		if i > k && !v.spaced(i) {
			return 0, false
		}
		if m := v.mentionAt(i); m >= 0 {
			if mk := v.mentions[m].Kind; mk != model.KindCountry && mk != model.KindRegion || v.mentions[m].Span.End != v.words[i].end {
				return 0, false
			}
			continue
		}
		if v.capitalWord(i) {
			return i, i > k+1
		}
		if v.words[i].cue&(cueTrigger|cueClaimVerb|cueNamePrep|cueClauseOpener) != 0 || v.words[i].has(cueNotDescribing) {
			return 0, false
		}
	}
	return 0, false
}

// notDescribing are words that end a description: "a 17-year-old in
// Oxfordshire".
var notDescribing = setOf("in", "to", "with", "by", "over", "as", "into", "through", "and", "or", "via", "under", "after")

// lawSubjects reads the body that takes a law-enforcement action when no
// table names it: "Florida prosecutors on Friday charged", "Federal
// prosecutors separately charged".
func lawSubjects(v *sentenceView, hits []triggerHit) []participant {
	var out []participant
	for _, h := range hits {
		if h.report || h.typ != model.ClaimLawEnforce {
			continue
		}
		k := h.at - 1
		for k > 0 && (adverb(v, k) || v.words[k].has(cueHaveVerb) || v.words[k].cue&cueTime != 0 ||
			weekdays[v.words[k].lower] || v.words[k].lower == "also" || v.words[k].lower == "on") {
			k--
		}
		if opener, ok := v.lawOpener(h.at); ok {
			k = opener // "Police traced the payment and had it frozen": the subject of both verbs
		}
		if k >= 0 && (v.words[k].lower == "prosecutors" || v.words[k].lower == "police") && v.mentionAt(k) < 0 &&
			(k == 0 || k == 1 && v.words[0].lower == "the") {
			// "Prosecutors charged him with ...": the prosecutors or police
			// of the story are the body that acts ("Investigators" or
			// "officials" alone are not a body).
			span := model.Span{Start: v.words[k].start, End: v.words[k].end}
			out = append(out, participant{
				mention: model.Mention{Kind: model.KindOrganization, Text: span.In(v.doc.text), Span: span},
				at:      span, index: lawBody, government: true,
			})
			continue
		}
		if n, ok := v.nameEndingAt(k); ok && k >= 0 {
			// "A court in Cologne on Friday sentenced": the court of a place.
			if first := v.wordAt(n.span.Start); v.lowerAt(first-1) == "in" && courtNouns[v.lowerAt(first-2)] {
				from := first - 2
				for from > 0 && courtModifiers[v.words[from-1].lower] && v.text(from-1) == v.words[from-1].lower {
					from-- // "a federal grand jury in Maryland"
				}
				span := model.Span{Start: v.words[from].start, End: n.span.End}
				out = append(out, participant{
					mention: model.Mention{Kind: model.KindOrganization, Text: span.In(v.doc.text), Span: span},
					at:      span, index: lawBody, government: true, key: normalizeName(span.In(v.doc.text)),
				})
				continue
			}
		}
		if k < 1 || !v.words[k].has(cueLawNoun) || !v.spaced(k) || v.mentionAt(k-1) >= 0 {
			continue
		}
		n, ok := v.nameEndingAt(k - 1)
		if !ok || n.mention >= 0 {
			continue
		}
		span := model.Span{Start: n.span.Start, End: v.words[k].end}
		out = append(out, participant{
			mention: model.Mention{Kind: model.KindOrganization, Text: span.In(v.doc.text), Span: span},
			at:      span, index: lawBody, government: true,
		})
	}
	return out
}

// courtNouns before "in" and a place name a body that acts there: "a
// court in Cologne", "prosecutors in Paris".
var courtNouns = setOf("court", "judge", "jury", "prosecutors", "police")

// courtModifiers stand before a court noun as part of the body's name: "a
// federal grand jury in Atlanta", "a district court in Texas".
var courtModifiers = setOf("federal", "grand", "district", "regional", "appeals", "criminal", "high", "state")

// lawOpener returns the word of "Police" or "Prosecutors" opening the
// sentence as the subject of verbs joined by "and" up to word at, with no
// claim verb between that would make them a source instead.
func (v *sentenceView) lawOpener(at int) (int, bool) {
	k := 0
	if v.lowerAt(0) == "the" {
		k = 1
	}
	if w := v.lowerAt(k); w != "police" && w != "prosecutors" || v.mentionAt(k) >= 0 || at <= k+1 {
		return 0, false
	}
	and := false
	for i := k + 1; i < at; i++ {
		if v.words[i].cue&(cueClaimVerb|cueClauseOpener) != 0 || strings.ContainsRune(v.doc.text[v.words[i-1].end:v.words[i].start], ',') {
			return 0, false
		}
		and = and || v.words[i].lower == "and"
	}
	return k, and
}

var weekdays = setOf("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

// describedPerson finds a person's name set off by commas after a
// description right after a law-enforcement trigger ending before word
// end: "a Chinese national, Fujie Wang,", "one of them, Vitaly Kovalev,".
func (v *sentenceView) describedPerson(end int) (int, bool) {
	for k := end + 1; k < len(v.words) && k <= end+4; k++ {
		g := strings.TrimSpace(v.doc.text[v.words[k-1].end:v.words[k].start])
		if g == "" {
			if v.text(k-1) != v.words[k-1].lower && v.mentionAt(k-1) < 0 {
				return 0, false // a capitalised word: the name itself comes first
			}
			continue
		}
		if g != "," {
			return 0, false
		}
		n, ok := v.nameAt(k)
		if !ok || n.mention >= 0 || !personName(v, k, n.next) {
			return 0, false
		}
		if personNouns[v.words[k-1].lower] || v.words[k-1].lower == "them" || rankNouns[v.words[k-1].lower] {
			return k, true
		}
		return 0, false
	}
	return 0, false
}

// rankNouns describe a person by their part in a crime or a market: "its
// alleged founder, Alexandre Cazes,".
var rankNouns = setOf("founder", "co-founder", "administrator", "admin", "operator", "leader", "ringleader",
	"developer", "owner", "mastermind", "suspect", "member")

// pluralDemonym reports whether name is a people's name: "Americans".
func pluralDemonym(name string) bool {
	one, ok := strings.CutSuffix(name, "s")
	return ok && demonyms()[one]
}

var demonyms = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, line := range countryNames {
		for _, n := range strings.Split(line, "|")[1:] {
			if strings.HasSuffix(n, "an") || strings.HasSuffix(n, "ian") {
				set[n] = true
			}
		}
	}
	return set
})

// personName reports whether words first..next-1 read like a person's
// name: two to four capitalised words of letters, or one such word named
// before in the article as part of a longer name.
func personName(v *sentenceView, first, next int) bool {
	n := next - first
	for k := first; k < next; k++ {
		t := v.text(k)
		if !isCapitalised(t) || hasDigit(t) || organizationHeads[t] {
			return false
		}
	}
	if n >= 2 && n <= 4 {
		return true
	}
	// "Vasinskyi", named in full earlier.
	t := v.text(first)
	before := v.doc.text[:v.span.Start]
	i := strings.Index(before, " "+t)
	return n == 1 && i > 0 && isCapitalised(before[strings.LastIndexAny(before[:i], " \n")+1:])
}

// productNouns end a product's name: "the MOVEit Transfer product",
// "Exchange Server", "its Orion software".
var productNouns = setOf("software", "product", "products", "appliance", "appliances", "server",
	"servers", "library", "framework", "firewall", "firewalls", "gateway", "gateways", "feature",
	"platform", "app", "application", "devices", "device", "routers", "vpn", "plugin", "browser")

// addProducts adds the products a vulnerability is in: capitalised words
// after "in" ("in Exchange Server", "in its MOVEit Transfer product", "in
// Apache's Log4j library"), before a product noun ("JetBrains TeamCity
// servers") or before "vulnerability" after "a" ("a FortiGate
// vulnerability"); after the vendor's name they leave the vendor out
// ("Barracuda Email Security Gateway"). A name after "the" and before
// "vulnerability" is the vulnerability's own ("the Log4Shell
// vulnerability"), as is one after "known as".
func (b *claimBuilder) addProducts() {
	v := b.v
	for k := 0; k < len(v.words); k++ {
		if b.side(model.Span{Start: v.words[k].start, End: v.words[k].end}) == sideOther {
			continue
		}
		if span, last, ok := v.knownProductAt(k); ok {
			// "Connect Secure VPN": the name may go on in capitals.
			for last+1 < len(v.words) && last-k < 4 && v.spaced(last+1) && (v.capitalWord(last+1) || v.numberWord(last+1)) &&
				v.productWord(last+1) && !v.words[last+1].has(cueClaimVerb) {
				last++
				span.End = v.words[last].end
			}
			// "a flaw in Chrome", "updates for iPhones": read as a vendor or
			// a victim by their capitals, they are the product.
			for i, r := range b.roles {
				if (r.Role == "vendor" || r.Role == "victim") && r.Span.Start >= span.Start && r.Span.End <= span.End {
					b.roles[i].Role = "product"
				}
			}
			if !slices.ContainsFunc(b.roles, func(r model.Role) bool { return overlaps(r.Span, span) }) {
				b.add("product", span.In(v.doc.text), "", span)
			}
			k = last
			continue
		}
		if !(v.capitalWord(k) || v.platformWord(k)) || v.words[k].has(cueClaimVerb) {
			continue
		}
		if !v.productWord(k) || strings.HasPrefix(v.doc.text[v.words[k].end:], "'s ") {
			continue
		}
		if orgSuffixes[v.words[k].lower] && v.mentionAt(k-1) >= 0 {
			continue // "the Shadowserver Foundation": the rest of a body's name
		}
		last := k
		for last+1 < len(v.words) && last-k < 3 && v.spaced(last+1) && (v.capitalWord(last+1) || v.numberWord(last+1) || v.platformWord(last+1)) &&
			v.productWord(last+1) {
			last++
		}
		span := model.Span{Start: v.words[k].start, End: v.words[last].end}
		prev := v.lowerAt(k - 1)
		if prev == "the" && v.lowerAt(k-2) == "in" {
			prev = "in" // "in the Apache Struts web framework"
		}
		if (prev == "and" || prev == "or") && b.has("product") && b.roles[len(b.roles)-1].Role == "product" &&
			b.roles[len(b.roles)-1].Span.End >= v.words[k-1].start-2 {
			prev = "in" // "in NetScaler ADC and NetScaler Gateway"
		}
		next := v.lowerAt(last + 1)
		vulnNoun := next == "vulnerability" || next == "flaw" || next == "bug"
		afterVendor := k > 0 && v.spaced(k) && func() bool {
			m := v.mentionAt(k - 1)
			return m >= 0 && v.mentions[m].Kind == model.KindOrganization
		}()
		possessive := k > 0 && strings.HasSuffix(v.doc.text[v.words[k-1].start:v.words[k].start], "'s ")
		switch {
		case vulnNoun && prev == "the" && (v.platformWord(k) || slices.ContainsFunc(knownProducts[v.text(k)], func(p knownProduct) bool { return len(p.words) == last-k+1 })):
			b.add("product", span.In(v.doc.text), "", span) // "the iOS flaw": where the flaw is
		case vulnNoun && (prev == "the" || afterVendor && v.lowerAt(k-2) == "the"):
			if afterVendor {
				span.Start = v.words[k-1].start
			}
			b.dropRole("vendor", span)
			b.add("vulnerability", span.In(v.doc.text), "", span)
		case (prev == "as" && v.lowerAt(k-2) == "known") || prev == "dubbed" || prev == "called" && v.lowerAt(k-2) != "malware":
			if vulnerabilityNear(v, k) {
				b.add("vulnerability", span.In(v.doc.text), "", span)
			}
		case vulnNoun && (prev == "a" || prev == "an"):
			b.add("product", span.In(v.doc.text), "", span)
		case productNouns[next] || prev == "in" && vulnerabilityNear(v, k) || prev == "its" || afterVendor || possessive && v.lowerAt(k-2) == "in":
			if prev == "in" && vulnerabilityNear(v, k) || prev == "its" || afterVendor || productNouns[next] || possessive {
				b.add("product", span.In(v.doc.text), "", span)
				if possessive && v.mentionAt(k-1) < 0 {
					if n, ok := v.nameEndingAt(k - 1); ok {
						b.add("vendor", n.span.In(v.doc.text), "", n.span)
					}
				}
			}
		}
		k = last
	}
}

// platformWord reports whether word k is an operating system or suite
// written with a capital, which notNames keeps out of other names
// ("Windows malware") but which is a product where a flaw is: "a flaw
// in iOS", "two Windows zero-days".
func (v *sentenceView) platformWord(k int) bool {
	return k >= 0 && k < len(v.words) && platformProducts[v.words[k].lower] && hasUpper(v.text(k))
}

var platformProducts = setOf("windows", "ios", "android", "linux", "macos", "office")

// productWord reports whether word k may be part of a product's name:
// not a vendor's, a place's or an actor's name.
func (v *sentenceView) productWord(k int) bool {
	m := v.mentionAt(k)
	if m < 0 {
		return true
	}
	switch v.mentions[m].Kind {
	case model.KindMalware, model.KindTool, model.KindSector:
		return !inNormalized(securityVendorSet(), v.mentions[m].Text)
	}
	return false
}

// vulnerabilityNear reports whether a vulnerability noun stands just before
// word k: "a bug known as ProxyLogon".
func vulnerabilityNear(v *sentenceView, k int) bool {
	for i := k - 1; i >= 0 && i >= k-6; i-- {
		switch v.words[i].lower {
		case "bug", "flaw", "vulnerability", "vulnerabilities", "flaws", "zero-day", "bugs":
			return true
		}
	}
	return false
}

func (b *claimBuilder) dropRole(role string, span model.Span) {
	out := b.roles[:0]
	for _, r := range b.roles {
		if r.Role == role && overlaps(r.Span, span) {
			continue
		}
		out = append(out, r)
	}
	b.roles = out
}

// dataNouns head what a breach took: "staff data", "call records",
// "personal information", "source code".
var dataNouns = setOf("data", "information", "records", "emails", "email", "files", "documents",
	"credentials", "passwords", "code", "details", "communications", "films", "addresses", "names",
	"numbers", "messages", "database", "databases", "accounts", "folders", "mailboxes", "dates",
	// Other things stolen and leaked. ("cookies" made a claim of a
	// plugin "for stealing browser cookies", a capability.)
	"recordings", "photos", "images", "contracts", "correspondence", "logs", "tokens",
	"contacts", "datasets", "secrets", "blueprints", "usernames", "transcripts", "invoices", "spreadsheets",
	"property", "designs", "diagrams", "formulas", "schematics")

// dataModifiers are lower-case words that may precede a data noun in its
// phrase; anything else (a determiner, a verb) ends it.
var dataStops = setOf("the", "a", "an", "no", "of", "and", "or", "from", "to", "in", "on", "had", "have",
	"has", "was", "were", "is", "are", "stole", "stolen", "steal", "leaked", "took", "taken",
	"accessed", "containing", "including", "its", "their", "his", "her", "all", "some", "about",
	"more", "than", "with", "that", "which", "by", "it", "them", "copied", "downloaded", "published",
	"stealing", "steal", "taking", "leaking", "exfiltrating", "accessing", "read", "includes", "included",
	"obtained", "saying", "says", "said", "whose", "captured", "harvested", "steals", "collects", "collected",
	"collecting", "harvests", "gathers", "gathered", "grabs", "reaching", "reached", "malware",
	"include", "contains", "contained", "comprised", "comprises", "held", "holding", "holds",
	// Verbs of what is done with data taken: "threatened to publish
	// documents", "to stop it from releasing student information".
	"publish", "publishing", "release", "releasing", "sell", "selling", "post", "posting", "dump", "dumping",
	"leak", "leaking", "expose", "exposing", "share", "sharing", "delete", "deleting")

// notData follow a data noun that only describes something else: "email
// accounts", "files servers".
var notData = setOf("accounts", "account", "servers", "server", "systems", "addresses")

// addData adds what the breach took: noun phrases headed by a data noun on
// the patient side.
func (b *claimBuilder) addData() {
	v := b.v
	for k := 0; k < len(v.words); k++ {
		w := v.words[k].lower
		if !v.words[k].has(cueDataNoun) || v.mentionAt(k) >= 0 || (notData[v.lowerAt(k+1)] && v.spaced(k+1) && !(w == "email" && v.lowerAt(k+1) == "addresses")) ||
			(w == "accounts" && accessVerbs[v.words[b.at].lower]) || w == "code" && v.lowerAt(k-1) == "malicious" {
			continue // "accessed email accounts" is a break-in, not a theft; "malicious code" is the attacker's
		}
		span := model.Span{Start: v.words[k].start, End: v.words[k].end}
		if b.side(span) == sideOther || (k >= b.at && k < b.end) {
			continue
		}
		first := k
		for i := k - 1; i >= 0 && k-i <= 3; i-- {
			lw := v.words[i].lower
			if v.is(i-1, "social", "security") {
				first = i - 1 // "Social Security numbers"
				break
			}
			if m := v.mentionAt(i); m >= 0 && w == "numbers" && v.placeModifier(m, i) {
				// "Hong Kong identity card numbers": the place says whose
				// documents, it is no victim country.
				first = v.wordAt(v.mentions[m].Span.Start)
				b.dropRole("country", v.mentions[m].Span)
				break
			}
			if v.text(i) != lw && !strings.HasSuffix(v.text(i), "'") && lw != "executives" && !v.doc.startsSentence(v.words[i].start) {
				break
			}
			if lw == "and" && i > 0 && v.listedPlural(i-1) {
				// "emails, invoices and source code": the plural before "and"
				// is a thing taken of its own.
				span := model.Span{Start: v.words[i-1].start, End: v.words[i-1].end}
				b.add("data", span.In(v.doc.text), "", span)
				break
			}
			if v.words[i].has(cueDataStop) || hasDigit(lw) || v.words[i].has(cueMultiplier) {
				// "personal and health data": an adjective joined by "and".
				if lw == "and" && i > 0 && !v.words[i-1].has(cueDataStop) && v.text(i-1) == v.words[i-1].lower &&
					!amountUnits[v.words[i-1].lower] && !v.words[i-1].has(cueDataNoun) && !v.words[i-1].has(cueProductNoun) {
					first = i - 1
					i--
					continue
				}
				break
			}
			if strings.ContainsAny(v.doc.text[v.words[i].end:v.words[i+1].start], ",;") {
				break
			}
			first = i
		}
		// "the data of 23andMe users" is still the data.
		span.Start = v.words[first].start
		if v.is(k+1, "of", "birth") {
			span.End = v.words[k+2].end // "dates of birth"
			k += 2
		}
		if first == k && (w == "data" || w == "information") && !(v.lowerAt(k-1) == "of" && amountUnits[v.lowerAt(k-2)]) {
			b.bareData = true // "data" alone says nothing of what was taken, but that something was
			continue
		}
		b.add("data", span.In(v.doc.text), "", span)
	}
}

// listedPlural reports whether word k is a lower-case plural noun that a
// comma sets in a list: "emails, invoices and ...". Adjectives joined by
// "and" ("personal and health data") do not end in a plural "s".
func (v *sentenceView) listedPlural(k int) bool {
	w := v.words[k].lower
	if k == 0 || v.text(k) != w || v.words[k].has(cueDataStop) || !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss") ||
		strings.HasSuffix(w, "us") || strings.TrimSpace(v.doc.text[v.words[k-1].end:v.words[k].start]) != "," {
		return false
	}
	return true
}

// placeModifier reports whether mention m, a place whose last word is
// word i, modifies the lower-case words after it with no possessive: the
// state that issues "Hong Kong identity card numbers", not "Britain's".
func (v *sentenceView) placeModifier(m, i int) bool {
	mk := v.mentions[m].Kind
	return (mk == model.KindCountry || mk == model.KindRegion) && v.mentions[m].Span.End == v.words[i].end &&
		i+1 < len(v.words) && v.spaced(i+1) && v.text(i+1) == v.words[i+1].lower
}

// denialVerbs deny an accusation.
var denialVerbs = setOf("denied", "denies", "deny", "rejected", "rejects", "dismissed", "dismisses",
	"refuted", "refutes", "disputed", "disputes")

// denial returns the claim a state's denial makes when the sentence says
// nothing else: "North Korea has denied any involvement", "The Chinese
// embassy denied that Beijing had any role". Its sponsor is the state
// named after the verb in its clause, else the state that denies.
func (c *claimContext) denial(found []model.Claim) (model.Claim, bool) {
	v := c.v
	for k, w := range v.words {
		dismissed := v.dismissal(k)
		if w.cue&cueDenial == 0 && !dismissed { // not in denialVerbs
			continue
		}
		var subject, object *model.Mention
		ci := clauseAt(c.clauses, k)
		if c.attributedIn(ci, found) {
			continue // the clause says who did it, denied or not
		}
		for i := range v.mentions {
			m := &v.mentions[i]
			if m.Kind != model.KindCountry {
				continue
			}
			mk := v.wordAt(m.Span.Start)
			switch {
			case mk < k && (k-mk <= 5 || (dismissed || v.titledSpeaker(mk, k)) && k-mk <= 8):
				subject = m
			case mk > k && object == nil && w.cue&cueDenial != 0 && !strings.Contains(v.doc.text[v.words[k].end:m.Span.Start], ",") &&
				(clauseAt(c.clauses, mk) == ci || (clauseAt(c.clauses, mk) == ci+1 && v.lowerAt(c.clauses[ci+1].start) == "that")):
				// "denied that Beijing had any role"; not "rejected the
				// reports, saying Washington was smearing Beijing".
				object = m
			}
		}
		var country *model.Mention
		if object != nil && denialPlaces[v.lowerAt(v.prepositionBefore(v.wordAt(object.Span.Start)))] {
			// "denied carrying out cyberattacks on Ukraine": where the
			// attacks were, not who made them.
			country, object = object, nil
		}
		sponsor := object
		if sponsor == nil {
			sponsor = subject
		}
		if subject == nil || sponsor == nil {
			continue
		}
		claimant := c.facts.claimantFor(v, c.clauses, k)
		if claimant == "" && dismissed {
			// "Iran's mission to the United Nations called the accusations
			// baseless": who dismisses them is the subject before the verb.
			claimant = strings.TrimSpace(v.doc.text[subject.Span.Start:v.words[k-1].end])
		}
		roles := []model.Role{{Role: "sponsor", Text: sponsor.Text, EntityKey: sponsor.EntityKey, Span: sponsor.Span}}
		for _, m := range v.mentions {
			// "denied that it was behind NotPetya": what it denies making.
			if mk := v.wordAt(m.Span.Start); m.Kind == model.KindMalware && mk > k &&
				(clauseAt(c.clauses, mk) == ci || clauseAt(c.clauses, mk) == ci+1) {
				roles = append(roles, model.Role{Role: "malware", Text: m.Text, EntityKey: m.EntityKey, Span: m.Span})
			}
		}
		if country != nil {
			roles = append(roles, model.Role{Role: "country", Text: country.Text, EntityKey: country.EntityKey, Span: country.Span})
		}
		return model.Claim{
			Type:         model.ClaimAttribution,
			Roles:        roles,
			Claimant:     claimant,
			Confidence:   roundConfidence(confidenceBase * confidenceOneRoled),
			Negated:      true,
			Evidence:     v.span,
			EvidenceText: v.span.In(v.doc.text),
		}, true
	}
	return model.Claim{}, false
}

// attributedIn reports whether the sentence's attribution claims come
// from a trigger in clause ci or the clause after it (a complement):
// "North Korea has long denied carrying out cyber thefts, but Chainalysis
// estimated that hackers linked to Pyongyang stole ..." denies in one
// clause and attributes in another.
func (c *claimContext) attributedIn(ci int, found []model.Claim) bool {
	if !slices.ContainsFunc(found, func(cl model.Claim) bool { return cl.Type == model.ClaimAttribution }) {
		return false
	}
	for _, h := range c.hits {
		if h.report || h.typ != model.ClaimAttribution {
			continue
		}
		if hc := clauseAt(c.clauses, h.at); hc == ci || hc == ci+1 {
			return true
		}
	}
	return false
}

// titledSpeaker reports whether the words from a state's mention at word
// mk to a denial verb at word k, without a comma, are a spokesperson's
// title and name: "China's foreign ministry spokesman Wang Wenbin
// dismissed".
func (v *sentenceView) titledSpeaker(mk, k int) bool {
	if strings.ContainsAny(v.doc.text[v.words[mk].end:v.words[k].start], ",;") {
		return false
	}
	for i := mk + 1; i < k; i++ {
		switch v.words[i].lower {
		case "spokesman", "spokeswoman", "spokesperson", "minister", "ambassador", "envoy":
			return true
		}
	}
	return false
}

// prepositionBefore returns the word before word k, past a "the": the
// preposition of "against the United States".
func (v *sentenceView) prepositionBefore(k int) int {
	if v.lowerAt(k-1) == "the" {
		return k - 2
	}
	return k - 1
}

// denialPlaces put the state after them where the denied attacks were.
var denialPlaces = setOf("on", "against", "in", "at", "targeting")

// accusationNouns are what a state dismisses when it calls them baseless.
var accusationNouns = setOf("accusation", "accusations", "allegation", "allegations", "claims", "charges", "report", "reports",
	"claim", "charge", "assertions", "suggestions", "findings")

// dismissal reports whether word k calls an accusation unfounded: "called
// the accusations baseless", "called the charges groundless". A state that
// says so denies the attribution, as "denied" does.
func (v *sentenceView) dismissal(k int) bool {
	switch v.words[k].lower {
	case "called", "calls", "branded", "described", "labeled", "labelled", "termed":
	case "nothing":
		// "said Russia had nothing to do with it"
		return v.lowerAt(k+1) == "to" && v.lowerAt(k+2) == "do" && v.lowerAt(k+3) == "with"
	case "were", "was", "are", "is":
		// "said the accusations were baseless", "were without any basis"
		if !v.hasCue(k-1, cueAccusation) {
			return false
		}
		next := v.lowerAt(k + 1)
		return next == "without" || next == "baseless" || next == "groundless" || next == "unfounded" ||
			next == "false" || next == "fabricated" || next == "untrue" || next == "nonsense" || next == "unsubstantiated"
	default:
		return false
	}
	i := k + 1
	if v.lowerAt(i) == "the" || v.lowerAt(i) == "these" || v.lowerAt(i) == "those" || v.lowerAt(i) == "such" {
		i++
	}
	if !v.hasCue(i, cueAccusation) {
		return false
	}
	if v.lowerAt(i+1) == "as" {
		i++
	}
	switch v.lowerAt(i + 1) {
	case "baseless", "groundless", "unfounded", "false", "fabricated", "irresponsible", "absurd", "slander", "slanderous", "smears", "a",
		"unsubstantiated", "untrue", "nonsense", "ridiculous", "preposterous", "lies", "fake", "speculation", "politically", "malicious":
		return true
	}
	return false
}

// chargeActions are the law-enforcement actions that accuse: the
// authority stands behind the claims they are over.
var chargeActions = setOf("charged", "charges", "charging", "indicted", "indictment", "indicting",
	"sanctioned", "sanctions", "sanctioning", "warrant", "convicted", "sentenced", "accuses", "accused",
	"accuse", "accusing")

// charged applies what a charge says to the sentence's other claims: the
// authority that charges someone over an attack is who claims the attack
// ("U.S. prosecutors charged X over the attack on Kaseya"), and charging
// the officers of a state body over an attack attributes it to that body
// ("charged six officers of Russia's GRU over cyberattacks").
func (c *claimContext) charged(claims []model.Claim) []model.Claim {
	v := c.v
	for _, lc := range claims {
		if lc.Type != model.ClaimLawEnforce {
			continue
		}
		action, authority := "", ""
		var actionSpan model.Span
		for _, r := range lc.Roles {
			switch r.Role {
			case "action":
				action, actionSpan = strings.ToLower(r.Text), r.Span
			case "authority":
				if authority == "" {
					authority = r.Text
					if k := v.wordAt(r.Span.End); k < len(v.words) && v.words[k].start == r.Span.End+1 && v.words[k].has(cueLawNoun) {
						authority = v.doc.text[r.Span.Start:v.words[k].end] // "U.S. prosecutors"
					}
				}
			}
		}
		if !chargeActions[action] {
			continue
		}
		if authority != "" {
			for i := range claims {
				// With claimants in the sentence, a claim none of them says
				// is the charge's only when the charge is over it: "charged
				// X with deploying LockBit, and OFAC announced sanctions".
				if claims[i].Type != model.ClaimLawEnforce && claims[i].Claimant == "" &&
					(len(c.facts.claimants) == 0 || rolesAfter(claims[i], actionSpan)) {
					claims[i].Claimant = authority
				}
			}
		}
		if a, ok := c.stateBodyCharged(claims, actionSpan, authority); ok {
			// An attribution the sentence already makes to that body ("on
			// behalf of China's Ministry of State Security") takes the
			// victims instead of a second claim.
			merged := false
			for i := range claims {
				if claims[i].Type != model.ClaimAttribution || !sharesSponsor(claims[i], a) {
					continue
				}
				for _, r := range a.Roles {
					if r.Role != "sponsor" && !slices.ContainsFunc(claims[i].Roles, func(x model.Role) bool { return x.Span == r.Span }) {
						claims[i].Roles = append(claims[i].Roles, r)
					}
				}
				sortRoles(claims[i].Roles)
				merged = true
				break
			}
			if !merged {
				claims = mergeClaim(claims, a)
			}
		}
	}
	return claims
}

// rolesAfter reports whether every role of a claim is named after span.
func rolesAfter(c model.Claim, span model.Span) bool {
	for _, r := range c.Roles {
		if r.Span.Start < span.End {
			return false
		}
	}
	return len(c.Roles) > 0
}

// sharesSponsor reports whether two claims name a sponsor at the same place.
func sharesSponsor(a, b model.Claim) bool {
	for _, r := range a.Roles {
		if r.Role == "sponsor" && slices.ContainsFunc(b.Roles, func(x model.Role) bool { return x.Role == "sponsor" && x.Span == r.Span }) {
			return true
		}
	}
	return false
}

// stateBodyCharged returns the attribution a charge against a state
// body's officers makes, when the sentence says what attack it is over.
func (c *claimContext) stateBodyCharged(claims []model.Claim, action model.Span, authority string) (model.Claim, bool) {
	v := c.v
	var roles []model.Role
	attack := false
	for _, h := range c.hits {
		if !h.report && h.typ != model.ClaimLawEnforce && h.typ != model.ClaimAttribution && v.words[h.at].start > action.Start {
			attack = true
		}
	}
	for _, m := range v.mentions {
		if m.Span.Start < action.End || !inNormalized(stateAgencySet(), m.Text) {
			continue
		}
		k := v.wordAt(m.Span.Start)
		if k >= 1 && strings.HasSuffix(v.doc.text[v.words[k-1].start:m.Span.Start], "'s ") {
			if p := v.mentionAt(k - 1); p >= 0 && (v.mentions[p].Kind == model.KindCountry) {
				pm := v.mentions[p]
				roles = append(roles, model.Role{Role: "sponsor", Text: pm.Text, EntityKey: pm.EntityKey, Span: pm.Span})
			}
		}
		roles = append(roles, model.Role{Role: "sponsor", Text: m.Text, EntityKey: m.EntityKey, Span: m.Span})
		break
	}
	if len(roles) == 0 || !attack {
		return model.Claim{}, false
	}
	for _, cl := range claims {
		if cl.Type == model.ClaimLawEnforce || cl.Type == model.ClaimAttribution {
			continue
		}
		for _, r := range cl.Roles {
			if r.Role == "victim" || r.Role == "sector" || r.Role == "country" {
				if !slices.ContainsFunc(roles, func(x model.Role) bool { return x.Span == r.Span }) {
					roles = append(roles, r)
				}
			}
		}
	}
	sortRoles(roles)
	return model.Claim{
		Type:         model.ClaimAttribution,
		Roles:        roles,
		Claimant:     authority,
		Confidence:   roundConfidence(confidenceBase),
		Evidence:     v.span,
		EvidenceText: v.span.In(v.doc.text),
	}, true
}

// ownedSystems are what an attack reaches of its victim: "the company's
// systems", "Contoso's network".
var ownedSystems = setOf("systems", "system", "network", "networks", "servers", "server", "files",
	"computers", "database", "databases", "infrastructure", "data")

// passiveOwner returns the name that owns the subject of a passive trigger
// at word k: "Contoso's computer systems were encrypted".
func (v *sentenceView) passiveOwner(k int) (name, bool) {
	i := k - 1
	for i >= 0 && (v.words[i].has(cuePassiveAdverb) || v.words[i].has(cueHaveVerb)) {
		i--
	}
	if i < 1 || !v.words[i].has(cueBeVerb) {
		return name{}, false
	}
	i--
	for i >= 0 && (v.words[i].has(cueHaveVerb) || v.words[i].has(cuePassiveAdverb)) {
		i-- // "had been", "have also been"
	}
	if i < 1 || !ownedSystems[v.words[i].lower] || v.text(i) != v.words[i].lower {
		return name{}, false
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if possessiveGap(v.doc.text[v.words[j].end:v.words[j+1].start]) {
			return v.nameEndingAt(j)
		}
		if v.text(j) != v.words[j].lower || !v.spaced(j+1) {
			break
		}
	}
	return name{}, false
}
