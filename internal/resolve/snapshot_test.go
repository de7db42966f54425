package resolve_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/winnow-cti/winnow/internal/resolve"
	"github.com/winnow-cti/winnow/internal/resolve/kbgen"
	"github.com/winnow-cti/winnow/internal/testutil"
)

// The committed snapshot must be what `winnow kb build` makes from the
// reference data, byte for byte.
func TestCommittedSnapshotIsFresh(t *testing.T) {
	dir := filepath.Join(testutil.SharedData(t), "misp-galaxy", "clusters")
	snap, err := kbgen.Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	var fresh bytes.Buffer
	if _, err := snap.WriteTo(&fresh); err != nil {
		t.Fatal(err)
	}
	committed := resolve.EmbeddedSnapshot()
	if bytes.Equal(fresh.Bytes(), committed) {
		return
	}
	a, b := bytes.Split(fresh.Bytes(), []byte("\n")), bytes.Split(committed, []byte("\n"))
	for i := 0; i < min(len(a), len(b)); i++ {
		if !bytes.Equal(a[i], b[i]) {
			t.Fatalf("%s is stale; run `winnow kb build --misp-galaxy %s`. First difference on line %d:\nfresh:     %.300s\ncommitted: %.300s",
				resolve.SnapshotPath, dir, i+1, a[i], b[i])
		}
	}
	t.Fatalf("%s is stale: %d lines, a fresh build has %d", resolve.SnapshotPath, len(b), len(a))
}

func TestSnapshotRoundTrip(t *testing.T) {
	s, err := resolve.ReadSnapshot(bytes.NewReader(resolve.EmbeddedSnapshot()))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := s.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), resolve.EmbeddedSnapshot()) {
		t.Error("reading and writing the snapshot changed it")
	}
}
