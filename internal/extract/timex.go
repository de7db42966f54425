package extract

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

// timeExpr is one time expression found in text, with the half-open
// interval [start, end) it denotes. Relative expressions ("last week")
// have no interval when the publication date is unknown.
type timeExpr struct {
	span       model.Span
	start, end time.Time
	resolved   bool
}

var monthNames = map[string]time.Month{
	"january": time.January, "february": time.February, "march": time.March, "april": time.April,
	"may": time.May, "june": time.June, "july": time.July, "august": time.August,
	"september": time.September, "october": time.October, "november": time.November, "december": time.December,
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"jun": time.June, "jul": time.July, "aug": time.August, "sep": time.September,
	"sept": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
}

var weekdayNames = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

var numberNames = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}

// seasons map to the months they start and how many months they last.
var seasons = map[string][2]int{
	"spring": {3, 3}, "summer": {6, 3}, "autumn": {9, 3}, "fall": {9, 3}, "winter": {12, 3},
}

// timePrepositions are kept with the expression that follows them: "in
// December", "on 3 March".
var timePrepositions = setOf("in", "on", "during", "since", "until", "by")

// timeParser reads expressions over a run of words.
type timeParser struct {
	text      string
	words     []word
	published time.Time
}

// findTimes returns the time expressions in the words, in order.
func findTimes(text string, ws []word, published time.Time) []timeExpr {
	p := timeParser{text: text, words: ws, published: published}
	var out []timeExpr
	for k := 0; k < len(ws); {
		first := k
		if ws[k].cue&cueTimePrep == 0 && !mayStartTime(ws[k]) && ws[k].lower != "from" {
			k++ // parseAt would fail at once, and no "from" applies
			continue
		}
		open := false
		if ws[k].cue&cueTimePrep != 0 && p.prepAt(k) {
			open = ws[k].lower == "since"
			k++
			if open && p.lower(k) == "at" && p.lower(k+1) == "least" {
				k += 2 // "since at least May 2023"
			}
		}
		n, e, ok := p.parseAt(k)
		if !ok && k == first && ws[k].lower == "from" && text[ws[k].start:ws[k].end] == "from" {
			// "from October 2022" with no end: from then on.
			k++
			open = true
			n, e, ok = p.parseAt(k)
		}
		if !ok {
			k = first + 1
			continue
		}
		if open && e.resolved {
			p.openEnded(&e)
		}
		e.span = model.Span{Start: ws[first].start, End: ws[k+n-1].end}
		out = append(out, e)
		k += n
	}
	return out
}

// prepAt reports whether word k is a preposition as such, in lower case
// or opening the sentence ("Since late 2021, ..."), not part of a name in
// capitals.
func (p *timeParser) prepAt(k int) bool {
	raw := p.raw(k)
	return raw == p.lower(k) || raw[1:] == p.lower(k)[1:] && isCapitalised(raw)
}

// openEnded makes the interval of "since X" end with the publication day,
// even when X itself runs past it ("since December", published on December
// 20); without a publication date it is left as X.
func (p *timeParser) openEnded(e *timeExpr) {
	if p.published.IsZero() {
		return
	}
	if end := p.pubDay().AddDate(0, 0, 1); end.After(e.start) {
		e.end = end
	}
}

// ParseTime reads one time expression ("2022", "December 2024", "on 3
// March", "between 2020 and 2021", "in 2020 and 2021", "since May 2023",
// "five years ago", "last week", "on Tuesday") and returns the half-open interval [start, end) it denotes, in
// UTC. Expressions relative to publication ("yesterday", "in December")
// need published; with a zero published they are not ok.
func ParseTime(expr string, published time.Time) (start, end time.Time, ok bool) {
	expr = strings.TrimSpace(expr)
	ws := words(expr, foldCase(expr), 0, len(expr), nil)
	found := findTimes(expr, ws, published)
	if len(found) != 1 || !found[0].resolved || found[0].span.Start != 0 {
		return time.Time{}, time.Time{}, false
	}
	if rest := strings.TrimRight(expr[found[0].span.End:], ".,;"); rest != "" {
		return time.Time{}, time.Time{}, false
	}
	return found[0].start, found[0].end, true
}

