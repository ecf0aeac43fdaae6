package load

import (
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// Kinesis data stream ARNs: arn:aws:kinesis:REGION:ACCOUNT:stream/NAME; a
// consumer's, stream/NAME/consumer/CONSUMER:CREATION-TIMESTAMP. Each has
// its own resource policy (Kinesis Developer Guide, "Controlling access
// with resource-based policies"); the model keeps consumers as data
// streams under their own ARNs.

// listStreams reads `aws kinesis list-streams`: {"StreamNames": [...], "StreamSummaries": [{"StreamName", "StreamARN"}]}.
func (b *builder) listStreams(r *reader, n *node.Node) error {
	if n.Get("StreamSummaries") != nil {
		return b.listed(r, n, "StreamSummaries", "streams", model.DataStream, r.byARN("StreamARN", "StreamName"))
	}
	return b.listed(r, n, "StreamNames", "stream names", model.DataStream, r.byName("", func(name string) string { return r.head("kinesis") + "stream/" + name }))
}

// listStreamConsumers reads `aws kinesis list-stream-consumers --stream-arn ...`
// from a file named kinesis.list-stream-consumers.STREAM.json:
// {"Consumers": [{"ConsumerName", "ConsumerARN"}]}.
func (b *builder) listStreamConsumers(r *reader, n *node.Node) error {
	stream, err := r.id(n, "stream")
	if err != nil {
		return err
	}
	return b.listed(r, n, "Consumers", "stream consumers", model.DataStream, func(item *node.Node, ip node.Path) (string, string, error) {
		a, name, err := r.byARN("ConsumerARN", "ConsumerName")(item, ip)
		if err == nil && !strings.HasPrefix(a, r.head("kinesis")+"stream/"+stream+"/consumer/") {
			err = r.errf(item, ip.Key("ConsumerARN"), "%s is not a consumer of stream %s, which the file name names", a, stream)
		}
		return a, name, err
	})
}

// streamPolicy reads `aws kinesis get-resource-policy`: {"Policy": "..."},
// from kinesis.get-resource-policy.STREAM.json for a stream and from
// kinesis.get-resource-policy.STREAM%2Fconsumer%2FNAME%3ACREATION.json for a
// consumer (the id is the ARN's resource after "stream/").
func (b *builder) streamPolicy(r *reader, n *node.Node) error {
	return b.policyFile(r, n, model.DataStream, "stream", func(id string) string { return r.head("kinesis") + "stream/" + id }, node.Root, "Policy")
}
