// Package cli implements winnow's command line: one file per subcommand, each
// parsing its own flags with the standard flag package.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/winnow-cti/winnow/internal/config"
)

// Env is what a command may touch: its streams, the environment and the
// loaded configuration.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Config config.Config
}

type command struct {
	name    string // "ingest", or "kb build" for a nested command
	args    string // synopsis of the arguments, e.g. "PATH...|-"
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// commands lists every subcommand in the order --help shows them. It is
// filled in init because the commands' flag sets look their synopsis up here.
var commands []command

func init() {
	commands = []command{
		{"demo", "", "build a fresh database from the embedded sample corpus and show what winnow found", runDemo},
		{"ingest", "PATH...|-", "read text, Markdown, HTML and feed files (directories recursively, - for stdin)", runIngest},
		{"source add", "URL|PATH", "add a feed, web page, PDF report or local file to fetch regularly", runSourceAdd},
		{"source list", "", "list sources with their last fetch, last error and article count", runSourceList},
		{"source remove", "ID|URL", "stop fetching a source (its articles stay)", runSourceRemove},
		{"source import", "FILE.opml|-", "add the feeds of an OPML subscription list", runSourceImport},
		{"source export", "[FILE.opml|-]", "write the sources as an OPML subscription list", runSourceExport},
		{"fetch", "[URL|PATH...]", "fetch the sources that are due (or the given URLs once) and store new articles; --queue leaves them to workers", runFetch},
		{"serve", "", "fetch due sources (or, with --queue, queue them for workers) on a schedule and answer /healthz until stopped", runServe},
		{"pdftext", "[FILE|-]", "print the text of a PDF report", runPDFText},
		{"articles", "", "list stored articles", runArticles},
		{"show", "ID", "show one article with its mentions, indicators and claims", runShow},
		{"search", "QUERY", "full-text search over article titles and text", runSearch},
		{"actors", "", "list threat actors by how often they are reported", runActors},
		{"actor", "NAME", "show a threat actor by any of its names", runActor},
		{"indicators", "", "list indicators found across articles", runIndicators},
		{"claims", "", "list claims across articles: who attacked whom, with what, when, and who says so", runClaims},
		{"eval claims", "", "score claim extraction against the embedded gold set (--split dev|test|all): precision, recall and F1 per claim type and role", runEvalClaims},
		{"eval indicators", "[FILE|-]", "score indicator extraction against the labeled set (or a JSON-lines FILE): precision and recall per type", runEvalIndicators},
		{"eval ner", "", "score the named-entity tagger against a CoNLL file (--conll): precision, recall and F1 per type, strict span match", runEvalNER},
		{"train", "", "train the named-entity tagger on the CyNER corpus and the knowledge base's names, or with --claims and --roles the claim and role classifiers (maintainers)", runTrain},
		{"aliases", "", "list aliases learned from articles, with their review status", runAliases},
		{"alias confirm", "ID", "confirm a learned alias: it keeps resolving to its entity", runAliasConfirm},
		{"alias reject", "ID", "reject a learned alias: it no longer resolves", runAliasReject},
		{"migrate", "", "apply pending database migrations and print the schema version", runMigrate},
		{"worker", "", "run queued jobs (ingest --queue, fetch --queue) until stopped, queueing due sources' fetch jobs every minute", runWorker},
		{"jobs", "", "count queued, running, done and failed jobs (--state, --kind: list them)", runJobs},
		{"kb build", "", "rebuild the knowledge-base snapshot from MISP galaxy clusters (maintainers)", runKBBuild},
		{"kb check", "", "check that every galaxy alias resolves to its own entity or is reported ambiguous", runKBCheck},
		{"kb conflicts", "", "list names the knowledge base gives to more than one entity", runKBConflicts},
		{"kb scheme", "NAME", "tell which vendor naming scheme a name follows and what it implies", runKBScheme},
	}
}

// errUsage marks an error caused by how the command was called (exit code 2).
var errUsage = errors.New("usage")

// errFailed says a command already reported its failures line by line and only
// the exit code is left to set.
var errFailed = errors.New("some inputs failed")

// Run executes winnow with args (without the program name) and returns the
// process exit code: 0 success, 1 failure, 2 bad usage.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, args, &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv})
}

