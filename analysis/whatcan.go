package analysis

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// WhatCanOptions shape a whatcan question.
type WhatCanOptions struct {
	From    model.Vantage
	Service string // only this service prefix, when set
	// FollowAssume adds what the roles the principal can assume (and the
	// roles they can assume, up to Depth hops; 0 means 3) may do.
	FollowAssume bool
	Depth        int
	// MaxCapabilities bounds the capabilities reached through AssumeRole
	// chains (0: DefaultMaxCapabilities); past it the question is refused
	// with a Bound error (follow.go).
	MaxCapabilities int

	// chainPlaces is how many places the answer lists each chain's
	// capabilities at (leak asks them again elsewhere; 0 means 1).
	chainPlaces int

	// noCompleteness leaves the answer's Completeness empty, for a caller
	// that reports its own (audit, which asks leak for every instance):
	// the condition keys each decision assumed absent are not collected.
	noCompleteness bool
	// noStatements leaves each capability's Statement nil, for audit's
	// counted leak (auditLeak), which reads their actions only: naming
	// the statement of every allowed capability of every instance was a
	// tenth of what an audit allocated.
	noStatements bool
}

// Capability is one allowed action on one resource ("*": any resource,
// including those the model does not list).
type Capability struct {
	Action    string     `json:"action"`
	Resource  string     `json:"resource"`
	Statement *Statement `json:"statement,omitempty"`
}

// AccessGroup is the capabilities of one access level of one service.
type AccessGroup struct {
	Service      string       `json:"service"`
	Access       string       `json:"access"`
	Capabilities []Capability `json:"capabilities"`
}

// WhatCanResult answers "what can this principal do".
type WhatCanResult struct {
	// SchemaVersion names the JSON Schema of this answer (docs/schema/).
	SchemaVersion string        `json:"schemaVersion"`
	Principal     string        `json:"principal"`
	Credentials   string        `json:"credentials,omitempty"`
	From          string        `json:"from,omitempty"`
	Assumptions   []string      `json:"assumptions,omitempty"`
	Groups        []AccessGroup `json:"groups"`
	Allowed       int           `json:"allowed"`
	Evaluated     int           `json:"evaluated"`
	// ViaAssumeRole is what the principal reaches through AssumeRole
	// chains (with FollowAssume).
	ViaAssumeRole []Reached `json:"viaAssumeRole,omitempty"`
	// Completeness is what the answer could not decide.
	Completeness Completeness `json:"completeness"`
}

// WhatCan lists every action (from the service reference) on every model
// resource, and on "*", that the credentials are allowed, grouped by
// service and access level. Only actions that some policy applying to the
// principal could allow are evaluated.
func (a *Analyzer) WhatCan(creds model.Credentials, opt WhatCanOptions) (*WhatCanResult, error) {
	base, err := a.decide(model.Query{Credentials: creds, Action: "sts:GetCallerIdentity", From: opt.From})
	if err != nil {
		return nil, err
	}
	out := &WhatCanResult{SchemaVersion: SchemaVersion, Principal: base.gathered.Principal, From: opt.From.String(), Assumptions: a.Assumptions()}
	if creds.Type != model.ByPrincipal {
		out.Credentials = creds.String()
	}
	ids := base.gathered.Set.Identity
	who := base.Request.Principal
	gp := newGaps()
	if opt.noCompleteness {
		gp = nil
	} else if s := a.subjectOf(who); s != nil {
		gp.missingManaged(a.Model, []*subject{s})
	}
	caps, evaluated, err := a.capabilities(creds, opt, a.candidatesOf(base.gathered.Set, opt.Service), ids, who, gp)
	if err != nil {
		return nil, err
	}
	out.Evaluated, out.Allowed = evaluated, len(caps)
	out.Groups = groupCapabilities(caps)
	if opt.FollowAssume {
		if out.ViaAssumeRole, err = a.follow(creds, out.Principal, opt, gp); err != nil {
			return nil, err
		}
	}
	if gp != nil {
		out.Completeness = gp.report()
	}
	return out, nil
}

