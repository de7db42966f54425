package extract

import "github.com/winnow-cti/winnow/internal/model"

// testEntries is a small knowledge base in the shape of the real one: each
// entity under its key, with its aliases as further entries.
var testEntries = []Entry{
	{"APT31", model.KindThreatActor, "actor:apt31"},
	{"Judgment Panda", model.KindThreatActor, "actor:apt31"},
	{"Zirconium", model.KindThreatActor, "actor:apt31"},
	{"Violet Typhoon", model.KindThreatActor, "actor:apt31"},
	{"Bronze Vinewood", model.KindThreatActor, "actor:apt31"},
	{"TA412", model.KindThreatActor, "actor:apt31"},
	{"APT30", model.KindThreatActor, "actor:apt30"},
	{"APT28", model.KindThreatActor, "actor:apt28"},
	{"Fancy Bear", model.KindThreatActor, "actor:apt28"},
	{"Forest Blizzard", model.KindThreatActor, "actor:apt28"},
	{"Sandworm", model.KindThreatActor, "actor:sandworm"},
	{"Sandworm Team", model.KindThreatActor, "actor:sandworm"},
	{"Lazarus Group", model.KindThreatActor, "actor:lazarus"},
	{"Lazarus", model.KindThreatActor, "actor:lazarus"},
	{"Hidden Cobra", model.KindThreatActor, "actor:lazarus"},
	{"Turla", model.KindThreatActor, "actor:turla"},
	{"Snake", model.KindMalware, "malware:snake"},
	{"Volt Typhoon", model.KindThreatActor, "actor:volt-typhoon"},
	{"Lazy", model.KindThreatActor, "actor:lazy"},
	{"Winnti", model.KindThreatActor, "actor:winnti"},
	{"Winnti", model.KindMalware, "malware:winnti"},
	{"LockBit", model.KindMalware, "malware:lockbit"},
	{"LockBit 3.0", model.KindMalware, "malware:lockbit"},
	{"Cobalt Strike", model.KindTool, "tool:cobalt-strike"},
	{"PlugX", model.KindMalware, "malware:plugx"},
	{"njRAT", model.KindMalware, "malware:njrat"},
	{"emotet", model.KindMalware, "malware:emotet"},
	{"Storm-0558", model.KindThreatActor, "actor:storm-0558"},
	{"UNC5221", model.KindThreatActor, "actor:unc5221"},
	{"Play", model.KindMalware, "malware:play"},
	{"Microsoft", model.KindOrganization, "org:microsoft"},
}

func testGazetteer() *Gazetteer { return NewGazetteer(testEntries) }
