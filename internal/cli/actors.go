package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
	"github.com/winnow-cti/winnow/internal/store"
)

func runActors(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "actors", true, true)
	kind := f.String("kind", string(model.KindThreatActor), "entity kind: threat-actor, malware, tool, vulnerability, country, organization, ...")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	ents, err := st.ListEntities(ctx, store.EntityFilter{Kind: model.EntityKind(*kind), Limit: f.limit})
	if err != nil {
		return err
	}
	if f.jsonOut {
		return writeJSON(env.Stdout, ents)
	}
	kb, err := loadKB(ctx, st)
	if err != nil {
		return err
	}
	t := newTable(env.Stdout, "NAME", "ORIGIN", "ARTICLES", "MENTIONS", "LAST SEEN", "ALSO KNOWN AS")
	for _, e := range ents {
		t.row(truncate(e.Entity.Name, 32), orDash(e.Entity.Country), strconv.Itoa(e.Articles), strconv.Itoa(e.Mentions),
			formatDate(e.LastSeen), truncate(strings.Join(aliasNames(kb, e.Entity.Key, 5), ", "), 70))
	}
	return t.flush()
}

// loadKB loads the embedded knowledge base with what analysts and articles
// have taught the store.
func loadKB(ctx context.Context, st store.Store) (*resolve.KB, error) {
	kb, err := resolve.Load()
	if err != nil {
		return nil, err
	}
	learned, err := st.ListAliases(ctx, store.AliasFilter{Limit: store.MaxLimit})
	if err != nil {
		return nil, err
	}
	return kb.WithLearned(learned), nil
}

// aliasNames returns up to n names of an entity other than its canonical
// one.
func aliasNames(kb *resolve.KB, key string, n int) []string {
	e, ok := kb.Entity(key)
	if !ok {
		return nil
	}
	var names []string
	for _, a := range e.Aliases {
		if a.Status == model.AliasRejected || strings.EqualFold(a.Name, e.Name) || slices.Contains(names, a.Name) {
			continue
		}
		names = append(names, a.Name)
		if len(names) == n {
			break
		}
	}
	return names
}

// actorView is what `winnow actor` shows, and its --json form.
type actorView struct {
	Entity      model.Entity        `json:"entity"`
	Origin      string              `json:"origin,omitempty"`
	AliasGroups []aliasGroup        `json:"aliases_by_vendor"`
	Learned     []model.Alias       `json:"learned_aliases"`
	Articles    int                 `json:"articles"`
	Mentions    int                 `json:"mentions"`
	Claims      []model.Claim       `json:"recent_claims"`
	Candidates  []resolve.Candidate `json:"other_candidates,omitempty"`
}

type aliasGroup struct {
	Vendor  string        `json:"vendor"`
	Aliases []model.Alias `json:"aliases"`
}

func runActor(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "actor", true, false)
	jsonOut := f.Bool("json", false, "print JSON")
	nClaims := f.Int("claims", 10, "show at most this many recent claims")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(1, -1); err != nil {
		return err
	}
	name := strings.Join(f.Args(), " ")
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	kb, err := loadKB(ctx, st)
	if err != nil {
		return err
	}
	cands := kb.Resolve(name, resolve.Context{})
	if len(cands) == 0 {
		if s, ok := resolve.NamingScheme(name); ok {
			return fmt.Errorf("no known actor is called %q; the name follows %s", name, s)
		}
		return fmt.Errorf("no known actor is called %q", name)
	}
	e, ok := kb.Entity(cands[0].Key)
	if !ok {
		return fmt.Errorf("no known actor is called %q", name)
	}
	v := actorView{Entity: e, Candidates: cands[1:]}
	v.Origin = e.Country
	groups := map[string][]model.Alias{}
	for _, a := range e.Aliases {
		if a.Status != model.AliasKnown {
			continue
		}
		vendor := "other"
		if s, ok := resolve.NamingScheme(a.Name); ok {
			vendor = s.Vendor
		}
		groups[vendor] = append(groups[vendor], a)
	}
	for vendor, as := range groups {
		v.AliasGroups = append(v.AliasGroups, aliasGroup{Vendor: vendor, Aliases: as})
	}
	slices.SortFunc(v.AliasGroups, func(a, b aliasGroup) int {
		if (a.Vendor == "other") != (b.Vendor == "other") {
			if a.Vendor == "other" {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Vendor, b.Vendor)
	})
	if v.Learned, err = st.ListAliases(ctx, store.AliasFilter{EntityKey: e.Key}); err != nil {
		return err
	}
	if v.Claims, err = st.ListClaims(ctx, store.ClaimFilter{EntityKeys: []string{e.Key}, Limit: *nClaims}); err != nil {
		return err
	}
	if stored, err := st.ListEntities(ctx, store.EntityFilter{Kind: e.Kind, Limit: store.MaxLimit}); err == nil {
		for _, s := range stored {
			if s.Entity.Key == e.Key {
				v.Articles, v.Mentions = s.Articles, s.Mentions
			}
		}
	} else {
		return err
	}
	if *jsonOut {
		return writeJSON(env.Stdout, v)
	}
	return printActor(ctx, env.Stdout, st, v)
}

func printActor(ctx context.Context, w io.Writer, st store.Store, v actorView) error {
	e := v.Entity
	fmt.Fprintf(w, "%s  (%s)\n", cellText(e.Name), e.Kind)
	fmt.Fprintf(w, "Origin: %s\n", orDash(v.Origin))
	if len(e.ExternalIDs) > 0 {
		var ids []string
		for _, id := range e.ExternalIDs {
			ids = append(ids, id.Source+" "+id.ID)
		}
		fmt.Fprintf(w, "IDs: %s\n", cellText(strings.Join(ids, ", ")))
	}
	fmt.Fprintf(w, "Reported in %d stored articles (%d mentions)\n", v.Articles, v.Mentions)

	if len(v.AliasGroups) > 0 {
		fmt.Fprintf(w, "\nAliases by naming vendor\n")
		t := newTable(w, "  VENDOR", "NAME", "ASSERTED BY")
		for _, g := range v.AliasGroups {
			for _, a := range g.Aliases {
				t.row("  "+g.Vendor, a.Name, strings.Join(a.Sources, ", "))
			}
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	if len(v.Learned) > 0 {
		fmt.Fprintf(w, "\nAliases learned from articles\n")
		for _, a := range v.Learned {
			fmt.Fprintf(w, "  [%d] %s  %s, %s by %s, confidence %.2f", a.ID, cellText(a.Name), a.Relation, a.Status, cellText(orDash(a.Claimant)), a.Confidence)
			art, err := st.Article(ctx, a.ArticleID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if err == nil {
				fmt.Fprintf(w, "  (article #%d, %s)\n", art.ID, cellText(art.Outlet))
				if ev := a.Evidence.In(art.Text); ev != "" {
					fmt.Fprintf(w, "      %q\n", cellText(truncate(ev, 300)))
				}
			} else {
				fmt.Fprintln(w)
			}
		}
	}
	if len(v.Claims) > 0 {
		fmt.Fprintf(w, "\nRecent claims\n")
		names := map[string]string{e.Key: e.Name}
		for _, c := range v.Claims {
			printClaim(w, c, names, fmt.Sprintf("#%d ", c.ArticleID))
		}
	}
	if len(v.Candidates) > 0 {
		var others []string
		for _, c := range v.Candidates {
			others = append(others, c.Name)
		}
		fmt.Fprintf(w, "\nThe name is ambiguous; it may also mean: %s\n", cellText(strings.Join(others, ", ")))
	}
	return nil
}
