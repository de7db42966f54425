package extract_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/extract"
)

// TestClaimsWithKnowledgeBase checks claims whose reading depends on how
// the knowledge base files a name (the Qilin ransomware is malware there,
// its gang unknown), which the small test gazetteer cannot show.
func TestClaimsWithKnowledgeBase(t *testing.T) {
	gaz, err := kbGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	published := time.Date(2024, 6, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, text string
		want       []string
		// absent, when set, is a role no claim may carry; want is then
		// not checked (the rest of the sentence is another matter).
		absent string
	}{
		{"a pro-state group names no sponsor",
			"Killnet, a pro-Russian hacking group, has claimed responsibility for attacks on Ignitis Group.",
			nil, "sponsor"},
		{"a place's -based word names no sponsor",
			"Pegasus, the spyware sold by Israel-based NSO Group, was used to hack the phone of Pedro Sanchez.",
			nil, "sponsor"},
		{"an operating system is a product where a flaw is",
			"Apple said that it had fixed the flaws in iOS in February.",
			[]string{"disclosure vendor=Apple product=iOS by Apple @in February [2024-02-01,2024-03-01)"}, ""},
		{"a platform word before a malware is no product",
			"The Windows version of the malware encrypts files.", nil, ""},
		{"data as the subject of a passive is a breach, or its denial",
			"News Corp said there was no indication that customer data or financial data had been affected.",
			[]string{"data-breach victim=News Corp data=customer data data=financial data by News Corp negated"}, ""},
		{"systems affected are no data",
			"Some systems were affected by the attack.", nil, ""},
		{"did not denies its own verb, not a past-tense one joined with and",
			"The gang said it did not consider the cooperative critical infrastructure and threatened to publish 1,000 gigabytes of data it claimed to have stolen.",
			[]string{"data-breach data=data amount=1,000 gigabytes hedged"}, ""},
		{"did not still denies its own verb",
			"The company said the hackers did not steal customer data.",
			[]string{"data-breach data=customer data negated"}, ""},
		{"a Romance name goes on past its particle",
			"The Ragnar Locker ransomware gang is demanding a ransom of 1,580 bitcoin from Energias de Portugal, the Portuguese electricity company.",
			[]string{"ransomware actor=Ragnar Locker victim=Energias de Portugal country=Portuguese amount=1,580 bitcoin"}, ""},
		{"hit by ransomware itself is a ransomware attack",
			"Sky Lakes Medical Center in Klamath Falls, Oregon, was hit by ransomware on Tuesday.",
			[]string{"ransomware victim=Sky Lakes Medical Center @on Tuesday [2024-06-18,2024-06-19)"}, ""},
		{"struck with ransomware",
			"Hackers hit Acme Health with ransomware on Monday.",
			[]string{"ransomware victim=Acme Health @on Monday [2024-06-17,2024-06-18)"}, ""},
		{"actions of different kinds are claims of their own",
			"U.S. authorities arrested Anatoly Legkodymov in Miami on Tuesday night and charged him with running an unlicensed business.",
			[]string{"law-enforcement authority=U.S. authorities action=arrested target=Anatoly Legkodymov @on Tuesday [2024-06-18,2024-06-19)",
				"law-enforcement authority=U.S. authorities action=charged target=Anatoly Legkodymov"}, ""},
		{"two words for one action are one claim",
			"On Wednesday, the Justice Department unsealed charges against Vinnik in a 21-count indictment.",
			[]string{"law-enforcement authority=Justice Department action=charges target=Vinnik @On Wednesday [2024-06-19,2024-06-20)"}, ""},
		{"a ransomware brand the catalogues share among builds is ransomware",
			"LockBit claimed the attack on Boeing and demanded a ransom.",
			[]string{"attribution actor=LockBit victim=Boeing by LockBit", "ransomware malware=LockBit victim=Boeing by LockBit"}, ""},
		{"a jury of a place is an authority, with its modifiers",
			"Separately, a federal grand jury in Maryland has indicted Ulbricht on charges that include murder for hire.",
			[]string{"law-enforcement authority=federal grand jury in Maryland action=indicted target=Ulbricht"}, ""},
		{"a judge of a place keeps federal",
			"A federal judge in Atlanta on Wednesday sentenced Aleksandr Panin to nine years in prison.",
			[]string{"law-enforcement authority=federal judge in Atlanta action=sentenced target=Aleksandr Panin @on Wednesday [2024-06-19,2024-06-20)"}, ""},
		{"a gang that claims an attack claims responsibility for it",
			"In November, the Black Basta ransomware gang claimed an attack on the Canadian meat processor Maple Leaf Foods.",
			[]string{"attribution actor=Black Basta victim=Maple Leaf Foods country=Canadian by Black Basta",
				"ransomware actor=Black Basta victim=Maple Leaf Foods country=Canadian by Black Basta"}, ""},
		{"no group claiming the attack is no claim",
			"No group has publicly claimed the attack, and the university has urged students to be wary.",
			nil, ""},
		{"a gang reporting its own theft is no victim",
			"The Qilin ransomware gang has published data that it says was stolen from the company.",
			[]string{"data-breach actor=Qilin ransomware by Qilin"}, ""},
		{"a month's abbreviation is no name",
			"The company said it spotted the intrusion on Oct. 25 and concluded on Dec. 6 that customer information had likely been taken.",
			[]string{"data-breach data=customer information hedged"}, ""},
		{"a number's name is no victim",
			"The intruders took names, addresses, Social Security numbers and clinical records, the company said.",
			[]string{"data-breach data=names data=addresses data=Social Security numbers data=clinical records"}, ""},
		{"a catalogued short word ends a name that opens the sentence",
			"Black Shadow, the hacking group that broke into the insurer Shirbit on Tuesday, is demanding 50 bitcoin.",
			[]string{"targeting actor=Black Shadow victim=Shirbit @on Tuesday [2024-06-18,2024-06-19)"}, ""},
		{"a demonym among the words that describe the victim",
			"APT28 targeted the German defence contractor Rheinmetall.",
			[]string{"targeting actor=APT28 victim=Rheinmetall country=German sector=defence"}, ""},
		{"a two-word demonym among the words after a preposition",
			"The Lazarus Group stole 342,000 ether from the South Korean exchange Upbit.",
			[]string{"targeting actor=Lazarus Group victim=Upbit country=South Korean"}, ""},
		{"a name given after a preposition is no victim",
			"Mandiant said the intruders installed malware from a family it calls SPAWN, including a backdoor named SPAWNSNAIL.",
			nil, "victim=SPAWN"},
		{"a word that qualifies the data is no company that speaks",
			"Personal and health information was stolen in the ransomware attack on MediSecure, the company said.",
			nil, "by Personal"},
		{"a country's media are a claimant, not a sector",
			"LockBit stole patient data from the hospital, according to Spanish media.",
			[]string{"data-breach malware=LockBit sector=hospital data=patient data by Spanish media"}, ""},
		{"places listed before a source are no sources",
			"Hackers exploited CVE-2023-37580 to steal mail from government organisations in Greece, Moldova, Tunisia and Pakistan, Google's Threat Analysis Group said on Thursday.",
			nil, "by Moldova"},
		{"dates of birth are one thing taken, and a verb before a list is none",
			"The attackers copied files that held names, addresses, phone numbers and dates of birth, the company said.",
			[]string{"data-breach data=files data=names data=addresses data=phone numbers data=dates of birth"}, ""},
		{"a demonym opens a company's name after while",
			"Zellis said a small number of its customers had been affected, while British Airways said the stolen information included names and addresses.",
			nil, "by Airways"},
		{"an ampersand joins a name",
			"DragonForce has claimed the attacks on the retailers Marks & Spencer and Co-op.",
			[]string{"targeting malware=DragonForce victim=Marks & Spencer victim=Co-op sector=retailers"}, ""},
		{"a bank of a country is one name",
			"The hackers stole data from Bank of America and the Bank of England.",
			[]string{"data-breach victim=Bank of America victim=Bank of England"}, ""},
		{"a description names the victim's sector",
			"Hackers stole staff data from Zellis, a British payroll provider. Lazarus stole data from the chipmaker AMD.",
			[]string{"data-breach victim=Zellis country=British sector=payroll provider data=staff data",
				"data-breach victim=AMD sector=chipmaker"}, ""},
		{"a provider of nothing named is no sector",
			"Hackers stole staff data from Zellis, a provider.",
			nil, "sector="},
		{"a source after a list of victims is no victim, and a hacker's raid no police action",
			"North Korea's Lazarus Group was probably behind Tuesday's raid on the hot wallets of the cryptocurrency exchange CoinEx, the blockchain analytics company Elliptic said on Wednesday.",
			[]string{"attribution actor=Lazarus Group sponsor=North Korea victim=CoinEx sector=cryptocurrency by Elliptic hedged @Tuesday [2024-06-18,2024-06-19)",
				"targeting actor=Lazarus Group sponsor=North Korea victim=CoinEx sector=cryptocurrency by Elliptic hedged @Tuesday [2024-06-18,2024-06-19)"}, ""},
		{"sanctions monitors take no action",
			"United Nations sanctions monitors have said that such thefts help pay for Pyongyang's nuclear and missile programmes.",
			nil, ""},
		{"a person named with a post after the name speaks",
			"John Hultquist, chief analyst at Mandiant, said APT29 had breached the Foreign Ministry.",
			[]string{"targeting actor=APT29 victim=Foreign Ministry by John Hultquist"}, ""},
		{"a person with a post speaking after the claim is no victim",
			"APT29 had breached the Foreign Ministry, John Hultquist, chief analyst at Mandiant, said.",
			[]string{"targeting actor=APT29 victim=Foreign Ministry by John Hultquist"}, ""},
		{"a person named after an inverted said speaks",
			"APT29 had breached the Foreign Ministry, said John Hultquist.",
			[]string{"targeting actor=APT29 victim=Foreign Ministry by John Hultquist"}, ""},
		{"what is done with data is not what was taken",
			"The gang threatened to publish documents it stole from Accenture and to stop it from releasing student records.",
			nil, "data=publish"},
		{"an opening adverb is no name",
			"Unusually, APT43 pays for its own operations by stealing cryptocurrency.",
			nil, "victim=Unusually"},
		{"the payer stands before its place",
			"In July, La Porte County in Indiana paid $130,000 to unlock its systems after a Ryuk ransomware attack.",
			nil, "victim=Indiana"},
		{"a security firm's it is what it writes of",
			"Zscaler has said Dark Angels steals large amounts of data and then demands payment to keep it private.",
			nil, "victim=Zscaler"},
		{"sanctions evaded are no sanctions imposed",
			"The hackers moved the funds, according to the blockchain analytics firm Elliptic. The group said it had destroyed data at Bank Sepah, accusing the state-owned lender of helping Tehran evade international sanctions.",
			nil, "law-enforcement"},
		{"the utility stands for the company named before",
			"Southern Water said on Monday it was investigating. Hackers stole personal details of 470,000 customers from the utility in January.",
			[]string{"data-breach victim=Southern Water data=personal details amount=470,000 customers @in January [2024-01-01,2024-02-01)"}, ""},
		{"the subject of a fix verb is the vendor, though a product shares its name",
			"Hackers have exploited CVE-2023-27350 since April. PaperCut, an Australian company, released a fix for the flaw in March.",
			[]string{"exploitation vulnerability=CVE-2023-27350 @since April [2024-04-01,2024-06-21)",
				"disclosure vendor=PaperCut vulnerability=CVE-2023-27350 @in March [2024-03-01,2024-04-01)"}, ""},
		{"present-tense releases are versions, not a vendor at work",
			"Juniper said the two issues, tracked as CVE-2015-7755 and CVE-2015-7756, affect ScreenOS releases going back to 2012.",
			nil, "vendor=ScreenOS"},
		{"a known product is one where its flaw is, with no other clue",
			"Attackers exploited CVE-2023-46805 in Connect Secure to reach internal networks.",
			[]string{"exploitation vulnerability=CVE-2023-46805 product=Connect Secure"}, ""},
		{"a known product read as a vendor is the product",
			"Google on Thursday released a Chrome update that fixes CVE-2019-13720, a flaw attackers had exploited.",
			nil, "vendor=Chrome"},
		{"a known product read as a victim is the product",
			"APT37 exploited a flaw in the JScript engine of Internet Explorer, CVE-2022-41128, Google said.",
			nil, "victim=Internet Explorer"},
		{"a group based in a country names where it is, not a sponsor",
			"Israeli media reported that the attack was believed to be the work of a group based in China.",
			nil, "sponsor"},
		{"a state-sponsored group based in a country has that state behind it",
			"Microsoft said Volt Typhoon, a state-sponsored group based in China, has targeted critical infrastructure organizations in Guam.",
			[]string{"attribution actor=Volt Typhoon sponsor=China by Microsoft",
				"targeting actor=Volt Typhoon sponsor=China country=Guam sector=critical infrastructure by Microsoft"}, ""},
		{"a disease is no victim",
			"Ha Tae-keung said North Korea had stolen COVID-19 vaccine information from Pfizer.",
			nil, "victim=COVID-19"},
		{"a name and its initials in brackets speak as the name",
			"South Korea's National Intelligence Service (NIS) said on Tuesday that North Korean hackers had stolen data from vaccine developers.",
			[]string{"attribution sponsor=North Korean by South Korea's National Intelligence Service",
				"data-breach sponsor=North Korean by South Korea's National Intelligence Service"}, ""},
		{"the name before an aside is the passive's subject, not a place in the aside",
			"Point32Health, the second-largest health insurer in Massachusetts, was hit by a ransomware attack on April 17.",
			[]string{"ransomware victim=Point32Health @on April 17 [2024-04-17,2024-04-18)"}, ""},
		{"initials in brackets are the name's, though the knowledge base has them as malware",
			"The LockBit gang has claimed responsibility for the attack on South Africa's Government Pensions Administration Agency (GPAA). The GPAA had said that no data was compromised.",
			[]string{"attribution actor=LockBit victim=Government Pensions Administration Agency country=South Africa by LockBit",
				"targeting actor=LockBit victim=Government Pensions Administration Agency country=South Africa by LockBit",
				"data-breach victim=GPAA by GPAA negated"}, ""},
		{"a participle after a preposition describes the noun after it",
			"France Travail said hackers had used the accounts of advisers at Cap emploi, a partner network for disabled jobseekers, to download the records.",
			nil, "law-enforcement"},
		{"money named by its kind is no data",
			"The Lazarus Group took more than $272,000 in tokens from one cryptocurrency exchange in July 2019.",
			[]string{"targeting actor=Lazarus Group sector=cryptocurrency @in July 2019 [2019-07-01,2019-08-01)"}, ""},
		{"no evidence of unauthorized access denies a breach of the speaker",
			"MeridianLink said it had found no evidence of unauthorized access to its production platforms.",
			[]string{"data-breach victim=MeridianLink by MeridianLink negated"}, ""},
		{"a list of data that was not involved denies their theft",
			"Rite Aid said no Social Security numbers, financial information or patient records were involved.",
			[]string{"data-breach victim=Rite Aid data=Social Security numbers data=financial information data=patient records by Rite Aid negated"}, ""},
		{"captured card data is taken, by code that is no data",
			"Hyatt said malicious code had captured payment card information from cards swiped at 41 of its hotels.",
			[]string{"data-breach victim=Hyatt data=payment card information by Hyatt"}, ""},
		{"a victim named twice is one role",
			"DESFA is a gas grid operator. The Ragnar Locker gang listed DESFA on its leak site on Friday, saying it had found holes in the company's systems.",
			nil, "victim=DESFA victim=DESFA"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := extract.Extract(tc.text, extract.Options{Gazetteer: gaz, Published: published})
			var got []string
			for _, c := range res.Claims {
				got = append(got, extract.ClaimString(c))
			}
			if tc.absent != "" {
				for _, c := range got {
					if strings.Contains(c, tc.absent) {
						t.Errorf("claims in %q\n got %q, with %s", tc.text, got, tc.absent)
					}
				}
				return
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("claims in %q\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}
