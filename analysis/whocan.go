package analysis

import (
	"github.com/sekisho/sekisho/arn"
	"slices"
	"strings"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
)

// WhoCanOptions shape a whocan question.
type WhoCanOptions struct {
	From       model.Vantage
	ShowDenied bool // also report denied principals, with what denied them
	MaxChain   int  // longest AssumeRole chain to follow; 0 means 3
	// ResourceAccount states the owner of a resource the model does not
	// declare and whose ARN names no account (--resource-account).
	ResourceAccount string
}

// Finding is one principal's answer, with its witness. Chain, when set,
// is the AssumeRole path from the principal to the role that is allowed.
type Finding struct {
	Witness
	Chain []string `json:"chain,omitempty"`
}

// WhoCanResult answers "who can do Action on Resource".
type WhoCanResult struct {
	// SchemaVersion names the JSON Schema of this answer (docs/schema/).
	SchemaVersion string    `json:"schemaVersion"`
	Action        string    `json:"action"`
	Resource      string    `json:"resource"`
	From          string    `json:"from,omitempty"`
	Assumptions   []string  `json:"assumptions,omitempty"`
	Allowed       []Finding `json:"allowed"`
	ViaChain      []Finding `json:"viaAssumeRole,omitempty"`
	Denied        []Finding `json:"denied,omitempty"`
	Principals    int       `json:"principals"` // users and roles in the model
	Evaluated     int       `json:"evaluated"`  // those whose policies could allow, and were evaluated
	// Completeness is what the answer could not decide.
	Completeness Completeness `json:"completeness"`
}

// WhoCan finds every user and role allowed to do action on resource, and
// the principals that reach an allowed role through AssumeRole chains.
func (a *Analyzer) WhoCan(action, resource string, opt WhoCanOptions) (*WhoCanResult, error) {
	out := &WhoCanResult{SchemaVersion: SchemaVersion, Action: action, Resource: resource, From: opt.From.String(), Assumptions: a.Assumptions(), Allowed: []Finding{}}
	subjects := a.subjects()
	a.idx() // sets each subject's key
	out.Principals = len(subjects)
	filter := newFilter(a.pat, action, resource)
	grants, err := a.resourceGrants(action, resource)
	if err != nil {
		return nil, err
	}
	// Pruning reads each subject's documents once (the filter caches per
	// document): on every CPU, kept in the subjects' order.
	keep := make([]bool, len(subjects))
	_ = parallel(len(subjects), func(i int) error {
		keep[i] = opt.ShowDenied || grants.candidate(subjects[i], subjects[i].mayAllow(filter))
		return nil
	})
	var candidates []*subject
	for i, s := range subjects {
		if keep[i] {
			candidates = append(candidates, s)
		}
	}
	out.Evaluated = len(candidates)
	gp := newGaps()
	gp.addMissing(a.allMissing()) // subjects are all of them
	owner, ownerFrom := "", "arn"
	if !a.declared(resource) {
		owner, ownerFrom = a.owner(resource)
		if opt.ResourceAccount != "" && ownerFrom != "arn" {
			owner, ownerFrom = opt.ResourceAccount, "--resource-account"
		}
		gp.resource(UndeclaredResource{ARN: resource, Owner: owner, OwnerFrom: ownerFrom, Evaluated: owner != ""})
	}
	v := newVerdicts(len(candidates))
	if err := a.decideWho(candidates, action, resource, owner, ownerFrom, opt, v, gp); err != nil {
		return nil, err
	}
	if err := everyoneSkipped(gp, len(candidates)); err != nil {
		return nil, err
	}
	n := 0
	for _, ok := range v.allowed {
		if ok {
			n++
		}
	}
	out.Allowed = slices.Grow(out.Allowed, n)
	for i := range candidates {
		switch {
		case v.allowed[i]:
			out.Allowed = append(out.Allowed, v.finding(i))
		case v.found[i] != nil:
			out.Denied = append(out.Denied, v.finding(i))
		}
	}
	// When every principal is allowed (an organization-wide grant), no
	// chain can reach one more: chainsTo would find none, and the sets of
	// the allowed (103,000 ARNs at 1,000 accounts) are not built.
	if n < len(subjects) {
		allowedRoles, allowed := make(map[string]bool, n), make(map[string]bool, n)
		for i, s := range candidates {
			if v.allowed[i] {
				allowed[s.arn] = true
				if s.role != nil {
					allowedRoles[s.arn] = true
				}
			}
		}
		chains, err := a.chainsTo(allowedRoles, allowed, opt)
		if err != nil {
			return nil, err
		}
		out.ViaChain = chains
	}
	out.Completeness = gp.report()
	return out, nil
}

