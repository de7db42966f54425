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
	// deadline marks "by DATE" and "until DATE": a bound on an event, not
	// the time it happened, so no claim takes it.
	deadline bool
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
// December", "on 3 March", "over the weekend", "at the end of 2022".
var timePrepositions = setOf("in", "on", "during", "since", "until", "by", "over", "at", "within")

// thePrepositions are time prepositions only before "the": "over the
// weekend", "at the end of 2022", but "took over last year".
var thePrepositions = setOf("over", "at", "within")

// timeParser reads expressions over a run of words.
type timeParser struct {
	text      string
	words     []word
	published time.Time
	// forward resolves a date without a year to the next one not before
	// publication instead of the latest not after: set for deadlines.
	forward bool
	// rangeEnd is set while the second date of a range is read, where a
	// capitalised "May" is the month.
	rangeEnd bool
}

// findTimes returns the time expressions in the words, in order.
func findTimes(text string, ws []word, published time.Time) []timeExpr {
	return appendTimes(nil, text, ws, published)
}

// appendTimes appends to dst the time expressions in the words, in order.
func appendTimes(dst []timeExpr, text string, ws []word, published time.Time) []timeExpr {
	p := timeParser{text: text, words: ws, published: published}
	out := dst
	for k := 0; k < len(ws); {
		first := k
		if ws[k].cue&cueTimePrep == 0 && !mayStartTime(ws[k]) && ws[k].lower != "from" {
			k++ // parseAt would fail at once, and no "from" applies
			continue
		}
		open, deadline := false, false
		if ws[k].cue&cueTimePrep != 0 && p.prepAt(k) && (!thePrepositions[ws[k].lower] || p.lower(k+1) == "the") {
			open = ws[k].lower == "since"
			deadline = ws[k].lower == "by" || ws[k].lower == "until"
			k++
			if open && p.lower(k) == "at" && p.lower(k+1) == "least" {
				k += 2 // "since at least May 2023"
			}
		}
		p.forward = deadline
		n, e, ok := p.parseAt(k)
		p.forward = false
		if !ok && k == first && ws[k].lower == "from" && p.prepAt(k) {
			// "from October 2022" with no end: from then on.
			k++
			if p.lower(k) == "at" && p.lower(k+1) == "least" {
				k += 2 // "from at least May 2023"
			}
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
		e.deadline = deadline
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

// eventTimes drops the deadlines from times: "ordered agencies to patch by
// January 15" says when the order falls due, not when anything happened.
func eventTimes(times []timeExpr) []timeExpr {
	return slices.DeleteFunc(times, func(t timeExpr) bool { return t.deadline })
}

// ParseTime reads one time expression ("2022", "December 2024", "on 3
// March", "between 2020 and 2021", "in 2020 and 2021", "since May 2023",
// "five years ago", "last week", "on Tuesday", "in October last year",
// "the first half of 2023", "over the weekend", "by January 15") and
// returns the half-open interval [start, end) it denotes, in UTC. Expressions relative to publication ("yesterday", "in December")
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
	if w == "the" {
		return true // "the first half of 2023", "the past year": not a cue word, which the roles read
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
	if p.lower(k) == "the" {
		return p.theForm(k)
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
// "May" must be followed by a day or year, or follow a word that wants a
// date ("in", "since", "between", "last"), since it is more often the verb.
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
		if !day && !year && !mayOpeners[p.lower(k-1)] && !p.rangeEnd {
			return 0, false
		}
	}
	return m, true
}

// mayOpeners are the words after which "May" is the month.
var mayOpeners = setOf("in", "during", "since", "until", "by", "between", "from", "last", "early", "mid", "late")

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

// dateRange reads "between April 14 and April 25", "from October 2021
// to April 2023" and, after a time preposition, "on Wednesday and
// Thursday": the interval from the first date's start to the second's
// end. A first date without a year takes the second's ("between May and
// July 2023"); a second without one follows the first ("from May 2022 to
// July").
func (p *timeParser) dateRange(k int) (int, timeExpr, bool) {
	opener := p.lower(k)
	first := k + 1
	if opener == "from" && p.lower(first) == "at" && p.lower(first+1) == "least" {
		first += 2 // "from at least January to April"
	}
	list := opener != "between" && opener != "from"
	if list {
		if k == 0 || p.words[k-1].cue&cueTimePrep == 0 {
			return 0, timeExpr{}, false
		}
		first = k
	}
	n, a, ca, ok := p.endpointAt(first)
	if !ok || list && ca == cycleNone {
		return 0, timeExpr{}, false // "in 2015 and 2016" is yearRange's
	}
	link := first + n
	switch p.lower(link) {
	case "and":
		if opener != "between" && !list {
			return 0, timeExpr{}, false
		}
	case "to", "until", "through":
		if opener != "from" {
			return 0, timeExpr{}, false
		}
	default:
		return 0, timeExpr{}, false
	}
	p.rangeEnd = true
	m, b, cb, ok := p.endpointAt(link + 1)
	p.rangeEnd = false
	if !ok || !a.resolved || !b.resolved || list && cb == cycleNone && m == 1 {
		return 0, timeExpr{}, false // "in May and 2023" is no stretch
	}
	if ca == cycleYear && a.start.Month() == b.start.Month() && a.start.Day() > b.start.Day() {
		return 0, timeExpr{}, false // "between April 25 and April 14" runs backwards, not across a year
	}
	switch {
	case ca != cycleNone:
		a = ca.latestFrom(a, b.start)
	case cb != cycleNone:
		b = cb.earliestEndingAfter(b, a.start)
	}
	if !b.end.After(a.start) {
		return 0, timeExpr{}, false
	}
	return link + 1 + m - k, timeExpr{start: a.start, end: b.end, resolved: true}, true
}

// cycle is how far a date that names no year may be moved and still be
// read the same: a year for "May" or "March 3", a week for "Friday".
type cycle int

const (
	cycleNone cycle = iota
	cycleYear
	cycleWeek
)

// shift moves e by n cycles.
func (c cycle) shift(e timeExpr, n int) timeExpr {
	if c == cycleWeek {
		e.start, e.end = e.start.AddDate(0, 0, 7*n), e.end.AddDate(0, 0, 7*n)
	} else {
		e.start, e.end = e.start.AddDate(n, 0, 0), e.end.AddDate(n, 0, 0)
	}
	return e
}

// latestFrom moves e to its latest occurrence starting no later than t.
// A few cycles suffice: both dates were placed near publication.
func (c cycle) latestFrom(e timeExpr, t time.Time) timeExpr {
	for i := 0; i < 8 && !c.shift(e, 1).start.After(t); i++ {
		e = c.shift(e, 1)
	}
	for i := 0; i < 8 && e.start.After(t); i++ {
		e = c.shift(e, -1)
	}
	return e
}

// earliestEndingAfter moves e to its earliest occurrence ending after t.
func (c cycle) earliestEndingAfter(e timeExpr, t time.Time) timeExpr {
	for i := 0; i < 8 && c.shift(e, -1).end.After(t); i++ {
		e = c.shift(e, -1)
	}
	for i := 0; i < 8 && !e.end.After(t); i++ {
		e = c.shift(e, 1)
	}
	return e
}

// endpointAt reads a date that may end a range: a day, a month, a year or
// a weekday, with or without the others, and the cycle it may move by.
func (p *timeParser) endpointAt(k int) (int, timeExpr, cycle, bool) {
	if k >= len(p.words) || !mayStartTime(p.words[k]) {
		return 0, timeExpr{}, cycleNone, false
	}
	for _, form := range [...]func(int) (int, timeExpr, bool){p.isoDate, p.year} {
		if n, e, ok := form(k); ok {
			return n, e, cycleNone, true
		}
	}
	for _, form := range [...]func(int) (int, timeExpr, bool){p.monthFirst, p.dayFirst} {
		if n, e, ok := form(k); ok {
			if p.namesYear(k, n) {
				return n, e, cycleNone, true
			}
			return n, e, cycleYear, true
		}
	}
	if n, e, ok := p.weekday(k); ok {
		c := cycleWeek
		if n > 1 {
			c = cycleNone // "Thursday last week"
		}
		return n, e, c, true
	}
	return 0, timeExpr{}, cycleNone, false
}

// namesYear reports whether words [k, k+n) name their year: "2024",
// "last year".
func (p *timeParser) namesYear(k, n int) bool {
	for i := k; i < k+n; i++ {
		if _, ok := p.yearAt(i); ok || p.lower(i) == "year" {
			return true
		}
	}
	return false
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
		if w != "earlier" {
			if n, e, ok := p.namedPeriodAfter(k); ok {
				return n, e, true
			}
		}
		if unit == "night" && w == "last" {
			// "last night": the evening before the publication day.
			return 2, interval(day.AddDate(0, 0, -1), day), true
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
		switch w {
		case "last":
			return 2, interval(periodBefore(start, unit), start), true
		case "this":
			// "this month": the whole calendar period, as the gold set
			// writes it; "earlier this month" runs to the publication day.
			return 2, interval(start, periodAfter(start, unit)), true
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

// namedPeriodAfter reads "last September", "this March", "last summer"
// and "last weekend" at word k ("last" or "this"). "Last September" is the
// latest September over before the publication's month: in November 2023,
// September 2023; in September 2023, September 2022. "This March" is the
// publication year's.
func (p *timeParser) namedPeriodAfter(k int) (int, timeExpr, bool) {
	last := p.lower(k) == "last"
	if p.lower(k+1) == "weekend" && last {
		return 2, p.weekend(), true
	}
	first, months := 0, 1
	if m, ok := p.monthAt(k + 1); ok {
		first = int(m)
	} else if s, ok := seasons[p.lower(k+1)]; ok && last {
		first, months = s[0], s[1]
	} else {
		return 0, timeExpr{}, false
	}
	if p.published.IsZero() {
		return 2, timeExpr{}, true
	}
	if !last {
		start := date(p.pubDay().Year(), time.Month(first), 1)
		return 2, timeExpr{start: start, end: start.AddDate(0, months, 0), resolved: true}, true
	}
	return 2, p.yearly(time.Month(first), months, placeEnded), true
}

// weekend is the latest Saturday and Sunday begun by publication: "over
// the weekend", "last weekend".
func (p *timeParser) weekend() timeExpr {
	if p.published.IsZero() {
		return timeExpr{}
	}
	day := p.pubDay()
	sat := day.AddDate(0, 0, -((int(day.Weekday()) - int(time.Saturday) + 7) % 7))
	return timeExpr{start: sat, end: sat.AddDate(0, 0, 2), resolved: true}
}

// placement says which year yearly picks for a period named without one.
type placement int

const (
	placeBegun  placement = iota // the latest begun by the publication's month: "in May"
	placeEnded                   // the latest over before the publication's month: "last May"
	placeComing                  // the earliest not over before publication: "by May"
)

// yearly places the months [m, m+months) in a year chosen against the
// publication, by place.
func (p *timeParser) yearly(m time.Month, months int, place placement) timeExpr {
	pub := p.pubDay()
	month := date(pub.Year(), pub.Month(), 1)
	start := date(pub.Year()+1, m, 1)
	for i := 0; i < 4; i++ {
		end := start.AddDate(0, months, 0)
		if place == placeBegun && !start.After(month) || place == placeEnded && !end.After(month) {
			break
		}
		if place == placeComing && !start.AddDate(-1, months, 0).After(pub) {
			break // the year before is over
		}
		start = start.AddDate(-1, 0, 0)
	}
	return timeExpr{start: start, end: start.AddDate(0, months, 0), resolved: true}
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

// periodAfter returns the start of the period after the one at start.
func periodAfter(start time.Time, unit string) time.Time {
	switch unit {
	case "week":
		return start.AddDate(0, 0, 7)
	case "month":
		return start.AddDate(0, 1, 0)
	}
	return start.AddDate(1, 0, 0)
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

// monthFirst reads "March 3, 2024", "March 3", "December 2024",
// "October last year" and "December".
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
		if yn, y, ok := p.yearRefAt(k + n + 1); ok {
			return n + 1 + yn, p.dayIn(y, m, d), true
		}
		return n + 1, p.dayNoYear(m, d), true
	}
	if y, ok := p.yearAt(k + n); ok && p.tight(k+n) {
		start := date(y, m, 1)
		return n + 1, timeExpr{start: start, end: start.AddDate(0, 1, 0), resolved: true}, true
	}
	if yn, y, ok := p.yearRefAt(k + n); ok {
		return n + yn, p.monthIn(y, m), true
	}
	return n, p.monthNoYear(m), true
}

// dayFirst reads "3 March 2024", "3 March last year" and "3 March".
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
	if yn, y, ok := p.yearRefAt(k + 2); ok {
		return 2 + yn, p.dayIn(y, m, d), true
	}
	return 2, p.dayNoYear(m, d), true
}

// yearRefAt reads, right after a date, the year it falls in when that is
// named in words or after "of": "last year", "this year", "of 2022", "of
// last year". The year is 0 when it is relative and publication unknown.
func (p *timeParser) yearRefAt(k int) (n, y int, ok bool) {
	if !p.spaced(k) {
		return 0, 0, false // "in October, last year's report said"
	}
	if p.lower(k) == "of" {
		n, k = 1, k+1
	}
	if y, ok := p.yearAt(k); ok {
		return n + 1, y, true
	}
	if p.lower(k+1) != "year" {
		return 0, 0, false
	}
	var back int
	switch p.lower(k) {
	case "last":
		back = 1
	case "this":
	default:
		return 0, 0, false
	}
	if p.published.IsZero() {
		return n + 2, 0, true
	}
	return n + 2, p.pubDay().Year() - back, true
}

// spaced reports whether word k follows word k-1 after spaces only.
func (p *timeParser) spaced(k int) bool {
	if k <= 0 || k >= len(p.words) {
		return false
	}
	return p.words[k].start > p.words[k-1].end && strings.TrimSpace(p.text[p.words[k-1].end:p.words[k].start]) == ""
}

// dayIn and monthIn place a date in year y, which is 0 when unknown.
func (p *timeParser) dayIn(y int, m time.Month, d int) timeExpr {
	if y == 0 {
		return timeExpr{}
	}
	return p.day(y, m, d)
}

func (p *timeParser) monthIn(y int, m time.Month) timeExpr {
	if y == 0 {
		return timeExpr{}
	}
	start := date(y, m, 1)
	return timeExpr{start: start, end: start.AddDate(0, 1, 0), resolved: true}
}

// day is one calendar day, if it exists.
func (p *timeParser) day(y int, m time.Month, d int) timeExpr {
	t := date(y, m, d)
	if t.Month() != m {
		return timeExpr{} // "February 31": found, but no interval
	}
	return timeExpr{start: t, end: t.AddDate(0, 0, 1), resolved: true}
}

// dayNoYear is the latest such day not after publication; for a
// deadline, the next not before it.
func (p *timeParser) dayNoYear(m time.Month, d int) timeExpr {
	if p.published.IsZero() {
		return timeExpr{}
	}
	pub := p.pubDay()
	if p.forward {
		for y := pub.Year(); y <= pub.Year()+4; y++ {
			if t := date(y, m, d); t.Month() == m && !t.Before(pub) {
				return timeExpr{start: t, end: t.AddDate(0, 0, 1), resolved: true}
			}
		}
		return timeExpr{}
	}
	for y := pub.Year(); y >= pub.Year()-4; y-- {
		t := date(y, m, d)
		if t.Month() == m && !t.After(pub) {
			return timeExpr{start: t, end: t.AddDate(0, 0, 1), resolved: true}
		}
	}
	return timeExpr{}
}

// monthNoYear is the latest such month begun by publication; for a
// deadline, the next not over before it.
func (p *timeParser) monthNoYear(m time.Month) timeExpr {
	if p.published.IsZero() {
		return timeExpr{}
	}
	if p.forward {
		return p.yearly(m, 1, placeComing)
	}
	return p.yearly(m, 1, placeBegun)
}

// partOfYear reads "early 2023", "mid-2023", "late last year", "summer
// 2023", and "early December" or "late last month", which are the month.
func (p *timeParser) partOfYear(k int) (int, timeExpr, bool) {
	w := p.lower(k)
	part, rest, hyphen := strings.Cut(w, "-")
	if hyphen {
		y, ok := yearOf(rest)
		if !ok {
			return 0, timeExpr{}, false
		}
		e, ok := yearPart(part, y)
		return 1, e, ok
	}
	if _, ok := yearPart(w, 2000); !ok {
		return 0, timeExpr{}, false
	}
	if w == "early" || w == "mid" || w == "late" {
		if _, ok := p.monthAt(k + 1); ok {
			n, e, _ := p.monthFirst(k + 1)
			return n + 1, e, true
		}
		if u := p.lower(k + 2); (u == "month" || u == "week") && (p.lower(k+1) == "last" || p.lower(k+1) == "this") {
			n, e, ok := p.relative(k + 1)
			return n + 1, e, ok
		}
	}
	var n, y int
	if yy, ok := p.yearAt(k + 1); ok {
		n, y = 2, yy
	} else if yn, yy, ok := p.yearRefAt(k + 1); ok {
		// "late last year", "summer of 2023".
		if yy == 0 {
			return 1 + yn, timeExpr{}, true
		}
		n, y = 1+yn, yy
	} else {
		return 0, timeExpr{}, false
	}
	e, ok := yearPart(w, y)
	return n, e, ok
}

// yearPart is a named part of year y: early, mid, late, or a season.
func yearPart(part string, y int) (timeExpr, bool) {
	var first, months int
	switch part {
	case "early":
		first, months = 1, 4
	case "mid":
		first, months = 5, 4
	case "late":
		first, months = 9, 4
	default:
		s, found := seasons[part]
		if !found {
			return timeExpr{}, false
		}
		first, months = s[0], s[1]
	}
	start := date(y, time.Month(first), 1)
	return timeExpr{start: start, end: start.AddDate(0, months, 0), resolved: true}, true
}

// quarter reads "Q3 2023", "Q3 last year" and, after "in" or "during",
// "Q3": the latest third quarter begun by publication.
func (p *timeParser) quarter(k int) (int, timeExpr, bool) {
	w := p.lower(k)
	if len(w) != 2 || w[0] != 'q' || w[1] < '1' || w[1] > '4' {
		return 0, timeExpr{}, false
	}
	return p.yearSlice(k, 1, int(w[1]-'0'), 3)
}

// yearSlice reads, after the n words at k that name the i-th slice of a
// year months long ("Q3", "the first half"), the year it is in: "2023",
// "of 2023", "last year", "of last year". With no year after "in" or
// "during", it is the latest such slice begun by publication.
func (p *timeParser) yearSlice(k, n, i, months int) (int, timeExpr, bool) {
	first := time.Month((i-1)*months + 1)
	if y, ok := p.yearAt(k + n); ok {
		return n + 1, monthsFrom(y, first, months), true
	}
	if yn, y, ok := p.yearRefAt(k + n); ok {
		if y == 0 {
			return n + yn, timeExpr{}, true
		}
		return n + yn, monthsFrom(y, first, months), true
	}
	if before := p.lower(k - 1); before != "in" && before != "during" {
		return 0, timeExpr{}, false
	}
	if p.published.IsZero() {
		return n, timeExpr{}, true
	}
	return n, p.yearly(first, months, placeBegun), true
}

func monthsFrom(y int, m time.Month, months int) timeExpr {
	start := date(y, m, 1)
	return timeExpr{start: start, end: start.AddDate(0, months, 0), resolved: true}
}

// ordinals number the halves and quarters of a year.
var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4}

// theForm reads the expressions that open with "the": "the first half of
// 2023", "the third quarter", "the end of last year", "the past two
// weeks", "the weekend".
func (p *timeParser) theForm(k int) (int, timeExpr, bool) {
	w := p.lower(k + 1)
	if i, ok := ordinals[w]; ok {
		switch p.lower(k + 2) {
		case "half":
			if i <= 2 {
				return p.yearSlice(k, 3, i, 6)
			}
		case "quarter":
			return p.yearSlice(k, 3, i, 3)
		}
		return 0, timeExpr{}, false
	}
	if _, ok := seasons[w]; ok {
		n, e, ok := p.partOfYear(k + 1) // "the summer of 2023"
		return n + 1, e, ok
	}
	switch w {
	case "weekend":
		return 2, p.weekend(), true
	case "past", "last":
		return p.rollingWindow(k)
	case "start", "beginning", "middle", "end":
		return p.edgeOf(k)
	}
	return 0, timeExpr{}, false
}

// rollingWindow reads "the past year", "the last two weeks", "the past 12
// months": the stretch of that length up to the end of the publication
// day, unlike "last year", which is a calendar year.
func (p *timeParser) rollingWindow(k int) (int, timeExpr, bool) {
	n, count := 2, 1
	if c, ok := p.countAt(k + 2); ok {
		n, count = 3, c
	}
	unit := p.lower(k + n)
	if count > 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	var years, months, days int
	switch unit {
	case "year":
		years = count
	case "month":
		months = count
	case "week":
		days = 7 * count
	case "day":
		days = count
	default:
		return 0, timeExpr{}, false
	}
	if p.published.IsZero() {
		return n + 1, timeExpr{}, true
	}
	end := p.pubDay().AddDate(0, 0, 1)
	return n + 1, timeExpr{start: end.AddDate(-years, -months, -days), end: end, resolved: true}, true
}

// countAt reads a count of two or more, in words or digits.
func (p *timeParser) countAt(k int) (int, bool) {
	w := p.lower(k)
	if c, ok := numberNames[w]; ok {
		return c, c > 1
	}
	if w == "" || len(w) > 3 || !isAllDigits(w) {
		return 0, false
	}
	c, _ := strconv.Atoi(w)
	return c, c > 1
}

// edgeOf reads "the start of 2023", "the end of last year", "the middle
// of 2022", "the end of May": a year's edge is its first or last quarter,
// its middle is mid-year (May to August); an edge of anything shorter is
// the whole of it, as "early December" is December.
func (p *timeParser) edgeOf(k int) (int, timeExpr, bool) {
	if p.lower(k+2) != "of" {
		return 0, timeExpr{}, false
	}
	n, e, ok := p.parseAt(k + 3)
	if !ok {
		return 0, timeExpr{}, false
	}
	if e.resolved && e.start.Month() == time.January && e.start.Day() == 1 && e.end.Equal(e.start.AddDate(1, 0, 0)) {
		y := e.start.Year()
		switch p.lower(k + 1) {
		case "middle":
			e = monthsFrom(y, time.May, 4)
		case "end":
			e = monthsFrom(y, time.October, 3)
		default:
			e = monthsFrom(y, time.January, 3)
		}
	}
	return n + 3, e, true
}

// weekday reads "Tuesday": the latest Tuesday not after publication, or
// for a deadline the next not before it.
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
	if p.forward {
		d = day.AddDate(0, 0, (int(wd)-int(day.Weekday())+7)%7)
	}
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
