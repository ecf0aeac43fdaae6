package policy

import (
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/slab"
)

// A Scanner reads policy documents straight from the text (ScanPolicy),
// the values of the documents it reads carved from a few arrays
// (internal/slab): their statements, conditions, lists and templates
// were, each made on its own, two thirds of the allocations of reading a
// case file of 10,000 cases. The zero Scanner is ready to use; it is for
// one goroutine at a time.
type Scanner struct {
	policies      slab.Slab[Policy]
	statements    slab.Slab[Statement]
	statementPtrs slab.Slab[*Statement]
	conditions    slab.Slab[Condition]
	conditionPtrs slab.Slab[*Condition]
	templates     slab.Slab[Template]
	strs          slab.Slab[string]
	principals    slab.Slab[Principal]

	// literals holds the one-value lists of raw templates made so far
	// for values without a variable, by the value: a case file repeats a
	// few resources and condition values (of 64,000 values in 10,000
	// cases, 170 differ), and their templates were a ninth of the bytes
	// of reading it. Statements and conditions share such a list, which
	// nothing writes: finishStatements writes a template only when it
	// has parts, that is when its value holds "${" (ParseTemplate).
	literals map[string][]Template
}

// maxLiterals bounds Scanner.literals, which starts over when full.
const maxLiterals = 4096

// ScanPolicy reads the policy document at the cursor straight from the
// text, as FromNode reads it from its tree: the same *Policy, field for
// field. It reads only the plainest documents (node.Cursor: strings of
// printable ASCII without escapes; condition values that are strings;
// every element well-formed) and reports false, the cursor anywhere, for
// anything else, which the caller then reads with node.Cursor.ParseValueAt
// and FromNode: there every error is found and written. So ScanPolicy
// never accepts what FromNode refuses, and finds no error itself. The
// case file reader uses it: building a tree for each of 10,000 cases'
// documents and reading the tree again was half of reading the file.
func (sc *Scanner) ScanPolicy(c *node.Cursor, s Source) (*Policy, bool) {
	if s.Path == "" {
		s.Path = node.Root
	}
	if s.Name == "" {
		s.Name = s.File
	}
	// IAM's refused characters (RejectedCharacter) are outside
	// printable ASCII, which is all a Cursor reads. The size bound
	// (checkSize) counts characters without white space: a document of
	// no more bytes than the bound is within it.
	start := c.Off()
	pos := c.Pos()
	empty, ok := c.Open('{')
	if !ok || empty {
		return nil, false
	}
	pol := sc.policies.New()
	*pol = Policy{Name: s.Name, Kind: s.Kind, File: s.File, Pos: pos}
	var seen elementSet
	for {
		k, ok := c.Member()
		if !ok {
			return nil, false
		}
		bit := policyBit(k)
		if bit == 0 || seen&bit != 0 {
			return nil, false
		}
		seen |= bit
		switch k {
		case "Version":
			v, ok := c.StrValue()
			if !ok {
				return nil, false
			}
			switch v {
			case "2012-10-17":
				pol.Version = Version2012
			case "2008-10-17":
				pol.Version = Version2008
			default:
				return nil, false
			}
		case "Id":
			// An empty Id is left to FromNode, so that a caller can tell
			// an Id from none by pol.ID (casefile names a policy by it).
			if pol.ID, ok = c.StrValue(); !ok || pol.ID == "" {
				return nil, false
			}
		case "Statement":
			if !sc.scanStatements(c, pol) {
				return nil, false
			}
		}
		more, ok := c.More('}')
		if !ok {
			return nil, false
		}
		if !more {
			break
		}
	}
	if seen&policyBit("Statement") == 0 || len(c.Text(start)) > MaxDocumentChars {
		return nil, false
	}
	// The Version may follow the statements: their values become
	// templates, and are checked, once it is known.
	if !finishStatements(pol) {
		return nil, false
	}
	pol.Path = s.Path
	return pol, true
}

