package extract

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
)

func TestRoleLabels(t *testing.T) {
	if len(roleLabels) != nRoleLabels {
		t.Fatalf("%d labels %v, nRoleLabels %d", len(roleLabels), roleLabels, nRoleLabels)
	}
	for _, typ := range claimTypeOrder {
		cands := roleCandidates[typ]
		if len(cands) == 0 || cands[0] != 0 {
			t.Errorf("%s: candidates %v do not start with none", typ, cands)
		}
		var got []string
		for _, l := range cands[1:] {
			got = append(got, roleLabels[l])
		}
		if want := allowedRoles[typ]; !sameSet(got, want) {
			t.Errorf("%s: candidates %v, allowed %v", typ, got, want)
		}
	}
	if _, ok := roleCandidates[model.ClaimAliasAssertion]; ok {
		t.Error("alias claims have role candidates; the fallback never builds them")
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestRoleClassifierReproducible checks that training by the recipe gives
// the embedded model byte for byte.
func TestRoleClassifierReproducible(t *testing.T) {
	gaz, dev := fallbackDev(t)
	got, err := TrainRoleClassifier(dev, gaz)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, EmbeddedRoleClassifier()) {
		t.Fatalf("training gives %d bytes unlike the embedded %s (%d bytes): run `go run ./cmd/winnow train --roles %s`",
			len(got), RoleClassifierPath, len(EmbeddedRoleClassifier()), RoleClassifierPath)
	}
	if _, err := embeddedRoles(); err != nil {
		t.Fatal(err)
	}
}

// TestRoleClassifierWindows trains both models on the dev articles before
// each of the last three 24-article stretches of dev (each written by
// fresh writers after the ones before it) and scores the stretch with the
// fallback's roles read by kinds and by the model. The model was kept
// because it gained on all three (docs/extraction.md, "Session 9"); the
// test fails if, summed over the windows, it no longer finds more roles
// than the kinds do. Run with -v for the figures.
func TestRoleClassifierWindows(t *testing.T) {
	if testing.Short() {
		t.Skip("trains six models")
	}
	gaz, dev := fallbackDev(t)
	prepared := prepareArticles(dev, gaz)
	th := float64(claimFallbackThreshold)
	var kindsTP, modelTP, kindsFP, modelFP int
	for n := len(dev) - 72; n < len(dev); n += 24 {
		train := make([]*clfArticle, n)
		for i := range train {
			train[i] = &prepared[i]
		}
		clf := trainClaimClassifier(train, claimClassifierEpochs)
		roles := trainRoleClassifier(roleExamples(train), roleClassifierEpochs)
		window := dev[n:min(n+24, len(dev))]
		kinds := EvaluateClaims(window, Options{Gazetteer: gaz, ClaimFallback: true,
			fallbackTuning: &fallbackTuning{clf: clf, threshold: th, forcedThreshold: th, forced: true}})
		learned := EvaluateClaims(window, Options{Gazetteer: gaz, ClaimFallback: true,
			fallbackTuning: &fallbackTuning{clf: clf, roles: roles, threshold: th, forcedThreshold: th, forced: true}})
		t.Logf("%s-%s: kinds types %.4f roles %.4f (TP %d FP %d); model types %.4f roles %.4f (TP %d FP %d)",
			window[0].ID, window[len(window)-1].ID,
			kinds.TypeTotal.F1(), kinds.RoleTotal.F1(), kinds.RoleTotal.TP, kinds.RoleTotal.FP,
			learned.TypeTotal.F1(), learned.RoleTotal.F1(), learned.RoleTotal.TP, learned.RoleTotal.FP)
		kindsTP, kindsFP = kindsTP+kinds.RoleTotal.TP, kindsFP+kinds.RoleTotal.FP
		modelTP, modelFP = modelTP+learned.RoleTotal.TP, modelFP+learned.RoleTotal.FP
	}
	if modelTP-modelFP <= kindsTP-kindsFP {
		t.Errorf("learned roles: %d right, %d wrong; kinds: %d right, %d wrong", modelTP, modelFP, kindsTP, kindsFP)
	}
}

// TestFallbackClaimLearnedRoles checks that fallbackClaim takes its roles
// from the model: a hand-made one that makes every organisation a victim
// and every actor none, and skips the claimant.
func TestFallbackClaimLearnedRoles(t *testing.T) {
	text := "Mandiant said Sandworm hit Kyivstar and Ukrenergo last year."
	mentions := testMentions(text, "organization=Mandiant", "threat-actor=Sandworm", "organization=Kyivstar", "organization=Ukrenergo")
	row := func(label string, w int64) *[nRoleLabels]int64 {
		var r [nRoleLabels]int64
		r[slices.Index(roleLabels, label)] = w
		return &r
	}
	victims := &roleClassifier{div: 1, rows: map[string]*[nRoleLabels]int64{
		"tk=targeting|organization": row("victim", 5),
		"tk=targeting|threat-actor": row("actor", 5),
		"p1=said":                   row("none", 100), // only the actor follows "said"
	}}
	rule := model.Claim{Type: model.ClaimAttribution, Claimant: "Mandiant"}
	s := clfSentence{span: model.Span{Start: 0, End: len(text)}, mentions: mentions, rules: []model.Claim{rule}}
	c, ok := fallbackClaim(text, &s, model.ClaimTargeting, victims.reader(text, &s, new(roleReader)))
	var got []string
	for _, r := range c.Roles {
		got = append(got, r.Role+":"+r.Text)
	}
	// Without an attacker the claim is incomplete.
	if want := []string{"victim:Kyivstar", "victim:Ukrenergo"}; ok || !slices.Equal(got, want) {
		t.Errorf("roles %v (complete %v), want %v and incomplete", got, ok, want)
	}
	delete(victims.rows, "p1=said")
	c, ok = fallbackClaim(text, &s, model.ClaimTargeting, victims.reader(text, &s, new(roleReader)))
	got = got[:0]
	for _, r := range c.Roles {
		got = append(got, r.Role+":"+r.Text)
	}
	if want := []string{"actor:Sandworm", "victim:Kyivstar", "victim:Ukrenergo"}; !ok || !slices.Equal(got, want) {
		t.Errorf("roles %v (complete %v), want %v", got, ok, want)
	}
}

func TestRoleFeatures(t *testing.T) {
	text := "Police in Spain arrested three members of the Medusa gang."
	i := strings.Index(text, "Medusa")
	s := clfSentence{span: model.Span{Start: 0, End: len(text)}, mentions: []model.Mention{
		{Kind: model.KindCountry, Text: "Spain", Span: model.Span{Start: 10, End: 15}},
		{Kind: model.KindMalware, Text: "Medusa", Span: model.Span{Start: i, End: i + 6}},
	}}
	rc := newRoleContext(text, &s)
	got := roleFeatures(&rc, 1, model.ClaimLawEnforce)
	for _, want := range []string{
		"t=law-enforcement", "k=malware", "tk=law-enforcement|malware",
		"p1=the", "p2=of", "tp1=law-enforcement|the", "n1=gang", "tn1=law-enforcement|gang",
		"tr=law-enforcement|malware|after", "ord=law-enforcement|malware|0", "last=law-enforcement|malware",
		"gang=law-enforcement",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no feature %q in %v", want, got)
		}
	}
	if first := roleFeatures(&rc, 0, model.ClaimLawEnforce); !slices.Contains(first, "tr=law-enforcement|country|before") {
		t.Errorf("Spain stands before the trigger: %v", first)
	}
}

