package tagger

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

func TestReadCoNLL(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Sentence
	}{
		{"empty", "", nil},
		{"blank lines only", "\n\r\n  \n", nil},
		{
			name: "tabs, spaces, CRLF and several blank lines",
			in:   "Emotet\tB-Malware\r\nspreads O\r\n\r\n\r\n\nvia   O\nWord\tB-System\n",
			want: []Sentence{
				{Tokens: []string{"Emotet", "spreads"}, Labels: []string{"B-Malware", "O"}, Line: 1},
				{Tokens: []string{"via", "Word"}, Labels: []string{"O", "B-System"}, Line: 6},
			},
		},
		{
			name: "no final newline, DOCSTART skipped",
			in:   "-DOCSTART- O\n\nAPT28 B-Organization",
			want: []Sentence{{Tokens: []string{"APT28"}, Labels: []string{"B-Organization"}, Line: 3}},
		},
		{
			name: "the label is the last field",
			in:   "C & C\tO\n",
			want: []Sentence{{Tokens: []string{"C & C"}, Labels: []string{"O"}, Line: 1}},
		},
		{
			name: "I- without B- is kept as written",
			in:   "]\tI-Indicator\ncom\tI-Indicator\n",
			want: []Sentence{{Tokens: []string{"]", "com"}, Labels: []string{"I-Indicator", "I-Indicator"}, Line: 1}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadCoNLL(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestReadCoNLLErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"token without label", "Emotet B-Malware\nspreads\n", "line 2: want a token and a label"},
		{"bad label", "a O\n\nb X-Malware\n", `line 3: label "X-Malware" is not O, B-Type or I-Type`},
		{"label without type", "a B-\n", `line 1: label "B-"`},
		{"invalid UTF-8", "a O\n\xff O\n", "line 2: not valid UTF-8"},
		{"line too long", "a O\n" + strings.Repeat("x", maxLine+1) + " O\n", "line 2:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCoNLL(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestCoNLLRoundTrip(t *testing.T) {
	raw, err := os.ReadFile("testdata/sample.conll")
	if err != nil {
		t.Fatal(err)
	}
	sentences, err := ReadCoNLL(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if len(sentences) != 3 {
		t.Fatalf("read %d sentences, want 3", len(sentences))
	}
	var buf bytes.Buffer
	if err := WriteCoNLL(&buf, sentences); err != nil {
		t.Fatal(err)
	}
	if buf.String() != string(raw) {
		t.Errorf("round trip changed the file:\n%s", buf.String())
	}
}

func FuzzReadCoNLL(f *testing.F) {
	if raw, err := os.ReadFile("testdata/sample.conll"); err == nil {
		f.Add(string(raw))
	}
	for _, seed := range []string{"", "a O", "a\tB-X\r\nb I-X\n\n\nc O", "-DOCSTART- O\n", "a\n", "a B-\n", " \t \n", "é O\n\xc3"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		sentences, err := ReadCoNLL(strings.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("error %q does not name a line", err)
			}
			return
		}
		clean := true
		for _, s := range sentences {
			if len(s.Tokens) == 0 || len(s.Tokens) != len(s.Labels) || s.Line < 1 {
				t.Fatalf("bad sentence %+v", s)
			}
			for i, tok := range s.Tokens {
				if tok == "" || checkLabel(s.Labels[i]) != nil {
					t.Fatalf("bad token %q or label %q", tok, s.Labels[i])
				}
				if strings.ContainsFunc(tok, unicode.IsSpace) || tok == "-DOCSTART-" {
					clean = false
				}
			}
		}
		if !clean {
			return
		}
		// Without whitespace inside tokens, writing and reading again
		// gives the same sentences (line numbers aside).
		var buf bytes.Buffer
		if err := WriteCoNLL(&buf, sentences); err != nil {
			t.Fatal(err)
		}
		again, err := ReadCoNLL(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(sentences) {
			t.Fatalf("%d sentences after a round trip, want %d", len(again), len(sentences))
		}
		for i := range again {
			if !reflect.DeepEqual(again[i].Tokens, sentences[i].Tokens) || !reflect.DeepEqual(again[i].Labels, sentences[i].Labels) {
				t.Fatalf("sentence %d changed: %+v, was %+v", i, again[i], sentences[i])
			}
		}
	})
}
