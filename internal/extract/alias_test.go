package extract

import (
	"fmt"
	"github.com/winnow-cti/winnow/internal/model"
	"slices"
	"testing"
)

// aliasStrings renders assertions as "subject=alias relation by claimant".
func aliasStrings(as []AliasAssertion) []string {
	var out []string
	for _, a := range as {
		out = append(out, fmt.Sprintf("%s=%s %s by %q %.2f", a.Subject, a.Alias, a.Relation, a.Claimant, a.Confidence))
	}
	return out
}

// aliasCase is a sentence and the assertions it must give, rendered by
// aliasStrings.
type aliasCase struct {
	name string
	text string
	want []string
}

// runAliasCases extracts each case's text and checks its assertions, and
// that every alias is also a mention.
func runAliasCases(t *testing.T, tests []aliasCase) {
	t.Helper()
	gaz := testGazetteer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(tt.text, Options{Gazetteer: gaz})
			checkInvariants(t, tt.text, res)
			if got := aliasStrings(res.AliasAssertions); !slices.Equal(got, tt.want) {
				t.Errorf("aliases in %q\n got %q\nwant %q", tt.text, got, tt.want)
			}
			for _, a := range res.AliasAssertions {
				if !slices.ContainsFunc(res.Mentions, func(m model.Mention) bool { return m.Span == a.AliasSpan }) {
					t.Errorf("alias %q has no mention", a.Alias)
				}
			}
		})
	}
}

