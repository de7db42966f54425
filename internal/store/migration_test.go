package store

import (
	"fmt"
	"testing"
)

func TestParseMigrationName(t *testing.T) {
	tests := []struct {
		file    string
		version int
		name    string
		ok      bool
	}{
		{"0001_init.sql", 1, "0001_init", true},
		{"0042_add_stories_2.sql", 42, "0042_add_stories_2", true},
		{"0000_zero.sql", 0, "", false},
		{"001_short.sql", 0, "", false},
		{"0001_init.txt", 0, "", false},
		{"0001-init.sql", 0, "", false},
		{"0001_.sql", 0, "", false},
		{"0001_Init.sql", 0, "", false},
		{"+001_plus.sql", 0, "", false},
		{"_0001.sql", 0, "", false},
		{"", 0, "", false},
	}
	for _, tt := range tests {
		v, name, err := ParseMigrationName(tt.file)
		if (err == nil) != tt.ok || v != tt.version || name != tt.name {
			t.Errorf("ParseMigrationName(%q) = %d, %q, %v; want %d, %q, ok %v", tt.file, v, name, err, tt.version, tt.name, tt.ok)
		}
	}
}

func FuzzParseMigrationName(f *testing.F) {
	for _, seed := range []string{"0001_init.sql", "9999_z.sql", "0001_.sql", "-001_x.sql", "00a1_x.sql"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, file string) {
		v, name, err := ParseMigrationName(file)
		if err != nil {
			return
		}
		if v < 1 || v > 9999 || name+".sql" != file || fmt.Sprintf("%04d", v) != file[:4] {
			t.Fatalf("ParseMigrationName(%q) = %d, %q", file, v, name)
		}
	})
}
