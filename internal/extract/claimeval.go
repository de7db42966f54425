package extract

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/winnow-cti/winnow/internal/extract/ioc"
	"github.com/winnow-cti/winnow/internal/model"
)

// The claim gold set: short articles written for the project with the
// claims an analyst would extract from them (testdata/claims/README.md has
// the annotation guidelines). dev.json is for improving the rules;
// test.json is held out.
//
//go:embed testdata/claims/dev.json testdata/claims/test.json
var claimGoldFS embed.FS

// Gold-set splits.
const (
	SplitDev  = "dev"
	SplitTest = "test"
	SplitAll  = "all"
)

// ClaimGoldSet returns the embedded gold articles of a split: "dev",
// "test" or "all".
func ClaimGoldSet(split string) ([]GoldArticle, error) {
	var files []string
	switch split {
	case SplitDev, SplitTest:
		files = []string{split}
	case SplitAll:
		files = []string{SplitDev, SplitTest}
	default:
		return nil, fmt.Errorf("unknown split %q: want dev, test or all", split)
	}
	var out []GoldArticle
	for _, f := range files {
		data, err := claimGoldFS.ReadFile("testdata/claims/" + f + ".json")
		if err != nil {
			return nil, err
		}
		arts, err := LoadClaimGold(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s.json: %w", f, err)
		}
		out = append(out, arts...)
	}
	return out, nil
}

// GoldArticle is one article of the gold set. Its text is its sentences
// joined by a space, its paragraphs by a blank line.
type GoldArticle struct {
	ID         string      `json:"id"`
	Published  string      `json:"published"` // YYYY-MM-DD
	Outlet     string      `json:"outlet,omitempty"`
	Paragraphs [][]string  `json:"p"`
	Claims     []GoldClaim `json:"claims"`

	text      string
	sentences []model.Span
	published time.Time
}

// Text returns the article's text.
func (a *GoldArticle) Text() string { return a.text }

// PublishedAt returns the publication date.
func (a *GoldArticle) PublishedAt() time.Time { return a.published }

// GoldClaim is one expected claim, in the sentence with index Sentence.
type GoldClaim struct {
	Sentence int                  `json:"s"`
	Type     model.ClaimType      `json:"type"`
	Roles    map[string]goldTexts `json:"roles"`
	Claimant string               `json:"claimant,omitempty"`
	Hedge    bool                 `json:"hedge,omitempty"`
	Negated  bool                 `json:"negated,omitempty"`
	// Time is the expression as written, then the start and the end
	// (exclusive) of the interval, as YYYY-MM-DD.
	Time []string `json:"time,omitempty"`

	roles      []goldRole
	start, end time.Time
}

type goldRole struct {
	role, text string
	span       model.Span
}

// goldTexts is one text or a list of texts.
type goldTexts []string

func (g *goldTexts) UnmarshalJSON(data []byte) error {
	var one string
	if err := json.Unmarshal(data, &one); err == nil {
		*g = goldTexts{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return fmt.Errorf("a role is a text or a list of texts: %w", err)
	}
	*g = many
	return nil
}

// LoadClaimGold reads a JSON array of gold articles and checks that every
// role, claimant and time it names is in the article's text.
func LoadClaimGold(r io.Reader) ([]GoldArticle, error) {
	var arts []GoldArticle
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&arts); err != nil {
		return nil, err
	}
	for i := range arts {
		if err := arts[i].prepare(); err != nil {
			return nil, fmt.Errorf("article %s: %w", arts[i].ID, err)
		}
	}
	return arts, nil
}

