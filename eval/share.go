package eval

import (
	"encoding/binary"
	"hash/maphash"

	"github.com/sekisho/sekisho/internal/cond"
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
	c.seenStatements = map[uint64]struct{}{}
	c.seed = maphash.MakeSeed()
	c.resourceLists = map[resourceKey][]resourcePattern{}
	c.actionLists = map[string]statementActions{}
	c.conditions = map[string]*cond.Condition{}
	c.sharedLimit = statements
	return c
}

// statement compiles st into cs, sharing what c compiled for a statement
// of the same content (a nil c, or one that does not share, compiles it).
//
// bodies, when it is not nil, is the room of a document compiled for one
// set alone (setBuilder.policy): a statement c has not seen before is
// compiled into a body of it, which the set's end empties (setRoom.keep),
// and c only marks its content seen (firstSight); the next statement of
// that content is compiled onto the heap and shared. About one in nine of
// a case file's statements is of a content seen once, and their bodies
// and keys, each in fresh memory, were a sixth of the bytes deciding
// allocated.
func (c *Compiler) statement(cs *statement, g Gate, level int, pol *policy.Policy, st *policy.Statement, services *serviceTable, bodies *bodyRoom) error {
	if c == nil || c.shared == nil {
		return compileStatement(cs, new(statementBody), g, level, pol, st, services, c)
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
		*cs = statement{ref: StatementRef{Gate: g, Level: level, Policy: pol, Statement: st}, statementBody: body}
		return nil
	}
	if bodies != nil && c.firstSight(key) {
		return compileStatement(cs, bodies.next(), g, level, pol, st, services, c)
	}
	if err := compileStatement(cs, new(statementBody), g, level, pol, st, services, c); err != nil {
		return err
	}
	// The cache keeps the compiled body without the reference, so that
	// it does not hold on to the document (and through it a case's
	// tree) it was first compiled for: a larger live heap is marked by
	// every garbage collection.
	c.share(key, cs.statementBody)
	return nil
}

// share keeps body as the compiled content of statements of key.
func (c *Compiler) share(key []byte, body *statementBody) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sharedLimit > 0 && len(c.shared) >= c.sharedLimit {
		clear(c.shared)
	}
	c.shared[string(key)] = body
}

// firstSight reports whether no statement of key was asked for before
// (but those of a hash the same), and marks it seen. The mark is the
// key's hash, not the key: a string of the key for each statement seen
// once cost as much as its body. Two keys of one hash only make the
// second compiled as a statement seen before is, onto the heap and
// shared, which is always right: the hash never picks a body.
func (c *Compiler) firstSight(key []byte) bool {
	h := maphash.Bytes(c.seed, key)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, seen := c.seenStatements[h]; seen {
		return false
	}
	if c.sharedLimit > 0 && len(c.seenStatements) >= c.sharedLimit {
		clear(c.seenStatements)
	}
	c.seenStatements[h] = struct{}{}
	return true
}

// resourceKey is what compiling a Resource pattern reads: its text and
// whether it is literal, which with the text tells its parts (a
// template's parts are those of its text once variables are on, and it
// is literal when they are off: policy.ParseTemplate).
type resourceKey struct {
	raw     string
	literal bool
}

// resources compiles a statement's Resource list, sharing what c
// compiled for patterns of the same text (a nil c, or one that does not
// share, compiles them). A list of one pattern, most statements', is the
// shared one-element list itself, read only as every shared compiled
// form is: a quarter of a case file's statements are not shared, and
// each copying its 128-byte pattern into a list of its own was a fifth
// of the bytes deciding its cases allocated.
func (c *Compiler) resources(list []policy.Template) []resourcePattern {
	if len(list) == 1 && c != nil && c.resourceLists != nil {
		return c.resourceList(&list[0])
	}
	out := make([]resourcePattern, len(list))
	for i := range list {
		out[i] = c.resource(&list[i])
	}
	return out
}

