package resolve

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
)

// minCrossRefShare is the share of testdata/crossref.tsv that must resolve
// to the expected entity as a clear winner.
const minCrossRefShare = 0.95

var attackIDPattern = regexp.MustCompile(`^[GS]\d{4}$`)

// TestCrossReference resolves names vendors give to groups and software and
// checks they land on the entity public cross-references say they denote.
func TestCrossReference(t *testing.T) {
	kb, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/crossref.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows, right int
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		col := strings.Split(text, "\t")
		if len(col) != 4 || !attackIDPattern.MatchString(col[1]) {
			t.Fatalf("crossref.tsv line %d: want name, ATT&CK ID, kind, source: %q", line, text)
		}
		name, id, kind := col[0], col[1], model.EntityKind(col[2])
		want, ok := kb.ByExternalID("mitre-attack", id)
		if !ok {
			t.Errorf("line %d: no entity has ATT&CK ID %s", line, id)
			continue
		}
		rows++
		got := kb.Resolve(name, Context{Kind: kind})
		switch {
		case len(got) == 0:
			t.Logf("miss: %q does not resolve (want %s)", name, want)
		case got[0].Key != want:
			t.Logf("miss: %q -> %s, want %s", name, got[0].Key, want)
		case len(got) > 1 && got[0].Score <= got[1].Score:
			t.Logf("miss: %q ties %s with %s", name, want, got[1].Key)
		default:
			right++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows < 80 {
		t.Fatalf("only %d cross-reference rows", rows)
	}
	share := float64(right) / float64(rows)
	t.Logf("cross-reference: %d of %d names (%.1f%%) resolve to the expected entity", right, rows, 100*share)
	if share < minCrossRefShare {
		t.Errorf("cross-reference share %.1f%% is below %.0f%%", 100*share, 100*minCrossRefShare)
	}
}
