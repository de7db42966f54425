package extract

// Learned roles for the fallback's claims. When the sentence classifier
// (claimclf.go) wants a claim type the rules did not produce and no rule
// can build it, the claim's roles come from the sentence's mentions. A
// multi-class averaged perceptron reads each mention, given the claim
// type, and picks its role among those the type allows, or none: the
// type, the mention's kind, the words around it, whether it stands before
// or after the sentence's first trigger of the type, its order among
// mentions of its kind, what the tables say of an organisation's name and
// the mentions next to it. Without the model the roles follow mention
// kinds alone (fallbackClaim).
//
// The model is trained on the dev split of the claim gold set
// (TrainRoleClassifier, `winnow train --roles`) and embedded as
// data/roleclf.tsv.gz, a weight per label for each feature, in the layout
// weights.go reads and writes.

import (
	_ "embed"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/winnow-cti/winnow/internal/model"
)

// RoleClassifierPath is where the embedded role classifier lives,
// relative to the repository root.
const RoleClassifierPath = "internal/extract/data/roleclf.tsv.gz"

//go:embed data/roleclf.tsv.gz
var embeddedRoleClassifier []byte

// EmbeddedRoleClassifier returns the embedded model file, for tests that
// check it is what training makes.
func EmbeddedRoleClassifier() []byte { return embeddedRoleClassifier }

