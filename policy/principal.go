package policy

import (
	"fmt"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
)

// principal reads a Principal or NotPrincipal element: "*" or an object with
// AWS, Service, Federated and CanonicalUser members, each a string or a list.
// IAM User Guide, "AWS JSON policy elements: Principal".
func principal(v *node.Node, at *node.At) (*Principal, error) {
	pr := &Principal{Pos: v.Pos}
	if v.Kind == node.String {
		if v.Text != "*" {
			return nil, node.Errorf(v, at.Path(), "expected \"*\" or an object such as {\"AWS\": \"arn:aws:iam::111122223333:root\"}, got %q", v.Text)
		}
		pr.Any = true
		return pr, nil
	}
	if v.Kind != node.Object {
		return nil, node.Errorf(v, at.Path(), "expected \"*\" or an object with AWS, Service, Federated or CanonicalUser, got %s", node.Describe(v))
	}
	if len(v.Fields) == 0 {
		return nil, node.Errorf(v, at.Path(), "expected at least one of AWS, Service, Federated or CanonicalUser, got an empty object")
	}
	for _, f := range v.Fields {
		fp := at.Key(f.Key)
		list, err := stringList(f.Value, &fp)
		if err != nil {
			return nil, err
		}
		switch f.Key {
		case "AWS":
			if err := awsPrincipals(pr, list, f.Value, &fp); err != nil {
				return nil, err
			}
		case "Service":
			pr.Service = list
		case "Federated":
			pr.Federated = list
		case "CanonicalUser":
			pr.CanonicalUser = list
		default:
			return nil, &node.Error{Path: fp.Path(), Pos: f.KeyPos, Msg: fmt.Sprintf("unknown principal type %q: expected AWS, Service, Federated or CanonicalUser", f.Key)}
		}
	}
	return pr, nil
}

func awsPrincipals(pr *Principal, list []string, v *node.Node, at *node.At) error {
	for i, s := range list {
		if s == "*" {
			pr.Any = true
			continue
		}
		if strings.IndexByte(s, '*') >= 0 || strings.IndexByte(s, '?') >= 0 {
			return node.Errorf(itemOf(v, i), indexPath(v, at, i), "wildcard in principal %q: AWS allows only \"*\" on its own, not inside an ARN (use a condition on aws:PrincipalArn instead)", s)
		}
		if IsUniqueID(s) {
			pr.UniqueIDs = append(pr.UniqueIDs, s)
			continue
		}
		if _, err := arn.ParsePrincipal(s); err != nil || arn.IsServicePrincipal(s) {
			return node.Errorf(itemOf(v, i), indexPath(v, at, i), "malformed AWS principal %q: expected a 12-digit account id or an IAM ARN such as arn:aws:iam::111122223333:role/name", s)
		}
		pr.AWS = append(pr.AWS, s)
	}
	return nil
}

// IsUniqueID reports whether s is the unique ID of an IAM user (AIDA...)
// or role (AROA...): the prefix and at least 12 more capital letters and
// digits, `^A(IDA|ROA)[A-Z0-9]{12,}$` (IAM User Guide, "IAM identifiers",
// unique ID prefixes).
//
// IAM User Guide, "AWS JSON policy elements: Principal": IAM stores a
// principal ARN as the principal's unique ID; when the user or role is
// deleted, the policy shows the ID, because it no longer maps back to an
// ARN. Such a principal matches no request: a user or role created again
// under the same name has a new ID.
//
// It reads the bytes rather than match a regular expression: every AWS
// principal of every trust policy a model loads is checked (100,000 at
// 1,000 accounts of 100 roles).
func IsUniqueID(s string) bool {
	if len(s) < 4+12 || s[:4] != "AIDA" && s[:4] != "AROA" {
		return false
	}
	for i := 4; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
