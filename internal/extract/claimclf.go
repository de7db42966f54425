package extract

// A learned recall fallback for claims. A sentence-level multi-label
// classifier (one averaged perceptron per claim type over cheap features
// of the text and its mentions) predicts which claim types a sentence
// holds; where it predicts, with a margin, a type the rules did not
// produce, fallbackClaims builds a claim of that type from the sentence's
// mentions, their roles read by the role classifier (roleclf.go).
// Options.ClaimFallback turns it on.
//
// The model is trained on the dev split of the claim gold set (see
// TrainClaimClassifier and `winnow train --claims`) and embedded as
// data/claimclf.tsv.gz, a weight per claim type for each feature, in the
// layout weights.go reads and writes.

import (
	_ "embed"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-cti/winnow/internal/model"
)

// ClaimClassifierPath is where the embedded claim classifier lives,
// relative to the repository root.
const ClaimClassifierPath = "internal/extract/data/claimclf.tsv.gz"

//go:embed data/claimclf.tsv.gz
var embeddedClaimClassifier []byte

// EmbeddedClaimClassifier returns the embedded model file, for tests that
// check it is what training makes.
func EmbeddedClaimClassifier() []byte { return embeddedClaimClassifier }

// claimFallbackThreshold is the score a type needs before the fallback
// builds a claim of it. It is chosen on text the rules were not tuned on,
// where they miss more and the fallback finds more: session 6 took 16 on
// a fresh set; session 11 lowered it to 12 on four fresh decision sets
// scored on arrival (48 articles: types 0.807 -> 0.818, roles 0.615 ->
// 0.619), which the production cross-validation on dev agreed with
// (0.789 -> 0.793, 0.633 -> 0.634). 8 gained no more types and lost roles.
const claimFallbackThreshold = 12

// fallbackConfidence is the confidence of a fallback's claim: below any
// rule's, as its type is a guess.
const fallbackConfidence = 0.3

// forcedFallbackThreshold is the score a type needs before the fallback
// builds its claim from a trigger word the rules turned down.
const forcedFallbackThreshold = claimFallbackThreshold

// fallbackTuning is what the fallback runs with: the model, its two
// thresholds, and whether it may build claims from trigger words the
// rules turned down (forcedClaims).
type fallbackTuning struct {
	clf *claimClassifier
	// roles, when set, reads the roles of claims built from mentions
	// (roleclf.go); without it they follow mention kinds.
	roles                      *roleClassifier
	threshold, forcedThreshold float64
	forced                     bool
}

// claimClassifierEpochs is the number of passes over the training
// sentences, as in the cross-validation that chose the features.
const claimClassifierEpochs = 10

// claimClassifierSeed seeds the order training visits sentences in.
var claimClassifierSeed = [2]uint64{1, 2}

// claimClassifierModels is how many perceptrons, each trained on its own
// order of the sentences, the model sums. In the production
// cross-validation on dev (802 articles) one gave types 0.7945 and roles
// 0.6384, seven 0.7969 and 0.6405, eleven 0.7974 and 0.6408; summing role
// classifiers so gained nothing.
const claimClassifierModels = 11

// fallbackTypes are the labels, in claimTypeOrder then alias. A fallback
// alias claim (fallbackAliases) is a claim only: no alias assertion is
// made of it, so the knowledge base never learns a name from a guess.
var fallbackTypes = append(slices.Clone(claimTypeOrder), model.ClaimAliasAssertion)

const nFallbackTypes = 9

// fallbackTypeNames lists the labels as the model file's header names them.
func fallbackTypeNames() string {
	names := make([]string, len(fallbackTypes))
	for i, t := range fallbackTypes {
		names[i] = string(t)
	}
	return strings.Join(names, ",")
}

func typeBit(t model.ClaimType) uint16 {
	if i := slices.Index(fallbackTypes, t); i >= 0 {
		return 1 << i
	}
	return 0
}

// clfSentence is one sentence, ready for the classifier.
type clfSentence struct {
	span     model.Span
	feats    []string
	mentions []model.Mention
	rules    []model.Claim // what the rules found in the sentence
	// earlier are the article's claims before the sentence, whose roles a
	// fallback claim borrows when its sentence names no one for a role its
	// type needs (carriedRole).
	earlier []model.Claim
	// claimant is who the sentence says reports it, for claims the rules
	// made none of.
	claimant string
	gold     uint16 // in training, the types of the gold claims, one bit per type
	ruleBits uint16
}

// clfArticle is one gold article cut into sentences for training.
type clfArticle struct {
	gold  *GoldArticle
	sents []clfSentence
}

// sentencesOf cuts an Extract result into sentences with their mentions
// and rule claims. A claim belongs to the sentence its evidence starts in,
// as the claim evaluator assigns it, or else to the next one.
func sentencesOf(text string, spans []model.Span, res *Result) []clfSentence {
	out := make([]clfSentence, len(spans))
	for s, sp := range spans {
		out[s].span = sp
	}
	for _, m := range res.Mentions {
		if s := sentenceAt(spans, m.Span.Start); s >= 0 {
			out[s].mentions = append(out[s].mentions, m)
		}
	}
	for _, c := range res.Claims {
		if s := claimSentence(spans, c); s >= 0 {
			out[s].rules = append(out[s].rules, c)
			out[s].ruleBits |= typeBit(c.Type)
		}
	}
	for _, c := range res.claimants {
		if s := sentenceAt(spans, c.at); s >= 0 && out[s].claimant == "" {
			out[s].claimant = c.text
		}
	}
	return out
}

