package pdf

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/advisory.pdf from the generator")

// buildPDF writes a minimal PDF 1.4 file: one page per element of pages,
// each paragraph set in 11-point Helvetica on 14-point lines with an empty
// line between paragraphs. Lines are placed with Td and T*, as typesetters
// do, and paragraphs are wrapped at width characters.
func buildPDF(pages [][]string, width int) []byte {
	var objs []string // objects 1..n, without their "n 0 obj" wrapper
	add := func(s string) int {
		objs = append(objs, s)
		return len(objs)
	}
	catalog := add("") // filled once the page tree's number is known
	tree := add("")
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	var kids []string
	for _, paragraphs := range pages {
		var cs strings.Builder
		cs.WriteString("BT\n/F1 11 Tf\n14 TL\n72 740 Td\n")
		for i, p := range paragraphs {
			if i > 0 {
				cs.WriteString("T*\n") // the empty line between paragraphs
			}
			for _, line := range wrap(p, width) {
				fmt.Fprintf(&cs, "(%s) Tj\nT*\n", escapePDF(line))
			}
		}
		cs.WriteString("ET\n")
		content := add(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", cs.Len(), cs.String()))
		page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", tree, font, content))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", tree)
	objs[tree-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	return assemblePDF(objs, catalog, nil)
}

// assemblePDF numbers objs from 1, writes the cross-reference table and a
// trailer with root as /Root. extra, when set, adds trailer entries and
// is given the offset of the cross-reference section.
func assemblePDF(objs []string, root int, extra func(xref int) string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	more := ""
	if extra != nil {
		more = extra(xref) + " "
	}
	fmt.Fprintf(&b, "trailer\n<< %s/Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", more, len(objs)+1, root, xref)
	return b.Bytes()
}

func wrap(p string, width int) []string {
	var lines []string
	var cur string
	for _, w := range strings.Fields(p) {
		if cur != "" && len(cur)+1+len(w) > width {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	return append(lines, cur)
}

func escapePDF(s string) string {
	return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s)
}

// advisory is the fixture report: a fictional national CERT's advisory on
// the Ivanti Connect Secure flaws exploited in January 2024, in winnow's
// own words.
var advisory = [][]string{
	{
		"National Cyber Response Office - Advisory NCRO-2024-004",
		"Exploitation of Ivanti Connect Secure gateways (CVE-2023-46805, CVE-2024-21887)",
		"Since early January 2024 attackers have chained an authentication bypass and a command injection flaw in Ivanti Connect Secure and Policy Secure gateways. Together the two flaws let an unauthenticated attacker run commands on the appliance.",
		"The vendor published a mitigation file on 10 January and the first patched builds at the end of the month. Scanning for vulnerable gateways rose sharply after proof-of-concept code appeared on 16 January.",
	},
	{
		"Observed activity",
		"On compromised gateways the attackers planted web shells in legitimate components, altered the integrity checker and harvested credentials of users signing in to the VPN. Several victims found the web shells persisted after the mitigation was applied.",
		"Recommended actions: apply the vendor's patches, run the external integrity checker, reset the credentials of every account that used the gateway, and review logs from 1 December 2023 onwards.",
	},
}

func TestText(t *testing.T) {
	raw, err := os.ReadFile("testdata/advisory.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if want := buildPDF(advisory, 90); !bytes.Equal(raw, want) {
		if *update {
			if err := os.WriteFile("testdata/advisory.pdf", want, 0o644); err != nil {
				t.Fatal(err)
			}
			raw = want
		} else {
			t.Fatal("testdata/advisory.pdf is not the generator's output; run go test -update")
		}
	}
	text, err := Text(raw)
	if err != nil {
		t.Fatal(err)
	}
	paragraphs := strings.Split(text, "\n\n")
	var want []string
	for _, page := range advisory {
		want = append(want, page...)
	}
	if len(paragraphs) != len(want) {
		t.Fatalf("%d paragraphs, want %d:\n%s", len(paragraphs), len(want), text)
	}
	for i, p := range paragraphs {
		if joined := strings.Join(strings.Fields(p), " "); joined != want[i] {
			t.Errorf("paragraph %d:\n got %q\nwant %q", i+1, joined, want[i])
		}
	}
}

func TestTextErrors(t *testing.T) {
	good := buildPDF(advisory, 90)
	tests := []struct {
		name string
		raw  []byte
		want error
	}{
		{"html", []byte("<html><body>not a pdf</body></html>"), ErrNotPDF},
		{"empty", nil, ErrNotPDF},
		{"truncated", good[:len(good)/2], ErrBroken},
		{"no xref", []byte("%PDF-1.4\n1 0 obj\n<< >>\nendobj\n"), ErrBroken},
		{"no text", buildPDF([][]string{{""}}, 90), ErrNoText},
		{"garbage after header", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0xff, 0x00, '(', ')'}, 500)...), ErrBroken},
	}
	for _, tt := range tests {
		_, err := Text(tt.raw)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

// FuzzText runs the reader in the sandbox, as winnow does for documents
// from the network: whatever the input, the answer is text or an error
// naming what went wrong, within the time limit.
func FuzzText(f *testing.F) {
	f.Add(buildPDF(advisory, 90))
	f.Add(buildPDF([][]string{{"a (b) \\c"}, {"second page"}}, 20))
	f.Add([]byte("%PDF-1.4\ntrailer\n<< /Root 1 0 R >>\n%%EOF"))
	extract := childExtractor(2 * time.Second)
	f.Fuzz(func(t *testing.T, raw []byte) {
		text, err := extract(t.Context(), raw)
		if err != nil {
			if text != "" {
				t.Fatal("text returned with an error")
			}
			known := false
			for _, sentinel := range []error{ErrNotPDF, ErrEncrypted, ErrNoText, ErrBroken, ErrSandbox} {
				known = known || errors.Is(err, sentinel)
			}
			if !known || strings.Contains(err.Error(), "\n") {
				t.Fatalf("unexpected error %q", err)
			}
			return
		}
		if strings.TrimSpace(text) != text || text == "" {
			t.Fatalf("untrimmed or empty text %q", text)
		}
		if strings.ContainsFunc(text, func(r rune) bool { return r < 0x20 && r != '\n' }) {
			t.Fatalf("control characters in %q", text)
		}
	})
}
