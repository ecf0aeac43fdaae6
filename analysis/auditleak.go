package analysis

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/model"
)

// Audit's leak. auditInstance reads of an instance's leak only how many
// capabilities the legitimate place lists, and for the internet, a
// foreign VPC and IMDSv1 credentials how many stay allowed and the first
// of them in Leak's order. Listing them costs O(resources of the
// organization) per instance, quadratic over an audit: each bucket of
// every other account the instance role may read is a capability.
// auditLeak counts instead. whatcan's jobs (service, resource) are
// decided once per class of resources the caller cannot tell apart
// (share.go) and, at each other place, once per class again (tryEach's
// rule); a class's members are counted, not copied. The first capability
// in order is the least, over the allowed, of (access group's rank, job,
// the action's index in its job): Leak lists whatcan's capabilities by
// access group (groupCapabilities), in job order within a group. Whatever
// auditLeak cannot count as leak would decide (a failed decision, a place
// whose credentials do not resolve) sends auditInstance to leak itself.

// placeCount is what audit reads of one place of a leak.
type placeCount struct {
	place   Place      // its name and vantage
	allowed int        // capabilities still allowed here
	first   Capability // the first of them in Leak's order
	error   bool       // the credentials cannot be used here (Place.Error)
}

// leakCount is what audit reads of leak(instance, no completeness, no
// other Regions).
type leakCount struct {
	legit     int
	elsewhere []placeCount // the internet, a foreign VPC
	imdsv1    placeCount
}

// countedJob is one of whatcan's jobs with capabilities: its
// representative's capabilities (on the representative's resource), and
// their order in Leak's listing.
type countedJob struct {
	job  int
	caps []Capability
	*jobOrder
}

// jobOrder is the order of a representative's capabilities, shared by the
// jobs that take its answer: an audit keeps a countedJob for each job of
// the organization, per instance, so what they share is kept once.
type jobOrder struct {
	order []int // indices of caps by access group's rank, stable
	rank  []int // the rank of caps[order[j]]
	// names lists the actions in order, for share units (newCountedUnits);
	// built on first use, as "*" and sts jobs have no unit.
	names string
	named bool
	// list is the actions in order, with their actionsHash, for the
	// classes of actions each place decides (decideNamed): built once
	// here, not hashed anew for each place.
	list actionList
}

// actionList is a list of actions and its actionsHash.
type actionList struct {
	names []string
	hash  uint64
}

// namesOf is j's actions in Leak's order, comma-terminated.
func (j countedJob) namesOf() string {
	if !j.named {
		var names strings.Builder
		for _, t := range j.order {
			names.WriteString(j.caps[t].Action)
			names.WriteByte(',')
		}
		j.names, j.named = names.String(), true
	}
	return j.names
}

// auditScratch holds the arrays of one counted leak (its plan, a job per
// resource of the organization for each instance, its counted jobs and
// their units), kept for the next: without it they were a third of what
// an audit allocated, and most of its garbage collection. A counted leak
// made with sc lives until sc makes the next one: instanceLeaks takes one
// scratch per group of twins, which are counted one after the other and
// keep at most one counted leak (twinSet) until the group's last, and
// puts it back after the group.
type auditScratch struct {
	plan    capPlan
	jobs    []capJob
	rep     []int
	got     [][]Capability
	counts  []int
	errs    []error
	own     []*gaps
	counted []countedJob
	units   []shareUnit
	orders  orderArenas // the counted jobs' jobOrders
	// planClasses are the plan's share classes, read only while it is
	// made; unitClasses the counted units' (countedUnits), kept with them.
	planClasses, unitClasses classArena
	// caps holds the plan's capabilities (plan.got), which its jobs,
	// decided on every CPU, keep (keepCaps).
	capsMu sync.Mutex
	caps   arena[Capability]
}

// keepCaps is a copy of caps in sc's arena (nil when empty).
func (sc *auditScratch) keepCaps(caps []Capability) []Capability {
	if len(caps) == 0 {
		return nil
	}
	sc.capsMu.Lock()
	defer sc.capsMu.Unlock()
	out := sc.caps.take(len(caps))
	copy(out, caps)
	return out
}

