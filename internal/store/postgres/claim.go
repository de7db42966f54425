package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/winnow-cti/winnow/internal/model"
	"github.com/winnow-cti/winnow/internal/store"
)

// claimTimes holds a claim's incident times encoded for their columns.
type claimTimes struct{ start, end pgtype.Timestamptz }

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

// queueClaims adds the insert of an article's claims, with the ascending IDs
// allocated for them, and of their roles to b.
func queueClaims(b *pgx.Batch, articleID int64, claims []model.Claim, ids []int64, times []claimTimes) {
	if len(claims) == 0 {
		return
	}
	n := len(claims)
	types, claimants, timeTexts, hedges, evTexts := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	starts, ends := make([]pgtype.Timestamptz, n), make([]pgtype.Timestamptz, n)
	conf := make([]float64, n)
	negated := make([]bool, n)
	evStart, evEnd := make([]int32, n), make([]int32, n)
	var (
		roleClaim                   []int64
		rolePos, roleStart, roleEnd []int32
		roleName, roleText          []string
		roleKey                     []pgtype.Text
	)
	for i, c := range claims {
		types[i], claimants[i], timeTexts[i], hedges[i], evTexts[i] = string(c.Type), c.Claimant, c.TimeText, c.Hedge, c.EvidenceText
		starts[i], ends[i] = times[i].start, times[i].end
		conf[i], negated[i] = c.Confidence, c.Negated
		evStart[i], evEnd[i] = int32(c.Evidence.Start), int32(c.Evidence.End)
		for j, r := range c.Roles {
			roleClaim = append(roleClaim, ids[i])
			rolePos = append(rolePos, int32(j))
			roleName = append(roleName, r.Role)
			roleText = append(roleText, r.Text)
			roleKey = append(roleKey, nullText(r.EntityKey))
			roleStart = append(roleStart, int32(r.Span.Start))
			roleEnd = append(roleEnd, int32(r.Span.End))
		}
	}
	b.Queue(`INSERT INTO claims (id, article_id, type, claimant, time_text, time_start, time_end,
			hedge, confidence, negated, evidence_start, evidence_end, evidence_text)
		SELECT u.id, $1, u.type, u.claimant, u.time_text, u.time_start, u.time_end,
			u.hedge, u.confidence, u.negated, u.es, u.ee, u.et
		FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
			$8::text[], $9::float8[], $10::boolean[], $11::int[], $12::int[], $13::text[])
			AS u(id, type, claimant, time_text, time_start, time_end, hedge, confidence, negated, es, ee, et)`,
		articleID, ids, types, claimants, timeTexts, starts, ends, hedges, conf, negated, evStart, evEnd, evTexts)
	if len(roleClaim) == 0 {
		return
	}
	b.Queue(`INSERT INTO claim_roles (claim_id, position, role, text, entity_key, span_start, span_end)
		SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[])`,
		roleClaim, rolePos, roleName, roleText, roleKey, roleStart, roleEnd)
}

// claimQuery selects claims (alias c) joined to their article (alias a);
// callers append WHERE and ORDER BY.
const claimQuery = claimColumns + ` FROM claims c JOIN articles a ON a.id = c.article_id`

// claimColumns are the columns queryClaimsSQL scans.
const claimColumns = `SELECT c.id, c.article_id, c.type, c.claimant, c.time_text, c.time_start, c.time_end,
	c.hedge, c.confidence, c.negated, c.evidence_start, c.evidence_end, c.evidence_text`

// claimsByArticleQuery is claimQuery forced to walk articles first: the
// LATERAL subquery with OFFSET 0 is never pulled up, so each article's
// claims are read by claims_article inside a nested loop. ListClaims's
// windows range over articles_published; left free, the planner may turn
// the EXISTS on claim_roles into a semi-join over every claim of the entity.
const claimsByArticleQuery = claimColumns + ` FROM articles a
	CROSS JOIN LATERAL (SELECT * FROM claims c WHERE c.article_id = a.id OFFSET 0) c`

// queryClaims runs claimQuery with tail and fills in every claim's roles.
func queryClaims(ctx context.Context, q querier, tail string, args ...any) ([]model.Claim, error) {
	return queryClaimsSQL(ctx, q, claimQuery+tail, args...)
}

