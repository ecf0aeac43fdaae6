package casefile

import (
	"strconv"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/internal/slab"
	"github.com/sekisho/sekisho/policy"
)

// scanMemory is where the fast reader makes the values of the cases it
// reads: from a few arrays (internal/slab) instead of one allocation
// each, which were most of the allocations of reading a case file. It
// is used by the one goroutine that reads the file (eachItem).
type scanMemory struct {
	policies  policy.Scanner
	cases     slab.Slab[Case]
	decisions slab.Slab[eval.Decision]
	lists     slab.Slab[*policy.Policy]
	levels    slab.Slab[[]*policy.Policy]
	strs      slab.Slab[string]
	text      slab.Bytes // JSON paths and names

	// checked holds the context values found valid so far
	// (eval.CheckContextValue): the cases of a file repeat them, and
	// looking the key up in the service reference each time was a
	// twelfth of reading a case.
	checked map[keyValue]struct{}
	// principals holds the request principals parsed so far, for the
	// same reason (arn.ParsePrincipal was a twentieth of reading a case).
	principals map[string]arn.Principal
	// contexts holds the request contexts read so far by their text:
	// the cases that give the same context share its maps, which no
	// reader of a case writes (Case).
	contexts map[string]readContext
}

// readContext is a request context as read (context).
type readContext struct {
	values map[string][]string
	lists  map[string]bool
}

// keyValue is a context key and one of its values.
type keyValue struct{ key, value string }

// maxChecked bounds scanMemory.checked and principals, which start over
// when full.
const maxChecked = 4096

// principal is arn.ParsePrincipal(s), false for an error, remembered for
// the principals parsed without one: the cases of a file repeat a few
// callers (a Principal is a value of strings, so each case gets its
// copy).
func (mem *scanMemory) principal(s string) (arn.Principal, bool) {
	if p, ok := mem.principals[s]; ok {
		return p, true
	}
	p, err := arn.ParsePrincipal(s)
	if err != nil {
		return p, false
	}
	if mem.principals == nil || len(mem.principals) >= maxChecked {
		mem.principals = make(map[string]arn.Principal, 64)
	}
	mem.principals[s] = p
	return p, true
}

// checkContextValue is eval.CheckContextValue(key, value) == nil,
// remembered for the values found valid.
func (mem *scanMemory) checkContextValue(key, value string) bool {
	kv := keyValue{key, value}
	if _, ok := mem.checked[kv]; ok {
		return true
	}
	if eval.CheckContextValue(key, value) != nil {
		return false
	}
	if mem.checked == nil || len(mem.checked) >= maxChecked {
		mem.checked = make(map[keyValue]struct{}, 64)
	}
	mem.checked[kv] = struct{}{}
	return true
}

// scanCases turns the fast reader on; the tests turn it off to compare.
var scanCases = true

// eachItem reads a JSON list of cases, calling fn with each item in
// order: its case, read straight from the text (scanCase), or, for an
// item that reader does not take, its tree (item), for oneCase to read.
// Building a tree for each case and reading the tree again was most of
// reading a file of 10,000 cases. The fast reader takes only the plainest
// cases (node.Cursor, policy.ScanPolicy) and never writes an error: an
// item it does not fully understand is read again from its start by the
// JSON reader, at the same place and the same count of values, and the
// list's syntax past the last item it read is the JSON reader's too; so
// the cases, and every error and its place, are those of
// node.EachJSONItemAs and oneCase. listed is false, and fn never called,
// when src does not hold a list. l is the file's kind, which bounds its
// values (node.EachJSONItemAs). The strings of the cases read straight
// from the text share src's memory (node.NewCursorShared): src must not
// change while they are in use (EachListed).
func (r *reader) eachItem(src []byte, l readfile.Limit, fn func(i int, c *Case, item *node.Node) error) (listed bool, err error) {
	cur := node.NewCursorShared(src, l)
	if cur.Peek() != '[' {
		return false, nil
	}
	cur.Eat('[') // the top list is not counted as a value (EachJSONItem)
	tree := func(i int, item *node.Node) error { return fn(i, nil, item) }
	if cur.Peek() == ']' {
		return true, cur.ContinueList(0, tree)
	}
	for i := 0; ; i++ {
		var c *Case
		ok := false
		if i < MaxCases && scanCases { // the case past the bound is an error at its tree
			save := *cur
			if c, ok = r.scanCase(cur, i); !ok {
				*cur = save
			}
		}
		if ok {
			err = fn(i, c, nil)
		} else {
			var item *node.Node
			if item, err = cur.ParseValueAt(1); err != nil {
				return true, err
			}
			err = fn(i, nil, item)
		}
		if err != nil {
			return true, err
		}
		if !cur.Eat(',') {
			// The end of the list and what follows it, or a syntax
			// error: the JSON reader's.
			return true, cur.ContinueList(i+1, tree)
		}
	}
}

