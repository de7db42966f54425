package extract

import (
	"github.com/winnow-cti/winnow/internal/model"
	"slices"
	"testing"
)

// mentionStrings renders mentions as "text/kind" or "text/kind/key".
func mentionStrings(ms []model.Mention) []string {
	var out []string
	for _, m := range ms {
		s := m.Text + "/" + string(m.Kind)
		if m.EntityKey != "" {
			s += "/" + m.EntityKey
		}
		out = append(out, s)
	}
	return out
}

func TestMentions(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"backdoor pattern", "They used the NanoSlate backdoor.", []string{"NanoSlate/malware"}},
		{"ransomware", "Attacks by Akira ransomware rose.", []string{"Akira/malware"}},
		{"ransomware gang", "They blamed the Black Basta ransomware gang.", []string{"Black Basta/threat-actor"}},
		{"tracked as", "It came from a group tracked as UNC4841.", []string{"UNC4841/threat-actor"}},
		{"dubbed backdoor", "It found a new backdoor dubbed SilkSpear.", []string{"SilkSpear/malware"}},
		{"dubbed campaign is no entity", "Police ran a campaign dubbed Operation Endgame.", nil},
		{"a demonym that opens a name whose initials follow is the name's", "Its data sat at American Medical Collection Agency (AMCA), a billing firm.",
			[]string{"American Medical Collection Agency/organization"}},
		{"RAT needs capitals", "They dropped Remcos RAT, not a rat.", []string{"Remcos/malware"}},
		{"botnet", "Researchers sinkholed the Mirai botnet.", []string{"Mirai/malware"}},
		{"stealer and wiper", "They pushed RedLine stealer and the AcidRain wiper.", []string{"RedLine/malware", "AcidRain/malware"}},
		{"web shell", "It planted the GlassToken web shell.", []string{"GlassToken/malware"}},
		{"demonym is not malware", "They deployed Russian malware.", []string{"Russian/country/country:RU"}},
		{"sentence-initial word", "New malware appeared. Custom malware too.", nil},
		{"named everywhere once found", "They deployed the NanoSlate backdoor. NanoSlate persists.",
			[]string{"NanoSlate/malware", "NanoSlate/malware"}},
		{"threat actor then name", "Microsoft blamed the threat actor Storm-9999.",
			[]string{"Microsoft/organization/org:microsoft", "Storm-9999/threat-actor"}},
		{"hacking group", "The Ghostwriter hacking group returned.", []string{"Ghostwriter/threat-actor"}},
		{"cve", "They exploited CVE-2024-3400 quickly.", []string{"CVE-2024-3400/vulnerability"}},
		{"countries and demonyms", "Chinese, North Korean, Czech and Iranian hackers.",
			[]string{"Chinese/country/country:CN", "North Korean/country/country:KP", "Czech/country/country:CZ", "Iranian/country/country:IR"}},
		{"regions", "Targets in Europe, the Asia-Pacific and a Central European state.",
			[]string{"Europe/region/region:europe", "Asia-Pacific/region/region:asia-pacific", "Central European/region/region:central-europe"}},
		{"U.S. and US but not us", "The U.S. and US told us.", []string{"U.S./country/country:US", "US/country/country:US"}},
		{"government bodies", "The FBI, CISA, NCSC, Europol and the Justice Department agreed.",
			[]string{"FBI/organization", "CISA/organization", "NCSC/organization", "Europol/organization", "Justice Department/organization"}},
		{"ministry pattern", "The Slovak Ministry of Economy was hit.", []string{"Slovak/country/country:SK", "Ministry of Economy/organization"}},
		{"vendor longest", "Palo Alto Networks Unit 42 and Unit 42 said so.",
			[]string{"Palo Alto Networks Unit 42/organization", "Unit 42/organization"}},
		{"company pattern", "They breached Contoso Logistics Technologies last year.", []string{"Contoso Logistics Technologies/organization"}},
		{"gazetteer beats tables", "Microsoft said so.", []string{"Microsoft/organization/org:microsoft"}},
		{"gazetteer beats patterns", "They used PlugX malware.", []string{"PlugX/malware/malware:plugx"}},
		{"not inside a domain", "It beaconed to plugx.com daily.", nil},
		{"group calling itself", "A group calling itself Cyber Partisans took the credit.", []string{"Cyber Partisans/threat-actor"}},
		{"described as a group", "N4aughtySecTU, a group that says it is based in Belarus, struck.", []string{"N4aughtySecTU/threat-actor", "Belarus/country/country:BY"}},
		{"described as a hacking group", "Moses Staff, the hacking group that broke into Shirbit, struck.", []string{"Moses Staff/threat-actor"}},
		{"a group said is no aside", "Contoso News, the group said, was hit.", nil},
		{"a group of is a set", "NanoCorp, a group of firms, was hit.", nil},
		{"a region's adjective opens even a body's name", "Hackers broke into the European Banking Authority.",
			[]string{"European Banking Authority/organization"}},
		{"a country's adjective opens a name that is no state body's", "Hackers broke into the Australian National University and the Japanese Foreign Ministry.",
			[]string{"Australian National University/organization", "Japanese/country/country:JP", "Foreign Ministry/organization"}},
		{"a flaw's nickname", "They exploited Log4Shell, then CitrixBleed 2 and Dirty Pipe.",
			[]string{"Log4Shell/vulnerability", "CitrixBleed 2/vulnerability", "Dirty Pipe/vulnerability"}},
		{"described as a flaw", "They exploited Citrix Bleed, a critical flaw in NetScaler.", []string{"Citrix Bleed/vulnerability"}},
		{"a place's government", "The City of Dallas and La Porte County paid.", []string{"City of Dallas/organization", "La Porte County/organization"}},
		{"hacker calls himself, digits", "A hacker who calls himself Nitr0jen26 sold it.", []string{"Nitr0jen26/threat-actor"}},
		{"a symbol inside a self-chosen name", "It was a gang that calls itself Scattered Lapsus$ Hunters.",
			[]string{"Scattered Lapsus$ Hunters/threat-actor"}},
		{"a handle with an underscore", "A blackmailer calling himself dark_lord7 wrote.", []string{"dark_lord7/threat-actor"}},
		{"calling themselves the", "Hackers calling themselves the Sector 404 Team returned.", []string{"Sector 404 Team/threat-actor"}},
		{"calling itself The", "A group calling itself The Dark Overlord wrote.", []string{"Dark Overlord/threat-actor"}},
		{"no naming noun, no name", "He named himself The Chairman.", nil},
		{"detects as", "It dropped a wiper, which the vendor detects as Trojan.Frostbite, on servers.", []string{"Trojan.Frostbite/malware"}},
		{"tracks as after a malware noun", "It used a backdoor trojan, which the vendor tracks as Backdoor.Quillpen.", []string{"Backdoor.Quillpen/malware"}},
		{"tracks as after a group", "It came from a group the vendor tracks as Storm-9911.", []string{"Storm-9911/threat-actor"}},
	}
	gaz := testGazetteer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(tt.text, Options{Gazetteer: gaz})
			checkInvariants(t, tt.text, res)
			if got := mentionStrings(res.Mentions); !slices.Equal(got, tt.want) {
				t.Errorf("mentions of %q\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestExtractWithoutOptions(t *testing.T) {
	text := "The FBI said Chinese hackers deployed the NanoSlate backdoor in December."
	res := Extract(text, Options{})
	checkInvariants(t, text, res)
	want := []string{"FBI/organization", "Chinese/country/country:CN", "NanoSlate/malware"}
	got := mentionStrings(res.Mentions)
	if !slices.Equal(got, want) {
		t.Errorf("mentions %q, want %q", got, want)
	}
	// "Chinese hackers" are China's: an attribution, then the malware use.
	if len(res.Claims) != 2 || res.Claims[0].Type != "attribution" {
		t.Fatalf("claims %+v", res.Claims)
	}
	c := res.Claims[1]
	if c.Type != "malware-use" || c.Claimant != "FBI" || c.TimeText != "in December" || !c.TimeStart.IsZero() {
		t.Errorf("claim %s by %q at %q %v; want malware-use by FBI, in December, unresolved", c.Type, c.Claimant, c.TimeText, c.TimeStart)
	}
}

// TestOrganizationNamesWithTrailingHeads checks that a body whose name
// ends in a second head ("Health Service Executive") is one organisation,
// not a shorter one and a stray word, and that a post ("Chief Executive")
// is no body.
func TestOrganizationNamesWithTrailingHeads(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"head after a head", "The Health Service Executive was hit.", []string{"Health Service Executive/organization"}},
		{"after a country's possessive", "Ireland's Health Service Executive said so.",
			[]string{"Ireland/country/country:IE", "Health Service Executive/organization"}},
		{"opening the sentence", "Health Service Executive staff said so.", []string{"Health Service Executive/organization"}},
		{"possessive of the body", "The Health Service Executive's systems went down.", []string{"Health Service Executive/organization"}},
		{"joined by and", "The Health and Safety Executive agreed.", []string{"Health and Safety Executive/organization"}},
		{"a post is no body", "Chief Executive Paul Reid said so.", []string{"Paul Reid/person/person:paulreid"}},
		{"single heads unchanged", "The Civil Aviation Authority and the National Crime Agency agreed.",
			[]string{"Civil Aviation Authority/organization", "National Crime Agency/organization"}},
	}
	gaz := testGazetteer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract(tt.text, Options{Gazetteer: gaz})
			checkInvariants(t, tt.text, res)
			if got := mentionStrings(res.Mentions); !slices.Equal(got, tt.want) {
				t.Errorf("mentions of %q\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}
