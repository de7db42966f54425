package postgres

import (
	"testing"

	"github.com/winnow-cti/winnow/internal/store"
	"github.com/winnow-cti/winnow/internal/store/postgres/pgtest"
	"github.com/winnow-cti/winnow/internal/store/storetest"
)

func openFresh(t *testing.T) store.Store {
	s, err := Open(t.Context(), pgtest.Schema(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, openFresh)
}

func TestClaimWindows(t *testing.T) {
	old := claimWindowThreshold
	t.Cleanup(func() { claimWindowThreshold = old })
	storetest.RunClaimWindows(t, openFresh, func(n int) { claimWindowThreshold = n })
}
