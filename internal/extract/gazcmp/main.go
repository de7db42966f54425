// Command gazcmp compares winnow's gazetteer (extract.Gazetteer, a trie over
// name tokens) with Go Aho-Corasick libraries on winnow's own workload: the
// knowledge base's names and the built-in tables, matched over the clean
// text of the embedded sample corpus. It prints the figures recorded in
// docs/extraction.md ("Gazetteer: matcher chosen by benchmark"):
//
//	cd internal/extract/gazcmp && go run .
//
// For each matcher it measures the build time, the heap the built matcher
// keeps, Find's throughput on one core (text preparation included, as
// extract pays it), the automaton's raw scan throughput, and whether its
// matches, put through the gazetteer's token, boundary and case rules (see
// adapter.go), are exactly extract.Gazetteer.Find's. Throughput is bytes
// over the process's CPU time, garbage collection included; figures are
// medians over rounds that interleave the matchers, so that a machine busy
// with other work slows them alike. Compare ratios, not absolute figures.
//
// It is a module of its own so that the libraries stay out of winnow's
// go.mod.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/winnow-cti/winnow/internal/extract"
)

// matcher is one row of the table.
type matcher struct {
	name, version string
	lib           *library // nil for winnow's own
	buildMS       float64
	heapMB        float64
	allocMB       float64
	findMBs       float64
	scanMBs       float64 // automaton alone; 0 for winnow's trie
	agree         int     // matches equal to winnow's
	missing       int     // winnow's matches it lacks
	extra         int     // matches winnow does not give
	rawHits       int     // automaton hits before the rules
	err           error

	gaz *extract.Gazetteer
	fnd *finder
}

func main() {
	rounds := flag.Int("rounds", 7, "timed passes over the corpus per matcher (the median is reported)")
	builds := flag.Int("builds", 3, "builds per matcher (the median time is reported)")
	only := flag.String("only", "", "measure only the libraries whose name contains this (winnow's matcher always runs)")
	flag.Parse()
	if err := run(os.Stdout, *rounds, *builds, *only); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer, rounds, builds int, only string) error {
	wl, err := loadWorkload()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "workload: %d names (%d from the knowledge base, %d built-in), %d corpus texts, %d bytes of clean text\n",
		len(wl.entries), wl.kbNames, len(wl.entries)-wl.kbNames, len(wl.texts), wl.textBytes)
	d := newDict(wl.entries)
	fmt.Fprintf(w, "patterns: %d distinct token-stream keys, %d bytes\n", len(d.patterns), patternBytes(d.patterns))
	fmt.Fprintf(w, "GOMAXPROCS=%d, %d rounds, %d builds; %s\n\n", runtime.GOMAXPROCS(0), rounds, builds, runtime.Version())

	rows := []*matcher{{name: "winnow extract.Gazetteer (token trie)", version: "this repository"}}
	for i := range libraries {
		if only == "" || strings.Contains(libraries[i].name, only) {
			rows = append(rows, &matcher{name: libraries[i].name, version: moduleVersion(libraries[i].module), lib: &libraries[i]})
		}
	}

	for _, m := range rows {
		measureBuild(m, wl.entries, builds)
		if m.err != nil {
			fmt.Fprintf(w, "%s: build failed: %v\n", m.name, m.err)
		}
	}
	rows = slices.DeleteFunc(rows, func(m *matcher) bool { return m.err != nil })

	ref := make([][]extract.GazetteerMatch, len(wl.texts))
	for i, t := range wl.texts {
		ref[i] = rows[0].gaz.Find(t)
	}
	for _, m := range rows[1:] {
		if m.lib.positions {
			compare(m, wl.texts, ref)
		}
	}

	measureThroughput(rows, wl, rounds)
	prepMBs, trieFloorMBs := measurePrep(wl, rounds)

	printTable(w, rows, ref)
	fmt.Fprintf(w, "\nText preparation alone (tokens, folding, token stream, sentences), which every Aho-Corasick row pays inside Find: %.1f MB/s/core.\n", prepMBs)
	fmt.Fprintf(w, "winnow's Find with a one-name gazetteer (its own text preparation, almost no trie work): %.1f MB/s/core.\n", trieFloorMBs)
	return nil
}

func patternBytes(ps [][]byte) int {
	n := 0
	for _, p := range ps {
		n += len(p)
	}
	return n
}

// moduleVersion returns the version of a dependency as built.
func moduleVersion(path string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == path {
				return dep.Version
			}
		}
	}
	return "?"
}

func heapNow() (heap, total uint64) {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc, ms.TotalAlloc
}

// measureBuild builds the matcher from the entries builds times. The heap
// figure is what the last build keeps live; it includes the adapter's
// pattern and entry tables for the libraries, as the trie's includes its
// entries.
func measureBuild(m *matcher, entries []extract.Entry, builds int) {
	var times []float64
	for b := range builds {
		m.gaz, m.fnd = nil, nil
		heap0, total0 := heapNow()
		start := cpuNow()
		if m.lib == nil {
			m.gaz = extract.NewGazetteer(entries)
		} else {
			d := newDict(entries)
			sc, err := m.lib.build(d.patterns)
			if err != nil {
				m.err = err
				return
			}
			m.fnd = &finder{d: d, sc: sc}
		}
		times = append(times, ms(cpuNow()-start))
		if b == builds-1 {
			heap1, total1 := heapNow()
			m.heapMB = mb(int64(heap1) - int64(heap0))
			m.allocMB = mb(int64(total1 - total0))
		}
	}
	m.buildMS = median(times)
}

