package tagger

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Training defaults. On the CyNER validation split no run's best epoch
// came after the tenth (see docs/ner.md); the seed only fixes the order
// sentences are visited in.
const (
	DefaultMaxEpochs = 10
	DefaultSeed      = 20220408
)

// TrainOptions tune training.
type TrainOptions struct {
	// MaxEpochs bounds the passes over the training set; 0 means
	// DefaultMaxEpochs.
	MaxEpochs int
	// Seed fixes the order sentences are visited in each epoch.
	Seed uint64
	// Valid, when given, picks the epoch: after each pass the averaged
	// model is scored on it and the best is kept (ties go to the earlier
	// epoch). It also sets Meta.MentionMargin (see mentionMargin).
	// Without it all MaxEpochs passes are kept and the margin is 0. It is
	// never trained on.
	Valid []Sentence
	// Silver are extra training sentences (see Augment) read without the
	// lexicon: with their names swapped for others, they teach the tagger
	// to recognise names by context and shape, as it must when the
	// lexicon does not know a name.
	Silver []Sentence
	// Names make up the lexicon whose matches are features. The model
	// keeps them, so tagging needs nothing else.
	Names []Name
	// Runs is how many perceptrons to train, each visiting the sentences
	// in another order (seeds Seed, Seed+1, ...), whose averaged weights
	// are then summed: the mixture varies less with the order than any one
	// run. 0 means 1.
	Runs int
	// Clusters map lower-case words to cluster paths (see Clusters),
	// whose prefixes are features. The model keeps them.
	Clusters map[string]string
	// Refit, when given with Valid, are labeled sentences (the validation
	// set itself, say) for a second fit: once each run's epoch is chosen
	// on Valid, the tagger is trained again from scratch on the training
	// sentences plus Refit (read with the lexicon) and RefitSilver (read
	// without it), each run for the epochs it kept. The model returned is
	// the refit one; its Meta keeps the first fit's validation score and
	// mention margin.
	Refit, RefitSilver []Sentence
	// Progress, when set, is told the validation score after each epoch
	// of each run.
	Progress func(run, epoch int, valid Report)
}

// trainSet is a corpus with its features resolved to rows.
type trainSet struct {
	feats  [][][]int32 // sentence, position, feature rows
	labels [][]int
	gold   [][]string
}

func (ts *trainSet) add(o trainSet) {
	ts.feats = append(ts.feats, o.feats...)
	ts.labels = append(ts.labels, o.labels...)
	ts.gold = append(ts.gold, o.gold...)
}

// trainer holds what the fits of one Train call share: the label tables,
// the lexicon and the feature rows, which grow as corpora are resolved.
type trainer struct {
	t          *Tagger
	labelIndex map[string]int
	rows       map[uint64]int32
	hashes     []uint64
	opts       TrainOptions
}

// resolve computes the features of sentences; grow adds features not met
// before, otherwise they are dropped. A nil lexicon marks no names.
func (tr *trainer) resolve(sentences []Sentence, grow bool, lex *lexicon) trainSet {
	ts := trainSet{}
	for _, s := range sentences {
		var fs [][]int32
		for _, pos := range sentenceFeatures(s.Tokens, lex, tr.t.clusters) {
			var ids []int32
			for _, h := range pos {
				r, ok := tr.rows[h]
				if !ok && grow {
					r, ok = int32(len(tr.hashes)), true
					tr.rows[h] = r
					tr.hashes = append(tr.hashes, h)
				}
				if ok {
					ids = append(ids, r)
				}
			}
			fs = append(fs, ids)
		}
		ls := make([]int, len(s.Labels))
		for i, l := range beginChunks(s.Labels) {
			ls[i] = tr.labelIndex[l] // unknown labels read as O
		}
		ts.feats = append(ts.feats, fs)
		ts.labels = append(ts.labels, ls)
		ts.gold = append(ts.gold, s.Labels)
	}
	return ts
}

