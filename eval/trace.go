package eval

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/cond"
	"github.com/sekisho/sekisho/policy"
)

// Explanation is the full account of an evaluation: every gate, every
// policy and statement with its outcome, and the request context used.
type Explanation struct {
	Decision string `json:"decision"`
	Summary  string `json:"summary"`
	// Gate is the gate that decided: for ImplicitDeny the gate with no
	// allow, else the gate of the deciding statement; Level is its
	// organization level for SCPs and RCPs; Reason says why, in words.
	Gate     string          `json:"gate"`
	Level    *int            `json:"level,omitempty"`
	Reason   string          `json:"reason"`
	Deciding *StatementTrace `json:"deciding,omitempty"`
	Gates    []*GateTrace    `json:"gates"`
	Context  []ContextEntry  `json:"context"`
	Warnings []string        `json:"warnings,omitempty"`
	// AbsentKeys are condition keys of statements that apply to the
	// request which the request does not carry: the decision assumed them
	// absent, and may change when they are present.
	AbsentKeys []string `json:"absentKeys,omitempty"`
	// DerivedKeys are keys Sekisho filled in with an assumed value (the
	// request did not give them, and they do not follow from what it
	// gives: the Region of the resource ARN, the clock's time, a role's
	// path, a defaulted resource account) that statements which apply to
	// the request test: the decision rests on values that may differ from
	// what AWS sends, and may change when the request gives them.
	DerivedKeys []DerivedKey `json:"derivedKeys,omitempty"`
	gates       map[gateKey]*GateTrace
}

// DerivedKey is one key Sekisho filled in that the decision depends on.
type DerivedKey struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
	From   string   `json:"from"` // where the value was taken from
}

type gateKey struct {
	g     Gate
	level int
}

// GateTrace is one gate (or one organization level) of an evaluation.
type GateTrace struct {
	Gate     string         `json:"gate"`
	Level    *int           `json:"level,omitempty"`
	Title    string         `json:"title"`
	Applies  bool           `json:"applies"`
	Note     string         `json:"note,omitempty"`
	Outcome  string         `json:"outcome"` // "deny", "allow", "no allow", "not applicable"
	Policies []*PolicyTrace `json:"policies,omitempty"`
}

// PolicyTrace is one policy's statements.
type PolicyTrace struct {
	Name       string            `json:"name"`
	File       string            `json:"file,omitempty"`
	ID         string            `json:"id,omitempty"`
	Statements []*StatementTrace `json:"statements"`
}

// StatementTrace is one statement's outcome.
type StatementTrace struct {
	Gate    string `json:"gate"`
	Level   *int   `json:"level,omitempty"`
	Policy  string `json:"policy"`
	Index   int    `json:"index"`
	Sid     string `json:"sid,omitempty"`
	Effect  string `json:"effect"`
	Matched bool   `json:"matched"`
	Reason  string `json:"reason,omitempty"` // why it did not match
	// Conditions of a matching statement, each with how it held.
	Conditions []string `json:"conditions,omitempty"`
	Line       int      `json:"line,omitempty"`
	Column     int      `json:"column,omitempty"`
}

// ContextEntry is one condition key of the request.
type ContextEntry struct {
	Key     string   `json:"key"`
	Values  []string `json:"values"`
	Derived bool     `json:"derived,omitempty"`
	From    string   `json:"from,omitempty"` // for a derived key, where its value was taken from
}

// tracer collects an Explanation while the engine runs. The engine calls it
// only when it is not nil, so evaluation without tracing pays nothing.
type tracer struct {
	exp *Explanation
	cur *GateTrace
	// absentIndex holds the folded AbsentKeys once the list is long, so
	// that recording a key stays constant time: a policy can test
	// thousands of keys.
	absentIndex  map[string]struct{}
	absentProbes int // comparisons and lookups, for the tests' step count
}

// smallAbsent is the AbsentKeys length up to which a scan beats a map.
const smallAbsent = 16

// seenAbsent reports whether a key (case-insensitive, as condition keys
// are) is already in AbsentKeys, and records it when not.
func (t *tracer) seenAbsent(name string) bool {
	keys := t.exp.AbsentKeys
	if len(keys) < smallAbsent {
		t.absentProbes += len(keys)
		return slices.ContainsFunc(keys, func(k string) bool { return strings.EqualFold(k, name) })
	}
	if t.absentIndex == nil {
		t.absentIndex = make(map[string]struct{}, 2*len(keys))
		for _, k := range keys {
			t.absentIndex[strings.ToLower(k)] = struct{}{}
		}
		t.absentProbes += len(keys)
	}
	t.absentProbes++
	folded := strings.ToLower(name)
	if _, ok := t.absentIndex[folded]; ok {
		return true
	}
	t.absentIndex[folded] = struct{}{}
	return false
}

