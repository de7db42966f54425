package extract

import (
	"slices"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// clause is a run of a sentence's words that says one thing: a main
// clause, a coordinated clause (", and said ..."), a relative clause
// ("which works for ...") or a subordinate one ("while ...").
type clause struct {
	start, end int  // words [start, end)
	relative   bool // opened by which, who or that
}

// auxiliaries are verbs that open a predicate: "..., will face charges".
var auxiliaries = setOf("will", "would", "can", "could", "may", "might", "must", "should", "did", "does", "do")

// clauseBreakers open a new clause wherever they stand.
var clauseBreakers = setOf("while", "whereas", "although", "though", "because", "but")

// relativeOpeners open a relative clause after a comma, or a complement
// after a claim verb ("said that").
var relativeOpeners = setOf("which", "who", "whom", "whose")

// clausesOf splits a sentence into clauses. It is deliberately shallow:
// it breaks at semicolons, at subordinating words, at ", and", at "and"
// before a reporting verb ("... and said"), at relative pronouns and at
// "that" after a reporting verb.
func clausesOf(v *sentenceView, dst []clause) []clause {
	out := dst[:0]
	cur := clause{start: 0}
	open := func(k int, relative bool) {
		if k <= cur.start {
			cur.relative = cur.relative || relative
			return
		}
		cur.end = k
		out = append(out, cur)
		cur = clause{start: k, relative: relative}
	}
	for k := 1; k < len(v.words); k++ {
		w := v.words[k].lower
		gap := v.doc.text[v.words[k-1].end:v.words[k].start]
		comma := len(gap) > 1 && strings.ContainsRune(gap, ',')
		switch {
		case len(gap) > 1 && strings.ContainsRune(gap, ';'):
			open(k, false)
		case v.words[k].cue&cueClauseBreaker != 0 && v.text(k) == w:
			open(k, false)
		case (w == "and" || w == "or") && comma && k+1 < len(v.words) && !v.listContinues(k):
			open(k, false)
		case w == "and" && k+1 < len(v.words) && (v.words[k+1].cue&cueClaimVerb != 0 || laterVerb(v, k+1)):
			open(k, false)
		case w == "and" && v.verbFollows(k+1) && v.triggerSince(cur.start, k):
			open(k, false) // "deployed NotPetya in 2017 and attacked Ukraine's grid"
		case comma && v.spliced(k) && v.triggerSince(cur.start, k):
			open(k, false) // "X indicted ..., the United States and Britain sanctioned ..."
		case v.words[k].cue&cueRelative != 0 && (comma || k > 0):
			open(k, true)
		case comma && cur.relative && (v.words[k].has(cueHaveVerb) || v.words[k].has(cueBeVerb) && w != "be" && w != "being" || auxiliaries[w] ||
			v.triggerAt(k) && !v.words[k].has(cueTriggerNoun) && !strings.HasSuffix(w, "ing") && v.text(k) == w && !v.listedDataNoun(k)):
			// "The gang, which is led by Brain, has hit ...": the comma closes
			// the relative clause and the sentence's own verb goes on.
			open(k, false)
		case w == "that" && v.words[k-1].cue&cueClaimVerb != 0:
			open(k, false)
		case w == "that" && k+1 < len(v.words) && (strings.HasSuffix(v.words[k+1].lower, "ed") || v.words[k+1].has(cueBeVerb) ||
			v.words[k+1].has(cueHaveVerb)):
			open(k, true) // "a cyberattack that disrupted ..."
		}
	}
	cur.end = len(v.words)
	return append(out, cur)
}

// verbFollows reports whether a trigger verb stands at word k, or right
// after the name there: "and attacked", "and Sandworm attacked".
func (v *sentenceView) verbFollows(k int) bool {
	verb := func(i int) bool {
		return i < len(v.words) && v.triggerAt(i) && !v.words[i].has(cueTriggerNoun) && !v.listedDataNoun(i)
	}
	if verb(k) {
		return true
	}
	if k < len(v.words) {
		if m := v.mentionAt(k); m >= 0 {
			return verb(v.wordAt(v.mentions[m].Span.End))
		}
	}
	return false
}

// listedDataNoun reports whether word k, a trigger verb that is also a
// data noun, is the noun in a list of what was taken: "Social Security
// numbers and addresses", "names, addresses" ("addresses" also patches a
// flaw).
func (v *sentenceView) listedDataNoun(k int) bool {
	if k < 1 || !v.words[k].has(cueDataNoun) {
		return false
	}
	if strings.TrimSpace(v.doc.text[v.words[k-1].end:v.words[k].start]) == "," {
		return v.words[k-1].has(cueDataNoun) // "names, addresses"
	}
	return k >= 2 && v.words[k-2].has(cueDataNoun) && (v.words[k-1].lower == "and" || v.words[k-1].lower == "or")
}

// spliced reports whether a new clause with its own subject starts at
// word k after a comma: a name, then a trigger verb within a few words
// and no comma.
func (v *sentenceView) spliced(k int) bool {
	if v.words[k].lower == "the" {
		k++
	}
	if k >= len(v.words) || (v.mentionAt(k) < 0 && !v.capitalWord(k)) {
		return false
	}
	for i := k + 1; i < len(v.words) && i <= k+6; i++ {
		if strings.ContainsAny(v.doc.text[v.words[i-1].end:v.words[i].start], ",;") {
			return false
		}
		w := v.words[i].lower
		if v.triggerAt(i) && !v.words[i].has(cueTriggerNoun) && v.mentionAt(i) < 0 && v.text(i) == w && !v.listedDataNoun(i) {
			return true
		}
	}
	return false
}

// triggerAt reports whether a trigger phrase starts at word k.
func (v *sentenceView) triggerAt(k int) bool {
	for _, t := range triggers[v.words[k].lower] {
		if v.is(k, t.words...) {
			return true
		}
	}
	return false
}

// triggerSince reports whether a trigger stands in words [from, to).
func (v *sentenceView) triggerSince(from, to int) bool {
	for i := from; i < to; i++ {
		if v.triggerAt(i) {
			return true
		}
	}
	return false
}

// laterVerb reports whether word k starts "later said", "also announced".
func laterVerb(v *sentenceView, k int) bool {
	switch v.words[k].lower {
	case "later", "also", "then", "separately":
		return k+1 < len(v.words) && (v.words[k+1].has(cueClaimVerb) || v.triggerAt(k+1))
	}
	return false
}

// listContinues reports whether the "and" at word k ends a list of names
// ("the BBC, British Airways and Boots"): a name or mention follows it and
// the word before the comma is one too.
func (v *sentenceView) listContinues(k int) bool {
	next := k + 1
	if next < len(v.words) && v.words[next].lower == "the" {
		next++
	}
	if next >= len(v.words) {
		return false
	}
	before := k - 1
	if v.ageAt(before) {
		before-- // "Thalha Jubair, 19, and Owen Flowers": a name, then its age
	}
	nameAfter := v.mentionAt(next) >= 0 || v.capitalWord(next)
	nameBefore := v.mentionAt(before) >= 0 || v.capitalWord(before)
	return nameAfter && nameBefore && !v.subjectAt(next)
}

// ageAt reports whether word k is a person's age set off by commas after
// a name: the "19" of "Thalha Jubair, 19, and".
func (v *sentenceView) ageAt(k int) bool {
	if k < 1 || k+1 >= len(v.words) || !v.numberWord(k) || len(v.text(k)) > 2 {
		return false
	}
	return strings.TrimSpace(v.doc.text[v.words[k-1].end:v.words[k].start]) == "," &&
		strings.TrimSpace(v.doc.text[v.words[k].end:v.words[k+1].start]) == ","
}

// subjectAt reports whether the name at word k is followed by a verb of
// its own before any comma: "..., and the German government announced
// sanctions" opens a clause rather than ending a list.
func (v *sentenceView) subjectAt(k int) bool {
	for i := k + 1; i < len(v.words) && i <= k+8; i++ {
		if strings.ContainsAny(v.doc.text[v.words[i-1].end:v.words[i].start], ",;()") {
			return false
		}
		w := v.words[i].lower
		if v.text(i) != w || v.mentionAt(i) >= 0 {
			continue
		}
		if v.words[i].cue&cueClaimVerb != 0 || v.triggerAt(i) && !v.words[i].has(cueTriggerNoun) {
			return true
		}
	}
	return false
}

// clauseAt returns the index of the clause holding word k.
func clauseAt(cs []clause, k int) int {
	for i, c := range cs {
		if k >= c.start && k < c.end {
			return i
		}
	}
	return len(cs) - 1
}

// triggerHit is one place a sentence says a claim of some type, or (with
// report set) a reporting verb, which owns the report time ("said on
// Tuesday") and no claim.
type triggerHit struct {
	at, end int // words [at, end)
	typ     model.ClaimType
	suffix  bool // a "China-linked" word
	place   bool // a place that ties the actor after it to its state
	report  bool
}

// ownTimes gives each time expression to the trigger it most likely
// belongs to: the trigger word it directly precedes ("the 2014 theft",
// "last week's breach"), else the nearest trigger before it in its clause,
// else the nearest after it in its clause. It returns, per hit, the index
// of the first time it owns, or -1.
func ownTimes(v *sentenceView, cs []clause, hits []triggerHit, times []timeExpr, dst []int) []int {
	owned := slices.Grow(dst[:0], len(hits))[:len(hits)]
	for i := range owned {
		owned[i] = -1
	}
	for ti, t := range times {
		first := v.wordAt(t.span.Start)
		last := v.wordAt(t.span.End) - 1
		if first >= len(v.words) || last < first {
			continue
		}
		c := cs[clauseAt(cs, first)]
		owner := -1
		// A time right before a trigger noun modifies it.
		for hi, h := range hits {
			if h.at == last+1 && !h.report {
				owner = hi
				break
			}
		}
		if owner < 0 {
			best := -1
			for hi, h := range hits {
				if h.end <= first && h.at >= c.start && (best < 0 || h.at > hits[best].at) {
					best = hi
				}
			}
			owner = best
		}
		ahead := false
		if owner < 0 {
			for hi, h := range hits {
				if h.at > last && h.at < c.end && (owner < 0 || h.at < hits[owner].at) {
					owner = hi
				}
			}
			ahead = true
		}
		if owner < 0 {
			continue
		}
		if prev := owned[owner]; !ahead && prev >= 0 && times[prev].span.End <= v.words[hits[owner].at].start &&
			v.wordAt(times[prev].span.End) != hits[owner].at {
			// "went dark in early July after Thai police arrested him on July
			// 5": a time after the trigger is its own, more than one before
			// it that had no trigger of its own.
			owned[owner] = -1
		}
		// Every hit at the owner's words shares the time: "used" is both
		// malware use and exploitation; so does a trigger that modifies the
		// owner, "ransomware" in "a ransomware attack on Friday".
		o := hits[owner]
		for hi, h := range hits {
			modifies := h.at < o.at && h.end >= o.at && !h.report && !o.report && !h.suffix && !h.place
			if (h.at == o.at || modifies) && owned[hi] < 0 {
				owned[hi] = ti
			}
		}
	}
	return owned
}

// clauseOpeners start a new clause, which ends a trigger's patient side:
// "... a campaign that targeted ...".
var clauseOpeners = setOf("that", "which", "who", "whom", "whose", "while", "whereas", "but",
	"although", "though", "because", "after", "before", "when", "where")

// mentionAt returns the index of the mention covering word k, or -1, for
// any k: rules that look a few words ahead may step past the sentence.
func (v *sentenceView) mentionAt(k int) int {
	if k < 0 || k >= len(v.words) {
		return -1
	}
	return v.mentionCovering(k)
}