// resourceGrants reads the resource policy that applies to the question
// (a bucket policy, a key policy, a role's trust policy).
func (a *Analyzer) resourceGrants(action, resource string) (grantSet, error) {
	gs := grantSet{}
	r := a.Model.Resources[resource]
	if r == nil {
		r = a.Model.Resources[bucketOf(resource)]
	}
	if r != nil {
		gs.grants, gs.account, gs.accounts = a.grantsOf(r.Policy, action), r.Account, trustedAccounts(r.Policy)
	}
	if role := a.roleByARN(resource); role != nil {
		gs.grants, gs.account, gs.accounts = a.grantsOf(role.role.Trust, action), role.account.ID, trustedAccounts(role.role.Trust)
	}
	return gs, nil
}

// grantSet is what the resource's policy grants, and in which account
// ("" when the model does not hold the resource).
type grantSet struct {
	grants   resourceGrants
	accounts map[string]bool // accounts its Allow statements name as a whole
	account  string
}

// candidate decides, before any evaluation, whether a subject could be
// allowed (identity: one of its identity policies may allow the action on
// the resource). Within the resource's account, the identity policies or a
// resource policy naming the subject (or everyone) may grant; from another
// account, both must: the resource policy has to name the subject, its
// account, or everyone ("Cross-account policy evaluation logic").
func (g grantSet) candidate(s *subject, identity bool) bool {
	named := g.grants.named[s.key]
	switch {
	case g.account == "":
		return identity
	case s.account.ID == g.account:
		return identity || named || g.grants.everyone
	}
	return identity && (named || g.grants.everyone || g.accounts[s.account.ID])
}

// bucketOf returns the bucket ARN of an S3 object ARN.
func bucketOf(resource string) string {
	const prefix = "arn:aws:s3:::"
	if !strings.HasPrefix(resource, prefix) {
		return ""
	}
	name, _, _ := strings.Cut(resource[len(prefix):], "/")
	return prefix + name
}

// verdicts are decideWho's answers, one per candidate.
type verdicts struct {
	// found[i] is the candidate's finding when it is allowed (or
	// opt.ShowDenied): the members of a class point to their
	// representative's, which names the representative.
	found []*Finding
	// as[i] is the principal a finding shared with a member is for ("" for
	// the finding's own): a class of thousands shares one finding until
	// the answer is written out, instead of copying it for each member.
	as      []string
	allowed []bool
}

func newVerdicts(n int) verdicts {
	return verdicts{found: make([]*Finding, n), as: make([]string, n), allowed: make([]bool, n)}
}

// finding is candidate i's finding, naming i.
func (v verdicts) finding(i int) Finding {
	f := *v.found[i]
	if v.as[i] != "" {
		f.Principal = v.as[i]
	}
	return f
}

