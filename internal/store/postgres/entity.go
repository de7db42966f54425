package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// entityRow is an entity with its list fields encoded as JSON.
type entityRow struct {
	model.Entity
	externalIDs, aliases string
}

// encodeEntities encodes entities and merges repeated keys the way saving
// them one after another would (later kind and name win, later non-empty
// lists and country win), returning them sorted by key so concurrent saves
// lock entity rows in the same order.
func encodeEntities(entities []model.Entity) ([]entityRow, error) {
	byKey := make(map[string]int, len(entities))
	var rows []entityRow
	for i, e := range entities {
		ext, err := marshalList(e.ExternalIDs)
		if err != nil {
			return nil, fmt.Errorf("%w: Entities[%d].ExternalIDs: %w", store.ErrInvalid, i, err)
		}
		aliases, err := marshalList(e.Aliases)
		if err != nil {
			return nil, fmt.Errorf("%w: Entities[%d].Aliases: %w", store.ErrInvalid, i, err)
		}
		row := entityRow{Entity: e, externalIDs: ext, aliases: aliases}
		j, seen := byKey[e.Key]
		if !seen {
			byKey[e.Key] = len(rows)
			rows = append(rows, row)
			continue
		}
		prev := rows[j]
		if row.Country == "" {
			row.Country = prev.Country
		}
		if row.externalIDs == "[]" {
			row.externalIDs = prev.externalIDs
		}
		if row.aliases == "[]" {
			row.aliases = prev.aliases
		}
		rows[j] = row
	}
	slices.SortFunc(rows, func(x, y entityRow) int { return strings.Compare(x.Key, y.Key) })
	return rows, nil
}

// marshalList encodes a slice as JSON, nil as "[]" so emptiness has one form.
func marshalList[T any](list []T) (string, error) {
	if len(list) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(list)
	return string(b), err
}

func unmarshalList[T any](field string, data []byte) ([]T, error) {
	var list []T
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("postgres: stored %s: %w", field, err)
	}
	if len(list) == 0 {
		return nil, nil
	}
	return list, nil
}

// queueUpsertEntities inserts entities or merges them into stored ones: the later
// kind and name win, and country, external IDs and aliases win when not
// empty. A stored entity the merge would not change is left alone and not
// locked, so saves naming the same popular entity do not queue behind each
// other; the update that does change a row locks it until commit.
func queueUpsertEntities(b *pgx.Batch, rows []entityRow) {
	if len(rows) == 0 {
		return
	}
	n := len(rows)
	keys, kinds, names, countries := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	ext, aliases := make([]string, n), make([]string, n)
	for i, e := range rows {
		keys[i], kinds[i], names[i], countries[i] = e.Key, string(e.Kind), e.Name, e.Country
		ext[i], aliases[i] = e.externalIDs, e.aliases
	}
	// New keys: inserting waits for a concurrent insert of the same key to
	// finish, then does nothing and lets the update below merge.
	b.Queue(`INSERT INTO entities (key, kind, name, country, external_ids, aliases)
		SELECT u.key, u.kind, u.name, u.country, u.ext::jsonb, u.aliases::jsonb
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
			WITH ORDINALITY AS u(key, kind, name, country, ext, aliases, ord)
		ORDER BY u.ord
		ON CONFLICT (key) DO NOTHING`, keys, kinds, names, countries, ext, aliases)
	// The merge reads the stored row in the SET and WHERE clauses, which
	// PostgreSQL re-evaluates against the latest version of a row another
	// transaction changed meanwhile, so a concurrent update is merged into,
	// never overwritten with stale values.
	b.Queue(`WITH u AS (
			SELECT u.key, u.kind, u.name, u.country, u.ext::jsonb AS ext, u.aliases::jsonb AS aliases
			FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
				AS u(key, kind, name, country, ext, aliases)
		)
		UPDATE entities e SET kind = u.kind, name = u.name,
			country = CASE WHEN u.country <> '' THEN u.country ELSE e.country END,
			external_ids = CASE WHEN u.ext <> '[]'::jsonb THEN u.ext ELSE e.external_ids END,
			aliases = CASE WHEN u.aliases <> '[]'::jsonb THEN u.aliases ELSE e.aliases END
		FROM u
		WHERE e.key = u.key
			AND (e.kind, e.name, e.country, e.external_ids, e.aliases) IS DISTINCT FROM (u.kind, u.name,
				CASE WHEN u.country <> '' THEN u.country ELSE e.country END,
				CASE WHEN u.ext <> '[]'::jsonb THEN u.ext ELSE e.external_ids END,
				CASE WHEN u.aliases <> '[]'::jsonb THEN u.aliases ELSE e.aliases END)`,
		keys, kinds, names, countries, ext, aliases)
}

