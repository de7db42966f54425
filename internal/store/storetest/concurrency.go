package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/store"
)

// testConcurrentSaves saves different articles from several goroutines, all
// naming the same entity, while others read.
func testConcurrentSaves(t *testing.T, s store.Store) {
	const writers, perWriter = 8, 6
	errs := make(chan error, writers*perWriter+64)
	var wg, readers sync.WaitGroup
	done := make(chan struct{})
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, err := s.Search(t.Context(), "APT31 staging", 10); err != nil {
					errs <- err
					return
				}
				if _, err := s.ListEntities(t.Context(), store.EntityFilter{}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				n := w*perWriter + i
				a := smallArticle(t, n, date(2024, 5, 1).Add(time.Duration(n)*time.Minute))
				res, err := s.SaveAnalysis(t.Context(), a)
				if err == nil && res != store.Created {
					t.Errorf("article %d: SaveAnalysis = %v, want created", n, res)
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(done)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent use: %v", err)
	}
	want := store.Stats{Articles: writers * perWriter, Entities: 1, Mentions: writers * perWriter, Indicators: writers * perWriter}
	if got := stats(t, s); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
	list, err := s.ListEntities(t.Context(), store.EntityFilter{})
	if err != nil || len(list) != 1 || list[0].Articles != writers*perWriter {
		t.Errorf("ListEntities = %+v, %v; want APT31 in %d articles", list, err, writers*perWriter)
	}
}

// testConcurrentSameArticle saves one article from several goroutines at
// once: exactly one creates it, the rest find it unchanged.
func testConcurrentSameArticle(t *testing.T, s store.Store) {
	const goroutines = 6
	results := make(chan store.SaveResult, goroutines)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			res, err := s.SaveAnalysis(t.Context(), articleOne(t))
			if err != nil {
				t.Errorf("SaveAnalysis: %v", err)
			}
			results <- res
		})
	}
	wg.Wait()
	close(results)
	counts := map[store.SaveResult]int{}
	for r := range results {
		counts[r]++
	}
	if counts[store.Created] != 1 || counts[store.Unchanged] != goroutines-1 {
		t.Errorf("results %v, want 1 created and %d unchanged", counts, goroutines-1)
	}
	single := store.Stats{Articles: 1, Entities: 4, Mentions: 7, Indicators: 3, Claims: 4, Aliases: 1}
	if got := stats(t, s); got != single {
		t.Errorf("Stats = %+v, want %+v", got, single)
	}
}
