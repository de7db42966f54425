// Package config reads winnow's settings from the environment, then an
// optional file, and validates them. A Config value is passed down to whoever
// needs it; there is no global.
package config

import (
	"bufio"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Config is winnow's runtime configuration.
type Config struct {
	// DB is a SQLite file path (the default) or a postgres:// URL.
	DB string
	// LogLevel is one of debug, info, warn, error.
	LogLevel string
	// LogFormat is "text" or "json".
	LogFormat string
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{DB: DefaultDBPath(), LogLevel: "warn", LogFormat: "text"}
}

// DefaultDBPath is $XDG_DATA_HOME/winnow/winnow.db, falling back to
// ~/.local/share/winnow/winnow.db, then ./winnow.db.
func DefaultDBPath() string {
	if dir := os.Getenv("XDG_DATA_HOME"); dir != "" {
		return filepath.Join(dir, "winnow", "winnow.db")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		return filepath.Join(home, ".local", "share", "winnow", "winnow.db")
	}
	return "winnow.db"
}

// Load builds a Config from defaults, then the file named by WINNOW_CONFIG
// (KEY=value lines, same names as the environment), then the environment.
// A variable NAME_FILE reads the value of NAME from a file, for secrets such
// as a database URL with a password.
func Load(getenv func(string) string) (Config, error) {
	cfg := Defaults()
	values := map[string]string{}
	if path := getenv("WINNOW_CONFIG"); path != "" {
		fileValues, err := readFile(path)
		if err != nil {
			return cfg, err
		}
		values = fileValues
	}
	for _, name := range []string{"WINNOW_DB", "WINNOW_LOG_LEVEL", "WINNOW_LOG_FORMAT"} {
		if v := getenv(name); v != "" {
			values[name] = v
		}
		if path := getenv(name + "_FILE"); path != "" {
			b, err := os.ReadFile(path)
			if err != nil {
				return cfg, fmt.Errorf("config: %s_FILE: %w", name, err)
			}
			values[name] = strings.TrimSpace(string(b))
		}
	}
	if v, ok := values["WINNOW_DB"]; ok {
		cfg.DB = v
	}
	if v, ok := values["WINNOW_LOG_LEVEL"]; ok {
		cfg.LogLevel = strings.ToLower(v)
	}
	if v, ok := values["WINNOW_LOG_FORMAT"]; ok {
		cfg.LogFormat = strings.ToLower(v)
	}
	return cfg, cfg.Validate()
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	if strings.TrimSpace(c.DB) == "" {
		return errors.New("config: WINNOW_DB is empty")
	}
	if _, err := c.SlogLevel(); err != nil {
		return err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("config: WINNOW_LOG_FORMAT %q: want text or json", c.LogFormat)
	}
	return nil
}

// SlogLevel maps LogLevel to a slog.Level.
func (c Config) SlogLevel() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return l, fmt.Errorf("config: WINNOW_LOG_LEVEL %q: want debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// IsPostgres reports whether DB names a PostgreSQL server.
func (c Config) IsPostgres() bool {
	return strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://")
}

func readFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	values := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("config: %s:%d: want KEY=value", path, n)
		}
		values[strings.TrimSpace(key)] = strings.Trim(strings.TrimSpace(value), `"`)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("config: %s: %w", path, err)
	}
	return values, nil
}