// Explain decides the request and explains the decision.
func (p *Prepared) Explain(r *Request) (Result, *Explanation) {
	tr := &tracer{exp: &Explanation{gates: map[gateKey]*GateTrace{}}}
	sc := cond.GetScratch()
	policies := p.decidePolicies(r, sc, tr, nil)
	cond.PutScratch(sc)
	res := policies
	if r.rule != ruleNone {
		res = r.applyRule(policies)
	}
	tr.finish(p, r, res)
	if res.Gate == GateNoPermission || res.Gate == GateReserved {
		tr.ruleGate(res, policies)
	}
	return res, tr.exp
}

// ruleGate adds the gate of the service rule that decided, saying what the
// policies alone would have decided.
func (t *tracer) ruleGate(res, policies Result) {
	gt := &GateTrace{Gate: res.Gate.String(), Title: res.Gate.Title(), Applies: true, Note: res.Reason.String()}
	var by string
	if policies.Statement != nil {
		by = " (" + refText(policies.Statement) + ")"
	}
	switch res.Gate {
	case GateNoPermission:
		gt.Outcome = "allow"
		if policies.Decision != Allow {
			t.exp.Summary += "; the policies alone would decide " + policies.Decision.String() + by + ", which does not apply to this action"
		}
	case GateReserved:
		gt.Outcome = "refused"
		t.exp.Summary += "; the policies alone would allow it" + by
	}
	t.exp.Gates = append(t.exp.Gates, gt)
}

func (t *tracer) beginGate(g Gate, level int) {
	gt := &GateTrace{Gate: g.String(), Title: g.Title(), Applies: true}
	if g == GateSCP || g == GateRCP {
		l := level
		gt.Level = &l
	}
	t.exp.Gates = append(t.exp.Gates, gt)
	t.exp.gates[gateKey{g, level}] = gt
	t.cur = gt
}

func (t *tracer) endGate(o gateOutcome) {
	switch {
	case o.deny != nil:
		t.cur.Outcome = "deny"
	case o.allow != nil:
		t.cur.Outcome = "allow"
	default:
		t.cur.Outcome = "no allow"
	}
	t.cur = nil
}

func (t *tracer) policy(cp *compiledPolicy, e *env) {
	r := e.r
	pt := &PolicyTrace{Name: cp.src.Name, File: cp.src.File, ID: cp.src.ID}
	for _, s := range cp.all {
		var why string
		ok, _ := s.matches(e, &why)
		st := statementTrace(&s.ref, ok, why)
		if ok {
			for _, c := range s.conds {
				st.Conditions = append(st.Conditions, c.Explain(r.Context))
			}
		}
		if ok || strings.HasPrefix(why, "condition not met") {
			t.absent(s, r)
			t.derivedConds(s, r)
		}
		if s.matchAction(r) {
			t.derivedResources(s, r)
		}
		pt.Statements = append(pt.Statements, st)
	}
	t.cur.Policies = append(t.cur.Policies, pt)
}

// absent records the condition keys of a statement that applies to the
// action, resource and principal but whose keys the request does not
// carry: the decision depends on them being absent.
func (t *tracer) absent(s *statement, r *Request) {
	add := func(name string) {
		if r.Context.Has(name) || t.seenAbsent(name) {
			return
		}
		t.exp.AbsentKeys = append(t.exp.AbsentKeys, name)
	}
	for _, c := range s.conds {
		add(c.Source.Key)
		for _, v := range c.Source.Values {
			for _, p := range v.Parts {
				if p.Kind == policy.Variable && !p.HasDefault {
					add(p.Name)
				}
			}
		}
	}
}

// derivedConds records the derived keys a statement that applies tests in
// its conditions, as keys or as variables in values.
func (t *tracer) derivedConds(s *statement, r *Request) {
	for _, c := range s.conds {
		t.derived(r, c.Source.Key)
		for _, v := range c.Source.Values {
			t.derivedVars(r, &v)
		}
	}
}

// derivedResources records the derived keys that the Resource or
// NotResource patterns of a statement for the action use as variables:
// whether the statement applies depends on their values.
func (t *tracer) derivedResources(s *statement, r *Request) {
	for i := range s.resources {
		t.derivedVars(r, s.resources[i].tmpl)
	}
}

func (t *tracer) derivedVars(r *Request, tmpl *policy.Template) {
	for _, p := range tmpl.Parts {
		if p.Kind == policy.Variable {
			t.derived(r, p.Name)
		}
	}
}

// derived records key if Sekisho filled it in with an assumed value.
func (t *tracer) derived(r *Request, key string) {
	i := slices.IndexFunc(r.Derived, func(k string) bool { return strings.EqualFold(k, key) })
	if i < 0 || !r.isAssumed(i) || slices.ContainsFunc(t.exp.DerivedKeys, func(d DerivedKey) bool { return d.Key == r.Derived[i] }) {
		return
	}
	t.exp.DerivedKeys = append(t.exp.DerivedKeys, DerivedKey{Key: r.Derived[i], Values: r.Context.Get(key), From: r.derivedFrom(i)})
}

