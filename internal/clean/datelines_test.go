package clean

import (
	"strings"
	"testing"
)

// TestDatelinesAndBackLinks covers the rules the fixture pages in
// testdata/pages called for: dateline lines, "back to top" links and an
// author name followed by a date.
func TestDatelinesAndBackLinks(t *testing.T) {
	tests := []struct {
		line   string
		reason string // "" when the line must stay
	}{
		{"Filed 26 January 2023 by Priya Natarajan", "boilerplate:dateline"},
		{"Posted on March 3, 2021 at 10:15 am", "boilerplate:dateline"},
		{"Published: 2024-02-20 08:00 UTC", "boilerplate:dateline"},
		{"Updated Tue, 5 Mar 2024 14:02 GMT", "boilerplate:dateline"},
		{"Release date: 12 April 2022", "boilerplate:dateline"},
		{"Last updated 1st December 2023", "boilerplate:dateline"},
		{"Back to the front page", "boilerplate:navigation"},
		{"Back to top ↑", "boilerplate:navigation"},
		{"Return to all news", "boilerplate:navigation"},

		{"Published research in 2023 showed that the group reused infrastructure.", ""},
		{"Posted on 3 March 2021, the leak included passwords of 400 staff.", ""},
		{"Updated figures released on 5 March 2024 put the losses at 22 million dollars.", ""},
		{"Date of the attack: unknown.", ""},
		{"Back to the drawing board, the developers rewrote the loader in Rust.", ""},
	}
	for _, tt := range tests {
		kept, removed := dropBoilerplate([]block{{text: tt.line}}, Meta{})
		got := ""
		if len(removed) == 1 {
			got = removed[0].Reason
		}
		if got != tt.reason || (tt.reason == "" && len(kept) != 1) {
			t.Errorf("%q: removed as %q, want %q", tt.line, got, tt.reason)
		}
	}
}

func TestAuthorDateByline(t *testing.T) {
	meta := Meta{Author: "Amara Osei"}
	tests := []struct {
		line string
		drop bool
	}{
		{"Amara Osei 24 June 2024", true},
		{"Amara Osei · 24 June 2024", true},
		{"By Amara Osei, June 24, 2024 at 8:00 pm", true},
		{"Amara Osei 24 June 2024 reported that the dealers went back to paper.", false},
		{"Amara Osei covers cybercrime and state hacking for the site and is based in Accra, where she has reported for a decade.", true}, // author bio
	}
	for _, tt := range tests {
		_, removed := dropBoilerplate([]block{{text: tt.line}}, meta)
		if got := len(removed) == 1; got != tt.drop {
			t.Errorf("%q: dropped = %v, want %v", tt.line, got, tt.drop)
		}
	}
}

// TestDivSoupParagraphs: text kept in sibling <div>s, one paragraph each,
// is one article, not a single paragraph of it.
func TestDivSoupParagraphs(t *testing.T) {
	paragraphs := []string{
		"The worm spread on its own by exploiting a flaw in the Windows SMB protocol.",
		"In Britain, dozens of health service trusts had to cancel appointments and divert ambulances.",
		"The spread slowed after a researcher registered a domain that acted as a kill switch.",
	}
	var page strings.Builder
	page.WriteString(`<html><body><div id="left"><a href="/a">Malware</a><br><a href="/b">Breaches</a></div><div id="center"><div class="storytext">`)
	for _, p := range paragraphs {
		page.WriteString(`<div class="para">` + p + `</div>`)
	}
	page.WriteString(`</div></div><div id="right"><b>Most popular</b><br><a href="/p">Something else entirely happened somewhere</a></div></body></html>`)
	res, err := Clean(Document{Raw: []byte(page.String()), ContentType: TypeHTML})
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(paragraphs, "\n\n"); res.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", res.Text, want)
	}

	// A lone body div of text and <br>s stays the root: its neighbours'
	// short lines are not pulled in.
	lone := `<html><body><div id="main"><div class="info">Site news desk</div><div class="text">` +
		strings.Join(paragraphs, "<br><br>") + `</div></div></body></html>`
	res, err = Clean(Document{Raw: []byte(lone), ContentType: TypeHTML})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.Text, "Site news desk") || !strings.Contains(res.Text, paragraphs[2]) {
		t.Errorf("lone div page:\n%s", res.Text)
	}
}