// subjectOf finds the IAM user or role behind a principal (a role
// session's role); nil for other principals. It reads the one account,
// without listing every principal of the model (whatcan asks about one
// principal of a large organization); the subject's documents are not
// gathered: callers need its ARN and attachments only.
func (a *Analyzer) subjectOf(p arn.Principal) *subject {
	if p.Kind != arn.User && p.Kind != arn.Role && p.Kind != arn.AssumedRole {
		return nil
	}
	acct := a.Model.Accounts[p.Account]
	if acct == nil {
		return nil
	}
	switch {
	case p.Kind == arn.User && acct.Users[p.Name] != nil:
		u := acct.Users[p.Name]
		return &subject{arn: u.ARN, account: acct, user: u}
	case p.Kind != arn.User && acct.Roles[p.Name] != nil:
		r := acct.Roles[p.Name]
		return &subject{arn: r.ARN, account: acct, role: r}
	}
	return nil
}

// candidatesOf is, for each service, the candidate actions of the
// principal's identity policies (candidateActions) with the Allow
// statements that match each (allowIndex): once per list of identity
// documents and service filter, for the Analyzer (audit asks it for every
// instance, and an organization's instance roles attach the same
// policies). The lists are read only.
func (a *Analyzer) candidatesOf(set eval.PolicySet, service string) map[string][]candidate {
	var k strings.Builder
	for _, d := range set.Identity {
		fmt.Fprintf(&k, "%p,", d)
	}
	k.WriteString("|" + service)
	return a.candidateLists.Get(k.String(), func() map[string][]candidate {
		allow := &allowIndex{pat: a.pat, ids: set.Identity, byAction: map[string][]*policy.Statement{}}
		out := map[string][]candidate{}
		for svc, acts := range a.candidateActions(set, service) {
			out[svc] = allow.candidates(acts)
		}
		return out
	})
}

// candidateActions expands the Action elements of every Allow statement
// that could apply to the principal: its identity policies and the
// resource policies of the model (which may name it).
func (a *Analyzer) candidateActions(set eval.PolicySet, service string) map[string][]awsref.Action {
	byService := map[string][]awsref.Action{}
	seen := map[actionKey]bool{}
	svc := strings.ToLower(service)
	add := func(acts []awsref.Action) {
		for _, act := range acts {
			k := actionKey{act.Service, act.Name}
			if seen[k] || service != "" && act.Service != svc {
				continue
			}
			seen[k] = true
			byService[act.Service] = append(byService[act.Service], act)
		}
	}
	for _, d := range set.Identity {
		for _, st := range d.Statements {
			if st.Effect == policy.Allow {
				add(a.expandStatement(st))
			}
		}
	}
	add(a.resourcePolicyActions())
	return byService
}

// actionKey identifies an action (its service and name).
type actionKey struct{ service, name string }

// resourcePolicyActions lists, once per Analyzer, the actions the Allow
// statements of the model's resource policies name, each once, in the
// order of the resources' ARNs: the same for every whatcan question.
func (a *Analyzer) resourcePolicyActions() []awsref.Action {
	a.resActionsOnce.Do(func() {
		seen := map[actionKey]bool{}
		for _, arnStr := range slices.Sorted(maps.Keys(a.Model.Resources)) {
			r := a.Model.Resources[arnStr]
			if r.Policy == nil {
				continue
			}
			for _, st := range r.Policy.Statements {
				if st.Effect != policy.Allow {
					continue
				}
				for _, act := range a.expandStatement(st) {
					if k := (actionKey{act.Service, act.Name}); !seen[k] {
						seen[k] = true
						a.resActions = append(a.resActions, act)
					}
				}
			}
		}
	})
	return a.resActions
}

// expandStatement expands a statement's Action element, once per
// statement and once per distinct element (an organization's bucket
// policies repeat the same few).
func (a *Analyzer) expandStatement(st *policy.Statement) []awsref.Action {
	if acts, ok := a.stmtExpansions.Load(st); ok {
		return acts
	}
	key := strings.Join(st.Actions, "\x00")
	if st.NotAction {
		key = "!" + key
	}
	return a.stmtExpansions.Store(st, a.expansions.Get(key, func() []awsref.Action {
		if st.NotAction {
			return awsref.ExpandNot(st.Actions)
		}
		return awsref.ExpandAny(st.Actions)
	}))
}

