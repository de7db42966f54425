package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

func testListEntities(t *testing.T, s store.Store) {
	saveCorpus(t, s)
	type summary struct {
		key                string
		mentions, articles int
		lastSeen           time.Time
	}
	apt31 := summary{keyAPT31, 4, 2, publishedTwo}
	cve := summary{keyCVE, 2, 2, publishedOne}
	china := summary{keyChina, 1, 1, publishedOne}
	rawdoor := summary{keyRawdoor, 1, 1, publishedOne}
	volt := summary{keyVolt, 3, 1, publishedTwo}
	tests := []struct {
		name   string
		filter store.EntityFilter
		want   []summary
	}{
		{"all, most articles first then by name", store.EntityFilter{}, []summary{apt31, cve, china, rawdoor, volt}},
		{"threat actors", store.EntityFilter{Kind: model.KindThreatActor}, []summary{apt31, volt}},
		{"malware", store.EntityFilter{Kind: model.KindMalware}, []summary{rawdoor}},
		{"no such kind", store.EntityFilter{Kind: model.KindPerson}, nil},
		{"limit", store.EntityFilter{Limit: 2}, []summary{apt31, cve}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := s.ListEntities(t.Context(), tt.filter)
			if err != nil {
				t.Fatalf("ListEntities: %v", err)
			}
			var got []summary
			for _, e := range list {
				got = append(got, summary{e.Entity.Key, e.Mentions, e.Articles, e.LastSeen})
			}
			if !slices.EqualFunc(got, tt.want, func(g, w summary) bool {
				return g.key == w.key && g.mentions == w.mentions && g.articles == w.articles && g.lastSeen.Equal(w.lastSeen)
			}) {
				t.Errorf("ListEntities(%+v) =\n %v\nwant\n %v", tt.filter, got, tt.want)
			}
		})
	}
	list, err := s.ListEntities(t.Context(), store.EntityFilter{Limit: 1})
	if err != nil || len(list) != 1 {
		t.Fatalf("ListEntities = %v, %v", list, err)
	}
	if e := list[0].Entity; e.Name != "APT31" || e.Kind != model.KindThreatActor || e.Country != "CN" || len(e.ExternalIDs) != 1 {
		t.Errorf("listed entity = %+v, want APT31 with its country and external ID", e)
	}
}

// testEntityUpsert saves the same entity key from several articles.
func testEntityUpsert(t *testing.T, s store.Store) {
	saveCorpus(t, s) // article one stores APT31 with country, external ID and KB alias; two names it bare
	steps := []struct {
		name     string
		entity   model.Entity
		wantName string
		country  string
	}{
		{"bare entity erases nothing", model.Entity{Key: keyAPT31, Kind: model.KindThreatActor, Name: "APT31"}, "APT31", "CN"},
		{"later name wins", model.Entity{Key: keyAPT31, Kind: model.KindThreatActor, Name: "APT 31"}, "APT 31", "CN"},
		{"later country wins", model.Entity{Key: keyAPT31, Kind: model.KindThreatActor, Name: "APT 31", Country: "HK"}, "APT 31", "HK"},
	}
	for i, step := range steps {
		a := smallArticle(t, i, date(2024, 4, i+1))
		a.Entities = []model.Entity{step.entity}
		save(t, s, a)
		e, err := s.Entity(t.Context(), keyAPT31)
		if err != nil {
			t.Fatalf("step %q: Entity: %v", step.name, err)
		}
		if e.Name != step.wantName || e.Country != step.country {
			t.Errorf("step %q: entity %q from %q, want %q from %q", step.name, e.Name, e.Country, step.wantName, step.country)
		}
		if len(e.ExternalIDs) != 1 || e.ExternalIDs[0] != (model.ExternalID{Source: "mitre-attack", ID: "G0128"}) {
			t.Errorf("step %q: external IDs %+v, want G0128 kept", step.name, e.ExternalIDs)
		}
		if len(e.Aliases) != 1 || e.Aliases[0].Name != "Zirconium" || !slices.Equal(e.Aliases[0].Sources, []string{"mitre-attack"}) {
			t.Errorf("step %q: aliases %+v, want Zirconium kept", step.name, e.Aliases)
		}
	}
	if got := stats(t, s).Entities; got != 5 {
		t.Errorf("Stats.Entities = %d, want 5 (one row per key)", got)
	}
	// Listing sees all mentions under the one key.
	list, err := s.ListEntities(t.Context(), store.EntityFilter{Kind: model.KindThreatActor, Limit: 1})
	if err != nil || len(list) != 1 || list[0].Entity.Key != keyAPT31 || list[0].Articles != 2+len(steps) {
		t.Errorf("ListEntities = %+v, %v; want APT31 in %d articles", list, err, 2+len(steps))
	}
}

