// Package testutil holds helpers shared by tests: finding the reference data
// that lives outside the repository.
package testutil

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// SharedData returns the directory holding winnow's reference data
// (misp-galaxy, cyner, stix2-json-schemas): $WINNOW_SHARED_DATA, or
// ../shared/data beside the repository. When it is absent the test is
// skipped with a message saying so, unless WINNOW_REQUIRE_SHARED is set (as
// CI does), in which case it fails.
func SharedData(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("WINNOW_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join(RepoRoot(), "..", "shared", "data")
	}
	if _, err := os.Stat(dir); err != nil {
		msg := "reference data not found at " + dir + " (set WINNOW_SHARED_DATA to the shared/data directory)"
		if os.Getenv("WINNOW_REQUIRE_SHARED") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// RepoRoot returns the repository's root directory.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}