// capabilities evaluates each candidate action on "*" and on each model
// resource of its service that one of its resource types fits. The
// policies are gathered once per (service, resource) and the request
// re-targeted per action.
//
// A pair is evaluated only when it could be allowed: an identity policy of
// the principal or (within its account) the resource's own policy has an
// Allow statement for that action and resource, conditions aside; across
// accounts both must. Otherwise the answer is an implicit deny, unless the
// principal is an account's root user.
func (a *Analyzer) capabilities(creds model.Credentials, opt WhatCanOptions, byService map[string][]candidate, ids []*policy.Policy, who arn.Principal, gp *gaps) ([]Capability, int, error) {
	p := a.planCapabilities(creds, opt, byService, ids, who, gp, nil)
	var rest []int
	for i := range p.jobs {
		r := p.rep[i]
		switch {
		case r == i:
			if p.own[i] != nil {
				gp.add(p.own[i])
			}
		case p.errs[r] != nil:
			rest = append(rest, i) // decided on its own, to fail as it fails
		default:
			p.got[i], p.counts[i] = a.sharedCapabilities(p.got[r], p.jobs[i].svc(), p.jobs[i].t.res), p.counts[r]
			gp.add(p.own[r])
		}
	}
	_ = parallel(len(rest), func(k int) error { p.run(rest[k]); return nil })
	var caps []Capability
	evaluated := 0
	for i := range p.jobs {
		if p.errs[i] != nil {
			return nil, 0, p.errs[i]
		}
		caps, evaluated = append(caps, p.got[i]...), evaluated+p.counts[i]
	}
	return caps, evaluated, nil
}

// capJob is one resource whatcan evaluates a service's actions on.
type capJob struct {
	actions []candidate
	t       target
	side    *resourceSideKey // for a resource of sortedResources (sideArray)
}

func (j capJob) svc() string { return j.actions[0].act.Service }

// capPlan is a whatcan question with its representatives decided (the
// jobs with rep[i] == i): the others take a representative's answer
// (share.go), or are decided with run when it failed.
type capPlan struct {
	jobs   []capJob
	rep    []int
	got    [][]Capability
	counts []int
	errs   []error
	own    []*gaps // the gaps of a representative, for each unit that shares its answer
	run    func(i int)
}

