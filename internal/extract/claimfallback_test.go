package extract

// Cross-validation of the claim fallback (claimclf.go) on the dev split:
// the classifier alone, and the claim scores with the fallback at a range
// of thresholds. Run it with -v to see the figures:
//
//	go test -run ClaimFallbackCV -v ./internal/extract
//
// The dev split is where the rules were written, so CV there favours no
// threshold; the production threshold was chosen on a fresh held-out set
// (see claimFallbackThreshold).

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
)

// fallbackGazetteer is the knowledge-base gazetteer the pipeline uses, as
// in the claim evaluation tests.
var fallbackGazetteer = sync.OnceValues(func() (*Gazetteer, error) {
	kb, err := resolve.Load()
	if err != nil {
		return nil, err
	}
	names := kb.Names()
	entries := make([]Entry, len(names))
	for i, n := range names {
		entries[i] = Entry{Name: n.Text, Kind: n.Kind, Key: n.Key, Ransomware: n.Ransomware}
	}
	return NewGazetteer(entries), nil
})

// prepareFallback runs the rules once on every dev article and cuts the
// result into sentences with their features and gold labels.
func prepareFallback(t *testing.T) []clfArticle {
	t.Helper()
	gaz, dev := fallbackDev(t)
	return prepareArticles(dev, gaz)
}

// fallbackDev returns the knowledge-base gazetteer and the dev split the
// classifier is trained on.
func fallbackDev(t *testing.T) (*Gazetteer, []GoldArticle) {
	t.Helper()
	gaz, err := fallbackGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	dev, err := ClaimGoldSet(SplitDev)
	if err != nil {
		t.Fatal(err)
	}
	return gaz, dev
}

const fallbackFolds = 5

// foldsOf puts the articles into folds by a seeded shuffle.
func foldsOf(n int) []int {
	order := rand.New(rand.NewPCG(7, 11)).Perm(n)
	fold := make([]int, n)
	for i, a := range order {
		fold[a] = i % fallbackFolds
	}
	return fold
}

// cvScores holds, for every sentence, the score the classifier trained
// on the other folds gives it.
func cvScores(arts []clfArticle) [][][nFallbackTypes]float64 {
	fold := foldsOf(len(arts))
	out := make([][][nFallbackTypes]float64, len(arts))
	for k := range fallbackFolds {
		var train []*clfArticle
		for i := range arts {
			if fold[i] != k {
				train = append(train, &arts[i])
			}
		}
		clf := trainClaimClassifier(train, claimClassifierEpochs)
		for i := range arts {
			if fold[i] != k {
				continue
			}
			out[i] = make([][nFallbackTypes]float64, len(arts[i].sents))
			for s := range arts[i].sents {
				out[i][s] = clf.scores(arts[i].sents[s].feats)
			}
		}
	}
	return out
}

// evaluateWithFallback scores the rules' claims of every article, plus the
// fallback's at the given threshold (none when threshold is nil).
func evaluateWithFallback(arts []clfArticle, scores [][][nFallbackTypes]float64, threshold *float64) ClaimReport {
	e := claimEvaluator{types: map[model.ClaimType]*Score{}, roles: map[string]*Score{}, attrs: map[string]*Score{}}
	for i := range arts {
		a := &arts[i]
		var claims []model.Claim
		for s := range a.sents {
			sent := a.sents[s] // a copy: the claims before it are this evaluation's
			sent.earlier = claims
			claims = append(claims, sent.rules...)
			if threshold != nil {
				claims = append(claims, fallbackClaims(a.gold.text, &sent, scores[i][s], *threshold)...)
			}
		}
		e.article(a.gold, claims)
	}
	return e.report(len(arts))
}

func TestClaimFallbackCV(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-validation over the dev split")
	}
	gaz, dev := fallbackDev(t)
	arts := prepareArticles(dev, gaz)
	// The harness must score the rules as EvaluateClaims does.
	want := EvaluateClaims(dev, Options{Gazetteer: gaz}) // the rules alone
	if got := evaluateWithFallback(arts, nil, nil); got.TypeTotal != want.TypeTotal || got.RoleTotal != want.RoleTotal {
		t.Fatalf("harness scores types %+v roles %+v, EvaluateClaims %+v %+v",
			got.TypeTotal, got.RoleTotal, want.TypeTotal, want.RoleTotal)
	}
	fallbackCV(t, arts)
}

