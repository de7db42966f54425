package store

import (
	"fmt"
	"math"

	"github.com/winnow-cti/winnow/internal/model"
)

// Listing limits shared by every backend.
const (
	DefaultLimit = 100   // what a zero Limit means
	MaxLimit     = 10000 // larger limits are cut to this
)

// EffectiveLimit turns a filter's Limit into the number of rows to return:
// 0 means DefaultLimit and anything above MaxLimit is capped. A negative
// limit is an error wrapping ErrInvalid.
func EffectiveLimit(limit int) (int, error) {
	switch {
	case limit < 0:
		return 0, fmt.Errorf("%w: limit %d is negative", ErrInvalid, limit)
	case limit == 0:
		return DefaultLimit, nil
	case limit > MaxLimit:
		return MaxLimit, nil
	}
	return limit, nil
}

// ValidateAnalysis reports the first thing in a that would make the stored
// analysis inconsistent, as an error wrapping ErrInvalid that names the field
// and its index ("Claims[2].Evidence: ..."). It checks what can be checked
// without a database: required fields, spans inside Article.Text, finite
// confidences. Whether referenced entity keys exist is left to the backend.
func ValidateAnalysis(a *model.Analysis) error {
	if a == nil {
		return fmt.Errorf("%w: analysis is nil", ErrInvalid)
	}
	text := a.Article.Text
	if text == "" {
		return invalid("Article.Text", "empty")
	}
	if a.Article.ContentHash == "" {
		return invalid("Article.ContentHash", "empty")
	}
	for i, e := range a.Entities {
		field := fmt.Sprintf("Entities[%d]", i)
		switch {
		case e.Key == "":
			return invalid(field+".Key", "empty")
		case e.Kind == "":
			return invalid(field+".Kind", "empty")
		case e.Name == "":
			return invalid(field+".Name", "empty")
		}
	}
	for i, m := range a.Mentions {
		field := fmt.Sprintf("Mentions[%d]", i)
		if m.Text == "" {
			return invalid(field+".Text", "empty")
		}
		if err := checkSpan(field+".Span", m.Span, text); err != nil {
			return err
		}
		if err := checkSpan(field+".Sentence", m.Sentence, text); err != nil {
			return err
		}
	}
	for i, ind := range a.Indicators {
		field := fmt.Sprintf("Indicators[%d]", i)
		switch {
		case ind.Type == "":
			return invalid(field+".Type", "empty")
		case ind.Value == "":
			return invalid(field+".Value", "empty")
		}
		if err := checkSpan(field+".Span", ind.Span, text); err != nil {
			return err
		}
		if err := checkSpan(field+".Sentence", ind.Sentence, text); err != nil {
			return err
		}
	}
	for i, c := range a.Claims {
		field := fmt.Sprintf("Claims[%d]", i)
		if c.Type == "" {
			return invalid(field+".Type", "empty")
		}
		if err := checkSpan(field+".Evidence", c.Evidence, text); err != nil {
			return err
		}
		if !isFinite(c.Confidence) {
			return invalid(field+".Confidence", fmt.Sprintf("%v is not a finite number", c.Confidence))
		}
		for j, r := range c.Roles {
			roleField := fmt.Sprintf("%s.Roles[%d]", field, j)
			if r.Role == "" {
				return invalid(roleField+".Role", "empty")
			}
			if err := checkSpan(roleField+".Span", r.Span, text); err != nil {
				return err
			}
		}
	}
	for i, al := range a.Aliases {
		field := fmt.Sprintf("Aliases[%d]", i)
		switch {
		case al.EntityKey == "":
			return invalid(field+".EntityKey", "empty")
		case al.Name == "":
			return invalid(field+".Name", "empty")
		case al.Status != "" && !ValidAliasStatus(al.Status):
			return invalid(field+".Status", fmt.Sprintf("unknown status %q", al.Status))
		}
		if err := checkSpan(field+".Evidence", al.Evidence, text); err != nil {
			return err
		}
		if !isFinite(al.Confidence) {
			return invalid(field+".Confidence", fmt.Sprintf("%v is not a finite number", al.Confidence))
		}
	}
	return nil
}

// ValidAliasStatus reports whether s is one of the statuses an alias may take.
func ValidAliasStatus(s model.AliasStatus) bool {
	switch s {
	case model.AliasKnown, model.AliasLearned, model.AliasConfirmed, model.AliasRejected:
		return true
	}
	return false
}

func checkSpan(field string, s model.Span, text string) error {
	switch {
	case s.Start < 0:
		return invalid(field, fmt.Sprintf("span [%d,%d) starts before the text", s.Start, s.End))
	case s.Start > s.End:
		return invalid(field, fmt.Sprintf("span [%d,%d) is inverted", s.Start, s.End))
	case s.End > len(text):
		return invalid(field, fmt.Sprintf("span [%d,%d) ends past the text's %d bytes", s.Start, s.End, len(text)))
	}
	return nil
}

func isFinite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func invalid(field, problem string) error {
	return fmt.Errorf("%w: %s: %s", ErrInvalid, field, problem)
}