func TestAliasAssertions(t *testing.T) {
	tests := []aliasCase{
		{"also known as, list", "APT31, also known as Zirconium, Judgment Panda, and Violet Typhoon, targeted ministries.", []string{
			`APT31=Zirconium same-as by "" 0.80`,
			`APT31=Judgment Panda same-as by "" 0.80`,
			`APT31=Violet Typhoon same-as by "" 0.80`,
		}},
		{"dashes", "APT31 \u2014 also known as Altaire and Perplexed Goblin \u2014 is active.", []string{
			`APT31=Altaire same-as by "" 0.80`,
			`APT31=Perplexed Goblin same-as by "" 0.80`,
		}},
		{"quoted list after a comma", `Prague blamed APT31, "also known as Judgment Panda, Altaire, Perplexed Goblin and Violet Typhoon", for it.`, []string{
			`APT31=Judgment Panda same-as by "Prague" 0.80`,
			`APT31=Altaire same-as by "Prague" 0.80`,
			`APT31=Perplexed Goblin same-as by "Prague" 0.80`,
			`APT31=Violet Typhoon same-as by "Prague" 0.80`,
		}},
		{"quoted list between dashes", "APT31 \u2014 \u201calso known as Altaire and Perplexed Goblin\u201d \u2014 is active.", []string{
			`APT31=Altaire same-as by "" 0.80`,
			`APT31=Perplexed Goblin same-as by "" 0.80`,
		}},
		{"aka in brackets", "APT29 (aka Cozy Bear) struck again.", []string{`APT29=Cozy Bear same-as by "" 0.80`}},
		{"also tracked as", "Storm-0558 (also tracked as UNC9999) is active.", []string{`Storm-0558=UNC9999 same-as by "" 0.80`}},
		{"which X calls", "APT31, which Microsoft calls Violet Typhoon, is active.", []string{`APT31=Violet Typhoon same-as by "Microsoft" 0.80`}},
		{"known to X as", "APT31, known to Proofpoint as TA412, is active.", []string{`APT31=TA412 same-as by "Proofpoint" 0.80`}},
		{"X tracks Y as Z", "Secureworks tracks APT31 as Bronze Vinewood.", []string{`APT31=Bronze Vinewood same-as by "Secureworks" 0.80`}},
		{"formerly", "Violet Typhoon (formerly Zirconium) is active.", []string{`Violet Typhoon=Zirconium same-as by "" 0.80`}},
		{"overlaps with", "UNC3886 overlaps with APT41, Mandiant said.", []string{`UNC3886=APT41 overlaps-with by "Mandiant" 0.50`}},
		{"overlaps with activity tracked as", "UNC3886 partially overlaps with activity tracked as Fire Ant.",
			[]string{`UNC3886=Fire Ant overlaps-with by "" 0.50`}},
		{"trailing claimant is not an alias", "APT31, also known as Zirconium, Microsoft said.", []string{`APT31=Zirconium same-as by "Microsoft" 0.80`}},
		{"by claimant", "APT31 (tracked as TA412 by Proofpoint) is active.", []string{`APT31=TA412 same-as by "Proofpoint" 0.80`}},
		{"dubbed by", "APT31, dubbed Zirconium by Microsoft, is active.", []string{`APT31=Zirconium same-as by "Microsoft" 0.80`}},
		{"hedge elsewhere in the sentence", "Violet Typhoon (formerly Zirconium) is believed to serve the MSS.",
			[]string{`Violet Typhoon=Zirconium same-as by "" 0.80`}},
		{"hedged", "APT31 is likely also known as Zirconium.", []string{`APT31=Zirconium same-as by "" 0.60`}},
		{"descriptor noun", "The ransom went to the APT31 group, also known as Zirconium, in May.",
			[]string{`APT31=Zirconium same-as by "" 0.80`}},
		{"descriptor noun, aka in brackets", "The APT31 hacking group (aka Zirconium) is active.",
			[]string{`APT31=Zirconium same-as by "" 0.80`}},
		{"descriptor in apposition", "APT31, the Chinese state-sponsored group also known as Zirconium, is active.",
			[]string{`APT31=Zirconium same-as by "" 0.80`}},
		{"descriptor after a preposition is another name's", "A member of APT31 of the group also known as Zirconium.", nil},
		{"no named subject", "The group, also known as Zirconium, is active. A group tracked as UNC1234 struck.", nil},
		{"country is no subject", "Russia, also known as the Russian Federation, denied it.", nil},
		{"an unnamed group's list of names: the first is the subject",
			"The group, which security companies track as Pioneer Kitten, Fox Kitten and Lemon Sandstorm, is active.", []string{
				`Pioneer Kitten=Fox Kitten same-as by "" 0.80`,
				`Pioneer Kitten=Lemon Sandstorm same-as by "" 0.80`,
			}},
		{"whom others call", "Turla exploited the flaw. The hackers, whom researchers call Venomous Bear and Waterbug, stayed.", []string{
			`Turla=Venomous Bear same-as by "" 0.80`,
			`Turla=Waterbug same-as by "" 0.80`,
		}},
		{"better known as", "Forest Blizzard, better known as APT28 or Fancy Bear, struck.", []string{
			`Forest Blizzard=APT28 same-as by "" 0.80`,
			`Forest Blizzard=Fancy Bear same-as by "" 0.80`,
		}},
		{"others call it", "Secureworks tracks APT31 as Bronze Vinewood; other companies call it Zirconium or Judgment Panda.", []string{
			`APT31=Bronze Vinewood same-as by "Secureworks" 0.80`,
			`APT31=Zirconium same-as by "" 0.80`,
			`APT31=Judgment Panda same-as by "" 0.80`,
		}},
		{"a named source calls it", "Secureworks tracks APT31 as Bronze Vinewood; CrowdStrike calls it Judgment Panda.", []string{
			`APT31=Bronze Vinewood same-as by "Secureworks" 0.80`,
			`APT31=Judgment Panda same-as by "CrowdStrike" 0.80`,
		}},
		{"overlaps with a group others track as", "UNC3886 overlaps with a group other researchers track as Fire Ant.",
			[]string{`UNC3886=Fire Ant overlaps-with by "" 0.50`}},
	}
	runAliasCases(t, tests)
}