func TestLoadRoleClassifier(t *testing.T) {
	gz := gzipped
	weights := func(last string) string {
		return strings.Repeat("1\t", nRoleLabels-1) + last
	}
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"not gzip", []byte("k=x\t1\n")},
		{"truncated", EmbeddedRoleClassifier()[:len(EmbeddedRoleClassifier())/2]},
		{"claim classifier", EmbeddedClaimClassifier()},
		{"no header", gz("k=x\t" + weights("1") + "\n")},
		{"wrong labels", gz(roleClassifierMagic + "\t7\tnone,actor\n")},
		{"short line", gz(labelsHeader(7) + "k=x\t1\t2\n")},
		{"not a number", gz(labelsHeader(7) + "k=x\t" + weights("nine") + "\n")},
		{"zero divisor", gz(labelsHeader(0) + "k=x\t" + weights("1") + "\n")},
		{"empty feature", gz(labelsHeader(7) + "\t" + weights("1") + "\n")},
		{"feature twice", gz(labelsHeader(7) + "k=x\t" + weights("1") + "\nk=x\t" + weights("1") + "\n")},
		{"too large unzipped", gz(labelsHeader(7) + strings.Repeat("#", maxModelBytes))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := loadRoleClassifier(tt.data); err == nil {
				t.Fatal("loaded a corrupt model")
			}
		})
	}
	c, err := loadRoleClassifier(gz(labelsHeader(2) + "k=x\t" + weights("-9") + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	back, err := c.marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := loadRoleClassifier(back)
	if err != nil || again.div != 2 || !maps.EqualFunc(again.rows, c.rows, func(a, b *[nRoleLabels]int64) bool { return *a == *b }) {
		t.Fatalf("round trip: %v, %+v", err, again)
	}
}

func labelsHeader(div int) string {
	return fmt.Sprintf("%s\t%d\t%s\n", roleClassifierMagic, div, strings.Join(roleLabels, ","))
}

// FuzzLoadRoleClassifier: the reader returns a model or an error, never
// panics, and a model it accepts survives a write and a second read.
func FuzzLoadRoleClassifier(f *testing.F) {
	f.Add(EmbeddedRoleClassifier()[:64], false)
	f.Add([]byte(labelsHeader(7)+"k=x"+strings.Repeat("\t3", nRoleLabels)+"\n"), true)
	f.Add([]byte(labelsHeader(0)+"k=x\t1\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, compress bool) {
		fuzzModelFile(t, data, compress, loadRoleClassifier)
	})
}
