package diff

import (
	"sort"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// defaultPrincipal asks for the identity side when the caller names none.
const defaultPrincipal = "arn:aws:iam::111111111111:role/sekisho-diff"

// foreignAccount stands for every account that no policy names.
const foreignAccount = "999999999999"

// identityMode is what a candidate principal's own identity policies are.
type identityMode uint8

const (
	ownIdentity identityMode = iota // the sets' identity-side policies
	noIdentity                      // none: only what the resource-side policy grants
	allIdentity                     // taken to allow everything (their own policies are not known)
)

// candidate is one principal the question asks about.
type candidate struct {
	arn    string
	p      arn.Principal
	lookup func(string) (string, bool) // the principal's variables
	mode   identityMode
	note   string
}

var allowAll = mustParse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, "their own policies (taken to allow everything)")

func mustParse(src, name string) *policy.Policy {
	p, err := policy.Parse([]byte(src), policy.Source{File: name, Name: name, Kind: policy.Identity})
	if err != nil {
		panic(err)
	}
	return p
}

// prepareModes compiles the set once per identity mode.
func prepareModes(set eval.PolicySet) (map[identityMode]*eval.Prepared, error) {
	out := map[identityMode]*eval.Prepared{}
	c := eval.NewCompiler()
	for _, m := range []identityMode{ownIdentity, noIdentity, allIdentity} {
		s := set
		switch m {
		case noIdentity:
			s.Identity, s.Boundary, s.Session = nil, nil, nil
		case allIdentity:
			s.Identity, s.Boundary, s.Session = []*policy.Policy{allowAll}, nil, nil
		}
		p, err := c.Prepare(s)
		if err != nil {
			return nil, err
		}
		out[m] = p
	}
	return out, nil
}

// candidates are the principals whose access can differ: the
// identity-side principal; every principal a resource, trust or endpoint
// policy of either side names (an account stands for another principal of
// it, whose own policies are taken to allow); a principal of an account
// no policy names; anonymous callers when a policy names "*"; the
// services policies name. Principal ARN and account conditions are
// resource-side too: their witnesses join as principals.
func (q *question) candidates() []candidate {
	all := q.allCandidates()
	switch q.in.Scope.Principals {
	case OnlyPrincipal:
		return all[:1]
	case ExternalPrincipals:
		var out []candidate
		for _, c := range all[1:] {
			if known := q.in.Scope.Known; known == nil || !known(c.arn) && !known(accountOf(c.arn)) {
				out = append(out, c)
			}
		}
		return out
	}
	return all
}

func (q *question) allCandidates() []candidate {
	out := []candidate{{arn: q.in.Principal, mode: ownIdentity}}
	if q.in.AssumeIdentityAllows {
		out[0].mode = allIdentity
		out[0].note = "its own identity policies are taken to allow every action"
	}
	if !q.hasResourceSide() {
		return out
	}
	seen := map[string]bool{q.in.Principal: true}
	add := func(c candidate) {
		if !seen[c.arn] {
			seen[c.arn] = true
			out = append(out, c)
		}
	}
	accounts := map[string]bool{}
	for _, s := range q.stmts {
		if !isResourceSide(s.pol.Kind) || s.st.Principal == nil {
			continue
		}
		pr := s.st.Principal
		if pr.Any {
			add(candidate{arn: "anonymous", mode: noIdentity, note: "an anonymous caller"})
		}
		for _, p := range pr.AWS {
			if c, ok := awsCandidate(p, q.owner()); ok {
				add(c)
			}
			if a := accountOf(p); a != "" {
				accounts[a] = true
			}
		}
		for _, svc := range pr.Service {
			add(candidate{arn: svc, mode: noIdentity, note: "the service"})
		}
	}
	for _, c := range q.conditionPrincipals(accounts) {
		add(c)
	}
	add(candidate{arn: "arn:aws:iam::" + foreignAccount + ":role/sekisho-diff-foreign", mode: allIdentity,
		note: "a principal of an account no policy names, whose own policies are taken to allow"})
	return out
}

func (q *question) hasResourceSide() bool {
	for _, s := range q.stmts {
		if isResourceSide(s.pol.Kind) {
			return true
		}
	}
	return false
}