func statementTrace(ref *StatementRef, matched bool, why string) *StatementTrace {
	st := ref.Statement
	tr := &StatementTrace{
		Gate: ref.Gate.String(), Policy: ref.Policy.Name, Index: st.Index, Sid: st.Sid,
		Effect: st.Effect.String(), Matched: matched, Reason: why,
		Line: st.Pos.Line, Column: st.Pos.Col,
	}
	if ref.Gate == GateSCP || ref.Gate == GateRCP {
		l := ref.Level
		tr.Level = &l
	}
	return tr
}

// finish adds the gates that did not apply, the context and the summary.
func (t *tracer) finish(p *Prepared, r *Request, res Result) {
	e := t.exp
	e.Decision = res.Decision.String()
	e.Gate, e.Reason = res.Gate.String(), res.Reason.String()
	if res.Gate == GateSCP || res.Gate == GateRCP {
		l := res.Level
		e.Level = &l
	}
	a := applicability(p, r)
	t.notApplicable(p, r, a)
	if res.Statement != nil {
		e.Deciding = t.find(res.Statement)
	}
	e.Summary = summary(r, res)
	derived := map[string]string{}
	for i, k := range r.Derived {
		derived[strings.ToLower(k)] = r.derivedFrom(i)
	}
	for _, k := range r.Context.Keys() {
		from, ok := derived[k]
		e.Context = append(e.Context, ContextEntry{Key: r.Context.Name(k), Values: r.Context.Lookup(k), Derived: ok, From: from})
	}
	sort.Slice(e.DerivedKeys, func(i, j int) bool {
		return strings.ToLower(e.DerivedKeys[i].Key) < strings.ToLower(e.DerivedKeys[j].Key)
	})
	sort.Slice(e.Context, func(i, j int) bool { return strings.ToLower(e.Context[i].Key) < strings.ToLower(e.Context[j].Key) })
	e.Warnings = append(e.Warnings, conditionWarnings(e)...)
	sort.Strings(e.AbsentKeys)
	if w := accountWarning(r); w != "" {
		e.Warnings = append(e.Warnings, w)
	}
}

// accountWarning notes a resource ARN that names another account than the
// request's resource account: the case-file contract defaults the resource
// account to the principal's, which may not be what the case means.
func accountWarning(r *Request) string {
	a, err := arn.Parse(r.Resource)
	if err != nil || !arn.IsAccountID(a.AccountID) || a.AccountID == r.ResourceAccount {
		return ""
	}
	return fmt.Sprintf("the resource ARN names account %s but the request's resource account is %s (resourceAccount defaults to the principal's account): set resourceAccount if the resource is in %s", a.AccountID, r.ResourceAccount, a.AccountID)
}

func (t *tracer) notApplicable(p *Prepared, r *Request, a gates) {
	add := func(g Gate, present, applies bool, note string) {
		if !present || applies {
			return
		}
		t.exp.Gates = append(t.exp.Gates, &GateTrace{Gate: g.String(), Title: g.Title(), Outcome: "not applicable", Note: note})
	}
	kind := r.Principal.Kind.String()
	add(GateSCP, len(p.scp) > 0, a.scp, "SCPs do not apply to a "+kind)
	add(GateRCP, len(p.rcp) > 0, a.rcp, "RCPs do not apply to "+r.service+" resources (not a service that supports RCPs) or to service-linked roles")
	add(GateBoundary, p.boundary.present, a.boundary, "permissions boundaries do not apply to a "+kind)
	add(GateSession, p.session.present, a.session, "session policies apply only to role and federated user sessions")
	add(GateIdentity, p.identity.present, a.identity, "identity-based policies do not apply to a "+kind)
}

// summary says in one sentence what decided.
func summary(r *Request, res Result) string {
	who := principalText(r)
	switch {
	case res.Decision == ExplicitDeny:
		return fmt.Sprintf("ExplicitDeny: %s denies %s on %s", refText(res.Statement), r.Action, r.Resource)
	case res.Decision == Allow && res.Statement != nil:
		return fmt.Sprintf("Allow: %s allows %s to %s on %s", refText(res.Statement), who, r.Action, r.Resource)
	case res.Decision == Allow:
		return "Allow: " + res.Reason.String()
	case res.Gate == GateReserved:
		return fmt.Sprintf("ImplicitDeny: %s on %s: %s", r.Action, r.Resource, res.Reason.String())
	case res.Gate == GateSCP || res.Gate == GateRCP:
		return fmt.Sprintf("ImplicitDeny: %s level %d has no statement that allows %s on %s", res.Gate.Title(), res.Level, r.Action, r.Resource)
	}
	return "ImplicitDeny: " + res.Reason.String()
}

