// Package tagger is winnow's statistical named-entity tagger: an averaged
// structured perceptron over BIO labels with Viterbi decoding, trained on
// the CyNER corpus (Malware, Indicator, System, Organization,
// Vulnerability) with the knowledge base's names as features.
//
// Features are hashed (64-bit FNV-1a) and weights are integers, so that
// training is exactly reproducible: the same data, lexicon and options give
// the same model, byte for byte, on any platform. The trained model is
// embedded in the binary (see Embedded); `winnow train` regenerates it and
// `winnow eval ner` scores it by strict span match (see Evaluate).
//
// The package reads tokens and text only; it knows nothing of the
// knowledge base beyond the names it is given at training time, which the
// model then carries.
package tagger

import (
	"math"
	"slices"
	"strings"
)

// Tagger is a trained tagger. It is immutable and safe for concurrent use.
type Tagger struct {
	labels []string // labels[0] is "O"
	types  []string // entity types, sorted
	inside []int    // a type's I- label
	typeOf []int    // a label's type index, -1 for O

	hashes  []uint64      // feature hashes, sorted: row i is hashes[i]'s
	index   *featureIndex // feature hash to row
	weights []int32       // one row of len(labels) per feature
	// trans holds transition weights: row len(labels) is the start of a
	// sentence, the others the previous label.
	trans []int32
	first []bool // labels BIO permits at the start of a sentence
	lex   *lexicon
	// clusters maps lower-case words to their cluster paths (see Clusters).
	clusters map[string]string
	meta     Meta
	// vocab holds the local scores of the tokens met in training, the ones
	// running text repeats most (see cache.go); words lists them.
	words      []string
	vocab      []*cachedToken
	vocabIndex *featureIndex
	in         [][]int64 // incoming transitions per label, for viterbiInto
	met        *metCache
	// prevs lists, per label, the previous labels (or the start, len(labels))
	// BIO allows before it.
	prevs [][]int32
	// cveBegin is the B-Vulnerability label, or -1: a CVE identifier is a
	// vulnerability span of its own, whatever the weights say (see
	// emissions).
	cveBegin int
}

// Meta describes how a model was trained.
type Meta struct {
	Epochs         []int  `json:"epochs"` // the epochs kept in each run (chosen on the validation set)
	MaxEpochs      int    `json:"max_epochs"`
	Seed           uint64 `json:"seed"`
	TrainSentences int    `json:"train_sentences"`
	// SilverSentences were read without the lexicon (TrainOptions.Silver).
	SilverSentences int `json:"silver_sentences"`
	ValidSentences  int `json:"valid_sentences"`
	// RefitSentences were added for the final fit (TrainOptions.Refit);
	// ValidMicroF1 and MentionMargin come from the fit before it.
	RefitSentences int     `json:"refit_sentences,omitempty"`
	ValidMicroF1   float64 `json:"valid_micro_f1"` // rounded to four places
	Features       int     `json:"features"`
	LexiconNames   int     `json:"lexicon_names"`
	// MentionMargin is the least margin Mentions asks of a span: the
	// margin at which validation spans of the kept types were right 90%
	// of the time.
	MentionMargin int64 `json:"mention_margin"`
}

// Meta returns how the tagger was trained.
func (t *Tagger) Meta() Meta { return t.meta }

// Labels returns the tagger's labels, "O" first.
func (t *Tagger) Labels() []string { return slices.Clone(t.labels) }

// Types returns the entity types the tagger knows, sorted.
func (t *Tagger) Types() []string { return slices.Clone(t.types) }

// newTagger sets up the label tables for a label set whose first label is
// "O".
func newTagger(labels []string) *Tagger {
	t := &Tagger{labels: labels, cveBegin: slices.Index(labels, "B-Vulnerability")}
	typeIndex := map[string]int{}
	for _, l := range labels {
		if _, typ := splitLabel(l); typ != "" {
			if _, ok := typeIndex[typ]; !ok {
				typeIndex[typ] = 0
				t.types = append(t.types, typ)
			}
		}
	}
	slices.Sort(t.types)
	for i, typ := range t.types {
		typeIndex[typ] = i
	}
	t.inside = slices.Repeat([]int{-1}, len(t.types))
	t.typeOf = make([]int, len(labels))
	for i, l := range labels {
		p, typ := splitLabel(l)
		t.typeOf[i] = -1
		if typ == "" {
			continue
		}
		k := typeIndex[typ]
		t.typeOf[i] = k
		if p == 'I' {
			t.inside[k] = i
		}
	}
	nl := len(labels)
	t.first = make([]bool, nl)
	t.prevs = make([][]int32, nl)
	for prev := 0; prev <= nl; prev++ {
		for cur := range nl {
			ok := true
			if p, typ := splitLabel(labels[cur]); p == 'I' {
				ok = prev < nl && t.typeOf[prev] >= 0 && t.types[t.typeOf[prev]] == typ
			}
			switch {
			case ok && prev == nl:
				t.first[cur] = true
			case ok:
				t.prevs[cur] = append(t.prevs[cur], int32(prev))
			}
		}
	}
	return t
}

