package load

import (
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// SQS queue ARNs: arn:aws:sqs:REGION:ACCOUNT:QUEUE-NAME (Service
// Authorization Reference, Amazon SQS, resource types).

// listQueues reads `aws sqs list-queues`: {"QueueUrls": ["https://sqs.REGION.amazonaws.com/ACCOUNT/NAME"]}.
func (b *builder) listQueues(r *reader, n *node.Node) error {
	return b.listed(r, n, "QueueUrls", "queue URLs", model.Queue, func(item *node.Node, ip node.Path) (string, string, error) {
		url, err := r.str(item, ip)
		if err != nil {
			return "", "", err
		}
		name := url[strings.LastIndexByte(url, '/')+1:]
		account := strings.TrimSuffix(url[:len(url)-len(name)], "/")
		account = account[strings.LastIndexByte(account, '/')+1:]
		if name == "" || account != r.place.account {
			return "", "", r.errf(item, ip, "expected a queue URL https://sqs.%s.amazonaws.com/%s/NAME, got %q", r.place.region, r.place.account, url)
		}
		return r.head("sqs") + name, name, nil
	})
}

// queueAttributes reads `aws sqs get-queue-attributes --attribute-names
// Policy QueueArn`: {"Attributes": {"Policy": "...", "QueueArn": "..."}}.
func (b *builder) queueAttributes(r *reader, n *node.Node) error {
	return b.attributes(r, n, model.Queue, "queue", "QueueArn", func(id string) string { return r.head("sqs") + id })
}

// attributes reads the {"Attributes": {...}} answer of SQS and SNS: the
// resource's ARN and its Policy attribute.
func (b *builder) attributes(r *reader, n *node.Node, t model.ResourceType, what, arnKey string, arnOf func(string) string) error {
	id, err := r.id(n, what+" name")
	if err != nil {
		return err
	}
	p := node.Root.Key("Attributes")
	attrs := n.Get("Attributes")
	if attrs == nil || attrs.Kind != node.Object {
		return r.errf(n, node.Root, "expected {\"Attributes\": {...}}, the answer of get-%s-attributes", what)
	}
	arnStr := arnOf(id)
	if attrs.Get(arnKey) != nil {
		if arnStr, err = r.ownARN(attrs, p, arnKey); err != nil {
			return err
		}
	}
	res, err := b.resourceAt(r, attrs, p, t, arnStr, id)
	if err != nil {
		return err
	}
	pol, err := r.optPolicy(attrs, p, "Policy", arnStr+" "+t.PolicyLabel())
	if err != nil {
		return err
	}
	return b.setPolicy(r, attrs, p, res, pol)
}