func (a *GoldArticle) prepare() error {
	var err error
	if a.published, err = time.Parse(time.DateOnly, a.Published); err != nil {
		return err
	}
	var b strings.Builder
	for i, p := range a.Paragraphs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for j, s := range p {
			if j > 0 {
				b.WriteByte(' ')
			}
			a.sentences = append(a.sentences, model.Span{Start: b.Len(), End: b.Len() + len(s)})
			b.WriteString(s)
		}
	}
	a.text = b.String()
	for i := range a.Claims {
		c := &a.Claims[i]
		if c.Sentence < 0 || c.Sentence >= len(a.sentences) {
			return fmt.Errorf("claim %d: no sentence %d", i, c.Sentence)
		}
		sent := a.sentences[c.Sentence]
		for _, role := range slices.SortedFunc(maps.Keys(c.Roles), byRoleOrder) {
			for _, t := range c.Roles[role] {
				span, ok := locate(a.text, sent, t)
				if !ok {
					return fmt.Errorf("claim %d: %s %q is not in the sentence or before it", i, role, t)
				}
				c.roles = append(c.roles, goldRole{role, t, span})
			}
		}
		if c.Claimant != "" && !strings.Contains(a.text, c.Claimant) {
			return fmt.Errorf("claim %d: claimant %q is not in the text", i, c.Claimant)
		}
		if c.Time != nil {
			if len(c.Time) != 3 || !strings.Contains(sent.In(a.text), c.Time[0]) {
				return fmt.Errorf("claim %d: time %q: want [text in the sentence, start, end]", i, c.Time)
			}
			if c.start, err = time.Parse(time.DateOnly, c.Time[1]); err != nil {
				return fmt.Errorf("claim %d: %w", i, err)
			}
			if c.end, err = time.Parse(time.DateOnly, c.Time[2]); err != nil {
				return fmt.Errorf("claim %d: %w", i, err)
			}
		}
	}
	return nil
}

// locate finds a role's text: its first occurrence in the sentence, else
// (an anaphor's antecedent) its last occurrence before the sentence.
func locate(text string, sent model.Span, t string) (model.Span, bool) {
	if i := strings.Index(sent.In(text), t); i >= 0 {
		return model.Span{Start: sent.Start + i, End: sent.Start + i + len(t)}, true
	}
	if i := strings.LastIndex(text[:sent.Start], t); i >= 0 {
		return model.Span{Start: i, End: i + len(t)}, true
	}
	return model.Span{}, false
}

// Score counts agreements: TP found and expected, FP found only, FN
// expected only.
type Score = ioc.Score

// ClaimTypeScore is the score of one claim type.
type ClaimTypeScore struct {
	Type model.ClaimType `json:"type"`
	Score
}

// NamedScore is the score of one role or claim attribute.
type NamedScore struct {
	Name string `json:"name"`
	Score
}

// ClaimReport is the result of scoring extracted claims against the gold
// set.
//
// Matching rule: a found claim belongs to the gold sentence that holds the
// start of its evidence. Within a sentence, found and gold claims of the
// same type are paired one to one, the pairs agreeing on the most roles
// first; a paired found claim is a true positive of its type, an unpaired
// one a false positive, an unpaired gold claim a false negative.
//
// Roles are scored over all claims, paired or not: a role of a pair
// matches a gold role of the same name whose text overlaps it (by offset in
// the article; an anaphor's role points at its antecedent) or reads the
// same once normalized; the roles of unpaired claims are all false
// positives or false negatives. The attributes are scored the same way:
// claimant (normalized texts equal, or one holds the other's words in
// order: "FBI" matches "FBI and CISA"), hedge (present or not), negated,
// and time (the same interval).
type ClaimReport struct {
	Articles   int              `json:"articles"`
	Gold       int              `json:"gold_claims"`
	Found      int              `json:"found_claims"`
	Types      []ClaimTypeScore `json:"types"`
	TypeTotal  Score            `json:"type_total"`
	Roles      []NamedScore     `json:"roles"`
	RoleTotal  Score            `json:"role_total"`
	Attributes []NamedScore     `json:"attributes"`
	Misses     []ClaimMiss      `json:"misses,omitempty"`
}

// ClaimMiss lists, for one sentence, the claims that disagree with the
// gold set, each written as by ClaimString.
type ClaimMiss struct {
	Article  string   `json:"article"`
	Sentence int      `json:"sentence"`
	Text     string   `json:"text"`
	Missing  []string `json:"missing,omitempty"`  // gold claims not found
	Extra    []string `json:"extra,omitempty"`    // found claims not in the gold set
	Differ   []string `json:"differ,omitempty"`   // paired, with other roles or attributes: the found one
	Expected []string `json:"expected,omitempty"` // what Differ should have been
}

// Attribute names in ClaimReport.Attributes.
const (
	AttrClaimant = "claimant"
	AttrHedge    = "hedge"
	AttrNegated  = "negated"
	AttrTime     = "time"
)

