package tagger

// featureIndex maps feature hashes to rows of weights: an open-addressing
// table with linear probing, immutable once built. Looking a feature up is
// the tagger's most frequent operation; a slot holds the hash and the row
// together so that a lookup usually touches one cache line.
type featureIndex struct {
	slots []indexSlot
	mask  uint64
	zero  int32 // the row of the feature whose hash is 0, or -1
}

type indexSlot struct {
	key uint64 // 0 marks an empty slot
	row int32
}

func newFeatureIndex(hashes []uint64) *featureIndex {
	size := 16
	for size < 2*len(hashes) {
		size *= 2
	}
	ix := &featureIndex{slots: make([]indexSlot, size), mask: uint64(size - 1), zero: -1}
	for r, h := range hashes {
		ix.put(h, int32(r))
	}
	return ix
}

func (ix *featureIndex) put(h uint64, row int32) {
	if h == 0 {
		ix.zero = row
		return
	}
	for i := slot(h) & ix.mask; ; i = (i + 1) & ix.mask {
		if s := &ix.slots[i]; s.key == 0 || s.key == h {
			s.key, s.row = h, row
			return
		}
	}
}

func slot(h uint64) uint64 { return h ^ h>>29 }

// row returns the row of a feature, or -1 when the model has none.
func (ix *featureIndex) row(h uint64) int32 {
	if h == 0 {
		return ix.zero
	}
	for i := slot(h) & ix.mask; ; i = (i + 1) & ix.mask {
		s := ix.slots[i]
		switch s.key {
		case h:
			return s.row
		case 0:
			return -1
		}
	}
}
