package modeldiff

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/diff"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// Input compares two models of an organization: every request the
// After model allows that the Before model denies (and, with Both, the
// reverse), as `sekisho eval --model` decides each of them.
type Input struct {
	Before, After *model.Model // nil: a model that holds nothing
	Both          bool
	// Actions limits the comparison to actions matching these patterns
	// (all actions when empty).
	Actions []string
	Now     time.Time
	Budget  diff.Budget
}

// trustActions are decided by a role's trust policy (model.Gather takes
// it as the resource policy): compared on the roles of either model.
var trustActions = []string{"sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity",
	"sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext"}

// scopeOf is one resource a model diff gathers policies for: a resource
// of a model (with the ARNs that share its policy), a role for the trust
// actions, or "*" for everything else.
type scopeOf struct {
	arn     string   // the ARN gathered for; "*"
	account string   // its owner
	within  []string // the ARNs it covers
	trust   bool     // a role: only the trust actions
	query   string   // the action model.Gather is asked with
}

// Compare answers the question.
func Compare(in Input) (*diff.Report, error) {
	mc := &modelComparison{in: in, compiler: eval.NewCompiler(), known: map[string]bool{}}
	before, after := orEmpty(in.Before), orEmpty(in.After)
	mc.sides = [2]*model.Model{before, after}
	principals := mc.principals()
	scopes := mc.scopes()
	rep := &diff.Report{Added: []diff.Change{}, Undecided: []diff.Undecided{},
		Models: &diff.ModelStats{Principals: len(principals), Resources: len(scopes)}}
	for _, p := range principals {
		for _, s := range scopes {
			if err := mc.comparePair(p, s, rep); err != nil {
				return nil, err
			}
		}
	}
	for _, s := range scopes {
		if err := mc.compareExternal(s, rep); err != nil {
			return nil, err
		}
	}
	rep.Assumptions = mc.assumptions()
	diff.SortChanges(rep.Added)
	diff.SortChanges(rep.Removed)
	sort.SliceStable(rep.Undecided, func(i, j int) bool {
		a, b := rep.Undecided[i], rep.Undecided[j]
		if a.Principal != b.Principal {
			return a.Principal < b.Principal
		}
		return a.Resource < b.Resource
	})
	return rep, nil
}

type modelComparison struct {
	in       Input
	sides    [2]*model.Model
	compiler *eval.Compiler
	known    map[string]bool // principal ARNs and account ids of either model
	notes    []string
}

func orEmpty(m *model.Model) *model.Model {
	if m == nil {
		return model.New()
	}
	return m
}

// principals are the users and roles of either model, sorted.
func (mc *modelComparison) principals() []string {
	seen := map[string]bool{}
	for _, m := range mc.sides {
		for id, a := range m.Accounts {
			mc.known[id] = true
			for _, u := range a.Users {
				seen[u.ARN] = true
			}
			for _, r := range a.Roles {
				seen[r.ARN] = true
			}
		}
	}
	for p := range seen {
		mc.known[p] = true
	}
	return sortedKeys(seen)
}

// scopes are "*", every resource of either model and every role (for
// the trust actions); "*" leaves out what the others cover.
func (mc *modelComparison) scopes() []scopeOf {
	byARN := map[string]scopeOf{}
	for _, m := range mc.sides {
		for _, r := range m.Resources {
			byARN[r.ARN] = scopeOf{arn: r.ARN, account: r.Account, within: r.Covers(), query: serviceOf(r.ARN) + ":DiffModel"}
		}
		for _, a := range m.Accounts {
			for _, r := range a.Roles {
				byARN[r.ARN] = scopeOf{arn: r.ARN, account: r.Account, within: []string{r.ARN}, trust: true, query: "sts:AssumeRole"}
			}
		}
	}
	star := scopeOf{arn: "*", query: "sts:GetCallerIdentity"}
	out := []scopeOf{}
	for _, k := range sortedKeys(keysOf(byARN)) {
		s := byARN[k]
		out = append(out, s)
		if !s.trust {
			star.within = append(star.within, s.within...) // the Outside of "*"
		}
	}
	return append([]scopeOf{star}, out...)
}

func keysOf(m map[string]scopeOf) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func serviceOf(arnStr string) string {
	if a, err := arn.Parse(arnStr); err == nil && a.Service != "" {
		return a.Service
	}
	return "sekisho"
}

