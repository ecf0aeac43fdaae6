package lint

import (
	"strings"

	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// mfaKey is the key whose absence the MFA checks are about.
const mfaKey = "aws:multifactorauthpresent"

// SK6009: aws:MultiFactorAuthPresent compared with false. IAM User Guide,
// "AWS global condition context keys", aws:MultiFactorAuthPresent: the key
// is not present when long-term credentials (an IAM user's access keys)
// sign the request, so "Bool false" does not match them. In an Allow such
// a condition does not catch the callers it seems to; in a Deny without
// IfExists it leaves every request signed with access keys undenied. The
// guide recommends BoolIfExists with false in a Deny, or Null.
func checkMFAFalse(ps *pass) {
	for i, f := range ps.stmts {
		for _, c := range f.st.Conditions {
			if strings.ToLower(c.Key) != mfaKey || c.Operator.Op.Family() != policy.FamilyBool || !hasFalse(c) {
				continue
			}
			ifExists := c.Operator.IfExists
			switch {
			case f.st.Effect == policy.Allow:
				ps.reportMax(ps.loc.cond(i, c), "%s %s false in an Allow: the key is absent from requests signed with long-term access keys, so this does not match the callers without MFA it seems to; to require MFA, deny with BoolIfExists %s false", c.Operator, c.Key, c.Key)
			case !ifExists:
				ps.reportMax(ps.loc.cond(i, c), "Bool %s false in a Deny does not deny requests signed with long-term access keys, which do not carry the key at all; use BoolIfExists so that a missing key counts as no MFA", c.Key)
			}
		}
	}
}

func hasFalse(c *policy.Condition) bool {
	for _, v := range c.Values {
		if strings.EqualFold(v.Raw, "false") {
			return true
		}
	}
	return false
}

// regionRE is the shape of every AWS Region name: a partition-specific
// area (us, eu, ap, cn, us-gov, us-iso, ...), a direction, and a number
// (AWS General Reference, "AWS Regions").
var regionRE = lazyRegexp(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$`)

// knownRegions are the Regions AWS lists when this was written (AWS General
// Reference, "AWS service endpoints", Regions table; China and GovCloud
// included). A Region-shaped name that is not here may be newer.
var knownRegions = setOf(
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
	"af-south-1", "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
	"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
	"eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1",
	"il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1",
	"cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1",
	"us-iso-east-1", "us-iso-west-1", "us-isob-east-1",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// regionKeys are condition keys whose values are Region names.
var regionKeys = setOf("aws:requestedregion", "ec2:region")

// SK1005: a Region name that no AWS Region has, in a Resource ARN or in a
// condition on aws:RequestedRegion. Access Analyzer reports an invalid
// Region as an error; a name with a Region's shape that this list does not
// know may be a new Region and is a warning.
func checkRegionNames(ps *pass) {
	for i, f := range ps.stmts {
		for j, r := range f.st.Resources {
			if region, ok := arnRegion(r.Raw); ok {
				reportRegion(ps, ps.loc.item(i, resourceElem(f.st), j), region, "in the ARN "+quote(r.Raw))
			}
		}
		for _, c := range f.st.Conditions {
			if !regionKeys[strings.ToLower(c.Key)] || c.Operator.Op.Family() != policy.FamilyString || c.Operator.Op.Positive() == policy.StringLike {
				continue
			}
			for j, v := range c.Values {
				if v.IsLiteral() && !policy.IsPlaceholder(v.Raw) {
					reportRegion(ps, ps.loc.condValue(i, c, j), v.Raw, "compared with "+c.Key)
				}
			}
		}
	}
}

// arnRegion returns the literal Region part of an ARN, when it has one.
func arnRegion(arn string) (string, bool) {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) < 5 || parts[0] != "arn" || parts[3] == "" || strings.ContainsAny(parts[3], "*?$<") {
		return "", false
	}
	return parts[3], true
}

func reportRegion(ps *pass, at place, region, where string) {
	switch {
	case knownRegions[region]:
	case regionRE().MatchString(region):
		ps.report(Warning, at, "%q %s is not a Region this version of Sekisho knows; if it is not a new Region, it is a typo and the value matches nothing", region, where)
	default:
		hint := didYouMean(region, sortedNames(knownRegions))
		ps.reportMax(at, "%q %s is not an AWS Region name (such as ap-northeast-1)%s; it matches no request", region, where, hint)
	}
}

// servicePrincipalRE is the format of AWS service principals: a name
// followed by amazonaws.com (amazonaws.com.cn in China) or amazon.com
// (IAM User Guide, "AWS service principals").
var servicePrincipalRE = lazyRegexp(`^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|amazon\.com)$`)

// SK1006: a Service principal that is not in the service principal format.
// AWS rejects such a policy or the principal matches no service (Access
// Analyzer: "Invalid service principal format").
func checkServicePrincipals(ps *pass) {
	for i, f := range ps.stmts {
		if f.st.Principal == nil {
			continue
		}
		for _, s := range f.st.Principal.Service {
			if s == "*" || servicePrincipalRE().MatchString(s) || policy.IsPlaceholder(s) {
				continue
			}
			hint := ""
			if strings.HasPrefix(s, "arn:") || !strings.Contains(s, ".") {
				hint = "; a service principal names the service, such as ec2.amazonaws.com, not an ARN or a bare service prefix"
			}
			ps.reportMax(ps.loc.principal(i), "%q is not a service principal (SERVICE.amazonaws.com)%s", s, hint)
		}
	}
}

// webIdentityProviders are the identity providers a Federated principal
// names by their own name rather than by an IAM provider ARN (IAM User
// Guide, "AWS JSON policy elements: Principal", Federated web identity
// user principals: Amazon Cognito, Login with Amazon, Facebook, Google).
var webIdentityProviders = map[string]bool{
	"cognito-identity.amazonaws.com": true,
	"www.amazon.com":                 true,
	"graph.facebook.com":             true,
	"accounts.google.com":            true,
}

// federatedProviderRE is the ARN of an IAM SAML or OIDC identity provider
// (IAM User Guide, "AWS JSON policy elements: Principal", SAML federated
// principals and OIDC providers: arn:PARTITION:iam::ACCOUNT:saml-provider/NAME,
// arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST[/PATH]).
var federatedProviderRE = lazyRegexp(`^arn:aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?:iam::[0-9]{12}:(saml-provider/[A-Za-z0-9._-]+|oidc-provider/[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s]*)?)$`)

// SK1009: a Federated principal that is neither an IAM identity provider
// ARN nor one of the web identity providers AWS names (Access Analyzer's
// trust policy check of the identity provider's format; Parliament's
// UNKNOWN_FEDERATION_SOURCE). STS matches the principal of
// AssumeRoleWithSAML or AssumeRoleWithWebIdentity against the provider
// the token came from, so any other text trusts no one: the role cannot
// be assumed the way the policy means.
func checkFederatedPrincipals(ps *pass) {
	for i, f := range ps.stmts {
		if f.st.Principal == nil {
			continue
		}
		for _, s := range f.st.Principal.Federated {
			if webIdentityProviders[s] || federatedProviderRE().MatchString(s) || policy.IsPlaceholder(s) {
				continue
			}
			ps.reportMax(ps.loc.principalValue(i, "Federated", s),
				"%q is not an identity provider: a Federated principal is the ARN of an IAM SAML or OIDC provider (arn:aws:iam::ACCOUNT:saml-provider/NAME, arn:aws:iam::ACCOUNT:oidc-provider/HOST) or one of cognito-identity.amazonaws.com, www.amazon.com, graph.facebook.com, accounts.google.com; as written it matches no one", s)
		}
	}
}

// SK3009: two keys of one condition operator that differ only in case.
// Condition keys compare case-insensitively, so both apply to the same key
// and are AND-ed; usually a copy-and-edit mistake (Access Analyzer:
// "Duplicate keys with different case").
func checkDuplicateKeysCase(ps *pass) {
	for i, f := range ps.stmts {
		seen := map[string]string{}
		for _, c := range f.st.Conditions {
			id := c.Operator.String() + "\x00" + strings.ToLower(c.Key)
			if first, dup := seen[id]; dup && first != c.Key {
				ps.reportMax(ps.loc.cond(i, c), "%q and %q under %s are the same condition key (keys are case-insensitive): both conditions must hold; merge their values into one key", first, c.Key, c.Operator)
				continue
			}
			seen[id] = c.Key
		}
	}
}

// variableKeyRE is the form of a condition key inside ${...}.
var variableKeyRE = lazyRegexp(`^[A-Za-z0-9-]+:[A-Za-z0-9_./:@+=,\-]+$`)

// lookalikeRE finds the usual misspellings of a policy variable: $(key),
// {key} without the dollar, and $key without braces.
var lookalikeRE = lazyRegexp(`\$\([a-zA-Z-]+:[^)]*\)|(^|[^$]){aws:[^}]*}|\$aws:[A-Za-z]+`)

// SK1007: policy variable syntax (IAM User Guide, "IAM policy elements:
// Variables and tags"): ${ without a closing brace, an empty or malformed
// key, a default value not in single quotes, and lookalikes such as
// $(aws:username) are all read as literal text or fail to resolve.
func checkVariableSyntax(ps *pass) {
	if !ps.pol.Version.VariablesEnabled() {
		return // SK1002 covers variables outside 2012-10-17
	}
	for i, f := range ps.stmts {
		for j, r := range f.st.Resources {
			variableSyntaxAt(ps, ps.loc.item(i, resourceElem(f.st), j), r)
		}
		for _, c := range f.st.Conditions {
			for j, v := range c.Values {
				variableSyntaxAt(ps, ps.loc.condValue(i, c, j), v)
			}
		}
	}
}

func variableSyntaxAt(ps *pass, at place, t policy.Template) {
	if msg := variableProblem(t); msg != "" {
		ps.reportMax(at, "%q: %s", t.Raw, msg)
	}
}

// variableProblem describes what is wrong with the variables of t, or "".
func variableProblem(t policy.Template) string {
	raw := t.Raw
	if i := strings.LastIndex(raw, "${"); i >= 0 && !strings.Contains(raw[i:], "}") {
		return "\"${\" has no closing \"}\": AWS reads the value as literal text"
	}
	for _, p := range t.Parts {
		if p.Kind != policy.Variable {
			continue
		}
		if !variableKeyRE().MatchString(p.Name) {
			return "${" + p.Name + "} does not name a condition key (service:key): the variable never resolves"
		}
		if p.HasDefault && !strings.HasPrefix(strings.TrimSpace(defaultText(raw, p)), "'") {
			return "the default value of ${" + p.Name + "} is not in single quotes, as ${key, 'default'} requires"
		}
	}
	if m := lookalikeRE().FindString(raw); m != "" {
		return strings.TrimLeft(m, "^") + " looks like a policy variable but is literal text; write ${key}"
	}
	return ""
}

// defaultText returns what follows the comma of variable p in raw.
func defaultText(raw string, p policy.Part) string {
	i := strings.Index(raw, "${"+p.Name)
	if i < 0 {
		return "'"
	}
	rest := raw[i:]
	end := strings.IndexByte(rest, '}')
	comma := strings.IndexByte(rest, ',')
	if comma < 0 || end < comma {
		return "'"
	}
	return rest[comma+1 : end]
}

// deprecatedKeys are global condition keys that AWS documents as replaced
// (IAM User Guide, "Access Analyzer policy check reference", General
// Warning - Deprecated global condition key: "update aws:ARN to use the
// newer condition keys aws:PrincipalArn or aws:SourceArn").
var deprecatedKeys = map[string]string{
	"aws:arn": "use aws:PrincipalArn for the caller or aws:SourceArn for the resource a service acts for",
}

// SK3010: a deprecated global condition key.
func checkDeprecatedKeys(ps *pass) {
	for i, f := range ps.stmts {
		for _, c := range f.st.Conditions {
			if why, ok := deprecatedKeys[strings.ToLower(c.Key)]; ok {
				ps.report(ps.narrowing(f.st), ps.loc.cond(i, c), "%s is deprecated: %s", c.Key, why)
			}
		}
	}
}

// SK1008: a Resource ARN with fewer than the six parts of the ARN format,
// arn:partition:service:region:account-id:resource (IAM User Guide, "IAM
// identifiers", ARNs; Access Analyzer reports a resource that does not
// match the ARN format as the error "Invalid ARN resource"). Such a value
// names no resource. Only values without wildcards or variables are
// judged: a "*" may stand for several parts.
func checkARNParts(ps *pass) {
	for i, f := range ps.stmts {
		for j, r := range f.st.Resources {
			if !r.IsLiteral() || !strings.HasPrefix(r.Raw, "arn:") || wildcard.HasWildcard(r.Raw) || policy.IsPlaceholder(r.Raw) {
				continue
			}
			if n := strings.Count(r.Raw, ":") + 1; n < 6 {
				ps.reportMax(ps.loc.item(i, resourceElem(f.st), j), "%q has %d of the six parts of an ARN (arn:partition:service:region:account-id:resource; region and account may be empty, as in arn:aws:s3:::bucket): it names no resource", r.Raw, n)
			}
		}
	}
}
