package cli

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
)

func TestActorAliasesAndReview(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	if code, out, errOut := winnow(t, db, "", "ingest", corpusDir(t)); code != 0 {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errOut)
	}

	code, out, errOut := winnow(t, db, "", "actor", "Violet Typhoon")
	if code != 0 {
		t.Fatalf("actor: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"APT31", "G0128", "Origin: CN", "Microsoft", "CrowdStrike", "ZIRCONIUM",
		"Aliases learned from articles", "Altaire", "Perplexed Goblin", "Recent claims", "also known as"} {
		if !strings.Contains(out, want) {
			t.Errorf("actor output lacks %q:\n%s", want, out)
		}
	}
	// Any alias finds the same group, learned ones included.
	for _, name := range []string{"apt-31", "Judgment Panda", "Perplexed Goblin"} {
		code, out, _ := winnow(t, db, "", "actor", name)
		if code != 0 || !strings.HasPrefix(out, "APT31") {
			t.Errorf("actor %q: exit %d, output starts %q", name, code, firstLine(out))
		}
	}
	code, _, errOut = winnow(t, db, "", "actor", "Lotus Typhoon")
	if code != 1 || !strings.Contains(errOut, "Microsoft") {
		t.Errorf("unknown actor: exit %d, %q should name the naming scheme", code, errOut)
	}

	// Review: reject the learned alias and it stops resolving.
	code, out, _ = winnow(t, db, "", "aliases", "--json")
	var aliases []model.Alias
	if code != 0 || json.Unmarshal([]byte(out), &aliases) != nil {
		t.Fatalf("aliases --json: exit %d: %s", code, out)
	}
	var goblin model.Alias
	for _, a := range aliases {
		if a.Name == "Perplexed Goblin" {
			goblin = a
		}
	}
	if goblin.ID == 0 || goblin.Claimant == "" || goblin.ArticleID == 0 {
		t.Fatalf("no cited learned alias for Perplexed Goblin in %+v", aliases)
	}
	if code, out, errOut := winnow(t, db, "", "alias", "reject", itoa(goblin.ID)); code != 0 || !strings.Contains(out, "rejected") {
		t.Fatalf("alias reject: exit %d %s %s", code, out, errOut)
	}
	if code, out, _ := winnow(t, db, "", "actor", "Perplexed Goblin"); code == 0 && strings.HasPrefix(out, "APT31") {
		t.Errorf("a rejected alias still resolves:\n%s", firstLine(out))
	}
	if code, _, errOut := winnow(t, db, "", "alias", "confirm", "99999"); code != 1 || !strings.Contains(errOut, "99999") {
		t.Errorf("confirm of a missing alias: exit %d %q", code, errOut)
	}
}

func TestKBCommands(t *testing.T) {
	code, out, _ := winnow(t, "", "", "kb", "scheme", "Lotus Typhoon")
	if code != 0 || !strings.Contains(out, "Microsoft") || !strings.Contains(out, "CN") {
		t.Errorf("kb scheme: exit %d\n%s", code, out)
	}
	code, out, _ = winnow(t, "", "", "kb", "conflicts", "--json")
	if code != 0 || !json.Valid([]byte(out)) || !strings.Contains(out, "APT38") && !strings.Contains(out, "Bluenoroff") {
		t.Errorf("kb conflicts --json: exit %d, %d bytes", code, len(out))
	}
	code, out, _ = winnow(t, "", "", "kb", "check")
	if code != 0 || !regexp.MustCompile(`entities: \d{4,}`).MatchString(out) {
		t.Errorf("kb check: exit %d\n%s", code, out)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