func fallbackCV(t *testing.T, arts []clfArticle) {
	scores := cvScores(arts)

	// The classifier alone, at score 0: per-type precision and recall
	// over the held-out sentences.
	var clfScore [nFallbackTypes]Score
	var missedByRules [nFallbackTypes]Score // the same, on gold types the rules missed
	for i := range arts {
		for s, sent := range arts[i].sents {
			for ty := range nFallbackTypes {
				want, got := sent.gold&(1<<ty) != 0, scores[i][s][ty] > 0
				tally(&clfScore[ty], want, got)
				if sent.ruleBits&(1<<ty) == 0 {
					tally(&missedByRules[ty], want, got)
				}
			}
		}
	}
	t.Logf("classifier, %d-fold CV on dev (%d articles), threshold 0:", fallbackFolds, len(arts))
	t.Logf("%-16s %5s %5s %5s %4s   %s", "type", "P", "R", "F1", "gold", "where the rules found none: P R gold")
	for ty, typ := range fallbackTypes {
		s, m := clfScore[ty], missedByRules[ty]
		t.Logf("%-16s %.3f %.3f %.3f %4d   %.3f %.3f %4d", typ, s.Precision(), s.Recall(), s.F1(), s.TP+s.FN,
			m.Precision(), m.Recall(), m.TP+m.FN)
	}

	base := evaluateWithFallback(arts, scores, nil)
	t.Logf("rules alone: types F1 %.4f (P %.3f R %.3f), roles F1 %.4f", base.TypeTotal.F1(),
		base.TypeTotal.Precision(), base.TypeTotal.Recall(), base.RoleTotal.F1())
	// The threshold is the one with the best CV type F1 whose role F1 does
	// not drop; bestAny ignores the roles, to show what the types alone
	// would pick.
	bestTh, best := 0.0, base
	anyTh, bestAny := 0.0, base
	for _, th := range []float64{-2, -1, 0, 1, 2, 4, 8, 16, 32, 64} {
		rep := evaluateWithFallback(arts, scores, &th)
		t.Logf("threshold %5.1f: types F1 %.4f (P %.3f R %.3f), roles F1 %.4f, found %d (+%d)", th,
			rep.TypeTotal.F1(), rep.TypeTotal.Precision(), rep.TypeTotal.Recall(), rep.RoleTotal.F1(),
			rep.Found, rep.Found-base.Found)
		if rep.TypeTotal.F1() > best.TypeTotal.F1() && rep.RoleTotal.F1() >= base.RoleTotal.F1() {
			bestTh, best = th, rep
		}
		if rep.TypeTotal.F1() > bestAny.TypeTotal.F1() {
			anyTh, bestAny = th, rep
		}
	}
	if best.Found == base.Found {
		t.Logf("no threshold gains type F1 without losing role F1 in CV on dev (production uses %d, chosen on held-out text)", claimFallbackThreshold)
	} else {
		t.Logf("chosen threshold %.1f", bestTh)
	}
	zero := 0.0
	for _, c := range []struct {
		name string
		rep  ClaimReport
	}{
		{fmt.Sprintf("best type F1, threshold %.1f", anyTh), bestAny},
		{"threshold 0", evaluateWithFallback(arts, scores, &zero)},
	} {
		t.Logf("%s: types F1 %.4f -> %.4f, roles F1 %.4f -> %.4f", c.name,
			base.TypeTotal.F1(), c.rep.TypeTotal.F1(), base.RoleTotal.F1(), c.rep.RoleTotal.F1())
		for _, ts := range c.rep.Types {
			i := slices.IndexFunc(base.Types, func(b ClaimTypeScore) bool { return b.Type == ts.Type })
			var b Score
			if i >= 0 {
				b = base.Types[i].Score
			}
			t.Logf("  %-16s F1 %.3f -> %.3f (TP %d->%d FP %d->%d FN %d->%d)", ts.Type, b.F1(), ts.F1(),
				b.TP, ts.TP, b.FP, ts.FP, b.FN, ts.FN)
		}
	}
}

