package eval

import (
	"fmt"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/cond"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// PolicySet is every policy that applies to one request, by gate: it is
// policy.Set, named here for callers of the engine.
type PolicySet = policy.Set

// Prepared is a compiled policy set, ready to evaluate many requests.
type Prepared struct {
	identity gatePolicies
	boundary gatePolicies
	session  gatePolicies
	scp      []gatePolicies
	rcp      []gatePolicies
	resource gatePolicies
	endpoint gatePolicies
	services *serviceTable // the ids its statement indexes use
	compiler *Compiler     // that compiled it, which names its documents' Action elements (PolicyKey); nil: none does
	preparedKey
}

// gatePolicies is the compiled policies of one gate (or one organization level).
type gatePolicies struct {
	present  bool
	policies []*compiledPolicy
}

type compiledPolicy struct {
	src   *policy.Policy
	deny  statementIndex
	allow statementIndex
	all   []*statement // in source order, for explanations
	id    uint64       // unique in the process
	// actionsID names the document's Action elements (actionShape), 0
	// until asked for (Compiler.actionsID).
	actionsID atomic.Uint64

	// The statements of a document of at most roomStatements, and their
	// lists, so that compiling it is one allocation: a case file's
	// documents are most of them one to three statements, compiled for
	// one case.
	roomStatements [roomStatements]statement
	roomLists      [2 * roomStatements]*statement
}

const roomStatements = 3

// statement is a compiled statement as one document uses it: its
// reference (gate, level, policy, statement: what an explanation names)
// and its compiled content, which statements of the same content share
// (NewCompilerSharing) without copying it.
type statement struct {
	ref StatementRef
	*statementBody
}

// statementBody is what a statement compiles to, whichever document holds
// it.
type statementBody struct {
	statementActions
	resources    []resourcePattern
	notResource  bool
	anyResource  bool
	principal    *principalMatcher
	notPrincipal bool
	conds        []*cond.Condition
}

// statementActions is a statement's compiled Action or NotAction list.
type statementActions struct {
	actions    []wildcard.Pattern
	services   []string // lower-cased literal service prefixes of Action; nil if any is a wildcard
	serviceIDs []uint32 // services' ids in the Compiler's table, for the statement indexes; nil when isWild
	notAction  bool

	// byService holds the action patterns by lower-cased service, for
	// statements with many (AWS managed policies such as ReadOnlyAccess
	// list over a thousand): a request then tries only its service's.
	byService map[string][]wildcard.Pattern
}

type resourcePattern struct {
	tmpl    *policy.Template
	literal wildcard.Pattern // when tmpl is literal
	none    bool             // a placeholder: matches nothing
	filter  literalFilter
}

// Prepare compiles a policy set.
func Prepare(ps PolicySet) (*Prepared, error) { return (*Compiler)(nil).Prepare(ps) }

// Compiler prepares many policy sets that share policy documents (an
// organization's managed policies, SCPs, bucket policies), compiling each
// document once for each place it is used. It is safe for concurrent use.
// The zero Compiler is not usable; a nil *Compiler compiles without caching.
type Compiler struct {
	mu       sync.RWMutex
	cache    map[compileKey]*compiledPolicy // nil: no caching
	limit    int                            // most documents cached (0: no bound)
	services *serviceTable                  // the service ids of the statements it compiled

	// shared holds compiled statements by content (statementKey), for
	// a Compiler made by NewCompilerSharing; nil: none are shared.
	shared      map[string]*statementBody
	sharedLimit int // most statements shared (0: no bound)
	// seenStatements holds, by their key's hash under seed, the
	// statements compiled for one set alone (Compiler.firstSight).
	seenStatements map[uint64]struct{}
	seed           maphash.Seed
	// resourceLists, actionLists and conditions hold compiled Resource
	// patterns (each a list of one: Compiler.resources), Action lists and
	// conditions by content, for the same Compilers: documents of
	// different statements repeat few of them.
	resourceLists map[resourceKey][]resourcePattern
	actionLists   map[string]statementActions
	conditions    map[string]*cond.Condition
	// shapes holds, by actionShape, the actionsID of the documents
	// cached (nil: no caching).
	shapes map[string]uint64
}

type compileKey struct {
	pol   *policy.Policy
	gate  Gate
	level int
}

// NewCompiler returns a Compiler with an empty cache.
func NewCompiler() *Compiler {
	return &Compiler{cache: map[compileKey]*compiledPolicy{}, services: newServiceTable(), shapes: map[string]uint64{}}
}

// NewCompilerLimit returns a Compiler that keeps at most limit compiled
// documents: when the cache is full it starts over. A run over many
// one-off documents (a case file of inline policies) then holds only the
// documents of its last cases, while documents many sets share (SCP
// files) are still compiled about once per limit documents.
func NewCompilerLimit(limit int) *Compiler {
	c := NewCompiler()
	c.limit = limit
	return c
}

// Prepare compiles a policy set, reusing documents compiled before.
func (c *Compiler) Prepare(ps PolicySet) (*Prepared, error) {
	p := &Prepared{}
	if err := c.prepare(p, ps, nil); err != nil {
		return nil, err
	}
	return p, nil
}

// prepare compiles a policy set into p. The compiled documents of all its
// gates are one slice, and its SCP and RCP levels another, cut into the
// gates': a set is prepared per decision, and a slice per gate was a
// tenth of a case's allocations. room, when it is not nil, holds the two
// slices of a set done with, to reuse (Compiler.DecideTransient).
func (c *Compiler) prepare(p *Prepared, ps PolicySet, room *setRoom) error {
	if c == nil {
		c = &Compiler{services: newServiceTable()} // for this set alone
	}
	p.services = c.services
	if c.shapes != nil {
		p.compiler = c
	}
	b := setBuilder{c: c, reuse: room != nil}
	if room != nil {
		b.setRoom = *room
	}
	b.policies = slices.Grow(b.policies[:0], countPolicies(ps))
	b.orgLevels = slices.Grow(b.orgLevels[:0], len(ps.SCP)+len(ps.RCP))
	err := b.prepare(p, ps)
	if room != nil {
		*room = b.setRoom
	}
	return err
}

func (b *setBuilder) prepare(p *Prepared, ps PolicySet) error {
	var err error
	if p.identity, err = b.gate(GateIdentity, 0, ps.Identity); err != nil {
		return err
	}
	if p.boundary, err = b.gate(GateBoundary, 0, ps.Boundary); err != nil {
		return err
	}
	if p.session, err = b.gate(GateSession, 0, ps.Session); err != nil {
		return err
	}
	if p.scp, err = b.levels(GateSCP, ps.SCP); err != nil {
		return err
	}
	if p.rcp, err = b.levels(GateRCP, ps.RCP); err != nil {
		return err
	}
	if p.resource, err = b.gate(GateResource, 0, single(ps.Resource)); err != nil {
		return err
	}
	if p.endpoint, err = b.gate(GateEndpoint, 0, single(ps.Endpoint)); err != nil {
		return err
	}
	return nil
}

// countPolicies counts the documents of a set, in every gate and level.
func countPolicies(ps PolicySet) int {
	n := len(ps.Identity) + len(ps.Boundary) + len(ps.Session)
	for _, lvl := range ps.SCP {
		n += len(lvl)
	}
	for _, lvl := range ps.RCP {
		n += len(lvl)
	}
	if ps.Resource != nil {
		n++
	}
	if ps.Endpoint != nil {
		n++
	}
	return n
}

// setBuilder compiles the gates of one set through c into slices made
// with room for all of them (prepare).
type setBuilder struct {
	c     *Compiler
	reuse bool // documents seen once are compiled into the room's (setRoom.docs)
	setRoom
}

// setRoom is the memory of a compiled set: its documents, and its SCP and
// RCP levels, cut into its gates'.
type setRoom struct {
	policies  []*compiledPolicy
	orgLevels []gatePolicies
	docs      []*compiledPolicy // compiled for this set alone (setBuilder.policy): docs[:used] in use
	used      int
	bodies    bodyRoom // the statement bodies of docs compiled for this set alone
}

// bodyRoom is statement bodies compiled for one set alone (Compiler.statement):
// bodies[:used] in use.
type bodyRoom struct {
	bodies []*statementBody
	used   int
}

// next returns an empty body of the room, marked in use.
func (r *bodyRoom) next() *statementBody {
	if r.used == len(r.bodies) {
		r.bodies = append(r.bodies, new(statementBody))
	}
	r.used++
	return r.bodies[r.used-1]
}

// empty zeroes the bodies in use, so that they keep nothing alive, and
// makes them free for the next set.
func (r *bodyRoom) empty() {
	for _, body := range r.bodies[:r.used] {
		*body = statementBody{}
	}
	r.used = 0
}

// keep keeps the memory of p, prepared in room, for the next set, and
// empties p.
func (room *setRoom) keep(p *Prepared) {
	clear(room.policies) // the documents are no longer kept alive
	clear(room.orgLevels)
	for _, cp := range room.docs[:room.used] {
		*cp = compiledPolicy{}
	}
	room.used = 0
	room.bodies.empty()
	*p = Prepared{}
}

// policy returns the compiled form of pol for a gate (Compiler.policy),
// for a set of DecideTransient (reuse) compiling a document c has not
// seen before into a document of the room, used until the set is done
// with (setRoom.keep): a case file's documents are most of them one
// case's, and each compiled into fresh memory was a tenth of the page
// faults of sekisho test.
func (b *setBuilder) policy(g Gate, level int, pol *policy.Policy) (*compiledPolicy, error) {
	if !b.reuse {
		return b.c.policy(g, level, pol, nil, nil)
	}
	if b.used == len(b.docs) {
		b.docs = append(b.docs, new(compiledPolicy))
	}
	room := b.docs[b.used]
	cp, err := b.c.policy(g, level, pol, room, &b.bodies)
	if cp == room {
		b.used++
	}
	return cp, err
}

// policy returns the compiled form of pol for a gate, from the cache.
// When room is not nil, a document c has not seen before is compiled into
// room, which is the caller's and is not cached: the cache only marks the
// document seen (a nil entry), and compiles and keeps it the next time it
// is asked for, when it is one that sets share. Its statements that c
// has not seen before are compiled into bodies, as room is
// (Compiler.statement).
func (c *Compiler) policy(g Gate, level int, pol *policy.Policy, room *compiledPolicy, bodies *bodyRoom) (*compiledPolicy, error) {
	if c.cache == nil {
		return compilePolicy(g, level, pol, c.services, nil, nil)
	}
	key := compileKey{pol, g, level}
	c.mu.RLock()
	cp, seen := c.cache[key]
	c.mu.RUnlock()
	if cp != nil {
		return cp, nil
	}
	if room != nil && !seen {
		if err := compilePolicyInto(room, g, level, pol, c.services, c, bodies); err != nil {
			*room = compiledPolicy{}
			return nil, err
		}
		c.store(key, nil)
		return room, nil
	}
	cp, err := compilePolicy(g, level, pol, c.services, c, nil)
	if err != nil {
		return nil, err
	}
	c.store(key, cp)
	return cp, nil
}

// store caches cp under key, or marks key seen when cp is nil (then an
// entry there already is kept).
func (c *Compiler) store(key compileKey, cp *compiledPolicy) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cp == nil {
		if _, ok := c.cache[key]; ok {
			return
		}
	}
	if c.limit > 0 && len(c.cache) >= c.limit {
		clear(c.cache)
		clear(c.shapes)
	}
	c.cache[key] = cp
}

