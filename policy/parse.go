package policy

import (
	"fmt"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
)

// Parse reads a policy document from JSON source.
func Parse(src []byte, s Source) (*Policy, error) {
	n, err := node.ParseJSON(src)
	if err != nil {
		return nil, withFile(err, s.File)
	}
	return FromNode(n, s)
}

// FromNode reads a policy document from a parsed tree (JSON or YAML).
func FromNode(n *node.Node, s Source) (*Policy, error) {
	if s.Path == "" {
		s.Path = node.Root
	}
	if s.Name == "" {
		s.Name = s.File
	}
	if s.Kind.StoredByIAM() && !s.KeepRejectedCharacters {
		if e := RejectedCharacter(n, s.Path); e != nil {
			e.Msg += fmt.Sprintf(": IAM would refuse to store this %s policy", s.Kind)
			return nil, withFile(e, s.File)
		}
	}
	if e := checkSize(n, s.Path); e != nil {
		return nil, withFile(e, s.File)
	}
	p := &parser{src: s}
	at := node.AtPath(s.Path)
	pol, err := p.policy(n, &at)
	if err != nil {
		return nil, withFile(err, s.File)
	}
	pol.Path = s.Path
	return pol, nil
}

func withFile(err error, file string) error {
	if e, ok := err.(*node.Error); ok && e.File == "" {
		e.File = file
	}
	return err
}

type parser struct {
	src     Source
	version Version
}

func (p *parser) policy(n *node.Node, at *node.At) (*Policy, error) {
	if n.Kind != node.Object {
		return nil, node.Errorf(n, at.Path(), "expected a policy document (an object with Version and Statement), got %s", node.Describe(n))
	}
	pol := &Policy{Name: p.src.Name, Kind: p.src.Kind, File: p.src.File, Pos: n.Pos}
	if v := n.Get("Version"); v != nil {
		vp := at.Key("Version")
		if err := p.version1(v, &vp); err != nil {
			return nil, err
		}
	}
	pol.Version = p.version
	var stmts *node.Node
	for _, f := range n.Fields {
		switch f.Key {
		case "Version":
		case "Id":
			if f.Value.Kind != node.String {
				return nil, node.Errorf(f.Value, at.Path().Key(f.Key), "expected a string, got %s", node.Describe(f.Value))
			}
			pol.ID = f.Value.Text
		case "Statement":
			stmts = f.Value
		default:
			return nil, &node.Error{Path: at.Path().Key(f.Key), Pos: f.KeyPos, Msg: fmt.Sprintf("unknown policy element %q: expected Version, Id or Statement", f.Key)}
		}
	}
	if stmts == nil {
		return nil, node.Errorf(n, at.Path(), "missing Statement: expected a statement or a list of statements")
	}
	sp := at.Key("Statement")
	return pol, p.statements(pol, stmts, &sp)
}

func (p *parser) version1(v *node.Node, at *node.At) error {
	if v.Kind != node.String {
		return node.Errorf(v, at.Path(), "expected \"2012-10-17\" or \"2008-10-17\", got %s", node.Describe(v))
	}
	switch v.Text {
	case "2012-10-17":
		p.version = Version2012
	case "2008-10-17":
		p.version = Version2008
	default:
		return node.Errorf(v, at.Path(), "expected \"2012-10-17\" or \"2008-10-17\", got %q", v.Text)
	}
	return nil
}

func (p *parser) statements(pol *Policy, n *node.Node, at *node.At) error {
	switch n.Kind {
	case node.Object:
		st, err := p.statement(n, at, 0)
		if err != nil {
			return err
		}
		pol.Statements = []*Statement{st}
	case node.Array:
		pol.Statements = make([]*Statement, 0, len(n.Items))
		for i, item := range n.Items {
			ip := at.Index(i)
			st, err := p.statement(item, &ip, i)
			if err != nil {
				return err
			}
			pol.Statements = append(pol.Statements, st)
		}
	default:
		return node.Errorf(n, at.Path(), "expected a statement or a list of statements, got %s", node.Describe(n))
	}
	return nil
}