// gathered is what one model gives for a principal and a scope.
type gathered struct {
	present bool // the principal and the resource are in the model
	set     policy.Set
	fixed   map[string][]string // the condition keys the model determines
}

// gather collects the policies of a principal (credentials as `eval
// --model --principal` takes them) for a scope in one model. A principal
// or resource the model does not hold is absent: every request is
// denied. Anything else the model cannot answer is an error.
func (mc *modelComparison) gather(m *model.Model, principal string, s scopeOf) (gathered, error) {
	if principal != "anonymous" && !holdsPrincipal(m, principal) {
		return gathered{}, nil
	}
	if s.arn != "*" && !holdsResource(m, s) {
		return gathered{}, nil
	}
	g, err := m.GatherAll(model.Query{Credentials: model.Credentials{Principal: principal}, Action: s.query, Resource: s.arn})
	if err != nil {
		return gathered{}, err
	}
	fixed := map[string][]string{}
	for k, v := range g.Request.Flat() {
		low := strings.ToLower(k)
		if low == "aws:requestedregion" || s.arn == "*" && resourceDerived(low) {
			continue // the witness chooses them
		}
		fixed[k] = v
	}
	return gathered{present: true, set: g.Set, fixed: fixed}, nil
}

func holdsPrincipal(m *model.Model, p string) bool {
	a := m.Accounts[model.AccountOf(p)]
	if a == nil {
		return false
	}
	name := p[strings.LastIndexByte(p, '/')+1:]
	switch {
	case strings.Contains(p, ":user/"):
		return a.Users[name] != nil && a.Users[name].ARN == p
	case strings.Contains(p, ":role/"):
		return a.Roles[name] != nil && a.Roles[name].ARN == p
	}
	return false
}

func holdsResource(m *model.Model, s scopeOf) bool {
	if s.trust {
		return holdsPrincipal(m, s.arn)
	}
	return m.Resources[s.arn] != nil
}

// principalDerived and resourceDerived are the keys the model sets from
// the principal and from the resource (absent when it sets none).
func principalDerived(low string) bool {
	return strings.HasPrefix(low, "aws:principaltag/") || low == "aws:principalorgid" ||
		low == "aws:principalorgpaths" || low == "aws:userid"
}

func resourceDerived(low string) bool {
	return strings.HasPrefix(low, "aws:resourcetag/") || low == "aws:resourceorgid" || low == "aws:resourceorgpaths"
}

// comparePair compares one principal's requests on one scope.
func (mc *modelComparison) comparePair(principal string, s scopeOf, rep *diff.Report) error {
	var g [2]gathered
	for i, m := range mc.sides {
		var err error
		if g[i], err = mc.gather(m, principal, s); err != nil {
			rep.Undecided = append(rep.Undecided, diff.Undecided{Principal: principal, Resource: s.arn, Action: "*",
				Why: fmt.Sprintf("the %s model cannot gather its policies: %v", sideName(i), err), Where: []string{}})
			return nil
		}
	}
	if !g[0].present && !g[1].present {
		return nil
	}
	if g[0].present == g[1].present && diff.SetKey(g[0].set) == diff.SetKey(g[1].set) && sameContext(g[0].fixed, g[1].fixed) {
		rep.Models.Same++
		return nil
	}
	rep.Models.Compared++
	in := mc.input(principal, s, g)
	in.Scope.Principals = diff.OnlyPrincipal
	in.Scope.Fixed = func(low string) bool {
		return principalDerived(low) || s.arn != "*" && resourceDerived(low) || hasKey(g[0].fixed, low) || hasKey(g[1].fixed, low)
	}
	in.Scope.FixedOld, in.Scope.FixedNew = g[0].fixed, g[1].fixed
	return mc.run(in, principal, s, rep, true)
}