// scanCase reads the case at the cursor, item i of the list, as oneCase
// reads its tree; false for anything it does not take (a model case
// among them), and for every error.
func (r *reader) scanCase(cur *node.Cursor, i int) (*Case, bool) {
	pos := cur.Pos()
	if empty, ok := cur.Open('{'); !ok || empty {
		return nil, false
	}
	c := r.scan.cases.New()
	c.File, c.Pos = r.file, pos
	var seen uint8
	for {
		k, ok := cur.Member()
		if !ok {
			return nil, false
		}
		bit := caseBit(k)
		if bit == 0 || seen&bit != 0 {
			return nil, false
		}
		seen |= bit
		switch k {
		case "name":
			c.Name, ok = cur.StrValue()
		case "doc":
			c.Doc, ok = cur.StrValue()
		case "description":
			c.Description, ok = cur.StrValue()
		case "request":
			c.Request, ok = r.scan.request(cur)
		case "policies":
			c.Policies, ok = r.scanPolicies(cur, i)
		case "expect":
			var s string
			if s, ok = cur.StrValue(); ok {
				var d eval.Decision
				if d, ok = eval.ParseDecision(s); ok {
					c.Expect = r.scan.decisions.New()
					*c.Expect = d
				}
			}
		}
		if !ok {
			return nil, false
		}
		more, ok := cur.More('}')
		if !ok {
			return nil, false
		}
		if !more {
			break
		}
	}
	if c.Name == "" || seen&caseBit("request") == 0 {
		return nil, false
	}
	return c, true
}

// caseBit is the bit of a case field the fast reader takes in a set of
// those read (model is not among them: its cases are read from a tree).
func caseBit(k string) uint8 {
	switch k {
	case "name":
		return 1
	case "doc":
		return 2
	case "description":
		return 4
	case "request":
		return 8
	case "policies":
		return 16
	case "expect":
		return 32
	}
	return 0
}

// request reads a request as request reads its tree.
func (mem *scanMemory) request(cur *node.Cursor) (eval.RequestInput, bool) {
	var in eval.RequestInput
	if empty, ok := cur.Open('{'); !ok || empty {
		return in, false
	}
	var seen uint8
	for {
		k, ok := cur.Member()
		if !ok {
			return in, false
		}
		var bit uint8
		switch k {
		case "principal":
			bit = 1
			var s string
			if s, ok = cur.StrValue(); ok {
				in.Principal, ok = mem.principal(s)
			}
		case "action":
			bit = 2
			in.Action, ok = cur.StrValue()
		case "resource":
			bit = 4
			in.Resource, ok = cur.StrValue()
		case "resourceAccount":
			bit = 8
			in.ResourceAccount, ok = cur.StrValue()
		case "context":
			bit = 16
			in.Context, in.Lists, ok = mem.context(cur)
		}
		if !ok || bit == 0 || seen&bit != 0 {
			return in, false
		}
		seen |= bit
		more, ok := cur.More('}')
		if !ok {
			return in, false
		}
		if !more {
			break
		}
	}
	if in.Action == "" {
		return in, false
	}
	if seen&1 == 0 {
		in.Principal, _ = mem.principal("") // no principal: an anonymous caller
	}
	return in, eval.CheckInput(in) == nil
}

// maxFastKeys bounds the members of a context object the fast reader
// takes, which it compares each with the others for duplicates.
const maxFastKeys = 64

