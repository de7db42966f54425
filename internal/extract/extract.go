// Package extract is winnow's extraction stage: it reads an article's clean
// text and finds what it says. It splits the text into sentences, finds
// technical indicators (through package ioc), names of threat actors,
// malware, vulnerabilities, countries and organisations (from a gazetteer,
// built-in tables and surface patterns), statements that one name is another
// ("X, also known as Y"), time expressions, and rule-based claims: who
// attacked whom, with what, when, and who says so.
//
// The package is pure: it knows nothing of storage or of the knowledge base
// beyond the names it is given, and it leaves deciding which entity a name
// means to the resolve stage. Every span is a byte offset into the text
// given to Extract.
package extract

import (
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/winnow-cti/winnow/internal/extract/ioc"
	"github.com/winnow-cti/winnow/internal/extract/tagger"
	"github.com/winnow-cti/winnow/internal/model"
)

// Options tune one extraction.
type Options struct {
	Gazetteer *Gazetteer // names to find; nil means none
	// Published is the publication date, the anchor for relative times
	// ("last week"); zero leaves relative times unresolved.
	Published      time.Time
	ReferenceHosts []string // passed to ioc.Find
	// Tagger, when set, finds names no table or pattern knows (see
	// tagger.Mentions); its candidates only fill gaps the others leave.
	Tagger *tagger.Tagger
	// ClaimFallback adds, in each sentence, a claim of every type the
	// embedded claim classifier (claimclf.go) is confident of and the rules
	// did not find, its roles read from the sentence's mentions. It trades
	// a little precision for recall; the pipeline and the claim evaluation
	// turn it on. Training the classifier leaves it off.
	ClaimFallback bool

	// fallbackTuning, when set, replaces the fallback's embedded model and
	// thresholds: for cross-validation in tests.
	fallbackTuning *fallbackTuning
	// keepClaimants records in the result who each sentence says reports
	// it, which the fallback gives its claims: for training and
	// cross-validating it on Extract's output.
	keepClaimants bool
}

// Result is everything Extract found in one text.
type Result struct {
	Sentences  []model.Span      `json:"sentences"`
	Indicators []model.Indicator `json:"indicators"` // from ioc.Find, Sentence filled in
	// Mentions are ordered by span and never overlap: where names overlap,
	// the longest wins.
	Mentions        []model.Mention  `json:"mentions"`
	Claims          []model.Claim    `json:"claims"`
	AliasAssertions []AliasAssertion `json:"alias_assertions"`

	// claimants holds each sentence's claimant (sentenceFacts.claimant)
	// when Options.keepClaimants asks for them.
	claimants []sentenceClaimant
}

// sentenceClaimant is the claimant of the sentence that starts at at.
type sentenceClaimant struct {
	at   int
	text string
}

// Sources of mention candidates, strongest first: where two candidates
// cover the same span, the caller's gazetteer beats the built-in tables,
// which beat patterns.
const (
	fromGazetteer = iota
	fromTables
	fromIndicator
	fromPattern
	fromAlias
	fromTagger
)

type candidate struct {
	mention model.Mention
	source  int
}

