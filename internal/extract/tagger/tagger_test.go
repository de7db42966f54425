package tagger

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
)

// emissionsSlow scores every label at every position straight from the
// features, the way training does; emissions must agree with it.
func (t *Tagger) emissionsSlow(tokens []string) []int64 {
	nl := len(t.labels)
	feats := sentenceFeatures(tokens, t.lex, t.clusters)
	scores := make([]int64, len(tokens)*nl)
	for i, fs := range feats {
		row := scores[i*nl : (i+1)*nl]
		for _, f := range fs {
			if r := t.index.row(f); r >= 0 {
				addRow(row, t.weights[int(r)*nl:int(r+1)*nl])
			}
		}
	}
	return scores
}

// Name pools for the synthetic corpus; the held-out ones never occur in
// training.
var (
	synthMalware = []string{"Zorbot", "Quillstealer", "Vexmoth", "Drapeworm", "Kelvix", "Nimbra", "Ostrocat", "Pellor", "Trubax", "Wyvernix"}
	synthOrgs    = []string{"Northwind", "Bluefield Labs", "Crestline", "Harbor Security", "Ironclad Research"}
	synthSystems = []string{"Android", "Windows", "iOS", "Google Play", "macOS"}
	heldMalware  = []string{"Grimlock", "Saltspider", "Yarrow"}
	heldOrgs     = []string{"Lakeshore Labs", "Tidewater"}
)

