package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

// Vocabulary of the synthetic news. Well-known names head each list; a
// generated long tail follows, and a Zipf draw makes the head frequent, as
// in real reporting where a few actors dominate the news.
var (
	actorHead = []string{"APT28", "APT29", "Lazarus Group", "Sandworm", "Turla", "Kimsuky", "APT41", "Volt Typhoon",
		"Salt Typhoon", "FIN7", "Scattered Spider", "APT31", "Charming Kitten", "MuddyWater", "OilRig", "Gamaredon",
		"APT40", "Mustang Panda", "Andariel", "Star Blizzard", "Midnight Blizzard", "Storm-0558", "UNC5221", "TA505"}
	malwareHead = []string{"Cobalt Strike", "PlugX", "ShadowPad", "Emotet", "QakBot", "IcedID", "LockBit", "BlackCat",
		"Industroyer2", "AcidRain", "Sliver", "Mimikatz", "Raccoon Stealer", "RedLine", "AsyncRAT", "BlackEnergy",
		"DarkGate", "Pikabot", "Royal", "Akira"}
	countries = []struct{ code, name string }{{"US", "the United States"}, {"GB", "the United Kingdom"},
		{"UA", "Ukraine"}, {"DE", "Germany"}, {"FR", "France"}, {"JP", "Japan"}, {"KR", "South Korea"},
		{"TW", "Taiwan"}, {"IN", "India"}, {"AU", "Australia"}, {"CA", "Canada"}, {"PL", "Poland"},
		{"CZ", "Czechia"}, {"FI", "Finland"}, {"IL", "Israel"}, {"SA", "Saudi Arabia"}, {"BR", "Brazil"},
		{"NL", "the Netherlands"}, {"SG", "Singapore"}, {"VN", "Vietnam"}, {"PH", "the Philippines"},
		{"IT", "Italy"}, {"ES", "Spain"}, {"NO", "Norway"}}
	sponsors = []struct{ code, name string }{{"RU", "Russia"}, {"CN", "China"}, {"KP", "North Korea"}, {"IR", "Iran"}}
	sectors  = []string{"energy", "telecommunications", "healthcare", "finance", "government", "defense",
		"manufacturing", "education", "water utilities", "transportation", "retail", "legal", "media"}
	outlets = []string{"Sentinel Wire", "Breach Desk", "The Packet Ledger", "CipherPost", "Kernel Times",
		"Threat Ledger", "Asia Cyber Monitor", "Patch Tuesday Daily", "Incident Weekly", "Signal & Noise",
		"Zero Day Report", "Blue Team Post", "Red Queen Review", "The Firewall", "Dark Reading Room"}
	vendors = []string{"Example Security", "Northwind Labs", "Contoso Threat Intelligence", "Fabrikam Research",
		"Tailspin CERT", "Litware Response", "Adatum Defense", "Proseware Intel"}
	filler = []string{
		"The report did not say how many organizations were affected.",
		"Officials declined to comment on the ongoing investigation.",
		"Defenders were urged to apply the available patches and review remote access logs.",
		"The intrusion went unnoticed for several months, according to people familiar with the matter.",
		"Analysts cautioned that attribution in such cases remains difficult and often provisional.",
		"The advisory lists detection rules and recommends resetting credentials for privileged accounts.",
		"Several of the affected systems had been exposed to the internet without multi-factor authentication.",
		"Incident responders recovered forensic images from the compromised servers.",
		"The company said customer data did not appear to have been accessed.",
		"Researchers published indicators of compromise alongside the findings.",
		"The campaign relied on spear-phishing emails with malicious attachments.",
		"Network defenders should monitor for unusual outbound connections on nonstandard ports.",
	}
)

// vocab is the full vocabulary, head and generated tail.
type vocab struct {
	actors, malware []string
	cves            []string
}

