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
const claimQuery = claimColumns + ` FROM claims c JOIN articles a ON a.id = c.article_id`

// claimColumns are the columns queryClaimsSQL scans.
const claimColumns = `SELECT c.id, c.article_id, c.type, c.claimant, c.time_text, c.time_start, c.time_end,
	c.hedge, c.confidence, c.negated, c.evidence_start, c.evidence_end, c.evidence_text`

// claimsByArticleQuery is claimQuery forced to walk articles first (CROSS
// JOIN fixes the join order in SQLite): ListClaims's windows range over
// articles_published, and the planner would otherwise turn the EXISTS on
// claim_roles into a semi-join that scans every claim.
const claimsByArticleQuery = claimColumns + ` FROM articles a CROSS JOIN claims c ON c.article_id = a.id`

// queryClaims runs claimQuery with tail and fills in every claim's roles.
func queryClaims(ctx context.Context, q querier, tail string, args ...any) ([]model.Claim, error) {
	return queryClaimsSQL(ctx, q, claimQuery+tail, args...)
}

// queryClaimsSQL runs query, which selects claimColumns, and fills in every
// claim's roles.
func queryClaimsSQL(ctx context.Context, q querier, query string, args ...any) ([]model.Claim, error) {
	rows, err := q.QueryContext(ctx, query, args...)
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

// claimWindowThreshold is how many claim roles an entity filter must match
// before ListClaims walks publication-time windows newest first instead of
// gathering and sorting every matching claim. A var so tests can lower it.
var claimWindowThreshold = 5000

// ListClaims returns claims matching f, newest article first (undated
// last), then in the order the article reports them.
func (s *Store) ListClaims(ctx context.Context, f store.ClaimFilter) ([]model.Claim, error) {
	limit, err := store.EffectiveLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list claims: %w", err)
	}
	var keys string
	if len(f.EntityKeys) > 0 {
		b, err := json.Marshal(f.EntityKeys)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list claims: %w", err)
		}
		keys = string(b)
	}
	var since any
	if !f.Since.IsZero() {
		if since, err = encodeTime("Since", f.Since); err != nil {
			return nil, fmt.Errorf("sqlite: list claims: %w", err)
		}
	}
	if keys != "" && f.ArticleID == 0 {
		// Bounded: an entity named in fewer roles costs little to sort.
		var n int
		if err := s.reader.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM claim_roles
			WHERE entity_key IN (SELECT value FROM json_each(?)) LIMIT ?)`, keys, claimWindowThreshold).Scan(&n); err != nil {
			return nil, wrapErr("list claims", err)
		}
		if n >= claimWindowThreshold {
			return s.listClaimsWindowed(ctx, f, keys, since, limit)
		}
	}
	var w where
	if keys != "" {
		w.add(`c.id IN (SELECT claim_id FROM claim_roles
			WHERE entity_key IN (SELECT value FROM json_each(?)))`, keys)
	}
	if f.Type != "" {
		w.add("c.type = ?", f.Type)
	}
	if since != nil {
		w.add("a.published_at >= ?", since)
	}
	if f.ArticleID != 0 {
		w.add("c.article_id = ?", f.ArticleID)
	}
	return queryClaims(ctx, s.reader, w.String()+
		` ORDER BY a.published_at DESC NULLS LAST, a.id DESC, c.id LIMIT ?`, append(w.args, limit)...)
}

// listClaimsWindowed answers ListClaims for a popular entity: rather than
// sort all of its claims, it walks publication-time windows newest first
// (store.NewestFirstWindows), each query driven by articles_published over
// the window and keeping the claims with a role naming one of the keys,
// until it has limit claims; undated articles come last. The result equals
// the single query's, order included.
func (s *Store) listClaimsWindowed(ctx context.Context, f store.ClaimFilter, keys string, since any, limit int) ([]model.Claim, error) {
	// One read transaction: WAL gives its queries one snapshot, so a save
	// between two windows cannot show an article twice or hide it.
	tx, err := s.reader.BeginTx(ctx, nil)
	if err != nil {
		return nil, wrapErr("list claims", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only; nothing to keep
	var newest, oldest sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT max(published_at) FROM articles),
		(SELECT min(published_at) FROM articles)`).Scan(&newest, &oldest); err != nil {
		return nil, wrapErr("list claims", err)
	}
	newestT, err := decodeTime(newest)
	if err != nil {
		return nil, err
	}
	floor, err := decodeTime(oldest)
	if err != nil {
		return nil, err
	}
	if !f.Since.IsZero() && f.Since.After(floor) {
		floor = f.Since
	}
	filter := func() *where {
		w := &where{}
		w.add(`EXISTS (SELECT 1 FROM claim_roles r WHERE r.claim_id = c.id
			AND r.entity_key IN (SELECT value FROM json_each(?)))`, keys)
		if f.Type != "" {
			w.add("c.type = ?", f.Type)
		}
		if since != nil {
			w.add("a.published_at >= ?", since)
		}
		return w
	}
	var out []model.Claim
	for _, win := range store.NewestFirstWindows(newestT, floor) {
		w := filter()
		w.add("a.published_at IS NOT NULL")
		if !win.From.IsZero() {
			from, err := encodeTime("window", win.From)
			if err != nil {
				return nil, fmt.Errorf("sqlite: list claims: %w", err)
			}
			w.add("a.published_at >= ?", from)
		}
		if !win.Until.IsZero() {
			until, err := encodeTime("window", win.Until)
			if err != nil {
				return nil, fmt.Errorf("sqlite: list claims: %w", err)
			}
			w.add("a.published_at < ?", until)
		}
		got, err := queryClaimsSQL(ctx, tx, claimsByArticleQuery+w.String()+
			` ORDER BY a.published_at DESC, a.id DESC, c.id LIMIT ?`, append(w.args, limit-len(out))...)
		if err != nil {
			return nil, err
		}
		if out = append(out, got...); len(out) == limit {
			return out, nil
		}
	}
	if since != nil {
		return out, nil // undated articles fail a.published_at >= since
	}
	w := filter()
	w.add("a.published_at IS NULL")
	got, err := queryClaimsSQL(ctx, tx, claimsByArticleQuery+w.String()+
		` ORDER BY a.id DESC, c.id LIMIT ?`, append(w.args, limit-len(out))...)
	if err != nil {
		return nil, err
	}
	return append(out, got...), nil
}
