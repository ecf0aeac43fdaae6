package analysis

import (
	"strings"
	"sync"

	"github.com/sekisho/sekisho/arn"
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
	cache    map[*policy.Policy]bool
}

func newActionFilter(action string) *actionFilter {
	return &actionFilter{action: strings.ToLower(action), cache: map[*policy.Policy]bool{}}
}

// newFilter filters on an action and a resource.
func newFilter(action, resource string) *actionFilter {
	f := newActionFilter(action)
	if resource != "*" {
		f.resource = resource
	}
	return f
}

func (f *actionFilter) allows(p *policy.Policy) bool {
	if p == nil {
		return false
	}
	v, ok := f.cache[p]
	if !ok {
		v = f.scan(p)
		f.cache[p] = v
	}
	return v
}

func (f *actionFilter) scan(p *policy.Policy) bool {
	for _, st := range p.Statements {
		if st.Effect == policy.Allow && statementAction(st, f.action) && (f.resource == "" || statementResource(st, f.resource)) {
			return true
		}
	}
	return false
}

// statementResource reports whether a statement's Resource or NotResource
// element may match a resource; values with variables count as matching.
func statementResource(st *policy.Statement, resource string) bool {
	if st.AnyResource {
		return true
	}
	sp := patternsOf(st)
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

// statementAction reports whether a statement's Action or NotAction
// element matches a lower-cased action.
func statementAction(st *policy.Statement, action string) bool {
	for _, pat := range patternsOf(st).actions {
		if pat.Match(action) {
			return !st.NotAction
		}
	}
	return st.NotAction
}

// statementPatterns are a statement's compiled Action and literal Resource
// values, compiled once per statement for all questions.
type statementPatterns struct {
	actions   []wildcard.Pattern
	resources []wildcard.Pattern // nil entry: a value with variables (matches anything here)
	dynamic   []bool
}

var patternCache sync.Map // *policy.Statement → *statementPatterns

func patternsOf(st *policy.Statement) *statementPatterns {
	if v, ok := patternCache.Load(st); ok {
		return v.(*statementPatterns)
	}
	sp := &statementPatterns{}
	for _, a := range st.Actions {
		sp.actions = append(sp.actions, wildcard.Compile(a, wildcard.Fold))
	}
	for _, t := range st.Resources {
		sp.resources = append(sp.resources, wildcard.Compile(t.Raw, wildcard.ARN))
		sp.dynamic = append(sp.dynamic, !t.IsLiteral())
	}
	v, _ := patternCache.LoadOrStore(st, sp)
	return v.(*statementPatterns)
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

func grantsOf(p *policy.Policy, action string) resourceGrants {
	g := resourceGrants{named: map[string]bool{}}
	if p == nil {
		return g
	}
	action = strings.ToLower(action)
	for _, st := range p.Statements {
		if st.Effect != policy.Allow || st.Principal == nil || !statementAction(st, action) {
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