func testListIndicators(t *testing.T, s store.Store) {
	c := saveCorpus(t, s)
	ip := store.IndicatorSummary{Type: model.IndicatorIPv4, Value: "203.0.113.7", Disposition: model.DispIndicator,
		Articles: 3, FirstSeen: publishedThree}
	cve := store.IndicatorSummary{Type: model.IndicatorCVE, Value: "CVE-2024-3400", Disposition: model.DispIndicator,
		Articles: 2, FirstSeen: publishedThree}
	domain := store.IndicatorSummary{Type: model.IndicatorDomain, Value: "bad.com", Disposition: model.DispIndicator,
		Defanged: true, Articles: 2, FirstSeen: publishedOne}
	version := store.IndicatorSummary{Type: model.IndicatorIPv4, Value: "1.2.3.4", Disposition: model.DispNotIOC,
		Articles: 1, FirstSeen: publishedTwo}
	tests := []struct {
		name   string
		filter store.IndicatorFilter
		want   []store.IndicatorSummary
	}{
		{"all, most articles first", store.IndicatorFilter{}, []store.IndicatorSummary{ip, cve, domain, version}},
		{"type", store.IndicatorFilter{Type: model.IndicatorIPv4}, []store.IndicatorSummary{ip, version}},
		{"disposition", store.IndicatorFilter{Disposition: model.DispNotIOC}, []store.IndicatorSummary{version}},
		// 203.0.113.7 is private in one article of three: its disposition is indicator.
		{"minority disposition", store.IndicatorFilter{Disposition: model.DispPrivate}, nil},
		{"article keeps global counts", store.IndicatorFilter{ArticleID: c.two.Article.ID}, []store.IndicatorSummary{ip, domain, version}},
		{"article and type", store.IndicatorFilter{ArticleID: c.three.Article.ID, Type: model.IndicatorCVE}, []store.IndicatorSummary{cve}},
		{"limit", store.IndicatorFilter{Limit: 1}, []store.IndicatorSummary{ip}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListIndicators(t.Context(), tt.filter)
			if err != nil {
				t.Fatalf("ListIndicators: %v", err)
			}
			if !slices.EqualFunc(got, tt.want, func(g, w store.IndicatorSummary) bool {
				return g.Type == w.Type && g.Value == w.Value && g.Disposition == w.Disposition &&
					g.Defanged == w.Defanged && g.Articles == w.Articles && g.FirstSeen.Equal(w.FirstSeen)
			}) {
				t.Errorf("ListIndicators(%+v) =\n %+v\nwant\n %+v", tt.filter, got, tt.want)
			}
		})
	}
}