func claimSentence(spans []model.Span, c model.Claim) int {
	if s := sentenceAt(spans, c.Evidence.Start); s >= 0 {
		return s
	}
	if len(spans) == 0 {
		return -1
	}
	return max(0, slices.IndexFunc(spans, func(sp model.Span) bool { return sp.Start >= c.Evidence.Start }))
}

// prepareArticles runs the rules alone (never the fallback, which would
// feed the model its own output) on every article and cuts the result
// into sentences with their features and gold labels.
func prepareArticles(arts []GoldArticle, gaz *Gazetteer) []clfArticle {
	out := make([]clfArticle, len(arts))
	for i := range arts {
		a := &arts[i]
		res := Extract(a.text, Options{Gazetteer: gaz, Published: a.published, keepClaimants: true})
		ca := clfArticle{gold: a, sents: sentencesOf(a.text, a.sentences, &res)}
		for s := range ca.sents {
			ca.sents[s].feats = sentenceFeatures(a.text, s, &ca.sents[s])
		}
		for _, g := range a.Claims {
			ca.sents[g.Sentence].gold |= typeBit(g.Type)
		}
		out[i] = ca
	}
	return out
}

// stem strips the common inflections, so that "attacked" and "attacks"
// share a feature.
func stem[W string | []byte](w W) W {
	for _, suf := range [...]string{"ing", "ed", "es", "s", "ly"} {
		if len(w) > len(suf)+3 && string(w[len(w)-len(suf):]) == suf {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// digitWord reports whether the word w holds an ASCII digit: its "digit"
// feature.
func digitWord[W string | []byte](w W) bool {
	for i := range len(w) {
		if '0' <= w[i] && w[i] <= '9' {
			return true
		}
	}
	return false
}

// moneyWord reports whether the word w speaks of money: its "money"
// feature.
func moneyWord[W string | []byte](w W) bool {
	return len(w) > 0 && w[0] == '$' || string(w) == "ransom" || string(w) == "bitcoin" || string(w) == "million"
}

// sentenceFeatures returns the classifier's features of one sentence,
// sorted and unique, for training.
func sentenceFeatures(text string, index int, s *clfSentence) []string {
	var f []string
	eachFeature(text, index, s, nil, func(b []byte) { f = append(f, string(b)) })
	slices.Sort(f)
	return slices.Compact(f)
}

// eachFeature hands emit every feature of one sentence, repeats included,
// built in buf (reused; emit must copy what it keeps): words, bigrams,
// stems, trigger types, mention kinds in order, digits, money, CVEs and
// the position in the article. What the rules found is left out on
// purpose: with it the classifier learns to echo the rules, and on
// held-out text it gained less. sentenceScores makes the same features
// without their strings.
func eachFeature(text string, index int, s *clfSentence, buf []byte, emit func([]byte)) []byte {
	lower, ends := clfWords(s.span.In(text), nil, nil)
	feat := func(parts ...string) {
		buf = buf[:0]
		for _, p := range parts {
			buf = append(buf, p...)
		}
		emit(buf)
	}
	feat("bias")
	prev, from := "<s>", 0
	for _, end := range ends {
		w := string(lower[from:end])
		from = end
		feat("b=", prev, "_", w)
		buf = eachWordFeature(w, buf, emit)
		prev = w
	}
	buf = eachMentionFeature(index, s, buf, emit)
	return buf
}

// clfWords appends to words the classifier's words of s, lowercased (runs
// of letters, digits, '-' and '$', as strings.FieldsFunc over
// strings.ToLower(s) cuts them), and to ends where each ends in words.
func clfWords(s string, words []byte, ends []int) ([]byte, []int) {
	words, ends, _ = clfWordsAt(s, words, ends, nil, false)
	return words, ends
}

// clfWordsAt is clfWords that also appends to starts, when track is set,
// where each word starts in s.
func clfWordsAt(s string, words []byte, ends, starts []int, track bool) ([]byte, []int, []int) {
	start := len(words)
	for i := 0; i < len(s); {
		var in bool
		at, empty := i, len(words) == start
		if c := s[i]; c < utf8.RuneSelf { // most text: no decoding
			if l := clfASCII[c]; l != 0 {
				words, in = append(words, l), true
			}
			i++
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r = unicode.ToLower(r); unicode.IsLetter(r) || unicode.IsDigit(r) {
				words, in = utf8.AppendRune(words, r), true
			}
			i += n
		}
		if in && empty && track {
			starts = append(starts, at)
		}
		if !in && len(words) > start {
			ends = append(ends, len(words))
			start = len(words)
		}
	}
	if len(words) > start {
		ends = append(ends, len(words))
	}
	return words, ends, starts
}

// clfASCII maps an ASCII byte of a classifier's word to its lower case,
// and every other ASCII byte to 0.
var clfASCII = func() (t [utf8.RuneSelf]byte) {
	for c := range byte(utf8.RuneSelf) {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '$':
			t[c] = c
		case 'A' <= c && c <= 'Z':
			t[c] = c + 'a' - 'A'
		}
	}
	return t
}()

// eachWordFeature hands emit, built in buf, the features the word w makes
// by itself: all but its bigram.
func eachWordFeature(w string, buf []byte, emit func([]byte)) []byte {
	feat := func(parts ...string) {
		buf = buf[:0]
		for _, p := range parts {
			buf = append(buf, p...)
		}
		emit(buf)
	}
	feat("w=", w)
	feat("s=", stem(w))
	for _, tr := range triggers[w] {
		feat("t=", string(tr.typ))
	}
	if digitWord(w) {
		feat("digit")
	}
	if moneyWord(w) {
		feat("money")
	}
	return buf
}

// cveMention reports whether m names a CVE: its "cve" feature.
func cveMention(m model.Mention) bool {
	return len(m.Text) >= 4 && strings.EqualFold(m.Text[:4], "CVE-")
}

// eachMentionFeature hands emit, built in buf, the features of the
// sentence's mentions and of its position in the article.
func eachMentionFeature(index int, s *clfSentence, buf []byte, emit func([]byte)) []byte {
	feat := func(parts ...string) {
		buf = buf[:0]
		for _, p := range parts {
			buf = append(buf, p...)
		}
		emit(buf)
	}
	prevKind := "<s>"
	for _, m := range s.mentions {
		k := string(m.Kind)
		feat("k=", k)
		feat("kk=", prevKind, ">", k)
		if cveMention(m) {
			feat("cve")
		}
		prevKind = k
	}
	feat("kk=", prevKind, ">")
	feat("pos=", strconv.Itoa(min(index, 3)))
	return buf
}

// claimClassifier holds one averaged perceptron per claim type. Weights
// are integers: the averaged weight times div. A feature's weights are
// rows[index[feature]].
type claimClassifier struct {
	index map[string]int32
	rows  [][nFallbackTypes]int64
	div   int64

	// For sentenceScores, which looks words up rather than features:
	// every word a w= or b= feature names and every trigger word, the
	// bigram features' rows by their words' ids (bigramKey), and what
	// an unknown word's features can be: its stem's, digit and money.
	words              map[string]clfWord
	bigrams            map[uint64]int32
	stems              map[string]int32
	startID            int32 // the id of "<s>", the word before the first; -1 if none
	bias, digit, money int32 // rows; -1 if none

	// The rows of eachMentionFeature's features for the kinds a k= feature
	// names (kinds), by kind slot: 0 for "<s>" before the first mention
	// and for none after the last, i+1 for kinds[i]. -1 where the model
	// has no such feature.
	kinds    []model.EntityKind
	kindRows []int32 // k= kind
	pairRows []int32 // kk= kind before ">" kind after, at before*(len(kinds)+1)+after
	posRows  [4]int32
	cve      int32
}

// clfWord is a word the model knows: its id in bigramKey and the rows of
// the features it makes by itself (eachWordFeature).
type clfWord struct {
	id   int32
	rows []int32
}

func newClaimClassifier(w map[string]*[nFallbackTypes]int64, div int64) *claimClassifier {
	c := &claimClassifier{index: make(map[string]int32, len(w)), rows: make([][nFallbackTypes]int64, 0, len(w)), div: div}
	for _, f := range slices.Sorted(maps.Keys(w)) {
		c.index[f] = int32(len(c.rows))
		c.rows = append(c.rows, *w[f])
	}
	c.indexWords()
	return c
}

// indexWords fills the fields sentenceScores reads from index.
func (c *claimClassifier) indexWords() {
	c.words = map[string]clfWord{}
	c.bigrams = map[uint64]int32{}
	c.stems = map[string]int32{}
	id := func(w string) int32 {
		e, ok := c.words[w]
		if !ok {
			e = clfWord{id: int32(len(c.words)), rows: c.appendWordRows(nil, w, nil)}
			c.words[w] = e
		}
		return e.id
	}
	for _, f := range slices.Sorted(maps.Keys(c.index)) {
		if w, ok := strings.CutPrefix(f, "w="); ok {
			id(w)
		}
		// A word holds no '_', so a bigram feature with more than one is
		// never made.
		if pair, ok := strings.CutPrefix(f, "b="); ok {
			if prev, w, ok := strings.Cut(pair, "_"); ok && !strings.Contains(w, "_") {
				c.bigrams[bigramKey(id(prev), id(w))] = c.index[f]
			}
		}
		if st, ok := strings.CutPrefix(f, "s="); ok {
			c.stems[st] = c.index[f]
		}
	}
	for _, w := range slices.Sorted(maps.Keys(triggers)) {
		id(w)
	}
	c.startID = -1
	if e, ok := c.words["<s>"]; ok {
		c.startID = e.id
	}
	row := func(f string) int32 {
		if i, ok := c.index[f]; ok {
			return i
		}
		return -1
	}
	c.bias, c.digit, c.money = row("bias"), row("digit"), row("money")
	c.indexKinds(row)
}

// indexKinds fills the kind tables, with the features' strings made as
// eachMentionFeature makes them; row returns a feature's row or -1.
func (c *claimClassifier) indexKinds(row func(string) int32) {
	for _, f := range slices.Sorted(maps.Keys(c.index)) {
		if k, ok := strings.CutPrefix(f, "k="); ok {
			c.kinds = append(c.kinds, model.EntityKind(k))
		}
	}
	n := len(c.kinds) + 1
	kind := func(slot int, edge string) string {
		if slot == 0 {
			return edge
		}
		return string(c.kinds[slot-1])
	}
	c.kindRows, c.pairRows = make([]int32, n), make([]int32, n*n)
	for a := range n {
		c.kindRows[a] = -1
		if a > 0 {
			c.kindRows[a] = row("k=" + kind(a, ""))
		}
		for b := range n {
			c.pairRows[a*n+b] = row("kk=" + kind(a, "<s>") + ">" + kind(b, ""))
		}
	}
	for i := range c.posRows {
		c.posRows[i] = row("pos=" + strconv.Itoa(i))
	}
	c.cve = row("cve")
}

// kindSlot returns the slot of kind in the kind tables, or -1.
func (c *claimClassifier) kindSlot(kind model.EntityKind) int {
	for i, k := range c.kinds {
		if k == kind {
			return i + 1
		}
	}
	return -1
}

// appendMentionRows appends to ids the rows of eachMentionFeature's
// features from the kind tables; false, with ids as they were, when a
// mention's kind is none of the tables'.
func (c *claimClassifier) appendMentionRows(ids []int32, index int, s *clfSentence) ([]int32, bool) {
	n, from := len(c.kinds)+1, len(ids)
	add := func(row int32) {
		if row >= 0 {
			ids = append(ids, row)
		}
	}
	before := 0
	for _, m := range s.mentions {
		k := c.kindSlot(m.Kind)
		if k < 0 {
			return ids[:from], false
		}
		add(c.kindRows[k])
		add(c.pairRows[before*n+k])
		if cveMention(m) {
			add(c.cve)
		}
		before = k
	}
	add(c.pairRows[before*n])
	add(c.posRows[min(index, 3)])
	return ids, true
}

func bigramKey(prev, w int32) uint64 { return uint64(uint32(prev))<<32 | uint64(uint32(w)) }

// appendWordRows appends to ids the rows of the features w makes by
// itself; buf is scratch, returned for reuse.
func (c *claimClassifier) appendWordRows(ids []int32, w string, buf []byte) []int32 {
	eachWordFeature(w, buf, func(b []byte) {
		if i, ok := c.index[string(b)]; ok {
			ids = append(ids, i)
		}
	})
	return ids
}

// appendUnknownRows appends to ids the rows of the features a word
// indexWords does not know makes by itself: no w= feature names it and it
// is no trigger, so only its stem's, digit and money can be in the model.
func (c *claimClassifier) appendUnknownRows(ids []int32, w []byte) []int32 {
	if i, ok := c.stems[string(stem(w))]; ok {
		ids = append(ids, i)
	}
	if c.digit >= 0 && digitWord(w) {
		ids = append(ids, c.digit)
	}
	if c.money >= 0 && moneyWord(w) {
		ids = append(ids, c.money)
	}
	return ids
}

// scores returns the averaged perceptrons' scores of a sentence's
// features, which must be unique.
func (c *claimClassifier) scores(feats []string) [nFallbackTypes]float64 {
	ids := make([]int32, 0, len(feats))
	for _, f := range feats {
		if i, ok := c.index[f]; ok {
			ids = append(ids, i)
		}
	}
	return c.total(ids)
}

// total sums the weights of the features ids, each counted once.
func (c *claimClassifier) total(ids []int32) [nFallbackTypes]float64 {
	var sum [nFallbackTypes]int64
	for _, i := range ids {
		for t := range sum {
			sum[t] += c.rows[i][t]
		}
	}
	return c.scaled(sum)
}

// scaled turns summed integer weights into scores.
func (c *claimClassifier) scaled(sum [nFallbackTypes]int64) [nFallbackTypes]float64 {
	var out [nFallbackTypes]float64
	for t := range out {
		out[t] = float64(sum[t]) / float64(c.div)
	}
	return out
}

// clfScratch is sentenceScores' scratch, kept across sentences.
type clfScratch struct {
	buf, words []byte
	ends       []int
	ids        []int32
	seen       []uint32 // per row, the mark of the last sentence that counted it
	mark       uint32
	roles      roleReader  // the role classifier's, reused sentence to sentence
	sentence   clfSentence // the sentence roles reads, kept here so that it need not escape
}

// sentenceScores scores a sentence as scores(sentenceFeatures(...))
// does, without making the features' strings: a word's own features and
// its bigram are looked up by the word, once.
func (c *claimClassifier) sentenceScores(text string, index int, s *clfSentence, sc *clfScratch) [nFallbackTypes]float64 {
	sc.words, sc.ends = clfWords(s.span.In(text), sc.words[:0], sc.ends[:0])
	ids := sc.ids[:0]
	if c.bias >= 0 {
		ids = append(ids, c.bias)
	}
	prev, from := c.startID, 0
	for _, end := range sc.ends {
		w := sc.words[from:end]
		from = end
		e, known := c.words[string(w)]
		if known {
			ids = append(ids, e.rows...)
		} else {
			e.id = -1 // in no bigram feature
			ids = c.appendUnknownRows(ids, w)
		}
		if prev >= 0 && e.id >= 0 {
			if i, ok := c.bigrams[bigramKey(prev, e.id)]; ok {
				ids = append(ids, i)
			}
		}
		prev = e.id
	}
	ids, ok := c.appendMentionRows(ids, index, s)
	if !ok {
		sc.buf = eachMentionFeature(index, s, sc.buf, func(b []byte) {
			if i, ok := c.index[string(b)]; ok {
				ids = append(ids, i)
			}
		})
	}
	sc.ids = ids
	return c.totalOnce(ids, sc)
}

// totalOnce is total(ids) with repeats in ids counted once, as in
// training; sc.seen marks the rows counted.
func (c *claimClassifier) totalOnce(ids []int32, sc *clfScratch) [nFallbackTypes]float64 {
	if len(sc.seen) != len(c.rows) {
		sc.seen, sc.mark = make([]uint32, len(c.rows)), 0
	}
	sc.mark++
	if sc.mark == 0 { // wrapped: old marks could pass for new ones
		clear(sc.seen)
		sc.mark = 1
	}
	var sum [nFallbackTypes]int64
	seen, mark := sc.seen, sc.mark
	for _, i := range ids {
		if seen[i] == mark {
			continue
		}
		seen[i] = mark
		row := &c.rows[i] // one bounds check, not one per type
		for t, w := range row {
			sum[t] += w
		}
	}
	return c.scaled(sum)
}

// trainClaimClassifier trains on the sentences of arts, visiting them in
// an order shuffled by a fixed seed, for a fixed number of epochs, so that
// the same articles give the same weights.
//
// It trains claimClassifierModels perceptrons, each visiting the sentences
// in another order, and sums them: their mean is one linear model, read
// and applied as one, that depends less on the order any of them saw.
func trainClaimClassifier(arts []*clfArticle, epochs int) *claimClassifier {
	sum := map[string]*[nFallbackTypes]int64{}
	var div int64
	for i := range claimClassifierModels {
		c := trainClaimClassifierSeed(arts, epochs, uint64(i))
		div += c.div
		for f, at := range c.index {
			if sum[f] == nil {
				sum[f] = new([nFallbackTypes]int64)
			}
			for t := range sum[f] {
				sum[f][t] += c.rows[at][t]
			}
		}
	}
	return newClaimClassifier(sum, div)
}

// trainClaimClassifierSeed trains one averaged perceptron, visiting the
// sentences in the order seed (added to claimClassifierSeed) shuffles.
func trainClaimClassifierSeed(arts []*clfArticle, epochs int, seed uint64) *claimClassifier {
	var sents []*clfSentence
	for _, a := range arts {
		for i := range a.sents {
			sents = append(sents, &a.sents[i])
		}
	}
	// Averaging by the usual trick: w is the current weight, u the sum of
	// each update times the step it happened at; the average is w - u/step,
	// kept as the integer w*step - u.
	w := map[string]*[nFallbackTypes]int64{}
	u := map[string]*[nFallbackTypes]int64{}
	rng := rand.New(rand.NewPCG(claimClassifierSeed[0]+seed, claimClassifierSeed[1]))
	step := int64(1)
	for range epochs {
		rng.Shuffle(len(sents), func(i, j int) { sents[i], sents[j] = sents[j], sents[i] })
		for _, s := range sents {
			var sc [nFallbackTypes]int64
			for _, f := range s.feats {
				if ws := w[f]; ws != nil {
					for t := range sc {
						sc[t] += ws[t]
					}
				}
			}
			for t := range nFallbackTypes {
				y := s.gold&(1<<t) != 0
				if (sc[t] > 0) == y {
					continue
				}
				d := int64(-1)
				if y {
					d = 1
				}
				for _, f := range s.feats {
					if w[f] == nil {
						w[f], u[f] = new([nFallbackTypes]int64), new([nFallbackTypes]int64)
					}
					w[f][t] += d
					u[f][t] += d * step
				}
			}
			step++
		}
	}
	avg := map[string]*[nFallbackTypes]int64{}
	for f, ws := range w {
		a := new([nFallbackTypes]int64)
		for t := range a {
			a[t] = ws[t]*step - u[f][t]
		}
		if *a != ([nFallbackTypes]int64{}) {
			avg[f] = a
		}
	}
	return newClaimClassifier(avg, step)
}

// TrainClaimClassifier trains the claim classifier on arts, their
// mentions found with gaz, and returns the model file: the same articles
// and gazetteer always give the same bytes.
func TrainClaimClassifier(arts []GoldArticle, gaz *Gazetteer) ([]byte, error) {
	prepared := prepareArticles(arts, gaz)
	ptrs := make([]*clfArticle, len(prepared))
	for i := range prepared {
		ptrs[i] = &prepared[i]
	}
	return trainClaimClassifier(ptrs, claimClassifierEpochs).marshal()
}

const claimClassifierMagic = "winnow-claim-classifier 1"

// marshal writes the model file (weights.go).
func (c *claimClassifier) marshal() ([]byte, error) {
	return writeWeights("claim classifier", claimClassifierMagic, c.div, fallbackTypeNames(),
		slices.Sorted(maps.Keys(c.index)), func(f string) []int64 { return c.rows[c.index[f]][:] })
}

// loadClaimClassifier reads a model file written by marshal.
func loadClaimClassifier(data []byte) (*claimClassifier, error) {
	w := map[string]*[nFallbackTypes]int64{}
	div, err := readWeights(data, "claim classifier", claimClassifierMagic, fallbackTypeNames(), nFallbackTypes,
		func(f string, ws []int64) bool {
			if w[f] != nil {
				return true
			}
			w[f] = (*[nFallbackTypes]int64)(slices.Clone(ws))
			return false
		})
	if err != nil {
		return nil, err
	}
	return newClaimClassifier(w, div), nil
}

// embeddedClassifier is the embedded model, read on first use.
var embeddedClassifier = sync.OnceValues(func() (*claimClassifier, error) {
	c, err := loadClaimClassifier(embeddedClaimClassifier)
	if err != nil {
		return nil, fmt.Errorf("embedded claim classifier %s: %w", ClaimClassifierPath, err)
	}
	return c, nil
})

// CheckClaimClassifier loads the embedded claim classifier and reports
// whether it is usable, so that a program can refuse to start rather than
// run Extract with Options.ClaimFallback silently doing nothing.
func CheckClaimClassifier() error {
	if _, err := embeddedClassifier(); err != nil {
		return err
	}
	_, err := embeddedRoles()
	return err
}

// sentenceFallback holds what the fallback needs across an article's
// sentences: its tuning, every sentence's mentions with the people in
// them (the classifier was trained on those) and scratch buffers.
type sentenceFallback struct {
	fallbackTuning
	mentions []model.Mention
	scratch  *clfScratch
}

// newSentenceFallback returns the fallback for an article whose mentions,
// people included, are mentions, tuned by t or else by the embedded model
// and the constants, scoring with sc; nil when the model cannot be read
// (CheckClaimClassifier reports it; tests keep the file whole).
func newSentenceFallback(mentions []model.Mention, t *fallbackTuning, sc *clfScratch) *sentenceFallback {
	if t != nil {
		return &sentenceFallback{fallbackTuning: *t, mentions: mentions, scratch: sc}
	}
	clf, err := embeddedClassifier()
	if err != nil {
		return nil
	}
	roles, err := embeddedRoles()
	if err != nil {
		return nil
	}
	return &sentenceFallback{
		fallbackTuning: fallbackTuning{clf: clf, roles: roles, threshold: claimFallbackThreshold,
			forcedThreshold: forcedFallbackThreshold, forced: true},
		mentions: mentions,
		scratch:  sc,
	}
}

// claims returns the fallback's claims for sentence index of span, whose
// rule claims are rules and before which the article's claims are
// earlier: a claim of every type the classifier scores above threshold
// that the rules did not produce. forced builds claims of the wanted types
// (a bit per type) from the sentence's trigger words, as the rules do; a
// type it cannot build gets a claim whose roles are read from the
// sentence's mentions, and from earlier claims where they name no one.
func (f *sentenceFallback) claims(text string, index int, span model.Span, claimant string, earlier, rules []model.Claim,
	forced func(want uint16) []model.Claim) []model.Claim {
	s := clfSentence{span: span, mentions: mentionsWithin(f.mentions, span), rules: rules, earlier: earlier}
	s.claimant = claimant
	// Every fallback claim needs a role, and roles come from mentions or
	// earlier claims.
	if len(s.mentions) == 0 && len(earlier) == 0 {
		return nil
	}
	for _, c := range rules {
		s.ruleBits |= typeBit(c.Type)
	}
	sc := f.clf.sentenceScores(text, index, &s, f.scratch)
	want := wantedTypes(sc, s.ruleBits, f.threshold)
	wantForced := wantedTypes(sc, s.ruleBits, f.forcedThreshold)
	var out []model.Claim
	if forced != nil && wantForced != 0 {
		for _, c := range forced(wantForced) {
			if bit := typeBit(c.Type); wantForced&bit != 0 {
				wantForced &^= bit
				want &^= bit
				c.Confidence = fallbackConfidence
				out = append(out, c)
			}
		}
	}
	if want == 0 {
		return out
	}
	f.scratch.sentence = s
	sent := &f.scratch.sentence
	return append(out, mentionClaims(text, sent, want, f.roles.reader(text, sent, &f.scratch.roles))...)
}

// wantedTypes returns a bit per claim type, alias included, the scores put
// above threshold and the rules (ruleBits) did not produce.
func wantedTypes(sc [nFallbackTypes]float64, ruleBits uint16, threshold float64) uint16 {
	var want uint16
	for t := range fallbackTypes {
		if sc[t] > threshold && ruleBits&(1<<t) == 0 {
			want |= 1 << t
		}
	}
	return want
}

// fallbackClaims returns, for one sentence, a claim of every type the
// classifier scores above threshold and the rules did not produce, with
// roles read from the sentence's mentions: the cross-validation harness's
// way to the claims sentenceFallback makes without forcedClaims.
func fallbackClaims(text string, s *clfSentence, sc [nFallbackTypes]float64, threshold float64) []model.Claim {
	return mentionClaims(text, s, wantedTypes(sc, s.ruleBits, threshold), nil)
}

// mentionClaims returns a claim of every type in want (a bit per type)
// with roles read from the sentence's mentions by reader (the role
// classifier's reader of s), or by their kinds when it is nil; a claim
// that lacks what its type needs (testdata/claims/README.md) is dropped.
// Alias claims come from fallbackAliases.
func mentionClaims(text string, s *clfSentence, want uint16, reader *roleReader) []model.Claim {
	var out []model.Claim
	for t, typ := range claimTypeOrder {
		if want&(1<<t) == 0 {
			continue
		}
		if c, ok := fallbackClaim(text, s, typ, reader); ok {
			out = append(out, c)
		}
	}
	if want&typeBit(model.ClaimAliasAssertion) != 0 {
		out = append(out, fallbackAliases(text, s)...)
	}
	return out
}

// fallbackAliases returns the alias claims of a sentence the classifier
// judges to name a group by another name and the alias rules did not
// read ("Its activity overlaps with that of groups other firms track as
// Scattered Spider and UNC3944"): the sentence's first group or malware
// is the subject, or, when it names only one or opens with "its" or "the
// group", the article's latest actor;
// every other name is an alias, or an overlap where the sentence speaks
// of one. One claim per alias, as the gold set records them.
func fallbackAliases(text string, s *clfSentence) []model.Claim {
	var names []model.Mention
	for _, m := range s.mentions {
		if m.Kind == model.KindThreatActor || m.Kind == model.KindMalware {
			names = append(names, m)
		}
	}
	sentence := strings.ToLower(s.span.In(text))
	role := "alias"
	if strings.Contains(sentence, "overlap") {
		role = "overlaps"
	}
	// "Its activity overlaps with ...", "The group is also tracked as
	// ...": every name is another of the article's actor's.
	anaphoric := strings.HasPrefix(sentence, "its ") || strings.HasPrefix(sentence, "it ") ||
		strings.HasPrefix(sentence, "the group") || strings.HasPrefix(sentence, "the gang")
	var subject model.Role
	switch {
	case len(names) >= 2 && !anaphoric:
		subject = model.Role{Role: "subject", Text: names[0].Text, EntityKey: names[0].EntityKey, Span: names[0].Span}
		names = names[1:]
	case len(names) >= 1:
		r, ok := carriedRole(s.earlier, "actor")
		if !ok {
			return nil
		}
		subject = model.Role{Role: "subject", Text: r.Text, EntityKey: r.EntityKey, Span: r.Span}
	default:
		return nil
	}
	var out []model.Claim
	for _, m := range names {
		if normalizeName(m.Text) == normalizeName(subject.Text) {
			continue
		}
		out = append(out, model.Claim{Type: model.ClaimAliasAssertion, Evidence: s.span, EvidenceText: s.span.In(text),
			Confidence: fallbackConfidence, Roles: []model.Role{subject, {Role: role, Text: m.Text, EntityKey: m.EntityKey, Span: m.Span}}})
	}
	return out
}

// fallbackClaim builds a claim of type typ from the sentence's mentions,
// their roles read by roles (the role classifier's reader of s) or, when
// it is nil, by an assignment that knows only mention kinds and the
// built-in tables.
func fallbackClaim(text string, s *clfSentence, typ model.ClaimType, roles *roleReader) (model.Claim, bool) {
	c := model.Claim{Type: typ, Evidence: s.span, EvidenceText: s.span.In(text), Confidence: fallbackConfidence}
	// The rules' claims of the sentence know its claimant, hedge and time.
	if len(s.rules) > 0 {
		r := s.rules[0]
		c.Claimant, c.Hedge, c.Negated = r.Claimant, r.Hedge, r.Negated
		if r.Type != model.ClaimDisclosure && r.Type != model.ClaimLawEnforce {
			c.TimeText, c.TimeStart, c.TimeEnd = r.TimeText, r.TimeStart, r.TimeEnd
		}
	} else {
		// Without them, the sentence's speaker: "X, a spokesman for Y,
		// said ..." reports the claim and takes no part in it.
		c.Claimant = s.claimant
	}
	add := func(role string, m model.Mention) {
		if slices.ContainsFunc(c.Roles, func(r model.Role) bool { return r.Role == role && strings.EqualFold(r.Text, m.Text) }) {
			return // "China ... China": one sponsor
		}
		c.Roles = append(c.Roles, model.Role{Role: role, Text: m.Text, EntityKey: m.EntityKey, Span: m.Span})
	}
	has := func(roles ...string) bool {
		return slices.ContainsFunc(c.Roles, func(r model.Role) bool { return slices.Contains(roles, r.Role) })
	}
	actorSeen := false
	var claimant []string
	if c.Claimant != "" {
		claimant = claimantWords(c.Claimant)
	}
	trigger := -1
	if roles != nil {
		trigger = roles.ctx.firstTrigger(typ)
	}
	for i, m := range s.mentions {
		if claimant != nil && sameClaimantWords(claimant, m.Text) {
			continue
		}
		if roles != nil {
			if r := roles.role(i, typ, trigger); r != "" {
				add(r, m)
			}
			continue
		}
		next := ""
		if i+1 < len(s.mentions) {
			next = string(s.mentions[i+1].Kind)
		}
		// A place just before the attacker qualifies it: "North Korea's
		// Lazarus Group", "Chinese hackers".
		gapToNext := len(text)
		if i+1 < len(s.mentions) {
			gapToNext = s.mentions[i+1].Span.Start - m.Span.End
		}
		switch m.Kind {
		case model.KindThreatActor:
			switch typ {
			case model.ClaimLawEnforce:
				add("target", m)
			case model.ClaimDisclosure:
			default:
				if !actorSeen {
					add("actor", m)
					actorSeen = true
				}
			}
		case model.KindMalware, model.KindTool:
			switch typ {
			case model.ClaimLawEnforce:
				add("target", m)
			case model.ClaimExploitation, model.ClaimDisclosure:
			default:
				if typ == model.ClaimRansomware && groupWordAfter(text, m.Span) && !actorSeen {
					add("actor", m)
					actorSeen = true
				} else {
					add("malware", m)
				}
			}
		case model.KindVulnerability:
			if typ == model.ClaimExploitation || typ == model.ClaimDisclosure {
				add("vulnerability", m)
			}
		case model.KindPerson:
			if typ == model.ClaimLawEnforce {
				add("target", m)
			}
		case model.KindCountry:
			switch {
			case typ == model.ClaimDisclosure:
			case typ == model.ClaimAttribution || next == string(model.KindThreatActor) && gapToNext <= 4:
				if typ != model.ClaimLawEnforce {
					add("sponsor", m)
				}
			default:
				add("country", m)
			}
		case model.KindSector:
			if typ != model.ClaimLawEnforce && typ != model.ClaimDisclosure && typ != model.ClaimExploitation {
				add("sector", m)
			}
		case model.KindOrganization:
			oc := classifyName(m.Text)
			switch {
			case typ == model.ClaimLawEnforce:
				if lawEnforcementBody(m.Text) || oc.government || oc.agency {
					add("authority", m)
				}
			case oc.agency && (typ == model.ClaimAttribution || typ == model.ClaimTargeting):
				add("sponsor", m)
			case oc.secVendor || oc.government:
				// Security vendors report; governments mostly speak.
			case typ == model.ClaimDisclosure:
				add("vendor", m)
			default:
				add("victim", m)
			}
		}
	}
	if typ == model.ClaimExploitation || typ == model.ClaimDisclosure {
		// Products are no mentions: the fallback reads the known ones
		// from the text, as the rules do (knownProducts).
		for _, r := range productsIn(text, s.span) {
			if !slices.ContainsFunc(c.Roles, func(o model.Role) bool { return overlaps(o.Span, r.Span) }) {
				c.Roles = append(c.Roles, r)
			}
		}
	}
	complete := func() bool {
		switch typ {
		case model.ClaimAttribution:
			return has("actor", "sponsor", "malware")
		case model.ClaimTargeting:
			return has("victim", "sector", "country") && has("actor", "sponsor", "malware")
		case model.ClaimMalwareUse:
			return has("malware")
		case model.ClaimExploitation, model.ClaimDisclosure:
			return has("vulnerability", "product")
		case model.ClaimDataBreach:
			return has("victim", "actor", "data")
		case model.ClaimRansomware:
			return has("actor", "malware", "victim")
		case model.ClaimLawEnforce:
			return has("authority", "target")
		}
		return false
	}
	if complete() {
		return c, true
	}
	// The sentence speaks of a party named before ("the attackers had
	// stolen patient data", "the hack"): as the gold set records an
	// anaphor, the claim takes the article's latest name in that role.
	borrow := func(need ...string) {
		if has(need...) {
			return
		}
		for _, role := range need {
			if r, ok := carriedRole(s.earlier, role); ok {
				c.Roles = append(c.Roles, r)
				return
			}
		}
	}
	switch typ {
	case model.ClaimTargeting:
		borrow("actor", "malware")
		borrow("victim")
	case model.ClaimMalwareUse:
		borrow("malware")
	case model.ClaimExploitation:
		borrow("vulnerability")
	case model.ClaimDataBreach:
		borrow("victim")
	case model.ClaimRansomware:
		borrow("victim")
		borrow("actor", "malware")
	case model.ClaimLawEnforce:
		borrow("target") // "He was arrested in Arizona"
	}
	return c, complete()
}

// carriedRole returns the latest role named role among the claims
// earlier, in article order.
func carriedRole(earlier []model.Claim, role string) (model.Role, bool) {
	for i := len(earlier) - 1; i >= 0; i-- {
		roles := earlier[i].Roles
		for j := len(roles) - 1; j >= 0; j-- {
			if roles[j].Role == role {
				return roles[j], true
			}
		}
	}
	return model.Role{}, false
}

// groupWordAfter reports whether a gang word follows the name: "the
// LockBit gang" is the actor, "LockBit" alone the malware.
func groupWordAfter(text string, span model.Span) bool {
	rest := strings.Fields(strings.ToLower(text[span.End:min(len(text), span.End+20)]))
	if len(rest) > 0 && rest[0] == "ransomware" {
		rest = rest[1:]
	}
	return len(rest) > 0 && slices.Contains([]string{"gang", "group", "operators", "affiliates", "crew"}, strings.Trim(rest[0], ",.;"))
}
