package extract

import (
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseTime(t *testing.T) {
	// A Tuesday, in a zone east of UTC: the calendar day is the local one.
	published := time.Date(2025, time.March, 18, 9, 30, 0, 0, time.FixedZone("EET", 2*3600))
	tests := []struct {
		expr       string
		start, end time.Time
		ok         bool
	}{
		{"2022", day(2022, 1, 1), day(2023, 1, 1), true},
		{"in 2022", day(2022, 1, 1), day(2023, 1, 1), true},
		{"December 2024", day(2024, 12, 1), day(2025, 1, 1), true},
		{"on 3 March", day(2025, 3, 3), day(2025, 3, 4), true},
		{"on 25 December", day(2024, 12, 25), day(2024, 12, 26), true},
		{"March 3, 2024", day(2024, 3, 3), day(2024, 3, 4), true},
		{"3 March 2024", day(2024, 3, 3), day(2024, 3, 4), true},
		{"Dec. 3, 2024", day(2024, 12, 3), day(2024, 12, 4), true},
		{"March 3rd", day(2025, 3, 3), day(2025, 3, 4), true},
		{"2024-03-03", day(2024, 3, 3), day(2024, 3, 4), true},
		{"2020-2021", day(2020, 1, 1), day(2022, 1, 1), true},
		{"2020\u20132021", day(2020, 1, 1), day(2022, 1, 1), true},
		{"between 2020 and 2021", day(2020, 1, 1), day(2022, 1, 1), true},
		{"from 2019 to 2022", day(2019, 1, 1), day(2023, 1, 1), true},
		{"between April 14 and April 25", day(2024, 4, 14), day(2024, 4, 26), true},
		{"between October 2021 and April 2023", day(2021, 10, 1), day(2023, 5, 1), true},
		{"from March 3, 2024 to May 2024", day(2024, 3, 3), day(2024, 6, 1), true},
		{"between April 25 and April 14", time.Time{}, time.Time{}, false},
		{"five years ago", day(2020, 1, 1), day(2021, 1, 1), true},
		{"a year ago", day(2024, 1, 1), day(2025, 1, 1), true},
		{"two months ago", day(2025, 1, 1), day(2025, 2, 1), true},
		{"3 weeks ago", day(2025, 2, 24), day(2025, 3, 3), true},
		{"10 days ago", day(2025, 3, 8), day(2025, 3, 9), true},
		{"last week", day(2025, 3, 10), day(2025, 3, 17), true},
		{"last month", day(2025, 2, 1), day(2025, 3, 1), true},
		{"last year", day(2024, 1, 1), day(2025, 1, 1), true},
		{"in December", day(2024, 12, 1), day(2025, 1, 1), true},
		{"in March", day(2025, 3, 1), day(2025, 4, 1), true},
		{"in May", day(2024, 5, 1), day(2024, 6, 1), true},
		{"on Tuesday", day(2025, 3, 18), day(2025, 3, 19), true},
		{"on Monday", day(2025, 3, 17), day(2025, 3, 18), true},
		{"on Wednesday", day(2025, 3, 12), day(2025, 3, 13), true},
		{"last Tuesday", day(2025, 3, 11), day(2025, 3, 12), true},
		{"earlier this year", day(2025, 1, 1), day(2025, 3, 19), true},
		{"Since late 2021", day(2021, 9, 1), day(2025, 3, 19), true},
		{"since March", day(2025, 3, 1), day(2025, 3, 19), true},
		{"Since March", day(2025, 3, 1), day(2025, 3, 19), true},
		{"since at least May 2020", day(2020, 5, 1), day(2025, 3, 19), true},
		{"since last year", day(2024, 1, 1), day(2025, 3, 19), true},
		{"On 3 March", day(2025, 3, 3), day(2025, 3, 4), true},
		{"this month", day(2025, 3, 1), day(2025, 4, 1), true},
		{"this week", day(2025, 3, 17), day(2025, 3, 24), true},
		{"this year", day(2025, 1, 1), day(2026, 1, 1), true},
		{"earlier this month", day(2025, 3, 1), day(2025, 3, 19), true},
		{"last night", day(2025, 3, 17), day(2025, 3, 18), true},
		{"yesterday", day(2025, 3, 17), day(2025, 3, 18), true},
		{"today", day(2025, 3, 18), day(2025, 3, 19), true},
		{"early 2023", day(2023, 1, 1), day(2023, 5, 1), true},
		{"mid-2023", day(2023, 5, 1), day(2023, 9, 1), true},
		{"late 2022", day(2022, 9, 1), day(2023, 1, 1), true},
		{"summer 2023", day(2023, 6, 1), day(2023, 9, 1), true},
		{"Q3 2023", day(2023, 7, 1), day(2023, 10, 1), true},
		{"May", time.Time{}, time.Time{}, false},
		{"February 30, 2024", time.Time{}, time.Time{}, false},
		{"2048-bit", time.Time{}, time.Time{}, false},
		{"1850", time.Time{}, time.Time{}, false},
		{"banana", time.Time{}, time.Time{}, false},
		{"2022 and more words", time.Time{}, time.Time{}, false},
		{"", time.Time{}, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			start, end, ok := ParseTime(tt.expr, published)
			if ok != tt.ok || !start.Equal(tt.start) || !end.Equal(tt.end) {
				t.Errorf("ParseTime(%q) = [%v, %v) %v, want [%v, %v) %v", tt.expr,
					start.Format(time.DateOnly), end.Format(time.DateOnly), ok,
					tt.start.Format(time.DateOnly), tt.end.Format(time.DateOnly), tt.ok)
			}
		})
	}
}

