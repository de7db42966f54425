package ioc

import (
	"testing"
)

// FuzzFind checks that Find never panics and keeps its span contract on any
// input.
func FuzzFind(f *testing.F) {
	for _, seed := range []string{
		"",
		"hxxps[:]//evil[.]example[.]com/a",
		"HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Run",
		"<HKCU>\\A B\\C",
		"a[@]b[.com]",
		"1.2.3.4/24 ::ffff:1.2.3.4 fe80::1%eth0",
		"rule X : a {",
		"evil dot com dot",
		"ASN: 1",
		"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq 0x52908400098527886E0F7030069857D2E4169EE7",
		"!!!_READ_ME_!!!.txt",
		"http://[::1]:80/a(b)c]d",
		"bücher.de 攻撃者はevil.top",
		"Trojan:Win32/Emotet.RT!MTB",
		"x@y@z.top",
		"h**ps://[",
		"hxxps[:]//a\\.evil[.)top[/]x www[.evil evil.]top Microsoft(.NET)",
		"1.1.1 . 1 1 . 2 . 3 . 4 . 5 1.1.1[.1",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		inds := Find(text, Options{ReferenceHosts: []string{"evil.top"}})
		checkSpans(t, text, inds)
		for _, ind := range inds {
			Pattern(ind)
		}
	})
}
