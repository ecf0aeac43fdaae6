package model

import (
	"path/filepath"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
)

// FileKind is what a model file holds, recognized from its JSON shape.
type FileKind uint8

// The file kinds.
const (
	UnknownFile          FileKind = iota
	NativeFile                    // Sekisho's own format: organization, accounts, awsManagedPolicies
	AuthorizationDetails          // aws iam get-account-authorization-details
	DescribeOrganization          // aws organizations describe-organization
	ListRoots                     // aws organizations list-roots
	OUsForParent                  // aws organizations list-organizational-units-for-parent
	AccountsForParent             // aws organizations list-accounts-for-parent
	ListPolicies                  // aws organizations list-policies
	DescribePolicy                // aws organizations describe-policy
	TargetsForPolicy              // aws organizations list-targets-for-policy
	BucketPolicy                  // aws s3api get-bucket-policy
	VPCEndpoints                  // aws ec2 describe-vpc-endpoints
	Instances                     // aws ec2 describe-instances
	PolicyDocument                // a bare policy document (or get-policy-version): referenced by native files
)

var fileKindNames = [...]string{"unknown", "model", "get-account-authorization-details", "describe-organization",
	"list-roots", "list-organizational-units-for-parent", "list-accounts-for-parent", "list-policies",
	"describe-policy", "list-targets-for-policy", "get-bucket-policy", "describe-vpc-endpoints",
	"describe-instances", "policy document"}

func (k FileKind) String() string { return fileKindNames[k] }

// nativeKeys are the top-level members of a native model file.
var nativeKeys = map[string]bool{"organization": true, "accounts": true, "awsManagedPolicies": true}

// Sniff recognizes a file's kind from the shape of its content.
func Sniff(n *node.Node) FileKind {
	if n == nil || n.Kind != node.Object || len(n.Fields) == 0 {
		return UnknownFile
	}
	if k := sniffNative(n); k != UnknownFile {
		return k
	}
	switch {
	case n.Get("UserDetailList") != nil || n.Get("RoleDetailList") != nil || n.Get("GroupDetailList") != nil:
		return AuthorizationDetails
	case objectMember(n, "Organization"):
		return DescribeOrganization
	case n.Get("Roots") != nil:
		return ListRoots
	case n.Get("OrganizationalUnits") != nil:
		return OUsForParent
	case n.Get("Accounts") != nil:
		return AccountsForParent
	case n.Get("Targets") != nil:
		return TargetsForPolicy
	case n.Get("VpcEndpoints") != nil:
		return VPCEndpoints
	case n.Get("Reservations") != nil:
		return Instances
	case n.Get("Statement") != nil || objectMember(n, "PolicyVersion") || n.Get("PolicyDocument") != nil:
		return PolicyDocument
	}
	if p := n.Get("Policies"); p != nil && p.Kind == node.Array {
		return ListPolicies
	}
	if p := n.Get("Policy"); p != nil {
		switch p.Kind {
		case node.String:
			return BucketPolicy
		case node.Object:
			if p.Get("PolicySummary") != nil {
				return DescribePolicy
			}
			return PolicyDocument
		}
	}
	return UnknownFile
}

func sniffNative(n *node.Node) FileKind {
	for _, f := range n.Fields {
		if !nativeKeys[f.Key] {
			return UnknownFile
		}
	}
	return NativeFile
}

func objectMember(n *node.Node, key string) bool {
	v := n.Get(key)
	return v != nil && v.Kind == node.Object
}

// namedKinds are the file kinds that a file's name announces by its first
// dot-separated part (docs/model.md): "bucket-policy.prod-data.json".
var namedKinds = map[string]FileKind{
	"authorization-details":  AuthorizationDetails,
	"describe-organization":  DescribeOrganization,
	"list-roots":             ListRoots,
	"ous-for-parent":         OUsForParent,
	"accounts-for-parent":    AccountsForParent,
	"list-policies":          ListPolicies,
	"describe-policy":        DescribePolicy,
	"targets-for-policy":     TargetsForPolicy,
	"bucket-policy":          BucketPolicy,
	"describe-vpc-endpoints": VPCEndpoints,
	"describe-instances":     Instances,
}

// kindOf decides how a model file is read. A file whose name says what it
// holds is read as that or rejected, never sniffed as something else: a
// bucket-policy.B.json sniffed as a policy document would be skipped and
// the bucket's Deny lost. A bucket policy may hold the document decoded,
// {"Policy": {...}}, as well as the CLI's JSON string.
func kindOf(r *reader, n *node.Node) (FileKind, error) {
	k := Sniff(n)
	named, ok := namedKinds[nameParts(r.file)[0]]
	if !ok || named == k {
		return k, nil
	}
	if named == BucketPolicy && n != nil && n.Kind == node.Object && n.Get("Policy") != nil && len(n.Fields) == 1 {
		return BucketPolicy, nil
	}
	return UnknownFile, r.errf(n, node.Root, "the file name says this is %s output, but it holds %s: "+
		"give the file the content its name says, or rename it (docs/model.md)", named, describeKind(k))
}

func describeKind(k FileKind) string {
	switch k {
	case UnknownFile:
		return "something else"
	case NativeFile:
		return "a Sekisho model file"
	case PolicyDocument:
		return "a policy document"
	}
	return k.String() + " output"
}

// IsModelSource reports whether a file's content is model material (a
// native model file or AWS CLI output that a model reads) rather than a
// case file. Policy documents are not model sources.
func IsModelSource(n *node.Node) bool {
	k := Sniff(n)
	return k != UnknownFile && k != PolicyDocument
}

// nameParts returns the dot-separated parts of a file's base name without
// its extension: "accounts-for-parent.ou-ab12-1.json" gives
// ["accounts-for-parent", "ou-ab12-1"].
func nameParts(file string) []string {
	base := filepath.Base(file)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	return strings.Split(base, ".")
}
