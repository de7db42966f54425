package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

func runAliases(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "aliases", true, true)
	status := f.String("status", "", "only aliases with this status: learned, confirmed, rejected")
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
	aliases, err := st.ListAliases(ctx, store.AliasFilter{Status: model.AliasStatus(*status), Limit: f.limit})
	if err != nil {
		return err
	}
	if f.jsonOut {
		return writeJSON(env.Stdout, aliases)
	}
	kb, err := loadKB(ctx, st)
	if err != nil {
		return err
	}
	t := newTable(env.Stdout, "ID", "ALIAS", "RELATION", "ENTITY", "STATUS", "CLAIMANT", "ARTICLE", "CONFIDENCE")
	for _, a := range aliases {
		entity := a.EntityKey
		if e, ok := kb.Entity(a.EntityKey); ok {
			entity = e.Name
		}
		t.row(strconv.FormatInt(a.ID, 10), truncate(a.Name, 30), string(a.Relation), truncate(entity, 30), string(a.Status),
			truncate(orDash(a.Claimant), 24), "#"+strconv.FormatInt(a.ArticleID, 10), fmt.Sprintf("%.2f", a.Confidence))
	}
	return t.flush()
}

func runAliasConfirm(ctx context.Context, env *Env, args []string) error {
	return setAliasStatus(ctx, env, "alias confirm", args, model.AliasConfirmed)
}

func runAliasReject(ctx context.Context, env *Env, args []string) error {
	return setAliasStatus(ctx, env, "alias reject", args, model.AliasRejected)
}

func setAliasStatus(ctx context.Context, env *Env, name string, args []string, status model.AliasStatus) error {
	f := newFlags(env, name, true, false)
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(1, 1); err != nil {
		return err
	}
	id, err := strconv.ParseInt(f.Arg(0), 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%w: alias ID %q is not a positive number (see 'winnow aliases')", errUsage, f.Arg(0))
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.SetAliasStatus(ctx, id, status); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no learned alias with ID %d (see 'winnow aliases')", id)
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "alias %d %s\n", id, status)
	return nil
}