// synthCorpus makes n labeled sentences from templates, drawing names
// from the pools.
func synthCorpus(n int, seed uint64, malware, orgs []string) []Sentence {
	templates := []string{
		"The {M} malware was found by {O} researchers on {S} devices .",
		"{O} said {M} spreads through fake apps on {S} .",
		"Researchers at {O} tracked the {M} trojan .",
		"A new version of {M} targets {S} users , according to {O} .",
		"{M} steals passwords and sends them to 185.61.138.37 .",
		"We saw nothing unusual on the network that week .",
		"Users should update {S} and remove unknown apps .",
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	var out []Sentence
	for range n {
		var s Sentence
		for _, w := range strings.Fields(templates[rng.IntN(len(templates))]) {
			var name, typ string
			switch w {
			case "{M}":
				name, typ = malware[rng.IntN(len(malware))], "Malware"
			case "{O}":
				name, typ = orgs[rng.IntN(len(orgs))], "Organization"
			case "{S}":
				name, typ = synthSystems[rng.IntN(len(synthSystems))], "System"
			}
			if typ == "" {
				s.Tokens = append(s.Tokens, w)
				s.Labels = append(s.Labels, "O")
				continue
			}
			for i, part := range strings.Fields(name) {
				s.Tokens = append(s.Tokens, part)
				if i == 0 {
					s.Labels = append(s.Labels, "B-"+typ)
				} else {
					s.Labels = append(s.Labels, "I-"+typ)
				}
			}
		}
		out = append(out, s)
	}
	return out
}

func synthTagger(t testing.TB, names []Name) *Tagger {
	t.Helper()
	tg, err := Train(synthCorpus(300, 1, synthMalware, synthOrgs), TrainOptions{
		MaxEpochs: 4, Seed: 7, Names: names, Valid: synthCorpus(60, 2, synthMalware, synthOrgs),
	})
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

var synthNames = []Name{{"Zorbot", "malware"}, {"Grimlock", "malware"}, {"Northwind", "organization"}, {"Windows", "platform"}}

func tagAll(tg *Tagger, sentences []Sentence) Report {
	var gold, pred [][]string
	for _, s := range sentences {
		gold = append(gold, s.Labels)
		pred = append(pred, tg.Tag(s.Tokens))
	}
	return Evaluate(gold, pred)
}

func TestTrainLearns(t *testing.T) {
	tg := synthTagger(t, synthNames)
	if got := tg.Types(); !reflect.DeepEqual(got, []string{"Malware", "Organization", "System"}) {
		t.Errorf("types %v", got)
	}
	if got := tagAll(tg, synthCorpus(100, 3, synthMalware, synthOrgs)).Micro.F1(); got < 0.95 {
		t.Errorf("F1 %.3f on fresh sentences with known names, want at least 0.95", got)
	}
	// Names never seen in training are found from their context.
	if got := tagAll(tg, synthCorpus(100, 4, heldMalware, heldOrgs)).Micro.F1(); got < 0.8 {
		t.Errorf("F1 %.3f on sentences with unseen names, want at least 0.8", got)
	}
	m := tg.Meta()
	if len(m.Epochs) != 1 || m.Epochs[0] < 1 || m.Epochs[0] > 4 || m.TrainSentences != 300 || m.ValidSentences != 60 || m.Features == 0 || m.LexiconNames != 4 {
		t.Errorf("meta %+v", m)
	}
}

func TestTrainDeterministic(t *testing.T) {
	a, b := synthTagger(t, synthNames), synthTagger(t, synthNames)
	ra, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := b.MarshalBinary()
	if !bytes.Equal(ra, rb) {
		t.Fatal("two trainings on the same data differ")
	}
	train := synthCorpus(300, 1, synthMalware, synthOrgs)
	c, err := Train(train, TrainOptions{MaxEpochs: 4, Seed: 8, Names: synthNames, Valid: synthCorpus(60, 2, synthMalware, synthOrgs)})
	if err != nil {
		t.Fatal(err)
	}
	if rc, _ := c.MarshalBinary(); bytes.Equal(ra, rc) {
		t.Error("another seed gave the same model: the seed is not used")
	}
}

func TestModelRoundTrip(t *testing.T) {
	tg := synthTagger(t, synthNames)
	var buf bytes.Buffer
	if _, err := tg.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Load(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	ra, _ := tg.MarshalBinary()
	rb, _ := back.MarshalBinary()
	if !bytes.Equal(ra, rb) {
		t.Fatal("a model read back encodes differently")
	}
	if !reflect.DeepEqual(back.Meta(), tg.Meta()) {
		t.Errorf("meta %+v, was %+v", back.Meta(), tg.Meta())
	}
	for _, s := range synthCorpus(50, 5, heldMalware, heldOrgs) {
		if a, b := tg.Tag(s.Tokens), back.Tag(s.Tokens); !reflect.DeepEqual(a, b) {
			t.Fatalf("tags differ after a round trip: %v and %v", a, b)
		}
	}
	var again bytes.Buffer
	back.WriteTo(&again)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("the gzipped form is not stable")
	}
}

func TestUnmarshalErrors(t *testing.T) {
	tg := synthTagger(t, synthNames)
	raw, _ := tg.MarshalBinary()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a winnow tagger model"},
		{"other magic", []byte("winnow-tagger\x00\x01rest"), "not a winnow tagger model"},
		{"truncated", raw[:len(raw)/2], "tagger model:"},
		{"trailing bytes", append(slices.Clone(raw), 0), "bytes after the word clusters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Unmarshal(tc.data); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := Load([]byte("not gzip")); err == nil {
		t.Error("Load accepted data that is not gzipped")
	}
}

func FuzzUnmarshal(f *testing.F) {
	tg, err := Train(synthCorpus(40, 1, synthMalware, synthOrgs), TrainOptions{MaxEpochs: 1, Names: synthNames[:2]})
	if err != nil {
		f.Fatal(err)
	}
	raw, _ := tg.MarshalBinary()
	f.Add(raw)
	f.Add(raw[:len(raw)-3])
	f.Add([]byte(modelMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Unmarshal(data)
		if err != nil {
			return
		}
		// Whatever decodes must tag without panicking and encode again.
		m.Tag([]string{"Zorbot", "hits", "Windows", "hosts", "."})
		if _, err := m.MarshalBinary(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestEmissionsMatchSlow(t *testing.T) {
	tg := synthTagger(t, synthNames)
	sentences := append(synthCorpus(40, 6, heldMalware, heldOrgs), Sentence{Tokens: strings.Fields("Zorbot Zorbot Grimlock , unknownword Northwind Windows")})
	for _, s := range sentences {
		sc := &scratch{}
		fast := slices.Clone(tg.emissions(sc, s.Tokens))
		if slow := tg.emissionsSlow(s.Tokens); !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%v: cached scores differ from the features'", s.Tokens)
		}
	}
}

// bestBrute finds the best allowed label sequence by trying them all.
func bestBrute(scores []int64, n, nl int, trans []int32, prevs [][]int32, first []bool) (best []int, top int64, found bool) {
	seq := make([]int, n)
	var rec func(i int, sum int64)
	rec = func(i int, sum int64) {
		if i == n {
			if !found || sum > top {
				top, best, found = sum, slices.Clone(seq), true
			}
			return
		}
		for j := range nl {
			from := nl
			if i > 0 {
				from = seq[i-1]
				if !slices.Contains(prevs[j], int32(from)) {
					continue
				}
			} else if !first[j] {
				continue
			}
			seq[i] = j
			rec(i+1, sum+scores[i*nl+j]+int64(trans[from*nl+j]))
		}
	}
	rec(0, 0)
	return best, top, found
}

func TestViterbiBruteForce(t *testing.T) {
	tg := newTagger([]string{"O", "B-A", "I-A", "B-B", "I-B"})
	nl := len(tg.labels)
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		n := 1 + rng.IntN(5)
		scores := make([]int64, n*nl)
		for i := range scores {
			scores[i] = int64(rng.IntN(21) - 10)
		}
		trans := make([]int32, (nl+1)*nl)
		for i := range trans {
			trans[i] = int32(rng.IntN(11) - 5)
		}
		got := viterbi(scores, n, nl, trans, tg.prevs, tg.first)
		want, top, _ := bestBrute(scores, n, nl, trans, tg.prevs, tg.first)
		score := func(seq []int) int64 {
			s, from := int64(0), nl
			for i, j := range seq {
				s += scores[i*nl+j] + int64(trans[from*nl+j])
				from = j
			}
			return s
		}
		// Ties may pick another sequence of the same score.
		if score(got) != top {
			t.Fatalf("trial %d: viterbi %v scores %d, best %v scores %d", trial, got, score(got), want, top)
		}
		if lbl := tg.chunks(got); lbl == nil && slices.ContainsFunc(got, func(j int) bool { return j != 0 }) {
			t.Fatalf("trial %d: labels %v make no spans", trial, got)
		}
	}
}

func TestMentions(t *testing.T) {
	tg := synthTagger(t, synthNames)
	text := "Opening words here. The Zorbot malware was found by Northwind researchers on Android devices.\n\nNothing else."
	sentences := []model.Span{{Start: 0, End: 19}, {Start: 20, End: 95}, {Start: 97, End: 110}}
	got := tg.Mentions(text, sentences)
	want := []model.Mention{
		{Kind: model.KindMalware, Text: "Zorbot", Span: model.Span{Start: 24, End: 30}},
		{Kind: model.KindOrganization, Text: "Northwind", Span: model.Span{Start: 52, End: 61}},
	} // Android is a System: no kind
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for _, m := range got {
		if m.Span.In(text) != m.Text {
			t.Errorf("mention %q has span %v", m.Text, m.Span)
		}
	}
	var none *Tagger
	if none.Mentions(text, sentences) != nil {
		t.Error("a nil tagger found mentions")
	}
	if tg.Mentions(text, []model.Span{{Start: -1, End: 5}, {Start: 90, End: 500}}) != nil {
		t.Error("spans outside the text were tagged")
	}
}

func TestNamed(t *testing.T) {
	for s, want := range map[string]bool{"Zorbot": true, "cve 2024": true, "the banking trojan": false, "": false, "écrit": false, "Émotet": true} {
		if named(s) != want {
			t.Errorf("named(%q) = %v", s, !want)
		}
	}
}

func TestWithoutNames(t *testing.T) {
	tg := synthTagger(t, synthNames)
	less := tg.WithoutNames(func(n Name) bool { return n.Class == "malware" })
	if less.lex == nil || len(less.lex.names) != 2 || len(tg.lex.names) != 4 {
		t.Fatalf("lexicon sizes %d and %d", len(less.lex.names), len(tg.lex.names))
	}
	if m := less.lex.marks([]tokenInfo{describe("Zorbot")}); m != nil {
		t.Errorf("a dropped name still matches: %v", m)
	}
}

func TestLexiconMarks(t *testing.T) {
	lx := newLexicon([]Name{
		{"Cobalt Strike", "tool"}, {"Cobalt", "malware"}, {"APT28", "threat-actor"}, {"apt28", "threat-actor"},
		{"Fancy Bear", "threat-actor"}, {"", "malware"}, {"a b c d e f g h i", "malware"},
	})
	toks := strings.Fields("cobalt strike and Cobalt and APT28 , Fancy Bear")
	infos := make([]tokenInfo, len(toks))
	for i, tok := range toks {
		infos[i] = describe(tok)
	}
	var got []string
	for i, ms := range lx.marks(infos) {
		for _, m := range ms {
			got = append(got, fmt.Sprintf("%s:%s/%c/%v", toks[i], lx.classes[m.class], m.pos, m.exact))
		}
	}
	want := []string{
		"cobalt:tool/B/false", "strike:tool/L/false", // the longest name wins
		"Cobalt:malware/U/true",
		"APT28:threat-actor/U/true", // two spellings, one entry a class
		"Fancy:threat-actor/B/true", "Bear:threat-actor/L/true",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if len(lx.names) != 5 {
		t.Errorf("kept %d names, want 5 (no empty or overlong ones)", len(lx.names))
	}
}

func TestAugment(t *testing.T) {
	train := []Sentence{
		{Tokens: strings.Fields("the Zorbot malware and Northwind"), Labels: strings.Fields("O B-Malware O O B-Organization")},
		{Tokens: strings.Fields("nothing here"), Labels: strings.Fields("O O")},
	}
	fill := map[string][]string{"Malware": {"Black Basta", "Qbot"}}
	out := Augment(train, fill, 3, 1)
	if len(out) != 3 {
		t.Fatalf("%d silver sentences, want 3", len(out))
	}
	for _, s := range out {
		text := strings.Join(s.Tokens, " ")
		switch text {
		case "the Black Basta malware and Northwind":
			if !reflect.DeepEqual(s.Labels, strings.Fields("O B-Malware I-Malware O O B-Organization")) {
				t.Errorf("labels %v", s.Labels)
			}
		case "the Qbot malware and Northwind":
			if !reflect.DeepEqual(s.Labels, train[0].Labels) {
				t.Errorf("labels %v", s.Labels)
			}
		default:
			t.Errorf("unexpected silver sentence %q", text)
		}
	}
	if !reflect.DeepEqual(out, Augment(train, fill, 3, 1)) {
		t.Error("Augment is not deterministic")
	}
	if Augment(train, fill, 0, 1) != nil || Augment(train, nil, 2, 1) != nil {
		t.Error("no copies or no names must give nothing")
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, TrainOptions{}); err == nil {
		t.Error("training on nothing succeeded")
	}
	bad := []Sentence{{Tokens: []string{"a", "b"}, Labels: []string{"O"}, Line: 9}}
	if _, err := Train(bad, TrainOptions{}); err == nil || !strings.Contains(err.Error(), "line 9") {
		t.Errorf("error %v, want one naming line 9", err)
	}
}

func TestTagLongInput(t *testing.T) {
	tg := synthTagger(t, synthNames)
	var toks []string
	for range maxPiece/4 + 3 {
		toks = append(toks, "Researchers", "at", "Northwind", "said")
	}
	labels := tg.Tag(toks)
	if len(labels) != len(toks) {
		t.Fatalf("%d labels for %d tokens", len(labels), len(toks))
	}
	chunks, margins := tg.margins(toks)
	if len(chunks) != len(margins) || len(chunks) < maxPiece/4 {
		t.Fatalf("%d spans, %d margins", len(chunks), len(margins))
	}
	for i, c := range chunks {
		if c.Type != "Organization" || toks[c.Start] != "Northwind" || margins[i] <= 0 {
			t.Fatalf("span %+v with margin %d", c, margins[i])
		}
	}
	if tg.Tag(nil) == nil || len(tg.Tag(nil)) != 0 {
		t.Error("Tag(nil) must give an empty slice")
	}
}

func TestConcurrentTag(t *testing.T) {
	tg := synthTagger(t, synthNames)
	sentences := synthCorpus(40, 9, heldMalware, heldOrgs)
	want := make([][]string, len(sentences))
	for i, s := range sentences {
		want[i] = tg.Tag(s.Tokens)
	}
	done := make(chan error)
	for g := range 4 {
		go func() {
			for i := range sentences {
				k := (i + g*7) % len(sentences)
				if got := tg.Tag(sentences[k].Tokens); !reflect.DeepEqual(got, want[k]) {
					done <- fmt.Errorf("sentence %d tagged %v, then %v", k, want[k], got)
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestTrainRefit(t *testing.T) {
	train, valid := synthCorpus(200, 1, synthMalware, synthOrgs), synthCorpus(60, 2, synthMalware, synthOrgs)
	extra := synthCorpus(50, 9, heldMalware, heldOrgs)
	opts := TrainOptions{MaxEpochs: 4, Seed: 7, Runs: 2, Names: synthNames, Valid: valid}
	first, err := Train(train, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Refit, opts.RefitSilver = extra, valid
	refit, err := Train(train, opts)
	if err != nil {
		t.Fatal(err)
	}
	fm, rm := first.Meta(), refit.Meta()
	tests := []struct {
		name      string
		got, want any
	}{
		{"epochs kept", rm.Epochs, fm.Epochs},
		{"valid score of the first fit", rm.ValidMicroF1, fm.ValidMicroF1},
		{"refit sentences", rm.RefitSentences, len(extra)},
		{"silver sentences", rm.SilverSentences, len(valid)},
		{"vocabulary grows", len(refit.words) > len(first.words), true},
		{"margin set", rm.MentionMargin > 0, fm.MentionMargin > 0},
	}
	for _, tc := range tests {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	// The held-out names were in the refit sentences only.
	if got := tagAll(refit, synthCorpus(100, 4, heldMalware, heldOrgs)).Micro.F1(); got < 0.95 {
		t.Errorf("F1 %.3f on names the refit saw, want at least 0.95", got)
	}
	// Without a validation set there is nothing to choose epochs on, and
	// Refit is ignored.
	opts.Valid = nil
	noValid, err := Train(train, opts)
	if err != nil {
		t.Fatal(err)
	}
	if m := noValid.Meta(); m.RefitSentences != 0 || !slices.Equal(m.Epochs, []int{4, 4}) {
		t.Errorf("without a validation set: meta %+v", m)
	}
}
