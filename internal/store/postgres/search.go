package postgres

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/winnow-cti/winnow/internal/store"
)

// tsQuery builds the SQL expressions of a full-text query from what an
// analyst typed, with the terms as bind arguments: every term from
// store.SearchTerms becomes one search_phrase(term), a phrase of its words
// (see migrations/0001_init.sql), and the phrases are ANDed with &&. No part
// of the input reaches a query parser, so operators, parentheses, prefixes
// and stray quotes are searched for as text or dropped, never interpreted.
// words is the same query with search_words(term) for each phrase: every
// word required, in any order (migrations/0005_search.sql). Both are ""
// when nothing in the query can match.
func tsQuery(query string) (phrases, words string, args []any) {
	terms := store.SearchTerms(query)
	if len(terms) == 0 {
		return "", "", nil
	}
	p := make([]string, len(terms))
	w := make([]string, len(terms))
	args = make([]any, len(terms))
	for i, t := range terms {
		p[i] = fmt.Sprintf("search_phrase($%d)", i+1)
		w[i] = fmt.Sprintf("search_words($%d)", i+1)
		args[i] = t
	}
	return strings.Join(p, " && "), strings.Join(w, " && "), args
}

// searchCandidates is how many matching articles a search ranks at most
// (or the limit, when that is larger): the most recently published ones.
// A variable only so that tests can lower it.
var searchCandidates = 500

// Search runs a full-text query over titles and text, best match first
// (ts_rank, a title hit weighing more than a body hit). Terms are ANDed;
// "double quotes" make a phrase. Any input is safe: a query with nothing
// searchable returns no hits and no error. Snippets wrap matches in [ ].
//
// Only the searchCandidates newest matches are ranked (search_newest in
// migrations/0005_search.sql): testing or ranking an article reads its
// whole tsvector, so doing it for every match (or every article) made a
// term named in one article in seven cost a second at 150,000 articles,
// while finding matches in the index and sorting them by date reads no
// tsvector. Since migrations/0007_search_windows.sql the newest matches
// are looked for in slices of time, newest first, so a common term reads
// the rows of about searchCandidates matches, not of all of them; the
// result is the same. What an analyst sees: a query matching at most
// searchCandidates articles gets exactly the best matches of all, as
// before; a broader one gets the best matches among the newest
// searchCandidates of its matches, so an older article, however well it
// matches, is left out once that many newer ones match too. Adding a term
// or quoting a phrase narrows the matches and brings older articles back.
// The SQLite backend ranks every match, so for such broad queries the two
// backends can list different articles.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]store.SearchHit, error) {
	limit, err := store.EffectiveLimit(limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: search: %w", err)
	}
	phrases, words, args := tsQuery(query)
	if phrases == "" {
		return nil, nil
	}
	// The materialized CTE builds the two tsqueries once. search_newest
	// ranks the candidates; only the best limit of them are read in full.
	n := len(args)
	sql := `WITH q AS MATERIALIZED (SELECT ` + phrases + ` AS q, ` + words + ` AS w)
		SELECT ` + articleColumns + `, a.text
		FROM (SELECT m.id, m.rank
		      FROM q CROSS JOIN LATERAL search_newest(q.q, q.w, ` + fmt.Sprintf("$%d", n+1) + `) AS m
		      ORDER BY m.rank DESC, m.id
		      LIMIT ` + fmt.Sprintf("$%d", n+2) + `) top
		JOIN articles a ON a.id = top.id
		ORDER BY top.rank DESC, top.id`
	rows, err := s.pool.Query(ctx, sql, append(args, max(searchCandidates, limit), limit)...)
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
			toks = append(toks, token{start, i, foldWord(s[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, token{start, len(s), foldWord(s[start:])})
	}
	return toks
}

// foldWord is a word as the search index holds it: diacritics folded, then
// lower case.
func foldWord(w string) string { return strings.ToLower(foldDiacritics(w)) }

// foldDiacritics does in Go what the SQL function fold_diacritics does to
// indexed text and queries (migrations/0005_search.sql), so snippets mark
// the words the index matched: it decomposes s, drops the combining
// diacritical marks (U+0300-U+036F) that follow a Latin letter and composes
// the rest, turning "Česká" into "Ceska" but keeping "ø" and "й".
func foldDiacritics(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	afterLatin := false // inside a Latin letter's run of combining marks
	for _, r := range norm.NFD.String(s) {
		if afterLatin && r >= 0x300 && r <= 0x36f {
			continue
		}
		b.WriteRune(r)
		afterLatin = r < utf8.RuneSelf && unicode.IsLetter(r)
	}
	return norm.NFC.String(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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