var auditScratches = sync.Pool{New: func() any { return new(auditScratch) }}

// sized is b with n elements, in b's memory when it is large enough
// (what that memory held stays: for a caller that writes every element).
func sized[T any](b []T, n int) []T { return slices.Grow(b[:0], n)[:n] }

// cleared is b with n zero elements, in b's memory when it is large
// enough.
func cleared[T any](b []T, n int) []T {
	b = sized(b, n)
	clear(b)
	return b
}

func (a *Analyzer) auditLeak(id string, sc *auditScratch) (*leakCount, *twinLeak, bool) {
	if a.noShare {
		return nil, nil, false // the tests compare with leak itself
	}
	creds, legit, err := a.leakTarget(id)
	if err != nil {
		return nil, nil, false
	}
	base, err := a.decide(model.Query{Credentials: creds, Action: "sts:GetCallerIdentity", From: legit})
	if err != nil {
		return nil, nil, false
	}
	// WhatCan from the legitimate place, without completeness.
	plan := a.planCapabilities(creds, WhatCanOptions{From: legit, noCompleteness: true, noStatements: true}, a.candidatesOf(base.gathered.Set, ""),
		base.gathered.Set.Identity, base.Request.Principal, nil, sc)
	for i := range plan.jobs {
		if plan.errs[plan.rep[i]] != nil {
			return nil, nil, false
		}
	}
	jobs := a.countedJobs(plan, sc)
	out := &leakCount{}
	for _, j := range jobs {
		out.legit += len(j.caps)
	}
	cu := newCountedUnits(plan, jobs, sc)
	for _, pl := range a.leakPlaces(legit)[:2] {
		pc, ok := a.countPlace(creds, pl, plan, jobs, cu)
		if !ok {
			return nil, nil, false
		}
		out.elsewhere = append(out.elsewhere, pc)
	}
	v1 := creds
	v1.IMDSv1 = true
	pc, ok := a.countIMDSv1(v1, legit, plan, jobs, cu, out.legit)
	if !ok {
		return nil, nil, false
	}
	out.imdsv1 = pc
	return out, &twinLeak{plan: plan, jobs: jobs, units: cu}, true
}

// countIMDSv1 counts the capabilities of the legitimate place that IMDSv1
// credentials keep there (legit of them). Such credentials differ from the
// IMDSv2 ones only in ec2:RoleDelivery, "1.0" for "2.0" (model:
// instanceCaller; EC2 User Guide, "Condition keys for Amazon EC2",
// ec2:RoleDelivery): the same place, the same policies gathered, the same
// request but for that key. A key that no policy of the model reads (in a
// condition or a variable: referencedKeys) cannot change a decision, so
// then each capability stays allowed, as the plan decided it, and the
// first in Leak's order is the first of them all. When the credentials
// cannot be fetched with IMDSv1 at all (an instance that requires
// IMDSv2), or a policy may read the key, countPlace decides.
func (a *Analyzer) countIMDSv1(v1 model.Credentials, legit model.Vantage, plan *capPlan, jobs []countedJob, cu *countedUnits, n int) (placeCount, bool) {
	pl := leakPlace{name: "IMDSv1 credentials at the legitimate place", from: legit}
	if refs := a.referencedKeys(); refs.all || refs.keys["ec2:roledelivery"] {
		return a.countPlace(v1, pl, plan, jobs, cu)
	}
	if _, err := a.callerAccount(v1); err != nil {
		return a.countPlace(v1, pl, plan, jobs, cu) // its error is the place's
	}
	pc := placeCount{place: Place{Name: pl.name, From: pl.from.String()}, allowed: n}
	if len(jobs) > 0 {
		pc.first = a.firstOf(plan, jobs, nil)
	}
	return pc, true
}

