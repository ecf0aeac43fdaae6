// Package arn parses Amazon Resource Names and the principals that IAM
// policies and requests name: IAM users, roles, role sessions, federated
// users, account roots, AWS service principals and anonymous callers.
//
// The ARN syntax is the AWS SDK for Go v2's (github.com/aws/aws-sdk-go-v2/aws/arn):
// IsARN is the SDK's; Parse splits as the SDK's Parse does (a test holds
// them equal), without its slice, as every decision parses ARNs. This
// package adds what IAM evaluation needs on top: principal kinds and
// account identifiers.
package arn

import (
	"fmt"
	"strings"

	sdkarn "github.com/aws/aws-sdk-go-v2/aws/arn"
)

// ARN is a parsed Amazon Resource Name:
// arn:partition:service:region:account-id:resource.
type ARN struct {
	Partition string
	Service   string
	Region    string
	AccountID string
	Resource  string
}

// Parse parses s as an ARN: "arn:" and five more colon-separated parts,
// the last (the resource) keeping any further colons, as the SDK's Parse.
func Parse(s string) (ARN, error) {
	a, ok := Parsed(s)
	if !ok {
		return ARN{}, fmt.Errorf("malformed ARN %q: expected arn:partition:service:region:account-id:resource", s)
	}
	return a, nil
}

// Parsed is Parse for a caller that needs no error: whether s is an ARN,
// and its parts. The engine splits the resource of every request it
// prepares, often "*", for which Parse would format an error each time.
func Parsed(s string) (ARN, bool) {
	parts, ok := Split(s)
	if !ok || parts[0] != "arn" {
		return ARN{}, false
	}
	return ARN{Partition: parts[1], Service: parts[2], Region: parts[3], AccountID: parts[4], Resource: parts[5]}, true
}

// IsARN reports whether s has the shape of an ARN.
func IsARN(s string) bool { return sdkarn.IsARN(s) }

func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.AccountID + ":" + a.Resource
}

// IsAccountID reports whether s is a 12-digit AWS account identifier.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Split splits s at its first five colons into the six ARN components,
// keeping any further colons in the resource. ok is false when s has fewer
// than six components. Unlike Parse it accepts wildcards anywhere.
func Split(s string) (parts [6]string, ok bool) {
	for i := 0; i < 5; i++ {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return parts, false
		}
		parts[i], s = s[:j], s[j+1:]
	}
	parts[5] = s
	return parts, true
}

// IAM returns the ARN of an IAM entity of the aws partition, such as
// arn:aws:iam::111111111111:user/division/alice: typ is user, group, role,
// policy or instance-profile; path is the IAM path, "/" or "/division/"
// ("" counts as "/"). IAM User Guide, "IAM identifiers".
func IAM(account, typ, path, name string) string {
	if path == "" {
		path = "/"
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	return "arn:aws:iam::" + account + ":" + typ + path + name
}
