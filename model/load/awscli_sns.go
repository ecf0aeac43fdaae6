package load

import (
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// SNS topic ARNs: arn:aws:sns:REGION:ACCOUNT:TOPIC-NAME.

// listTopics reads `aws sns list-topics`: {"Topics": [{"TopicArn": "..."}]}.
func (b *builder) listTopics(r *reader, n *node.Node) error {
	return b.listed(r, n, "Topics", "topics", model.Topic, r.byARN("TopicArn", ""))
}

// topicAttributes reads `aws sns get-topic-attributes`: {"Attributes": {"Policy": "...", "TopicArn": "..."}}.
func (b *builder) topicAttributes(r *reader, n *node.Node) error {
	return b.attributes(r, n, model.Topic, "topic", "TopicArn", func(id string) string { return r.head("sns") + id })
}