// fit trains opts.Runs perceptrons on data and returns the sum of their
// averaged weights (in fixed point) and the epoch each run kept. With
// epochs given, run r trains for epochs[r]; otherwise each run keeps its
// best epoch on valid, or its last when valid is empty.
func (tr *trainer) fit(data, valid trainSet, epochs []int) (sumW, sumT []int64, kept []int) {
	opts := tr.opts
	nl, nf := len(tr.t.labels), len(tr.hashes)
	sumW, sumT = make([]int64, nf*nl), make([]int64, (nl+1)*nl)
	for run := range max(opts.Runs, 1) {
		seed := opts.Seed + uint64(run)
		p := perceptron{
			nl: nl, w: make([]int32, nf*nl), u: make([]int64, nf*nl),
			tw: make([]int32, (nl+1)*nl), tu: make([]int64, (nl+1)*nl),
			prevs: tr.t.prevs, first: tr.t.first, step: 1,
		}
		rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
		order := make([]int, len(data.feats))
		for i := range order {
			order[i] = i
		}
		last, choose := opts.MaxEpochs, len(valid.feats) > 0
		if epochs != nil {
			last, choose = epochs[run%len(epochs)], false
		}
		var (
			bestW, bestT []int64
			bestF1       = -1.0
			bestEpoch    int
			bestStep     int64
		)
		for epoch := 1; epoch <= last; epoch++ {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, s := range order {
				p.learn(data.feats[s], data.labels[s])
			}
			if !choose && epoch < last {
				continue
			}
			w, tw := p.averaged()
			f1 := -1.0
			if choose {
				rep := evaluateSet(valid, w, tw, tr.t)
				if opts.Progress != nil {
					opts.Progress(run, epoch, rep)
				}
				f1 = rep.Micro.F1()
			}
			if f1 > bestF1 || !choose {
				bestW, bestT, bestF1, bestEpoch, bestStep = w, tw, f1, epoch, p.step
			}
		}
		// The averaged weights are step times the average; divide the
		// step out (in fixed point) so that runs of different length
		// weigh the same.
		for i, v := range bestW {
			sumW[i] += v << mixBits / bestStep
		}
		for i, v := range bestT {
			sumT[i] += v << mixBits / bestStep
		}
		kept = append(kept, bestEpoch)
	}
	return sumW, sumT, kept
}

// model scales mixed weights to int32 and returns them as a tagger over
// the training vocabulary words, with the shift the weights were scaled by.
func (tr *trainer) model(w, tw []int64, words []string) (*Tagger, uint) {
	nl := len(tr.t.labels)
	t := newTagger(tr.t.labels)
	t.lex, t.clusters = tr.t.lex, tr.t.clusters
	shift := scaleShift(w, tw, nl)
	t.trans = make([]int32, len(tw))
	for i, v := range tw {
		t.trans[i] = int32(v >> shift)
	}
	// Keep features with a weight left after scaling, by hash order.
	var order []int
	for f := range len(w) / nl {
		if slices.ContainsFunc(w[f*nl:(f+1)*nl], func(v int64) bool { return v>>shift != 0 }) {
			order = append(order, f)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(tr.hashes[a], tr.hashes[b]) })
	t.hashes = make([]uint64, len(order))
	t.weights = make([]int32, 0, len(order)*nl)
	for i, f := range order {
		t.hashes[i] = tr.hashes[f]
		for _, v := range w[f*nl : (f+1)*nl] {
			t.weights = append(t.weights, int32(v>>shift))
		}
	}
	t.words = words
	t.finish()
	return t, shift
}

