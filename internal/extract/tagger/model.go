package tagger

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// ModelPath is where the embedded model lives, relative to the repository
// root; `winnow train` writes there by default.
const ModelPath = "internal/extract/tagger/data/cyner.model.gz"

//go:embed data/cyner.model.gz
var embeddedModel []byte

// EmbeddedModel returns the gzipped model compiled into the binary.
func EmbeddedModel() []byte { return embeddedModel }

var embedded struct {
	once sync.Once
	t    *Tagger
	err  error
}

// Embedded returns the model compiled into the binary, decoding it on the
// first call.
func Embedded() (*Tagger, error) {
	embedded.once.Do(func() {
		embedded.t, embedded.err = Load(embeddedModel)
		if embedded.err != nil {
			embedded.err = fmt.Errorf("embedded tagger model: %w", embedded.err)
		}
	})
	return embedded.t, embedded.err
}

// modelMagic starts every model; its last byte is the format version.
const modelMagic = "winnow-tagger\x00\x02"

// Limits that keep a corrupt model from asking for absurd allocations.
const (
	maxLabels   = 64
	maxFeatures = 1 << 24
	maxNames    = 1 << 20
	maxString   = 1 << 16
)

// MarshalBinary encodes the model uncompressed. Equal models give equal
// bytes: features are in hash order and the lexicon sorted.
func (t *Tagger) MarshalBinary() ([]byte, error) {
	meta, err := json.Marshal(t.meta)
	if err != nil {
		return nil, err
	}
	b := []byte(modelMagic)
	b = appendString(b, string(meta))
	b = binary.AppendUvarint(b, uint64(len(t.labels)))
	for _, l := range t.labels {
		b = appendString(b, l)
	}
	var names []Name
	var classes []string
	if t.lex != nil {
		names, classes = t.lex.names, t.lex.classes
	}
	b = binary.AppendUvarint(b, uint64(len(classes)))
	for _, c := range classes {
		b = appendString(b, c)
	}
	classIndex := map[string]int{}
	for i, c := range classes {
		classIndex[c] = i
	}
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, n := range names {
		b = binary.AppendUvarint(b, uint64(classIndex[n.Class]))
		b = appendString(b, n.Text)
	}
	for _, v := range t.trans {
		b = binary.AppendVarint(b, int64(v))
	}
	nl := len(t.labels)
	hashes := t.hashes
	b = binary.AppendUvarint(b, uint64(len(hashes)))
	prev := uint64(0)
	for i, h := range hashes {
		b = binary.AppendUvarint(b, h-prev)
		prev = h
		row := t.weights[i*nl : (i+1)*nl]
		mask := uint64(0)
		for j, v := range row {
			if v != 0 {
				mask |= 1 << j
			}
		}
		b = binary.AppendUvarint(b, mask)
		for _, v := range row {
			if v != 0 {
				b = binary.AppendVarint(b, int64(v))
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(t.words)))
	for _, w := range t.words {
		b = appendString(b, w)
	}
	words := make([]string, 0, len(t.clusters))
	for w := range t.clusters {
		words = append(words, w)
	}
	slices.Sort(words)
	b = binary.AppendUvarint(b, uint64(len(words)))
	for _, w := range words {
		b = appendString(b, w)
		b = appendString(b, t.clusters[w])
	}
	return b, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// WriteTo writes the model gzipped, in the form Load reads. The gzip
// header carries no name or time, so the output depends on the model only.
func (t *Tagger) WriteTo(w io.Writer) (int64, error) {
	raw, err := t.MarshalBinary()
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	if _, err := zw.Write(raw); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	n, err := w.Write(buf.Bytes())
	return int64(n), err
}

// Load decodes a gzipped model as WriteTo writes it.
func Load(data []byte) (*Tagger, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(io.LimitReader(zr, 1<<30))
	if err != nil {
		return nil, err
	}
	return Unmarshal(raw)
}

// Unmarshal decodes a model encoded by MarshalBinary.
func Unmarshal(raw []byte) (*Tagger, error) {
	d := decoder{b: raw}
	if !bytes.HasPrefix(raw, []byte(modelMagic)) {
		return nil, errors.New("not a winnow tagger model (or another format version)")
	}
	d.b = d.b[len(modelMagic):]
	var meta Meta
	if err := json.Unmarshal([]byte(d.string()), &meta); err != nil && d.err == nil {
		d.err = fmt.Errorf("meta: %w", err)
	}
	nl := d.count(maxLabels)
	labels := make([]string, 0, nl)
	for range nl {
		labels = append(labels, d.string())
	}
	if d.err == nil {
		if err := checkLabels(labels); err != nil {
			return nil, err
		}
	}
	nc := d.count(maxNames)
	classes := make([]string, 0, min(nc, len(d.b)))
	for range nc {
		classes = append(classes, d.string())
	}
	nn := d.count(maxNames)
	names := make([]Name, 0, min(nn, len(d.b)))
	for range nn {
		c := d.uvarint()
		text := d.string()
		if d.err == nil && c >= uint64(len(classes)) {
			d.err = fmt.Errorf("lexicon name %q has class %d of %d", text, c, len(classes))
		}
		if d.err != nil {
			break
		}
		names = append(names, Name{Text: text, Class: classes[c]})
	}
	if d.err != nil {
		return nil, fmt.Errorf("tagger model: %w", d.err)
	}
	t := newTagger(labels)
	t.meta = meta
	t.lex = newLexicon(names)
	t.trans = make([]int32, (nl+1)*nl)
	for i := range t.trans {
		t.trans[i] = d.int32()
	}
	nf := d.count(maxFeatures)
	t.hashes = make([]uint64, 0, min(nf, len(d.b)))
	t.weights = make([]int32, 0, min(nf, len(d.b))*nl)
	h := uint64(0)
	for i := range nf {
		delta := d.uvarint()
		if i > 0 && delta == 0 && d.err == nil {
			d.err = errors.New("features out of order")
		}
		h += delta
		mask := d.uvarint()
		if mask>>nl != 0 && d.err == nil {
			d.err = fmt.Errorf("feature weights for labels beyond %d", nl)
		}
		if d.err != nil {
			break
		}
		t.hashes = append(t.hashes, h)
		for j := range nl {
			v := int32(0)
			if mask&(1<<j) != 0 {
				v = d.int32()
			}
			t.weights = append(t.weights, v)
		}
	}
	nw := d.count(maxNames)
	t.words = make([]string, 0, min(nw, len(d.b)))
	for range nw {
		w := d.string()
		if d.err == nil && len(t.words) > 0 && w <= t.words[len(t.words)-1] {
			d.err = fmt.Errorf("vocabulary out of order at %q", w)
		}
		t.words = append(t.words, w)
	}
	nw = d.count(maxNames)
	if nw > 0 {
		t.clusters = make(map[string]string, min(nw, len(d.b)))
	}
	prevWord := ""
	for i := range nw {
		w, path := d.string(), d.string()
		if d.err == nil && (i > 0 && w <= prevWord || strings.Trim(path, "01") != "") {
			d.err = fmt.Errorf("word clusters out of order or bad at %q", w)
		}
		if d.err != nil {
			break
		}
		t.clusters[w], prevWord = path, w
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%d bytes after the word clusters", len(d.b))
	}
	if d.err != nil {
		return nil, fmt.Errorf("tagger model: %w", d.err)
	}
	t.finish()
	return t, nil
}

// checkLabels accepts "O" followed by B- and I- labels, as Train makes
// them.
func checkLabels(labels []string) error {
	if len(labels) == 0 || labels[0] != "O" {
		return errors.New("tagger model: labels must start with O")
	}
	seen := map[string]bool{}
	for _, l := range labels[1:] {
		if p, _ := splitLabel(l); p == 'O' || seen[l] {
			return fmt.Errorf("tagger model: bad or repeated label %q", l)
		}
		seen[l] = true
	}
	return nil
}

// decoder reads varints, remembering the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errors.New("truncated or bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int32() int32 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 || v != int64(int32(v)) {
		d.err = errors.New("truncated or bad weight")
		return 0
	}
	d.b = d.b[n:]
	return int32(v)
}

func (d *decoder) count(limit int) int {
	v := d.uvarint()
	if d.err == nil && v > uint64(limit) {
		d.err = fmt.Errorf("count %d over the limit %d", v, limit)
	}
	if d.err != nil {
		return 0
	}
	return int(v)
}

func (d *decoder) string() string {
	n := d.count(maxString)
	if d.err != nil {
		return ""
	}
	if n > len(d.b) {
		d.err = errors.New("truncated string")
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}
