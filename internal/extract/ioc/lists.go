package ioc

import (
	"strings"

	"golang.org/x/net/publicsuffix"
)

// hostFlags refine what a match in the benign allowlist means.
type hostFlags uint8

const (
	// userContent hosts serve what their users upload (repositories, file
	// shares, pastes, short links): the bare domain is benign, but a full URL
	// with a path on it is something an attacker put there.
	userContent hostFlags = 1 << iota
	// tenantSubdomains hosts hand subdomains to customers
	// (evil.azurewebsites.net): the apex is benign, any subdomain is not.
	tenantSubdomains
	// freeMail hosts give anyone a mailbox, so an address there is still an
	// indicator even though the domain is benign.
	freeMail
)

// benignHosts is a small allowlist of well-known benign domains in the spirit
// of the MISP warninglists. A host matches an entry when it is the entry or a
// subdomain of it; the longest matching entry decides.
var benignHosts = map[string]hostFlags{
	// Search, mail and productivity.
	"google.com":             0,
	"google.co.uk":           0,
	"gstatic.com":            0,
	"googleapis.com":         0,
	"storage.googleapis.com": userContent | tenantSubdomains,
	"drive.google.com":       userContent,
	"docs.google.com":        userContent,
	"groups.google.com":      userContent,
	"sites.google.com":       userContent,
	"googleusercontent.com":  userContent | tenantSubdomains,
	"youtube.com":            0,
	"youtu.be":               0,
	"gmail.com":              freeMail,
	"microsoft.com":          0,
	"microsoftonline.com":    0,
	"windows.com":            0,
	"windowsupdate.com":      0,
	"live.com":               freeMail,
	"onedrive.live.com":      userContent,
	"1drv.ms":                userContent,
	"outlook.com":            freeMail,
	"hotmail.com":            freeMail,
	"office.com":             0,
	"office365.com":          0,
	"sharepoint.com":         userContent | tenantSubdomains,
	"bing.com":               0,
	"msn.com":                0,
	"azure.com":              0,
	"azurewebsites.net":      userContent | tenantSubdomains,
	"blob.core.windows.net":  userContent | tenantSubdomains,
	"apple.com":              0,
	"icloud.com":             freeMail,
	"yahoo.com":              freeMail,
	"aol.com":                freeMail,
	"proton.me":              freeMail,
	"protonmail.com":         freeMail,
	"gmx.com":                freeMail,
	"mail.ru":                freeMail,
	"yandex.ru":              freeMail,
	"yandex.com":             freeMail,
	"qq.com":                 freeMail,
	"zoom.us":                0,
	"slack.com":              0,
	"salesforce.com":         0,
	"okta.com":               0,
	"adobe.com":              0,
	"oracle.com":             0,
	"ibm.com":                0,
	"cisco.com":              0,
	"amazon.com":             0,
	"amazonaws.com":          userContent | tenantSubdomains,
	"cloudfront.net":         userContent | tenantSubdomains,
	"cloudflare.com":         0,
	"akamai.com":             0,
	"baidu.com":              0,
	"paypal.com":             0,
	"netflix.com":            0,
	// Social networks and messaging.
	"facebook.com":   0,
	"fbcdn.net":      0,
	"instagram.com":  0,
	"whatsapp.com":   0,
	"twitter.com":    0,
	"x.com":          0,
	"t.co":           userContent,
	"linkedin.com":   0,
	"reddit.com":     0,
	"vk.com":         0,
	"telegram.org":   0,
	"t.me":           userContent,
	"discord.com":    userContent,
	"discordapp.com": userContent,
	// Code, packages and file sharing.
	"github.com":             userContent,
	"githubusercontent.com":  userContent,
	"github.io":              userContent | tenantSubdomains,
	"gitlab.com":             userContent,
	"bitbucket.org":          userContent,
	"stackoverflow.com":      0,
	"python.org":             0,
	"pypi.org":               userContent,
	"npmjs.com":              userContent,
	"go.dev":                 0,
	"golang.org":             0,
	"docker.com":             userContent,
	"mozilla.org":            0,
	"wikipedia.org":          0,
	"archive.org":            0,
	"w3.org":                 0,
	"ietf.org":               0,
	"iana.org":               0,
	"icann.org":              0,
	"apache.org":             0,
	"kernel.org":             0,
	"debian.org":             0,
	"ubuntu.com":             0,
	"dropbox.com":            userContent,
	"dropboxusercontent.com": userContent | tenantSubdomains,
	"box.com":                userContent,
	"mega.nz":                userContent,
	"wetransfer.com":         userContent,
	"pastebin.com":           userContent,
	"bit.ly":                 userContent,
	"tinyurl.com":            userContent,
	"herokuapp.com":          userContent | tenantSubdomains,
	"workers.dev":            userContent | tenantSubdomains,
	"pages.dev":              userContent | tenantSubdomains,
	"trycloudflare.com":      userContent | tenantSubdomains,
	"ngrok.io":               userContent | tenantSubdomains,
	"appspot.com":            userContent | tenantSubdomains,
	"firebaseapp.com":        userContent | tenantSubdomains,
	"web.app":                userContent | tenantSubdomains,
	"netlify.app":            userContent | tenantSubdomains,
	"vercel.app":             userContent | tenantSubdomains,
	"blogspot.com":           userContent | tenantSubdomains,
	"wordpress.com":          userContent | tenantSubdomains,
	"duckdns.org":            userContent | tenantSubdomains,
	"ddns.net":               userContent | tenantSubdomains,
	// Security vendors, authorities and news outlets: usually references.
	"virustotal.com":        0,
	"mitre.org":             0,
	"cve.org":               0,
	"nist.gov":              0,
	"cisa.gov":              0,
	"fbi.gov":               0,
	"ic3.gov":               0,
	"ncsc.gov.uk":           0,
	"cert.org":              0,
	"first.org":             0,
	"abuse.ch":              0,
	"urlscan.io":            0,
	"shodan.io":             0,
	"censys.io":             0,
	"any.run":               0,
	"hybrid-analysis.com":   0,
	"alienvault.com":        0,
	"exploit-db.com":        0,
	"talosintelligence.com": 0,
	"mandiant.com":          0,
	"crowdstrike.com":       0,
	"paloaltonetworks.com":  0,
	"sentinelone.com":       0,
	"kaspersky.com":         0,
	"securelist.com":        0,
	"eset.com":              0,
	"welivesecurity.com":    0,
	"symantec.com":          0,
	"broadcom.com":          0,
	"trendmicro.com":        0,
	"sophos.com":            0,
	"checkpoint.com":        0,
	"fortinet.com":          0,
	"proofpoint.com":        0,
	"recordedfuture.com":    0,
	"bleepingcomputer.com":  0,
	"thehackernews.com":     0,
	"therecord.media":       0,
	"krebsonsecurity.com":   0,
	"securityweek.com":      0,
	"darkreading.com":       0,
	"theregister.com":       0,
	"arstechnica.com":       0,
	"reuters.com":           0,
	"bbc.co.uk":             0,
	"bbc.com":               0,
	"nytimes.com":           0,
	"asp.net":               0,
}