// sc, when not nil, holds the plan's arrays: the plan lives until sc is
// used again (auditScratch).
func (a *Analyzer) planCapabilities(creds model.Credentials, opt WhatCanOptions, byService map[string][]candidate, ids []*policy.Policy, who arn.Principal, gp *gaps, sc *auditScratch) *capPlan {
	account, root := who.Account, who.Kind == arn.Account
	named := namedResources(ids)
	// Each service's jobs: "*", the model's resources, then the resources
	// its policies name that the model lacks (undeclared).
	type svcJobs struct {
		actions        []candidate
		of, undeclared []string
		sides          []resourceSideKey
	}
	services := slices.Sorted(maps.Keys(byService))
	per := make([]svcJobs, len(services))
	namedBy := namedByService(named) // not each named resource for each of ~300 services
	n := 0
	for k, svc := range services {
		s := svcJobs{actions: byService[svc], undeclared: a.undeclaredNamed(svc, namedBy[svc]), of: a.resourcesOf(svc, who)}
		if len(s.of) > 0 && len(s.actions) > 0 && svc != "iam" && svc != "sts" { // resourcesOf is sortedResources
			s.sides = a.sideArray(s.actions[0].act.Service)
		}
		per[k] = s
		n += 1 + len(s.of) + len(s.undeclared)
	}
	var jobs []capJob
	if sc != nil {
		jobs = slices.Grow(sc.jobs[:0], n)
	} else {
		jobs = make([]capJob, 0, n)
	}
	for _, s := range per {
		jobs = append(jobs, capJob{actions: s.actions, t: target{res: "*"}})
		for ri, res := range s.of {
			j := capJob{actions: s.actions, t: target{res: res}}
			if s.sides != nil {
				j.side = &s.sides[ri]
			}
			jobs = append(jobs, j)
		}
		for _, res := range s.undeclared {
			jobs = append(jobs, capJob{actions: s.actions, t: target{res: res, undeclared: true}})
		}
	}
	// The resources are independent: they are evaluated on every CPU, and
	// their answers joined in order (the first error in order wins, as if
	// they had been evaluated one after the other). Resources of other
	// accounts the caller cannot tell apart are decided once (share.go).
	ub := unitBuffers.Get().(*[]shareUnit)
	units := cleared(*ub, len(jobs))
	for i, j := range jobs {
		if !j.t.undeclared && j.t.res != "*" && len(j.actions) > 0 {
			units[i] = shareUnit{svc: j.actions[0].act.Service, res: j.t.res, probe: j.actions[0].name, side: j.side}
		}
	}
	q := model.Query{Credentials: creds, From: opt.From}
	var p *capPlan
	if sc != nil {
		sc.caps.reset()
		sc.jobs = jobs
		sc.planClasses.reset()
		sc.rep = a.partitionInto(sc.rep, q, units, a.shareClassesIn(&sc.planClasses, account, units))
		sc.got, sc.counts, sc.errs, sc.own = cleared(sc.got, len(jobs)), cleared(sc.counts, len(jobs)), cleared(sc.errs, len(jobs)), cleared(sc.own, len(jobs))
		p = &sc.plan
		*p = capPlan{jobs: jobs, rep: sc.rep, got: sc.got, counts: sc.counts, errs: sc.errs, own: sc.own}
	} else {
		p = &capPlan{jobs: jobs, rep: a.partition(q, account, units),
			got: make([][]Capability, len(jobs)), counts: make([]int, len(jobs)), errs: make([]error, len(jobs)), own: make([]*gaps, len(jobs))}
	}
	*ub = units
	unitBuffers.Put(ub) // partition keeps none of them
	for i := range jobs {
		if p.rep[i] != i && gp != nil {
			p.own[p.rep[i]] = newGaps()
		}
	}
	star := &starDecisions{}
	p.run = func(i int) {
		t := jobs[i].t
		resPolicy, owner := a.resourcePolicy(t.res)
		if t.undeclared {
			owner, t.ownerFrom = a.owner(t.res)
			t.owner = owner
		}
		g := gp
		if p.own[i] != nil {
			g = p.own[i]
		}
		var into *[]Capability
		if sc != nil {
			into = capBuffers.Get().(*[]Capability)
		}
		p.got[i], p.counts[i], p.errs[i] = a.capabilitiesOn(creds, opt, jobs[i].actions, t, resPolicy, root, owner == "" || owner == account, g, star, into)
		if into != nil {
			*into, p.got[i] = p.got[i][:0], sc.keepCaps(p.got[i])
			capBuffers.Put(into)
		}
	}
	var reps []int
	for i := range jobs {
		if p.rep[i] == i {
			reps = append(reps, i)
		}
	}
	_ = parallel(len(reps), func(k int) error { p.run(reps[k]); return nil })
	return p
}

// capBuffers are the capabilities one job of a plan with an auditScratch
// lists, before they are kept in its arena (keepCaps); nothing read from
// them outlives the job.
var capBuffers = sync.Pool{New: func() any { return new([]Capability) }}

// unitBuffers are planCapabilities' share units, scratch for partition
// (one per job: a job per resource of the organization, for every
// instance an audit asks); nothing read from them outlives the call.
var unitBuffers = sync.Pool{New: func() any { return new([]shareUnit) }}

// sharedCapabilities are a representative's capabilities for another
// resource of its class (share.go).
func (a *Analyzer) sharedCapabilities(caps []Capability, svc, res string) []Capability {
	if len(caps) == 0 {
		return nil
	}
	out := make([]Capability, len(caps))
	for i, c := range caps {
		out[i] = Capability{Action: c.Action, Resource: res, Statement: a.sharedStatement(c.Statement, svc, res)}
	}
	return out
}

// candidate is an action whatcan evaluates, with its name, and the Allow
// statements of the principal's identity policies whose Action element
// matches it (found once per question, not once per resource).
type candidate struct {
	act      awsref.Action
	name     string
	lower    string
	identity []*policy.Statement
}

