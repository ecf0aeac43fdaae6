package load

import (
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// Helpers shared by the readers of AWS CLI output in the collected layout.

// id is the <id> part of a collected file's name, which names the resource
// when the answer does not; a name without it is an error.
func (r *reader) id(n *node.Node, what string) (string, error) {
	if r.place.id == "" {
		return "", r.errf(n, node.Root, "cannot tell which %s this file is for: name it %s.%s.json (docs/collect-layout.md)",
			what, r.place.layout, strings.ToUpper(strings.ReplaceAll(what, " ", "-")))
	}
	return r.place.id, nil
}

// head is "arn:aws:SERVICE:REGION:ACCOUNT:" for the file's place.
func (r *reader) head(service string) string {
	return "arn:aws:" + service + ":" + r.place.region + ":" + r.place.account + ":"
}

// optPolicy reads member key of n as a resource policy (a JSON string, as
// the CLI prints most of them, or a decoded object); nil when the member
// is absent, null or empty (no policy).
func (r *reader) optPolicy(n *node.Node, p node.Path, key, name string) (*policy.Policy, error) {
	v := n.Get(key)
	if v == nil || v.Kind == node.Null || v.Kind == node.String && strings.TrimSpace(v.Text) == "" {
		return nil, nil
	}
	return r.awsDocument(v, p.Key(key), policy.Resource, name)
}

// reqPolicy is optPolicy for an answer that exists only to carry a policy.
func (r *reader) reqPolicy(n *node.Node, p node.Path, key, name string) (*policy.Policy, error) {
	pol, err := r.optPolicy(n, p, key, name)
	if err == nil && pol == nil {
		return nil, r.errf(n, p, "missing %s: expected the policy document (a JSON string)", key)
	}
	return pol, err
}

// ownARN reads an ARN member that must name the file's account (and
// Region, when the file has one): a loader never moves a resource to
// another account than the path says.
func (r *reader) ownARN(n *node.Node, p node.Path, key string) (string, error) {
	s, err := r.reqStr(n, p, key)
	if err != nil {
		return "", err
	}
	a, err := arn.Parse(s)
	if err != nil {
		return "", r.errf(n.Get(key), p.Key(key), "%v", err)
	}
	if a.AccountID != r.place.account || r.place.region != "" && a.Region != "" && a.Region != r.place.region {
		return "", r.errf(n.Get(key), p.Key(key), "%s is of account %s in %s, but this file is under accounts/%s/%s/",
			s, a.AccountID, a.Region, r.place.account, regionDir(r.place.region))
	}
	return s, nil
}

func regionDir(region string) string {
	if region == "" {
		return "global"
	}
	return region
}

// resourceAt returns the model's resource with this ARN, declaring it
// (without a policy) in the file's account and Region when it is new.
func (b *builder) resourceAt(r *reader, n *node.Node, p node.Path, t model.ResourceType, arnStr, name string) (*model.Resource, error) {
	if res := b.m.Resources[arnStr]; res != nil {
		if res.Account != r.place.account {
			return nil, r.errf(n, p, "%s %s is of account %s at %s, and of account %s here", t, arnStr, res.Account, res.Where, r.place.account)
		}
		if res.Region == "" {
			res.Region = r.place.region
		}
		return res, nil
	}
	res := &model.Resource{ARN: arnStr, Type: t, Name: name, Account: r.place.account, Region: r.place.region, Where: r.where(n, p)}
	b.m.EnsureAccount(r.place.account)
	b.m.Resources[arnStr] = res
	return res, nil
}

// setPolicy gives a resource its policy; a second policy is an error.
func (b *builder) setPolicy(r *reader, n *node.Node, p node.Path, res *model.Resource, pol *policy.Policy) error {
	if pol == nil {
		return nil
	}
	if res.Policy != nil {
		return r.errf(n, p, "%s %s has a policy already, at %s", res.Type, res.ARN, res.Where)
	}
	res.Policy, res.Where = pol, r.where(n, p)
	return nil
}

// policyFile reads an answer that carries the policy of the resource the
// file name's <id> names: {"Policy": "..."} and its variants.
func (b *builder) policyFile(r *reader, n *node.Node, t model.ResourceType, what string, arnOf func(id string) string, p node.Path, key string) error {
	id, err := r.id(n, what)
	if err != nil {
		return err
	}
	arnStr := arnOf(id)
	res, err := b.resourceAt(r, n, node.Root, t, arnStr, id)
	if err != nil {
		return err
	}
	pol, err := r.reqPolicy(n, p, key, arnStr+" "+t.PolicyLabel())
	if err != nil {
		return err
	}
	return b.setPolicy(r, n, node.Root, res, pol)
}

// listed declares the resources an answer lists: at path key, each item's
// ARN in member arnKey (or built from its name in nameKey by arnOf).
func (b *builder) listed(r *reader, n *node.Node, key, what string, t model.ResourceType, each func(item *node.Node, ip node.Path) (arnStr, name string, err error)) error {
	return r.list(n.Get(key), node.Root.Key(key), what, func(item *node.Node, ip node.Path) error {
		arnStr, name, err := each(item, ip)
		if err != nil {
			return err
		}
		_, err = b.resourceAt(r, item, ip, t, arnStr, name)
		return err
	})
}

// byARN is a listed callback for items that carry their ARN.
func (r *reader) byARN(arnKey, nameKey string) func(item *node.Node, ip node.Path) (string, string, error) {
	return func(item *node.Node, ip node.Path) (string, string, error) {
		a, err := r.ownARN(item, ip, arnKey)
		if err != nil {
			return "", "", err
		}
		name, err := r.optStr(item, ip, nameKey)
		return a, name, err
	}
}

// byName is a listed callback for items that carry only a name.
func (r *reader) byName(nameKey string, arnOf func(string) string) func(item *node.Node, ip node.Path) (string, string, error) {
	return func(item *node.Node, ip node.Path) (string, string, error) {
		var name string
		var err error
		if nameKey == "" {
			name, err = r.str(item, ip)
		} else {
			name, err = r.reqStr(item, ip, nameKey)
		}
		return arnOf(name), name, err
	}
}