// benignAddrs are well-known public resolvers: real addresses, but never an
// attacker's.
var benignAddrs = map[string]bool{
	"8.8.8.8":              true,
	"8.8.4.4":              true,
	"1.1.1.1":              true,
	"1.0.0.1":              true,
	"9.9.9.9":              true,
	"149.112.112.112":      true,
	"208.67.222.222":       true,
	"208.67.220.220":       true,
	"2001:4860:4860::8888": true,
	"2001:4860:4860::8844": true,
	"2606:4700:4700::1111": true,
	"2606:4700:4700::1001": true,
}

// benignFiles are operating-system and office binaries that reports name
// because attackers run them, not because they are malicious.
var benignFiles = map[string]bool{
	"rundll32.exe": true, "regsvr32.exe": true, "powershell.exe": true,
	"pwsh.exe": true, "cmd.exe": true, "mshta.exe": true, "wscript.exe": true,
	"cscript.exe": true, "certutil.exe": true, "bitsadmin.exe": true,
	"schtasks.exe": true, "msiexec.exe": true, "svchost.exe": true,
	"explorer.exe": true, "lsass.exe": true, "winlogon.exe": true,
	"services.exe": true, "wmic.exe": true, "net.exe": true, "net1.exe": true,
	"reg.exe": true, "sc.exe": true, "taskkill.exe": true, "vssadmin.exe": true,
	"wevtutil.exe": true, "bcdedit.exe": true, "whoami.exe": true,
	"winword.exe": true, "excel.exe": true, "outlook.exe": true,
	"notepad.exe": true, "conhost.exe": true, "dllhost.exe": true,
	"msbuild.exe": true, "installutil.exe": true, "regasm.exe": true,
	"kernel32.dll": true, "ntdll.dll": true, "user32.dll": true,
	"advapi32.dll": true, "ws2_32.dll": true, "wininet.dll": true,
	"comsvcs.dll": true, "shell32.dll": true,
}