// EvaluateClaims extracts claims from each gold article with opts, its
// Published set to the article's date, and scores them against the gold
// claims. To report what production does, pass the options the pipeline
// uses (the knowledge-base gazetteer, ClaimFallback on).
func EvaluateClaims(arts []GoldArticle, opts Options) ClaimReport {
	e := claimEvaluator{
		types: map[model.ClaimType]*Score{},
		roles: map[string]*Score{},
		attrs: map[string]*Score{},
	}
	for i := range arts {
		a := &arts[i]
		opts.Published = a.published
		res := Extract(a.text, opts)
		e.article(a, res.Claims)
	}
	return e.report(len(arts))
}

type claimEvaluator struct {
	types       map[model.ClaimType]*Score
	roles       map[string]*Score
	attrs       map[string]*Score
	gold, found int
	misses      []ClaimMiss
}

func scoreOf[K comparable](m map[K]*Score, k K) *Score {
	s, ok := m[k]
	if !ok {
		s = &Score{}
		m[k] = s
	}
	return s
}

func (e *claimEvaluator) article(a *GoldArticle, found []model.Claim) {
	e.gold += len(a.Claims)
	e.found += len(found)
	bySentence := make([][]model.Claim, len(a.sentences))
	for _, c := range found {
		s := sentenceAt(a.sentences, c.Evidence.Start)
		if s < 0 {
			s = max(0, slices.IndexFunc(a.sentences, func(sp model.Span) bool { return sp.Start >= c.Evidence.Start }))
		}
		bySentence[s] = append(bySentence[s], c)
	}
	goldBySentence := make([][]*GoldClaim, len(a.sentences))
	for i := range a.Claims {
		g := &a.Claims[i]
		goldBySentence[g.Sentence] = append(goldBySentence[g.Sentence], g)
	}
	for s := range a.sentences {
		miss := ClaimMiss{Article: a.ID, Sentence: s, Text: a.sentences[s].In(a.text)}
		e.sentence(a, goldBySentence[s], bySentence[s], &miss)
		if len(miss.Missing)+len(miss.Extra)+len(miss.Differ) > 0 {
			e.misses = append(e.misses, miss)
		}
	}
}

// sentence pairs and scores the gold and found claims of one sentence.
func (e *claimEvaluator) sentence(a *GoldArticle, gold []*GoldClaim, found []model.Claim, miss *ClaimMiss) {
	pairedGold := make([]bool, len(gold))
	pairedFound := make([]bool, len(found))
	for {
		bi, bj, best := -1, -1, -1
		for i, g := range gold {
			if pairedGold[i] {
				continue
			}
			for j, f := range found {
				if pairedFound[j] || f.Type != g.Type {
					continue
				}
				if n := roleAgreement(g, f); n > best {
					bi, bj, best = i, j, n
				}
			}
		}
		if bi < 0 {
			break
		}
		pairedGold[bi], pairedFound[bj] = true, true
		g, f := gold[bi], found[bj]
		scoreOf(e.types, g.Type).TP++
		if !e.pair(g, &f) {
			miss.Differ = append(miss.Differ, ClaimString(f))
			miss.Expected = append(miss.Expected, g.String())
		}
	}
	for i, g := range gold {
		if !pairedGold[i] {
			scoreOf(e.types, g.Type).FN++
			e.pair(g, nil)
			miss.Missing = append(miss.Missing, g.String())
		}
	}
	for j := range found {
		if !pairedFound[j] {
			scoreOf(e.types, found[j].Type).FP++
			e.pair(nil, &found[j])
			miss.Extra = append(miss.Extra, ClaimString(found[j]))
		}
	}
}

