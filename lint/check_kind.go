package lint

import (
	"slices"
	"strings"

	"github.com/sekisho/sekisho/policy"
)

// SK5001: Allow with NotPrincipal grants everyone not listed, anonymous
// principals included.
func checkNotPrincipalAllow(ps *pass) {
	for i, f := range ps.stmts {
		if f.st.NotPrincipal && f.st.Effect == policy.Allow {
			ps.reportMax(ps.loc.principal(i), "Allow with NotPrincipal grants every principal not listed, anonymous users included; name the principals in Principal instead (NotPrincipal belongs with Deny)")
		}
	}
}

// SK5002: RCPs are Deny statements for every principal ("RCP syntax": the
// elements table has no NotPrincipal or NotAction; Allow only in
// RCPFullAWSAccess; Principal must be "*").
func checkRCPElements(ps *pass) {
	if ps.kind != policy.RCP {
		return
	}
	for i, f := range ps.stmts {
		st := f.st
		switch {
		case st.Effect == policy.Allow && !isFullAccess(st):
			ps.reportMax(ps.loc.elem(i, "Effect"), "RCPs support Allow only in the AWS managed RCPFullAWSAccess policy; write this statement as a Deny")
		case st.Principal == nil:
			ps.reportMax(ps.loc.stmt(i), "an RCP statement needs \"Principal\": \"*\"")
		case st.NotPrincipal:
			ps.reportMax(ps.loc.principal(i), "RCPs do not support NotPrincipal; use \"Principal\": \"*\" with a condition such as aws:PrincipalArn")
		case !st.Principal.Any:
			ps.reportMax(ps.loc.principal(i), "an RCP's Principal must be \"*\"; restrict principals with conditions such as aws:PrincipalOrgID or aws:PrincipalAccount")
		}
		if st.NotAction {
			ps.reportMax(ps.loc.elem(i, "NotAction"), "RCPs do not support NotAction; list the actions in Action")
		}
	}
}

// isFullAccess reports whether st is RCPFullAWSAccess's one statement.
func isFullAccess(st *policy.Statement) bool {
	return st.Principal != nil && st.Principal.Any && !st.NotPrincipal && !st.NotAction && !st.NotResource &&
		slices.Equal(st.Actions, []string{"*"}) && len(st.Resources) == 1 && st.Resources[0].Raw == "*" && len(st.Conditions) == 0
}

// rcpServices are the services whose resources RCPs govern (AWS
// Organizations User Guide, "Resource control policies", list of AWS
// services that support RCPs).
var rcpServices = []string{"s3", "sts", "kms", "sqs", "secretsmanager", "cognito-identity", "cognito-idp", "ecr", "aoss", "logs", "dynamodb"}

// SK5003: RCP statements for other services restrict nothing.
func checkRCPServices(ps *pass) {
	if ps.kind != policy.RCP {
		return
	}
	for i, f := range ps.stmts {
		svcs, ok := f.services()
		if !ok || f.st.NotAction {
			continue
		}
		var outside []string
		for _, s := range svcs {
			if !slices.Contains(rcpServices, s) {
				outside = append(outside, s)
			}
		}
		if len(outside) == 0 {
			continue
		}
		what := "the actions of " + strings.Join(outside, ", ") + " are not affected by it"
		if len(outside) == len(svcs) {
			what = "this statement names only " + strings.Join(outside, ", ") + ", so it restricts nothing (write it as the resource's own policy)"
		}
		ps.reportMax(ps.loc.elem(i, "Action"), "RCPs apply only to the resources of %s: %s", strings.Join(rcpServices, ", "), what)
	}
}

// serviceKeys are the keys that describe a calling AWS service principal.
// SCPs govern only the IAM users and roles of member accounts, never AWS
// service principals, so under an SCP aws:PrincipalIsAWSService is always
// false and the other two are always absent.
var serviceKeys = []string{"aws:principalisawsservice", "aws:principalservicename", "aws:principalservicenameslist"}

// SK5004: conditions on service principals are constant in an SCP.
func checkSCPServiceKeys(ps *pass) {
	if ps.kind != policy.SCP {
		return
	}
	eachCondition(ps, func(i int, f *stmtFacts, c *policy.Condition, k keyInfo) {
		if !slices.Contains(serviceKeys, strings.ToLower(c.Key)) {
			return
		}
		if scpConstant(c) {
			ps.report(Suggestion, ps.loc.cond(i, c), "%s %q is always true in an SCP, which never governs AWS service principals: the condition has no effect", c.Operator, c.Key)
			return
		}
		ps.reportMax(ps.loc.cond(i, c), "%s %q is always false in an SCP, which never governs AWS service principals: this statement never applies", c.Operator, c.Key)
	})
}

// scpConstant is the value condition c takes for every request an SCP
// governs: aws:PrincipalIsAWSService is "false", the others are absent.
func scpConstant(c *policy.Condition) bool {
	if !strings.EqualFold(c.Key, "aws:PrincipalIsAWSService") {
		return absentResult(c)
	}
	if c.Operator.Op == policy.Null {
		return !absentResult(c) // the key is present
	}
	match := false
	for _, v := range c.Values {
		match = match || strings.EqualFold(v.Raw, "false")
	}
	if c.Operator.Qualifier == policy.ForAllValues {
		return match
	}
	return match != c.Operator.Op.Negated()
}
