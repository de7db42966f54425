package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/corpus"
	"github.com/winnow-cti/winnow/internal/store"
)

// winnow runs the CLI in-process with the given database and returns its
// exit code, stdout and stderr.
func winnow(t *testing.T, db string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := &Env{
		Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(k string) string {
			if k == "WINNOW_DB" {
				return db
			}
			return ""
		},
	}
	code := run(context.Background(), args, env)
	return code, stdout.String(), stderr.String()
}

// corpusDir writes the embedded corpus to a directory, as a user's files.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, corpus.FS()); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, corpus.Root)
}

func stats(t *testing.T, db string) store.Stats {
	t.Helper()
	st, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestHelp(t *testing.T) {
	code, out, _ := winnow(t, "", "", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, c := range commands {
		if !strings.Contains(out, c.name) {
			t.Errorf("--help does not list %q", c.name)
		}
	}
	for _, c := range commands {
		code, _, errOut := winnow(t, filepath.Join(t.TempDir(), "x.db"), "", append(strings.Fields(c.name), "--help")...)
		if code != 0 || !strings.Contains(errOut, "winnow "+c.name) {
			t.Errorf("%s --help: exit %d, output %q", c.name, code, errOut)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := winnow(t, "", "", "frobnicate")
	if code != 2 || !strings.Contains(errOut, "frobnicate") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestIngestCorpusTwiceIsIdempotent(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	dir := corpusDir(t)
	code, out, errOut := winnow(t, db, "", "ingest", dir)
	if code != 0 {
		t.Fatalf("first ingest: exit %d\n%s\n%s", code, out, errOut)
	}
	first := stats(t, db)
	if first.Articles < 40 {
		t.Errorf("corpus stored %d articles, want at least 40", first.Articles)
	}
	if first.Claims == 0 || first.Mentions == 0 || first.Indicators == 0 {
		t.Errorf("nothing found in the corpus: %+v", first)
	}
	code, out, errOut = winnow(t, db, "", "ingest", dir)
	if code != 0 {
		t.Fatalf("second ingest: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "0 new") {
		t.Errorf("second ingest created articles: %s", out)
	}
	if second := stats(t, db); second != first {
		t.Errorf("row counts changed on re-ingest:\nfirst  %+v\nsecond %+v", first, second)
	}
}

func TestIngestBadInputs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	dir := t.TempDir()
	good := "---\ntitle: Good article\nurl: https://example.org/good\noutlet: Test\npublished: 2024-03-25T10:00:00Z\n---\n" +
		"The U.S. Justice Department indicted seven members of APT31 on Monday, saying the group targeted critics of China.\n"
	files := map[string][]byte{
		"good.md":    []byte(good),
		"empty.txt":  nil,
		"binary.md":  {0x7f, 'E', 'L', 'F', 0, 0, 1, 2},
		"latin1.txt": []byte("Caf\xe9 hackers struck again.\n"),
		"big.txt":    bytes.Repeat([]byte("word "), 400),
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "unreadable.txt")); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := winnow(t, db, "", "ingest", "--max-size", "1000", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1 when some inputs fail", code)
	}
	wantErrs := map[string]string{
		"empty.txt":      "empty file",
		"binary.md":      "binary",
		"latin1.txt":     "invalid UTF-8",
		"big.txt":        "1000 bytes",
		"unreadable.txt": "no such file",
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != len(wantErrs) {
		t.Errorf("want one error line per bad file, got:\n%s", errOut)
	}
	for name, reason := range wantErrs {
		found := false
		for _, l := range lines {
			if strings.Contains(l, name) && strings.Contains(l, reason) {
				found = true
			}
		}
		if !found {
			t.Errorf("no error line naming %s and %q in:\n%s", name, reason, errOut)
		}
	}
	if !strings.Contains(out, "1 new") {
		t.Errorf("the good file was not stored: %s", out)
	}
	before := stats(t, db)
	// A second batch of only bad files changes nothing already stored.
	code, _, _ = winnow(t, db, "", "ingest", filepath.Join(dir, "empty.txt"), filepath.Join(dir, "binary.md"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if after := stats(t, db); after != before {
		t.Errorf("a failed batch changed the store: %+v -> %+v", before, after)
	}
}

func TestIngestStdinAndListings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	page := `<html><head><title>Czech government blames APT31</title>
<meta property="og:site_name" content="Test Outlet"><meta property="article:published_time" content="2025-05-28T09:00:00Z"></head>
<body><nav>Home | World</nav><article><p>The Czech government said on Wednesday that APT31, a Chinese state-sponsored group, was behind a campaign against its Ministry of Foreign Affairs that began in 2022.</p>
<p>Defenders should block hxxps://bad-domain[.]com/x and 203.0.113[.]7.</p></article>
<div class="newsletter">Get daily email updates</div></body></html>`
	code, out, errOut := winnow(t, db, page, "ingest", "-")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	checks := []struct {
		args []string
		want string
	}{
		{[]string{"articles"}, "Czech government blames APT31"},
		{[]string{"search", "ministry"}, "Czech government blames APT31"},
		{[]string{"search", `"foreign affairs"`}, "Czech government blames APT31"},
		{[]string{"actors"}, "APT31"},
		{[]string{"indicators", "--all"}, "203.0.113.7"},
		{[]string{"show", "1"}, "Ministry of Foreign Affairs"},
	}
	for _, c := range checks {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, out, errOut := winnow(t, db, "", c.args...)
			if code != 0 || !strings.Contains(out, c.want) {
				t.Errorf("exit %d, want %q in output:\n%s\n%s", code, c.want, out, errOut)
			}
			code, out, _ = winnow(t, db, "", append(c.args, "--json")...)
			if code != 0 || !json.Valid([]byte(out)) {
				t.Errorf("--json: exit %d, invalid JSON:\n%s", code, out)
			}
		})
	}
	code, _, errOut = winnow(t, db, "", "show", "999")
	if code != 1 || !strings.Contains(errOut, "999") {
		t.Errorf("show 999: exit %d, %q", code, errOut)
	}
	code, _, _ = winnow(t, db, "", "show", "abc")
	if code != 2 {
		t.Errorf("show abc: exit %d, want 2", code)
	}
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out, errOut := winnow(t, "", "", "demo", "--db", db)
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"Top threat actors", "APT31", "Some claims", "Indicators", "winnow actors"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	code, _, errOut = winnow(t, "", "", "demo", "--db", db)
	if code != 2 || !strings.Contains(errOut, "already exists") {
		t.Errorf("demo over an existing database: exit %d, %q", code, errOut)
	}
}

func TestIngestWithTagger(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	text := "---\ntitle: Tagger\nurl: https://example.org/tagger\noutlet: Test\npublished: 2024-03-25T10:00:00Z\n---\n" +
		"Symantec researchers discovered that Quorvex infected banking customers across Europe. Check Point said Zandelbot infected ten million Android devices. Trend Micro found Pyrelix stealing data from hospitals in Israel.\n"
	plain, tagged := filepath.Join(t.TempDir(), "p.db"), db
	for _, run := range []struct {
		db   string
		args []string
	}{{plain, []string{"ingest", "-"}}, {tagged, []string{"ingest", "--tagger", "-"}}} {
		if code, out, errOut := winnow(t, run.db, text, run.args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s\n%s", run.args, code, out, errOut)
		}
	}
	// The tagger only fills gaps: it never removes what the other layers
	// find. (On names the knowledge base lacks it rarely clears its margin;
	// docs/ner.md has the figures.)
	if p, tg := stats(t, plain), stats(t, tagged); tg.Mentions < p.Mentions || p.Mentions == 0 {
		t.Errorf("mentions with --tagger %d, without %d", tg.Mentions, p.Mentions)
	}
}

func TestMigrateReportsWhatItApplied(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	code, out, errOut := winnow(t, db, "", "migrate")
	if code != 0 || !strings.Contains(out, "applied 0001") || !strings.Contains(out, "schema version") {
		t.Fatalf("first migrate: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = winnow(t, db, "", "migrate")
	if code != 0 || strings.Contains(out, "applied") {
		t.Errorf("second migrate applied again:\n%s", out)
	}
}

func TestRedactDSN(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@db.example:5432/w?sslmode=disable": "postgres://u:xxxxx@db.example:5432/w?sslmode=disable",
		"postgres://u@127.0.0.1/test":                           "postgres://u@127.0.0.1/test",
		"/var/lib/winnow/winnow.db":                             "/var/lib/winnow/winnow.db",
	} {
		if got := redactDSN(in); got != want {
			t.Errorf("redactDSN(%q) = %q, want %q", in, got, want)
		}
	}
}
