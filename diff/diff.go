package diff

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// Input is one question: which requests does New allow that Old does not
// (and, with Both, the reverse).
type Input struct {
	Old, New eval.PolicySet
	// Principal is who asks through the identity-side policies (identity,
	// boundary, session, SCPs); for resource, trust and endpoint policies
	// the principals they name are asked about too.
	Principal string
	Both      bool
	// AssumeIdentityAllows takes the principal's identity policies to
	// allow everything: for questions about policies that only limit
	// (SCPs, RCPs, boundaries, session and endpoint policies).
	AssumeIdentityAllows bool
	// Note is an assumption the caller made in building the sets.
	Note string
	// Actions limits the comparison to actions matching these patterns
	// (all actions when empty).
	Actions []string
	Now     time.Time // aws:CurrentTime when no condition is on it; zero: the clock's
	// Budget bounds the work per action: witness-search states per key and
	// requests per action. Zero means the defaults.
	Budget Budget
	// Scope narrows the question for a caller that gathers each
	// principal's and resource's policies itself (a model diff).
	Scope Scope
}

// Scope narrows a question: which principals, resources and actions it
// is about, and which condition keys the caller has already determined.
// The zero Scope asks about everything.
type Scope struct {
	Principals PrincipalScope
	// Known reports a principal ARN (or an account id) the caller asks
	// about itself: with ExternalPrincipals, candidates it knows are left
	// out, since their own policies are gathered and compared elsewhere.
	Known func(string) bool
	// Within: a witness resource matches one of these ARN patterns (empty:
	// any resource, and "*"). Outside: it matches none of them.
	Within, Outside []string
	// ResourceAccount owns the resources whose ARN names no account, and
	// fills the account of the ARN formats (default: the principal's).
	ResourceAccount string
	// SkipActions are action patterns left out of the comparison.
	SkipActions []string
	// Fixed reports a condition key (lower case) whose value the caller
	// determines: it is never enumerated; each side's request carries the
	// side's value (FixedOld, FixedNew; absent when the map has none).
	Fixed              func(lowerKey string) bool
	FixedOld, FixedNew map[string][]string
}

// PrincipalScope says which principals a question asks about.
type PrincipalScope uint8

// The principal scopes.
const (
	AllPrincipals      PrincipalScope = iota // the identity-side principal and every one the resource side names
	OnlyPrincipal                            // the identity-side principal alone
	ExternalPrincipals                       // the ones the resource side names that Known does not know
)

// Budget bounds the search; what exceeds it is reported as undecided.
type Budget struct {
	States   int // product-automaton states per witness search (default 20,000)
	Requests int // requests per action (default 50,000)
}

func (b Budget) orDefault() Budget {
	if b.States <= 0 {
		b.States = 20000
	}
	if b.Requests <= 0 {
		b.Requests = 50000
	}
	return b
}

// Change is one request one side allows and the other does not: a witness
// of new (or removed) access that eval confirms on both sides.
type Change struct {
	Added     bool                `json:"added"`
	Principal string              `json:"principal"`
	Action    string              `json:"action"`
	Access    string              `json:"accessLevel"`
	Resource  string              `json:"resource"`
	Context   map[string][]string `json:"context,omitempty"`
	Old       eval.Result         `json:"-"`
	New       eval.Result         `json:"-"`
	Note      string              `json:"note,omitempty"` // what the principal stands for
	// Changed are the statements of the changed policies (new ones for
	// added access, old ones for removed) that apply to the action: where
	// to look in review.
	Changed []string `json:"changedStatements"`
	// ChangedAt are the same statements as places in their files.
	ChangedAt []Place `json:"changedAt"`
}

// Place is a statement's place in its policy file.
type Place struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// Undecided is an action the search could not decide exactly.
type Undecided struct {
	Principal string   `json:"principal,omitempty"` // in a model diff
	Resource  string   `json:"resource,omitempty"`  // in a model diff: the resource (or "*") whose policies were compared
	Action    string   `json:"action"`
	Why       string   `json:"why"`
	Where     []string `json:"statements"`
}