// context reads a request's context object of strings and lists of
// strings, as context reads its tree. The members and their values are
// gathered on the stack first, so that the map is made at its size and
// the values are one list of mem's strings, each member's a part of it:
// a list for each value was a twentieth of the allocations of reading a
// case file. A context of the same text as one read before is read (its
// values checked and counted) and given that one's maps (Case): the
// cases of a file repeat few contexts, and their maps were a sixth of
// the memory allocated reading them.
func (mem *scanMemory) context(cur *node.Cursor) (out map[string][]string, lists map[string]bool, ok bool) {
	start := cur.Off()
	empty, ok := cur.Open('{')
	if !ok {
		return nil, nil, false
	}
	type member struct {
		key  string
		end  int  // the end of its values in vals
		list bool // written as a list
	}
	var buf [maxFastKeys]member
	var valBuf [maxFastKeys]string
	ms, vals := buf[:0], valBuf[:0]
	for !empty {
		k, ok := cur.Member()
		if !ok || len(ms) >= maxFastKeys {
			return nil, nil, false
		}
		for _, m := range ms {
			if m.key == k {
				return nil, nil, false
			}
		}
		m := member{key: k, list: cur.Peek() == '['}
		if vals, ok = mem.contextValues(cur, k, vals); !ok {
			return nil, nil, false
		}
		m.end = len(vals)
		if m.list {
			if lists == nil {
				lists = map[string]bool{}
			}
			lists[k] = true
		}
		ms = append(ms, m)
		more, ok := cur.More('}')
		if !ok {
			return nil, nil, false
		}
		empty = !more
	}
	text := cur.Text(start)
	if r, ok := mem.contexts[text]; ok {
		return r.values, r.lists, true
	}
	out = make(map[string][]string, len(ms))
	all := mem.strs.Clone(vals)
	from := 0
	for _, m := range ms {
		out[m.key] = all[from:m.end:m.end]
		from = m.end
	}
	if mem.contexts == nil || len(mem.contexts) >= maxChecked {
		mem.contexts = make(map[string]readContext, 64)
	}
	mem.contexts[text] = readContext{out, lists}
	return out, lists, true
}

// contextValues appends to vals the value of context key k at the
// cursor, a string or a list of strings, each checked.
func (mem *scanMemory) contextValues(cur *node.Cursor, k string, vals []string) ([]string, bool) {
	if cur.Peek() != '[' {
		s, ok := cur.StrValue()
		return append(vals, s), ok && mem.checkContextValue(k, s)
	}
	empty, ok := cur.Open('[')
	if !ok {
		return vals, false
	}
	for !empty {
		s, ok := cur.StrValue()
		if !ok || !mem.checkContextValue(k, s) {
			return vals, false
		}
		vals = append(vals, s)
		more, ok := cur.More(']')
		if !ok {
			return vals, false
		}
		empty = !more
	}
	return vals, true
}

// scanPolicies reads the policies of case item as policies reads their
// tree.
func (r *reader) scanPolicies(cur *node.Cursor, item int) (eval.PolicySet, bool) {
	var ps eval.PolicySet
	empty, ok := cur.Open('{')
	if !ok {
		return ps, false
	}
	var seen uint8
	for !empty {
		k, ok := cur.Member()
		if !ok {
			return ps, false
		}
		var bit uint8
		p := place{item: item, member: k}
		switch k {
		case "identity":
			bit = 1
			ps.Identity, ok = r.scanList(cur, p, policy.Identity)
		case "boundary":
			bit = 2
			ps.Boundary, ok = r.scanList(cur, p, policy.Boundary)
		case "session":
			bit = 4
			ps.Session, ok = r.scanList(cur, p, policy.Session)
		case "scp":
			bit = 8
			ps.SCP, ok = r.scanLevels(cur, p, policy.SCP)
		case "rcp":
			bit = 16
			ps.RCP, ok = r.scanLevels(cur, p, policy.RCP)
		case "resource":
			bit = 32
			ps.Resource, ok = r.scanPolicy(cur, p, policy.Resource)
		case "vpcEndpoint":
			bit = 64
			ps.Endpoint, ok = r.scanPolicy(cur, p, policy.Endpoint)
		}
		if !ok || bit == 0 || seen&bit != 0 {
			return ps, false
		}
		seen |= bit
		more, ok := cur.More('}')
		if !ok {
			return ps, false
		}
		empty = !more
	}
	return ps, true
}

// scanList reads a list of policies (list); null is left to the tree.
func (r *reader) scanList(cur *node.Cursor, at place, k policy.Kind) ([]*policy.Policy, bool) {
	empty, ok := cur.Open('[')
	if !ok {
		return nil, false
	}
	// Gathered on the stack, then copied to the reader's lists.
	var buf [8]*policy.Policy
	out := buf[:0]
	for i := 0; !empty; i++ {
		pol, ok := r.scanPolicy(cur, at.index(i), k)
		if !ok {
			return nil, false
		}
		out = append(out, pol)
		more, ok := cur.More(']')
		if !ok {
			return nil, false
		}
		empty = !more
	}
	return r.scan.lists.Clone(out), true
}

