package extract

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-cti/winnow/internal/model"
)

// People: news prose names people by their office ("FBI Director
// Christopher Wray"), by a role after the name ("Jane Doe, a spokesperson
// for"), as the source of a quotation ("said John Hultquist") and as those
// charged, sanctioned or arrested ("charged Zhao Guangzong and Ni Gaobin").
// withPeople reads those shapes and adds the names as person mentions,
// then every later mention of the same full name or of its last word
// ("Wray said"). Names are runs of two to four capitalised words that no
// other layer claimed; a name that another layer found (an actor, a place,
// a company) is never a person.

// personMaxWords bounds a person's name; a longer run of capitalised words
// is a title or a heading, not a name.
const personMaxWords = 4

// honorifics name a person by one word too: "Mr. Wray", "President Biden".
var honorifics = setOf("mr", "mrs", "ms", "mx", "dr", "prof", "sen", "rep", "gov", "gen", "col",
	"lt", "sgt", "capt", "adm", "sir", "dame", "president", "senator", "governor", "chancellor",
	"premier", "judge")

// personTitles stand right before a name: offices and ranks ("Attorney
// General", "Director") and roles written in lower case ("spokesperson",
// "chief analyst", "researcher").
var personTitles = setOf(
	"mr", "mrs", "ms", "mx", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
	"adm", "sir", "dame", "president", "vice-president", "senator", "governor", "chancellor",
	"premier", "judge", "director", "deputy", "secretary", "minister", "attorney", "general",
	"representative", "congressman", "congresswoman", "lawmaker", "mayor", "commissioner",
	"ambassador", "chief", "officer", "agent", "detective", "inspector", "superintendent",
	"commander", "colonel", "lieutenant", "sergeant", "captain", "admiral", "professor", "ceo",
	"cto", "ciso", "cfo", "coo", "cio", "founder", "co-founder", "cofounder", "chairman",
	"chairwoman", "chairperson", "prosecutor", "spokesperson", "spokesman", "spokeswoman",
	"researcher", "analyst", "engineer", "expert", "investigator", "reporter", "journalist",
	"lawyer", "counsel", "adviser", "advisor", "consultant", "head", "leader", "manager",
	"executive", "official", "specialist", "scientist", "hunter", "fellow", "hacker",
	"administrator", "member", "speaker", "prosecutors", "economist", "editor", "author",
	"negotiator", "historian", "activist", "dissident", "programmer", "developer",
)

// personRoles after a name and a comma say who the person is: "Jane Doe,
// a spokesperson for", "John Hultquist, chief analyst at".
var personRoles = setOf(
	"spokesperson", "spokesman", "spokeswoman", "analyst", "researcher", "director", "founder",
	"co-founder", "cofounder", "ceo", "cto", "ciso", "cfo", "coo", "cio", "chief", "head",
	"president", "vice-president", "professor", "lecturer", "fellow", "engineer", "manager",
	"officer", "executive", "chairman", "chairwoman", "chairperson", "adviser", "advisor",
	"consultant", "lawyer", "attorney", "prosecutor", "agent", "investigator", "detective",
	"minister", "secretary", "senator", "representative", "governor", "ambassador",
	"commissioner", "deputy", "expert", "journalist", "reporter", "editor", "national",
	"citizen", "resident", "native", "man", "woman", "scientist", "specialist", "leader",
	"administrator", "partner", "economist", "author", "hunter", "programmer", "businessman",
	"businesswoman", "entrepreneur", "hacker", "owner", "student", "teenager", "fugitive",
)

// phraseRoles are roles that describe a person only where their phrase
// ends: "a Russian national," but not "a national healthcare provider".
var phraseRoles = setOf("national", "citizen", "resident", "native", "man", "woman", "leader", "expert", "partner",
	"hacker", "owner", "student") // "a hacker group", "the owner of", "student records"

// phraseEnds follow a phrase role where the phrase ends: "a Russian
// national who", "a Nigerian known online as".
var phraseEnds = setOf("of", "who", "whom", "whose", "and", "from", "living", "based", "known")

// pluralRoles after a list of names say who they all are: "Wong Ong Hua
// and Ling Yang Ching, Malaysian nationals".
var pluralRoles = setOf("nationals", "citizens", "residents", "men", "women", "brothers", "defendants",
	"suspects", "officers", "executives", "researchers", "analysts")

// quoteVerbs report speech: "John Hultquist said", "said Jen Easterly".
var quoteVerbs = setOf("said", "says", "told", "added", "wrote", "noted", "explained", "warned",
	"stated", "commented", "cautioned", "argued", "posted", "tweeted", "testified", "acknowledged",
	"confirmed", "observed", "recalled", "continued", "remarked", "asserted", "insisted", "urged")

// lawVerbs act on the people they name: "charged Zhao Guangzong". The
// nouns among them take a preposition first ("charges against").
var lawVerbs = setOf("charged", "indicted", "arrested", "sanctioned", "extradited", "convicted",
	"sentenced", "detained", "prosecuted", "accused", "designated", "charging", "indicting",
	"arresting", "sanctioning", "extraditing", "charges", "indictment", "arrest", "arrests",
	"extradition", "sanctions", "conviction", "prosecution", "named", "identified", "unmasked",
	"exposed", "doxxed", "naming", "identifying", "accuses", "indicts", "arrests", "sanctions",
	"charges", "names", "identifies")

// listVerbs list people after listSubjects: "They are Ni Gaobin, Weng
// Ming and ...", "the defendants include".
var (
	listVerbs    = setOf("are", "were", "include", "included", "includes")
	listSubjects = setOf("they", "men", "women", "defendants", "suspects", "nationals", "accused",
		"charged", "arrested", "indicted", "sanctioned", "individuals", "people", "persons")
)

// partitives may precede "of" in a law verb's object: "two of the
// defendants".
var partitives = setOf("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "one",
	"both", "all", "some", "several", "each", "none", "most", "many")

