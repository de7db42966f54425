package ioc

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// privatePrefixes are the private, loopback, link-local, shared, reserved,
// multicast and documentation ranges (RFC 1918, 5735, 6598, 5737, 3849,
// 4193, 4291).
var privatePrefixes = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
		"169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
		"192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
		"203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
		"::/128", "::1/128", "fc00::/7", "fe80::/10", "2001:db8::/32",
		"ff00::/8", "100::/64",
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

// ipDisposition says what an address is worth.
func ipDisposition(a netip.Addr) model.Disposition {
	a = a.Unmap()
	for _, p := range privatePrefixes {
		if p.Contains(a) {
			return model.DispPrivate
		}
	}
	if benignAddrs[a.String()] {
		return model.DispBenign
	}
	return model.DispIndicator
}

// prefixDisposition says what a network is worth: private when it touches a
// private range.
func prefixDisposition(p netip.Prefix) model.Disposition {
	for _, q := range privatePrefixes {
		if q.Overlaps(p) {
			return model.DispPrivate
		}
	}
	return model.DispIndicator
}

// octet parses one decimal octet without leading zeros.
func octet(w string) (byte, bool) {
	if w == "" || len(w) > 3 || !allDigits(w) || (len(w) > 1 && w[0] == '0') {
		return 0, false
	}
	n, _ := strconv.Atoi(w)
	return byte(n), n <= 255
}

// ipv4Atoms reads four atoms as a dotted quad.
func (s *scanner) ipv4Atoms(atoms []atom) (netip.Addr, bool) {
	if len(atoms) != 4 {
		return netip.Addr{}, false
	}
	var b [4]byte
	for i, a := range atoms {
		o, ok := octet(s.text[a.start:a.end])
		if !ok {
			return netip.Addr{}, false
		}
		b[i] = o
	}
	return netip.AddrFrom4(b), true
}

// ipv4 handles a four-atom chain: an address, a network, or the host of a
// schemeless URL. A leading "v" (v10.0.0.1) or a version word before it
// makes it a version number.
func (s *scanner) ipv4(ch chain) (int, bool) {
	t := s.text
	atoms := ch.atoms
	start := ch.start
	versioned := false
	if first := t[atoms[0].start:atoms[0].end]; len(first) > 1 && (first[0] == 'v' || first[0] == 'V') && allDigits(first[1:]) {
		// Read the octets without the "v"; the span starts after it.
		start++
		fixed := [4]atom{{start, atoms[0].end}, atoms[1], atoms[2], atoms[3]}
		atoms = fixed[:]
		versioned = true
	}
	addr, ok := s.ipv4Atoms(atoms)
	if !ok {
		return 0, false
	}
	end := ch.end
	value := addr.String()

	// A network: 10.0.0.0/8.
	if s.at(end) == '/' {
		if e := s.digitsAt(end + 1); e-end-1 >= 1 && e-end-1 <= 2 && !isLabel(s.at(e)) && !(s.at(e) == '.' && isDigit(s.at(e+1))) {
			if bits, _ := strconv.Atoi(t[end+1 : e]); bits <= 32 {
				p := netip.PrefixFrom(addr, bits)
				s.emit(model.IndicatorCIDR, value+"/"+t[end+1:e], start, e, ch.defanged, prefixDisposition(p))
				return e, true
			}
		}
	}
	if versioned || versionWords[s.prevWord(start)] {
		s.emit(model.IndicatorIPv4, value, start, end, ch.defanged, model.DispNotIOC)
		return end, true
	}
	if e, ok := s.schemelessURL(start, end, value, ch.defanged, addr); ok {
		return e, true
	}
	s.emit(model.IndicatorIPv4, value, start, end, ch.defanged, ipDisposition(addr))
	return end, true
}

// ipv6 reads the IPv6 address or network that starts at i. It returns where
// scanning resumes: past the address, or past the whole run of hex digits,
// colons and dots when that run is not one (12:30:45, 00:1B:44:11:3A:B7).
func (s *scanner) ipv6(i int) int {
	t := s.text
	r := i
	for r < len(t) && (isHex(t[r]) || t[r] == ':' || t[r] == '.') {
		r++
	}
	cand := strings.TrimRight(t[i:r], ".")
	if strings.HasSuffix(cand, ":") && !strings.HasSuffix(cand, "::") {
		cand = cand[:len(cand)-1]
	}
	end := i + len(cand)
	if len(cand) < 3 || len(cand) > 45 || isLabel(s.at(end)) || strings.Count(cand, ":") < 2 {
		return max(r, i+1)
	}
	addr, err := netip.ParseAddr(cand)
	if err != nil || !addr.Is6() || addr.Zone() != "" {
		return max(r, i+1)
	}
	value := addr.String()
	if s.at(end) == '/' {
		if e := s.digitsAt(end + 1); e-end-1 >= 1 && e-end-1 <= 3 && !isLabel(s.at(e)) {
			if bits, _ := strconv.Atoi(t[end+1 : e]); bits <= 128 {
				p := netip.PrefixFrom(addr, bits)
				s.emit(model.IndicatorCIDR, value+"/"+t[end+1:e], i, e, false, prefixDisposition(p))
				return e
			}
		}
	}
	s.emit(model.IndicatorIPv6, value, i, end, false, ipDisposition(addr))
	return end
}
