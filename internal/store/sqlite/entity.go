package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// entityRow is an entity with its list fields encoded as JSON.
type entityRow struct {
	model.Entity
	externalIDs, aliases string
}

func encodeEntities(entities []model.Entity) ([]entityRow, error) {
	rows := make([]entityRow, len(entities))
	for i, e := range entities {
		ext, err := marshalList(e.ExternalIDs)
		if err != nil {
			return nil, fmt.Errorf("%w: Entities[%d].ExternalIDs: %w", store.ErrInvalid, i, err)
		}
		aliases, err := marshalList(e.Aliases)
		if err != nil {
			return nil, fmt.Errorf("%w: Entities[%d].Aliases: %w", store.ErrInvalid, i, err)
		}
		rows[i] = entityRow{Entity: e, externalIDs: ext, aliases: aliases}
	}
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

func unmarshalList[T any](field, data string) ([]T, error) {
	var list []T
	if err := json.Unmarshal([]byte(data), &list); err != nil {
		return nil, fmt.Errorf("sqlite: stored %s: %w", field, err)
	}
	if len(list) == 0 {
		return nil, nil
	}
	return list, nil
}

// upsertEntities inserts entities or merges them into stored ones: the later
// kind and name win, and country, external IDs and aliases win when not empty.
// A stored entity the merge would not change is not rewritten, which spares
// its row and indexes on the many saves that name a known entity.
func upsertEntities(ctx context.Context, tx *sql.Tx, rows []entityRow) error {
	if len(rows) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO entities (key, kind, name, country, external_ids, aliases)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET
			kind = excluded.kind,
			name = excluded.name,
			country = CASE WHEN excluded.country <> '' THEN excluded.country ELSE entities.country END,
			external_ids = CASE WHEN excluded.external_ids <> '[]' THEN excluded.external_ids ELSE entities.external_ids END,
			aliases = CASE WHEN excluded.aliases <> '[]' THEN excluded.aliases ELSE entities.aliases END
		WHERE entities.kind IS NOT excluded.kind OR entities.name IS NOT excluded.name
			OR (excluded.country <> '' AND entities.country IS NOT excluded.country)
			OR (excluded.external_ids <> '[]' AND entities.external_ids IS NOT excluded.external_ids)
			OR (excluded.aliases <> '[]' AND entities.aliases IS NOT excluded.aliases)`)
	if err != nil {
		return wrapErr("save analysis: entities", err)
	}
	defer stmt.Close()
	for _, e := range rows {
		if _, err := stmt.ExecContext(ctx, e.Key, e.Kind, e.Name, e.Country, e.externalIDs, e.aliases); err != nil {
			return wrapErr(fmt.Sprintf("save analysis: entity %q", e.Key), err)
		}
	}
	return nil
}

// checkEntityRefs makes sure every entity key a mention, role or alias
// refers to is either among a.Entities or already stored, so a dangling
// reference is reported by field rather than as a foreign-key failure.
func checkEntityRefs(ctx context.Context, tx *sql.Tx, a *model.Analysis) error {
	known := make(map[string]bool, len(a.Entities))
	for _, e := range a.Entities {
		known[e.Key] = true
	}
	check := func(field, key string) error {
		if key == "" || known[key] {
			return nil
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM entities WHERE key = ?`, key).Scan(&n); err != nil {
			return wrapErr("save analysis: entity references", err)
		}
		if n == 0 {
			return fmt.Errorf("sqlite: save analysis: %w: %s: entity %q is neither in Entities nor stored",
				store.ErrInvalid, field, key)
		}
		known[key] = true
		return nil
	}
	for i, m := range a.Mentions {
		if err := check(fmt.Sprintf("Mentions[%d].EntityKey", i), m.EntityKey); err != nil {
			return err
		}
	}
	for i, c := range a.Claims {
		for j, r := range c.Roles {
			if err := check(fmt.Sprintf("Claims[%d].Roles[%d].EntityKey", i, j), r.EntityKey); err != nil {
				return err
			}
		}
	}
	for i, al := range a.Aliases {
		if err := check(fmt.Sprintf("Aliases[%d].EntityKey", i), al.EntityKey); err != nil {
			return err
		}
	}
	return nil
}