// policyBit is the bit of a policy element in a set of those read.
func policyBit(k string) elementSet {
	switch k {
	case "Version":
		return 1
	case "Id":
		return 2
	case "Statement":
		return 4
	}
	return 0
}

func (sc *Scanner) scanStatements(c *node.Cursor, pol *Policy) bool {
	if c.Peek() == '{' {
		st := sc.statements.New()
		if !sc.scanStatement(c, pol.Kind, 0, st) {
			return false
		}
		pol.Statements = sc.statementPtrs.Make(1)
		pol.Statements[0] = st
		return true
	}
	empty, ok := c.Open('[')
	if !ok {
		return false
	}
	pol.Statements = []*Statement{}
	if empty {
		return true
	}
	// Read straight into the room left in the Scanner's statements,
	// which they keep (or clear, as Room asks, when they fail or
	// outgrow it): reading them on the stack, then copying them there,
	// was a tenth of reading the statements.
	room := sc.statements.Room(4)
	sts := room[:0]
	for i := 0; ; i++ {
		sts = append(sts, Statement{})
		if !sc.scanStatement(c, pol.Kind, i, &sts[i]) {
			clear(room[:min(len(sts), len(room))])
			return false
		}
		more, ok := c.More(']')
		if !ok {
			clear(room[:min(len(sts), len(room))])
			return false
		}
		if !more {
			if len(sts) > len(room) { // on the heap, copied there by append
				clear(room)
				sts = sts[:len(sts):len(sts)]
			} else {
				sts = sc.statements.Keep(len(sts))
			}
			pol.Statements = pointers(&sc.statementPtrs, sts)
			return true
		}
	}
}

// pointers returns a list of pointers to the elements of vals, from s.
func pointers[T any](s *slab.Slab[*T], vals []T) []*T {
	out := s.Make(len(vals))
	for i := range vals {
		out[i] = &vals[i]
	}
	return out
}

// scanStatement reads the statement at the cursor into st, which is zero.
func (sc *Scanner) scanStatement(c *node.Cursor, k Kind, index int, st *Statement) bool {
	st.Index, st.Pos = index, c.Pos()
	empty, ok := c.Open('{')
	if !ok || empty {
		return false
	}
	var seen elementSet
	for {
		key, ok := c.Member()
		if !ok {
			return false
		}
		bit := elementBit(key)
		if bit == 0 || seen&bit != 0 {
			return false // unknown, or a duplicate member
		}
		seen |= bit
		switch key {
		case "Sid":
			st.Sid, ok = c.StrValue()
		case "Effect":
			var e string
			if e, ok = c.StrValue(); ok {
				switch e {
				case "Allow":
					st.Effect = Allow
				case "Deny":
					st.Effect = Deny
				default:
					ok = false
				}
			}
		case "Action", "NotAction":
			st.NotAction = key == "NotAction"
			st.Actions, ok = sc.scanActions(c)
		case "Resource", "NotResource":
			st.NotResource = key == "NotResource"
			st.Resources, ok = sc.scanResources(c)
		case "Principal", "NotPrincipal":
			st.NotPrincipal = key == "NotPrincipal"
			st.Principal, ok = sc.scanPrincipal(c)
		case "Condition":
			st.Conditions, ok = sc.scanConditions(c)
		}
		if !ok {
			return false
		}
		more, ok := c.More('}')
		if !ok {
			return false
		}
		if !more {
			break
		}
	}
	// checkStatement's rules, kept without their messages.
	for _, pair := range [][2]string{{"Action", "NotAction"}, {"Resource", "NotResource"}, {"Principal", "NotPrincipal"}} {
		if seen.has(pair[0]) && seen.has(pair[1]) {
			return false
		}
	}
	if !seen.has("Effect") || !seen.has("Action") && !seen.has("NotAction") {
		return false
	}
	hasResource := seen.has("Resource") || seen.has("NotResource")
	hasPrincipal := seen.has("Principal") || seen.has("NotPrincipal")
	st.AnyResource = !hasResource
	switch k {
	case Identity, Boundary, Session, SCP:
		if hasPrincipal {
			return false
		}
	case Resource, Trust:
		if !hasPrincipal {
			return false
		}
	}
	switch k {
	case Identity, Boundary, Session, SCP, RCP:
		if !hasResource {
			return false
		}
	}
	return true
}

