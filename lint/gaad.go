package lint

import (
	"net/url"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/policy"
)

// GAADReport is what GAAD linted and what it left out.
type GAADReport struct {
	Findings []Finding
	Linted   int // policy documents linted
	// AWSManaged counts the AWS managed policies in the file (ARNs under
	// arn:aws:iam::aws:policy/), not linted: AWS writes and maintains them.
	AWSManaged int
}

// IsGAAD reports whether a parsed JSON file has the shape of
// aws iam get-account-authorization-details output
// (policy.IsAuthorizationDetails, which the model loader uses too).
func IsGAAD(root *node.Node) bool { return policy.IsAuthorizationDetails(root) }

// GAAD lints every policy document in the output of aws iam
// get-account-authorization-details: each user, group and role inline
// policy (sized as that holder's inline policy), each role's trust policy
// (AssumeRolePolicyDocument), and the default version of each customer
// managed policy, the one IAM evaluates ("Versioning IAM policies", IAM
// User Guide); other versions are not in effect and are not linted.
// AWS managed policies are counted, not linted, unless includeAWSManaged.
// Findings name the file and the JSON path inside it.
func GAAD(path string, root *node.Node, includeAWSManaged bool) (*GAADReport, error) {
	if !IsGAAD(root) {
		return nil, &node.Error{File: path, Pos: root.Pos, Path: node.Root,
			Msg: "expected the output of aws iam get-account-authorization-details (UserDetailList, GroupDetailList, RoleDetailList, or Policies with PolicyVersionList)"}
	}
	g := &gaadLinter{path: path, rep: &GAADReport{}, includeAWS: includeAWSManaged}
	holders := []struct{ list, inline, attach string }{
		{"UserDetailList", "UserPolicyList", "user"},
		{"GroupDetailList", "GroupPolicyList", "group"},
		{"RoleDetailList", "RolePolicyList", "role"},
	}
	for _, h := range holders {
		attach, _ := ParseAttachment(h.attach)
		err := g.each(root, node.Root, h.list, func(item *node.Node, ip node.Path) error {
			if h.list == "RoleDetailList" {
				if err := g.doc(item, ip, "AssumeRolePolicyDocument", Options{Kind: policy.Trust}); err != nil {
					return err
				}
			}
			return g.each(item, ip, h.inline, func(p *node.Node, pp node.Path) error {
				return g.doc(p, pp, "PolicyDocument", Options{Kind: policy.Identity, Attachment: attach})
			})
		})
		if err != nil {
			return nil, err
		}
	}
	err := g.each(root, node.Root, "Policies", g.managed)
	if err != nil {
		return nil, err
	}
	Sort(g.rep.Findings)
	return g.rep, nil
}

type gaadLinter struct {
	path       string
	rep        *GAADReport
	includeAWS bool
}

// each calls fn for every item of the list under key, absent meaning empty.
func (g *gaadLinter) each(n *node.Node, p node.Path, key string, fn func(*node.Node, node.Path) error) error {
	list := n.Get(key)
	if list == nil {
		return nil
	}
	lp := p.Key(key)
	if list.Kind != node.Array {
		return &node.Error{File: g.path, Pos: list.Pos, Path: lp, Msg: "expected a list, got " + node.Describe(list)}
	}
	for i, item := range list.Items {
		if item.Kind != node.Object {
			return &node.Error{File: g.path, Pos: item.Pos, Path: lp.Index(i), Msg: "expected an object, got " + node.Describe(item)}
		}
		if err := fn(item, lp.Index(i)); err != nil {
			return err
		}
	}
	return nil
}

// managed lints a managed policy's default version, or counts an AWS
// managed policy left out.
func (g *gaadLinter) managed(pol *node.Node, p node.Path) error {
	if arn := pol.Get("Arn"); arn != nil && arn.Kind == node.String && strings.Contains(arn.Text, ":iam::aws:policy/") && !g.includeAWS {
		g.rep.AWSManaged++
		return nil
	}
	found := false
	err := g.each(pol, p, "PolicyVersionList", func(v *node.Node, vp node.Path) error {
		if d := v.Get("IsDefaultVersion"); d == nil || d.Kind != node.Bool || d.Text != "true" {
			return nil
		}
		found = true
		return g.doc(v, vp, "Document", Options{Kind: policy.Identity, Attachment: AttachManaged})
	})
	if err == nil && !found {
		return &node.Error{File: g.path, Pos: pol.Pos, Path: p.Key("PolicyVersionList"),
			Msg: "expected a version with IsDefaultVersion true: the managed policy's document in effect"}
	}
	return err
}

// doc lints the document under key: an object, or a JSON string
// (URL-encoded, as the IAM API returns it, or not).
func (g *gaadLinter) doc(n *node.Node, p node.Path, key string, opts Options) error {
	d := n.Get(key)
	dp := p.Key(key)
	if d == nil {
		if key == "AssumeRolePolicyDocument" {
			return &node.Error{File: g.path, Pos: n.Pos, Path: dp, Msg: "expected the role's trust policy"}
		}
		return &node.Error{File: g.path, Pos: n.Pos, Path: dp, Msg: "expected a policy document"}
	}
	g.rep.Linted++
	switch d.Kind {
	case node.Object:
		g.rep.Findings = append(g.rep.Findings, lintDoc(g.path, d, dp, opts, measure(d, ""))...)
		return nil
	case node.String:
		text := d.Text
		if strings.HasPrefix(text, "%7B") || strings.HasPrefix(text, "%7b") {
			dec, err := url.QueryUnescape(text)
			if err != nil {
				return &node.Error{File: g.path, Pos: d.Pos, Path: dp, Msg: "cannot URL-decode the policy document: " + err.Error()}
			}
			text = dec
		}
		doc, err := node.ParseJSON([]byte(text))
		if err != nil {
			return &node.Error{File: g.path, Pos: d.Pos, Path: dp, Msg: "policy document in this string: " + err.Error()}
		}
		fs := lintDoc(g.path, doc, dp, opts, measure(doc, text))
		atString(fs, d.Pos)
		g.rep.Findings = append(g.rep.Findings, fs...)
		return nil
	}
	return &node.Error{File: g.path, Pos: d.Pos, Path: dp, Msg: "expected a policy document (object or JSON string), got " + node.Describe(d)}
}
