package ioc

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/winnow-cti/winnow/internal/corpus"
	"github.com/winnow-cti/winnow/internal/model"
)

// generatedOut makes BenchmarkFindGenerated100MB also write its corpus to a
// file, documents separated by genSeparator, so that other extractors can be
// timed on the very same bytes (scripts/bench-ioc-extractor.sh).
var generatedOut = flag.String("generated-out", "", "write the generated benchmark corpus to this file")

// genSeparator ends every generated document in the written corpus.
const genSeparator = "\n\f\n"

// sampleDocs returns the embedded sample corpus as raw file bytes, one
// string per file: HTML pages with their markup, Markdown with its front
// matter, feeds. Scrapers hand winnow these bytes; timing them raw lets other tools
// be timed on the same files without winnow's cleaner in between.
func sampleDocs(tb testing.TB) (docs []string, total int64) {
	tb.Helper()
	err := fs.WalkDir(corpus.FS(), corpus.Root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(corpus.FS(), path)
		if err != nil {
			return err
		}
		docs = append(docs, string(data))
		total += int64(len(data))
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(docs) == 0 {
		tb.Fatal("the sample corpus is empty")
	}
	return docs, total
}

// BenchmarkFindSampleCorpus times Find over every article of the embedded
// sample corpus, one call per file. Run with -cpu 1 for the per-core figure.
func BenchmarkFindSampleCorpus(b *testing.B) {
	docs, total := sampleDocs(b)
	findAll(b, docs, total)
}

// findAll runs Find over docs in the benchmark loop. Besides MB/s of wall
// time it reports MB/cpu-s, megabytes per second of CPU time the process
// used, where the system tells it: on a machine busy with other work, that
// is the figure that still measures one core.
func findAll(b *testing.B, docs []string, total int64) {
	b.SetBytes(total)
	b.ReportAllocs()
	cpu0, ok := cpuSeconds()
	for b.Loop() {
		for _, d := range docs {
			Find(d, Options{})
		}
	}
	if cpu1, ok1 := cpuSeconds(); ok && ok1 && cpu1 > cpu0 {
		b.ReportMetric(float64(b.N)*float64(total)/1e6/(cpu1-cpu0), "MB/cpu-s")
	}
}

// cpuSeconds returns the user and system CPU time of this process from
// /proc/self/stat (Linux), counted in the USER_HZ ticks of 1/100 s that
// Linux uses on every architecture. It reports false elsewhere.
func cpuSeconds() (float64, bool) {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces; utime and stime
	// are the 12th and 13th fields after it.
	k := strings.LastIndexByte(string(data), ')')
	if k < 0 {
		return 0, false
	}
	f := strings.Fields(string(data[k+1:]))
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseUint(f[11], 10, 64)
	stime, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return float64(utime+stime) / 100, true
}

var generated100MB = sync.OnceValues(func() ([]string, int64) {
	return generateCorpus(100<<20, 1, nil)
})

// BenchmarkFindGenerated100MB times Find over 100 MiB of generated news
// prose, one call per article-sized document. The corpus is built on first
// use, so only a run whose -bench selects this benchmark pays for it.
func BenchmarkFindGenerated100MB(b *testing.B) {
	docs, total := generated100MB()
	if *generatedOut != "" {
		writeGenerated(b, *generatedOut, docs)
	}
	findAll(b, docs, total)
}

var writeOnce sync.Once

// writeGenerated writes docs to path once per process, each followed by
// genSeparator.
func writeGenerated(b *testing.B, path string, docs []string) {
	writeOnce.Do(func() {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		for _, d := range docs {
			w.WriteString(d)
			w.WriteString(genSeparator)
		}
		if err := w.Flush(); err != nil {
			f.Close()
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	})
}

// TestGeneratedCorpus checks the benchmark corpus is what it claims: Find
// returns exactly the indicators the generator planted, in order, with the
// dispositions it meant; and the same seed gives the same bytes.
func TestGeneratedCorpus(t *testing.T) {
	var planted []Expected
	docs, total := generateCorpus(256<<10, 7, &planted)
	if total < 256<<10 || len(docs) < 20 {
		t.Fatalf("generated %d bytes in %d documents; want at least 256 KB in 20", total, len(docs))
	}
	var got []Expected
	defanged := 0
	for _, d := range docs {
		for _, ind := range Find(d, Options{}) {
			got = append(got, Expected{ind.Type, ind.Value, ind.Disposition})
			if ind.Defanged {
				defanged++
			}
		}
	}
	for i := range max(len(got), len(planted)) {
		if i >= len(got) || i >= len(planted) || got[i] != planted[i] {
			lo := max(0, i-2)
			t.Fatalf("indicator %d differs (%d found, %d planted)\nfound   %v\nplanted %v", i, len(got), len(planted), got[lo:min(len(got), i+3)], planted[lo:min(len(planted), i+3)])
		}
	}
	types := map[model.IndicatorType]bool{}
	for _, p := range planted {
		types[p.Type] = true
	}
	if len(types) < 10 || defanged < len(planted)/4 {
		t.Errorf("%d types and %d defanged of %d indicators; the corpus should mix many types and defanged forms", len(types), defanged, len(planted))
	}
	if t.Failed() {
		return
	}
	again, _ := generateCorpus(256<<10, 7, nil)
	other, _ := generateCorpus(256<<10, 8, nil)
	if !slices.Equal(docs, again) || slices.Equal(docs, other) {
		t.Error("the generator is not deterministic in its seed")
	}
	t.Logf("%d bytes, %d documents, %d indicators (%d defanged)", total, len(docs), len(planted), defanged)
}

// generateCorpus writes news-like documents until they hold at least size
// bytes. Sentences mix plain prose with indicators written plainly and
// defanged, and with look-alikes (version numbers, benign and private
// hosts). When planted is not nil, every indicator written is appended to
// it as Find should report it.
func generateCorpus(size int, seed uint64, planted *[]Expected) ([]string, int64) {
	g := &corpusGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), planted: planted}
	var docs []string
	var total int64
	for total < int64(size) {
		d := g.document()
		docs = append(docs, d)
		total += int64(len(d))
	}
	return docs, total
}