// resource compiles a Resource pattern, sharing what c compiled for one
// of the same text (a nil c, or one that does not share, compiles it):
// the 47,140 Resource values of the 10,000 random cases of
// BenchmarkRandomCases are 163 texts, and the statements that are not
// shared (a quarter) compiled each again. The template the pattern keeps
// is the first one's, read for its content only (its parts and text), as
// a shared statement's are.
func (c *Compiler) resource(t *policy.Template) resourcePattern {
	if c == nil || c.resourceLists == nil {
		return compileResource(t)
	}
	return c.resourceList(t)[0]
}

// resourceList is c's shared list of the one pattern t compiles to (c
// shares: resource), of length and capacity 1 so that no append can
// write past it.
func (c *Compiler) resourceList(t *policy.Template) []resourcePattern {
	key := resourceKey{raw: t.Raw, literal: t.IsLiteral()}
	c.mu.RLock()
	list, ok := c.resourceLists[key]
	c.mu.RUnlock()
	if ok {
		return list
	}
	list = []resourcePattern{compileResource(t)}
	c.mu.Lock()
	if c.sharedLimit > 0 && len(c.resourceLists) >= c.sharedLimit {
		clear(c.resourceLists)
	}
	c.resourceLists[key] = list
	c.mu.Unlock()
	return list
}

// actions compiles an Action or NotAction list, sharing what c compiled
// for the same list (a nil c, or one that does not share, compiles it): a
// case file's statements repeat few lists, and compiling one (its
// patterns, services and their ids) was a fifth of compiling a statement.
// The key is the list's encoding (appendStrings) after whether it is
// NotAction, which decides whether its services are interned.
func (c *Compiler) actions(list []string, notAction bool, services *serviceTable) statementActions {
	if c == nil || c.actionLists == nil {
		return compileActions(list, notAction, services)
	}
	var buf [128]byte
	key := appendStrings(append(buf[:0], flags(notAction)), list)
	c.mu.RLock()
	sa, ok := c.actionLists[string(key)]
	c.mu.RUnlock()
	if ok {
		return sa
	}
	sa = compileActions(list, notAction, services)
	c.mu.Lock()
	if c.sharedLimit > 0 && len(c.actionLists) >= c.sharedLimit {
		clear(c.actionLists)
	}
	c.actionLists[string(key)] = sa
	c.mu.Unlock()
	return sa
}

// condition compiles a condition of a statement of the given effect,
// sharing what c compiled for one of the same content in a statement of
// the same effect (a nil c, or one that does not share, compiles it): a
// case file's statements repeat few conditions. The compiled condition
// keeps the first one's source, read for its content only (operator, key,
// values: eval/trace.go, internal/cond/explain.go), as a shared
// statement's conditions are.
func (c *Compiler) condition(sc *policy.Condition, effect policy.Effect) (*cond.Condition, error) {
	if c == nil || c.conditions == nil {
		return cond.CompileFor(sc, effect)
	}
	var buf [128]byte
	key := appendCondition(append(buf[:0], byte(effect)), sc)
	c.mu.RLock()
	cc := c.conditions[string(key)]
	c.mu.RUnlock()
	if cc != nil {
		return cc, nil
	}
	cc, err := cond.CompileFor(sc, effect)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.sharedLimit > 0 && len(c.conditions) >= c.sharedLimit {
		clear(c.conditions)
	}
	c.conditions[string(key)] = cc
	c.mu.Unlock()
	return cc, nil
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
		b = appendCondition(b, c)
	}
	return b
}

// appendCondition appends to b the content of a condition that
// cond.CompileFor reads but the statement's effect.
func appendCondition(b []byte, c *policy.Condition) []byte {
	b = append(b, byte(c.Operator.Op), flags(c.Operator.IfExists), byte(c.Operator.Qualifier))
	b = appendString(b, c.Key)
	b = binary.AppendUvarint(b, uint64(len(c.Values)))
	for i := range c.Values {
		b = appendTemplate(b, &c.Values[i])
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
