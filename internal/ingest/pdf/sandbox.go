package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Extractor turns a PDF into text.
type Extractor func(ctx context.Context, raw []byte) (string, error)

// InProcess extracts in this process. The PDF reader is not hardened
// against hostile files: some malformed cross-reference or page trees make
// it loop forever or allocate without bound, and a goroutine cannot be
// stopped. Use it for trusted files and tests; use Subprocess for documents
// from the network.
func InProcess(ctx context.Context, raw []byte) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return Text(raw)
}

// Sandbox limits for Subprocess.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultMemLimit = 1 << 30 // bytes of heap the child may map
	maxStderr       = 4 << 10
)

// ErrSandbox marks an extraction the sandbox stopped: it ran out of time or
// memory, or the child failed.
var ErrSandbox = errors.New("PDF extraction stopped")

// Subprocess returns an Extractor that runs argv (a program that reads a
// PDF on standard input and writes its text to standard output, such as
// "winnow pdftext") in a child process killed after timeout. The child is
// expected to call LimitMemory first; it is told the limit (memLimit bytes;
// 0 for DefaultMemLimit, negative for none) through the WINNOW_PDF_MEMLIMIT
// environment variable.
func Subprocess(timeout time.Duration, memLimit int64, argv ...string) Extractor {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	switch {
	case raceBuild || memLimit < 0:
		memLimit = 0 // no limit
	case memLimit == 0:
		memLimit = DefaultMemLimit
	}
	return func(ctx context.Context, raw []byte) (string, error) {
		if len(argv) == 0 {
			return "", fmt.Errorf("%w: no extractor program", ErrSandbox)
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
		cmd.Env = append(os.Environ(), fmt.Sprintf("WINNOW_PDF_MEMLIMIT=%d", memLimit))
		cmd.Stdin = bytes.NewReader(raw)
		var stdout bytes.Buffer
		stderr := &limitedBuffer{max: maxStderr}
		cmd.Stdout, cmd.Stderr = &stdout, stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
		cmd.WaitDelay = time.Second
		err := cmd.Run()
		switch {
		case err == nil:
			return strings.TrimSpace(stdout.String()), nil
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			return "", fmt.Errorf("%w: no result after %v", ErrSandbox, timeout)
		case ctx.Err() != nil:
			return "", ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		if memLimit > 0 && (strings.Contains(msg, "out of memory") || strings.Contains(msg, "cannot allocate memory")) {
			return "", fmt.Errorf("%w: more than %d MiB of memory needed", ErrSandbox, memLimit>>20)
		}
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i] // a crash's first line says what happened; the stack follows
		}
		// The child reports "pdf: <sentinel text>: detail"; map it back.
		for _, sentinel := range []error{ErrNotPDF, ErrEncrypted, ErrNoText, ErrBroken} {
			if strings.Contains(msg, sentinel.Error()) {
				return "", fmt.Errorf("%w (%s)", sentinel, msg)
			}
		}
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("%w: %s", ErrSandbox, msg)
	}
}

type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// LimitMemory caps the heap this process may map (RLIMIT_DATA) at the
// WINNOW_PDF_MEMLIMIT environment variable, or limit when it is unset; 0 or
// less means no limit, as does a race-enabled build. A PDF that asks for
// more makes the process die instead of the machine swap.
func LimitMemory(limit int64) error {
	if v := os.Getenv("WINNOW_PDF_MEMLIMIT"); v != "" {
		if _, err := fmt.Sscan(v, &limit); err != nil {
			return fmt.Errorf("WINNOW_PDF_MEMLIMIT %q: %w", v, err)
		}
	}
	if limit <= 0 || raceBuild {
		return nil
	}
	return syscall.Setrlimit(syscall.RLIMIT_DATA, &syscall.Rlimit{Cur: uint64(limit), Max: uint64(limit)})
}

// RunChild is the body of a PDF extraction child: it limits its memory,
// reads a PDF from r and writes its text to w. Errors name their sentinel
// so Subprocess can map them back.
func RunChild(r io.Reader, w io.Writer) error {
	if err := LimitMemory(DefaultMemLimit); err != nil {
		return err
	}
	raw, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return err
	}
	text, err := Text(raw)
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	_, err = io.WriteString(w, text)
	return err
}
