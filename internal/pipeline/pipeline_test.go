package pipeline

import (
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
	"github.com/winnow-cti/winnow/internal/store"
)

func newPipeline(t *testing.T, st store.Store) *Pipeline {
	t.Helper()
	kb, err := resolve.Load()
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(t.Context(), st, kb)
	if err != nil {
		t.Fatal(err)
	}
	p.now = func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) }
	return p
}

func doc(name, url, published, body string) ingest.Item {
	raw := "---\ntitle: " + name + "\nurl: " + url + "\noutlet: Test Wire\npublished: " + published + "\n---\n" + body
	return ingest.Item{Name: name + ".md", Raw: []byte(raw), ContentType: ingest.TypeMarkdown}
}

var teaching = doc("teaching", "https://testwire.example/czech", "2025-05-28T09:00:00Z",
	`The Czech government said APT31, "also known as Judgment Panda, Altaire, Perplexed Goblin and Violet Typhoon", ran a campaign against its Ministry of Foreign Affairs that began in 2022.`)

var usingNewName = doc("later", "https://testwire.example/goblin", "2025-06-02T09:00:00Z",
	"Researchers said Perplexed Goblin targeted a European ministry again in May.")

func entityOf(a model.Analysis, text string) string {
	for _, m := range a.Mentions {
		if m.Text == text {
			return m.EntityKey
		}
	}
	return ""
}

func TestAnalyzeResolvesVendorNames(t *testing.T) {
	p := newPipeline(t, memoryStore(t))
	a, err := p.Analyze(doc("names", "https://testwire.example/names", "2024-03-25T10:00:00Z",
		"Microsoft tracks the group as Violet Typhoon, formerly ZIRCONIUM, while CrowdStrike calls it Judgment Panda and Proofpoint TA412. APT31 denied nothing."))
	if err != nil {
		t.Fatal(err)
	}
	want := entityOf(a, "APT31")
	if want == "" {
		t.Fatalf("APT31 did not resolve; mentions %+v", a.Mentions)
	}
	for _, name := range []string{"Violet Typhoon", "ZIRCONIUM", "Judgment Panda", "TA412"} {
		if got := entityOf(a, name); got != want {
			t.Errorf("%s resolved to %q, want %q (APT31)", name, got, want)
		}
	}
	for _, e := range a.Entities {
		if len(e.Aliases) != 0 {
			t.Errorf("entity %s carries %d aliases into the store; the knowledge base keeps them", e.Key, len(e.Aliases))
		}
	}
}

func TestPersonKeepsFullName(t *testing.T) {
	p := newPipeline(t, memoryStore(t))
	a, err := p.Analyze(doc("people", "https://testwire.example/people", "2024-03-25T10:00:00Z",
		"FBI Director Christopher Wray said the network had been disrupted. Wray said more arrests would follow."))
	if err != nil {
		t.Fatal(err)
	}
	full, short := entityOf(a, "Christopher Wray"), entityOf(a, "Wray")
	if full == "" || full != short {
		t.Fatalf("Christopher Wray is %q and Wray %q, want one person; mentions %+v", full, short, a.Mentions)
	}
	for _, e := range a.Entities {
		if e.Key == full && e.Name != "Christopher Wray" {
			t.Errorf("the person is named %q, want the full name", e.Name)
		}
	}
}

