package tagger

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Word clusters group words that occur in similar company in unlabeled
// text, so that a word the labeled corpus never showed can borrow what
// the tagger learned about others of its cluster (in the clusters learned
// from the MISP galaxy descriptions, "Facebook" shares one with "Google",
// "Android" with "Windows"). Clusters builds them; the tagger
// reads each word's cluster as a path of bits from the root of a binary
// tree, and uses prefixes of the path as features, coarse to fine.

// ClusterOptions tune Clusters. Zero fields take the defaults.
type ClusterOptions struct {
	// MinCount is how often a word must occur to be clustered.
	MinCount int
	// Contexts is how many of the most frequent words serve as contexts.
	Contexts int
	// Depth is the most bits of a path: at most 2^Depth clusters.
	Depth int
}

// Cluster defaults.
const (
	DefaultClusterMinCount = 3
	DefaultClusterContexts = 1000
	DefaultClusterDepth    = 10
)

// minClusterSplit is the fewest words a cluster must hold to be split.
const minClusterSplit = 8

// contextOffsets are the neighbours a word's company is counted over.
var contextOffsets = [...]int{-2, -1, 1, 2}

// Clusters groups the words of texts (token sequences) by splitting them in
// two again and again (see bisect), comparing words by the positive
// pointwise mutual information of their neighbours, and returns each
// word's path in the resulting tree, a string of '0' and '1'. Words are
// compared in lower case. The result depends only on the input; it uses
// floating point, so it is written to a file once (see WriteClusters)
// rather than recomputed by every training.
func Clusters(texts [][]string, opts ClusterOptions) map[string]string {
	if opts.MinCount <= 0 {
		opts.MinCount = DefaultClusterMinCount
	}
	if opts.Contexts <= 0 {
		opts.Contexts = DefaultClusterContexts
	}
	if opts.Depth <= 0 {
		opts.Depth = DefaultClusterDepth
	}
	counts := map[string]int{}
	lower := make([][]string, len(texts))
	for i, text := range texts {
		lower[i] = make([]string, len(text))
		for j, w := range text {
			lower[i][j] = strings.ToLower(w)
			counts[lower[i][j]]++
		}
	}
	var vocab []string
	for w, c := range counts {
		if c >= opts.MinCount {
			vocab = append(vocab, w)
		}
	}
	// Most frequent first, ties by spelling.
	slices.SortFunc(vocab, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	if len(vocab) == 0 {
		return nil
	}
	index := make(map[string]int32, len(vocab))
	for i, w := range vocab {
		index[w] = int32(i)
	}
	nc := min(opts.Contexts, len(vocab))
	dims := len(contextOffsets) * nc

	// Co-occurrence counts, word by context dimension.
	co := make([]map[int32]int, len(vocab))
	for i := range co {
		co[i] = map[int32]int{}
	}
	for _, text := range lower {
		for j, w := range text {
			wi, ok := index[w]
			if !ok {
				continue
			}
			for k, off := range contextOffsets {
				at := j + off
				if at < 0 || at >= len(text) {
					continue
				}
				if ci, ok := index[text[at]]; ok && int(ci) < nc {
					co[wi][int32(k*nc)+ci]++
				}
			}
		}
	}
	rowSum := make([]float64, len(vocab))
	colSum := make([]float64, dims)
	total := 0.0
	for i, m := range co {
		for d, c := range m {
			rowSum[i] += float64(c)
			colSum[d] += float64(c)
		}
	}
	for _, s := range rowSum {
		total += s
	}
	// Positive PMI, each vector scaled to unit length.
	vecs := make([]sparseVec, len(vocab))
	for i, m := range co {
		dimsOf := make([]int32, 0, len(m))
		for d := range m {
			dimsOf = append(dimsOf, d)
		}
		slices.Sort(dimsOf)
		v := sparseVec{}
		for _, d := range dimsOf {
			pmi := math.Log(float64(m[d]) * total / float64(rowSum[i]*colSum[d]))
			if pmi > 0 {
				v.dims = append(v.dims, d)
				v.vals = append(v.vals, pmi)
			}
		}
		v.normalize()
		vecs[i] = v
	}

	paths := make([][]byte, len(vocab))
	all := make([]int, len(vocab))
	for i := range all {
		all[i] = i
	}
	bisect(vecs, all, paths, dims, opts.Depth)
	out := make(map[string]string, len(vocab))
	for i, w := range vocab {
		if len(vecs[i].dims) > 0 {
			out[w] = string(paths[i])
		}
	}
	return out
}

type sparseVec struct {
	dims []int32
	vals []float64
}

func (v *sparseVec) normalize() {
	n := 0.0
	for _, x := range v.vals {
		n += float64(x * x)
	}
	if n == 0 {
		return
	}
	n = math.Sqrt(n)
	for i := range v.vals {
		v.vals[i] /= n
	}
}

func (v *sparseVec) dot(dense []float64) float64 {
	s := 0.0
	for i, d := range v.dims {
		s += float64(v.vals[i] * dense[d])
	}
	return s
}

// bisect splits the words of set (indexes into vecs, most frequent first)
// in two and appends '0' or '1' to each word's path, then recurses on both
// halves until depth runs out or a part is small. The first cut is across
// the principal direction of the vectors (found by power iteration), and
// spherical 2-means then refines it.
func bisect(vecs []sparseVec, set []int, paths [][]byte, dims, depth int) {
	if depth == 0 || len(set) < minClusterSplit {
		return
	}
	mean := make([]float64, dims)
	for _, i := range set {
		for k, d := range vecs[i].dims {
			mean[d] += vecs[i].vals[k]
		}
	}
	for d := range mean {
		mean[d] /= float64(len(set))
	}
	// Start from the most frequent word's offset from the mean.
	dir := make([]float64, dims)
	for k, d := range vecs[set[0]].dims {
		dir[d] = vecs[set[0]].vals[k]
	}
	for d := range dir {
		dir[d] -= mean[d]
	}
	proj := make([]float64, len(set))
	next := make([]float64, dims)
	for range 20 {
		if !unit(dir) {
			return // every vector is the same
		}
		m := dotDense(mean, dir)
		clear(next)
		sum := 0.0
		for k, i := range set {
			proj[k] = vecs[i].dot(dir) - m
			sum += proj[k]
			for j, d := range vecs[i].dims {
				next[d] += float64(proj[k] * vecs[i].vals[j])
			}
		}
		for d := range next {
			next[d] -= float64(sum * mean[d])
		}
		dir, next = next, dir
	}
	side := make([]byte, len(set))
	for k := range set {
		if proj[k] > 0 {
			side[k] = 1
		}
	}
	var centre [2][]float64
	for c := range centre {
		centre[c] = make([]float64, dims)
	}
	for iter := 0; iter < 10; iter++ {
		for c := range centre {
			clear(centre[c])
		}
		for k, i := range set {
			for j, d := range vecs[i].dims {
				centre[side[k]][d] += vecs[i].vals[j]
			}
		}
		unit(centre[0])
		unit(centre[1])
		changed := false
		for k, i := range set {
			a, b := vecs[i].dot(centre[0]), vecs[i].dot(centre[1])
			s := side[k] // ties keep their side
			switch {
			case a > b:
				s = 0
			case b > a:
				s = 1
			}
			if s != side[k] {
				side[k], changed = s, true
			}
		}
		if !changed {
			break
		}
	}
	var parts [2][]int
	for k, i := range set {
		paths[i] = append(paths[i], '0'+side[k])
		parts[side[k]] = append(parts[side[k]], i)
	}
	if len(parts[0]) == 0 || len(parts[1]) == 0 {
		return
	}
	for _, p := range parts {
		bisect(vecs, p, paths, dims, depth-1)
	}
}

// unit scales v to unit length, reporting false when it is zero.
func unit(v []float64) bool {
	n := math.Sqrt(dotDense(v, v))
	if n == 0 {
		return false
	}
	for d := range v {
		v[d] /= n
	}
	return true
}

func dotDense(a, b []float64) float64 {
	s := 0.0
	for i, x := range a {
		s += float64(x * b[i])
	}
	return s
}

// WriteClusters writes word clusters one a line, word and path separated
// by a tab, sorted by word: the form ReadClusters reads.
func WriteClusters(w io.Writer, clusters map[string]string) error {
	words := make([]string, 0, len(clusters))
	for word := range clusters {
		words = append(words, word)
	}
	slices.Sort(words)
	bw := bufio.NewWriter(w)
	for _, word := range words {
		fmt.Fprintf(bw, "%s\t%s\n", word, clusters[word])
	}
	return bw.Flush()
}

// ReadClusters reads word clusters as WriteClusters writes them.
func ReadClusters(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		word, path, ok := strings.Cut(sc.Text(), "\t")
		if !ok || word == "" || strings.Trim(path, "01") != "" {
			return nil, fmt.Errorf("clusters line %d: want a word, a tab and a path of 0 and 1", line)
		}
		out[word] = path
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// RecipeClustersPath is where the recipe's word clusters live, relative to
// the repository root: learned from GloVe's word vectors by `winnow train
// --make-clusters --vectors`, and embedded so that a clone without the
// vectors can still train the model.
const RecipeClustersPath = "internal/extract/tagger/data/glove-clusters.tsv.gz"

//go:embed data/glove-clusters.tsv.gz
var recipeClusters []byte

// RecipeClusters returns the embedded word clusters the recipe trains with.
func RecipeClusters() (map[string]string, error) {
	c, err := ReadClustersGzip(bytes.NewReader(recipeClusters))
	if err != nil {
		return nil, fmt.Errorf("embedded word clusters: %w", err)
	}
	return c, nil
}

// ReadClustersGzip reads gzipped clusters as WriteClustersGzip writes them.
func ReadClustersGzip(r io.Reader) (map[string]string, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	c, err := ReadClusters(zr)
	if err != nil {
		return nil, err
	}
	return c, zr.Close()
}

// WriteClustersGzip writes clusters as WriteClusters does, gzipped, with
// no name or time in the header so the same clusters give the same bytes.
func WriteClustersGzip(w io.Writer, clusters map[string]string) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := WriteClusters(zw, clusters); err != nil {
		return err
	}
	return zw.Close()
}
