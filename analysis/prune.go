package analysis

import (
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/memo"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// actionFilter answers, per policy document and once per document, whether
// the document has an Allow statement whose Action element can match the
// action (and, when the filter has a resource, whose Resource element can
// match it): the necessary condition for it to grant anything. It ignores
// conditions and variables (a Resource with a variable counts as
// matching), so it never excludes a principal that could be allowed.
type actionFilter struct {
	action   string // lower-cased
	resource string // "" for any
	pat      *patterns
	cache    memo.Map[*policy.Policy, bool]
}

func newActionFilter(pat *patterns, action string) *actionFilter {
	return &actionFilter{action: strings.ToLower(action), pat: pat}
}

// newFilter filters on an action and a resource.
func newFilter(pat *patterns, action, resource string) *actionFilter {
	f := newActionFilter(pat, action)
	if resource != "*" {
		f.resource = resource
	}
	return f
}

func (f *actionFilter) allows(p *policy.Policy) bool {
	if p == nil {
		return false
	}
	if v, ok := f.cache.Load(p); ok {
		return v
	}
	return f.cache.Store(p, f.scan(p))
}

func (f *actionFilter) scan(p *policy.Policy) bool {
	for _, st := range p.Statements {
		if st.Effect == policy.Allow && f.pat.action(st, f.action) && (f.resource == "" || f.pat.resource(st, f.resource)) {
			return true
		}
	}
	return false
}

// patterns are statements' compiled Action and literal Resource values,
// compiled once per statement for all questions of an Analyzer.
type patterns struct {
	m memo.Map[*policy.Statement, *statementPatterns]
}

// resource reports whether a statement's Resource or NotResource element
// may match a resource; values with variables count as matching.
func (pc *patterns) resource(st *policy.Statement, resource string) bool {
	if st.AnyResource {
		return true
	}
	sp := pc.of(st)
	for i := range sp.resources {
		if sp.dynamic[i] {
			return true
		}
		if sp.resources[i].Match(resource) {
			return !st.NotResource
		}
	}
	return st.NotResource
}

// action reports whether a statement's Action or NotAction element
// matches a lower-cased action.
func (pc *patterns) action(st *policy.Statement, action string) bool {
	sp := pc.of(st)
	pats := sp.actions
	if sp.byService != nil {
		svc, _, _ := strings.Cut(action, ":")
		pats = sp.byService[svc]
	}
	for _, pat := range pats {
		if pat.Match(action) {
			return !st.NotAction
		}
	}
	return st.NotAction
}

// statementPatterns are a statement's compiled Action and literal
// Resource values.
type statementPatterns struct {
	actions []wildcard.Pattern
	// byService: the actions by lower-cased literal service prefix, when
	// every pattern has one and there are many (ReadOnlyAccess).
	byService map[string][]wildcard.Pattern

	resources []wildcard.Pattern // nil entry: a value with variables (matches anything here)
	dynamic   []bool
}

func (pc *patterns) of(st *policy.Statement) *statementPatterns {
	if sp, ok := pc.m.Load(st); ok {
		return sp
	}
	return pc.m.Store(st, compilePatterns(st))
}

func compilePatterns(st *policy.Statement) *statementPatterns {
	sp := &statementPatterns{}
	literal := true
	for _, a := range st.Actions {
		sp.actions = append(sp.actions, wildcard.Compile(a, wildcard.Fold))
		svc, _, ok := strings.Cut(a, ":")
		literal = literal && ok && !wildcard.HasWildcard(svc)
	}
	if literal && len(st.Actions) > 8 {
		sp.byService = map[string][]wildcard.Pattern{}
		for i, a := range st.Actions {
			svc, _, _ := strings.Cut(a, ":")
			svc = strings.ToLower(svc)
			sp.byService[svc] = append(sp.byService[svc], sp.actions[i])
		}
	}
	for _, t := range st.Resources {
		sp.resources = append(sp.resources, wildcard.Compile(t.Raw, wildcard.ARN))
		sp.dynamic = append(sp.dynamic, !t.IsLiteral())
	}
	return sp
}

// identityDocs returns the identity-based policy documents of a user
// (with its groups') or a role.
func identityDocs(m *model.Model, acct *model.Account, p *model.Principal, groups []string) []*policy.Policy {
	docs := append([]*policy.Policy(nil), p.Inline...)
	docs = appendManaged(m, docs, p.Managed)
	for _, g := range groups {
		if grp := acct.Groups[g]; grp != nil {
			docs = append(docs, grp.Inline...)
			docs = appendManaged(m, docs, grp.Managed)
		}
	}
	return docs
}

func appendManaged(m *model.Model, docs []*policy.Policy, arns []string) []*policy.Policy {
	for _, a := range arns {
		if d, err := m.ManagedDocument(a); err == nil && d != nil {
			docs = append(docs, d)
		}
	}
	return docs
}

// resourceGrants summarizes the Allow statements of a resource policy for
// an action: whether one names everyone ("*" or NotPrincipal), and which
// principal ARNs it names (they may be granted without identity policies).
type resourceGrants struct {
	everyone bool
	named    map[string]bool
}

func (a *Analyzer) grantsOf(p *policy.Policy, action string) resourceGrants {
	g := resourceGrants{named: map[string]bool{}}
	if p == nil {
		return g
	}
	action = strings.ToLower(action)
	for _, st := range p.Statements {
		if st.Effect != policy.Allow || st.Principal == nil || !a.pat.action(st, action) {
			continue
		}
		if st.NotPrincipal || st.Principal.Any {
			g.everyone = true
		}
		for _, a := range st.Principal.AWS {
			// Whole accounts are trustedAccounts' business.
			if p, err := arn.ParsePrincipal(a); err == nil && p.Kind != arn.Account {
				g.named[principalKey(p)] = true
			}
		}
	}
	return g
}

// principalKey identifies a user or role regardless of its path; a role
// session counts as its role.
func principalKey(p arn.Principal) string {
	kind := p.Kind
	if kind == arn.AssumedRole {
		kind = arn.Role
	}
	return p.Account + "/" + kind.String() + "/" + p.Name
}

// trustedAccounts returns the accounts a trust policy's Allow statements
// name as a whole (account root or bare id): their principals may assume
// the role when their own identity policies allow it.
func trustedAccounts(p *policy.Policy) map[string]bool {
	out := map[string]bool{}
	if p == nil {
		return out
	}
	for _, st := range p.Statements {
		if st.Effect != policy.Allow || st.Principal == nil {
			continue
		}
		for _, s := range st.Principal.AWS {
			if pr, err := arn.ParsePrincipal(s); err == nil && pr.Kind == arn.Account {
				out[pr.Account] = true
			}
		}
	}
	return out
}
