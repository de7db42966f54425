package extract

import (
	"testing"
	"unicode/utf8"

	"github.com/winnow-cti/winnow/internal/model"
)

// checkInvariants fails t unless res keeps the promises Extract makes for
// any input: spans inside text, sentences and mentions ordered and
// disjoint, every span's sentence the one holding it.
func checkInvariants(t testing.TB, text string, res Result) {
	t.Helper()
	inRange := func(what string, s model.Span) {
		if s.Start < 0 || s.End > len(text) || s.Start > s.End {
			t.Fatalf("%s span %v out of range (len %d)", what, s, len(text))
		}
	}
	for i, s := range res.Sentences {
		inRange("sentence", s)
		if s.Len() == 0 {
			t.Fatalf("empty sentence at %v", s)
		}
		if i > 0 && s.Start < res.Sentences[i-1].End {
			t.Fatalf("sentences %v and %v overlap or are out of order", res.Sentences[i-1], s)
		}
	}
	for _, ind := range res.Indicators {
		inRange("indicator", ind.Span)
		inRange("indicator sentence", ind.Sentence)
	}
	for i, m := range res.Mentions {
		inRange("mention", m.Span)
		if m.Span.Len() == 0 {
			t.Fatalf("empty mention at %v", m.Span)
		}
		if m.Text != m.Span.In(text) {
			t.Fatalf("mention text %q, span says %q", m.Text, m.Span.In(text))
		}
		if utf8.ValidString(text) && !utf8.ValidString(m.Text) {
			t.Fatalf("mention text %q splits a character", m.Text)
		}
		if i > 0 && m.Span.Start < res.Mentions[i-1].Span.End {
			t.Fatalf("mentions %q %v and %q %v overlap or are out of order",
				res.Mentions[i-1].Text, res.Mentions[i-1].Span, m.Text, m.Span)
		}
		if m.Sentence != (model.Span{}) && (m.Span.Start < m.Sentence.Start || m.Span.Start >= m.Sentence.End) {
			t.Fatalf("mention %q at %v outside its sentence %v", m.Text, m.Span, m.Sentence)
		}
	}
	for _, a := range res.AliasAssertions {
		inRange("alias subject", a.SubjectSpan)
		inRange("alias", a.AliasSpan)
		inRange("alias evidence", a.Evidence)
		if a.Subject != a.SubjectSpan.In(text) || a.Alias != a.AliasSpan.In(text) {
			t.Fatalf("alias assertion texts disagree with spans: %+v", a)
		}
	}
	for _, c := range res.Claims {
		inRange("claim evidence", c.Evidence)
		if c.EvidenceText != c.Evidence.In(text) {
			t.Fatalf("claim evidence text %q, span says %q", c.EvidenceText, c.Evidence.In(text))
		}
		if len(c.Roles) == 0 {
			t.Fatalf("claim %s has no roles", c.Type)
		}
		for _, r := range c.Roles {
			inRange("role", r.Span)
			if r.Text != r.Span.In(text) {
				t.Fatalf("role %s text %q, span says %q", r.Role, r.Text, r.Span.In(text))
			}
			// A span of well-formed text never splits a rune ("£98,000").
			if utf8.ValidString(text) && !utf8.ValidString(r.Text) {
				t.Fatalf("role %s text %q splits a character", r.Role, r.Text)
			}
		}
		if c.Confidence <= 0 || c.Confidence > 1 {
			t.Fatalf("claim confidence %v out of (0, 1]", c.Confidence)
		}
		if !c.TimeStart.IsZero() && !c.TimeStart.Before(c.TimeEnd) {
			t.Fatalf("claim time [%v, %v) is empty", c.TimeStart, c.TimeEnd)
		}
	}
}