// Extract finds sentences, indicators, mentions, alias assertions and
// claims in clean text (paragraphs separated by "\n\n").
func Extract(text string, opts Options) Result {
	sc := getScratch()
	defer sc.release()
	doc := newDocumentInto(text, sc.toks[:0], sc.hashes[:0])
	sc.toks, sc.hashes = doc.nameToks, doc.tokHash
	res := Result{Sentences: doc.sentences}

	res.Indicators = ioc.Find(text, ioc.Options{ReferenceHosts: opts.ReferenceHosts})
	known := opts.Gazetteer.matchInto(doc, sc.known[:0])
	sc.known = known
	builtin := builtinGazetteer().matchInto(doc, sc.builtin[:0])
	sc.builtin = builtin
	var indicatorSpans []model.Span
	cands := sc.cands[:0]
	if n := len(res.Indicators) + len(known) + len(builtin) + len(text)/200 + 8; cap(cands) < n {
		cands = make([]candidate, 0, n)
	}
	for i, ind := range res.Indicators {
		if !validSpan(ind.Span, len(text)) {
			continue
		}
		if s := sentenceAt(doc.sentences, ind.Span.Start); s >= 0 {
			res.Indicators[i].Sentence = doc.sentences[s]
		}
		if ind.Type == model.IndicatorCVE {
			cands = append(cands, candidate{model.Mention{
				Kind: model.KindVulnerability, Text: ind.Span.In(text), Span: ind.Span,
			}, fromIndicator})
			continue
		}
		indicatorSpans = append(indicatorSpans, ind.Span)
	}

	allWords := sc.words[:0]
	if cap(allWords) < len(text)/6 {
		allWords = make([]word, 0, len(text)/6)
	}
	allWords = words(text, doc.lower, 0, len(text), allWords)
	demonstratives(text, allWords)
	doc.ransomTalk = speaksOfRansom(allWords)
	sc.words = allWords
	for _, m := range known {
		cands = append(cands, candidate{mentionOf(m, text), fromGazetteer})
	}
	if sc.places == nil {
		sc.places = map[model.Span]bool{}
	}
	places := sc.places
	clear(places)
	for _, m := range builtin {
		cands = append(cands, candidate{mentionOf(m, text), fromTables})
		if k := m.Entry.Kind; k == model.KindCountry || k == model.KindRegion {
			places[m.Span] = true
		}
	}
	// Threat databases list "Beijing" and "Czech" among the names of groups
	// and malware; in prose such a word is the place, so the place wins over
	// a knowledge-base name of another kind covering exactly the same words.
	cands = slices.DeleteFunc(cands, func(c candidate) bool {
		k := c.mention.Kind
		return c.source == fromGazetteer && places[c.mention.Span] && k != model.KindCountry && k != model.KindRegion
	})
	cands = slices.DeleteFunc(cands, func(c candidate) bool {
		return c.source == fromGazetteer && namePiece(doc, c.mention, cands)
	})
	for _, m := range newPatternFinder(doc, allWords, builtin).find() {
		cands = append(cands, candidate{m, fromPattern})
		// An anti-virus detection name ("which Symantec detects as
		// Trojan.Hexlock") looks like a domain; the indicator layer marks it
		// no indicator, and a pattern that names it exactly makes it malware.
		if i := slices.Index(indicatorSpans, m.Span); i >= 0 && avName(res.Indicators, m.Span) {
			indicatorSpans = slices.Delete(indicatorSpans, i, i+1)
		}
	}
	if opts.Tagger != nil {
		cands = appendUncovered(cands, opts.Tagger.Mentions(text, doc.sentences), fromTagger, len(text))
	}
	cands = slices.DeleteFunc(cands, func(c candidate) bool {
		return c.source == fromTagger && namePiece(doc, c.mention, cands)
	})
	sc.cands = cands
	taken := sc.taken[:0] // scratch for both rounds of resolveMentions
	if cap(taken) < len(text) {
		taken = make([]bool, len(text))
	}
	taken = taken[:len(text)]
	sc.taken = taken
	winners := resolveMentions(cands, indicatorSpans, taken, sc, sc.winners[:0])
	sc.winners = winners

	// Alias lists name things no table has ("also known as Altaire"); they
	// become mentions too, and every name found by a pattern or an alias
	// list is then looked for in the rest of the article.
	found := appendMentions(sc.found[:0], winners)
	sc.found = found
	sentences := views(doc, allWords, found, sc.views[:0])
	sc.views = sentences
	for i := range sentences {
		if sentences[i].readable() {
			res.AliasAssertions = appendAliasesIn(res.AliasAssertions, &sentences[i])
		}
	}
	var discovered []Entry
	for _, c := range winners {
		switch {
		case c.source == fromPattern:
			discovered = append(discovered, Entry{Name: c.mention.Text, Kind: c.mention.Kind})
		case c.source == fromGazetteer:
			// "the Hive ransomware" names Hive: the brand alone is the same
			// thing later in the article, even as a sentence's first word
			// ("Hive has targeted ...").
			if head, ok := brandOf(c.mention.Text); ok {
				discovered = append(discovered, Entry{Name: head, Kind: c.mention.Kind, Key: c.mention.EntityKey})
			}
		}
	}
	for _, m := range aliasMentions(text, res.AliasAssertions, found) {
		winners = append(winners, candidate{m, fromAlias})
		discovered = append(discovered, Entry{Name: m.Text, Kind: m.Kind})
	}
	if len(discovered) > 0 {
		g := NewGazetteer(discovered)
		g.anyStart = true
		sc.again = g.matchInto(doc, sc.again[:0])
		for _, m := range sc.again {
			winners = append(winners, candidate{mentionOf(m, text), fromPattern})
		}
		winners = resolveMentions(winners, indicatorSpans, taken, sc, sc.resolved[:0])
		sc.resolved = winners
	}
	// res.Mentions is a scratch buffer until withPeople makes the result.
	res.Mentions = appendMentions(sc.mentions[:0], winners)
	sc.mentions = res.Mentions
	initialsOf(text, res.Mentions)
	res.Mentions = demonymNamed(text, res.Mentions)
	sentences = views(doc, allWords, res.Mentions, sentences[:0])
	for i := range res.Mentions {
		if s := sentenceAt(doc.sentences, res.Mentions[i].Span.Start); s >= 0 {
			res.Mentions[i].Sentence = doc.sentences[s]
		}
	}

	if sc.ante == nil {
		sc.ante = newAntecedents()
	}
	ante := sc.ante
	if opts.Gazetteer != nil && len(opts.Gazetteer.ransomware) > 0 && doc.ransomTalk {
		// In an article about ransom, what the knowledge base files as
		// ransomware is ransomware from the first sentence on, as if the
		// article had said so. Elsewhere the name more likely means
		// something else: "Zimbra servers", not the Zimbra ransomware.
		for _, m := range res.Mentions {
			// A keyless malware name may be one several entries share
			// ("LockBit"); the gazetteer knows it by its entity ID.
			if m.EntityKey == "" && m.Kind != model.KindMalware {
				continue
			}
			if id := entityID(m); opts.Gazetteer.ransomware[id] {
				ante.kbRansomware[id] = true
			}
		}
	}
	var parts []participant
	var lastDay timeExpr // the latest single day the article named
	// The people finder's persons join the claims as participants the
	// sentences' own mentions do not cover ("Brandon Glover hacked
	// Uber"); they enter the result's mentions after the claims.
	withPersons := withPeople(doc, allWords, res.Mentions)
	var fallback *sentenceFallback
	if opts.ClaimFallback {
		fallback = newSentenceFallback(withPersons, opts.fallbackTuning, &sc.clf)
	}
	claims := sc.claims[:0] // copied out at the end, at its final length
	for i := range sentences {
		v := &sentences[i]
		facts := factsOf(v)
		facts.resolveClaimants(v, ante)
		facts.markPersons(v.span, withPersons)
		here := sc.here[:0]
		var aliasSpans []model.Span
		var cs []clause
		for j := range res.AliasAssertions {
			a := &res.AliasAssertions[j]
			if a.Evidence != v.span {
				continue
			}
			if a.Claimant == "" && facts.claimant != "" {
				// The assertion keeps who reported the sentence, as its
				// provenance; the claim does not when the alias is an aside
				// in what the claimant reports. A claimant that leads a
				// later clause ("..., and Mandiant said") reports that
				// clause, not the alias.
				if cs == nil {
					cs = clausesOf(v, nil)
				}
				if c := facts.claimantFor(v, cs, v.wordAt(a.AliasSpan.Start)); c != "" {
					a.aside = a.appositive
					a.Claimant = c
				}
			}
			if h, confidence := aliasHedge(*a, facts); h != "" {
				a.Confidence = roundConfidence(a.Confidence * confidence / confidenceBase)
			}
			here = append(here, *a)
			if a.Relation == model.RelationSame {
				// Another name of the subject is no other party; a group it
				// overlaps is one ("part of UNC5221, which it describes as
				// China-nexus").
				aliasSpans = append(aliasSpans, a.AliasSpan)
			}
		}
		sc.here = here[:0] // the next sentence's; nothing keeps this one's past the loop
		parts = participantsOf(v, aliasSpans, ante, parts)
		parts = withPersonsIn(v, parts, withPersons, facts)
		parts = withoutHandles(parts, here)
		actorsByAlias(v, parts, here)
		if slices.ContainsFunc(here, func(a AliasAssertion) bool { return a.anaphorKind != "" }) {
			for j := range res.AliasAssertions {
				if res.AliasAssertions[j].Evidence == v.span {
					resolveAliasAnaphor(&res.AliasAssertions[j], parts)
				}
			}
			for j := range here {
				resolveAliasAnaphor(&here[j], parts)
			}
			nameByListHead(res.AliasAssertions, v.span)
			nameByListHead(here, v.span)
			here = slices.DeleteFunc(here, unresolvedAlias)
		}
		if !v.readable() {
			continue
		}

		times := withoutIndicators(eventTimes(appendTimes(sc.times[:0], text, v.words, opts.Published)), indicatorSpans)
		times = sameDayTimes(v, times, &lastDay)
		sc.times = times[:0] // the next sentence's; this one's are read within the loop only
		sentClaims := claimsIn(v, facts, parts, times, ante, &sc.claimCtx, sc.sentClaims)
		if cap(sentClaims) > cap(sc.sentClaims) {
			sc.sentClaims = sentClaims[:0] // kept through the sentences for which claimsIn returns nil
		}
		first := len(claims)
		claims = append(claims, sentClaims...)
		claims = appendAliasClaims(claims, text, here, facts)
		if opts.keepClaimants && facts.claimant != "" {
			res.claimants = append(res.claimants, sentenceClaimant{at: v.span.Start, text: facts.claimant})
		}
		if fallback != nil {
			var forced func(uint16) []model.Claim
			if fallback.forced {
				forced = func(want uint16) []model.Claim {
					return forcedClaims(v, facts, parts, times, ante, &sc.claimCtx, want)
				}
			}
			extra := fallback.claims(text, i, v.span, facts.claimant, claims[:first], claims[first:], forced)
			claims = append(claims, extra...)
		}
		ante.rememberSpeakers(v, facts)
	}
	res.AliasAssertions = slices.DeleteFunc(res.AliasAssertions, unresolvedAlias)
	sc.claims = claims
	if len(claims) > 0 {
		res.Claims = slices.Clone(claims)
	}
	if len(withPersons) == len(res.Mentions) {
		// No person added: withPeople gave back the scratch buffer.
		withPersons = append(make([]model.Mention, 0, len(res.Mentions)), res.Mentions...)
	}
	res.Mentions = withPersons
	return res
}