func insertMentions(ctx context.Context, tx *sql.Tx, articleID int64, mentions []model.Mention) ([]int64, error) {
	if len(mentions) == 0 {
		return nil, nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO mentions (article_id, entity_key, kind, text,
		span_start, span_end, sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, wrapErr("save analysis: mentions", err)
	}
	defer stmt.Close()
	ids := make([]int64, len(mentions))
	for i, m := range mentions {
		res, err := stmt.ExecContext(ctx, articleID, nullIfEmpty(m.EntityKey), m.Kind, m.Text,
			m.Span.Start, m.Span.End, m.Sentence.Start, m.Sentence.End)
		if err == nil {
			ids[i], err = res.LastInsertId()
		}
		if err != nil {
			return nil, wrapErr(fmt.Sprintf("save analysis: Mentions[%d]", i), err)
		}
	}
	return ids, nil
}

func articleMentions(ctx context.Context, q querier, articleID int64) ([]model.Mention, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, article_id, entity_key, kind, text,
		span_start, span_end, sentence_start, sentence_end
		FROM mentions WHERE article_id = ? ORDER BY span_start, span_end, id`, articleID)
	if err != nil {
		return nil, wrapErr("mentions", err)
	}
	defer rows.Close()
	var out []model.Mention
	for rows.Next() {
		var m model.Mention
		var key sql.NullString
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

func scanEntity(sc scanner, extra ...any) (model.Entity, error) {
	var e model.Entity
	var ext, aliases string
	if err := sc.Scan(append([]any{&e.Key, &e.Kind, &e.Name, &e.Country, &ext, &aliases}, extra...)...); err != nil {
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
	rows, err := q.QueryContext(ctx, `SELECT `+entityColumns+` FROM entities e WHERE e.key IN (
			SELECT entity_key FROM mentions WHERE article_id = ?1
			UNION SELECT r.entity_key FROM claim_roles r JOIN claims c ON c.id = r.claim_id WHERE c.article_id = ?1
			UNION SELECT entity_key FROM aliases WHERE article_id = ?1)
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
	e, err := scanEntity(s.reader.QueryRowContext(ctx, `SELECT `+entityColumns+` FROM entities e WHERE e.key = ?`, key))
	if err != nil {
		return model.Entity{}, wrapErr(fmt.Sprintf("entity %q", key), err)
	}
	return e, nil
}

// ListEntities returns stored entities with their mention and article
// counts, most articles first, ties by name. The counts are the entities'
// counters, kept by SaveAnalysis (see updateCounters), so a listing reads only
// the entities it returns. Entities no mention names (left over after an
// article changed, or named only in claim roles) are listed with zero
// counts.
func (s *Store) ListEntities(ctx context.Context, f store.EntityFilter) ([]store.EntitySummary, error) {
	limit, err := store.EffectiveLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list entities: %w", err)
	}
	var w where
	if f.Kind != "" {
		w.add("e.kind = ?", f.Kind)
	}
	// The counters SaveAnalysis keeps, read in the order of entities_rank
	// or entities_kind_rank.
	rows, err := s.reader.QueryContext(ctx, `SELECT `+entityColumns+`,
			e.mention_count, e.article_count, e.last_seen
		FROM entities e`+w.String()+`
		ORDER BY e.article_count DESC, e.name, e.key
		LIMIT ?`, append(w.args, limit)...)
	if err != nil {
		return nil, wrapErr("list entities", err)
	}
	defer rows.Close()
	var out []store.EntitySummary
	for rows.Next() {
		var sum store.EntitySummary
		var last sql.NullString
		if sum.Entity, err = scanEntity(rows, &sum.Mentions, &sum.Articles, &last); err != nil {
			return nil, wrapErr("list entities", err)
		}
		if sum.LastSeen, err = decodeTime(last); err != nil {
			return nil, err
		}
		out = append(out, sum)
	}
	return out, wrapErr("list entities", rows.Err())
}

// mentionCounts counts a stored article's resolved mentions by entity key.
func mentionCounts(ctx context.Context, tx *sql.Tx, articleID int64) (map[string]int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT entity_key, count(*) FROM mentions
		WHERE article_id = ? AND entity_key IS NOT NULL GROUP BY entity_key`, articleID)
	if err != nil {
		return nil, wrapErr("save analysis: old mentions", err)
	}
	defer rows.Close()
	out := make(map[string]int)
	for rows.Next() {
		var key string
		var n int
		if err := rows.Scan(&key, &n); err != nil {
			return nil, wrapErr("save analysis: old mentions", err)
		}
		out[key] = n
	}
	return out, wrapErr("save analysis: old mentions", rows.Err())
}

// updateCounters moves the entities' counters from what the replaced
// version of an article contributed (old mentions by key and its publication
// date; none for a new article) to what mentions, published at published,
// contribute. It runs after the new mentions are inserted and the article
// row updated, so a recount of last seen sees the article as saved.
func updateCounters(ctx context.Context, tx *sql.Tx, old map[string]int, oldPublished sql.NullString,
	mentions []model.Mention, published any) error {
	oldTime, err := decodeTime(oldPublished)
	if err != nil {
		return err
	}
	var newTime time.Time
	if published != nil {
		if newTime, err = decodeTime(sql.NullString{String: published.(string), Valid: true}); err != nil {
			return err
		}
	}
	changes := store.CounterChanges(old, oldTime, store.MentionCounts(mentions), newTime)
	if len(changes) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE entities SET mention_count = mention_count + ?1,
			article_count = article_count + ?2,
			last_seen = CASE WHEN ?3 IS NOT NULL AND (last_seen IS NULL OR last_seen < ?3) THEN ?3 ELSE last_seen END
		WHERE key = ?4`)
	if err != nil {
		return wrapErr("save analysis: counters", err)
	}
	defer stmt.Close()
	for _, c := range changes {
		var raise any
		if c.Raise {
			raise = published
		}
		if _, err := stmt.ExecContext(ctx, c.Mentions, c.Articles, raise, c.Key); err != nil {
			return wrapErr(fmt.Sprintf("save analysis: counters of %q", c.Key), err)
		}
	}
	for _, c := range changes {
		if !c.Recount {
			continue
		}
		// Only when the replaced version was the latest does last seen move.
		if _, err := tx.ExecContext(ctx, `UPDATE entities SET last_seen = (
				SELECT max(a.published_at) FROM mentions m JOIN articles a ON a.id = m.article_id
				WHERE m.entity_key = ?1)
			WHERE key = ?1 AND last_seen = ?2`, c.Key, oldPublished.String); err != nil {
			return wrapErr(fmt.Sprintf("save analysis: last seen of %q", c.Key), err)
		}
	}
	return nil
}
