package extract

import (
	"sort"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// sentenceView is one sentence with its words and mentions, the unit that
// alias and claim rules read.
type sentenceView struct {
	doc      *document
	span     model.Span
	words    []word
	mentions []model.Mention // inside the sentence, by span
}

// views splits the document's words and mentions by sentence, appending
// to dst.
func views(doc *document, allWords []word, mentions []model.Mention, dst []sentenceView) []sentenceView {
	// Sentences come in order, so the bounds only move forward: one pass
	// over the words and mentions finds what within and mentionsWithin
	// would.
	w, m, prev := 0, 0, 0
	for _, s := range doc.sentences {
		if s.Start < prev || s.End < s.Start {
			dst = append(dst, sentenceView{doc: doc, span: s, words: within(allWords, s), mentions: mentionsWithin(mentions, s)})
			w, m, prev = 0, 0, 0
			continue
		}
		prev = s.Start
		for w < len(allWords) && allWords[w].start < s.Start {
			w++
		}
		wEnd := w
		for wEnd < len(allWords) && allWords[wEnd].start < s.End {
			wEnd++
		}
		for m < len(mentions) && mentions[m].Span.Start < s.Start {
			m++
		}
		mEnd := m
		for mEnd < len(mentions) && mentions[mEnd].Span.Start < s.End {
			mEnd++
		}
		dst = append(dst, sentenceView{doc: doc, span: s, words: allWords[w:wEnd:wEnd], mentions: mentions[m:mEnd:mEnd]})
	}
	return dst
}

func within(ws []word, s model.Span) []word {
	lo := sort.Search(len(ws), func(i int) bool { return ws[i].start >= s.Start })
	hi := sort.Search(len(ws), func(i int) bool { return ws[i].start >= s.End })
	return ws[lo:hi:hi]
}

func mentionsWithin(ms []model.Mention, s model.Span) []model.Mention {
	lo := sort.Search(len(ms), func(i int) bool { return ms[i].Span.Start >= s.Start })
	hi := sort.Search(len(ms), func(i int) bool { return ms[i].Span.Start >= s.End })
	return ms[lo:hi:hi]
}

func (v *sentenceView) text(k int) string { return v.doc.text[v.words[k].start:v.words[k].end] }

// is reports whether the words from k on read phrase (folded words).
func (v *sentenceView) is(k int, phrase ...string) bool {
	if k < 0 || k+len(phrase) > len(v.words) {
		return false
	}
	for i, p := range phrase {
		if v.words[k+i].lower != p {
			return false
		}
	}
	return true
}

// find returns the first word index at or after from where phrase starts,
// or -1.
func (v *sentenceView) find(from int, phrase ...string) int {
	for k := max(from, 0); k+len(phrase) <= len(v.words); k++ {
		if v.is(k, phrase...) {
			return k
		}
	}
	return -1
}

// wordAt returns the index of the first word starting at or after offset.
func (v *sentenceView) wordAt(offset int) int {
	// A plain binary search: sort.Search's callback costs more than the
	// comparison on these short slices, and the rules call this often.
	lo, hi := 0, len(v.words)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if v.words[m].start < offset {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// mentionCovering returns the index of the mention covering word k, or -1.
func (v *sentenceView) mentionCovering(k int) int {
	w := v.words[k]
	// Mentions are ordered and disjoint: only the last one starting at or
	// before the word can cover it.
	lo, hi := 0, len(v.mentions)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if v.mentions[m].Span.Start <= w.start {
			lo = m + 1
		} else {
			hi = m
		}
	}
	i := lo - 1
	if i >= 0 && w.start < v.mentions[i].Span.End {
		return i
	}
	return -1
}

// maxRuleWords bounds the sentences alias and claim rules read: longer
// "sentences" are tables or run-on lists, and the rules' cost grows with
// the square of a sentence's length.
const maxRuleWords = 200

// readable reports whether the rules should read the sentence.
func (v *sentenceView) readable() bool { return len(v.words) <= maxRuleWords }

// gap returns the text between two offsets with spaces trimmed.
func (v *sentenceView) gap(from, to int) string {
	if from > to {
		return "\x00"
	}
	return strings.TrimSpace(v.doc.text[from:to])
}

// capitalWord reports whether word k can be part of a name read without a
// mention: it carries a capital and is no common word.
func (v *sentenceView) capitalWord(k int) bool {
	if k < 0 || k >= len(v.words) {
		return false
	}
	t := v.text(k)
	if !hasLetter(t) || !hasUpper(t) || v.words[k].cue&cueNotName != 0 { // not in notNames
		return false
	}
	next := v.span.End
	if k+1 < len(v.words) {
		next = v.words[k+1].start
	}
	gap := v.doc.text[v.words[k].end:next]
	switch {
	case strings.HasPrefix(gap, ".") && monthAbbreviations[v.words[k].lower]:
		return false // "on Dec. 6"
	case k == 0 && strings.HasPrefix(gap, ",") && strings.HasSuffix(v.words[k].lower, "ly"):
		return false // "Unusually, APT43 pays": an adverb opens the sentence
	}
	return true
}

// monthAbbreviations are written with a dot: "Oct. 16".
var monthAbbreviations = setOf("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")

func (v *sentenceView) numberWord(k int) bool {
	if k < 0 || k >= len(v.words) {
		return false
	}
	t := v.text(k)
	return hasDigit(t) && !hasLetter(t)
}

func (v *sentenceView) spaced(k int) bool {
	return k > 0 && k < len(v.words) && v.doc.text[v.words[k-1].end:v.words[k].start] == " "
}

// ampersand reports whether " & " joins word k to the word before: "Marks
// & Spencer", "Indigo Books & Music".
func (v *sentenceView) ampersand(k int) bool {
	return k > 0 && k < len(v.words) && v.doc.text[v.words[k-1].end:v.words[k].start] == " & "
}

// name is a name read from the sentence: a mention, or capitalised words.
type name struct {
	span    model.Span
	mention int // index into the sentence's mentions, or -1
	next    int // index of the first word after the name
}

// nameAt reads the name starting at word k ("the" and quotes aside).
func (v *sentenceView) nameAt(k int) (name, bool) {
	if k < len(v.words) && v.text(k) == "the" {
		k++
	}
	if k >= len(v.words) {
		return name{}, false
	}
	if m := v.mentionCovering(k); m >= 0 && v.mentions[m].Span.Start == v.words[k].start {
		span := v.mentions[m].Span
		return name{span: span, mention: m, next: v.wordAt(span.End)}, true
	}
	if !v.capitalWord(k) {
		return name{}, false
	}
	last := k
	for last+1 < len(v.words) && last-k+1 < maxNameWords && (v.spaced(last+1) || v.ampersand(last+1) && v.capitalWord(last+1)) &&
		(v.capitalWord(last+1) || v.numberWord(last+1)) && v.mentionCovering(last+1) < 0 {
		last++
	}
	end := v.words[last].end
	if m := v.mentionAt(last + 1); m >= 0 && v.countryEndsName(v.mentions[m]) {
		end = v.mentions[m].Span.End // "Telecom Argentina"
		last = v.wordAt(end) - 1
	} else if p := last + 1; p+1 < len(v.words) && nameParticleJoins[v.text(p)] && v.spaced(p) && v.spaced(p+1) {
		// "Energias de Portugal", "Banco do Brasil", "Centre Hospitalier
		// de Dax": a Romance name goes on past its particle.
		if m := v.mentionAt(p + 1); m >= 0 && (v.mentions[m].Kind == model.KindCountry || v.mentions[m].Kind == model.KindRegion) {
			end = v.mentions[m].Span.End
			last = v.wordAt(end) - 1
		} else if v.capitalWord(p+1) && v.mentionCovering(p+1) < 0 {
			last = p + 1
			for last+1 < len(v.words) && last-k+1 < maxNameWords+2 && v.spaced(last+1) && v.capitalWord(last+1) && v.mentionCovering(last+1) < 0 {
				last++
			}
			end = v.words[last].end
		}
	}
	return name{span: model.Span{Start: v.words[k].start, End: end}, mention: -1, next: last + 1}, true
}

// nameParticleJoins join the parts of a Romance name written in lower
// case: "Energias de Portugal", "Caixa Geral de Depósitos".
var nameParticleJoins = setOf("de", "do", "da", "dos", "das", "des", "du", "del", "della", "di")

// nameEndingAt reads the name whose last word is word k.
func (v *sentenceView) nameEndingAt(k int) (name, bool) {
	if k < 0 || k >= len(v.words) {
		return name{}, false
	}
	if m := v.mentionCovering(k); m >= 0 {
		span := v.mentions[m].Span
		if v.wordAt(span.End) == k+1 {
			if v.countryEndsName(v.mentions[m]) {
				// "Telecom Argentina": the company's name ends in its country's.
				if before, ok := v.nameEndingAt(v.wordAt(span.Start) - 1); ok && before.mention < 0 {
					return name{span: model.Span{Start: before.span.Start, End: span.End}, mention: -1, next: k + 1}, true
				}
			}
			return name{span: span, mention: m, next: k + 1}, true
		}
	}
	if !v.capitalWord(k) && !v.numberWord(k) {
		return name{}, false
	}
	first := k
	for first > 0 && k-first+1 < maxNameWords && v.spaced(first) &&
		(v.capitalWord(first-1) || v.numberWord(first-1)) && v.mentionCovering(first-1) < 0 {
		first--
	}
	for first <= k && !v.capitalWord(first) {
		first++
	}
	if first > k {
		return name{}, false
	}
	start := v.words[first].start
	if first > 0 && first == k && v.spaced(first) && orgSuffixes[v.words[k].lower] {
		if m := v.mentionCovering(first - 1); m >= 0 && v.mentions[m].Kind == model.KindOrganization && v.wordAt(v.mentions[m].Span.End) == first {
			start = v.mentions[m].Span.Start // "the Shadowserver Foundation": a known body's name goes on
		}
	}
	return name{span: model.Span{Start: start, End: v.words[k].end}, mention: -1, next: k + 1}, true
}

// orgSuffixes end an organisation's name after a name the tables know:
// "Shadowserver Foundation", "Citizen Lab".
var orgSuffixes = setOf("foundation", "institute", "lab", "labs", "center", "centre", "association", "project",
	"inc", "inc.", "corp", "corp.", "corporation", "research")

// kindOf returns the kind of a name's mention, or "".
func (v *sentenceView) kindOf(n name) model.EntityKind {
	if n.mention < 0 {
		return ""
	}
	return v.mentions[n.mention].Kind
}
