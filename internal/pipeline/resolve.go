package pipeline

import (
	"slices"
	"strings"

	"github.com/winnow-cti/winnow/internal/extract"
	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/resolve"
)

// resolvable are the kinds the knowledge base knows; other mentions get a
// local key from their name.
var resolvable = map[model.EntityKind]bool{
	model.KindThreatActor: true, model.KindMalware: true, model.KindTool: true,
}

// resolver links what extract found to entities, learns aliases, and fills
// the analysis.
type resolver struct {
	// base is the knowledge base without learned aliases: whether an alias is
	// news is judged against it, so re-processing an article re-asserts what
	// it taught instead of dropping it.
	base    *resolve.KB
	kb      *resolve.KB
	article *model.Analysis
	ctx     resolve.Context
	ents    map[string]model.Entity
}

func (r *resolver) resolve(found extract.Result) {
	r.ents = map[string]model.Entity{}
	r.ctx = contextOf(found.Mentions)

	r.learnAliases(found)

	mentions := make([]model.Mention, 0, len(found.Mentions))
	for _, m := range found.Mentions {
		m.EntityKey = r.keyFor(m.Text, m.Kind, m.EntityKey)
		mentions = append(mentions, m)
	}
	r.article.Mentions = mentions

	claims := make([]model.Claim, 0, len(found.Claims))
	for _, c := range found.Claims {
		for i, role := range c.Roles {
			// The mention under the role has the resolved key; a role with no
			// mention under it keeps its own key, resolved the same way.
			if key := mentionKeyAt(mentions, role.Span); key != "" {
				role.EntityKey = key
			} else if role.EntityKey != "" {
				role.EntityKey = r.keyFor(role.Text, kindOfRole(role.Role), role.EntityKey)
			}
			c.Roles[i] = role
		}
		c.Roles = dedupeRoles(c.Roles)
		if c.Claimant == "" {
			// An unattributed claim is the outlet's own assertion.
			c.Claimant = r.article.Article.Outlet
		}
		claims = append(claims, c)
	}
	r.article.Claims = claims

	for _, e := range r.ents {
		r.article.Entities = append(r.article.Entities, e)
	}
	sortEntities(r.article.Entities)
}

// contextOf collects what an article says around its names: the countries
// and entities it mentions, used to break ties between candidates.
func contextOf(mentions []model.Mention) resolve.Context {
	var ctx resolve.Context
	for _, m := range mentions {
		switch {
		case m.Kind == model.KindCountry && m.EntityKey != "":
			ctx.Countries = append(ctx.Countries, strings.TrimPrefix(m.EntityKey, "country:"))
		case m.EntityKey != "":
			ctx.CoMentioned = append(ctx.CoMentioned, m.EntityKey)
		}
	}
	return ctx
}

// keyFor returns the entity key for a name, recording the entity. Known
// names resolve through the knowledge base; others get a local key so that
// the same unknown name in two articles is one entity.
func (r *resolver) keyFor(name string, kind model.EntityKind, given string) string {
	if code, ok := strings.CutPrefix(given, "country:"); ok {
		// extract's place tables name countries by ISO code; the knowledge
		// base has them as entities.
		if e, ok := r.kb.Entity("country/" + strings.ToLower(code)); ok {
			r.addEntity(e)
			return e.Key
		}
	}
	if given != "" {
		if e, ok := r.kb.Entity(given); ok {
			r.addEntity(e)
			return given
		}
	}
	if resolvable[kind] || given != "" {
		ctx := r.ctx
		ctx.Kind = kind
		if cands := r.kb.Resolve(name, ctx); len(cands) > 0 && decisive(cands) {
			if e, ok := r.kb.Entity(cands[0].Key); ok {
				r.addEntity(e)
				return e.Key
			}
		}
	}
	if given != "" {
		// A person named again by surname keeps the full name.
		if e, ok := r.ents[given]; !ok || len(name) > len(e.Name) {
			r.ents[given] = model.Entity{Key: given, Kind: kind, Name: name}
		}
		return given
	}
	key := LocalKey(kind, name)
	if _, ok := r.ents[key]; !ok {
		r.ents[key] = model.Entity{Key: key, Kind: kind, Name: name}
	}
	return key
}

