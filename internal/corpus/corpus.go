// Package corpus embeds winnow's sample corpus: news articles written by the
// project about real, public incidents, in the shapes scrapers hand winnow
// (raw HTML pages full of noise, scraped text with repeated paragraphs,
// Markdown, summary-only feeds). It serves `winnow demo`, tests and
// benchmarks. SOURCES-*.md beside the articles name what each one reports.
package corpus

import (
	"embed"
	"io/fs"
)

//go:embed articles
var files embed.FS

// Root is the directory of FS that holds the articles.
const Root = "articles"

// FS returns the embedded corpus; articles live under Root.
func FS() fs.FS { return files }
