package resolve

import (
	"bytes"
	"strings"
	"testing"
)

func TestReadSnapshotErrors(t *testing.T) {
	header := `{"format":"winnow-kb/1","galaxies":[]}` + "\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "empty snapshot"},
		{"blank lines", "\n \n", "empty snapshot"},
		{"header after blank line", "\n" + header + `{"kind":"malware"}`, "without key"},
		{"wrong format", `{"format":"other"}`, "format"},
		{"bad header", `{`, "header"},
		{"bad entity", header + `{"key":`, "line 2"},
		{"no key", header + `{"kind":"malware","name":"x","aliases":[]}`, "without key"},
		{"no kind", header + `{"key":"malware/x","name":"x","aliases":[]}`, "without kind"},
		{"no name", header + `{"key":"malware/x","kind":"malware","aliases":[]}`, "without name"},
		{"empty alias", header + `{"key":"malware/x","kind":"malware","name":"x","aliases":[{"n":""}]}`, "empty alias"},
		{"unsorted", header + `{"key":"malware/y","kind":"malware","name":"y","aliases":[]}` + "\n" + `{"key":"malware/x","kind":"malware","name":"x","aliases":[]}`, "out of order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadSnapshot(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func FuzzReadSnapshot(f *testing.F) {
	var buf bytes.Buffer
	testSnapshot().WriteTo(&buf)
	f.Add(buf.String())
	f.Add(`{"format":"winnow-kb/1"}` + "\n" + `{"key":"a","kind":"malware","name":"A","aliases":[{"n":"A","s":["x"],"amb":true}],"ids":["x"]}`)
	f.Add("{\"format\":\"winnow-kb/1\"}\n\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ReadSnapshot(strings.NewReader(in))
		if err != nil {
			return
		}
		kb := New(s)
		for _, e := range s.Entities {
			e.ExternalIDs()
			for _, a := range e.Aliases {
				kb.Resolve(a.Name, Context{Countries: []string{a.Name}, CoMentioned: e.Uses})
			}
		}
		kb.Names()
		kb.Conflicts()
		var out bytes.Buffer
		if _, err := s.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadSnapshot(&out); err != nil {
			t.Fatalf("a snapshot that read once does not read again: %v", err)
		}
	})
}
