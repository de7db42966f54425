package clean

import (
	"strings"
	"testing"
)

func TestBoilerplateRules(t *testing.T) {
	tests := []struct {
		line string
		want string // rule name, "" when the line is article text
	}{
		{"Advertisement", "ad"},
		{"ADVERTISEMENT", "ad"},
		{"Story continues below advertisement", "ad"},
		{"You can skip this ad in 5 seconds", "ad"},
		{"Skip Ad", "ad"},
		{"Ad · 0:15", "ad"},
		{"Ad 1 of 2 · 0:07", "ad"},
		{"Advertisement networks were abused to spread the loader.", ""},
		{"Ad fraud botnets earned the group millions.", ""},

		{"Get daily email updates", "newsletter"},
		{"Get our free newsletter every morning", "newsletter"},
		{"Subscribe to our newsletter", "newsletter"},
		{"Subscribe", "newsletter"},
		{"Sign up for the Breach Desk morning briefing. No spam, unsubscribe any time.", "newsletter"},
		{"Sign up", "newsletter"},
		{"Don't miss a story: join 40,000 readers", "newsletter"},
		{"Get the latest security updates installed, CISA urged.", ""},
		{"Subscribers of the streaming service were told to reset passwords.", ""},
		{"Sign-up pages were cloned by the phishing kit.", ""},

		{"Share this article", "share"},
		{"Share on X", "share"},
		{"Share on X (https://x.example/intent?u=1)", "share"},
		{"Share this article: Facebook | X | LinkedIn | Line", "share"},
		{"Facebook Twitter LinkedIn Email", "share"},
		{"Follow us on Mastodon", "social"},
		{"Shares of the vendor fell 8% after the disclosure.", ""},

		{"Photo: Harbourline Agency / Illustration", "photo-credit"},
		{"Image credit: Example Wire", "photo-credit"},
		{"(Photo by Jane Roe / Example Agency)", "photo-credit"},
		{"Credit: Meridian Pictures", "photo-credit"},
		{"Photos of the seized servers were published by Europol on Tuesday and show racks of equipment.", ""},

		{"We use cookies to improve your experience. Accept all", "cookie"},
		{"Cookies help us deliver our services. By using our services, you agree to our use of cookies. Learn more | OK", "cookie"},
		{"The Packet Ledger uses cookies for analytics. Continue browsing to accept.", "cookie"},
		{"Accept all cookies", "cookie"},
		{"Cookie settings", "cookie"},
		{"The infostealer uses cookies stolen from browsers to bypass multi-factor prompts.", ""},
		{"Attackers replayed session cookies, which let them skip MFA.", ""},

		{"Read more: Regulator fines carrier over SIM-swap failures", "read-more"},
		{"Read more", "read-more"},
		{"See also: our timeline of the breach", "read-more"},
		{"Related: US charges seven alleged APT31 hackers", "related"},
		{"Related on Kernel Times: What the SolarWinds backdoor tells us", "related"},
		{"Related articles", "related"},
		{"You may also like", "related"},
		{"Related infrastructure was found in three other countries.", ""},
		{"Click here to download the full report", "click-here"},

		{"(c) 2024 Breach Desk. All rights reserved. | Privacy | Terms", "copyright"},
		{"© 2024 The Example Ledger", "copyright"},
		{"Copyright 2023 Asia Cyber Monitor. All rights reserved.", "copyright"},
		{"Copyright claims were used as phishing lures.", ""},

		{"Home > News > Ransomware", "breadcrumb"},
		{"Skip to content", "navigation"},
		{"News | Nation-State | Ransomware | Vulnerabilities | Podcast | Subscribe", "navigation"},
		{"Menu | Search | Sign in", "navigation"},
		{"Mandiant | APT31", ""},
		{"T1078 | Valid Accounts | Persistence", ""},

		{"3 Comments", "comments"},
		{"Leave a comment", "comments"},
		{"Comments are closed for this article.", "comments"},
		{"Tags: Volt Typhoon, China, CISA", "tags"},

		{"By Dana Kowalczyk", "byline"},
		{"By Tom Ashdown · 20 February 2024, 11:00 GMT", "byline"},
		{"By Harriet Cole, Security Correspondent", "byline"},
		{"By Tuesday morning the agency had rebuilt the page.", ""},
		{"By contrast, the FBI said nothing.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			r, ok := matchBoilerplate(tt.line)
			got := ""
			if ok {
				got = r.Name
			}
			if got != tt.want {
				t.Errorf("matchBoilerplate(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

func TestBoilerplateRulesAreNamedAndAnchored(t *testing.T) {
	for _, r := range boilerplateRules {
		expr := r.Pattern.String()
		if r.Name == "" || r.MaxLen <= 0 {
			t.Errorf("rule %q has no name or no length limit", expr)
		}
		if !strings.Contains(expr, "^") || !strings.HasSuffix(expr, "$") && !strings.HasSuffix(expr, "$)") {
			t.Errorf("rule %s: pattern %q is not anchored at both ends", r.Name, expr)
		}
	}
}

func TestMetaRules(t *testing.T) {
	meta := Meta{Author: "Lena Park", Outlet: "Scrape Wire"}
	tests := []struct {
		line string
		want string
	}{
		{"Lena Park", "byline"},
		{"Lena Park · 11 June 2024", "byline"},
		{"Posted by Lena Park on June 11, 2024 at 8:20 am | 3 Comments", "byline"},
		{"Lena Park is a reporter at Scrape Wire.", "author-bio"},
		{"SCRAPE WIRE", "masthead"},
		{"Scrape Wire | News | Security", "masthead"},
		{"Lena Parker said the breach was contained.", ""},
		{"Scrape Wire contacted the operator, which declined to comment on the number of affected customers or the timeline.", ""},
	}
	rules := metaRules(meta)
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			r, ok := matchRules(rules, tt.line)
			got := ""
			if ok {
				got = r.Name
			}
			if got != tt.want {
				t.Errorf("metaRules match %q = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

func TestDropBoilerplate(t *testing.T) {
	blocks := []block{
		{text: "Story text that stays."},
		{text: "Get daily email updates\nSign up for the digest.\nA real line that stays."},
		{text: "Related articles"},
		{text: "Other story one", list: true},
		{text: "- Other story two"},
		{text: "Back to the story."},
		{text: "A list item after prose stays", list: true},
		{text: "Advertisement", code: true},
		{text: "Share | this", table: true},
	}
	kept, removed := dropBoilerplate(blocks, Meta{})
	var texts []string
	for _, b := range kept {
		texts = append(texts, b.text)
	}
	wantKept := []string{"Story text that stays.", "A real line that stays.", "Back to the story.", "A list item after prose stays", "Advertisement", "Share | this"}
	if strings.Join(texts, "|") != strings.Join(wantKept, "|") {
		t.Errorf("kept = %q, want %q", texts, wantKept)
	}
	wantReasons := []string{"boilerplate:newsletter", "boilerplate:newsletter", "boilerplate:related", "boilerplate:related", "boilerplate:related"}
	var reasons []string
	for _, r := range removed {
		reasons = append(reasons, r.Reason)
	}
	if strings.Join(reasons, "|") != strings.Join(wantReasons, "|") {
		t.Errorf("reasons = %q, want %q", reasons, wantReasons)
	}
}