// compareExternal compares, on one resource, the principals its policies
// name that neither model holds: other accounts, anonymous callers,
// services. Their policies are the resource side's (gathered as for an
// anonymous caller); their own are taken to allow.
func (mc *modelComparison) compareExternal(s scopeOf, rep *diff.Report) error {
	if s.arn == "*" {
		return nil
	}
	var g [2]gathered
	for i, m := range mc.sides {
		var err error
		if g[i], err = mc.gather(m, "anonymous", s); err != nil {
			rep.Undecided = append(rep.Undecided, diff.Undecided{Principal: "(principals outside the models)", Resource: s.arn, Action: "*",
				Why: fmt.Sprintf("the %s model cannot gather its policies: %v", sideName(i), err), Where: []string{}})
			return nil
		}
	}
	if g[0].set.Resource == nil && g[1].set.Resource == nil {
		return nil
	}
	if g[0].present == g[1].present && diff.SetKey(g[0].set) == diff.SetKey(g[1].set) {
		return nil
	}
	rep.Models.External++
	in := mc.input("arn:aws:iam::"+s.account+":root", s, g)
	in.Scope.Principals = diff.ExternalPrincipals
	in.Scope.Known = func(p string) bool { return mc.known[p] }
	in.Scope.Fixed = func(low string) bool { return resourceDerived(low) }
	keep := func(fixed map[string][]string) map[string][]string {
		out := map[string][]string{}
		for k, v := range fixed {
			if resourceDerived(strings.ToLower(k)) {
				out[k] = v
			}
		}
		return out
	}
	in.Scope.FixedOld, in.Scope.FixedNew = keep(g[0].fixed), keep(g[1].fixed)
	return mc.run(in, "", s, rep, false)
}

// input is the question for one pair: the gathered sets, absent sides
// denying everything.
func (mc *modelComparison) input(principal string, s scopeOf, g [2]gathered) diff.Input {
	in := diff.Input{Old: g[0].set, New: g[1].set, Principal: principal, Both: mc.in.Both, Now: mc.in.Now, Budget: mc.in.Budget,
		Actions: mc.in.Actions}
	in.Scope.ResourceAccount = s.account
	switch {
	case s.arn == "*":
		in.Scope.Outside = s.within
		in.Scope.SkipActions = trustActions
	case s.trust:
		in.Scope.Within = s.within
		in.Actions = mc.trustActions()
	default:
		in.Scope.Within = s.within
	}
	return in
}

// trustActions are the trust actions the question's Actions filter keeps.
func (mc *modelComparison) trustActions() []string {
	if len(mc.in.Actions) == 0 {
		return trustActions
	}
	var out []string
	for _, a := range trustActions {
		for _, p := range mc.in.Actions {
			if w := wildcard.Compile(p, wildcard.Fold); w.Match(a) {
				out = append(out, a)
				break
			}
		}
	}
	if out == nil {
		return []string{"sekisho:NoAction"} // none: an action no policy names
	}
	return out
}

// run compares one pair and adds its changes, each decided again through
// both models (verify) when the principal is one of theirs.
func (mc *modelComparison) run(in diff.Input, principal string, s scopeOf, rep *diff.Report, verify bool) error {
	r, err := diff.Compare(in)
	if err != nil {
		return fmt.Errorf("%s on %s: %w", orOutside(principal), s.arn, err)
	}
	rep.Actions = max(rep.Actions, r.Actions)
	rep.Requests += r.Requests
	for _, u := range r.Undecided {
		u.Principal, u.Resource = orOutside(principal), s.arn
		rep.Undecided = append(rep.Undecided, u)
	}
	for _, a := range r.Assumptions {
		mc.note(a)
	}
	for _, cs := range [][]diff.Change{r.Added, r.Removed} {
		for _, c := range cs {
			mc.confirm(c, verify || c.Principal == "anonymous", rep)
		}
	}
	return nil
}

func orOutside(p string) string {
	if p == "" {
		return "(principals outside the models)"
	}
	return p
}

