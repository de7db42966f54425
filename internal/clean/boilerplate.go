package clean

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/winnow-cti/winnow/internal/model"
)

// boilerplateRule drops a whole line that matches Pattern and is at most
// MaxLen runes long. Every pattern is anchored at both ends, so a rule never
// cuts words out of a sentence, and MaxLen keeps a loose pattern from eating
// a real paragraph that happens to start the same way.
type boilerplateRule struct {
	Name    string // reported as "boilerplate:<Name>"
	Pattern *regexp.Regexp
	MaxLen  int
	// Also, when set, must match too: a second condition Go's regexp cannot
	// express as lookahead.
	Also *regexp.Regexp
	// Needs, when set, lists lowercase fragments of which the line must hold
	// one: a cheap test that spares long prose lines the regexp.
	Needs []string
	// Heading marks a line that introduces a list of teasers ("Related
	// articles"): list items right after it are dropped with it.
	Heading bool
	// Rest, when set, must match all that follows Pattern's match, and
	// Pattern need only match a prefix. Rules built per document (around
	// an author's name) keep their compiled-once tail here, so building
	// them stays cheap.
	Rest *regexp.Regexp
}

func rule(name string, maxLen int, pattern string) boilerplateRule {
	return boilerplateRule{Name: name, Pattern: regexp.MustCompile(pattern), MaxLen: maxLen}
}

func withAlso(r boilerplateRule, also *regexp.Regexp) boilerplateRule {
	r.Also = also
	return r
}

// cookieChoice is the vocabulary of a consent prompt.
var cookieChoice = regexp.MustCompile(`(?i)\b(accept|consent|agree|settings|preferences|manage|learn more|got it|reject|options|privacy|customi[sz]e|essential only)\b`)

func needs(r boilerplateRule, fragments ...string) boilerplateRule {
	r.Needs = fragments
	return r
}

func headingRule(name string, maxLen int, pattern string) boilerplateRule {
	r := rule(name, maxLen, pattern)
	r.Heading = true
	return r
}

// monthNames matches an English month name or its abbreviation.
const monthNames = `(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)`

// datePattern matches a written date with an optional time: "26 January
// 2023", "Mon, March 3rd, 2021 at 10:15 am", "2024-02-20 08:00 UTC".
const datePattern = `(\p{L}+,?\s+)?(\d{1,2}(st|nd|rd|th)?\s+` + monthNames + `\.?,?\s+\d{4}|` + monthNames + `\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2})(,?\s+(at\s+)?\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?(\s+[A-Z]{2,4})?)?`

