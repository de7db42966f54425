package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

// claimString renders a claim as "type role=text ... [by X] [hedge H]
// [negated] [@time]".
func claimString(c model.Claim) string {
	parts := []string{string(c.Type)}
	for _, r := range c.Roles {
		parts = append(parts, r.Role+"="+r.Text)
	}
	if c.Claimant != "" {
		parts = append(parts, "by "+c.Claimant)
	}
	if c.Hedge != "" {
		parts = append(parts, fmt.Sprintf("hedge %q %.2f", c.Hedge, c.Confidence))
	}
	if c.Negated {
		parts = append(parts, "negated")
	}
	if c.TimeText != "" {
		parts = append(parts, "@"+c.TimeText)
	}
	return strings.Join(parts, " ")
}

func TestClaims(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"attributed to", "Mandiant attributed the attack to APT28.", []string{"attribution actor=APT28 by Mandiant"}},
		{"linked to", "The breach was linked to Sandworm.", []string{"attribution actor=Sandworm"}},
		{"was behind", "Sandworm was behind the attack on the Ministry of Defence in 2022.", []string{
			"attribution actor=Sandworm victim=Ministry of Defence @in 2022",
			"targeting actor=Sandworm victim=Ministry of Defence @in 2022",
		}},
		{"blamed, claimant with government", "The Czech government on Tuesday blamed APT31 for a 2022 attack on its Ministry of Foreign Affairs.", []string{
			"attribution actor=APT31 victim=Ministry of Foreign Affairs by Czech government @2022",
			"targeting actor=APT31 victim=Ministry of Foreign Affairs by Czech government @2022",
		}},
		{"breached, trailing claimant", "APT28 breached the Bundestag in 2015, German officials said.", []string{
			"targeting actor=APT28 victim=Bundestag by German officials @in 2015",
		}},
		{"passive with by", "The Bundestag was breached by APT28.", []string{"targeting actor=APT28 victim=Bundestag"}},
		{"capital as government is no victim country", "APT31 targeted critics of Beijing.", nil},
		{"company reporting its own breach", "Contoso Technologies said APT28 had accessed email accounts of its senior leadership.", []string{
			"targeting actor=APT28 victim=Contoso Technologies by Contoso Technologies",
		}},
		{"names that end in 's in a list", "APT28 broke into the networks of restaurant chains including Chipotle, Chili's, Arby's and Red Robin.", []string{
			"targeting actor=APT28 victim=Chipotle victim=Chili's victim=Arby's victim=Red Robin",
		}},
		{"an owner's 's stays off the name", "APT28 hacked Acer's network.", []string{
			"targeting actor=APT28 victim=Acer",
		}},
		{"an abbreviated country qualifies officials", "U.S. officials said APT28 breached the Bundestag.", []string{
			"targeting actor=APT28 victim=Bundestag by U.S. officials",
		}},
		{"tie to, claimant in the relative clause", "APT31, a group that U.S. officials tie to China, breached the Bundestag.", []string{
			"attribution actor=APT31 sponsor=China victim=Bundestag by U.S. officials",
			"targeting actor=APT31 sponsor=China victim=Bundestag by U.S. officials",
		}},
		{"a vendor ties a group to a state", "Mandiant ties APT31 to China.", []string{
			"attribution actor=APT31 sponsor=China by Mandiant",
		}},
		{"a state had nothing to do with it", "Kremlin spokesman Dmitry Peskov said Russia had nothing to do with it.", []string{
			"attribution sponsor=Russia by Dmitry Peskov negated",
		}},
		{"accusations were without basis", `The Chinese embassy in Berlin said the accusations were "without any basis" and urged Germany to stop.`, []string{
			"attribution sponsor=Chinese by Chinese embassy negated",
		}},
		{"a spokesman's title between state and denial", "China's foreign ministry spokesman Wang Wenbin dismissed the report as speculation.", []string{
			"attribution sponsor=China by Wang Wenbin negated",
		}},
		{"a trailing list of sources with the and an owner", "APT28 breached the Bundestag, the FBI, the NSA and the Defense Department's Cyber Crime Center said.", []string{
			"targeting actor=APT28 victim=Bundestag by FBI, the NSA and the Defense Department's Cyber Crime Center",
		}},
		{"a flaw named in apposition", "Hackers exploited Citrix Bleed, a critical flaw in networking equipment, to breach Contoso.", []string{
			"exploitation vulnerability=Citrix Bleed victim=Contoso",
		}},
		{"a plural noun is no claim verb", "APT28 stole passwords from officials in the Baltic states.", []string{
			"data-breach actor=APT28 country=Baltic states data=passwords",
		}},
		{"gone after", "APT28 has for years gone after governments across Europe.", []string{
			"targeting actor=APT28 country=Europe sector=governments",
		}},
		{"no direct evidence negates", "Mandiant said it had found no direct evidence that Russia was behind the attack.", []string{
			"attribution sponsor=Russia by Mandiant negated",
		}},
		{"where a security firm is from is no victim's country", "A Chinese group has been targeting Contoso, the U.S. security firm Mandiant said.", []string{
			"targeting sponsor=Chinese victim=Contoso by Mandiant",
		}},
		{"and the ends a body's name", "APT28 broke into the Ministry of Emergency Management and the Wuhan city government.", []string{
			"targeting actor=APT28 victim=Ministry of Emergency Management victim=Wuhan sector=government",
		}},
		{"stolen data itemised", "The stolen information includes usernames and hashed passwords.", []string{
			"data-breach data=usernames data=hashed passwords",
		}},
		{"a payer named in apposition", "Contoso, one of the largest U.S. drug distributors, paid $75 million to the LockBit gang.", []string{
			"ransomware actor=LockBit victim=Contoso sector=drug distributors amount=$75 million",
		}},
		{"a source named after their post", "APT28 hacked the Bundestag, the agency's director, John Smith, said.", []string{
			"targeting actor=APT28 victim=Bundestag by John Smith",
		}},
		{"an official is no attacker", "A ransomware attack hit Contoso, prompting Mayor Jane Doe to declare an emergency.", []string{
			"ransomware victim=Contoso",
		}},
		{"a country ends a company's name", "APT28 was behind an intrusion into Air India's network, Mandiant said.", []string{
			"attribution actor=APT28 victim=Air India by Mandiant",
			"targeting actor=APT28 victim=Air India by Mandiant",
		}},
		{"a spokesman opening the clause after an opening phrase is no attacker", "On Friday, however, Jane Doe, a city spokesman, said the city had received no ransom demand.", nil},
		{"a city's body by its head", "The Shadow Kill Hackers are demanding a ransom of four bitcoin from the City of Johannesburg.", []string{
			"ransomware actor=Shadow Kill victim=City of Johannesburg",
		}},
		{"a network is a body", "The Treasury Department's Financial Crimes Enforcement Network fined Contoso Exchange $110 million.", []string{
			"law-enforcement authority=Financial Crimes Enforcement Network action=fined target=Contoso Exchange",
		}},
		{"a company named with its country, in apposition", "Telecom Argentina, the country's largest telecommunications company, was hit by a ransomware attack on Saturday.", []string{
			"ransomware victim=Telecom Argentina sector=telecommunications @on Saturday",
		}},
		{"a company that reports another's disclosure is no vendor", "Mandiant believes the attackers used CVE-2023-27532, a bug that Veeam patched on March 7.", []string{
			`exploitation vulnerability=CVE-2023-27532 by Mandiant hedge "believes" 0.44`,
			"disclosure vendor=Veeam vulnerability=CVE-2023-27532 by Mandiant @on March 7",
		}},
		{"take data", "APT28 managed to take some data from Contoso.", []string{
			"data-breach actor=APT28 victim=Contoso",
		}},
		{"aside alias has no claimant", "Mandiant said APT31, also known as Zirconium, breached the Bundestag.", []string{
			"targeting actor=APT31 victim=Bundestag by Mandiant",
			"alias subject=APT31 alias=Zirconium",
		}},
		{"sponsor from demonym, which attributes", "Russian hackers breached the Bundestag.", []string{
			"attribution sponsor=Russian",
			"targeting sponsor=Russian victim=Bundestag",
		}},
		{"sponsor from -linked", "China-linked hackers compromised Contoso Technologies.", []string{
			"attribution sponsor=China",
			"targeting sponsor=China victim=Contoso Technologies",
		}},
		{"malware use", "Lazarus Group used the ShadowTrap backdoor against banks.", []string{
			"malware-use actor=Lazarus Group malware=ShadowTrap sector=banks",
		}},
		{"according to", "According to ESET, Turla deployed the Kazuar backdoor against European embassies.", []string{
			"malware-use actor=Turla malware=Kazuar country=European sector=embassies by ESET",
		}},
		{"exploitation with vendor", "Volt Typhoon exploited CVE-2024-3400 in Palo Alto Networks firewalls.", []string{
			"exploitation actor=Volt Typhoon vendor=Palo Alto Networks vulnerability=CVE-2024-3400",
		}},
		{"disclosure", "Ivanti patched CVE-2024-21887 on Monday.", []string{
			"disclosure vendor=Ivanti vulnerability=CVE-2024-21887 @on Monday",
		}},
		{"data breach with amount", "APT28 stole 1.2 TB of data from Contoso Hospital.", []string{
			"data-breach actor=APT28 victim=Contoso Hospital data=data amount=1.2 TB",
		}},
		{"ransomware", "LockBit encrypted the systems of Contoso Bank.", []string{
			"ransomware malware=LockBit victim=Contoso Bank",
		}},
		{"law enforcement", "The Treasury Department sanctioned two members of Sandworm.", []string{
			"law-enforcement authority=Treasury Department action=sanctioned target=Sandworm",
		}},
		{"takedown", "Europol took down the LockBit infrastructure.", []string{
			"law-enforcement authority=Europol action=took down target=LockBit",
		}},
		{"hedge", "APT28 likely breached the Bundestag.", []string{
			`targeting actor=APT28 victim=Bundestag hedge "likely" 0.60`,
		}},
		{"confidence phrase", "Microsoft assessed with moderate confidence that the activity is linked to APT31.", []string{
			`attribution actor=APT31 by Microsoft hedge "with moderate confidence" 0.48`,
		}},
		{"negation", "There is no evidence that APT28 breached the Bundestag.", []string{
			"targeting actor=APT28 victim=Bundestag negated",
		}},
		{"no comment is no denial", "APT28 breached the Bundestag. The Kremlin did not respond to a request for comment.", []string{
			"targeting actor=APT28 victim=Bundestag",
		}},
		{"anaphora", "APT31 is active. Later the group breached the Bundestag.", []string{
			"targeting actor=APT31 victim=Bundestag",
		}},
		{"plural anaphora", "Ivanti fixed CVE-2023-46805 and CVE-2024-21887. UNC5221 exploited the flaws.", []string{
			"disclosure vendor=Ivanti vulnerability=CVE-2023-46805 vulnerability=CVE-2024-21887",
			"exploitation actor=UNC5221 vulnerability=CVE-2023-46805 vulnerability=CVE-2024-21887",
		}},
		{"alias claim", "APT31, which Microsoft calls Violet Typhoon, is active.", []string{
			"alias subject=APT31 alias=Violet Typhoon", // names it in passing: no claimant (README)
		}},
		{"no trigger, no claim", "APT28 and Sandworm are Russian groups.", nil},
		{"state-based actor, victim country", "Microsoft said on Tuesday that a state-sponsored hacking group based in China had breached water utilities in the United States.", []string{
			"attribution sponsor=China by Microsoft",
			"targeting sponsor=China country=United States sector=water utilities by Microsoft",
		}},
		{"time of the clause, not of the next event", "In March 2024 the United States indicted APT31 over the 2020\u20132021 breach of the Finnish Parliament.", []string{
			"targeting actor=APT31 victim=Parliament by United States @2020\u20132021",
			"law-enforcement authority=United States action=indicted target=APT31 @In March 2024",
		}},
		{"capability is no action", "The EU can impose sanctions on Sandworm for such attacks.", nil},
		{"two claims of one type", "APT28 breached the Bundestag in 2015 and Sandworm attacked Ukraine's power grid in 2016.", []string{
			"targeting actor=APT28 victim=Bundestag @in 2015",
			"targeting actor=Sandworm country=Ukraine sector=power grid @in 2016",
		}},
		{"report time is not incident time", "Mandiant said on Tuesday that APT28 breached the Bundestag.", []string{
			"targeting actor=APT28 victim=Bundestag by Mandiant",
		}},
		{"open interval", "Microsoft said Volt Typhoon has targeted Ukraine since mid-2021.", []string{
			"targeting actor=Volt Typhoon country=Ukraine by Microsoft @since mid-2021",
		}},
		{"person charged over an attack", "U.S. prosecutors charged Yaroslav Vasinskyi over the LockBit ransomware attack on Contoso Bank.", []string{
			"ransomware actor=Yaroslav Vasinskyi malware=LockBit victim=Contoso Bank by U.S. prosecutors",
			"law-enforcement authority=U.S. prosecutors action=charged target=Yaroslav Vasinskyi",
		}},
		{"passive arrest", "Vasinskyi was arrested in Poland in October.", []string{
			"law-enforcement action=arrested target=Vasinskyi country=Poland @in October",
		}},
		{"state denial", "The Chinese embassy denied that Beijing had any role in the hacking.", []string{
			"attribution sponsor=Beijing by Chinese embassy negated",
		}},
		{"list of victims read from capitals", "The Cl0p gang stole staff data from the BBC, British Airways and Boots.", []string{
			"data-breach actor=Cl0p victim=BBC victim=British Airways victim=Boots data=staff data",
		}},
		{"ransom paid", "Colonial paid a ransom of 75 bitcoin, then worth $4.4 million.", []string{
			"ransomware victim=Colonial amount=75 bitcoin amount=$4.4 million",
		}},
		{"product and named flaw", "Volt Typhoon exploited the ProxyLogon vulnerability in Microsoft Exchange Server.", []string{
			"exploitation actor=Volt Typhoon vendor=Microsoft vulnerability=ProxyLogon product=Exchange Server",
		}},
		{"co-ordinated claimants", "ESET and CERT-UA said Sandworm deployed the Industroyer malware.", []string{
			"malware-use actor=Sandworm malware=Industroyer by ESET and CERT-UA",
		}},
		{"hedge in an aside stays there", "UNC5221, a suspected China-nexus group, exploited CVE-2024-21887.", []string{
			`attribution actor=UNC5221 sponsor=China hedge "suspected" 0.50`,
			"exploitation actor=UNC5221 sponsor=China vulnerability=CVE-2024-21887",
		}},
		{"trigger without participants", "Someone breached something.", nil},
		{"sources coordinated after according to; a brand and its affiliates are the gang",
			"According to Europol and the FBI, the LockBit gang and its affiliates extorted $90 million from hospitals.", []string{
				"ransomware actor=LockBit sector=hospitals amount=$90 million by Europol and the FBI",
			}},
		{"every gang of a such-as list is an actor", "Ransomware gangs such as LockBit, Play and Akira had used the PlugX backdoor.", []string{
			"malware-use actor=LockBit actor=Play malware=PlugX",
		}},
		{"a payment after an attack is a ransom, at the attack's time", "Fabrikam had paid 40 bitcoin to the hackers after the attack on March 3.", []string{
			"ransomware victim=Fabrikam amount=40 bitcoin @on March 3",
		}},
		{"a country's police beside another authority", "The FBI and Italian police arrested John Smith on Tuesday.", []string{
			"law-enforcement authority=FBI authority=Italian police action=arrested target=John Smith @on Tuesday",
		}},
		{"a law body that infiltrates enforces the law", "The FBI had quietly infiltrated the LockBit gang's servers in May 2024.", []string{
			"law-enforcement authority=FBI action=infiltrated target=LockBit @in May 2024",
		}},
		{"recovered money: the gang paid is the target, the amount no ransom",
			"The Justice Department said the FBI had recovered $1 million in bitcoin that Fabrikam paid to the LockBit gang.", []string{
				"ransomware actor=LockBit victim=Fabrikam by Justice Department",
				"law-enforcement authority=FBI action=recovered target=LockBit amount=$1 million by Justice Department",
			}},
		{"a company that recovers is no authority", "Contoso Logistics recovered its systems within a week.", nil},
		{"a range of dates", "Contoso said the hackers stole data between January 5 and January 9.", []string{
			"data-breach victim=Contoso by Contoso @between January 5 and January 9",
		}},
		{"blamed on a gang called an operation", "Mandiant blamed the breach on LockBit, a cybercrime operation run from abroad.", []string{
			"attribution actor=LockBit by Mandiant",
		}},
		{"no evidence a government was involved", "Officials said there was no evidence the Iranian government was involved.", []string{
			"attribution sponsor=Iranian by Officials negated",
		}},
		{"a company that also says; a list of data", "Contoso Logistics also said the hackers had stolen names, addresses and Social Security numbers of its customers.", []string{
			"data-breach victim=Contoso Logistics data=names data=addresses data=Social Security numbers by Contoso Logistics",
		}},
		{"a data noun that also patches ends the list", "Hackers stole names, passport numbers and addresses from Contoso Logistics.", []string{
			"data-breach victim=Contoso Logistics data=names data=passport numbers data=addresses",
		}},
		{"a listed data noun does not close a relative clause", "Hackers who broke into its system stole the names, addresses and dates of birth of 9,000 patients.", []string{
			"data-breach data=names data=addresses data=dates of birth amount=9,000 patients",
		}},
		{"if convicted asserts no action", "If convicted on the charges, Ivan Petrov faces up to 20 years in prison.", nil},
		{"where an arrest happened is no target", "Czech police arrested him at Lakeside Mall while he was withdrawing cash.", []string{
			"law-enforcement authority=Czech police action=arrested",
		}},
		{"a place and the body after it are one authority", "The U.S. Securities and Exchange Commission on Monday charged SolarWinds with fraud.", []string{
			"law-enforcement authority=U.S. Securities and Exchange Commission action=charged target=SolarWinds @on Monday",
		}},
		{"a denial of attacks against the place", "Russia has repeatedly denied carrying out cyberattacks against the United States.", []string{
			"attribution sponsor=Russia country=United States by Russia negated",
		}},
		{"a state-backed word names no actor", "State-backed hackers broke into Contoso Pharma, Microsoft said.", nil},
		{"a pronoun opening a sentence is no victim", "It was the second scare: in 2016 a group called LulzSec posted a voter database taken from its website.", []string{
			"data-breach actor=LulzSec data=voter database @in 2016",
		}},
		{"the owner of what was reached is the victim", "APT31 gained access by tricking Fabrikam's help desk.", []string{
			"targeting actor=APT31 victim=Fabrikam",
		}},
		{"an attack by a state-tied actor attributes it",
			"The FBI said on Monday that North Korean hackers tracked as Jade Sleet stole $40 million from the Contoso exchange in June.", []string{
				"attribution actor=Jade Sleet sponsor=North Korean by FBI",
				"targeting actor=Jade Sleet sponsor=North Korean victim=Contoso by FBI @in June",
			}},
		{"the attacker an attribution names is the attack's, its victim the attribution's",
			"Contoso said the ransomware attack that took down its stores in May was carried out by the Akira gang.", []string{
				"attribution actor=Akira victim=Contoso by Contoso @in May",
				"ransomware actor=Akira victim=Contoso by Contoso @in May",
			}},
		{"a group calling itself a name claims responsibility",
			"A group calling itself Cyber Partisans claimed responsibility for the attack on Belarusian Railways.", []string{
				"attribution actor=Cyber Partisans victim=Belarusian Railways by Cyber Partisans",
				"targeting actor=Cyber Partisans victim=Belarusian Railways by Cyber Partisans",
			}},
		{"a handle's demand after a refusal to pay is not negated",
			"In May, a blackmailer calling himself dark_lord7 demanded a ransom of 10 bitcoin from Contoso Clinic and, when the clinic did not pay, threatened to publish records unless each patient paid 100 euros.", []string{
				"ransomware actor=dark_lord7 victim=Contoso Clinic amount=10 bitcoin amount=100 euros @In May",
			}},
		{"also goes by", "Sandworm, a Russian group that also goes by Voodoo Bear, hit Ukrainian utilities.", []string{
			"attribution actor=Sandworm sponsor=Russian",
			"targeting actor=Sandworm sponsor=Russian country=Ukrainian sector=utilities",
			"alias subject=Sandworm alias=Voodoo Bear",
		}},
		{"unauthorized access by hackers affiliated with a state",
			"Investigators found unauthorized access to energy infrastructure by hackers affiliated with China.", []string{
				"attribution sponsor=China by Investigators",
				"targeting sponsor=China sector=energy by Investigators",
			}},
		{"a denial's state is the denier's, not one it names after a comma",
			"The Russian foreign ministry rejected the report, saying London was spreading lies about Moscow.", []string{
				"attribution sponsor=Russian by ministry negated",
			}},
		{"a name after an indefinite article, and a state after a comma, are no victims",
			"APT31 took over a Contoso controller at the Springfield Water Authority of Aliquippa, Pennsylvania.", []string{
				"targeting actor=APT31 victim=Springfield Water Authority of Aliquippa",
			}},
		{"a name in the speaker's aside takes no part",
			"Contoso Logistics, the German arm of Fabrikam Holdings, said it was hit by a ransomware attack on Friday.", []string{
				"ransomware victim=Contoso Logistics by Contoso Logistics @on Friday",
			}},
		{"a claim that could not be verified; the gang that says it was paid",
			"The LockBit gang said Contoso had paid a ransom, a claim that could not be independently verified.", []string{
				`ransomware actor=LockBit victim=Contoso by LockBit hedge "could not be independently verified" 0.50`,
			}},
		{"a state body after a sponsor link", "U.S. officials say the hackers work on behalf of the Cyber-Electronic Command.", []string{
			"attribution sponsor=Cyber-Electronic Command by U.S. officials",
		}},
		{"prosecutors in a city", "Federal prosecutors in Seattle said the FBI had seized $3 million.", []string{
			"law-enforcement authority=FBI action=seized amount=$3 million by Federal prosecutors",
		}},
		{"what a message opposes is no victim", "APT31 defaced the website with an anti-Israel message.", nil},
		{"an attack that costs it", "Contoso said the ransomware attack would cost it about $10 million.", []string{
			"ransomware victim=Contoso amount=$10 million by Contoso",
		}},
		{"a possessive place in the victim's aside", "Fabrikam, Norway's largest ferry operator, was hit by a ransomware attack on Monday.", []string{
			"ransomware victim=Fabrikam country=Norway @on Monday",
		}},
		{"a weekday of last week", "Contoso was hit by a ransomware attack on Friday last week.", []string{
			"ransomware victim=Contoso @on Friday last week",
		}},
		{"encrypted with names the malware", "In March the Contoso Group's servers were encrypted with LockBit.", []string{
			"ransomware malware=LockBit @In March",
		}},
		{"a payment and the encryption are one attack", "Contoso paid a ransom of $2 million after its files had been encrypted with LockBit.", []string{
			"ransomware malware=LockBit victim=Contoso amount=$2 million",
		}},
		{"malware found on a victim's systems", "PlugX was discovered on the network of Fabrikam.", []string{
			"malware-use malware=PlugX victim=Fabrikam",
		}},
		{"found on with no malware is no claim", "The files were found on a server in Ohio.", nil},
		{"believed to be responsible", "Investigators said APT28 was probably responsible.", []string{
			"attribution actor=APT28 by Investigators hedge \"probably\" 0.48",
		}},
		{"responsible for an outage is no attribution", "The company said a faulty update was responsible.", nil},
		{"police freeze funds", "Police traced the ransom to a wallet and froze it.", []string{
			"law-enforcement authority=Police action=froze",
		}},
		{"a freeze by no law body is no action", "The attack froze the computers of Contoso.", nil},
		{"a place's prosecutors recover a ransom", "German prosecutors recovered $1 million of the ransom.", []string{
			"law-enforcement authority=German prosecutors action=recovered amount=$1 million",
		}},
		{"tied by whom", "APT31 has been tied by Britain to China's Ministry of State Security.", []string{
			"attribution actor=APT31 sponsor=China sponsor=Ministry of State Security by Britain",
		}},
		{"names given by two namers", "APT31, which Microsoft calls Violet Typhoon and others track as Bronze Vinewood, is active.", []string{
			"alias subject=APT31 alias=Violet Typhoon", "alias subject=APT31 alias=Bronze Vinewood",
		}},
		{"the subject of a naming clause acts", "APT28, which Microsoft calls Forest Blizzard, has targeted the Bundestag.", []string{
			"targeting actor=APT28 victim=Bundestag", "alias subject=APT28 alias=Forest Blizzard",
		}},
		{"victim that reports its own attack, with its country", "Ireland's Health Service Executive said it had shut down all of its IT systems after a ransomware attack on Friday.", []string{
			"ransomware victim=Health Service Executive country=Ireland by Ireland's Health Service Executive @on Friday",
		}},
		{"a malware name before -based names a city", "Intruders broke into Contoso, the Snake-based maker of payroll software, and leaked 2 TB of its emails, contracts and design documents.", []string{
			"data-breach victim=Contoso data=emails data=contracts data=design documents amount=2 TB",
		}},
		{"a malware-based backdoor keeps its malware", "Sandworm deployed a PlugX-based backdoor against Contoso.", []string{
			"malware-use actor=Sandworm malware=PlugX-based victim=Contoso",
		}},
		{"a group broken into is the victim, its data taken", "Hackers broke into Turla and leaked its source code.", []string{
			"data-breach victim=Turla data=source code",
		}},
		{"ransom demanded in two currencies", "Hackers using the Play ransomware demanded 300 bitcoin, about $20 million, from Contoso Bank.", []string{
			"ransomware malware=Play victim=Contoso Bank amount=300 bitcoin amount=$20 million",
		}},
		{"ransomware strain called X hits facilities and demands", "A ransomware strain called Play hit the Lisbon metro, Porto airport and the Portuguese postal operator CTT last week, demanding 40 bitcoin from each victim.", []string{
			"ransomware malware=Play victim=Lisbon metro victim=Porto airport victim=CTT country=Portuguese sector=postal operator amount=40 bitcoin @last week",
		}},
		{"a court of a city sentences", "A court in Rotterdam on Monday sentenced Tomas Berg to four years in prison.", []string{
			"law-enforcement authority=court in Rotterdam action=sentenced target=Tomas Berg @on Monday",
		}},
		{"a city's airport is where, not whom", "Police arrested Tomas Berg at a Madrid airport in May.", []string{
			"law-enforcement authority=Police action=arrested target=Tomas Berg @in May",
		}},
		{"plural handle noun lists handles", "Tomas Berg, who went by the aliases Shadowfox and Night Owl, ran the forum.", []string{
			"alias subject=Tomas Berg alias=Shadowfox", "alias subject=Tomas Berg alias=Night Owl",
		}},
		{"handle of a described person is no target", "Spanish police arrested Pedro Ruiz, a Chilean known online as xRuiz99.", []string{
			"law-enforcement authority=Spanish police action=arrested target=Pedro Ruiz", "alias subject=Pedro Ruiz alias=xRuiz99",
		}},
		{"the state that requests is no authority; a founder named in an aside", "Thai police, acting at the request of the United States, arrested its alleged administrator, Ivan Petrov, in Phuket.", []string{
			`law-enforcement authority=Thai police action=arrested target=Ivan Petrov`,
		}},
		{"a time after the trigger wins over one before it", "The market went dark in early May after police arrested its founder, Tomas Berg, on May 9.", []string{
			"law-enforcement action=arrested target=Tomas Berg @on May 9",
		}},
		{"counts before data nouns, a place in an identity number", "Contoso Bank said hackers had stolen about 120,000 account numbers and 3,000 Canadian passport numbers.", []string{
			"data-breach victim=Contoso Bank data=account numbers data=Canadian passport numbers amount=120,000 amount=3,000 by Contoso Bank",
		}},
		{"data were also exposed", "Contoso Bank said 500 customer records were also exposed.", []string{
			"data-breach victim=Contoso Bank data=customer records amount=500 by Contoso Bank",
		}},
		{"data not compromised is a denied breach", "Contoso Bank said no passwords had been compromised.", []string{
			"data-breach victim=Contoso Bank data=passwords by Contoso Bank negated",
		}},
		{"an executive who speaks is no victim", "Chief executive Jane Doe said no passwords had been compromised.", []string{
			"data-breach data=passwords by Jane Doe negated",
		}},
		{"a flaw that a vendor patched; an exploit for it is no use", "A working exploit for CVE-2024-21887, which Ivanti patched on Friday, is circulating.", []string{
			"disclosure vendor=Ivanti vulnerability=CVE-2024-21887 @on Friday",
		}},
		{"officers of a state body attack; a body's name joined by for and of", "Two officers of Russia's GRU tried to hack into the Organisation for the Prohibition of Chemical Weapons.", []string{
			"attribution sponsor=Russia sponsor=GRU victim=Organisation for the Prohibition of Chemical Weapons",
			"targeting sponsor=Russia sponsor=GRU victim=Organisation for the Prohibition of Chemical Weapons",
		}},
		{"the security company is the vendor named before", "A group that Mandiant tracks as UNC5221 breached Contoso, the security company said.", []string{
			"targeting actor=UNC5221 victim=Contoso by Mandiant",
		}},
		{"a described source after according to", "Hackers stole the records of 4 million patients, according to a government Committee of Inquiry.", []string{
			"data-breach data=records amount=4 million patients by Committee of Inquiry",
		}},
		{"a document seen by an outlet", "The LockBit gang demanded 50 bitcoin from Contoso, according to a ransom note seen by Reuters.", []string{
			"ransomware actor=LockBit victim=Contoso amount=50 bitcoin by Reuters",
		}},
		{"ransomware operated by a gang", "Contoso said the strain shares code with Play, ransomware operated by a gang it tracks as Lazy.", []string{
			"attribution actor=Lazy malware=Play by Contoso",
		}},
		{"shutting down", "Dutch police ran the market for a month before shutting down the site on Thursday.", []string{
			"law-enforcement authority=Dutch police action=shutting down @on Thursday",
		}},
		// Vocabulary classes: each trigger, hedge, negation and claim verb
		// class with a sentence that reads it, and for the ambiguous
		// words one that must not.
		{"sabotage as targeting", "Sandworm sabotaged the Ukrainian power grid in 2016.", []string{
			"targeting actor=Sandworm country=Ukrainian sector=power grid @in 2016",
		}},
		{"gaining a foothold", "APT28 gained a foothold in the network of Contoso Bank.", []string{
			"targeting actor=APT28 victim=Contoso Bank",
		}},
		{"snooping", "APT28 snooped on Contoso Bank.", []string{"targeting actor=APT28 victim=Contoso Bank"}},
		{"wiping", "Sandworm wiped computers at Contoso Bank.", []string{"targeting actor=Sandworm victim=Contoso Bank"}},
		{"knocked offline", "Sandworm knocked the website of Contoso Bank offline.", []string{
			"targeting actor=Sandworm victim=Contoso Bank",
		}},
		{"knocked on a door is no attack", "Sandworm knocked on the door of Contoso Bank.", nil},
		{"pilfering data", "Hackers pilfered the records of 2 million customers from Contoso Bank.", []string{
			"data-breach victim=Contoso Bank data=records amount=2 million customers",
		}},
		{"making off with data", "Hackers made off with 2 million customer records from Contoso Bank.", []string{
			"data-breach victim=Contoso Bank data=customer records amount=2 million",
		}},
		{"obtained data", "Contoso Bank said hackers had obtained the personal information of 2 million customers.", []string{
			"data-breach victim=Contoso Bank data=personal information amount=2 million customers by Contoso Bank",
		}},
		{"obtained by an outlet is no theft", "The documents were obtained by Reuters.", nil},
		{"posted data", "Hackers posted 2 million customer records on a hacking forum.", []string{
			"data-breach data=customer records amount=2 million",
		}},
		{"posting a profit is no leak", "Contoso Bank posted a quarterly profit of $2 million.", nil},
		{"listed on a leak site", "LockBit listed Contoso Bank on its leak site.", []string{
			"ransomware malware=LockBit victim=Contoso Bank",
		}},
		{"listed on an exchange is no extortion", "Contoso Bank is listed on the Nasdaq.", nil},
		{"locked files with a ransom", "LockBit locked the files of Contoso Bank and demanded a ransom.", []string{
			"ransomware malware=LockBit victim=Contoso Bank",
		}},
		{"unleashing malware", "Lazarus Group unleashed the ShadowTrap backdoor against banks.", []string{
			"malware-use actor=Lazarus Group malware=ShadowTrap sector=banks",
		}},
		{"British spelling of weaponised", "APT28 weaponised CVE-2024-3400 against Contoso Bank.", []string{
			"exploitation actor=APT28 vulnerability=CVE-2024-3400 victim=Contoso Bank",
		}},
		{"targeting a flaw exploits it", "APT28 targeted CVE-2024-3400 in attacks on Contoso Bank.", []string{
			"targeting actor=APT28 victim=Contoso Bank",
			"exploitation actor=APT28 vulnerability=CVE-2024-3400 victim=Contoso Bank",
		}},
		{"remediated", "Ivanti remediated CVE-2024-21887.", []string{"disclosure vendor=Ivanti vulnerability=CVE-2024-21887"}},
		{"plugged", "Ivanti plugged CVE-2024-21887 on Monday.", []string{
			"disclosure vendor=Ivanti vulnerability=CVE-2024-21887 @on Monday",
		}},
		{"pinned on", "Mandiant pinned the attack on Sandworm.", []string{"attribution actor=Sandworm by Mandiant"}},
		{"pinning hopes is no attribution", "Contoso Bank pinned its hopes on a new product.", nil},
		{"designated with sanctions", "The Treasury Department designated Lazarus Group.", []string{
			"law-enforcement authority=Treasury Department action=designated target=Lazarus Group",
		}},
		{"designated parks are no sanction", "The city designated two parks as quiet zones.", nil},
		{"pleaded guilty", "Two members of LockBit pleaded guilty in New Jersey.", nil}, // the accused act, no authority
		{"fined", "The US fined Contoso Bank $5 million.", []string{
			"law-enforcement authority=US action=fined target=Contoso Bank",
		}},
		{"understood to", "APT28 is understood to have breached the Bundestag.", []string{
			`targeting actor=APT28 victim=Bundestag hedge "understood to" 0.55`,
		}},
		{"supposedly", "APT28 supposedly breached the Bundestag.", []string{
			`targeting actor=APT28 victim=Bundestag hedge "supposedly" 0.50`,
		}},
		{"refuted", "Russia refuted claims that APT28 breached the Bundestag.", []string{
			"attribution sponsor=Russia by Russia negated",
			"targeting actor=APT28 victim=Bundestag by Russia negated",
		}},
		{"called unsubstantiated", "China called the accusations unsubstantiated.", []string{
			"attribution sponsor=China by China negated",
		}},
		{"no sign", "Mandiant said there was no sign that APT28 had breached the Bundestag.", []string{
			"targeting actor=APT28 victim=Bundestag by Mandiant negated",
		}},
		{"hadn't", "APT28 hadn't breached the Bundestag, Mandiant said.", []string{
			"targeting actor=APT28 victim=Bundestag by Mandiant negated",
		}},
		{"admitted", "Contoso Bank admitted that APT28 had breached its network.", []string{
			"targeting actor=APT28 victim=Contoso Bank by Contoso Bank",
		}},
		{"spotted", "ESET spotted Turla using the Kazuar backdoor against embassies.", []string{
			"malware-use actor=Turla malware=Kazuar sector=embassies by ESET",
		}},
		{"ages in a list of the charged", "Police charged Thalha Jubair, 19, and Owen Flowers, 18, over the attack on Transport for London.", []string{
			"targeting actor=Thalha Jubair actor=Owen Flowers victim=Transport for London by Police",
			"law-enforcement authority=Police action=charged target=Thalha Jubair target=Owen Flowers",
		}},
		{"the two, where they were arrested is no target", "Police charged Thalha Jubair and Owen Flowers. The two were arrested at their homes in East London and the West Midlands.", []string{
			"law-enforcement authority=Police action=charged target=Thalha Jubair target=Owen Flowers",
			"law-enforcement action=arrested target=Thalha Jubair target=Owen Flowers",
		}},
		{"the three is not the two named", "Police charged Thalha Jubair and Owen Flowers. The three were arrested in London.", []string{
			"law-enforcement authority=Police action=charged target=Thalha Jubair target=Owen Flowers",
		}},
		{"the group a named target is a member of", "A court in London sentenced Arion Kurtaj, an 18-year-old member of the Lapsus$ hacking group, to indefinite detention.", []string{
			"law-enforcement authority=court in London action=sentenced target=Arion Kurtaj",
		}},
		{"members of a group, no one named", "The Justice Department charged four members of the Lazarus Group.", []string{
			"law-enforcement authority=Justice Department action=charged target=Lazarus Group",
		}},
		{"a relative clause closed by the sentence's verb", "North Korea's Lazarus Group, which is led by a hacker called Brain, has hit at least 43 companies in Poland.", []string{
			"attribution actor=Lazarus Group sponsor=North Korea",
			"targeting actor=Lazarus Group sponsor=North Korea country=Poland",
		}},
		{"a relative clause closed by a trigger verb", "North Korea's Lazarus Group, which the FBI calls Hidden Cobra, stole $41 million from the online casino Stake.com.", []string{
			"attribution actor=Lazarus Group sponsor=North Korea",
			"targeting actor=Lazarus Group sponsor=North Korea victim=Stake.com",
			"alias subject=Lazarus Group alias=Hidden Cobra",
		}},
		{"subject inherited past a state tie", "The FBI said that North Korea's Lazarus Group, which is known for thefts, was responsible for stealing $41 million from the online casino Stake.com.", []string{
			"attribution actor=Lazarus Group sponsor=North Korea victim=Stake.com by FBI",
			"targeting actor=Lazarus Group sponsor=North Korea victim=Stake.com by FBI",
		}},
		{"hit a count of victims", "LockBit has hit at least 43 companies in Poland.", []string{
			"targeting malware=LockBit country=Poland",
		}},
		{"examples of the victims", "APT28 hacked companies including Contoso Bank, Fabrikam and the telecom group Northwind.", []string{
			"targeting actor=APT28 victim=Contoso Bank victim=Fabrikam victim=Northwind sector=telecom",
		}},
		{"a denial of attacks on a country", "Moscow has repeatedly denied carrying out cyberattacks on Ukraine.", []string{
			"attribution sponsor=Moscow country=Ukraine by Moscow negated",
		}},
		{"where responsibility was claimed is no victim", "A group calling itself New World Hackers claimed responsibility on Twitter.", []string{
			"attribution actor=New World Hackers by New World Hackers",
		}},
		{"naming the attackers attributes the attack", "Mandiant identified the hackers as APT28.", []string{
			"attribution actor=APT28 by Mandiant",
		}},
		{"a flaw made public", "CVE-2014-0160, a flaw in the widely used OpenSSL library, was made public in April.", []string{
			"disclosure vulnerability=CVE-2014-0160 product=OpenSSL @in April",
		}},
		{"that flaw is the flaw named before", "APT28 exploited CVE-2014-4114. Microsoft patched that flaw in October 2014.", []string{
			"exploitation actor=APT28 vulnerability=CVE-2014-4114",
			"disclosure vendor=Microsoft vulnerability=CVE-2014-4114 @in October 2014",
		}},
		{"a place that describes the source is no victim", "APT28 breached Contoso Bank, the Finnish security firm WithSecure said.", []string{
			"targeting actor=APT28 victim=Contoso Bank by WithSecure",
		}},
		{"researchers as the agent of a passive attribution", "The Snake malware has been linked by researchers to the Lazarus Group.", []string{
			"attribution actor=Lazarus Group malware=Snake by researchers",
		}},
		{"what a state denies making", "Moscow has consistently denied that it was behind the Snake malware.", []string{
			"attribution sponsor=Moscow malware=Snake by Moscow negated",
		}},
		{"a passive law action's subject set off by an aside", "Contoso Expo, a North Korean company, was sanctioned on Monday.", []string{
			"law-enforcement action=sanctioned target=Contoso Expo @on Monday",
		}},
		{"a guilty plea is no law-enforcement claim", "John Smith pleaded guilty in February.", nil},
		{"a sector word naming what malware is for", "APT28 used the Snake banking trojan against Contoso Bank.", []string{
			"malware-use actor=APT28 malware=Snake victim=Contoso Bank",
		}},
		{"a person the people finder reads is an attacker", "John Binns, a 21-year-old American living in Turkey, told The Wall Street Journal that he was responsible for the breach of Contoso Bank.", []string{
			"attribution actor=John Binns victim=Contoso Bank by John Binns",
			"targeting actor=John Binns victim=Contoso Bank by John Binns",
		}},
		{"a spying group of a state in apposition", "APT28, a Russian cyber-espionage group, attacked Contoso Bank.", []string{
			"attribution actor=APT28 sponsor=Russian",
			"targeting actor=APT28 sponsor=Russian victim=Contoso Bank",
		}},
		{"relying on malware uses it", "APT28 relies on the Snake malware.", []string{
			"malware-use actor=APT28 malware=Snake",
		}},
		{"intellectual property is data", "APT28 has quietly stolen intellectual property from Contoso Bank.", []string{
			"data-breach actor=APT28 victim=Contoso Bank data=intellectual property",
		}},
		{"an owner word describes the source", "APT28 breached Contoso Bank, the Google-owned firm Mandiant said.", []string{
			"targeting actor=APT28 victim=Contoso Bank by Mandiant",
		}},
		{"where a charged person lives is no target", "Prosecutors charged Minh Quoc Nguyen, a 49-year-old resident of Hanoi, with money laundering.", []string{
			"law-enforcement authority=Prosecutors action=charged target=Minh Quoc Nguyen",
		}},
		{"malware encrypting its own parts is no ransomware", "The new Snake variant encrypts its configuration.", nil},
		{"a spying group of a state named right after", "A suspected Chinese cyberespionage group that Mandiant tracks as APT31 exploited CVE-2023-20867.", []string{
			"attribution actor=APT31 sponsor=Chinese hedge \"suspected\" 0.50",
			"exploitation actor=APT31 sponsor=Chinese vulnerability=CVE-2023-20867", // the hedge doubts the tie only
		}},
		{"a sector word describing the attacker", "Britain blamed Russia's military intelligence agency for the attack on Contoso Bank.", []string{
			"attribution sponsor=Russia victim=Contoso Bank by Britain",
			"targeting sponsor=Russia victim=Contoso Bank by Britain",
		}},
		{"a company shutting its own systems is no law enforcement", "Contoso Health shut down computer systems at its facilities after the attack.", nil},
		{"data posted on a forum", "Contoso Bank said that personal information belonging to about 7.6 million account holders had been posted on a hacking forum.", []string{
			"data-breach victim=Contoso Bank data=personal information amount=7.6 million by Contoso Bank",
		}},
		{"an attribution with a victim records the attack too", "Germany blamed APT28 for the incident at the Bundestag.", []string{
			"attribution actor=APT28 victim=Bundestag by Germany",
			"targeting actor=APT28 victim=Bundestag by Germany",
		}},
		{"a denial records no attack", "Russia denied that APT28 was behind the incident at the Bundestag.", []string{
			"attribution actor=APT28 victim=Bundestag by Russia negated",
		}},
		{"hit a record is no attack", "The group's takings hit a record in Poland.", nil},
		{"whose users' data", "The Internet Archive, the nonprofit library, took its site offline after hackers stole the passwords of about 31 million of its users.", []string{
			"data-breach victim=Internet Archive data=passwords amount=31 million",
		}},
		{"the crime a charge names is alleged", "Florida prosecutors charged Graham Ivan Clark, 17, with orchestrating the July 15 hack of Twitter.", []string{
			"targeting actor=Graham Ivan Clark victim=Twitter by Florida prosecutors hedge \"charged\" 0.50 @July 15",
			"law-enforcement authority=Florida prosecutors action=charged target=Graham Ivan Clark",
		}},
		{"an indictment for an attack names no crime with \"with\"", "Prosecutors indicted 12 officers of Russia's GRU for hacking the Bundestag.", []string{
			"attribution sponsor=Russia sponsor=GRU victim=Bundestag by Prosecutors",
			"targeting sponsor=Russia sponsor=GRU victim=Bundestag by Prosecutors",
			"law-enforcement authority=Prosecutors action=indicted target=GRU",
		}},
		{"a government orders a patch, it does not disclose", "CISA ordered federal agencies to patch CVE-2024-1234 by January 15.", []string{
			"disclosure vulnerability=CVE-2024-1234", // a deadline is no claim time
		}},
		{"a pound sign is kept whole", "The LockBit gang demanded a ransom of £98,000 from Tuckers Solicitors.", []string{
			"ransomware actor=LockBit victim=Tuckers Solicitors amount=£98,000",
		}},
	}
	gaz := testGazetteer()
	published := time.Date(2025, time.March, 18, 0, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(tt.text, Options{Gazetteer: gaz, Published: published})
			checkInvariants(t, tt.text, res)
			var got []string
			for _, c := range res.Claims {
				got = append(got, claimString(c))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("claims in %q\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestClaimTimeAndEvidence(t *testing.T) {
	text := "Intro line.\n\nFinnish police blamed APT31 for the breach of the Finnish Parliament five years ago."
	res := Extract(text, Options{Gazetteer: testGazetteer(), Published: time.Date(2025, 3, 18, 0, 0, 0, 0, time.UTC)})
	if len(res.Claims) == 0 {
		t.Fatal("no claims")
	}
	c := res.Claims[0]
	if c.EvidenceText != text[13:] || c.Evidence != (model.Span{Start: 13, End: len(text)}) {
		t.Errorf("evidence %v %q", c.Evidence, c.EvidenceText)
	}
	if c.TimeText != "five years ago" || !c.TimeStart.Equal(day(2020, 1, 1)) || !c.TimeEnd.Equal(day(2021, 1, 1)) {
		t.Errorf("time %q [%v, %v)", c.TimeText, c.TimeStart, c.TimeEnd)
	}
	if c.Claimant != "Finnish police" {
		t.Errorf("claimant %q", c.Claimant)
	}
	noDate := Extract(text, Options{Gazetteer: testGazetteer()})
	if c := noDate.Claims[0]; c.TimeText != "five years ago" || !c.TimeStart.IsZero() {
		t.Errorf("without a publication date: %q %v", c.TimeText, c.TimeStart)
	}
}

// TestCoordinatedClauseClaimants checks that a claim is said by the source
// of its own clause: a later ", and X announced ..." with a subject of its
// own speaks for that clause only, while a trailing "..., ESET said" still
// reports what comes before it.
func TestCoordinatedClauseClaimants(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"charge in the first clause, sanctions in the second",
			"In Washington, the Justice Department unsealed indictments charging two Russian nationals, Artur Sungatov and Ivan " +
				"Kondratyev, with deploying LockBit against victims, and the Treasury's Office of Foreign Assets Control announced " +
				"sanctions against both men.",
			[]string{
				"malware-use actor=Artur Sungatov actor=Ivan Kondratyev malware=LockBit by Justice Department hedge \"charging\" 0.50",
				"law-enforcement authority=Justice Department action=charging target=Artur Sungatov target=Ivan Kondratyev",
				"law-enforcement authority=Office of Foreign Assets Control action=sanctions target=Artur Sungatov target=Ivan Kondratyev",
			}},
		{"later speaker says only its own clause",
			"Sandworm deployed the Industroyer malware against Ukraine's power grid, and ESET said it had found a new variant.",
			[]string{"malware-use actor=Sandworm malware=Industroyer country=Ukraine sector=power grid"}},
		{"trailing speaker still reports what comes before",
			"Sandworm deployed the Industroyer malware against Ukraine's power grid, ESET said.",
			[]string{"malware-use actor=Sandworm malware=Industroyer country=Ukraine sector=power grid by ESET"}},
		{"a name before ', and' ends its clause, not a list of speakers",
			"Mandiant said APT28 breached the Bundestag, and the German government announced sanctions.",
			[]string{"targeting actor=APT28 victim=Bundestag by Mandiant"}},
		{"a name before a trailing speaker is no co-speaker",
			"Sandworm attacked Ukraine's power grid in 2016 and deployed Industroyer, ESET said.",
			[]string{"targeting actor=Sandworm country=Ukraine sector=power grid by ESET @in 2016"}},
		{"the company named earlier in the sentence, not the last speaker",
			"Wray said the hackers had given up. APT28 was first exposed by Microsoft in August, when the company said the group had breached Contoso Bank.",
			[]string{"targeting actor=APT28 victim=Contoso Bank by Microsoft"}},
		{"the company a source reports on has no name",
			"Sandworm attacked a Ukrainian energy company, ESET said. The group deployed the Snake malware in the company's IT environment.",
			[]string{
				"targeting actor=Sandworm country=Ukrainian sector=energy by ESET",
				"malware-use actor=Sandworm malware=Snake", // no victim: the company has no name
			}},
		{"the force is the police named before",
			"The Dutch National Police said it had seized the servers of Genesis Market. Belgian police also detained two men, the Dutch force said.",
			[]string{
				"law-enforcement authority=National Police action=seized target=Genesis Market by National Police",
				"law-enforcement authority=Belgian police action=detained by National Police",
			}},
		{"a gerund opening the sentence is no company",
			"Latitude Financial said it would not pay the ransom. Paying would not guarantee the return of the data, the company said. The Melbourne-based company said the hackers had stolen 14 million customer records.",
			[]string{
				"data-breach victim=Latitude Financial data=customer records amount=14 million by Latitude Financial",
			}},
		{"a company counting others' losses is no victim, and \"that hackers\" is no anaphor",
			"Lazarus Group stole $41 million from Stake.com. The blockchain analytics firm Chainalysis estimated that hackers linked to Pyongyang stole about $1.7 billion in cryptocurrency last year.",
			[]string{
				"targeting actor=Lazarus Group victim=Stake.com",
				"attribution sponsor=Pyongyang by Chainalysis",
			}},
		{"officials of a country, counted",
			"Hackers used the Snake malware against power companies in Ukraine, according to two U.S. officials familiar with the investigation.",
			[]string{"malware-use malware=Snake country=Ukraine sector=power companies by U.S. officials"}},
		{"an adverb without -ly between the source and its verb",
			"Ukraine's SBU security service has already blamed Russia for the attack.",
			[]string{"attribution sponsor=Russia by Ukraine's SBU"}},
		{"the company is the victim, not the vendor that investigates",
			"Contoso Health said hackers had stolen patient data. Mandiant said the intruders had stolen login credentials for the company's network.",
			[]string{
				"data-breach victim=Contoso Health data=patient data by Contoso Health",
				"data-breach data=login credentials by Mandiant", // not victim=Mandiant
			}},
		{"a denial in one clause, an attribution in another",
			"North Korea has long denied carrying out cyber thefts, but Chainalysis estimated that hackers linked to Pyongyang stole $1.7 billion last year.",
			[]string{
				"attribution sponsor=Pyongyang by Chainalysis",
				"attribution sponsor=North Korea by North Korea negated",
			}},
		{"agents act for the bureau that reports it",
			"The FBI dismantled the servers of Genesis Market. Agents seized three servers in Germany, the bureau said.",
			[]string{
				"law-enforcement authority=FBI action=dismantled target=Genesis Market",
				"law-enforcement authority=FBI action=seized country=Germany by FBI",
			}},
		{"it says what it found",
			"Universal Health Services said the attack had disrupted its hospitals. It said that no patient data had been accessed.",
			[]string{"data-breach victim=Universal Health Services data=patient data by Universal Health Services negated"}},
		{"a sector word opening a company's name",
			"Electronic Arts said on Thursday that hackers had stolen source code for some of its games.",
			[]string{"data-breach victim=Electronic Arts data=source code by Electronic Arts"}},
		{"a demand for money in an article about ransom",
			"The criminal gang that demanded $40 million from Broward County Public Schools lowered its price after the district refused to pay a ransom.",
			[]string{"ransomware victim=Broward County Public Schools amount=$40 million"}},
		{"its targets are the group's",
			"APT28 has hacked routers. Its targets have included government and media organisations.",
			[]string{"targeting actor=APT28 sector=government sector=media"}},
		{"a list of speakers opening the sentence",
			"ESET, CERT-UA and Microsoft said Sandworm deployed the Industroyer malware.",
			[]string{"malware-use actor=Sandworm malware=Industroyer by ESET, CERT-UA and Microsoft"}},
		{"announced sanctions are a deed, not a claim",
			"The United States blamed Russia's SVR for the SolarWinds hack and announced sanctions on Russian technology companies.",
			[]string{
				"attribution sponsor=Russia sponsor=SVR victim=SolarWinds by United States",
				"targeting sponsor=Russia sponsor=SVR victim=SolarWinds by United States",
				"law-enforcement authority=United States action=sanctions country=Russian",
			}},
		{"a reported announcement keeps its source",
			"The Justice Department said it had unsealed charges against Ivan Kondratyev.",
			[]string{"law-enforcement authority=Justice Department action=charges target=Ivan Kondratyev by Justice Department"}},
		{"the department is the one named a department, not the latest speaker",
			"The Justice Department charged Artur Sungatov, and the Treasury's Office of Foreign Assets Control announced " +
				"sanctions against him. The department said LockBit had brought in more than $120 million in ransom payments.",
			[]string{
				"law-enforcement authority=Justice Department action=charged target=Artur Sungatov",
				"law-enforcement authority=Office of Foreign Assets Control action=sanctions target=Artur Sungatov",
				"ransomware malware=LockBit amount=$120 million by Justice Department",
			}},
		{"both men in a later sentence",
			"Prosecutors charged Artur Sungatov and Ivan Kondratyev. Britain sanctioned both men on Tuesday.",
			[]string{
				"law-enforcement authority=Prosecutors action=charged target=Artur Sungatov target=Ivan Kondratyev",
				"law-enforcement authority=Britain action=sanctioned target=Artur Sungatov target=Ivan Kondratyev @on Tuesday",
			}},
	}
	gaz := testGazetteer()
	published := time.Date(2024, time.February, 21, 0, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(tt.text, Options{Gazetteer: gaz, Published: published})
			checkInvariants(t, tt.text, res)
			var got []string
			for _, c := range res.Claims {
				got = append(got, claimString(c))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("claims in %q\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestKnowledgeBaseRansomware checks that a family the knowledge base files
// as ransomware makes a ransomware claim where the article speaks of
// ransom without calling the family ransomware, and changes nothing in an
// article about something else ("Zimbra" is also a ransomware's name).
func TestKnowledgeBaseRansomware(t *testing.T) {
	published := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text      string
		plain, kb []string // ClaimString of each claim without and with the flag
	}{
		{
			text:  "Officials blamed Conti for the attack on the Health Service Executive. The HSE refused to pay a ransom.",
			plain: []string{"targeting malware=Conti victim=Health Service Executive by Officials"},
			kb:    []string{"ransomware malware=Conti victim=Health Service Executive by Officials"},
		},
		{
			text: "Conti hit the Health Service Executive in May, and the HSE refused to pay a ransom.",
			plain: []string{
				"targeting malware=Conti victim=Health Service Executive @in May [2024-05-01,2024-06-01)",
				"ransomware malware=Conti",
			},
			kb: []string{"ransomware malware=Conti victim=Health Service Executive @in May [2024-05-01,2024-06-01)"},
		},
		{
			text:  "Conti hit the Health Service Executive in May, the HSE said.",
			plain: []string{"targeting malware=Conti victim=Health Service Executive by HSE @in May [2024-05-01,2024-06-01)"},
			kb:    []string{"targeting malware=Conti victim=Health Service Executive by HSE @in May [2024-05-01,2024-06-01)"},
		},
		{
			text:  "Proofpoint said TA473 had exploited a flaw in unpatched Zimbra servers.",
			plain: []string{"exploitation actor=TA473 product=Zimbra by Proofpoint"},
			kb:    []string{"exploitation actor=TA473 product=Zimbra by Proofpoint"},
		},
	}
	gazetteer := func(flag bool) *Gazetteer {
		return NewGazetteer([]Entry{
			{Name: "Conti", Kind: model.KindMalware, Key: "malware:conti", Ransomware: flag},
			{Name: "Zimbra", Kind: model.KindMalware, Key: "malware:zimbra", Ransomware: flag},
			{Name: "TA473", Kind: model.KindThreatActor, Key: "actor:ta473"},
		})
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			for _, flag := range []bool{false, true} {
				res := Extract(tt.text, Options{Gazetteer: gazetteer(flag), Published: published})
				var got []string
				for _, c := range res.Claims {
					got = append(got, ClaimString(c))
				}
				want := tt.plain
				if flag {
					want = tt.kb
				}
				if !slices.Equal(got, want) {
					t.Errorf("ransomware flag %v:\n got %q\nwant %q", flag, got, want)
				}
			}
		})
	}
}