func TestParseTimeWithoutPublication(t *testing.T) {
	for _, expr := range []string{"last week", "five years ago", "in December", "on Tuesday", "yesterday", "on 3 March",
		"in October last year", "last September", "late last year", "the end of last year", "over the weekend",
		"in the past year", "in Q3", "by Friday", "between May and July 2023"} {
		if _, _, ok := ParseTime(expr, time.Time{}); ok {
			t.Errorf("ParseTime(%q) with no publication date resolved", expr)
		}
	}
	if _, _, ok := ParseTime("December 2024", time.Time{}); !ok {
		t.Error("an absolute date needs no publication date")
	}
}

func TestFindTimes(t *testing.T) {
	published := day(2025, 3, 18)
	tests := []struct {
		text string
		want []string
	}{
		{"The Czech government on Tuesday blamed APT31 for a 2022 attack.", []string{"on Tuesday", "2022"}},
		{"It used a 2048-bit key and CVE-2024-1234.", nil},
		{"They may have begun as early as December 3, 2023.", []string{"December 3, 2023"}},
		{"Attacks ran between 2020 and 2021, then in May.", []string{"between 2020 and 2021", "in May"}},
		{"Five years ago the Parliament was hit.", []string{"Five years ago"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ws := words(tt.text, foldCase(tt.text), 0, len(tt.text), nil)
			var got []string
			for _, e := range findTimes(tt.text, ws, published) {
				got = append(got, e.span.In(tt.text))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got %q, want %q", got, tt.want)
				}
			}
		})
	}
}

func TestTwoFields(t *testing.T) {
	dash := func(r rune) bool { return r == '-' || r == '\u2013' }
	for _, s := range []string{"", "-", "2020-2021", "2020\u20132021", "-2020--2021-", "a-b-c", "2020", "x\xff-y", "\u2013\u2013a"} {
		parts := strings.FieldsFunc(s, dash)
		first, second, ok := twoFields(s)
		if ok != (len(parts) == 2) || ok && (first != parts[0] || second != parts[1]) {
			t.Errorf("twoFields(%q) = %q, %q, %v; FieldsFunc gives %q", s, first, second, ok, parts)
		}
	}
}