func testListClaims(t *testing.T, s store.Store) {
	c := saveCorpus(t, s)
	one, two, three := c.one.Claims, c.two.Claims, c.three.Claims
	tests := []struct {
		name   string
		filter store.ClaimFilter
		want   []model.Claim
	}{
		{"all, newest article first", store.ClaimFilter{}, []model.Claim{two[0], two[1], one[0], one[1], one[2], one[3], three[0]}},
		{"entity via roles", store.ClaimFilter{EntityKeys: []string{keyAPT31}}, []model.Claim{two[1], one[0], one[3]}},
		{"any of several entities", store.ClaimFilter{EntityKeys: []string{keyVolt, keyCVE}}, []model.Claim{two[0], one[2], three[0]}},
		{"unknown entity", store.ClaimFilter{EntityKeys: []string{"threat-actor:nobody"}}, nil},
		{"type", store.ClaimFilter{Type: model.ClaimTargeting}, []model.Claim{two[0], one[0]}},
		{"entity and type", store.ClaimFilter{EntityKeys: []string{keyAPT31}, Type: model.ClaimAttribution}, []model.Claim{two[1], one[3]}},
		{"since is inclusive", store.ClaimFilter{Since: publishedOne}, []model.Claim{two[0], two[1], one[0], one[1], one[2], one[3]}},
		{"article", store.ClaimFilter{ArticleID: c.three.Article.ID}, []model.Claim{three[0]}},
		{"limit", store.ClaimFilter{Limit: 3}, []model.Claim{two[0], two[1], one[0]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListClaims(t.Context(), tt.filter)
			if err != nil {
				t.Fatalf("ListClaims: %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("ListClaims(%+v) = %d claims %v, want %d", tt.filter, len(got), claimIDs(got), len(tt.want))
			}
			for i := range got {
				g, w := normClaim(got[i]), normClaim(tt.want[i])
				if g.ID != w.ID {
					t.Fatalf("ListClaims(%+v) = %v, want %v", tt.filter, claimIDs(got), claimIDs(tt.want))
				}
				if fmt.Sprintf("%+v", g) != fmt.Sprintf("%+v", w) {
					t.Errorf("claim %d:\n got %+v\nwant %+v", i, g, w)
				}
			}
		})
	}
}

func claimIDs(cs []model.Claim) []int64 {
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func testAliases(t *testing.T, s store.Store) {
	c := saveCorpus(t, s)
	violet, vanguard, bronze := c.one.Aliases[0], c.two.Aliases[0], c.two.Aliases[1]
	list := func(f store.AliasFilter) []string {
		t.Helper()
		got, err := s.ListAliases(t.Context(), f)
		if err != nil {
			t.Fatalf("ListAliases(%+v): %v", f, err)
		}
		var names []string
		for _, al := range got {
			names = append(names, al.Name)
		}
		slices.Sort(names)
		return names
	}
	tests := []struct {
		name   string
		filter store.AliasFilter
		want   []string
	}{
		{"all", store.AliasFilter{}, []string{bronze.Name, vanguard.Name, violet.Name}},
		{"entity", store.AliasFilter{EntityKey: keyVolt}, []string{bronze.Name, vanguard.Name}},
		{"name ignores case", store.AliasFilter{Name: "violet TYPHOON"}, []string{violet.Name}},
		{"name is exact", store.AliasFilter{Name: "violet"}, nil},
		{"entity and name", store.AliasFilter{EntityKey: keyAPT31, Name: "Vanguard Panda"}, nil},
		{"status", store.AliasFilter{Status: model.AliasLearned}, []string{bronze.Name, vanguard.Name, violet.Name}},
		{"no confirmed yet", store.AliasFilter{Status: model.AliasConfirmed}, nil},
		{"limit", store.AliasFilter{Limit: 1, EntityKey: keyAPT31}, []string{violet.Name}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := list(tt.filter); !slices.Equal(got, tt.want) {
				t.Errorf("ListAliases(%+v) = %q, want %q", tt.filter, got, tt.want)
			}
		})
	}

	if err := s.SetAliasStatus(t.Context(), violet.ID, model.AliasConfirmed); err != nil {
		t.Fatalf("SetAliasStatus: %v", err)
	}
	if err := s.SetAliasStatus(t.Context(), bronze.ID, model.AliasRejected); err != nil {
		t.Fatalf("SetAliasStatus: %v", err)
	}
	if err := s.SetAliasStatus(t.Context(), vanguard.ID, "maybe"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("SetAliasStatus(maybe) = %v, want ErrInvalid", err)
	}
	check := func(when string) {
		t.Helper()
		for status, want := range map[model.AliasStatus][]string{
			model.AliasConfirmed: {violet.Name},
			model.AliasRejected:  {bronze.Name},
			model.AliasLearned:   {vanguard.Name},
		} {
			if got := list(store.AliasFilter{Status: status}); !slices.Equal(got, want) {
				t.Errorf("%s: ListAliases(%s) = %q, want %q", when, status, got, want)
			}
		}
	}
	check("after review")

	// Re-reading the articles must not undo the review.
	again, againTwo := articleOne(t), articleTwo(t)
	save(t, s, again)
	save(t, s, againTwo)
	check("after saving the articles again")
	if again.Aliases[0].Status != model.AliasConfirmed {
		t.Errorf("status written back = %q, want confirmed", again.Aliases[0].Status)
	}
	if err := s.SetAliasStatus(t.Context(), again.Aliases[0].ID, model.AliasLearned); err != nil {
		t.Errorf("SetAliasStatus on the re-saved alias: %v", err)
	}
}

// testLimits checks the shared limit rules: 0 means 100, negative is invalid.
func testLimits(t *testing.T, s store.Store) {
	const n = store.DefaultLimit + 1
	for i := range n {
		save(t, s, smallArticle(t, i, date(2024, 1, 1).Add(time.Duration(i)*time.Hour)))
	}
	counts := []struct {
		name string
		list func(limit int) (int, error)
	}{
		{"ListArticles", func(l int) (int, error) {
			r, err := s.ListArticles(t.Context(), store.ArticleFilter{Limit: l})
			return len(r), err
		}},
		{"ListIndicators", func(l int) (int, error) {
			r, err := s.ListIndicators(t.Context(), store.IndicatorFilter{Limit: l})
			return len(r), err
		}},
		{"Search", func(l int) (int, error) {
			r, err := s.Search(t.Context(), "APT31", l)
			return len(r), err
		}},
	}
	for _, c := range counts {
		t.Run(c.name, func(t *testing.T) {
			for _, tt := range []struct{ limit, want int }{{0, store.DefaultLimit}, {5, 5}, {store.MaxLimit * 2, n}} {
				got, err := c.list(tt.limit)
				if err != nil || got != tt.want {
					t.Errorf("limit %d: %d rows, %v; want %d", tt.limit, got, err, tt.want)
				}
			}
		})
	}
	negative := []struct {
		name string
		call func() error
	}{
		{"ListArticles", func() error { _, err := s.ListArticles(t.Context(), store.ArticleFilter{Limit: -1}); return err }},
		{"ListArticles offset", func() error { _, err := s.ListArticles(t.Context(), store.ArticleFilter{Offset: -1}); return err }},
		{"ListEntities", func() error { _, err := s.ListEntities(t.Context(), store.EntityFilter{Limit: -1}); return err }},
		{"ListIndicators", func() error { _, err := s.ListIndicators(t.Context(), store.IndicatorFilter{Limit: -1}); return err }},
		{"ListClaims", func() error { _, err := s.ListClaims(t.Context(), store.ClaimFilter{Limit: -1}); return err }},
		{"ListAliases", func() error { _, err := s.ListAliases(t.Context(), store.AliasFilter{Limit: -1}); return err }},
		{"Search", func() error { _, err := s.Search(t.Context(), "APT31", -1); return err }},
	}
	for _, tt := range negative {
		t.Run("negative "+tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("%s with a negative limit = %v, want ErrInvalid", tt.name, err)
			}
		})
	}
}
