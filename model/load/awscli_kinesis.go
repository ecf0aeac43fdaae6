package load

import (
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// Kinesis data stream ARNs: arn:aws:kinesis:REGION:ACCOUNT:stream/NAME.

// listStreams reads `aws kinesis list-streams`: {"StreamNames": [...], "StreamSummaries": [{"StreamName", "StreamARN"}]}.
func (b *builder) listStreams(r *reader, n *node.Node) error {
	if n.Get("StreamSummaries") != nil {
		return b.listed(r, n, "StreamSummaries", "streams", model.DataStream, r.byARN("StreamARN", "StreamName"))
	}
	return b.listed(r, n, "StreamNames", "stream names", model.DataStream, r.byName("", func(name string) string { return r.head("kinesis") + "stream/" + name }))
}

// streamPolicy reads `aws kinesis get-resource-policy`: {"Policy": "..."}.
func (b *builder) streamPolicy(r *reader, n *node.Node) error {
	return b.policyFile(r, n, model.DataStream, "stream", func(id string) string { return r.head("kinesis") + "stream/" + id }, node.Root, "Policy")
}