// labelSet returns "O" followed by B- and I- labels of every type found in
// the sentences, sorted by type.
func labelSet(sentences []Sentence) []string {
	types := map[string]bool{}
	for _, s := range sentences {
		for _, l := range s.Labels {
			if _, typ := splitLabel(l); typ != "" {
				types[typ] = true
			}
		}
	}
	var sorted []string
	for typ := range types {
		sorted = append(sorted, typ)
	}
	slices.Sort(sorted)
	labels := []string{"O"}
	for _, typ := range sorted {
		labels = append(labels, "B-"+typ, "I-"+typ)
	}
	return labels
}

// Tag labels each token with a BIO label.
func (t *Tagger) Tag(tokens []string) []string {
	out := make([]string, len(tokens))
	for i, l := range t.tagIndexes(tokens) {
		out[i] = t.labels[l]
	}
	return out
}

// maxPiece bounds the tokens decoded at once: longer sequences (a page of
// indicators without a full stop, say) are tagged a piece at a time, which
// keeps every path score far from overflowing.
const maxPiece = 1024

// forcedOut is the penalty margins puts on a label to keep it off a span:
// more than any path of maxPiece tokens can score, yet far from overflow.
const forcedOut = int64(1) << 44

func (t *Tagger) tagIndexes(tokens []string) []int {
	out := make([]int, 0, len(tokens))
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	for from := 0; from < len(tokens); from += maxPiece {
		piece := tokens[from:min(from+maxPiece, len(tokens))]
		scores := t.pinCVEs(piece, t.emissions(sc, piece))
		out = append(out, viterbiInto(&sc.dec, scores, len(piece), len(t.labels), t.trans, t.in, t.prevs, t.first)...)
	}
	return out
}

// margins returns the spans of the best labeling and, for each, how much
// the best path's score drops when the span's tokens are kept to O: the
// evidence for the span, in the model's units.
func (t *Tagger) margins(tokens []string) ([]Chunk, []int64) {
	var (
		chunks []Chunk
		out    []int64
	)
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	nl := len(t.labels)
	for from := 0; from < len(tokens); from += maxPiece {
		piece := tokens[from:min(from+maxPiece, len(tokens))]
		n := len(piece)
		scores := t.pinCVEs(piece, t.emissions(sc, piece))
		path := viterbiInto(&sc.dec, scores, n, nl, t.trans, t.in, t.prevs, t.first)
		best := sc.dec.score
		found := t.chunks(path)
		if len(found) == 0 {
			continue
		}
		forced := make([]int64, len(scores))
		for _, c := range found {
			copy(forced, scores)
			for i := c.Start; i < c.End; i++ {
				for j := 1; j < nl; j++ {
					forced[i*nl+j] -= forcedOut
				}
			}
			viterbiInto(&sc.dec, forced, n, nl, t.trans, t.in, t.prevs, t.first)
			chunks = append(chunks, Chunk{c.Type, from + c.Start, from + c.End})
			out = append(out, best-sc.dec.score)
		}
	}
	return chunks, out
}

// pinCVEs keeps every label but B-Vulnerability off the CVE identifiers
// among tokens, in scores (len(tokens)×labels), and returns scores. CyNER
// labels each CVE identifier B-Vulnerability (train: 11 of 13, the other
// two in pieces; valid and test: all), even in a run of them, where the
// weights tend to join neighbours into one span.
func (t *Tagger) pinCVEs(tokens []string, scores []int64) []int64 {
	if t.cveBegin < 0 {
		return scores
	}
	nl := len(t.labels)
	for i, tok := range tokens {
		if !cveIdentifier(tok) {
			continue
		}
		for l := range nl {
			if l != t.cveBegin {
				scores[i*nl+l] -= forcedOut
			}
		}
	}
	return scores
}

// cveIdentifier reports whether tok is a whole CVE identifier:
// "CVE-2014-3153", any case.
func cveIdentifier(tok string) bool {
	if len(tok) < len("CVE-2014-1234") || !strings.EqualFold(tok[:4], "cve-") {
		return false
	}
	digits := 0
	dashes := 0
	for i := 4; i < len(tok); i++ {
		switch c := tok[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '-' && i == 8 && digits == 4:
			dashes++
		default:
			return false
		}
	}
	return dashes == 1 && digits >= 8
}

func addRow(dst []int64, w []int32) {
	for j, v := range w {
		dst[j] += int64(v)
	}
}

