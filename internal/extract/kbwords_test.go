package extract_test

import (
	"testing"
)

// TestKnowledgeBaseWordsInProse runs the knowledge base's own gazetteer over
// prose full of English words that it also lists, in lower case, as names
// of malware and tools ("core", "root", "shadow"): written in lower case
// they are the words, capitalised mid-sentence they are names, and tool
// names that are no English word ("certutil") match as written.
func TestKnowledgeBaseWordsInProse(t *testing.T) {
	gaz, err := kbGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"words", "A core team wrote the code, found the root cause and left a silent shadow copy in the spring.", nil},
		{"more words", "The hunters were aware of the deadlock, a toxic echo of a frozen route.", nil},
		{"names", "Researchers linked the attack to Ghost ransomware and later to Core.", []string{"Ghost", "Core"}},
		{"tool names", "The intruders ran certutil and whoami on the server.", []string{"certutil", "whoami"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, m := range gaz.Find(tc.text) {
				got = append(got, m.Span.In(tc.text))
			}
			if len(got) != len(tc.want) {
				t.Fatalf("found %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("found %q, want %q", got, tc.want)
				}
			}
		})
	}
}