// actionsID returns the name of cp's Action elements (actionShape) among
// the documents c compiled: the id of the first document of that shape
// asked for since c's cache last started over, else cp's own (a nil c, or
// one without a cache). It is made when first asked for (PolicyKey):
// only analyses ask, and a case file's run compiles a document or two per
// case, whose shapes, made as each was compiled, were a third of its
// allocations.
func (c *Compiler) actionsID(cp *compiledPolicy) uint64 {
	if id := cp.actionsID.Load(); id != 0 {
		return id
	}
	id := cp.id
	if c != nil && c.shapes != nil {
		shape := actionShape(cp.src)
		c.mu.Lock()
		if first, ok := c.shapes[shape]; ok {
			id = first
		} else {
			c.shapes[shape] = id
		}
		c.mu.Unlock()
	}
	cp.actionsID.CompareAndSwap(0, id) // goroutines asking at once got one name: the map's
	return cp.actionsID.Load()
}

// actionShape is what a document's statements match actions by: for
// each statement in order, its NotAction flag and its Action list as
// written (compileActions compiles nothing else into what
// statement.matchAction reads). Documents of one shape number actions
// alike (numberClasses reads nothing else of them): an organization's
// accounts each have their own copy of the same endpoint policy.
func actionShape(pol *policy.Policy) string {
	var b []byte
	for _, st := range pol.Statements { // each length written: no text can run into the next
		b = append(b, '0')
		if st.NotAction {
			b[len(b)-1] = '1'
		}
		b = strconv.AppendInt(append(b, ' '), int64(len(st.Actions)), 10)
		for _, a := range st.Actions {
			b = strconv.AppendInt(append(b, ' '), int64(len(a)), 10)
			b = append(append(b, ':'), a...)
		}
		b = append(b, ';')
	}
	return string(b)
}