// roleLabels are the classes: no role, then every role a claim type other
// than alias may carry, in roleOrder.
var roleLabels = func() []string {
	out := []string{noRole}
	for _, r := range roleOrder {
		for _, allowed := range allowedRoles {
			if slices.Contains(allowed, r) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}()

const noRole = "none"

const nRoleLabels = 15

// roleCandidates holds, per claim type, the label indexes the type
// allows, none first.
var roleCandidates = func() map[model.ClaimType][]int {
	out := map[model.ClaimType][]int{}
	for typ, allowed := range allowedRoles {
		c := []int{0}
		for i, l := range roleLabels {
			if slices.Contains(allowed, l) {
				c = append(c, i)
			}
		}
		out[typ] = c
	}
	return out
}()

// roleClassifierEpochs and roleClassifierSeed fix training as the claim
// classifier's do.
const roleClassifierEpochs = 10

var roleClassifierSeed = [2]uint64{3, 5}

// roleClassifier holds the averaged weights times div, a row per feature.
type roleClassifier struct {
	rows map[string]*[nRoleLabels]int64
	div  int64
}

// roleExample is one mention of one gold claim, for training.
type roleExample struct {
	feats []string
	cands []int
	gold  int
}

// roleContext is one sentence read once for the role features of its
// mentions: its classifier words (clfWords), where each ends among them
// and where each starts in the sentence, and what the tables say of its
// organisations' names.
type roleContext struct {
	text   string
	s      *clfSentence
	words  []byte
	ends   []int
	starts []int
	orgs   []uint8 // per mention: orgRead, then the org* bits
}

const (
	orgRead uint8 = 1 << iota
	orgAgency
	orgGovernment
	orgVendor
	orgPolice
)

var orgFlagNames = []struct {
	bit  uint8
	name string
}{{orgAgency, "agency"}, {orgGovernment, "government"}, {orgVendor, "vendor"}, {orgPolice, "police"}}

// reset reads s afresh into rc, reusing its buffers.
func (rc *roleContext) reset(text string, s *clfSentence) {
	rc.text, rc.s = text, s
	rc.orgs = slices.Grow(rc.orgs[:0], len(s.mentions))[:len(s.mentions)]
	clear(rc.orgs)
	rc.words, rc.ends, rc.starts = clfWordsAt(s.span.In(text), rc.words[:0], rc.ends[:0], rc.starts[:0], true)
}

func newRoleContext(text string, s *clfSentence) roleContext {
	var rc roleContext
	rc.reset(text, s)
	return rc
}

// word returns the k-th word.
func (rc *roleContext) word(k int) []byte {
	from := 0
	if k > 0 {
		from = rc.ends[k-1]
	}
	return rc.words[from:rc.ends[k]]
}

// wordFrom returns the index of the first word that starts at or after
// the text offset at, or the number of words.
func (rc *roleContext) wordFrom(at int) int {
	off := at - rc.s.span.Start
	k, _ := slices.BinarySearch(rc.starts, off)
	return k
}

// firstTrigger returns the index of the first word that triggers a claim
// of type typ, or -1.
func (rc *roleContext) firstTrigger(typ model.ClaimType) int {
	for k := range rc.ends {
		for _, tr := range triggers[string(rc.word(k))] {
			if tr.typ == typ {
				return k
			}
		}
	}
	return -1
}

// orgFlags returns the org* bits of mention i, an organisation.
func (rc *roleContext) orgFlags(i int) uint8 {
	if rc.orgs[i]&orgRead == 0 {
		m := rc.s.mentions[i]
		oc := classifyName(m.Text)
		f := orgRead
		for _, on := range []struct {
			set bool
			bit uint8
		}{{oc.agency, orgAgency}, {oc.government, orgGovernment}, {oc.secVendor, orgVendor}, {lawEnforcementBody(m.Text), orgPolice}} {
			if on.set {
				f |= on.bit
			}
		}
		rc.orgs[i] = f
	}
	return rc.orgs[i]
}

var smallNumbers = [...]string{"0", "1", "2"}

// eachRoleFeature hands emit every feature of mention i read for a claim
// of type typ whose first trigger word is trigger (-1 for none), built in
// buf (reused; emit must copy what it keeps).
func eachRoleFeature(rc *roleContext, i int, typ model.ClaimType, trigger int, buf []byte, emit func([]byte)) []byte {
	feat := func(word []byte, parts ...string) {
		buf = buf[:0]
		for _, p := range parts {
			buf = append(buf, p...)
		}
		buf = append(buf, word...)
		emit(buf)
	}
	s := rc.s
	m := s.mentions[i]
	t, k := string(typ), string(m.Kind)
	feat(nil, "t=", t)
	feat(nil, "k=", k)
	feat(nil, "tk=", t, "|", k)
	// The words on either side, the nearest also with the type.
	first, after := rc.wordFrom(m.Span.Start), rc.wordFrom(m.Span.End)
	if first > 0 {
		feat(rc.word(first-1), "p1=")
		feat(rc.word(first-1), "tp1=", t, "|")
	}
	if first > 1 {
		feat(rc.word(first-2), "p2=")
	}
	if after < len(rc.ends) {
		feat(rc.word(after), "n1=")
		feat(rc.word(after), "tn1=", t, "|")
	}
	if after+1 < len(rc.ends) {
		feat(rc.word(after+1), "n2=")
	}
	// Which side of the first trigger of the type it stands on.
	side := "none"
	if trigger >= 0 {
		side = "after"
		if first <= trigger {
			side = "before"
		}
	}
	feat(nil, "tr=", t, "|", k, "|", side)
	// Its order among the mentions of its kind.
	order, later := 0, false
	for j, o := range s.mentions {
		if o.Kind == m.Kind {
			if j < i {
				order++
			} else if j > i {
				later = true
			}
		}
	}
	feat(nil, "ord=", t, "|", k, "|", smallNumbers[min(order, 2)])
	if !later {
		feat(nil, "last=", t, "|", k)
	}
	// The mentions next to it, when little stands between.
	if i > 0 && m.Span.Start-s.mentions[i-1].Span.End <= 4 {
		feat(nil, "pv=", t, "|", k, "|", string(s.mentions[i-1].Kind))
	}
	if i+1 < len(s.mentions) && s.mentions[i+1].Span.Start-m.Span.End <= 4 {
		feat(nil, "nx=", t, "|", k, "|", string(s.mentions[i+1].Kind))
	}
	switch m.Kind {
	case model.KindOrganization:
		flags := rc.orgFlags(i)
		for _, f := range orgFlagNames {
			if flags&f.bit != 0 {
				feat(nil, "org=", t, "|", f.name)
			}
		}
	case model.KindMalware, model.KindTool:
		if groupWordAfter(rc.text, m.Span) {
			feat(nil, "gang=", t)
		}
	}
	return buf
}

// roleFeatures returns the features of one mention, sorted and unique.
func roleFeatures(rc *roleContext, i int, typ model.ClaimType) []string {
	var f []string
	eachRoleFeature(rc, i, typ, rc.firstTrigger(typ), nil, func(b []byte) { f = append(f, string(b)) })
	slices.Sort(f)
	return slices.Compact(f)
}

// best returns the label of cands (indexes into roleLabels) sum scores
// highest; the first wins a tie, so none when nothing speaks for a role.
func best(sum *[nRoleLabels]int64, cands []int) int {
	b := cands[0]
	for _, l := range cands[1:] {
		if sum[l] > sum[b] {
			b = l
		}
	}
	return b
}

// predictFeatures returns the label the model gives features.
func (c *roleClassifier) predictFeatures(feats []string, cands []int) int {
	var sum [nRoleLabels]int64
	for _, f := range feats {
		if row := c.rows[f]; row != nil {
			for l := range sum {
				sum[l] += row[l]
			}
		}
	}
	return best(&sum, cands)
}

// roleReader reads the roles of one sentence's mentions with a model,
// building each feature in one reused buffer.
type roleReader struct {
	c   *roleClassifier
	ctx roleContext
	sum [nRoleLabels]int64
	buf []byte
	add func([]byte) // adds a feature's weights to sum
}

// reader readies r (its buffers reused) to read s's mentions and returns
// it, or nil for a nil model: the fallback then reads roles from mention
// kinds.
func (c *roleClassifier) reader(text string, s *clfSentence, r *roleReader) *roleReader {
	if c == nil {
		return nil
	}
	r.c = c
	r.ctx.reset(text, s)
	if r.add == nil {
		r.add = func(f []byte) {
			if row := r.c.rows[string(f)]; row != nil {
				for l := range r.sum {
					r.sum[l] += row[l]
				}
			}
		}
	}
	return r
}

// role returns the role of mention i in a claim of type typ whose first
// trigger word is trigger, or "" for none.
func (r *roleReader) role(i int, typ model.ClaimType, trigger int) string {
	r.sum = [nRoleLabels]int64{}
	r.buf = eachRoleFeature(&r.ctx, i, typ, trigger, r.buf, r.add)
	if l := best(&r.sum, roleCandidates[typ]); l != 0 {
		return roleLabels[l]
	}
	return ""
}

// roleExamples turns the gold claims of prepared articles into training
// examples: every mention of a claim's sentence but the claimant, labelled
// with the gold role it matches (as the evaluator matches roles) or none.
func roleExamples(arts []*clfArticle) []roleExample {
	var out []roleExample
	for _, a := range arts {
		for gi := range a.gold.Claims {
			g := &a.gold.Claims[gi]
			cands, ok := roleCandidates[g.Type]
			if !ok {
				continue // alias
			}
			s := &a.sents[g.Sentence]
			rc := newRoleContext(a.gold.text, s)
			var claimant []string
			if g.Claimant != "" {
				claimant = claimantWords(g.Claimant)
			}
			for i, m := range s.mentions {
				if claimant != nil && sameClaimantWords(claimant, m.Text) {
					continue
				}
				gold := 0
				for _, gr := range g.roles {
					if gr.matches(m.Span, m.Text) {
						gold = slices.Index(roleLabels, gr.role)
						break
					}
				}
				if !slices.Contains(cands, gold) {
					gold = 0 // a role no mention kind reaches
				}
				out = append(out, roleExample{feats: roleFeatures(&rc, i, g.Type), cands: cands, gold: gold})
			}
		}
	}
	return out
}

// trainRoleClassifier trains on the examples in an order shuffled by a
// fixed seed, for a fixed number of epochs: the same examples give the
// same weights.
func trainRoleClassifier(examples []roleExample, epochs int) *roleClassifier {
	// Averaged as the claim classifier is: w*step - u, u the sum of every
	// update times the step it happened at.
	w := map[string]*[nRoleLabels]int64{}
	u := map[string]*[nRoleLabels]int64{}
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(roleClassifierSeed[0], roleClassifierSeed[1]))
	step := int64(1)
	current := &roleClassifier{rows: w, div: 1}
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, n := range order {
			ex := &examples[n]
			pred := current.predictFeatures(ex.feats, ex.cands)
			if pred != ex.gold {
				for _, f := range ex.feats {
					if w[f] == nil {
						w[f], u[f] = new([nRoleLabels]int64), new([nRoleLabels]int64)
					}
					w[f][ex.gold]++
					u[f][ex.gold] += step
					w[f][pred]--
					u[f][pred] -= step
				}
			}
			step++
		}
	}
	avg := map[string]*[nRoleLabels]int64{}
	for f, ws := range w {
		a := new([nRoleLabels]int64)
		for l := range a {
			a[l] = ws[l]*step - u[f][l]
		}
		if *a != ([nRoleLabels]int64{}) {
			avg[f] = a
		}
	}
	return &roleClassifier{rows: avg, div: step}
}