// lawNounsBeforeName take a preposition before whom they act on.
var lawNounsBeforeName = setOf("charges", "indictment", "arrest", "arrests", "extradition",
	"sanctions", "conviction", "prosecution")

// weakLawVerbs name things as often as people ("a backdoor named X"): the
// name they introduce must be called a person ("the suspect", "two
// Russian nationals") or be followed by "as" ("named Dmitry Khoroshev as").
var weakLawVerbs = setOf("named", "identified", "unmasked", "exposed", "doxxed", "naming", "identifying",
	"names", "identifies")

// lawParticiples after a name and a comma say what was done to the person:
// "Tan Dailin, charged in an indictment".
var lawParticiples = setOf("charged", "indicted", "arrested", "sanctioned", "convicted", "sentenced",
	"extradited", "wanted", "accused", "detained", "jailed", "named")

// lawPersonNouns between a law verb and a name say the name is a person's.
var lawPersonNouns = setOf("national", "nationals", "citizen", "citizens", "man", "men", "woman",
	"women", "suspect", "suspects", "defendant", "defendants", "individual", "individuals", "person",
	"people", "hacker", "hackers", "administrator", "leader", "developer", "operator", "affiliate",
	"member", "members", "officer", "officers", "official", "officials", "founder", "owner",
	"executive", "employee", "resident", "residents", "programmer", "brothers", "accomplice",
	"alleged", "accused", "teenager", "teen", "student", "boss", "ringleader", "mastermind",
	"co-conspirator", "co-conspirators", "conspirators", "russian", "chinese", "iranian", "him",
	"her", "them")

// lawScanStops end the phrase a law verb acts on: "arrested in Spain",
// "charged over the attack".
var lawScanStops = setOf("for", "over", "with", "in", "on", "at", "after", "before", "because",
	"while", "who", "which", "that", "by", "under", "to", "from", "following", "since", "during",
	"amid", "as", "of", "said", "says", "is", "was", "were", "are", "has", "have", "had", "will", "would")

// personBe before a law verb make it passive: "Matveev was charged".
var personBe = setOf("was", "were", "been", "is", "are", "be", "being")

// nameParticles may stand inside a name in lower case: "Ursula von der
// Leyen", "Mohammed bin Salman".
var nameParticles = setOf("van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la",
	"le", "bin", "ibn", "al", "ter", "dos", "das")