// boilerplateRules is the table of line patterns. Order matters only for the
// name reported when two rules match the same line.
var boilerplateRules = []boilerplateRule{
	rule("ad", 60, `(?i)^(advertisement|advertisment|advert|ads?|sponsored( content| post)?|paid (content|post)|promoted|(story|article) continues below( (this )?(ad|advertisement))?|continue reading below|scroll (down )?to continue( reading| with content)?)\W*$`),
	rule("ad", 60, `(?i)^(you can )?skip (this )?ads?( in \d+ ?(s|secs?|seconds?))?\W*$`),
	rule("ad", 40, `(?i)^ad( \d+ of \d+)?\s*[·•|:-]?\s*\d{1,2}:\d{2}$`),
	rule("ad", 60, `(?i)^(the |this )?ad (will )?(ends?|closes?|skips?) in \d+.*$`),

	needs(rule("newsletter", 160, `(?i)^(get|receive)\b.{0,60}\b(e-?mails?|newsletters?|inbox|briefings?|digest)\b.{0,80}$`), "mail", "newsletter", "inbox", "briefing", "digest"),
	needs(rule("newsletter", 120, `(?i)^subscribe\b.{0,100}$`), "subscribe"),
	needs(rule("newsletter", 160, `(?i)^sign ?up( now| today| here)?(\W*$|\s+(for|to)\b.*$)`), "sign"),
	needs(rule("newsletter", 160, `(?i)^(join|don't miss|don’t miss|never miss|stay (informed|up to date|in the loop)|enter your e-?mail|your e-?mail address|no spam)\b.{0,150}$`), "join", "miss", "stay", "mail", "spam"),
	needs(rule("newsletter", 80, `(?i)^.{0,40}\bunsubscribe (at )?any ?time\W*$`), "unsubscribe"),

	rule("share", 60, `(?i)^(share|share this( article| story| post| page)?|share (on|via|to) (x|twitter|facebook|linkedin|reddit|whatsapp|telegram|bluesky|mastodon|threads|e-?mail)|tweet( this)?|copy( the)? link|print( this)?( article| page| story)?|e-?mail this( article| story)?)\W*$`),
	needs(rule("share", 120, `(?i)^share( this)?( article| story| post| page)?\s*[:|]\s*.{0,100}$`), "share"),
	rule("share", 120, `(?i)^((share|facebook|twitter|x|linkedin|reddit|whatsapp|telegram|e-?mail|print|copy link|bluesky|mastodon|threads)[\s|·•,/]*){2,}$`),
	rule("social", 100, `(?i)^follow (us|@\w+)( on .{1,60})?\W*$`),

	needs(rule("photo-credit", 160, `(?i)^(photo|photograph|image|picture|pic|illustration|graphic|video|footage)s?( credit| source| courtesy)?\s*[:©]\s*.{1,150}$`), "photo", "image", "picture", "pic", "illustration", "graphic", "video", "footage"),
	needs(rule("photo-credit", 140, `(?i)^\(?(photo|image|picture|illustration|graphic)s? (by|courtesy( of)?|via|credit)\b.{1,120}\)?$`), "photo", "image", "picture", "illustration", "graphic"),
	needs(rule("photo-credit", 140, `(?i)^(credit|credits|image credit|photo credit)\s*:\s*.{1,120}$`), "credit"),

	// Cookie notices are told from articles about stolen session cookies by
	// speaking to the reader and asking for a choice.
	needs(withAlso(rule("cookie", 400, `(?i)^.{0,80}\b(we|us|our|you|your)\b.{0,200}\bcookies?\b.*$`), cookieChoice), "cookie"),
	needs(withAlso(rule("cookie", 400, `(?i)^.{0,80}\bcookies?\b.{0,200}\b(we|us|our|you|your)\b.*$`), cookieChoice), "cookie"),
	needs(withAlso(rule("cookie", 300, `(?i)^[^.]{0,60}\buses? cookies\b.*$`), regexp.MustCompile(`(?i)\b(continu(e|ing) (browsing|to browse|to use)|by (using|browsing))\b`)), "cookie"),
	rule("cookie", 80, `(?i)^(accept|reject|allow|deny|decline|manage|customi[sz]e)( all| essential| necessary| optional)? cookies?\b.{0,60}$`),
	rule("cookie", 40, `(?i)^cookies? (settings|preferences|policy|consent)\W*$`),

	needs(rule("read-more", 240, `(?i)^(read more|read also|also read|see also|more reading|further reading|read next|up next|continue reading|keep reading)\s*[:»›>|—–-]\s*.{1,200}$`), "read", "see also", "up next"),
	headingRule("read-more", 60, `(?i)^(read more|read also|also read|see also|further reading|read next|up next|continue reading|keep reading|read the full (story|article|report))\W*$`),

	needs(rule("related", 260, `(?i)^related( articles?| stories| posts| coverage| news| content| reading| links| topics)?( (on|from) .{1,40})?\s*[:»›>|—–-]\s*.{1,200}$`), "related"),
	headingRule("related", 80, `(?i)^(related( articles?| stories| posts| coverage| news| content| reading| links)?|more (stories|articles|news|coverage)( (on|from) .{1,40})?|you (may|might) also (like|be interested in)|recommended( for you| reading| articles| stories)?|most (read|popular)|trending( now| stories)?|popular (now|stories|articles))\W*$`),

	needs(rule("tags", 250, `(?i)^(tags?|topics?|filed under)\s*:\s*.{0,220}$`), "tag", "topic", "filed under"),

	needs(rule("click-here", 160, `(?i)^click here\b.{0,150}$`), "click here"),

	needs(rule("copyright", 250, `(?i)^(©|\(c\)|copyright (©|\(c\))?\s*\d{4}).{0,200}$`), "©", "(c)", "copyright"),
	needs(rule("copyright", 250, `(?i)^.{0,120}\ball rights reserved\b.{0,120}$`), "rights reserved"),

	rule("navigation", 40, `(?i)^skip to (the )?(main )?(content|navigation|main|article)\W*$`),
	rule("navigation", 40, `(?i)^(back|return|go back) to (the )?(top|home ?page|home|front ?page|index|all (news|stories|posts|articles)|news)\W*$`),
	// A bar of short capitalized menu entries: "News | Politics | Podcast".
	// Table rows look alike and are exempt (see dropBoilerplate).
	needs(rule("navigation", 200, `^\p{Lu}[\p{L}&'’-]*( [\p{L}&'’-]+){0,3}( [|·•] \p{Lu}[\p{L}&'’-]*( [\p{L}&'’-]+){0,3}){2,}$`), " | ", " · ", " • "),
	needs(rule("breadcrumb", 200, `(?i)^(home|you are here:?)\s*([>›»/|]\s*[^>›»/|]{1,40}){1,6}$`), "home", "you are here"),

	rule("comments", 40, `(?i)^(\d+ )?comments?( \(\d+\))?\W*$`),
	needs(rule("comments", 120, `(?i)^comments (are|have been) (closed|disabled|turned off)\b.{0,80}$`), "comments"),
	rule("comments", 40, `(?i)^(leave|post|add|write) a (comment|reply)\W*$`),
	rule("comments", 40, `(?i)^(show|view|load|read) (\d+ |all |more )?comments\W*$`),

	// A dateline: "Filed 26 January 2023 by Jane Doe", "Posted on March 3,
	// 2021 at 10:15 am", "Updated: 2024-02-20". The whole line must be the
	// date (and a byline), so prose that starts with "Published" stays.
	needs(rule("dateline", 140, `(?i)^(filed|posted|published|updated|last updated|first published|release date|publication date|date)(:| on| at)?\s+`+datePattern+`(\s+by\s+\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,3})?\W*$`), "filed", "posted", "published", "updated", "date"),

	// Case-sensitive: a byline names people, and "By Monday ..." is prose.
	needs(rule("byline", 140, `^(By|BY|Written by|Posted by|Words by)\s+\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,3}(\s*(,|and|&)\s*\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,3})*(\s*[·|•—–]\s*.{0,80})?$`), "by "),
}