// speaksOfRansom reports whether any word is about ransom or extortion:
// "ransomware", "ransom", "extorted", ...
func speaksOfRansom(ws []word) bool {
	return slices.ContainsFunc(ws, func(w word) bool {
		return strings.HasPrefix(w.lower, "ransom") || strings.HasPrefix(w.lower, "extort")
	})
}

// withPersonsIn adds to parts the persons of sentence span that no
// participant covers yet, as names read from capitals.
func withPersonsIn(v *sentenceView, parts []participant, persons []model.Mention, facts sentenceFacts) []participant {
	n := len(parts)
	for _, m := range mentionsWithin(persons, v.span) {
		if m.Kind != model.KindPerson {
			continue
		}
		if slices.ContainsFunc(facts.claimants, func(c claimantAt) bool {
			return strings.Contains(c.text, m.Text) && !v.speaksOfHimself(c.verb)
		}) {
			continue // "Chief executive Jane Doe said": who speaks is no party, unless of what he did
		}
		if slices.ContainsFunc(parts[:n], func(p participant) bool { return overlaps(p.at, m.Span) }) {
			continue
		}
		parts = append(parts, participant{mention: m, at: m.Span, index: readName})
	}
	if len(parts) > n {
		slices.SortStableFunc(parts, func(a, b participant) int { return a.at.Start - b.at.Start })
	}
	return parts
}