// notPersonWords are capitalised words that are no part of a person's
// name: what companies, bodies, products, places, groups and outlets are
// called, and words that open sentences.
var notPersonWords = func() map[string]bool {
	set := setOf(
		// Companies and bodies.
		"group", "team", "labs", "lab", "security", "intelligence", "threat", "threats", "research",
		"cyber", "cybersecurity", "digital", "global", "international", "national", "federal",
		"capital", "health", "healthcare", "medical", "financial", "insurance", "energy", "power",
		"pipeline", "water", "electric", "oil", "gas", "telecom", "telecommunications", "mobile",
		"wireless", "communications", "solutions", "services", "partners", "holdings",
		"entertainment", "pictures", "studios", "games", "airlines", "airways", "air", "motors",
		"motor", "mail", "internet", "online", "network", "system", "tech", "computing",
		"electronics", "instruments", "industries", "industrial", "manufacturing", "logistics",
		"shipping", "airport", "college", "school", "academy", "center", "centre", "board",
		"society", "alliance", "coalition", "initiative", "congress", "senate", "house", "assembly",
		"tribunal", "church", "clinic", "care", "pharmacy", "pharmaceuticals", "pharma",
		"therapeutics", "sciences", "science", "capital", "ventures", "brands", "retail", "stores",
		"markets", "market", "marketplace", "forum", "exchange", "finance", "crypto", "bitcoin",
		"coin", "wallet", "chain", "protocol", "dao", "fund", "trust", "consulting", "management",
		"defense", "defence", "army", "navy", "force", "forces", "guard", "unit", "units", "corps",
		"party", "union", "republic", "kingdom", "state", "states", "province", "county", "city",
		"district", "region", "ministry", "department", "agency", "office", "bureau", "police",
		"command", "service", "authority", "administration", "commission", "committee", "council",
		"court", "justice", "treasury", "cabinet",
		// Products.
		"patch", "active", "directory", "server", "servers", "cloud", "connect", "secure",
		"gateway", "transfer", "edge", "chrome", "teams", "outlook", "workspace", "suite",
		"console", "portal", "endpoint", "firewall", "router", "pulse", "access", "express",
		"enterprise", "pro", "plus", "hub", "drive", "vault", "link", "web", "messenger", "client",
		"update", "updates", "defender", "sentinel", "azure", "copilot", "manager", "studio",
		"platform", "app", "apps", "store", "pay", "wallet", "play", "phone", "pixel", "galaxy",
		"vpn", "database", "framework", "toolkit", "kit", "library", "plugin", "api", "sdk",
		"version", "release", "edition", "center", "sandbox", "premium", "anonymous",
		// Threat actors and malware: vendors' naming words.
		"typhoon", "blizzard", "sleet", "tempest", "sandstorm", "storm", "panda", "bear", "kitten",
		"chollima", "spider", "tiger", "jackal", "buffalo", "leopard", "wolf", "dust", "hail",
		"rain", "flood", "cyclone", "lazarus", "ransomware", "malware", "botnet", "stealer",
		"loader", "backdoor", "trojan", "worm", "wiper", "rat", "operation", "operations",
		"campaign", "project", "program", "zero", "day", "spyware", "apt", "hackers", "gang",
		// Outlets.
		"news", "media", "times", "post", "journal", "press", "wire", "daily", "report", "review",
		"magazine", "computer", "reading", "record", "register", "dispatch", "ledger", "packet",
		"herald", "tribune", "guardian", "telegraph", "gazette", "chronicle", "monitor",
		"insider", "weekly", "today", "bloomberg", "reuters", "wired", "associated",
		// Places and directions.
		"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
		"great", "united", "royal", "pacific", "atlantic", "gulf", "island", "islands", "bay",
		"river", "lake", "mountain", "valley", "hills", "street", "road", "avenue",
		"square", "tower", "bridge", "harbor", "harbour", "port", "beach", "springs", "falls",
		"heights", "san", "los", "las", "santa", "fort", "saint", "st", "washington", "london",
		"paris", "berlin", "tokyo", "seoul", "shanghai", "shenzhen", "guangzhou", "wuhan",
		"chengdu", "sichuan", "guangdong", "hainan", "tianjin", "hangzhou", "nanjing", "xinjiang",
		"petersburg", "yekaterinburg", "novosibirsk", "rostov", "chicago", "boston", "houston",
		"dallas", "atlanta", "seattle", "denver", "miami", "brooklyn", "manhattan", "silicon",
		"alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
		"delaware", "florida", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
		"kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
		"mississippi", "missouri", "montana", "nebraska", "nevada", "hampshire", "jersey",
		"mexico", "york", "carolina", "dakota", "ohio", "oklahoma", "oregon", "pennsylvania",
		"rhode", "tennessee", "texas", "utah", "vermont", "virginia", "wisconsin", "wyoming",
		"amsterdam", "brussels", "geneva", "vienna", "prague", "warsaw", "helsinki", "stockholm",
		"oslo", "copenhagen", "dublin", "madrid", "rome", "milan", "munich", "frankfurt",
		"hamburg", "zurich", "singapore", "dubai", "delhi", "mumbai", "bangalore", "sydney",
		"melbourne", "toronto", "ottawa", "vancouver", "montreal",
		// Common words that open sentences or headings.
		"researchers", "officials", "authorities", "prosecutors", "investigators", "analysts",
		"experts", "attackers", "victims", "customers", "users", "companies", "organizations",
		"organisations", "agencies", "governments", "employees", "members", "people", "police",
		"last", "earlier", "later", "meanwhile", "separately", "previously", "still", "yet",
		"today", "yesterday", "tomorrow", "now", "then", "there", "here", "what", "who", "why",
		"how", "where", "which", "we", "they", "he", "she", "it", "i", "you", "no", "not", "more",
		"most", "many", "much", "few", "less", "least", "such", "this", "these", "those", "every",
		"each", "either", "neither", "only", "even", "just", "about", "under", "over", "between",
		"through", "into", "onto", "upon", "without", "within", "against", "among", "across",
		"behind", "beyond", "despite", "during", "since", "until", "unless", "although", "though",
		"because", "whether", "whose", "whom", "read", "see", "update", "note", "editor",
		"exclusive", "breaking", "analysis", "opinion", "photo", "video", "image", "source",
		"sources", "statement", "press", "release", "chief", "senior", "former", "acting",
		"special", "assistant", "associate", "principal", "vice", "executive", "prime", "foreign",
		"home", "interior", "internal", "homeland", "affairs", "critical", "infrastructure",
		"emergency", "response", "incident", "advisory", "alert", "bulletin", "notice", "ban",
		"act", "law", "bill", "order", "rule", "policy", "strategy", "plan", "framework",
		"christmas", "easter", "thanksgiving", "ramadan", "olympics", "olympic", "games",
		"world", "cup", "black", "white", "red", "blue", "green", "dark", "big", "small",
		"little", "golden", "silver", "iron", "steel", "smart", "open", "free", "first", "next",
		"final", "top", "high", "low", "long", "short", "fast", "good", "bad", "best", "key",
	)
	for w := range notNames {
		set[w] = true
	}
	for w := range sentenceStarters {
		set[w] = true
	}
	for w := range personTitles {
		set[w] = true
	}
	for w := range organizationHeads {
		set[foldCase(w)] = true
	}
	for w := range productNouns {
		set[w] = true
	}
	for w := range malwareNouns {
		set[w] = true
	}
	return set
}()