// reservedTLDs are special-use names (RFC 2606, RFC 6761, RFC 6762 and the
// .internal reservation): never on the public internet.
var reservedTLDs = map[string]bool{
	"test": true, "example": true, "invalid": true, "localhost": true,
	"local": true, "internal": true, "lan": true,
}

// reservedDomains are the documentation domains of RFC 2606.
var reservedDomains = map[string]bool{
	"example.com": true, "example.net": true, "example.org": true,
	"home.arpa": true,
}

// fileExts are extensions that make a dotted name a file: executables,
// scripts, documents, archives and disk images.
var fileExts = map[string]bool{
	"exe": true, "dll": true, "sys": true, "scr": true, "cpl": true, "ocx": true,
	"drv": true, "efi": true, "msi": true, "msix": true, "appx": true,
	"bat": true, "cmd": true, "ps1": true, "psm1": true, "psd1": true,
	"vbs": true, "vbe": true, "js": true, "jse": true, "wsf": true, "wsh": true,
	"hta": true, "sct": true, "pif": true, "lnk": true, "url": true, "scf": true,
	"inf": true, "reg": true, "chm": true, "hlp": true, "jar": true, "apk": true,
	"dmg": true, "elf": true, "so": true, "dylib": true, "ko": true,
	"deb": true, "rpm": true, "py": true, "pyc": true, "sh": true, "pl": true,
	"php": true, "asp": true, "aspx": true, "jsp": true, "htm": true,
	"html": true, "svg": true, "iqy": true, "slk": true,
	"doc": true, "docx": true, "docm": true, "dotm": true,
	"xls": true, "xlsx": true, "xlsm": true, "xlsb": true, "xll": true,
	"xlam": true, "ppt": true, "pptx": true, "pptm": true, "rtf": true,
	"pdf": true, "one": true, "hwp": true, "odt": true, "ods": true,
	"pub": true, "xps": true, "txt": true, "eml": true, "msg": true,
	"iso": true, "img": true, "vhd": true, "vhdx": true, "wim": true,
	"zip": true, "zipx": true, "rar": true, "7z": true, "cab": true,
	"gz": true, "tgz": true, "tar": true, "bz2": true, "xz": true,
	"ace": true, "arj": true, "lzh": true, "bin": true, "dat": true,
	"tmp": true,
}

// tldExts are the file extensions that are also ICANN top-level domains
// (.zip, .mov, .py, .sh ...); for them only context decides.
var tldExts = func() map[string]bool {
	m := map[string]bool{}
	for ext := range fileExts {
		if isICANNTLD(ext) {
			m[ext] = true
		}
	}
	return m
}()

// fileContextWords, as the word just before or after a dotted name, say the
// name is a file: "a file named invoice.zip", "the update.zip archive".
var fileContextWords = map[string]bool{
	"download": true, "downloads": true, "downloaded": true, "downloading": true,
	"file": true, "files": true, "filename": true, "attachment": true,
	"attachments": true, "attached": true, "named": true, "called": true,
	"archive": true, "archives": true, "document": true, "documents": true,
	"payload": true, "payloads": true, "script": true, "scripts": true,
	"drops": true, "dropped": true, "drop": true, "executes": true,
	"executed": true, "execute": true, "opens": true, "opened": true,
	"extracts": true, "extracted": true, "saved": true, "saves": true,
	"installer": true, "binary": true, "executable": true, "lure": true,
	"macro": true, "image": true, "dll": true, "run": true, "runs": true,
	"ran": true, "launch": true, "launches": true, "launched": true,
	"loads": true, "loaded": true, "install": true, "installs": true,
	"installed": true,
}