// Report is the answer.
type Report struct {
	Added       []Change    `json:"added"`
	Removed     []Change    `json:"removed,omitempty"`
	Undecided   []Undecided `json:"undecided"`
	Assumptions []string    `json:"assumptions"`
	Actions     int         `json:"actionsCompared"`
	Requests    int         `json:"requestsEvaluated"`
	// Models counts what a model diff compared (nil for policies).
	Models *ModelStats `json:"models,omitempty"`
}

// Compare answers the question.
func Compare(in Input) (*Report, error) {
	q, err := newQuestion(in)
	if err != nil {
		return nil, err
	}
	rep := &Report{Added: []Change{}, Undecided: []Undecided{}, Assumptions: q.assumptions()}
	for _, a := range q.actions() {
		q.compareAction(a, rep)
	}
	SortChanges(rep.Added)
	SortChanges(rep.Removed)
	return rep, nil
}

// question holds what every action of a comparison shares.
type question struct {
	in         Input
	budget     Budget
	stmts      []*stmt // every statement of either side
	principals []candidate
	old, new   map[identityMode]*eval.Prepared
	searches   map[string]searchResult // witness searches by globsKey
}

type searchResult struct {
	ws       map[region]string
	complete bool
}

// witnesses is the package's witnesses, cached for the question: actions
// of one service share their patterns and formats.
func (q *question) witnesses(gs []glob) (map[region]string, bool) {
	k := globsKey(gs)
	if r, ok := q.searches[k]; ok {
		return r.ws, r.complete
	}
	ws, complete := witnesses(gs, q.budget.States)
	q.searches[k] = searchResult{ws, complete}
	return ws, complete
}

// stmt is a statement of one of the policies, with its action patterns.
type stmt struct {
	st      *policy.Statement
	pol     *policy.Policy
	actions []wildcard.Pattern
	label   string
	side    side // which side's policies hold it
}

// side says whether a statement is in the old policies, the new, or both.
type side uint8

const (
	onBoth side = iota
	onlyOld
	onlyNew
)

func (s *stmt) matchesAction(action string) bool {
	hit := false
	for i := range s.actions {
		if s.actions[i].Match(action) {
			hit = true
			break
		}
	}
	return hit != s.st.NotAction
}

func newQuestion(in Input) (*question, error) {
	q := &question{in: in, budget: in.Budget.orDefault(), searches: map[string]searchResult{}}
	if q.in.Principal == "" {
		q.in.Principal = defaultPrincipal
	}
	if _, err := arn.ParsePrincipal(q.in.Principal); err != nil {
		return nil, fmt.Errorf("principal: %w", err)
	}
	inOld, inNew := setOf(policiesOf(in.Old)), setOf(policiesOf(in.New))
	for _, p := range policiesOf(in.Old, in.New) {
		sd := onBoth
		switch k := policyKey(p); {
		case !inNew[p] && !inNew[k]:
			sd = onlyOld
		case !inOld[p] && !inOld[k]:
			sd = onlyNew
		}
		for _, st := range p.Statements {
			s := &stmt{st: st, pol: p, side: sd, label: fmt.Sprintf("%s statement %s (line %d)", p.Name, st.Label(), st.Pos.Line)}
			for _, a := range st.Actions {
				s.actions = append(s.actions, wildcard.Compile(a, wildcard.Fold))
			}
			q.stmts = append(q.stmts, s)
		}
	}
	q.principals = q.candidates()
	for i := range q.principals {
		p, err := arn.ParsePrincipal(q.principals[i].arn)
		if err != nil {
			return nil, fmt.Errorf("principal %s: %w", q.principals[i].arn, err)
		}
		q.principals[i].p = p
		q.principals[i].lookup = principalLookup(p)
	}
	var err error
	if q.old, err = prepareModes(in.Old); err != nil {
		return nil, fmt.Errorf("old side: %w", err)
	}
	if q.new, err = prepareModes(in.New); err != nil {
		return nil, fmt.Errorf("new side: %w", err)
	}
	return q, nil
}