func tally(s *Score, want, got bool) {
	switch {
	case want && got:
		s.TP++
	case got:
		s.FP++
	case want:
		s.FN++
	}
}

// TestClaimClassifierDeterministic checks that training twice on the same
// articles gives the same weights.
func TestClaimClassifierDeterministic(t *testing.T) {
	arts := prepareFallback(t)
	ptrs := make([]*clfArticle, 0, 20)
	for i := range min(20, len(arts)) {
		ptrs = append(ptrs, &arts[i])
	}
	a, b := trainClaimClassifier(ptrs, 3), trainClaimClassifier(ptrs, 3)
	if !maps.Equal(a.index, b.index) || !slices.Equal(a.rows, b.rows) || a.div != b.div {
		t.Fatalf("%d features, then %d, or other weights", len(a.rows), len(b.rows))
	}
}

// TestClaimClassifierReproducible checks that training by the recipe
// gives the embedded model byte for byte, so that the file in the tree is
// what `winnow train --claims` makes.
func TestClaimClassifierReproducible(t *testing.T) {
	gaz, dev := fallbackDev(t)
	got, err := TrainClaimClassifier(dev, gaz)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, EmbeddedClaimClassifier()) {
		t.Fatalf("training gives %d bytes unlike the embedded %s (%d bytes): run `go run ./cmd/winnow train --claims %s`",
			len(got), ClaimClassifierPath, len(EmbeddedClaimClassifier()), ClaimClassifierPath)
	}
	if err := CheckClaimClassifier(); err != nil {
		t.Fatal(err)
	}
}

func TestLoadClaimClassifier(t *testing.T) {
	gz := gzipped
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"not gzip", []byte("w=x\t1\n")},
		{"truncated", EmbeddedClaimClassifier()[:len(EmbeddedClaimClassifier())/2]},
		{"no header", gz("w=x\t1\t2\t3\t4\t5\t6\t7\t8\t9\n")},
		{"wrong types", gz(claimClassifierMagic + "\t7\ta,b\n")},
		{"short line", gz(typesHeader(7) + "w=x\t1\t2\n")},
		{"not a number", gz(typesHeader(7) + "w=x\t1\t2\t3\t4\t5\t6\t7\t8\tnine\n")},
		{"zero divisor", gz(typesHeader(0) + "w=x\t1\t2\t3\t4\t5\t6\t7\t8\t9\n")},
		{"feature twice", gz(typesHeader(7) + "w=x\t1\t2\t3\t4\t5\t6\t7\t8\t9\nw=x\t1\t2\t3\t4\t5\t6\t7\t8\t9\n")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := loadClaimClassifier(tt.data); err == nil {
				t.Fatal("loaded a corrupt model")
			}
		})
	}
	c, err := loadClaimClassifier(gz(typesHeader(2) + "w=x\t1\t2\t3\t4\t5\t6\t7\t8\t-9\n"))
	if err != nil {
		t.Fatal(err)
	}
	if sc := c.scores([]string{"w=x", "w=y"}); sc[0] != 0.5 || sc[8] != -4.5 {
		t.Fatalf("scores %v", sc)
	}
	if back, err := c.marshal(); err != nil {
		t.Fatal(err)
	} else if again, err := loadClaimClassifier(back); err != nil || !slices.Equal(again.rows, c.rows) || again.div != 2 {
		t.Fatalf("round trip: %v, %+v", err, again)
	}
}

func typesHeader(div int) string {
	return fmt.Sprintf("%s\t%d\t%s\n", claimClassifierMagic, div, fallbackTypeNames())
}