// confirm decides a witness again as `eval --model` does on each model
// (a principal or resource a model does not hold: denied) and records it;
// a witness the models decide otherwise than the comparison is undecided.
func (mc *modelComparison) confirm(c diff.Change, verify bool, rep *diff.Report) {
	if verify {
		var allow [2]bool
		for i, m := range mc.sides {
			ok, err := mc.decide(m, c)
			if err != nil {
				rep.Undecided = append(rep.Undecided, diff.Undecided{Principal: c.Principal, Resource: c.Resource, Action: c.Action,
					Why: fmt.Sprintf("the witness cannot be decided on the %s model: %v", sideName(i), err), Where: c.Changed})
				return
			}
			allow[i] = ok
		}
		if allow[0] != (c.Old.Decision == eval.Allow) || allow[1] != (c.New.Decision == eval.Allow) {
			rep.Undecided = append(rep.Undecided, diff.Undecided{Principal: c.Principal, Resource: c.Resource, Action: c.Action,
				Why:   fmt.Sprintf("the models decide the witness%s otherwise than the comparison (before allows: %t, after: %t)", contextNote(c.Context), allow[0], allow[1]),
				Where: c.Changed})
			return
		}
		rep.Models.Verified++
	} else {
		rep.Models.Outside++
	}
	if c.Added {
		rep.Added = append(rep.Added, c)
	} else {
		rep.Removed = append(rep.Removed, c)
	}
}

// decide is `eval --model` on one model: false when it does not hold the
// principal or the resource (a resource of the other model, a role for a
// trust action).
func (mc *modelComparison) decide(m *model.Model, c diff.Change) (bool, error) {
	if c.Principal != "anonymous" && !holdsPrincipal(m, c.Principal) {
		return false, nil
	}
	if isTrust(c.Action) {
		if !holdsPrincipal(m, c.Resource) {
			return false, nil
		}
	} else if c.Resource != "*" && m.ResourceOf(c.Resource) == nil && mc.heldByEither(c.Resource) {
		return false, nil
	}
	g, err := m.GatherAll(model.Query{Credentials: model.Credentials{Principal: c.Principal}, Action: c.Action, Resource: c.Resource,
		Context: c.Context, Lists: lists(c.Context)})
	if err != nil {
		return false, err
	}
	d, err := mc.compiler.Decide(g.Set, g.Request, mc.in.Now)
	if err != nil {
		return false, err
	}
	return d.Result.Decision == eval.Allow, nil
}

func (mc *modelComparison) heldByEither(resource string) bool {
	return mc.sides[0].ResourceOf(resource) != nil || mc.sides[1].ResourceOf(resource) != nil
}

func isTrust(action string) bool {
	for _, a := range trustActions {
		if strings.EqualFold(a, action) {
			return true
		}
	}
	return false
}

func sideName(i int) string {
	if i == 0 {
		return "before"
	}
	return "after"
}

func hasKey(m map[string][]string, low string) bool {
	for k := range m {
		if strings.ToLower(k) == low {
			return true
		}
	}
	return false
}

// sameContext reports whether two sides fix the same keys to the same values.
func sameContext(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || strings.Join(v, "\x00") != strings.Join(w, "\x00") {
			return false
		}
	}
	return true
}

func contextNote(ctx map[string][]string) string {
	if len(ctx) == 0 {
		return ""
	}
	return " (" + diff.ContextText(ctx) + ")"
}

func (mc *modelComparison) note(a string) {
	for _, n := range mc.notes {
		if n == a {
			return
		}
	}
	mc.notes = append(mc.notes, a)
}

// assumptions are what the model diff took as given, then what the
// comparisons of its pairs assumed.
func (mc *modelComparison) assumptions() []string {
	out := []string{
		"each request is decided as `sekisho eval --model` decides it, with no vantage point (no network path, no endpoint policy); every witness of a principal of the models was decided again that way on both models",
		"a principal or resource that only one model holds is absent from the other, where every request of or on it is denied",
		"each model holds every principal of its accounts: principals of other accounts are asked about where resource policies name them, their own policies taken to allow",
		"trust actions (sts:AssumeRole, sts:TagSession, ...) are compared on the roles of either model; on a role neither model holds the model cannot decide them",
		"in the comparison of resources the models do not hold (\"*\"), a resource whose ARN names no account (an S3 bucket) belongs to the principal's account",
	}
	var rest []string
	for _, n := range mc.notes {
		if !strings.HasPrefix(n, "the identity-side principal is ") {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// lists marks the witness keys given as lists (policy.Request.Lists): the
// ones with other than one value, and the multivalued keys.
func lists(ctx map[string][]string) map[string]bool {
	var out map[string]bool
	for k, v := range ctx {
		if ck, ok := awsref.LookupConditionKey(k); len(v) != 1 || ok && ck.MultiValued() {
			if out == nil {
				out = map[string]bool{}
			}
			out[k] = true
		}
	}
	return out
}