// versionWords before a dotted quad make it a version or section number,
// not an address.
var versionWords = map[string]bool{
	"version": true, "versions": true, "ver": true, "v": true, "build": true,
	"builds": true, "release": true, "firmware": true, "patch": true,
	"rev": true, "revision": true, "update": true, "driver": true,
	"section": true, "sections": true, "clause": true, "chapter": true,
	"figure": true, "table": true, "step": true, "paragraph": true,
}

// serviceNames may follow an address after a dot in netstat output.
var serviceNames = map[string]bool{
	"http": true, "https": true, "ftp": true, "ssh": true, "smtp": true,
	"imap": true, "imaps": true, "pop3": true, "domain": true, "telnet": true,
	"rdp": true, "smb": true, "ldap": true, "microsoft-ds": true,
}

// commonTLDs are the top-level domains that make a spelled-out " dot "
// (evil dot com) or an all-capitals name (EVIL.RU) read as a domain.
var commonTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "info": true, "biz": true,
	"io": true, "co": true, "ru": true, "cn": true, "su": true, "uk": true,
	"de": true, "fr": true, "jp": true, "kr": true, "br": true, "in": true,
	"us": true, "eu": true, "top": true, "xyz": true, "online": true,
	"site": true, "club": true, "shop": true, "pw": true, "tk": true,
	"cc": true, "me": true, "tv": true, "onion": true, "gov": true,
	"edu": true, "mil": true, "ir": true, "kp": true, "ua": true,
}

// spelledDotStopwords cannot be the label before a spelled-out " dot ": "the
// dot com bubble" is prose.
var spelledDotStopwords = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "to": true, "and": true,
	"or": true, "in": true, "on": true, "at": true, "is": true, "was": true,
	"by": true, "for": true, "with": true, "from": true, "that": true,
	"this": true, "connect": true, "dots": true,
}

// avTypes open an anti-virus detection name (Trojan.Win32.Agent,
// HEUR:Trojan..., TROJ_FAKEAV.SMA).
var avTypes = map[string]bool{
	"trojan": true, "backdoor": true, "worm": true, "virus": true,
	"ransom": true, "exploit": true, "hacktool": true, "riskware": true,
	"adware": true, "spyware": true, "pua": true, "heur": true,
	"trojandownloader": true, "trojandropper": true, "trojanspy": true,
	"trojanpsw": true, "pws": true, "psw": true, "troj": true, "bkdr": true,
	"tspy": true, "virtool": true, "not-a-virus": true, "rootkit": true,
	"w97m": true, "x97m": true, "o97m": true, "ransomware": true,
}

// avPlatforms name the platform inside a detection name.
var avPlatforms = map[string]bool{
	"win32": true, "win64": true, "w32": true, "w64": true, "msil": true,
	"androidos": true, "linux": true, "osx": true, "macos": true,
	"vbs": true, "js": true, "html": true, "script": true, "doc": true,
}

// isICANNTLD reports whether label (lower case) is a top-level domain in the
// ICANN section of the public suffix list.
func isICANNTLD(label string) bool {
	if label == "" {
		return false
	}
	suffix, icann := publicsuffix.PublicSuffix(label)
	return icann && suffix == label
}

// matchHost returns the flags of the longest allowlist entry that host
// (lower case) equals or is a subdomain of, and the entry matched.
func matchHost(host string, list map[string]hostFlags) (hostFlags, string, bool) {
	for h := host; ; {
		if f, ok := list[h]; ok {
			return f, h, true
		}
		dot := strings.IndexByte(h, '.')
		if dot < 0 {
			return 0, "", false
		}
		h = h[dot+1:]
	}
}