// TestParseTimeAgainstPublication resolves expressions of news articles
// against their own publication dates: what an analyst reads in them.
func TestParseTimeAgainstPublication(t *testing.T) {
	none := time.Time{}
	tests := []struct {
		published  string
		expr       string
		start, end time.Time
		ok         bool
	}{
		// A month named with the year it falls in.
		{"2023-11-10", "in October last year", day(2022, 10, 1), day(2022, 11, 1), true},
		{"2023-12-22", "in September last year", day(2022, 9, 1), day(2022, 10, 1), true},
		{"2023-12-22", "September of last year", day(2022, 9, 1), day(2022, 10, 1), true},
		{"2023-11-10", "In October last year", day(2022, 10, 1), day(2022, 11, 1), true},
		{"2023-11-10", "in March this year", day(2023, 3, 1), day(2023, 4, 1), true},
		{"2023-11-10", "in March of this year", day(2023, 3, 1), day(2023, 4, 1), true},
		{"2023-11-10", "in October of 2021", day(2021, 10, 1), day(2021, 11, 1), true},
		{"2023-12-20", "on October 12 last year", day(2022, 10, 12), day(2022, 10, 13), true},
		{"2023-12-20", "on 12 October last year", day(2022, 10, 12), day(2022, 10, 13), true},
		{"2023-11-10", "in October", day(2023, 10, 1), day(2023, 11, 1), true}, // unchanged
		// "last MONTH": the latest such month over before the publication's.
		{"2023-11-10", "last September", day(2023, 9, 1), day(2023, 10, 1), true},
		{"2023-09-20", "last September", day(2022, 9, 1), day(2022, 10, 1), true},
		{"2023-11-10", "last November", day(2022, 11, 1), day(2022, 12, 1), true},
		{"2023-01-25", "last June", day(2022, 6, 1), day(2022, 7, 1), true},
		{"2023-12-20", "last May", day(2023, 5, 1), day(2023, 6, 1), true},
		{"2023-12-20", "last summer", day(2023, 6, 1), day(2023, 9, 1), true},
		{"2023-07-20", "last summer", day(2022, 6, 1), day(2022, 9, 1), true},
		// Parts of relative years and months.
		{"2023-11-10", "earlier this month", day(2023, 11, 1), day(2023, 11, 11), true},
		{"2023-11-10", "late last year", day(2022, 9, 1), day(2023, 1, 1), true},
		{"2023-11-10", "early last year", day(2022, 1, 1), day(2022, 5, 1), true},
		{"2023-11-10", "mid this year", day(2023, 5, 1), day(2023, 9, 1), true},
		{"2023-04-12", "late last month", day(2023, 3, 1), day(2023, 4, 1), true},
		{"2023-11-10", "at the end of last year", day(2022, 10, 1), day(2023, 1, 1), true},
		{"2023-11-10", "at the start of 2023", day(2023, 1, 1), day(2023, 4, 1), true},
		{"2023-11-10", "the beginning of last year", day(2022, 1, 1), day(2022, 4, 1), true},
		{"2023-11-10", "the middle of 2022", day(2022, 5, 1), day(2022, 9, 1), true},
		{"2023-11-10", "the end of March", day(2023, 3, 1), day(2023, 4, 1), true},
		{"2023-12-20", "in the summer of 2022", day(2022, 6, 1), day(2022, 9, 1), true},
		{"2023-12-20", "in the first half of 2023", day(2023, 1, 1), day(2023, 7, 1), true},
		{"2023-12-20", "the second half of last year", day(2022, 7, 1), day(2023, 1, 1), true},
		{"2023-12-20", "in the third quarter of 2023", day(2023, 7, 1), day(2023, 10, 1), true},
		{"2023-08-15", "in the third quarter", day(2023, 7, 1), day(2023, 10, 1), true},
		{"2023-06-01", "in the third quarter", day(2022, 7, 1), day(2022, 10, 1), true},
		{"2023-12-20", "in the first half", day(2023, 1, 1), day(2023, 7, 1), true},
		{"2023-12-20", "in Q3", day(2023, 7, 1), day(2023, 10, 1), true},
		{"2023-12-20", "in Q3 last year", day(2022, 7, 1), day(2022, 10, 1), true},
		{"2023-12-20", "Q3 of 2022", day(2022, 7, 1), day(2022, 10, 1), true},
		// "since X" runs to the end of the publication day, whatever X.
		{"2023-12-20", "Since late 2021", day(2021, 9, 1), day(2023, 12, 21), true},
		{"2024-09-19", "since at least May 2020", day(2020, 5, 1), day(2024, 9, 20), true},
		{"2024-08-13", "since August 2023", day(2023, 8, 1), day(2024, 8, 14), true},
		{"2023-12-20", "since early 2022", day(2022, 1, 1), day(2023, 12, 21), true},
		{"2023-12-20", "since last year", day(2022, 1, 1), day(2023, 12, 21), true},
		{"2023-12-20", "since December", day(2023, 12, 1), day(2023, 12, 21), true},
		{"2023-12-20", "Since December", day(2023, 12, 1), day(2023, 12, 21), true},
		{"2025-01-09", "since at least December", day(2024, 12, 1), day(2025, 1, 10), true},
		{"2023-12-20", "since late last year", day(2022, 9, 1), day(2023, 12, 21), true},
		{"2021-11-08", "since 2014", day(2014, 1, 1), day(2021, 11, 9), true},
		// Deadlines point forward.
		{"2025-01-09", "by January 15", day(2025, 1, 15), day(2025, 1, 16), true},
		{"2025-01-09", "until January 15", day(2025, 1, 15), day(2025, 1, 16), true},
		{"2025-01-09", "by January 9", day(2025, 1, 9), day(2025, 1, 10), true},
		{"2024-12-10", "by December", day(2024, 12, 1), day(2025, 1, 1), true},
		{"2024-09-19", "by June", day(2025, 6, 1), day(2025, 7, 1), true},
		{"2025-01-09", "by Friday", day(2025, 1, 10), day(2025, 1, 11), true},
		{"2025-01-09", "By Thursday", day(2025, 1, 9), day(2025, 1, 10), true},
		{"2025-01-09", "by January 15, 2024", day(2024, 1, 15), day(2024, 1, 16), true},
		// Weekends and rolling windows.
		{"2023-12-20", "over the weekend", day(2023, 12, 16), day(2023, 12, 18), true},
		{"2023-12-16", "over the weekend", day(2023, 12, 16), day(2023, 12, 18), true},
		{"2023-12-18", "last weekend", day(2023, 12, 16), day(2023, 12, 18), true},
		{"2023-12-20", "in the past year", day(2022, 12, 21), day(2023, 12, 21), true},
		{"2023-12-20", "over the past two weeks", day(2023, 12, 7), day(2023, 12, 21), true},
		{"2023-12-20", "in the last 12 months", day(2022, 12, 21), day(2023, 12, 21), true},
		{"2023-12-20", "last year", day(2022, 1, 1), day(2023, 1, 1), true}, // calendar, unchanged
		{"2023-12-22", "two years ago", day(2021, 1, 1), day(2022, 1, 1), true},
		// Ranges and pairs: a first date without a year takes the second's.
		{"2023-12-20", "between May and July 2023", day(2023, 5, 1), day(2023, 8, 1), true},
		{"2023-12-20", "between December and February 2023", day(2022, 12, 1), day(2023, 3, 1), true},
		{"2023-12-20", "from March to June", day(2023, 3, 1), day(2023, 7, 1), true},
		{"2023-12-20", "from November to February", day(2022, 11, 1), day(2023, 3, 1), true},
		{"2023-12-20", "from May 2022 to July", day(2022, 5, 1), day(2022, 8, 1), true},
		{"2023-12-20", "between Monday and Wednesday", day(2023, 12, 18), day(2023, 12, 21), true},
		{"2023-12-20", "from Friday to Monday", day(2023, 12, 15), day(2023, 12, 19), true},
		{"2024-10-11", "on Wednesday and Thursday", day(2024, 10, 9), day(2024, 10, 11), true},
		{"2023-12-20", "in May and June 2023", day(2023, 5, 1), day(2023, 7, 1), true},
		{"2023-12-20", "in 2015 and 2016", day(2015, 1, 1), day(2017, 1, 1), true},
		{"2024-07-15", "between April 14 and April 25", day(2024, 4, 14), day(2024, 4, 26), true},
		{"2020-04-23", "from at least January to April", day(2020, 1, 1), day(2020, 5, 1), true},
		// "from X" without an end runs on to the end of the publication day, as "since X".
		{"2025-01-09", "From February 2023", day(2023, 2, 1), day(2025, 1, 10), true},
		{"2025-01-09", "from at least May 2023", day(2023, 5, 1), day(2025, 1, 10), true},
		// Near misses: not one expression.
		{"2024-07-15", "between April 25 and April 14", none, none, false},
		{"2023-12-20", "the first half", none, none, false},
		{"2023-12-20", "Q3", none, none, false},
		{"2023-12-20", "the end of the year", none, none, false},
		{"2023-12-20", "the past", none, none, false},
		{"2023-12-20", "for the first time", none, none, false},
		{"2023-12-20", "in October, last year", none, none, false},
		{"2023-12-20", "in May and 2023", none, none, false},
		{"2023-12-20", "a year earlier", none, none, false},
	}
	for _, tt := range tests {
		t.Run(tt.published+" "+tt.expr, func(t *testing.T) {
			published, err := time.Parse(time.DateOnly, tt.published)
			if err != nil {
				t.Fatal(err)
			}
			start, end, ok := ParseTime(tt.expr, published)
			if ok != tt.ok || !start.Equal(tt.start) || !end.Equal(tt.end) {
				t.Errorf("ParseTime(%q) = [%v, %v) %v, want [%v, %v) %v", tt.expr,
					start.Format(time.DateOnly), end.Format(time.DateOnly), ok,
					tt.start.Format(time.DateOnly), tt.end.Format(time.DateOnly), tt.ok)
			}
		})
	}
}