// checkEntityRefs makes sure every entity key a mention, role or alias
// refers to is either among a.Entities or already stored, so a dangling
// reference is reported by field rather than as a foreign-key failure.
func checkEntityRefs(ctx context.Context, tx pgx.Tx, a *model.Analysis) error {
	known := make(map[string]bool, len(a.Entities))
	for _, e := range a.Entities {
		known[e.Key] = true
	}
	type ref struct{ field, key string }
	var refs []ref
	for i, m := range a.Mentions {
		refs = append(refs, ref{fmt.Sprintf("Mentions[%d].EntityKey", i), m.EntityKey})
	}
	for i, c := range a.Claims {
		for j, r := range c.Roles {
			refs = append(refs, ref{fmt.Sprintf("Claims[%d].Roles[%d].EntityKey", i, j), r.EntityKey})
		}
	}
	for i, al := range a.Aliases {
		refs = append(refs, ref{fmt.Sprintf("Aliases[%d].EntityKey", i), al.EntityKey})
	}
	var unknown []string
	for _, r := range refs {
		if r.key != "" && !known[r.key] && !slices.Contains(unknown, r.key) {
			unknown = append(unknown, r.key)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, `SELECT key FROM entities WHERE key = ANY($1)`, unknown)
	if err != nil {
		return wrapErr("save analysis: entity references", err)
	}
	stored, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return wrapErr("save analysis: entity references", err)
	}
	for _, k := range stored {
		known[k] = true
	}
	for _, r := range refs {
		if r.key != "" && !known[r.key] {
			return fmt.Errorf("postgres: save analysis: %w: %s: entity %q is neither in Entities nor stored",
				store.ErrInvalid, r.field, r.key)
		}
	}
	return nil
}

// queueMentions adds the insert of an article's mentions, with the IDs
// allocated for them, to b.
func queueMentions(b *pgx.Batch, articleID int64, mentions []model.Mention, ids []int64) {
	if len(mentions) == 0 {
		return
	}
	n := len(mentions)
	keys, kinds, texts := make([]pgtype.Text, n), make([]string, n), make([]string, n)
	spanStart, spanEnd, sentStart, sentEnd := make([]int32, n), make([]int32, n), make([]int32, n), make([]int32, n)
	for i, m := range mentions {
		keys[i], kinds[i], texts[i] = nullText(m.EntityKey), string(m.Kind), m.Text
		spanStart[i], spanEnd[i] = int32(m.Span.Start), int32(m.Span.End)
		sentStart[i], sentEnd[i] = int32(m.Sentence.Start), int32(m.Sentence.End)
	}
	b.Queue(`INSERT INTO mentions (id, article_id, entity_key, kind, text,
			span_start, span_end, sentence_start, sentence_end)
		SELECT u.id, $1, u.key, u.kind, u.text, u.ss, u.se, u.ts, u.te
		FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[])
			AS u(id, key, kind, text, ss, se, ts, te)`,
		articleID, ids, keys, kinds, texts, spanStart, spanEnd, sentStart, sentEnd)
}

func articleMentions(ctx context.Context, q querier, articleID int64) ([]model.Mention, error) {
	rows, err := q.Query(ctx, `SELECT id, article_id, entity_key, kind, text,
		span_start, span_end, sentence_start, sentence_end
		FROM mentions WHERE article_id = $1 ORDER BY span_start, span_end, id`, articleID)
	if err != nil {
		return nil, wrapErr("mentions", err)
	}
	defer rows.Close()
	var out []model.Mention
	for rows.Next() {
		var m model.Mention
		var key pgtype.Text
		if err := rows.Scan(&m.ID, &m.ArticleID, &key, &m.Kind, &m.Text,
			&m.Span.Start, &m.Span.End, &m.Sentence.Start, &m.Sentence.End); err != nil {
			return nil, wrapErr("mentions", err)
		}
		m.EntityKey = key.String
		out = append(out, m)
	}
	return out, wrapErr("mentions", rows.Err())
}

const entityColumns = `e.key, e.kind, e.name, e.country, e.external_ids, e.aliases`

func scanEntity(row pgx.Row, extra ...any) (model.Entity, error) {
	var e model.Entity
	var ext, aliases []byte
	if err := row.Scan(append([]any{&e.Key, &e.Kind, &e.Name, &e.Country, &ext, &aliases}, extra...)...); err != nil {
		return model.Entity{}, err
	}
	var err error
	if e.ExternalIDs, err = unmarshalList[model.ExternalID]("entity "+e.Key+" external IDs", ext); err != nil {
		return model.Entity{}, err
	}
	if e.Aliases, err = unmarshalList[model.Alias]("entity "+e.Key+" aliases", aliases); err != nil {
		return model.Entity{}, err
	}
	return e, nil
}