// TrainRoleClassifier trains the role classifier on arts, their mentions
// found with gaz, and returns the model file: the same articles and
// gazetteer always give the same bytes.
func TrainRoleClassifier(arts []GoldArticle, gaz *Gazetteer) ([]byte, error) {
	prepared := prepareArticles(arts, gaz)
	ptrs := make([]*clfArticle, len(prepared))
	for i := range prepared {
		ptrs[i] = &prepared[i]
	}
	return trainRoleClassifier(roleExamples(ptrs), roleClassifierEpochs).marshal()
}

const roleClassifierMagic = "winnow-role-classifier 1"

// marshal writes the model file (weights.go).
func (c *roleClassifier) marshal() ([]byte, error) {
	return writeWeights("role classifier", roleClassifierMagic, c.div, strings.Join(roleLabels, ","),
		slices.Sorted(maps.Keys(c.rows)), func(f string) []int64 { return c.rows[f][:] })
}

// loadRoleClassifier reads a model file written by marshal.
func loadRoleClassifier(data []byte) (*roleClassifier, error) {
	rows := map[string]*[nRoleLabels]int64{}
	div, err := readWeights(data, "role classifier", roleClassifierMagic, strings.Join(roleLabels, ","), nRoleLabels,
		func(f string, ws []int64) bool {
			if rows[f] != nil {
				return true
			}
			rows[f] = (*[nRoleLabels]int64)(slices.Clone(ws))
			return false
		})
	if err != nil {
		return nil, err
	}
	return &roleClassifier{rows: rows, div: div}, nil
}

// embeddedRoles is the embedded role model, read on first use.
var embeddedRoles = sync.OnceValues(func() (*roleClassifier, error) {
	c, err := loadRoleClassifier(embeddedRoleClassifier)
	if err != nil {
		return nil, fmt.Errorf("embedded role classifier %s: %w", RoleClassifierPath, err)
	}
	return c, nil
})
