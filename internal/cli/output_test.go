package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestProgressSilentOffTerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 10)
	for range 10 {
		p.step("file.txt")
	}
	p.finish()
	if buf.Len() != 0 {
		t.Errorf("progress wrote %q to a non-terminal", buf.String())
	}
}

func TestCellTextDropsControlCharacters(t *testing.T) {
	tests := map[string]string{
		"plain":                     "plain",
		"two\nlines\tand tab":       "two lines and tab",
		"\x1b[31mred\x1b[0m":        "[31mred[0m",
		"bell\x07 and \u0085 NEL":   "bell and  NEL",
		"<script>alert(1)</script>": "<script>alert(1)</script>",
	}
	for in, want := range tests {
		if got := cellText(in); got != want {
			t.Errorf("cellText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTableAligns(t *testing.T) {
	var buf bytes.Buffer
	tb := newTable(&buf, "ID", "TITLE")
	tb.row("1", "short")
	tb.row("1234", "a title\nwith a newline")
	if err := tb.flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines:\n%s", len(lines), buf.String())
	}
	col := strings.Index(lines[0], "TITLE")
	for _, l := range lines[1:] {
		if strings.Index(l, "short") != col && strings.Index(l, "a title") != col {
			t.Errorf("column not aligned in %q", l)
		}
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("Perplexed Goblin", 9); got != "Perplexe…" {
		t.Errorf("truncate = %q", got)
	}
	if got := truncate("Čeština", 10); got != "Čeština" {
		t.Errorf("truncate = %q", got)
	}
}