// scanStrings reads a string or a non-empty list of strings (stringList).
func (sc *Scanner) scanStrings(c *node.Cursor) ([]string, bool) {
	var buf [8]string
	list, ok := scanStringsIn(c, &buf)
	if !ok {
		return nil, false
	}
	return sc.strs.Clone(list), true
}

// scanStringsIn reads a string or a non-empty list of strings
// (stringList) into buf while they fit: gathered on the stack, then one
// list of the right length made by the caller, of strings or of
// templates. Growing the list, then making a list of templates from it,
// were a fifth of the allocations of reading a case file.
func scanStringsIn(c *node.Cursor, buf *[8]string) ([]string, bool) {
	if c.Peek() == '"' {
		s, ok := c.StrValue()
		buf[0] = s
		return buf[:1], ok
	}
	empty, ok := c.Open('[')
	if !ok || empty {
		return nil, false
	}
	out := buf[:0]
	for {
		s, ok := c.StrValue()
		if !ok {
			return nil, false
		}
		out = append(out, s)
		more, ok := c.More(']')
		if !ok {
			return nil, false
		}
		if !more {
			return out, true
		}
	}
}

// rawTemplates returns raw templates of vals, to be made once the Version
// is known (finishStatements).
func (sc *Scanner) rawTemplates(vals []string) []Template {
	if len(vals) == 1 && !strings.Contains(vals[0], "${") {
		return sc.literal(vals[0])
	}
	out := sc.templates.Make(len(vals))
	for i, v := range vals {
		out[i] = Template{Raw: v}
	}
	return out
}

// literal returns the one-value list of the raw template of v, which
// holds no variable, shared by every statement and condition of v
// (Scanner.literals).
func (sc *Scanner) literal(v string) []Template {
	if out, ok := sc.literals[v]; ok {
		return out
	}
	if sc.literals == nil || len(sc.literals) >= maxLiterals {
		sc.literals = make(map[string][]Template, 64)
	}
	out := sc.templates.Make(1)
	out[0] = Template{Raw: v}
	sc.literals[v] = out
	return out
}

func (sc *Scanner) scanActions(c *node.Cursor) ([]string, bool) {
	list, ok := sc.scanStrings(c)
	if !ok {
		return nil, false
	}
	for _, a := range list {
		if a == "*" || IsPlaceholder(a) {
			continue
		}
		svc, name, ok := strings.Cut(a, ":")
		if !ok || svc == "" || name == "" || hasSpace(a) {
			return nil, false
		}
	}
	return list, true
}

// scanResources reads Resource values, their templates made once the
// Version is known (finishStatements).
func (sc *Scanner) scanResources(c *node.Cursor) ([]Template, bool) {
	var buf [8]string
	list, ok := scanStringsIn(c, &buf)
	if !ok {
		return nil, false
	}
	for _, r := range list {
		if !IsPlaceholder(r) && r != "*" && !strings.HasPrefix(r, "arn:") {
			return nil, false
		}
	}
	return sc.rawTemplates(list), true
}