// viterbi returns the best label sequence for n positions with nl labels,
// given emission scores (n×nl), transition weights ((nl+1)×nl, the last row
// the start of the sentence), the previous labels each label allows and
// the labels allowed first. Ties go to the lower label.
func viterbi(scores []int64, n, nl int, trans []int32, prevs [][]int32, first []bool) []int {
	return viterbiInto(nil, scores, n, nl, trans, incoming(trans, nl, prevs), prevs, first)
}

// incoming gathers each label's transition weights in the order of its
// previous labels.
func incoming(trans []int32, nl int, prevs [][]int32) [][]int64 {
	in := make([][]int64, nl)
	for j, ps := range prevs {
		in[j] = make([]int64, len(ps))
		for k, p := range ps {
			in[j][k] = int64(trans[int(p)*nl+j])
		}
	}
	return in
}

// decoding holds the buffers of one Viterbi run, for reuse.
type decoding struct {
	best  []int64
	back  []int32
	path  []int
	score int64 // of the best path
}

// viterbiInto is viterbi with the incoming transitions gathered and the
// buffers given; d may be nil.
func viterbiInto(d *decoding, scores []int64, n, nl int, trans []int32, in [][]int64, prevs [][]int32, first []bool) []int {
	if d == nil {
		d = &decoding{}
	}
	// Paths of up to maxPiece tokens, forced or not, score far above
	// this, so a forbidden start is never chosen.
	const forbidden = math.MinInt64 / 4
	d.best = slices.Grow(d.best[:0], n*nl)[:n*nl]
	d.back = slices.Grow(d.back[:0], n*nl)[:n*nl]
	d.path = slices.Grow(d.path[:0], n)[:n]
	best, back, path := d.best, d.back, d.path
	start := trans[nl*nl:]
	for j := range nl {
		best[j] = forbidden
		if first[j] {
			best[j] = scores[j] + int64(start[j])
		}
	}
	for i := 1; i < n; i++ {
		prev, cur := best[(i-1)*nl:i*nl], best[i*nl:(i+1)*nl]
		em, bk := scores[i*nl:(i+1)*nl], back[i*nl:(i+1)*nl]
		for j, ps := range prevs {
			tj := in[j][:len(ps)]
			top, arg := int64(math.MinInt64), int32(0)
			for k, p := range ps {
				if s := prev[p] + tj[k]; s > top {
					top, arg = s, p
				}
			}
			cur[j], bk[j] = top+em[j], arg
		}
	}
	path[n-1] = 0
	last := best[(n-1)*nl : n*nl]
	for j := range nl {
		if last[j] > last[path[n-1]] {
			path[n-1] = j
		}
	}
	for i := n - 1; i > 0; i-- {
		path[i-1] = int(back[i*nl+path[i]])
	}
	d.score = last[path[n-1]]
	return path
}

// Entity is one name the tagger found in a text.
type Entity struct {
	Type       string `json:"type"`
	Text       string `json:"text"`
	Start, End int    // byte offsets into the text
}

// Entities tokenizes text (see Tokenize) and returns the spans the tagger
// labels, in order. Give it one sentence at a time: the tagger was trained
// on sentences.
func (t *Tagger) Entities(text string) []Entity {
	toks := Tokenize(text, nil)
	words := make([]string, len(toks))
	for i, tk := range toks {
		words[i] = text[tk.Start:tk.End]
	}
	var out []Entity
	for _, c := range t.chunks(t.tagIndexes(words)) {
		s, e := toks[c.Start].Start, toks[c.End-1].End
		out = append(out, Entity{Type: c.Type, Text: text[s:e], Start: s, End: e})
	}
	return out
}

// chunks reads spans from label indexes; Viterbi only yields I-X after B-X
// or I-X, so a span is a B- label and the I- labels after it.
func (t *Tagger) chunks(labels []int) []Chunk {
	var out []Chunk
	for i := 0; i < len(labels); i++ {
		k := t.typeOf[labels[i]]
		if k < 0 {
			continue
		}
		j := i + 1
		for j < len(labels) && labels[j] == t.inside[k] {
			j++
		}
		out = append(out, Chunk{Type: t.types[k], Start: i, End: j})
		i = j - 1
	}
	return out
}

// WithoutNames returns a tagger that is t with the lexicon names drop
// selects left out: scoring it on a corpus whose own names are dropped
// shows how the tagger does on names the knowledge base does not know.
func (t *Tagger) WithoutNames(drop func(Name) bool) *Tagger {
	c := *t
	c.met = &metCache{}
	if t.lex != nil {
		c.lex = newLexicon(slices.DeleteFunc(slices.Clone(t.lex.names), drop))
	}
	return &c
}

// String describes the tagger in one line.
func (t *Tagger) String() string {
	return "tagger: " + strings.Join(t.types, ", ")
}
