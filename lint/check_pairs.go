package lint

import (
	"strings"

	"github.com/sekisho/sekisho/policy"
)

// pairedKey is a condition key that identifies nothing on its own, and
// the keys of which one must accompany it.
type pairedKey struct {
	key       string   // lower case
	companion []string // lower case; any one of them pairs the key
	why       string
}

// pairedKeys: IAM User Guide, "Access Analyzer policy check reference",
// "Security Warning – Missing paired condition keys" (aws:VpcSourceIp is
// more secure with aws:SourceVpc in the same condition block), and "AWS
// global condition context keys", aws:Ec2InstanceSourcePrivateIPv4 ("You
// must use this condition key with its companion key
// aws:Ec2InstanceSourceVpc": private addresses are not globally unique,
// and the key should not be used alone in an Allow). For aws:VpcSourceIp,
// aws:SourceVpcArn (which the same page recommends over aws:SourceVpc
// where a service supports it) and aws:SourceVpce (an endpoint lies in
// one VPC) pin the VPC as well.
var pairedKeys = []pairedKey{
	{"aws:vpcsourceip", []string{"aws:sourcevpc", "aws:sourcevpcarn", "aws:sourcevpce"},
		"a private address is unique only within its VPC: the same address in another VPC (another account's included) matches too"},
	{"aws:ec2instancesourceprivateipv4", []string{"aws:ec2instancesourcevpc"},
		"a private address is unique only within its VPC: an instance with the same address in another VPC matches too"},
}

// variableNameRE finds the keys that ${...} policy variables name.
var variableNameRE = lazyRegexp(`\$\{([^},'\s]+)`)

// SK6014: a condition key used without the key it must be paired with.
// An Allow must name the companion in the same statement (the conditions
// of a statement are AND-ed; Access Analyzer asks for the same condition
// block). A Deny that excludes addresses with a negated operator
// (NotIpAddress, StringNotEquals) leaves undenied every request whose
// address matches, from whatever VPC, unless a statement also denies by
// VPC: the companion anywhere in the policy will do (as in AWS's own
// example SCP, which pairs the keys in two Deny statements). Such a Deny
// is a suggestion, not a security warning: AWS's warning is about Allows
// (the key "should not be used alone in an Allow statement"), and another
// policy that always applies beside it (an SCP attached at the same
// place) may deny by VPC, which one policy cannot show. A Deny with a
// positive operator only denies more; it is not reported.
func checkPairedKeys(ps *pass) {
	inPolicy := map[string]bool{}
	for _, f := range ps.stmts {
		for k := range keysUsed(f.st) {
			inPolicy[k] = true
		}
	}
	for i, f := range ps.stmts {
		inStmt := keysUsed(f.st)
		for _, c := range f.st.Conditions {
			pk, ok := pairedKeyOf(c.Key)
			if !ok {
				continue
			}
			switch {
			case f.st.Effect == policy.Allow && !anyOf(inStmt, pk.companion):
				ps.reportMax(ps.loc.cond(i, c), "%s in an Allow without %s in the same statement: %s; add a condition on %s", c.Key, orList(pk.companion), pk.why, orList(pk.companion))
			case f.st.Effect == policy.Deny && c.Operator.Op.Negated() && !anyOf(inPolicy, pk.companion):
				ps.report(Suggestion, ps.loc.cond(i, c), "%s %s in a Deny, and no statement of the policy uses %s: %s, and is not denied by this policy; deny by VPC as well, here or in a policy that always applies beside it", c.Operator, c.Key, orList(pk.companion), pk.why)
			}
		}
	}
}

func pairedKeyOf(key string) (pairedKey, bool) {
	k := strings.ToLower(key)
	for _, pk := range pairedKeys {
		if pk.key == k {
			return pk, true
		}
	}
	return pairedKey{}, false
}

// keysUsed returns the lower-case keys a statement's conditions test or
// name in ${...} variables of their values.
func keysUsed(st *policy.Statement) map[string]bool {
	out := map[string]bool{}
	for _, c := range st.Conditions {
		out[strings.ToLower(c.Key)] = true
		for _, v := range c.Values {
			for _, m := range variableNameRE().FindAllStringSubmatch(v.Raw, -1) {
				out[strings.ToLower(m[1])] = true
			}
		}
	}
	return out
}

func anyOf(set map[string]bool, keys []string) bool {
	for _, k := range keys {
		if set[k] {
			return true
		}
	}
	return false
}

// orList names keys in their documented spelling: "aws:SourceVpc or ...".
func orList(keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = keySpelling[k]
		if names[i] == "" {
			names[i] = k
		}
	}
	return strings.Join(names, " or ")
}

var keySpelling = map[string]string{
	"aws:sourcevpc":            "aws:SourceVpc",
	"aws:sourcevpcarn":         "aws:SourceVpcArn",
	"aws:sourcevpce":           "aws:SourceVpce",
	"aws:ec2instancesourcevpc": "aws:Ec2InstanceSourceVpc",
}
