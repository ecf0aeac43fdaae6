package model

import (
	"errors"
	"sync"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/memo"
	"github.com/sekisho/sekisho/policy"
)

// A Gatherer gathers many queries against one model (an organization-wide
// question asks one action of every principal, or every action of one),
// keeping what does not depend on the caller once: each account's SCP and
// RCP chains and organization path, each resource's facts, each route, and
// each principal's identity policies. Gathered sets share these slices;
// they are read only. A Gatherer is safe for concurrent use and valid while
// the model is unchanged: like the model's other readers, it must not be
// used across PutUser or a planned change (make a new one).
type Gatherer struct {
	m          *Model
	levels     memo.Map[levelKey, [][]*policy.Policy]
	paths      memo.Map[string, orgValues]
	resources  memo.Map[resourceKey, resourceResult]
	routes     memo.Map[Vantage, *vantageRoutes]
	identities memo.Map[*Principal, identityResult]
	callers    memo.Map[Credentials, callerResult]
	// The layers of requests' contexts (Model.context), read only.
	callerKeys    memo.Map[callerKey, map[string][]string]
	principalOrgs memo.Map[principalOrgKey, map[string][]string]
	resourceKeys  memo.Map[resourceLayerKey, map[string][]string]
	regions       memo.Map[string, map[string][]string]
	assumed       memo.Map[string, map[string]string]
}

// callerKey is what the keys of a caller's principal depend on.
type callerKey struct {
	kind    arn.PrincipalKind
	account string
	user    *User
	role    *Role
	session string
}

// resourceLayerKey is what the keys of a resource depend on: the
// resource (its facts are kept by that key), and for "*" the account
// taken as its owner, the caller's.
type resourceLayerKey struct {
	resourceKey
	account string
}

// callerLayer is the model's callerKeys, kept per principal and session
// (by the caller's Caller, if it has one).
func (g *Gatherer) callerLayer(m *Model, cl *caller) map[string][]string {
	if g == nil {
		return m.callerKeys(nil, cl)
	}
	if c := cl.kept; c != nil {
		return c.keys(m)
	}
	k := callerKey{cl.kind, cl.account, cl.user, cl.role, cl.session}
	if l, ok := g.callerKeys.Load(k); ok {
		return l
	}
	return g.callerKeys.Store(k, m.callerKeys(g, cl))
}

// principalOrgLayer is the model's principalOrgKeys, kept per account:
// a layer apart from the principal's own keys (callerLayer), so that the
// layer an organization-wide question builds per principal holds only
// what tells principals apart.
func (g *Gatherer) principalOrgLayer(m *Model, cl *caller) map[string][]string {
	if g == nil {
		return m.principalOrgKeys(nil, cl)
	}
	k := principalOrgKey{cl.account, cl.kind == arn.Service || cl.kind == arn.Anonymous}
	if l, ok := g.principalOrgs.Load(k); ok {
		return l
	}
	return g.principalOrgs.Store(k, m.principalOrgKeys(g, cl))
}

// principalOrgKey is what principalOrgKeys depend on.
type principalOrgKey struct {
	account string
	none    bool // a service or anonymous caller: no organization
}

// resourceLayer is the model's resourceKeys, kept per resource.
func (g *Gatherer) resourceLayer(m *Model, res resourceFacts, rk resourceKey) map[string][]string {
	if g == nil {
		return m.resourceKeys(nil, res)
	}
	if rk.resource == "*" { // facts of the caller's account alone
		rk = resourceKey{resource: "*"}
	}
	k := resourceLayerKey{rk, res.account}
	if l, ok := g.resourceKeys.Load(k); ok {
		return l
	}
	return g.resourceKeys.Store(k, m.resourceKeys(g, res))
}

// regionLayer holds aws:RequestedRegion, kept per Region.
func (g *Gatherer) regionLayer(region string) map[string][]string {
	build := func() map[string][]string { return map[string][]string{"aws:RequestedRegion": {region}} }
	if g == nil {
		return build()
	}
	return g.regions.Get(region, build)
}

// assumedRegion says where aws:RequestedRegion was taken from
// (policy.Request.Assumed), kept per origin.
func (g *Gatherer) assumedRegion(from string) map[string]string {
	build := func() map[string]string { return map[string]string{"aws:RequestedRegion": from} }
	if g == nil {
		return build()
	}
	return g.assumed.Get(from, build)
}

