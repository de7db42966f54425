package config

import (
	"os"
	"path/filepath"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "db")
	if err := os.WriteFile(secret, []byte("postgres://u:p@127.0.0.1/test\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "winnow.env")
	if err := os.WriteFile(file, []byte("# comment\nWINNOW_DB=/from/file.db\nWINNOW_LOG_LEVEL=info\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     map[string]string
		wantDB  string
		wantLvl string
		wantErr bool
	}{
		{"defaults", nil, DefaultDBPath(), "warn", false},
		{"env", map[string]string{"WINNOW_DB": "/tmp/x.db"}, "/tmp/x.db", "warn", false},
		{"file", map[string]string{"WINNOW_CONFIG": file}, "/from/file.db", "info", false},
		{"env beats file", map[string]string{"WINNOW_CONFIG": file, "WINNOW_DB": "/env.db"}, "/env.db", "info", false},
		{"_FILE secret", map[string]string{"WINNOW_DB_FILE": secret}, "postgres://u:p@127.0.0.1/test", "warn", false},
		{"bad level", map[string]string{"WINNOW_LOG_LEVEL": "loud"}, "", "", true},
		{"missing file", map[string]string{"WINNOW_CONFIG": filepath.Join(dir, "nope")}, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(env(tt.env))
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Load: want error, got %+v", cfg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.DB != tt.wantDB || cfg.LogLevel != tt.wantLvl {
				t.Errorf("got DB=%q level=%q, want %q %q", cfg.DB, cfg.LogLevel, tt.wantDB, tt.wantLvl)
			}
		})
	}
}

func TestIsPostgres(t *testing.T) {
	for db, want := range map[string]bool{
		"postgres://localhost/test":   true,
		"postgresql://localhost/test": true,
		"/var/lib/winnow.db":          false,
		":memory:":                    false,
	} {
		if got := (Config{DB: db}).IsPostgres(); got != want {
			t.Errorf("IsPostgres(%q) = %v, want %v", db, got, want)
		}
	}
}
