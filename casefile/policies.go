package casefile

import (
	"fmt"
	"strconv"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/policy"
)

func (r *reader) policies(n *node.Node, at *node.At) (eval.PolicySet, error) {
	var ps eval.PolicySet
	if n.Kind != node.Object {
		return ps, node.Errorf(n, at.Path(), "expected an object with identity, boundary, session, scp, rcp, resource, vpcEndpoint, got %s", node.Describe(n))
	}
	for _, f := range n.Fields {
		fp := at.Key(f.Key)
		var err error
		switch f.Key {
		case "identity":
			ps.Identity, err = r.list(f.Value, &fp, policy.Identity, "identity")
		case "boundary":
			ps.Boundary, err = r.list(f.Value, &fp, policy.Boundary, "boundary")
		case "session":
			ps.Session, err = r.list(f.Value, &fp, policy.Session, "session")
		case "scp":
			ps.SCP, err = r.levels(f.Value, &fp, policy.SCP, "scp")
		case "rcp":
			ps.RCP, err = r.levels(f.Value, &fp, policy.RCP, "rcp")
		case "resource":
			ps.Resource, err = r.optional(f.Value, &fp, policy.Resource, "resource")
		case "vpcEndpoint":
			ps.Endpoint, err = r.optional(f.Value, &fp, policy.Endpoint, "vpcEndpoint")
		default:
			err = &node.Error{Path: fp.Path(), Pos: f.KeyPos, Msg: fmt.Sprintf("unknown policy type %q: expected identity, boundary, session, scp, rcp, resource or vpcEndpoint", f.Key)}
		}
		if err != nil {
			return ps, err
		}
	}
	return ps, nil
}

func (r *reader) list(n *node.Node, at *node.At, k policy.Kind, name string) ([]*policy.Policy, error) {
	if n.Kind == node.Null {
		return nil, nil
	}
	if n.Kind != node.Array {
		return nil, node.Errorf(n, at.Path(), "expected a list of policies, got %s", node.Describe(n))
	}
	out := make([]*policy.Policy, 0, len(n.Items))
	for i, item := range n.Items {
		ia := at.Index(i)
		pol, err := r.policy(item, &ia, k, indexed(name, i))
		if err != nil {
			return nil, err
		}
		out = append(out, pol)
	}
	return out, nil
}

func (r *reader) levels(n *node.Node, at *node.At, k policy.Kind, name string) ([][]*policy.Policy, error) {
	if n.Kind == node.Null {
		return nil, nil
	}
	if n.Kind != node.Array {
		return nil, node.Errorf(n, at.Path(), "expected a list of organization levels, each a list of policies, got %s", node.Describe(n))
	}
	out := make([][]*policy.Policy, 0, len(n.Items))
	for i, item := range n.Items {
		ia := at.Index(i)
		if item.Kind != node.Array {
			return nil, node.Errorf(item, ia.Path(), "expected a list of the policies attached at this organization level, got %s", node.Describe(item))
		}
		lvl, err := r.list(item, &ia, k, indexed(name, i))
		if err != nil {
			return nil, err
		}
		out = append(out, lvl)
	}
	return out, nil
}

// indexed is name[i], the name of a policy in a list: written out without
// fmt, which was 2 % of the instructions of reading a case file of
// inline policies.
func indexed(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}

func (r *reader) optional(n *node.Node, at *node.At, k policy.Kind, name string) (*policy.Policy, error) {
	if n.Kind == node.Null {
		return nil, nil
	}
	return r.policy(n, at, k, name)
}

// policy reads an inline document, or a file named by a string path
// relative to the case file.
func (r *reader) policy(n *node.Node, at *node.At, k policy.Kind, name string) (*policy.Policy, error) {
	p := at.Path() // a policy keeps its place
	if id := n.Get("Id"); n.Kind == node.Object && id != nil && id.Kind == node.String {
		name = name + " (" + id.Text + ")"
	}
	if n.Kind == node.String {
		name = "" // a policy file is named by its path
	}
	if r.inline && n.Kind != node.Object {
		return nil, node.Errorf(n, p, "expected a policy document written inline (an object), got %s: policy files are not read here", node.Describe(n))
	}
	if n.Kind != node.String {
		return policy.FromNodeOrFile(n, r.dir, policy.Source{File: r.file, Path: p, Kind: k, Name: name})
	}
	return r.policyFile(n.Text, k, func() (*policy.Policy, error) {
		return policy.FromNodeOrFile(n, r.dir, policy.Source{File: r.file, Path: p, Kind: k})
	})
}

// policyFile is the policy file name (relative to the case file) as
// kind k, read by read the first time a case of the file names it, for
// both readers (policy, scanPolicy): a policy file that many cases name
// (an organization's SCPs, a shared identity policy) is read and parsed
// once per case file, and its cases share the one *policy.Policy, which
// the runner's compiler then compiles once.
func (r *reader) policyFile(name string, k policy.Kind, read func() (*policy.Policy, error)) (*policy.Policy, error) {
	key := fileKey{name, k}
	// Cases are read on several goroutines (EachListedConcurrent): the
	// lock is held while the file is read, so that it is read once.
	r.mu.Lock()
	defer r.mu.Unlock()
	if pol := r.files[key]; pol != nil {
		return pol, nil
	}
	pol, err := read()
	if err == nil {
		if r.files == nil {
			r.files = map[fileKey]*policy.Policy{}
		}
		r.files[key] = pol
	}
	return pol, err
}

// fileKey is a policy file as a case names it (relative to the case file)
// and the kind it is read as: a kind has its own checks.
type fileKey struct {
	name string
	kind policy.Kind
}