type corpusGen struct {
	r       *rand.Rand
	b       strings.Builder
	planted *[]Expected
}

func (g *corpusGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *corpusGen) plant(t model.IndicatorType, value string, d model.Disposition) {
	if g.planted != nil {
		*g.planted = append(*g.planted, Expected{t, value, d})
	}
}

var (
	genActors  = []string{"a Russian-speaking ransomware crew", "a suspected state-backed group", "the operators behind the botnet", "an initial access broker", "a financially motivated actor", "the espionage cluster", "affiliates of the extortion gang"}
	genSectors = []string{"hospitals", "regional banks", "water utilities", "law firms", "municipal governments", "universities", "logistics companies", "telecom carriers", "defense contractors"}
	genPlaces  = []string{"Germany", "Brazil", "South Korea", "Poland", "Canada", "Kenya", "Australia", "Mexico", "Taiwan"}
	genVendors = []string{"the vendor", "an incident response firm", "the national CERT", "independent researchers", "the company's security team"}
	genVerbs   = []string{"said", "wrote in an advisory", "told reporters", "noted in a blog post", "confirmed on Tuesday"}
	genFiller  = []string{
		"The intrusion began with a phishing message that impersonated a payroll provider.",
		"Investigators believe the attackers spent weeks mapping the network before moving laterally.",
		"Backups were encrypted first, which left the victims with few options.",
		"No ransom demand has been made public, and the group has not listed the victim on its leak site.",
		"Several of the compromised servers had not been patched in more than a year.",
		"The attackers disabled endpoint protection with a signed but vulnerable driver.",
		"Stolen credentials were later offered for sale on a criminal forum.",
		"Customers were advised to rotate passwords and enable multi-factor authentication.",
		"It is not yet clear how many organizations were affected.",
		"The malware checks the system language and exits on machines set to certain locales.",
		"Traffic to the command servers was disguised as ordinary telemetry.",
		"The loader decrypts its configuration at run time and keeps it only in memory.",
	}
	genSyllables = []string{"cdn", "sync", "update", "secure", "docs", "mail", "cloud", "api", "login", "portal", "static", "share", "check", "service", "telemetry", "verify", "auth", "files", "news", "store", "track", "metric", "edge", "relay", "node", "vault"}
	genTLDs      = []string{"com", "net", "org", "top", "xyz", "info", "online", "site", "shop", "icu", "ru", "biz", "cc"}
	genPathParts = []string{"api", "v2", "gate.php", "update", "img", "banner.png", "download", "inv", "check", "login", "wp-content", "uploads", "payload.bin", "stage2", "cfg"}
	genUsers     = []string{"billing", "support", "hr-notice", "no-reply", "invoice", "admin", "security-team", "recovery"}
	genFiles     = []string{"invoice_%d.exe", "update_%d.dll", "report_%d.lnk", "setup_%d.msi", "agent%d.ps1"}
	genBenign    = []string{"microsoft.com", "google.com", "github.com", "cloudflare.com"}
	genFirstOct  = []int{5, 31, 37, 45, 46, 77, 80, 91, 93, 103, 141, 146, 185, 193, 194, 195, 212, 217}
)