// speaksOfHimself reports whether the claim verb at word k reports what
// its speaker did: "told the Journal that he was responsible".
func (v *sentenceView) speaksOfHimself(k int) bool {
	for i := k + 1; i < len(v.words) && i <= k+6; i++ {
		switch v.words[i].lower {
		case "he", "she", "i":
			return true
		}
	}
	return false
}

// demonstratives clears the clause cues of a "that" that points at the
// singular noun after it ("Microsoft patched that flaw", "that group"),
// which opens no clause.
func demonstratives(text string, ws []word) {
	for k := 0; k+1 < len(ws); k++ {
		if ws[k].lower != "that" || text[ws[k].end:ws[k+1].start] != " " {
			continue
		}
		if _, ok := anaphorNouns[ws[k+1].lower]; ok && !strings.HasSuffix(ws[k+1].lower, "s") {
			ws[k].cue &^= cueClauseOpener | cueRelative
		}
	}
}

// appendUncovered adds the mentions that overlap no candidate yet, so that
// a weaker source cannot displace a stronger one by covering more text.
func appendUncovered(cands []candidate, ms []model.Mention, source, textLen int) []candidate {
	taken := make([]bool, textLen)
	for _, c := range cands {
		if validSpan(c.mention.Span, textLen) {
			for i := c.mention.Span.Start; i < c.mention.Span.End; i++ {
				taken[i] = true
			}
		}
	}
	for _, m := range ms {
		if validSpan(m.Span, textLen) && !slices.Contains(taken[m.Span.Start:m.Span.End], true) {
			cands = append(cands, candidate{m, source})
		}
	}
	return cands
}

