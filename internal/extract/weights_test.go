package extract

import (
	"bytes"
	"compress/gzip"
	"testing"
)

// gzipped returns s gzipped, as model files are.
func gzipped(s string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	zw.Close()
	return buf.Bytes()
}

// fuzzModelFile is the body of the model readers' fuzz targets: load
// returns a model or an error, never panics, and a model it accepts must
// survive a write and a second read.
func fuzzModelFile[M interface{ marshal() ([]byte, error) }](t *testing.T, data []byte, compress bool, load func([]byte) (M, error)) {
	if compress {
		data = gzipped(string(data))
	}
	m, err := load(data)
	if err != nil {
		return
	}
	back, err := m.marshal()
	if err != nil {
		t.Fatalf("marshal of an accepted model: %v", err)
	}
	if _, err := load(back); err != nil {
		t.Fatalf("re-read of a written model: %v", err)
	}
}
