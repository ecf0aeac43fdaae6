package eval

import (
	"slices"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/cond"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// principalMatch says how a statement's Principal element matched the
// caller. The kinds matter for the decision: IAM User Guide, "Policy
// evaluation logic" and "Permissions boundaries for IAM entities".
type principalMatch uint8

const (
	pmNone     principalMatch = iota
	pmAccount                 // by the caller's account: delegates to that account's IAM policies
	pmWildcard                // "*" (or NotPrincipal not naming the caller)
	pmRole                    // the role's ARN, for a session of that role
	pmExact                   // the caller's own ARN: user, role session, federated user, service
)

// matches reports whether the statement applies to the request, and how its
// principal matched (pmExact when the statement has no Principal element:
// identity-side policies always concern the caller). When why is not nil it
// receives the first reason the statement does not apply.
func (s *statement) matches(e *env, why *string) (bool, principalMatch) {
	r, sc := e.r, e.sc
	if !s.matchAction(r) {
		if why != nil {
			*why = "action " + r.Action + " is not matched by " + s.actionsText()
		}
		return false, pmNone
	}
	if !s.matchResource(r, sc) {
		if why != nil {
			*why = "resource " + r.Resource + " is not matched by " + s.resourcesText()
		}
		return false, pmNone
	}
	pm := pmExact
	if s.principal != nil {
		pm = s.matchPrincipal(r, e.bounded)
		if pm == pmNone {
			if why != nil {
				*why = "principal " + principalText(r) + " is not matched by the " + s.principalElement()
			}
			return false, pmNone
		}
	}
	for _, c := range s.conds {
		if !c.Eval(r.Context, sc) {
			if why != nil {
				*why = "condition not met: " + c.Explain(r.Context)
			}
			return false, pmNone
		}
	}
	return true, pm
}

func (s *statement) matchAction(r *Request) bool {
	if s.byService != nil {
		for _, p := range s.byService[r.service] {
			if p.Match(r.action) {
				return !s.notAction
			}
		}
		return s.notAction
	}
	if s.services != nil && !slices.Contains(s.services, r.service) {
		return s.notAction
	}
	for i := range s.actions {
		if s.actions[i].Match(r.action) {
			return !s.notAction
		}
	}
	return s.notAction
}

func (s *statement) matchResource(r *Request, sc *cond.Scratch) bool {
	if s.anyResource {
		return true
	}
	for i := range s.resources {
		if s.resources[i].match(r, sc) {
			return !s.notResource
		}
	}
	return s.notResource
}

// match matches one Resource value. A policy variable without a value makes
// the value match nothing (IAM User Guide, "Variables and tags": "Policy
// variables with no value").
func (rp *resourcePattern) match(r *Request, sc *cond.Scratch) bool {
	switch {
	case rp.none, !rp.filter.pass(r.Resource):
		return false
	case rp.tmpl.IsLiteral():
		return rp.literal.Match(r.Resource)
	}
	toks, ok := sc.ResolveTokens(rp.tmpl, r.Context)
	if !ok {
		return false
	}
	return wildcard.MatchTokens(wildcard.Prepare(toks, wildcard.ARN), r.Resource, wildcard.ARN)
}

// matchPrincipal applies a Principal or NotPrincipal element.
//
// NotPrincipal: the IAM User Guide ("AWS JSON policy elements:
// NotPrincipal") says AWS "might validate the account first, then the role,
// and then the assumed-role user", and recommends listing the account and
// role ARNs too. Our reading, the strictest one: a caller is excluded only
// when every identity it carries (account, role, session or user) is
// listed; a NotPrincipal Deny applies otherwise, and a NotPrincipal Allow
// applies only to callers none of whose identities is listed.
//
// "The NotPrincipal element with a Deny effect will always deny any IAM
// principal that has a permissions boundary policy attached, regardless of
// the values specified in the NotPrincipal element" (IAM User Guide,
// "Permissions boundaries for IAM entities").
func (s *statement) matchPrincipal(r *Request, bounded bool) principalMatch {
	if !s.notPrincipal {
		return s.principal.match(r.Principal)
	}
	if bounded && s.ref.Statement.Effect == policy.Deny {
		return pmWildcard
	}
	listed, unlisted := s.principal.identities(r.Principal)
	if s.ref.Statement.Effect == policy.Allow {
		if listed == 0 {
			return pmWildcard
		}
		return pmNone
	}
	if unlisted > 0 {
		return pmWildcard
	}
	return pmNone
}

func (m *principalMatch) better(o principalMatch) {
	if o > *m {
		*m = o
	}
}

// match returns the strongest way the element names the caller.
func (m *principalMatcher) match(p arn.Principal) principalMatch {
	best := pmNone
	if m.any {
		best = pmWildcard
	}
	switch p.Kind {
	case arn.Anonymous:
		return best
	case arn.CloudFrontOAI:
		for i := range m.iam {
			if q := &m.iam[i]; q.Kind == arn.CloudFrontOAI && q.Name == p.Name {
				return pmExact
			}
		}
		return best
	case arn.WebIdentity:
		if containsFold(m.federated, p.Raw) {
			return pmExact
		}
		return best
	case arn.Service:
		for _, s := range m.services {
			if s == strings.ToLower(p.Name) {
				return pmExact
			}
		}
		if containsFold(m.federated, p.Raw) {
			return pmExact
		}
		return best
	}
	if containsFold(m.federated, p.Raw) || slices.Contains(m.canonical, p.Raw) {
		return pmExact
	}
	if slices.Contains(m.accounts, p.Account) {
		best.better(pmAccount)
	}
	for i := range m.iam {
		best.better(iamMatch(&m.iam[i], p))
	}
	return best
}

// iamMatch compares a principal named in a policy with the caller. Names
// compare case-sensitively ("In a Principal element, the user name part of
// the Amazon Resource Name (ARN) is case sensitive") and paths are ignored
// (names are unique in an account whatever the path); a role ARN names
// every session of the role (IAM User Guide, "AWS JSON policy elements:
// Principal", "IAM user principals", "IAM role principals" and "Role
// session principals").
func iamMatch(q *arn.Principal, p arn.Principal) principalMatch {
	if q.Account != p.Account || q.Name != p.Name {
		return pmNone
	}
	switch {
	case q.Kind == arn.User && p.Kind == arn.User,
		q.Kind == arn.FederatedUser && p.Kind == arn.FederatedUser:
		return pmExact
	case q.Kind == arn.AssumedRole && p.Kind == arn.AssumedRole && q.Session == p.Session:
		return pmExact
	case q.Kind == arn.Role && (p.Kind == arn.AssumedRole || p.Kind == arn.Role):
		return pmRole
	}
	return pmNone
}

// identities counts how many of the caller's identities the element lists
// and how many it does not: account and user; account, role and session;
// the account alone for the root user; the service; or the anonymous caller.
func (m *principalMatcher) identities(p arn.Principal) (listed, unlisted int) {
	count := func(ok bool) {
		if ok || m.any {
			listed++
		} else {
			unlisted++
		}
	}
	switch p.Kind {
	case arn.Anonymous:
		count(false)
	case arn.Service, arn.WebIdentity, arn.CloudFrontOAI:
		count(m.match(p) == pmExact)
	default:
		count(slices.Contains(m.accounts, p.Account))
		if p.Kind == arn.Account {
			return
		}
		if p.Kind == arn.AssumedRole {
			role := p
			role.Kind = arn.Role
			count(m.hasIAM(role))
		}
		count(m.hasIAM(p))
	}
	return listed, unlisted
}

// hasIAM reports whether the element lists exactly this IAM identity.
func (m *principalMatcher) hasIAM(p arn.Principal) bool {
	for i := range m.iam {
		q := &m.iam[i]
		if q.Kind == p.Kind && q.Account == p.Account && q.Name == p.Name &&
			(p.Kind != arn.AssumedRole || q.Session == p.Session) {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func (s *statement) actionsText() string {
	el := "Action"
	if s.notAction {
		el = "NotAction"
	}
	return el + " " + quoteJoin(s.ref.Statement.Actions)
}

func (s *statement) resourcesText() string {
	el := "Resource"
	if s.notResource {
		el = "NotResource"
	}
	vals := make([]string, len(s.ref.Statement.Resources))
	for i, t := range s.ref.Statement.Resources {
		vals[i] = t.Raw
	}
	return el + " " + quoteJoin(vals)
}

func (s *statement) principalElement() string {
	if s.notPrincipal {
		return "NotPrincipal element"
	}
	return "Principal element"
}

func principalText(r *Request) string {
	if r.Principal.Kind == arn.Anonymous {
		return "anonymous"
	}
	return r.Principal.Raw
}

func quoteJoin(vs []string) string {
	return "[" + strings.Join(vs, ", ") + "]"
}
