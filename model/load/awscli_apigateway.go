package load

import (
	"strconv"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// API Gateway REST APIs: the policy governs execute-api:Invoke on
// arn:aws:execute-api:REGION:ACCOUNT:API-ID/STAGE/METHOD/PATH; the model
// keeps it under arn:aws:execute-api:REGION:ACCOUNT:API-ID, and a question
// about any ARN under that prefix finds it.

// restAPIs reads `aws apigateway get-rest-apis`: {"items": [{"id", "name", "policy": "..."}]}.
// API Gateway returns the policy JSON with its quotes backslash-escaped
// ({\"Version\":...}); both that and plain JSON are read.
func (b *builder) restAPIs(r *reader, n *node.Node) error {
	return r.list(n.Get("items"), node.Root.Key("items"), "REST APIs", func(item *node.Node, ip node.Path) error {
		id, err := r.reqStr(item, ip, "id")
		if err != nil {
			return err
		}
		name, _ := r.optStr(item, ip, "name")
		a := r.head("execute-api") + id
		res, err := b.resourceAt(r, item, ip, model.RestAPI, a, name)
		if err != nil {
			return err
		}
		if v := item.Get("policy"); v != nil && v.Kind == node.String && strings.HasPrefix(v.Text, "{\\\"") {
			if text, err := strconv.Unquote(`"` + v.Text + `"`); err == nil {
				v.Text = text
			}
		}
		pol, err := r.optPolicy(item, ip, "policy", a+" "+model.RestAPI.PolicyLabel())
		if err != nil {
			return err
		}
		return b.setPolicy(r, item, ip, res, pol)
	})
}
