package ioc_test

import (
	"fmt"

	"github.com/winnow-cti/winnow/internal/extract/ioc"
)

func ExampleFind() {
	text := "The loader called hxxps://cdn-update[.]top/a.php, then 10.0.0.5; " +
		"samples were flagged as Trojan.Win32.Agent (CVE-2024-3400). " +
		"Full report: https://news.example-outlet.com/report."
	opts := ioc.Options{ReferenceHosts: []string{"example-outlet.com"}}
	for _, ind := range ioc.Find(text, opts) {
		fmt.Printf("%-9s %-36s %-9s defanged=%v\n", ind.Type, ind.Value, ind.Disposition, ind.Defanged)
	}
	// Output:
	// url       https://cdn-update.top/a.php         indicator defanged=true
	// ipv4      10.0.0.5                             private   defanged=false
	// domain    trojan.win32.agent                   not-ioc   defanged=false
	// cve       CVE-2024-3400                        indicator defanged=false
	// url       https://news.example-outlet.com/report reference defanged=false
}

func ExamplePattern() {
	for _, ind := range ioc.Find("Block 45.61.136.47 and d41d8cd98f00b204e9800998ecf8427e (CVE-2021-44228).", ioc.Options{}) {
		p, ok := ioc.Pattern(ind)
		fmt.Println(ind.Type, p, ok)
	}
	// Output:
	// ipv4 [ipv4-addr:value = '45.61.136.47'] true
	// md5 [file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e'] true
	// cve  false
}