// Train fits a tagger to labeled sentences by the averaged structured
// perceptron. It is deterministic: integer weights, a seeded visiting
// order and sorted output make the same inputs give the same model.
func Train(train []Sentence, opts TrainOptions) (*Tagger, error) {
	if len(train) == 0 {
		return nil, errors.New("no training sentences")
	}
	for _, s := range slices.Concat(train, opts.Silver, opts.Valid, opts.Refit, opts.RefitSilver) {
		if len(s.Tokens) != len(s.Labels) {
			return nil, fmt.Errorf("sentence at line %d: %d tokens but %d labels", s.Line, len(s.Tokens), len(s.Labels))
		}
	}
	if opts.MaxEpochs <= 0 {
		opts.MaxEpochs = DefaultMaxEpochs
	}
	if len(opts.Valid) == 0 {
		opts.Refit, opts.RefitSilver = nil, nil
	}
	tr := &trainer{t: newTagger(labelSet(slices.Concat(train, opts.Refit))), labelIndex: map[string]int{}, rows: map[uint64]int32{}, opts: opts}
	tr.t.lex = newLexicon(opts.Names)
	tr.t.clusters = opts.Clusters
	for i, l := range tr.t.labels {
		tr.labelIndex[l] = i
	}

	data := tr.resolve(train, true, tr.t.lex)
	data.add(tr.resolve(opts.Silver, true, nil))
	va := tr.resolve(opts.Valid, false, tr.t.lex)
	w, tw, epochs := tr.fit(data, va, nil)
	validF1 := -1.0
	if len(opts.Valid) > 0 {
		validF1 = evaluateSet(va, w, tw, tr.t).Micro.F1()
	}
	t, shift := tr.model(w, tw, vocabulary(train))
	t.meta = Meta{
		Epochs: epochs, MaxEpochs: opts.MaxEpochs, Seed: opts.Seed,
		TrainSentences: len(train), SilverSentences: len(opts.Silver), ValidSentences: len(opts.Valid),
		Features: len(t.hashes),
	}
	if validF1 >= 0 {
		t.meta.ValidMicroF1 = math.Round(validF1*1e4) / 1e4
	}
	if t.lex != nil {
		t.meta.LexiconNames = len(t.lex.names)
	}
	t.meta.MentionMargin = mentionMargin(t, opts.Valid)
	if len(opts.Refit) == 0 {
		return t, nil
	}

	// Train again with the refit sentences added, each run for the
	// epochs it kept above. The validation score and the margin stay
	// those measured above: the refit model has seen the validation set.
	// The margin is carried over in the new model's units.
	data.add(tr.resolve(opts.Refit, true, tr.t.lex))
	data.add(tr.resolve(opts.RefitSilver, true, nil))
	w, tw, _ = tr.fit(data, trainSet{}, epochs)
	final, refitShift := tr.model(w, tw, vocabulary(slices.Concat(train, opts.Refit)))
	final.meta = t.meta
	final.meta.Features = len(final.hashes)
	final.meta.RefitSentences = len(opts.Refit)
	final.meta.SilverSentences += len(opts.RefitSilver)
	if shift >= refitShift {
		final.meta.MentionMargin <<= shift - refitShift
	} else {
		final.meta.MentionMargin >>= refitShift - shift
	}
	return final, nil
}

// mentionPrecision is the precision on the validation set that the spans
// Mentions keeps must reach.
const mentionPrecision = 0.9

// mentionMargin returns the least margin (see margins) at which the
// validation spans of the types Mentions keeps are right at least
// mentionPrecision of the time; 0 without a validation set. The spans are
// tagged with the validation set's own names left out of the lexicon:
// the extraction stage's gazetteer finds the names the lexicon knows, and
// what it needs from the tagger is the names nobody lists yet.
func mentionMargin(t *Tagger, valid []Sentence) int64 {
	type scored struct {
		margin int64
		right  bool
	}
	t = t.WithoutNames(namesIn(valid))
	var spans []scored
	for _, s := range valid {
		gold := Chunks(beginChunks(s.Labels))
		chunks, margins := t.margins(s.Tokens)
		for i, c := range chunks {
			if _, ok := Kinds[c.Type]; ok {
				spans = append(spans, scored{margins[i], slices.Contains(gold, c)})
			}
		}
	}
	slices.SortFunc(spans, func(a, b scored) int { return cmp.Compare(a.margin, b.margin) })
	right := 0
	for _, s := range spans {
		if s.right {
			right++
		}
	}
	// Walk up the margins until what is left is precise enough.
	for i, s := range spans {
		if i > 0 && s.margin == spans[i-1].margin {
			continue
		}
		if float64(right) >= mentionPrecision*float64(len(spans)-i) {
			return s.margin
		}
		for j := i; j < len(spans) && spans[j].margin == s.margin; j++ {
			if spans[j].right {
				right--
			}
		}
	}
	return 0
}

// mixBits is the fixed-point precision with which runs are mixed.
const mixBits = 20

// scaleShift returns how far to shift the averaged weights right so that
// no sentence position can overflow: the sum of every feature's largest
// weight and the largest transition must fit an int32 with room to spare.
func scaleShift(w, tw []int64, nl int) uint {
	var bound int64
	for f := 0; f+nl <= len(w); f += nl {
		top := int64(0)
		for _, v := range w[f : f+nl] {
			top = max(top, v, -v)
		}
		bound = max(bound, top)
	}
	for _, v := range tw {
		bound = max(bound, v, -v)
	}
	// A position sums at most a few hundred features.
	var shift uint
	for (bound>>shift)*512 > math.MaxInt32 {
		shift++
	}
	return shift
}

// perceptron holds the weights being learned: w and tw the current ones,
// u and tu the sums of step×change that averaging needs.
type perceptron struct {
	nl     int
	w      []int32
	u      []int64
	tw     []int32
	tu     []int64
	prevs  [][]int32
	first  []bool
	step   int64
	scores []int64
}