// document writes one article: a headline and a few paragraphs.
func (g *corpusGen) document() string {
	g.b.Reset()
	fmt.Fprintf(&g.b, "Attack on %s in %s blamed on %s\n\n", g.pick(genSectors), g.pick(genPlaces), g.pick(genActors))
	for p := range 3 + g.r.IntN(5) {
		if p > 0 {
			g.b.WriteString("\n\n")
		}
		for s := range 3 + g.r.IntN(5) {
			if s > 0 {
				g.b.WriteByte(' ')
			}
			g.sentence()
		}
	}
	g.b.WriteByte('\n')
	return g.b.String()
}

func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// sentence writes one sentence; four in nine carry an indicator or a
// look-alike.
func (g *corpusGen) sentence() {
	b := &g.b
	switch g.r.IntN(36) {
	case 0, 1:
		fmt.Fprintf(b, "The first stage downloads its payload from %s and runs it in memory.", g.url())
	case 2:
		fmt.Fprintf(b, "Infected hosts beaconed to %s every few minutes.", g.url())
	case 3:
		fmt.Fprintf(b, "Victims were redirected to %s, a look-alike of a legitimate portal.", g.domain())
	case 4:
		d1 := g.domain()
		fmt.Fprintf(b, "The operators rotated between %s and %s.", d1, g.domain())
	case 5:
		fmt.Fprintf(b, "Command-and-control traffic went to %s on port %d.", g.ipv4(), 443+g.r.IntN(8000))
	case 6:
		fmt.Fprintf(b, "Phishing messages were sent from %s with an invoice attached.", g.email())
	case 7:
		fmt.Fprintf(b, "The dropper (SHA-256 %s) was signed with a stolen certificate.", g.hash(64, model.IndicatorSHA256))
	case 8:
		md5 := g.hash(32, model.IndicatorMD5)
		fmt.Fprintf(b, "A second sample, MD5 %s, and its loader, SHA-1 %s, share a packer.", md5, g.hash(40, model.IndicatorSHA1))
	case 9:
		id := fmt.Sprintf("CVE-%d-%d", 2019+g.r.IntN(7), 1000+g.r.IntN(50000))
		g.plant(model.IndicatorCVE, id, model.DispIndicator)
		fmt.Fprintf(b, "The actor exploited %s in unpatched VPN appliances.", id)
	case 10:
		id := fmt.Sprintf("T%d", 1001+g.r.IntN(600))
		g.plant(model.IndicatorATTACK, id, model.DispIndicator)
		fmt.Fprintf(b, "Persistence relied on technique %s, %s %s.", id, g.pick(genVendors), g.pick(genVerbs))
	case 11:
		name := fmt.Sprintf(g.pick(genFiles), g.r.IntN(10000))
		g.plant(model.IndicatorFile, name, model.DispIndicator)
		fmt.Fprintf(b, "The attachment dropped %s into the user's temporary folder.", name)
	case 12:
		v := fmt.Sprintf("%d.%d.%d.%d", 1+g.r.IntN(9), g.r.IntN(20), g.r.IntN(20), g.r.IntN(250))
		g.plant(model.IndicatorIPv4, v, model.DispNotIOC)
		fmt.Fprintf(b, "The flaw was fixed in version %s of the client.", v)
	case 13:
		host := g.pick(genBenign)
		g.plant(model.IndicatorDomain, host, model.DispBenign)
		fmt.Fprintf(b, "Details were shared with %s before publication.", host)
	case 14:
		a := netip.AddrFrom4([4]byte{10, byte(g.r.IntN(256)), byte(g.r.IntN(256)), byte(1 + g.r.IntN(254))}).String()
		g.plant(model.IndicatorIPv4, a, model.DispPrivate)
		fmt.Fprintf(b, "Inside the network, the attackers staged data on %s.", a)
	case 15:
		fmt.Fprintf(b, "Traffic also reached the IPv6 address %s.", g.ipv6())
	case 16, 17, 18, 19, 20:
		fmt.Fprintf(b, "%s %s that the attack was the work of %s.", capitalize(g.pick(genVendors)), g.pick(genVerbs), g.pick(genActors))
	case 21, 22, 23:
		fmt.Fprintf(b, "Since %d, %s has targeted %s in %s and %s.", 2015+g.r.IntN(10), g.pick(genActors), g.pick(genSectors), g.pick(genPlaces), g.pick(genPlaces))
	default:
		b.WriteString(g.pick(genFiller))
	}
}