// decisive reports whether the best candidate clearly wins.
func decisive(cands []resolve.Candidate) bool {
	return len(cands) == 1 || cands[0].Score > cands[1].Score
}

func (r *resolver) addEntity(e model.Entity) {
	e.Aliases = nil // the knowledge base keeps aliases; the store keeps facts
	r.ents[e.Key] = e
}

// LocalKey is the key of an entity the knowledge base does not know.
func LocalKey(kind model.EntityKind, name string) string {
	return string(kind) + ":" + resolve.Normalize(name)
}

// learnAliases turns "X, also known as A" into aliases of X's entity. One
// side must resolve; the other becomes the learned name. Names the knowledge
// base already gives the same entity teach nothing.
func (r *resolver) learnAliases(found extract.Result) {
	seen := map[string]bool{}
	for _, as := range found.AliasAssertions {
		subjectKey := resolveOnly(r.base, as.Subject, r.ctx)
		aliasKey := resolveOnly(r.base, as.Alias, r.ctx)
		var key, name string
		switch {
		case subjectKey != "" && aliasKey == "":
			key, name = subjectKey, as.Alias
		case subjectKey == "" && aliasKey != "":
			key, name = aliasKey, as.Subject
		default:
			continue // both known (agree or conflict) or neither
		}
		dedup := key + "\x00" + strings.ToLower(name)
		if seen[dedup] {
			continue
		}
		seen[dedup] = true
		claimant := as.Claimant
		if claimant == "" {
			claimant = r.article.Article.Outlet
		}
		r.article.Aliases = append(r.article.Aliases, model.Alias{
			EntityKey:  key,
			Name:       name,
			Relation:   as.Relation,
			Status:     model.AliasLearned,
			Claimant:   claimant,
			Evidence:   as.Evidence,
			Confidence: as.Confidence,
		})
		if e, ok := r.kb.Entity(key); ok {
			r.addEntity(e)
		}
	}
	if len(r.article.Aliases) > 0 {
		r.kb = r.kb.WithLearned(r.article.Aliases)
	}
}

// resolveOnly returns the key a name decisively resolves to in kb, or "".
func resolveOnly(kb *resolve.KB, name string, ctx resolve.Context) string {
	cands := kb.Resolve(name, ctx)
	if len(cands) == 0 || !decisive(cands) {
		return ""
	}
	return cands[0].Key
}

// mentionKeyAt returns the key of the mention that covers span.
func mentionKeyAt(mentions []model.Mention, span model.Span) string {
	for _, m := range mentions {
		if m.Span.Start <= span.Start && span.End <= m.Span.End {
			return m.EntityKey
		}
	}
	for _, m := range mentions {
		if m.Span.Start < span.End && span.Start < m.Span.End {
			return m.EntityKey
		}
	}
	return ""
}

func sortEntities(es []model.Entity) {
	slices.SortFunc(es, func(a, b model.Entity) int { return strings.Compare(a.Key, b.Key) })
}

// dedupeRoles keeps the first of several roles naming the same entity in the
// same part ("Finland" and "Finnish" in one sentence are one country).
func dedupeRoles(roles []model.Role) []model.Role {
	seen := map[string]bool{}
	return slices.DeleteFunc(roles, func(r model.Role) bool {
		if r.EntityKey == "" {
			return false
		}
		k := r.Role + "\x00" + r.EntityKey
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
}

// kindOfRole guesses the kind of entity a claim role names, for roles no
// mention covers.
func kindOfRole(role string) model.EntityKind {
	switch role {
	case "actor", "subject", "alias", "overlaps":
		return model.KindThreatActor
	case "malware":
		return model.KindMalware
	case "vulnerability":
		return model.KindVulnerability
	case "country", "sponsor":
		return model.KindCountry
	case "sector":
		return model.KindSector
	}
	return model.KindOrganization
}