// timeStarters are the words, besides numbers, months and weekdays, that
// can open a time expression.
var timeStarters = setOf("between", "from", "yesterday", "today", "last", "earlier", "this",
	"early", "mid", "late", "q1", "q2", "q3", "q4", "spring", "summer", "autumn", "fall", "winter")

// mayStartTime is a cheap test that lets most words skip the parsers.
func mayStartTime(word word) bool {
	if word.cue&cueTime != 0 {
		return true
	}
	w := word.lower
	if w == "" {
		return false
	}
	if c := w[0]; '0' <= c && c <= '9' {
		return true
	}
	if strings.HasPrefix(w, "mid-") || strings.HasPrefix(w, "early-") || strings.HasPrefix(w, "late-") {
		return true
	}
	return false
}

// timeStartWords joins the words that can open an expression, so that
// mayStartTime looks a word up once.
var timeStartWords = sync.OnceValue(func() map[string]bool {
	set := make(map[string]bool, len(monthNames)+len(weekdayNames)+len(numberNames)+len(timeStarters))
	for w := range monthNames {
		set[w] = true
	}
	for w := range weekdayNames {
		set[w] = true
	}
	for w := range numberNames {
		set[w] = true
	}
	for w := range timeStarters {
		set[w] = true
	}
	return set
})

// parseAt tries each form at word k and returns how many words it used.
func (p *timeParser) parseAt(k int) (int, timeExpr, bool) {
	if k >= len(p.words) || !mayStartTime(p.words[k]) {
		return 0, timeExpr{}, false
	}
	forms := [...]func(int) (int, timeExpr, bool){
		p.yearRange, p.dateRange, p.relative, p.isoDate, p.monthFirst, p.dayFirst, p.partOfYear, p.quarter, p.weekday, p.year,
	}
	for _, form := range forms {
		if n, e, ok := form(k); ok {
			return n, e, true
		}
	}
	return 0, timeExpr{}, false
}

func (p *timeParser) lower(k int) string {
	if k < 0 || k >= len(p.words) {
		return ""
	}
	return p.words[k].lower
}

func (p *timeParser) raw(k int) string { return p.text[p.words[k].start:p.words[k].end] }

// tight reports whether word k follows word k-1 after spaces and at most a
// comma, or the dot of an abbreviated month ("Dec. 3").
func (p *timeParser) tight(k int) bool {
	if k <= 0 || k >= len(p.words) {
		return false
	}
	g := strings.TrimSpace(p.text[p.words[k-1].end:p.words[k].start])
	return (g == "" || g == "," || g == ".") && p.words[k].start > p.words[k-1].end
}

// yearAt returns word k as a year, if it is one: four digits between 1970
// and 2099, not a key length ("2048-bit" is one word and fails).
func (p *timeParser) yearAt(k int) (int, bool) {
	w := p.lower(k)
	if len(w) != 4 || !isAllDigits(w) {
		return 0, false
	}
	y, _ := strconv.Atoi(w)
	if y < 1970 || y > 2099 {
		return 0, false
	}
	if next := p.lower(k + 1); next == "bit" || next == "bits" || next == "bytes" {
		return 0, false
	}
	return y, true
}

// monthAt returns word k as a month name. A capital is required, and
// "May" must be followed by a day or year, or follow "in", since it is
// more often the verb.
func (p *timeParser) monthAt(k int) (time.Month, bool) {
	if k < 0 || k >= len(p.words) || !isCapitalised(p.raw(k)) {
		return 0, false
	}
	m, ok := monthNames[p.lower(k)]
	if !ok {
		return 0, false
	}
	if m == time.May && p.lower(k) == "may" {
		_, day := p.dayAt(k + 1)
		_, year := p.yearAt(k + 1)
		if !day && !year && p.lower(k-1) != "in" {
			return 0, false
		}
	}
	return m, true
}