func TestLearnedAliasChangesResolutionAndCanBeRejected(t *testing.T) {
	st := memoryStore(t)
	p := newPipeline(t, st)
	before, err := p.Analyze(usingNewName)
	if err != nil {
		t.Fatal(err)
	}
	if key := entityOf(before, "Perplexed Goblin"); strings.HasPrefix(key, "threat-actor/") {
		t.Fatalf("Perplexed Goblin resolved to %s before anything taught it", key)
	}

	out, err := p.Process(t.Context(), teaching)
	if err != nil {
		t.Fatal(err)
	}
	if out.NewAliases != 2 {
		t.Errorf("learned %d new aliases, want 2 (Altaire, Perplexed Goblin)", out.NewAliases)
	}
	learned, err := st.ListAliases(t.Context(), store.AliasFilter{Name: "perplexed goblin"})
	if err != nil || len(learned) != 1 {
		t.Fatalf("stored aliases for Perplexed Goblin: %v, %v", learned, err)
	}
	alias := learned[0]
	if alias.Claimant != "Czech government" || alias.ArticleID != out.ArticleID || alias.Status != model.AliasLearned {
		t.Errorf("learned alias = %+v", alias)
	}
	art, err := st.Article(t.Context(), out.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if ev := alias.Evidence.In(art.Text); !strings.Contains(ev, "also known as") {
		t.Errorf("evidence %q does not cite the sentence", ev)
	}

	after, err := p.Analyze(usingNewName)
	if err != nil {
		t.Fatal(err)
	}
	apt31 := alias.EntityKey
	if got := entityOf(after, "Perplexed Goblin"); got != apt31 {
		t.Errorf("after learning, Perplexed Goblin resolves to %q, want %q", got, apt31)
	}

	// Re-processing the teaching article keeps what it taught.
	if _, err := p.Process(t.Context(), teaching); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.ListAliases(t.Context(), store.AliasFilter{EntityKey: apt31}); len(again) != 2 {
		t.Errorf("after re-processing, %d learned aliases, want 2", len(again))
	}

	// An analyst rejects it: a new pipeline no longer resolves the name,
	// even after the teaching article is read again.
	if err := st.SetAliasStatus(t.Context(), alias.ID, model.AliasRejected); err != nil {
		t.Fatal(err)
	}
	p2 := newPipeline(t, st)
	if _, err := p2.Process(t.Context(), teaching); err != nil {
		t.Fatal(err)
	}
	rejected, err := p2.Analyze(usingNewName)
	if err != nil {
		t.Fatal(err)
	}
	if got := entityOf(rejected, "Perplexed Goblin"); got == apt31 {
		t.Errorf("a rejected alias still resolves to %s", got)
	}
}

func TestSummaryDoesNotReplaceFullText(t *testing.T) {
	st := memoryStore(t)
	p := newPipeline(t, st)
	full := doc("full", "https://testwire.example/cronos", "2024-02-20T10:00:00Z",
		"The NCA said Operation Cronos took control of LockBit's infrastructure.\n\nInvestigators seized servers in several countries and froze cryptocurrency accounts linked to the group.")
	first, err := p.Process(t.Context(), full)
	if err != nil {
		t.Fatal(err)
	}
	summary := ingest.Item{Name: "feed.xml#1", Raw: []byte("<p>LockBit was disrupted.</p>"), ContentType: ingest.TypeHTML,
		Title: "Cronos", URL: "https://testwire.example/cronos?utm_source=rss", Summary: true}
	out, err := p.Process(t.Context(), summary)
	if err != nil {
		t.Fatal(err)
	}
	if out.ArticleID != first.ArticleID || out.Result != store.Unchanged {
		t.Errorf("summary outcome = %+v, want unchanged article %d", out, first.ArticleID)
	}
	art, err := st.Article(t.Context(), first.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(art.Text, "froze cryptocurrency") {
		t.Errorf("full text replaced by the summary: %q", art.Text)
	}
}

func TestProcessBadInputStoresNothing(t *testing.T) {
	st := memoryStore(t)
	p := newPipeline(t, st)
	if _, err := p.Process(t.Context(), teaching); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Stats(t.Context())
	for _, it := range []ingest.Item{
		{Name: "blank.html", Raw: []byte("<html><body><nav>Home</nav></body></html>"), ContentType: ingest.TypeHTML},
		{Name: "only-ads.txt", Raw: []byte("Advertisement\n\nYou can skip this ad in 5 seconds\n"), ContentType: ingest.TypeText},
	} {
		_, err := p.Process(t.Context(), it)
		if err == nil || !strings.Contains(err.Error(), it.Name) {
			t.Errorf("%s: err = %v, want an error naming it", it.Name, err)
		}
	}
	if after, _ := st.Stats(t.Context()); after != before {
		t.Errorf("failed documents changed the store: %+v -> %+v", before, after)
	}
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Example.com/a/b/?utm_source=x&utm_medium=y&id=3#top", "https://example.com/a/b?id=3"},
		{"https://example.com/story/amp", "https://example.com/story"},
		{"https://amp.example.com/story.amp?fbclid=abc", "https://example.com/story"},
		{"http://example.com:80/", "http://example.com/"},
		{"https://example.com:443/x?gclid=1&b=2&a=1", "https://example.com/x?a=1&b=2"},
		{"not a url", "not a url"},
		{"ftp://example.com/file", "ftp://example.com/file"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := CanonicalURL(tt.in); got != tt.want {
				t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzCanonicalURL(f *testing.F) {
	f.Add("https://example.com/a?utm_source=x")
	f.Add("hxxps://evil[.]com")
	f.Fuzz(func(t *testing.T, s string) {
		once := CanonicalURL(s)
		if twice := CanonicalURL(once); twice != once {
			t.Errorf("not idempotent: %q -> %q -> %q", s, once, twice)
		}
	})
}
