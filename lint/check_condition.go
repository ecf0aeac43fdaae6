package lint

import (
	"strings"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/policy"
)

// eachCondition calls fn for every condition of every statement, with what
// the reference says of its key.
func eachCondition(ps *pass, fn func(i int, f *stmtFacts, c *policy.Condition, k keyInfo)) {
	for i, f := range ps.stmts {
		for _, c := range f.st.Conditions {
			fn(i, f, c, resolveKey(c.Key))
		}
	}
}

// absentSeverity is the severity of a key that no request of the statement
// carries: the condition then has its absent value, which either restricts
// nothing (the statement applies more widely) or never holds (it never
// applies).
func absentSeverity(ps *pass, st *policy.Statement, c *policy.Condition) Severity {
	if absentResult(c) {
		return ps.widening(st)
	}
	return ps.narrowing(st)
}

// absentEffect says what a missing key does to the condition and statement.
func absentEffect(st *policy.Statement, c *policy.Condition) string {
	if absentResult(c) && st.Effect == policy.Deny {
		return c.Operator.String() + " is then always true, so this Deny applies whatever the key was meant to test"
	}
	if absentResult(c) {
		return c.Operator.String() + " is then always true and restricts nothing"
	}
	if st.Effect == policy.Deny {
		return c.Operator.String() + " is then always false and this Deny never applies"
	}
	return c.Operator.String() + " is then always false and this Allow never applies"
}

// SK3001: the key is neither global nor any service's. A near miss of a
// real key is a typo (an error, whichever way it breaks the statement);
// other unknown keys may be undocumented, retired or newer than the
// reference (AWS's own managed policies use aws:PrincipalOrgMasterAccountId
// and lakeformation:GlueARN), so they are warnings.
func checkUnknownKey(ps *pass) {
	eachCondition(ps, func(i int, f *stmtFacts, c *policy.Condition, k keyInfo) {
		if k.known || k.provider || k.placeholder {
			return
		}
		hint := didYouMean(c.Key, keyCandidates(c.Key))
		sev, why := unknownSeverity(c.Key)
		ps.report(sev, ps.loc.cond(i, c),
			"unknown condition key %q: neither a global key nor a service key in the AWS service reference of %s, so no request carries it; %s%s%s",
			c.Key, referenceDate(), absentEffect(f.st, c), hint, why)
	})
}

// SK3002: a service key that none of the statement's actions supports.
func checkKeyNotForActions(ps *pass) {
	eachCondition(ps, func(i int, f *stmtFacts, c *policy.Condition, k keyInfo) {
		if !k.known || f.supportsKey(k.ref) {
			return
		}
		svcs, _ := f.services()
		ps.report(absentSeverity(ps, f.st, c), ps.loc.cond(i, c),
			"condition key %q is not supported by any action of this statement (%s): no request for them carries it; %s",
			c.Key, strings.Join(svcs, ", "), absentEffect(f.st, c))
	})
}

func keyCandidates(key string) []string { return awsref.KeyCandidates(key) }

// SK3003: an operator of one type on a key of another.
func checkOperatorType(ps *pass) {
	eachCondition(ps, func(i int, f *stmtFacts, c *policy.Condition, k keyInfo) {
		if !k.known {
			return
		}
		keyFam, ok := keyFamily(k.ref.Type)
		if !ok {
			return
		}
		if fam := c.Operator.Op.Family(); hasVariable(c) && fam != policy.FamilyString && fam != policy.FamilyARN && fam != policy.FamilyNull {
			ps.reportMax(ps.loc.cond(i, c), "%s on %q with a policy variable: AWS accepts policy variables only with String and ARN operators", c.Operator, c.Key)
			return
		}
		sev, msg, bad := typeFit(ps, f.st, c, k.ref, keyFam)
		if bad {
			ps.report(sev, ps.loc.cond(i, c), "%s on %q, a key of type %s: %s", c.Operator, c.Key, k.ref.Type, msg)
		}
	})
}

// typeFit judges an operator family against a key family. String
// operators on ARN keys are fine (IAM User Guide, "ARN condition
// operators"); on other types they compare text, which works only for the
// exact text form. Other mismatches compare values that never parse, so
// the condition behaves as if the key were missing.
func typeFit(ps *pass, st *policy.Statement, c *policy.Condition, k awsref.ConditionKey, keyFam policy.Family) (Severity, string, bool) {
	opFam := c.Operator.Op.Family()
	switch {
	case opFam == policy.FamilyNull || opFam == keyFam:
		return 0, "", false
	case opFam == policy.FamilyString && keyFam == policy.FamilyARN:
		return 0, "", false
	case opFam == policy.FamilyString && hasVariable(c):
		return 0, "", false // comparing two keys: only String operators take variables
	case opFam == policy.FamilyString:
		return Warning, "a String operator compares the value's text, which works only when it is written exactly as AWS writes it; use " + withArticle(familyNames[keyFam]) + " operator", true
	case opFam == policy.FamilyARN && keyFam == policy.FamilyString:
		return 0, "", false // a String key holding ARNs (tags, encryption context); the parser checks the values are ARNs
	case opFam == policy.FamilyNumeric && strings.EqualFold(k.Name, "aws:EpochTime"):
		return 0, "", false // accepts date and numeric operators
	}
	sev := ps.narrowing(st)
	if c.Operator.Op.Negated() {
		sev = ps.widening(st)
	}
	return sev, "the request's value never reads as " + withArticle(familyNames[opFam]) + ", so the condition behaves as if the key were missing; use " + withArticle(familyNames[keyFam]) + " operator", true
}