// givenNames are common first names. A name read only from a quotation
// ("Norsk Hydro said" could be a company) must start with one.
var givenNames = setOf(
	// English and European.
	"aaron", "adam", "adrian", "alan", "albert", "alex", "alexander", "alexandra", "alice",
	"alison", "allan", "allison", "amanda", "amy", "andrea", "andrew", "andy", "angela", "anna",
	"anne", "anthony", "antony", "arthur", "ashley", "barbara", "barry", "ben", "benjamin",
	"beth", "betty", "bill", "bob", "bobby", "brad", "bradley", "brandon", "brenda", "brett",
	"brian", "bruce", "bryan", "carl", "carlos", "carol", "caroline", "catherine", "charles",
	"charley", "charlie", "charlotte", "chris", "christian", "christine", "christopher",
	"cindy", "claire", "colin", "craig", "dan", "daniel", "danielle", "dave", "david", "dean",
	"deborah", "debra", "denis", "dennis", "derek", "diana", "diane", "donald", "donna",
	"doug", "douglas", "dustin", "ed", "edward", "elizabeth", "ellen", "emily", "emma", "eric",
	"erik", "erin", "ethan", "eugene", "eva", "frank", "fred", "gary", "george", "gerald",
	"gina", "grace", "greg", "gregory", "hannah", "harry", "heather", "helen", "henry", "ian",
	"jack", "jacob", "jake", "james", "jamie", "jane", "janet", "jason", "jay", "jean", "jeff",
	"jeffrey", "jen", "jennifer", "jeremy", "jerry", "jessica", "jill", "jim", "joan", "joe",
	"joel", "john", "johnny", "jon", "jonathan", "jordan", "joseph", "josh", "joshua", "joyce",
	"juan", "judith", "julia", "julie", "justin", "karen", "kate", "katherine", "kathleen",
	"kathryn", "katie", "keith", "kelly", "ken", "kenneth", "kevin", "kim", "kimberly", "kyle",
	"larry", "laura", "lauren", "lawrence", "lee", "linda", "lisa", "liz", "lori", "louis",
	"lucy", "luke", "marc", "margaret", "maria", "marie", "mark", "martin", "mary", "matt",
	"matthew", "megan", "melissa", "michael", "michelle", "mike", "nancy", "natalie", "nathan",
	"neil", "nicholas", "nick", "nicole", "noah", "oliver", "pamela", "patricia", "patrick",
	"paul", "peter", "phil", "philip", "phillip", "rachel", "ralph", "randy", "raymond",
	"rebecca", "richard", "rick", "rob", "robert", "robin", "roger", "ron", "ronald", "rose",
	"ross", "roy", "russell", "ruth", "ryan", "sam", "samantha", "samuel", "sandra", "sara",
	"sarah", "scott", "sean", "shane", "shannon", "sharon", "shawn", "simon", "sophie",
	"stephanie", "stephen", "steve", "steven", "stuart", "susan", "tara", "teresa", "terry",
	"thomas", "tim", "timothy", "tina", "todd", "tom", "tony", "tracy", "travis", "troy",
	"tyler", "valerie", "victor", "victoria", "vincent", "walter", "wayne", "wendy", "william",
	"willie", "zachary", "avril", "merrick", "lina", "alejandro", "jens", "lars", "anders",
	"hans", "klaus", "jurgen", "stefan", "markus", "thomas", "wolfgang", "pierre", "jacques",
	"francois", "guillaume", "luc", "marco", "giovanni", "luca", "giuseppe", "pablo", "jose",
	"javier", "miguel", "jan", "piotr", "tomasz", "pavel", "petr", "jiri", "martina", "mikko",
	"juha", "sami", "jarno", "matti", "ville", "sven", "erik", "johan", "nils", "ole", "rasmus",
	"sean", "liam", "niamh", "ciaran", "eoin", "costin", "marius", "andrei", "bogdan", "vlad",
	// Russian, Ukrainian and Belarusian.
	"aleksandr", "aleksander", "aleksei", "alexei", "alexey", "aleksej", "anatoly", "andrey",
	"andriy", "anton", "artem", "artur", "boris", "denis", "dmitri", "dmitriy", "dmitry",
	"evgeniy", "evgeny", "evgenii", "yevgeniy", "fedor", "gleb", "grigory", "igor", "ilya",
	"ivan", "kirill", "konstantin", "leonid", "maksim", "maxim", "mikhail", "nikita", "nikolai",
	"nikolay", "oleg", "oleksandr", "pavel", "roman", "ruslan", "sergei", "sergey", "serhiy",
	"stanislav", "timur", "vadim", "valery", "vasily", "viktor", "vitaly", "vitalii",
	"vladimir", "vladislav", "volodymyr", "vyacheslav", "yaroslav", "yuri", "yury", "yuriy",
	"anastasia", "ekaterina", "elena", "irina", "natalia", "olga", "svetlana", "tatiana",
	"yulia", "daria", "evgenia", "galina", "ksenia", "lyudmila", "marina", "nadezhda",
	// Arabic, Persian, Turkish and South Asian.
	"ahmad", "ahmed", "ali", "amir", "hamid", "hassan", "hossein", "hussein", "ibrahim",
	"mahmoud", "mohammad", "mohammed", "mohamed", "muhammad", "mustafa", "omar", "reza",
	"saeed", "karim", "khalid", "mehdi", "majid", "masoud", "behzad", "farhad",
	"fatima", "leila", "mehmet", "emre", "raj", "rahul", "amit", "anil", "arjun", "deepak",
	"priya", "ravi", "sanjay", "sunil", "vijay", "vikram", "rohit", "arun", "ankit", "nitin",
	// East Asian given names that lead in Western order.
	"hiroshi", "kenji", "takashi", "yuki", "akira", "satoshi", "haruki", "minh", "tuan",
	"wei", "jing", "ming", "hao", "yan", "ying",
	// Hebrew.
	"yossi", "avi", "itai", "eyal", "noam", "tal", "yoav", "omer", "ido", "gil", "amit", "ori",
)

// personRun is a run of capitalised words that may be a person's name:
// words first..last of the text.
type personRun struct {
	first, last int
}

// peopleFinder reads one article's people.
type peopleFinder struct {
	doc      *document
	ws       []word
	mentions []model.Mention // the other layers', by span
	runs     []personRun
	cursor   int // the first mention that may cover the word findRuns reads
	found    []model.Mention
	taken    []bool   // runs already added
	keys     []string // key of each found mention
	heads    []int8   // per sentence: 0 not yet read, 1 a heading, 2 not
}

// withPeople adds person mentions to mentions (ordered, disjoint, their
// sentences set) and returns them in order.
func withPeople(doc *document, ws []word, mentions []model.Mention) []model.Mention {
	f := &peopleFinder{doc: doc, ws: ws, mentions: mentions, runs: make([]personRun, 0, len(ws)/16+4)}
	f.findRuns()
	if len(f.runs) == 0 {
		return mentions
	}
	f.readCues()
	if len(f.found) == 0 {
		return mentions
	}
	f.unifyKeys()
	f.readRepeats()
	for i := range f.found {
		f.found[i].EntityKey = f.keys[i]
		if s := sentenceAt(doc.sentences, f.found[i].Span.Start); s >= 0 {
			f.found[i].Sentence = doc.sentences[s]
		}
	}
	slices.SortFunc(f.found, func(a, b model.Mention) int { return a.Span.Start - b.Span.Start })
	out := make([]model.Mention, 0, len(mentions)+len(f.found))
	i, j := 0, 0
	for i < len(mentions) || j < len(f.found) {
		if j == len(f.found) || i < len(mentions) && mentions[i].Span.Start < f.found[j].Span.Start {
			out = append(out, mentions[i])
			i++
			continue
		}
		out = append(out, f.found[j])
		j++
	}
	return out
}

func (f *peopleFinder) text(k int) string { return f.doc.text[f.ws[k].start:f.ws[k].end] }