// decideWho decides each candidate, into v.
// Principals alike (whoclass.go) are decided once per class: the first
// of a class in order is its representative, and the others take its
// answer when no document in play tells them apart; otherwise, or when
// the representative could not be decided, each is decided on its own.
func (a *Analyzer) decideWho(candidates []*subject, action, resource, owner, ownerFrom string, opt WhoCanOptions, v verdicts, gp *gaps) error {
	n := len(candidates)
	found, allowedNow := v.found, v.allowed
	tick := a.progress("principals evaluated", n)
	query := func(s *subject) model.Query {
		q := model.Query{Credentials: byPrincipal(s.arn), Action: action, Resource: resource, From: opt.From}
		if ownerFrom != "arn" {
			q.ResourceOwner = owner
		}
		q.Context = a.withAssumed(q.Context)
		return q
	}
	// gathered[i] is nil when gathering failed: decided alone, to fail as
	// it fails.
	gathered := make([]*model.Gathered, n)
	_ = parallel(n, func(i int) error {
		if g, err := a.gatherSubject(candidates[i], query(candidates[i])); err == nil {
			gathered[i] = g
		}
		return nil
	})
	// A class is within one account: the candidates (in ARN order) are
	// classed account by account, on every CPU. A group is the principals
	// whose gathered requests are alike (sameButPrincipal); it is made of
	// classes, one per signature of its documents' conditions on the
	// principal's own keys.
	rep := make([]int, n)
	var runs [][2]int
	for i := 0; i < n; {
		j := i + 1
		for j < n && candidates[j].account == candidates[i].account {
			j++
		}
		runs = append(runs, [2]int{i, j})
		i = j
	}
	type group struct {
		first  int
		reads  principalReads
		signer *signer
		bySig  map[string]int
	}
	_ = parallel(len(runs), func(k int) error {
		groups := map[classKey][]*group{}
		for i := runs[k][0]; i < runs[k][1]; i++ {
			rep[i] = i
			g := gathered[i]
			if g == nil || a.noShare || g.Request.Principal.Kind != arn.User && g.Request.Principal.Kind != arn.Role {
				continue
			}
			key := classKeyOf(g)
			var mine *group
			for _, gr := range groups[key] {
				if sameButPrincipal(gathered[gr.first], g) {
					mine = gr
					break
				}
			}
			if mine == nil {
				reads := a.readsOf(&g.Set)
				mine = &group{first: i, reads: reads, signer: newSigner(reads), bySig: map[string]int{}}
				groups[key] = append(groups[key], mine)
			}
			if mine.reads.blocked {
				continue
			}
			sig, ok := mine.signer.signature(&g.Request)
			if !ok {
				continue
			}
			if r, seen := mine.bySig[string(sig)]; seen {
				rep[i] = r
			} else {
				mine.bySig[string(sig)] = i
			}
		}
		return nil
	})
	// shared[r]: the members of representative r's class take its answer;
	// absent[r]: the keys its decision assumed absent.
	shared := make([]bool, n)
	absent := make([][]string, n)
	failed := make([]bool, n)
	decide := func(i int) {
		s := candidates[i]
		q := query(s)
		var d *decision
		var err error
		if g := gathered[i]; g != nil && rep[i] == i {
			d, err = a.decideSet(q, g, false)
			shared[i] = err == nil
		} else {
			d, err = a.decideEach(q)
		}
		if err != nil {
			failed[i] = true
			gp.skip(s.arn, err) // e.g. a managed policy the model does not hold
			return
		}
		allowedNow[i] = d.Result.Decision == eval.Allow
		if allowedNow[i] || opt.ShowDenied {
			found[i] = &Finding{Witness: d.witness()}
			absent[i] = found[i].AssumedAbsent // computed once, for the witness
		} else {
			absent[i] = d.AbsentKeys()
		}
	}
	var reps []int
	for i := range rep {
		if rep[i] == i {
			reps = append(reps, i)
		}
	}
	_ = parallel(len(reps), func(k int) error {
		decide(reps[k])
		tick()
		return nil
	})
	var alone []int
	members := make([]int, n)
	for i, r := range rep {
		switch {
		case r == i:
		case !shared[r]:
			alone = append(alone, i)
		default:
			members[r]++
			a.whoShared.Add(1)
			allowedNow[i] = allowedNow[r]
			if f := found[r]; f != nil {
				found[i], v.as[i] = f, gathered[i].Principal
			}
			tick()
		}
		gathered[i] = nil // the representatives' are no longer read
	}
	_ = parallel(len(alone), func(k int) error {
		decide(alone[k])
		tick()
		return nil
	})
	for i, r := range rep {
		switch {
		case failed[i]:
		case r == i:
			gp.keysN(allowedNow[i], absent[i], 1+members[i])
		case !shared[r]:
			gp.keys(allowedNow[i], absent[i])
		}
	}
	return nil
}
