package ioc

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// repeatTo repeats unit until the result is n bytes long.
func repeatTo(unit string, n int) string {
	s := strings.Repeat(unit, n/len(unit)+1)
	return s[:n]
}

// BenchmarkFind reports MB/s on realistic prose and on inputs built to make
// a careless scanner backtrack; equal MB/s at 10 KB and 100 KB shows the
// scan is linear.
func BenchmarkFind(b *testing.B) {
	article, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		b.Fatal(err)
	}
	inputs := []struct {
		name string
		unit string
	}{
		{"prose", string(article) + "\n\n"},
		{"dots", "."},
		{"brackets", "[[(("},
		{"hex", "0123456789abcdef"},
		{"defang", "[.]"},
		{"labels", "a[.]"},
		{"colons", "1:"},
		{"spelled", "a dot "},
		{"backslash", `HKLM\a `},
		{"at", "a@"},
		{"halfdefang", "a[.(.a.]"},
		{"spaced", "1 . "},
	}
	for _, in := range inputs {
		sizes := []int{10 << 10, 100 << 10}
		if in.name == "prose" {
			sizes = []int{len(article), 10 << 10, 100 << 10}
		}
		for _, n := range sizes {
			text := repeatTo(in.unit, n)
			b.Run(in.name+"/"+sizeName(n), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					Find(text, Options{})
				}
			})
		}
	}
}

func sizeName(n int) string {
	if n%(1<<10) == 0 {
		return fmt.Sprintf("%dKB", n>>10)
	}
	return fmt.Sprintf("%dB", n)
}
