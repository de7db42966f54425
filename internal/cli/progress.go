package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// progress draws a one-line bar on a terminal and nothing anywhere else, so
// logs and pipes stay clean.
type progress struct {
	w     io.Writer
	on    bool
	total int
	done  int
}

func newProgress(w io.Writer, total int) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, on: ok && term.IsTerminal(int(f.Fd())) && total > 1, total: total}
}

func (p *progress) step(label string) {
	p.done++
	if !p.on {
		return
	}
	const width = 30
	filled := width * p.done / max(p.total, 1)
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d %-40.40s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), p.done, p.total, cellText(label))
}

func (p *progress) finish() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
