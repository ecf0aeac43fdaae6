package load

import (
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// EventBridge bus ARNs: arn:aws:events:REGION:ACCOUNT:event-bus/NAME.

// listEventBuses reads `aws events list-event-buses`: {"EventBuses": [{"Name", "Arn", "Policy": "..."}]};
// each bus carries its own policy.
func (b *builder) listEventBuses(r *reader, n *node.Node) error {
	return r.list(n.Get("EventBuses"), node.Root.Key("EventBuses"), "event buses", func(item *node.Node, ip node.Path) error {
		a, name, err := r.byARN("Arn", "Name")(item, ip)
		if err != nil {
			return err
		}
		res, err := b.resourceAt(r, item, ip, model.EventBus, a, name)
		if err != nil {
			return err
		}
		pol, err := r.optPolicy(item, ip, "Policy", a+" "+model.EventBus.PolicyLabel())
		if err != nil {
			return err
		}
		return b.setPolicy(r, item, ip, res, pol)
	})
}
