package tagger

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one labeled sentence: a token and a BIO label per position.
type Sentence struct {
	Tokens []string
	Labels []string
	Line   int // line of the first token in the file it was read from
}

// maxLine bounds one line of a CoNLL file.
const maxLine = 1 << 20

// ReadCoNLL reads sentences in CoNLL form: one token a line, the token and
// its label separated by a tab or spaces (the label is the last field), a
// blank line between sentences. Carriage returns are ignored, as are
// "-DOCSTART-" lines. Labels are "O" or "B-Type"/"I-Type". An error names
// the line at fault.
func ReadCoNLL(r io.Reader) ([]Sentence, error) {
	var (
		out []Sentence
		cur Sentence
	)
	flush := func() {
		if len(cur.Tokens) > 0 {
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			flush()
			continue
		}
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("line %d: not valid UTF-8", line)
		}
		token, label, ok := splitLine(text)
		if !ok {
			return nil, fmt.Errorf("line %d: want a token and a label, got %q", line, text)
		}
		if token == "-DOCSTART-" {
			flush()
			continue
		}
		if err := checkLabel(label); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if len(cur.Tokens) == 0 {
			cur.Line = line
		}
		cur.Tokens = append(cur.Tokens, token)
		cur.Labels = append(cur.Labels, label)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	flush()
	return out, nil
}

// splitLine splits "token<TAB>label" or "token label": the label is the
// last field, the token everything before it.
func splitLine(text string) (token, label string, ok bool) {
	text = strings.TrimRightFunc(text, unicode.IsSpace)
	cut := strings.LastIndexFunc(text, unicode.IsSpace)
	if cut < 0 {
		return "", "", false
	}
	_, size := utf8.DecodeRuneInString(text[cut:])
	token = strings.TrimSpace(text[:cut])
	label = text[cut+size:]
	return token, label, token != "" && label != ""
}

// checkLabel accepts "O", "B-Type" and "I-Type".
func checkLabel(label string) error {
	if label == "O" {
		return nil
	}
	if len(label) > 2 && (label[0] == 'B' || label[0] == 'I') && label[1] == '-' {
		return nil
	}
	return fmt.Errorf("label %q is not O, B-Type or I-Type", label)
}

// WriteCoNLL writes sentences in the form ReadCoNLL reads, token and label
// separated by a tab.
func WriteCoNLL(w io.Writer, sentences []Sentence) error {
	bw := bufio.NewWriter(w)
	for i, s := range sentences {
		if i > 0 {
			bw.WriteByte('\n')
		}
		for j, tok := range s.Tokens {
			label := "O"
			if j < len(s.Labels) {
				label = s.Labels[j]
			}
			bw.WriteString(tok)
			bw.WriteByte('\t')
			bw.WriteString(label)
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}
