package load

import (
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// OpenSearch domain ARNs: arn:aws:es:REGION:ACCOUNT:domain/NAME; the
// access policy covers the paths under it (domain/NAME/*).

// listDomainNames reads `aws opensearch list-domain-names`: {"DomainNames": [{"DomainName", "EngineType"}]}.
func (b *builder) listDomainNames(r *reader, n *node.Node) error {
	return b.listed(r, n, "DomainNames", "domains", model.SearchDomain, r.byName("DomainName", func(name string) string { return r.head("es") + "domain/" + name }))
}

// describeDomain reads `aws opensearch describe-domain`: {"DomainStatus": {"DomainName", "ARN", "AccessPolicies": "..."}}.
func (b *builder) describeDomain(r *reader, n *node.Node) error {
	p := node.Root.Key("DomainStatus")
	d := n.Get("DomainStatus")
	if d == nil || d.Kind != node.Object {
		return r.errf(n, node.Root, "expected {\"DomainStatus\": {...}}, the answer of describe-domain")
	}
	a, name, err := r.byARN("ARN", "DomainName")(d, p)
	if err != nil {
		return err
	}
	res, err := b.resourceAt(r, d, p, model.SearchDomain, a, name)
	if err != nil {
		return err
	}
	pol, err := r.optPolicy(d, p, "AccessPolicies", a+" "+model.SearchDomain.PolicyLabel())
	if err != nil {
		return err
	}
	return b.setPolicy(r, d, p, res, pol)
}
