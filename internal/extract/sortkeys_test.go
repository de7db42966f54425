package extract

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
)

// TestSortKeys checks that sortKeys, packed or not, orders as byRank and
// byStart do, ties and invalid spans included.
func TestSortKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	sc := new(scratch)
	for round := range 300 {
		textLen := 1 + rng.IntN(1<<uint(1+round%20))
		n := rng.IntN(200)
		keys := make([]candKey, n)
		for j := range keys {
			start := rng.IntN(textLen)
			end := start + 1 + rng.IntN(min(8, textLen-start))
			if round%7 == 0 && j == n/2 {
				end = start - 1 // invalid: the sort without packing
			}
			keys[j] = candKey{span: model.Span{Start: start, End: end}, source: rng.IntN(fromTagger + 1), i: int32(j)}
		}
		want := slices.Clone(keys)
		slices.SortFunc(want, byRank)
		got := slices.Clone(keys)
		sc.sortKeys(got, textLen, true)
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: by rank\n got %v\nwant %v", round, got, want)
		}
		// Disjoint spans, as resolveMentions chooses them.
		var disjoint []candKey
		used := make([]bool, textLen+1)
		for _, k := range keys {
			if validSpan(k.span, textLen) && !slices.Contains(used[k.span.Start:k.span.End], true) {
				for i := k.span.Start; i < k.span.End; i++ {
					used[i] = true
				}
				disjoint = append(disjoint, k)
			}
		}
		rng.Shuffle(len(disjoint), func(i, j int) { disjoint[i], disjoint[j] = disjoint[j], disjoint[i] })
		want = slices.Clone(disjoint)
		slices.SortFunc(want, byStart)
		sc.sortKeys(disjoint, textLen, false)
		if !slices.Equal(disjoint, want) {
			t.Fatalf("round %d: by start\n got %v\nwant %v", round, disjoint, want)
		}
	}
}
