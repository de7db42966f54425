// Command extractcmp compares main-text extractors on winnow's fixture pages
// (internal/clean/testdata/pages) and prints the table recorded in
// docs/extraction.md:
//
//	cd internal/clean/extractcmp && go run .
//
// It is a module of its own so that the libraries it measures, and what
// they pull in, stay out of winnow's go.mod: winnow keeps internal/clean's
// extractor, which scores best (see docs/extraction.md).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	readeck "codeberg.org/readeck/go-readability/v2"
	shiori "github.com/go-shiori/go-readability"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/winnow-cti/winnow/internal/clean"
	"github.com/winnow-cti/winnow/internal/clean/cleaneval"
)

type extractor struct {
	name string
	run  func(p cleaneval.Page) (string, error)
}

func pageURL(p cleaneval.Page) *url.URL {
	u, _ := url.Parse("https://fixtures.example/" + p.Name)
	return u
}

func ours(p cleaneval.Page) (string, error) {
	res, err := clean.Clean(clean.Document{Name: p.Name, Raw: p.HTML, ContentType: clean.TypeHTML})
	return res.Text, err
}

func shioriText(p cleaneval.Page) (string, error) {
	a, err := shiori.FromReader(bytes.NewReader(p.HTML), pageURL(p))
	return a.TextContent, err
}

func shioriHTML(p cleaneval.Page) (string, error) {
	a, err := shiori.FromReader(bytes.NewReader(p.HTML), pageURL(p))
	if err != nil {
		return "", err
	}
	return "<html><body>" + a.Content + "</body></html>", nil
}

func readeckText(p cleaneval.Page) (string, error) {
	a, err := readeck.FromReader(bytes.NewReader(p.HTML), pageURL(p))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = a.RenderText(&b)
	return b.String(), err
}

func readeckHTML(p cleaneval.Page) (string, error) {
	a, err := readeck.FromReader(bytes.NewReader(p.HTML), pageURL(p))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = a.RenderHTML(&b)
	return b.String(), err
}

func trafilaturaResult(p cleaneval.Page) (*trafilatura.ExtractResult, error) {
	return trafilatura.Extract(bytes.NewReader(p.HTML), trafilatura.Options{
		OriginalURL: pageURL(p), EnableFallback: true, ExcludeComments: true, Deduplicate: true,
	})
}

func trafilaturaText(p cleaneval.Page) (string, error) {
	r, err := trafilaturaResult(p)
	if err != nil {
		return "", err
	}
	return r.ContentText, nil
}

func trafilaturaHTML(p cleaneval.Page) (string, error) {
	r, err := trafilaturaResult(p)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if r.ContentNode != nil {
		if err := html.Render(&b, r.ContentNode); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// thenClean runs a library's main-content HTML through clean.Clean: the
// library chooses the region, winnow's line rules and repeat collapsing do
// the rest.
func thenClean(f func(cleaneval.Page) (string, error)) func(cleaneval.Page) (string, error) {
	return func(p cleaneval.Page) (string, error) {
		h, err := f(p)
		if err != nil {
			return "", err
		}
		res, err := clean.Clean(clean.Document{Name: p.Name, Raw: []byte(h), ContentType: clean.TypeHTML})
		return res.Text, err
	}
}

func main() {
	dir := flag.String("pages", "../testdata/pages", "fixture pages directory")
	perPage := flag.Bool("pages-table", false, "also print every page's F1 per extractor")
	flag.Parse()
	pages, err := cleaneval.LoadPages(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	extractors := []extractor{
		{"winnow internal/clean", ours},
		{"go-shiori/go-readability", shioriText},
		{"readeck/go-readability v2", readeckText},
		{"markusmobius/go-trafilatura", trafilaturaText},
		{"go-shiori/go-readability + clean rules", thenClean(shioriHTML)},
		{"readeck/go-readability v2 + clean rules", thenClean(readeckHTML)},
		{"markusmobius/go-trafilatura + clean rules", thenClean(trafilaturaHTML)},
	}
	fmt.Printf("%d fixture pages\n\n", len(pages))
	fmt.Println("| extractor | mean F1 | min F1 | precision | recall | planted removed | errors | ms/page |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	all := make([][]cleaneval.Result, len(extractors))
	for i, x := range extractors {
		start := time.Now()
		all[i] = cleaneval.Evaluate(pages, x.run)
		perPage := time.Since(start).Seconds() * 1000 / float64(len(pages))
		s := cleaneval.Summarize(all[i])
		fmt.Printf("| %s | %.3f | %.3f | %.3f | %.3f | %d/%d (%.1f%%) | %d | %.2f |\n", x.name, s.MeanF1, s.MinF1,
			s.MeanPrecision, s.MeanRecall, s.Planted, s.Total, 100*float64(s.Planted)/float64(s.Total), s.Errors, perPage)
	}
	if *perPage {
		fmt.Println()
		fmt.Print("| page |")
		for _, x := range extractors {
			fmt.Printf(" %s |", x.name)
		}
		fmt.Println()
		fmt.Println("|---" + strings.Repeat("|---", len(extractors)) + "|")
		for j, p := range pages {
			fmt.Printf("| %s |", p.Name)
			for i := range extractors {
				fmt.Printf(" %.3f |", all[i][j].Score.F1)
			}
			fmt.Println()
		}
	}
}