// NewGatherer returns a Gatherer of m with nothing kept yet.
func (m *Model) NewGatherer() *Gatherer { return &Gatherer{m: m} }

// Model is the model g gathers from.
func (g *Gatherer) Model() *Model { return g.m }

// GatherAll is the model's GatherAll, with what g keeps.
func (g *Gatherer) GatherAll(q Query) (*Gathered, error) {
	cl, err := g.resolveCaller(q.Credentials)
	if err != nil {
		return nil, err
	}
	return g.m.gatherFor(g, cl, q)
}

// A Caller is credentials resolved once, with what gathering keeps of
// them: its principal's identity policies and keys. An organization-wide
// question gathers each of 100,000 principals once; kept in the
// Gatherer's maps, keyed by principal, they cost more to keep (a lookup
// that misses, a store under the lock, maps grown to 100,000 entries)
// than to build, and a question holding a Caller per principal finds
// them again without a lookup. A Caller is of its Gatherer, and valid
// while it is; it is safe for concurrent use.
type Caller struct {
	g   *Gatherer
	cl  *caller
	err error
	// own is the caller cl points to, but for a session of an instance's
	// role: resolved in place, a principal's Caller is one allocation,
	// not two (100,000 of them in an organization-wide question).
	own caller

	mu       sync.Mutex // over what is built on first use
	ids      identityResult
	idsBuilt bool
	layer    map[string][]string
	// The rooms of ids and layer's values, when they fit (read only once
	// built): a principal's keys and policies are a few, and each room
	// saves an allocation per principal of an organization-wide question.
	idRoom    [2]*policy.Policy
	valueRoom [3]string
}

// Caller resolves c once, for GatherAs.
func (g *Gatherer) Caller(c Credentials) *Caller {
	k := &Caller{g: g}
	var cl *caller
	var err error
	if c.Type == ByPrincipal {
		cl, err = g.m.byPrincipalIn(&k.own, c.Principal)
	} else if cl, err = g.resolveCaller(c); err == nil {
		// g keeps the caller (resolveCaller): shared, read only.
		k.own = *cl
		cl = &k.own
	}
	if err != nil {
		return &Caller{g: g, err: err}
	}
	k.cl = cl
	cl.kept = k
	return k
}

// GatherAs is GatherAll of q as c (q.Credentials are not read: they are
// c's), through what c and g keep. A Caller of another Gatherer is an
// error.
func (g *Gatherer) GatherAs(c *Caller, q Query) (*Gathered, error) {
	if c.g != g {
		return nil, errors.New("model: a Caller gathers through the Gatherer that resolved it")
	}
	if c.err != nil {
		return nil, c.err
	}
	return g.m.gatherFor(g, c.cl, q)
}

type callerResult struct {
	cl  *caller
	err error
}

// resolveCaller is the model's resolveCaller, kept per credentials other
// than a principal's own (cheap to resolve, and asked once each by an
// org-wide question): an instance's credentials or a role session are
// asked of every action by whatcan and leak, and an access key is found
// by a scan of every user. A caller is read only.
func (g *Gatherer) resolveCaller(c Credentials) (*caller, error) {
	if c.Type == ByPrincipal {
		return g.m.resolveCaller(c)
	}
	r := g.callers.Get(c, func() callerResult {
		cl, err := g.m.resolveCaller(c)
		return callerResult{cl, err}
	})
	return r.cl, r.err
}

type levelKey struct {
	account string
	t       OrgPolicyType
}

// orgValues are an account's aws:PrincipalOrgPaths (or ResourceOrgPaths)
// value, and the organization id, as context values (shared, read only).
type orgValues struct {
	path  string
	id    []string
	paths []string
}

type resourceKey struct {
	resource, owner string
	trust           bool // the sts:AssumeRole family: the role's trust policy
}

type resourceResult struct {
	facts resourceFacts
	err   error
}

type routeResult struct {
	rt  *Route
	err error
}

type identityResult struct {
	ids, boundary []*policy.Policy
	err           error
}

// orgLevels is the model's orgLevels, kept per account and type.
func (g *Gatherer) orgLevels(m *Model, account string, t OrgPolicyType, skip bool) [][]*policy.Policy {
	if g == nil || skip {
		return m.orgLevels(account, t, skip)
	}
	return g.levels.Get(levelKey{account, t}, func() [][]*policy.Policy { return m.orgLevels(account, t, false) })
}