// articleEntities returns the entities an article's mentions, claim roles
// and learned aliases refer to, ordered by key.
func articleEntities(ctx context.Context, q querier, articleID int64) ([]model.Entity, error) {
	rows, err := q.Query(ctx, `SELECT `+entityColumns+` FROM entities e WHERE e.key IN (
			SELECT entity_key FROM mentions WHERE article_id = $1
			UNION SELECT r.entity_key FROM claim_roles r JOIN claims c ON c.id = r.claim_id WHERE c.article_id = $1
			UNION SELECT entity_key FROM aliases WHERE article_id = $1)
		ORDER BY e.key`, articleID)
	if err != nil {
		return nil, wrapErr("entities", err)
	}
	defer rows.Close()
	var out []model.Entity
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			return nil, wrapErr("entities", err)
		}
		out = append(out, e)
	}
	return out, wrapErr("entities", rows.Err())
}

// Entity returns one stored entity by key, or store.ErrNotFound.
func (s *Store) Entity(ctx context.Context, key string) (model.Entity, error) {
	e, err := scanEntity(s.pool.QueryRow(ctx, `SELECT `+entityColumns+` FROM entities e WHERE e.key = $1`, key))
	if err != nil {
		return model.Entity{}, wrapErr(fmt.Sprintf("entity %q", key), err)
	}
	return e, nil
}

// ListEntities returns stored entities with their mention and article
// counts, most articles first, ties by name. The counts are the entities'
// counters, kept by SaveAnalysis (see queueCounters), so a listing reads only
// the entities it returns. Entities no mention names (left over after an
// article changed, or named only in claim roles) are listed with zero
// counts.
func (s *Store) ListEntities(ctx context.Context, f store.EntityFilter) ([]store.EntitySummary, error) {
	limit, err := store.EffectiveLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: list entities: %w", err)
	}
	var w where
	if f.Kind != "" {
		w.add("e.kind = ?", string(f.Kind))
	}
	// The counters SaveAnalysis keeps, read in the order of entities_rank
	// or entities_kind_rank.
	query := `SELECT ` + entityColumns + `, e.mention_count, e.article_count, e.last_seen
		FROM entities e` + w.String() + `
		ORDER BY e.article_count DESC, e.name, e.key
		LIMIT ` + w.next(limit)
	rows, err := s.pool.Query(ctx, query, w.args...)
	if err != nil {
		return nil, wrapErr("list entities", err)
	}
	defer rows.Close()
	var out []store.EntitySummary
	for rows.Next() {
		var sum store.EntitySummary
		var mentions, articles int64
		var last pgtype.Timestamptz
		if sum.Entity, err = scanEntity(rows, &mentions, &articles, &last); err != nil {
			return nil, wrapErr("list entities", err)
		}
		sum.Mentions, sum.Articles, sum.LastSeen = int(mentions), int(articles), decodeTime(last)
		out = append(out, sum)
	}
	return out, wrapErr("list entities", rows.Err())
}

// queueMentionCounts reads a stored article's resolved mentions by entity
// key; readMentionCounts reads the answer.
func queueMentionCounts(b *pgx.Batch, articleID int64) {
	b.Queue(`SELECT entity_key, count(*) FROM mentions
		WHERE article_id = $1 AND entity_key IS NOT NULL GROUP BY entity_key`, articleID)
}

func readMentionCounts(br pgx.BatchResults) (map[string]int, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, wrapErr("save analysis: old mentions", err)
	}
	defer rows.Close()
	out := make(map[string]int)
	for rows.Next() {
		var key string
		var n int64
		if err := rows.Scan(&key, &n); err != nil {
			return nil, wrapErr("save analysis: old mentions", err)
		}
		out[key] = int(n)
	}
	return out, wrapErr("save analysis: old mentions", rows.Err())
}

// queueCounters moves the entities' counters from what the replaced version
// of an article contributed (old mentions by key and its publication date;
// none for a new article) to what mentions, published at published,
// contribute. It is queued after the new mentions and the article row, so a
// recount of last seen sees the article as saved. Rows are updated in key
// order; each recount runs after its row is locked by the update, in a
// statement of its own, so under READ COMMITTED it sees every save that
// changed the row before.
func queueCounters(b *pgx.Batch, old map[string]int, oldPublished pgtype.Timestamptz,
	mentions []model.Mention, published pgtype.Timestamptz) {
	changes := store.CounterChanges(old, decodeTime(oldPublished), store.MentionCounts(mentions), decodeTime(published))
	for _, c := range changes {
		raise := pgtype.Timestamptz{}
		if c.Raise {
			raise = published
		}
		b.Queue(`UPDATE entities SET mention_count = mention_count + $2, article_count = article_count + $3,
			last_seen = greatest(last_seen, $4::timestamptz) WHERE key = $1`,
			c.Key, c.Mentions, c.Articles, raise)
	}
	for _, c := range changes {
		if c.Recount {
			// Only when the replaced version was the latest does last seen move.
			b.Queue(`UPDATE entities SET last_seen = (
					SELECT max(a.published_at) FROM mentions m JOIN articles a ON a.id = m.article_id
					WHERE m.entity_key = $1)
				WHERE key = $1 AND last_seen = $2`, c.Key, oldPublished)
		}
	}
}
