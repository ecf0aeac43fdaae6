package load

import (
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// Secrets Manager ARNs: arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX
// (six random characters AWS appends).

// listSecrets reads `aws secretsmanager list-secrets`: {"SecretList": [{"ARN", "Name", "Tags"}]}.
func (b *builder) listSecrets(r *reader, n *node.Node) error {
	return r.list(n.Get("SecretList"), node.Root.Key("SecretList"), "secrets", func(item *node.Node, ip node.Path) error {
		a, name, err := r.byARN("ARN", "Name")(item, ip)
		if err != nil {
			return err
		}
		res, err := b.resourceAt(r, item, ip, model.Secret, a, name)
		if err != nil {
			return err
		}
		if t := item.Get("Tags"); t != nil {
			res.Tags, err = r.tags(t, ip.Key("Tags"))
		}
		return err
	})
}

// secretPolicy reads `aws secretsmanager get-resource-policy`: {"ARN", "Name", "ResourcePolicy": "..."}.
func (b *builder) secretPolicy(r *reader, n *node.Node) error {
	if _, err := r.id(n, "secret name"); err != nil {
		return err
	}
	a, name, err := r.byARN("ARN", "Name")(n, node.Root)
	if err != nil {
		return err
	}
	res, err := b.resourceAt(r, n, node.Root, model.Secret, a, name)
	if err != nil {
		return err
	}
	pol, err := r.optPolicy(n, node.Root, "ResourcePolicy", a+" "+model.Secret.PolicyLabel())
	if err != nil {
		return err
	}
	return b.setPolicy(r, n, node.Root, res, pol)
}
