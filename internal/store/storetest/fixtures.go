package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

// Entity keys the fixtures use.
const (
	keyAPT31   = "threat-actor:apt31"
	keyVolt    = "threat-actor:volt-typhoon"
	keyRawdoor = "malware:rawdoor"
	keyCVE     = "vulnerability:cve-2024-3400"
	keyChina   = "country:cn"
)

// Times carry microseconds at most, the finest precision every backend
// (PostgreSQL included) keeps.
var (
	ist = time.FixedZone("IST", 5*3600+1800)
	// Article one is published in a non-UTC zone to check UTC storage.
	publishedOne   = time.Date(2024, 3, 1, 14, 30, 0, 123456000, ist)
	publishedTwo   = time.Date(2024, 3, 5, 8, 0, 0, 0, time.UTC)
	publishedThree = time.Date(2024, 2, 1, 12, 0, 0, 0, time.UTC)
)

func entity(key string, kind model.EntityKind, name string) model.Entity {
	return model.Entity{Key: key, Kind: kind, Name: name}
}

// builder assembles an analysis, finding spans by the text they cover so the
// fixtures stay readable.
type builder struct {
	t    testing.TB
	a    *model.Analysis
	seen map[string]int // how many occurrences of a surface form are used
}

func newBuilder(t testing.TB, art model.Article) *builder {
	return &builder{t: t, a: &model.Analysis{Article: art}, seen: map[string]int{}}
}

// next returns the span of the next unused occurrence of sub.
func (b *builder) next(sub string) model.Span {
	b.t.Helper()
	text := b.a.Article.Text
	from := 0
	for range b.seen[sub] + 1 {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			b.t.Fatalf("fixture: %q does not occur %d times in the text", sub, b.seen[sub]+1)
		}
		from += i + len(sub)
	}
	b.seen[sub]++
	return model.Span{Start: from - len(sub), End: from}
}

// find returns the span of the first occurrence of sub.
func (b *builder) find(sub string) model.Span {
	b.t.Helper()
	i := strings.Index(b.a.Article.Text, sub)
	if i < 0 {
		b.t.Fatalf("fixture: %q not in the text", sub)
	}
	return model.Span{Start: i, End: i + len(sub)}
}

// sentence returns the span of the sentence around s (sentences end in ". ").
func (b *builder) sentence(s model.Span) model.Span {
	text := b.a.Article.Text
	start := strings.LastIndex(text[:s.Start], ". ")
	if start < 0 {
		start = 0
	} else {
		start += 2
	}
	end := strings.Index(text[s.End:], ". ")
	if end < 0 {
		end = len(text)
	} else {
		end += s.End + 1
	}
	return model.Span{Start: start, End: end}
}

func (b *builder) entities(es ...model.Entity) *builder {
	b.a.Entities = append(b.a.Entities, es...)
	return b
}

func (b *builder) mention(key string, kind model.EntityKind, surface string) *builder {
	b.t.Helper()
	sp := b.next(surface)
	b.a.Mentions = append(b.a.Mentions, model.Mention{
		EntityKey: key, Kind: kind, Text: surface, Span: sp, Sentence: b.sentence(sp),
	})
	return b
}

func (b *builder) indicator(typ model.IndicatorType, value, original string, disp model.Disposition) *builder {
	b.t.Helper()
	sp := b.find(original)
	b.a.Indicators = append(b.a.Indicators, model.Indicator{
		Type: typ, Value: value, Original: original, Defanged: value != original && strings.ContainsAny(original, "[]"),
		Disposition: disp, Span: sp, Sentence: b.sentence(sp),
	})
	return b
}

// role names a participant of a claim; key may be empty.
type role struct{ name, text, key string }

func (b *builder) claim(typ model.ClaimType, evidence string, roles ...role) *builder {
	b.t.Helper()
	ev := b.find(evidence)
	c := model.Claim{Type: typ, Evidence: ev, EvidenceText: evidence, Confidence: 0.75}
	for _, r := range roles {
		i := strings.Index(evidence, r.text)
		if i < 0 {
			b.t.Fatalf("fixture: role text %q not in evidence %q", r.text, evidence)
		}
		c.Roles = append(c.Roles, model.Role{Role: r.name, Text: r.text, EntityKey: r.key,
			Span: model.Span{Start: ev.Start + i, End: ev.Start + i + len(r.text)}})
	}
	b.a.Claims = append(b.a.Claims, c)
	return b
}