func isResourceSide(k policy.Kind) bool {
	return k == policy.Resource || k == policy.Trust || k == policy.Endpoint || k == policy.RCP
}

// awsCandidate turns a Principal "AWS" entry into a principal to ask
// about: an ARN stands for itself (granted by the policy alone in the
// owner's account); an
// account for another principal of that account, which IAM lets in only
// if its own policies allow (IAM User Guide, "AWS JSON policy elements:
// Principal", AWS account principals).
func awsCandidate(p, owner string) (candidate, bool) {
	if p == "*" || wildcard.HasWildcard(p) {
		return candidate{}, false
	}
	if a := accountOf(p); a != "" && (arn.IsAccountID(p) || strings.HasSuffix(p, ":root")) {
		return candidate{arn: "arn:aws:iam::" + a + ":role/sekisho-diff-other", mode: allIdentity,
			note: "another principal of account " + a + ", whose own policies are taken to allow"}, true
	}
	if _, err := arn.ParsePrincipal(p); err != nil {
		return candidate{}, false
	}
	if a := accountOf(p); a != "" && a != owner {
		// Across accounts both the resource policy and the principal's own
		// policies must allow (IAM User Guide, "Cross-account policy
		// evaluation logic"): theirs are not known.
		return candidate{arn: p, mode: allIdentity, note: "its own policies (in another account) are taken to allow"}, true
	}
	return candidate{arn: p, mode: noIdentity}, true
}

func accountOf(p string) string {
	if arn.IsAccountID(p) {
		return p
	}
	if a, err := arn.Parse(p); err == nil && arn.IsAccountID(a.AccountID) {
		return a.AccountID
	}
	return ""
}

// conditionPrincipals are witnesses of the regions that aws:PrincipalArn
// and aws:PrincipalAccount conditions cut role ARNs into, in the accounts
// the policies name: each region's principal is asked about.
func (q *question) conditionPrincipals(accounts map[string]bool) []candidate {
	var arnConds, acctConds []*policy.Condition
	for _, s := range q.stmts {
		for _, c := range s.st.Conditions {
			switch strings.ToLower(c.Key) {
			case "aws:principalarn":
				arnConds = append(arnConds, c)
			case "aws:principalaccount":
				acctConds = append(acctConds, c)
			}
		}
	}
	for _, c := range acctConds {
		for _, v := range c.Values {
			if arn.IsAccountID(v.Raw) {
				accounts[v.Raw] = true
			}
		}
	}
	if len(arnConds) == 0 && len(acctConds) == 0 {
		return nil
	}
	var out []candidate
	for _, a := range sortedKeys(accounts) {
		out = append(out, candidate{arn: "arn:aws:iam::" + a + ":role/sekisho-diff-other", mode: allIdentity,
			note: "another principal of account " + a + ", whose own policies are taken to allow"})
	}
	if len(arnConds) == 0 {
		return out
	}
	kc := &keyConds{key: "aws:PrincipalArn", conds: arnConds}
	gs, ok := kc.globs()
	if !ok {
		return out
	}
	first := len(gs)
	accounts[foreignAccount] = true
	if a := accountOf(q.in.Principal); a != "" {
		accounts[a] = true
	}
	for _, a := range sortedKeys(accounts) {
		gs = append(gs, resourceGlob("arn:aws:iam::"+a+":role/?*"))
	}
	ws, _ := witnesses(gs, q.budget.States)
	for r, w := range ws {
		if anyInRegion(r, first, len(gs)) {
			out = append(out, candidate{arn: w, mode: allIdentity, note: "a role whose ARN meets the aws:PrincipalArn conditions in this way, whose own policies are taken to allow"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].arn < out[j].arn })
	return out
}

func inRegion(r region, i int) bool {
	return i/8 < len(r) && r[i/8]&(1<<(i%8)) != 0
}

// anyInRegion reports whether one of globs from..to-1 is in the region.
func anyInRegion(r region, from, to int) bool {
	for i := from; i < to; i++ {
		if inRegion(r, i) {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// owner is the account of the resources whose ARN names none: the
// scope's, or the identity-side principal's.
func (q *question) owner() string {
	if a := q.in.Scope.ResourceAccount; a != "" {
		return a
	}
	return accountOf(q.in.Principal)
}