// countedJobs lists the jobs with capabilities, in order, with the order
// Leak lists their capabilities in; in sc's memory when sc is not nil.
func (a *Analyzer) countedJobs(plan *capPlan, sc *auditScratch) []countedJob {
	n := 0
	for i := range plan.jobs {
		if len(plan.got[plan.rep[i]]) > 0 {
			n++
		}
	}
	var out []countedJob
	if sc != nil {
		out = cleared(sc.counted, n)[:0]
		defer func() { sc.counted = out }()
	} else {
		out = make([]countedJob, 0, n)
	}
	// By representative: its caps' groups, and the index in out of its
	// first job (0: none yet; index+1). Slices, not maps: an audit asks
	// this for every job of every instance.
	b := countBuffers.Get().(*countBuffer)
	defer countBuffers.Put(b)
	b.groups.reset()
	b.byIndex.reset()
	kept := &orderArenas{}
	if sc != nil {
		kept = &sc.orders
	}
	kept.reset()
	b.groupsOf, b.firstOut = sized(b.groupsOf, len(plan.jobs)), sized(b.firstOut, len(plan.jobs))
	groupsOf, firstOut := b.groupsOf, b.firstOut
	clear(groupsOf)
	clear(firstOut)
	keys := b.keys[:0]
	seen := b.seen[:0]
	for i := range plan.jobs {
		r := plan.rep[i]
		caps := plan.got[r]
		if len(caps) == 0 {
			continue
		}
		if groupsOf[r] == nil { // its first member: the groups' first appearance
			gs := b.groups.take(len(caps))
			a.capGroups(gs, caps, plan.jobs[r].actions)
			for _, g := range gs {
				if int(g) >= len(seen) {
					seen = append(seen, make([]bool, int(g)+1-len(seen))...)
				}
				if !seen[g] {
					seen[g] = true
					keys = append(keys, g)
				}
			}
			groupsOf[r] = gs
		}
		out = append(out, countedJob{job: i, caps: caps})
	}
	clear(seen)
	b.keys, b.seen = keys, seen
	b.ranks = a.rankGroups(b.ranks, keys)
	ranks := b.ranks
	for k, j := range out {
		r := plan.rep[j.job]
		if f := firstOut[r]; f > 0 {
			out[k].jobOrder = out[f-1].jobOrder
			continue
		}
		gs := groupsOf[r]
		order := kept.ints.take(len(j.caps))
		byIndex := b.byIndex.take(len(j.caps))
		for t := range j.caps {
			order[t], byIndex[t] = t, ranks[gs[t]]
		}
		slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(byIndex[x], byIndex[y]) }) // typed: no reflection's swapper
		rank := kept.ints.take(len(order))
		for p, t := range order {
			rank[p] = byIndex[t]
		}
		names := kept.names.take(len(order))
		for p, t := range order {
			names[p] = j.caps[t].Action
		}
		jo := &kept.orders.take(1)[0]
		*jo = jobOrder{order: order, rank: rank, list: actionList{names, actionsHash(names)}}
		out[k].jobOrder = jo
		firstOut[r] = k + 1
	}
	return out
}

// countBuffer is countedJobs' scratch, by job of the plan (a job per
// resource of the organization); nothing read from it outlives the call.
type countBuffer struct {
	groupsOf [][]int32 // access group numbers (groups.go)
	firstOut []int
	groups   arena[int32] // groupsOf's
	byIndex  arena[int]
	keys     []int32 // the groups in order of first appearance
	seen     []bool  // by group number
	ranks    []int   // by group number
}

// orderArenas hold the jobOrders of one counted leak (auditScratch).
type orderArenas struct {
	ints   arena[int]
	names  arena[string]
	orders arena[jobOrder]
}

func (o *orderArenas) reset() {
	o.ints.reset()
	o.names.reset()
	o.orders.reset()
}

// arena hands out slices of one buffer, from its start again after
// reset: what it handed out before reset must be dead by then. A slice
// handed out stays valid when the arena moves to a larger buffer.
type arena[T any] struct{ buf []T }

func (r *arena[T]) reset() { r.buf = r.buf[:0] }

// take is n elements, not zeroed: the caller writes each.
func (r *arena[T]) take(n int) []T {
	if len(r.buf)+n > cap(r.buf) {
		r.buf = make([]T, 0, max(2*cap(r.buf), n, 1024))
	}
	at := len(r.buf)
	r.buf = r.buf[:at+n]
	return r.buf[at : at+n : at+n]
}