// defangDot returns how one dot of a host is written.
func (g *corpusGen) defangDot(defang bool) string {
	if !defang {
		return "."
	}
	return g.pick([]string{"[.]", "[.]", "(.)", "[dot]", "{.}"})
}

// host returns a generated domain as written and as Find reports it.
func (g *corpusGen) host(defang bool) (written, value string) {
	labels := []string{g.pick(genSyllables) + "-" + g.pick(genSyllables)}
	if g.r.IntN(3) == 0 {
		labels = append([]string{g.pick(genSyllables)}, labels...)
	}
	labels = append(labels, g.pick(genTLDs))
	value = strings.Join(labels, ".")
	// Defanged hosts usually hide only the last dot; some hide all.
	all := g.r.IntN(3) == 0
	var w strings.Builder
	for i, l := range labels {
		if i > 0 {
			w.WriteString(g.defangDot(defang && (all || i == len(labels)-1)))
		}
		w.WriteString(l)
	}
	return w.String(), value
}

func (g *corpusGen) domain() string {
	w, v := g.host(g.r.IntN(2) == 0)
	g.plant(model.IndicatorDomain, v, model.DispIndicator)
	return w
}

func (g *corpusGen) ipAddr() netip.Addr {
	return netip.AddrFrom4([4]byte{byte(g.pick2(genFirstOct)), byte(g.r.IntN(256)), byte(g.r.IntN(256)), byte(1 + g.r.IntN(254))})
}

func (g *corpusGen) pick2(list []int) int { return list[g.r.IntN(len(list))] }

func (g *corpusGen) ipv4() string {
	a := g.ipAddr()
	g.plant(model.IndicatorIPv4, a.String(), model.DispIndicator)
	switch g.r.IntN(3) {
	case 0:
		return a.String()
	case 1:
		s := a.String()
		k := strings.LastIndexByte(s, '.')
		return s[:k] + "[.]" + s[k+1:]
	}
	return strings.ReplaceAll(a.String(), ".", "[.]")
}

func (g *corpusGen) ipv6() string {
	a := netip.AddrFrom16([16]byte{0x2a, 0x0e, byte(g.r.IntN(256)), byte(g.r.IntN(256)), 0, byte(g.r.IntN(16)), 0, 0, 0, 0, 0, 0, 0, 0, byte(g.r.IntN(256)), byte(1 + g.r.IntN(255))})
	g.plant(model.IndicatorIPv6, a.String(), model.DispIndicator)
	return a.String()
}

func (g *corpusGen) url() string {
	defang := g.r.IntN(3) != 0
	scheme := g.pick([]string{"http", "https", "https"})
	written := scheme
	if defang {
		written = g.pick([]string{"hxxp", "hXXp", "hxxp"}) + scheme[4:]
	}
	sep := "://"
	if defang && g.r.IntN(2) == 0 {
		sep = "[:]//"
	}
	var hostW, hostV string
	if g.r.IntN(5) == 0 {
		a := g.ipAddr()
		hostV, hostW = a.String(), a.String()
		if defang {
			k := strings.LastIndexByte(hostW, '.')
			hostW = hostW[:k] + "[.]" + hostW[k+1:]
		}
	} else {
		hostW, hostV = g.host(defang)
	}
	port := ""
	if g.r.IntN(5) == 0 {
		port = fmt.Sprintf(":%d", 8000+g.r.IntN(1000))
	}
	var path strings.Builder
	for range 1 + g.r.IntN(3) {
		path.WriteByte('/')
		path.WriteString(g.pick(genPathParts))
	}
	if g.r.IntN(4) == 0 {
		fmt.Fprintf(&path, "?id=%d", g.r.IntN(100000))
	}
	g.plant(model.IndicatorURL, scheme+"://"+hostV+port+path.String(), model.DispIndicator)
	return written + sep + hostW + port + path.String()
}

func (g *corpusGen) email() string {
	user := g.pick(genUsers)
	hostW, hostV := g.host(g.r.IntN(2) == 0)
	at := "@"
	if hostW != hostV || g.r.IntN(3) == 0 {
		at = g.pick([]string{"[@]", "[at]", "(at)"})
	}
	g.plant(model.IndicatorEmail, user+"@"+hostV, model.DispIndicator)
	return user + at + hostW
}

func (g *corpusGen) hash(n int, t model.IndicatorType) string {
	const hex = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = hex[g.r.IntN(16)]
	}
	g.plant(t, string(b), model.DispIndicator)
	if g.r.IntN(4) == 0 {
		return strings.ToUpper(string(b))
	}
	return string(b)
}