// scanLevels reads the organization levels of SCPs or RCPs (levels).
func (r *reader) scanLevels(cur *node.Cursor, at place, k policy.Kind) ([][]*policy.Policy, bool) {
	empty, ok := cur.Open('[')
	if !ok {
		return nil, false
	}
	var buf [8][]*policy.Policy
	out := buf[:0]
	for i := 0; !empty; i++ {
		lvl, ok := r.scanList(cur, at.index(i), k)
		if !ok {
			return nil, false
		}
		out = append(out, lvl)
		more, ok := cur.More(']')
		if !ok {
			return nil, false
		}
		empty = !more
	}
	return r.scan.levels.Clone(out), true
}

// scanPolicy reads a policy written inline (policy.ScanPolicy) or the
// name of a policy file, read once per case file (policy).
func (r *reader) scanPolicy(cur *node.Cursor, at place, k policy.Kind) (*policy.Policy, bool) {
	if cur.Peek() != '"' {
		path, name := at.pathName(&r.scan.text)
		pol, ok := r.scan.policies.ScanPolicy(cur, policy.Source{File: r.file, Path: path, Kind: k, Name: name})
		if !ok {
			return nil, false
		}
		// An empty Id is left to the tree (ScanPolicy): a policy's ID
		// tells whether it has one.
		if pol.ID != "" {
			pol.Name = at.name(&r.scan.text, pol.ID)
		}
		return pol, true
	}
	pos := cur.Pos()
	file, ok := cur.StrValue()
	if !ok {
		return nil, false
	}
	pol, err := r.policyFile(file, k, func() (*policy.Policy, error) {
		n := &node.Node{Kind: node.String, Pos: pos, Text: file}
		return policy.FromNodeOrFile(n, r.dir, policy.Source{File: r.file, Path: at.path(&r.scan.text), Kind: k})
	})
	if err != nil {
		return nil, false // the tree's reading writes the error
	}
	return pol, true
}

// place is where a policy is in a case file: the policies member of case
// item, and its indexes in the member's lists (scp[1][0]), so that its
// JSON path and name are each written once (the tree's reading builds
// them a step at a time, a string each, a tenth of the fast reader's
// allocations).
type place struct {
	item   int
	member string
	idx    [2]int
	n      int // indexes in idx
}

func (p place) index(i int) place {
	p.idx[p.n] = i
	p.n++
	return p
}

// path is node.Root.Index(item).Key("policies").Key(member) and the
// indexes (every member is an identifier: Key writes it after a dot),
// written to text.
func (p place) path(text *slab.Bytes) node.Path {
	var buf [80]byte
	b := append(buf[:0], "$["...)
	b = strconv.AppendInt(b, int64(p.item), 10)
	b = append(b, "].policies."...)
	b = p.appendIndexed(b)
	return node.Path(text.String(b))
}

// pathName is path, and name without an Id, which is the path's end:
// one string for both.
func (p place) pathName(text *slab.Bytes) (node.Path, string) {
	path := p.path(text)
	if p.n == 0 {
		return path, p.member
	}
	return path, string(path[len(path)-p.indexedLen():])
}

// indexedLen is the length of appendIndexed's text.
func (p place) indexedLen() int {
	n := len(p.member)
	for _, i := range p.idx[:p.n] {
		n += 2 + decimalLen(i)
	}
	return n
}

// decimalLen is the length of i (not negative) in decimal.
func decimalLen(i int) int {
	n := 1
	for ; i >= 10; i /= 10 {
		n++
	}
	return n
}

// name is the policy's name in explanations: the member and its indexes
// (indexed), with " (id)" when the document has an Id, written to text.
func (p place) name(text *slab.Bytes, id string) string {
	if p.n == 0 && id == "" {
		return p.member
	}
	var buf [64]byte
	b := p.appendIndexed(buf[:0])
	if id != "" {
		b = append(b, " ("...)
		b = append(b, id...)
		b = append(b, ')')
	}
	return text.String(b)
}

func (p place) appendIndexed(b []byte) []byte {
	b = append(b, p.member...)
	for _, i := range p.idx[:p.n] {
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, ']')
	}
	return b
}