func TestHandleAliases(t *testing.T) {
	tests := []aliasCase{
		{"known online as", "Conor Brian Fitzpatrick, known online as Pompompurin, ran the forum.",
			[]string{`Conor Brian Fitzpatrick=Pompompurin same-as by "" 0.80`}},
		{"surname, known online as", "Fitzpatrick, known online as Pompompurin, told agents he was the site's administrator.",
			[]string{`Fitzpatrick=Pompompurin same-as by "" 0.80`}},
		{"age before the phrase", "Conor Brian Fitzpatrick, 20, known online as Pompompurin, was arrested.",
			[]string{`Conor Brian Fitzpatrick=Pompompurin same-as by "" 0.80`}},
		{"who used the handle", "Khoroshev, who used the handle LockBitSupp, had offered $10 million.",
			[]string{`Khoroshev=LockBitSupp same-as by "" 0.80`}},
		{"full name, who has used the handle", "Dmitry Khoroshev, who has used the handle LockBitSupp, was charged.",
			[]string{`Dmitry Khoroshev=LockBitSupp same-as by "" 0.80`}},
		{"going by the alias", "Police arrested Luan Goes, going by the alias USDoD online.",
			[]string{`Luan Goes=USDoD same-as by "" 0.80`}},
		{"who goes by the moniker", "The administrator, John Smith, who goes by the moniker Baphomet, fled.",
			[]string{`John Smith=Baphomet same-as by "" 0.80`}},
		{"operating under the nickname", "Mikhail Matveev, operating under the nickname Wazawaka, was charged.",
			[]string{`Mikhail Matveev=Wazawaka same-as by "" 0.80`}},
		{"under the online handle", "John Smith posted under the online handle Baphomet.",
			[]string{`John Smith=Baphomet same-as by "" 0.80`}},
		{"known online by the handle", "Alexander Vinnik, known online by the handle WME, ran BTC-e.",
			[]string{`Alexander Vinnik=WME same-as by "" 0.80`}},
		{"lower-case handle with digits", "John Smith, who used the handle ne0n, was arrested.",
			[]string{`John Smith=ne0n same-as by "" 0.80`}},
		{"handle with underscores", "John Smith, who used the handle dark_over_lord, was arrested.",
			[]string{`John Smith=dark_over_lord same-as by "" 0.80`}},
		{"quoted lower-case handle", "John Smith, known online as \u201cpompompurin\u201d, was arrested.",
			[]string{`John Smith=pompompurin same-as by "" 0.80`}},
		{"aka in brackets", "Conor Brian Fitzpatrick (aka Pompompurin) was sentenced.",
			[]string{`Conor Brian Fitzpatrick=Pompompurin same-as by "" 0.80`}},
		{"used the online name, went by, and a verb left out",
			"The indictment names Wang Dong, Wen Xinyu and Gu Chunhui. Wang used the online name UglyGorilla, Wen went by WinXYHappy and Gu by KandyGoo, according to the indictment.",
			[]string{
				`Wang=UglyGorilla same-as by "the indictment" 0.80`, `Wen=WinXYHappy same-as by "the indictment" 0.80`,
				`Gu=KandyGoo same-as by "the indictment" 0.80`,
			}},
		{"quoted lower-case online names", `Penchukov, who went by the online names "tank" and "father", was arrested.`,
			[]string{`Penchukov=tank same-as by "" 0.80`, `Penchukov=father same-as by "" 0.80`}},
		{"unquoted lower-case handles after the online handles", "Prosecutors say Tymoshchuk, who went by the online handles deadforz, Boba and farnetwork, and his accomplices extorted companies.",
			[]string{`Tymoshchuk=deadforz same-as by "Prosecutors" 0.80`, `Tymoshchuk=Boba same-as by "Prosecutors" 0.80`, `Tymoshchuk=farnetwork same-as by "Prosecutors" 0.80`}},
		{"respectively is no handle", "They used the online handles Ghost and Shadow, respectively.", nil},
		{"went by car", "John Smith went by car to the border.", nil},
		{"unquoted lower-case word after online name", "John Smith, who used the online name tank, was arrested.", nil},
		{"known online for", "LockBit, known online for its leaks, posted data.", nil},
		{"the handle of the door", "John Smith used the handle of the door.", nil},
		{"used the alias feature", "John Smith used the alias feature in the app.", nil},
		{"bare lower-case word", "John Smith, who used the handle wizard, was arrested.", nil},
		{"no named subject", "A hacker going by the alias USDoD posted the data. The administrator, who goes by the moniker Baphomet, fled.", nil},
		{"opening capital is no subject", "Hackers used the handle Baphomet.", nil},
		{"used the name is a brand", "John Smith used the name Microsoft in emails.", nil},
		{"went by without a handle noun", "John Smith went by train.", nil},
		{"break inside the phrase", "John Smith used the alias: Baphomet.", nil},
	}
	runAliasCases(t, tests)
}

