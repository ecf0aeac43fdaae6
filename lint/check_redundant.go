package lint

import (
	"strings"

	"github.com/sekisho/sekisho/policy"
)

// SK7001: a statement that another statement of the same effect, with no
// condition, already covers. Of two identical statements the later is
// reported.
func checkRedundantStatement(ps *pass) {
	for i, a := range ps.stmts {
		for j, b := range ps.stmts {
			if i == j || a.st.Effect != b.st.Effect || !stmtCovers(b, a) {
				continue
			}
			if j > i && stmtCovers(a, b) {
				continue // identical: report the later one
			}
			ps.reportMax(ps.loc.stmt(i), "statement %s is redundant: statement %s %s everything it does, with no condition", a.st.Label(), b.st.Label(), verb(b.st.Effect))
			break
		}
	}
}

func verb(e policy.Effect) string {
	if e == policy.Deny {
		return "denies"
	}
	return "allows"
}

// SK7002: an Allow that an unconditional Deny of the same policy covers
// grants nothing (IAM User Guide, "Policy evaluation logic": an explicit
// deny overrides any allow).
func checkShadowedAllow(ps *pass) {
	for i, a := range ps.stmts {
		if a.st.Effect != policy.Allow {
			continue
		}
		for _, b := range ps.stmts {
			if b.st.Effect == policy.Deny && stmtCovers(b, a) {
				ps.reportMax(ps.loc.stmt(i), "statement %s allows nothing: statement %s denies all of it with no condition, and an explicit deny wins", a.st.Label(), b.st.Label())
				break
			}
		}
	}
}

// SK7003: an Action (NotAction, Resource, NotResource) value that another
// value of the same element already matches.
func checkRedundantEntry(ps *pass) {
	for i, f := range ps.stmts {
		redundantValues(ps, i, actionElem(f.st), f.st.Actions, true)
		var rs []string
		for _, r := range f.st.Resources {
			rs = append(rs, r.Raw)
		}
		redundantValues(ps, i, resourceElem(f.st), rs, false)
	}
}

// redundantValues reports values covered by another value of the list.
// Only values of the same service (the second colon-separated part of an
// ARN, the first of an action) or with a wildcard there can cover each
// other, which keeps long lists fast.
func redundantValues(ps *pass, i int, elem string, values []string, fold bool) {
	gs := globs(values, fold)
	groups := map[string][]int{}
	var wild []int
	for k, v := range values {
		svc := valueService(v, fold)
		if strings.ContainsAny(svc, "*?$") {
			wild = append(wild, k)
		}
		groups[svc] = append(groups[svc], k)
	}
	for k, v := range values {
		for _, m := range append(groups[valueService(v, fold)], wild...) {
			if m == k || !gs[m].covers(gs[k]) || m > k && gs[k].covers(gs[m]) {
				continue
			}
			ps.reportMax(ps.loc.item(i, elem, k), "%q is already matched by %q in the same %s element", v, values[m], elem)
			break
		}
	}
}

// valueService returns the service part of an action or ARN, lower-case.
func valueService(v string, action bool) string {
	parts := strings.SplitN(v, ":", 4)
	switch {
	case action:
		return strings.ToLower(parts[0])
	case len(parts) >= 3:
		return strings.ToLower(parts[2])
	}
	return "*"
}
