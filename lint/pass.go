package lint

import (
	"fmt"
	"strings"

	"github.com/sekisho/sekisho/policy"
)

// Rule is one lint check: a stable code, the highest severity it reports,
// the AWS page it rests on, a one-line summary, and the function that runs
// it. Some rules report a milder severity when the defect can only make a
// statement apply to fewer requests (see the package documentation). The
// type is not named Check because Check is the function that runs them.
type Rule struct {
	Code     string
	Severity Severity
	Doc      string
	Summary  string
	run      func(*pass)
}

// Rules returns the registered checks, in code order.
func Rules() []Rule {
	out := make([]Rule, len(registry))
	copy(out, registry)
	return out
}

// LookupRule returns the check with the given code.
func LookupRule(code string) (Rule, bool) {
	for _, c := range registry {
		if c.Code == code {
			return c, true
		}
	}
	return Rule{}, false
}

// pass is one run of the checks over one policy.
type pass struct {
	pol   *policy.Policy
	kind  policy.Kind
	opts  Options
	loc   *locator
	size  *sizeInfo // nil when the source text is unknown (Check)
	stmts []*stmtFacts
	check *Rule
	out   []Finding
}

func newPass(p *policy.Policy, opts Options, loc *locator, size *sizeInfo) *pass {
	ps := &pass{pol: p, kind: opts.Kind, opts: opts, loc: loc, size: size}
	for _, st := range p.Statements {
		ps.stmts = append(ps.stmts, newStmtFacts(st))
	}
	return ps
}

// report adds a finding of the running check.
func (ps *pass) report(sev Severity, at place, format string, args ...any) {
	ps.out = append(ps.out, Finding{
		Code:     ps.check.Code,
		Severity: sev,
		File:     ps.pol.File,
		Line:     at.pos.Line,
		Column:   at.pos.Col,
		Path:     string(at.path),
		Message:  fmt.Sprintf(format, args...),
		Doc:      ps.check.Doc,
	})
}

// reportMax adds a finding at the check's own severity.
func (ps *pass) reportMax(at place, format string, args ...any) {
	ps.report(ps.check.Severity, at, format, args...)
}

// narrowing is the severity of a defect that makes statement st apply to
// fewer requests than written: in an Allow it only grants less (a
// warning), in a Deny it leaves requests undenied (the check's severity).
func (ps *pass) narrowing(st *policy.Statement) Severity {
	if st.Effect == policy.Allow {
		return min(Warning, ps.check.Severity)
	}
	return ps.check.Severity
}

// widening is the severity of a defect that makes st apply to more
// requests than written: in an Allow it grants more (the check's
// severity), in a Deny it only denies more (a warning).
func (ps *pass) widening(st *policy.Statement) Severity {
	if st.Effect == policy.Deny {
		return min(Warning, ps.check.Severity)
	}
	return ps.check.Severity
}

// unknownSeverity is the severity of a name the service reference does
// not know. IAM Access Analyzer reports an action, service or condition key
// that does not exist as an error ("Invalid action", "Invalid service",
// "Invalid condition key"; IAM User Guide, "Access Analyzer policy check
// reference"). AWS's own managed policies still contain some such names
// (retired or undocumented ones): those are warnings, with that reason, so
// that copying from a managed policy is not an error.
func unknownSeverity(names ...string) (Severity, string) {
	for _, n := range names {
		if pol, ok := managedNames[strings.ToLower(n)]; ok {
			return Warning, fmt.Sprintf(" (AWS's own managed policy %s still contains it, so this is a warning)", pol)
		}
	}
	return Error, ""
}

// isResourceKind reports whether the kind names principals in statements.
func isResourceKind(k policy.Kind) bool {
	switch k {
	case policy.Resource, policy.Trust, policy.Endpoint, policy.RCP:
		return true
	}
	return false
}
