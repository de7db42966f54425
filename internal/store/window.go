package store

import (
	"math"
	"time"
)

// TimeWindow is a half-open slice of publication times, [From, Until).
// A zero From is unbounded below; a zero Until is unbounded above.
type TimeWindow struct {
	From, Until time.Time
}

// firstReach is how far back from the newest publication time the first
// window reaches; each further window reaches back four times as far.
const firstReach = 7 * 24 * time.Hour

// NewestFirstWindows splits the publication times from newest down to
// floor (the oldest stored time, or a later Since) into adjacent windows,
// newest first: the first is [newest-7d, +inf), each next one reaches back
// four times as far from newest, and the last is unbounded below. A listing
// ordered newest first can walk them in turn, stopping once it has enough
// rows, and return exactly what one query over all of them would: every
// time value falls in exactly one window, so equal times never straddle
// two. It returns nil when newest is zero (nothing dated).
func NewestFirstWindows(newest, floor time.Time) []TimeWindow {
	if newest.IsZero() {
		return nil
	}
	var out []TimeWindow
	var until time.Time
	for reach := firstReach; ; reach *= 4 {
		from := newest.Add(-reach)
		if !from.After(floor) || reach > math.MaxInt64/4 {
			return append(out, TimeWindow{Until: until})
		}
		out = append(out, TimeWindow{From: from, Until: until})
		until = from
	}
}
