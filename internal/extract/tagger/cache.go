package tagger

import (
	"sync"
	"sync/atomic"
)

// Most features look at one token only, at some offset from the position
// being labeled (localFeatures). Their summed weights depend on the token
// and the offset alone, so the tagger sums them once for every token of
// its vocabulary when it is built, and for other tokens when it meets
// them: a position then costs a few row additions plus the features that
// join neighbours (contextFeatures). emissions gives exactly what
// emissionsSlow does.

// cachedToken is what the tagger keeps for one token.
type cachedToken struct {
	info  tokenInfo
	local []int32 // (2*window+1) rows of len(labels): the summed weights by offset
}

// score computes the cached form of a token.
func (t *Tagger) score(tok string, buf []uint64) (*cachedToken, []uint64) {
	nl := len(t.labels)
	ct := &cachedToken{info: describe(tok), local: make([]int32, (2*window+1)*nl)}
	ct.info.cluster = t.clusters[ct.info.lower]
	for k := -window; k <= window; k++ {
		buf = localFeatures(buf[:0], &ct.info, k)
		row := ct.local[(k+window)*nl : (k+window+1)*nl]
		for _, f := range buf {
			if r := t.index.row(f); r >= 0 {
				for j, v := range t.weights[int(r)*nl : int(r+1)*nl] {
					row[j] += v
				}
			}
		}
	}
	return ct, buf
}

// finish builds what tagging needs beyond the weights: the feature index,
// the scored vocabulary and the decoder's transition table.
func (t *Tagger) finish() {
	t.index = newFeatureIndex(t.hashes)
	t.vocab = make([]*cachedToken, len(t.words))
	keys := make([]uint64, len(t.words))
	var buf []uint64
	for i, w := range t.words {
		t.vocab[i], buf = t.score(w, buf)
		keys[i] = vocabKey(w)
	}
	t.vocabIndex = newFeatureIndex(keys)
	t.in = incoming(t.trans, len(t.labels), t.prevs)
	t.met = &metCache{}
}

func vocabKey(tok string) uint64 { return uint64(newHash(0).str(tok)) }

// lookup returns the cached form of a token of the vocabulary, or nil.
func (t *Tagger) lookup(tok string) *cachedToken {
	if r := t.vocabIndex.row(vocabKey(tok)); r >= 0 && t.words[r] == tok {
		return t.vocab[r]
	}
	return nil
}

// maxMet bounds the tokens outside the vocabulary a tagger remembers
// (a few megabytes); tokens met after that are scored each time.
const maxMet = 1 << 14

// metCache remembers the scores of tokens outside the vocabulary, the
// words of the articles tagged so far. It only saves work: a token's
// scores are the same whether remembered or not.
type metCache struct {
	tokens sync.Map // string to *cachedToken
	size   atomic.Int64
}

// token returns the cached form of any token.
func (t *Tagger) token(tok string, buf []uint64) (*cachedToken, []uint64) {
	if ct := t.lookup(tok); ct != nil {
		return ct, buf
	}
	if v, ok := t.met.tokens.Load(tok); ok {
		return v.(*cachedToken), buf
	}
	ct, buf := t.score(tok, buf)
	if t.met.size.Load() < maxMet {
		if _, loaded := t.met.tokens.LoadOrStore(tok, ct); !loaded {
			t.met.size.Add(1)
		}
	}
	return ct, buf
}

// scratch holds the buffers of one Tag call, for reuse.
type scratch struct {
	cts    []*cachedToken
	infos  []tokenInfo
	scores []int64
	buf    []uint64
	dec    decoding
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// emissions scores every label at every position into sc.scores.
func (t *Tagger) emissions(sc *scratch, tokens []string) []int64 {
	nl := len(t.labels)
	n := len(tokens)
	sc.cts = grow(sc.cts, n)
	sc.infos = grow(sc.infos, n)
	for i, tok := range tokens {
		var ct *cachedToken
		ct, sc.buf = t.token(tok, sc.buf)
		sc.cts[i], sc.infos[i] = ct, ct.info
	}
	marks := t.lex.marks(sc.infos)
	sc.scores = grow(sc.scores, n*nl)
	clear(sc.scores)
	for i := range n {
		row := sc.scores[i*nl : (i+1)*nl]
		for k := -window; k <= window; k++ {
			if j := i + k; 0 <= j && j < n {
				local := sc.cts[j].local[(k+window)*nl : (k+window+1)*nl]
				for l, v := range local {
					row[l] += int64(v)
				}
			}
		}
		sc.buf = contextFeatures(sc.buf[:0], sc.infos, marks, i)
		for _, f := range sc.buf {
			if r := t.index.row(f); r >= 0 {
				addRow(row, t.weights[int(r)*nl:int(r+1)*nl])
			}
		}
	}
	clear(sc.cts) // let the pool not pin tokens outside the vocabulary
	return sc.scores
}
