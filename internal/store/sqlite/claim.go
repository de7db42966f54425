package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// claimTimes holds a claim's incident times encoded for their columns.
type claimTimes struct{ start, end any }

func encodeClaims(claims []model.Claim) ([]claimTimes, error) {
	out := make([]claimTimes, len(claims))
	for i, c := range claims {
		var err error
		if out[i].start, err = encodeTime(fmt.Sprintf("Claims[%d].TimeStart", i), c.TimeStart); err != nil {
			return nil, err
		}
		if out[i].end, err = encodeTime(fmt.Sprintf("Claims[%d].TimeEnd", i), c.TimeEnd); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// insertClaims stores claims in order, so ascending IDs keep the article's
// order, with one claim_roles row per role.
func insertClaims(ctx context.Context, tx *sql.Tx, articleID int64, claims []model.Claim, times []claimTimes) ([]int64, error) {
	if len(claims) == 0 {
		return nil, nil
	}
	claimStmt, err := tx.PrepareContext(ctx, `INSERT INTO claims (article_id, type, claimant, time_text,
		time_start, time_end, hedge, confidence, negated, evidence_start, evidence_end, evidence_text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, wrapErr("save analysis: claims", err)
	}
	defer claimStmt.Close()
	roleStmt, err := tx.PrepareContext(ctx, `INSERT INTO claim_roles (claim_id, position, role, text,
		entity_key, span_start, span_end) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, wrapErr("save analysis: claim roles", err)
	}
	defer roleStmt.Close()
	ids := make([]int64, len(claims))
	for i, c := range claims {
		res, err := claimStmt.ExecContext(ctx, articleID, c.Type, c.Claimant, c.TimeText,
			times[i].start, times[i].end, c.Hedge, c.Confidence, c.Negated,
			c.Evidence.Start, c.Evidence.End, c.EvidenceText)
		if err == nil {
			ids[i], err = res.LastInsertId()
		}
		if err != nil {
			return nil, wrapErr(fmt.Sprintf("save analysis: Claims[%d]", i), err)
		}
		for j, r := range c.Roles {
			if _, err := roleStmt.ExecContext(ctx, ids[i], j, r.Role, r.Text, nullIfEmpty(r.EntityKey),
				r.Span.Start, r.Span.End); err != nil {
				return nil, wrapErr(fmt.Sprintf("save analysis: Claims[%d].Roles[%d]", i, j), err)
			}
		}
	}
	return ids, nil
}

// claimQuery selects claims (alias c) joined to their article (alias a);
// callers append WHERE and ORDER BY.
const claimQuery = `SELECT c.id, c.article_id, c.type, c.claimant, c.time_text, c.time_start, c.time_end,
	c.hedge, c.confidence, c.negated, c.evidence_start, c.evidence_end, c.evidence_text
	FROM claims c JOIN articles a ON a.id = c.article_id`

// queryClaims runs claimQuery with tail and fills in every claim's roles.
func queryClaims(ctx context.Context, q querier, tail string, args ...any) ([]model.Claim, error) {
	rows, err := q.QueryContext(ctx, claimQuery+tail, args...)
	if err != nil {
		return nil, wrapErr("claims", err)
	}
	var out []model.Claim
	for rows.Next() {
		var c model.Claim
		var start, end sql.NullString
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.Type, &c.Claimant, &c.TimeText, &start, &end,
			&c.Hedge, &c.Confidence, &c.Negated, &c.Evidence.Start, &c.Evidence.End, &c.EvidenceText); err != nil {
			rows.Close()
			return nil, wrapErr("claims", err)
		}
		if c.TimeStart, err = decodeTime(start); err == nil {
			c.TimeEnd, err = decodeTime(end)
		}
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	// Close before loading roles: an in-memory store has a single connection.
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrapErr("claims", err)
	}
	if err := loadRoles(ctx, q, out); err != nil {
		return nil, err
	}
	return out, nil
}

// loadRoles fills in the roles of claims with one query.
func loadRoles(ctx context.Context, q querier, claims []model.Claim) error {
	if len(claims) == 0 {
		return nil
	}
	index := make(map[int64]int, len(claims))
	ids := make([]int64, len(claims))
	for i, c := range claims {
		index[c.ID] = i
		ids[i] = c.ID
	}
	idList, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("sqlite: claim roles: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT claim_id, role, text, entity_key, span_start, span_end
		FROM claim_roles WHERE claim_id IN (SELECT value FROM json_each(?))
		ORDER BY claim_id, position`, string(idList))
	if err != nil {
		return wrapErr("claim roles", err)
	}
	defer rows.Close()
	for rows.Next() {
		var claimID int64
		var r model.Role
		var key sql.NullString
		if err := rows.Scan(&claimID, &r.Role, &r.Text, &key, &r.Span.Start, &r.Span.End); err != nil {
			return wrapErr("claim roles", err)
		}
		r.EntityKey = key.String
		c := &claims[index[claimID]]
		c.Roles = append(c.Roles, r)
	}
	return wrapErr("claim roles", rows.Err())
}

// ListClaims returns claims matching f, newest article first (undated
// last), then in the order the article reports them.
func (s *Store) ListClaims(ctx context.Context, f store.ClaimFilter) ([]model.Claim, error) {
	limit, err := store.EffectiveLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list claims: %w", err)
	}
	var w where
	if len(f.EntityKeys) > 0 {
		keys, err := json.Marshal(f.EntityKeys)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list claims: %w", err)
		}
		w.add(`c.id IN (SELECT claim_id FROM claim_roles
			WHERE entity_key IN (SELECT value FROM json_each(?)))`, string(keys))
	}
	if f.Type != "" {
		w.add("c.type = ?", f.Type)
	}
	if !f.Since.IsZero() {
		since, err := encodeTime("Since", f.Since)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list claims: %w", err)
		}
		w.add("a.published_at >= ?", since)
	}
	if f.ArticleID != 0 {
		w.add("c.article_id = ?", f.ArticleID)
	}
	return queryClaims(ctx, s.reader, w.String()+
		` ORDER BY a.published_at DESC NULLS LAST, a.id DESC, c.id LIMIT ?`, append(w.args, limit)...)
}
