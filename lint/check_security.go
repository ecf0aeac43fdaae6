package lint

import (
	"strings"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// accountRootRE matches an account principal: a 12-digit account id or the
// account's root ARN, which both stand for the whole account.
var accountRootRE = lazyRegexp(`^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:root)$`)

// SK6001: trusting a whole account, or everyone, without a condition
// (IAM User Guide, "Principal": specifying an account "trusts all
// principals in that account" that its own policies permit).
func checkTrustBroad(ps *pass) {
	if ps.kind != policy.Trust {
		return
	}
	for i, f := range ps.stmts {
		st := f.st
		if st.Effect != policy.Allow || st.Principal == nil || st.NotPrincipal || len(st.Conditions) > 0 {
			continue
		}
		if st.Principal.Any {
			ps.reportMax(ps.loc.principal(i), "the role trusts \"*\" with no condition: any AWS principal of any account may assume it; name the principals, or add conditions such as aws:PrincipalOrgID or sts:ExternalId")
		}
		for _, p := range st.Principal.AWS {
			if accountRootRE().MatchString(p) {
				ps.reportMax(ps.loc.principal(i), "the role trusts the account %q with no condition: every user and role of that account whose own policies allow sts:AssumeRole can assume it; name the user or role, or add a condition on aws:PrincipalArn", p)
			}
		}
	}
}

// SK6002: a resource or endpoint policy that allows everyone.
func checkOpenToAll(ps *pass) {
	if ps.kind != policy.Resource && ps.kind != policy.Endpoint {
		return
	}
	who := "any principal, anonymous ones and those of every other account included,"
	if ps.kind == policy.Endpoint {
		who = "any principal, with credentials of any account (an insider's own account included),"
	}
	for i, f := range ps.stmts {
		st := f.st
		if st.Effect == policy.Allow && st.Principal != nil && st.Principal.Any && !st.NotPrincipal && len(st.Conditions) == 0 {
			if ps.kind == policy.Endpoint && readsNamedResources(f) {
				continue
			}
			ps.reportMax(ps.loc.principal(i), "\"Principal\": \"*\" with no condition: %s may use what this statement allows; restrict it with conditions such as aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceVpce", who)
		}
	}
}

// readsNamedResources reports whether a statement only reads or lists
// resources it names one by one (no wildcard before the resource path).
// In an endpoint policy that is the documented way to let anyone reach
// public resources, such as the Amazon Linux package repositories behind
// an S3 gateway endpoint (Amazon VPC User Guide, "Endpoints for Amazon S3":
// allow access to the buckets that the repositories use): the resources
// are public anyway, so "*" opens nothing else.
func readsNamedResources(f *stmtFacts) bool {
	st := f.st
	if f.all || st.NotResource || st.AnyResource || len(st.Resources) == 0 {
		return false
	}
	for _, a := range f.knownActions() {
		if a.Access != awsref.Read && a.Access != awsref.List {
			return false
		}
	}
	for _, e := range f.entries {
		if len(e.matches) == 0 {
			return false
		}
	}
	for _, r := range st.Resources {
		parts := strings.SplitN(r.Raw, ":", 6)
		if len(parts) < 6 {
			return false
		}
		name, _, _ := strings.Cut(parts[5], "/")
		if name == "" || wildcard.HasWildcard(name) || strings.Contains(name, "${") {
			return false
		}
	}
	return true
}

// allRolesRE matches Resource values that name every role.
var allRolesRE = lazyRegexp(`^arn:[^:]*:iam::[^:]*:role/\*$`)

// SK6003: iam:PassRole on any role lets the holder hand any role, and its
// permissions, to a service.
func checkPassRoleStar(ps *pass) {
	if ps.kind != policy.Identity {
		return
	}
	for i, f := range ps.stmts {
		st := f.st
		if st.Effect != policy.Allow || !f.covers("iam:PassRole") || hasKey(st, "iam:PassedToService") {
			continue
		}
		if what, ok := everyRole(st); ok {
			ps.reportMax(ps.loc.elem(i, resourceElem(st)), "this Allow includes iam:PassRole with %s: it may pass any role, and so any role's permissions, to any service; name the roles, or add an iam:PassedToService condition", what)
		}
	}
}

// everyRole says how a statement's resources cover every role.
func everyRole(st *policy.Statement) (string, bool) {
	switch {
	case st.NotResource:
		return "NotResource", true
	case st.AnyResource:
		return "no Resource", true
	}
	for _, r := range st.Resources {
		if r.Raw == "*" || allRolesRE().MatchString(r.Raw) {
			return "Resource " + quote(r.Raw), true
		}
	}
	return "", false
}

func hasKey(st *policy.Statement, key string) bool {
	for _, c := range st.Conditions {
		if strings.EqualFold(c.Key, key) {
			return true
		}
	}
	return false
}

// grants reports whether statements of the kind grant permissions (as
// opposed to capping them).
func grants(k policy.Kind) bool {
	return k == policy.Identity || k == policy.Resource || k == policy.Trust
}

// SK6004: Allow with NotAction grants every action not listed.
func checkAllowNotAction(ps *pass) {
	if !grants(ps.kind) {
		return
	}
	for i, f := range ps.stmts {
		if f.st.Effect == policy.Allow && f.st.NotAction {
			ps.reportMax(ps.loc.elem(i, "NotAction"), "Allow with NotAction grants every action not listed, of every service, including actions AWS adds later; list the actions to allow in Action, or use NotAction in a Deny")
		}
	}
}

// SK6005: Allow with NotResource grants every resource not listed.
func checkAllowNotResource(ps *pass) {
	if !grants(ps.kind) {
		return
	}
	for i, f := range ps.stmts {
		if f.st.Effect == policy.Allow && f.st.NotResource {
			ps.reportMax(ps.loc.elem(i, "NotResource"), "Allow with NotResource grants the actions on every resource not listed, in every account and service, including resources created later; list the resources in Resource, or use NotResource in a Deny")
		}
	}
}

// SK6006: a Deny with a condition on a key that no request of its actions
// carries, with an operator that is false when the key is missing, never
// applies: the guardrail does nothing.
func checkDeadDeny(ps *pass) {
	for i, f := range ps.stmts {
		if f.st.Effect != policy.Deny {
			continue
		}
		for _, c := range f.st.Conditions {
			if absentResult(c) || !absentKey(f, resolveKey(c.Key)) {
				continue
			}
			ps.reportMax(ps.loc.stmt(i), "this Deny never applies: no request for its actions carries %q, and %s is false when the key is missing; check the key's spelling and which actions support it", c.Key, c.Operator)
			break
		}
	}
}

// absentKey reports whether no request of the statement carries the key.
func absentKey(f *stmtFacts, k keyInfo) bool {
	if k.provider || k.placeholder {
		return false
	}
	return !k.known || !f.supportsKey(k.ref)
}

// SK6007: fill-in placeholders of published examples, left unfilled.
func checkPlaceholders(ps *pass) {
	for i, f := range ps.stmts {
		for j, a := range f.st.Actions {
			placeholderAt(ps, ps.loc.item(i, actionElem(f.st), j), a)
		}
		for j, r := range f.st.Resources {
			placeholderAt(ps, ps.loc.item(i, resourceElem(f.st), j), r.Raw)
		}
		for _, c := range f.st.Conditions {
			placeholderAt(ps, ps.loc.cond(i, c), c.Key)
			for j, v := range c.Values {
				placeholderAt(ps, ps.loc.condValue(i, c, j), v.Raw)
			}
		}
	}
}

func placeholderAt(ps *pass, at place, s string) {
	if p := placeholderIn(s); p != "" {
		ps.reportMax(at, "placeholder %s in %q has not been filled in: AWS reads it as literal text, which matches nothing (and is rejected where an IP address, number or date is expected)", p, s)
	}
}

// SK6008: aws:SourceIp compared with private addresses. aws:SourceIp is
// the requester's public address; a request through a VPC endpoint does
// not carry it at all, and its private address is in aws:VpcSourceIp
// (IAM User Guide, "AWS global condition context keys", aws:SourceIp and
// aws:VpcSourceIp). A private range there never matches what it seems to.
func checkPrivateSourceIP(ps *pass) {
	for i, f := range ps.stmts {
		for _, c := range f.st.Conditions {
			if c.Operator.Op.Family() != policy.FamilyIP || !strings.EqualFold(c.Key, "aws:SourceIp") {
				continue
			}
			for j, v := range c.Values {
				if !v.IsLiteral() || policy.IsPlaceholder(v.Raw) {
					continue
				}
				if p, err := policy.ParseCIDR(v.Raw); err == nil && p.Addr().IsPrivate() {
					ps.reportMax(ps.loc.condValue(i, c, j), "%s is a private range: aws:SourceIp holds only public addresses and is absent from requests through a VPC endpoint, whose private source address is aws:VpcSourceIp", v.Raw)
				}
			}
		}
	}
}
