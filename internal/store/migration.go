package store

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// Migration is one schema change of a backend, numbered from 1 with no gaps.
// Each backend embeds its own NNNN_name.sql files and applies them in order,
// each in a transaction that also records it in schema_version.
type Migration struct {
	Version int
	Name    string // file name without ".sql", e.g. "0001_init"
	SQL     string
}

// LoadMigrations reads NNNN_name.sql files from dir, in version order, and
// checks that the versions run 1, 2, 3... without gaps or repeats.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries { // ReadDir sorts by name, and names start with the zero-padded version
		if e.IsDir() {
			continue
		}
		version, name, err := ParseMigrationName(e.Name())
		if err != nil {
			return nil, err
		}
		if want := len(out) + 1; version != want {
			return nil, fmt.Errorf("migration %s: version %d, want %d (versions must run 1, 2, 3... without gaps)", e.Name(), version, want)
		}
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		out = append(out, Migration{Version: version, Name: name, SQL: string(body)})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("migrations: none in %s", dir)
	}
	return out, nil
}

// ParseMigrationName splits "0001_init.sql" into 1 and "0001_init".
func ParseMigrationName(file string) (version int, name string, err error) {
	name, ok := strings.CutSuffix(file, ".sql")
	digits, label, hasLabel := strings.Cut(name, "_")
	if !ok || !hasLabel || len(digits) != 4 || label == "" || strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		return 0, "", fmt.Errorf("migration file %q: want NNNN_name.sql", file)
	}
	version, err = strconv.Atoi(digits)
	if err != nil || version < 1 || strings.ContainsAny(digits, "+-") {
		return 0, "", fmt.Errorf("migration file %q: version must be 0001-9999", file)
	}
	return version, name, nil
}
