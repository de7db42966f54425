package fetch

import (
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// blockedRanges are the addresses a fetch refuses unless private addresses
// are allowed: everything that is not the public Internet, where an
// attacker-supplied URL could reach a service only this machine should see.
var blockedRanges = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "a \"this network\" address"},
	{netip.MustParsePrefix("10.0.0.0/8"), "a private address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a carrier-grade NAT address"}, // also Alibaba Cloud's metadata service
	{netip.MustParsePrefix("127.0.0.0/8"), "a loopback address"},
	{netip.MustParsePrefix("169.254.0.0/16"), "a link-local address"}, // cloud metadata services (169.254.169.254)
	{netip.MustParsePrefix("172.16.0.0/12"), "a private address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "an IETF protocol address"},
	{netip.MustParsePrefix("192.168.0.0/16"), "a private address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a benchmarking address"},
	{netip.MustParsePrefix("224.0.0.0/4"), "a multicast address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address"},
	{netip.MustParsePrefix("::/128"), "the unspecified address"},
	{netip.MustParsePrefix("::1/128"), "a loopback address"},
	{netip.MustParsePrefix("fc00::/7"), "a private address"}, // unique local, AWS's IPv6 metadata service
	{netip.MustParsePrefix("fe80::/10"), "a link-local address"},
	{netip.MustParsePrefix("ff00::/8"), "a multicast address"},
}

// nat64 is the well-known NAT64 prefix: its addresses carry an IPv4 address
// in their last 32 bits, which is checked like any other.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// blockedReason says why addr may not be fetched, or "" when it may.
func blockedReason(addr netip.Addr) string {
	addr = addr.Unmap()
	if nat64.Contains(addr) {
		b := addr.As16()
		addr = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	for _, r := range blockedRanges {
		if r.prefix.Contains(addr) {
			return r.what
		}
	}
	return ""
}

// blockedError is a connection the guard refused.
type blockedError struct {
	addr   netip.Addr
	reason string
}

func (e *blockedError) Error() string {
	return fmt.Sprintf("%s is %s", e.addr, e.reason)
}

// guardControl is a net.Dialer Control function: it runs after DNS
// resolution, on the very address about to be connected to, so neither a
// name that resolves to a private address nor a redirect to one, nor a DNS
// answer that changes between a check and the connection, gets through.
//
// exempt, when set, lets listed "ip:port" addresses through: tests use it
// to show a redirect from an allowed server to a refused one is refused.
func guardControl(exempt map[string]bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		if exempt[address] {
			return nil
		}
		return checkAddress(address)
	}
}

func checkAddress(address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return &blockedError{reason: "not an IP address: " + address}
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return &blockedError{reason: "not an IP address: " + address}
	}
	if reason := blockedReason(addr); reason != "" {
		return &blockedError{addr: addr, reason: reason}
	}
	return nil
}
