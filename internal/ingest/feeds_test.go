package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest/fetch"
)

// readFeed reads a feed fixture as the fetcher hands it on: in UTF-8.
func readFeed(t *testing.T, name, contentType string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "feeds", name))
	if err != nil {
		t.Fatal(err)
	}
	body, _, err := fetch.ToUTF8(raw, contentType)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func TestParseFeedFormats(t *testing.T) {
	type entry struct {
		title, url string
		summary    bool
		empty      bool // link only: the page must be fetched
	}
	tests := []struct {
		file, contentType, base string
		title, typ, version     string
		entries                 []entry
	}{
		{"rss2.xml", "application/rss+xml", "https://harbor-dispatch.example/feeds/rss2.xml", "Harbor Security Dispatch", "rss", "2.0", []entry{
			{"MOVEit Transfer flaw turned into a mass data theft campaign", "https://harbor-dispatch.example/articles/moveit-cl0p.html?utm_source=rss&utm_medium=feed", false, false},
			{"Police seize LockBit's infrastructure in Operation Cronos", "https://harbor-dispatch.example/articles/lockbit-cronos.html", true, false},
			{"Volt Typhoon kept footholds in US infrastructure for years", "https://harbor-dispatch.example/articles/volt-typhoon.html", true, true},
		}},
		{"rss091.xml", "application/rss+xml", "https://quiet-packet.example/rss.xml", "Quiet Packet Weekly", "rss", "0.91", []entry{
			{"Kaseya VSA abused to push REvil ransomware to managed service clients", "https://quiet-packet.example/2021/07/kaseya-revil.html", true, false},
			{"Colonial Pipeline ransom partly recovered", "https://quiet-packet.example/2021/06/colonial-recovery.html", true, false},
		}},
		{"rss10.rdf", "application/rdf+xml", "https://meridian-cert.example/notes.rdf", "Meridian CERT Notes", "rss", "1.0", []entry{
			{"Citrix Bleed exploited to hijack NetScaler sessions", "https://meridian-cert.example/notes/citrix-bleed", false, false},
			{"PAN-OS GlobalProtect command injection under attack", "https://meridian-cert.example/notes/pan-os-3400", false, false},
		}},
		{"atom.xml", "application/atom+xml", "https://ledger-intrusions.example/atom.xml", "Ledger of Intrusions", "atom", "1.0", []entry{
			{"Change Healthcare attack disrupts US pharmacies", "https://ledger-intrusions.example/2024/02/change-healthcare", false, false},
			{"Advisory: Ivanti Connect Secure exploitation", "https://ledger-intrusions.example/reports/ivanti-advisory.pdf", true, false},
		}},
		{"feed.json", "application/feed+json", "https://northwind-wire.example/feed.json", "Northwind Wire", "json", "1.1", []entry{
			{"3CX desktop app trojanized in a supply chain attack", "https://northwind-wire.example/2023/03/3cx-supply-chain", false, false},
			{"Help desk call opened the door at MGM Resorts", "https://northwind-wire.example/2023/09/mgm-scattered-spider.html", true, false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := ParseFeed(tt.base, readFeed(t, tt.file, tt.contentType))
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != tt.title || f.Type != tt.typ || f.Version != tt.version {
				t.Errorf("feed %q %s %s, want %q %s %s", f.Title, f.Type, f.Version, tt.title, tt.typ, tt.version)
			}
			if len(f.Items) != len(tt.entries) {
				t.Fatalf("%d items, want %d", len(f.Items), len(tt.entries))
			}
			for i, want := range tt.entries {
				got := f.Items[i]
				if got.Title != want.title || got.URL != want.url || got.Summary != want.summary || (len(got.Raw) == 0) != want.empty {
					t.Errorf("item %d = %q %s summary=%v raw=%d bytes, want %+v", i, got.Title, got.URL, got.Summary, len(got.Raw), want)
				}
				if got.Outlet != tt.title || got.ContentType != TypeHTML {
					t.Errorf("item %d outlet %q type %q", i, got.Outlet, got.ContentType)
				}
			}
		})
	}
}

func TestParseFeedDetails(t *testing.T) {
	f, err := ParseFeed("https://harbor-dispatch.example/feeds/rss2.xml", readFeed(t, "rss2.xml", "application/rss+xml"))
	if err != nil {
		t.Fatal(err)
	}
	first := f.Items[0]
	if first.Author != "Marta Kowalczyk" || !first.Published.Equal(time.Date(2023, 6, 2, 16, 20, 0, 0, time.UTC)) {
		t.Errorf("author %q published %v", first.Author, first.Published)
	}
	if !strings.Contains(string(first.Raw), "LEMURLOOT") {
		t.Errorf("content:encoded not used: %q", first.Raw)
	}
	kaseya, err := ParseFeed("https://quiet-packet.example/rss.xml", readFeed(t, "rss091.xml", "text/xml"))
	if err != nil {
		t.Fatal(err)
	}
	if raw := string(kaseya.Items[0].Raw); !strings.Contains(raw, "«supply chain»") {
		t.Errorf("ISO-8859-1 feed text %q", raw)
	}
}

func TestParseFeedBroken(t *testing.T) {
	tests := []struct {
		name, body, want string
		err              error
	}{
		{"malformed xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</item></channel>`, "not a readable", nil},
		{"html page", "<!doctype html><html><body><p>Hello</p></body></html>", "not a readable", nil},
		{"empty", "  \n", "", ErrEmpty},
		{"binary", "\x00\x01\x02PK", "", ErrBinary},
		{"latin-1 bytes", "<rss version=\"2.0\"><channel><title>caf\xe9</title></channel></rss>", "", ErrInvalidUTF8},
	}
	for _, tt := range tests {
		_, err := ParseFeed("https://x.example/feed", []byte(tt.body))
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if tt.err != nil && !errors.Is(err, tt.err) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.err)
		}
		if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "https://x.example/feed") {
			t.Errorf("%s: error %q does not name the feed and the problem", tt.name, err)
		}
	}
}

func TestResolveLink(t *testing.T) {
	f, err := ParseFeed("https://a.example/feeds/x.xml", []byte(`<rss version="2.0"><channel><title>t</title>
<item><title>rel</title><link>../post/1</link></item>
<item><title>js</title><link>javascript:alert(1)</link><description>x</description></item>
<item><title>mail</title><link>mailto:a@b.example</link></item>
</channel></rss>`))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 2 {
		t.Fatalf("%d items: %+v", len(f.Items), f.Items)
	}
	if f.Items[0].URL != "https://a.example/post/1" || f.Items[1].URL != "" {
		t.Errorf("links %q, %q", f.Items[0].URL, f.Items[1].URL)
	}
}

func FuzzParseFeed(f *testing.F) {
	for _, name := range []string{"rss2.xml", "rss10.rdf", "atom.xml", "feed.json"} {
		raw, err := os.ReadFile(filepath.Join("testdata", "feeds", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		feed, err := ParseFeed("https://fuzz.example/feed", raw)
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			if len(it.Raw) == 0 && it.URL == "" {
				t.Fatalf("item with neither text nor link: %+v", it)
			}
			if it.URL != "" && !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
				t.Fatalf("non-http link %q", it.URL)
			}
			if len(it.Raw) == 0 && !it.Summary {
				t.Fatalf("empty item not marked as summary: %+v", it)
			}
		}
	})
}
