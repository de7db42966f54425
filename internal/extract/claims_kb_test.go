package extract_test

import (
	"slices"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/extract"
)

// TestClaimsWithKnowledgeBase checks claims whose reading depends on how
// the knowledge base files a name (the Qilin ransomware is malware there,
// its gang unknown), which the small test gazetteer cannot show.
func TestClaimsWithKnowledgeBase(t *testing.T) {
	gaz, err := kbGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	published := time.Date(2024, 6, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"a gang reporting its own theft is no victim",
			"The Qilin ransomware gang has published data that it says was stolen from the company.",
			[]string{"data-breach actor=Qilin ransomware by Qilin"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := extract.Extract(tc.text, extract.Options{Gazetteer: gaz, Published: published})
			var got []string
			for _, c := range res.Claims {
				got = append(got, extract.ClaimString(c))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("claims in %q\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}
