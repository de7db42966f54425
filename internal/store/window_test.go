package store

import (
	"testing"
	"time"
)

func TestNewestFirstWindows(t *testing.T) {
	day := 24 * time.Hour
	newest := time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)
	if got := NewestFirstWindows(time.Time{}, newest); got != nil {
		t.Errorf("nothing dated: got %v, want nil", got)
	}
	tests := []struct {
		name  string
		floor time.Time
		want  []time.Duration // reach of each window's From; 0 for unbounded
	}{
		{"floor after newest", newest.Add(day), []time.Duration{0}},
		{"floor within a week", newest.Add(-3 * day), []time.Duration{0}},
		{"floor on a boundary", newest.Add(-7 * day), []time.Duration{0}},
		{"floor a year back", newest.Add(-365 * day), []time.Duration{7 * day, 28 * day, 112 * day, 0}},
		{"floor at year 1", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewestFirstWindows(newest, tt.floor)
			if len(got) == 0 || !got[0].Until.IsZero() || !got[len(got)-1].From.IsZero() {
				t.Fatalf("got %v: want windows from +inf down to an unbounded one", got)
			}
			for i := 1; i < len(got); i++ {
				if !got[i].Until.Equal(got[i-1].From) {
					t.Fatalf("windows %d and %d not adjacent: %v", i-1, i, got)
				}
				if !got[i].From.IsZero() && !got[i].From.Before(got[i].Until) {
					t.Fatalf("window %d empty: %v", i, got)
				}
			}
			if tt.want == nil {
				return
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d windows %v, want %d", len(got), got, len(tt.want))
			}
			for i, reach := range tt.want {
				if reach == 0 {
					continue
				}
				if want := newest.Add(-reach); !got[i].From.Equal(want) {
					t.Errorf("window %d From = %v, want %v", i, got[i].From, want)
				}
			}
		})
	}
}