// compare counts the matches m agrees on with winnow's Find.
func compare(m *matcher, texts []string, ref [][]extract.GazetteerMatch) {
	for i, t := range texts {
		got, raw := m.fnd.find(t)
		m.rawHits += raw
		want := map[extract.GazetteerMatch]int{}
		for _, g := range ref[i] {
			want[g]++
		}
		for _, g := range got {
			if want[g] > 0 {
				want[g]--
				m.agree++
			} else {
				m.extra++
			}
		}
		for _, n := range want {
			m.missing += n
		}
	}
}

// minSample is the least CPU time one timed sample takes: enough passes
// over the corpus that the clock's granularity does not matter.
const minSample = 250 * time.Millisecond

// sample runs pass until it has used minSample of CPU time and returns
// the throughput in MB/s of bytes per pass.
func sample(bytes int, pass func()) float64 {
	start := cpuNow()
	for n := 1; ; n++ {
		pass()
		if d := cpuNow() - start; d >= minSample {
			return mbps(n*bytes, d)
		}
	}
}

// measureThroughput times rounds samples of Find over the corpus for each
// matcher, the matchers taking turns within a round, and of the automaton's
// scan alone over the prepared token streams.
func measureThroughput(rows []*matcher, wl *workload, rounds int) {
	docs := make([]*doc, len(wl.texts))
	streamBytes := 0
	for i, t := range wl.texts {
		docs[i] = prepare(t)
		streamBytes += len(docs[i].stream)
	}
	find := make([][]float64, len(rows))
	scan := make([][]float64, len(rows))
	sink := 0
	count := func(start, end, pattern int) { sink++ }
	for range rounds {
		for r, m := range rows {
			find[r] = append(find[r], sample(wl.textBytes, func() {
				for _, t := range wl.texts {
					switch {
					case m.gaz != nil:
						sink += len(m.gaz.Find(t))
					case m.lib.positions:
						got, _ := m.fnd.find(t)
						sink += len(got)
					default:
						m.fnd.sc.scan(prepare(t).stream, count)
					}
				}
			}))
			if m.fnd != nil {
				scan[r] = append(scan[r], sample(streamBytes, func() {
					for _, d := range docs {
						m.fnd.sc.scan(d.stream, count)
					}
				}))
			}
		}
	}
	for r, m := range rows {
		m.findMBs = median(find[r])
		if len(scan[r]) > 0 {
			m.scanMBs = median(scan[r])
		}
	}
	if sink < 0 {
		fmt.Println(sink)
	}
}

// measurePrep times the adapter's text preparation alone, and winnow's Find
// with a gazetteer of one name that never occurs: what Find costs before
// the trie has work to do.
func measurePrep(wl *workload, rounds int) (prep, trieFloor float64) {
	var prepRuns, floorRuns []float64
	one := extract.NewGazetteer([]extract.Entry{{Name: "Qzxqzx Vwkvwk"}})
	n := 0
	for range rounds {
		prepRuns = append(prepRuns, sample(wl.textBytes, func() {
			for _, t := range wl.texts {
				n += len(prepare(t).stream)
			}
		}))
		floorRuns = append(floorRuns, sample(wl.textBytes, func() {
			for _, t := range wl.texts {
				n += len(one.Find(t))
			}
		}))
	}
	return median(prepRuns), median(floorRuns)
}

func printTable(w io.Writer, rows []*matcher, ref [][]extract.GazetteerMatch) {
	total := 0
	for _, r := range ref {
		total += len(r)
	}
	base := rows[0].findMBs
	fmt.Fprintln(w, "| matcher | version | build ms | heap MB (allocated) | Find MB/s/core (× winnow) | scan MB/s/core | matches agreeing with winnow |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, m := range rows {
		agree := fmt.Sprintf("%d/%d (reference)", total, total)
		scan := "—"
		if m.lib != nil {
			scan = fmt.Sprintf("%.0f", m.scanMBs)
			if m.lib.positions {
				agree = fmt.Sprintf("%d/%d", m.agree, total)
				if m.missing+m.extra > 0 {
					agree += fmt.Sprintf(" (%d missing, %d extra)", m.missing, m.extra)
				}
			} else {
				agree = "— (no positions)"
			}
		}
		fmt.Fprintf(w, "| %s | %s | %.0f | %.1f (%.0f) | %.1f (%.2f×) | %s | %s |\n",
			m.name, m.version, m.buildMS, m.heapMB, m.allocMB, m.findMBs, m.findMBs/base, scan, agree)
	}
	fmt.Fprintln(w)
	for _, m := range rows[1:] {
		if m.lib.positions {
			fmt.Fprintf(w, "%s: %d automaton hits before the gazetteer's rules\n", m.name, m.rawHits)
		}
	}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// cpuNow returns the CPU time the process has used, garbage collection
// included. Throughput per core is bytes over CPU time, which a machine
// busy with other work disturbs far less than wall time.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mb(n int64) float64 { return float64(n) / (1 << 20) }

func mbps(n int, d time.Duration) float64 { return float64(n) / 1e6 / d.Seconds() }
