package cli

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/winnow-cti/winnow/internal/store"
)

func runArticles(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "articles", true, true)
	outlet := f.String("outlet", "", "only articles from this outlet")
	since := f.String("since", "", "only articles published on or after this date (YYYY-MM-DD)")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	filter := store.ArticleFilter{Outlet: *outlet, Limit: f.limit}
	if *since != "" {
		t, err := time.Parse(time.DateOnly, *since)
		if err != nil {
			return fmt.Errorf("%w: --since %q: want YYYY-MM-DD", errUsage, *since)
		}
		filter.Since = t
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	articles, err := st.ListArticles(ctx, filter)
	if err != nil {
		return err
	}
	if f.jsonOut {
		for i := range articles {
			articles[i].Text, articles[i].Removed = "", nil
		}
		return writeJSON(env.Stdout, articles)
	}
	t := newTable(env.Stdout, "ID", "PUBLISHED", "OUTLET", "TITLE")
	for _, a := range articles {
		t.row(strconv.FormatInt(a.ID, 10), formatDate(a.PublishedAt), truncate(a.Outlet, 24), truncate(a.Title, 80))
	}
	return t.flush()
}