func (b *builder) alias(key, name, claimant string) *builder {
	b.t.Helper()
	b.a.Aliases = append(b.a.Aliases, model.Alias{
		EntityKey: key, Name: name, Relation: model.RelationSame, Status: model.AliasLearned,
		Claimant: claimant, Evidence: b.sentence(b.find(name)), Confidence: 0.9,
	})
	return b
}

// articleOne reports APT31 against a ministry; it is the richest fixture.
func articleOne(t testing.TB) *model.Analysis {
	text := "Researchers at Example Security said APT31 breached a foreign ministry in January. " +
		"The group, also tracked as Violet Typhoon, used the RAWDOOR backdoor and exploited CVE-2024-3400. " +
		"Command servers included hxxp://bad[.]com/gate and 203.0.113.7. " +
		"Officials in Berlin linked APT31 to China."
	b := newBuilder(t, model.Article{
		URL:          "https://news.example/2024/03/apt31-ministry?utm=x",
		CanonicalURL: "https://news.example/2024/03/apt31-ministry",
		Outlet:       "Example News",
		Title:        "APT31 breaches ministry network",
		Author:       "A. Writer",
		PublishedAt:  publishedOne,
		FetchedAt:    time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC),
		ContentHash:  "hash-one",
		ContentType:  "text/html",
		Text:         text,
		Removed:      []model.Removal{{Reason: "boilerplate", Text: "Subscribe to our newsletter"}},
	})
	b.entities(
		model.Entity{Key: keyAPT31, Kind: model.KindThreatActor, Name: "APT31", Country: "CN",
			ExternalIDs: []model.ExternalID{{Source: "mitre-attack", ID: "G0128"}},
			Aliases:     []model.Alias{{EntityKey: keyAPT31, Name: "Zirconium", Relation: model.RelationSame, Status: model.AliasKnown, Sources: []string{"mitre-attack"}}}},
		entity(keyRawdoor, model.KindMalware, "RAWDOOR"),
		entity(keyCVE, model.KindVulnerability, "CVE-2024-3400"),
		entity(keyChina, model.KindCountry, "China"),
	)
	b.mention(keyAPT31, model.KindThreatActor, "APT31").
		mention(keyAPT31, model.KindThreatActor, "Violet Typhoon").
		mention(keyRawdoor, model.KindMalware, "RAWDOOR").
		mention(keyCVE, model.KindVulnerability, "CVE-2024-3400").
		mention("", model.KindCountry, "Berlin"). // unresolved
		mention(keyAPT31, model.KindThreatActor, "APT31").
		mention(keyChina, model.KindCountry, "China")
	b.indicator(model.IndicatorCVE, "CVE-2024-3400", "CVE-2024-3400", model.DispIndicator).
		indicator(model.IndicatorDomain, "bad.com", "bad[.]com", model.DispIndicator).
		indicator(model.IndicatorIPv4, "203.0.113.7", "203.0.113.7", model.DispPrivate)
	b.claim(model.ClaimTargeting, "APT31 breached a foreign ministry",
		role{"actor", "APT31", keyAPT31}, role{"victim", "foreign ministry", ""}).
		claim(model.ClaimMalwareUse, "used the RAWDOOR backdoor",
			role{"malware", "RAWDOOR", keyRawdoor}).
		claim(model.ClaimExploitation, "exploited CVE-2024-3400",
			role{"vulnerability", "CVE-2024-3400", keyCVE}).
		claim(model.ClaimAttribution, "Officials in Berlin linked APT31 to China",
			role{"actor", "APT31", keyAPT31}, role{"sponsor", "China", keyChina})
	b.a.Claims[0].Claimant = "Example Security"
	b.a.Claims[0].TimeText = "in January"
	b.a.Claims[0].TimeStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	b.a.Claims[0].TimeEnd = time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	b.a.Claims[3].Hedge = "likely"
	b.alias(keyAPT31, "Violet Typhoon", "Example Security")
	return b.a
}

