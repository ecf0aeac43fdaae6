package load

import (
	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// manifest reads DIR/manifest.json (docs/collect-layout.md): its denied
// and failed calls become the model's Gaps, so that a question about a
// resource type that was not collected in an account and Region says so
// instead of answering "no policy". Members other than version, accounts,
// denied and failed are for people and not checked. A model may hold
// several manifests, one per collected directory (union.go).
func (b *builder) manifest(r *reader, n *node.Node) error {
	if v := n.Get("version"); v == nil || v.Kind != node.Number || v.Text != "1" {
		return r.errf(n, node.Root.Key("version"), "expected \"version\": 1 (the manifest format of docs/collect-layout.md)")
	}
	err := r.list(n.Get("accounts"), node.Root.Key("accounts"), "accounts", func(item *node.Node, ip node.Path) error {
		// An account that could not be collected at all: {"id", "error"}.
		msg, err := r.optStr(item, ip, "error")
		if err != nil || msg == "" {
			return err
		}
		id, err := r.reqStr(item, ip, "id")
		b.addGap(model.Gap{Account: id, All: true, Call: "the account", Reason: "failed", Error: msg})
		return err
	})
	if err != nil {
		return err
	}
	// Accounts asked for that the organization does not hold as ACTIVE:
	// {"id", "reason"}. Nothing of them is in the model, and a question
	// about one of their resources says so.
	err = r.list(n.Get("skipped"), node.Root.Key("skipped"), "skipped accounts", func(item *node.Node, ip node.Path) error {
		if item.Kind != node.Object {
			return r.errf(item, ip, "expected {\"id\", \"reason\"}, got %s", node.Describe(item))
		}
		id, err := r.reqStr(item, ip, "id")
		if err != nil {
			return err
		}
		if !arn.IsAccountID(id) {
			return r.errf(item.Get("id"), ip.Key("id"), "expected a 12-digit account id, got %q", id)
		}
		reason, err := r.optStr(item, ip, "reason")
		b.addGap(model.Gap{Account: id, All: true, Call: "the account", Reason: "skipped", Error: reason})
		return err
	})
	if err != nil {
		return err
	}
	for _, reason := range []string{"denied", "failed"} {
		err := r.list(n.Get(reason), node.Root.Key(reason), reason+" calls", func(item *node.Node, ip node.Path) error {
			g, err := r.gap(item, ip, reason)
			if err == nil {
				b.addGap(g)
			}
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// addGap records a gap once: the manifests of identical copies of a
// collected directory list the same ones.
func (b *builder) addGap(g model.Gap) {
	if b.gapSeen[g] {
		return
	}
	b.gapSeen[g] = true
	b.m.Gaps = append(b.m.Gaps, g)
}

// gap reads one denied or failed call: {"account", "region", "call", "id", "error"}.
func (r *reader) gap(n *node.Node, p node.Path, reason string) (model.Gap, error) {
	g := model.Gap{Reason: reason}
	if n.Kind != node.Object {
		return g, r.errf(n, p, "expected {\"account\", \"region\", \"call\", \"error\"}, got %s", node.Describe(n))
	}
	var err error
	if g.Call, err = r.reqStr(n, p, "call"); err != nil {
		return g, err
	}
	if g.Account, err = r.optStr(n, p, "account"); err != nil {
		return g, err
	}
	if g.Region, err = r.optStr(n, p, "region"); err != nil {
		return g, err
	}
	if g.Error, err = r.optStr(n, p, "error"); err != nil {
		return g, err
	}
	if g.Region == "global" {
		g.Region = ""
	}
	layout := g.Call
	if service, op, ok := cutService(g.Call); ok && service == "organizations" {
		layout = "organizations/" + op
	}
	if t, ok := fileless[g.Call]; ok {
		g.Type, g.All = t, t == model.OtherResource
		return g, nil
	}
	f := byLayout[layout]
	if f == nil {
		return g, r.errf(n.Get("call"), p.Key("call"), "unknown call %q: expected SERVICE.OPERATION as in the collected layout's file names (%s)", g.Call, layoutNames(""))
	}
	g.Type = f.collects
	return g, nil
}

func cutService(call string) (string, string, bool) {
	for i := 0; i < len(call); i++ {
		if call[i] == '.' {
			return call[:i], call[i+1:], true
		}
	}
	return "", "", false
}

// fileless are the calls the collector makes that write no file: the
// resource type their failure leaves unknown (OtherResource: everything
// in the account and Region).
var fileless = map[string]model.ResourceType{
	"s3api.get-bucket-location": model.Bucket,        // the bucket's Region, hence where its files are
	"ec2.describe-regions":      model.OtherResource, // the account's Regions
}