// TestClaimFallbackInExtract checks that Extract with ClaimFallback, which
// cuts sentences its own way, scores on dev as the harness does with the
// embedded model on the gold sentences: the harness measures production.
func TestClaimFallbackInExtract(t *testing.T) {
	arts := prepareFallback(t)
	clf, err := embeddedClassifier()
	if err != nil {
		t.Fatal(err)
	}
	scores := make([][][nFallbackTypes]float64, len(arts))
	var scratch clfScratch
	for i := range arts {
		for s := range arts[i].sents {
			sent := &arts[i].sents[s]
			scores[i] = append(scores[i], clf.scores(sent.feats))
			fast := clf.sentenceScores(arts[i].gold.text, s, sent, &scratch)
			if fast != scores[i][s] {
				t.Fatalf("article %d sentence %d: sentenceScores %v, scores of the features %v", i, s, fast, scores[i][s])
			}
		}
	}
	th := float64(claimFallbackThreshold)
	want := evaluateWithFallback(arts, scores, &th)
	gaz, dev := fallbackDev(t)
	// The harness knows only the mention-kind claims: without forcedClaims
	// Extract must score exactly as it does.
	mentionsOnly := &fallbackTuning{clf: clf, threshold: th, forcedThreshold: forcedFallbackThreshold}
	got := EvaluateClaims(dev, Options{Gazetteer: gaz, ClaimFallback: true, fallbackTuning: mentionsOnly})
	if got.TypeTotal != want.TypeTotal || got.RoleTotal != want.RoleTotal || got.Found != want.Found {
		t.Fatalf("Extract: types %+v roles %+v found %d; harness: %+v %+v %d",
			got.TypeTotal, got.RoleTotal, got.Found, want.TypeTotal, want.RoleTotal, want.Found)
	}
	if rules := evaluateWithFallback(arts, nil, nil); got.Found <= rules.Found {
		t.Fatalf("the fallback added no claim on dev (%d found, rules alone %d)", got.Found, rules.Found)
	}
	// With forcedClaims some of those claims are built by the rules'
	// role reading instead; on dev that finds more roles.
	forced := EvaluateClaims(dev, Options{Gazetteer: gaz, ClaimFallback: true})
	if forced.RoleTotal.TP <= got.RoleTotal.TP {
		t.Errorf("forcedClaims: roles %+v, mention kinds alone %+v", forced.RoleTotal, got.RoleTotal)
	}
}

// FuzzLoadClaimClassifier feeds the model reader arbitrary bytes and
// gzipped text: it must return a model or an error, never panic, and a
// model it accepts must survive a write and a second read.
func FuzzLoadClaimClassifier(f *testing.F) {
	f.Add(EmbeddedClaimClassifier()[:64], false)
	f.Add([]byte(typesHeader(7)+"w=x\t1\t2\t3\t4\t5\t6\t7\t8\t9\n"), true)
	f.Add([]byte(typesHeader(0)+"w=x\t1\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, compress bool) {
		fuzzModelFile(t, data, compress, loadClaimClassifier)
	})
}

// TestSentenceScoresUnknowns checks sentenceScores against the features'
// strings where its tables do not reach: words no w= or b= feature names
// (alone in their sentence, so that a known word cannot make the same
// feature), non-ASCII and invalid text, and a mention kind no feature
// names.
func TestSentenceScoresUnknowns(t *testing.T) {
	clf, err := embeddedClassifier()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"Zqxv-9 accounting.", // digit; the stem "account"
		"Qzx $7777777.",      // money
		"Zqxv-9 attacked ÉNERGIE's grid; a $5 million ransom\xff demanded by İstanbul-based crews exploiting CVE-2024-1234 (KELVIN \u212a).",
	}
	var scratch clfScratch
	for _, text := range texts {
		at := func(name string) model.Span {
			i := strings.Index(text, name)
			if i < 0 {
				return model.Span{Start: 0, End: 1}
			}
			return model.Span{Start: i, End: i + len(name)}
		}
		actor := model.Mention{Kind: model.KindThreatActor, Text: "Zqxv-9", Span: at("Zqxv-9")}
		odd := model.Mention{Kind: "utility", Text: "ÉNERGIE", Span: at("ÉNERGIE")}
		cve := model.Mention{Kind: model.KindVulnerability, Text: "CVE-2024-1234", Span: at("CVE-2024-1234")}
		for _, ms := range [][]model.Mention{nil, {actor}, {actor, cve}, {actor, odd, cve}, {odd}} {
			for index := range 6 {
				s := clfSentence{span: model.Span{Start: 0, End: len(text)}, mentions: ms}
				want := clf.scores(sentenceFeatures(text, index, &s))
				if got := clf.sentenceScores(text, index, &s, &scratch); got != want {
					t.Errorf("%q, mentions %v, index %d: sentenceScores %v, scores of the features %v", text, ms, index, got, want)
				}
			}
		}
	}
}

