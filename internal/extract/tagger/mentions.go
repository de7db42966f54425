package tagger

import (
	"unicode"

	"github.com/winnow-cti/winnow/internal/model"
)

// Kinds maps the CyNER types the extraction stage takes from the tagger to
// entity kinds. The other two are left out on purpose: Indicator, because
// package ioc finds indicators with their type and a normalised value;
// System, because CyNER gives it to platforms, products and apps
// ("Android", "Google Play", "WhatsApp") for which winnow has no kind, and
// calling them tools would have the resolver link "Windows" to attacker
// tooling.
var Kinds = map[string]model.EntityKind{
	"Malware":       model.KindMalware,
	"Organization":  model.KindOrganization,
	"Vulnerability": model.KindVulnerability,
}

// Mentions tags each sentence of text (spans into it, as extract.Sentences
// gives them) and returns the names whose type Kinds maps, as mentions
// with byte offsets into text and no entity key. It keeps only spans the
// tagger is sure enough of: their margin (how much worse the best
// labeling that leaves the span out scores) must reach the model's
// MentionMargin, set in training for 90% precision on the validation set.
// Names without a capital letter or a digit ("the banking trojan",
// "privilege escalation") are descriptions, not names, and are left out.
// A nil Tagger finds nothing.
func (t *Tagger) Mentions(text string, sentences []model.Span) []model.Mention {
	if t == nil {
		return nil
	}
	var out []model.Mention
	var toks []Token
	var words []string
	for _, s := range sentences {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
			continue
		}
		sentence := text[s.Start:s.End]
		toks = Tokenize(sentence, toks[:0])
		words = words[:0]
		for _, tk := range toks {
			words = append(words, sentence[tk.Start:tk.End])
		}
		chunks, margins := t.margins(words)
		for i, c := range chunks {
			kind, ok := Kinds[c.Type]
			start, end := toks[c.Start].Start, toks[c.End-1].End
			if !ok || margins[i] < t.meta.MentionMargin || !named(sentence[start:end]) {
				continue
			}
			span := model.Span{Start: s.Start + start, End: s.Start + end}
			out = append(out, model.Mention{Kind: kind, Text: span.In(text), Span: span})
		}
	}
	return out
}

// named reports whether a span reads as a name: it has an upper-case
// letter or a digit.
func named(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