var countBuffers = sync.Pool{New: func() any { return new(countBuffer) }}

// countPlace decides the legitimate capabilities from another place as
// tryFrom does, and counts what stays allowed; ok is false when a
// decision fails and leak must answer.
func (a *Analyzer) countPlace(creds model.Credentials, pl leakPlace, plan *capPlan, jobs []countedJob, cu *countedUnits) (placeCount, bool) {
	pc := placeCount{place: Place{Name: pl.name, From: pl.from.String()}}
	if len(jobs) == 0 {
		return pc, true
	}
	account, err := a.callerAccount(creds)
	if err != nil {
		// tryFrom stops at the first capability in order: decided on its
		// own, its error is the place's.
		first := a.firstOf(plan, jobs, nil)
		out := make([]tried, 1)
		a.decideCaps(creds, pl, []Capability{first}, []int{0}, out, nil)
		pc.error = out[0].unusable != nil
		return pc, pc.error
	}
	b := placeBuffers.Get().(*placeBuffer)
	defer placeBuffers.Put(b)
	b.rep = a.partitionInto(b.rep, model.Query{Credentials: creds, From: pl.from, Context: pl.context}, cu.units, cu.classesOf(a, account))
	b.allowed, b.failed, b.reps = cleared(b.allowed, len(jobs)), cleared(b.failed, len(jobs)), b.reps[:0]
	rep, allowed, failed := b.rep, b.allowed, b.failed
	defer clear(allowed) // slices of b.outcomes, read only until counted
	reps := b.reps
	defer func() { b.reps = reps }()
	n := 0
	for k := range jobs {
		if rep[k] == k {
			reps = append(reps, k)
			n += len(jobs[k].order)
		}
	}
	// Each representative's outcomes in one array for the place, laid out
	// before the jobs run on every CPU (each writes its own part).
	b.outcomes = cleared(b.outcomes, n)
	at := 0
	for _, k := range reps {
		allowed[k] = b.outcomes[at : at+len(jobs[k].order) : at+len(jobs[k].order)]
		at += len(jobs[k].order)
	}
	star := &starDecisions{}
	_ = parallel(len(reps), func(n int) error {
		k := reps[n]
		failed[k] = a.decideJob(creds, pl, plan, jobs[k], star, allowed[k])
		return nil
	})
	for _, k := range reps {
		if failed[k] {
			return pc, false
		}
	}
	best := [3]int{-1}
	for k, j := range jobs {
		got := allowed[rep[k]]
		for p, ok := range got {
			if !ok {
				continue
			}
			pc.allowed++
			if pos := [3]int{j.rank[p], k, j.order[p]}; best[0] < 0 || less3(pos, best) {
				best = pos
			}
		}
	}
	if best[0] >= 0 {
		j := jobs[best[1]]
		pc.first = Capability{Action: j.caps[best[2]].Action, Resource: plan.jobs[j.job].t.res}
	}
	return pc, true
}

// placeBuffer is countPlace's scratch, by counted job (a job per
// resource of the organization, at each place of each instance); nothing
// read from it outlives the call.
type placeBuffer struct {
	rep      []int
	allowed  [][]bool // by counted job: its representative's part of outcomes
	outcomes []bool
	failed   []bool
	reps     []int
}

var placeBuffers = sync.Pool{New: func() any { return new(placeBuffer) }}

// countedUnits are tryEach's units of a counted leak's jobs: one per job,
// but for sts (each action its own) and "*". They depend on the plan and
// its jobs only, so the places a leak is counted at (and an instance's
// twins) take the same units, and the same classes (shareClasses) for
// the same caller account; the place itself is asked in partitionIn. One
// audit's instances are counted one after the other: no lock.
type countedUnits struct {
	units   []shareUnit
	classes map[string][][]int // by the caller's account
	arena   *classArena        // where classes are laid out (nil: their own memory)
}

