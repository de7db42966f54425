package clean

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/winnow-cti/winnow/internal/model"
)

const (
	// minRepeatWords: shorter paragraphs ("What was seized", a hash in a
	// table) legitimately repeat and are never collapsed.
	minRepeatWords = 5
	// minNearRepeatWords: near-repeat detection needs enough words for a
	// similarity score to mean something.
	minNearRepeatWords = 8
	// nearRepeatJaccard is the word-bigram Jaccard similarity at or above
	// which two paragraphs count as the same one re-scraped with small edits.
	nearRepeatJaccard = 0.85
	// maxPosting caps how many kept paragraphs one bigram indexes. Past it
	// the bigram is too common to find repeats with, and a page of thousands
	// of look-alike paragraphs (a log dump) stays linear instead of
	// quadratic. Articles never come near it: only distinct paragraphs are
	// indexed.
	maxPosting = 64
)

// collapseRepeats keeps the first occurrence of every paragraph and drops
// later copies: exact ones (equal after case, whitespace and punctuation are
// normalized) and near ones (word-bigram Jaccard >= nearRepeatJaccard). Two
// paragraphs that differ in a word holding a digit or inner punctuation (an
// address, a hash, a date, a domain) are never near-repeats: that difference
// is the news.
//
// Near-repeat candidates are found with prefix filtering, so a paragraph is
// compared with few others: when every bigram set is sorted in one global
// order (here, by hash value), two sets with Jaccard >= t must share a
// bigram among the first |S| - ceil(t*|S|) + 1 of each.
func collapseRepeats(blocks []block) ([]block, []model.Removal) {
	type paragraph struct {
		words   []string
		bigrams []uint64 // sorted, distinct
	}
	var (
		kept    []block
		keptP   []paragraph
		removed []model.Removal
		seen    = map[string]bool{}
		index   = map[uint64][]int{} // prefix bigram -> indexes into keptP
		checked = map[int]int{}      // index into keptP -> 1 + last block checked against it
	)
	for i, b := range blocks {
		p := paragraph{words: comparisonWords(b.text)}
		key := strings.Join(p.words, " ")
		duplicate := len(p.words) >= minRepeatWords && seen[key]
		if !duplicate && len(p.words) >= minNearRepeatWords {
			p.bigrams = bigrams(p.words)
		search:
			for _, s := range p.bigrams[:prefixLen(len(p.bigrams))] {
				for _, j := range index[s] {
					if checked[j] == i+1 {
						continue
					}
					checked[j] = i + 1
					q := keptP[j]
					if lengthsCompatible(len(p.bigrams), len(q.bigrams)) &&
						jaccard(p.bigrams, q.bigrams) >= nearRepeatJaccard &&
						!differInIndicator(p.words, q.words) {
						duplicate = true
						break search
					}
				}
			}
		}
		if duplicate {
			removed = append(removed, model.Removal{Reason: "repeated-paragraph", Text: truncate(b.text, maxRemovalText)})
			continue
		}
		if len(p.words) >= minRepeatWords {
			seen[key] = true
		}
		if p.bigrams != nil {
			for _, s := range p.bigrams[:prefixLen(len(p.bigrams))] {
				if len(index[s]) < maxPosting {
					index[s] = append(index[s], len(keptP))
				}
			}
		}
		kept = append(kept, b)
		keptP = append(keptP, p)
	}
	return kept, removed
}

// bigrams returns the distinct hashed word pairs of words, sorted.
func bigrams(words []string) []uint64 {
	if len(words) < 2 {
		return nil
	}
	hashes := make([]uint64, len(words))
	for i, w := range words {
		hashes[i] = fnv64a(w)
	}
	out := make([]uint64, 0, len(words)-1)
	for i := 0; i+1 < len(words); i++ {
		a, b := hashes[i], hashes[i+1]
		// Order-sensitive combination: "of the" and "the of" differ.
		out = append(out, a^(b+0x9e3779b97f4a7c15+(a<<6)+(a>>2)))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func fnv64a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func prefixLen(n int) int {
	return n - int(math.Ceil(nearRepeatJaccard*float64(n))) + 1
}

// lengthsCompatible: Jaccard >= t needs the smaller set to be at least t
// times the larger.
func lengthsCompatible(a, b int) bool {
	return float64(min(a, b)) >= nearRepeatJaccard*float64(max(a, b))
}

// jaccard computes |a ∩ b| / |a ∪ b| of two sorted sets.
func jaccard(a, b []uint64) float64 {
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - common
	if union == 0 {
		return 0
	}
	return float64(common) / float64(union)
}

// differInIndicator reports whether a word found in only one of the two
// paragraphs looks like data rather than prose: it holds a digit or
// punctuation inside it (1.2.3.4, evil.example, CVE-2024-1234, 2,000).
func differInIndicator(a, b []string) bool {
	inA := map[string]bool{}
	for _, w := range a {
		inA[w] = true
	}
	inB := map[string]bool{}
	for _, w := range b {
		inB[w] = true
		if !inA[w] && looksLikeData(w) {
			return true
		}
	}
	for _, w := range a {
		if !inB[w] && looksLikeData(w) {
			return true
		}
	}
	return false
}

func looksLikeData(word string) bool {
	for _, r := range word {
		if unicode.IsDigit(r) {
			return true
		}
		if !unicode.IsLetter(r) && r != '\'' && r != '-' {
			return true
		}
	}
	return false
}