// refText names a statement: its Sid or index, its policy, and its gate.
func refText(ref *StatementRef) string {
	st := ref.Statement
	where := ref.Gate.Title()
	if ref.Gate == GateSCP || ref.Gate == GateRCP {
		where = fmt.Sprintf("%s level %d", where, ref.Level)
	}
	s := fmt.Sprintf("statement %s of %s policy %q", st.Label(), where, ref.Policy.Name)
	if st.Sid != "" {
		s = fmt.Sprintf("statement %q (#%d) of %s policy %q", st.Sid, st.Index, where, ref.Policy.Name)
	}
	if st.Pos.Line > 0 {
		s += fmt.Sprintf(" (line %d)", st.Pos.Line)
	}
	return s
}

// conditionWarnings lifts the warnings found in statement reasons.
func conditionWarnings(e *Explanation) []string {
	var out []string
	seen := map[string]bool{}
	for _, g := range e.Gates {
		for _, p := range g.Policies {
			for _, s := range p.Statements {
				for _, text := range append([]string{s.Reason}, s.Conditions...) {
					for _, w := range warningsIn(text) {
						if !seen[w] {
							seen[w] = true
							out = append(out, w)
						}
					}
				}
			}
		}
	}
	return out
}

// warningsIn returns the "(warning: ...)" notes of a condition's text.
func warningsIn(text string) []string {
	var out []string
	for {
		i := strings.Index(text, "warning: ")
		if i < 0 {
			return out
		}
		text = text[i+len("warning: "):]
		w, rest, _ := strings.Cut(text, ")")
		out = append(out, w)
		text = rest
	}
}

// find returns the trace of a statement already traced.
func (t *tracer) find(ref *StatementRef) *StatementTrace {
	for _, g := range t.exp.Gates {
		for _, p := range g.Policies {
			for _, s := range p.Statements {
				if s.Policy == ref.Policy.Name && s.Index == ref.Statement.Index && s.Gate == ref.Gate.String() &&
					(s.Level == nil || *s.Level == ref.Level) {
					return s
				}
			}
		}
	}
	return statementTrace(ref, true, "")
}

// AbsentKeys returns, without tracing, the condition keys (and policy
// variables) of the statements that apply to the request's action,
// resource and principal which the request does not carry: the decision
// assumed them absent. It is what Explain reports in AbsentKeys, at a
// fraction of the cost, for analyses that decide many requests.
func (p *Prepared) AbsentKeys(r *Request) []string {
	t := p.visitApplying(r, (*tracer).absent)
	sort.Strings(t.exp.AbsentKeys)
	return t.exp.AbsentKeys
}

// DerivedKeys returns, without tracing, the keys Sekisho filled in that
// the statements applying to the request's action, resource and principal
// test (as Explain reports in DerivedKeys), for analyses that decide many
// requests and report what their answers rest on.
func (p *Prepared) DerivedKeys(r *Request) []DerivedKey {
	if len(r.Derived) == 0 {
		return nil
	}
	t := p.visitApplying(r, (*tracer).derivedConds)
	p.eachStatement(func(s *statement) {
		if s.matchAction(r) {
			t.derivedResources(s, r)
		}
	})
	sort.Slice(t.exp.DerivedKeys, func(i, j int) bool {
		return strings.ToLower(t.exp.DerivedKeys[i].Key) < strings.ToLower(t.exp.DerivedKeys[j].Key)
	})
	return t.exp.DerivedKeys
}

// visitApplying calls f for every statement that applies to the request's
// action, resource and principal, whatever its conditions say.
func (p *Prepared) visitApplying(r *Request, f func(*tracer, *statement, *Request)) *tracer {
	sc := cond.GetScratch()
	defer cond.PutScratch(sc)
	t := &tracer{exp: &Explanation{}}
	e := &env{r: r, sc: sc}
	p.eachStatement(func(s *statement) {
		if s.matchAction(r) && s.matchResource(r, sc) && (s.principal == nil || s.matchPrincipal(r, e.bounded) != pmNone) {
			f(t, s, r)
		}
	})
	return t
}

// eachStatement calls f for every compiled statement of every gate.
func (p *Prepared) eachStatement(f func(*statement)) {
	visit := func(gp *gatePolicies) {
		for _, cp := range gp.policies {
			for _, s := range cp.all {
				f(s)
			}
		}
	}
	for _, gp := range []*gatePolicies{&p.identity, &p.boundary, &p.session, &p.resource, &p.endpoint} {
		visit(gp)
	}
	for i := range p.scp {
		visit(&p.scp[i])
	}
	for i := range p.rcp {
		visit(&p.rcp[i])
	}
}