// orgValues returns an account's organization path and the context values
// of the organization keys.
func (g *Gatherer) orgValues(m *Model, account string) orgValues {
	build := func() orgValues {
		v := orgValues{path: m.OrgPath(account)}
		if v.path != "" {
			v.paths = []string{v.path}
			if m.Org.ID != "" {
				v.id = []string{m.Org.ID}
			}
		}
		return v
	}
	if g == nil {
		return build()
	}
	return g.paths.Get(account, build)
}

// resourceInfo is the model's resourceInfo, kept per resource: only "*"
// depends on the caller.
func (g *Gatherer) resourceInfo(m *Model, resource, action string, cl *caller, owner string) (resourceFacts, error) {
	if g == nil || resource == "*" {
		return m.resourceInfo(resource, action, cl, owner)
	}
	r := g.resources.Get(resourceKey{resource, owner, trustActions[action]}, func() resourceResult {
		f, err := m.resourceInfo(resource, action, cl, owner)
		return resourceResult{f, err}
	})
	return r.facts, r.err
}

// route is the model's route, kept per vantage point, service and Region.
func (g *Gatherer) route(m *Model, v Vantage, service, region string) (*Route, error) {
	if g == nil {
		return m.route(v, service, region)
	}
	vr, ok := g.routes.Load(v)
	if !ok {
		vr = g.routes.Store(v, &vantageRoutes{})
	}
	k := [2]string{service, region}
	if r, ok := vr.m.Load(k); ok {
		return r.rt, r.err
	}
	rt, err := m.routeWith(v, service, region, &vr.keys)
	r := vr.m.Store(k, routeResult{rt, err})
	return r.rt, r.err
}

// Route is the route gathering takes from v to a service (lower-cased)
// in a Region ("" for the vantage's own, as a request on "*" has), kept
// as GatherAll keeps it: the same *Route a gather of such a query holds.
func (g *Gatherer) Route(v Vantage, service, region string) (*Route, error) {
	return g.route(g.m, v, service, region)
}

// vantageRoutes are the routes kept from one vantage, by service and
// Region.
type vantageRoutes struct {
	m    memo.Map[[2]string, routeResult]
	keys routeKeys // the routes' network keys, shared by endpoint
}

// ForgetRoutes drops the routes kept from v; a later gather from v works
// them out again, alike (a route is a function of the model, the vantage,
// the service and the Region, and nothing compares two routes by
// identity). An audit asks every service from every instance, and each
// instance's routes only while that instance is audited: kept, they were
// the largest part of its live heap.
func (g *Gatherer) ForgetRoutes(v Vantage) {
	if g != nil {
		g.routes.Delete(v)
	}
}

// principalPolicies is the model's principalPolicies, kept per principal.
func (g *Gatherer) principalPolicies(m *Model, cl *caller, ps *policy.Set) error {
	pr := cl.identity()
	if g == nil || pr == nil {
		return m.principalPolicies(cl, ps)
	}
	var r identityResult
	if c := cl.kept; c != nil {
		r = c.identity(m)
	} else {
		r = g.identities.Get(pr, func() identityResult { return m.identityOf(cl) })
	}
	ps.Identity, ps.Boundary = r.ids, r.boundary
	return r.err
}

// keys is the caller's layer, built on first use.
func (c *Caller) keys(m *Model) map[string][]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.layer == nil {
		c.layer = m.callerKeysIn(c.valueRoom[:], c.g, c.cl)
	}
	return c.layer
}

// identity is the caller's identityResult, built on first use.
func (c *Caller) identity(m *Model) identityResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.idsBuilt {
		c.ids, c.idsBuilt = m.identityIn(c.idRoom[:], c.cl), true
	}
	return c.ids
}

// identityOf is the model's principalPolicies as an identityResult.
func (m *Model) identityOf(cl *caller) identityResult {
	return m.identityIn(nil, cl)
}

// identityIn is identityOf with the identity policies in room when they
// fit (principalPoliciesIn).
func (m *Model) identityIn(room []*policy.Policy, cl *caller) identityResult {
	var set policy.Set
	err := m.principalPoliciesIn(room, cl, &set)
	return identityResult{set.Identity, set.Boundary, err}
}

// identity is the user or role whose policies the caller's are.
func (cl *caller) identity() *Principal {
	switch {
	case cl.user != nil:
		return &cl.user.Principal
	case cl.role != nil:
		return &cl.role.Principal
	}
	return nil
}
