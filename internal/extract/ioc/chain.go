package ioc

import (
	"net/netip"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// atom is one label of a dotted chain (a host label, an octet, a file name
// part).
type atom struct {
	start, end int
}

// chain is a run of atoms joined by dots, plain or defanged: evil[.]com,
// 10.0.0[.]1, invoice.pdf, evil dot com.
type chain struct {
	start, end int
	atoms      []atom
	defanged   bool // some joiner was a defanged dot
	spelled    bool // some joiner was a spelled-out " dot "
}

type joinKind uint8

const (
	joinNone joinKind = iota
	joinPlain
	joinDefanged
	joinSpelled
	joinSpaced // " . ", read only between the octets of an IPv4 address
)

// bracketed reports where a bracketed defang token such as "[.]", "(dot)" or
// "{at}" that opens at p ends, or 0 when there is none. inner is lower case.
func bracketed(t string, p int, inner string) int {
	if p >= len(t) {
		return 0
	}
	var closing byte
	switch t[p] {
	case '[':
		closing = ']'
	case '(':
		closing = ')'
	case '{':
		closing = '}'
	default:
		return 0
	}
	q := p + 1
	if !hasFoldPrefix(t[q:], inner) {
		return 0
	}
	q += len(inner)
	if q < len(t) && t[q] == closing {
		return q + 1
	}
	return 0
}

// skipSpace steps over one space at p, if there is one.
func skipSpace(t string, p int) int {
	if p < len(t) && t[p] == ' ' {
		return p + 1
	}
	return p
}

// bracketedAround finds a bracketed token at p, allowing one space on either
// side ("evil [dot] com"). It returns the end, or 0.
func bracketedAround(t string, p int, inner string) int {
	if e := bracketed(t, skipSpace(t, p), inner); e > 0 {
		return skipSpace(t, e)
	}
	return 0
}

// joinerAt reports the dot, plain or defanged, that starts at p.
func joinerAt(t string, p int) (int, joinKind) {
	if p >= len(t) {
		return p, joinNone
	}
	switch t[p] {
	case '.':
		// "evil.]top": a bracketed dot that lost its opening bracket.
		if p+2 < len(t) && isCloser(t[p+1]) && isAlnum(t[p+2]) {
			return p + 2, joinDefanged
		}
		return p + 1, joinPlain
	case '\\':
		if p+1 < len(t) && t[p+1] == '.' {
			return p + 2, joinDefanged
		}
	case '[', '(', '{', ' ':
		if e := bracketedAround(t, p, "."); e > 0 {
			return e, joinDefanged
		}
		if e := bracketedAround(t, p, "dot"); e > 0 {
			return e, joinDefanged
		}
		if t[p] == ' ' {
			if hasFoldPrefix(t[p+1:], "dot ") {
				return p + 5, joinSpelled
			}
			if strings.HasPrefix(t[p+1:], ". ") {
				return p + 3, joinSpaced
			}
		} else if e := looseDotAt(t, p); e > 0 {
			return e, joinDefanged
		}
	}
	return p, joinNone
}

func isCloser(c byte) bool { return c == ']' || c == ')' || c == '}' }

// looseDotAt reports a dot defanged with brackets that do not pair up, as
// people write them by hand: "evil[.)top", "evil(.]top", and the half forms
// "www[.evil", "1.1.1[.1". It returns the end, or 0. The bracket at p opens;
// the caller has already ruled out a matching pair.
//
// A half form whose next word closes the bracket ("Microsoft(.NET)",
// "domain[.com]") is not one: the bracket holds a name, and domain[.com] is
// read by scanChainInto as a whole. Nor is a half form before an upper-case
// word ("ASP[.NET"): that is a product name, not a host.
func looseDotAt(t string, p int) int {
	q := p + 1
	if q >= len(t) || t[q] != '.' {
		return 0
	}
	q++
	if q < len(t) && isCloser(t[q]) {
		q++
		if q < len(t) && isAlnum(t[q]) {
			return q
		}
		return 0
	}
	if q >= len(t) || !isAlnum(t[q]) {
		return 0
	}
	end := scanAtom(t, q)
	if end < len(t) && isCloser(t[end]) {
		return 0
	}
	upper := true
	for k := q; k < end && upper; k++ {
		upper = isUpper(t[k])
	}
	if upper {
		return 0
	}
	return q
}

// atSignAt reports the at sign, plain or defanged ("[@]", "(at)", " [at] "),
// that starts at p: its end, or 0, and whether it was defanged.
func atSignAt(t string, p int) (int, bool) {
	if p < len(t) && t[p] == '@' {
		return p + 1, false
	}
	if e := bracketedAround(t, p, "@"); e > 0 {
		return e, true
	}
	if e := bracketedAround(t, p, "at"); e > 0 {
		return e, true
	}
	return 0, false
}

// scanChain reads the chain whose first atom is [start, firstEnd), into the
// scanner's reusable buffer.
func (s *scanner) scanChain(start, firstEnd int) chain {
	return s.scanChainInto(&s.atoms, start, firstEnd)
}

// scanChainInto reads a chain into buf, so a second chain can be read while
// the first is still in use (an e-mail address's domain after its local
// part).
func (s *scanner) scanChainInto(buf *[]atom, start, firstEnd int) chain {
	t := s.text
	atoms := append((*buf)[:0], atom{start, firstEnd})
	ch := chain{start: start, end: firstEnd}
	for {
		next, kind := joinerAt(t, ch.end)
		if kind == joinNone && strings.HasPrefix(t[ch.end:], "[.") {
			// "domain[.com]": the bracket holds the dot and the last label.
			if aEnd := scanAtom(t, ch.end+2); aEnd > ch.end+2 && isAlnum(t[ch.end+2]) && s.at(aEnd) == ']' {
				atoms = append(atoms, atom{ch.end + 2, aEnd})
				ch.end, ch.defanged = aEnd+1, true
			}
			break
		}
		if kind == joinNone || next >= len(t) || !isAlnum(t[next]) {
			break
		}
		aEnd := scanAtom(t, next)
		if kind == joinSpelled && !s.acceptSpelledDot(atoms[len(atoms)-1], next, aEnd) {
			break
		}
		if kind == joinSpaced && !acceptSpacedDot(t, atoms, next) {
			break
		}
		switch kind {
		case joinDefanged, joinSpaced:
			ch.defanged = true
		case joinSpelled:
			ch.defanged, ch.spelled = true, true
		}
		atoms = append(atoms, atom{next, aEnd})
		ch.end = aEnd
	}
	*buf = atoms
	ch.atoms = atoms
	return ch
}

// acceptSpelledDot decides whether " dot " between left and the atom
// [next, nextEnd) is a defanged dot. Prose uses the word too ("the dot
// product"), so it counts only before a common TLD or another dot.
func (s *scanner) acceptSpelledDot(left atom, next, nextEnd int) bool {
	t := s.text
	if nextEnd-next > 63 || spelledDotStopwords[lowerASCII(t[left.start:left.end])] {
		return false
	}
	if commonTLDs[lowerASCII(t[next:nextEnd])] {
		return true
	}
	after, kind := joinerAt(t, nextEnd)
	return kind != joinNone && after < len(t) && isAlnum(t[after])
}

// acceptSpacedDot decides whether " . " before the atom at next is a
// defanged dot ("1.1.1 . 1"). Between words it is punctuation, so it counts
// only inside an IPv4 address: the atoms before it and the ones that follow
// it must be exactly four octets of up to three digits.
func acceptSpacedDot(t string, atoms []atom, next int) bool {
	if len(atoms) > 3 {
		return false
	}
	for _, a := range atoms {
		if !isOctet(t[a.start:a.end]) {
			return false
		}
	}
	n, p := len(atoms), next
	for {
		end, ok := octetAt(t, p)
		if !ok {
			return false
		}
		if n++; n == 4 {
			after, kind := joinerAt(t, end)
			return kind == joinNone || after >= len(t) || !isAlnum(t[after])
		}
		after, kind := joinerAt(t, end)
		if kind == joinNone || kind == joinSpelled {
			return false
		}
		p = after
	}
}

// octetAt reports whether a decimal octet (0 to 255), ending a word, starts
// at p, and where it ends. It looks at four bytes at most.
func octetAt(t string, p int) (int, bool) {
	e := p
	for e < len(t) && e-p < 4 && isDigit(t[e]) {
		e++
	}
	return e, isOctet(t[p:e]) && (e >= len(t) || !isLabel(t[e]))
}

// isOctet reports whether s is one to three digits worth at most 255.
func isOctet(s string) bool {
	if len(s) == 0 || len(s) > 3 || !allDigits(s) {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n <= 255
}

// joinLower joins the atoms' text with dots, lower-cased.
func (s *scanner) joinLower(atoms []atom) string {
	var b strings.Builder
	n := len(atoms) - 1
	for _, a := range atoms {
		n += a.end - a.start
	}
	b.Grow(n)
	for i, a := range atoms {
		if i > 0 {
			b.WriteByte('.')
		}
		for k := a.start; k < a.end; k++ {
			c := s.text[k]
			if isUpper(c) {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// joinAsWritten joins the atoms' text with dots, keeping case (file names).
func (s *scanner) joinAsWritten(atoms []atom) string {
	var b strings.Builder
	for i, a := range atoms {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.text[a.start:a.end])
	}
	return b.String()
}

// classify decides what a chain that is not an e-mail address is, emits it
// and returns where scanning resumes.
func (s *scanner) classify(ch chain) int {
	t := s.text
	atoms := ch.atoms
	if len(atoms) == 1 {
		return s.singleAtom(ch.start, ch.end)
	}
	first, second := t[atoms[0].start:atoms[0].end], t[atoms[1].start:atoms[1].end]
	if len(atoms) == 2 && !ch.defanged && isTechnique(first) && len(second) == 3 && allDigits(second) {
		s.emit(model.IndicatorATTACK, first+"."+second, ch.start, ch.end, false, model.DispIndicator)
		return ch.end
	}
	if len(atoms) == 4 {
		if e, ok := s.ipv4(ch); ok {
			return e
		}
	}
	if len(atoms) == 5 && s.portSuffix(atoms[4]) {
		// netstat writes the port after a fifth dot: 10.1.1.117.4222,
		// 10.1.1.117.https.
		quad := chain{start: ch.start, end: atoms[3].end, atoms: atoms[:4], defanged: ch.defanged}
		if addr, ok := s.ipv4Atoms(quad.atoms); ok {
			s.emit(model.IndicatorIPv4, addr.String(), quad.start, quad.end, ch.defanged, ipDisposition(addr))
			return ch.end
		}
	}
	return s.dotted(ch)
}

// portSuffix reports a fifth dotted atom that reads as a port: a number
// above any octet, or a service name.
func (s *scanner) portSuffix(a atom) bool {
	w := s.text[a.start:a.end]
	if allDigits(w) {
		n, ok := asNumber(w)
		return ok && n > 255 && n <= 65535
	}
	return serviceNames[lowerASCII(w)]
}

// tldOf returns the chain's last label lower-cased and whether it is a
// top-level domain a host can end in: an ICANN TLD or a special-use one.
func (s *scanner) tldOf(atoms []atom) (string, bool) {
	last := atoms[len(atoms)-1]
	if l := last.end - last.start; l < 2 || l > 63 {
		return "", false
	}
	tld := lowerASCII(s.text[last.start:last.end])
	if strings.HasPrefix(tld, "xn--") {
		return tld, isICANNTLD(tld)
	}
	for i := 0; i < len(tld); i++ {
		if !isLower(tld[i]) {
			return tld, false
		}
	}
	return tld, isICANNTLD(tld) || reservedTLDs[tld]
}

// hostLabelsOK reports whether the atoms make a syntactically valid host
// name: labels of letters, digits and inner hyphens, 253 bytes at most.
func (s *scanner) hostLabelsOK(atoms []atom) bool {
	t := s.text
	total := -1
	for _, a := range atoms {
		l := a.end - a.start
		total += l + 1
		if l == 0 || l > 63 || total > 253 || t[a.start] == '-' || t[a.end-1] == '-' {
			return false
		}
		for k := a.start; k < a.end; k++ {
			if t[k] == '_' {
				return false
			}
		}
	}
	return true
}

// dotted handles a chain of two or more atoms that is not an address: a
// file name, an anti-virus detection name, a domain or a schemeless URL.
func (s *scanner) dotted(ch chain) int {
	t := s.text
	atoms := ch.atoms
	tld, tldOK := s.tldOf(atoms)

	if fileExts[tld] && !ch.spelled && (!tldOK || s.fileContext(ch)) {
		if ch.end-ch.start <= 255 && isAlnum(t[ch.start]) {
			name := s.joinAsWritten(atoms)
			disp := model.DispIndicator
			switch first := t[atoms[0].start:atoms[0].end]; {
			case benignFiles[strings.ToLower(name)]:
				disp = model.DispBenign
			case tld == "js" && len(atoms) == 2 && isCapitalisedWord(first):
				// Node.js, Vue.js: products, not files.
				disp = model.DispNotIOC
			}
			s.emit(model.IndicatorFile, name, ch.start, ch.end, ch.defanged, disp)
		}
		return ch.end
	}

	if s.avName(ch, tld) {
		s.emit(model.IndicatorDomain, s.joinLower(atoms), ch.start, ch.end, ch.defanged, model.DispNotIOC)
		return ch.end
	}

	if isLatinLetterAt(t, ch.end) {
		return ch.end // "unicodé.com": only part of the name is ASCII
	}
	if tldOK && s.hostLabelsOK(atoms) {
		host := s.joinLower(atoms)
		if e, ok := s.schemelessURL(ch.start, ch.end, host, ch.defanged, netip.Addr{}); ok {
			return e
		}
		disp := s.hostDisposition(host, useDomain)
		if s.sentenceJoin(atoms) {
			disp = model.DispNotIOC
		}
		s.emit(model.IndicatorDomain, host, ch.start, ch.end, ch.defanged, disp)
		return ch.end
	}

	// "evil.com.Then": a missing space after a sentence glued the next word
	// on. Keep the longest prefix that is a domain followed by a capitalised
	// word.
	for k := min(len(atoms)-1, 127); k >= 2; k-- {
		a := atoms[k]
		if !isUpper(t[a.start]) || a.end-a.start < 2 || !isLower(t[a.start+1]) {
			continue
		}
		sub := atoms[:k]
		if _, ok := s.tldOf(sub); ok && s.hostLabelsOK(sub) {
			host := s.joinLower(sub)
			end := sub[k-1].end
			s.emit(model.IndicatorDomain, host, ch.start, end, ch.defanged, s.hostDisposition(host, useDomain))
			return end
		}
	}
	return ch.end
}

// sentenceJoin reports a two-label name like "campaign.It" whose "TLD" is
// the capitalised first word of the next sentence.
func (s *scanner) sentenceJoin(atoms []atom) bool {
	if len(atoms) != 2 {
		return false
	}
	t := s.text
	first, last := atoms[0], atoms[1]
	if !isUpper(t[last.start]) || last.end-last.start < 2 || !isLower(t[last.start+1]) {
		return false
	}
	for k := first.start; k < first.end; k++ {
		if isUpper(t[k]) {
			return false
		}
	}
	return true
}

// fileContext reports whether the words or path around a chain whose last
// label is both a file extension and a TLD (.zip, .py, .one) make it a file.
func (s *scanner) fileContext(ch chain) bool {
	t := s.text
	if c := s.at(ch.start - 1); c == '\\' || c == '/' || c == '%' {
		return true
	}
	// Host names have no underscores and rarely capital extensions.
	for k := ch.start; k < ch.end; k++ {
		if t[k] == '_' {
			return true
		}
	}
	last := ch.atoms[len(ch.atoms)-1]
	if allUpperLetters(t[last.start:last.end]) && !allUpperLetters(t[ch.start:ch.atoms[0].end]) {
		return true
	}
	return fileContextWords[s.prevWord(ch.start)] || fileContextWords[s.nextWord(ch.end)]
}

// isCapitalisedWord matches "Node": a capital then lower-case letters.
func isCapitalisedWord(w string) bool {
	if len(w) < 2 || !isUpper(w[0]) {
		return false
	}
	for i := 1; i < len(w); i++ {
		if !isLower(w[i]) {
			return false
		}
	}
	return true
}

func allUpperLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isUpper(w[i]) {
			return false
		}
	}
	return w != ""
}

// avName reports whether the chain reads as an anti-virus detection name:
// Trojan.Win32.Agent, Ransom.Win64.LOCKBIT.YXDA, W64/BURNTCIGAR.BQ!tr,
// HEUR:Trojan.Win32.Generic, TROJ_FAKEAV.SMA, BURNTCIGAR.CA.
func (s *scanner) avName(ch chain, tld string) bool {
	t := s.text
	atoms := ch.atoms
	first := lowerASCII(t[atoms[0].start:atoms[0].end])
	if avTypes[first] || avPlatforms[first] {
		return true
	}
	if u := strings.IndexByte(first, '_'); u > 0 && avTypes[first[:u]] {
		return true
	}
	for _, a := range atoms[1:] {
		if avPlatforms[lowerASCII(t[a.start:a.end])] {
			return true
		}
	}
	// A verdict suffix: ".CA!tr", ".RT!MTB".
	if s.at(ch.end) == '!' && isAlnum(s.at(ch.end+1)) {
		return true
	}
	// A type or platform prefix: "HEUR:", "Trojan:Win32/", "W64/".
	if c := s.at(ch.start - 1); c == ':' || c == '/' {
		k := ch.start - 1
		j := k
		for j > 0 && k-j < 24 && isLabel(t[j-1]) {
			j--
		}
		prefix := lowerASCII(t[j:k])
		if avTypes[prefix] || avPlatforms[prefix] || prefix == "gen" {
			return true
		}
	}
	// Vendors write family names in capitals with a short variant code; a
	// domain in capitals almost always ends in a common TLD (EVIL.RU).
	if len(atoms) == 2 && !commonTLDs[tld] {
		a0, a1 := atoms[0], atoms[1]
		if upperAlnum(t[a0.start:a0.end]) && upperAlnum(t[a1.start:a1.end]) && a1.end-a1.start <= 4 && a0.end-a0.start >= 4 {
			return true
		}
	}
	return false
}

func upperAlnum(w string) bool {
	letter := false
	for i := 0; i < len(w); i++ {
		switch {
		case isUpper(w[i]):
			letter = true
		case isDigit(w[i]):
		default:
			return false
		}
	}
	return letter
}

// isTechnique matches an ATT&CK technique ID: T followed by four digits.
func isTechnique(w string) bool {
	return len(w) == 5 && w[0] == 'T' && allDigits(w[1:])
}

// attackID matches ATT&CK technique, tactic, group, software and mitigation
// IDs: T1566, TA0001, G0128, S0001, M1036.
func attackID(w string) bool {
	switch {
	case len(w) == 5 && strings.IndexByte("TGSM", w[0]) >= 0:
		return allDigits(w[1:])
	case len(w) == 6 && w[:2] == "TA":
		return allDigits(w[2:])
	}
	return false
}

// singleAtom handles an undotted word: hashes, identifiers, wallets, AS
// numbers.
func (s *scanner) singleAtom(start, end int) int {
	w := s.text[start:end]
	switch l := len(w); {
	case l == 32 || l == 40 || l == 64 || l == 128:
		if typ, ok := hashType(w); ok {
			s.emit(typ, lowerASCII(w), start, end, false, model.DispIndicator)
			return end
		}
	case l == 42 && (w[:2] == "0x" || w[:2] == "0X") && allHex(w[2:]):
		s.emit(model.IndicatorEthereum, "0x"+lowerASCII(w[2:]), start, end, false, model.DispIndicator)
		return end
	}
	if s.at(start-1) == '.' && len(w) <= 5 && fileExts[lowerASCII(w)] {
		// "!!!_READ_ME_!!!.txt", "_payload.exe": a file name whose first
		// character cannot start a chain.
		return s.oddFileName(start, end)
	}
	c0 := w[0]
	switch {
	case (c0 == 'C' || c0 == 'c') && len(w) >= 5:
		if v, ok := cveID(w); ok {
			s.emit(model.IndicatorCVE, v, start, end, false, model.DispIndicator)
			return end
		}
		if v, ok := cweID(w); ok {
			s.emit(model.IndicatorCWE, v, start, end, false, model.DispIndicator)
			return end
		}
	case attackID(w):
		s.emit(model.IndicatorATTACK, w, start, end, false, model.DispIndicator)
		return end
	case c0 == 'A' && strings.HasPrefix(w, "AS"):
		digits := strings.TrimPrefix(w[2:], "N")
		if n, ok := asNumber(digits); ok {
			s.emit(model.IndicatorASN, "AS"+digits, start, end, false, asDisposition(n))
			return end
		}
	case (c0 == '1' || c0 == '3') && len(w) >= 26 && len(w) <= 35:
		if base58Check(w) {
			s.emit(model.IndicatorBitcoin, w, start, end, false, model.DispIndicator)
			return end
		}
	case (c0 == 'b' || c0 == 'B') && len(w) >= 14 && len(w) <= 90 && hasFoldPrefix(w, "bc1"):
		if segwitValid(w) {
			s.emit(model.IndicatorBitcoin, lowerASCII(w), start, end, false, model.DispIndicator)
			return end
		}
	case (c0 == '4' || c0 == '8') && (len(w) == 95 || len(w) == 106):
		if moneroValid(w) {
			s.emit(model.IndicatorMonero, w, start, end, false, model.DispIndicator)
			return end
		}
	}
	return end
}

// oddFileName reads back from the dot before the extension [start, end)
// over the characters ransom-note and dropper names use.
func (s *scanner) oddFileName(start, end int) int {
	t := s.text
	dot := start - 1
	j := dot
	alnum := false
	for j > s.lastEnd && dot-j < 64 && isFileNameChar(t[j-1]) {
		j--
		alnum = alnum || isAlnum(t[j])
	}
	if alnum && !isLatinLetterBefore(t, j) {
		s.emit(model.IndicatorFile, t[j:end], j, end, false, model.DispIndicator)
	}
	return end
}

func isFileNameChar(c byte) bool {
	return isLabel(c) || strings.IndexByte("!#+~$&=.", c) >= 0
}

// hashType names the hash a hex word of a hash's length is. Real digests mix
// letters and digits; all-digit or all-letter runs are something else.
func hashType(w string) (model.IndicatorType, bool) {
	letter, digit := false, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case isDigit(c):
			digit = true
		case isHex(c):
			letter = true
		default:
			return "", false
		}
	}
	if !letter || !digit {
		return "", false
	}
	switch len(w) {
	case 32:
		return model.IndicatorMD5, true
	case 40:
		return model.IndicatorSHA1, true
	case 64:
		return model.IndicatorSHA256, true
	case 128:
		return model.IndicatorSHA512, true
	}
	return "", false
}

// cveID matches CVE-YYYY-NNNN (four or more digits), any case.
func cveID(w string) (string, bool) {
	if !hasFoldPrefix(w, "cve-") || len(w) < 13 || len(w) > 20 || w[8] != '-' {
		return "", false
	}
	if !allDigits(w[4:8]) || !allDigits(w[9:]) || len(w[9:]) < 4 {
		return "", false
	}
	return "CVE-" + w[4:], true
}

// cweID matches CWE-N, any case.
func cweID(w string) (string, bool) {
	if !hasFoldPrefix(w, "cwe-") || len(w) > 9 || !allDigits(w[4:]) {
		return "", false
	}
	return "CWE-" + w[4:], true
}

// spacedASN matches "ASN 13335" and "ASN: 13335".
func (s *scanner) spacedASN(i, aEnd int) (int, bool) {
	if s.text[i:aEnd] != "ASN" {
		return 0, false
	}
	p := aEnd
	if s.at(p) == ':' {
		p++
	}
	p = skipSpace(s.text, p)
	e := s.digitsAt(p)
	if e == p || isLabel(s.at(e)) {
		return 0, false
	}
	n, ok := asNumber(s.text[p:e])
	if !ok {
		return 0, false
	}
	s.emit(model.IndicatorASN, "AS"+s.text[p:e], i, e, false, asDisposition(n))
	return e, true
}

// asNumber parses an AS number: 1 to 10 digits without a leading zero, at
// most 2^32-1.
func asNumber(d string) (uint64, bool) {
	if d == "" || len(d) > 10 || !allDigits(d) || (d[0] == '0' && len(d) > 1) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(d); i++ {
		n = n*10 + uint64(d[i]-'0')
	}
	return n, n <= 1<<32-1
}

// asDisposition marks reserved, documentation and private-use AS numbers
// (RFC 5398, RFC 6996, RFC 7300) as private.
func asDisposition(n uint64) model.Disposition {
	switch {
	case n == 0, n == 23456, n >= 64496 && n <= 65551, n >= 4200000000:
		return model.DispPrivate
	}
	return model.DispIndicator
}

// email reads an e-mail address whose local part ends the chain and whose
// at sign ends at atEnd.
func (s *scanner) email(local chain, atEnd int, atDefanged bool) (int, bool) {
	t := s.text
	if local.spelled || atEnd >= len(t) || !isAlnum(t[atEnd]) {
		return 0, false
	}
	// The domain decides; read it before building anything.
	dom := s.scanChainInto(&s.aux, atEnd, scanAtom(t, atEnd))
	if len(dom.atoms) < 2 {
		return 0, false
	}
	if _, ok := s.tldOf(dom.atoms); !ok || !s.hostLabelsOK(dom.atoms) {
		return 0, false
	}
	// The chain stops at '+' and '%'; local parts may hold them
	// (user+tag@...). Extend left, never into an emitted indicator.
	start := local.start
	for start > s.lastEnd && local.end-start < 64 && isLocalExtra(t[start-1]) {
		start--
	}
	for start < local.start && !isAlnum(t[start]) {
		start++
	}
	localPart := lowerASCII(t[start:local.start]) + s.joinLower(local.atoms)
	defanged := local.defanged || atDefanged
	host := s.joinLower(dom.atoms)
	s.emit(model.IndicatorEmail, localPart+"@"+host, start, dom.end, defanged || dom.defanged, s.hostDisposition(host, useEmail))
	return dom.end, true
}

func isLocalExtra(c byte) bool {
	return isLabel(c) || c == '.' || c == '+' || c == '%'
}