func single(p *policy.Policy) []*policy.Policy {
	if p == nil {
		return nil
	}
	return []*policy.Policy{p}
}

func (b *setBuilder) levels(g Gate, levels [][]*policy.Policy) ([]gatePolicies, error) {
	start := len(b.orgLevels)
	for i, lvl := range levels {
		gp, err := b.gate(g, i, lvl)
		if err != nil {
			return nil, err
		}
		// A level is present even when empty: an organization level with
		// no policy attached allows nothing.
		gp.present = true
		b.orgLevels = append(b.orgLevels, gp)
	}
	return b.orgLevels[start:len(b.orgLevels):len(b.orgLevels)], nil
}

func (b *setBuilder) gate(g Gate, level int, pols []*policy.Policy) (gatePolicies, error) {
	gp := gatePolicies{present: len(pols) > 0}
	start := len(b.policies)
	for _, pol := range pols {
		cp, err := b.policy(g, level, pol)
		if err != nil {
			return gp, err
		}
		b.policies = append(b.policies, cp)
	}
	if len(pols) > 0 {
		gp.policies = b.policies[start:len(b.policies):len(b.policies)]
	}
	return gp, nil
}

// compilePolicy compiles pol; c, when it is not nil, shares its
// statements with those of the same content compiled before.
//
// The statements are one slice and their three lists (all, deny, allow)
// share another, both in the compiledPolicy for a document of a few
// statements: a case file compiles a document or two per case, most seen
// once, and a statement and a list grown by append were a quarter of a
// case's allocations.
func compilePolicy(g Gate, level int, pol *policy.Policy, services *serviceTable, c *Compiler, bodies *bodyRoom) (*compiledPolicy, error) {
	cp := new(compiledPolicy)
	if err := compilePolicyInto(cp, g, level, pol, services, c, bodies); err != nil {
		return nil, err
	}
	return cp, nil
}

