package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
	"github.com/winnow-cti/winnow/internal/store"
)

// claimTypes are the values --type accepts.
var claimTypes = []model.ClaimType{
	model.ClaimAttribution, model.ClaimTargeting, model.ClaimMalwareUse, model.ClaimExploitation,
	model.ClaimDisclosure, model.ClaimDataBreach, model.ClaimRansomware, model.ClaimLawEnforce,
	model.ClaimAliasAssertion,
}

// claimRow is one claim as `winnow claims --json` prints it: the claim
// with the article it comes from.
type claimRow struct {
	model.Claim
	Published time.Time `json:"published_at,omitzero"`
	Title     string    `json:"article_title,omitempty"`
}

func runClaims(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "claims", true, true)
	actor := f.String("actor", "", "only claims with a role naming this actor (any of its names or learned aliases)")
	typ := f.String("type", "", "only claims of this type: "+joinTypes())
	since := f.String("since", "", "only claims from articles published on or after this date (YYYY-MM-DD)")
	article := f.Int64("article", 0, "only claims of this article")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	filter := store.ClaimFilter{Type: model.ClaimType(*typ), ArticleID: *article, Limit: f.limit}
	if *typ != "" && !slices.Contains(claimTypes, filter.Type) {
		return fmt.Errorf("%w: --type %q: want one of %s", errUsage, *typ, joinTypes())
	}
	if *since != "" {
		t, err := time.Parse(time.DateOnly, *since)
		if err != nil {
			return fmt.Errorf("%w: --since %q: want YYYY-MM-DD", errUsage, *since)
		}
		filter.Since = t
	}
	if *article < 0 {
		return fmt.Errorf("%w: --article %d is not a positive number", errUsage, *article)
	}
	if f.limit <= 0 {
		return fmt.Errorf("%w: --limit %d: want a positive number", errUsage, f.limit)
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *actor != "" {
		keys, err := actorKeys(ctx, st, *actor)
		if err != nil {
			return err
		}
		filter.EntityKeys = keys
	}
	claims, err := st.ListClaims(ctx, filter)
	if err != nil {
		return err
	}
	rows := make([]claimRow, 0, len(claims))
	articles := map[int64]model.Article{}
	for _, c := range claims {
		a, ok := articles[c.ArticleID]
		if !ok {
			a, err = st.Article(ctx, c.ArticleID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			articles[c.ArticleID] = a
		}
		rows = append(rows, claimRow{Claim: c, Published: a.PublishedAt, Title: a.Title})
	}
	if f.jsonOut {
		return writeJSON(env.Stdout, rows)
	}
	t := newTable(env.Stdout, "ARTICLE", "DATE", "TYPE", "ROLES", "CLAIMANT", "TIME", "EVIDENCE")
	for _, r := range rows {
		t.row(strconv.FormatInt(r.ArticleID, 10), formatDate(r.Published), claimTypeLabel(r.Claim),
			truncate(rolesText(r.Roles), 60), truncate(orDash(r.Claimant), 30), truncate(orDash(claimTime(r.Claim)), 32),
			truncate(r.EvidenceText, 80))
	}
	return t.flush()
}

// actorKeys resolves an actor's name to the entity keys its claims'
// roles carry: every entity the knowledge base (with learned aliases)
// gives the name, or, for a name it does not know, the key the pipeline
// gives names found only in text.
func actorKeys(ctx context.Context, st store.Store, name string) ([]string, error) {
	kb, err := loadKB(ctx, st)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, c := range kb.Resolve(name, resolve.Context{}) {
		if !slices.Contains(keys, c.Key) {
			keys = append(keys, c.Key)
		}
	}
	if len(keys) == 0 {
		keys = []string{string(model.KindThreatActor) + ":" + resolve.Normalize(name)}
	}
	return keys, nil
}

func joinTypes() string {
	names := make([]string, len(claimTypes))
	for i, t := range claimTypes {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// claimTypeLabel is the claim's type, marked when it is denied or hedged.
func claimTypeLabel(c model.Claim) string {
	label := string(c.Type)
	if c.Negated {
		label += " (denied)"
	} else if c.Hedge != "" {
		label += " (" + c.Hedge + ")"
	}
	return label
}

// rolesText writes roles as "role=text; ...".
func rolesText(roles []model.Role) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = r.Role + "=" + r.Text
	}
	return strings.Join(parts, "; ")
}

// claimTime writes the claim's time as written, with the interval it
// denotes when known: "in May (2021-05-01..2021-06-01)".
func claimTime(c model.Claim) string {
	if c.TimeText == "" {
		return ""
	}
	if c.TimeStart.IsZero() {
		return c.TimeText
	}
	return c.TimeText + " (" + formatDate(c.TimeStart) + ".." + formatDate(c.TimeEnd) + ")"
}