// learn decodes one sentence with the current weights and, where the
// result differs from gold, moves weight from the predicted labels to the
// gold ones.
func (p *perceptron) learn(feats [][]int32, gold []int) {
	nl, n := p.nl, len(gold)
	if n == 0 {
		return
	}
	p.scores = emissionScores(p.scores, feats, nl, p.w)
	pred := viterbi(p.scores, n, nl, p.tw, p.prevs, p.first)
	prevG, prevP := nl, nl
	for i := range n {
		g, q := gold[i], pred[i]
		if g != q {
			for _, f := range feats[i] {
				p.update(int(f)*nl+g, 1)
				p.update(int(f)*nl+q, -1)
			}
		}
		if g != q || prevG != prevP {
			p.updateTrans(prevG*nl+g, 1)
			p.updateTrans(prevP*nl+q, -1)
		}
		prevG, prevP = g, q
	}
	p.step++
}

func (p *perceptron) update(i int, d int32) {
	p.w[i] += d
	p.u[i] += int64(d) * p.step
}

func (p *perceptron) updateTrans(i int, d int32) {
	p.tw[i] += d
	p.tu[i] += int64(d) * p.step
}

// averaged returns step times the averaged weights: the average of the
// weights after every sentence so far, kept in integers.
func (p *perceptron) averaged() (w, tw []int64) {
	w = make([]int64, len(p.w))
	for i, v := range p.w {
		w[i] = int64(v)*p.step - p.u[i]
	}
	tw = make([]int64, len(p.tw))
	for i, v := range p.tw {
		tw[i] = int64(v)*p.step - p.tu[i]
	}
	return w, tw
}

func emissionScores(dst []int64, feats [][]int32, nl int, w []int32) []int64 {
	dst = slices.Grow(dst[:0], len(feats)*nl)[:len(feats)*nl]
	clear(dst)
	for i, fs := range feats {
		row := dst[i*nl : (i+1)*nl]
		for _, f := range fs {
			addRow(row, w[int(f)*nl:int(f+1)*nl])
		}
	}
	return dst
}

// evaluateSet scores averaged weights on a resolved corpus.
func evaluateSet(ts trainSet, w, tw []int64, t *Tagger) Report {
	nl, labels := len(t.labels), t.labels
	// The averaged weights can exceed int32; decode in int64 directly.
	var pred [][]string
	var scores []int64
	trans32 := make([]int32, len(tw))
	shift := scaleShift(w, tw, nl)
	for i, v := range tw {
		trans32[i] = int32(v >> shift)
	}
	for _, fs := range ts.feats {
		n := len(fs)
		scores = slices.Grow(scores[:0], n*nl)[:n*nl]
		clear(scores)
		for i, ids := range fs {
			row := scores[i*nl : (i+1)*nl]
			for _, f := range ids {
				for j, v := range w[int(f)*nl : int(f+1)*nl] {
					row[j] += v >> shift
				}
			}
		}
		var out []string
		if n > 0 {
			for _, l := range viterbi(scores, n, nl, trans32, t.prevs, t.first) {
				out = append(out, labels[l])
			}
		}
		pred = append(pred, out)
	}
	return Evaluate(ts.gold, pred)
}

// beginChunks rewrites labels so that every span starts with B-: the
// corpus starts some spans with I- (a sentence split inside a URL, say),
// which the decoder never produces and the perceptron would then chase
// forever. Spans read the same either way (see Chunks).
func beginChunks(labels []string) []string {
	out := slices.Clone(labels)
	for _, c := range Chunks(labels) {
		out[c.Start] = "B-" + c.Type
	}
	return out
}

// vocabulary returns the distinct tokens of the sentences, sorted.
func vocabulary(sentences []Sentence) []string {
	var out []string
	for _, s := range sentences {
		out = append(out, s.Tokens...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// namesIn returns a test for names that some span of the sentences
// spells, compared token by token without regard to case.
func namesIn(sentences []Sentence) func(Name) bool {
	spelled := map[string]bool{}
	for _, s := range sentences {
		for _, c := range Chunks(s.Labels) {
			spelled[strings.ToLower(strings.Join(s.Tokens[c.Start:c.End], " "))] = true
		}
	}
	return func(n Name) bool {
		var words []string
		for _, tk := range Tokenize(n.Text, nil) {
			words = append(words, n.Text[tk.Start:tk.End])
		}
		return spelled[strings.ToLower(strings.Join(words, " "))]
	}
}