// elements a statement may hold. IAM User Guide, "IAM JSON policy element reference".
var statementElements = "Sid, Effect, Action, NotAction, Resource, NotResource, Principal, NotPrincipal or Condition"

func (p *parser) statement(n *node.Node, at *node.At, index int) (*Statement, error) {
	if n.Kind != node.Object {
		return nil, node.Errorf(n, at.Path(), "expected a statement object, got %s", node.Describe(n))
	}
	st := &Statement{Index: index, Pos: n.Pos}
	var seen elementSet
	for _, f := range n.Fields {
		fp := at.Key(f.Key)
		if err := p.element(st, f, &fp); err != nil {
			return nil, err
		}
		seen.add(f.Key)
	}
	if err := p.checkStatement(st, n, at, seen); err != nil {
		return nil, err
	}
	return st, nil
}

func (p *parser) element(st *Statement, f node.Field, fp *node.At) error {
	v := f.Value
	var err error
	switch f.Key {
	case "Sid":
		if v.Kind != node.String {
			return node.Errorf(v, fp.Path(), "expected a string, got %s", node.Describe(v))
		}
		st.Sid = v.Text
	case "Effect":
		st.Effect, err = effect(v, fp)
	case "Action", "NotAction":
		st.NotAction = f.Key == "NotAction"
		st.Actions, err = p.actions(v, fp)
	case "Resource", "NotResource":
		st.NotResource = f.Key == "NotResource"
		st.Resources, err = p.resources(v, fp)
	case "Principal", "NotPrincipal":
		st.NotPrincipal = f.Key == "NotPrincipal"
		st.Principal, err = principal(v, fp)
	case "Condition":
		st.Conditions, err = p.conditions(v, fp)
	default:
		return &node.Error{Path: fp.Path(), Pos: f.KeyPos, Msg: fmt.Sprintf("unknown statement element %q: expected %s", f.Key, statementElements)}
	}
	return err
}

func (p *parser) checkStatement(st *Statement, n *node.Node, at *node.At, seen elementSet) error {
	both := func(a, b string) error {
		if seen.has(a) && seen.has(b) {
			return node.Errorf(n, at.Path(), "statement has both %s and %s: expected exactly one of them", a, b)
		}
		return nil
	}
	for _, pair := range [][2]string{{"Action", "NotAction"}, {"Resource", "NotResource"}, {"Principal", "NotPrincipal"}} {
		if err := both(pair[0], pair[1]); err != nil {
			return err
		}
	}
	if !seen.has("Effect") {
		return node.Errorf(n, at.Path(), "statement has no Effect: expected \"Effect\": \"Allow\" or \"Deny\"")
	}
	if !seen.has("Action") && !seen.has("NotAction") {
		return node.Errorf(n, at.Path(), "statement has no Action or NotAction: expected one of them")
	}
	hasResource := seen.has("Resource") || seen.has("NotResource")
	hasPrincipal := seen.has("Principal") || seen.has("NotPrincipal")
	st.AnyResource = !hasResource
	return p.checkKind(st, n, at, hasResource, hasPrincipal)
}

// checkKind enforces what each policy kind requires and forbids. IAM User
// Guide, "IAM JSON policy elements: Principal" (identity policies and SCPs
// cannot name a principal) and "Resource" (required except in trust policies).
func (p *parser) checkKind(st *Statement, n *node.Node, at *node.At, hasResource, hasPrincipal bool) error {
	k := p.src.Kind
	switch k {
	case Identity, Boundary, Session, SCP:
		if hasPrincipal {
			return node.Errorf(n, at.Path(), "a %s policy cannot have Principal or NotPrincipal: the principal is whoever the policy is attached to", k)
		}
	case Resource, Trust:
		if !hasPrincipal {
			return node.Errorf(n, at.Path(), "a %s policy statement must have Principal or NotPrincipal", k)
		}
	}
	switch k {
	case Identity, Boundary, Session, SCP, RCP:
		if !hasResource {
			return node.Errorf(n, at.Path(), "statement has no Resource or NotResource: expected one of them in a %s policy", k)
		}
	}
	return nil
}