func hasVariable(c *policy.Condition) bool {
	for _, v := range c.Values {
		if !v.IsLiteral() {
			return true
		}
	}
	return false
}

func withArticle(s string) string {
	if strings.ContainsRune("AEIOU", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// SK3004: Null tests presence: its value is true or false. The parser
// rejects other literal values (SK1000); this catches policy variables and
// set operators.
func checkNullValue(ps *pass) {
	eachCondition(ps, func(i int, f *stmtFacts, c *policy.Condition, k keyInfo) {
		if c.Operator.Op != policy.Null {
			return
		}
		if c.Operator.Qualifier != policy.Single {
			ps.report(Warning, ps.loc.cond(i, c), "%s: with ForAllValues Null is always true, with ForAnyValue always false; use Null without a set operator", c.Operator)
		}
		for j, v := range c.Values {
			if !v.IsLiteral() {
				ps.reportMax(ps.loc.condValue(i, c, j), "Null takes \"true\" (the key is absent) or \"false\" (it is present), not the policy variable %q", v.Raw)
			}
		}
	})
}

// SK3005: ForAllValues is true when the key is absent, so in an Allow on a
// single-valued key it lets requests without the key through.
func checkForAllValuesSingle(ps *pass) {
	eachCondition(ps, func(i int, f *stmtFacts, c *policy.Condition, k keyInfo) {
		if f.st.Effect != policy.Allow || c.Operator.Qualifier != policy.ForAllValues || !k.known || k.ref.MultiValued() {
			return
		}
		ps.reportMax(ps.loc.cond(i, c), "%s on %q, a single-valued key: ForAllValues is also true when the request has no %s, so this Allow matches requests without it; drop ForAllValues: (and add a Null condition if the key must be present)", c.Operator, c.Key, c.Key)
	})
}

// SK3006: in an Allow, set operators with negated operators grant more
// than they seem to. (In a Deny they state the usual guardrails: deny when
// any value is outside the list, or when none is in it, the key's absence
// included.)
func checkNegatedSet(ps *pass) {
	eachCondition(ps, func(i int, f *stmtFacts, c *policy.Condition, k keyInfo) {
		op := c.Operator
		if f.st.Effect != policy.Allow || op.Qualifier == policy.Single || !op.Op.Negated() {
			return
		}
		if op.Qualifier == policy.ForAnyValue {
			ps.reportMax(ps.loc.cond(i, c), "%s allows as soon as one value of the request is outside the list, even when the others are in it; to allow only when no value is in the list use ForAllValues:%s (with a Null condition if the key must be present)", op, op.Op)
			return
		}
		ps.reportMax(ps.loc.cond(i, c), "%s allows when no value of the request is in the list, and also when the request has no %s at all; add a Null condition with \"false\" if the key must be present", op, c.Key)
	})
}

// SK3007: multivalued keys need a set operator.
func checkMissingSet(ps *pass) {
	eachCondition(ps, func(i int, f *stmtFacts, c *policy.Condition, k keyInfo) {
		if c.Operator.Qualifier != policy.Single || c.Operator.Op == policy.Null || !k.known || !k.ref.MultiValued() {
			return
		}
		ps.reportMax(ps.loc.cond(i, c), "%q is multivalued (%s) but %s has no set operator: AWS documents multivalued keys only with ForAnyValue: (some value matches) or ForAllValues: (every value matches); say which one you mean", c.Key, k.ref.Type, c.Operator)
	})
}

// variableRE finds ${...} in a value, whose "*" is not a wildcard.
var variableRE = lazyRegexp(`\$\{[^}]*\}`)

// SK3008: "*" and "?" are wildcards only for Like operators.
func checkWildcardEquals(ps *pass) {
	eachCondition(ps, func(i int, f *stmtFacts, c *policy.Condition, k keyInfo) {
		switch c.Operator.Op.Positive() {
		case policy.StringEquals, policy.StringEqualsIgnoreCase:
		default:
			return
		}
		for j, v := range c.Values {
			if strings.ContainsAny(variableRE().ReplaceAllString(v.Raw, ""), "*?") {
				ps.reportMax(ps.loc.condValue(i, c, j), "%s compares %q literally: * and ? are wildcards only with StringLike and StringNotLike", c.Operator.Op, v.Raw)
			}
		}
	})
}
