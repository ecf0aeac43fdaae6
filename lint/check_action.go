package lint

import (
	"strings"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// An Action entry that matches nothing makes its statement apply to fewer
// requests; a NotAction entry that matches nothing, to more. Either way the
// reference cannot tell a typo from a retired action or one newer than the
// reference: see the package documentation for the severities.

// SK2001: the service prefix is not in the reference.
func checkUnknownService(ps *pass) {
	eachEntry(ps, func(i int, f *stmtFacts, j int, e actionEntry) {
		if e.raw == "*" || e.placeholder || e.wildService() {
			return
		}
		if _, ok := awsref.LookupService(e.service); ok {
			return
		}
		hint := didYouMean(e.service, servicePrefixes())
		sev, why := unknownSeverity(e.raw, e.service)
		ps.report(sev, ps.loc.item(i, actionElem(f.st), j),
			"unknown service prefix %q in %q: the AWS service reference of %s has no such service (retired, newer than the reference, or a typo)%s; %s%s",
			e.service, e.raw, referenceDate(), hint, entryEffect(f), why)
	})
}

// SK2002: the service is known but the action is not.
func checkUnknownAction(ps *pass) {
	eachEntry(ps, func(i int, f *stmtFacts, j int, e actionEntry) {
		if len(e.matches) > 0 || e.placeholder || wildcard.HasWildcard(e.raw) {
			return
		}
		svc, ok := awsref.LookupService(e.service)
		if !ok {
			return
		}
		hint := didYouMean(e.raw, actionNames(svc))
		sev, why := unknownSeverity(e.raw)
		ps.report(sev, ps.loc.item(i, actionElem(f.st), j),
			"%q is not an action of %s in the AWS service reference of %s (retired, newer than the reference, or a typo)%s; %s%s",
			e.raw, svc.Prefix, referenceDate(), hint, entryEffect(f), why)
	})
}

// SK2003: a wildcard pattern that matches no action.
func checkPatternNoMatch(ps *pass) {
	eachEntry(ps, func(i int, f *stmtFacts, j int, e actionEntry) {
		if len(e.matches) > 0 || e.placeholder || e.raw == "*" || !wildcard.HasWildcard(e.raw) {
			return
		}
		if _, ok := awsref.LookupService(e.service); !ok && !e.wildService() {
			return // SK2001 reports it
		}
		hint := patternHint(e)
		sev, why := unknownSeverity(e.raw, e.service)
		ps.report(sev, ps.loc.item(i, actionElem(f.st), j),
			"%q matches no action in the AWS service reference of %s%s; %s%s", e.raw, referenceDate(), hint, entryEffect(f), why)
	})
}

func eachEntry(ps *pass, fn func(i int, f *stmtFacts, j int, e actionEntry)) {
	for i, f := range ps.stmts {
		for j, e := range f.entries {
			fn(i, f, j, e)
		}
	}
}

// entryEffect says what an entry that matches nothing does to its statement.
func entryEffect(f *stmtFacts) string {
	switch {
	case f.st.NotAction && f.st.Effect == policy.Allow:
		return "as a NotAction entry of an Allow it excludes nothing, so the statement allows what it was meant to leave out"
	case f.st.NotAction:
		return "as a NotAction entry of a Deny it exempts nothing, so the statement denies what it was meant to leave out"
	case f.st.Effect == policy.Allow:
		return "this entry grants nothing"
	}
	return "this entry denies nothing: if it was meant to, the guardrail has a gap"
}

// patternHint suggests an action whose start is a near miss of the
// pattern's literal start ("ec2:Rn*" → "ec2:RunInstances").
func patternHint(e actionEntry) string {
	svc, ok := awsref.LookupService(e.service)
	if !ok {
		return ""
	}
	lit, _, _ := strings.Cut(strings.ReplaceAll(e.raw, "?", "*"), "*")
	starts := map[string]string{}
	var heads []string
	for _, name := range actionNames(svc) {
		if len(name) >= len(lit) {
			h := name[:len(lit)]
			if _, dup := starts[strings.ToLower(h)]; !dup {
				starts[strings.ToLower(h)] = name
				heads = append(heads, h)
			}
		}
	}
	if c, ok := closest(lit, heads); ok {
		return "; did you mean a pattern for actions such as " + quote(starts[strings.ToLower(c)]) + "?"
	}
	return ""
}