// TestFallbackClaimTime checks what a fallback claim takes from the rules'
// claim of its sentence: the claimant and hedge always, the time only from
// a claim whose time is when something happened, not from a disclosure or
// a law-enforcement action, whose time is that of the announcement.
func TestFallbackClaimTime(t *testing.T) {
	text := "Citrix released a fix on Tuesday for CVE-2022-27518 and said attackers had exploited it."
	cve := strings.Index(text, "CVE")
	mentions := []model.Mention{{Kind: model.KindVulnerability, Text: "CVE-2022-27518", Span: model.Span{Start: cve, End: cve + 14}}}
	day := time.Date(2022, 12, 13, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		ruleType model.ClaimType
		wantTime bool
	}{
		{model.ClaimDisclosure, false},
		{model.ClaimLawEnforce, false},
		{model.ClaimTargeting, true},
	} {
		t.Run(string(tt.ruleType), func(t *testing.T) {
			rule := model.Claim{Type: tt.ruleType, Claimant: "Citrix", TimeText: "on Tuesday", TimeStart: day, TimeEnd: day.AddDate(0, 0, 1)}
			s := clfSentence{span: model.Span{Start: 0, End: len(text)}, mentions: mentions, rules: []model.Claim{rule}}
			c, ok := fallbackClaim(text, &s, model.ClaimExploitation, nil)
			if !ok {
				t.Fatal("no exploitation claim from a sentence with a CVE")
			}
			if c.Claimant != "Citrix" {
				t.Errorf("claimant %q, want Citrix", c.Claimant)
			}
			if got := c.TimeText != ""; got != tt.wantTime {
				t.Errorf("time %q after a %s claim; want a time: %v", c.TimeText, tt.ruleType, tt.wantTime)
			}
		})
	}
}

