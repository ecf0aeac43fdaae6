package eval

import (
	"encoding/binary"

	"github.com/sekisho/sekisho/policy"
)

// NewCompilerSharing is NewCompilerLimit for sets whose documents are
// distinct but repeat statements (a case file of inline policies, each
// written for its case from a few statements): a statement of the same
// content as one compiled before (statementKey) shares its compiled
// actions, resources, principal and conditions, and is otherwise its own
// (its gate, level, policy and source, for explanations). It keeps at most
// limit documents and statements shared statements, starting over when
// either is full.
func NewCompilerSharing(limit, statements int) *Compiler {
	c := NewCompilerLimit(limit)
	c.shared = map[string]*statementBody{}
	c.sharedLimit = statements
	return c
}

// statement compiles st, sharing what c compiled for a statement of the
// same content (a nil c, or one that does not share, compiles it).
func (c *Compiler) statement(g Gate, level int, pol *policy.Policy, st *policy.Statement, services *serviceTable) (*statement, error) {
	if c == nil || c.shared == nil {
		return compileStatement(g, level, pol, st, services)
	}
	// The key is built on the stack and made a string only when it is
	// stored: three in four statements of a case file find theirs.
	var buf [256]byte
	key := appendStatementKey(buf[:0], pol, st)
	c.mu.RLock()
	body := c.shared[string(key)]
	c.mu.RUnlock()
	if body != nil {
		// Only the reference is this statement's own: the body is
		// shared, not copied.
		return &statement{ref: StatementRef{Gate: g, Level: level, Policy: pol, Statement: st}, statementBody: body}, nil
	}
	cs, err := compileStatement(g, level, pol, st, services)
	if err != nil {
		return nil, err
	}
	// The cache keeps the compiled body without the reference, so that
	// it does not hold on to the document (and through it a case's
	// tree) it was first compiled for: a larger live heap is marked by
	// every garbage collection.
	c.mu.Lock()
	if c.sharedLimit > 0 && len(c.shared) >= c.sharedLimit {
		clear(c.shared)
	}
	c.shared[string(key)] = cs.statementBody
	c.mu.Unlock()
	return cs, nil
}

// appendStatementKey appends to b the content of st that
// compileStatement reads, in an unambiguous encoding (each string and list
// with its length): two statements with one key compile alike but for
// their references. The policy's version is part of it (it decides
// whether ${...} is a variable, which the templates' parts already tell;
// kept for safety).
func appendStatementKey(b []byte, pol *policy.Policy, st *policy.Statement) []byte {
	b = append(b, byte(pol.Version), byte(st.Effect), flags(st.NotAction, st.NotResource, st.AnyResource, st.NotPrincipal))
	b = appendStrings(b, st.Actions)
	b = binary.AppendUvarint(b, uint64(len(st.Resources)))
	for i := range st.Resources {
		b = appendTemplate(b, &st.Resources[i])
	}
	if p := st.Principal; p == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1, flags(p.Any))
		for _, l := range [][]string{p.AWS, p.Service, p.Federated, p.CanonicalUser, p.UniqueIDs} {
			b = appendStrings(b, l)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(st.Conditions)))
	for _, c := range st.Conditions {
		b = append(b, byte(c.Operator.Op), flags(c.Operator.IfExists), byte(c.Operator.Qualifier))
		b = appendString(b, c.Key)
		b = binary.AppendUvarint(b, uint64(len(c.Values)))
		for i := range c.Values {
			b = appendTemplate(b, &c.Values[i])
		}
	}
	return b
}

func flags(bs ...bool) byte {
	var f byte
	for i, set := range bs {
		if set {
			f |= 1 << i
		}
	}
	return f
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

func appendTemplate(b []byte, t *policy.Template) []byte {
	b = appendString(b, t.Raw)
	if t.Parts == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendUvarint(b, uint64(len(t.Parts)))
	for _, p := range t.Parts {
		b = append(b, byte(p.Kind), flags(p.HasDefault))
		for _, s := range [...]string{p.Text, p.Key, p.Name, p.Default} {
			b = appendString(b, s)
		}
	}
	return b
}