// dayAt returns word k as a day of the month: "3", "3rd", "21st".
func (p *timeParser) dayAt(k int) (int, bool) {
	w := strings.TrimRight(p.lower(k), "stndrh")
	if w == "" || len(w) > 2 || !isAllDigits(w) {
		return 0, false
	}
	if suffix := p.lower(k)[len(w):]; suffix != "" && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th" {
		return 0, false
	}
	d, _ := strconv.Atoi(w)
	return d, d >= 1 && d <= 31
}

func (p *timeParser) yearRange(k int) (int, timeExpr, bool) {
	// "2020-2021", "2020–2021" are one word.
	if first, second, ok := twoFields(p.lower(k)); ok {
		a, okA := yearOf(first)
		b, okB := yearOf(second)
		if okA && okB && b > a {
			return 1, years(a, b), true
		}
	}
	// "between 2020 and 2021", "from 2020 to 2022", "2020 to 2022".
	first := k
	if w := p.lower(k); w == "between" || w == "from" {
		first = k + 1
	}
	a, okA := p.yearAt(first)
	if !okA {
		return 0, timeExpr{}, false
	}
	link := p.lower(first + 1)
	// "in 2015 and 2016" names both years; a bare "2015 and 2016" may be a
	// list of other things.
	inYears := first == k && link == "and" && (p.lower(k-1) == "in" || p.lower(k-1) == "during")
	if (first == k+1 && p.lower(k) == "between" && link != "and") ||
		(link != "and" && link != "to" && link != "until" && link != "through") ||
		(link == "and" && first == k && !inYears) {
		return 0, timeExpr{}, false
	}
	b, okB := p.yearAt(first + 2)
	if !okB || b <= a {
		return 0, timeExpr{}, false
	}
	return first + 3 - k, years(a, b), true
}

// dateRange reads "between April 14 and April 25" and "from October 2021
// to April 2023": the interval from the first date's start to the
// second's end.
func (p *timeParser) dateRange(k int) (int, timeExpr, bool) {
	opener := p.lower(k)
	if opener != "between" && opener != "from" {
		return 0, timeExpr{}, false
	}
	n, a, ok := p.endpointAt(k + 1)
	if !ok {
		return 0, timeExpr{}, false
	}
	link := k + 1 + n
	switch p.lower(link) {
	case "and":
		if opener != "between" {
			return 0, timeExpr{}, false
		}
	case "to", "until", "through":
		if opener != "from" {
			return 0, timeExpr{}, false
		}
	default:
		return 0, timeExpr{}, false
	}
	m, b, ok := p.endpointAt(link + 1)
	if !ok || !a.resolved || !b.resolved || !b.end.After(a.start) {
		return 0, timeExpr{}, false
	}
	return link + 1 + m - k, timeExpr{start: a.start, end: b.end, resolved: true}, true
}

// endpointAt reads a date that may end a range: a day, a month or a
// year, with or without the others.
func (p *timeParser) endpointAt(k int) (int, timeExpr, bool) {
	if k >= len(p.words) || !mayStartTime(p.words[k]) {
		return 0, timeExpr{}, false
	}
	for _, form := range [...]func(int) (int, timeExpr, bool){p.isoDate, p.monthFirst, p.dayFirst, p.year} {
		if n, e, ok := form(k); ok {
			return n, e, true
		}
	}
	return 0, timeExpr{}, false
}

// twoFields splits s at dashes as strings.FieldsFunc would, without
// allocating, and reports whether there are exactly two fields.
func twoFields(s string) (first, second string, ok bool) {
	n, start := 0, -1
	field := func(f string) {
		switch n {
		case 0:
			first = f
		case 1:
			second = f
		}
		n++
	}
	for i, r := range s {
		switch {
		case r == '-' || r == '\u2013':
			if start >= 0 {
				field(s[start:i])
				start = -1
			}
		case start < 0:
			start = i
		}
	}
	if start >= 0 {
		field(s[start:])
	}
	return first, second, n == 2
}

