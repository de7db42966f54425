package storetest

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// RunClaimWindows checks that ListClaims answers an entity filter the same
// way, order included, whether the backend gathers and sorts every matching
// claim or, for an entity named in at least threshold roles, walks
// publication-time windows newest first. setThreshold sets the backend's
// threshold (the caller restores its default afterwards). open must return
// a fresh, empty store.
func RunClaimWindows(t *testing.T, open func(t *testing.T) store.Store, setThreshold func(n int)) {
	s := open(t)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	const (
		keyPop  = "threat-actor:popular"
		keyRare = "threat-actor:rare"
		keyMid  = "threat-actor:mid"
	)
	ents := []model.Entity{
		entity(keyPop, model.KindThreatActor, "Popular"),
		entity(keyRare, model.KindThreatActor, "Rare"),
		entity(keyMid, model.KindThreatActor, "Mid"),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	newest := time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)
	types := []model.ClaimType{model.ClaimTargeting, model.ClaimAttribution, model.ClaimMalwareUse}
	var prev time.Time
	var pop, rare int // roles naming each
	for i := range 160 {
		var published time.Time
		switch {
		case i == 0:
			published = newest
		case i < 4: // on the first two window boundaries, twice each
			published = newest.Add(-time.Duration(7*(1+3*((i-1)/2))) * 24 * time.Hour)
		case i%9 == 0: // undated
		case i%5 == 0 && !prev.IsZero(): // a tie with the previous article
			published = prev
		case i%23 == 0: // long ago
			published = newest.AddDate(-30-rng.IntN(40), 0, 0)
		case i < 30: // a busy last month
			published = newest.Add(-time.Duration(rng.IntN(30*24*3600)) * time.Second)
		default: // four years
			published = newest.Add(-time.Duration(rng.IntN(4*365*24)) * time.Hour)
		}
		if !published.IsZero() {
			prev = published
		}
		a := &model.Analysis{
			Article: model.Article{
				URL:         fmt.Sprintf("https://windows.example/%d", i),
				Title:       fmt.Sprintf("article %d", i),
				PublishedAt: published,
				ContentHash: fmt.Sprintf("windows-%d", i),
				Text:        "Popular and Rare and Mid were seen.",
			},
			Entities: ents,
		}
		span := model.Span{Start: 0, End: 7}
		for range rng.IntN(4) {
			c := model.Claim{Type: types[rng.IntN(len(types))], Evidence: model.Span{Start: 0, End: 35}, Confidence: 0.5}
			addRole := func(name, key string) {
				c.Roles = append(c.Roles, model.Role{Role: name, Text: "Popular", EntityKey: key, Span: span})
				switch key {
				case keyPop:
					pop++
				case keyRare:
					rare++
				}
			}
			switch r := rng.IntN(10); {
			case r < 5:
				addRole("actor", keyPop)
			case r < 7: // named in two roles: must be listed once
				addRole("actor", keyPop)
				addRole("sponsor", keyPop)
			case r < 8 && rare < 10:
				addRole("actor", keyRare)
				if rng.IntN(2) == 0 {
					addRole("victim", keyPop)
				}
			default:
				addRole("actor", keyMid)
			}
			if rng.IntN(3) == 0 {
				addRole("victim", "") // unresolved
			}
			a.Claims = append(a.Claims, c)
		}
		save(t, s, a)
	}
	if pop < 100 || rare < 4 {
		t.Fatalf("fixture: %d popular and %d rare roles; want more", pop, rare)
	}

	const low, high = 3, 1 << 30
	list := func(t *testing.T, threshold int, f store.ClaimFilter) []model.Claim {
		t.Helper()
		setThreshold(threshold)
		got, err := s.ListClaims(t.Context(), f)
		if err != nil {
			t.Fatalf("ListClaims(%+v) with threshold %d: %v", f, threshold, err)
		}
		return got
	}
	keySets := map[string][]string{
		"popular":      {keyPop},
		"rare":         {keyRare},
		"popular+rare": {keyPop, keyRare},
		"unknown":      {"threat-actor:nobody"},
	}
	filters := map[string]store.ClaimFilter{
		"plain":              {},
		"type":               {Type: model.ClaimAttribution},
		"since last month":   {Since: newest.AddDate(0, -1, 0)},
		"since two years":    {Since: newest.AddDate(-2, 0, 0), Type: model.ClaimTargeting},
		"since a boundary":   {Since: newest.Add(-7 * 24 * time.Hour)},
		"since after newest": {Since: newest.Add(time.Hour)},
		"since before all":   {Since: newest.AddDate(-100, 0, 0)},
	}
	var windowed int
	for ksName, keys := range keySets {
		for fName, base := range filters {
			for _, limit := range []int{1, 7, 50, 1000} {
				f := base
				f.EntityKeys, f.Limit = keys, limit
				t.Run(fmt.Sprintf("%s/%s/limit %d", ksName, fName, limit), func(t *testing.T) {
					want := list(t, high, f)
					got := list(t, low, f)
					if fmt.Sprint(claimIDs(got)) != fmt.Sprint(claimIDs(want)) {
						t.Fatalf("windowed = %v\n    sorted = %v", claimIDs(got), claimIDs(want))
					}
					for i := range got {
						g, w := normClaim(got[i]), normClaim(want[i])
						if fmt.Sprintf("%+v", g) != fmt.Sprintf("%+v", w) {
							t.Errorf("claim %d:\n got %+v\nwant %+v", i, g, w)
						}
					}
					seen := map[int64]bool{}
					for _, c := range got {
						if seen[c.ID] {
							t.Fatalf("claim %d listed twice: %v", c.ID, claimIDs(got))
						}
						seen[c.ID] = true
					}
					if len(got) > 0 {
						windowed++
					}
				})
			}
		}
	}
	// The comparison means little if the filters matched nothing.
	if windowed < 40 {
		t.Errorf("only %d cases listed any claim", windowed)
	}
	all := list(t, low, store.ClaimFilter{EntityKeys: []string{keyPop}, Limit: 1000})
	if len(all) < 100 {
		t.Errorf("popular actor lists %d claims, want at least 100", len(all))
	}
}
