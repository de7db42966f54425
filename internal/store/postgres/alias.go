package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// foldName is the case-insensitive form of an alias name, folded in Go so
// both backends agree whatever the database's locale.
func foldName(name string) string { return strings.ToLower(name) }

// aliasIdentity is what makes a re-learned alias "the same" as a stored one.
type aliasIdentity struct {
	entityKey, nameFold string
	relation            model.AliasRelation
}

// queueReviewedAliases reads the analyst-set statuses of an article's
// learned aliases, so saving the article again does not undo a review.
func queueReviewedAliases(b *pgx.Batch, articleID int64) {
	b.Queue(`SELECT entity_key, name_fold, relation, status FROM aliases
		WHERE article_id = $1 AND status IN ($2, $3)`, articleID, string(model.AliasConfirmed), string(model.AliasRejected))
}

func readReviewedAliases(br pgx.BatchResults) (map[aliasIdentity]model.AliasStatus, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, wrapErr("save analysis: reviewed aliases", err)
	}
	defer rows.Close()
	reviewed := make(map[aliasIdentity]model.AliasStatus)
	for rows.Next() {
		var id aliasIdentity
		var status model.AliasStatus
		if err := rows.Scan(&id.entityKey, &id.nameFold, &id.relation, &status); err != nil {
			return nil, wrapErr("save analysis: reviewed aliases", err)
		}
		reviewed[id] = status
	}
	return reviewed, wrapErr("save analysis: reviewed aliases", rows.Err())
}

// aliasStatuses returns the status each learned alias is stored with:
// "learned" when unset, or an earlier review's verdict.
func aliasStatuses(aliases []model.Alias, reviewed map[aliasIdentity]model.AliasStatus) []model.AliasStatus {
	out := make([]model.AliasStatus, len(aliases))
	for i, al := range aliases {
		status := al.Status
		if status == "" || status == model.AliasLearned {
			status = model.AliasLearned
			if prior, ok := reviewed[aliasIdentity{al.EntityKey, foldName(al.Name), al.Relation}]; ok {
				status = prior
			}
		}
		out[i] = status
	}
	return out
}

// queueAliases adds the insert of an article's learned aliases to b.
func queueAliases(b *pgx.Batch, articleID int64, aliases []model.Alias, ids []int64,
	statuses []model.AliasStatus, sources []string) {
	if len(aliases) == 0 {
		return
	}
	n := len(aliases)
	keys, names, folds, relations, stats, claimants := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	evStart, evEnd := make([]int32, n), make([]int32, n)
	conf := make([]float64, n)
	for i, al := range aliases {
		keys[i], names[i], folds[i], relations[i] = al.EntityKey, al.Name, foldName(al.Name), string(al.Relation)
		stats[i], claimants[i] = string(statuses[i]), al.Claimant
		evStart[i], evEnd[i], conf[i] = int32(al.Evidence.Start), int32(al.Evidence.End), al.Confidence
	}
	b.Queue(`INSERT INTO aliases (id, article_id, entity_key, name, name_fold, relation, status, sources,
			claimant, evidence_start, evidence_end, confidence)
		SELECT u.id, $1, u.key, u.name, u.fold, u.relation, u.status, u.sources::jsonb,
			u.claimant, u.es, u.ee, u.confidence
		FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
			$9::text[], $10::int[], $11::int[], $12::float8[])
			AS u(id, key, name, fold, relation, status, sources, claimant, es, ee, confidence)`,
		articleID, ids, keys, names, folds, relations, stats, sources, claimants, evStart, evEnd, conf)
}

// queryAliases selects learned aliases with a WHERE/ORDER BY tail.
func queryAliases(ctx context.Context, q querier, tail string, args ...any) ([]model.Alias, error) {
	rows, err := q.Query(ctx, `SELECT id, article_id, entity_key, name, relation, status, sources,
		claimant, evidence_start, evidence_end, confidence FROM aliases`+tail, args...)
	if err != nil {
		return nil, wrapErr("aliases", err)
	}
	defer rows.Close()
	var out []model.Alias
	for rows.Next() {
		var al model.Alias
		var sources []byte
		if err := rows.Scan(&al.ID, &al.ArticleID, &al.EntityKey, &al.Name, &al.Relation, &al.Status, &sources,
			&al.Claimant, &al.Evidence.Start, &al.Evidence.End, &al.Confidence); err != nil {
			return nil, wrapErr("aliases", err)
		}
		if al.Sources, err = unmarshalList[string]("alias sources", sources); err != nil {
			return nil, err
		}
		out = append(out, al)
	}
	return out, wrapErr("aliases", rows.Err())
}

// ListAliases returns learned aliases matching f in the order they were
// stored. Name matches case-insensitively.
func (s *Store) ListAliases(ctx context.Context, f store.AliasFilter) ([]model.Alias, error) {
	limit, err := store.EffectiveLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: list aliases: %w", err)
	}
	var w where
	if f.EntityKey != "" {
		w.add("entity_key = ?", f.EntityKey)
	}
	if f.Name != "" {
		w.add("name_fold = ?", foldName(f.Name))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	return queryAliases(ctx, s.pool, w.String()+` ORDER BY id LIMIT `+w.next(limit), w.args...)
}

// SetAliasStatus records an analyst's verdict on a learned alias, or returns
// store.ErrNotFound.
func (s *Store) SetAliasStatus(ctx context.Context, id int64, status model.AliasStatus) error {
	if !store.ValidAliasStatus(status) {
		return fmt.Errorf("postgres: set alias status: %w: unknown status %q", store.ErrInvalid, status)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE aliases SET status = $1 WHERE id = $2`, string(status), id)
	if err != nil {
		return wrapErr("set alias status", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: set alias status: alias %d: %w", id, store.ErrNotFound)
	}
	return nil
}