// allowIndex finds the identity Allow statements for an action.
type allowIndex struct {
	pat      *patterns
	ids      []*policy.Policy
	byAction map[string][]*policy.Statement // by lower-cased action
}

func (x *allowIndex) candidates(actions []awsref.Action) []candidate {
	out := make([]candidate, len(actions))
	for i, act := range actions {
		name := act.String()
		lower := strings.ToLower(name)
		out[i] = candidate{act: act, name: name, lower: lower, identity: x.statements(lower)}
	}
	return out
}

func (x *allowIndex) statements(lower string) []*policy.Statement {
	if sts, ok := x.byAction[lower]; ok {
		return sts
	}
	var sts []*policy.Statement
	for _, p := range x.ids {
		if p == nil {
			continue
		}
		for _, st := range p.Statements {
			if st.Effect == policy.Allow && x.pat.action(st, lower) {
				sts = append(sts, st)
			}
		}
	}
	x.byAction[lower] = sts
	return sts
}

// target is one resource whatcan evaluates actions on.
type target struct {
	res        string
	undeclared bool   // named by a policy, absent from the model
	owner      string // undeclared: the inferred owner, "" when unknown
	ownerFrom  string
}

// capabilitiesOn evaluates the actions of one service on one resource.
func (a *Analyzer) capabilitiesOn(creds model.Credentials, opt WhatCanOptions, actions []candidate, t target,
	resPolicy resourcePolicies, root, sameAccount bool, gp *gaps, star *starDecisions, into *[]Capability) ([]Capability, int, error) {
	if t.undeclared && t.owner == "" {
		gp.resource(UndeclaredResource{ARN: t.res, OwnerFrom: t.ownerFrom,
			Reason: "its owner is unknown (its ARN names no account and the model has several): declare it in the model"})
		return nil, 0, nil
	}
	var caps []Capability // in into's memory when there is one
	if into != nil {
		caps = (*into)[:0]
	}
	var d *decision
	var types map[string]bool
	var classes *actionResults // without gaps to report, the Result is all that is read
	var across acrossJob       // the same, read across services (across.go), once found
	var acrossFound bool
	evaluated := 0
	for ci, c := range actions {
		act := c.act
		if !root && !a.mayAllowOn(c.identity, resPolicy.of(act), c.lower, t.res, sameAccount) {
			continue
		}
		if types == nil && t.res != "*" {
			types = a.resourceTypes(act.Service, t.res) // only for pairs that may be allowed: it is not cheap
		}
		if !fits(act, t.res, types) {
			continue
		}
		var got *eval.Decided
		var err error
		switch {
		case gp == nil && !needsOwnGather(act) && a.acrossApplies(star, t.res):
			if !acrossFound {
				q := model.Query{Credentials: creds, Action: c.name, Resource: t.res, From: opt.From, Context: a.withAssumed(nil)}
				across, err = a.acrossJobOf(q, star, a.candidateNamesOf(actions), true, 0)
				acrossFound = err == nil
			}
			var res eval.Result
			if err == nil {
				res, err = across.result(ci, c.name)
			}
			got = &eval.Decided{Result: res}
		case d == nil || needsOwnGather(act):
			q := model.Query{Credentials: creds, Action: c.name, Resource: t.res, From: opt.From}
			if t.undeclared && t.ownerFrom != "arn" {
				q.ResourceOwner = t.owner
			}
			s := star
			if needsOwnGather(act) {
				s = nil
			}
			if d, err = a.decideStar(q, s); err == nil {
				got = d.Decided
			}
		case gp == nil:
			if classes == nil || classes.d != d {
				classes = a.actionResultsBy(d, a.candidateNamesOf(actions), a.listedClassesOf)
			}
			var res eval.Result
			res, err = classes.result(ci, c.name)
			got = &eval.Decided{Result: res}
		default:
			got, err = d.WithAction(c.name)
		}
		if err != nil && t.undeclared {
			// The model cannot say who owns it or what its policy is.
			gp.resource(UndeclaredResource{ARN: t.res, Owner: t.owner, OwnerFrom: t.ownerFrom, Reason: err.Error()})
			return nil, evaluated, nil
		}
		if err != nil {
			return nil, 0, err
		}
		evaluated++
		gp.decided(got)
		if got.Result.Decision == eval.Allow {
			c := Capability{Action: c.name, Resource: t.res}
			if !opt.noStatements {
				c.Statement = statementOf(got.Result.Statement)
			}
			caps = append(caps, c)
		}
	}
	switch {
	case t.undeclared && evaluated > 0:
		gp.resource(UndeclaredResource{ARN: t.res, Owner: t.owner, OwnerFrom: t.ownerFrom, Evaluated: true})
	case t.undeclared && !sameAccount:
		gp.resource(UndeclaredResource{ARN: t.res, Owner: t.owner, OwnerFrom: t.ownerFrom,
			Reason: "owned by another account: across accounts its resource policy must allow too, and the model does not have it (declare it to evaluate)"})
	}
	return caps, evaluated, nil
}