// BuiltinEntries returns the names of the built-in tables: countries,
// regions, state agencies, government bodies and security vendors. The
// tagger's training takes them as a lexicon, beside the knowledge base's, so
// a change to the tables needs `winnow train` and a new embedded model.
func BuiltinEntries() []Entry {
	g := NewGazetteer(builtinTableEntries())
	out := make([]Entry, len(g.entries))
	for i, e := range g.entries {
		out[i] = e.Entry
	}
	return out
}

func validSpan(s model.Span, n int) bool { return 0 <= s.Start && s.Start < s.End && s.End <= n }

// mentionOf turns a gazetteer match into a mention.
func mentionOf(m GazetteerMatch, text string) model.Mention {
	return model.Mention{EntityKey: m.Entry.Key, Kind: m.Entry.Kind, Text: m.Span.In(text), Span: m.Span}
}

// resolveMentions picks non-overlapping mentions from the candidates: the
// longest first, then the strongest source, then the earliest. Candidates
// inside indicators ("microsoft" in "login.microsoft.com") are dropped.
//
// taken is scratch with one entry per byte of the text; its contents do not
// matter.
//
// The result is appended to dst, which must not share cands' memory; it is
// nil when no candidate is chosen.
func resolveMentions(cands []candidate, indicatorSpans []model.Span, taken []bool, sc *scratch, dst []candidate) []candidate {
	textLen := len(taken)
	// Sort the keys, not the large candidates; ties keep input order.
	order := sc.order[:0]
	for i := range cands {
		order = append(order, candKey{span: cands[i].mention.Span, source: cands[i].source, i: int32(i)})
	}
	sc.order = order
	sc.sortKeys(order, textLen, true)
	clear(taken)
	for _, s := range indicatorSpans {
		for i := s.Start; i < s.End; i++ {
			taken[i] = true
		}
	}
	chosen := order[:0]
	for _, k := range order {
		s := k.span
		if !validSpan(s, textLen) || slices.Contains(taken[s.Start:s.End], true) {
			continue
		}
		for i := s.Start; i < s.End; i++ {
			taken[i] = true
		}
		chosen = append(chosen, k)
	}
	// The chosen spans are disjoint, so their starts differ.
	sc.sortKeys(chosen, textLen, false)
	if len(chosen) == 0 {
		return nil
	}
	out := dst[:0]
	if n := len(chosen) + len(chosen)/4 + 8; cap(out) < n {
		out = make([]candidate, 0, n)
	}
	for _, k := range chosen {
		out = append(out, cands[k.i])
	}
	return out
}

