package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// foldName is the case-insensitive form of an alias name. Go lower-cases
// all of Unicode, where SQLite's NOCASE knows only ASCII.
func foldName(name string) string { return strings.ToLower(name) }

// aliasIdentity is what makes a re-learned alias "the same" as a stored one.
type aliasIdentity struct {
	entityKey, nameFold string
	relation            model.AliasRelation
}

// reviewedAliases returns the analyst-set statuses of an article's learned
// aliases, so saving the article again does not undo a review.
func reviewedAliases(ctx context.Context, tx *sql.Tx, articleID int64) (map[aliasIdentity]model.AliasStatus, error) {
	rows, err := tx.QueryContext(ctx, `SELECT entity_key, name_fold, relation, status FROM aliases
		WHERE article_id = ? AND status IN (?, ?)`, articleID, model.AliasConfirmed, model.AliasRejected)
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

// insertAliases stores learned aliases and returns their IDs and the status
// each was stored with: "learned" when unset, or an earlier review's verdict.
func insertAliases(ctx context.Context, tx *sql.Tx, articleID int64, aliases []model.Alias,
	reviewed map[aliasIdentity]model.AliasStatus) ([]int64, []model.AliasStatus, error) {
	if len(aliases) == 0 {
		return nil, nil, nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO aliases (article_id, entity_key, name, name_fold,
		relation, status, sources, claimant, evidence_start, evidence_end, confidence)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, nil, wrapErr("save analysis: aliases", err)
	}
	defer stmt.Close()
	ids := make([]int64, len(aliases))
	statuses := make([]model.AliasStatus, len(aliases))
	for i, al := range aliases {
		field := fmt.Sprintf("Aliases[%d]", i)
		status := al.Status
		if status == "" || status == model.AliasLearned {
			status = model.AliasLearned
			if prior, ok := reviewed[aliasIdentity{al.EntityKey, foldName(al.Name), al.Relation}]; ok {
				status = prior
			}
		}
		sources, err := marshalList(al.Sources)
		if err != nil {
			return nil, nil, fmt.Errorf("sqlite: save analysis: %w: %s.Sources: %w", store.ErrInvalid, field, err)
		}
		res, err := stmt.ExecContext(ctx, articleID, al.EntityKey, al.Name, foldName(al.Name), al.Relation,
			status, sources, al.Claimant, al.Evidence.Start, al.Evidence.End, al.Confidence)
		if err == nil {
			ids[i], err = res.LastInsertId()
		}
		if err != nil {
			return nil, nil, wrapErr("save analysis: "+field, err)
		}
		statuses[i] = status
	}
	return ids, statuses, nil
}

// queryAliases selects learned aliases with a WHERE/ORDER BY tail.
func queryAliases(ctx context.Context, q querier, tail string, args ...any) ([]model.Alias, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, article_id, entity_key, name, relation, status, sources,
		claimant, evidence_start, evidence_end, confidence FROM aliases`+tail, args...)
	if err != nil {
		return nil, wrapErr("aliases", err)
	}
	defer rows.Close()
	var out []model.Alias
	for rows.Next() {
		var al model.Alias
		var sources string
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
		return nil, fmt.Errorf("sqlite: list aliases: %w", err)
	}
	var w where
	if f.EntityKey != "" {
		w.add("entity_key = ?", f.EntityKey)
	}
	if f.Name != "" {
		w.add("name_fold = ?", foldName(f.Name))
	}
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	return queryAliases(ctx, s.reader, w.String()+` ORDER BY id LIMIT ?`, append(w.args, limit)...)
}

// SetAliasStatus records an analyst's verdict on a learned alias, or returns
// store.ErrNotFound.
func (s *Store) SetAliasStatus(ctx context.Context, id int64, status model.AliasStatus) error {
	if !store.ValidAliasStatus(status) {
		return fmt.Errorf("sqlite: set alias status: %w: unknown status %q", store.ErrInvalid, status)
	}
	res, err := s.writer.ExecContext(ctx, `UPDATE aliases SET status = ? WHERE id = ?`, status, id)
	if err != nil {
		return wrapErr("set alias status", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrapErr("set alias status", err)
	}
	if n == 0 {
		return fmt.Errorf("sqlite: set alias status: alias %d: %w", id, store.ErrNotFound)
	}
	return nil
}
