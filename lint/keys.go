package lint

import (
	"regexp"
	"strings"
	"sync"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/policy"
)

// keyInfo is what the reference says about a condition key as written.
type keyInfo struct {
	ref         awsref.ConditionKey
	known       bool // in the reference
	provider    bool // "provider:claim" of a web identity or SAML provider
	placeholder bool // "<OIDC_provider>:sub": a fill-in
}

// resolveKey looks a condition key up (awsref.ResolveConditionKey), and
// knows fill-in placeholders such as "<OIDC_provider>:sub".
func resolveKey(name string) keyInfo {
	if hasPlaceholder(name) {
		return keyInfo{placeholder: true}
	}
	if k, provider, ok := awsref.ResolveConditionKey(name); ok {
		return keyInfo{ref: k, known: !provider, provider: provider}
	}
	return keyInfo{}
}

// absentResult is the value of condition c for a request that does not
// carry its key (IAM User Guide, "Condition operators": a missing key makes
// a positive operator false and a negated one true; ...IfExists is true;
// ForAllValues is true and ForAnyValue false on an empty set; Null "true"
// matches a missing key).
func absentResult(c *policy.Condition) bool {
	op := c.Operator
	switch {
	case op.Op == policy.Null:
		for _, v := range c.Values {
			if strings.EqualFold(v.Raw, "true") {
				return true
			}
		}
		return false
	case op.IfExists:
		return true
	case op.Qualifier == policy.ForAllValues:
		return true
	case op.Qualifier == policy.ForAnyValue:
		return false
	}
	return op.Op.Negated()
}

// placeholderRE finds fill-in placeholders such as "<my-vpc>" inside a
// value, as AWS's published examples write them.
var placeholderRE = lazyRegexp(`<[A-Za-z0-9][A-Za-z0-9_.:/ -]*>`)

func hasPlaceholder(s string) bool {
	return strings.IndexByte(s, '<') >= 0 && placeholderRE().MatchString(s)
}

func placeholderIn(s string) string { return placeholderRE().FindString(s) }

// keyFamily maps a reference key type to the operator family that fits it.
func keyFamily(typ string) (policy.Family, bool) {
	switch strings.TrimPrefix(typ, "ArrayOf") {
	case "String":
		return policy.FamilyString, true
	case "ARN", "Arn":
		return policy.FamilyARN, true
	case "Numeric", "Long", "Integer":
		return policy.FamilyNumeric, true
	case "Date":
		return policy.FamilyDate, true
	case "Bool", "Boolean":
		return policy.FamilyBool, true
	case "IPAddress":
		return policy.FamilyIP, true
	case "Binary":
		return policy.FamilyBinary, true
	}
	return 0, false
}

var familyNames = map[policy.Family]string{
	policy.FamilyString: "String", policy.FamilyNumeric: "Numeric", policy.FamilyDate: "Date",
	policy.FamilyBool: "Bool", policy.FamilyBinary: "Binary", policy.FamilyIP: "IP address",
	policy.FamilyARN: "ARN", policy.FamilyNull: "Null",
}

// KnownConditionKey reports whether lint knows the condition key: the
// service reference has it, or it is an identity provider's key or a
// placeholder. The generator of managed_names.go uses it.
func KnownConditionKey(name string) bool {
	k := resolveKey(name)
	return k.known || k.provider || k.placeholder
}

// lazyRegexp returns a function that compiles expr once, on its first call.
// The package's expressions are compiled on first use, not at package init:
// every sekisho command links lint, most never lint, and each compiled
// expression was part of every process start.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
