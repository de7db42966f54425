package tagger

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Features are hashed: each is a template number followed by the bytes of
// its value, run through 64-bit FNV-1a. The model keeps only the hashes.
const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

type hash uint64

func newHash(template byte) hash { return hash((fnvOffset ^ uint64(template)) * fnvPrime) }

func (h hash) byte(b byte) hash { return hash((uint64(h) ^ uint64(b)) * fnvPrime) }

func (h hash) str(s string) hash {
	for i := 0; i < len(s); i++ {
		h = h.byte(s[i])
	}
	return h
}

// sep separates the parts of a feature made of several values.
func (h hash) sep() hash { return h.byte(0xff) }

// Feature templates. Their numbers are part of the model format: changing
// one means retraining.
const (
	tBias byte = iota + 1
	tLower
	tForm
	tShape
	tShortShape
	tPrefix
	tSuffix
	tFlag
	tLength
	tFirst
	tLowerAt  // lower case of a neighbour, by offset
	tShapeAt  // short shape of a neighbour, by offset
	tSuffixAt // 3-rune suffix of a neighbour, by offset
	tBigram   // lower case of two neighbouring tokens
	tShapes   // short shapes of the previous, this and the next token
	tLex      // lexicon match covering this token: class and position
	tLexExact // the same, matched with the lexicon's capitalisation
	tLexAt    // lexicon class of a neighbour, by offset
	tCoarse   // coarse classes of neighbouring tokens
	tCluster  // a prefix of a token's word cluster path, by offset
)

// Token flags, each a feature of its own.
const (
	fInitCap byte = iota
	fAllCaps
	fMixedCaps // an upper-case letter after the first rune ("DroidJack")
	fHasDigit
	fAllDigits
	fAlnum // letters and digits
	fHyphen
	fDot
	fSlash
	fUnderscore
	fHex // 16 or more hex digits and nothing else: a hash
	fPunct
	fNonASCII
	fCVE
)

// tokenInfo is what the feature templates read from one token.
type tokenInfo struct {
	form, lower string
	lowerHash   hash // of lower, for the lexicon
	shape       hash // every rune mapped to X, x, d or itself, at most 12
	shortShape  hash // the same with runs collapsed
	flags       uint32
	suffix3     hash
	runes       int
	coarse      byte   // a rough class of the token, see coarseClass
	cluster     string // the path of the lower case's word cluster, or ""
}

func describe(tok string) tokenInfo {
	ti := tokenInfo{form: tok, lower: strings.ToLower(tok)}
	ti.shape, ti.shortShape = newHash(0), newHash(0)
	var (
		last                          byte
		upper, lower, digit, hex, n   int
		otherRunes                    int
		hyphen, dot, slash, underline bool
		nonASCII                      bool
	)
	for i, r := range tok {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			upper++
			if i > 0 {
				ti.flags |= 1 << fMixedCaps
			}
		case unicode.IsLetter(r):
			c = 'x'
			lower++
		case unicode.IsDigit(r):
			c = 'd'
			digit++
		default:
			otherRunes++
			if r < utf8.RuneSelf {
				c = byte(r)
			} else {
				c = '~'
			}
		}
		if r >= utf8.RuneSelf {
			nonASCII = true
		}
		if ('0' <= r && r <= '9') || ('a' <= r && r <= 'f') || ('A' <= r && r <= 'F') {
			hex++
		}
		switch r {
		case '-':
			hyphen = true
		case '.':
			dot = true
		case '/', '\\':
			slash = true
		case '_':
			underline = true
		}
		if n < 12 {
			ti.shape = ti.shape.byte(c)
		}
		if c != last {
			ti.shortShape = ti.shortShape.byte(c)
			last = c
		}
		n++
	}
	ti.runes = n
	letters := upper + lower
	if upper > 0 && unicode.IsUpper(firstRune(tok)) {
		ti.flags |= 1 << fInitCap
	}
	if upper > 1 && lower == 0 {
		ti.flags |= 1 << fAllCaps
	}
	if digit > 0 {
		ti.flags |= 1 << fHasDigit
		if digit == n {
			ti.flags |= 1 << fAllDigits
		}
		if letters > 0 {
			ti.flags |= 1 << fAlnum
		}
	}
	set := func(ok bool, f byte) {
		if ok {
			ti.flags |= 1 << f
		}
	}
	set(hyphen, fHyphen)
	set(dot, fDot)
	set(slash, fSlash)
	set(underline, fUnderscore)
	set(hex == n && n >= 16, fHex)
	set(letters == 0 && digit == 0, fPunct)
	set(nonASCII, fNonASCII)
	set(strings.HasPrefix(ti.lower, "cve-"), fCVE)
	ti.suffix3 = newHash(tSuffixAt).str(suffix(ti.lower, 3))
	ti.coarse = coarseClass(tok, &ti)
	ti.lowerHash = newHash(0).str(ti.lower)
	return ti
}

