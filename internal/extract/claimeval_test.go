package extract_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/winnow-cti/winnow/internal/extract"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
)

// kbGazetteer is the gazetteer the pipeline builds from the embedded
// knowledge base, so that the figures here are the ones `winnow eval
// claims` prints.
var kbGazetteer = sync.OnceValues(func() (*extract.Gazetteer, error) {
	kb, err := resolve.Load()
	if err != nil {
		return nil, err
	}
	names := kb.Names()
	entries := make([]extract.Entry, len(names))
	for i, n := range names {
		entries[i] = extract.Entry{Name: n.Text, Kind: n.Kind, Key: n.Key, Ransomware: n.Ransomware}
	}
	return extract.NewGazetteer(entries), nil
})

func evaluateSplit(t *testing.T, split string) extract.ClaimReport {
	t.Helper()
	gaz, err := kbGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	arts, err := extract.ClaimGoldSet(split)
	if err != nil {
		t.Fatal(err)
	}
	return extract.EvaluateClaims(arts, extract.Options{Gazetteer: gaz, ClaimFallback: true}) // as the pipeline runs
}

// Floors a little below what the rules reach on each split; a change that
// drops below one has made extraction worse. Test figures are never tuned
// on: the floor only guards them.
var claimFloors = []struct {
	split       string
	types, role float64
}{
	// Measured 0.886 and 0.685 with the fallback, 0.728 and 0.598 by the
	// rules alone (1042 articles; the fallback's models are trained on
	// them; d131-d190 and d215-d1042 were tuned on or read after they were
	// scored, d191-d214 decided the fallback and were not tuned on).
	// Sessions 9 and 10 lowered it from 0.851 / 0.693 on 334: fresh sets
	// score below the ones the rules were written on.
	{extract.SplitDev, 0.875, 0.68},
	// Measured 0.768 and 0.586 with the fallback, 0.687 and 0.541 by the
	// rules alone (934 articles; t71-t934 were never read; session 10's
	// code scores 0.748 and 0.572 on them). Issue 5 asks 0.85 and 0.75.
	{extract.SplitTest, 0.755, 0.575},
}

func TestClaimEvalFloors(t *testing.T) {
	for _, f := range claimFloors {
		t.Run(f.split, func(t *testing.T) {
			rep := evaluateSplit(t, f.split)
			var buf bytes.Buffer
			if err := rep.WriteTable(&buf); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s split:\n%s", f.split, buf.String())
			if got := rep.TypeTotal.F1(); got < f.types {
				t.Errorf("claim-type F1 %.3f is below the floor %.3f", got, f.types)
			}
			if got := rep.RoleTotal.F1(); got < f.role {
				t.Errorf("role F1 %.3f is below the floor %.3f", got, f.role)
			}
			if testing.Verbose() {
				buf.Reset()
				rep.WriteMisses(&buf)
				t.Logf("misses:\n%s", buf.String())
			}
		})
	}
}

func TestClaimGoldSetSplits(t *testing.T) {
	dev, err := extract.ClaimGoldSet(extract.SplitDev)
	if err != nil {
		t.Fatal(err)
	}
	test, err := extract.ClaimGoldSet(extract.SplitTest)
	if err != nil {
		t.Fatal(err)
	}
	all, err := extract.ClaimGoldSet(extract.SplitAll)
	if err != nil {
		t.Fatal(err)
	}
	if len(dev) < 40 || len(test) < 20 || len(all) != len(dev)+len(test) {
		t.Errorf("dev %d, test %d, all %d articles; want at least 40 and 20, all both", len(dev), len(test), len(all))
	}
	if _, err := extract.ClaimGoldSet("train"); err == nil {
		t.Error("an unknown split loaded")
	}
	ids := map[string]bool{}
	types := map[model.ClaimType]int{}
	for _, a := range all {
		if ids[a.ID] {
			t.Errorf("article %s twice", a.ID)
		}
		ids[a.ID] = true
		if n := strings.Count(a.Text(), ". ") + 1; n < 2 || len(a.Paragraphs) == 0 {
			t.Errorf("article %s is too short", a.ID)
		}
		for _, c := range a.Claims {
			types[c.Type]++
		}
	}
	for _, typ := range []model.ClaimType{model.ClaimAttribution, model.ClaimTargeting, model.ClaimMalwareUse,
		model.ClaimExploitation, model.ClaimDisclosure, model.ClaimDataBreach, model.ClaimRansomware,
		model.ClaimLawEnforce, model.ClaimAliasAssertion} {
		if types[typ] < 5 {
			t.Errorf("the gold set has %d %s claims, want several", types[typ], typ)
		}
	}
}