func (sc *Scanner) scanPrincipal(c *node.Cursor) (*Principal, bool) {
	pr := sc.principals.New()
	pr.Pos = c.Pos()
	if c.Peek() == '"' {
		s, ok := c.StrValue()
		pr.Any = true
		return pr, ok && s == "*"
	}
	empty, ok := c.Open('{')
	if !ok || empty {
		return nil, false
	}
	var seen uint8
	for {
		k, ok := c.Member()
		if !ok {
			return nil, false
		}
		var bit uint8
		switch k {
		case "AWS":
			bit = 1
		case "Service":
			bit = 2
		case "Federated":
			bit = 4
		case "CanonicalUser":
			bit = 8
		}
		if bit == 0 || seen&bit != 0 {
			return nil, false
		}
		seen |= bit
		var buf [8]string
		list, ok := scanStringsIn(c, &buf)
		if !ok {
			return nil, false
		}
		if k != "AWS" { // AWS's are copied one by one (awsPrincipals)
			list = sc.strs.Clone(list)
		}
		switch k {
		case "AWS":
			// The node and the place serve only an error's message.
			var at node.At
			if awsPrincipals(pr, list, &node.Node{}, &at) != nil {
				return nil, false
			}
		case "Service":
			pr.Service = list
		case "Federated":
			pr.Federated = list
		case "CanonicalUser":
			pr.CanonicalUser = list
		}
		more, ok := c.More('}')
		if !ok {
			return nil, false
		}
		if !more {
			return pr, true
		}
	}
}

// scanConditions reads a Condition block whose values are strings, their
// templates made and checked once the Version is known.
func (sc *Scanner) scanConditions(c *node.Cursor) ([]*Condition, bool) {
	empty, ok := c.Open('{')
	if !ok {
		return nil, false
	}
	if empty {
		return nil, true
	}
	var buf [8]Condition // as in scanStatements
	out := buf[:0]
	var opBuf [8]string
	ops := opBuf[:0] // the operators read, for duplicates
	for {
		opName, ok := c.Member()
		if !ok || len(ops) >= 16 {
			return nil, false
		}
		for _, o := range ops {
			if o == opName {
				return nil, false
			}
		}
		ops = append(ops, opName)
		op, err := ParseOperator(opName)
		if err != nil {
			return nil, false
		}
		empty, ok := c.Open('{')
		if !ok {
			return nil, false
		}
		first := len(out)
		for !empty {
			pos := c.Pos()
			key, ok := c.Member()
			if !ok || strings.TrimSpace(key) == "" || len(out)-first >= 16 {
				return nil, false
			}
			for _, prev := range out[first:] {
				if prev.Key == key {
					return nil, false
				}
			}
			var vbuf [8]string
			vals, ok := scanStringsIn(c, &vbuf)
			if !ok {
				return nil, false
			}
			out = append(out, Condition{Operator: op, Key: key, Pos: pos, Values: sc.rawTemplates(vals)})
			more, ok := c.More('}')
			if !ok {
				return nil, false
			}
			empty = !more
		}
		more, ok := c.More('}')
		if !ok {
			return nil, false
		}
		if !more {
			if len(out) == 0 {
				return nil, true
			}
			return pointers(&sc.conditionPtrs, sc.conditions.Clone(out)), true
		}
	}
}

// finishStatements makes the templates of the statements' resources and
// condition values and checks the values, as the parser does with the
// Version known.
func finishStatements(pol *Policy) bool {
	vars := pol.Version.VariablesEnabled()
	for _, st := range pol.Statements {
		if vars {
			for i, r := range st.Resources {
				// A template without variables is the raw one there:
				// written only when it has parts.
				if t := ParseTemplate(r.Raw, true); !IsPlaceholder(r.Raw) && t.Parts != nil {
					st.Resources[i] = t
				}
			}
		}
		for _, cond := range st.Conditions {
			for i, v := range cond.Values {
				t := ParseTemplate(v.Raw, vars)
				if t.IsLiteral() && !IsPlaceholder(v.Raw) && checkValue(cond.Operator.Op.Family(), v.Raw) != nil {
					return false
				}
				if t.Parts != nil {
					cond.Values[i] = t
				}
			}
		}
	}
	return true
}
