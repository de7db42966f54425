package resolve

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// SnapshotFormat names the snapshot layout; ReadSnapshot rejects others.
const SnapshotFormat = "winnow-kb/1"

// Snapshot is the serialized knowledge base: what `winnow kb build` writes
// and Load reads. On disk it is JSON Lines: a header line, then one entity per
// line, entities sorted by key and everything inside them sorted, so that a
// rebuild from the same data is byte-identical.
type Snapshot struct {
	Header   SnapshotHeader
	Entities []SnapshotEntity
}

// SnapshotHeader says what a snapshot was built from.
type SnapshotHeader struct {
	Format string `json:"format"`
	// BuiltFrom names the data and its version, e.g. the MISP galaxy
	// repository and commit.
	BuiltFrom string          `json:"built_from,omitempty"`
	Galaxies  []GalaxyVersion `json:"galaxies"`
}

// GalaxyVersion is one MISP galaxy a snapshot was built from.
type GalaxyVersion struct {
	Name    string `json:"name"`
	Version int    `json:"version"`
	Values  int    `json:"values"` // clusters read from it
}

// SnapshotEntity is one entity of a snapshot.
type SnapshotEntity struct {
	Key     string           `json:"key"`
	Kind    model.EntityKind `json:"kind"`
	Name    string           `json:"name"`
	Country string           `json:"country,omitempty"`
	// IDs are "source:id" pairs, e.g. "mitre-attack:G0128" or
	// "misp:threat-actor:6bf7e6b6-...".
	IDs []string `json:"ids,omitempty"`
	// Uses lists the keys of software the entity is reported to use.
	Uses    []string        `json:"uses,omitempty"`
	Aliases []SnapshotAlias `json:"aliases"`
}

// SnapshotAlias is one name of an entity with the galaxies asserting it.
// The canonical name is an alias too. Its JSON keys are short because the
// snapshot holds some twelve thousand of them.
type SnapshotAlias struct {
	Name    string   `json:"n"`
	Sources []string `json:"s"`
	// Ambiguous marks a name that sources also give to another entity that
	// was not merged with this one.
	Ambiguous bool `json:"amb,omitempty"`
}

// ExternalIDs splits IDs into model form.
func (e SnapshotEntity) ExternalIDs() []model.ExternalID {
	ids := make([]model.ExternalID, 0, len(e.IDs))
	for _, id := range e.IDs {
		i := strings.LastIndexByte(id, ':')
		if i < 0 {
			ids = append(ids, model.ExternalID{ID: id})
			continue
		}
		ids = append(ids, model.ExternalID{Source: id[:i], ID: id[i+1:]})
	}
	return ids
}

// WriteTo writes the snapshot as JSON Lines.
func (s *Snapshot) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: bufio.NewWriter(w)}
	enc := json.NewEncoder(cw)
	enc.SetEscapeHTML(false)
	h := s.Header
	if h.Format == "" {
		h.Format = SnapshotFormat
	}
	if err := enc.Encode(h); err != nil {
		return cw.n, fmt.Errorf("resolve: writing snapshot header: %w", err)
	}
	for _, e := range s.Entities {
		if err := enc.Encode(e); err != nil {
			return cw.n, fmt.Errorf("resolve: writing entity %s: %w", e.Key, err)
		}
	}
	if err := cw.w.Flush(); err != nil {
		return cw.n, fmt.Errorf("resolve: writing snapshot: %w", err)
	}
	return cw.n, nil
}

type countingWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// maxLine bounds one snapshot line; the largest real entity is far smaller.
const maxLine = 4 << 20

// ReadSnapshot parses a snapshot written by WriteTo and checks that it is
// well formed: known format, every entity with a key, kind and name, keys
// unique and sorted.
func ReadSnapshot(r io.Reader) (*Snapshot, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var s Snapshot
	line := 0
	haveHeader := false
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		if !haveHeader {
			haveHeader = true
			if err := json.Unmarshal(b, &s.Header); err != nil {
				return nil, fmt.Errorf("resolve: snapshot header: %w", err)
			}
			if s.Header.Format != SnapshotFormat {
				return nil, fmt.Errorf("resolve: snapshot format %q, want %q", s.Header.Format, SnapshotFormat)
			}
			continue
		}
		var e SnapshotEntity
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("resolve: snapshot line %d: %w", line, err)
		}
		if err := checkEntity(e); err != nil {
			return nil, fmt.Errorf("resolve: snapshot line %d: %w", line, err)
		}
		if n := len(s.Entities); n > 0 && s.Entities[n-1].Key >= e.Key {
			return nil, fmt.Errorf("resolve: snapshot line %d: key %q out of order or repeated", line, e.Key)
		}
		s.Entities = append(s.Entities, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("resolve: reading snapshot: %w", err)
	}
	if !haveHeader {
		return nil, errors.New("resolve: empty snapshot")
	}
	return &s, nil
}

func checkEntity(e SnapshotEntity) error {
	switch {
	case e.Key == "":
		return errors.New("entity without key")
	case e.Kind == "":
		return fmt.Errorf("entity %s without kind", e.Key)
	case e.Name == "":
		return fmt.Errorf("entity %s without name", e.Key)
	}
	for _, a := range e.Aliases {
		if a.Name == "" {
			return fmt.Errorf("entity %s has an empty alias", e.Key)
		}
	}
	return nil
}