// articleTwo reports Volt Typhoon and mentions APT31 once.
func articleTwo(t testing.TB) *model.Analysis {
	text := "Volt Typhoon targeted water utilities across the region. " +
		"Volt Typhoon again used bad.com and 203.0.113.7 for staging. " +
		"Investigators said APT31 was not involved. " +
		"Volt Typhoon, also known as Vanguard Panda and BRONZE SILHOUETTE, exploited version 1.2.3.4 of a router."
	b := newBuilder(t, model.Article{
		URL: "https://wire.example/volt", CanonicalURL: "https://wire.example/volt",
		Outlet: "Other Wire", Title: "Volt Typhoon returns to utilities", PublishedAt: publishedTwo,
		ContentHash: "hash-two", Text: text,
	})
	b.entities(entity(keyVolt, model.KindThreatActor, "Volt Typhoon"), entity(keyAPT31, model.KindThreatActor, "APT31"))
	b.mention(keyVolt, model.KindThreatActor, "Volt Typhoon").
		mention(keyVolt, model.KindThreatActor, "Volt Typhoon").
		mention(keyAPT31, model.KindThreatActor, "APT31").
		mention(keyVolt, model.KindThreatActor, "Volt Typhoon")
	b.indicator(model.IndicatorDomain, "bad.com", "bad.com", model.DispIndicator).
		indicator(model.IndicatorIPv4, "203.0.113.7", "203.0.113.7", model.DispIndicator).
		indicator(model.IndicatorIPv4, "1.2.3.4", "1.2.3.4", model.DispNotIOC)
	b.claim(model.ClaimTargeting, "Volt Typhoon targeted water utilities",
		role{"actor", "Volt Typhoon", keyVolt}, role{"sector", "water utilities", ""}).
		claim(model.ClaimAttribution, "APT31 was not involved", role{"actor", "APT31", keyAPT31})
	b.a.Claims[1].Negated = true
	b.alias(keyVolt, "Vanguard Panda", "Investigators").alias(keyVolt, "BRONZE SILHOUETTE", "Investigators")
	return b.a
}

// articleThree has no canonical URL, so only its hash identifies it. It
// holds "violet" and "Typhoon" but not the phrase "Violet Typhoon".
func articleThree(t testing.TB) *model.Analysis {
	text := "The vendor fixed CVE-2024-3400 in PAN-OS. " +
		"The address 203.0.113.7 appeared in logs. " +
		"Typhoon season delayed the violet rollout."
	b := newBuilder(t, model.Article{
		URL: "file:///notes/patch.txt", Outlet: "Example News", Title: "Patch notes",
		PublishedAt: publishedThree, ContentHash: "hash-three", ContentType: "text/plain", Text: text,
	})
	b.entities(entity(keyCVE, model.KindVulnerability, "CVE-2024-3400"))
	b.mention(keyCVE, model.KindVulnerability, "CVE-2024-3400")
	b.indicator(model.IndicatorCVE, "CVE-2024-3400", "CVE-2024-3400", model.DispIndicator).
		indicator(model.IndicatorIPv4, "203.0.113.7", "203.0.113.7", model.DispIndicator)
	b.claim(model.ClaimDisclosure, "The vendor fixed CVE-2024-3400 in PAN-OS",
		role{"vulnerability", "CVE-2024-3400", keyCVE}, role{"authority", "The vendor", ""})
	return b.a
}

// smallArticle is a minimal analysis with its own hash and URL that
// mentions APT31 once.
func smallArticle(t testing.TB, n int, published time.Time) *model.Analysis {
	domain := fmt.Sprintf("bulk%d[.]example", n)
	b := newBuilder(t, model.Article{
		CanonicalURL: fmt.Sprintf("https://bulk.example/%d", n), Outlet: "Bulk", Title: fmt.Sprintf("Note %d", n),
		PublishedAt: published, ContentHash: fmt.Sprintf("bulk-%d", n),
		Text: fmt.Sprintf("Note %d: APT31 used %s for staging.", n, domain),
	})
	b.entities(entity(keyAPT31, model.KindThreatActor, "APT31"))
	b.mention(keyAPT31, model.KindThreatActor, "APT31")
	b.indicator(model.IndicatorDomain, fmt.Sprintf("bulk%d.example", n), domain, model.DispIndicator)
	return b.a
}
