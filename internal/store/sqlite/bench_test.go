package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

var benchWords = strings.Fields(`the group used a new loader against ministry networks in spring while
	researchers observed phishing lures credential theft and lateral movement across cloud tenants
	vendors released patches for the exploited flaw and urged customers to rotate keys`)

var benchActors = []string{"APT31", "Volt Typhoon", "Lazarus", "Sandworm", "FIN7"}

// benchAnalysis builds a typical article: about 5 KB of text with 20
// mentions, 10 indicators and 5 claims. n makes its hash and URL unique.
func benchAnalysis(n int) *model.Analysis {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	var text strings.Builder
	a := &model.Analysis{}
	for _, name := range benchActors {
		key := "threat-actor:" + strings.ToLower(strings.ReplaceAll(name, " ", "-"))
		a.Entities = append(a.Entities, model.Entity{Key: key, Kind: model.KindThreatActor, Name: name})
	}
	for sentence := 0; text.Len() < 5000; sentence++ {
		start := text.Len()
		for range 12 + rng.IntN(8) {
			text.WriteString(benchWords[rng.IntN(len(benchWords))])
			text.WriteByte(' ')
		}
		switch {
		case sentence%2 == 0 && len(a.Mentions) < 20:
			e := a.Entities[rng.IntN(len(a.Entities))]
			sp := model.Span{Start: text.Len(), End: text.Len() + len(e.Name)}
			text.WriteString(e.Name)
			a.Mentions = append(a.Mentions, model.Mention{EntityKey: e.Key, Kind: e.Kind, Text: e.Name, Span: sp})
			if len(a.Claims) < 5 && sentence%4 == 0 {
				a.Claims = append(a.Claims, model.Claim{Type: model.ClaimTargeting, Confidence: 0.7,
					Roles: []model.Role{{Role: "actor", Text: e.Name, EntityKey: e.Key, Span: sp}}})
			}
		case len(a.Indicators) < 10:
			value := fmt.Sprintf("c2-%d-%d.example", n, len(a.Indicators))
			sp := model.Span{Start: text.Len(), End: text.Len() + len(value)}
			text.WriteString(value)
			a.Indicators = append(a.Indicators, model.Indicator{Type: model.IndicatorDomain, Value: value,
				Original: value, Disposition: model.DispIndicator, Span: sp})
		}
		text.WriteString(". ")
		end := text.Len() - 1
		for i := range a.Mentions {
			if a.Mentions[i].Sentence == (model.Span{}) {
				a.Mentions[i].Sentence = model.Span{Start: start, End: end}
			}
		}
		for i := range a.Claims {
			if a.Claims[i].Evidence == (model.Span{}) {
				a.Claims[i].Evidence = model.Span{Start: start, End: end}
			}
		}
	}
	a.Article = model.Article{
		CanonicalURL: fmt.Sprintf("https://bench.example/%d", n), Outlet: "Bench", Title: fmt.Sprintf("Report %d", n),
		PublishedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour),
		ContentHash: fmt.Sprintf("bench-%d", n), Text: text.String(),
	}
	return a
}

func BenchmarkSaveAnalysis(b *testing.B) {
	ctx := context.Background()
	b.Run("created", func(b *testing.B) {
		s := mustOpen(b, filepath.Join(b.TempDir(), "bench.db"))
		analyses := make([]*model.Analysis, b.N)
		for i := range analyses {
			analyses[i] = benchAnalysis(i)
		}
		b.SetBytes(int64(len(analyses[0].Article.Text)))
		b.ResetTimer()
		for i := range b.N {
			if _, err := s.SaveAnalysis(ctx, analyses[i]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		s := mustOpen(b, filepath.Join(b.TempDir(), "bench.db"))
		a := benchAnalysis(0)
		b.SetBytes(int64(len(a.Article.Text)))
		for b.Loop() {
			if _, err := s.SaveAnalysis(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	s := mustOpen(b, filepath.Join(b.TempDir(), "bench.db"))
	const articles = 1000
	for i := range articles {
		if _, err := s.SaveAnalysis(ctx, benchAnalysis(i)); err != nil {
			b.Fatal(err)
		}
	}
	for _, query := range []string{"APT31 ministry", `"Volt Typhoon" patches`, "c2-500-3.example"} {
		b.Run(query, func(b *testing.B) {
			for b.Loop() {
				hits, err := s.Search(ctx, query, 20)
				if err != nil || len(hits) == 0 {
					b.Fatalf("Search(%q) = %d hits, %v", query, len(hits), err)
				}
			}
		})
	}
}