func newCountedUnits(plan *capPlan, jobs []countedJob, sc *auditScratch) *countedUnits {
	cu := &countedUnits{classes: map[string][][]int{}}
	if sc != nil {
		sc.units = cleared(sc.units, len(jobs))
		cu.units = sc.units
		sc.unitClasses.reset() // the last counted leak made with sc is dead
		cu.arena = &sc.unitClasses
	} else {
		cu.units = make([]shareUnit, len(jobs))
	}
	for k, j := range jobs {
		svc, res := plan.jobs[j.job].svc(), plan.jobs[j.job].t.res
		if svc != "sts" && res != "*" {
			cu.units[k] = shareUnit{svc: svc, res: res, extra: j.namesOf(), probe: j.caps[j.order[0]].Action, side: plan.jobs[j.job].side}
		}
	}
	return cu
}

// classesOf is shareClasses(account, cu.units), grouped once per account.
func (cu *countedUnits) classesOf(a *Analyzer, account string) [][]int {
	if c, ok := cu.classes[account]; ok {
		return c
	}
	c := a.shareClassesIn(cu.arena, account, cu.units)
	cu.classes[account] = c
	return c
}

// decideJob decides one job's capabilities from a place, in Leak's order,
// as tryEach does: sts actions each on their own (needsOwnGather), the
// others the first gathered and the rest re-targeted; allowed (one per
// capability, false) is set for those allowed. failed: a decision
// failed.
func (a *Analyzer) decideJob(creds model.Credentials, pl leakPlace, plan *capPlan, j countedJob, star *starDecisions, allowed []bool) (failed bool) {
	res := plan.jobs[j.job].t.res
	b := jobBuffers.Get().(*jobBuffer)
	defer jobBuffers.Put(b)
	b.caps, b.out = sized(b.caps, len(j.order)), cleared(b.out, len(j.order))
	caps, out := b.caps, b.out
	for p, t := range j.order {
		caps[p] = Capability{Action: j.caps[t].Action, Resource: res}
	}
	if plan.jobs[j.job].svc() == "sts" {
		for p := range caps {
			a.decideCaps(creds, pl, caps, []int{p}, out, nil)
		}
	} else {
		b.group = sized(b.group, len(caps))
		group := b.group
		for p := range group {
			group[p] = p
		}
		a.decideNamed(creds, pl, caps, group, out, star, &j.list)
	}
	for p, t := range out {
		if t.err != nil || t.unusable != nil {
			return true
		}
		allowed[p] = t.res.Decision == eval.Allow
	}
	return false
}

// jobBuffer is decideJob's scratch: what it decides is read into allowed
// before the buffer is put back, so an audit's places do not allocate
// their capabilities and outcomes job by job. It is scratch, not a cache:
// nothing read from it outlives the call.
type jobBuffer struct {
	caps  []Capability
	out   []tried
	group []int
}

var jobBuffers = sync.Pool{New: func() any { return new(jobBuffer) }}

// firstOf is the first capability in Leak's order among the allowed
// (nil: all of them).
func (a *Analyzer) firstOf(plan *capPlan, jobs []countedJob, allowed [][]bool) Capability {
	best := [3]int{-1}
	for k, j := range jobs {
		for p := range j.order {
			if allowed != nil && !allowed[k][p] {
				continue
			}
			if pos := [3]int{j.rank[p], k, j.order[p]}; best[0] < 0 || less3(pos, best) {
				best = pos
			}
		}
	}
	j := jobs[best[1]]
	return Capability{Action: j.caps[best[2]].Action, Resource: plan.jobs[j.job].t.res}
}

