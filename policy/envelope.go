package policy

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
)

// ParseFile reads a policy from a file's content: either the bare document
// or the JSON that the AWS CLI prints around one:
//
//	aws iam get-policy-version        {"PolicyVersion": {"Document": {...}}}
//	aws iam get-role-policy (user, group)  {"PolicyDocument": {...}, ...}
//	aws s3api get-bucket-policy       {"Policy": "{...}"}   (the document as a string)
//	aws organizations describe-policy {"Policy": {"Content": "{...}", ...}}
//
// A document given as a string is parsed on its own; positions in errors
// are then relative to that string.
func ParseFile(src []byte, s Source) (*Policy, error) {
	n, err := node.ParseJSON(src)
	if err != nil {
		return nil, withFile(err, s.File)
	}
	if s.Path == "" {
		s.Path = node.Root
	}
	doc, path, err := Unwrap(n, s.Path)
	if err != nil {
		return nil, withFile(err, s.File)
	}
	s.Path = path
	return FromNode(doc, s)
}

// Unwrap returns the policy document inside an AWS CLI output object, or n
// itself when n is a bare document.
func Unwrap(n *node.Node, path node.Path) (*node.Node, node.Path, error) {
	if n.Kind != node.Object || n.Get("Statement") != nil {
		return n, path, nil
	}
	if pv := n.Get("PolicyVersion"); pv != nil && pv.Kind == node.Object {
		if d := pv.Get("Document"); d != nil {
			return embedded(d, path.Key("PolicyVersion").Key("Document"))
		}
	}
	if d := n.Get("PolicyDocument"); d != nil {
		return embedded(d, path.Key("PolicyDocument"))
	}
	if pol := n.Get("Policy"); pol != nil {
		if pol.Kind == node.Object {
			if c := pol.Get("Content"); c != nil {
				return embedded(c, path.Key("Policy").Key("Content"))
			}
		}
		return embedded(pol, path.Key("Policy"))
	}
	return n, path, nil
}

// embedded returns a document given as an object, or parsed from a string
// (JSON, or URL-encoded JSON as the IAM API returns it).
func embedded(d *node.Node, path node.Path) (*node.Node, node.Path, error) {
	if d.Kind != node.String {
		return d, path, nil
	}
	text := d.Text
	if !strings.HasPrefix(strings.TrimSpace(text), "{") {
		if dec, err := url.QueryUnescape(text); err == nil {
			text = dec
		}
	}
	inner, err := node.ParseJSON([]byte(text))
	if err != nil {
		if e, ok := err.(*node.Error); ok {
			e.Msg = "in the policy document string at " + string(path) + ": " + e.Msg
		}
		return nil, path, err
	}
	return inner, path, nil
}

// FromNodeOrFile reads a policy written inline (an object, JSON or YAML) or
// given as the path of a file holding it (a string), relative to dir, as
// case files and model files allow. s.File and s.Path locate n; for a file,
// they become the file's, and an empty s.Name becomes the file's path.
func FromNodeOrFile(n *node.Node, dir string, s Source) (*Policy, error) {
	switch n.Kind {
	case node.Object:
		return FromNode(n, s)
	case node.String:
		file := n.Text
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		src, err := readfile.Read(file, readfile.Policy)
		if err != nil {
			return nil, withFile(node.Errorf(n, s.Path, "cannot read policy file: %v", err), s.File)
		}
		if s.Name == "" {
			s.Name = file
		}
		return ParseFile(src, Source{File: file, Kind: s.Kind, Name: s.Name})
	}
	return nil, withFile(node.Errorf(n, s.Path, "expected a policy document (object) or the path of a policy file (string), got %s", node.Describe(n)), s.File)
}

// IsAuthorizationDetails reports whether a parsed JSON file has the shape of
// aws iam get-account-authorization-details output: any of its lists
// UserDetailList, GroupDetailList and RoleDetailList, or a Policies list
// of managed policy details (IAM API Reference,
// GetAccountAuthorizationDetails; a --filter asks for some lists only).
// The linter and the model loader both recognize the file by it, so
// that they take the same files for authorization details.
func IsAuthorizationDetails(root *node.Node) bool {
	if root == nil || root.Kind != node.Object {
		return false
	}
	for _, k := range []string{"UserDetailList", "GroupDetailList", "RoleDetailList"} {
		if root.Get(k) != nil {
			return true
		}
	}
	return hasPolicyDetails(root)
}

// hasPolicyDetails reports whether root has a Policies list with an item
// carrying PolicyVersionList, which a ManagedPolicyDetail of
// get-account-authorization-details always has (IAM API Reference,
// ManagedPolicyDetail). Other outputs with a Policies list do not:
// iam list-policies (policies without documents) and organizations
// list-policies (policy summaries). An empty Policies list tells nothing
// and is not taken for authorization details.
func hasPolicyDetails(root *node.Node) bool {
	list := root.Get("Policies")
	if list == nil || list.Kind != node.Array {
		return false
	}
	for _, it := range list.Items {
		if it.Kind == node.Object && it.Get("PolicyVersionList") != nil {
			return true
		}
	}
	return false
}