// compilePolicyInto is compilePolicy into cp, which must be empty. bodies,
// when it is not nil, is the room of a document compiled for one set alone
// (Compiler.statement).
func compilePolicyInto(cp *compiledPolicy, g Gate, level int, pol *policy.Policy, services *serviceTable, c *Compiler, bodies *bodyRoom) error {
	n := len(pol.Statements)
	cp.src, cp.id = pol, compiledIDs.Add(1)
	stmts, lists := cp.roomStatements[:min(n, roomStatements)], cp.roomLists[:min(2*n, 2*roomStatements)]
	if n > roomStatements {
		stmts, lists = make([]statement, n), make([]*statement, 2*n)
	}
	cp.all = lists[:n:n]
	denies := 0
	for i, st := range pol.Statements {
		if err := c.statement(&stmts[i], g, level, pol, st, services, bodies); err != nil {
			return fmt.Errorf("%s: statement %s: %w", pol.Name, st.Label(), err)
		}
		cp.all[i] = &stmts[i]
		if st.Effect == policy.Deny {
			denies++
		}
	}
	deny, allow := lists[n:n:n+denies], lists[n+denies:n+denies]
	for _, cs := range cp.all {
		if cs.ref.Statement.Effect == policy.Deny {
			deny = append(deny, cs)
		} else {
			allow = append(allow, cs)
		}
	}
	cp.deny, cp.allow = newStatementIndex(deny), newStatementIndex(allow)
	return nil
}

