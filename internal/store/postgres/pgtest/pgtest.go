// Package pgtest gives tests a private PostgreSQL schema. The server is
// named by WINNOW_TEST_POSTGRES (postgres://user@host:port/db?sslmode=...);
// when it is unset tests skip, unless WINNOW_REQUIRE_POSTGRES is set (as CI
// sets it), when they fail.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment variables the package reads.
const (
	EnvURL     = "WINNOW_TEST_POSTGRES"
	EnvRequire = "WINNOW_REQUIRE_POSTGRES"
)

// ServerURL returns the test server's URL, skipping (or failing, when
// PostgreSQL is required) the test when none is configured.
func ServerURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		if os.Getenv(EnvRequire) != "" {
			t.Fatalf("%s is set but %s is empty: tests need a PostgreSQL server", EnvRequire, EnvURL)
		}
		t.Skipf("PostgreSQL tests skipped: set %s to a server URL such as postgres://postgres@127.0.0.1:5432/test?sslmode=disable", EnvURL)
	}
	return u
}

// Schema creates a uniquely named, empty schema on the test server, drops it
// with everything in it when the test ends, and returns a URL whose
// connections put it first on their search_path.
func Schema(t testing.TB) string {
	t.Helper()
	base := ServerURL(t)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("winnow_test_%d_%s", os.Getpid(), hex.EncodeToString(b[:]))
	exec(t, base, "CREATE SCHEMA "+name)
	t.Cleanup(func() { exec(t, base, "DROP SCHEMA IF EXISTS "+name+" CASCADE") })
	u, err := WithSearchPath(base, name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// WithSearchPath returns rawURL with search_path set to schema.
func WithSearchPath(rawURL, schema string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("pgtest: %s: %w", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// exec runs one statement on its own connection. It does not use the test's
// context, which is already canceled when cleanups run.
func exec(t testing.TB, rawURL, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, rawURL)
	if err != nil {
		t.Fatalf("pgtest: connect to %s: %v", EnvURL, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("pgtest: %s: %v", sql, err)
	}
}
