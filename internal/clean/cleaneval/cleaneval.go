// Package cleaneval scores main-text extraction against the hand-written
// fixture pages in internal/clean/testdata/pages: NAME.html is a news page
// with its site chrome, NAME.expected.txt the article text a reader would
// keep (headline excluded), and NAME.planted.json the boilerplate lines and
// repeated paragraphs planted inside the article body, which a cleaner must
// remove.
//
// Scores are bags of tokens: runs of letters and digits, lowercased. A
// paragraph split differently scores the same; a dropped sentence lowers
// recall, kept boilerplate lowers precision.
package cleaneval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// Page is one fixture page.
type Page struct {
	Name     string
	HTML     []byte
	Expected string
	Title    string
	// Boilerplate lines must be absent from the extracted text. Repeats are
	// paragraphs planted a second time, exactly or nearly: each must occur
	// as often as in Expected (once for an exact copy, never for a near one).
	Boilerplate []string
	Repeats     []string
}

type planted struct {
	Title       string   `json:"title"`
	Boilerplate []string `json:"boilerplate"`
	Repeats     []string `json:"repeats"`
}

// LoadPages reads every NAME.html with its NAME.expected.txt and
// NAME.planted.json from dir, sorted by name.
func LoadPages(dir string) ([]Page, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var pages []Page
	for _, name := range names {
		base := strings.TrimSuffix(name, ".html")
		raw, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		expected, err := os.ReadFile(base + ".expected.txt")
		if err != nil {
			return nil, err
		}
		pb, err := os.ReadFile(base + ".planted.json")
		if err != nil {
			return nil, err
		}
		var pl planted
		if err := json.Unmarshal(pb, &pl); err != nil {
			return nil, fmt.Errorf("%s.planted.json: %w", base, err)
		}
		pages = append(pages, Page{
			Name: filepath.Base(base), HTML: raw, Expected: strings.TrimSpace(string(expected)),
			Title: pl.Title, Boilerplate: pl.Boilerplate, Repeats: pl.Repeats,
		})
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("no fixture pages in %s", dir)
	}
	return pages, nil
}

// Tokens splits text into lowercase runs of letters and digits.
func Tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Score is a token-level comparison.
type Score struct {
	Precision, Recall, F1 float64
}

// Compare scores got against want as bags of tokens.
func Compare(got, want string) Score {
	counts := map[string]int{}
	for _, t := range Tokens(want) {
		counts[t]++
	}
	g, w := Tokens(got), len(Tokens(want))
	common := 0
	for _, t := range g {
		if counts[t] > 0 {
			counts[t]--
			common++
		}
	}
	var s Score
	if len(g) > 0 {
		s.Precision = float64(common) / float64(len(g))
	}
	if w > 0 {
		s.Recall = float64(common) / float64(w)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// normalize makes texts comparable for counting: quotes unified, runs of
// white space collapsed.
func normalize(s string) string {
	s = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", `"`, "\u201d", `"`, "\u00a0", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// StripTitle drops a first line or paragraph that repeats the headline:
// extractors differ in whether they keep it, and the expected text never
// has it.
func StripTitle(text, title string) string {
	text = strings.TrimSpace(text)
	first, rest, _ := strings.Cut(text, "\n")
	if normalize(first) == normalize(title) {
		return strings.TrimSpace(rest)
	}
	return text
}

// PlantedCheck reports how many of a page's planted lines were handled as
// they must be, out of how many, and the lines that were not.
func PlantedCheck(got string, p Page) (ok, total int, misses []string) {
	g, want := normalize(got), normalize(p.Expected)
	for _, line := range p.Boilerplate {
		total++
		if strings.Contains(g, normalize(line)) {
			misses = append(misses, "kept boilerplate: "+line)
			continue
		}
		ok++
	}
	for _, para := range p.Repeats {
		total++
		n := normalize(para)
		if have, should := strings.Count(g, n), strings.Count(want, n); have != should {
			misses = append(misses, fmt.Sprintf("repeat kept %d times, want %d: %.60s", have, should, para))
			continue
		}
		ok++
	}
	return ok, total, misses
}

// Result is one extractor's score on one page.
type Result struct {
	Page    string
	Score   Score
	Planted int // handled planted lines
	Total   int // planted lines
	Misses  []string
	Err     error
}

// Evaluate runs extract on every page and scores it.
func Evaluate(pages []Page, extract func(Page) (string, error)) []Result {
	out := make([]Result, len(pages))
	for i, p := range pages {
		r := Result{Page: p.Name}
		text, err := extract(p)
		if err != nil {
			r.Err = err
		}
		text = StripTitle(text, p.Title)
		r.Score = Compare(text, p.Expected)
		r.Planted, r.Total, r.Misses = PlantedCheck(text, p)
		out[i] = r
	}
	return out
}

// Summary aggregates results: mean and lowest F1, mean precision and
// recall, and planted lines handled out of all.
type Summary struct {
	MeanF1, MinF1, MeanPrecision, MeanRecall float64
	Planted, Total, Errors                   int
}

// Summarize aggregates results.
func Summarize(results []Result) Summary {
	s := Summary{MinF1: 1}
	for _, r := range results {
		s.MeanF1 += r.Score.F1
		s.MeanPrecision += r.Score.Precision
		s.MeanRecall += r.Score.Recall
		s.MinF1 = min(s.MinF1, r.Score.F1)
		s.Planted += r.Planted
		s.Total += r.Total
		if r.Err != nil {
			s.Errors++
		}
	}
	if n := float64(len(results)); n > 0 {
		s.MeanF1 /= n
		s.MeanPrecision /= n
		s.MeanRecall /= n
	}
	return s
}

func (s Summary) String() string {
	return fmt.Sprintf("mean F1 %.3f (min %.3f), precision %.3f, recall %.3f, planted lines removed %d/%d (%.1f%%), errors %d",
		s.MeanF1, s.MinF1, s.MeanPrecision, s.MeanRecall, s.Planted, s.Total, 100*float64(s.Planted)/float64(max(s.Total, 1)), s.Errors)
}
