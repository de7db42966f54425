package ioc

import (
	"net/netip"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// schemes maps the schemes Find reads, as written or defanged, to the
// scheme they stand for.
var schemes = map[string]string{
	"http": "http", "https": "https",
	"hxxp": "http", "hxxps": "https",
	"hxtp": "http", "hxtps": "https",
	"htxp": "http", "htxps": "https",
	"meow": "http", "meows": "https",
	"ftp": "ftp", "ftps": "ftps", "sftp": "sftp",
	"fxp": "ftp", "fxps": "ftps",
	// Log4Shell-style JNDI lookups and other schemes seen in payloads.
	"ldap": "ldap", "ldaps": "ldaps", "rmi": "rmi", "smb": "smb",
	"tcp": "tcp", "ws": "ws", "wss": "wss",
}

// hostUse says what a host was found in; the allowlist reads differently
// for each.
type hostUse uint8

const (
	useDomain  hostUse = iota // a bare domain
	useURL                    // a URL with no path
	useURLPath                // a URL with a path
	useEmail                  // an e-mail address
)

// schemeSepAt reports the "://" that starts at p, plain or defanged.
func schemeSepAt(t string, p int) (int, bool) {
	rest := t[p:]
	switch {
	case strings.HasPrefix(rest, "://"):
		return p + 3, false
	case strings.HasPrefix(rest, "[:]//"), strings.HasPrefix(rest, "[://]"),
		strings.HasPrefix(rest, "(:)//"), strings.HasPrefix(rest, "{:}//"):
		return p + 5, true
	}
	return 0, false
}

// schemeURL reads a URL whose scheme is the word [i, aEnd).
func (s *scanner) schemeURL(i, aEnd int) (int, bool) {
	t := s.text
	if aEnd-i > 6 {
		return 0, false
	}
	word := lowerASCII(t[i:aEnd])
	canon, ok := schemes[word]
	p := aEnd
	defanged := ok && canon != word
	if !ok {
		if word != "h" {
			return 0, false
		}
		switch rest := t[p:]; {
		case hasFoldPrefix(rest, "**ps"):
			canon, p = "https", p+4
		case hasFoldPrefix(rest, "**p"):
			canon, p = "http", p+3
		case hasFoldPrefix(rest, "[tt]ps"):
			canon, p = "https", p+6
		case hasFoldPrefix(rest, "[tt]p"):
			canon, p = "http", p+5
		default:
			return 0, false
		}
		defanged = true
	}
	sepEnd, sepDefanged := schemeSepAt(t, p)
	if sepEnd == 0 {
		return 0, false
	}
	return s.url(i, sepEnd, canon, defanged || sepDefanged)
}

// url reads the host, port and path of a URL whose scheme and separator
// end at hostStart.
func (s *scanner) url(start, hostStart int, scheme string, defanged bool) (int, bool) {
	t := s.text
	var host string
	var addr netip.Addr
	hostEnd := hostStart
	switch c := s.at(hostStart); {
	case c == '[':
		closing := strings.IndexByte(t[hostStart:min(len(t), hostStart+48)], ']')
		if closing < 0 {
			return 0, false
		}
		a, err := netip.ParseAddr(t[hostStart+1 : hostStart+closing])
		if err != nil || !a.Is6() {
			return 0, false
		}
		addr, host, hostEnd = a, "["+a.String()+"]", hostStart+closing+1
	case isAlnum(c):
		ch := s.scanChain(hostStart, scanAtom(t, hostStart))
		if isLatinLetterAt(t, ch.end) {
			return 0, false
		}
		defanged = defanged || ch.defanged
		if a, ok := s.ipv4Atoms(ch.atoms); ok && len(ch.atoms) == 4 {
			addr, host = a, a.String()
		} else {
			host = s.joinLower(ch.atoms)
		}
		hostEnd = ch.end
	default:
		return 0, false
	}
	p := hostEnd
	port := ""
	if s.at(p) == ':' {
		if e := s.digitsAt(p + 1); e-p-1 >= 1 && e-p-1 <= 5 && !isLabel(s.at(e)) {
			port, p = t[p:e], e
		}
	}
	end, path, pathDefanged := s.scanPath(p)
	var disp model.Disposition
	if addr.IsValid() {
		disp = ipDisposition(addr)
	} else {
		use := useURL
		if path != "" && path != "/" {
			use = useURLPath
		}
		disp = s.hostDisposition(host, use)
	}
	s.emit(model.IndicatorURL, scheme+"://"+host+port+path, start, end, defanged || pathDefanged, disp)
	s.nestedHashes(p, end)
	return end, true
}

// schemelessURL reads "evil.com/gate.php" or "10.1.2.3:8080/x": a host
// written without a scheme but followed by a path. It reports false when no
// path follows.
func (s *scanner) schemelessURL(start, hostEnd int, host string, defanged bool, addr netip.Addr) (int, bool) {
	t := s.text
	p := hostEnd
	port := ""
	if s.at(p) == ':' {
		if e := s.digitsAt(p + 1); e-p-1 >= 1 && e-p-1 <= 5 && !isLabel(s.at(e)) {
			port, p = t[p:e], e
		}
	}
	if s.at(p) != '/' && !strings.HasPrefix(t[p:], "[/]") {
		return 0, false
	}
	end, path, pathDefanged := s.scanPath(p)
	if !strings.ContainsFunc(path, func(r rune) bool { return r < 0x80 && isLetter(byte(r)) }) {
		// "1.2.3.4/33", "evil.com/": no path worth a URL.
		return 0, false
	}
	var disp model.Disposition
	if addr.IsValid() {
		disp = ipDisposition(addr)
	} else {
		disp = s.hostDisposition(host, useURLPath)
	}
	s.emit(model.IndicatorURL, host+port+path, start, end, defanged || pathDefanged, disp)
	s.nestedHashes(p, end)
	return end, true
}

// pathDefangAt reports a defang token inside a URL path ("[.]", "[/]",
// "[:]"): its end, or 0, and the byte it stands for.
func pathDefangAt(t string, q int) (int, byte) {
	for _, d := range [...]struct {
		inner string
		repl  byte
	}{{".", '.'}, {"dot", '.'}, {"/", '/'}, {":", ':'}, {"@", '@'}} {
		if e := bracketed(t, q, d.inner); e > 0 {
			return e, d.repl
		}
	}
	return 0, 0
}

// scanPath reads the path, query and fragment that start at p. It stops at
// what cannot be in a URL (spaces, quotes, angle brackets), at a closing
// bracket nothing opened ("(see http://x/a)"), at a comma outside the query,
// and leaves trailing sentence punctuation out. value is refanged.
func (s *scanner) scanPath(p int) (end int, value string, defanged bool) {
	t := s.text
	if p >= len(t) {
		return p, "", false
	}
	if c := t[p]; c != '/' && c != '?' && c != '#' && !strings.HasPrefix(t[p:], "[/]") {
		return p, "", false
	}
	q := p
	parens, squares := 0, 0
	inQuery := false
scan:
	for q < len(t) {
		c := t[q]
		if c == '[' || c == '(' || c == '{' {
			if e, _ := pathDefangAt(t, q); e > 0 {
				q, defanged = e, true
				continue
			}
		}
		switch {
		case c <= ' ' || c >= 0x7f, c == '"', c == '\'', c == '`', c == '<', c == '>',
			c == '\\', c == '^', c == '|', c == '{', c == '}':
			break scan
		case c == ',' && !inQuery:
			break scan
		case c == '?':
			inQuery = true
		case c == '(':
			parens++
		case c == ')':
			if parens == 0 {
				break scan
			}
			parens--
		case c == '[':
			squares++
		case c == ']':
			if squares == 0 {
				break scan
			}
			squares--
		}
		q++
	}
	for q > p && strings.IndexByte(".,;:!?*", t[q-1]) >= 0 {
		q--
	}
	if !defanged {
		return q, t[p:q], false
	}
	var b strings.Builder
	b.Grow(q - p)
	for k := p; k < q; {
		if e, repl := pathDefangAt(t, k); e > 0 && e <= q {
			b.WriteByte(repl)
			k = e
			continue
		}
		b.WriteByte(t[k])
		k++
	}
	return q, b.String(), true
}

// nestedHashes reports the hashes in a URL path [p, end): the digest in a
// sandbox or VirusTotal link is the indicator the link is about.
func (s *scanner) nestedHashes(p, end int) {
	t := s.text
	for k := p; k < end; {
		if !isAlnum(t[k]) {
			k++
			continue
		}
		r := k
		for r < end && isAlnum(t[r]) {
			r++
		}
		if typ, ok := hashType(t[k:r]); ok {
			s.emitNested(typ, lowerASCII(t[k:r]), k, r)
		}
		k = r
	}
}

// isReservedHost reports special-use and documentation names: example.com,
// *.test, *.local, localhost.
func isReservedHost(host string) bool {
	if _, _, ok := matchHost(host, reservedDomainFlags); ok {
		return true
	}
	tld := host[strings.LastIndexByte(host, '.')+1:]
	return reservedTLDs[tld]
}

var reservedDomainFlags = func() map[string]hostFlags {
	m := map[string]hostFlags{}
	for d := range reservedDomains {
		m[d] = 0
	}
	return m
}()

// hostDisposition says what a host name found in use is worth.
func (s *scanner) hostDisposition(host string, use hostUse) model.Disposition {
	if isReservedHost(host) {
		return model.DispPrivate
	}
	for _, r := range s.refHosts {
		if host == r || strings.HasSuffix(host, "."+r) {
			return model.DispReference
		}
	}
	flags, entry, ok := matchHost(host, benignHosts)
	switch {
	case !ok:
		return model.DispIndicator
	case flags&tenantSubdomains != 0 && host != entry:
		return model.DispIndicator
	case use == useURLPath && flags&userContent != 0:
		return model.DispIndicator
	case use == useEmail && flags&freeMail != 0:
		return model.DispIndicator
	}
	return model.DispBenign
}
