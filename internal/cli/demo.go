package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/winnow-cti/winnow/internal/corpus"
	"github.com/winnow-cti/winnow/internal/ingest"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

func runDemo(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "demo", false, false)
	dbPath := f.String("db", "", "where to build the demo database (must not exist yet; default: a new temporary directory)")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	if *dbPath == "" {
		dir, err := os.MkdirTemp("", "winnow-demo-")
		if err != nil {
			return err
		}
		*dbPath = filepath.Join(dir, "winnow.db")
	} else if _, err := os.Stat(*dbPath); err == nil {
		return fmt.Errorf("%w: %s already exists; the demo builds a fresh database, remove it or pick another --db", errUsage, *dbPath)
	}
	started := time.Now()
	st, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := newPipeline(ctx, st)
	if err != nil {
		return err
	}
	items, readErrs := ingest.ReadFS(corpus.FS(), corpus.Root, ingest.Options{})
	b := newBatch(env, p, false)
	for _, e := range readErrs {
		b.fail(e)
	}
	bar := newProgress(env.Stderr, len(items))
	var removed, resolved, mentions, indicators, claims, aliases int
	for _, it := range items {
		before := len(b.outcomes)
		b.process(ctx, it)
		if len(b.outcomes) > before {
			o := b.outcomes[len(b.outcomes)-1]
			removed += o.Removed
			resolved += o.Resolved
			mentions += o.Mentions
			indicators += o.Indicators
			claims += o.Claims
			aliases += o.Aliases
		}
		bar.step(it.Name)
	}
	bar.finish()
	b.refresh(ctx)
	elapsed := time.Since(started)

	w := env.Stdout
	fmt.Fprintf(w, "winnow demo: %d documents from the embedded sample corpus in %s\n\n", len(items)+len(readErrs), elapsed.Round(time.Millisecond))
	t := newTable(w, "STAGE", "RESULT")
	t.row("ingest", fmt.Sprintf("%d documents read (files and feed entries), %d refused", len(items), len(readErrs)))
	t.row("clean", fmt.Sprintf("%d pieces of boilerplate and repeated paragraphs removed", removed))
	t.row("extract", fmt.Sprintf("%d mentions, %d indicators, %d claims", mentions, indicators, claims))
	t.row("resolve", fmt.Sprintf("%d mentions linked to known entities, %d aliases learned from text", resolved, aliases))
	t.row("store", fmt.Sprintf("%d articles stored, %d failed", len(b.outcomes), b.failed))
	if err := t.flush(); err != nil {
		return err
	}
	if err := demoFindings(ctx, w, st); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe database is at %s. Explore it:\n", *dbPath)
	fmt.Fprintf(w, "  export WINNOW_DB=%s\n  winnow actors\n  winnow actor \"Violet Typhoon\"\n  winnow search \"Ministry of Foreign Affairs\"\n  winnow show 1\n", *dbPath)
	if b.failed > 0 {
		return errFailed
	}
	return nil
}

// demoFindings prints the headline of what the corpus holds: the most
// reported actors, a few claims with their evidence, and indicators.
func demoFindings(ctx context.Context, w io.Writer, st store.Store) error {
	actors, err := st.ListEntities(ctx, store.EntityFilter{Kind: model.KindThreatActor, Limit: 8})
	if err != nil {
		return err
	}
	kb, err := loadKB(ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nTop threat actors\n")
	t := newTable(w, "  ACTOR", "ARTICLES", "ALSO KNOWN AS")
	for _, a := range actors {
		t.row("  "+a.Entity.Name, fmt.Sprint(a.Articles), truncate(strings.Join(aliasNames(kb, a.Entity.Key, 6), ", "), 90))
	}
	if err := t.flush(); err != nil {
		return err
	}

	// One claim of each kind, preferring those someone other than the
	// outlet asserts.
	var claims []model.Claim
	for _, typ := range []model.ClaimType{model.ClaimAttribution, model.ClaimLawEnforce, model.ClaimMalwareUse,
		model.ClaimExploitation, model.ClaimAliasAssertion, model.ClaimRansomware} {
		some, err := st.ListClaims(ctx, store.ClaimFilter{Type: typ, Limit: 50})
		if err != nil {
			return err
		}
		if c, ok := bestClaim(ctx, st, some); ok {
			claims = append(claims, c)
		}
	}
	if len(claims) > 0 {
		fmt.Fprintf(w, "\nSome claims, with their evidence\n")
		for _, c := range claims {
			printClaim(w, c, nil, fmt.Sprintf("#%d ", c.ArticleID))
		}
	}

	inds, err := st.ListIndicators(ctx, store.IndicatorFilter{Disposition: model.DispIndicator, Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	byType := map[model.IndicatorType]int{}
	var observables []store.IndicatorSummary
	for _, in := range inds {
		byType[in.Type]++
		switch in.Type {
		case model.IndicatorATTACK, model.IndicatorCVE, model.IndicatorCWE:
			// Identifiers of techniques and flaws, not observables.
		default:
			if len(observables) < 10 {
				observables = append(observables, in)
			}
		}
	}
	if len(inds) > 0 {
		var counts []string
		for typ, n := range byType {
			counts = append(counts, fmt.Sprintf("%s %d", typ, n))
		}
		slices.Sort(counts)
		fmt.Fprintf(w, "\nIndicators (%d distinct: %s)\n", len(inds), strings.Join(counts, ", "))
		t := newTable(w, "  TYPE", "VALUE", "DEFANGED", "ARTICLES")
		for _, in := range observables {
			t.row("  "+string(in.Type), truncate(in.Value, 70), yesNo(in.Defanged), fmt.Sprint(in.Articles))
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	return nil
}

// bestClaim picks the claim with the most roles among those a named
// claimant (not the outlet itself) makes, falling back to any claim.
func bestClaim(ctx context.Context, st store.Store, claims []model.Claim) (model.Claim, bool) {
	best, bestScore := model.Claim{}, -1
	outlets := map[int64]string{}
	for _, c := range claims {
		outlet, ok := outlets[c.ArticleID]
		if !ok {
			if a, err := st.Article(ctx, c.ArticleID); err == nil {
				outlet = a.Outlet
			}
			outlets[c.ArticleID] = outlet
		}
		score := len(c.Roles)
		if c.RoleText("actor") != "" || c.RoleText("subject") != "" {
			score += 5
		}
		if c.Claimant != "" && c.Claimant != outlet {
			score += 10
		}
		if c.Negated {
			score -= 5
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best, bestScore >= 0
}