// queryClaimsSQL runs query, which selects claimColumns, and fills in every
// claim's roles.
func queryClaimsSQL(ctx context.Context, q querier, query string, args ...any) ([]model.Claim, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, wrapErr("claims", err)
	}
	var out []model.Claim
	for rows.Next() {
		var c model.Claim
		var start, end pgtype.Timestamptz
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.Type, &c.Claimant, &c.TimeText, &start, &end,
			&c.Hedge, &c.Confidence, &c.Negated, &c.Evidence.Start, &c.Evidence.End, &c.EvidenceText); err != nil {
			rows.Close()
			return nil, wrapErr("claims", err)
		}
		c.TimeStart, c.TimeEnd = decodeTime(start), decodeTime(end)
		out = append(out, c)
	}
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
	rows, err := q.Query(ctx, `SELECT claim_id, role, text, entity_key, span_start, span_end
		FROM claim_roles WHERE claim_id = ANY($1) ORDER BY claim_id, position`, ids)
	if err != nil {
		return wrapErr("claim roles", err)
	}
	defer rows.Close()
	for rows.Next() {
		var claimID int64
		var r model.Role
		var key pgtype.Text
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
		return nil, fmt.Errorf("postgres: list claims: %w", err)
	}
	since, err := encodeTime("Since", f.Since)
	if err != nil {
		return nil, fmt.Errorf("postgres: list claims: %w", err)
	}
	if len(f.EntityKeys) > 0 && f.ArticleID == 0 {
		// Bounded: an entity named in fewer roles costs little to sort.
		var n int
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM claim_roles
			WHERE entity_key = ANY($1) LIMIT $2) t`, f.EntityKeys, claimWindowThreshold).Scan(&n); err != nil {
			return nil, wrapErr("list claims", err)
		}
		if n >= claimWindowThreshold {
			return s.listClaimsWindowed(ctx, f, since, limit)
		}
	}
	var w where
	if len(f.EntityKeys) > 0 {
		w.add(`c.id IN (SELECT claim_id FROM claim_roles WHERE entity_key = ANY(?))`, f.EntityKeys)
	}
	if f.Type != "" {
		w.add("c.type = ?", string(f.Type))
	}
	if since.Valid {
		w.add("a.published_at >= ?", since)
	}
	if f.ArticleID != 0 {
		w.add("c.article_id = ?", f.ArticleID)
	}
	tail := w.String() + ` ORDER BY a.published_at DESC NULLS LAST, a.id DESC, c.id LIMIT ` + w.next(limit)
	// Planned with the values at hand, never from a cached generic plan:
	// the best plan for an actor in every other article (walk articles
	// newest first) is the worst for one named twice (and the reverse).
	return queryClaims(ctx, s.pool, tail, append([]any{pgx.QueryExecModeExec}, w.args...)...)
}

// listClaimsWindowed answers ListClaims for a popular entity: rather than
// sort all of its claims, it walks publication-time windows newest first
// (store.NewestFirstWindows), each query driven by articles_published over
// the window and keeping the claims with a role naming one of the keys,
// until it has limit claims; undated articles come last. The result equals
// the single query's, order included.
func (s *Store) listClaimsWindowed(ctx context.Context, f store.ClaimFilter, since pgtype.Timestamptz, limit int) ([]model.Claim, error) {
	// One repeatable-read snapshot for all windows, so a save between two
	// of them cannot show an article twice or hide it.
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, wrapErr("list claims", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only; nothing to keep
	var newest, oldest pgtype.Timestamptz
	if err := tx.QueryRow(ctx, `SELECT (SELECT max(published_at) FROM articles),
		(SELECT min(published_at) FROM articles)`).Scan(&newest, &oldest); err != nil {
		return nil, wrapErr("list claims", err)
	}
	floor := decodeTime(oldest)
	if since.Valid && since.Time.After(floor) {
		floor = since.Time
	}
	filter := func() *where {
		w := &where{}
		// OFFSET 0 keeps the EXISTS a per-claim probe of claim_roles_entity
		// rather than a semi-join.
		w.add(`EXISTS (SELECT 1 FROM claim_roles r WHERE r.claim_id = c.id
			AND r.entity_key = ANY(?) OFFSET 0)`, f.EntityKeys)
		if f.Type != "" {
			w.add("c.type = ?", string(f.Type))
		}
		if since.Valid {
			w.add("a.published_at >= ?", since)
		}
		return w
	}
	var out []model.Claim
	for _, win := range store.NewestFirstWindows(decodeTime(newest), floor) {
		w := filter()
		w.conds = append(w.conds, "a.published_at IS NOT NULL")
		if !win.From.IsZero() {
			w.add("a.published_at >= ?", pgtype.Timestamptz{Time: win.From, Valid: true})
		}
		if !win.Until.IsZero() {
			w.add("a.published_at < ?", pgtype.Timestamptz{Time: win.Until, Valid: true})
		}
		tail := w.String() + ` ORDER BY a.published_at DESC NULLS LAST, a.id DESC, c.id LIMIT ` + w.next(limit-len(out))
		got, err := queryClaimsSQL(ctx, tx, claimsByArticleQuery+tail, append([]any{pgx.QueryExecModeExec}, w.args...)...)
		if err != nil {
			return nil, err
		}
		if out = append(out, got...); len(out) == limit {
			return out, nil
		}
	}
	if since.Valid {
		return out, nil // undated articles fail a.published_at >= since
	}
	w := filter()
	w.conds = append(w.conds, "a.published_at IS NULL")
	tail := w.String() + ` ORDER BY a.id DESC, c.id LIMIT ` + w.next(limit-len(out))
	got, err := queryClaimsSQL(ctx, tx, claimsByArticleQuery+tail, append([]any{pgx.QueryExecModeExec}, w.args...)...)
	if err != nil {
		return nil, err
	}
	return append(out, got...), nil
}