// setOf holds each policy and its key (policyKey): a policy the other
// side holds in the same words is on both sides.
func setOf(ps []*policy.Policy) map[any]bool {
	m := make(map[any]bool, 2*len(ps))
	for _, p := range ps {
		m[p] = true
		m[policyKey(p)] = true
	}
	return m
}

// policiesOf lists every policy of the sets, each once.
func policiesOf(sets ...eval.PolicySet) []*policy.Policy {
	var out []*policy.Policy
	seen := map[*policy.Policy]bool{}
	add := func(ps ...*policy.Policy) {
		for _, p := range ps {
			if p != nil && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	for _, s := range sets {
		add(s.Identity...)
		add(s.Boundary...)
		add(s.Session...)
		for _, l := range s.SCP {
			add(l...)
		}
		for _, l := range s.RCP {
			add(l...)
		}
		add(s.Resource, s.Endpoint)
	}
	return out
}

// actions is every action of the service reference, and the literal
// actions the policies name that the reference does not know.
func (q *question) actions() []string {
	var only []wildcard.Pattern
	for _, a := range q.in.Actions {
		only = append(only, wildcard.Compile(a, wildcard.Fold))
	}
	var skip []wildcard.Pattern
	for _, a := range q.in.Scope.SkipActions {
		skip = append(skip, wildcard.Compile(a, wildcard.Fold))
	}
	services := q.scopeServices()
	keep := func(a string) bool {
		if !q.inScope(a, skip, services) {
			return false
		}
		if len(only) == 0 {
			return true
		}
		for i := range only {
			if only[i].Match(a) {
				return true
			}
		}
		return false
	}
	var out []string
	seen := map[string]bool{}
	for _, a := range awsref.Actions() {
		s := a.String()
		seen[strings.ToLower(s)] = true
		if keep(s) {
			out = append(out, s)
		}
	}
	for _, s := range q.stmts {
		for _, a := range s.st.Actions {
			if !wildcard.HasWildcard(a) && strings.Contains(a, ":") && !seen[strings.ToLower(a)] && keep(a) {
				seen[strings.ToLower(a)] = true
				out = append(out, a)
			}
		}
	}
	return out
}

func (q *question) assumptions() []string {
	date := awsref.Version
	_, d := date()
	out := []string{
		"actions are those of the AWS service reference of " + d + " (and literal actions the policies name); an action AWS adds later that only a new wildcard matches is not listed",
		"the identity-side principal is " + q.in.Principal + "; resources whose ARN names no account belong to its account",
	}
	if q.in.Note != "" {
		out = append(out, q.in.Note)
	}
	for _, c := range q.principals {
		if c.note != "" {
			out = append(out, c.arn+": "+c.note)
		}
	}
	return out
}

// relevant returns the statements that apply to the action.
func (q *question) relevant(action string) []*stmt {
	var out []*stmt
	for _, s := range q.stmts {
		if s.matchesAction(action) {
			out = append(out, s)
		}
	}
	return out
}

// SortChanges orders changes by principal, access level and action.
func SortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Principal != b.Principal {
			return a.Principal < b.Principal
		}
		if a.Access != b.Access {
			return a.Access < b.Access
		}
		return a.Action < b.Action
	})
}

// ModelStats counts what a model diff compared.
type ModelStats struct {
	Principals int `json:"principals"`         // principals of either model
	Resources  int `json:"resources"`          // resources and roles of either model, and "*"
	Compared   int `json:"pairsCompared"`      // principal-resource pairs whose gathered policies differ
	Same       int `json:"pairsSame"`          // pairs whose gathered policies are the same: skipped
	External   int `json:"resourcesExternal"`  // resources compared for principals outside the models
	Verified   int `json:"witnessesVerified"`  // witnesses decided again through both models
	Outside    int `json:"witnessesUnchecked"` // witnesses of principals outside both models: decided on the gathered policies
}

// ContextText writes a witness's condition values as "key=v1,v2 key2=v",
// keys in order, for the text reports of policy and model diffs.
func ContextText(ctx map[string][]string) string {
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + strings.Join(ctx[k], ",")
	}
	return strings.Join(parts, " ")
}
