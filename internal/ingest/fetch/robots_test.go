package fetch

import (
	"strings"
	"testing"
	"time"
)

func TestParseRobots(t *testing.T) {
	const file = `# comment
User-agent: Googlebot
Disallow: /

User-agent: winnow
User-agent: otherbot
Disallow: /drafts/
Allow: /drafts/public/
Disallow: /*.pdf$
Disallow: /search?*q=
Crawl-delay: 2

User-agent: *
Disallow: /admin
Sitemap: https://news.example/sitemap.xml
`
	tests := []struct {
		agent, path string
		want        bool
	}{
		{"winnow", "/", true},
		{"winnow", "/drafts/", false},
		{"winnow", "/drafts/x", false},
		{"winnow", "/drafts/public/x", true},
		{"winnow", "/reports/q1.pdf", false},
		{"winnow", "/reports/q1.pdf?dl=1", true}, // $ anchors the end
		{"winnow", "/search?lang=en&q=apt", false},
		{"winnow", "/search?lang=en", true},
		{"winnow", "/admin", true}, // winnow has its own group; "*" does not apply
		{"WINNOW", "/drafts/x", false},
		{"otherbot", "/drafts/x", false},
		{"somebot", "/admin/users", false},
		{"somebot", "/drafts/x", true},
		{"googlebot", "/anything", false},
		{"somebot", "/robots.txt", true},
	}
	for _, tt := range tests {
		r := ParseRobots([]byte(file), tt.agent)
		if got := r.Allowed(tt.path); got != tt.want {
			t.Errorf("%s %s: allowed = %v, want %v", tt.agent, tt.path, got, tt.want)
		}
	}
	if d := ParseRobots([]byte(file), "winnow").CrawlDelay; d != 2*time.Second {
		t.Errorf("Crawl-delay %v, want 2s", d)
	}
}

func TestParseRobotsEdgeCases(t *testing.T) {
	tests := []struct {
		name, file, path string
		want             bool
	}{
		{"empty file", "", "/x", true},
		{"empty disallow", "User-agent: *\nDisallow:\n", "/x", true},
		{"rule before any agent", "Disallow: /\nUser-agent: *\nAllow: /\n", "/x", true},
		{"tie goes to allow", "User-agent: *\nDisallow: /page\nAllow: /page\n", "/page", true},
		{"longest wins", "User-agent: *\nAllow: /a\nDisallow: /a/b\n", "/a/b/c", false},
		{"wildcard middle", "User-agent: *\nDisallow: /*/private/\n", "/team/private/x", false},
		{"no colon lines ignored", "User-agent *\nnonsense\nUser-agent: *\nDisallow: /x\n", "/x", false},
		{"groups for the same agent merge", "User-agent: *\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n", "/b", false},
		{"CRLF", "User-agent: *\r\nDisallow: /x\r\n", "/x/y", false},
	}
	for _, tt := range tests {
		if got := ParseRobots([]byte(tt.file), "winnow").Allowed(tt.path); got != tt.want {
			t.Errorf("%s: Allowed(%q) = %v, want %v", tt.name, tt.path, got, tt.want)
		}
	}
}

func TestProductToken(t *testing.T) {
	for ua, want := range map[string]string{
		DefaultUserAgent:      "winnow",
		"winnow":              "winnow",
		"acme-reader/2 (x)":   "acme-reader",
		"Mozilla/5.0 compat":  "Mozilla",
		"intranet bot (test)": "intranet",
	} {
		if got := productToken(ua); got != want {
			t.Errorf("productToken(%q) = %q, want %q", ua, got, want)
		}
	}
}

func FuzzParseRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /private\nAllow: /private/ok$\n"), "/private/ok")
	f.Add([]byte("User-agent: winnow\nDisallow: /*.pdf$\nCrawl-delay: 1.5\n"), "/a.pdf")
	f.Add([]byte("User-agent: *\nDisallow: ***$$\n"), "/")
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		r := ParseRobots(body, "winnow")
		got := r.Allowed(path)
		if r.CrawlDelay < 0 {
			t.Fatalf("negative crawl delay %v", r.CrawlDelay)
		}
		// With no rule matching, the answer is allowed.
		matched := false
		for _, rule := range r.rules {
			matched = matched || matchPattern(rule.pattern, path)
		}
		if !matched && !got {
			t.Fatalf("disallowed %q without a matching rule", path)
		}
		// A pattern without wildcards matches exactly its prefixes.
		for _, rule := range r.rules {
			if !strings.ContainsAny(rule.pattern, "*$") && matchPattern(rule.pattern, path) != strings.HasPrefix(path, rule.pattern) {
				t.Fatalf("plain pattern %q vs %q", rule.pattern, path)
			}
		}
	})
}
