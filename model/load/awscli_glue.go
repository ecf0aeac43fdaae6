package load

import (
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// Glue Data Catalog: one resource policy per account and Region, on
// arn:aws:glue:REGION:ACCOUNT:catalog; it covers the catalog's databases,
// tables and functions too (Glue Developer Guide, "Glue resource policies").

// catalogPolicy reads `aws glue get-resource-policy`: {"PolicyInJson": "...", "PolicyHash", "CreateTime", "UpdateTime"}.
func (b *builder) catalogPolicy(r *reader, n *node.Node) error {
	a := r.head("glue") + "catalog"
	res, err := b.resourceAt(r, n, node.Root, model.GlueCatalog, a, "catalog")
	if err != nil {
		return err
	}
	pol, err := r.reqPolicy(n, node.Root, "PolicyInJson", a+" "+model.GlueCatalog.PolicyLabel())
	if err != nil {
		return err
	}
	return b.setPolicy(r, n, node.Root, res, pol)
}
