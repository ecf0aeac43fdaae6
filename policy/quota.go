package policy

import (
	"unicode/utf8"

	"github.com/sekisho/sekisho/internal/node"
)

// MaxDocumentChars is the size, in characters, past which a document
// cannot be a policy in AWS. IAM returns no policy document longer than
// 131,072 characters, AWS managed policies included (IAM API Reference,
// data types PolicyDetail and PolicyVersion: Document, "Maximum length of
// 131072"; the largest AWS managed policy, AWSSupportServiceRolePolicy, is
// about 113,000 without white space). Customer policies are far smaller:
// 6,144 characters for a managed policy and 10,240 for a role's inline
// policies (IAM User Guide, "IAM and AWS STS quotas"), 5,120 for an SCP or
// RCP (AWS Organizations User Guide, "Quotas and service limits for AWS
// Organizations"), 32,768 bytes for a KMS key policy (AWS KMS Developer
// Guide, "Key policy format"), the largest resource-policy quota. So every
// pattern in a policy is shorter than this too, which bounds the work of
// matching it (internal/wildcard).
const MaxDocumentChars = 131_072

// checkSize refuses a document larger than MaxDocumentChars, measuring
// only as far as the limit. White space is not counted, as IAM's quotas
// do not count it.
func checkSize(n *node.Node, path node.Path) *node.Error {
	if size := compactSize(n, MaxDocumentChars); size > MaxDocumentChars {
		return node.Errorf(n, path, "policy document of more than %d characters (not counting white space): no policy that large can exist in AWS (the IAM API returns documents of at most 131,072 characters, AWS managed policies included; customer quotas are smaller: 6,144 for a managed policy, 10,240 for role inline policies, 5,120 for an SCP or RCP, 32,768 bytes for a KMS key policy)", MaxDocumentChars)
	}
	return nil
}

// compactSize is the length in characters of n written as JSON without
// white space (escapes counted as one character), or a number past limit
// once it is known to exceed it.
func compactSize(n *node.Node, limit int) int {
	switch n.Kind {
	case node.String:
		return utf8.RuneCountInString(n.Text) + 2
	case node.Null:
		return 4
	case node.Array:
		size := 2 + max(len(n.Items)-1, 0)
		for _, it := range n.Items {
			if size += compactSize(it, limit-size); size > limit {
				return size
			}
		}
		return size
	case node.Object:
		size := 2 + max(len(n.Fields)-1, 0)
		for _, f := range n.Fields {
			size += utf8.RuneCountInString(f.Key) + 3
			if size += compactSize(f.Value, limit-size); size > limit {
				return size
			}
		}
		return size
	}
	return len(n.Text)
}