// gapBefore returns the text between word k-1 and word k.
func (f *peopleFinder) gapBefore(k int) string {
	if k <= 0 || k >= len(f.ws) {
		return "\x00"
	}
	return f.doc.text[f.ws[k-1].end:f.ws[k].start]
}

// lowerIs reports whether word k is written as the lower-case word w.
func (f *peopleFinder) lowerIs(k int, w string) bool {
	return k >= 0 && k < len(f.ws) && f.ws[k].lower == w && f.text(k) == w
}

// covered reports whether another layer's mention overlaps word k. Words
// are asked about in order, so a cursor finds the mention.
func (f *peopleFinder) covered(k int) bool {
	w := f.ws[k]
	if f.cursor > 0 && f.mentions[f.cursor-1].Span.End > w.start {
		f.cursor = 0 // asked out of order
	}
	for f.cursor < len(f.mentions) && f.mentions[f.cursor].Span.End <= w.start {
		f.cursor++
	}
	return f.cursor < len(f.mentions) && f.mentions[f.cursor].Span.Start < w.end
}

// nameWord reports whether word k can be a word of a person's name:
// capitalised, then lower case ("FBI" and "APT31" are not), letters only.
func (f *peopleFinder) nameWord(k int) bool {
	t := f.text(k)
	c := t[0]
	if c < 'A' || c > 'Z' {
		if c < utf8.RuneSelf || !unicode.IsUpper(firstRune(t)) {
			return false
		}
	}
	if len(t) < 2 {
		return false
	}
	if c >= 'A' && c <= 'Z' && plainASCIIName(t) {
		return !f.covered(k) && !notPersonWords[f.ws[k].lower]
	}
	_, size := utf8.DecodeRuneInString(t)
	// A decomposed accent ("E\u0301mile") belongs to the capital before it.
	rest := strings.TrimLeftFunc(t[size:], isMark)
	if rest == "" {
		return false
	}
	if r := firstRune(rest); !unicode.IsLower(r) && r != '\'' && r != '\u2019' {
		return false // "FBI", "APT31"
	}
	prev := firstRune(t)
	for i, r := range t[size:] {
		switch {
		case unicode.IsLower(r):
		case isMark(r):
			continue
		case r == '-' || r == '\'' || r == '\u2019':
		case unicode.IsUpper(r):
			// "McCarthy", "O'Brien", "Jean-Luc", not "NanoSlate".
			if prev != '-' && prev != '\'' && prev != '\u2019' && !namePrefix(t[:size+i]) {
				return false
			}
		default:
			return false
		}
		prev = r
	}
	return !f.covered(k) && !notPersonWords[f.ws[k].lower]
}

// isMark reports whether r is a combining mark, as a decomposed accent is.
func isMark(r rune) bool { return unicode.Is(unicode.Mn, r) }

