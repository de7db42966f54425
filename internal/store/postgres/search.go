package postgres

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/winnow-cti/winnow/internal/store"
)

// tsQuery builds the SQL expression of a full-text query from what an
// analyst typed, with the terms as bind arguments: every term from
// store.SearchTerms becomes one search_phrase(term), a phrase of its words
// (see migrations/0001_init.sql), and the phrases are ANDed with &&. No part
// of the input reaches a query parser, so operators, parentheses, prefixes
// and stray quotes are searched for as text or dropped, never interpreted.
// It returns "" when nothing in the query can match.
func tsQuery(query string) (string, []any) {
	terms := store.SearchTerms(query)
	if len(terms) == 0 {
		return "", nil
	}
	parts := make([]string, len(terms))
	args := make([]any, len(terms))
	for i, t := range terms {
		parts[i] = fmt.Sprintf("search_phrase($%d)", i+1)
		args[i] = t
	}
	return strings.Join(parts, " && "), args
}

// Search runs a full-text query over titles and text, best match first
// (ts_rank, a title hit weighing more than a body hit). Terms are ANDed;
// "double quotes" make a phrase. Any input is safe: a query with nothing
// searchable returns no hits and no error. Snippets wrap matches in [ ].
func (s *Store) Search(ctx context.Context, query string, limit int) ([]store.SearchHit, error) {
	limit, err := store.EffectiveLimit(limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: search: %w", err)
	}
	expr, args := tsQuery(query)
	if expr == "" {
		return nil, nil
	}
	// The match condition repeats the tsquery expression so the planner sees
	// it (folded to a constant, or as bound parameters in a generic plan) and
	// searches the GIN index on articles.search; the materialized CTE builds
	// the tsquery once for ranking.
	sql := `WITH q AS MATERIALIZED (SELECT ` + expr + ` AS q)
		SELECT ` + articleColumns + `, a.text
		FROM articles a, q
		WHERE a.search @@ (` + expr + `)
		ORDER BY ts_rank(a.search, q.q) DESC, a.id
		LIMIT ` + fmt.Sprintf("$%d", len(args)+1)
	// Planned with the query's terms at hand (not a cached generic plan),
	// so their frequency decides between the index and a scan.
	rows, err := s.pool.Query(ctx, sql, append([]any{pgx.QueryExecModeExec}, append(args, limit)...)...)
	if err != nil {
		return nil, wrapErr("search", err)
	}
	defer rows.Close()
	terms := snippetTerms(store.SearchTerms(query))
	var hits []store.SearchHit
	for rows.Next() {
		var text string
		a, err := scanArticle(rows, &text)
		if err != nil {
			return nil, wrapErr("search", err)
		}
		hits = append(hits, store.SearchHit{Article: a, Snippet: snippet(terms, text, a.Title)})
	}
	return hits, wrapErr("search", rows.Err())
}

// snippetWords is how many words a snippet shows, as many as SQLite's.
const snippetWords = 16

// token is one word of a text: a run of letters and digits, as the
// search index splits it once ASCII punctuation is blanked.
type token struct {
	start, end int
	fold       string
}

func tokenize(s string) []token {
	var toks []token
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			toks = append(toks, token{start, i, strings.ToLower(s[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, token{start, len(s), strings.ToLower(s[start:])})
	}
	return toks
}

// snippetTerms splits each search term into its folded words.
func snippetTerms(terms []string) [][]string {
	var out [][]string
	for _, t := range terms {
		var words []string
		for _, tok := range tokenize(t) {
			words = append(words, tok.fold)
		}
		if len(words) > 0 {
			out = append(out, words)
		}
	}
	return out
}

// snippet returns about snippetWords words of text around the first match
// of a term, each matched phrase wrapped in [ ] and cuts marked with "…".
// When the text holds no match (the title did), the title is used.
func snippet(terms [][]string, text, title string) string {
	for _, s := range []string{text, title} {
		if out, ok := markedWindow(terms, s); ok {
			return out
		}
	}
	out, _ := markedWindow(nil, text)
	return out
}

// markedWindow marks every match of terms in s and cuts a window around the
// first, reporting whether anything matched. White space is collapsed.
func markedWindow(terms [][]string, s string) (string, bool) {
	toks := tokenize(s)
	if len(toks) == 0 {
		return "", false
	}
	// marked[i]: token i is part of a match; joined[i]: tokens i and i+1
	// belong to one match, so one pair of brackets wraps both.
	marked, joined := make([]bool, len(toks)), make([]bool, len(toks))
	first := -1
	for i := range toks {
		for _, words := range terms {
			if !matchAt(toks, i, words) {
				continue
			}
			for j := i; j < i+len(words); j++ {
				marked[j] = true
				joined[j] = joined[j] || j < i+len(words)-1
			}
			if first < 0 {
				first = i
			}
		}
	}
	from := max(0, first-3)
	to := min(len(toks), from+snippetWords)
	from = max(0, to-snippetWords)
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	} else {
		b.WriteString(strings.TrimLeftFunc(collapseSpace(s[:toks[0].start]), unicode.IsSpace))
	}
	for i := from; i < to; i++ {
		if i > from {
			b.WriteString(collapseSpace(s[toks[i-1].end:toks[i].start]))
		}
		if marked[i] && (i == from || !joined[i-1]) {
			b.WriteString("[")
		}
		b.WriteString(s[toks[i].start:toks[i].end])
		if marked[i] && (i == to-1 || !joined[i]) {
			b.WriteString("]")
		}
	}
	if to < len(toks) {
		b.WriteString("…")
	} else {
		b.WriteString(strings.TrimRightFunc(collapseSpace(s[toks[to-1].end:]), unicode.IsSpace))
	}
	return b.String(), first >= 0
}

func matchAt(toks []token, i int, words []string) bool {
	if i+len(words) > len(toks) {
		return false
	}
	for j, w := range words {
		if toks[i+j].fold != w {
			return false
		}
	}
	return true
}

// collapseSpace turns each run of white space in s into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
