package ioc

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/winnow-cti/winnow/internal/model"
)

// want is the part of an indicator a table checks; Original defaults to
// Value when empty.
type want struct {
	typ      model.IndicatorType
	value    string
	disp     model.Disposition
	original string
	defanged bool
}

func checkFind(t *testing.T, text string, opts Options, wants []want) {
	t.Helper()
	got := Find(text, opts)
	if len(got) != len(wants) {
		t.Fatalf("Find(%q) = %d indicators, want %d:\n%s", text, len(got), len(wants), dump(got))
	}
	for i, w := range wants {
		g := got[i]
		orig := w.original
		if orig == "" {
			orig = w.value
		}
		if g.Type != w.typ || g.Value != w.value || g.Disposition != w.disp || g.Original != orig || g.Defanged != w.defanged {
			t.Errorf("Find(%q)[%d] = {%s %q %s orig=%q defanged=%v}, want {%s %q %s orig=%q defanged=%v}",
				text, i, g.Type, g.Value, g.Disposition, g.Original, g.Defanged,
				w.typ, w.value, w.disp, orig, w.defanged)
		}
		if g.Span.In(text) != g.Original {
			t.Errorf("Find(%q)[%d]: span %v covers %q, not Original %q", text, i, g.Span, g.Span.In(text), g.Original)
		}
	}
}

func dump(inds []model.Indicator) string {
	var b strings.Builder
	for _, ind := range inds {
		b.WriteString("  " + string(ind.Type) + " " + ind.Value + " (" + string(ind.Disposition) + ") <- " + ind.Original + "\n")
	}
	return b.String()
}

const (
	ind  = model.DispIndicator
	priv = model.DispPrivate
	ben  = model.DispBenign
	ref  = model.DispReference
	not  = model.DispNotIOC
)

func TestFindDefangForms(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		{"square dot", "evil[.]top", []want{{model.IndicatorDomain, "evil.top", ind, "evil[.]top", true}}},
		{"round dot", "evil(.)top", []want{{model.IndicatorDomain, "evil.top", ind, "evil(.)top", true}}},
		{"curly dot", "evil{.}top", []want{{model.IndicatorDomain, "evil.top", ind, "evil{.}top", true}}},
		{"square word", "evil[dot]top", []want{{model.IndicatorDomain, "evil.top", ind, "evil[dot]top", true}}},
		{"round word", "evil(dot)top", []want{{model.IndicatorDomain, "evil.top", ind, "evil(dot)top", true}}},
		{"upper word", "evil[DOT]top", []want{{model.IndicatorDomain, "evil.top", ind, "evil[DOT]top", true}}},
		{"spelled", "evil dot com", []want{{model.IndicatorDomain, "evil.com", ind, "evil dot com", true}}},
		{"spelled prose", "the dot product", nil},
		{"backslash", `evil\.top`, []want{{model.IndicatorDomain, "evil.top", ind, `evil\.top`, true}}},
		{"spaced bracket", "evil [.] top", []want{{model.IndicatorDomain, "evil.top", ind, "evil [.] top", true}}},
		{"bracket tail", "mail[@]evil[.top]", []want{{model.IndicatorEmail, "mail@evil.top", ind, "mail[@]evil[.top]", true}}},
		{"hxxp", "hxxp://evil.top/a", []want{{model.IndicatorURL, "http://evil.top/a", ind, "hxxp://evil.top/a", true}}},
		{"hxxps", "hXXps://evil.top/a", []want{{model.IndicatorURL, "https://evil.top/a", ind, "hXXps://evil.top/a", true}}},
		{"stars", "h**p://evil.top/a", []want{{model.IndicatorURL, "http://evil.top/a", ind, "h**p://evil.top/a", true}}},
		{"fxp", "fxp://evil.top/a", []want{{model.IndicatorURL, "ftp://evil.top/a", ind, "fxp://evil.top/a", true}}},
		{"bracket colon", "http[:]//evil.top/a", []want{{model.IndicatorURL, "http://evil.top/a", ind, "http[:]//evil.top/a", true}}},
		{"bracket sep", "https[://]evil.top/a", []want{{model.IndicatorURL, "https://evil.top/a", ind, "https[://]evil.top/a", true}}},
		{"at square", "a[@]evil.top", []want{{model.IndicatorEmail, "a@evil.top", ind, "a[@]evil.top", true}}},
		{"at word", "a[at]evil.top", []want{{model.IndicatorEmail, "a@evil.top", ind, "a[at]evil.top", true}}},
		{"at round", "a(at)evil(dot)top", []want{{model.IndicatorEmail, "a@evil.top", ind, "a(at)evil(dot)top", true}}},
		{"mixture", "hxxps[:]//evil[.]example[.]com/a", []want{{model.IndicatorURL, "https://evil.example.com/a", priv, "hxxps[:]//evil[.]example[.]com/a", true}}},
		{"path defang", "hxxps://x-y[.]top/a[.]php", []want{{model.IndicatorURL, "https://x-y.top/a.php", ind, "hxxps://x-y[.]top/a[.]php", true}}},
		{"ip", "45[.]77[.]12[.]9", []want{{model.IndicatorIPv4, "45.77.12.9", ind, "45[.]77[.]12[.]9", true}}},
		{"plain is not defanged", "evil.top", []want{{model.IndicatorDomain, "evil.top", ind, "", false}}},
		// Brackets that do not pair up, and dots between spaced octets, as
		// ioc-extractor's refang table lists them.
		{"mixed brackets", "evil[.)top", []want{{model.IndicatorDomain, "evil.top", ind, "evil[.)top", true}}},
		{"mixed brackets reversed", "evil(.]top", []want{{model.IndicatorDomain, "evil.top", ind, "evil(.]top", true}}},
		{"half open", "www[.evil.top", []want{{model.IndicatorDomain, "www.evil.top", ind, "www[.evil.top", true}}},
		{"half close", "evil.]top", []want{{model.IndicatorDomain, "evil.top", ind, "evil.]top", true}}},
		{"half open ip", "45.61.136[.47", []want{{model.IndicatorIPv4, "45.61.136.47", ind, "45.61.136[.47", true}}},
		{"mixed in url", "hxxps[:]//a\\.evil[.)top[/]x", []want{{model.IndicatorURL, "https://a.evil.top/x", ind, "hxxps[:]//a\\.evil[.)top[/]x", true}}},
		{"spaced octet", "45.61.136 . 47", []want{{model.IndicatorIPv4, "45.61.136.47", ind, "45.61.136 . 47", true}}},
		{"spaced octets", "45 . 61 . 136 . 47.", []want{{model.IndicatorIPv4, "45.61.136.47", ind, "45 . 61 . 136 . 47", true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFind(t, tt.text, Options{}, tt.want) })
	}
}

