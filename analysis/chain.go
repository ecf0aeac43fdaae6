package analysis

import (
	"sort"
	"strings"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// edge is an allowed sts:AssumeRole from a caller to a role.
type edge struct {
	caller, role string
	witness      Witness
}

// edgesInto computes the AssumeRole edges into many roles at once, so that
// all their (caller, role) decisions run in parallel; results are cached
// per role and vantage point.
func (a *Analyzer) edgesInto(roles []*subject, from model.Vantage) (map[string][]edge, error) {
	return a.edgesFrom(roles, from, nil)
}

// edgesFrom is edgesInto for the callers wanted only (nil: all of them).
// A caller not wanted is not decided: chainsTo asks for the callers its
// answer can still report, which in an org-wide grant (every principal
// allowed directly) are none. The edges into a role are cached only when
// all its callers were decided.
func (a *Analyzer) edgesFrom(roles []*subject, from model.Vantage, wanted func(*subject) bool) (map[string][]edge, error) {
	type pair struct{ caller, role *subject }
	var pairs []pair
	var todo []*subject
	for _, role := range roles {
		if a.edgesKnown(role.arn + " " + from.String()) {
			continue
		}
		todo = append(todo, role)
		if a.trustNeverAdmits(role.role.Trust) {
			continue
		}
		grants := a.grantsOf(role.role.Trust, "sts:AssumeRole")
		for _, s := range a.trustCandidates(role, grants) {
			// Only a trust naming the caller grants without its identity policy.
			if s.arn != role.arn && (wanted == nil || wanted(s)) && (grants.named[s.key] || a.mayAssume(s, role.arn)) {
				pairs = append(pairs, pair{s, role})
			}
		}
	}
	found := make([]*edge, len(pairs))
	err := parallel(len(pairs), func(i int) error {
		p := pairs[i]
		d, err := a.decideEach(model.Query{Credentials: byPrincipal(p.caller.arn), Action: "sts:AssumeRole", Resource: p.role.arn, From: from})
		if err == nil && d.Result.Decision == eval.Allow {
			found[i] = &edge{caller: p.caller.arn, role: p.role.arn, witness: d.witness()}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	a.edgeMu.Lock()
	defer a.edgeMu.Unlock()
	cache := a.edgeCache
	if wanted != nil {
		cache = map[string][]edge{} // a part of the edges: this question's only
		for _, role := range roles {
			key := role.arn + " " + from.String()
			if es, ok := a.edgeCache[key]; ok {
				cache[key] = es
			}
		}
	}
	for _, role := range todo {
		cache[role.arn+" "+from.String()] = nil
	}
	for _, e := range found {
		if e != nil {
			key := e.role + " " + from.String()
			cache[key] = append(cache[key], *e)
		}
	}
	out := map[string][]edge{}
	for _, role := range roles {
		out[role.arn] = cache[role.arn+" "+from.String()]
	}
	return out, nil
}

// edgesKnown reports whether the edges into a role from a vantage point
// have been computed.
func (a *Analyzer) edgesKnown(key string) bool {
	a.edgeMu.Lock()
	defer a.edgeMu.Unlock()
	_, ok := a.edgeCache[key]
	return ok
}

// chainsTo finds, breadth first, the principals that reach one of the
// allowed roles through AssumeRole calls, with the shortest chain each.
// Principals allowed directly (skip) are not reported again.
func (a *Analyzer) chainsTo(allowed, skip map[string]bool, opt WhoCanOptions) ([]Finding, error) {
	maxChain := opt.MaxChain
	if maxChain == 0 {
		maxChain = 3
	}
	chainOf := map[string][]string{}
	frontier := make([]string, 0, len(allowed))
	for r := range allowed {
		chainOf[r] = []string{r}
		frontier = append(frontier, r)
	}
	sort.Strings(frontier)
	var out []Finding
	for depth := 0; depth < maxChain && len(frontier) > 0 && a.anyUnreached(chainOf, skip); depth++ {
		var next []string
		var roles []*subject
		for _, target := range frontier {
			if role := a.roleByARN(target); role != nil {
				roles = append(roles, role)
			}
		}
		// Callers allowed directly, or already reached, are never
		// reported again: their edges are not decided.
		edgesOf, err := a.edgesFrom(roles, opt.From, func(s *subject) bool {
			_, seen := chainOf[s.arn]
			return !seen && !skip[s.arn]
		})
		if err != nil {
			return nil, err
		}
		for _, target := range frontier {
			for _, e := range edgesOf[target] {
				if _, seen := chainOf[e.caller]; seen || skip[e.caller] {
					continue
				}
				chainOf[e.caller] = append([]string{e.caller}, chainOf[target]...)
				out = append(out, Finding{Witness: e.witness, Chain: chainOf[e.caller]})
				next = append(next, e.caller)
			}
		}
		sort.Strings(next)
		frontier = next
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Principal < out[j].Principal })
	return out, nil
}

// anyUnreached reports whether some subject is neither reached nor
// skipped: when every principal is allowed directly (an org-wide grant),
// no chain can add one, and no edge needs deciding.
func (a *Analyzer) anyUnreached(reached map[string][]string, skip map[string]bool) bool {
	for _, s := range a.subjects() {
		if _, ok := reached[s.arn]; !ok && !skip[s.arn] {
			return true
		}
	}
	return false
}

// trustCandidates are the subjects a trust policy can let in: those it
// names, every subject of the accounts it names, or everyone for "*".
func (a *Analyzer) trustCandidates(role *subject, grants resourceGrants) []*subject {
	ix := a.idx()
	if grants.everyone {
		return a.subjects()
	}
	accounts := trustedAccounts(role.role.Trust)
	if len(grants.named) == 0 && len(accounts) == 1 {
		for acct := range accounts {
			return ix.byAccount[acct] // read only: callers do not modify it
		}
	}
	seen := map[*subject]bool{}
	var out []*subject
	add := func(s *subject) {
		if s != nil && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for key := range grants.named {
		add(ix.byKey[key])
	}
	for acct := range accounts {
		for _, s := range ix.byAccount[acct] {
			add(s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].arn < out[j].arn })
	return out
}

// mayAssume reports whether one of the subject's identity policies has an
// Allow statement for sts:AssumeRole whose Resource may match the role.
// A subject's statements allowing sts:AssumeRole are found once.
func (a *Analyzer) mayAssume(s *subject, role string) bool {
	s.assumeOnce.Do(func() {
		for _, d := range s.docs {
			for _, st := range d.Statements {
				if st.Effect == policy.Allow && a.pat.action(st, "sts:assumerole") {
					s.assumeStmts = append(s.assumeStmts, st)
				}
			}
		}
	})
	return a.roleMatches(s.assumeStmts, role)
}

// callerSuppliedKeys are condition keys that only the caller's own request
// can carry — the model never derives them — so without an assumption
// (--context) they are absent from every request the analyses make.
var callerSuppliedKeys = map[string]bool{
	"sts:externalid": true, "aws:multifactorauthpresent": true, "aws:multifactorauthage": true,
	"sts:rolesessionname": true, "sts:sourceidentity": true, "sts:transitivetagkeys": true,
}

// trustNeverAdmits reports whether no Allow statement of a trust policy can
// apply to any request the analyses make: each requires, with a positive
// operator and no IfExists, a key that only callers supply and that is not
// assumed. The engine would evaluate such a condition as false (IAM User
// Guide, "Condition operators": a key absent from the request does not
// match), so the decisions can be skipped without changing any answer.
func (a *Analyzer) trustNeverAdmits(trust *policy.Policy) bool {
	if trust == nil {
		return true
	}
	for _, st := range trust.Statements {
		if st.Effect == policy.Allow && a.pat.action(st, "sts:assumerole") && !a.needsAbsentKey(st) {
			return false
		}
	}
	return true
}

func (a *Analyzer) needsAbsentKey(st *policy.Statement) bool {
	for _, c := range st.Conditions {
		op := c.Operator
		key := strings.ToLower(c.Key)
		if !callerSuppliedKeys[key] || a.assumed(key) {
			continue
		}
		positive := !op.Op.Negated() && !op.IfExists && op.Qualifier != policy.ForAllValues && op.Op != policy.Null
		requiresPresence := op.Op == policy.Null && allFalse(c.Values)
		if positive || requiresPresence {
			return true
		}
	}
	return false
}

func allFalse(vs []policy.Template) bool {
	for _, v := range vs {
		if !strings.EqualFold(strings.TrimSpace(v.Raw), "false") {
			return false
		}
	}
	return len(vs) > 0
}

func (a *Analyzer) assumed(lowerKey string) bool {
	for k := range a.Assume {
		if strings.ToLower(k) == lowerKey {
			return true
		}
	}
	return false
}