// A handle's subject is a person: it must not become a threat-actor name
// looked for, and split, across the article.
func TestHandleSubjectNotSplit(t *testing.T) {
	text := "The United States sanctioned Dmitry Khoroshev, a Russian national. Khoroshev, who used the handle LockBitSupp, had offered $10 million."
	res := Extract(text, Options{Gazetteer: testGazetteer()})
	checkInvariants(t, text, res)
	if got := aliasStrings(res.AliasAssertions); !slices.Equal(got, []string{`Khoroshev=LockBitSupp same-as by "" 0.80`}) {
		t.Errorf("aliases: got %q", got)
	}
	for _, m := range res.Mentions {
		if m.Text == "Khoroshev" && m.Span.Start < len("The United States sanctioned Dmitry Khoroshev") {
			t.Errorf("Dmitry Khoroshev split: %+v", m)
		}
		if m.Text == "LockBitSupp" && m.Kind != model.KindPerson {
			t.Errorf("handle kind = %s, want person", m.Kind)
		}
	}
}

func TestAliasClauses(t *testing.T) {
	tests := []aliasCase{
		{"that is also tracked as, after a long description",
			"Jubair is a member of Sandworm, a loose network of mostly Russian-speaking young hackers that is also tracked as UNC3944 and Octo Tempest.",
			[]string{`Sandworm=UNC3944 same-as by "" 0.80`, `Sandworm=Octo Tempest same-as by "" 0.80`}},
		{"that Microsoft previously called",
			"The intrusion was the work of Volt Typhoon, a Chinese state-sponsored group that Microsoft previously called Hafnium, officials said.",
			[]string{`Volt Typhoon=Hafnium same-as by "Microsoft" 0.80`}},
		{"which it also calls",
			"The FBI said that Lazarus Group, which it also calls APT38, stole the funds.",
			[]string{`Lazarus Group=APT38 same-as by "FBI" 0.80`}},
		{"which X tracks as, and later renamed",
			"Play, which Microsoft tracks as DEV-0537 and later renamed Strawberry Tempest, first surfaced in 2022.",
			[]string{`Play=DEV-0537 same-as by "Microsoft" 0.80`, `Play=Strawberry Tempest same-as by "Microsoft" 0.80`}},
		{"a name no table knows, with a symbol", "Lapsus$, which Microsoft tracks as DEV-0537, hit Nvidia.",
			[]string{`Lapsus$=DEV-0537 same-as by "Microsoft" 0.80`}},
		{"which researchers call", "APT31, which researchers call Judgment Panda, is active.",
			[]string{`APT31=Judgment Panda same-as by "" 0.80`}},
		{"which the government has tracked as",
			"The Lazarus Group, which the U.S. government has tracked as Hidden Cobra, stole billions.",
			[]string{`Lazarus Group=Hidden Cobra same-as by "U.S. government" 0.80`}},
		{"X, formerly Y", "Storm-0558, formerly DEV-0558, is active.", []string{`Storm-0558=DEV-0558 same-as by "" 0.80`}},
		{"also dubbed", "Sandworm, also dubbed Voodoo Bear, struck again.", []string{`Sandworm=Voodoo Bear same-as by "" 0.80`}},
		{"X, aka Y", "Sandworm, aka Voodoo Bear, struck again.", []string{`Sandworm=Voodoo Bear same-as by "" 0.80`}},
		{"X (also known as Y)", "Sandworm (also known as Iron Viking) struck again.", []string{`Sandworm=Iron Viking same-as by "" 0.80`}},
		{"rebrand of, anaphor subject",
			"The LockBit gang hit the firm. Researchers believe the gang is a rebrand of DarkSide and BlackMatter, two earlier ransomware operations.",
			[]string{`LockBit=DarkSide overlaps-with by "Researchers" 0.34`, `LockBit=BlackMatter overlaps-with by "Researchers" 0.34`}},
		{"assessed to be part of",
			"Microsoft linked the intrusions to UNC5337, a group it assessed with moderate confidence to be part of UNC5221.",
			[]string{`UNC5337=UNC5221 overlaps-with by "Microsoft" 0.37`}},
		{"successor to", "Volt Typhoon is likely the successor to APT30.", []string{`Volt Typhoon=APT30 overlaps-with by "" 0.37`}},
		{"offshoot of", "Sandworm, an offshoot of APT28, struck again.", []string{`Sandworm=APT28 overlaps-with by "" 0.50`}},
		{"pronoun subject of a loose overlap", "Mandiant said APT31 was busy and that it might have ties to APT30.",
			[]string{`APT31=APT30 overlaps-with by "Mandiant" 0.25`}},
		{"aside on who names the subject", "APT31, as Microsoft calls the group, is also known as Judgment Panda.",
			[]string{`APT31=Judgment Panda same-as by "" 0.80`}},
		{"a capitalised noun inside the list", "APT31 is also known as Callisto Group, SEABORGIUM and COLDRIVER.", []string{
			`APT31=Callisto Group same-as by "" 0.80`, `APT31=SEABORGIUM same-as by "" 0.80`, `APT31=COLDRIVER same-as by "" 0.80`,
		}},
		{"shares infrastructure with", "UNC3944 shares infrastructure with Sandworm.", []string{`UNC3944=Sandworm overlaps-with by "" 0.50`}},

		{"which other researchers call, an or list", "Sandworm, which other researchers call Quedagh or Voodoo Bear, has spied on NATO.",
			[]string{`Sandworm=Quedagh same-as by "" 0.80`, `Sandworm=Voodoo Bear same-as by "" 0.80`}},
		{"which some security vendors track as", "APT31, which some security vendors track as Judgment Panda, is active.",
			[]string{`APT31=Judgment Panda same-as by "" 0.80`}},
		{"two naming clauses of an unnamed thing",
			"The malware used against the retailer, which they call Kaptoxa and which others know as BlackPOS, scraped card data.",
			[]string{`Kaptoxa=BlackPOS same-as by "" 0.80`}},
		{"a second naming clause after a named subject",
			"Sandworm, which Microsoft calls Seashell Blizzard and which others know as Voodoo Bear, is active.",
			[]string{`Sandworm=Seashell Blizzard same-as by "Microsoft" 0.80`, `Sandworm=Voodoo Bear same-as by "" 0.80`}},
		{"calls itself", "LockBit, which now calls itself LockBit 3.0, rents its ransomware to affiliates.",
			[]string{`LockBit=LockBit 3.0 same-as by "" 0.80`}},
		{"overlaps with activity others report as",
			"APT41 overlaps with activity that other security companies report as Barium and Wicked Panda, and Mandiant said the group's goals remain unclear.",
			[]string{`APT41=Barium overlaps-with by "" 0.50`, `APT41=Wicked Panda overlaps-with by "" 0.50`}},
		{"the group's activity overlaps with that of hackers others track as",
			"APT31 struck again. Microsoft said the group's activity overlaps with that of hackers whom other security companies track as Sea Turtle and UNC1326.",
			[]string{`APT31=Sea Turtle overlaps-with by "Microsoft" 0.50`, `APT31=UNC1326 overlaps-with by "Microsoft" 0.50`}},
		{"its activity overlaps", "APT31 struck again. Its activity overlaps with Sea Turtle, Microsoft said.",
			[]string{`APT31=Sea Turtle overlaps-with by "Microsoft" 0.50`}},
		{"SOURCE tracked the group as", "APT31 struck again. Until recently, Microsoft tracked the group as Storm-1789.",
			[]string{`APT31=Storm-1789 same-as by "Microsoft" 0.80`}},
		{"overlapped, adverbs between", "Microsoft also said Moonstone Sleet had at first overlapped heavily with Diamond Sleet, another North Korean group.",
			[]string{`Moonstone Sleet=Diamond Sleet overlaps-with by "Microsoft" 0.50`}},
		{"reduced naming relative after an apposition",
			"Trend Micro said APT34, an Iranian cyber-espionage group it tracks as Earth Simnavaz, has stepped up attacks.",
			[]string{`APT34=Earth Simnavaz same-as by "Trend Micro" 0.80`}},
		{"a list interrupted by whose name follows",
			"APT34, also known as OilRig and, in Microsoft's naming, Hazel Sandstorm, is believed to work for Iran.",
			[]string{`APT34=OilRig same-as by "" 0.80`, `APT34=Hazel Sandstorm same-as by "" 0.80`}},
		{"an organisation the tables lack, an alias with a number",
			"The bloc also sanctioned the GRU's Main Centre for Special Technologies, also known as Unit 74455.",
			[]string{`Main Centre for Special Technologies=Unit 74455 same-as by "" 0.80`}},

		{"which they call, a bare word", "The malware, which they call a success and which others know as a failure, spread.", nil},
		{"one naming clause of an unnamed thing", "The malware used against the retailer, which they call Kaptoxa, scraped card data.", nil},
		{"tracked the group as it moved", "APT31 struck again. Microsoft tracked the group as it moved to new servers.", nil},
		{"overlaps with the holiday", "The APT31 campaign overlaps with the holiday season, Mandiant said.", nil},
		{"calls itself a patriot", "APT31, which calls itself a patriot, is active.", nil},
		{"the group it calls, no apposition", "Mandiant said Unit 61398 was the group it calls APT1.", nil},
		{"which X said was behind", "Sandworm, which Microsoft said was behind the attack, is active.", nil},
		{"that targeted", "APT31, a group that targeted Finland's parliament, is active.", nil},
		{"tracked by, without a name", "UNC1234, a group tracked by Microsoft, is active.", nil},
		{"the tracker is no subject", "Microsoft, which tracks the group, said APT31 was active.", nil},
		{"named what it modifies", "The attackers deployed a Python backdoor that Volexity named Upstyle.", nil},
		{"called, a bare word", "Volt Typhoon, a group that Microsoft called unprecedented, is active.", nil},
		{"a person is no part of a group", "Jubair is part of Sandworm.", nil},
		{"as part of", "APT31 used PlugX as part of Operation Fishbowl.", nil},
		{"ties to a state body", "APT31 has ties to China's Ministry of State Security.", nil},
		{"shared code", "Bad Rabbit shares much of its code with NotPetya.", nil},
	}
	runAliasCases(t, tests)
}