func newVocab(r *rand.Rand) *vocab {
	v := &vocab{actors: append([]string(nil), actorHead...), malware: append([]string(nil), malwareHead...)}
	for i := range 600 {
		v.actors = append(v.actors, fmt.Sprintf("UNC%d", 1000+i*7))
	}
	for i := range 300 {
		v.malware = append(v.malware, fmt.Sprintf("%s%s", []string{"Dark", "Shadow", "Ghost", "Iron", "Silent", "Crimson"}[i%6],
			[]string{"Loader", "Gate", "Spider", "Wiper", "Beacon", "Miner", "Rat", "Door"}[(i/6)%8])+fmt.Sprint(i/48+1))
	}
	for range 5000 {
		v.cves = append(v.cves, fmt.Sprintf("CVE-%d-%d", 2018+r.IntN(8), 1000+r.IntN(48000)))
	}
	return v
}

// generator makes deterministic synthetic articles: article n depends only
// on the seed and n, so articles can be made in any order, concurrently.
type generator struct {
	seed  uint64
	v     *vocab
	start time.Time
}

func newGenerator(seed uint64) *generator {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &generator{seed: seed, v: newVocab(r), start: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// draw is the random state of one article.
type draw struct {
	r                  *rand.Rand
	v                  *vocab
	actorZ, malZ, cveZ *rand.Zipf
}

func (g *generator) draw(n int) *draw {
	r := rand.New(rand.NewPCG(g.seed, uint64(n)))
	return &draw{r: r, v: g.v,
		actorZ: rand.NewZipf(r, 1.1, 15, uint64(len(g.v.actors)-1)),
		malZ:   rand.NewZipf(r, 1.1, 15, uint64(len(g.v.malware)-1)),
		cveZ:   rand.NewZipf(r, 1.1, 5, uint64(len(g.v.cves)-1))}
}

func (g *draw) pick(list []string) string { return list[g.r.IntN(len(list))] }
func (g *draw) actor() string             { return g.v.actors[g.actorZ.Uint64()] }
func (g *draw) malware() string           { return g.v.malware[g.malZ.Uint64()] }
func (g *draw) cve() string               { return g.v.cves[g.cveZ.Uint64()] }

// sponsorOf is the state an actor is attributed to, fixed per actor so a
// stored entity does not change country from one article to the next.
func sponsorOf(actor string) struct{ code, name string } {
	h := 0
	for _, r := range actor {
		h = h*31 + int(r)
	}
	return sponsors[(h%len(sponsors)+len(sponsors))%len(sponsors)]
}

// slug turns a name into an entity key part.
func slug(s string) string {
	return strings.Trim(strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, s), "-")
}

// doc assembles one article's text and what it mentions, tracking byte
// offsets as pieces are appended.
type doc struct {
	b        strings.Builder
	a        model.Analysis
	entities map[string]model.Entity
	sentence int // start of the current sentence
	inPara   int
}

// put appends plain text.
func (d *doc) put(s string) { d.b.WriteString(s) }

// name appends an entity name and records a mention of it.
func (d *doc) name(kind model.EntityKind, name, country string) model.Role {
	key := string(kind) + ":" + slug(name)
	if _, ok := d.entities[key]; !ok {
		d.entities[key] = model.Entity{Key: key, Kind: kind, Name: name, Country: country}
	}
	start := d.b.Len()
	d.b.WriteString(name)
	sp := model.Span{Start: start, End: d.b.Len()}
	d.a.Mentions = append(d.a.Mentions, model.Mention{EntityKey: key, Kind: kind, Text: name, Span: sp,
		Sentence: model.Span{Start: d.sentence, End: -1}})
	return model.Role{Text: name, EntityKey: key, Span: sp}
}

// indicator appends an indicator as written and records it.
func (d *doc) indicator(typ model.IndicatorType, value, written string) {
	start := d.b.Len()
	d.b.WriteString(written)
	d.a.Indicators = append(d.a.Indicators, model.Indicator{Type: typ, Value: value, Original: written,
		Defanged: value != written, Disposition: model.DispIndicator,
		Span: model.Span{Start: start, End: d.b.Len()}, Sentence: model.Span{Start: d.sentence, End: -1}})
}

// claim records a claim whose evidence is the current sentence so far.
func (d *doc) claim(typ model.ClaimType, claimant string, roles ...model.Role) {
	d.a.Claims = append(d.a.Claims, model.Claim{Type: typ, Claimant: claimant, Roles: roles, Confidence: 0.7,
		Evidence: model.Span{Start: d.sentence, End: -1}})
}

// endSentence closes the sentence: spans waiting for its end get it, and a
// paragraph break or a space follows.
func (d *doc) endSentence(r *rand.Rand) {
	end := d.b.Len()
	for i := range d.a.Mentions {
		if d.a.Mentions[i].Sentence.End < 0 {
			d.a.Mentions[i].Sentence.End = end
		}
	}
	for i := range d.a.Indicators {
		if d.a.Indicators[i].Sentence.End < 0 {
			d.a.Indicators[i].Sentence.End = end
		}
	}
	for i := range d.a.Claims {
		if d.a.Claims[i].Evidence.End < 0 {
			d.a.Claims[i].Evidence.End = end
		}
	}
	d.inPara++
	if d.inPara >= 4+r.IntN(3) {
		d.b.WriteString("\n\n")
		d.inPara = 0
	} else {
		d.b.WriteString(" ")
	}
	d.sentence = d.b.Len()
}

// Article returns article n of the stream, always the same for a seed: an
// analysis as the pipeline would produce it, 3-6 KB of text.
func (gen *generator) Article(n int) *model.Analysis {
	g := gen.draw(n)
	d := &doc{entities: map[string]model.Entity{}}
	actor, mal := g.actor(), g.malware()
	sponsor := sponsorOf(actor)
	victim := countries[g.r.IntN(len(countries))]
	sector := g.pick(sectors)
	vendor := g.pick(vendors)
	outlet := g.pick(outlets)
	target := 3000 + g.r.IntN(3000)
	// One article in three lists indicators, as in the embedded corpus,
	// where most news names no IP, domain or hash and a few list dozens.
	withIOCs := g.r.IntN(3) == 0

	// Lead: who did what to whom.
	a := d.name(model.KindThreatActor, actor, sponsor.code)
	d.put(" targeted " + sector + " organizations in ")
	c := d.name(model.KindCountry, victim.name, victim.code)
	d.put(", according to " + vendor)
	a.Role, c.Role = "actor", "country"
	d.claim(model.ClaimTargeting, vendor, a, c)
	d.put(".")
	d.endSentence(g.r)
	for d.b.Len() < target {
		// Twenty-two sentence kinds, most of them filler: about 9 claims, 28
		// mentions and 5 indicators per article, the density measured on
		// the embedded corpus (see docs/benchmarks.md).
		kind := g.r.IntN(22)
		if !withIOCs && (kind == 3 || kind == 4) {
			kind = 21
		}
		switch kind {
		case 0:
			d.put(vendor + " said ")
			a := d.name(model.KindThreatActor, actor, sponsor.code)
			d.put(" deployed ")
			m := d.name(model.KindMalware, mal, "")
			a.Role, m.Role = "actor", "malware"
			d.claim(model.ClaimMalwareUse, vendor, a, m)
			d.put(" against at least " + fmt.Sprint(2+g.r.IntN(40)) + " victims.")
		case 1:
			d.put("The attackers exploited ")
			cve := g.cve()
			v := d.name(model.KindVulnerability, cve, "")
			d.a.Indicators = append(d.a.Indicators, model.Indicator{Type: model.IndicatorCVE, Value: cve, Original: cve,
				Disposition: model.DispIndicator, Span: v.Span, Sentence: model.Span{Start: d.sentence, End: -1}})
			v.Role = "vulnerability"
			d.claim(model.ClaimExploitation, vendor, v)
			d.put(" in internet-facing appliances to gain initial access.")
		case 2:
			d.put("Government agencies in ")
			d.name(model.KindCountry, victim.name, victim.code)
			d.put(" linked ")
			a := d.name(model.KindThreatActor, actor, sponsor.code)
			d.put(" to ")
			s := d.name(model.KindCountry, sponsor.name, sponsor.code)
			a.Role, s.Role = "actor", "sponsor"
			d.claim(model.ClaimAttribution, "government agencies", a, s)
			d.put(".")
		case 3:
			d.put("Command-and-control traffic went to ")
			ip := fmt.Sprintf("%d.%d.%d.%d", 11+g.r.IntN(200), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
			d.indicator(model.IndicatorIPv4, ip, ip)
			d.put(" and ")
			dom := fmt.Sprintf("%s-%d.%s", []string{"update", "cdn", "login", "sync", "mail"}[g.r.IntN(5)], g.r.IntN(9999),
				[]string{"com", "net", "org", "info", "top"}[g.r.IntN(5)])
			d.indicator(model.IndicatorDomain, dom, strings.Replace(dom, ".", "[.]", 1))
			d.put(".")
		case 4:
			d.put("One sample had the SHA-256 hash ")
			sum := sha256.Sum256(fmt.Appendf(nil, "%d-%d", n, g.r.Uint64()))
			h := hex.EncodeToString(sum[:])
			d.indicator(model.IndicatorSHA256, h, h)
			d.put(".")
		case 5:
			other := g.actor()
			d.put("Some researchers also see overlaps between ")
			d.name(model.KindThreatActor, actor, sponsor.code)
			d.put(" and ")
			d.name(model.KindThreatActor, other, sponsorOf(other).code)
			d.put(", though the evidence is thin.")
		case 6:
			d.name(model.KindThreatActor, actor, sponsor.code)
			d.put(fmt.Sprintf(" has been active since at least %d.", 2010+g.r.IntN(14)))
		case 7:
			d.put("Organizations in ")
			d.name(model.KindCountry, victim.name, victim.code)
			d.put(" were advised to review their exposure.")
		default:
			d.put(g.pick(filler))
		}
		d.endSentence(g.r)
	}
	// Every article is distinct, whatever the draw.
	d.put(fmt.Sprintf("Reference %s-%d.", strings.ToUpper(slug(outlet)[:2]), n))
	d.endSentence(g.r)
	text := strings.TrimSpace(d.b.String())
	d.a.Article = model.Article{
		CanonicalURL: fmt.Sprintf("https://%s.example/%d/%s-%d", slug(outlet), 2020+n%6, slug(actor), n),
		Outlet:       outlet,
		Title:        fmt.Sprintf("%s targets %s sector in %s with %s", actor, sector, strings.TrimPrefix(victim.name, "the "), mal),
		PublishedAt:  gen.start.Add(time.Duration(n) * 7 * time.Minute),
		FetchedAt:    gen.start.Add(time.Duration(n)*7*time.Minute + time.Hour),
		ContentType:  "text/plain",
		Text:         text,
	}
	sum := sha256.Sum256([]byte(text))
	d.a.Article.ContentHash = hex.EncodeToString(sum[:])
	// A sentence cut by TrimSpace may end past the text; clamp it.
	for i := range d.a.Mentions {
		d.a.Mentions[i].Sentence.End = min(d.a.Mentions[i].Sentence.End, len(text))
	}
	for i := range d.a.Indicators {
		d.a.Indicators[i].Sentence.End = min(d.a.Indicators[i].Sentence.End, len(text))
	}
	for i := range d.a.Claims {
		ev := &d.a.Claims[i].Evidence
		ev.End = min(ev.End, len(text))
		d.a.Claims[i].EvidenceText = ev.In(text)
	}
	for _, e := range d.entities {
		d.a.Entities = append(d.a.Entities, e)
	}
	slices.SortFunc(d.a.Entities, func(x, y model.Entity) int { return strings.Compare(x.Key, y.Key) })
	return &d.a
}

// Document returns article n as raw text for the pipeline to process, the
// way a scraper would hand it over: title line, then the text.
func (g *generator) Document(n int) (name string, raw []byte) {
	a := g.Article(n)
	return fmt.Sprintf("synthetic-%d.txt", n), []byte(a.Article.Title + "\n\n" + a.Article.Text + "\n")
}
