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
		{"this month", day(2025, 3, 1), day(2025, 3, 19), true},
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
	for _, expr := range []string{"last week", "five years ago", "in December", "on Tuesday", "yesterday", "on 3 March"} {
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
