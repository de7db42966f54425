package cli

import (
	"context"
	"strconv"
	"strings"
)

func runSearch(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "search", true, true)
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(1, -1); err != nil {
		return err
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	hits, err := st.Search(ctx, strings.Join(f.Args(), " "), f.limit)
	if err != nil {
		return err
	}
	if f.jsonOut {
		return writeJSON(env.Stdout, hits)
	}
	t := newTable(env.Stdout, "ID", "PUBLISHED", "OUTLET", "TITLE", "MATCH")
	for _, h := range hits {
		t.row(strconv.FormatInt(h.Article.ID, 10), formatDate(h.Article.PublishedAt), truncate(h.Article.Outlet, 20),
			truncate(h.Article.Title, 60), truncate(h.Snippet, 80))
	}
	return t.flush()
}
