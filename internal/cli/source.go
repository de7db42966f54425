package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/winnow-cti/winnow/internal/ingest/opml"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/pipeline"
	"github.com/winnow-cti/winnow/internal/store"
)

func runSourceAdd(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "source add", true, false)
	name := f.String("name", "", "a name to show for the source (default: the feed's own title)")
	interval := f.Duration("interval", 0, "fetch the source this often (default "+pipeline.DefaultFetchInterval.String()+")")
	kind := f.String("kind", "", "feed, page (one web page or PDF) or file (a local path); default: guessed from the URL")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(1, 1); err != nil {
		return err
	}
	src, err := newSource(f.Arg(0), *name, *kind, *interval)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	added, err := st.AddSource(ctx, src)
	if errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("%s is already a source", src.URL)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "added source %d: %s (%s)\n", added.ID, added.URL, added.Kind)
	return nil
}

// newSource checks what "source add" was given and fills in the kind.
func newSource(target, name, kind string, interval time.Duration) (model.Source, error) {
	if interval < 0 {
		return model.Source{}, fmt.Errorf("%w: --interval %v is negative", errUsage, interval)
	}
	if interval > 0 && interval < time.Minute {
		return model.Source{}, fmt.Errorf("%w: --interval %v: fetching more often than once a minute is impolite", errUsage, interval)
	}
	k := model.SourceKind(kind)
	if kind == "" {
		k = pipeline.SourceKindFor(target)
	}
	switch k {
	case model.SourceFeed, model.SourcePage:
		if pipeline.SourceKindFor(target) == model.SourceFile {
			return model.Source{}, fmt.Errorf("%w: %q: a %s needs an http or https URL", errUsage, target, k)
		}
	case model.SourceFile:
		abs, err := filepath.Abs(target)
		if err != nil {
			return model.Source{}, err
		}
		if _, err := os.Stat(abs); err != nil {
			return model.Source{}, err
		}
		target = abs
	default:
		return model.Source{}, fmt.Errorf("%w: --kind %q: want feed, page or file", errUsage, kind)
	}
	return model.Source{Name: strings.TrimSpace(name), URL: target, Kind: k, Interval: interval}, nil
}

func runSourceList(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "source list", true, true)
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
	sources, err := st.ListSources(ctx, store.SourceFilter{Limit: f.limit})
	if err != nil {
		return err
	}
	if f.jsonOut {
		if sources == nil {
			sources = []store.Source{}
		}
		return writeJSON(env.Stdout, sources)
	}
	t := newTable(env.Stdout, "ID", "KIND", "NAME", "LAST FETCH", "ITEMS", "FAILS", "NEXT", "LAST ERROR", "URL")
	for _, s := range sources {
		t.row(strconv.FormatInt(s.ID, 10), string(s.Kind), truncate(orDash(s.Name), 24), formatTime(s.LastFetchedAt),
			strconv.Itoa(s.Items), strconv.Itoa(s.Failures), formatNext(s.NextFetchAt), truncate(orDash(s.LastError), 60), s.URL)
	}
	if err := t.flush(); err != nil {
		return err
	}
	if len(sources) == 0 {
		fmt.Fprintln(env.Stderr, "no sources yet; add one with: winnow source add URL")
	}
	return nil
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func formatNext(t time.Time) string {
	if t.IsZero() {
		return "now"
	}
	return formatTime(t)
}

func runSourceRemove(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "source remove", true, false)
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(1, 1); err != nil {
		return err
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	src, err := findSource(ctx, st, f.Arg(0))
	if err != nil {
		return err
	}
	if err := st.RemoveSource(ctx, src.ID); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "removed source %d: %s (its %d articles stay)\n", src.ID, src.URL, src.Items)
	return nil
}

// findSource looks a source up by ID or URL.
func findSource(ctx context.Context, st store.Store, ref string) (store.Source, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		sources, err := st.ListSources(ctx, store.SourceFilter{Limit: store.MaxLimit})
		if err != nil {
			return store.Source{}, err
		}
		for _, s := range sources {
			if s.ID == id {
				return s, nil
			}
		}
		return store.Source{}, fmt.Errorf("no source with ID %d", id)
	}
	src, err := st.SourceByURL(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		if abs, aerr := filepath.Abs(ref); aerr == nil {
			if s, err2 := st.SourceByURL(ctx, abs); err2 == nil {
				return s, nil
			}
		}
		return store.Source{}, fmt.Errorf("no source %q; see winnow source list", ref)
	}
	return src, err
}

func runSourceImport(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "source import", true, false)
	interval := f.Duration("interval", 0, "fetch interval for the imported sources (default "+pipeline.DefaultFetchInterval.String()+")")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(1, 1); err != nil {
		return err
	}
	var r io.Reader = env.Stdin
	if name := f.Arg(0); name != "-" {
		file, err := os.Open(name)
		if err != nil {
			return err
		}
		defer file.Close()
		r = file
	}
	_, entries, err := opml.Parse(io.LimitReader(r, 32<<20))
	if err != nil {
		return err
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	var added, present, failed int
	for _, e := range entries {
		kind := ""
		if e.XMLURL == "" {
			kind = string(model.SourcePage)
		} else {
			kind = string(model.SourceFeed)
		}
		src, err := newSource(e.Target(), e.Title, kind, *interval)
		if err == nil {
			_, err = st.AddSource(ctx, src)
		}
		switch {
		case err == nil:
			added++
		case errors.Is(err, store.ErrConflict):
			present++
		default:
			failed++
			fmt.Fprintf(env.Stderr, "winnow: %s: %v\n", e.Target(), err)
		}
	}
	fmt.Fprintf(env.Stdout, "%d sources added, %d already present, %d refused\n", added, present, failed)
	if failed > 0 {
		return errFailed
	}
	return nil
}

func runSourceExport(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "source export", true, false)
	title := f.String("title", "winnow sources", "title of the exported list")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(0, 1); err != nil {
		return err
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	sources, err := st.ListSources(ctx, store.SourceFilter{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	var entries []opml.Entry
	skipped := 0
	for _, s := range sources {
		e := opml.Entry{Title: s.Name}
		switch s.Kind {
		case model.SourceFeed:
			e.XMLURL = s.URL
		case model.SourcePage:
			e.URL = s.URL
		default:
			skipped++ // a local path means nothing to another machine
			continue
		}
		entries = append(entries, e)
	}
	w := env.Stdout
	if f.NArg() == 1 && f.Arg(0) != "-" {
		file, err := os.Create(f.Arg(0))
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	if err := opml.Write(w, *title, entries, time.Now()); err != nil {
		return err
	}
	if skipped > 0 {
		fmt.Fprintf(env.Stderr, "winnow: %d local file sources left out of the OPML list\n", skipped)
	}
	return nil
}
