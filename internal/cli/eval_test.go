package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/extract/ioc"
)

// A small labeled set whose scores are known: case 0 is found exactly, case
// 1 wants a disposition the extractor does not give (one miss, one extra),
// case 2 wants an indicator its text does not hold (one miss).
const evalFixture = `# fixture
{"text": "Payloads came from evil-update[.]top.", "want": [{"type": "domain", "value": "evil-update.top", "disposition": "indicator"}], "source": "fixture#hit"}
{"text": "Beacons to 45.61.136.47 were seen.", "want": [{"type": "ipv4", "value": "45.61.136.47", "disposition": "private"}], "source": "fixture#disposition"}
{"text": "Nothing to see here.", "want": [{"type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e", "disposition": "indicator"}], "source": "fixture#absent"}
`

func writeFixture(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "labeled.jsonl")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func embeddedReport(t *testing.T) ([]ioc.LabeledCase, ioc.Report) {
	t.Helper()
	cases, err := ioc.LoadLabeled(bytes.NewReader(ioc.LabeledSet))
	if err != nil {
		t.Fatal(err)
	}
	return cases, ioc.Evaluate(cases)
}

func TestEvalIndicatorsTable(t *testing.T) {
	_, rep := embeddedReport(t)
	code, out, errOut := winnow(t, "", "", "eval", "indicators")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		f := strings.Fields(line)
		if len(f) < 7 {
			t.Fatalf("short row %q in\n%s", line, out)
		}
		rows[strings.Join(f[:len(f)-6], " ")] = strings.Join(f[len(f)-6:], " ")
	}
	if len(rows) != len(rep.Types)+2 {
		t.Errorf("table has %d rows, want header, %d types and overall:\n%s", len(rows), len(rep.Types), out)
	}
	want := func(s ioc.Score) string {
		return fmt.Sprintf("%d %d %d %.3f %.3f %.3f", s.TP, s.FP, s.FN, s.Precision(), s.Recall(), s.F1())
	}
	for _, ts := range rep.Types {
		if got := rows[string(ts.Type)]; got != want(ts.Score) {
			t.Errorf("row %s = %q, want %q", ts.Type, got, want(ts.Score))
		}
	}
	overall := fmt.Sprintf("overall (%d cases)", rep.Cases)
	if got := rows[overall]; got != want(rep.Overall) {
		t.Errorf("row %q = %q, want %q\n%s", overall, got, want(rep.Overall), out)
	}
}

func TestEvalIndicatorsJSON(t *testing.T) {
	_, rep := embeddedReport(t)
	code, out, errOut := winnow(t, "", "", "eval", "indicators", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got evalReport
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got.Cases != rep.Cases || got.Overall != newEvalScore("", rep.Overall) || got.Misses != nil {
		t.Errorf("got %d cases, overall %+v, misses %v; want %d, %+v, none", got.Cases, got.Overall, got.Misses, rep.Cases, newEvalScore("", rep.Overall))
	}
	if len(got.Types) != len(rep.Types) {
		t.Fatalf("%d types, want %d", len(got.Types), len(rep.Types))
	}
	for i, ts := range rep.Types {
		if got.Types[i] != newEvalScore(ts.Type, ts.Score) {
			t.Errorf("type %d = %+v, want %+v", i, got.Types[i], newEvalScore(ts.Type, ts.Score))
		}
	}
}

func TestEvalIndicatorsFile(t *testing.T) {
	path := writeFixture(t, evalFixture)
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"file", "", []string{path}},
		{"stdin", evalFixture, []string{"-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := winnow(t, "", tt.stdin, append([]string{"eval", "indicators", "--json", "--misses"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var got evalReport
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			if got.Cases != 3 {
				t.Errorf("cases = %d, want 3", got.Cases)
			}
			if o := got.Overall; o.TP != 1 || o.FP != 1 || o.FN != 2 || o.Precision != 0.5 {
				t.Errorf("overall = %+v, want TP 1, FP 1, FN 2, precision 0.5", o)
			}
			if got.Misses == nil {
				t.Fatal("--misses gave no misses")
			}
			var sources []string
			for _, m := range *got.Misses {
				sources = append(sources, m.Source)
			}
			if want := []string{"fixture#disposition", "fixture#absent"}; !slices.Equal(sources, want) {
				t.Errorf("misses from %v, want %v", sources, want)
			}
		})
	}
}

func TestEvalIndicatorsMissesTable(t *testing.T) {
	code, out, errOut := winnow(t, "", "", "eval", "indicators", "--misses", writeFixture(t, evalFixture))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"overall (3 cases)",
		"case 1 (fixture#disposition)",
		`missing ipv4 "45.61.136.47" (private)`,
		`extra   ipv4 "45.61.136.47" (indicator)`,
		"case 2 (fixture#absent)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "fixture#hit") {
		t.Errorf("a case scored exactly is listed as a miss:\n%s", out)
	}
}

func TestEvalIndicatorsCases(t *testing.T) {
	cases, _ := embeddedReport(t)
	code, out, errOut := winnow(t, "", "", "eval", "indicators", "--cases")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	n := 0
	for ; sc.Scan(); n++ {
		var line evalCase
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if line.Case != n || n >= len(cases) || line.Text != cases[n].Text || len(line.Want) != len(cases[n].Want) {
			t.Fatalf("line %d does not carry case %d: %+v", n, n, line)
		}
		var want []ioc.Expected
		for _, ind := range ioc.Find(line.Text, ioc.Options{ReferenceHosts: line.ReferenceHosts}) {
			want = append(want, ioc.Expected{Type: ind.Type, Value: ind.Value, Disposition: ind.Disposition})
		}
		if !slices.Equal(line.Found, want) {
			t.Errorf("case %d found %v, Find gives %v", n, line.Found, want)
		}
	}
	if n != len(cases) {
		t.Errorf("%d lines, want one per case (%d)", n, len(cases))
	}
}

func TestEvalIndicatorsErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"missing file", []string{filepath.Join(dir, "nope.jsonl")}, 1, "nope.jsonl"},
		{"bad json", []string{writeFixture(t, "{\"text\": \n")}, 1, "line 1"},
		{"no cases", []string{writeFixture(t, "# only a comment\n")}, 1, "no cases"},
		{"two files", []string{"a", "b"}, 2, "winnow eval indicators"},
		{"cases with json", []string{"--cases", "--json"}, 2, "--cases"},
		{"unknown flag", []string{"--frob"}, 2, "frob"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := winnow(t, "", "", append([]string{"eval", "indicators"}, tt.args...)...)
			if code != tt.wantCode || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, tt.wantCode, tt.wantErr)
			}
		})
	}
}
