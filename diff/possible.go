package diff

import (
	"slices"
	"strings"

	"github.com/sekisho/sekisho/arn"
)

// absentKey is a condition key that requests of some principal kinds
// never carry.
type absentKey struct {
	key    string // lower case; with prefix, every key that starts with it
	prefix bool
	kinds  []arn.PrincipalKind
}

// Principal kinds that hold no IAM role credentials.
var (
	noSigner   = []arn.PrincipalKind{arn.Anonymous}
	noOrgOrTag = []arn.PrincipalKind{arn.Anonymous, arn.Service, arn.CloudFrontOAI}
	noRoleCred = []arn.PrincipalKind{arn.Anonymous, arn.Service, arn.CloudFrontOAI, arn.Account, arn.User, arn.FederatedUser}
)

// absentKeys: IAM User Guide, "AWS global condition context keys", the
// availability of each key. aws:PrincipalOrgID and aws:PrincipalOrgPaths
// are included only when the principal is a member of an organization,
// aws:PrincipalTag/ only for an IAM user or role with tags: neither for
// an anonymous caller or an AWS service. aws:Ec2InstanceSourceVpc,
// aws:Ec2InstanceSourcePrivateIPv4, ec2:SourceInstanceArn and
// ec2:RoleDelivery come with Amazon EC2 role credentials, and
// aws:SourceIdentity with a role session that set one: never from a user,
// an account root or a federated user. aws:MultiFactorAuthPresent,
// aws:MultiFactorAuthAge and aws:TokenIssueTime come with credentials,
// which an anonymous caller has none of.
var absentKeys = []absentKey{
	{"aws:principalorgid", false, noOrgOrTag},
	{"aws:principalorgpaths", false, noOrgOrTag},
	{"aws:principaltag/", true, noOrgOrTag},
	{"aws:ec2instancesourcevpc", false, noRoleCred},
	{"aws:ec2instancesourceprivateipv4", false, noRoleCred},
	{"ec2:sourceinstancearn", false, noRoleCred},
	{"ec2:roledelivery", false, noRoleCred},
	{"aws:sourceidentity", false, noRoleCred},
	{"aws:multifactorauthpresent", false, noSigner},
	{"aws:multifactorauthage", false, noSigner},
	{"aws:tokenissuetime", false, noSigner},
}

// impossible names a key of ctx that no request of a principal of kind
// k carries, or "" when some real request could look like this one. A
// witness that no real request looks like is never reported: an
// anonymous caller "with aws:PrincipalOrgID" is not new access.
func impossible(k arn.PrincipalKind, ctx map[string][]string) string {
	for key := range ctx {
		low := strings.ToLower(key)
		for _, a := range absentKeys {
			hit := low == a.key || (a.prefix && strings.HasPrefix(low, a.key))
			if hit && slices.Contains(a.kinds, k) {
				return key
			}
		}
	}
	return ""
}
