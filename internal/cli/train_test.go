package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/extract"
	"github.com/winnow-cti/winnow/internal/extract/tagger"
	"github.com/winnow-cti/winnow/internal/testutil"
)

// TestTrainReproducesEmbeddedModel trains the tagger as `winnow train`
// does and checks the result is the embedded model, byte for byte: the
// committed model is what the recipe makes from the corpus, the knowledge
// base and the built-in tables. When it fails after a change to any of
// them, run `winnow train` and commit the model.
func TestTrainReproducesEmbeddedModel(t *testing.T) {
	dir := filepath.Join(testutil.SharedData(t), "cyner")
	fresh, err := trainNER(defaultNERTraining(dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := tagger.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	got, err := fresh.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := embedded.MarshalBinary()
	if !bytes.Equal(got, want) {
		t.Fatalf("a fresh training (meta %+v) differs from the embedded model (meta %+v): run `winnow train` and commit %s",
			fresh.Meta(), embedded.Meta(), tagger.ModelPath)
	}
}

// TestTrainClaims checks that `winnow train --claims --roles` writes the
// embedded claim and role classifiers byte for byte, needing no corpus
// beyond the binary's.
func TestTrainClaims(t *testing.T) {
	dir := t.TempDir()
	clfOut, rolesOut := filepath.Join(dir, "claimclf.tsv.gz"), filepath.Join(dir, "roleclf.tsv.gz")
	code, stdout, errOut := winnow(t, "", "", "train", "--claims", clfOut, "--roles", rolesOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, f := range []struct {
		out, embeddedPath, flag string
		embedded                []byte
	}{
		{clfOut, extract.ClaimClassifierPath, "--claims", extract.EmbeddedClaimClassifier()},
		{rolesOut, extract.RoleClassifierPath, "--roles", extract.EmbeddedRoleClassifier()},
	} {
		if !strings.Contains(stdout, "wrote "+f.out) {
			t.Errorf("stdout %q", stdout)
		}
		got, err := os.ReadFile(f.out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.embedded) {
			t.Errorf("wrote %d bytes unlike the embedded %s: run `winnow train %s %[2]s` and commit it",
				len(got), f.embeddedPath, f.flag)
		}
	}
}

// nerFixture is a tiny corpus in CoNLL form.
const nerFixture = "The\tO\nZorbot\tB-Malware\nbackdoor\tO\nhit\tO\nWindows\tB-System\nhosts\tO\n.\tO\n\n" +
	"Northwind\tB-Organization\nresearchers\tO\nfound\tO\nZorbot\tB-Malware\n.\tO\n"

func writeNERFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"train.txt", "valid.txt", "test.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(nerFixture), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestTrainAndEvalNER(t *testing.T) {
	dir := writeNERFixture(t)
	model := filepath.Join(t.TempDir(), "model.gz")
	code, out, errOut := winnow(t, "", "", "train", "--cyner", dir, "-o", model, "--no-lexicon", "--silver", "0", "--unseen", "0", "--runs", "2", "--max-epochs", "3")
	if code != 0 {
		t.Fatalf("train exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "wrote "+model) || !strings.Contains(out, "2 runs") {
		t.Errorf("train said %q", out)
	}
	if !strings.Contains(errOut, "run 2 epoch  3: valid micro-F1") {
		t.Errorf("train progress %q", errOut)
	}
	test := filepath.Join(dir, "test.txt")
	code, out, errOut = winnow(t, "", "", "eval", "ner", "--model", model, "--conll", test)
	if code != 0 {
		t.Fatalf("eval exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Malware     2          2   2      1.000   1.000  1.000", "micro (2 sentences)", "micro-F1 1.0000 (strict span match, 2 sentences)"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = winnow(t, "", "", "eval", "ner", "--model", model, "--conll", test, "--json")
	var rep nerReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil {
		t.Fatalf("eval --json exit %d: %s", code, out)
	}
	if rep.Sentences != 2 || rep.Micro.Gold != 4 || rep.Micro.F1 != 1 || len(rep.Types) != 3 {
		t.Errorf("JSON report %+v", rep)
	}
}

// TestTrainClustersAndRefit trains on the fixture with word clusters
// learned from a one-file galaxy and with the refit on valid.txt.
func TestTrainClustersAndRefit(t *testing.T) {
	dir := writeNERFixture(t)
	galaxy := t.TempDir()
	desc := `{"values": [{"description": "Zorbot is a backdoor that targets Windows hosts."},
		{"description": "Grimlock is a backdoor that targets Windows hosts too."},
		{"description": "Zorbot is a backdoor that targets Windows hosts."}]}`
	if err := os.WriteFile(filepath.Join(galaxy, "malware.json"), []byte(desc), 0o644); err != nil {
		t.Fatal(err)
	}
	clusters := filepath.Join(t.TempDir(), "clusters.tsv")
	model := filepath.Join(t.TempDir(), "model.gz")
	code, out, errOut := winnow(t, "", "", "train", "-q", "--cyner", dir, "-o", model, "--no-lexicon", "--silver", "0", "--unseen", "0",
		"--max-epochs", "2", "--make-clusters", "--clusters", clusters, "--misp-galaxy", galaxy, "--cluster-min-count", "2", "--refit")
	if code != 0 {
		t.Fatalf("train exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "wrote "+clusters) || !strings.Contains(out, "wrote "+model) {
		t.Errorf("train said %q", out)
	}
	data, err := os.ReadFile(clusters)
	if err != nil {
		t.Fatal(err)
	}
	// "zorbot" occurs twice in the CyNER files and once in the
	// deduplicated descriptions; "grimlock" once only.
	if !strings.Contains(string(data), "zorbot\t") || strings.Contains(string(data), "grimlock\t") {
		t.Errorf("clusters:\n%s", data)
	}
	m, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := tagger.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	if meta := tg.Meta(); meta.RefitSentences != 2 {
		t.Errorf("meta %+v: want the 2 valid.txt sentences refit", meta)
	}
}

// TestTrainVectorClusters learns gzipped word clusters from a small file of
// word vectors and trains with them; --no-clusters trains without any.
func TestTrainVectorClusters(t *testing.T) {
	dir := writeNERFixture(t)
	vectors := filepath.Join(t.TempDir(), "vectors.txt")
	text := "the 1 0 0\nzorbot 0 1 0\ngrimlock 0 0.9 0.1\nwindows 0 0 1\nnorthwind 1 0.1 0\n" +
		"researchers 0.9 0 0.2\nhosts 0.1 0 0.8\nhit 0.5 0.5 0\nfound 0.4 0.6 0\n"
	if err := os.WriteFile(vectors, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	clusters := filepath.Join(t.TempDir(), "clusters.tsv.gz")
	model := filepath.Join(t.TempDir(), "model.gz")
	code, out, errOut := winnow(t, "", "", "train", "-q", "--cyner", dir, "-o", model, "--no-lexicon", "--silver", "0", "--unseen", "0",
		"--max-epochs", "2", "--make-clusters", "--vectors", vectors, "--clusters", clusters, "--cluster-words", "8", "--cluster-depth", "2")
	if code != 0 {
		t.Fatalf("train exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "wrote "+clusters) || !strings.Contains(out, "wrote "+model) {
		t.Errorf("train said %q", out)
	}
	f, err := os.Open(clusters)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := tagger.ReadClustersGzip(f)
	if err != nil {
		t.Fatal(err)
	}
	// The first 8 words, each with a path of at most 2 bits; "found" is the ninth.
	if len(c) != 8 || c["found"] != "" || len(c["zorbot"]) == 0 || len(c["zorbot"]) > 2 {
		t.Errorf("clusters %v", c)
	}

	plain := filepath.Join(t.TempDir(), "plain.gz")
	if code, _, errOut := winnow(t, "", "", "train", "-q", "--cyner", dir, "-o", plain, "--no-lexicon", "--silver", "0", "--unseen", "0",
		"--max-epochs", "2", "--no-clusters"); code != 0 {
		t.Fatalf("train --no-clusters exit %d: %s", code, errOut)
	}
	withRecipe := filepath.Join(t.TempDir(), "recipe.gz")
	if code, _, errOut := winnow(t, "", "", "train", "-q", "--cyner", dir, "-o", withRecipe, "--no-lexicon", "--silver", "0", "--unseen", "0",
		"--max-epochs", "2"); code != 0 {
		t.Fatalf("train exit %d: %s", code, errOut)
	}
	a, _ := os.ReadFile(plain)
	b, _ := os.ReadFile(withRecipe)
	// The recipe's clusters (100,000 words) travel in the model.
	if len(b) < len(a)+100_000 {
		t.Errorf("model with the recipe's clusters %d bytes, without %d", len(b), len(a))
	}
}

func TestEvalNEREmbedded(t *testing.T) {
	dir := writeNERFixture(t)
	code, out, errOut := winnow(t, "", "", "eval", "ner", "--conll", filepath.Join(dir, "test.txt"), "--misses")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "micro-F1 ") {
		t.Errorf("no micro-F1 line:\n%s", out)
	}
	// Every miss is listed under its sentence.
	if strings.Contains(out, "  missing ") && !strings.Contains(out, "\nline ") {
		t.Errorf("misses without their sentence:\n%s", out)
	}
	code, held, _ := winnow(t, "", "", "eval", "ner", "--conll", filepath.Join(dir, "test.txt"), "--hold-out-names")
	if code != 0 || !strings.Contains(held, "micro-F1 ") {
		t.Errorf("--hold-out-names exit %d:\n%s", code, held)
	}
}

func TestNERCommandErrors(t *testing.T) {
	dir := writeNERFixture(t)
	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte("a O\nb\n"), 0o644)
	notModel := filepath.Join(t.TempDir(), "model.gz")
	os.WriteFile(notModel, []byte("not a model"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"eval without --conll", []string{"eval", "ner"}, 2, "--conll FILE is required"},
		{"eval with an argument", []string{"eval", "ner", "--conll", bad, "extra"}, 2, "usage"},
		{"eval of a bad file", []string{"eval", "ner", "--conll", bad}, 1, "line 2: want a token and a label"},
		{"eval of a missing file", []string{"eval", "ner", "--conll", filepath.Join(dir, "none.txt")}, 1, "no such file"},
		{"eval with a bad model", []string{"eval", "ner", "--conll", bad, "--model", notModel}, 1, notModel},
		{"train with an argument", []string{"train", "extra"}, 2, "usage"},
		{"train on a missing corpus", []string{"train", "--cyner", t.TempDir(), "-o", notModel}, 1, "train.txt"},
		{"make clusters without a file", []string{"train", "--cyner", dir, "-o", notModel, "--make-clusters", "--misp-galaxy", dir}, 2, "needs --clusters FILE"},
		{"make clusters from no galaxy", []string{"train", "--cyner", dir, "-o", notModel, "--make-clusters", "--misp-galaxy", dir, "--clusters", filepath.Join(t.TempDir(), "c.tsv")}, 1, "no galaxy clusters"},
		{"train with a bad cluster file", []string{"train", "--cyner", dir, "-o", notModel, "--clusters", bad}, 1, "clusters line 1"},
		{"clusters and no clusters", []string{"train", "--cyner", dir, "-o", notModel, "--clusters", bad, "--no-clusters"}, 2, "do not go together"},
		{"vectors without making clusters", []string{"train", "--cyner", dir, "-o", notModel, "--vectors", bad}, 2, "--vectors goes with --make-clusters"},
		{"clusters from bad vectors", []string{"train", "--cyner", dir, "-o", notModel, "--make-clusters", "--vectors", bad, "--clusters", filepath.Join(t.TempDir(), "c.tsv")}, 1, bad + ": vectors line 1: number 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := winnow(t, "", "", tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tc.code, tc.want)
			}
		})
	}
}