func yearOf(s string) (int, bool) {
	if len(s) != 4 || !isAllDigits(s) {
		return 0, false
	}
	y, _ := strconv.Atoi(s)
	return y, y >= 1970 && y <= 2099
}

// years is the interval from the start of year a to the end of year b.
func years(a, b int) timeExpr {
	return timeExpr{start: date(a, 1, 1), end: date(b+1, 1, 1), resolved: true}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// pubDay is the publication day at midnight UTC, in the publication's own
// calendar.
func (p *timeParser) pubDay() time.Time {
	y, m, d := p.published.Date()
	return date(y, m, d)
}

func (p *timeParser) relative(k int) (int, timeExpr, bool) {
	w := p.lower(k)
	unresolved := timeExpr{}
	known := !p.published.IsZero()
	day := p.pubDay()
	interval := func(start, end time.Time) timeExpr {
		if !known {
			return unresolved
		}
		return timeExpr{start: start, end: end, resolved: true}
	}
	switch w {
	case "yesterday":
		return 1, interval(day.AddDate(0, 0, -1), day), true
	case "today":
		return 1, interval(day, day.AddDate(0, 0, 1)), true
	case "last", "earlier", "this":
		n := 1
		unit := p.lower(k + 1)
		if w == "earlier" {
			if unit != "this" {
				return 0, timeExpr{}, false
			}
			n, unit = 2, p.lower(k+2)
		}
		if wd, ok := weekdayNames[unit]; ok && w == "last" {
			back := (int(day.Weekday()) - int(wd) + 7) % 7
			if back == 0 {
				back = 7
			}
			d := day.AddDate(0, 0, -back)
			return 2, interval(d, d.AddDate(0, 0, 1)), true
		}
		start, ok := periodStart(day, unit)
		if !ok {
			return 0, timeExpr{}, false
		}
		if w == "last" {
			return 2, interval(periodBefore(start, unit), start), true
		}
		return n + 1, interval(start, day.AddDate(0, 0, 1)), true
	}
	// "five years ago", "a month ago", "3 weeks ago".
	count, ok := numberNames[w]
	if !ok {
		// Atoi's error allocates; most words are not numbers.
		if digits := strings.TrimPrefix(strings.TrimPrefix(w, "+"), "-"); !isAllDigits(digits) {
			return 0, timeExpr{}, false
		}
		c, err := strconv.Atoi(w)
		if err != nil || c <= 0 || c > 100 {
			return 0, timeExpr{}, false
		}
		count = c
	}
	unit := strings.TrimSuffix(p.lower(k+1), "s")
	if p.lower(k+2) != "ago" {
		return 0, timeExpr{}, false
	}
	switch unit {
	case "year":
		y := day.Year() - count
		return 3, interval(date(y, 1, 1), date(y+1, 1, 1)), true
	case "month":
		m := date(day.Year(), day.Month(), 1).AddDate(0, -count, 0)
		return 3, interval(m, m.AddDate(0, 1, 0)), true
	case "week":
		start, _ := periodStart(day.AddDate(0, 0, -7*count), "week")
		return 3, interval(start, start.AddDate(0, 0, 7)), true
	case "day":
		d := day.AddDate(0, 0, -count)
		return 3, interval(d, d.AddDate(0, 0, 1)), true
	}
	return 0, timeExpr{}, false
}

// periodStart returns the start of the week (Monday), month or year
// holding day.
func periodStart(day time.Time, unit string) (time.Time, bool) {
	switch unit {
	case "week":
		back := (int(day.Weekday()) + 6) % 7
		return day.AddDate(0, 0, -back), true
	case "month":
		return date(day.Year(), day.Month(), 1), true
	case "year":
		return date(day.Year(), 1, 1), true
	}
	return time.Time{}, false
}

// periodBefore returns the start of the period before the one at start.
func periodBefore(start time.Time, unit string) time.Time {
	switch unit {
	case "week":
		return start.AddDate(0, 0, -7)
	case "month":
		return start.AddDate(0, -1, 0)
	}
	return start.AddDate(-1, 0, 0)
}

func (p *timeParser) isoDate(k int) (int, timeExpr, bool) {
	w := p.lower(k)
	if len(w) != len("2006-01-02") || w[4] != '-' || w[7] != '-' {
		return 0, timeExpr{}, false // not the form: spare the parser its error
	}
	t, err := time.Parse("2006-01-02", w)
	if err != nil {
		return 0, timeExpr{}, false
	}
	return 1, timeExpr{start: t, end: t.AddDate(0, 0, 1), resolved: true}, true
}

// monthFirst reads "March 3, 2024", "March 3", "December 2024" and
// "December".
func (p *timeParser) monthFirst(k int) (int, timeExpr, bool) {
	m, ok := p.monthAt(k)
	if !ok {
		return 0, timeExpr{}, false
	}
	n := 1
	if d, ok := p.dayAt(k + n); ok && p.tight(k+n) {
		if y, ok := p.yearAt(k + n + 1); ok && p.tight(k+n+1) {
			return n + 2, p.day(y, m, d), true
		}
		return n + 1, p.dayNoYear(m, d), true
	}
	if y, ok := p.yearAt(k + n); ok && p.tight(k+n) {
		start := date(y, m, 1)
		return n + 1, timeExpr{start: start, end: start.AddDate(0, 1, 0), resolved: true}, true
	}
	return n, p.monthNoYear(m), true
}

// dayFirst reads "3 March 2024" and "3 March".
func (p *timeParser) dayFirst(k int) (int, timeExpr, bool) {
	d, ok := p.dayAt(k)
	if !ok || !p.tight(k+1) {
		return 0, timeExpr{}, false
	}
	m, ok := p.monthAt(k + 1)
	if !ok {
		return 0, timeExpr{}, false
	}
	if y, ok := p.yearAt(k + 2); ok && p.tight(k+2) {
		return 3, p.day(y, m, d), true
	}
	return 2, p.dayNoYear(m, d), true
}

// day is one calendar day, if it exists.
func (p *timeParser) day(y int, m time.Month, d int) timeExpr {
	t := date(y, m, d)
	if t.Month() != m {
		return timeExpr{} // "February 31": found, but no interval
	}
	return timeExpr{start: t, end: t.AddDate(0, 0, 1), resolved: true}
}

// dayNoYear is the latest such day not after publication.
func (p *timeParser) dayNoYear(m time.Month, d int) timeExpr {
	if p.published.IsZero() {
		return timeExpr{}
	}
	pub := p.pubDay()
	for y := pub.Year(); y >= pub.Year()-4; y-- {
		t := date(y, m, d)
		if t.Month() == m && !t.After(pub) {
			return timeExpr{start: t, end: t.AddDate(0, 0, 1), resolved: true}
		}
	}
	return timeExpr{}
}

// monthNoYear is the latest such month not after publication.
func (p *timeParser) monthNoYear(m time.Month) timeExpr {
	if p.published.IsZero() {
		return timeExpr{}
	}
	pub := p.pubDay()
	y := pub.Year()
	if m > pub.Month() {
		y--
	}
	start := date(y, m, 1)
	return timeExpr{start: start, end: start.AddDate(0, 1, 0), resolved: true}
}

// partOfYear reads "early 2023", "mid-2023", "late 2022", "summer 2023".
func (p *timeParser) partOfYear(k int) (int, timeExpr, bool) {
	w := p.lower(k)
	n := 2
	part, rest, hyphen := strings.Cut(w, "-")
	if hyphen {
		w, n = part, 1
	}
	var y int
	var ok bool
	if hyphen {
		y, ok = yearOf(rest)
	} else {
		y, ok = p.yearAt(k + 1)
	}
	if m, mok := p.monthAt(k + 1); mok && !hyphen && (w == "early" || w == "mid" || w == "late") {
		// "early December": the month, the latest not after publication.
		if y, ok := p.yearAt(k + 2); ok {
			start := date(y, m, 1)
			return 3, timeExpr{start: start, end: start.AddDate(0, 1, 0), resolved: true}, true
		}
		return 2, p.monthNoYear(m), true
	}
	if !ok {
		return 0, timeExpr{}, false
	}
	var first, months int
	switch w {
	case "early":
		first, months = 1, 4
	case "mid":
		first, months = 5, 4
	case "late":
		first, months = 9, 4
	default:
		s, found := seasons[w]
		if !found {
			return 0, timeExpr{}, false
		}
		first, months = s[0], s[1]
	}
	start := date(y, time.Month(first), 1)
	return n, timeExpr{start: start, end: start.AddDate(0, months, 0), resolved: true}, true
}

// quarter reads "Q3 2023".
func (p *timeParser) quarter(k int) (int, timeExpr, bool) {
	w := p.lower(k)
	if len(w) != 2 || w[0] != 'q' || w[1] < '1' || w[1] > '4' {
		return 0, timeExpr{}, false
	}
	y, ok := p.yearAt(k + 1)
	if !ok {
		return 0, timeExpr{}, false
	}
	start := date(y, time.Month(int(w[1]-'1')*3+1), 1)
	return 2, timeExpr{start: start, end: start.AddDate(0, 3, 0), resolved: true}, true
}

// weekday reads "Tuesday": the latest Tuesday not after publication.
func (p *timeParser) weekday(k int) (int, timeExpr, bool) {
	wd, ok := weekdayNames[p.lower(k)]
	if !ok || !isCapitalised(p.raw(k)) {
		return 0, timeExpr{}, false
	}
	if p.published.IsZero() {
		return 1, timeExpr{}, true
	}
	day := p.pubDay()
	if p.lower(k+1) == "last" && p.lower(k+2) == "week" && p.tight(k+1) {
		// "Thursday last week": that day of the calendar week before.
		monday, _ := periodStart(day, "week")
		d := periodBefore(monday, "week").AddDate(0, 0, (int(wd)+6)%7)
		return 3, timeExpr{start: d, end: d.AddDate(0, 0, 1), resolved: true}, true
	}
	d := day.AddDate(0, 0, -((int(day.Weekday()) - int(wd) + 7) % 7))
	return 1, timeExpr{start: d, end: d.AddDate(0, 0, 1), resolved: true}, true
}

func (p *timeParser) year(k int) (int, timeExpr, bool) {
	y, ok := p.yearAt(k)
	if !ok {
		return 0, timeExpr{}, false
	}
	return 1, years(y, y), true
}

// sameDayTimes adds to a sentence's times the expressions that point back
// at the latest single day the article named ("On the same day", "the
// next day"), and then remembers the sentence's last single day in last.
func sameDayTimes(v *sentenceView, times []timeExpr, last *timeExpr) []timeExpr {
	if last.resolved {
		for k := 0; k+2 < len(v.words); k++ {
			if w := v.words[k].lower; w != "the" && w != "that" {
				continue
			}
			var days int
			switch {
			case v.is(k+1, "same", "day"):
			case v.is(k+1, "next", "day"), v.is(k+1, "following", "day"):
				days = 1
			default:
				continue
			}
			first := k
			if v.lowerAt(k-1) == "on" {
				first = k - 1
			}
			e := timeExpr{span: model.Span{Start: v.words[first].start, End: v.words[k+2].end}, resolved: true,
				start: last.start.AddDate(0, 0, days), end: last.end.AddDate(0, 0, days)}
			i := 0
			for i < len(times) && times[i].span.Start < e.span.Start {
				i++
			}
			times = slices.Insert(times, i, e)
			break
		}
	}
	for _, t := range times {
		if t.resolved && t.end.Sub(t.start) == 24*time.Hour {
			*last = t
		}
	}
	return times
}