// TestFindTimesInSentences checks where expressions begin and end in
// running text, and that deadlines are found but kept from claims.
func TestFindTimesInSentences(t *testing.T) {
	published := day(2023, 12, 20)
	tests := []struct {
		text      string
		want      []string
		deadlines int
	}{
		{"In October, last year's victims were named.", []string{"In October", "last year"}, 0},
		{"The firm took over last year.", []string{"last year"}, 0},
		{"It was hit in July and CoinsPaid was hit too.", []string{"in July"}, 0},
		{"The group may have begun in May.", []string{"in May"}, 0},
		{"Since late 2021, affiliates have hit 1,000 networks.", []string{"Since late 2021"}, 0},
		{"It was seen for the first time at the end of last year.", []string{"at the end of last year"}, 0},
		{"CISA ordered agencies to patch the flaw by January 15.", []string{"by January 15"}, 1},
		{"The botnet had grown to 260,000 devices by June and was active until March.", []string{"by June", "until March"}, 2},
		{"From Moscow, the hackers struck from at least January to April.", []string{"from at least January to April"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ws := words(tt.text, foldCase(tt.text), 0, len(tt.text), nil)
			found := findTimes(tt.text, ws, published)
			var got []string
			deadlines := 0
			for _, e := range found {
				got = append(got, e.span.In(tt.text))
				if e.deadline {
					deadlines++
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || deadlines != tt.deadlines {
				t.Errorf("got %q with %d deadlines, want %q with %d", got, deadlines, tt.want, tt.deadlines)
			}
			if events := eventTimes(found); len(events) != len(tt.want)-tt.deadlines {
				t.Errorf("eventTimes kept %d of %d, want %d", len(events), len(tt.want), len(tt.want)-tt.deadlines)
			}
		})
	}
}