// stripCitedURLs removes the " (https://...)" kept after links' text, so
// "Share on X (https://...)" still matches the share rule.
func stripCitedURLs(line string) string {
	if !strings.Contains(line, "(http") {
		return line
	}
	var b strings.Builder
	rest := line
	for {
		i := strings.Index(rest, "(http")
		if i < 0 {
			break
		}
		end := strings.IndexAny(rest[i:], ") \t")
		u := ""
		if end > 0 {
			u = rest[i+1 : i+end]
		}
		if end < 0 || rest[i+end] != ')' || !(strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")) {
			b.WriteString(rest[:i+1])
			rest = rest[i+1:]
			continue
		}
		b.WriteString(strings.TrimRight(rest[:i], " \t"))
		rest = rest[i+end+1:]
	}
	b.WriteString(rest)
	return strings.TrimSpace(b.String())
}

func (r boilerplateRule) matches(line, lower string, runes int) bool {
	if runes > r.MaxLen {
		return false
	}
	if r.Needs != nil && !containsAny(lower, r.Needs) {
		return false
	}
	if r.Rest != nil {
		loc := r.Pattern.FindStringIndex(line)
		return loc != nil && loc[0] == 0 && r.Rest.MatchString(line[loc[1]:])
	}
	return r.Pattern.MatchString(line) && (r.Also == nil || r.Also.MatchString(line))
}

func containsAny(s string, fragments []string) bool {
	for _, f := range fragments {
		if strings.Contains(s, f) {
			return true
		}
	}
	return false
}

