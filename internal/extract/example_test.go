package extract_test

import (
	"fmt"
	"time"

	"github.com/winnow-cti/winnow/internal/extract"
	"github.com/winnow-cti/winnow/internal/model"
)

func ExampleExtract() {
	gaz := extract.NewGazetteer([]extract.Entry{
		{Name: "APT31", Kind: model.KindThreatActor, Key: "mitre:G0128"},
		{Name: "Zirconium", Kind: model.KindThreatActor, Key: "mitre:G0128"},
	})
	text := "APT31, also known as Judgment Panda, is a Chinese state-sponsored group.\n\n" +
		"The Czech government on Tuesday blamed APT31 for a 2022 attack on its Ministry of Foreign Affairs."
	res := extract.Extract(text, extract.Options{
		Gazetteer: gaz,
		Published: time.Date(2025, time.May, 28, 0, 0, 0, 0, time.UTC),
	})
	for _, a := range res.AliasAssertions {
		fmt.Printf("alias: %s = %s (%s)\n", a.Subject, a.Alias, a.Relation)
	}
	for _, c := range res.Claims {
		if c.Type == model.ClaimAttribution {
			fmt.Printf("%s: actor %s, sponsor %q, victim %q, by %q, when %q = %s\n", c.Type,
				c.RoleText("actor"), c.RoleText("sponsor"), c.RoleText("victim"), c.Claimant,
				c.TimeText, c.TimeStart.Format("2006"))
		}
	}
	// Output:
	// alias: APT31 = Judgment Panda (same-as)
	// attribution: actor APT31, sponsor "Chinese", victim "", by "", when "" = 0001
	// attribution: actor APT31, sponsor "", victim "Ministry of Foreign Affairs", by "Czech government", when "2022" = 2022
}

func ExampleParseTime() {
	published := time.Date(2025, time.March, 18, 0, 0, 0, 0, time.UTC)
	for _, expr := range []string{"five years ago", "in December", "between 2020 and 2021", "last week"} {
		start, end, ok := extract.ParseTime(expr, published)
		fmt.Println(expr, "->", start.Format(time.DateOnly), end.Format(time.DateOnly), ok)
	}
	// Output:
	// five years ago -> 2020-01-01 2021-01-01 true
	// in December -> 2024-12-01 2025-01-01 true
	// between 2020 and 2021 -> 2020-01-01 2022-01-01 true
	// last week -> 2025-03-10 2025-03-17 true
}
