package load

import (
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// Glacier vault ARNs: arn:aws:glacier:REGION:ACCOUNT:vaults/NAME.

// listVaults reads `aws glacier list-vaults`: {"VaultList": [{"VaultARN", "VaultName"}]}.
func (b *builder) listVaults(r *reader, n *node.Node) error {
	return b.listed(r, n, "VaultList", "vaults", model.GlacierVault, r.byARN("VaultARN", "VaultName"))
}

// vaultPolicy reads `aws glacier get-vault-access-policy`: {"policy": {"Policy": "..."}}.
func (b *builder) vaultPolicy(r *reader, n *node.Node) error {
	p := n.Get("policy")
	if p == nil || p.Kind != node.Object {
		return r.errf(n, node.Root, "expected {\"policy\": {\"Policy\": \"...\"}}, the answer of get-vault-access-policy")
	}
	return b.policyFile(r, p, model.GlacierVault, "vault", func(id string) string { return r.head("glacier") + "vaults/" + id }, node.Root.Key("policy"), "Policy")
}
