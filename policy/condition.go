package policy

import (
	"strings"

	"github.com/sekisho/sekisho/internal/node"
)

// conditions reads a Condition block: operator → key → value(s).
// IAM User Guide, "IAM JSON policy elements: Condition".
func (p *parser) conditions(v *node.Node, at *node.At) ([]*Condition, error) {
	if v.Kind != node.Object {
		return nil, node.Errorf(v, at.Path(), "expected an object of condition operators, got %s", node.Describe(v))
	}
	var out []*Condition
	for _, f := range v.Fields {
		fp := at.Key(f.Key)
		op, err := ParseOperator(f.Key)
		if err != nil {
			return nil, &node.Error{Path: fp.Path(), Pos: f.KeyPos, Msg: err.Error()}
		}
		if f.Value.Kind != node.Object {
			return nil, node.Errorf(f.Value, fp.Path(), "expected an object of condition keys and values, got %s", node.Describe(f.Value))
		}
		for _, kf := range f.Value.Fields {
			kp := fp.Key(kf.Key)
			c, err := p.condition(op, kf, &kp)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	return out, nil
}

func (p *parser) condition(op Operator, kf node.Field, at *node.At) (*Condition, error) {
	if strings.TrimSpace(kf.Key) == "" {
		return nil, &node.Error{Path: at.Path(), Pos: kf.KeyPos, Msg: "empty condition key: expected a key such as aws:SourceIp"}
	}
	c := &Condition{Operator: op, Key: kf.Key, Pos: kf.KeyPos}
	var one [1]*node.Node
	nodes, err := scalarList(kf.Value, at, &one)
	if err != nil {
		return nil, err
	}
	vars := p.version.VariablesEnabled()
	c.Values = make([]Template, 0, len(nodes))
	for i, n := range nodes {
		s := n.Text
		t := ParseTemplate(s, vars)
		if t.IsLiteral() && !IsPlaceholder(s) {
			if err := checkValue(op.Op.Family(), s); err != nil {
				return nil, node.Errorf(nodes[i], indexPath(kf.Value, at, i), "%s: %v", op, err)
			}
		}
		c.Values = append(c.Values, t)
	}
	return c, nil
}

// scalarList checks condition values, a scalar or a list of scalars, and
// returns their nodes: a list's items, or a scalar in one (the caller's
// array, so that the condition of one value, most of a model's, allocates
// no list). Numbers and booleans are taken as their text, as AWS does
// ("Bool": {"k": true}).
func scalarList(v *node.Node, at *node.At, one *[1]*node.Node) ([]*node.Node, error) {
	if v.Kind != node.Array {
		if !isScalar(v) {
			return nil, notScalar(v, at.Path())
		}
		one[0] = v
		return one[:], nil
	}
	if len(v.Items) == 0 {
		return nil, node.Errorf(v, at.Path(), "expected at least one condition value, got an empty list")
	}
	for i, item := range v.Items {
		if !isScalar(item) {
			return nil, notScalar(item, at.Path().Index(i))
		}
	}
	return v.Items, nil
}

func isScalar(n *node.Node) bool {
	return n.Kind == node.String || n.Kind == node.Number || n.Kind == node.Bool
}

func notScalar(n *node.Node, p node.Path) error {
	return node.Errorf(n, p, "expected a string, number or boolean condition value, got %s", node.Describe(n))
}
