package ioc

import (
	"strconv"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// Pattern returns the STIX 2.1 pattern that matches the indicator, e.g.
// [ipv4-addr:value = '1.2.3.4'] or [file:hashes.'SHA-256' = '...']. String
// literals are quoted per the STIX patterning grammar: backslashes and
// single quotes are escaped with a backslash.
//
// Cryptocurrency wallets have no STIX 2.1 cyber-observable object; they get
// a custom one, [x-cryptocurrency-wallet:value = '...'], the address being
// the value and its format naming the chain.
//
// CVE, CWE, ATT&CK and YARA identifiers name knowledge, not observables, so
// they have no pattern and ok is false: a CVE becomes a STIX vulnerability
// object, an ATT&CK ID an attack-pattern, elsewhere. Values Find could not
// have produced (an empty value, a non-numeric AS number) also give false.
func Pattern(ind model.Indicator) (pattern string, ok bool) {
	v := ind.Value
	if v == "" {
		return "", false
	}
	var path string
	switch ind.Type {
	case model.IndicatorIPv4:
		path = "ipv4-addr:value"
	case model.IndicatorIPv6:
		path = "ipv6-addr:value"
	case model.IndicatorCIDR:
		path = "ipv4-addr:value"
		if strings.Contains(v, ":") {
			path = "ipv6-addr:value"
		}
	case model.IndicatorDomain:
		path = "domain-name:value"
	case model.IndicatorURL:
		path = "url:value"
	case model.IndicatorEmail:
		path = "email-addr:value"
	case model.IndicatorMD5:
		path = "file:hashes.'MD5'"
	case model.IndicatorSHA1:
		path = "file:hashes.'SHA-1'"
	case model.IndicatorSHA256:
		path = "file:hashes.'SHA-256'"
	case model.IndicatorSHA512:
		path = "file:hashes.'SHA-512'"
	case model.IndicatorRegistry:
		path = "windows-registry-key:key"
	case model.IndicatorFile:
		path = "file:name"
	case model.IndicatorBitcoin, model.IndicatorEthereum, model.IndicatorMonero:
		path = "x-cryptocurrency-wallet:value"
	case model.IndicatorASN:
		n, err := strconv.ParseUint(strings.TrimPrefix(strings.ToUpper(v), "AS"), 10, 32)
		if err != nil {
			return "", false
		}
		return "[autonomous-system:number = " + strconv.FormatUint(n, 10) + "]", true
	default:
		// cve, cwe, attack-id, yara-rule and types this package does not know.
		return "", false
	}
	return "[" + path + " = " + quoteSTIX(v) + "]", true
}

// quoteSTIX writes s as a STIX pattern string literal.
func quoteSTIX(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' || s[i] == '\'' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('\'')
	return b.String()
}
