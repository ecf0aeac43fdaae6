package policy

import (
	"strings"

	"github.com/sekisho/sekisho/internal/node"
)

// conditions reads a Condition block: operator → key → value(s).
// IAM User Guide, "IAM JSON policy elements: Condition".
func (p *parser) conditions(v *node.Node, path node.Path) ([]*Condition, error) {
	if v.Kind != node.Object {
		return nil, node.Errorf(v, path, "expected an object of condition operators, got %s", node.Describe(v))
	}
	var out []*Condition
	for _, f := range v.Fields {
		fp := path.Key(f.Key)
		op, err := ParseOperator(f.Key)
		if err != nil {
			return nil, &node.Error{Path: fp, Pos: f.KeyPos, Msg: err.Error()}
		}
		if f.Value.Kind != node.Object {
			return nil, node.Errorf(f.Value, fp, "expected an object of condition keys and values, got %s", node.Describe(f.Value))
		}
		for _, kf := range f.Value.Fields {
			c, err := p.condition(op, kf, fp.Key(kf.Key))
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	return out, nil
}

func (p *parser) condition(op Operator, kf node.Field, path node.Path) (*Condition, error) {
	if strings.TrimSpace(kf.Key) == "" {
		return nil, &node.Error{Path: path, Pos: kf.KeyPos, Msg: "empty condition key: expected a key such as aws:SourceIp"}
	}
	c := &Condition{Operator: op, Key: kf.Key, Pos: kf.KeyPos}
	values, nodes, err := scalarList(kf.Value, path)
	if err != nil {
		return nil, err
	}
	vars := p.version.VariablesEnabled()
	for i, s := range values {
		t := ParseTemplate(s, vars)
		if t.IsLiteral() && !IsPlaceholder(s) {
			if err := checkValue(op.Op.Family(), s); err != nil {
				return nil, node.Errorf(nodes[i], indexPath(kf.Value, path, i), "%s: %v", op, err)
			}
		}
		c.Values = append(c.Values, t)
	}
	return c, nil
}

// scalarList reads condition values: a scalar or a list of scalars. Numbers
// and booleans are taken as their text, as AWS does ("Bool": {"k": true}).
func scalarList(v *node.Node, path node.Path) ([]string, []*node.Node, error) {
	scalar := func(n *node.Node, p node.Path) (string, error) {
		switch n.Kind {
		case node.String, node.Number, node.Bool:
			return n.Text, nil
		}
		return "", node.Errorf(n, p, "expected a string, number or boolean condition value, got %s", node.Describe(n))
	}
	if v.Kind != node.Array {
		s, err := scalar(v, path)
		if err != nil {
			return nil, nil, err
		}
		return []string{s}, []*node.Node{v}, nil
	}
	if len(v.Items) == 0 {
		return nil, nil, node.Errorf(v, path, "expected at least one condition value, got an empty list")
	}
	out := make([]string, len(v.Items))
	for i, item := range v.Items {
		s, err := scalar(item, path.Index(i))
		if err != nil {
			return nil, nil, err
		}
		out[i] = s
	}
	return out, v.Items, nil
}
