package tagger

import (
	"math/rand/v2"
	"slices"
)

// Augment makes silver training sentences by mention replacement: for each
// sentence holding a span of a type that fill has names for, copies of it
// with every such span replaced by a name drawn from fill[type], tokenized
// as Tokenize does and labeled B- and I- of that type. The tagger then
// meets many more names in the contexts the corpus puts them in. The result
// depends only on the inputs and the seed.
func Augment(sentences []Sentence, fill map[string][]string, copies int, seed uint64) []Sentence {
	if copies <= 0 || len(fill) == 0 {
		return nil
	}
	pools := map[string][][]string{}
	for typ, names := range fill {
		names = slices.Clone(names)
		slices.Sort(names)
		names = slices.Compact(names)
		for _, n := range names {
			toks := Tokenize(n, nil)
			if len(toks) == 0 || len(toks) > maxNameTokens {
				continue
			}
			words := make([]string, len(toks))
			for i, t := range toks {
				words[i] = n[t.Start:t.End]
			}
			pools[typ] = append(pools[typ], words)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x5851f42d4c957f2d))
	var out []Sentence
	for _, s := range sentences {
		chunks := Chunks(s.Labels)
		if !slices.ContainsFunc(chunks, func(c Chunk) bool { return len(pools[c.Type]) > 0 }) {
			continue
		}
		for range copies {
			var cp Sentence
			cp.Line = s.Line
			at := 0
			for _, c := range chunks {
				pool := pools[c.Type]
				if len(pool) == 0 {
					continue
				}
				cp.Tokens = append(cp.Tokens, s.Tokens[at:c.Start]...)
				cp.Labels = append(cp.Labels, s.Labels[at:c.Start]...)
				name := pool[rng.IntN(len(pool))]
				for i, w := range name {
					cp.Tokens = append(cp.Tokens, w)
					if i == 0 {
						cp.Labels = append(cp.Labels, "B-"+c.Type)
					} else {
						cp.Labels = append(cp.Labels, "I-"+c.Type)
					}
				}
				at = c.End
			}
			cp.Tokens = append(cp.Tokens, s.Tokens[at:]...)
			cp.Labels = append(cp.Labels, s.Labels[at:]...)
			out = append(out, cp)
		}
	}
	return out
}