// pair scores the roles and attributes of a gold claim against a found
// one; either may be nil. It reports whether they agree on everything.
func (e *claimEvaluator) pair(g *GoldClaim, f *model.Claim) bool {
	var goldRoles []goldRole
	var foundRoles []model.Role
	if g != nil {
		goldRoles = g.roles
	}
	if f != nil {
		foundRoles = f.Roles
	}
	agree := true
	usedFound := make([]bool, len(foundRoles))
	for _, gr := range goldRoles {
		j := matchRole(gr, foundRoles, usedFound)
		if j >= 0 {
			usedFound[j] = true
			scoreOf(e.roles, gr.role).TP++
		} else {
			scoreOf(e.roles, gr.role).FN++
			agree = false
		}
	}
	for j, fr := range foundRoles {
		if !usedFound[j] {
			scoreOf(e.roles, fr.Role).FP++
			agree = false
		}
	}

	var goldClaimant, foundClaimant string
	var goldHedge, foundHedge, goldNeg, foundNeg, goldTime, foundTime bool
	var timesAgree bool
	if g != nil {
		goldClaimant, goldHedge, goldNeg, goldTime = g.Claimant, g.Hedge, g.Negated, g.Time != nil
	}
	if f != nil {
		foundClaimant, foundHedge, foundNeg, foundTime = f.Claimant, f.Hedge != "", f.Negated, f.TimeText != ""
	}
	if g != nil && f != nil && goldTime && foundTime {
		timesAgree = f.TimeStart.Equal(g.start) && f.TimeEnd.Equal(g.end)
	}
	agree = e.attribute(AttrClaimant, goldClaimant != "", foundClaimant != "",
		goldClaimant != "" && foundClaimant != "" && sameClaimant(goldClaimant, foundClaimant)) && agree
	agree = e.attribute(AttrHedge, goldHedge, foundHedge, goldHedge && foundHedge) && agree
	agree = e.attribute(AttrNegated, goldNeg, foundNeg, goldNeg && foundNeg) && agree
	agree = e.attribute(AttrTime, goldTime, foundTime, timesAgree) && agree
	return agree
}

// attribute scores one attribute: want and got say whether gold and found
// have it, same whether they have it alike. It reports agreement.
func (e *claimEvaluator) attribute(name string, want, got, same bool) bool {
	s := scoreOf(e.attrs, name)
	switch {
	case same:
		s.TP++
		return true
	case want && got:
		s.FP++
		s.FN++
	case want:
		s.FN++
	case got:
		s.FP++
	default:
		return true
	}
	return false
}

// matchRole returns the first unused found role that matches gr, or -1.
func matchRole(gr goldRole, found []model.Role, used []bool) int {
	for j, fr := range found {
		if used[j] || fr.Role != gr.role {
			continue
		}
		if gr.matches(fr.Span, fr.Text) {
			return j
		}
	}
	return -1
}

// matches reports whether a found name at span, written text, stands for
// the gold role's: the spans overlap (an anaphor's role points at its
// antecedent) or the names read the same.
func (gr goldRole) matches(span model.Span, text string) bool {
	return overlaps(span, gr.span) || normalizeName(text) == normalizeName(gr.text)
}

// roleAgreement counts the gold claim's roles the found claim matches.
func roleAgreement(g *GoldClaim, f model.Claim) int {
	used := make([]bool, len(f.Roles))
	n := 0
	for _, gr := range g.roles {
		if j := matchRole(gr, f.Roles, used); j >= 0 {
			used[j] = true
			n++
		}
	}
	return n
}

// byRoleOrder orders role names as claims order their roles, unknown
// names last, alphabetically.
func byRoleOrder(a, b string) int {
	ia, ib := slices.Index(roleOrder, a), slices.Index(roleOrder, b)
	if ia < 0 {
		ia = len(roleOrder)
	}
	if ib < 0 {
		ib = len(roleOrder)
	}
	if ia != ib {
		return ia - ib
	}
	return strings.Compare(a, b)
}

func overlaps(a, b model.Span) bool { return a.Start < b.End && b.Start < a.End }

// sameClaimant reports whether two claimant texts name the same source:
// equal once normalized, or one's words found in order in the other's.
func sameClaimant(a, b string) bool { return sameClaimantWords(claimantWords(a), b) }

// sameClaimantWords is sameClaimant with the first claimant's words, as
// claimantWords gives them, read once by a caller that compares it with
// many.
func sameClaimantWords(x []string, b string) bool {
	y := claimantWords(b)
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	if len(x) > len(y) {
		x, y = y, x
	}
	for i := 0; i+len(x) <= len(y); i++ {
		if slices.Equal(x, y[i:i+len(x)]) {
			return true
		}
	}
	return false
}

func claimantWords(s string) []string {
	ws := strings.Fields(normalizeName(s))
	for len(ws) > 0 && ws[0] == "the" {
		ws = ws[1:]
	}
	// A possessive's "s" is a token of its own once normalized.
	return slices.DeleteFunc(ws, func(w string) bool { return w == "s" })
}