// matchBoilerplate returns the table rule that line matches.
func matchBoilerplate(line string) (boilerplateRule, bool) {
	return matchRules(boilerplateRules, stripCitedURLs(line))
}

// matchRules returns the first of rules that line matches.
func matchRules(rules []boilerplateRule, line string) (boilerplateRule, bool) {
	lower := strings.ToLower(line)
	n := utf8.RuneCountInString(line)
	for _, r := range rules {
		if r.matches(line, lower, n) {
			return r, true
		}
	}
	return boilerplateRule{}, false
}

// metaRules builds the rules that need the document's metadata: a byline
// naming the author ("Jane Doe · 3 May 2024"), a short author bio ("Jane Doe
// is a reporter at ..."), and the outlet's masthead ("THE DAILY WIRE",
// "Daily Wire | News | Europe"). Names longer than maxMetaNameLen are not
// names; they get no rules.
func metaRules(meta Meta) []boilerplateRule {
	var rules []boilerplateRule
	add := func(name string, maxLen int, prefix string, rest *regexp.Regexp, needed string) {
		re, err := regexp.Compile(prefix)
		if err != nil {
			return // a name the rule cannot hold; the line simply stays
		}
		rules = append(rules, boilerplateRule{Name: name, Pattern: re, Rest: rest, MaxLen: maxLen, Needs: []string{needed}})
	}
	if author := meta.Author; author != "" && utf8.RuneCountInString(author) <= maxMetaNameLen {
		name, lower := regexp.QuoteMeta(author), strings.ToLower(author)
		add("byline", len(author)+100, `(?i)^(by|written by|posted by)?\s*`+name, bylineRest, lower)
		add("author-bio", 300, `^`+name, authorBioRest, lower)
	}
	if outlet := meta.Outlet; outlet != "" && utf8.RuneCountInString(outlet) <= maxMetaNameLen {
		add("masthead", len(outlet)+100, `(?i)^(the )?`+regexp.QuoteMeta(outlet), mastheadRest, strings.ToLower(outlet))
	}
	return rules
}

// What may follow the names in metaRules: after an author, nothing, a
// separator and a little more ("· 3 min read"), or a date; after the name
// opening a bio, a verb and the bio; after an outlet, nothing or a
// separator and section names.
var (
	bylineRest    = regexp.MustCompile(`(?i)^(\W*$|\s*([,|·•—–]|\bon\b)\s*.{0,90}$|\s+` + datePattern + `\W*$)`)
	authorBioRest = regexp.MustCompile(`^ (is|was|covers|writes|reports|has been)\b.{0,260}$`)
	mastheadRest  = regexp.MustCompile(`(?i)^(\W*$|\s*[|·•—–:]\s*.{0,90}$)`)
)

const maxMetaNameLen = 100

// dropBoilerplate removes boilerplate lines from blocks and returns the
// blocks left. After a heading line such as "Related articles", the list
// items that follow it go too.
func dropBoilerplate(blocks []block, meta Meta) ([]block, []model.Removal) {
	extra := metaRules(meta)
	var (
		kept    []block
		removed []model.Removal
		teasers string // reason of the heading whose list is being dropped; "" when none
	)
	for _, b := range blocks {
		// Code is data, and table rows look like menu bars; leave both.
		if b.code || b.table {
			teasers = ""
			kept = append(kept, b)
			continue
		}
		lines := strings.Split(b.text, "\n")
		left := lines[:0]
		for _, line := range lines {
			if teasers != "" && (b.list || isBulletLine(line)) {
				removed = append(removed, model.Removal{Reason: teasers, Text: line})
				continue
			}
			teasers = ""
			r, ok := matchBoilerplate(line)
			if !ok {
				r, ok = matchRules(extra, line)
			}
			if !ok {
				left = append(left, line)
				continue
			}
			reason := "boilerplate:" + r.Name
			removed = append(removed, model.Removal{Reason: reason, Text: line})
			if r.Heading {
				teasers = reason
			}
		}
		if len(left) > 0 {
			b.text = strings.Join(left, "\n")
			kept = append(kept, b)
		}
	}
	return kept, removed
}
