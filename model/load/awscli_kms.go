package load

import (
	"slices"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// KMS key ARNs: arn:aws:kms:REGION:ACCOUNT:key/KEY-ID.

func (r *reader) keyARN(id string) string { return r.head("kms") + "key/" + id }

// listKeys reads `aws kms list-keys`: {"Keys": [{"KeyId", "KeyArn"}]}.
func (b *builder) listKeys(r *reader, n *node.Node) error {
	return b.listed(r, n, "Keys", "keys", model.Key, r.byARN("KeyArn", "KeyId"))
}

// keyPolicy reads `aws kms get-key-policy --key-id KEY-ID`: {"Policy": "...", "PolicyName": "default"}.
func (b *builder) keyPolicy(r *reader, n *node.Node) error {
	return b.policyFile(r, n, model.Key, "key id", r.keyARN, node.Root, "Policy")
}

// listGrants reads `aws kms list-grants --key-id KEY-ID`: {"Grants": [{"KeyId",
// "GrantId", "Name", "GranteePrincipal", "RetiringPrincipal", "Operations"}]}.
// Grants are recorded on the key; the decisions do not use them (a grant
// allows its operations beside the key policy: KMS Developer Guide,
// "Grants in AWS KMS").
func (b *builder) listGrants(r *reader, n *node.Node) error {
	id, err := r.id(n, "key id")
	if err != nil {
		return err
	}
	key, err := b.resourceAt(r, n, node.Root, model.Key, r.keyARN(id), id)
	if err != nil {
		return err
	}
	return r.list(n.Get("Grants"), node.Root.Key("Grants"), "grants", func(item *node.Node, ip node.Path) error {
		g := model.Grant{Where: r.where(item, ip)}
		var err error
		if g.ID, err = r.reqStr(item, ip, "GrantId"); err != nil {
			return err
		}
		g.Name, _ = r.optStr(item, ip, "Name")
		if g.Grantee, err = r.optStr(item, ip, "GranteePrincipal"); err != nil {
			return err
		}
		g.Retiring, _ = r.optStr(item, ip, "RetiringPrincipal")
		if g.Operations, err = r.strings(item.Get("Operations"), ip.Key("Operations"), "operations"); err != nil {
			return err
		}
		key.Grants = append(key.Grants, g)
		return nil
	})
}

// listAliases reads `aws kms list-aliases`: {"Aliases": [{"AliasName", "AliasArn", "TargetKeyId"}]}.
// AWS managed aliases (alias/aws/...) without a target key are skipped.
func (b *builder) listAliases(r *reader, n *node.Node) error {
	return r.list(n.Get("Aliases"), node.Root.Key("Aliases"), "aliases", func(item *node.Node, ip node.Path) error {
		name, err := r.reqStr(item, ip, "AliasName")
		if err != nil {
			return err
		}
		target, err := r.optStr(item, ip, "TargetKeyId")
		if err != nil || target == "" {
			return err
		}
		key, err := b.resourceAt(r, item, ip, model.Key, r.keyARN(target), target)
		if err == nil && !slices.Contains(key.Aliases, name) {
			key.Aliases = append(key.Aliases, strings.TrimPrefix(name, "alias/"))
		}
		return err
	})
}
