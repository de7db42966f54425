package extract

import (
	"slices"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
)

// knownProducts are software and devices whose flaws the news reports
// again and again, as prose writes them. No catalogue the knowledge base is
// built from lists products, and most of these names give no other clue
// ("exploited CVE-2023-42793 in TeamCity"): the claim rules take them as a
// product wherever an exploitation or disclosure claim's patient side
// names them. Names that are also common words ("Exchange", "Edge",
// "Teams", "Word") are listed only after their vendor's name, "vendor|":
// the product is what follows it.
var knownProducts = buildProductSet(
	// Microsoft
	"Exchange Server", "Microsoft|Exchange", "SharePoint", "SharePoint Server", "Outlook", "Internet Explorer",
	"MSHTML", "Windows Server", "Windows SmartScreen", "Print Spooler", "Netlogon", "Win32k", "Common Log File System",
	"Remote Desktop Services", "Microsoft|Office", "Microsoft|Word", "Microsoft|Edge", "Exchange Online",
	// Google, Apple, Mozilla, Adobe
	"Chrome", "Google|Chrome", "Chromium", "V8", "WebRTC", "Skia", "iPadOS", "Safari", "WebKit", "iMessage",
	"iPhone", "iPhones", "iPad", "iPads", "Macs", "MacBook", "Apple Watch", "Apple Watches", "Firefox", "Thunderbird", "Tor Browser",
	"Flash Player", "Adobe|Flash", "Acrobat", "Acrobat Reader", "Adobe|Reader", "ColdFusion", "Magento",
	// Network and security appliances
	"FortiOS", "FortiGate", "FortiProxy", "FortiManager", "FortiWeb", "FortiClient EMS", "FortiSIEM",
	"FortiSwitchManager", "FortiAnalyzer", "PAN-OS", "GlobalProtect", "Connect Secure", "Policy Secure",
	"Pulse Connect Secure", "Endpoint Manager Mobile", "EPMM", "MobileIron", "Cloud Services Appliance",
	"NetScaler", "NetScaler ADC", "NetScaler Gateway", "Citrix|ADC", "Citrix|Gateway", "ShareFile",
	"Application Delivery Controller", "Adaptive Security Appliance", "Firepower Threat Defense", "IOS XE",
	"IOS XR", "Smart Install", "AnyConnect", "BIG-IP", "Junos OS", "ScreenOS", "RouterOS", "SonicOS",
	"Email Security Gateway", "XG Firewall", "Sophos Firewall", "Quantum Security Gateway",
	// Servers, platforms and file transfer
	"vCenter", "vCenter Server", "ESXi", "Workspace ONE", "VMware Tools", "Aria Operations", "Confluence",
	"Confluence Server", "Confluence Data Center", "Jira", "Bitbucket", "MOVEit", "MOVEit Transfer", "WS_FTP",
	"GoAnywhere", "GoAnywhere MFT", "File Transfer Appliance", "Log4j", "Struts", "Tomcat", "ActiveMQ", "OFBiz",
	"WebLogic", "WebLogic Server", "E-Business Suite", "Orion", "Serv-U", "VSA", "ScreenConnect", "TeamCity",
	"ManageEngine", "ADSelfService Plus", "ServiceDesk Plus", "Zimbra", "Zimbra Collaboration", "Roundcube",
	"MDaemon", "Exim", "OpenSSL", "OpenSSH", "Jenkins", "GitLab", "WinRAR", "7-Zip", "PaperCut", "PaperCut MF",
	"PaperCut NG", "Backup & Replication", "CrushFTP", "Cleo Harmony", "SimpleHelp", "Remote Support",
	"Privileged Remote Access", "WordPress", "Drupal", "Joomla", "vBulletin", "Output Messenger", "CyberPanel",
	"Telerik UI", "Spring Framework", "Spring4Shell", "SAP|NetWeaver", "NetWeaver", "Citrix|Virtual Apps",
	"XenApp", "XenDesktop", "Kerberos", "Active Directory", "Outlook Web Access", "Microsoft|Teams",
)

// knownProduct is a product's name as words, the first vendor words of
// them its vendor's name.
type knownProduct struct {
	words  []string
	vendor int
}

// buildProductSet indexes product names by their first word, longest
// first, as written.
func buildProductSet(names ...string) map[string][]knownProduct {
	out := map[string][]knownProduct{}
	for _, n := range names {
		vendor, product, ok := strings.Cut(n, "|")
		if !ok {
			vendor, product = "", n
		}
		p := knownProduct{words: append(strings.Fields(vendor), strings.Fields(product)...), vendor: len(strings.Fields(vendor))}
		out[p.words[0]] = append(out[p.words[0]], p)
	}
	for _, list := range out {
		slices.SortFunc(list, func(a, b knownProduct) int { return len(b.words) - len(a.words) })
	}
	return out
}

// knownProductAt returns the span of a known product's name whose words
// (its vendor's name first, where listed so) start at word k, and the
// index of its last word.
func (v *sentenceView) knownProductAt(k int) (model.Span, int, bool) {
	p, ok := productStartingAt(k, len(v.words), v.text, v.spaced)
	if !ok {
		return model.Span{}, 0, false
	}
	last := k + len(p.words) - 1
	return model.Span{Start: v.words[k+p.vendor].start, End: v.words[last].end}, last, true
}

// productStartingAt returns the longest known product whose words start
// at word k of n words, where word(i) is the text of word i and joined(i)
// reports whether word i follows word i-1 after a single space. The
// sentence view and productsIn read words their own ways; the matching is
// one.
func productStartingAt(k, n int, word func(int) string, joined func(int) bool) (knownProduct, bool) {
	for _, p := range knownProducts[word(k)] {
		if k+len(p.words) > n {
			continue
		}
		ok := true
		for i := 1; i < len(p.words) && ok; i++ {
			ok = word(k+i) == p.words[i] && joined(k+i)
		}
		if ok {
			return p, true
		}
	}
	return knownProduct{}, false
}

// knownProductSpan reports whether span is exactly a known product's name.
func (v *sentenceView) knownProductSpan(span model.Span) bool {
	k := v.wordAt(span.Start)
	if k >= len(v.words) || v.words[k].start != span.Start {
		return false
	}
	p, _, ok := v.knownProductAt(k)
	return ok && p == span
}

// productsIn returns a product role for every known product's name in the
// span of text, read word by word as prose writes it (words split at
// spaces, with the punctuation around them trimmed).
func productsIn(text string, span model.Span) []model.Role {
	type word struct {
		text       string
		start, end int
	}
	var words []word
	in := span.In(text)
	for i := 0; i < len(in); {
		for i < len(in) && in[i] == ' ' {
			i++
		}
		j := i
		for j < len(in) && in[j] != ' ' {
			j++
		}
		if j > i {
			w := strings.TrimRight(strings.TrimLeft(in[i:j], "\"'(\u201c"), ".,;:)'\"\u201d")
			if strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "\u2019s") {
				w = ""
			}
			start := span.Start + i + strings.Index(in[i:j], w)
			words = append(words, word{w, start, start + len(w)})
		}
		i = j
	}
	wordText := func(i int) string { return words[i].text }
	joined := func(i int) bool { return words[i-1].end+1 == words[i].start }
	var out []model.Role
	for k := 0; k < len(words); k++ {
		p, ok := productStartingAt(k, len(words), wordText, joined)
		if !ok {
			continue
		}
		n := len(p.words)
		r := model.Span{Start: words[k+p.vendor].start, End: words[k+n-1].end}
		out = append(out, model.Role{Role: "product", Text: r.In(text), Span: r})
		k += n - 1
	}
	return out
}
