package load

import (
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// DynamoDB ARNs: arn:aws:dynamodb:REGION:ACCOUNT:table/NAME and its stream
// table/NAME/stream/LABEL. A table's resource policy also covers its
// indexes (DynamoDB Developer Guide, "Using resource-based policies").

// listTables reads `aws dynamodb list-tables`: {"TableNames": ["..."]}.
func (b *builder) listTables(r *reader, n *node.Node) error {
	return b.listed(r, n, "TableNames", "table names", model.Table, r.byName("", func(name string) string { return r.head("dynamodb") + "table/" + name }))
}

// describeTable reads `aws dynamodb describe-table`: {"Table": {"TableName", "TableArn", "LatestStreamArn"}}.
func (b *builder) describeTable(r *reader, n *node.Node) error {
	p := node.Root.Key("Table")
	t := n.Get("Table")
	if t == nil || t.Kind != node.Object {
		return r.errf(n, node.Root, "expected {\"Table\": {...}}, the answer of describe-table")
	}
	a, name, err := r.byARN("TableArn", "TableName")(t, p)
	if err != nil {
		return err
	}
	if _, err := b.resourceAt(r, t, p, model.Table, a, name); err != nil {
		return err
	}
	if t.Get("LatestStreamArn") == nil {
		return nil
	}
	s, err := r.ownARN(t, p, "LatestStreamArn")
	if err != nil {
		return err
	}
	b.streams[a] = s
	_, err = b.resourceAt(r, t.Get("LatestStreamArn"), p.Key("LatestStreamArn"), model.TableStream, s, name+" stream")
	return err
}

// tablePolicy reads `aws dynamodb get-resource-policy`: {"Policy": "...", "RevisionId"}, from
// dynamodb.get-resource-policy.TABLE.json (the table) or TABLE.stream.json
// (its latest stream, whose ARN describe-table gives).
func (b *builder) tablePolicy(r *reader, n *node.Node) error {
	id, err := r.id(n, "table")
	if err != nil {
		return err
	}
	table, stream := id, false
	if strings.HasSuffix(id, ".stream") {
		table, stream = strings.TrimSuffix(id, ".stream"), true
	}
	tableARN := r.head("dynamodb") + "table/" + table
	if !stream {
		return b.policyFile(r, n, model.Table, "table", func(string) string { return tableARN }, node.Root, "Policy")
	}
	pol, err := r.reqPolicy(n, node.Root, "Policy", tableARN+" stream "+model.TableStream.PolicyLabel())
	if err != nil {
		return err
	}
	where := r.where(n, node.Root)
	b.pending = append(b.pending, func() {
		s := b.streams[tableARN]
		if s == "" {
			b.failAt(where, "the stream of table %s has a policy here, but no dynamodb.describe-table.%s.json gives its ARN (LatestStreamArn)", table, table)
			return
		}
		res := b.m.Resources[s]
		if res.Policy != nil {
			b.failAt(where, "stream %s has a policy already, at %s", s, res.Where)
			return
		}
		pol.Name = s + " " + model.TableStream.PolicyLabel()
		res.Policy, res.Where = pol, where
	})
	return nil
}