func effect(v *node.Node, at *node.At) (Effect, error) {
	if v.Kind == node.String {
		switch v.Text {
		case "Allow":
			return Allow, nil
		case "Deny":
			return Deny, nil
		}
	}
	return Allow, node.Errorf(v, at.Path(), "expected \"Allow\" or \"Deny\", got %s", node.Describe(v))
}

// stringList reads an element that is "a string or a list of strings".
func stringList(v *node.Node, at *node.At) ([]string, error) {
	switch v.Kind {
	case node.String:
		return []string{v.Text}, nil
	case node.Array:
		out := make([]string, 0, len(v.Items))
		for i, item := range v.Items {
			if item.Kind != node.String {
				return nil, node.Errorf(item, at.Path().Index(i), "expected a string, got %s", node.Describe(item))
			}
			out = append(out, item.Text)
		}
		if len(out) == 0 {
			return nil, node.Errorf(v, at.Path(), "expected at least one value, got an empty list")
		}
		return out, nil
	}
	return nil, node.Errorf(v, at.Path(), "expected a string or a list of strings, got %s", node.Describe(v))
}

func (p *parser) actions(v *node.Node, at *node.At) ([]string, error) {
	list, err := stringList(v, at)
	if err != nil {
		return nil, err
	}
	for i, a := range list {
		if a == "*" || IsPlaceholder(a) {
			continue
		}
		svc, name, ok := strings.Cut(a, ":")
		if !ok || svc == "" || name == "" || hasSpace(a) {
			return nil, node.Errorf(itemOf(v, i), indexPath(v, at, i), "malformed action %q: expected \"service:Action\" (wildcards * and ? allowed) or \"*\"", a)
		}
	}
	return list, nil
}

// hasSpace reports whether s holds a space, a tab or a line feed: what
// strings.ContainsAny(s, " \t\n") tells, by bytes, without building its
// set for each of a model's million actions.
func hasSpace(s string) bool {
	return strings.IndexByte(s, ' ') >= 0 || strings.IndexByte(s, '\t') >= 0 || strings.IndexByte(s, '\n') >= 0
}

func (p *parser) resources(v *node.Node, at *node.At) ([]Template, error) {
	list, err := stringList(v, at)
	if err != nil {
		return nil, err
	}
	out := make([]Template, len(list))
	for i, r := range list {
		if IsPlaceholder(r) {
			out[i] = Template{Raw: r}
			continue
		}
		if r != "*" && !strings.HasPrefix(r, "arn:") {
			return nil, node.Errorf(itemOf(v, i), indexPath(v, at, i), "malformed resource %q: expected an ARN (arn:partition:service:region:account:resource) or \"*\"", r)
		}
		// Fewer than six parts is allowed: a '*' ending a segment matches
		// across the colons that follow ("arn:aws:sqs:us-*"); see wildcard.
		out[i] = ParseTemplate(r, p.version.VariablesEnabled())
	}
	return out, nil
}

// itemOf returns the node of item i of a string-or-list element.
func itemOf(v *node.Node, i int) *node.Node {
	if v.Kind == node.Array {
		return v.Items[i]
	}
	return v
}

func indexPath(v *node.Node, at *node.At, i int) node.Path {
	if v.Kind == node.Array {
		return at.Path().Index(i)
	}
	return at.Path()
}

// elementSet is the statement elements a statement has, a bit each (the
// parse of a model's hundreds of thousands of statements allocated a list
// for each).
type elementSet uint16

// elementBit is the bit of a statement element (statementElements).
func elementBit(k string) elementSet {
	switch k {
	case "Sid":
		return 1 << 0
	case "Effect":
		return 1 << 1
	case "Action":
		return 1 << 2
	case "NotAction":
		return 1 << 3
	case "Resource":
		return 1 << 4
	case "NotResource":
		return 1 << 5
	case "Principal":
		return 1 << 6
	case "NotPrincipal":
		return 1 << 7
	case "Condition":
		return 1 << 8
	}
	return 0
}

func (s *elementSet) add(k string) { *s |= elementBit(k) }

func (s elementSet) has(k string) bool { return s&elementBit(k) != 0 }
