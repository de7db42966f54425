package extract

import (
	"slices"
	"time"

	"github.com/winnow-cti/winnow/internal/model"
)

// An attribution of an attack and the attack itself are two claims of one
// sentence: "South Korea said North Korea was behind the attack that
// paralysed three broadcasters" blames North Korea and records the attack
// by it. The rules that find one often miss the other, so companions
// completes each from the other after the sentence's claims are built.

// attackType reports whether claims of type t record an attack that an
// attribution may be about.
func attackType(t model.ClaimType) bool {
	return t == model.ClaimTargeting || t == model.ClaimRansomware || t == model.ClaimDataBreach
}

func attackerRole(r string) bool { return r == "actor" || r == "sponsor" || r == "malware" }
func victimRole(r string) bool   { return r == "victim" || r == "sector" || r == "country" }

// companions adds the attack an attribution with victims speaks of, the
// attribution an attack by a state-tied actor makes, and shares roles
// between an attribution and the one attack it blames.
func (c *claimContext) companions(claims []model.Claim) []model.Claim {
	attr, attack := -1, -1
	for i, cl := range claims {
		switch {
		case cl.Type == model.ClaimAttribution:
			if attr >= 0 {
				return claims // several blames: which attack is whose is unclear
			}
			attr = i
		case attackType(cl.Type):
			if attack >= 0 {
				attack = -2
			} else if attack == -1 {
				attack = i
			}
		}
	}
	switch {
	case attr >= 0 && attack == -1:
		if t, ok := c.attackOf(claims[attr]); ok {
			claims = append(claims, t)
		}
	case attr == -1 && attack >= 0:
		if a, ok := stateTie(claims[attack]); ok {
			claims = append(claims, a)
		}
	case attr >= 0 && attack >= 0:
		shareRoles(&claims[attr], &claims[attack])
	}
	return claims
}

// attackOf returns the attack an attribution with victims blames: a
// ransomware claim when the sentence speaks of ransom or the attacker is
// ransomware, else targeting.
func (c *claimContext) attackOf(a model.Claim) (model.Claim, bool) {
	if a.Negated {
		return model.Claim{}, false // a denial asserts no attack
	}
	if !slices.ContainsFunc(a.Roles, func(r model.Role) bool { return victimRole(r.Role) }) ||
		!slices.ContainsFunc(a.Roles, func(r model.Role) bool { return attackerRole(r.Role) }) {
		return model.Claim{}, false
	}
	t := a
	t.Type = model.ClaimTargeting
	if c.v.ransomSaid() || c.ransomwareAttacker(a) {
		t.Type = model.ClaimRansomware
	}
	t.Roles = slices.Clone(a.Roles)
	return t, true
}

// ransomwareAttacker reports whether an attacker of a is a participant
// the article calls ransomware or a ransomware gang.
func (c *claimContext) ransomwareAttacker(a model.Claim) bool {
	for _, r := range a.Roles {
		if r.Role != "actor" && r.Role != "malware" {
			continue
		}
		for _, p := range c.parts {
			if p.ransomware && p.at == r.Span {
				return true
			}
		}
	}
	return false
}

// stateTie returns the attribution an attack makes when it names both
// an actor and the state it is tied to: "North Korean hackers tracked as
// TraderTraitor stole ..." ties TraderTraitor to North Korea. Like the
// attributions of apposition and modifier, it names no victims.
func stateTie(t model.Claim) (model.Claim, bool) {
	if !slices.ContainsFunc(t.Roles, func(r model.Role) bool { return r.Role == "actor" }) ||
		!slices.ContainsFunc(t.Roles, func(r model.Role) bool { return r.Role == "sponsor" }) {
		return model.Claim{}, false
	}
	a := t
	a.Type = model.ClaimAttribution
	a.Roles = nil
	for _, r := range t.Roles {
		if r.Role == "actor" || r.Role == "sponsor" {
			a.Roles = append(a.Roles, r)
		}
	}
	a.TimeText, a.TimeStart, a.TimeEnd = "", time.Time{}, time.Time{}
	return a, true
}

// shareRoles completes an attribution and the attack it blames when the
// attribution names the attacker the attack lacks ("the ransomware attack
// that took down its email service was carried out by the Play gang"):
// the attack gets the attacker, the attribution the victims and time. An
// attack that already names every attacker of the attribution is one the
// attribution only qualifies ("Volt Typhoon, a group based in China, has
// targeted ..."), and the attribution then names no victims.
func shareRoles(a, t *model.Claim) {
	if slices.ContainsFunc(a.Roles, func(r model.Role) bool { return victimRole(r.Role) }) ||
		!slices.ContainsFunc(t.Roles, func(r model.Role) bool { return victimRole(r.Role) }) {
		return
	}
	missing := 0
	for _, r := range t.Roles {
		if attackerRole(r.Role) && !hasRole(a.Roles, r) {
			return // the attack has an attacker of its own
		}
	}
	for _, r := range a.Roles {
		if attackerRole(r.Role) && !hasRole(t.Roles, r) {
			missing++
		}
	}
	if missing == 0 {
		return
	}
	ta, tt := slices.Clone(a.Roles), slices.Clone(t.Roles)
	for _, r := range a.Roles {
		if attackerRole(r.Role) && !hasRole(tt, r) {
			tt = append(tt, r)
		}
	}
	for _, r := range t.Roles {
		if victimRole(r.Role) {
			ta = append(ta, r)
		}
	}
	sortRoles(ta)
	sortRoles(tt)
	a.Roles, t.Roles = ta, tt
	if a.TimeText == "" {
		a.TimeText, a.TimeStart, a.TimeEnd = t.TimeText, t.TimeStart, t.TimeEnd
	}
	if t.Claimant == "" {
		t.Claimant = a.Claimant
	}
	if a.Claimant == "" {
		a.Claimant = t.Claimant
	}
}

func hasRole(rs []model.Role, r model.Role) bool {
	return slices.ContainsFunc(rs, func(x model.Role) bool { return x.Role == r.Role && x.Span == r.Span })
}