// A name given as an alias is the subject again: it takes no part in the
// sentence's other claims.
func TestAliasIsNoOtherParty(t *testing.T) {
	for _, text := range []string{
		"The FBI said on Wednesday that North Korea's Lazarus Group, which it also calls APT38, stole $41 million from Stake.com.",
		"Play, which Microsoft tracks as DEV-0537 and later renamed Strawberry Tempest, attacked Brazil's Ministry of Health.",
		"Trend Micro said APT31, a Chinese cyber-espionage group it tracks as Earth Simnavaz, has attacked government agencies in the United Arab Emirates.",
		"APT31, also known as Zirconium and, in Microsoft's naming, Hazel Sandstorm, is believed to work for China's Ministry of State Security.",
		"Sandworm, which other researchers call Quedagh or Voodoo Bear, has spied on NATO.",
		"LockBit, which now calls itself LockBit 3.0, has posted the names of dozens of victims on its leak site.",
	} {
		res := Extract(text, Options{Gazetteer: testGazetteer()})
		for _, c := range res.Claims {
			if c.Type == model.ClaimAliasAssertion {
				continue
			}
			for _, r := range c.Roles {
				if slices.Contains([]string{"APT38", "DEV-0537", "Strawberry Tempest", "Microsoft", "Earth Simnavaz", "Zirconium",
					"Hazel Sandstorm", "Quedagh", "Voodoo Bear", "LockBit 3.0"}, r.Text) {
					t.Errorf("%q: alias or namer %q is a %s of a %s claim", text, r.Text, r.Role, c.Type)
				}
			}
		}
	}
}