func (e *claimEvaluator) report(articles int) ClaimReport {
	r := ClaimReport{Articles: articles, Gold: e.gold, Found: e.found, Misses: e.misses}
	for _, t := range append(slices.Clone(claimTypeOrder), model.ClaimAliasAssertion) {
		if s, ok := e.types[t]; ok {
			r.Types = append(r.Types, ClaimTypeScore{t, *s})
			addScore(&r.TypeTotal, *s)
		}
	}
	for _, name := range slices.SortedFunc(maps.Keys(e.roles), byRoleOrder) {
		s := *e.roles[name]
		r.Roles = append(r.Roles, NamedScore{name, s})
		addScore(&r.RoleTotal, s)
	}
	for _, name := range []string{AttrClaimant, AttrHedge, AttrNegated, AttrTime} {
		if s, ok := e.attrs[name]; ok {
			r.Attributes = append(r.Attributes, NamedScore{name, *s})
		}
	}
	return r
}

func addScore(dst *Score, s Score) {
	dst.TP += s.TP
	dst.FP += s.FP
	dst.FN += s.FN
}

// WriteTable prints the scores: claim types with their micro total, roles
// with theirs, then the attributes.
func (r ClaimReport) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	row := func(name string, s Score) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", name, s.TP, s.FP, s.FN, s.Precision(), s.Recall(), s.F1())
	}
	fmt.Fprintf(tw, "claim type\ttp\tfp\tfn\tprecision\trecall\tf1\t\n")
	for _, t := range r.Types {
		row(string(t.Type), t.Score)
	}
	row(fmt.Sprintf("all types (%d articles)", r.Articles), r.TypeTotal)
	fmt.Fprintf(tw, "\t\t\t\t\t\t\t\n")
	fmt.Fprintf(tw, "role\ttp\tfp\tfn\tprecision\trecall\tf1\t\n")
	for _, s := range r.Roles {
		row(s.Name, s.Score)
	}
	row("all roles", r.RoleTotal)
	fmt.Fprintf(tw, "\t\t\t\t\t\t\t\n")
	fmt.Fprintf(tw, "attribute\ttp\tfp\tfn\tprecision\trecall\tf1\t\n")
	for _, s := range r.Attributes {
		row(s.Name, s.Score)
	}
	return tw.Flush()
}

// WriteMisses lists the sentences where extraction and gold disagree.
func (r ClaimReport) WriteMisses(w io.Writer) error {
	for _, m := range r.Misses {
		if _, err := fmt.Fprintf(w, "%s #%d: %s\n", m.Article, m.Sentence, m.Text); err != nil {
			return err
		}
		for _, c := range m.Missing {
			fmt.Fprintf(w, "  missing  %s\n", c)
		}
		for _, c := range m.Extra {
			fmt.Fprintf(w, "  extra    %s\n", c)
		}
		for i, c := range m.Differ {
			fmt.Fprintf(w, "  found    %s\n  expected %s\n", c, m.Expected[i])
		}
	}
	return nil
}

// ClaimString writes a claim on one line: "type role=text ... [by X]
// [hedged] [negated] [@time]".
func ClaimString(c model.Claim) string {
	parts := []string{string(c.Type)}
	for _, r := range c.Roles {
		parts = append(parts, r.Role+"="+r.Text)
	}
	return claimTail(parts, c.Claimant, c.Hedge != "", c.Negated, c.TimeText, c.TimeStart, c.TimeEnd)
}

// String writes a gold claim the way ClaimString writes a found one.
func (g *GoldClaim) String() string {
	parts := []string{string(g.Type)}
	for _, r := range g.roles {
		parts = append(parts, r.role+"="+r.text)
	}
	text := ""
	if g.Time != nil {
		text = g.Time[0]
	}
	return claimTail(parts, g.Claimant, g.Hedge, g.Negated, text, g.start, g.end)
}

func claimTail(parts []string, claimant string, hedged, negated bool, timeText string, start, end time.Time) string {
	if claimant != "" {
		parts = append(parts, "by "+claimant)
	}
	if hedged {
		parts = append(parts, "hedged")
	}
	if negated {
		parts = append(parts, "negated")
	}
	if timeText != "" {
		t := "@" + timeText
		if !start.IsZero() {
			t += fmt.Sprintf(" [%s,%s)", start.Format(time.DateOnly), end.Format(time.DateOnly))
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " ")
}