func candidateNames(actions []candidate) []string {
	out := make([]string, len(actions))
	for i, c := range actions {
		out[i] = c.name
	}
	return out
}

// namedByService groups resources by the service of their ARN, each in
// order (undeclaredNamed reads of a service's only those of its ARNs).
func namedByService(resources []string) map[string][]string {
	out := map[string][]string{}
	for _, r := range resources {
		svc := serviceOfARN(r)
		out[svc] = append(out[svc], r)
	}
	return out
}

// namedResources lists the Resource values of the Allow statements of docs.
func namedResources(docs []*policy.Policy) []string {
	var out []string
	for _, d := range docs {
		for _, st := range d.Statements {
			if st.Effect != policy.Allow || st.NotResource {
				continue
			}
			for _, r := range st.Resources {
				if r.Parts == nil {
					out = append(out, r.Raw)
				}
			}
		}
	}
	return out
}

// needsOwnGather: the policies that apply to a resource depend on the
// action for role trust (sts:AssumeRole*) and session tagging.
func needsOwnGather(act awsref.Action) bool {
	return act.Service == "sts"
}

// resourceTypes names the service's resource types an ARN can be, once
// per (service, ARN) for the Analyzer (audit asks it of the same buckets
// for every instance). The map is read only.
func (a *Analyzer) resourceTypes(svc, res string) map[string]bool {
	key := [2]string{svc, res} // not svc+" "+res: no string built per lookup
	if types, ok := a.types.Load(key); ok {
		return types
	}
	return a.types.Store(key, resourceTypes(svc, res))
}

func resourceTypes(svc, res string) map[string]bool {
	out := map[string]bool{}
	if res != "*" {
		for _, t := range awsref.ResourceTypesForARN(svc, res) {
			out[t.Name] = true
		}
	}
	return out
}

// fits reports whether an action can act on a resource: "*" always (the
// policies decide), an ARN when it is of one of the action's resource types.
func fits(act awsref.Action, res string, types map[string]bool) bool {
	if res == "*" {
		return true
	}
	for _, ar := range act.Resources {
		if types[ar.Type] {
			return true
		}
	}
	return false
}

// resourcesOf lists the model's resources of a service that the
// principal could act on: its resources with or without policies (a bucket
// also as its objects, bucket/*); for IAM, the users and roles of the
// principal's own account (IAM acts only within the caller's account); for
// STS, the roles whose trust policy can let the principal in.
func (a *Analyzer) resourcesOf(svc string, who arn.Principal) []string {
	if svc != "iam" && svc != "sts" {
		if len(a.modelResources()[svc]) == 0 {
			return nil // most services: no lookup in the shared memo
		}
		return a.sortedResources(svc) // the same for every principal
	}
	out := slices.Clone(a.modelResources()[svc])
	switch svc {
	case "iam":
		if acct := a.Model.Accounts[who.Account]; acct != nil {
			for _, u := range acct.Users {
				out = append(out, u.ARN)
			}
			for _, r := range acct.Roles {
				out = append(out, r.ARN)
			}
		}
	case "sts":
		out = append(out, a.assumableRoles(who)...)
	}
	sort.Strings(out)
	return out
}

