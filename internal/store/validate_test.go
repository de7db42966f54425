package store

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
)

func validAnalysis() *model.Analysis {
	text := "APT31 targeted the ministry."
	return &model.Analysis{
		Article:    model.Article{Text: text, ContentHash: "abc"},
		Entities:   []model.Entity{{Key: "threat-actor:apt31", Kind: model.KindThreatActor, Name: "APT31"}},
		Mentions:   []model.Mention{{EntityKey: "threat-actor:apt31", Text: "APT31", Span: model.Span{Start: 0, End: 5}, Sentence: model.Span{Start: 0, End: len(text)}}},
		Indicators: []model.Indicator{{Type: model.IndicatorDomain, Value: "ministry", Span: model.Span{Start: 19, End: 27}}},
		Claims: []model.Claim{{
			Type:     model.ClaimTargeting,
			Roles:    []model.Role{{Role: "actor", Text: "APT31", Span: model.Span{Start: 0, End: 5}}},
			Evidence: model.Span{Start: 0, End: len(text)},
		}},
		Aliases: []model.Alias{{EntityKey: "threat-actor:apt31", Name: "Violet Typhoon"}},
	}
}

func TestValidateAnalysis(t *testing.T) {
	tests := []struct {
		name   string
		breaks func(a *model.Analysis)
		field  string // "" when valid
	}{
		{"valid", func(*model.Analysis) {}, ""},
		{"empty text", func(a *model.Analysis) { a.Article.Text = "" }, "Article.Text"},
		{"empty hash", func(a *model.Analysis) { a.Article.ContentHash = "" }, "Article.ContentHash"},
		{"entity without key", func(a *model.Analysis) { a.Entities[0].Key = "" }, "Entities[0].Key"},
		{"entity without kind", func(a *model.Analysis) { a.Entities[0].Kind = "" }, "Entities[0].Kind"},
		{"entity without name", func(a *model.Analysis) { a.Entities[0].Name = "" }, "Entities[0].Name"},
		{"mention without text", func(a *model.Analysis) { a.Mentions[0].Text = "" }, "Mentions[0].Text"},
		{"mention span past text", func(a *model.Analysis) { a.Mentions[0].Span.End = 99 }, "Mentions[0].Span"},
		{"mention span negative", func(a *model.Analysis) { a.Mentions[0].Span.Start = -1 }, "Mentions[0].Span"},
		{"mention sentence inverted", func(a *model.Analysis) { a.Mentions[0].Sentence = model.Span{Start: 5, End: 2} }, "Mentions[0].Sentence"},
		{"indicator without type", func(a *model.Analysis) { a.Indicators[0].Type = "" }, "Indicators[0].Type"},
		{"indicator without value", func(a *model.Analysis) { a.Indicators[0].Value = "" }, "Indicators[0].Value"},
		{"indicator span inverted", func(a *model.Analysis) { a.Indicators[0].Span = model.Span{Start: 9, End: 3} }, "Indicators[0].Span"},
		{"claim without type", func(a *model.Analysis) { a.Claims[0].Type = "" }, "Claims[0].Type"},
		{"claim evidence past text", func(a *model.Analysis) { a.Claims[0].Evidence.End = 1000 }, "Claims[0].Evidence"},
		{"claim confidence NaN", func(a *model.Analysis) { a.Claims[0].Confidence = math.NaN() }, "Claims[0].Confidence"},
		{"role without name", func(a *model.Analysis) { a.Claims[0].Roles[0].Role = "" }, "Claims[0].Roles[0].Role"},
		{"role span past text", func(a *model.Analysis) { a.Claims[0].Roles[0].Span.End = 1000 }, "Claims[0].Roles[0].Span"},
		{"alias without key", func(a *model.Analysis) { a.Aliases[0].EntityKey = "" }, "Aliases[0].EntityKey"},
		{"alias without name", func(a *model.Analysis) { a.Aliases[0].Name = "" }, "Aliases[0].Name"},
		{"alias status unknown", func(a *model.Analysis) { a.Aliases[0].Status = "maybe" }, "Aliases[0].Status"},
		{"alias evidence inverted", func(a *model.Analysis) { a.Aliases[0].Evidence = model.Span{Start: 3, End: 1} }, "Aliases[0].Evidence"},
		{"alias confidence infinite", func(a *model.Analysis) { a.Aliases[0].Confidence = math.Inf(1) }, "Aliases[0].Confidence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAnalysis()
			tt.breaks(a)
			err := ValidateAnalysis(a)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("ValidateAnalysis: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ValidateAnalysis = %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tt.field+":") {
				t.Errorf("error %q does not name %s", err, tt.field)
			}
		})
	}
	if err := ValidateAnalysis(nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("ValidateAnalysis(nil) = %v, want ErrInvalid", err)
	}
}

func TestEffectiveLimit(t *testing.T) {
	tests := []struct {
		in, want int
		wantErr  bool
	}{
		{0, DefaultLimit, false},
		{1, 1, false},
		{MaxLimit, MaxLimit, false},
		{MaxLimit + 1, MaxLimit, false},
		{-1, 0, true},
	}
	for _, tt := range tests {
		got, err := EffectiveLimit(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("EffectiveLimit(%d) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("EffectiveLimit(%d) error %v does not wrap ErrInvalid", tt.in, err)
		}
	}
}
