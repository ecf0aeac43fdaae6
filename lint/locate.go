package lint

import (
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/policy"
)

// place is where a finding points: a line and column and a JSON path.
type place struct {
	pos  node.Pos
	path node.Path
}

// locator finds the place of a policy element. With the document's syntax
// tree it points at each value; without it (Check on a parsed policy), at
// the statement or condition key, with a path that assumes a list of
// statements.
type locator struct {
	root *node.Node // the policy document, or nil
	base node.Path  // JSON path of the document in its file
	pol  *policy.Policy
}

func structuralLocator(p *policy.Policy) *locator {
	base := p.Path
	if base == "" {
		base = node.Root
	}
	return &locator{pol: p, base: base}
}

func (l *locator) doc() place {
	if l.root != nil {
		return place{l.root.Pos, l.base}
	}
	return place{l.pol.Pos, l.base}
}

// stmtNode returns statement i's node and path.
func (l *locator) stmtNode(i int) (*node.Node, node.Path) {
	path := l.base.Key("Statement")
	if l.root == nil {
		return nil, path.Index(i)
	}
	n := l.root.Get("Statement")
	switch {
	case n == nil:
		return nil, path.Index(i)
	case n.Kind == node.Array && i < len(n.Items):
		return n.Items[i], path.Index(i)
	case n.Kind == node.Object:
		return n, path
	}
	return nil, path.Index(i)
}

func (l *locator) stmt(i int) place {
	n, path := l.stmtNode(i)
	if n != nil {
		return place{n.Pos, path}
	}
	return place{l.pol.Statements[i].Pos, path}
}

// elem is the value of element name ("Action", "NotResource") of statement i.
func (l *locator) elem(i int, name string) place {
	n, path := l.stmtNode(i)
	at := place{l.pol.Statements[i].Pos, path.Key(name)}
	if n == nil {
		return at
	}
	if v := n.Get(name); v != nil {
		at.pos = v.Pos
	}
	return at
}

// item is value j of element name of statement i, an element that is a
// string or a list of strings.
func (l *locator) item(i int, name string, j int) place {
	n, path := l.stmtNode(i)
	path = path.Key(name)
	if n == nil {
		return place{l.pol.Statements[i].Pos, path.Index(j)}
	}
	v := n.Get(name)
	switch {
	case v == nil:
		return place{n.Pos, path}
	case v.Kind == node.Array && j < len(v.Items):
		return place{v.Items[j].Pos, path.Index(j)}
	}
	return place{v.Pos, path}
}

// condNode returns the node of condition c's values and its path.
func (l *locator) condNode(i int, c *policy.Condition) (*node.Node, node.Path) {
	n, path := l.stmtNode(i)
	op := c.Operator.String()
	path = path.Key("Condition").Key(op).Key(c.Key)
	if n == nil {
		return nil, path
	}
	block := n.Get("Condition")
	if block == nil || block.Get(op) == nil {
		return nil, path
	}
	return block.Get(op).Get(c.Key), path
}

// cond is the key of condition c of statement i.
func (l *locator) cond(i int, c *policy.Condition) place {
	_, path := l.condNode(i, c)
	return place{c.Pos, path}
}

// condValue is value j of condition c of statement i.
func (l *locator) condValue(i int, c *policy.Condition, j int) place {
	v, path := l.condNode(i, c)
	switch {
	case v == nil:
		return place{c.Pos, path}
	case v.Kind == node.Array && j < len(v.Items):
		return place{v.Items[j].Pos, path.Index(j)}
	}
	return place{v.Pos, path}
}

// principal is the Principal or NotPrincipal element of statement i.
func (l *locator) principal(i int) place {
	return l.elem(i, principalElem(l.pol.Statements[i]))
}

func actionElem(st *policy.Statement) string {
	if st.NotAction {
		return "NotAction"
	}
	return "Action"
}

func resourceElem(st *policy.Statement) string {
	if st.NotResource {
		return "NotResource"
	}
	return "Resource"
}

func principalElem(st *policy.Statement) string {
	if st.NotPrincipal {
		return "NotPrincipal"
	}
	return "Principal"
}