func run(ctx context.Context, args []string, env *Env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printHelp(env.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cfg, err := config.Load(env.Getenv)
	if err != nil {
		fmt.Fprintf(env.Stderr, "winnow: %v\n", err)
		return 1
	}
	env.Config = cfg
	setupLogger(env.Stderr, cfg)

	cmd, rest, ok := findCommand(args)
	if !ok {
		fmt.Fprintf(env.Stderr, "winnow: unknown command %q; run 'winnow --help'\n", strings.Join(args, " "))
		return 2
	}
	err = cmd.run(ctx, env, rest)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(env.Stderr, "winnow %s: %v\n", cmd.name, err)
		return 2
	case errors.Is(err, errFailed):
		return 1
	default:
		fmt.Fprintf(env.Stderr, "winnow %s: %v\n", cmd.name, err)
		return 1
	}
}

// findCommand matches the longest command name at the start of args, so that
// "kb build" wins over "kb".
func findCommand(args []string) (command, []string, bool) {
	best, bestLen := command{}, 0
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(words) > len(args) || len(words) <= bestLen {
			continue
		}
		match := true
		for i, w := range words {
			if args[i] != w {
				match = false
				break
			}
		}
		if match {
			best, bestLen = c, len(words)
		}
	}
	return best, args[bestLen:], bestLen > 0
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, `winnow turns cybersecurity news into structured, deduplicated, cited threat intelligence.

Usage: winnow COMMAND [flags] [args]

Commands:
`)
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name)+len(c.args)+1)
	}
	for _, c := range commands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprint(w, `
Every command takes --help. Listings take --json.
Environment: WINNOW_DB (database: a SQLite path or postgres:// URL; default `+config.DefaultDBPath()+`),
WINNOW_LOG_LEVEL (debug|info|warn|error), WINNOW_LOG_FORMAT (text|json), WINNOW_CONFIG (a KEY=value file).
`)
}

// flags is the flag set every command starts from, with the flags all
// commands that read the database share.
type flags struct {
	*flag.FlagSet
	db       string
	jsonOut  bool
	limit    int
	synopsis string
}

// newFlags makes a flag set for the named command. withDB adds --db; listing
// adds --json and --limit.
func newFlags(env *Env, name string, withDB, listing bool) *flags {
	f := &flags{FlagSet: flag.NewFlagSet("winnow "+name, flag.ContinueOnError)}
	f.SetOutput(env.Stderr)
	for _, c := range commands {
		if c.name == name {
			f.synopsis = strings.TrimSpace("winnow " + c.name + " [flags] " + c.args)
			f.Usage = func() {
				fmt.Fprintf(env.Stderr, "%s\n\n%s.\n\nFlags:\n", f.synopsis, c.summary)
				f.PrintDefaults()
			}
		}
	}
	if withDB {
		f.StringVar(&f.db, "db", env.Config.DB, "database: SQLite file or postgres:// URL (env WINNOW_DB)")
	}
	if listing {
		f.BoolVar(&f.jsonOut, "json", false, "print JSON instead of a table")
		f.IntVar(&f.limit, "limit", 50, "print at most this many rows")
	}
	return f
}

// parse parses args, allowing flags after positional arguments ("winnow
// show 3 --json"); "--" ends flag parsing. A parse failure is a usage error
// (already printed).
func (f *flags) parse(args []string) error {
	var positional []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		rest := f.Args()
		// Parse stops at the first positional argument, or after "--".
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Leave the positional arguments where Args and NArg find them.
	return f.Parse(append([]string{"--"}, positional...))
}

// set reports whether the flag called name was given.
func (f *flags) set(name string) bool {
	given := false
	f.Visit(func(fl *flag.Flag) { given = given || fl.Name == name })
	return given
}

// wantArgs checks the number of positional arguments.
func (f *flags) wantArgs(min, max int) error {
	n := f.NArg()
	if n < min || (max >= 0 && n > max) {
		return fmt.Errorf("%w: %s", errUsage, f.synopsis)
	}
	return nil
}