// sortedResources is modelResources()[svc] sorted, once per service for
// the Analyzer; read only.
func (a *Analyzer) sortedResources(svc string) []string {
	return a.sortedBySvc.Get(svc, func() []string {
		return slices.Sorted(slices.Values(a.modelResources()[svc]))
	})
}

// modelResources lists the model's resources by service (a bucket also
// as its objects, bucket/*), once per Analyzer; read only.
func (a *Analyzer) modelResources() map[string][]string {
	a.resourcesOnce.Do(func() {
		a.resourcesBySvc = map[string][]string{}
		for arnStr, r := range a.Model.Resources {
			svc := serviceOfARN(arnStr)
			a.resourcesBySvc[svc] = append(a.resourcesBySvc[svc], arnStr)
			if r.Type == model.Bucket {
				a.resourcesBySvc[svc] = append(a.resourcesBySvc[svc], arnStr+"/*")
			}
		}
	})
	return a.resourcesBySvc
}

// assumableRoles lists the roles the principal could assume: a role's
// trust policy must let it in (name it, its account or everyone), and
// unless the trust names it within its own account, an sts:AssumeRole
// statement of its identity policies must match the role too.
func (a *Analyzer) assumableRoles(who arn.Principal) []string {
	var stmts []*policy.Statement
	if set, _, err := a.Model.Gather(model.Query{Credentials: byPrincipal(who.Raw), Action: "sts:GetCallerIdentity"}); err == nil {
		for _, d := range set.Identity {
			for _, st := range d.Statements {
				if st.Effect == policy.Allow && a.pat.action(st, "sts:assumerole") {
					stmts = append(stmts, st)
				}
			}
		}
	}
	key := principalKey(who)
	var out []string
	if len(stmts) == 0 {
		// No identity statement allows sts:AssumeRole: only a role of its
		// own account whose trust names it may be assumed (the loop below
		// skips every other role), so the model's other roles are not
		// walked; an audit asks this for every instance.
		if acct := a.Model.Accounts[who.Account]; acct != nil {
			for _, r := range acct.Roles {
				if a.grantsOf(r.Trust, "sts:AssumeRole").named[key] {
					out = append(out, r.ARN)
				}
			}
		}
		return out // resourcesOf sorts it
	}
	for _, ar := range a.modelRoles() {
		id, r := ar.account, ar.role
		if !a.roleMatches(stmts, r.ARN) && id != who.Account {
			continue
		}
		g := a.grantsOf(r.Trust, "sts:AssumeRole")
		named := g.named[key]
		if named && id == who.Account || a.roleMatches(stmts, r.ARN) && (named || g.everyone || trustedAccounts(r.Trust)[who.Account]) {
			out = append(out, r.ARN)
		}
	}
	return out // resourcesOf sorts it
}

// accountRole is a role of the model and the ID of its account.
type accountRole struct {
	account string
	role    *model.Role
}

// modelRoles lists the model's roles, once per Analyzer (every instance's
// whatcan asks which of them it may assume: walking the accounts' maps
// for each was 4 % of a 1,000-account audit); read only.
func (a *Analyzer) modelRoles() []accountRole {
	a.rolesOnce.Do(func() {
		for id, acct := range a.Model.Accounts {
			for _, r := range acct.Roles {
				a.roles = append(a.roles, accountRole{id, r})
			}
		}
	})
	return a.roles
}

func (a *Analyzer) roleMatches(stmts []*policy.Statement, roleARN string) bool {
	for _, st := range stmts {
		if a.pat.resource(st, roleARN) {
			return true
		}
	}
	return false
}

func serviceOfARN(s string) string {
	// Cut, not SplitN: a plan asks it of every named resource for every
	// service (a million slices over a 1,000-account audit).
	_, rest, ok := strings.Cut(s, ":")
	if !ok {
		return ""
	}
	if _, rest, ok = strings.Cut(rest, ":"); !ok {
		return ""
	}
	svc, _, _ := strings.Cut(rest, ":")
	return svc
}