// coarseClass sorts tokens into a few classes whose sequences say where
// names and indicators start and stop: punctuation, hashes, dotted or
// slashed words (file names, domains, paths), numbers, capitalised words,
// lower-case words and anything else.
func coarseClass(tok string, ti *tokenInfo) byte {
	switch {
	case ti.flags&(1<<fPunct) != 0:
		if ti.runes == 1 {
			return tok[0] // brackets, dots and colons matter one by one
		}
		return 'p'
	case ti.flags&(1<<fHex) != 0:
		return 'h'
	case innerSeparator(tok):
		return 'f'
	case ti.flags&(1<<fAllDigits) != 0:
		return 'd'
	case ti.flags&(1<<fInitCap) != 0:
		return 'C'
	case ti.flags&(1<<fAlnum) == 0 && ti.flags&(1<<fHasDigit) == 0 && ti.flags&(1<<fMixedCaps) == 0:
		return 'w'
	}
	return 'o'
}

// innerSeparator reports whether a dot, slash or colon sits between two
// letters or digits.
func innerSeparator(tok string) bool {
	for i := 1; i+1 < len(tok); i++ {
		switch tok[i] {
		case '.', '/', ':', '\\':
			if isWordByte(tok[i-1]) && isWordByte(tok[i+1]) {
				return true
			}
		}
	}
	return false
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// prefix returns the first n runes of s (all of s when shorter).
func prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// suffix returns the last n runes of s (all of s when shorter).
func suffix(s string, n int) string {
	i := len(s)
	for i > 0 && n > 0 {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n--
	}
	return s[i:]
}

// lengthBucket groups token lengths in runes.
func lengthBucket(n int) byte {
	switch {
	case n <= 3:
		return byte(n)
	case n <= 6:
		return 4
	case n <= 10:
		return 5
	case n <= 20:
		return 6
	}
	return 7
}

// Offsets of the neighbours the templates look at.
const window = 2

// localFeatures appends the features of token ti seen from offset k
// (-window..window) to dst; they depend on that one token only, so the
// tagger can cache them per distinct token.
func localFeatures(dst []uint64, ti *tokenInfo, k int) []uint64 {
	ko := byte(k + window)
	dst = clusterFeatures(dst, ti.cluster, k)
	if k != 0 {
		dst = append(dst, uint64(newHash(tLowerAt).byte(ko).str(ti.lower)))
		if k == -1 || k == 1 {
			dst = append(dst,
				uint64(newHash(tShapeAt).byte(ko).byte(0).sep()^ti.shortShape),
				uint64(ti.suffix3.byte(ko)))
		}
		return dst
	}
	dst = append(dst,
		uint64(newHash(tBias)),
		uint64(newHash(tLower).str(ti.lower)),
		uint64(newHash(tForm).str(ti.form)),
		uint64(newHash(tShape)^ti.shape),
		uint64(newHash(tShortShape)^ti.shortShape),
		uint64(newHash(tLength).byte(lengthBucket(ti.runes))),
	)
	for n := 1; n <= 4 && n <= ti.runes; n++ {
		dst = append(dst,
			uint64(newHash(tPrefix).byte(byte(n)).str(prefix(ti.lower, n))),
			uint64(newHash(tSuffix).byte(byte(n)).str(suffix(ti.lower, n))))
	}
	for f := byte(0); f < 32; f++ {
		if ti.flags&(1<<f) != 0 {
			dst = append(dst, uint64(newHash(tFlag).byte(f)))
		}
	}
	return dst
}

// clusterPrefixes are the lengths of the cluster path prefixes the token
// itself contributes (the full path too); neighbours contribute their
// full path and its prefix of neighbourPrefix bits.
var clusterPrefixes = [...]int{2, 4, 6, 8}

const neighbourPrefix = 6

func clusterFeatures(dst []uint64, path string, k int) []uint64 {
	if path == "" || k < -1 || k > 1 {
		return dst
	}
	h := newHash(tCluster).byte(byte(k + window))
	dst = append(dst, uint64(h.str(path).sep()))
	if k != 0 {
		if len(path) > neighbourPrefix {
			dst = append(dst, uint64(h.str(path[:neighbourPrefix])))
		}
		return dst
	}
	for _, n := range clusterPrefixes {
		if n < len(path) {
			dst = append(dst, uint64(h.str(path[:n])))
		}
	}
	return dst
}

// Lexicon positions of a token inside a matched name.
const (
	lexBegin byte = 'B'
	lexIn    byte = 'I'
	lexLast  byte = 'L'
	lexUnit  byte = 'U'
)

// lexMark is one lexicon match covering a token.
type lexMark struct {
	class uint16
	pos   byte
	exact bool
}

// contextFeatures appends the features of position i that depend on more
// than one token: position in the sentence, word pairs, shapes around it
// and lexicon matches.
func contextFeatures(dst []uint64, infos []tokenInfo, marks [][]lexMark, i int) []uint64 {
	ti := &infos[i]
	if i == 0 {
		dst = append(dst, uint64(newHash(tFirst).byte(byte(ti.flags&(1<<fInitCap)))))
	}
	prev, next := "\x00", "\x00"
	pshape, nshape := hash(0), hash(0)
	pc, nc := byte(0), byte(0)
	if i > 0 {
		prev, pshape, pc = infos[i-1].lower, infos[i-1].shortShape, infos[i-1].coarse
	}
	if i+1 < len(infos) {
		next, nshape, nc = infos[i+1].lower, infos[i+1].shortShape, infos[i+1].coarse
	}
	dst = append(dst,
		uint64(newHash(tCoarse).byte(0).byte(pc).byte(ti.coarse)),
		uint64(newHash(tCoarse).byte(1).byte(ti.coarse).byte(nc)),
		uint64(newHash(tCoarse).byte(2).byte(pc).byte(ti.coarse).byte(nc)),
	)
	dst = append(dst,
		uint64(newHash(tBigram).byte(0).str(prev).sep().str(ti.lower)),
		uint64(newHash(tBigram).byte(1).str(ti.lower).sep().str(next)),
		uint64(newHash(tShapes)^pshape^(ti.shortShape*3)^(nshape*5)),
		uint64(newHash(tShapes).byte(1)^pshape^(ti.shortShape*3)),
		uint64(newHash(tShapes).byte(2)^(ti.shortShape*3)^(nshape*5)),
	)
	if marks == nil {
		return dst // no lexicon matches in the sentence
	}
	caps := byte(ti.flags & (1<<fInitCap | 1<<fAllCaps | 1<<fMixedCaps))
	if i == 0 {
		caps |= 0x80
	}
	for _, m := range marks[i] {
		h := newHash(tLex).byte(byte(m.class)).byte(byte(m.class >> 8)).byte(m.pos)
		dst = append(dst, uint64(h), uint64(h.byte(2).byte(caps)))
		if m.exact {
			dst = append(dst, uint64(h.byte(1)))
		}
	}
	for _, k := range [...]int{-1, 1} {
		j := i + k
		if j < 0 || j >= len(marks) {
			continue
		}
		for _, m := range marks[j] {
			dst = append(dst, uint64(newHash(tLexAt).byte(byte(k+window)).byte(byte(m.class)).byte(byte(m.class>>8))))
		}
	}
	return dst
}

// sentenceFeatures returns the features of every position of a sentence.
func sentenceFeatures(tokens []string, lex *lexicon, clusters map[string]string) [][]uint64 {
	infos := make([]tokenInfo, len(tokens))
	for i, t := range tokens {
		infos[i] = describe(t)
		infos[i].cluster = clusters[infos[i].lower]
	}
	marks := lex.marks(infos)
	out := make([][]uint64, len(tokens))
	for i := range tokens {
		var f []uint64
		for k := -window; k <= window; k++ {
			if j := i + k; 0 <= j && j < len(tokens) {
				f = localFeatures(f, &infos[j], k)
			}
		}
		out[i] = contextFeatures(f, infos, marks, i)
	}
	return out
}
