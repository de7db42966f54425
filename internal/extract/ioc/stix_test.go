package ioc

import (
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
)

func TestPattern(t *testing.T) {
	tests := []struct {
		typ   model.IndicatorType
		value string
		want  string
		ok    bool
	}{
		{model.IndicatorIPv4, "1.2.3.4", "[ipv4-addr:value = '1.2.3.4']", true},
		{model.IndicatorIPv6, "2001:db8::1", "[ipv6-addr:value = '2001:db8::1']", true},
		{model.IndicatorCIDR, "10.0.0.0/8", "[ipv4-addr:value = '10.0.0.0/8']", true},
		{model.IndicatorCIDR, "2001:db8::/32", "[ipv6-addr:value = '2001:db8::/32']", true},
		{model.IndicatorDomain, "evil.top", "[domain-name:value = 'evil.top']", true},
		{model.IndicatorURL, "http://evil.top/a?b='c'", `[url:value = 'http://evil.top/a?b=\'c\'']`, true},
		{model.IndicatorEmail, "a@evil.top", "[email-addr:value = 'a@evil.top']", true},
		{model.IndicatorMD5, "d41d8cd98f00b204e9800998ecf8427e", "[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']", true},
		{model.IndicatorSHA1, "aa", "[file:hashes.'SHA-1' = 'aa']", true},
		{model.IndicatorSHA256, "bb", "[file:hashes.'SHA-256' = 'bb']", true},
		{model.IndicatorSHA512, "cc", "[file:hashes.'SHA-512' = 'cc']", true},
		{model.IndicatorRegistry, `HKEY_LOCAL_MACHINE\Software\Run`, `[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\Software\\Run']`, true},
		{model.IndicatorFile, "it's.exe", `[file:name = 'it\'s.exe']`, true},
		{model.IndicatorASN, "AS13335", "[autonomous-system:number = 13335]", true},
		{model.IndicatorASN, "ASx", "", false},
		{model.IndicatorBitcoin, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "[x-cryptocurrency-wallet:value = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa']", true},
		{model.IndicatorEthereum, "0xab", "[x-cryptocurrency-wallet:value = '0xab']", true},
		{model.IndicatorMonero, "44AF", "[x-cryptocurrency-wallet:value = '44AF']", true},
		{model.IndicatorCVE, "CVE-2021-44228", "", false},
		{model.IndicatorCWE, "CWE-79", "", false},
		{model.IndicatorATTACK, "T1566", "", false},
		{model.IndicatorYARA, "Foo", "", false},
		{model.IndicatorDomain, "", "", false},
		{"unknown", "x", "", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ)+" "+tt.value, func(t *testing.T) {
			got, ok := Pattern(model.Indicator{Type: tt.typ, Value: tt.value})
			if got != tt.want || ok != tt.ok {
				t.Errorf("Pattern(%s %q) = %q, %v; want %q, %v", tt.typ, tt.value, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestPatternForEveryFoundType checks that every observable type Find
// produces on the labeled set has a pattern, and the others none.
func TestPatternForEveryFoundType(t *testing.T) {
	noPattern := map[model.IndicatorType]bool{
		model.IndicatorCVE: true, model.IndicatorCWE: true,
		model.IndicatorATTACK: true, model.IndicatorYARA: true,
	}
	cases := mustLabeled(t)
	for _, c := range cases {
		for _, ind := range Find(c.Text, Options{}) {
			p, ok := Pattern(ind)
			if ok == noPattern[ind.Type] {
				t.Errorf("Pattern(%s %q) ok = %v", ind.Type, ind.Value, ok)
			}
			if ok && (p[0] != '[' || p[len(p)-1] != ']') {
				t.Errorf("Pattern(%s %q) = %q: not bracketed", ind.Type, ind.Value, p)
			}
		}
	}
}
