package extract

// The claim and role classifiers' model files share one layout: gzipped
// TSV, a header line "magic<TAB>divisor<TAB>labels", then one line per
// feature, sorted, with one integer weight per label. A weight is the
// averaged perceptron's times the divisor, so that the file holds
// integers and scores are exact; the gzip header carries no name or time,
// so that the bytes depend on the weights alone.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxModelBytes bounds a model file once unzipped: the claim classifier
// is about 2 MB, and a corrupt or hostile file must not make the reader
// allocate without end.
const maxModelBytes = 16 << 20

// writeWeights writes a model file: the header, then each of features
// (sorted by the caller) with the weights row gives it.
func writeWeights(name, magic string, div int64, labels string, features []string, row func(string) []int64) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriter(zw)
	fmt.Fprintf(bw, "%s\t%d\t%s\n", magic, div, labels)
	for _, f := range features {
		if f == "" || strings.ContainsAny(f, "\t\n") {
			return nil, fmt.Errorf("%s: feature %q is empty or holds a tab or newline", name, f)
		}
		bw.WriteString(f)
		for _, v := range row(f) {
			bw.WriteByte('\t')
			bw.WriteString(strconv.FormatInt(v, 10))
		}
		bw.WriteByte('\n')
	}
	if err := errors.Join(bw.Flush(), zw.Close()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// readWeights reads a model file written by writeWeights whose header
// names magic and labels, with width weights a line, handing add each
// feature and its weights (add copies what it keeps and reports whether
// it had the feature already); it returns the divisor.
func readWeights(data []byte, name, magic, labels string, width int, add func(string, []int64) (dup bool)) (int64, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return 0, err
	}
	raw, err := io.ReadAll(io.LimitReader(zr, maxModelBytes+1))
	if err != nil {
		return 0, err
	}
	if len(raw) > maxModelBytes {
		return 0, fmt.Errorf("model larger than %d bytes unzipped", maxModelBytes)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	head := strings.Split(lines[0], "\t")
	if len(head) != 3 || head[0] != magic {
		return 0, fmt.Errorf("not a %s file", name)
	}
	// A model trained for other labels would score the wrong ones.
	if head[2] != labels {
		return 0, fmt.Errorf("model labels %s, want %s", head[2], labels)
	}
	div, err := strconv.ParseInt(head[1], 10, 64)
	if err != nil || div <= 0 {
		return 0, fmt.Errorf("bad divisor %q", head[1])
	}
	ws := make([]int64, width)
	for n, line := range lines[1:] {
		fields := strings.Split(line, "\t")
		if len(fields) != width+1 || fields[0] == "" {
			return 0, fmt.Errorf("line %d: want a feature and %d weights", n+2, width)
		}
		for i := range ws {
			if ws[i], err = strconv.ParseInt(fields[i+1], 10, 64); err != nil {
				return 0, fmt.Errorf("line %d: %w", n+2, err)
			}
		}
		if add(fields[0], ws) {
			return 0, fmt.Errorf("line %d: feature %q twice", n+2, fields[0])
		}
	}
	return div, nil
}