// plainASCIIName reports whether t is a capital and lower-case ASCII
// letters: the common name word, checked without decoding runes.
func plainASCIIName(t string) bool {
	for i := 1; i < len(t); i++ {
		if c := t[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// namePrefix reports whether p, the letters before a second capital, is a
// prefix that names take one after: "McCarthy", "MacLeod", "DeSantis". The
// capital must follow the prefix at once, or "DeepSeek" and "LastPass"
// would pass as names.
func namePrefix(p string) bool {
	switch p {
	case "Mc", "Mac", "De", "Di", "Le", "La":
		return true
	}
	return false
}

// initialAt reports whether word k is a middle initial: one capital
// followed by a period and a name word ("John F. Kennedy").
func (f *peopleFinder) initialAt(k int) bool {
	t := f.text(k)
	return len(t) == 1 && t[0] >= 'A' && t[0] <= 'Z' && k+1 < len(f.ws) && f.gapBefore(k+1) == ". " && !f.covered(k)
}

// findRuns collects the runs of name words joined by single spaces, with
// lower-case particles and middle initials inside.
func (f *peopleFinder) findRuns() {
	ws := f.ws
	for k := 0; k < len(ws); k++ {
		c := f.doc.text[ws[k].start]
		if (c < 'A' || c > 'Z') && c < utf8.RuneSelf || !f.nameWord(k) {
			continue
		}
		last, words := k, 1
		for {
			next := last + 1
			if next >= len(ws) {
				break
			}
			gap := f.gapBefore(next)
			switch {
			case gap == " " && f.nameWord(next):
				last, words = next, words+1
				continue
			case gap == " " && nameParticles[f.text(next)]:
				// "von der Leyen": particles, then a name word.
				after := next + 1
				if after < len(ws) && f.gapBefore(after) == " " && nameParticles[f.text(after)] {
					after++
				}
				if after < len(ws) && f.gapBefore(after) == " " && f.nameWord(after) {
					last, words = after, words+1
					continue
				}
			case gap == " " && f.initialAt(next) && next+1 < len(ws) && f.nameWord(next+1):
				last, words = next+1, words+1
				continue
			}
			break
		}
		if words <= personMaxWords {
			f.runs = append(f.runs, personRun{k, last})
		}
		k = last
	}
}

// runAt returns the run starting at word k, or -1.
func (f *peopleFinder) runAt(k int) int {
	i := sort.Search(len(f.runs), func(i int) bool { return f.runs[i].first >= k })
	if i < len(f.runs) && f.runs[i].first == k {
		return i
	}
	return -1
}

// runEndingAt returns the run whose last word is word k, or -1.
func (f *peopleFinder) runEndingAt(k int) int {
	i := sort.Search(len(f.runs), func(i int) bool { return f.runs[i].last >= k })
	if i < len(f.runs) && f.runs[i].last == k {
		return i
	}
	return -1
}

// size returns how many words of a run are name words.
func (f *peopleFinder) size(r int) int {
	n := 0
	for k := f.runs[r].first; k <= f.runs[r].last; k++ {
		if f.nameWordOrInitial(k) {
			n++
		}
	}
	return n
}

func (f *peopleFinder) nameWordOrInitial(k int) bool {
	return !nameParticles[f.text(k)] && len(f.text(k)) > 1
}

// headline reports whether the sentence holding word k is a heading: no
// final stop, and no word longer than three letters in lower case.
func (f *peopleFinder) headline(k int) bool {
	s := sentenceAt(f.doc.sentences, f.ws[k].start)
	if s < 0 {
		return false
	}
	// Remembered per sentence: a long line of names asks once for each.
	if f.heads == nil {
		f.heads = make([]int8, len(f.doc.sentences))
	}
	if f.heads[s] == 0 {
		f.heads[s] = 2
		if f.readHeadline(f.doc.sentences[s]) {
			f.heads[s] = 1
		}
	}
	return f.heads[s] == 1
}

// readHeadline reads whether the sentence at span is a heading.
func (f *peopleFinder) readHeadline(span model.Span) bool {
	last := strings.TrimRight(span.In(f.doc.text), "\"')\u201d\u2019")
	if strings.HasSuffix(last, ".") || strings.HasSuffix(last, "!") || strings.HasSuffix(last, "?") {
		return false
	}
	lo := sort.Search(len(f.ws), func(i int) bool { return f.ws[i].start >= span.Start })
	letters := 0
	for i := lo; i < len(f.ws) && f.ws[i].start < span.End; i++ {
		t := f.text(i)
		if !hasLetter(t) {
			continue
		}
		letters++
		if len(t) > 3 && unicode.IsLower(firstRune(t)) {
			return false
		}
	}
	return letters >= 4
}

// add records run r as a person, when it has the shape of a name.
func (f *peopleFinder) add(r int, single bool) bool {
	if f.taken == nil {
		f.taken = make([]bool, len(f.runs))
	}
	if f.taken[r] {
		return true
	}
	n := f.size(r)
	if n < 1 || n == 1 && !single {
		return false
	}
	run := f.runs[r]
	// "John Doe ransomware" names the malware.
	if next := run.last + 1; next < len(f.ws) && f.gapBefore(next) == " " {
		lw := f.ws[next].lower
		if f.ws[next].has(cueMalwareNoun|cueActorNoun|cueProductNoun) || lw == "vulnerability" || lw == "hackers" {
			return false
		}
	}
	if f.headline(run.first) {
		return false
	}
	start, end := f.ws[run.first].start, f.ws[run.last].end
	name := f.doc.text[start:end]
	f.taken[r] = true
	f.found = append(f.found, model.Mention{Kind: model.KindPerson, Text: name, Span: model.Span{Start: start, End: end}})
	f.keys = append(f.keys, personKey(name))
	return true
}

// readCues adds the runs that a title, a role, a quotation or a
// law-enforcement verb marks as people.
func (f *peopleFinder) readCues() {
	for r, run := range f.runs {
		switch {
		case f.titled(run.first):
			if f.add(r, f.honorific(run.first)) {
				f.listAround(r)
			}
		case f.roleAfter(run.last):
			if f.add(r, false) {
				f.listAround(r)
			}
		case f.quoted(run) && givenNames[f.ws[run.first].lower]:
			f.add(r, false)
		}
	}
	mask := cueShapes()
	for k, w := range f.ws {
		if c := w.lower[0]; c < 'a' || c > 'z' || len(w.lower) > 15 || mask[c-'a']&(1<<len(w.lower)) == 0 {
			continue
		}
		if w.cue&cueLawVerb != 0 && f.text(k) == w.lower {
			f.lawObjects(k)
			f.lawSubjects(k)
		} else if listVerbs[w.lower] && k > 0 && listSubjects[f.ws[k-1].lower] {
			f.lawObjects(k) // "The seven men are Ni Gaobin, Weng Ming, ..."
		}
	}
}

// cueShapes returns, per first letter, the lengths of the law and list
// verbs as bits: most words are ruled out without a map look-up.
var cueShapes = sync.OnceValue(func() (mask [26]uint16) {
	for _, set := range []map[string]bool{lawVerbs, listVerbs} {
		for w := range set {
			mask[w[0]-'a'] |= 1 << len(w)
		}
	}
	return mask
})

// titleBefore returns the word before the run at word k that may be a
// title, skipping the period of an abbreviation ("Dr. Smith").
func (f *peopleFinder) titleBefore(k int) int {
	if k <= 0 {
		return -1
	}
	switch f.gapBefore(k) {
	case " ":
		return k - 1
	case ". ":
		if honorifics[f.ws[k-1].lower] {
			return k - 1
		}
	}
	return -1
}

// honorific reports whether the run at word k follows an honorific, after
// which one word is a name ("Mr. Wray").
func (f *peopleFinder) honorific(k int) bool {
	t := f.titleBefore(k)
	return t >= 0 && honorifics[f.ws[t].lower] && isCapitalised(f.text(t))
}

// titled reports whether a title stands before the run at word k:
// "Attorney General Merrick Garland", "spokesperson Jane Doe", "Secretary
// of Homeland Security Alejandro Mayorkas".
func (f *peopleFinder) titled(k int) bool {
	t := f.titleBefore(k)
	if t < 0 {
		return false
	}
	if personTitles[f.ws[t].lower] {
		return true
	}
	// Back over the body an office is of: "Director of National
	// Intelligence", "Secretary of State".
	for i := t; i >= 0 && t-i < 5; i-- {
		if i < t && f.gapBefore(i+1) != " " {
			return false
		}
		lw := f.ws[i].lower
		txt := f.text(i)
		switch {
		case personTitles[lw] && isCapitalised(txt) && i < t:
			return f.lowerIs(i+1, "of") || f.lowerIs(i+1, "for")
		case isCapitalised(txt), txt == "of", txt == "for", txt == "the", txt == "and":
		default:
			return false
		}
	}
	return false
}

// roleAfter reports whether a role follows the run ending at word k after
// a comma: "Jane Doe, a spokesperson for", "Jon Smith, chief analyst at",
// "Mikhail Matveev, 30, of".
func (f *peopleFinder) roleAfter(k int) bool {
	next := k + 1
	if next >= len(f.ws) || f.gapBefore(next) != ", " {
		return false
	}
	if isAllDigits(f.text(next)) && len(f.text(next)) <= 2 && next+1 < len(f.ws) && f.gapBefore(next+1) == ", " {
		return true // an age: "Mikhail Matveev, 30,"
	}
	if lawParticiples[f.ws[next].lower] && f.text(next) == f.ws[next].lower {
		return true
	}
	if f.lowerIs(next, "who") && personBe[f.ws[min(next+1, len(f.ws)-1)].lower] && lawParticiples[f.ws[min(next+2, len(f.ws)-1)].lower] {
		return true // "Mikhail Vasiliev, who was arrested"
	}
	for i := next; i < len(f.ws) && i < next+6; i++ {
		if i > next {
			g := f.gapBefore(i)
			if g != " " && g != "-" && g != "'s " && g != "\u2019s " {
				return false
			}
		}
		lw := f.ws[i].lower
		t := f.text(i)
		switch {
		case strings.HasSuffix(lw, "-year-old"), pluralRoles[lw] && t == lw:
			return true
		case personRoles[lw] && (t == lw || strings.ToUpper(t) == t):
			return !phraseRoles[lw] || f.phraseEndsAfter(i)
		case i == next+1 && (f.lowerIs(next, "a") || f.lowerIs(next, "an")) && f.demonymWord(i) && f.phraseEndsAfter(i):
			return true // a demonym for a noun: "Ramon Abbas, a Nigerian who"
		case lw == "said" || lw == "says" || lw == "is" || lw == "was" || lw == "has" || lw == "had" ||
			lw == "which" || lw == "that" || lw == "who" || lw == "and" || lw == "or" || lw == "but" ||
			lw == "group" || f.ws[i].has(cueActorNoun|cueMalwareNoun):
			return false
		}
	}
	return false
}

// phraseEndsAfter reports whether a phrase ends at word k: punctuation
// follows it, or a word that opens what comes after (phraseEnds).
func (f *peopleFinder) phraseEndsAfter(k int) bool {
	if k+1 >= len(f.ws) || f.gapBefore(k+1) != " " {
		return true
	}
	return phraseEnds[f.ws[k+1].lower] || lawParticiples[f.ws[k+1].lower]
}

// demonymWord reports whether word k is a country's adjective that
// another layer found as the country: "Nigerian", "Russian".
func (f *peopleFinder) demonymWord(k int) bool {
	w := f.ws[k]
	if !isCapitalised(f.text(k)) || !adjectiveDemonym(w.lower) {
		return false
	}
	i, _ := slices.BinarySearchFunc(f.mentions, w.start, func(m model.Mention, at int) int { return m.Span.Start - at })
	return i < len(f.mentions) && f.mentions[i].Span.Start == w.start && f.mentions[i].Span.End == w.end &&
		f.mentions[i].Kind == model.KindCountry
}

// quoted reports whether the run is the source of a quotation: "John
// Hultquist said", "said Jen Easterly", "according to Jen Easterly".
func (f *peopleFinder) quoted(run personRun) bool {
	if next := run.last + 1; next < len(f.ws) && f.gapBefore(next) == " " && quoteVerbs[f.ws[next].lower] && f.text(next) == f.ws[next].lower {
		return true
	}
	prev := run.first - 1
	if prev < 0 || f.gapBefore(run.first) != " " {
		return false
	}
	if f.lowerIs(prev, "said") || f.lowerIs(prev, "says") || f.lowerIs(prev, "added") || f.lowerIs(prev, "wrote") ||
		f.lowerIs(prev, "noted") || f.lowerIs(prev, "explained") || f.lowerIs(prev, "warned") {
		return true
	}
	// "According" opens many a sentence with a capital.
	return f.lowerIs(prev, "to") && prev > 0 && f.gapBefore(prev) == " " && f.ws[prev-1].lower == "according"
}

// lawObjects adds the people a law-enforcement verb at word h acts on:
// "charged Zhao Guangzong and Ni Gaobin", "sanctioned two Russian
// nationals, Alexander Ermakov and", "charges against Artur Sungatov".
func (f *peopleFinder) lawObjects(h int) {
	lw := f.ws[h].lower
	weak := weakLawVerbs[lw]
	from := h + 1
	if lawNounsBeforeName[lw] && f.runAt(from) < 0 {
		// "charges against X"; "charges X" is the verb.
		if !(f.lowerIs(from, "against") || f.lowerIs(from, "of") || f.lowerIs(from, "on")) {
			return
		}
		from++
	}
	// The first run after the verb; none near it, nothing to read.
	next := sort.Search(len(f.runs), func(i int) bool { return f.runs[i].first >= from })
	if next == len(f.runs) || f.runs[next].first > from+10 {
		return
	}
	si := sentenceAt(f.doc.sentences, f.ws[h].start)
	if si < 0 {
		return
	}
	end := f.doc.sentences[si].End
	personal := false
	for k := from; k < len(f.ws) && k <= from+10 && next < len(f.runs); k++ {
		if f.ws[k].start >= end || strings.ContainsAny(f.gapBefore(k), ";.()") {
			return
		}
		w := f.ws[k].lower
		if f.text(k) == w && lawScanStops[w] && !(weak && w == "as") && !(w == "with" && f.lowerIs(k-1, "along")) &&
			!(w == "of" && k > 0 && partitives[f.ws[k-1].lower]) {
			return
		}
		if weak && lawPersonNouns[w] {
			personal = true
		}
		if f.runs[next].first != k {
			continue
		}
		r := next
		next++
		if weak && !personal && !f.lowerIs(f.runs[r].last+1, "as") && !f.roleAfter(f.runs[r].last) {
			return
		}
		if f.size(r) >= 2 && f.add(r, false) {
			f.listAround(r)
			return
		}
		k = f.runs[r].last
	}
}

// listAfter adds the names listed after run r: ", Ni Gaobin", "and Ni
// Gaobin", ", 38, and Ni Gaobin".
func (f *peopleFinder) listAfter(r int) {
	for {
		k := f.runs[r].last + 1
		if k < len(f.ws) && f.gapBefore(k) == ", " && isAllDigits(f.text(k)) && len(f.text(k)) <= 2 {
			k++ // an age
		}
		if k >= len(f.ws) {
			return
		}
		g := f.gapBefore(k)
		if g != ", " && g != " " {
			return
		}
		if f.lowerIs(k, "and") {
			k++
			if k >= len(f.ws) || f.gapBefore(k) != " " {
				return
			}
		} else if g != ", " {
			return
		}
		// A name already taken was read with its list: going on through it
		// would read a long list once for each of its names.
		next := f.runAt(k)
		if next < 0 || f.taken[next] || f.size(next) < 2 || !f.add(next, false) {
			return
		}
		r = next
	}
}

// lawSubjects adds the people a passive law verb at word h names before
// it: "Zhao Guangzong and Ni Gaobin were charged".
func (f *peopleFinder) lawSubjects(h int) {
	if weakLawVerbs[f.ws[h].lower] || h < 2 || !personBe[f.ws[h-1].lower] || f.gapBefore(h) != " " || f.gapBefore(h-1) != " " {
		return
	}
	if r := f.runEndingAt(h - 2); r >= 0 && f.size(r) >= 2 && f.add(r, false) {
		f.listAround(r)
	}
}

// listAround adds the names listed with run r, before and after it.
func (f *peopleFinder) listAround(r int) {
	f.listAfter(r)
	for {
		k := f.runs[r].first
		switch {
		case f.gapBefore(k) == ", ":
			r = f.runEndingAt(k - 1)
		case f.gapBefore(k) == " " && f.lowerIs(k-1, "and") && (f.gapBefore(k-1) == " " || f.gapBefore(k-1) == ", "):
			r = f.runEndingAt(k - 2)
		default:
			return
		}
		if r < 0 || f.taken[r] || f.size(r) < 2 || !f.add(r, false) {
			return
		}
	}
}

// readRepeats adds the later mentions of the people found: the full name
// again, or its first and last words, anywhere, and the last word of the
// name alone after it ("Wray said"), unless the article uses that word in
// lower case or for two people. Maps keep it linear in long articles.
func (f *peopleFinder) readRepeats() {
	byEnds := make(map[[2]string]string) // first and last words to the key of the first name found with them
	at := make(map[string]int)           // key to where the person is first named in full
	surnames := make(map[string]string)  // folded last word to key, "" when two people share it
	for i, m := range f.found {
		if strings.IndexByte(m.Text, ' ') < 0 {
			continue
		}
		ends, key := nameEnds(m.Text), f.keys[i]
		if _, ok := byEnds[ends]; !ok {
			byEnds[ends] = key
		}
		if a, ok := at[key]; !ok || m.Span.Start < a {
			at[key] = m.Span.Start
		}
		if s := foldCase(ends[1]); len(s) >= 3 && !notPersonWords[s] {
			if k, ok := surnames[s]; !ok {
				surnames[s] = key
			} else if k != key {
				surnames[s] = ""
			}
		}
	}
	// A word the article also writes in lower case ("price", "young")
	// refers to no one. Lengths per first letter rule out most words
	// without a look-up.
	var shapes [26]uint64
	for s := range surnames {
		if c := s[0]; c >= 'a' && c <= 'z' {
			shapes[c-'a'] |= 1 << min(len(s), 63)
		}
	}
	for _, w := range f.ws {
		c := f.doc.text[w.start]
		if c < 'a' || c > 'z' || shapes[c-'a']&(1<<min(len(w.lower), 63)) == 0 {
			continue
		}
		if _, ok := surnames[w.lower]; ok {
			surnames[w.lower] = ""
		}
	}
	for r, run := range f.runs {
		if f.taken[r] {
			continue
		}
		i := len(f.found) // where add puts the run's mention
		if run.first != run.last {
			key, ok := byEnds[[2]string{f.text(run.first), f.text(run.last)}]
			if ok && f.add(r, true) {
				// The key first: listAround may add the names listed after.
				f.keys[i] = key
				f.listAround(r)
			}
			continue
		}
		key := surnames[f.ws[run.first].lower]
		if key != "" && f.ws[run.first].start > at[key] && f.add(r, true) {
			f.keys[i] = key
		}
	}
}

// unifyKeys gives the names that share their first and last words the key
// of the longest of them, the first in the text on a tie: "Dmitry
// Khoroshev" and "Dmitry Y. Khoroshev" are "Dmitry Yuryevich Khoroshev".
func (f *peopleFinder) unifyKeys() {
	if len(f.found) < 2 {
		return
	}
	longest := make(map[[2]string]int, len(f.found)) // ends to the longest name's index
	for i, m := range f.found {
		ends := nameEnds(m.Text)
		j, ok := longest[ends]
		if !ok || len(m.Text) > len(f.found[j].Text) ||
			len(m.Text) == len(f.found[j].Text) && m.Span.Start < f.found[j].Span.Start {
			longest[ends] = i
		}
	}
	for i, m := range f.found {
		if j := longest[nameEnds(m.Text)]; len(f.found[j].Text) > len(m.Text) {
			f.keys[i] = f.keys[j]
		}
	}
}

// nameEnds returns the first and last words of a name.
func nameEnds(name string) [2]string {
	first, _, _ := strings.Cut(name, " ")
	return [2]string{first, name[strings.LastIndexByte(name, ' ')+1:]}
}

// personKey is the local key of a person: "person:" and the name folded
// as the resolve stage folds names (lower case, no spaces, hyphens, dots
// or apostrophes).
func personKey(name string) string {
	var b strings.Builder
	b.WriteString(string(model.KindPerson))
	b.WriteByte(':')
	for _, r := range foldCase(name) {
		switch r {
		case ' ', '-', '.', '\'', '\u2019', '_':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
