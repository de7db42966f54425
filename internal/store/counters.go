package store

import (
	"slices"
	"strings"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

// CounterChange is what one save does to an entity's stored counters (the
// mentions, distinct articles and last-seen date ListEntities reports), so
// backends keep them without recounting every mention.
type CounterChange struct {
	Key      string
	Mentions int // mentions added; negative when the article lost some
	Articles int // +1, 0 or -1
	// Raise: the new version names the entity and has a publication date,
	// which becomes last seen if later.
	Raise bool
	// Recount: the old version named the entity with a publication date the
	// new version no longer covers, so when that date is the entity's last
	// seen, last seen has to be recomputed from its remaining articles.
	Recount bool
}

// MentionCounts counts an article's resolved mentions by entity key.
func MentionCounts(mentions []model.Mention) map[string]int {
	n := make(map[string]int)
	for _, m := range mentions {
		if m.EntityKey != "" {
			n[m.EntityKey]++
		}
	}
	return n
}

// CounterChanges compares what an article contributed before a save (old:
// mentions by entity key, published its publication date, zero when none or
// when the article is new) with what it contributes after, and returns the
// changes that do something, sorted by key so writers lock rows in one order.
func CounterChanges(old map[string]int, oldPublished time.Time, now map[string]int, published time.Time) []CounterChange {
	keys := make([]string, 0, len(old)+len(now))
	for k := range old {
		keys = append(keys, k)
	}
	for k := range now {
		if old[k] == 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, strings.Compare)
	var out []CounterChange
	for _, k := range keys {
		o, n := old[k], now[k]
		c := CounterChange{Key: k, Mentions: n - o}
		switch {
		case o == 0 && n > 0:
			c.Articles = 1
		case o > 0 && n == 0:
			c.Articles = -1
		}
		covered := n > 0 && !published.IsZero() && !published.Before(oldPublished)
		c.Raise = n > 0 && !published.IsZero() && !(o > 0 && published.Equal(oldPublished))
		c.Recount = o > 0 && !oldPublished.IsZero() && !covered
		if c.Mentions != 0 || c.Articles != 0 || c.Raise || c.Recount {
			out = append(out, c)
		}
	}
	return out
}