// compileStatement compiles st into cs, with body (empty) its compiled
// content, interning its services in services (the table of the Compiler
// that keeps it: a shared statement's ids are interned once, when it is
// compiled, not for each document using it); c, when it is not nil,
// shares its action lists, resource patterns and conditions
// (Compiler.actions, Compiler.resources, Compiler.condition).
func compileStatement(cs *statement, body *statementBody, g Gate, level int, pol *policy.Policy, st *policy.Statement, services *serviceTable, c *Compiler) error {
	*body = statementBody{
		statementActions: c.actions(st.Actions, st.NotAction, services),
		notResource:      st.NotResource,
		anyResource:      st.AnyResource,
		notPrincipal:     st.NotPrincipal,
	}
	*cs = statement{ref: StatementRef{Gate: g, Level: level, Policy: pol, Statement: st}, statementBody: body}
	if len(st.Resources) > 0 {
		cs.resources = c.resources(st.Resources)
	}
	if st.Principal != nil {
		cs.principal = compilePrincipal(st.Principal)
	}
	if len(st.Conditions) > 0 {
		cs.conds = make([]*cond.Condition, len(st.Conditions))
		for i, sc := range st.Conditions {
			cc, err := c.condition(sc, st.Effect)
			if err != nil {
				return err
			}
			cs.conds[i] = cc
		}
	}
	return nil
}

// compileActions compiles an Action (or, notAction, NotAction) list,
// interning its services in services.
func compileActions(list []string, notAction bool, services *serviceTable) statementActions {
	sa := statementActions{notAction: notAction}
	for _, a := range list {
		sa.actions = append(sa.actions, wildcard.Compile(a, wildcard.Fold))
	}
	sa.services = literalServices(list)
	if !notAction && sa.services != nil { // not isWild
		sa.serviceIDs = make([]uint32, len(sa.services))
		for i, svc := range sa.services {
			sa.serviceIDs[i] = services.intern(svc)
		}
	}
	if sa.services != nil && len(sa.actions) > byServiceMin {
		sa.byService = map[string][]wildcard.Pattern{}
		for i, a := range list {
			svc, _, _ := strings.Cut(a, ":")
			svc = strings.ToLower(svc)
			sa.byService[svc] = append(sa.byService[svc], sa.actions[i])
		}
	}
	return sa
}

func compileResource(t *policy.Template) resourcePattern {
	rp := resourcePattern{tmpl: t, filter: newLiteralFilter(t)}
	switch {
	case policy.IsPlaceholder(t.Raw):
		rp.none = true
	case t.IsLiteral():
		rp.literal = wildcard.Compile(t.Raw, wildcard.ARN)
	}
	return rp
}

// principalMatcher is a compiled Principal element.
type principalMatcher struct {
	any       bool
	accounts  []string        // account ids (root ARNs and bare ids)
	iam       []arn.Principal // users, roles, sessions, federated users
	services  []string        // lower-cased
	federated []string        // as written
	canonical []string
}

func compilePrincipal(p *policy.Principal) *principalMatcher {
	m := &principalMatcher{any: p.Any, federated: p.Federated, canonical: p.CanonicalUser}
	for _, s := range p.Service {
		m.services = append(m.services, strings.ToLower(s))
	}
	for _, s := range p.AWS {
		pp, err := arn.ParsePrincipal(s)
		if err != nil {
			continue // the parser has already rejected malformed principals
		}
		if pp.Kind == arn.Account {
			m.accounts = append(m.accounts, pp.Account)
		} else {
			m.iam = append(m.iam, pp)
		}
	}
	return m
}

// byServiceMin is the number of action patterns above which a statement
// indexes them by service.
const byServiceMin = 8

// literalServices returns the distinct service prefixes of action patterns
// whose service part has no wildcard, or nil when any pattern's service
// part is a wildcard ("*", "*:Get*"). It lets a statement for other
// services be skipped with one string comparison.
func literalServices(actions []string) []string {
	var out []string
	for _, a := range actions {
		svc, _, ok := strings.Cut(a, ":")
		if !ok || wildcard.HasWildcard(svc) {
			return nil
		}
		svc = strings.ToLower(svc)
		if !slices.Contains(out, svc) {
			out = append(out, svc)
		}
	}
	return out
}