// A two-article gold set whose scores are worked out by hand below.
const evalFixture = `[
{"id": "a", "published": "2024-03-26", "p": [["Mandiant said APT28 breached the Bundestag in 2015.", "Nothing happened here."]],
 "claims": [
  {"s": 0, "type": "targeting", "roles": {"actor": "APT28", "victim": "Bundestag"}, "claimant": "Mandiant", "time": ["in 2015", "2015-01-01", "2016-01-01"]},
  {"s": 1, "type": "ransomware", "roles": {"victim": "Nothing"}}
 ]},
{"id": "b", "published": "2024-03-26", "p": [["Europol took down LockBit on Monday."]],
 "claims": [
  {"s": 0, "type": "law-enforcement", "roles": {"authority": "Europol", "target": "LockBit", "action": "took down"}, "hedge": true}
 ]}
]`

func TestEvaluateClaimsScores(t *testing.T) {
	arts, err := extract.LoadClaimGold(strings.NewReader(evalFixture))
	if err != nil {
		t.Fatal(err)
	}
	gaz := extract.NewGazetteer([]extract.Entry{
		{Name: "APT28", Kind: model.KindThreatActor, Key: "actor:apt28"},
		{Name: "LockBit", Kind: model.KindMalware, Key: "malware:lockbit"},
	})
	rep := extract.EvaluateClaims(arts, extract.Options{Gazetteer: gaz}) // the scorer, not the fallback
	// Found: the targeting claim as annotated, and the takedown with its
	// Monday, which the gold does not give, and without the gold's hedge.
	// The ransomware claim is not found.
	want := map[string]extract.Score{
		"targeting":       {TP: 1},
		"law-enforcement": {TP: 1},
		"ransomware":      {FN: 1},
		"actor":           {TP: 1},
		"victim":          {TP: 1, FN: 1},
		"authority":       {TP: 1},
		"target":          {TP: 1},
		"action":          {TP: 1},
		"claimant":        {TP: 1},
		"hedge":           {FN: 1},
		"time":            {TP: 1, FP: 1},
	}
	got := map[string]extract.Score{}
	for _, s := range rep.Types {
		got[string(s.Type)] = s.Score
	}
	for _, s := range append(rep.Roles, rep.Attributes...) {
		got[s.Name] = s.Score
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: got %+v, want %+v", name, got[name], w)
		}
	}
	if rep.TypeTotal != (extract.Score{TP: 2, FN: 1}) || rep.RoleTotal != (extract.Score{TP: 5, FN: 1}) {
		t.Errorf("totals: types %+v, roles %+v", rep.TypeTotal, rep.RoleTotal)
	}
	if len(rep.Misses) != 2 {
		t.Errorf("want 2 sentences with misses, got %+v", rep.Misses)
	}
	var buf bytes.Buffer
	if err := rep.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{"targeting", "all types (2 articles)", "all roles", "hedge"} {
		if !strings.Contains(buf.String(), row) {
			t.Errorf("table lacks %q:\n%s", row, buf.String())
		}
	}
}

func TestLoadClaimGoldRejects(t *testing.T) {
	tests := []struct {
		name, json string
	}{
		{"role not in the text", `[{"id": "x", "published": "2024-01-01", "p": [["APT28 struck."]], "claims": [{"s": 0, "type": "targeting", "roles": {"actor": "APT29"}}]}]`},
		{"no such sentence", `[{"id": "x", "published": "2024-01-01", "p": [["APT28 struck."]], "claims": [{"s": 1, "type": "targeting", "roles": {"actor": "APT28"}}]}]`},
		{"time not in the sentence", `[{"id": "x", "published": "2024-01-01", "p": [["APT28 struck."]], "claims": [{"s": 0, "type": "targeting", "roles": {"actor": "APT28"}, "time": ["in 2015", "2015-01-01", "2016-01-01"]}]}]`},
		{"bad date", `[{"id": "x", "published": "January", "p": [["APT28 struck."]], "claims": []}]`},
		{"unknown field", `[{"id": "x", "published": "2024-01-01", "p": [["APT28 struck."]], "claims": [], "extra": 1}]`},
		{"claimant not in the text", `[{"id": "x", "published": "2024-01-01", "p": [["APT28 struck."]], "claims": [{"s": 0, "type": "targeting", "roles": {"actor": "APT28"}, "claimant": "ESET"}]}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := extract.LoadClaimGold(strings.NewReader(tt.json)); err == nil {
				t.Error("loaded")
			}
		})
	}
}