// groupCapabilities groups by service, then access level in the
// reference's order (List, Read, Write, Permissions management, Tagging).
func groupCapabilities(caps []Capability) []AccessGroup {
	index := map[[2]string]int{}
	groups := []AccessGroup{} // an empty answer is [], not null
	for _, c := range caps {
		k := accessGroupOf(c.Action)
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, AccessGroup{Service: k[0], Access: k[1]})
		}
		groups[i].Capabilities = append(groups[i].Capabilities, c)
	}
	sort.SliceStable(groups, func(i, j int) bool {
		return groupBefore([2]string{groups[i].Service, groups[i].Access}, [2]string{groups[j].Service, groups[j].Access})
	})
	return groups
}

// accessGroup is accessGroupOf, once per action for the Analyzer.
func (a *Analyzer) accessGroup(action string) [2]string {
	return a.accessGroups.Get(action, func() [2]string { return accessGroupOf(action) })
}

// accessGroupOf is the group of an action: its service and access level.
func accessGroupOf(action string) [2]string {
	svc, _, _ := strings.Cut(action, ":")
	access := "Unknown"
	if act, ok := awsref.LookupAction(action); ok {
		access = string(act.Access)
	}
	return [2]string{svc, access}
}

var accessOrder = map[string]int{"List": 0, "Read": 1, "Write": 2, "Permissions management": 3, "Tagging": 4}

func groupBefore(a, b [2]string) bool {
	if a[0] != b[0] {
		return a[0] < b[0]
	}
	return accessOrder[a[1]] < accessOrder[b[1]]
}

// resourcePolicy returns, for a resource, the function giving the resource
// policy that applies to an action on it: a role's trust policy for the
// sts actions, else the model resource's policy (a bucket's for its objects).
// The second result is the resource's account, "" when unknown.
func (a *Analyzer) resourcePolicy(res string) (resourcePolicies, string) {
	var rp resourcePolicies
	owner := ""
	if r := a.Model.Resources[res]; r != nil {
		rp.policy, owner = r.Policy, r.Account
	} else if r := a.Model.Resources[bucketOf(res)]; r != nil {
		rp.policy, owner = r.Policy, r.Account
	}
	rp.role = a.modelRole(res)
	if rp.role != nil {
		owner = rp.role.Account
	}
	return rp, owner
}

// resourcePolicies are the resource policies of one resource: its own
// policy, and a role's trust policy for sts actions (a value, not a
// closure: a plan asks it for every resource of every instance).
type resourcePolicies struct {
	policy *policy.Policy
	role   *model.Role
}

// of is the resource policy that applies to act.
func (rp resourcePolicies) of(act awsref.Action) *policy.Policy {
	if rp.role != nil && act.Service == "sts" {
		return rp.role.Trust
	}
	return rp.policy
}

// mayAllowOn reports whether an identity statement matching the action
// (identity) or, within the account, the resource policy has an Allow
// statement whose Action and Resource may match; across accounts, both
// must. action is lower-cased.
func (a *Analyzer) mayAllowOn(identity []*policy.Statement, resPolicy *policy.Policy, action, resource string, sameAccount bool) bool {
	idAllows := false
	for _, st := range identity {
		if resource == "*" || a.pat.resource(st, resource) {
			idAllows = true
			break
		}
	}
	check := func(p *policy.Policy) bool {
		if p == nil {
			return false
		}
		for _, st := range p.Statements {
			if st.Effect == policy.Allow && a.pat.action(st, action) && (resource == "*" || a.pat.resource(st, resource)) {
				return true
			}
		}
		return false
	}
	if !sameAccount && resource != "*" {
		return idAllows && check(resPolicy)
	}
	return idAllows || check(resPolicy)
}

// modelRole finds a role of the model by ARN, without indexing every
// principal (whatcan asks about one principal in a large organization).
func (a *Analyzer) modelRole(roleARN string) *model.Role {
	if !strings.Contains(roleARN, ":role/") {
		return nil // not a role's ARN, whose resource is role/...: whatcan asks for every resource, "*" and buckets most, and a failed parse allocates its error
	}
	p, err := arn.ParsePrincipal(roleARN)
	if err != nil || p.Kind != arn.Role {
		return nil
	}
	acct := a.Model.Accounts[p.Account]
	if acct == nil {
		return nil
	}
	if r := acct.Roles[p.Name]; r != nil && r.ARN == roleARN {
		return r
	}
	return nil
}
