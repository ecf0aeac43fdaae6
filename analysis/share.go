package analysis

import (
	"fmt"
	"hash/maphash"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// Shared decisions. An organization-wide question asks one caller, from
// one place, about every resource of the model; most are other accounts'
// buckets whose gathered policies differ only in the bucket's name. Two
// resources of other accounts get the same decision for every action when
// the caller cannot tell them apart:
//
//   - the resource side of gathering is the same (model.ResourceSide): the
//     Region (so the route and its endpoint policy), the RCP documents of
//     the owner's chain, and the values of the resource's condition keys
//     (aws:ResourceAccount, aws:ResourceOrgPaths, aws:ResourceTag/...) that
//     some policy of the model reads;
//   - their resource policies are the same statement for statement (effect,
//     actions, principals, conditions as written), and each Resource value
//     matches the one resource exactly when it matches the other;
//   - every Resource value of the other policies that apply (identity,
//     boundary, session, SCPs, RCPs, endpoint) matches both or neither;
//   - the service is not one whose rules read the resource ARN itself
//     (IAM, STS, KMS: reserved resources, trust and key policies), and the
//     owner is not the caller's account (the same-account rules differ).
//
// Then every statement matches or not alike, so each gate says the same,
// and the decision is decided once per class, for its first resource in
// the question's order; the others take its answer, with a statement of
// their own resource policy named where the representative's was (the
// same index). A resource whose policy has a Resource value with a
// variable, or any doubt, is decided on its own.

// noShareServices read the resource ARN beyond statement matching.
var noShareServices = map[string]bool{"iam": true, "sts": true, "kms": true}

// resourceSideKey is a resource's class key of the resource side, once
// per Analyzer; "" when it is decided on its own.
type resourceSideKey struct {
	key     string
	id      int // the key's number in the Analyzer (0: none), cheaper to compare
	account string
	policy  *policy.Policy
}

func (a *Analyzer) resourceSide(svc, res string) resourceSideKey {
	k := [2]string{svc, res}
	if v, ok := a.sides.Load(k); ok {
		return v
	}
	v := a.buildResourceSide(svc, res)
	if v.key != "" {
		v.id = a.sideIDs.intern(v.key)
	}
	return a.sides.Store(k, v)
}

// sideArray is resourceSide of each of sortedResources(svc), in its
// order, once per service for the Analyzer: whatcan's jobs of an audit
// read it for every bucket of every instance, at four places.
func (a *Analyzer) sideArray(svc string) []resourceSideKey {
	return a.sideArrays.Get(svc, func() []resourceSideKey {
		res := a.sortedResources(svc)
		out := make([]resourceSideKey, len(res))
		for i, r := range res {
			out[i] = a.resourceSide(svc, r)
		}
		return out
	})
}

// interned numbers strings from 1, for concurrent use.
type interned struct {
	mu  sync.Mutex
	ids map[string]int
}

func (n *interned) intern(s string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ids == nil {
		n.ids = map[string]int{}
	}
	id, ok := n.ids[s]
	if !ok {
		id = len(n.ids) + 1
		n.ids[s] = id
	}
	return id
}

func (a *Analyzer) buildResourceSide(svc, res string) resourceSideKey {
	if noShareServices[svc] {
		return resourceSideKey{}
	}
	rs, ok := a.Model.ResourceSide(res)
	if !ok || rs.Account == "" {
		return resourceSideKey{}
	}
	refs := a.referencedKeys()
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%s|%t|", svc, strings.Join(slices.Sorted(maps.Keys(a.resourceTypes(svc, res))), ","), rs.Region, rs.RegionOfModel)
	for _, level := range rs.RCP {
		for _, d := range level {
			fmt.Fprintf(&b, "%p,", d)
		}
		b.WriteByte(';')
	}
	if refs.all || refs.keys["aws:resourceaccount"] {
		b.WriteString("|acct=" + rs.Account)
	}
	if refs.all || refs.keys["aws:resourceorgpaths"] || refs.keys["aws:resourceorgid"] {
		b.WriteString("|path=" + rs.OrgPath)
	}
	if refs.all || refs.resourceTags {
		for _, t := range slices.Sorted(maps.Keys(rs.Tags)) {
			fmt.Fprintf(&b, "|tag %q=%q", t, rs.Tags[t])
		}
	}
	b.WriteString("|policy:")
	if rs.Policy != nil {
		if !policyShape(&b, rs.Policy, res) {
			return resourceSideKey{}
		}
	}
	return resourceSideKey{key: b.String(), account: rs.Account, policy: rs.Policy}
}

// policyShape writes a resource policy as its statements are matched
// against res: each Resource value as whether it matches res. It fails on
// a Resource value with a variable (its match depends on the request).
func policyShape(b *strings.Builder, p *policy.Policy, res string) bool {
	fmt.Fprintf(b, "v%v;", p.Version)
	for _, st := range p.Statements {
		fmt.Fprintf(b, "{%d|%t|%q|%t|%t|", st.Effect, st.NotAction, st.Actions, st.NotResource, st.AnyResource)
		for _, t := range st.Resources {
			m, ok := templateMatches(t, res)
			if !ok {
				return false
			}
			fmt.Fprintf(b, "%t,", m)
		}
		b.WriteByte('|')
		if pr := st.Principal; pr != nil {
			fmt.Fprintf(b, "%t %t %q %q %q %q", st.NotPrincipal, pr.Any, pr.AWS, pr.Service, pr.Federated, pr.CanonicalUser)
		}
		b.WriteByte('|')
		for _, c := range st.Conditions {
			fmt.Fprintf(b, "%s %q", c.Operator, strings.ToLower(c.Key))
			for _, v := range c.Values {
				fmt.Fprintf(b, " %q", v.Raw)
			}
			b.WriteByte(';')
		}
		b.WriteByte('}')
	}
	return true
}

// templateMatches is whether a literal Resource value matches res, as the
// engine matches it (a placeholder matches nothing); ok is false for a
// value with variables.
func templateMatches(t policy.Template, res string) (match, ok bool) {
	switch {
	case policy.IsPlaceholder(t.Raw):
		return false, true
	case !t.IsLiteral():
		return false, false
	}
	p := wildcard.Compile(t.Raw, wildcard.ARN)
	return p.Match(res), true
}

// keyRefs are the condition keys the model's policies read (in
// conditions and in variables), lower-cased; all when one cannot be known.
type keyRefs struct {
	keys         map[string]bool
	resourceTags bool // some key is aws:ResourceTag/...
	all          bool
}

// referencedKeys walks every policy document of the model once per Analyzer.
func (a *Analyzer) referencedKeys() *keyRefs {
	a.refsOnce.Do(func() {
		r := &keyRefs{keys: map[string]bool{}}
		for _, d := range a.modelDocuments() {
			r.add(d)
		}
		a.refs = r
	})
	return a.refs
}

func (r *keyRefs) add(d *policy.Policy) {
	if d == nil {
		return
	}
	for _, st := range d.Statements {
		for _, t := range st.Resources {
			r.vars(t)
		}
		for _, c := range st.Conditions {
			r.key(c.Key)
			for _, v := range c.Values {
				r.vars(v)
			}
		}
	}
}

func (r *keyRefs) vars(t policy.Template) {
	for _, p := range t.Parts {
		if p.Kind == policy.Variable {
			r.key(p.Key)
		}
	}
}

func (r *keyRefs) key(k string) {
	k = strings.ToLower(k)
	if strings.ContainsAny(k, "$*?") {
		r.all = true
	}
	r.keys[k] = true
	if strings.HasPrefix(k, "aws:resourcetag/") {
		r.resourceTags = true
	}
}

// has reports whether every key d reads is among the model's (a session
// policy given with the credentials may read others).
func (r *keyRefs) has(d *policy.Policy) bool {
	if d == nil {
		return true
	}
	extra := &keyRefs{keys: map[string]bool{}}
	extra.add(d)
	if extra.all && !r.all {
		return false
	}
	for k := range extra.keys {
		if !r.keys[k] && !r.all {
			return false
		}
	}
	return true
}

// modelDocuments lists every policy document the model holds.
func (a *Analyzer) modelDocuments() []*policy.Policy {
	m := a.Model
	var out []*policy.Policy
	for _, mp := range m.Managed {
		out = append(out, mp.Document)
	}
	for _, acct := range m.Accounts {
		for _, u := range acct.Users {
			out = append(out, u.Inline...)
		}
		for _, g := range acct.Groups {
			out = append(out, g.Inline...)
		}
		for _, r := range acct.Roles {
			out = append(out, r.Inline...)
			out = append(out, r.Trust)
		}
	}
	for _, r := range m.Resources {
		out = append(out, r.Policy)
	}
	if m.Org != nil {
		for _, p := range m.Org.Policies {
			out = append(out, p.Document)
		}
	}
	for _, e := range m.Endpoints {
		out = append(out, e.Policy)
	}
	for _, v := range m.VPCs {
		for _, e := range v.Endpoints {
			out = append(out, e.Policy)
		}
	}
	return out
}

// shareUnit is one resource a question decides: its service, ARN, what
// else must be equal for two units to share (the actions asked), and an
// action to gather the caller's side with.
type shareUnit struct {
	svc, res, extra, probe string
	side                   *resourceSideKey // resourceSide(svc, res) when known (sideArray)
}

// partition returns, for each unit, the index of the unit whose decisions
// it takes (its own index when it is decided itself): the first unit of
// its class in order. q holds the caller, the place and the context of the
// question; account is the caller's account.
func (a *Analyzer) partition(q model.Query, account string, units []shareUnit) []int {
	return a.partitionIn(q, units, a.shareClasses(account, units))
}

// shareClasses groups the units that may share by what the resource side
// and the question tell (resourceSide, extra): the groups of two or more
// units, each in order, in order of their first unit. They depend on the
// units and the caller's account only, not on the place asked from, so a
// caller that asks the same units from several places groups them once
// (countedUnits).
func (a *Analyzer) shareClasses(account string, units []shareUnit) [][]int {
	return a.shareClassesIn(nil, account, units)
}

// shareClassesIn is shareClasses laid out in into's memory (nil: its
// own).
func (a *Analyzer) shareClassesIn(into *classArena, account string, units []shareUnit) [][]int {
	if a.noShare {
		return nil
	}
	buf := groupBuffers.Get().(*[]int32)
	defer groupBuffers.Put(buf)
	groupOf, sizes := a.shareGroups(sized(*buf, len(units)), account, units)
	*buf = groupOf
	return classesFrom(groupOf, sizes, into)
}

// classArena holds the classes of a caller's scratch (auditScratch): a
// plan's and a counted leak's, a backing array of ~6,000 units each per
// instance, were a tenth of what an audit allocated. What it handed out
// is dead when it is reset.
type classArena struct {
	classes arena[[]int]
	units   arena[int]
}

func (c *classArena) reset() {
	clear(c.classes.buf) // no stale class keeps its backing array alive
	c.classes.reset()
	c.units.reset()
}

// groupBuffers hold shareGroups' per-unit group numbers, read only until
// classesFrom returns: pooled, as shareClasses runs for ~6,000 units per
// instance in audit.
var groupBuffers = sync.Pool{New: func() any { return new([]int32) }}

// shareGroups numbers the units' groups in order of their first unit:
// groupOf[i] (groupOf has len(units)) is unit i's group, -1 when it shares
// with none (no ARN, no resource side, or the caller's own account); sizes
// counts each group.
func (a *Analyzer) shareGroups(groupOf []int32, account string, units []shareUnit) ([]int32, []int) {
	// A class is a side's number and extra's (extraNumbers) in one word:
	// a map of integers hashes without the generic path, ~14 million
	// lookups in a 1,000-account audit.
	groups := map[uint64]int32{} // group number
	extras := newExtraNumbers()
	var sizes []int
	for i, u := range units {
		groupOf[i] = -1
		if u.res == "" {
			continue
		}
		side := u.side
		if side == nil {
			s := a.resourceSide(u.svc, u.res)
			side = &s
		}
		if side.id <= 0 || side.id > math.MaxUint32 || side.account == account {
			continue // an id that does not fit the key is decided on its own
		}
		k := uint64(side.id)<<32 | uint64(extras.of(u.extra))
		g, ok := groups[k]
		if !ok {
			g = int32(len(sizes))
			groups[k] = g
			sizes = append(sizes, 0)
		}
		groupOf[i] = g
		sizes[g]++
	}
	return groupOf, sizes
}

// extraNumbers numbers the units' extra strings by their text, each
// found by its memory first: a counted leak's units share a few strings
// (each representative's action names, built once, hundreds of bytes),
// and hashing that text for each of ~6,000 units per instance was most
// of shareGroups. Two strings in the same memory, of the same length,
// are the same text (strings are immutable); two in different memory are
// compared by text.
type extraNumbers struct {
	byMemory map[*byte]numberedText // by where the text starts
	byText   map[string]uint32
}

// numberedText is the length and number of a text found at some memory.
type numberedText struct {
	n      int
	number uint32
}

func newExtraNumbers() *extraNumbers {
	return &extraNumbers{byMemory: map[*byte]numberedText{}, byText: map[string]uint32{}}
}

// of is s's number: 0 for "", the same for the same text.
func (x *extraNumbers) of(s string) uint32 {
	if s == "" {
		return 0
	}
	at := unsafe.StringData(s)
	if t, ok := x.byMemory[at]; ok && t.n == len(s) {
		return t.number
	}
	number, ok := x.byText[s]
	if !ok {
		number = uint32(len(x.byText) + 1)
		x.byText[s] = number
	}
	x.byMemory[at] = numberedText{len(s), number}
	return number
}

// classesFrom lays the groups of two or more units out in one backing
// array, in order of their first unit, each in unit order: appending unit
// by unit to a slice per group grew ~6,000 units per instance through
// many small arrays (audit's garbage). Each class is capped at its length,
// so a caller's append cannot run into the next class.
func classesFrom(groupOf []int32, sizes []int, into *classArena) [][]int {
	n, total := 0, 0
	for _, size := range sizes {
		if size >= 2 {
			n++
			total += size
		}
	}
	if n == 0 {
		return nil
	}
	var out [][]int
	var backing []int
	if into != nil {
		out, backing = into.classes.take(n)[:0], into.units.take(total)[:0]
	} else {
		out, backing = make([][]int, 0, n), make([]int, 0, total)
	}
	class := sizes // reused: group number → index in out, -1 when dropped
	for g, size := range sizes {
		if size < 2 {
			class[g] = -1
			continue
		}
		start := len(backing)
		backing = backing[:start+size]
		out = append(out, backing[start:start:start+size])
		class[g] = len(out) - 1
	}
	for i, g := range groupOf {
		if g >= 0 && class[g] >= 0 {
			k := class[g]
			out[k] = append(out[k], i)
		}
	}
	return out
}

// partitionIn is partition over classes that shareClasses made of units:
// within each class, the units whose ARN every Resource value of the
// caller's policies matches alike share.
func (a *Analyzer) partitionIn(q model.Query, units []shareUnit, classes [][]int) []int {
	return a.partitionInto(nil, q, units, classes)
}

// partitionInto is partitionIn written into dst's memory when it is large
// enough (the caller's scratch, auditScratch).
func (a *Analyzer) partitionInto(dst []int, q model.Query, units []shareUnit, classes [][]int) []int {
	rep := sized(dst, len(units))
	for i := range rep {
		rep[i] = i
	}
	if a.noShare {
		return rep
	}
	for _, g := range classes {
		pats, ok := a.callerSide(q, units[g[0]])
		if !ok {
			continue
		}
		if len(pats) == 0 { // every vector is empty: the class shares its first
			for _, i := range g {
				rep[i] = g[0]
			}
			continue
		}
		first := map[string]int{}
		v := make([]byte, len(pats))
		for _, i := range g {
			matchVector(v, pats, units[i].res)
			if r, ok := first[string(v)]; ok { // no copy of v to look up
				rep[i] = r
			} else {
				first[string(v)] = i
			}
		}
	}
	return rep
}

// callerSide gathers the policies of one unit and returns the literal
// Resource values of every policy but the resource's own (they are the
// same for every unit of its class), compiled; ok is false when one has a
// variable or a policy reads a key the model's policies do not.
func (a *Analyzer) callerSide(q model.Query, u shareUnit) ([]wildcard.Pattern, bool) {
	q.Action, q.Resource = u.probe, u.res
	q.Context = a.withAssumed(q.Context)
	g, err := a.gather(q) // the Analyzer's Gatherer: the same policies, kept
	if err != nil {
		return nil, false
	}
	refs := a.referencedKeys()
	var docs []*policy.Policy
	docs = append(docs, g.Set.Identity...)
	docs = append(docs, g.Set.Boundary...)
	docs = append(docs, g.Set.Session...)
	for _, l := range g.Set.SCP {
		docs = append(docs, l...)
	}
	for _, l := range g.Set.RCP {
		docs = append(docs, l...)
	}
	docs = append(docs, g.Set.Endpoint)
	seen := map[string]bool{}
	var pats []wildcard.Pattern
	for _, d := range docs {
		if d == nil {
			continue
		}
		if !refs.has(d) {
			return nil, false
		}
		for _, st := range d.Statements {
			for _, t := range st.Resources {
				switch {
				case policy.IsPlaceholder(t.Raw), t.Raw == "*":
					continue // matches nothing, or everything
				case !t.IsLiteral():
					return nil, false
				case !seen[t.Raw]:
					seen[t.Raw] = true
					pats = append(pats, wildcard.Compile(t.Raw, wildcard.ARN))
				}
			}
		}
	}
	return pats, true
}

// matchVector writes into b (len(pats)) whether each pattern matches res.
func matchVector(b []byte, pats []wildcard.Pattern, res string) {
	for i := range pats {
		b[i] = '0'
		if pats[i].Match(res) {
			b[i] = '1'
		}
	}
}

// sharedRef names, for a unit that takes its representative's decision,
// the statement of its own resource policy where the representative's
// names one of the representative's policy (the same index); other
// statements (identity, SCPs, RCPs, endpoint) are the same documents.
func (a *Analyzer) sharedRef(ref *eval.StatementRef, svc, res string) *eval.StatementRef {
	if ref == nil || ref.Gate != eval.GateResource {
		return ref
	}
	p := a.resourceSide(svc, res).policy
	out := *ref
	out.Policy, out.Statement = p, p.Statements[ref.Statement.Index]
	return &out
}

// sharedStatement is sharedRef for a statement already named.
func (a *Analyzer) sharedStatement(s *Statement, svc, res string) *Statement {
	if s == nil || s.Gate != eval.GateResource.String() {
		return s
	}
	p := a.resourceSide(svc, res).policy
	st := p.Statements[s.Index]
	return statementOf(&eval.StatementRef{Gate: eval.GateResource, Policy: p, Statement: st})
}

// actionResults are the Results of one decision re-targeted to a list of
// actions (Decided.WithAction), by class of action: actions its policies
// cannot tell apart (eval.Prepared.ActionClasses) are decided once. Only
// the Result is shared; a caller that reads the re-targeted request (the
// keys a decision assumed absent) asks WithAction itself.
type actionResults struct {
	d       *decision
	classes []int32 // nil: every action decided on its own (the tests compare)
	results []eval.Result
	known   []bool
}

func (a *Analyzer) actionResults(d *decision, actions []string) *actionResults {
	return a.actionResultsBy(d, actions, a.actionClassesOf)
}

// actionResultsBy is actionResults with the classes of classesOf.
func (a *Analyzer) actionResultsBy(d *decision, actions []string, classesOf func(*eval.Prepared, []string) []int32) *actionResults {
	c := &actionResults{d: d}
	if !a.noShare {
		c.classes = classesOf(d.Prepared, actions)
		n := int32(0) // classes are numbered from 0 (eval.Prepared.ActionClasses)
		for _, k := range c.classes {
			n = max(n, k+1)
		}
		c.results = make([]eval.Result, n)
		c.known = make([]bool, n)
	}
	return c
}

// result is the Result of the list's action i.
func (c *actionResults) result(i int, action string) (eval.Result, error) {
	k := int32(-1)
	if c.classes != nil {
		k = c.classes[i]
	}
	if k >= 0 && c.known[k] {
		return c.results[k], nil
	}
	got, err := c.d.ResultFor(action)
	if err != nil {
		return eval.Result{}, err
	}
	if k >= 0 {
		c.results[k], c.known[k] = got, true
	}
	return got, nil
}

// classList is a list of actions numbered for the documents of a policy
// set (eval.Prepared.PolicyKey): the lists whatcan and leak ask are the
// same for every instance role that attaches the same policies.
type classList struct {
	policies string
	hash     uint64
	n        int
}

type classEntry struct {
	actions []string
	classes []int32
}

var actionSeed = maphash.MakeSeed()

func (a *Analyzer) actionClassesOf(p *eval.Prepared, actions []string) []int32 {
	return a.hashedClassesOf(p, actions, actionsHash(actions))
}

// actionsHash is the hash of a list of actions that actionClassesOf
// finds its classes by.
func actionsHash(actions []string) uint64 {
	var h maphash.Hash
	h.SetSeed(actionSeed)
	for _, s := range actions {
		h.WriteString(s)
		h.WriteByte(0)
	}
	return h.Sum64()
}

// hashedClassesOf is actionClassesOf for a list whose actionsHash is
// known (a counted leak's jobOrder keeps its own): the list itself is
// still compared with the kept one, so a hash that is not the list's only
// costs its classes being worked out again.
func (a *Analyzer) hashedClassesOf(p *eval.Prepared, actions []string, hash uint64) []int32 {
	k := classList{policies: p.PolicyKey(), hash: hash, n: len(actions)}
	if e, ok := a.classLists.Load(k); ok && slices.Equal(e.actions, actions) {
		return e.classes
	}
	classes := p.ActionClasses(actions)
	a.classLists.Store(k, &classEntry{actions: slices.Clone(actions), classes: classes})
	return classes // another list of the same hash keeps its own entry
}

// candidateList names a list of candidates by its first element and
// length: the lists whatcan asks come from candidatesOf, kept for the
// Analyzer and never modified, and the key holds the list (so its memory
// cannot be reused for another list while the entry lives).
type candidateList struct {
	first *candidate
	n     int
}

// candidateNamesOf is candidateNames(actions), once per list: an audit
// asks it for every service of every instance's plan.
func (a *Analyzer) candidateNamesOf(actions []candidate) []string {
	if len(actions) == 0 {
		return nil
	}
	k := candidateList{&actions[0], len(actions)}
	if names, ok := a.nameLists.Load(k); ok && sameNames(names, actions) {
		return names
	}
	names := candidateNames(actions)
	a.nameLists.Store(k, names)
	return names // another list at the same place keeps its own names
}

// sameNames checks a kept list against the candidates (their strings are
// the same strings: equal pointers compare at once).
func sameNames(names []string, actions []candidate) bool {
	for i, c := range actions {
		if names[i] != c.name {
			return false
		}
	}
	return true
}

// listedKey is a list of candidateNamesOf (kept, never modified: its
// first element names it) for a policy set's documents.
type listedKey struct {
	policies string
	first    *string
	n        int
}

// listedClassesOf is actionClassesOf for a list of candidateNamesOf, found
// by the list itself rather than by hashing its names.
func (a *Analyzer) listedClassesOf(p *eval.Prepared, names []string) []int32 {
	if len(names) == 0 {
		return nil
	}
	k := listedKey{p.PolicyKey(), &names[0], len(names)}
	return a.listedClasses.Get(k, func() []int32 { return a.actionClassesOf(p, names) })
}

// starDecisions keeps, for one caller at one place, the decisions of
// requests on "*" by what was gathered for them. Services whose requests
// gather the same policy set (setKey) and the same request but for the
// action (a service with no endpoint of its own on the route) are decided
// by re-targeting one decision (Decided.WithAction: the request's context
// does not depend on the action), without building and evaluating the
// request again; whatcan and leak ask "*" once per service.
//
// byRoute finds such a decision before gathering. For a request on "*"
// of one caller and place (the same credentials, vantage, context and
// lists), gathering reads the service only through the route it takes
// (its endpoint, whose policy is the set's endpoint policy, and the
// route's context and Region) and, for the action, the trust actions of
// sts (model.Gather: the resource "*" has the caller's account and no
// policy, the identity, SCP and RCP chains are the caller's); and the
// default Region withDefaultRegion adds depends on the service. So two
// services whose routes agree in all of that, with the same default
// Region, gather alike but for the action, and the second takes the
// first's decision re-targeted, as the comparison after gathering would
// have found. TestStarRouteKeyUnchanged compares it with gathering.
type starDecisions struct {
	mu      sync.Mutex
	ds      []*decision
	byRoute map[starKey][]starEntry
	hits    int // decisions taken through byRoute (for the tests)
	// results: each base's Results across services (across.go).
	results map[*decision]*baseResults
}

// starKey is what byRoute is indexed by; starEntry checks the rest.
type starKey struct {
	endpoint *model.Endpoint
	region   string // requestedRegion of the service
}

type starEntry struct {
	q  model.Query
	rt *model.Route
	d  *decision // decided for q, whose route is rt
}

// alike reports whether e's decision holds for q, whose route is rt
// (the key is the same).
func (e starEntry) alike(q model.Query, rt *model.Route) bool {
	return e.q.Credentials == q.Credentials && e.q.From == q.From && e.q.ResourceOwner == q.ResourceOwner &&
		maps.EqualFunc(e.q.Context, q.Context, slices.Equal) && maps.Equal(e.q.Lists, q.Lists) &&
		e.rt.Vantage == rt.Vantage && e.rt.VPC == rt.VPC && e.rt.Region == rt.Region &&
		maps.EqualFunc(e.rt.Context, rt.Context, slices.Equal)
}

// decideStar is decide, through s for a request on "*" (nil s: decide).
func (a *Analyzer) decideStar(q model.Query, s *starDecisions) (*decision, error) {
	if s == nil || a.noShare || q.Resource != "*" {
		return a.decide(q)
	}
	q.Context = a.withAssumed(q.Context)
	d, rt, err := a.starBase(q, s)
	if err != nil || rt == nil {
		return d, err
	}
	g := *d.gathered // what gathering q would give: the same but for the route and the action
	g.Route, g.Request.Action = rt, q.Action
	return d.takenFor(q, &g)
}

// starBase is decideStar's decision of q (its context with the assumed
// keys), or the decision kept for a query alike but for the action
// (routeLike) with the route of q (retarget; nil when d is q's own).
// Only decideStar copies what gathering q would give: across.go reads
// the kept decision alone.
func (a *Analyzer) starBase(q model.Query, s *starDecisions) (d *decision, retarget *model.Route, err error) {
	var rt *model.Route
	var sk starKey
	if svc, _, ok := strings.Cut(q.Action, ":"); ok && a.gatherer != nil && a.gatherer.Model() == a.Model {
		svc = strings.ToLower(svc)
		if svc != "sts" { // its trust actions gather another way
			if r, err := a.gatherer.Route(q.From, svc, ""); err == nil {
				rt, sk = r, starKey{r.Endpoint, a.requestedRegion(svc)}
			}
		}
	}
	if kept := s.routeLike(sk, q, rt); kept != nil {
		return kept, rt, nil
	}
	g, err := a.gather(q)
	if err != nil {
		return nil, nil, err
	}
	a.withDefaultRegion(g) // as decideSet does: the default Region depends on the service
	if like := s.setLike(g); like != nil {
		d, err := like.takenFor(q, g)
		if err == nil {
			s.remember(sk, q, rt, d)
		}
		return d, nil, err
	}
	if d, err = a.decideSet(q, g, true); err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	s.ds = append(s.ds, d)
	s.mu.Unlock()
	s.remember(sk, q, rt, d)
	return d, nil, nil
}

// routeLike is the decision kept for a query alike to q through the
// route rt, found before gathering (nil rt or none: nil); a hit is
// counted.
func (s *starDecisions) routeLike(k starKey, q model.Query, rt *model.Route) *decision {
	if rt == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.byRoute[k] {
		if e.alike(q, rt) {
			s.hits++
			return e.d
		}
	}
	return nil
}

// setLike is the decision kept for a gathered set and request alike to
// g's but for the action (none: nil).
func (s *starDecisions) setLike(g *model.Gathered) *decision {
	k := keyOf(g.Set)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.ds {
		if keyOf(d.gathered.Set) == k && sameButAction(d.gathered.Request, g.Request) {
			return d
		}
	}
	return nil
}

// takenFor is d's decision taken for q, which differs from d's query only
// in its action; g is what gathering q gives.
func (d *decision) takenFor(q model.Query, g *model.Gathered) (*decision, error) {
	got, err := d.WithAction(q.Action)
	if err != nil {
		return nil, err
	}
	return &decision{Decided: got, query: q, gathered: g}, nil
}

// remember keeps d, decided for q through rt (nil: not found before
// gathering), in byRoute.
func (s *starDecisions) remember(k starKey, q model.Query, rt *model.Route, d *decision) {
	if rt == nil || d.gathered.Route != rt {
		return // gathering took another route than the one looked up: not kept
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byRoute == nil {
		s.byRoute = map[starKey][]starEntry{}
	}
	s.byRoute[k] = append(s.byRoute[k], starEntry{q: q, rt: rt, d: d})
}

// sameButAction reports whether two requests differ at most in their
// action (eval.NewRequest reads an absent map as an empty one).
func sameButAction(x, y policy.Request) bool {
	return x.Principal == y.Principal && x.Resource == y.Resource && x.ResourceAccount == y.ResourceAccount &&
		policy.SameContext(&x, &y) && maps.Equal(x.Lists, y.Lists) && maps.Equal(x.Assumed, y.Assumed)
}
