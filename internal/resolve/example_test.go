package resolve_test

import (
	"fmt"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
)

func ExampleKB_Resolve() {
	kb, err := resolve.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	// Vendors' names for one group resolve to one entity.
	for _, name := range []string{"Violet Typhoon", "zirconium", "JUDGMENT PANDA", "APT 31"} {
		best := kb.Resolve(name, resolve.Context{Kind: model.KindThreatActor})[0]
		fmt.Printf("%s -> %s (%s)\n", name, best.Name, best.Country)
	}
	// "Winnti" names malware and actors; the expected kind decides.
	fmt.Println(kb.Resolve("Winnti", resolve.Context{Kind: model.KindMalware})[0].Kind)
	// A name no source knows still tells its naming vendor.
	s, _ := resolve.NamingScheme("Lotus Typhoon")
	fmt.Println(s.Vendor, s.Origin)
	// Output:
	// Violet Typhoon -> APT31 (CN)
	// zirconium -> APT31 (CN)
	// JUDGMENT PANDA -> APT31 (CN)
	// APT 31 -> APT31 (CN)
	// malware
	// Microsoft CN
}