// candKey is what resolveMentions orders a candidate by, and its index.
type candKey struct {
	span   model.Span
	source int
	i      int32
}

// byRank is resolveMentions' order: the longest first, then the strongest
// source, then the earliest, then input order.
func byRank(a, b candKey) int {
	if d := b.span.Len() - a.span.Len(); d != 0 {
		return d
	}
	if d := a.source - b.source; d != 0 {
		return d
	}
	if d := a.span.Start - b.span.Start; d != 0 {
		return d
	}
	return int(a.i - b.i)
}

// byStart orders keys of disjoint spans.
func byStart(a, b candKey) int { return a.span.Start - b.span.Start }

// sortKeys sorts keys by byRank if rank, their i rising with their place,
// else by byStart, their spans disjoint. Where every key's fields, in the order's order, and its place
// fit in one integer, it sorts those integers instead: a sort that calls
// no function per comparison. A field fits when the span is valid in a
// text textLen long and the source is below 1<<8.
func (sc *scratch) sortKeys(keys []candKey, textLen int, rank bool) {
	const sb = 8 // bits of a source
	lb, jb := bits.Len(uint(textLen)), bits.Len(uint(len(keys)))
	order, fits := byStart, lb+jb <= 64
	if rank {
		order, fits = byRank, 2*lb+sb+jb <= 64
	}
	packed := sc.packed[:0]
	for j, k := range keys {
		if !fits || !validSpan(k.span, textLen) || uint(k.source) >= 1<<sb {
			fits = false
			break
		}
		p := uint64(k.span.Start)<<jb | uint64(j)
		if rank { // textLen-Len: the longest first; the place stands for i
			p |= uint64(textLen-k.span.Len())<<(lb+sb+jb) | uint64(k.source)<<(lb+jb)
		}
		packed = append(packed, p)
	}
	sc.packed = packed
	if !fits {
		slices.SortFunc(keys, order)
		return
	}
	slices.Sort(packed)
	sc.unsorted = append(sc.unsorted[:0], keys...)
	for j, p := range packed {
		keys[j] = sc.unsorted[p&(1<<jb-1)]
	}
}

// appendMentions appends the candidates' mentions to dst.
func appendMentions(dst []model.Mention, cands []candidate) []model.Mention {
	for _, c := range cands {
		dst = append(dst, c.mention)
	}
	return dst
}

// withoutIndicators drops time expressions inside indicators (the "2022"
// of a URL path).
func withoutIndicators(times []timeExpr, indicatorSpans []model.Span) []timeExpr {
	out := times[:0]
	for _, t := range times {
		inside := false
		for _, s := range indicatorSpans {
			if t.span.Start < s.End && s.Start < t.span.End {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, t)
		}
	}
	return out
}

func roundConfidence(c float64) float64 { return float64(int(c*100+0.5)) / 100 }

// brandOf returns the capitalised name before a trailing malware noun:
// "Hive" of "Hive ransomware".
func brandOf(name string) (string, bool) {
	i := strings.LastIndexByte(name, ' ')
	if i <= 0 || !malwareNouns[foldCase(name[i+1:])] {
		return "", false
	}
	head := name[:i]
	if !isCapitalised(head) || strings.IndexByte(head, ' ') >= 0 {
		return "", false
	}
	return head, true
}