// TestFallbackClaimBorrows checks that a fallback claim whose sentence
// names no one for a role its type needs takes the article's latest name
// in that role from the claims before it, as the gold set records an
// anaphor, and only where the type needs it.
func TestFallbackClaimBorrows(t *testing.T) {
	role := func(r, text string, at int) model.Role {
		return model.Role{Role: r, Text: text, Span: model.Span{Start: at, End: at + len(text)}}
	}
	earlier := []model.Claim{
		{Type: model.ClaimTargeting, Roles: []model.Role{role("actor", "Wizard Spider", 1), role("victim", "Acme Health", 20)}},
		{Type: model.ClaimRansomware, Roles: []model.Role{role("malware", "Conti", 40), role("victim", "Health Service Executive", 50)}},
	}
	for _, tt := range []struct {
		name     string
		text     string
		mentions []string // kind=name, in text order
		typ      model.ClaimType
		earlier  []model.Claim
		want     string // the roles, as ClaimString writes them; "" for no claim
	}{
		{"ransom takes the latest victim and actor", "The attackers encrypted its servers.", nil,
			model.ClaimRansomware, earlier, "ransomware victim=Health Service Executive actor=Wizard Spider"},
		{"targeting takes the attacker only", "The hackers then broke into Globex.", []string{"organization=Globex"},
			model.ClaimTargeting, earlier, "targeting victim=Globex actor=Wizard Spider"},
		{"a breach takes the victim", "Patient records were copied.", nil,
			model.ClaimDataBreach, earlier, "data-breach victim=Health Service Executive"},
		{"malware use takes the malware", "It spread across the network.", nil,
			model.ClaimMalwareUse, earlier, "malware-use malware=Conti"},
		{"nothing before, no claim", "The attackers encrypted its servers.", nil, model.ClaimRansomware, nil, ""},
		{"law enforcement with no target before borrows nothing", "They were arrested.", nil, model.ClaimLawEnforce, earlier, ""},
		{"law enforcement takes the latest target", "He was arrested in Arizona.", nil, model.ClaimLawEnforce,
			append(slices.Clone(earlier), model.Claim{Type: model.ClaimLawEnforce, Roles: []model.Role{role("target", "Ruslan Astamirov", 70)}}),
			"law-enforcement target=Ruslan Astamirov"},
		{"attribution borrows nothing", "It was behind the attack.", nil, model.ClaimAttribution, earlier, ""},
		{"a sponsor alone is an attribution", "Russia was behind the attack.", []string{"country=Russia"},
			model.ClaimAttribution, nil, "attribution sponsor=Russia"},
		{"a known product is read from the text, though no mention", "Attackers exploited a zero-day in WebKit, the engine behind Safari.", nil,
			model.ClaimExploitation, nil, "exploitation product=WebKit product=Safari"},
		{"a name given twice is one role", "Russia was behind the attack, and Russia denies it.", []string{"country=Russia", "country=Russia"},
			model.ClaimAttribution, nil, "attribution sponsor=Russia"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ms := testMentions(tt.text, tt.mentions...)
			s := clfSentence{span: model.Span{Start: 0, End: len(tt.text)}, mentions: ms, earlier: tt.earlier}
			c, ok := fallbackClaim(tt.text, &s, tt.typ, nil)
			got := ""
			if ok {
				got = ClaimString(c)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestClaimFallbackProductionCV cross-validates the fallback as the
// pipeline runs it (the forced claims and the role classifier included,
// which fallbackCV leaves out): both models are trained on four folds of
// dev and Extract scores the fifth. Its figures are the fairest estimate
// of what the fallback adds on text like dev's:
//
//	go test -run ClaimFallbackProductionCV -v ./internal/extract
func TestClaimFallbackProductionCV(t *testing.T) {
	if testing.Short() {
		t.Skip("trains ten models")
	}
	gaz, dev := fallbackDev(t)
	arts := prepareArticles(dev, gaz)
	fold := foldsOf(len(arts))
	th := float64(claimFallbackThreshold)
	var types, roles, rulesTypes, rulesRoles Score
	for k := range fallbackFolds {
		var train []*clfArticle
		var held []GoldArticle
		for i := range arts {
			if fold[i] != k {
				train = append(train, &arts[i])
			} else {
				held = append(held, dev[i])
			}
		}
		tuning := &fallbackTuning{clf: trainClaimClassifier(train, claimClassifierEpochs),
			roles: trainRoleClassifier(roleExamples(train), roleClassifierEpochs), threshold: th, forcedThreshold: th, forced: true}
		with := EvaluateClaims(held, Options{Gazetteer: gaz, ClaimFallback: true, fallbackTuning: tuning})
		rules := EvaluateClaims(held, Options{Gazetteer: gaz})
		addScore(&types, with.TypeTotal)
		addScore(&roles, with.RoleTotal)
		addScore(&rulesTypes, rules.TypeTotal)
		addScore(&rulesRoles, rules.RoleTotal)
	}
	t.Logf("%d-fold CV on dev (%d articles): rules alone types %.4f roles %.4f; with the fallback types %.4f (P %.3f R %.3f) roles %.4f (P %.3f R %.3f)",
		fallbackFolds, len(dev), rulesTypes.F1(), rulesRoles.F1(),
		types.F1(), types.Precision(), types.Recall(), roles.F1(), roles.Precision(), roles.Recall())
	if types.F1() <= rulesTypes.F1() || roles.F1() < rulesRoles.F1() {
		t.Errorf("the fallback does not pay on held-out folds: types %.4f against %.4f, roles %.4f against %.4f",
			types.F1(), rulesTypes.F1(), roles.F1(), rulesRoles.F1())
	}
}

// TestFallbackAliases checks the alias claims the fallback builds from a
// sentence's group and malware names.
func TestFallbackAliases(t *testing.T) {
	earlier := []model.Claim{{Type: model.ClaimTargeting, Roles: []model.Role{
		{Role: "actor", Text: "Octo Tempest", Span: model.Span{Start: 0, End: 12}}}}}
	for _, tt := range []struct {
		name    string
		text    string
		names   []string // kind=name, in text order
		earlier []model.Claim
		want    []string
	}{
		{"the first name is the subject", "Storm-1359 and Anonymous Sudan were one and the same, researchers said.",
			[]string{"threat-actor=Storm-1359", "threat-actor=Anonymous Sudan"}, nil,
			[]string{"alias subject=Storm-1359 alias=Anonymous Sudan"}},
		{"an overlap, one claim per name", "Its activity overlaps with groups others track as Scattered Spider and UNC3944.",
			[]string{"threat-actor=Scattered Spider", "threat-actor=UNC3944"}, earlier,
			[]string{"alias subject=Octo Tempest overlaps=Scattered Spider", "alias subject=Octo Tempest overlaps=UNC3944"}},
		{"two names after the group's anaphor", "The group is also tracked as Scattered Spider and UNC3944.",
			[]string{"threat-actor=Scattered Spider", "threat-actor=UNC3944"}, nil, nil},
		{"one name takes the article's actor as subject", "Others call it 0ktapus.",
			[]string{"threat-actor=0ktapus"}, earlier,
			[]string{"alias subject=Octo Tempest alias=0ktapus"}},
		{"one name and no actor before", "Others call it 0ktapus.", []string{"threat-actor=0ktapus"}, nil, nil},
		{"no other name than the subject's", "Octo Tempest struck again.", []string{"threat-actor=Octo Tempest"}, earlier, nil},
		{"organisations are no aliases", "Mandiant and Google said so.",
			[]string{"organization=Mandiant", "organization=Google"}, nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ms := testMentions(tt.text, tt.names...)
			s := clfSentence{span: model.Span{Start: 0, End: len(tt.text)}, mentions: ms, earlier: tt.earlier}
			var got []string
			for _, c := range fallbackAliases(tt.text, &s) {
				got = append(got, ClaimString(c))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFallbackClaimSpeaker checks that a fallback claim in a sentence the
// rules made no claim of takes the sentence's speaker as claimant.
func TestFallbackClaimSpeaker(t *testing.T) {
	text := "Jacques Berry, a spokesman for the state, said technicians had found Ryuk on the servers."
	mentions := testMentions(text, "person=Jacques Berry", "malware=Ryuk")
	for _, tt := range []struct {
		claimant, want string
	}{
		{"", "ransomware malware=Ryuk"},
		{"Jacques Berry", "ransomware malware=Ryuk by Jacques Berry"},
	} {
		s := clfSentence{span: model.Span{Start: 0, End: len(text)}, mentions: mentions, claimant: tt.claimant}
		c, ok := fallbackClaim(text, &s, model.ClaimRansomware, nil)
		if got := ClaimString(c); !ok || got != tt.want {
			t.Errorf("claimant %q: got %q (complete %v), want %q", tt.claimant, got, ok, tt.want)
		}
	}
}

// testMentions makes the mentions "kind=name" specs name in text, in text
// order: each at its first occurrence after the mention before it.
func testMentions(text string, specs ...string) []model.Mention {
	var ms []model.Mention
	from := 0
	for _, spec := range specs {
		kind, name, _ := strings.Cut(spec, "=")
		at := strings.Index(text[from:], name)
		if at < 0 {
			from, at = 0, strings.Index(text, name)
		}
		at += from
		from = at + len(name)
		ms = append(ms, model.Mention{Kind: model.EntityKind(kind), Text: name, Span: model.Span{Start: at, End: at + len(name)}})
	}
	return ms
}