func less3(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// Twins. Instances of one account with the same instance profile, VPC,
// subnet and Region differ, to a decision, only in what their ID and
// addresses put in a request: the session name (the principal's session
// and aws:userid), ec2:SourceInstanceARN, aws:ec2InstanceSourcePrivateIPv4,
// aws:VpcSourceIp and aws:SourceIp (model: instanceCaller, viaVPC,
// context). When no policy of the model reads those keys or names a role
// session, twins are decided alike from the legitimate place, the
// internet and a foreign VPC, and the second takes the first's counts;
// each still has its own IMDSv1 count (its IMDS setting) and its own
// witnesses.

// twinKeys are the keys that tell twins apart, lower-cased.
var twinKeys = []string{"aws:userid", "ec2:sourceinstancearn", "aws:ec2instancesourceprivateipv4", "aws:vpcsourceip", "aws:sourceip"}

// twinLeak is a counted leak kept for an instance's twins.
type twinLeak struct {
	count *leakCount
	plan  *capPlan
	jobs  []countedJob
	units *countedUnits
}

// twinKey names an instance's twins; "" when twins may not share.
func (a *Analyzer) twinKey(in *model.Instance) string {
	if in.InstanceProfile == "" || in.Subnet == "" || in.IMDSDisabled || !a.twinsAlike() {
		return ""
	}
	return strings.Join([]string{in.Account, in.InstanceProfile, in.VPC, in.Subnet, in.Region}, "|")
}

// twinsAlike: no policy of the model reads a key that tells twins apart
// or names a role session (a Principal element names sessions by ARN,
// arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION; a wildcard could match
// one).
func (a *Analyzer) twinsAlike() bool {
	a.twinsOnce.Do(func() {
		refs := a.referencedKeys()
		a.twins = !refs.all
		for _, k := range twinKeys {
			if refs.keys[k] {
				a.twins = false
			}
		}
		for _, d := range a.modelDocuments() {
			if d == nil {
				continue
			}
			for _, st := range d.Statements {
				if st.Principal != nil && !plainPrincipals(st.Principal.AWS) {
					a.twins = false
				}
			}
		}
	})
	return a.twins
}

// plainPrincipals: every value is an account or an IAM ARN without
// wildcards that names no role session.
func plainPrincipals(values []string) bool {
	for _, v := range values {
		if v == "*" {
			continue
		}
		if wildcard.HasWildcard(v) || strings.Contains(v, ":assumed-role/") || strings.HasPrefix(v, "arn:aws:sts:") {
			return false
		}
	}
	return true
}

// twinSet keeps, during an audit, the counted leak of each twin key for
// the instances still to come with that key, and drops it after the last
// of them: a counted leak holds its plan, with a job for every resource
// of the organization, so keeping every account's until the audit ends
// grew the live heap with the square of the accounts (2 GB at 1,000).
type twinSet struct {
	leaks map[string]*twinLeak
	left  map[string]int // instances not yet audited, by twin key
}

// newTwinSet counts the twin keys of the instances auditInstance will
// count (ids, with an instance profile).
func (a *Analyzer) newTwinSet(ids []string) *twinSet {
	t := &twinSet{leaks: map[string]*twinLeak{}, left: map[string]int{}}
	for _, id := range ids {
		if k := a.twinKey(a.Model.Instances[id]); k != "" {
			t.left[k]++
		}
	}
	return t
}

// done records that one instance of key was audited.
func (t *twinSet) done(key string) {
	if key == "" {
		return
	}
	if t.left[key]--; t.left[key] <= 0 {
		delete(t.leaks, key)
		delete(t.left, key)
	}
}

// twinLeakOf counts an instance's leak, or takes its twin's (counting its
// IMDSv1 credentials anew).
func (a *Analyzer) twinLeakOf(in *model.Instance, twins *twinSet, sc *auditScratch) (*leakCount, bool) {
	key := a.twinKey(in)
	defer twins.done(key)
	if t := twins.leaks[key]; key != "" && t != nil {
		out := *t.count
		v1 := model.Credentials{Type: model.InstanceCredentials, Instance: in.ID, IMDSv1: true}
		pc, ok := a.countIMDSv1(v1, model.Vantage{Kind: model.FromInstance, ID: in.ID}, t.plan, t.jobs, t.units, out.legit)
		if !ok {
			return nil, false
		}
		out.imdsv1 = pc
		return &out, true
	}
	c, t, ok := a.auditLeak(in.ID, sc)
	if ok && key != "" && twins.left[key] > 1 { // a twin is still to come
		t.count = c
		twins.leaks[key] = t
	}
	return c, ok
}