// namePiece reports whether a malware or tool name from the knowledge base
// is only one word of a longer name that no table knows: "Royal" in "Royal
// Mail", "Global" in "CDK Global". The capitalised word next to it must be
// no common word and no word that describes the malware ("the Royal
// Ransomware" in a headline).
func namePiece(doc *document, m model.Mention, cands []candidate) bool {
	if m.Kind != model.KindMalware && m.Kind != model.KindTool {
		return false
	}
	text := doc.text
	covered := func(start, end int) bool {
		for _, c := range cands {
			if c.mention.Span.Start < end && start < c.mention.Span.End && c.mention.Span != m.Span {
				return true
			}
		}
		return false
	}
	joins := func(start, end int) bool {
		w := text[start:end]
		lw := strings.ToLower(w)
		return isCapitalised(w) && hasLetter(w) && !notNames[lw] && !describesMalware[lw] && !covered(start, end)
	}
	if end := m.Span.End; end+1 < len(text) && text[end] == ' ' {
		next := end + 1
		stop := next
		for stop < len(text) && (isWordByte(text[stop])) {
			stop++
		}
		if stop > next && joins(next, stop) {
			return true
		}
	}
	if start := m.Span.Start; start >= 2 && text[start-1] == ' ' {
		first := start - 1
		for first > 0 && isWordByte(text[first-1]) {
			first--
		}
		if first < start-1 && joins(first, start-1) &&
			!(doc.startsSentence(first) && plainCapitalised(text[first:start-1])) {
			return true
		}
	}
	return false
}

// describesMalware are words a malware's name may be followed by in a
// title-case headline.
var describesMalware = setOf("ransomware", "malware", "gang", "group", "operators", "affiliates",
	"backdoor", "trojan", "botnet", "loader", "stealer", "wiper", "worm", "variant", "attack", "attacks",
	"leak", "leaks", "crew", "operation", "campaign", "infrastructure", "servers", "site", "affiliate",
	"variants", "payload", "sample", "samples", "family", "strain", "operator", "actors", "actor")

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '$' || c >= 0x80
}

