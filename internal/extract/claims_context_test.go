package extract

import (
	"slices"
	"testing"
	"time"
)

// TestClaimsInContext covers rules that read more than one sentence or
// more than a trigger's neighbours: claimants named by what they are ("the
// company said"), "the company" and "the gang" as participants, payers of
// a ransom, makers of a malware, asides between a name and its verb, and
// denials with "no".
func TestClaimsInContext(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"the company says and pays",
			"Contoso Logistics said on Monday that its systems had been encrypted. The company said it had paid a ransom to the LockBit gang.",
			[]string{"ransomware actor=LockBit victim=Contoso Logistics by Contoso Logistics"}},
		{"payer of a ransom to a gang",
			"Fabrikam paid $4 million to the LockBit gang, the FBI said.",
			[]string{"ransomware actor=LockBit victim=Fabrikam amount=$4 million by FBI"}},
		{"a malware name inside a company name",
			"The LockBit gang demanded a ransom of $80 million from Royal Mail.",
			[]string{"ransomware actor=LockBit victim=Royal Mail amount=$80 million"}},
		{"the gang stands for the crew named before",
			"The LockBit gang hit another hospital. The gang has extorted $91 million from victims, the FBI said.",
			[]string{"ransomware actor=LockBit amount=$91 million by FBI"}},
		{"built by names the maker",
			"Researchers said the intruders used PlugX, malware built by APT31.",
			[]string{"attribution actor=APT31 malware=PlugX by Researchers", "malware-use malware=PlugX by Researchers"}},
		{"built by with no malware is no attribution",
			"The operation used a tool built by the FBI.",
			nil},
		{"an aside between a company and its verb",
			"Contoso, a Dutch logistics firm, said hackers had stolen the records of 2 million customers.",
			[]string{"data-breach victim=Contoso sector=logistics firm data=records amount=2 million customers by Contoso"}},
		{"no ... was denies",
			"Contoso Logistics said that no customer data was stolen.",
			[]string{"data-breach victim=Contoso Logistics data=customer data by Contoso Logistics negated"}},
		{"the agency said",
			"The FBI named APT28 in March. The agency said APT28 had breached the Bundestag.",
			[]string{"targeting actor=APT28 victim=Bundestag by FBI"}},
		{"a pronoun subject takes the speaker as authority",
			"Dutch police said they had seized the servers of the LockBit gang.",
			[]string{"law-enforcement authority=Dutch police action=seized target=LockBit by Dutch police"}},
		{"the bureau is the FBI",
			"The FBI named LockBit in May. The bureau had secretly infiltrated LockBit's servers in 2023, the Justice Department said.",
			[]string{"law-enforcement authority=FBI action=infiltrated target=LockBit by Justice Department @in 2023"}},
		{"the command is the body named before",
			"Six officers of the Cyber-Electronic Command were sanctioned. Officials say APT31 works on behalf of the command.",
			[]string{"attribution actor=APT31 sponsor=Cyber-Electronic Command by Officials"}},
		{"the gang also known as",
			"The LockBit gang hit Contoso. The gang, also known as ABCD, demanded $5 million.",
			[]string{"alias subject=LockBit alias=ABCD"}},
		{"a body read with its law noun",
			"Florida prosecutors on Friday charged John Smith with hacking Contoso.",
			[]string{"targeting actor=John Smith victim=Contoso by Florida prosecutors hedge \"charged\" 0.50", "law-enforcement authority=Florida prosecutors action=charged target=John Smith @on Friday"}},
		{"according to the firm",
			"Mandiant published a report on Monday. APT28 breached the Bundestag, according to the firm.",
			[]string{"targeting actor=APT28 victim=Bundestag by Mandiant"}},
		{"a person who speaks of a breach is not its victim",
			"Prime Minister Scott Morrison spoke on Friday. Morrison said investigations had not uncovered any theft of personal data.",
			[]string{"data-breach data=personal data by Morrison negated"}},
		{"he was extradited after his arrest",
			"Dutch police arrested Tomas Berg. He was later extradited to the United States.",
			[]string{"law-enforcement action=extradited target=Tomas Berg"}},
		{"his extradition over an alleged blackmail",
			"Dutch police arrested Tomas Berg in May. British prosecutors have since sought his extradition over alleged attempts to blackmail Contoso Bank.",
			[]string{`ransomware actor=Tomas Berg victim=Contoso Bank hedge "alleged" 0.50`,
				`law-enforcement authority=British prosecutors action=extradition target=Tomas Berg`}},
		{"he used a malware",
			"Police charged Tomas Berg in May. He had used the PlugX malware against Contoso.",
			[]string{"malware-use actor=Tomas Berg malware=PlugX victim=Contoso"}},
		{"on the same day",
			"Europol said on Monday that APT28 had breached Contoso. On the same day, the Treasury Department sanctioned two members of APT28.",
			[]string{"law-enforcement authority=Treasury Department action=sanctioned target=APT28 @On the same day"}},
		{"the group that called itself a name",
			"A group calling itself Cyber Partisans hacked Contoso Rail. The group said it had encrypted the servers.",
			[]string{"ransomware actor=Cyber Partisans by Cyber Partisans"}},
		{"the next day",
			"Contoso said on Monday that the Lazarus Group had stolen its designs. The next day, the Treasury Department sanctioned the Lazarus Group.",
			[]string{"law-enforcement authority=Treasury Department action=sanctioned target=Lazarus Group @The next day"}},
	}
	gaz := testGazetteer()
	published := time.Date(2025, time.March, 18, 0, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(tt.text, Options{Gazetteer: gaz, Published: published})
			checkInvariants(t, tt.text, res)
			var got []string
			for _, c := range res.Claims {
				if c.Evidence.End == len(tt.text) { // the last sentence's claims
					got = append(got, claimString(c))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("claims in %q\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}
