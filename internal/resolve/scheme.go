package resolve

import (
	"bufio"
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// Scheme is what a vendor's naming convention says about a name.
type Scheme struct {
	Vendor string `json:"vendor"`
	// Family is the part of the name the convention keys on: "Typhoon",
	// "Panda", "BRONZE", "Storm-####" (# a digit).
	Family string `json:"family"`
	// Origin is the implied country of origin (ISO 3166 alpha-2), or "".
	Origin string `json:"origin,omitempty"`
	// Motivation is "espionage", "financial", "hacktivism", "influence",
	// "private-sector-offensive", or "" when the convention implies none.
	Motivation string `json:"motivation,omitempty"`
	Meaning    string `json:"meaning"`
	// Basis is "documented" when the vendor published the convention and
	// "observed" when it is read from the vendor's names.
	Basis  string `json:"basis"`
	Source string `json:"source"`
}

// String describes the scheme in a phrase: "Microsoft naming (Typhoon:
// nation-state, China)".
func (s Scheme) String() string {
	return fmt.Sprintf("%s naming (%s: %s)", s.Vendor, s.Family, s.Meaning)
}

//go:embed schemes.tsv
var schemesTSV string

type schemeRule struct {
	Scheme
	match string // "suffix", "prefix", "caps-prefix" or "pattern"
	re    *regexp.Regexp
}

// natoWords is what {NATO} stands for in a scheme pattern.
const natoWords = `(Alpha|Bravo|Charlie|Delta|Echo|Foxtrot|Golf|Hotel|India|Juliett?|Kilo|Lima|Mike|November|Oscar|Papa|Quebec|Romeo|Sierra|Tango|Uniform|Victor|Whiskey|X-?ray|Yankee|Zulu)`

// elementWords are the chemical elements Microsoft named nation-state
// actors after until April 2023 (ZIRCONIUM, NOBELIUM).
const elementWords = `(hydrogen|helium|lithium|beryllium|boron|carbon|nitrogen|oxygen|fluorine|neon|sodium|magnesium|aluminum|aluminium|silicon|phosphorus|sulfur|chlorine|argon|potassium|calcium|scandium|titanium|vanadium|chromium|manganese|iron|cobalt|nickel|copper|zinc|gallium|germanium|arsenic|selenium|bromine|krypton|rubidium|strontium|yttrium|zirconium|niobium|molybdenum|technetium|ruthenium|rhodium|palladium|silver|cadmium|indium|tin|antimony|tellurium|iodine|xenon|cesium|caesium|barium|lanthanum|cerium|praseodymium|neodymium|promethium|samarium|europium|gadolinium|terbium|dysprosium|holmium|erbium|thulium|ytterbium|lutetium|hafnium|tantalum|tungsten|rhenium|osmium|iridium|platinum|gold|mercury|thallium|lead|bismuth|polonium|astatine|radon|francium|radium|actinium|thorium|protactinium|uranium|neptunium|plutonium|americium|curium|berkelium|californium|einsteinium|fermium|mendelevium|nobelium|lawrencium|rutherfordium|dubnium|seaborgium|bohrium|hassium|meitnerium|darmstadtium|roentgenium|copernicium|nihonium|flerovium|moscovium|livermorium|tennessine|oganesson)`

// patternFamily writes a scheme pattern the way people write the names.
var patternFamily = strings.NewReplacer(
	`\d{4}`, "####", `\d{3,4}`, "####", `\d{3}`, "###", `\d+`, "#",
	`[ -]?`, "", `\w+`, "Name", `\.`, ".", "{NATO}", "Alpha…Zulu", "{ELEMENT}", "ELEMENT", "Gr[ae]y", "Gray",
)

var loadSchemes = sync.OnceValues(func() ([]schemeRule, error) { return parseSchemes(schemesTSV) })

// parseSchemes reads the scheme table: tab-separated, "#" starts a comment
// line.
func parseSchemes(tsv string) ([]schemeRule, error) {
	var rules []schemeRule
	sc := bufio.NewScanner(strings.NewReader(tsv))
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 8 {
			return nil, fmt.Errorf("resolve: schemes line %d: %d fields, want 8", line, len(f))
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
			if f[i] == "-" {
				f[i] = ""
			}
		}
		r := schemeRule{
			Scheme: Scheme{Vendor: f[0], Family: f[2], Origin: f[3], Motivation: f[4], Meaning: f[5], Basis: f[6], Source: f[7]},
			match:  f[1],
		}
		switch {
		case r.Vendor == "" || r.Family == "" || r.Meaning == "" || r.Source == "":
			return nil, fmt.Errorf("resolve: schemes line %d: vendor, token, meaning and source are required", line)
		case r.Basis != "documented" && r.Basis != "observed":
			return nil, fmt.Errorf("resolve: schemes line %d: basis %q", line, r.Basis)
		case r.Origin != "" && (len(r.Origin) != 2 || strings.ToUpper(r.Origin) != r.Origin):
			return nil, fmt.Errorf("resolve: schemes line %d: origin %q is not an ISO alpha-2 code", line, r.Origin)
		}
		switch r.match {
		case "suffix", "prefix", "caps-prefix":
		case "pattern":
			re, err := regexp.Compile(`(?i)^(?:` + strings.NewReplacer("{NATO}", natoWords, "{ELEMENT}", elementWords).Replace(r.Family) + `)$`)
			if err != nil {
				return nil, fmt.Errorf("resolve: schemes line %d: %w", line, err)
			}
			r.re = re
			r.Family = patternFamily.Replace(r.Family)
		default:
			return nil, fmt.Errorf("resolve: schemes line %d: match %q", line, r.match)
		}
		rules = append(rules, r)
	}
	return rules, sc.Err()
}

// NamingScheme returns the first vendor convention a name follows, so that
// a name no source knows ("Lotus Typhoon") still tells who named it and what
// that implies (Microsoft; China). ok is false when no convention fits; names
// in conventions no vendor publishes ("Perplexed Goblin") stay unknown.
func NamingScheme(name string) (Scheme, bool) {
	all := NamingSchemes(name)
	if len(all) == 0 {
		return Scheme{}, false
	}
	return all[0], true
}

// NamingSchemes returns every vendor convention a name follows, in table
// order; two vendors sometimes use the same word ("Lynx").
func NamingSchemes(name string) []Scheme {
	rules, err := loadSchemes()
	if err != nil {
		return nil // the embedded table is checked by tests
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == '_' })
	trimmed := strings.TrimSpace(name)
	var out []Scheme
	for _, r := range rules {
		ok := false
		switch r.match {
		case "suffix":
			ok = len(words) >= 2 && strings.EqualFold(words[len(words)-1], r.Family)
		case "prefix":
			ok = len(words) >= 2 && strings.EqualFold(words[0], r.Family)
		case "caps-prefix":
			ok = len(words) >= 2 && words[0] == r.Family
		case "pattern":
			ok = r.re.MatchString(trimmed)
		}
		if ok {
			out = append(out, r.Scheme)
		}
	}
	return out
}