func TestFindTypes(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		{"ipv4", "C2 at 185.244.25.101.", []want{{model.IndicatorIPv4, "185.244.25.101", ind, "", false}}},
		{"ipv4 port", "185.244.25.101:8443", []want{{model.IndicatorIPv4, "185.244.25.101", ind, "", false}}},
		{"cidr", "45.9.148.0/24", []want{{model.IndicatorCIDR, "45.9.148.0/24", ind, "", false}}},
		{"ipv6 canonical", "2001:0DB8:0000:0000:0000:0000:0000:0001", []want{{model.IndicatorIPv6, "2001:db8::1", priv, "2001:0DB8:0000:0000:0000:0000:0000:0001", false}}},
		{"ipv6 cidr", "2a03:2880::/32", []want{{model.IndicatorCIDR, "2a03:2880::/32", ind, "", false}}},
		{"domain lower", "Evil-Login.COM", []want{{model.IndicatorDomain, "evil-login.com", ind, "Evil-Login.COM", false}}},
		{"url", "https://evil.top/a?b=c", []want{{model.IndicatorURL, "https://evil.top/a?b=c", ind, "", false}}},
		{"schemeless url", "evil.top/gate.php", []want{{model.IndicatorURL, "evil.top/gate.php", ind, "", false}}},
		{"email", "Ops@Evil.top", []want{{model.IndicatorEmail, "ops@evil.top", ind, "Ops@Evil.top", false}}},
		{"md5", "D41D8CD98F00B204E9800998ECF8427E", []want{{model.IndicatorMD5, "d41d8cd98f00b204e9800998ecf8427e", ind, "D41D8CD98F00B204E9800998ECF8427E", false}}},
		{"sha1", "3395856ce81f2b7382dee72602f798b642f14140", []want{{model.IndicatorSHA1, "3395856ce81f2b7382dee72602f798b642f14140", ind, "", false}}},
		{"sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", []want{{model.IndicatorSHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ind, "", false}}},
		{"sha512", strings.Repeat("ab12", 32), []want{{model.IndicatorSHA512, strings.Repeat("ab12", 32), ind, "", false}}},
		{"cve", "cve-2021-44228", []want{{model.IndicatorCVE, "CVE-2021-44228", ind, "cve-2021-44228", false}}},
		{"cwe", "CWE-787", []want{{model.IndicatorCWE, "CWE-787", ind, "", false}}},
		{"technique", "T1566", []want{{model.IndicatorATTACK, "T1566", ind, "", false}}},
		{"subtechnique", "T1059.001", []want{{model.IndicatorATTACK, "T1059.001", ind, "", false}}},
		{"tactic", "TA0001", []want{{model.IndicatorATTACK, "TA0001", ind, "", false}}},
		{"group software mitigation", "G0128 S0001 M1036", []want{
			{model.IndicatorATTACK, "G0128", ind, "", false},
			{model.IndicatorATTACK, "S0001", ind, "", false},
			{model.IndicatorATTACK, "M1036", ind, "", false},
		}},
		{"asn", "AS13335", []want{{model.IndicatorASN, "AS13335", ind, "", false}}},
		{"asn spaced", "ASN 13335", []want{{model.IndicatorASN, "AS13335", ind, "ASN 13335", false}}},
		{"asn inside word", "NWD2HUBCAS8", nil},
		{"bitcoin base58", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", []want{{model.IndicatorBitcoin, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", ind, "", false}}},
		{"bitcoin bech32", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", []want{{model.IndicatorBitcoin, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", ind, "", false}}},
		{"bitcoin bech32m", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", []want{{model.IndicatorBitcoin, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", ind, "", false}}},
		{"bitcoin bad checksum", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", nil},
		{"ethereum", "0x52908400098527886E0F7030069857D2E4169EE7", []want{{model.IndicatorEthereum, "0x52908400098527886e0f7030069857d2e4169ee7", ind, "0x52908400098527886E0F7030069857D2E4169EE7", false}}},
		{"monero", "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", []want{{model.IndicatorMonero, "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", ind, "", false}}},
		{"registry short hive", `HKLM\Software\Run.`, []want{{model.IndicatorRegistry, `HKEY_LOCAL_MACHINE\Software\Run`, ind, `HKLM\Software\Run`, false}}},
		{"registry full hive", `HKEY_CURRENT_USER\Software\X`, []want{{model.IndicatorRegistry, `HKEY_CURRENT_USER\Software\X`, ind, "", false}}},
		{"registry powershell", `HKCU:\Software\X`, []want{{model.IndicatorRegistry, `HKEY_CURRENT_USER\Software\X`, ind, `HKCU:\Software\X`, false}}},
		{"registry space", `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion key`, []want{{model.IndicatorRegistry, `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion`, ind, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`, false}}},
		{"registry phrase at end", `HKLM\SOFTWARE\Policies\Microsoft\Windows Defender`, []want{{model.IndicatorRegistry, `HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows Defender`, ind, `HKLM\SOFTWARE\Policies\Microsoft\Windows Defender`, false}}},
		{"email plus tag", "user+tag@evil.top", []want{{model.IndicatorEmail, "user+tag@evil.top", ind, "", false}}},
		{"filename", "invoice.pdf", []want{{model.IndicatorFile, "invoice.pdf", ind, "", false}}},
		{"filename keeps case", "Invoice.PDF", []want{{model.IndicatorFile, "Invoice.PDF", ind, "", false}}},
		{"yara", "rule Foo_Bar {", []want{{model.IndicatorYARA, "Foo_Bar", ind, "", false}}},
		{"yara tags", "rule Foo : a b {", []want{{model.IndicatorYARA, "Foo", ind, "", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFind(t, tt.text, Options{}, tt.want) })
	}
}

func TestFindFalsePositiveControl(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		{"exe is a file", "rundll32.exe", []want{{model.IndicatorFile, "rundll32.exe", ben, "", false}}},
		{"zip alone is a domain", "update.zip", []want{{model.IndicatorDomain, "update.zip", ind, "", false}}},
		{"zip after download", "download update.zip", []want{{model.IndicatorFile, "update.zip", ind, "", false}}},
		{"zip after named", "a file named update.zip", []want{{model.IndicatorFile, "update.zip", ind, "", false}}},
		{"zip before archive", "the update.zip archive", []want{{model.IndicatorFile, "update.zip", ind, "", false}}},
		{"zip in path", `C:\Temp\update.zip`, []want{{model.IndicatorFile, "update.zip", ind, "", false}}},
		{"mov attachment", "attachment clip.mov", []want{{model.IndicatorDomain, "clip.mov", ind, "", false}}},
		{"version word", "version 1.2.3.4", []want{{model.IndicatorIPv4, "1.2.3.4", not, "", false}}},
		{"v prefix", "v10.0.0.1", []want{{model.IndicatorIPv4, "10.0.0.1", not, "", false}}},
		{"av dotted", "Trojan.Win32.Agent", []want{{model.IndicatorDomain, "trojan.win32.agent", not, "Trojan.Win32.Agent", false}}},
		{"av capitals", "BURNTCIGAR.CA", []want{{model.IndicatorDomain, "burntcigar.ca", not, "BURNTCIGAR.CA", false}}},
		{"av prefix", "HEUR:Trojan.Win32.Generic", []want{{model.IndicatorDomain, "trojan.win32.generic", not, "Trojan.Win32.Generic", false}}},
		{"av verdict suffix", "flagged Qakbot.AB!MTB", []want{{model.IndicatorDomain, "qakbot.ab", not, "Qakbot.AB", false}}},
		{"capital domain", "EVIL.RU", []want{{model.IndicatorDomain, "evil.ru", ind, "EVIL.RU", false}}},
		{"bracketed product name", "Microsoft(.NET) and ASP[.NET Core", nil},
		{"spaced dot in prose", "step 1 . Then step 2 . Done", nil},
		{"spaced dot, too many octets", "1.2.3 . 4.5", nil},
		{"spaced dot, octet too big", "1.1.1 . 300", nil},
		{"closing bracket ends a note", "see evil.top.] Then", []want{{model.IndicatorDomain, "evil.top", ind, "", false}}},
		{"rfc1918", "10.1.2.3 172.16.0.1 192.168.0.1", []want{
			{model.IndicatorIPv4, "10.1.2.3", priv, "", false},
			{model.IndicatorIPv4, "172.16.0.1", priv, "", false},
			{model.IndicatorIPv4, "192.168.0.1", priv, "", false},
		}},
		{"special v4", "127.0.0.1 169.254.1.1 100.64.0.1 0.1.2.3", []want{
			{model.IndicatorIPv4, "127.0.0.1", priv, "", false},
			{model.IndicatorIPv4, "169.254.1.1", priv, "", false},
			{model.IndicatorIPv4, "100.64.0.1", priv, "", false},
			{model.IndicatorIPv4, "0.1.2.3", priv, "", false},
		}},
		{"documentation v4", "192.0.2.1 198.51.100.1 203.0.113.1", []want{
			{model.IndicatorIPv4, "192.0.2.1", priv, "", false},
			{model.IndicatorIPv4, "198.51.100.1", priv, "", false},
			{model.IndicatorIPv4, "203.0.113.1", priv, "", false},
		}},
		{"special v6", "2001:db8::5 fc00::1 ::1", []want{
			{model.IndicatorIPv6, "2001:db8::5", priv, "", false},
			{model.IndicatorIPv6, "fc00::1", priv, "", false},
			{model.IndicatorIPv6, "::1", priv, "", false},
		}},
		{"benign domain", "www.google.com", []want{{model.IndicatorDomain, "www.google.com", ben, "", false}}},
		{"benign subdomain", "gist.github.com", []want{{model.IndicatorDomain, "gist.github.com", ben, "", false}}},
		{"lookalike is not benign", "google.com.evil.top", []want{{model.IndicatorDomain, "google.com.evil.top", ind, "", false}}},
		{"user content url", "https://github.com/evil/repo", []want{{model.IndicatorURL, "https://github.com/evil/repo", ind, "", false}}},
		{"tenant subdomain", "evil.herokuapp.com", []want{{model.IndicatorDomain, "evil.herokuapp.com", ind, "", false}}},
		{"free mail", "boss@gmail.com", []want{{model.IndicatorEmail, "boss@gmail.com", ind, "", false}}},
		{"time", "12:30:45", nil},
		{"mac", "00:1B:44:11:3A:B7", nil},
		{"cpp scope", "std::vector", nil},
		{"abbreviations", "e.g. i.e. U.S.", nil},
		{"sentence join", "evil.com.Then", []want{{model.IndicatorDomain, "evil.com", ind, "", false}}},
		{"accented word", "bücher.de", nil},
		{"japanese run-in", "攻撃者はevil.topを使った", []want{{model.IndicatorDomain, "evil.top", ind, "", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFind(t, tt.text, Options{}, tt.want) })
	}
}

func TestFindURLBoundaries(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"see https://evil.top/a.", "https://evil.top/a"},
		{"(https://evil.top/a)", "https://evil.top/a"},
		{"https://evil.top/wiki/X_(y)", "https://evil.top/wiki/X_(y)"},
		{"https://evil.top/a), then", "https://evil.top/a"},
		{"'https://evil.top/a'", "https://evil.top/a"},
		{"<https://evil.top/a>", "https://evil.top/a"},
		{"https://evil.top/a,b", "https://evil.top/a"},
		{"https://evil.top/a?x=1,2", "https://evil.top/a?x=1,2"},
		{"[https://evil.top/a](x)", "https://evil.top/a"},
		{"https://evil.top/a!?", "https://evil.top/a"},
		{"https://evil.top:8443/a;", "https://evil.top:8443/a"},
		{"「https://evil.top/a」", "https://evil.top/a"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := Find(tt.text, Options{})
			if len(got) == 0 || got[0].Type != model.IndicatorURL || got[0].Value != tt.want {
				t.Fatalf("Find(%q) =\n%s want url %q", tt.text, dump(got), tt.want)
			}
		})
	}
}

func TestFindReferenceHosts(t *testing.T) {
	tests := []struct {
		name  string
		hosts []string
		text  string
		want  model.Disposition
	}{
		{"exact", []string{"outlet.news"}, "https://outlet.news/story", ref},
		{"subdomain", []string{"outlet.news"}, "blog.outlet.news", ref},
		{"given as url with www", []string{"https://WWW.Outlet.News/"}, "outlet.news", ref},
		{"beats benign", []string{"github.com"}, "https://github.com/x/y", ref},
		{"other host", []string{"outlet.news"}, "evil.top", ind},
		{"suffix is not subdomain", []string{"outlet.news"}, "myoutlet.news", ind},
		{"zero options", nil, "https://outlet.news/story", ind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.text, Options{ReferenceHosts: tt.hosts})
			if len(got) != 1 || got[0].Disposition != tt.want {
				t.Fatalf("Find(%q, %v) =\n%s want one with %s", tt.text, tt.hosts, dump(got), tt.want)
			}
		})
	}
}

func TestFindNestedHash(t *testing.T) {
	const h = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"
	text := "see https://bazaar.abuse.ch/sample/" + h + "/ now"
	got := Find(text, Options{})
	if len(got) != 2 || got[0].Type != model.IndicatorURL || got[1].Type != model.IndicatorSHA256 || got[1].Value != h {
		t.Fatalf("Find(%q) =\n%s want the URL then its hash", text, dump(got))
	}
	if got[1].Span.Start <= got[0].Span.Start || got[1].Span.End > got[0].Span.End {
		t.Errorf("hash span %v should lie inside URL span %v", got[1].Span, got[0].Span)
	}
}

// TestFindSpansOnLabeledSet checks the span contract on every labeled text.
func TestFindSpansOnLabeledSet(t *testing.T) {
	cases, err := LoadLabeled(bytes.NewReader(LabeledSet))
	if err != nil {
		t.Fatal(err)
	}
	article, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, LabeledCase{Text: string(article)})
	for _, c := range cases {
		checkSpans(t, c.Text, Find(c.Text, Options{ReferenceHosts: c.ReferenceHosts}))
	}
}

// checkSpans enforces what Find promises about spans.
func checkSpans(t *testing.T, text string, inds []model.Indicator) {
	t.Helper()
	prevStart, topEnd := -1, 0
	for i, ind := range inds {
		sp := ind.Span
		if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
			t.Fatalf("%q: indicator %d span %v outside text of %d bytes", text, i, sp, len(text))
		}
		if text[sp.Start:sp.End] != ind.Original {
			t.Fatalf("%q: indicator %d Original %q != text[span] %q", text, i, ind.Original, text[sp.Start:sp.End])
		}
		if sp.Start <= prevStart {
			t.Fatalf("%q: indicator %d starts at %d, not after %d", text, i, sp.Start, prevStart)
		}
		if sp.Start < topEnd && sp.End > topEnd {
			t.Fatalf("%q: indicator %d span %v overlaps the previous one ending at %d", text, i, sp, topEnd)
		}
		if sp.Start >= topEnd {
			topEnd = sp.End
		}
		if ind.Value == "" || ind.Sentence != (model.Span{}) {
			t.Fatalf("%q: indicator %d has empty Value or a Sentence: %+v", text, i, ind)
		}
		prevStart = sp.Start
	}
}
