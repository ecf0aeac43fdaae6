package load

import (
	"path/filepath"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// The builder reads the files one by one, in order, on one goroutine
// (parseFiles), so that the model and its errors are those of a serial
// load. Parsing the policy documents a file holds was most of that serial
// work (a role's trust and inline documents, managed policies, resource
// policies): the goroutines that parse the files parse them too, ahead of
// the build, and the builder takes the parsed document where it would
// have parsed it (reader.document, reader.awsDocument).
//
// Only documents that parse are kept: one that does not is parsed again by
// the builder, in its place, so that its error and every error after it
// are those of a serial load (the error stops the reading of its file).
// What a parse yields depends only on the document's node, its kind and
// the file; its name and JSON path are only recorded in the result, and
// the builder sets them (adopt). A document the builder does not ask for
// (a format whose reader skips it) costs the parse and nothing else.

// prepared is the documents of one file parsed ahead, by node.
type prepared map[*node.Node]preparedDoc

type preparedDoc struct {
	kind policy.Kind
	pol  *policy.Policy
}

// prefetchDocs turns the parsing ahead off, for the tests that hold the
// model built with it to the model built without it.
var prefetchDocs = true

// prefetch parses the policy documents of a file's tree that its format's
// reader will ask for (format.docs). It runs on the parsing goroutines:
// it reads the tree and nothing of the builder; sc is the goroutine's
// (nil: documents in strings are parsed into memory of their own).
func prefetch(file string, n *node.Node, sc *scratch) prepared {
	if !prefetchDocs || n == nil {
		return nil
	}
	pl, err := placeOf(file)
	if err != nil {
		return nil
	}
	r := &reader{file: file, dir: filepath.Dir(file), scratch: sc}
	f, err := r.format(pl, n)
	if err != nil || f.docs == nil {
		return nil
	}
	var out prepared
	f.docs(n, func(doc *node.Node, kind policy.Kind, aws bool) {
		if doc == nil {
			return
		}
		var pol *policy.Policy
		switch {
		case doc.Kind == node.Object:
			pol, err = policy.FromNode(doc, policy.Source{File: file, Kind: kind})
		case doc.Kind == node.String && aws:
			pol, err = r.stringDocument(doc, node.Root, kind, "")
		default:
			return // a file's path (native files): the builder reads the file
		}
		if err != nil {
			return
		}
		if out == nil {
			out = prepared{}
		}
		out[doc] = preparedDoc{kind: kind, pol: pol}
	})
	return out
}

// adopt returns the document parsed ahead for n as kind, named name at
// path p as the parse in place would have named it, or nil. Each is
// taken once: a node read twice is parsed the second time.
func (r *reader) adopt(n *node.Node, p node.Path, kind policy.Kind, name string) *policy.Policy {
	d, ok := r.pre[n]
	if !ok || d.kind != kind {
		return nil
	}
	delete(r.pre, n)
	if name == "" {
		name = r.file // policy.FromNode's default
	}
	if p == "" {
		p = node.Root
	}
	d.pol.Name, d.pol.Path = name, p
	return d.pol
}

// docVisitor is how a format's docs function names a document its reader
// parses: the node, its kind, and whether the reader takes it as AWS CLI
// output does (reader.awsDocument: a JSON string is a document) rather
// than as a native file does (a string is a file's path).
type docVisitor func(doc *node.Node, kind policy.Kind, aws bool)

// each calls fn for the items of a list (nothing when n is no list).
func each(n *node.Node, fn func(*node.Node)) {
	if n == nil || n.Kind != node.Array {
		return
	}
	for _, item := range n.Items {
		fn(item)
	}
}

// nativeDocs names the documents of a native model file (native.go).
func nativeDocs(n *node.Node, visit docVisitor) {
	if org := n.Get("organization"); org != nil && org.Kind == node.Object {
		each(org.Get("policies"), func(op *node.Node) {
			if op.Kind != node.Object {
				return
			}
			kind := policy.SCP
			if t := op.Get("type"); t != nil && (strings.EqualFold(t.Text, "rcp") || strings.EqualFold(t.Text, "resource_control_policy")) {
				kind = policy.RCP
			}
			visit(docOf(op, "document", "file"), kind, false)
		})
	}
	each(n.Get("awsManagedPolicies"), func(mp *node.Node) { visit(docOf(mp, "document", "file"), policy.Identity, false) })
	each(n.Get("accounts"), func(a *node.Node) {
		if a.Kind != node.Object {
			return
		}
		each(a.Get("policies"), func(mp *node.Node) { visit(docOf(mp, "document", "file"), policy.Identity, false) })
		for _, list := range []string{"users", "groups", "roles"} {
			each(a.Get(list), func(e *node.Node) {
				if e.Kind != node.Object {
					return
				}
				if in := e.Get("inline"); in != nil && in.Kind == node.Object {
					for _, f := range in.Fields {
						visit(f.Value, policy.Identity, false)
					}
				}
				if list == "roles" {
					visit(e.Get("trust"), policy.Trust, false)
				}
			})
		}
		for list := range resourceTypeOfList {
			each(a.Get(list), func(res *node.Node) { visit(docOf(res, "policy"), policy.Resource, false) })
		}
		each(a.Get("vpcs"), func(v *node.Node) {
			if v.Kind == node.Object {
				each(v.Get("endpoints"), func(e *node.Node) { visit(docOf(e, "policy"), policy.Endpoint, false) })
			}
		})
	})
}

// docOf is the last of the members keys that an object holds, as the
// native readers keep the last one they meet ("document" or "file").
func docOf(n *node.Node, keys ...string) *node.Node {
	if n.Kind != node.Object {
		return nil
	}
	var doc *node.Node
	for _, f := range n.Fields {
		for _, k := range keys {
			if f.Key == k {
				doc = f.Value
			}
		}
	}
	return doc
}

// authDetailsDocs names the documents of get-account-authorization-details
// output (awscli_iam.go) but the AWS managed policies' (the same in every
// account's output: the builder parses one of them, sameAWSManaged).
func authDetailsDocs(n *node.Node, visit docVisitor) {
	inline := func(e *node.Node, key string) {
		each(e.Get(key), func(item *node.Node) {
			if item.Kind == node.Object {
				visit(item.Get("PolicyDocument"), policy.Identity, true)
			}
		})
	}
	each(n.Get("UserDetailList"), func(u *node.Node) {
		if u.Kind == node.Object {
			inline(u, "UserPolicyList")
		}
	})
	each(n.Get("GroupDetailList"), func(g *node.Node) {
		if g.Kind == node.Object {
			inline(g, "GroupPolicyList")
		}
	})
	each(n.Get("RoleDetailList"), func(ro *node.Node) {
		if ro.Kind == node.Object {
			inline(ro, "RolePolicyList")
			visit(ro.Get("AssumeRolePolicyDocument"), policy.Trust, true)
		}
	})
	each(n.Get("Policies"), func(mp *node.Node) {
		if mp.Kind != node.Object {
			return
		}
		if a := mp.Get("Arn"); a == nil || a.Kind != node.String || model.AccountOf(a.Text) == "aws" {
			return // AWS managed (any partition), as authReader.policy tells
		}
		def := ""
		if d := mp.Get("DefaultVersionId"); d != nil {
			def = d.Text
		}
		each(mp.Get("PolicyVersionList"), func(v *node.Node) {
			if v.Kind != node.Object {
				return
			}
			isDef := v.Get("IsDefaultVersion")
			vid := v.Get("VersionId")
			if isDef != nil && isDef.Text == "true" || def != "" && vid != nil && vid.Text == def {
				visit(v.Get("Document"), policy.Identity, true)
			}
		})
	})
}

// memberDoc names the document held in member key of the top object as a
// resource policy of the given kind (get-bucket-policy's Policy).
func memberDoc(key string, kind policy.Kind) func(n *node.Node, visit docVisitor) {
	return func(n *node.Node, visit docVisitor) { visit(n.Get(key), kind, true) }
}

// vpcEndpointDocs names the endpoint policies of describe-vpc-endpoints
// (awscli_ec2.go; an endpoint the reader skips, not available or of a
// type without a policy, costs its parse and nothing else).
func vpcEndpointDocs(n *node.Node, visit docVisitor) {
	each(n.Get("VpcEndpoints"), func(e *node.Node) {
		if e.Kind == node.Object {
			visit(e.Get("PolicyDocument"), policy.Endpoint, true)
		}
	})
}

// describePolicyDocs names describe-policy's Content, an SCP or an RCP.
func describePolicyDocs(n *node.Node, visit docVisitor) {
	p := n.Get("Policy")
	if p == nil || p.Kind != node.Object {
		return
	}
	kind := policy.SCP
	if s := p.Get("PolicySummary"); s != nil && s.Kind == node.Object {
		if t := s.Get("Type"); t != nil && t.Text == "RESOURCE_CONTROL_POLICY" {
			kind = policy.RCP
		}
	}
	visit(p.Get("Content"), kind, true)
}
