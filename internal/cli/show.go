package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

func runShow(ctx context.Context, env *Env, args []string) error {
	f := newFlags(env, "show", true, false)
	jsonOut := f.Bool("json", false, "print JSON")
	withText := f.Bool("text", false, "also print the cleaned text and what cleaning removed")
	if err := f.parse(args); err != nil {
		return err
	}
	if err := f.wantArgs(1, 1); err != nil {
		return err
	}
	id, err := strconv.ParseInt(f.Arg(0), 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%w: article ID %q is not a positive number", errUsage, f.Arg(0))
	}
	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := st.Analysis(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no article with ID %d", id)
	}
	if err != nil {
		return err
	}
	if *jsonOut {
		if !*withText {
			a.Article.Text, a.Article.Removed = "", nil
		}
		return writeJSON(env.Stdout, a)
	}
	return printAnalysis(env.Stdout, a, *withText)
}

func printAnalysis(w io.Writer, a model.Analysis, withText bool) error {
	art := a.Article
	fmt.Fprintf(w, "#%d  %s\n", art.ID, cellText(art.Title))
	fmt.Fprintf(w, "Outlet: %s   Published: %s   Author: %s\n", cellText(orDash(art.Outlet)), formatDate(art.PublishedAt), cellText(orDash(art.Author)))
	fmt.Fprintf(w, "URL: %s\n", cellText(orDash(firstNonEmpty(art.CanonicalURL, art.URL))))
	fmt.Fprintf(w, "Text: %d bytes; cleaning removed %d pieces%s\n", len(art.Text), len(art.Removed), removalSummary(art.Removed))

	names := map[string]string{}
	for _, e := range a.Entities {
		names[e.Key] = e.Name
	}

	if len(a.Claims) > 0 {
		fmt.Fprintf(w, "\nClaims (%d)\n", len(a.Claims))
		for _, c := range a.Claims {
			printClaim(w, c, names, "")
		}
	}
	if len(a.Aliases) > 0 {
		fmt.Fprintf(w, "\nAliases learned (%d)\n", len(a.Aliases))
		for _, al := range a.Aliases {
			fmt.Fprintf(w, "  %s %s %s  (%s, claimed by %s, confidence %.2f)\n", cellText(al.Name), al.Relation,
				cellText(entityLabel(al.EntityKey, names)), al.Status, cellText(orDash(al.Claimant)), al.Confidence)
			if ev := al.Evidence.In(art.Text); ev != "" {
				fmt.Fprintf(w, "    %q\n", cellText(ev))
			}
		}
	}
	if len(a.Mentions) > 0 {
		fmt.Fprintf(w, "\nMentions (%d)\n", len(a.Mentions))
		t := newTable(w, "  KIND", "TEXT", "ENTITY", "AT")
		for _, m := range a.Mentions {
			t.row("  "+string(m.Kind), truncate(m.Text, 40), truncate(entityLabel(m.EntityKey, names), 40), strconv.Itoa(m.Span.Start))
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	if len(a.Indicators) > 0 {
		fmt.Fprintf(w, "\nIndicators (%d)\n", len(a.Indicators))
		t := newTable(w, "  TYPE", "VALUE", "AS WRITTEN", "DISPOSITION")
		for _, in := range a.Indicators {
			t.row("  "+string(in.Type), truncate(in.Value, 70), truncate(in.Original, 50), string(in.Disposition))
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	if withText {
		fmt.Fprintf(w, "\nText\n%s\n", art.Text)
		if len(art.Removed) > 0 {
			fmt.Fprintf(w, "\nRemoved\n")
			for _, r := range art.Removed {
				fmt.Fprintf(w, "  [%s] %s\n", r.Reason, truncate(r.Text, 100))
			}
		}
	}
	return nil
}

// printClaim prints a claim on one line with its evidence sentence below.
func printClaim(w io.Writer, c model.Claim, names map[string]string, prefix string) {
	var parts []string
	for _, r := range c.Roles {
		label := r.Text
		if n := names[r.EntityKey]; n != "" && !strings.EqualFold(n, r.Text) {
			label += " (" + n + ")"
		}
		parts = append(parts, r.Role+"="+label)
	}
	line := fmt.Sprintf("  %s[%s] %s", prefix, c.Type, strings.Join(parts, "; "))
	if c.Claimant != "" {
		line += "; said by " + c.Claimant
	}
	if c.TimeText != "" {
		line += "; when " + c.TimeText
		if !c.TimeStart.IsZero() {
			line += " (" + formatDate(c.TimeStart) + ".." + formatDate(c.TimeEnd) + ")"
		}
	}
	if c.Hedge != "" {
		line += "; hedged: " + c.Hedge
	}
	if c.Negated {
		line += "; NEGATED"
	}
	fmt.Fprintln(w, cellText(line))
	fmt.Fprintf(w, "      %q\n", cellText(truncate(c.EvidenceText, 300)))
}

func entityLabel(key string, names map[string]string) string {
	if key == "" {
		return "(unresolved)"
	}
	if n := names[key]; n != "" {
		return n
	}
	return key
}

func removalSummary(rs []model.Removal) string {
	if len(rs) == 0 {
		return ""
	}
	counts := map[string]int{}
	for _, r := range rs {
		reason, _, _ := strings.Cut(r.Reason, ":")
		counts[reason]++
	}
	var parts []string
	for reason, n := range counts {
		parts = append(parts, fmt.Sprintf("%s %d", reason, n))
	}
	sort.Strings(parts)
	return " (" + strings.Join(parts, ", ") + ")"
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
