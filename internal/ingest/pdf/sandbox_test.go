package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// childFlag makes the test binary serve as the extraction child, doing what
// "winnow pdftext" does.
const childFlag = "-winnow-pdf-child"

func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == childFlag {
		if err := RunChild(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func childExtractor(timeout time.Duration) Extractor {
	return Subprocess(timeout, 256<<20, os.Args[0], childFlag)
}

// hostile builds PDFs that make the reader misbehave in process.
func hostile(t *testing.T) map[string][]byte {
	t.Helper()
	good := buildPDF(advisory, 90)
	page := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
		"<< /Length 26 >>\nstream\nBT (Hello there) Tj ET\n\nendstream",
	}
	return map[string][]byte{
		// A cross-reference section numbered from 99,999,999: the reader
		// sizes its table by it.
		"huge xref": bytes.Replace(good, []byte("xref\n0 "), []byte("xref\n99999999 "), 1),
		// A trailer whose /Prev points back at its own section.
		"prev cycle": assemblePDF(page, 1, func(xref int) string { return fmt.Sprintf("/Prev %d", xref) }),
		// A page tree whose root lists itself as a kid.
		"page tree cycle": assemblePDF([]string{page[0], "<< /Type /Pages /Kids [2 0 R] /Count 5 >>"}, 1, nil),
	}
}

func TestSubprocess(t *testing.T) {
	extract := childExtractor(1500 * time.Millisecond)
	raw, err := os.ReadFile("testdata/advisory.pdf")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Text(raw)
	if err != nil {
		t.Fatal(err)
	}
	got, err := extract(t.Context(), raw)
	if err != nil || got != want {
		t.Fatalf("sandboxed text differs or failed: %v\n%s", err, got)
	}
	if _, err := extract(t.Context(), []byte("<html>not a pdf</html>")); !errors.Is(err, ErrNotPDF) {
		t.Errorf("html: err = %v, want ErrNotPDF", err)
	}
}

func TestSubprocessContainsHostileFiles(t *testing.T) {
	extract := childExtractor(1500 * time.Millisecond)
	for name, raw := range hostile(t) {
		if raceBuild && name == "huge xref" {
			continue // needs the memory limit the race detector rules out
		}
		start := time.Now()
		_, err := extract(t.Context(), raw)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if d := time.Since(start); d > 6*time.Second {
			t.Errorf("%s: took %v", name, d)
		}
		if !errors.Is(err, ErrSandbox) && !errors.Is(err, ErrBroken) {
			t.Errorf("%s: err = %v, want ErrSandbox or ErrBroken", name, err)
		}
		t.Logf("%s: %v", name, err)
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: multi-line error %q", name, err)
		}
	}
}
