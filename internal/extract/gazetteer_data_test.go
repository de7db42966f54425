package extract

import "github.com/winnow-cti/winnow/internal/model"

// testEntries is a small knowledge base in the shape of the real one: each
// entity under its key, with its aliases as further entries.
var testEntries = []Entry{
	{Name: "APT31", Kind: model.KindThreatActor, Key: "actor:apt31"},
	{Name: "Judgment Panda", Kind: model.KindThreatActor, Key: "actor:apt31"},
	{Name: "Zirconium", Kind: model.KindThreatActor, Key: "actor:apt31"},
	{Name: "Violet Typhoon", Kind: model.KindThreatActor, Key: "actor:apt31"},
	{Name: "Bronze Vinewood", Kind: model.KindThreatActor, Key: "actor:apt31"},
	{Name: "TA412", Kind: model.KindThreatActor, Key: "actor:apt31"},
	{Name: "APT30", Kind: model.KindThreatActor, Key: "actor:apt30"},
	{Name: "APT28", Kind: model.KindThreatActor, Key: "actor:apt28"},
	{Name: "Fancy Bear", Kind: model.KindThreatActor, Key: "actor:apt28"},
	{Name: "Forest Blizzard", Kind: model.KindThreatActor, Key: "actor:apt28"},
	{Name: "Sandworm", Kind: model.KindThreatActor, Key: "actor:sandworm"},
	{Name: "Sandworm Team", Kind: model.KindThreatActor, Key: "actor:sandworm"},
	{Name: "Lazarus Group", Kind: model.KindThreatActor, Key: "actor:lazarus"},
	{Name: "Lazarus", Kind: model.KindThreatActor, Key: "actor:lazarus"},
	{Name: "Hidden Cobra", Kind: model.KindThreatActor, Key: "actor:lazarus"},
	{Name: "Turla", Kind: model.KindThreatActor, Key: "actor:turla"},
	{Name: "Snake", Kind: model.KindMalware, Key: "malware:snake"},
	{Name: "Volt Typhoon", Kind: model.KindThreatActor, Key: "actor:volt-typhoon"},
	{Name: "Lazy", Kind: model.KindThreatActor, Key: "actor:lazy"},
	{Name: "Winnti", Kind: model.KindThreatActor, Key: "actor:winnti"},
	{Name: "Winnti", Kind: model.KindMalware, Key: "malware:winnti"},
	{Name: "LockBit", Kind: model.KindMalware, Key: "malware:lockbit"},
	{Name: "LockBit 3.0", Kind: model.KindMalware, Key: "malware:lockbit"},
	{Name: "Cobalt Strike", Kind: model.KindTool, Key: "tool:cobalt-strike"},
	{Name: "PlugX", Kind: model.KindMalware, Key: "malware:plugx"},
	{Name: "njRAT", Kind: model.KindMalware, Key: "malware:njrat"},
	{Name: "emotet", Kind: model.KindMalware, Key: "malware:emotet"},
	{Name: "Storm-0558", Kind: model.KindThreatActor, Key: "actor:storm-0558"},
	{Name: "UNC5221", Kind: model.KindThreatActor, Key: "actor:unc5221"},
	{Name: "Play", Kind: model.KindMalware, Key: "malware:play"},
	{Name: "Microsoft", Kind: model.KindOrganization, Key: "org:microsoft"},
}

func testGazetteer() *Gazetteer { return NewGazetteer(testEntries) }