// scratch holds the buffers one extraction needs only while it runs, kept
// in a pool so that extracting article after article does not allocate
// (and collect) them afresh.
type scratch struct {
	toks           []nameToken
	hashes         []uint64
	words          []word
	known, builtin []GazetteerMatch
	again          []GazetteerMatch // of the names the article taught
	cands          []candidate
	winners        []candidate // of the first round of resolveMentions
	resolved       []candidate // of the second
	found          []model.Mention
	claims         []model.Claim
	sentClaims     []model.Claim       // of one sentence
	here           []AliasAssertion    // the alias assertions of one sentence
	times          []timeExpr          // the times of one sentence
	places         map[model.Span]bool // the spans of the built-in places
	claimCtx       claimContext
	taken          []bool
	order          []candKey
	packed         []uint64  // sortKeys'
	unsorted       []candKey // sortKeys'
	views          []sentenceView
	mentions       []model.Mention
	ante           *antecedents
	clf            clfScratch // holds no references into the text
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

// maxPooledBytes bounds the text whose buffers go back to the pool, so
// that one very long text does not pin its buffers for good.
const maxPooledBytes = 64 << 10

// release returns the buffers to the pool, cleared of references into the
// text just read.
func (sc *scratch) release() {
	if cap(sc.taken) > maxPooledBytes {
		return
	}
	clear(sc.words[:cap(sc.words)])
	clear(sc.known[:cap(sc.known)])
	clear(sc.builtin[:cap(sc.builtin)])
	clear(sc.again[:cap(sc.again)])
	clear(sc.cands[:cap(sc.cands)])
	clear(sc.winners[:cap(sc.winners)])
	clear(sc.resolved[:cap(sc.resolved)])
	clear(sc.found[:cap(sc.found)])
	clear(sc.claims[:cap(sc.claims)])
	clear(sc.sentClaims[:cap(sc.sentClaims)])
	clear(sc.here[:cap(sc.here)])
	// The organisation classes are kept, emptied: a map cleared keeps its
	// room for the next article.
	classes := sc.claimCtx.classes
	clear(classes)
	sc.claimCtx = claimContext{classes: classes}
	clear(sc.mentions[:cap(sc.mentions)])
	if sc.ante != nil {
		sc.ante.reset()
	}
	clear(sc.views[:cap(sc.views)])
	scratchPool.Put(sc)
}

// avName reports whether the indicator at span is a domain-shaped string
// the indicator layer judged no indicator, like "Trojan.Hexlock".
func avName(inds []model.Indicator, span model.Span) bool {
	for _, ind := range inds {
		if ind.Span == span {
			return ind.Type == model.IndicatorDomain && ind.Disposition == model.DispNotIOC
		}
	}
	return false
}

// initialsOf re-kinds a name the knowledge base files as malware, a tool
// or a group where the article gives it as the initials of the name just
// before it in brackets: in "the Government Pensions Administration
// Agency (GPAA)" GPAA is the agency, not the ransomware of that name, there
// and wherever else the article uses it.
func initialsOf(text string, mentions []model.Mention) {
	var initials []string
	for _, m := range mentions {
		if m.Kind != model.KindMalware && m.Kind != model.KindTool && m.Kind != model.KindThreatActor {
			continue
		}
		if m.Span.Start < 2 || text[m.Span.Start-2:m.Span.Start] != " (" || !strings.HasPrefix(text[m.Span.End:], ")") ||
			!allCapitals(m.Text) || len(m.Text) > 8 {
			continue
		}
		if initialsMatch(text[:m.Span.Start-2], m.Text) {
			initials = append(initials, m.Text)
		}
	}
	if len(initials) == 0 {
		return
	}
	for i := range mentions {
		if slices.Contains(initials, mentions[i].Text) {
			mentions[i].Kind, mentions[i].EntityKey = model.KindOrganization, ""
		}
	}
}

// initialsMatch reports whether the capitalised words that end before
// (connecting words such as "of" and "and" passed over) begin with the
// letters of initials, in order.
func initialsMatch(before, initials string) bool {
	words := strings.Fields(before)
	i := len(initials) - 1
	for j := len(words) - 1; j >= 0 && i >= 0; j-- {
		w := strings.Trim(words[j], "'\u2019s")
		if w == "" {
			return false
		}
		if initialConnectors[w] {
			continue
		}
		r := firstRune(w)
		if !unicode.IsUpper(r) || unicode.ToUpper(r) != rune(initials[i]) {
			return false
		}
		i--
	}
	return i < 0
}

// initialConnectors are the small words initials skip: "Ministry of
// Intelligence and Security (MOIS)".
var initialConnectors = setOf("of", "and", "for", "the", "on", "de", "du", "des", "la", "le")

// demonymNamed makes one organisation of a name that opens with a
// demonym and whose initials follow it in brackets: in "American Medical
// Collection Agency (AMCA)" the demonym is the name's first word, not the
// victim's country.
func demonymNamed(text string, mentions []model.Mention) []model.Mention {
	for i := 0; i < len(mentions); i++ {
		m := mentions[i]
		if m.Kind != model.KindCountry && m.Kind != model.KindRegion {
			continue
		}
		open := strings.Index(text[m.Span.End:min(len(text), m.Span.End+80)], " (")
		if open <= 0 {
			continue
		}
		open += m.Span.End
		end := strings.IndexByte(text[open:], ')')
		if end < 0 {
			continue
		}
		initials := text[open+2 : open+end]
		name := text[m.Span.Start:open]
		if !allCapitals(initials) || len(initials) > 8 || strings.ContainsAny(name, ",;.()") ||
			!initialsMatch(name, initials) || !initialsMatch(m.Text, initials[:1]) {
			continue
		}
		// The rest of the name may be a mention of its own ("Medical
		// Collection Agency"), which the whole replaces; any other mention
		// inside it leaves the name alone.
		rest := i + 1
		if rest < len(mentions) && mentions[rest].Span.Start < open {
			if mentions[rest].Span.End != open || mentions[rest].Kind != model.KindOrganization {
				continue
			}
			rest++
		}
		mentions[i] = model.Mention{Kind: model.KindOrganization, Text: name, Span: model.Span{Start: m.Span.Start, End: open}}
		mentions = slices.Delete(mentions, i+1, rest)
	}
	return mentions
}
