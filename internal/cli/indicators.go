package cli

import (
	"context"
	"strconv"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

func runIndicators(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "indicators", true, true)
	typ := f.String("type", "", "only this type (ipv4, domain, url, sha256, cve, ...)")
	disp := f.String("disposition", "", "only this disposition (indicator, reference, benign, private, not-ioc)")
	all := f.Bool("all", false, "include references, benign, private and not-IOC look-alikes (default: real indicators only)")
	article := f.Int64("article", 0, "only indicators of this article ID")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 0); err != nil {
		return err
	}
	filter := store.IndicatorFilter{Type: model.IndicatorType(*typ), Disposition: model.Disposition(*disp), ArticleID: *article, Limit: f.limit}
	if filter.Disposition == "" && !*all {
		filter.Disposition = model.DispIndicator
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	inds, err := st.ListIndicators(ctx, filter)
	if err != nil {
		return err
	}
	if f.jsonOut {
		return writeJSON(env.Stdout, inds)
	}
	t := newTable(env.Stdout, "TYPE", "VALUE", "DISPOSITION", "DEFANGED", "ARTICLES", "FIRST SEEN")
	for _, in := range inds {
		t.row(string(in.Type), truncate(in.Value, 90), string(in.Disposition), yesNo(in.Defanged), strconv.Itoa(in.Articles), formatDate(in.FirstSeen))
	}
	return t.flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
